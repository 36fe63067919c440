import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChoiceResult } from '../../shared/api/question-results.ts';
import { CHANNEL_LABELS } from '../../shared/results/labels.ts';
import { formatCell } from '../../shared/results/suppress.ts';
import { percent, percentBase } from '../../shared/results/summary.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';
import { FOREIGN_FILTERS, withOtherProcessStadtteil } from '../helpers/respondent-filters.ts';
import { pdfText } from '../helpers/exports.ts';

const run = promisify(execFile);
/** Text without its spaces: pdftotext drops or widens the no-break spaces of „< 5“ and „44 %“. */
const squash = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, '');

/** A sheet's rows as cell values, the header first. */
const rowsOf = (workbook: ExcelJS.Workbook, name: string) => workbook.getWorksheet(name)!.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1));

/**
 * The downloads follow the results page's „Befragte eingrenzen“: Stadtteil, language and a
 * demographic band narrow the contributions and every figure as they narrow the page's quotes and
 * figures, the files say so in words, small cells stay withheld, and a value the process does not
 * have is a 400, never a 500.
 */
describe('an export narrowed by Stadtteil, language or a demographic band', () => {
  let t: TestApp;
  let group: Agent;
  let yearsLabel: string;
  let twoToFive: string;
  beforeAll(async () => {
    t = await buildTestApp();
    // Eight questionnaires in Turkish from Bensberg, in Germany for 2–5 years; step 3 of the scale only twice (withheld).
    for (let i = 0; i < 8; i += 1) {
      buildResponse(t.db, { language: 'tr', stadtteil: 'bensberg', answers: { 'work-situation': i < 6 ? 2 : 3, 'years-in-germany': '2-5', 'work-idea': `Türkischer Vorschlag ${i}` } });
    }
    // Ten in German from Refrath, for more than 10 years.
    for (let i = 0; i < 10; i += 1) buildResponse(t.db, { stadtteil: 'refrath', answers: { 'work-situation': 4, 'years-in-germany': 'over-10', 'work-idea': `Deutscher Vorschlag ${i}` } });
    // Five each in Turkish and German from Gronau who left out the years in Germany: its answers and who left it out are both published.
    for (const language of ['tr', 'de'] as const) for (let i = 0; i < 5; i += 1) buildResponse(t.db, { language });
    // Six stall notes from Bensberg: no language of a questionnaire, no personal detail.
    for (let i = 0; i < 6; i += 1) buildContribution(t.db, { text: `Marktstand ${i}`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
    const survey = (await group.inject({ method: 'GET', url: `/api/processes/${t.slug}/survey` })).json() as { sections: Array<{ questions: Array<{ key: string; title: { de: string }; options?: Array<{ key: string; label: { de: string } }> }> }> };
    const years = survey.sections.flatMap((section) => section.questions).find((question) => question.key === 'years-in-germany')!;
    yearsLabel = years.title.de;
    twoToFive = years.options!.find((option) => option.key === '2-5')!.label.de;
  }, 120_000);
  afterAll(async () => t?.close());

  const download = (format: string, query: string) => group.inject({ method: 'GET', url: `/api/processes/${t.slug}/exports/${format}${query}` });
  const workbookOf = async (query: string) => {
    const response = await download('xlsx', query);
    expect(response.statusCode, response.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    return { workbook, filename: String(response.headers['content-disposition']) };
  };
  /** The figure of a question's value in the sheet „Fragen“: its count (empty when withheld) and the reason beside it. */
  const figure = (workbook: ExcelJS.Workbook, question: string, value: string) => {
    const row = rowsOf(workbook, 'Fragen').find((cells) => cells[0] === question && (cells[3] === value || String(cells[3]).startsWith(`${value} („`)));
    expect(row, `${question} ${value}`).toBeDefined();
    return { count: row![4] ?? null, reason: row![5] ?? null };
  };
  const contributionTexts = (workbook: ExcelJS.Workbook) => {
    const [header, ...rows] = rowsOf(workbook, 'Beiträge');
    const text = (header as unknown[]).indexOf('Beitrag');
    return rows.map((cells) => String(cells[text]));
  };
  const narrowedNotes = (workbook: ExcelJS.Workbook) => {
    const notes = Array.from(workbook.getWorksheet('Hinweise')!.getColumn(1).values, (value) => String(value ?? ''));
    const at = notes.findIndex((line) => line.startsWith('Eingegrenzt'));
    if (at < 0) return [];
    const after = notes.slice(at + 1);
    const end = after.findIndex((line) => !line.startsWith('  '));
    return after.slice(0, end < 0 ? undefined : end).map((line) => line.trim());
  };

  it('the whole city without a filter: every contribution and questionnaire', async () => {
    const { workbook, filename } = await workbookOf('');
    expect(contributionTexts(workbook)).toHaveLength(8 + 10 + 6);
    expect(figure(workbook, 'work-situation', 'gefragt').count).toBe(28);
    expect(narrowedNotes(workbook)).toEqual([]);
    expect(filename).toMatch(/-arbeit-\d{4}-\d{2}-\d{2}\.xlsx"/);
  });

  it('„Sprache: Türkisch“ keeps the Turkish voices only, says so in words and in the name, and still withholds the small step', async () => {
    const { workbook, filename } = await workbookOf('?language=tr');
    expect(filename).toMatch(/-arbeit-tr-\d{4}-\d{2}-\d{2}\.xlsx"/);
    expect(narrowedNotes(workbook)).toEqual(['Sprache: Türkisch']);
    const texts = contributionTexts(workbook);
    expect(texts).toHaveLength(8);
    expect(texts.every((text) => text.startsWith('Türkischer Vorschlag'))).toBe(true);
    expect(figure(workbook, 'work-situation', 'gefragt').count).toBe(13);
    // Two chose step 3: withheld in the narrowed file, and step 2 beside it (6 of 8 would tell the 2), as on the page.
    const page = (await group.inject({ method: 'GET', url: `/api/processes/${t.slug}/results/questions?question=work-situation&language=tr` })).json().questions[0];
    expect(page.steps.find((step: { value: number }) => step.value === 3).count.suppressed).toBe(true);
    for (const step of page.steps as Array<{ value: number; count: { count: number | null } }>) {
      const cell = figure(workbook, 'work-situation', `Stufe ${step.value}`);
      expect(cell.count, `Stufe ${step.value}`).toBe(step.count.count ?? null);
    }
    expect(figure(workbook, 'work-situation', 'Stufe 3')).toEqual({ count: null, reason: expect.any(String) });
    // The counts by channel: the eight online questionnaires, no stall note.
    const byChannel = rowsOf(workbook, 'Anzahlen nach Kanal');
    const online = byChannel.find((cells) => cells[0] === CHANNEL_LABELS.online)!;
    expect(online[1]).toBe(8);
    const stall = byChannel.find((cells) => cells[0] === CHANNEL_LABELS.stall)!;
    expect(stall[1] ?? null).toBeNull();
  });

  it('a demographic band keeps its respondents and names the question and option in German words', async () => {
    const { workbook, filename } = await workbookOf('?band=years-in-germany:2-5');
    expect(filename).toMatch(/-arbeit-years-in-germany-2-5-\d{4}-\d{2}-\d{2}\.xlsx"/);
    expect(narrowedNotes(workbook)).toEqual([`Angabe der Befragten „${yearsLabel}“: ${twoToFive}`]);
    expect(contributionTexts(workbook).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `Türkischer Vorschlag ${i}`));
    expect(figure(workbook, 'work-situation', 'gefragt').count).toBe(8);
    expect(figure(workbook, 'work-situation', 'Stufe 3').count).toBeNull();
    // The dot votes have no personal detail: none, and the table says why.
    expect(rowsOf(workbook, 'Klebepunkte')).toHaveLength(1);
  });

  it('a Stadtteil keeps its voices, and the PDF and README name it with the other filters', async () => {
    const { workbook } = await workbookOf('?stadtteil=refrath');
    expect(narrowedNotes(workbook)).toEqual(['Stadtteil: Refrath']);
    expect(contributionTexts(workbook)).toHaveLength(10);
    expect(figure(workbook, 'work-situation', 'gefragt').count).toBe(10);
    expect(figure(workbook, 'work-situation', 'Stufe 4').count).toBe(10);

    const query = '?stadtteil=bensberg&language=tr';
    const said = ['Stadtteil: Bensberg', 'Sprache: Türkisch'];
    const pdfResponse = await download('pdf', query);
    expect(pdfResponse.statusCode, pdfResponse.body).toBe(200);
    const pdf = (await pdfText(pdfResponse.rawPayload)).replace(/\s+/g, ' ');
    expect(pdf).toContain(`nicht aus der ganzen Stadt: ${said.join(' ')}`);
    const zip = await download('zip', query);
    expect(zip.headers['content-disposition']).toMatch(/-arbeit-bensberg-tr-\d{4}-\d{2}-\d{2}\.zip"/);
    const readme = Buffer.from(unzipSync(new Uint8Array(zip.rawPayload))['README.txt']!).toString('utf8');
    expect(readme.split('\r\n')).toEqual(expect.arrayContaining(said.map((line) => `  ${line}`)));
    const csv = (await download('csv', query)).body;
    expect(csv.match(/Türkischer Vorschlag/g)).toHaveLength(8);
    expect(csv).not.toContain('Marktstand 0');
  });

  it('the PDF gives each published answer its share as the page does („8 · 44 %“), none beside a withheld one, in a narrowed file too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mitreden-pdf-shares-'));
    try {
      for (const [name, query] of [
        ['whole', ''],
        ['turkish', '?language=tr'],
      ] as const) {
        const response = await download('pdf', query);
        expect(response.statusCode, response.body).toBe(200);
        const file = join(dir, `${name}.pdf`);
        writeFileSync(file, response.rawPayload);
        // It renders: a page image per page.
        await run('pdftoppm', ['-png', '-r', '30', '-f', '1', '-l', '3', file, join(dir, name)]);
        expect(readdirSync(dir).filter((entry) => entry.startsWith(name) && entry.endsWith('.png')).length).toBeGreaterThan(0);
        const { stdout } = await run('pdftotext', ['-layout', file, '-']);
        const lines = stdout.split('\n').map((line) => line.trim().replace(/[ \t]+/g, ' '));
        const page = (await group.inject({ method: 'GET', url: `/api/processes/${t.slug}/results/questions?question=years-in-germany${query ? `&${query.slice(1)}` : ''}` })).json().questions[0] as ChoiceResult;
        const base = percentBase(page);
        expect(base, name).toBe(name === 'whole' ? 18 : 8);
        let shares = 0;
        for (const option of page.options) {
          const line = lines.find((candidate) => candidate.startsWith(`${option.label} `));
          expect(line, `${name}: ${option.label}`).toBeDefined();
          if (option.count.suppressed) {
            // Withheld: its text and no share.
            expect(squash(line!), `${name}: ${option.label}`).toBe(squash(`${option.label} ${formatCell(option.count, 5)}`));
          } else {
            shares += 1;
            expect(squash(line!), `${name}: ${option.label}`).toBe(squash(`${option.label} ${option.count.count} · ${percent(option.count.count / base!)}`));
          }
        }
        expect(shares, name).toBeGreaterThan(0);
      }
      // As the page rounds: 8 of 18 is 44 %, 10 of 18 is 56 %.
      expect(percent(8 / 18)).toBe('44\u00a0%');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npm run export --band/--stadtteil writes what the narrowed download gives, and --language as well', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mitreden-cli-filters-'));
    try {
      const user = (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username;
      const out = join(dir, 'tr.csv');
      const root = join(import.meta.dirname, '..', '..');
      for (const [args, query] of [
        [['--band', 'years-in-germany:2-5', '--stadtteil', 'bensberg'], '?band=years-in-germany:2-5&stadtteil=bensberg'],
        [['--language', 'tr'], '?language=tr'],
      ] as const) {
        await run('npx', ['tsx', 'scripts/export.ts', '--process', t.slug, '--user', user, ...args, '--format', 'csv', '--out', out], { cwd: root, env: { ...process.env, DATABASE_PATH: t.databasePath } });
        const web = (await download('csv', query)).rawPayload;
        const file = readFileSync(out);
        expect(file.toString('utf8').match(/Türkischer Vorschlag/g), query).toHaveLength(8);
        expect(file.toString('utf8'), query).not.toContain('Marktstand');
        expect(file.equals(web), query).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses, in the error shape, a value the page cannot have: an unknown language, a malformed or unknown band, a Stadtteil of another process', async () => {
    const other = withOtherProcessStadtteil(t.db);
    for (const [filter, code] of FOREIGN_FILTERS) {
      const query = `?${filter}`;
      for (const format of ['xlsx', 'pdf']) {
        const response = await download(format, query);
        expect(response.statusCode, `${format}${query}`).toBe(400);
        expect(response.json().error, `${format}${query}`).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        if (code !== 'validation_failed') expect(response.json().error.code, query).toBe(code);
      }
    }
    // The other process has the Stadtteil: there it narrows.
    expect((await group.inject({ method: 'GET', url: `/api/processes/${other}/exports/xlsx?stadtteil=nur-dort` })).statusCode).not.toBe(500);
  });

  it('refuses (422) a band that leaves fewer than the threshold, before the first byte', async () => {
    const response = await download('xlsx', '?band=years-in-germany:under-2');
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'too_few_respondents' });
  });
});
