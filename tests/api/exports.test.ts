import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { DEFAULT_SURVEY } from '../../db/seed/default-survey.ts';
import type { RankingResult } from '../../shared/api/question-results.ts';
import { formatCell } from '../../shared/results/suppress.ts';
import { byPoints } from '../../shared/results/summary.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByUsername } from '../../server/features/auth/auth.repo.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { exportTables } from '../../server/features/results/results.export-data.ts';
import { refuseWithheldFilters } from '../../server/features/results/results.service.ts';
import { localDay } from '../../server/time.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildDotVoteItem, buildMarketDayItem } from '../factories/stall.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';
import { pdfText } from '../helpers/exports.ts';
import { statementsPrepared } from '../helpers/statements.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const FORMATS = ['csv', 'xlsx', 'pdf', 'zip'] as const;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Parses a CSV as the files say they are written (UTF-8 with BOM, `;`, CRLF) and writes it again: the bytes must come back unchanged. */
function roundTrip(data: Buffer): string[][] {
  const rows = parse(data, { bom: true, delimiter: ';', record_delimiter: '\r\n', relax_column_count: false }) as string[][];
  const again = stringify(rows, { bom: true, delimiter: ';', record_delimiter: 'windows' });
  expect(again).toBe(data.toString('utf8'));
  return rows;
}

interface AuditRow {
  user_id: number | null;
  details: string;
}

/**
 * The export files as analysts open them: the workbook in exceljs with numbers as numbers, every
 * CSV through a standard parser, the PDF through poppler's renderer; and the audit log that
 * holds one row per export with the file's hash, for downloads and for `npm run export`.
 */
describe('exports made for analysis', () => {
  let t: TestApp;
  let admin: Agent;
  let group: Agent;
  let groupName: string;
  let adminName: string;
  const url = (path: string) => `/api/processes/${t.slug}/${path}`;
  const audits = () => (t.db.$client.prepare("select user_id, details from audit_log where action = 'export' order by id").all() as AuditRow[]).map((row) => ({ userId: row.user_id, ...JSON.parse(row.details) }));

  beforeAll(async () => {
    t = await buildTestApp();
    adminName = (await buildUser(t.db, { role: 'admin' })).username;
    admin = await signIn(t.app, adminName, TEST_PASSWORD);
    const groupUser = await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] });
    groupName = groupUser.username;
    group = await signIn(t.app, groupName, TEST_PASSWORD);
    const staff = await signIn(t.app, (await buildUser(t.db, { role: 'staff' })).username, TEST_PASSWORD);
    // Many voices from Bensberg, two from Moitzfeld (withheld), some online; a text with a semicolon, quotes and a line break.
    for (let i = 0; i < 12; i += 1) buildContribution(t.db, { text: `Idee ${i}; „mit Zitat“ und "Anführung"\nzweite Zeile`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    for (let i = 0; i < 2; i += 1) buildContribution(t.db, { text: `Moitzfeld ${i}`, kind: 'concern', fieldsOfAction: ['arbeit'], stadtteil: 'moitzfeld' });
    for (let i = 0; i < 6; i += 1) buildContribution(t.db, { text: `Online ${i}`, channel: 'online', fieldsOfAction: ['arbeit', 'bildung'], stadtteil: 'bensberg' });
    for (let i = 0; i < 7; i += 1) buildResponse(t.db, { answers: { 'work-situation': 1 + (i % 5), 'work-support': ['recognition', 'childcare'].slice(0, 1 + (i % 2)), priorities: ['bildung', 'arbeit'] } });
    const marketDay = buildMarketDayItem();
    const votes = Array.from({ length: 9 }, () => buildDotVoteItem(marketDay.id));
    expect((await staff.inject({ method: 'POST', url: '/api/stall/sync', payload: { items: [marketDay, ...votes] } })).statusCode).toBe(200);
  }, 120_000);
  afterAll(async () => t?.close());

  it('checks a place filter against the counts it could give away once per export, not once per question table', async () => {
    const process = findProcessBySlug(t.db, t.slug)!;
    const user = findUserByUsername(t.db, adminName)!;
    // The district of the seven questionnaires (Gronau).
    const district = t.db.$client.prepare("select d.key from districts d join stadtteile s on s.district_id = d.id where s.key = 'gronau'").pluck().get() as string;
    // What the check counts: the voices by place without the filter.
    const counting = (await statementsPrepared(t.db.$client, () => refuseWithheldFilters(t.db, process, user, { district }))).filter((source) => /\bcount\(/i.test(source));
    expect(counting.length).toBeGreaterThan(0);
    let tables: ReturnType<typeof exportTables> | undefined;
    const exported = await statementsPrepared(t.db.$client, () => (tables = exportTables(t.db, { process, user, filter: { district } })));
    // The export has a table of each closed question by district, each under the same filter.
    const byDistrict = tables!.tables.find((table) => table.name === 'fragen-nach-stadtbezirk')!;
    expect(new Set(byDistrict.rows.map((row) => row[0])).size).toBeGreaterThan(5);
    for (const source of counting) expect(exported.filter((statement) => statement === source)).toHaveLength(1);
  });

  it('the workbook opens in exceljs: a sheet per table with a filter, counts as numbers, a withheld count empty with its reason beside it', async () => {
    const response = await group.inject({ method: 'GET', url: url('exports/xlsx') });
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Beiträge', 'Anzahlen nach Stadtbezirk', 'Anzahlen nach Kanal', 'Handlungsfeld × Stadtbezirk', 'Fragen', 'Fragen nach Stadtbezirk', 'Klebepunkte', 'Hinweise']);
    for (const sheet of workbook.worksheets.filter((s) => s.name !== 'Hinweise')) expect(sheet.autoFilter, sheet.name).toBeTruthy();
    expect(workbook.getWorksheet('Beiträge')!.rowCount).toBe(1 + 20);
    // Every contribution has an "Art" in words: the one the staff chose, or why it has none.
    const kinds: string[] = [];
    workbook.getWorksheet('Beiträge')!.eachRow((row, number) => {
      if (number > 1) kinds.push(`${String(row.getCell(4).value)}: ${String(row.getCell(3).value)}`);
    });
    expect([...new Set(kinds)].sort()).toEqual(['Marktstand: Anliegen', 'Marktstand: ohne Art (nicht zugeordnet)', 'Online-Befragung: ohne Art (Fragebogen)']);
    const notes: string[] = [];
    workbook.getWorksheet('Hinweise')!.eachRow((row) => notes.push(String(row.getCell(1).value)));
    expect(notes.join('\n')).toContain('„ohne Art (Fragebogen)“ bei Freitext aus einem Online- oder Papierfragebogen');
    // The notes speak of the workbook's sheets, each by the name on its tab, not of the ZIP's CSV files.
    expect(notes.join('\n')).not.toMatch(/CSV|\.csv\b/);
    expect(notes.slice(0, notes.indexOf('Blatt „Beiträge“')).filter((line) => line.startsWith('Jedes Blatt dieser Arbeitsmappe '))).toHaveLength(1);
    for (const sheet of workbook.worksheets.filter((s) => s.name !== 'Hinweise')) expect(notes, sheet.name).toContain(`Blatt „${sheet.name}“`);

    const districts = workbook.getWorksheet('Anzahlen nach Stadtbezirk')!;
    const header = (districts.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['Stadtbezirk', 'Beiträge', 'Beiträge – nicht genannt, weil', 'Fragebögen', 'Fragebögen – nicht genannt, weil']);
    const countColumns = [2, 4];
    let numbers = 0;
    let withheld = 0;
    districts.eachRow((row, number) => {
      if (number === 1) return;
      for (const column of countColumns) {
        const cell = row.getCell(column);
        // A count cell is a number or empty, never text such as "< 5".
        if (cell.value === null || cell.value === undefined) {
          withheld += 1;
          expect(['weniger als die Schwelle', 'aus Summen errechenbar']).toContain(row.getCell(column + 1).value);
        } else {
          expect(cell.type, `${row.getCell(1).value}`).toBe(ExcelJS.ValueType.Number);
          expect(row.getCell(column + 1).value ?? null).toBeNull();
          numbers += 1;
        }
      }
    });
    expect(numbers).toBeGreaterThan(0);
    expect(withheld).toBeGreaterThan(0);
    // Bensberg and Moitzfeld both lie in Bezirk 5: all 20 contributions.
    const row = (sheet: ExcelJS.Worksheet, label: string) => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((candidate) => {
        if (candidate.getCell(1).value === label) found = candidate;
      });
      return found!;
    };
    const bensberg = row(districts, 'Bezirk 5');
    expect(bensberg.getCell(2).value).toBe(20);
    const dots = workbook.getWorksheet('Klebepunkte')!;
    let dotTotal: unknown = null;
    dots.eachRow((candidate) => {
      if (candidate.getCell(5).value === 'Gesamt') dotTotal = candidate.getCell(6).value;
    });
    expect(dotTotal).toBe(9);
    // A market day is a date cell, shown as German readers write it, not text.
    const day = dots.getRow(2).getCell(1);
    expect(day.value).toBeInstanceOf(Date);
    expect(day.numFmt).toBe('dd.mm.yyyy');
    // The questions' figures: 7 respondents were shown the work-situation scale and all answered; a count is 7 or withheld with its reason.
    const questions = workbook.getWorksheet('Fragen')!;
    const figures: Array<[unknown, unknown]> = [];
    questions.eachRow((candidate) => {
      if (candidate.getCell(1).value === 'work-situation' && ['gefragt', 'beantwortet'].includes(String(candidate.getCell(4).value))) figures.push([candidate.getCell(5).value, candidate.getCell(6).value]);
    });
    expect(figures).toHaveLength(2);
    // Each row names its question and field in words, the key beside them for matching across versions.
    expect(questions.getRow(1).values).toEqual([undefined, 'Schlüssel', 'Frage', 'Handlungsfeld', 'Wert', 'Anzahl', expect.anything(), 'Anteil']);
    let workRow: unknown[] = [];
    questions.eachRow((candidate) => {
      if (candidate.getCell(1).value === 'work-situation') workRow = [candidate.getCell(2).value, candidate.getCell(3).value];
    });
    expect(workRow).toEqual([expect.stringContaining('Arbeit'), 'Arbeit & Beschäftigung']);
    // A scale's ends say which way it runs, as the survey named them.
    const steps: string[] = [];
    questions.eachRow((candidate) => {
      if (candidate.getCell(1).value === 'work-situation' && String(candidate.getCell(4).value).startsWith('Stufe')) steps.push(String(candidate.getCell(4).value));
    });
    const question = DEFAULT_SURVEY.sections.flatMap((section) => section.questions).find((q) => q.key === 'work-situation')!;
    if (question.type !== 'scale') throw new Error('work-situation is a scale');
    expect(steps[0]).toBe(`Stufe ${question.scale.min} („${question.scale.minLabel.de}“)`);
    expect(steps.at(-1)).toBe(`Stufe ${question.scale.max} („${question.scale.maxLabel.de}“)`);
    expect(steps.slice(1, -1).every((step) => /^Stufe \d+$/.test(step))).toBe(true);
    // The scale's answers split as on the page: those who chose a step beside "keine Angabe". Nobody chose "keine Angabe" (0, under 5),
    // so that count is withheld, and so is the count of those who chose a step, which would give it away.
    const split = new Map<string, unknown[]>();
    questions.eachRow((candidate) => {
      if (candidate.getCell(1).value === 'work-situation') split.set(String(candidate.getCell(4).value), [candidate.getCell(5).value ?? null, candidate.getCell(6).value ?? null]);
    });
    expect([...split.keys()].slice(0, 4)).toEqual(['gefragt', 'beantwortet', 'ausgelassen', 'beantwortet mit einer Stufe']);
    expect(split.get('keine Angabe')).toEqual([null, 'weniger als die Schwelle']);
    expect(split.get('beantwortet mit einer Stufe')).toEqual([null, 'aus Summen errechenbar']);
    for (const [count, reason] of figures) expect(count === 7 ? reason : count, String(reason)).toBe(count === 7 ? null : null);
    for (const [count, reason] of figures) if (count !== 7) expect(['weniger als die Schwelle', 'aus Summen errechenbar']).toContain(reason);
  });

  it('each sheet shows its text whole: a table column as wide as its longest text, up to 60 characters, longer text wrapped in a row tall enough for its lines', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await group.inject({ method: 'GET', url: url('exports/xlsx') })).rawPayload as unknown as ArrayBuffer);
    const tables = workbook.worksheets.filter((sheet) => !['Beiträge', 'Hinweise'].includes(sheet.name));
    expect(tables.map((sheet) => sheet.name)).toContain('Fragen');
    let wrapped = 0;
    for (const sheet of tables) {
      for (let c = 1; c <= sheet.columnCount; c += 1) {
        const texts: string[] = [];
        // A date cell shows as its format does (dd.mm.yyyy), ten characters.
        const shown = (value: unknown) => (value instanceof Date ? '00.00.0000' : String(value));
        sheet.getColumn(c).eachCell({ includeEmpty: false }, (cell) => texts.push(shown(cell.value)));
        const longest = Math.max(...texts.map((text) => text.length));
        const width = sheet.getColumn(c).width!;
        // Every cell top-aligned: beside a question over two lines, a count at the bottom and its label at the top read as two rows in LibreOffice.
        sheet.getColumn(c).eachCell({ includeEmpty: false }, (cell) => expect(cell.alignment?.vertical, `${sheet.name} ${cell.address}`).toBe('top'));
        // The question "Wie gut sind in Bergisch Gladbach die Chancen, …" once stood in 12 characters, cut off by the field beside it.
        expect(width, `${sheet.name}: ${texts[0]}`).toBeGreaterThanOrEqual(Math.min(longest, 60));
        if (longest > width) {
          wrapped += 1;
          sheet.getColumn(c).eachCell({ includeEmpty: false }, (cell) => {
            expect(cell.alignment?.wrapText, `${sheet.name}: ${texts[0]}`).toBe(true);
            // Neither Excel nor LibreOffice grows a row when it opens the file: the row says how tall its wrapped lines are.
            if (shown(cell.value).length > width) expect(sheet.getRow(Number(cell.row)).height, `${sheet.name} ${cell.address}`).toBeGreaterThanOrEqual(30);
          });
        }
      }
    }
    // The questions' texts are longer than 60 characters: they wrap.
    expect(wrapped).toBeGreaterThan(0);
    // A contribution of two lines stands in a row two lines tall, not over the next one.
    const contributions = workbook.getWorksheet('Beiträge')!;
    contributions.eachRow((row, number) => {
      if (number > 1 && String(row.getCell(7).value).includes('\n')) expect(row.height, String(row.getCell(7).value)).toBeGreaterThanOrEqual(30);
    });
  });

  it('every sheet prints sideways on the width of one page, the contributions and the notes too, so a quote and its number stand on one page', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await group.inject({ method: 'GET', url: url('exports/xlsx') })).rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(expect.arrayContaining(['Beiträge', 'Hinweise']));
    for (const sheet of workbook.worksheets) {
      // LibreOffice printed „Beiträge“ upright on 20 pages, its columns four pages side by side, „Zitat-Nr.“ apart from „Beitrag“.
      expect(sheet.pageSetup, sheet.name).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    }
    // The notes wrap in their column, each row as tall as its lines, instead of running off the page.
    const notes = workbook.getWorksheet('Hinweise')!;
    const width = notes.getColumn(1).width!;
    expect(width).toBeLessThanOrEqual(120);
    let long = 0;
    notes.eachRow((row) => {
      const text = String(row.getCell(1).value ?? '');
      expect(row.getCell(1).alignment?.wrapText, text).toBe(true);
      if (text.length > width) {
        long += 1;
        expect(row.height, text).toBeGreaterThanOrEqual(15 * Math.ceil(text.length / width));
      }
    });
    expect(long).toBeGreaterThan(0);
    // Each row a whole paragraph: none ends on a comma or semicolon and goes on in the next row
    // (LibreOffice showed „… die Spalte daneben sagt,“, a gap, then „warum: …“).
    const lines: string[] = [];
    notes.eachRow((row) => lines.push(String(row.getCell(1).value ?? '').trim()));
    expect(lines.filter((line) => /[,;]$/.test(line) || /^\p{Ll}/u.test(line))).toEqual([]);
    expect(lines).toContain(`Jede Zahl unter 5 (auch 0) wird nicht genannt; ebenso jede Zahl, aus der sich zusammen mit einer Summe eine so kleine Zahl errechnen ließe. Eine solche Zelle ist leer; die Spalte daneben („… – nicht genannt, weil“) sagt, warum: „weniger als die Schwelle“ oder „aus Summen errechenbar“. Eine Zählspalte enthält nie Text. Ergeben die genannten Zahlen schon die ganze Summe, sind die nicht genannten daneben 0; eine kleine Zahl über 0 lässt sich nicht errechnen.`);
  });

  it('„Fragen nach Stadtbezirk“ names each value as „Fragen“ does, and its sum over the districts is the count „Fragen“ gives, withheld alike', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await admin.inject({ method: 'GET', url: url('exports/xlsx') })).rawPayload as unknown as ArrayBuffer);
    const rows = (name: string) => {
      const found: unknown[][] = [];
      workbook.getWorksheet(name)!.eachRow((row, number) => {
        if (number > 1) found.push((row.values as unknown[]).slice(1).map((value) => value ?? null));
      });
      return found;
    };
    // Key and value → the count, or why it is withheld.
    const questions = new Map(rows('Fragen').map(([key, , , value, count, reason]) => [`${String(key)} | ${String(value)}`, count ?? reason]));
    const totals = rows('Fragen nach Stadtbezirk').filter((row) => row[3] === 'Gesamt' && row[2] !== 'Gesamt');
    expect(totals.map((row) => String(row[2]))).toEqual(expect.arrayContaining(['Stufe 1 („gar nicht gut“)', 'Stufe 5 („sehr gut“)', 'Bildung: auf Platz 1']));
    for (const [key, , value, , count, reason] of totals) expect(questions.get(`${String(key)} | ${String(value)}`), `${String(key)} | ${String(value)}`).toBe(count ?? reason);
  });

  it('every CSV round-trips through a standard CSV parser: the contributions, each table of the ZIP and the response-level data', async () => {
    const csv = (await group.inject({ method: 'GET', url: url('exports/csv') })).rawPayload;
    const rows = roundTrip(csv);
    expect(rows[0]).toEqual(['Monat', 'Handlungsfeld', 'Art', 'Kanal', 'Sprache', 'Ort', 'Beitrag', 'Deutsche Fassung', 'Zitat-Nr.']);
    expect(rows).toHaveLength(1 + 20);
    // No empty "Art": an online contribution says it comes from a questionnaire, which has none.
    expect(new Set(rows.slice(1).map((row) => row[2]))).toEqual(new Set(['ohne Art (nicht zugeordnet)', 'Anliegen', 'ohne Art (Fragebogen)']));
    expect(rows.find((row) => row[6] === 'Online 0')?.[2]).toBe('ohne Art (Fragebogen)');
    expect(rows.map((row) => row[6])).toContain('Idee 3; „mit Zitat“ und "Anführung"\nzweite Zeile');

    const files = unzipSync(new Uint8Array((await group.inject({ method: 'GET', url: url('exports/zip') })).rawPayload));
    const csvs = Object.keys(files).filter((name) => name.endsWith('.csv'));
    expect(csvs).toHaveLength(7);
    // The README speaks of the ZIP's files: how its CSVs are written, and each by its name.
    const readme = Buffer.from(files['README.txt']!).toString('utf8').split('\r\n');
    expect(readme[4]).toBe('Alle CSV-Dateien: UTF-8 mit Byte-Order-Mark, Semikolon als Trennzeichen, Komma vor den Nachkommastellen (2,5), Zeilenende CRLF, erste Zeile Spaltennamen.');
    // The day as German readers write it, not as the database keeps it.
    expect(readme[2]).toMatch(/^Stand: \d{2}\.\d{2}\.\d{4}$/);
    for (const name of csvs) expect(readme.some((line) => line.startsWith(name)), name).toBe(true);
    for (const name of csvs) {
      const table = roundTrip(Buffer.from(files[name]!));
      expect(table.length, name).toBeGreaterThan(1);
      // Count columns hold digits or nothing.
      table[0]!.forEach((title, column) => {
        if (!['Beiträge', 'Fragebögen', 'Punkte', 'Anzahl'].includes(title)) return;
        for (const line of table.slice(1)) expect(line[column], `${name} ${title}`).toMatch(/^\d*(\.\d+)?$/);
      });
    }

    const responses = unzipSync(new Uint8Array((await admin.inject({ method: 'GET', url: url('exports/responses/zip') })).rawPayload));
    expect(Object.keys(responses).sort()).toEqual(['README.txt', 'codebuch.csv', 'daten.csv']);
    const data = roundTrip(Buffer.from(responses['daten.csv']!));
    const codebook = roundTrip(Buffer.from(responses['codebuch.csv']!));
    expect(data).toHaveLength(1 + 7);
    // Every data column is in the codebook; multiple choice is one 0/1 column per option.
    expect(codebook.slice(1).map((line) => line[0])).toEqual(data[0]);
    const column = (name: string) => data[0]!.indexOf(name);
    expect(data.slice(1).map((line) => line[column('work-support_recognition')])).toEqual(Array(7).fill('1'));
    expect(data.slice(1).map((line) => line[column('work-support_childcare')]).sort()).toEqual(['0', '0', '0', '0', '1', '1', '1']);
    expect(data.slice(1).map((line) => line[column('priorities_bildung')])).toEqual(Array(7).fill('1'));
    expect(data.slice(1).map((line) => line[column('work-situation')]).sort()).toEqual(['1', '1', '2', '2', '3', '4', '5']);
    // Each response is named by the id its client made, in the order of those random ids: never by the server's id, which is in day order.
    const ids = t.db.$client.prepare('select id, client_id from responses order by client_id').all() as Array<{ id: string; client_id: string }>;
    expect(data.slice(1).map((line) => line[column('id')])).toEqual(ids.map((row) => row.client_id));
    for (const row of ids) expect(row.id).not.toBe(row.client_id);
  });

  it('response-level data is for admins only; their workbook has a data sheet and a codebook sheet', async () => {
    expect((await group.inject({ method: 'GET', url: url('exports/responses/xlsx') })).statusCode).toBe(403);
    expect((await group.inject({ method: 'GET', url: url('exports/responses/zip') })).statusCode).toBe(403);
    const response = await admin.inject({ method: 'GET', url: url('exports/responses/xlsx') });
    expect(response.statusCode).toBe(200);
    // Dated like every other export.
    expect(response.headers['content-disposition']).toBe(`attachment; filename="mitreden-${t.slug}-fragebogen-daten-${localDay()}.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Daten', 'Codebuch']);
    const sheet = workbook.getWorksheet('Daten')!;
    expect(sheet.rowCount).toBe(1 + 7);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(sheet.getRow(2).getCell(header.indexOf('work-situation') + 1).type).toBe(ExcelJS.ValueType.Number);
  });

  it('the PDF renders with pdftoppm, a page image per page, with the district × field table, the dot votes and the method page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mitreden-pdf-'));
    try {
      const data = (await group.inject({ method: 'GET', url: url('exports/pdf') })).rawPayload;
      writeFileSync(join(dir, 'export.pdf'), data);
      const { stdout } = await run('pdfinfo', [join(dir, 'export.pdf')]);
      const pages = Number(/Pages:\s+(\d+)/.exec(stdout)![1]);
      expect(pages).toBeGreaterThanOrEqual(3);
      await run('pdftoppm', ['-png', '-r', '40', join(dir, 'export.pdf'), join(dir, 'page')]);
      const images = readdirSync(dir).filter((name) => name.endsWith('.png'));
      expect(images).toHaveLength(pages);
      for (const image of images) expect(readFileSync(join(dir, image)).subarray(1, 4).toString()).toBe('PNG');
      const { stdout: text } = await run('pdftotext', [join(dir, 'export.pdf'), '-']);
      for (const heading of ['Handlungsfeld × Stadtbezirk', 'Ergebnisse der Fragen', 'Klebepunkte', 'Methode', 'Wer hat über welchen Kanal teilgenommen', 'Übersetzungen des Fragebogens']) expect(text).toContain(heading);
      // The district × field table is a grid here, districts down and fields across, and its caption says so, not the CSV's „eine Zeile je Paar“.
      const caption = text.slice(text.indexOf('Handlungsfeld × Stadtbezirk'), text.indexOf('Ergebnisse der Fragen')).replace(/\s+/g, ' ');
      expect(caption).toContain('Beiträge je Stadtbezirk (Zeilen) und Handlungsfeld (Spalten); „Gesamt“ sind die Summen.');
      expect(caption).not.toContain('eine Zeile je Paar');
      // A ranking's bars are its points, in their order, as the page draws them, and say so.
      const ranking = (await group.inject({ method: 'GET', url: url('results/questions?question=priorities') })).json().questions[0] as RankingResult;
      const note = text.indexOf('nach Punkten geordnet (Borda)');
      expect(note).toBeGreaterThan(0);
      const published = byPoints(ranking).filter((option) => !option.points.suppressed);
      expect(published.length).toBeGreaterThan(0);
      // The bars' labels follow the note, before the next question's "Gefragt: ".
      const after = text.slice(note, text.indexOf('Gefragt: ', note + 1) > 0 ? text.indexOf('Gefragt: ', note + 1) : undefined);
      const positions = published.map((option) => after.indexOf(option.label));
      expect(positions.every((at) => at >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      // Each bar reads its points, as the page's bars do („28 Punkte“), not how often it was placed first (7, out of the points' order).
      const { stdout: layout } = await run('pdftotext', ['-layout', join(dir, 'export.pdf'), '-']);
      const lines = layout.split('\n').map((line) => line.trim().replace(/\s+/g, ' '));
      for (const option of published) expect(lines).toContain(`${option.label} ${option.points.value} Punkte`);
      const flat = after.replace(/\s+/g, ' ');
      // How often each was placed first follows below the bars, withheld where small.
      const firsts = byPoints(ranking).map((option) => `${option.label} ${formatCell(option.first, 5)}`);
      expect(flat).toContain(`Auf Platz 1 gesetzt: ${firsts.join(', ')}.`);
      // No word is printed over another: wrapped answer labels and table headers push the next row down.
      const { stdout: boxes } = await run('pdftotext', ['-bbox', join(dir, 'export.pdf'), '-']);
      const overlaps: string[] = [];
      for (const [index, page] of boxes.split('<page ').slice(1).entries()) {
        const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x0: +m[1]!, y0: +m[2]!, x1: +m[3]!, y1: +m[4]!, word: m[5]! }));
        for (let a = 0; a < words.length; a += 1) {
          for (let b = a + 1; b < words.length; b += 1) {
            const [p, q] = [words[a]!, words[b]!];
            const wide = Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0);
            const high = Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0);
            if (wide > 1 && high > 2) overlaps.push(`page ${index + 1}: "${p.word}" over "${q.word}"`);
          }
        }
      }
      expect(overlaps).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the PDF names the process in its title and its fields once, in the line below, for the working group and the admin alike', async () => {
    const title = findProcessBySlug(t.db, t.slug)!.title.de;
    for (const [who, agent, labels] of [
      ['working group', group, ['Arbeit & Beschäftigung']],
      ['admin', admin, ['Arbeit & Beschäftigung', 'Bildung', 'Teilhabe und politische Mitbestimmung', 'Freizeit & Kultur']],
    ] as const) {
      const text = (await pdfText((await agent.inject({ method: 'GET', url: url('exports/pdf') })).rawPayload)).replace(/\s+/g, ' ');
      const head = text.slice(0, text.indexOf('Zum Datenschutz'));
      const line = `${labels.length === 1 ? 'Handlungsfeld' : 'Handlungsfelder'}: `;
      expect(head, who).toContain(`Auswertung: ${title} ${line}`);
      const before = head.slice(0, head.indexOf(line));
      const after = head.slice(head.indexOf(line) + line.length);
      for (const label of labels) expect(before, `${who}: ${label}`).not.toContain(label);
      const listed = after.slice(0, after.indexOf(' Stand:')).split(', ');
      expect(listed, who).toEqual(expect.arrayContaining([...labels]));
      expect(new Set(listed).size, who).toBe(listed.length);
    }
  });

  it('writes one audit row per export, web or CLI, with who, the filter, the rows and the SHA-256 of the file', async () => {
    const before = audits().length;
    const downloads: Array<{ format: string; hash: string }> = [];
    for (const format of FORMATS) {
      const response = await group.inject({ method: 'GET', url: url(`exports/${format}?field=arbeit`) });
      expect(response.statusCode).toBe(200);
      downloads.push({ format, hash: sha256(response.rawPayload) });
    }
    // The row is written when the stream ends, right after the last byte.
    await expect.poll(() => audits().length).toBe(before + FORMATS.length);
    const rows = audits().slice(before);
    rows.forEach((row, i) => {
      expect(row).toMatchObject({ via: 'web', username: groupName, format: downloads[i]!.format, filter: { field: 'arbeit' }, completed: true, sha256: downloads[i]!.hash });
      expect(row.userId).toBeGreaterThan(0);
    });
    expect(rows.find((row) => row.format === 'csv')!.rows).toBe(20);

    // A refused export leaves no row.
    expect((await group.inject({ method: 'GET', url: url('exports/csv?field=freizeit') })).statusCode).toBe(403);
    expect(audits()).toHaveLength(before + FORMATS.length);

    // The CLI: the same file, its own row, that account's scope.
    const dir = mkdtempSync(join(tmpdir(), 'mitreden-cli-'));
    try {
      const out = join(dir, 'arbeit.csv');
      const cli = (args: string[]) => run('npx', ['tsx', 'scripts/export.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: t.databasePath } });
      await cli(['--process', t.slug, '--user', groupName, '--format', 'csv', '--out', out]);
      const file = readFileSync(out);
      expect(audits().at(-1)).toMatchObject({ via: 'cli', username: groupName, format: 'csv', rows: 20, sha256: sha256(file), completed: true });
      // Byte for byte what the web download gives, but for the day in nothing.
      expect(file.equals((await group.inject({ method: 'GET', url: url('exports/csv') })).rawPayload)).toBe(true);
      const refused = await cli(['--process', t.slug, '--user', groupName, '--field', 'freizeit', '--format', 'csv', '--out', join(dir, 'x.csv')]).catch((error: { code: number; stderr: string }) => error);
      expect(refused).toMatchObject({ code: 3 });
      expect((refused as { stderr: string }).stderr).toContain('forbidden');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/**
 * A voice in another language stands in the quote browser with the moderators' German rendering
 * beside it; a working group that takes the export into its meeting needs that German too.
 */
describe('exports carry the German rendering of a voice in another language', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp();
  }, 60_000);
  afterAll(async () => t?.close());

  it('the CSV and the workbook have „Deutsche Fassung“ beside „Beitrag“, masked like the original; the PDF prints it below the quote', async () => {
    const admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    const group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
    const arabic = buildContribution(t.db, { text: 'نحتاج دورات لغة مسائية، اكتبوا لي: ali@example.com', language: 'ar', fieldsOfAction: ['arbeit'] });
    buildContribution(t.db, { text: 'Mehr Jobmessen in Gronau', fieldsOfAction: ['arbeit'] });
    const translated = await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/contributions/${arabic}/german`, payload: { version: 1, text: 'Wir brauchen Sprachkurse am Abend, schreibt mir: ali@example.com' } });
    expect(translated.statusCode).toBe(204);
    const german = 'Wir brauchen Sprachkurse am Abend, schreibt mir: [E-Mail entfernt]';
    // The page shows it so.
    const quote = (await group.inject({ method: 'GET', url: `/api/processes/${t.slug}/quotes` })).json().quotes.find((q: { id: string }) => q.id === arabic);
    expect(quote.german).toEqual({ text: german, source: 'human' });

    const csv = roundTrip((await group.inject({ method: 'GET', url: `/api/processes/${t.slug}/exports/csv` })).rawPayload);
    expect(csv[0]).toEqual(['Monat', 'Handlungsfeld', 'Art', 'Kanal', 'Sprache', 'Ort', 'Beitrag', 'Deutsche Fassung', 'Zitat-Nr.']);
    const line = csv.find((row) => row[4] === 'Arabisch')!;
    expect(line.slice(6)).toEqual(['نحتاج دورات لغة مسائية، اكتبوا لي: [E-Mail entfernt]', german, quote.citeId]);
    expect(csv.find((row) => row[6] === 'Mehr Jobmessen in Gronau')![7]).toBe('');
    expect(csv.flat().join('\n')).not.toContain('ali@example.com');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await group.inject({ method: 'GET', url: `/api/processes/${t.slug}/exports/xlsx` })).rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Beiträge')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Monat', 'Handlungsfeld', 'Art', 'Kanal', 'Sprache', 'Ort', 'Beitrag', 'Deutsche Fassung', 'Zitat-Nr.']);
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows.find((row) => row[4] === 'Arabisch')!.slice(7)).toEqual([german, quote.citeId]);
    // The notes name the column.
    const notes: string[] = [];
    workbook.getWorksheet('Hinweise')!.eachRow((row) => notes.push(String(row.getCell(1).value ?? '')));
    expect(notes.some((note) => note.trim().startsWith('Deutsche Fassung:'))).toBe(true);

    const pdf = (await pdfText((await group.inject({ method: 'GET', url: `/api/processes/${t.slug}/exports/pdf` })).rawPayload)).replace(/\s+/g, ' ');
    expect(pdf).toContain(`Deutsche Fassung: „${german}“`);
    expect(pdf).not.toContain('ali@example.com');
  });
});

describe('a ranking that gives fewer places than it has options', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('says in the workbook and the PDF what a first place brings: the places to give, not the number of options', async () => {
    t = await buildTestApp();
    const admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    // Version 2: of the four fields of action, residents put two in order.
    const surveyUrl = `/api/admin/processes/${t.slug}/survey`;
    const draft = (await admin.inject({ method: 'GET', url: `${surveyUrl}/draft` })).json();
    const definition = {
      ...draft.definition,
      sections: draft.definition.sections.map((section: { questions: Array<{ key: string }> }) => ({
        ...section,
        questions: section.questions.map((question) => (question.key === 'priorities' ? { ...question, maxRanked: 2 } : question)),
      })),
    };
    const saved = await admin.inject({ method: 'PUT', url: `${surveyUrl}/draft`, payload: { revision: draft.revision, definition, texts: draft.texts } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await admin.inject({ method: 'POST', url: `${surveyUrl}/publish`, payload: { revision: saved.json().revision } })).json()).toEqual({ version: 2 });
    for (let i = 0; i < 20; i += 1) buildResponse(t.db, { surveyVersion: 2, answers: { priorities: i % 4 === 0 ? ['arbeit', 'bildung'] : ['bildung', 'arbeit'] } });
    const ranking = (await admin.inject({ method: 'GET', url: `/api/processes/${t.slug}/results/questions?question=priorities` })).json().questions[0] as RankingResult;
    expect(ranking.places).toBe(2);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await admin.inject({ method: 'GET', url: `/api/processes/${t.slug}/exports/xlsx` })).rawPayload as unknown as ArrayBuffer);
    const values = workbook.getWorksheet('Fragen')!.getColumn(4).values.map(String);
    expect(values).toContain('Bildung: Punkte (Borda, Platz 1 = 2 Punkte)');

    const text = (await pdfText((await admin.inject({ method: 'GET', url: `/api/processes/${t.slug}/exports/pdf` })).rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('Platz 1 von 2 bringt 2 Punkte');
    expect(text).not.toContain('Platz 1 von 4');
    // Bildung first 15 times and second 5 times: 15 × 2 + 5 × 1 = 35 points, as its bar says; Arbeit 5 × 2 + 15 = 25.
    expect(text).toContain('Bildung 35 Punkte');
    expect(text).toContain('Arbeit & Beschäftigung 25 Punkte');
  });
});

describe('the PDF line under a question\'s title', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('names each figure after its label, so a withheld one reads as words („Antworten: verdeckt (unter 5)“, not „n = verdeckt beantwortet“), and a median in German („3,5“)', async () => {
    t = await buildTestApp();
    const admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    // 40 asked: the scale 5·1, 5·2, 5·3, 5·4, 10·5 (median 3,5 of 30), 5 „keine Angabe“, 5 left out;
    // 3 chose something they need and 3 rated education (under 5); 38 said whether children go to school (2 left it out, so 38 is withheld too).
    for (let i = 0; i < 40; i += 1) {
      const step = i < 5 ? 1 : i < 10 ? 2 : i < 15 ? 3 : i < 20 ? 4 : i < 30 ? 5 : i < 35 ? null : undefined;
      buildResponse(t.db, {
        answers: {
          'work-situation': step,
          ...(i < 3 ? { 'work-support': ['recognition'], 'education-situation': 2 } : {}),
          ...(i < 38 ? { 'school-children': 'no' } : {}),
        },
      });
    }
    const text = (await pdfText((await admin.inject({ method: 'GET', url: `/api/processes/${t.slug}/exports/pdf` })).rawPayload)).replace(/\s+/g, ' ');
    const lineOf = (key: string) => {
      const title = DEFAULT_SURVEY.sections.flatMap((section) => section.questions).find((question) => question.key === key)!.title.de;
      const after = text.slice(text.indexOf(title) + title.length + 1);
      return after.slice(0, after.search(/ (Stufe 1|Anerkennung|Ja |Deutschkurse)/));
    };
    expect(lineOf('work-situation')).toBe('Gefragt: 40 · Antworten: 35, davon mit einer Stufe: 30, „keine Angabe“: 5 · Median: 3,5');
    expect(lineOf('work-support')).toBe('Gefragt: 40 · Antworten: verdeckt (unter 5)');
    // Fewer than 5 answers: no split into parts that are fewer still.
    expect(lineOf('education-situation')).toBe('Gefragt: 40 · Antworten: verdeckt (unter 5) · Median: verdeckt (unter 5 Antworten)');
    expect(lineOf('school-children')).toBe('Gefragt: 40 · Antworten: verdeckt');
    expect(text).not.toMatch(/n = |verdeckt beantwortet|< 5 beantwortet/);
  });
});

describe('decimals in the ZIP\'s CSV tables', () => {
  let t: TestApp;
  let files: Record<string, Uint8Array>;
  beforeAll(async () => {
    t = await buildTestApp();
    // The scale 5·1, 5·2, 5·3, 5·4, 10·5: median 3.5 of 30. Priorities: Arbeit first 10 times and second 20 times, mean rank 5/3.
    [1, 2, 3, 4, 5, 5].flatMap((step) => [step, step, step, step, step]).forEach((step, i) => {
      buildResponse(t.db, { answers: { 'work-situation': step, priorities: i < 10 ? ['arbeit', 'bildung'] : ['bildung', 'arbeit'] } });
    });
    const admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    files = unzipSync(new Uint8Array((await admin.inject({ method: 'GET', url: `/api/processes/${t.slug}/exports/zip` })).rawPayload));
  });
  afterAll(async () => t?.close());

  it('a median and a mean rank carry a decimal comma, as the files\' semicolons promise German Excel and readr::read_csv2 (not „3.5“, which German Excel opens as the 3rd of May); the workbook keeps numbers', async () => {
    const rows = roundTrip(Buffer.from(files['fragen.csv']!));
    const value = (key: string, what: string) => rows.find((row) => row[0] === key && row[3] === what)?.[4];
    expect(value('work-situation', 'Median')).toBe('3,5');
    expect(value('priorities', 'Arbeit & Beschäftigung: mittlerer Rang')).toBe('1,67');
    expect(value('priorities', 'Arbeit & Beschäftigung: auf Platz 1')).toBe('10');
    expect(rows.flat().filter((cell) => /^\d+\.\d+$/.test(cell))).toEqual([]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(files[Object.keys(files).find((name) => name.endsWith('.xlsx'))!]!.buffer as ArrayBuffer);
    const sheet = workbook.getWorksheet('Fragen')!;
    const median = sheet.getRows(2, sheet.rowCount - 1)!.find((row) => row.getCell(1).value === 'work-situation' && row.getCell(4).value === 'Median');
    expect(median?.getCell(5).value).toBe(3.5);
  });
});

describe('an export narrowed to a district and a channel', () => {
  let t: TestApp;
  let group: Agent;
  beforeAll(async () => {
    t = await buildTestApp();
    // Bensberg (Bezirk 5) and Refrath, six notes each from the stall: no count beside them gives a small one away.
    for (const stadtteil of ['bensberg', 'refrath']) {
      for (let i = 0; i < 6; i += 1) buildContribution(t.db, { text: `Deutschkurs ${stadtteil} ${i}`, fieldsOfAction: ['bildung'], stadtteil, channel: 'stall' });
    }
    group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['bildung'] })).username, TEST_PASSWORD);
  });
  afterAll(async () => t?.close());
  const download = (format: string, query: string) => group.inject({ method: 'GET', url: `/api/processes/${t.slug}/exports/${format}${query}` });

  it('says so in its name and under its title in the PDF, the README and the sheet „Hinweise“, so a Stadtbezirk\'s figures are not taken for the city\'s', async () => {
    const narrowed = '?district=bezirk-5&channel=stall';
    const said = ['Eingegrenzt – alle Zahlen und Beiträge dieser Datei nur aus dieser Auswahl, nicht aus der ganzen Stadt:', '  Stadtbezirk: Bezirk 5', '  Kanal: Marktstand'];
    const zip = await download('zip', narrowed);
    expect(zip.statusCode, zip.body).toBe(200);
    expect(zip.headers['content-disposition']).toMatch(/filename="mitreden-[a-z0-9-]+-bildung-bezirk-5-stall-\d{4}-\d{2}-\d{2}\.zip"/);
    const files = unzipSync(new Uint8Array(zip.rawPayload));
    expect(Object.keys(files).filter((name) => name.startsWith('mitreden-')).every((name) => name.includes('-bildung-bezirk-5-stall-'))).toBe(true);
    expect(Buffer.from(files['README.txt']!).toString('utf8').split('\r\n').slice(3, 6)).toEqual(said);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('xlsx', narrowed)).rawPayload as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Hinweise')!.getColumn(1).values.slice(4, 7)).toEqual(said);
    expect(workbook.getWorksheet('Beiträge')!.rowCount).toBe(1 + 6);

    const text = (await pdfText((await download('pdf', narrowed)).rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('Stand: ');
    expect(text).toContain(`${said[0]} Stadtbezirk: Bezirk 5 Kanal: Marktstand`);

    // Not narrowed: no such lines, and the name as before.
    const whole = await download('zip', '');
    expect(whole.headers['content-disposition']).toMatch(/-bildung-\d{4}-\d{2}-\d{2}\.zip"/);
    expect(Buffer.from(unzipSync(new Uint8Array(whole.rawPayload))['README.txt']!).toString('utf8')).not.toContain('Eingegrenzt');
  });
});
