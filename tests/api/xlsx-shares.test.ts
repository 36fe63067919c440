import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Figure, QuestionResult } from '../../shared/api/question-results.ts';
import { binLabel } from '../../shared/results/labels.ts';
import { percentBase } from '../../shared/results/summary.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/** A row of the sheet „Fragen“: its question key, value, count and share cells. */
interface SheetRow {
  key: string;
  value: string;
  count: number | null;
  share: ExcelJS.Cell;
}

/**
 * The sheet „Fragen“ of the XLSX gives each option's, step's and range's share beside its count, as
 * the page and the PDF do (`percentBase`): a real number formatted as a percentage, none beside a
 * withheld count, „keine Angabe“, a ranking, or where the base is withheld.
 */
describe('the workbook\'s question shares', () => {
  let t: TestApp;
  let group: Agent;
  beforeAll(async () => {
    t = await buildTestApp();
    // Years in Germany: 10 over 10, 8 from 2 to 5 (all in Turkish), 5 from 6 to 10, 2 under 2 (withheld, and 6 to 10 with it), 6 in Turkish
    // left it out. The scale: 10 × step 2, 5 × step 4, 5 × „keine Angabe“, 11 left it out.
    for (let i = 0; i < 10; i += 1) buildResponse(t.db, { answers: { 'years-in-germany': 'over-10', 'work-situation': 2 } });
    for (let i = 0; i < 5; i += 1) buildResponse(t.db, { answers: { 'years-in-germany': '6-10', 'work-situation': undefined } });
    for (let i = 0; i < 8; i += 1) buildResponse(t.db, { language: 'tr', answers: { 'years-in-germany': '2-5', 'work-situation': i < 5 ? 4 : null } });
    for (let i = 0; i < 2; i += 1) buildResponse(t.db, { answers: { 'years-in-germany': 'under-2', 'work-situation': null } });
    for (let i = 0; i < 6; i += 1) buildResponse(t.db, { language: 'tr', answers: { 'work-situation': undefined } });
    group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
  }, 120_000);
  afterAll(async () => t?.close());

  const get = (path: string) => group.inject({ method: 'GET', url: `/api/processes/${t.slug}/${path}` });
  const sheetRows = async (query: string): Promise<SheetRow[]> => {
    const response = await get(`exports/xlsx${query}`);
    expect(response.statusCode, response.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Fragen')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Schlüssel', 'Frage', 'Handlungsfeld', 'Wert', 'Anzahl', 'Anzahl – nicht genannt, weil', 'Anteil']);
    const rows: SheetRow[] = [];
    sheet.eachRow((row, number) => {
      if (number > 1) rows.push({ key: String(row.getCell(1).value), value: String(row.getCell(4).value), count: (row.getCell(5).value as number | null) ?? null, share: row.getCell(7) });
    });
    return rows;
  };
  /** What the page publishes for each value a share may stand beside: options, steps, ranges. */
  const shareable = (question: QuestionResult): Array<[string, Figure]> => {
    switch (question.type) {
      case 'single':
      case 'multi':
      case 'stadtteil':
        return question.options.map((option) => [option.label, option.count]);
      case 'scale':
        return question.steps.map((step) => [`Stufe ${step.value}`, step.count]);
      case 'number':
        return question.bins.map((bin) => [binLabel(bin), bin.count]);
      case 'ranking':
        return [];
    }
  };

  for (const [name, query] of [
    ['the whole city', ''],
    ['a narrowed file („Sprache: Türkisch“)', '?language=tr'],
  ] as const) {
    it(`${name}: every published option's share is its count over the page's base, as a percentage cell; no other row has one`, async () => {
      const rows = await sheetRows(query);
      const page = (await get(`results/questions${query}`)).json().questions as QuestionResult[];
      let shares = 0;
      for (const question of page) {
        const base = percentBase(question);
        const expected = new Map(shareable(question).map(([label, figure]) => [label, base && !figure.suppressed ? figure.count / base : null]));
        for (const row of rows.filter((candidate) => candidate.key === question.key)) {
          const label = [...expected.keys()].find((candidate) => row.value === candidate || row.value.startsWith(`${candidate} („`));
          const share = label === undefined ? null : expected.get(label)!;
          expect(row.share.value ?? null, `${question.key} ${row.value}`).toBe(share);
          if (share === null) continue;
          shares += 1;
          // A number Excel computes with, shown as a whole percentage.
          expect(row.share.numFmt, `${question.key} ${row.value}`).toBe('0%');
          expect(row.count! / base!).toBe(share);
        }
      }
      expect(shares).toBeGreaterThan(0);
    });
  }

  it('names the cases the reader would check: 10 of 25 is 0.4, none beside a withheld count or „keine Angabe“, none where the base is withheld', async () => {
    const rows = await sheetRows('');
    const row = (key: string, value: string) => rows.find((candidate) => candidate.key === key && (candidate.value === value || candidate.value.startsWith(`${value} („`)))!;
    const years = (await get('results/questions?question=years-in-germany')).json().questions[0] as QuestionResult;
    const overTen = years.type === 'single' ? years.options.find((option) => option.key === 'over-10')!.label : '';
    expect(row('years-in-germany', overTen).count).toBe(10);
    expect(row('years-in-germany', overTen).share.value).toBe(10 / 25);
    // „Weniger als 2 Jahre“ holds 2: withheld, and no share.
    const underTwo = years.type === 'single' ? years.options.find((option) => option.key === 'under-2')!.label : '';
    expect(row('years-in-germany', underTwo).count).toBeNull();
    expect(row('years-in-germany', underTwo).share.value ?? null).toBeNull();
    // „6 bis 10 Jahre“ (5) is withheld with it, so that the two cannot be told from the others: no share either.
    const sixToTen = years.type === 'single' ? years.options.find((option) => option.key === '6-10')!.label : '';
    expect([row('years-in-germany', sixToTen).count, row('years-in-germany', sixToTen).share.value ?? null]).toEqual([null, null]);
    // The scale: 15 chose a step, 5 said „keine Angabe“; a step's share is of the 15, „keine Angabe“ has none.
    expect(row('work-situation', 'Stufe 2').share.value).toBe(10 / 15);
    expect(row('work-situation', 'keine Angabe').count).toBe(5);
    expect(row('work-situation', 'keine Angabe').share.value ?? null).toBeNull();
    for (const label of ['gefragt', 'beantwortet', 'ausgelassen', 'Median']) expect(row('work-situation', label).share.value ?? null, label).toBeNull();
    // Narrowed to Turkish: 8 of the 14 answered the years, all „2 bis 5 Jahre“: 100 % of the narrowed base, not of the city's.
    const turkish = await sheetRows('?language=tr');
    const twoToFive = years.type === 'single' ? years.options.find((option) => option.key === '2-5')!.label : '';
    const cell = turkish.find((candidate) => candidate.key === 'years-in-germany' && candidate.value === twoToFive)!;
    expect([cell.count, cell.share.value]).toEqual([8, 1]);
    // In German, 2 of 12 scale answers are „keine Angabe“ (withheld), so who chose a step is withheld too, the base of every step's share: no step has one.
    const german = await sheetRows('?language=de');
    const scale = (await get('results/questions?question=work-situation&language=de')).json().questions[0] as QuestionResult;
    expect(percentBase(scale)).toBeNull();
    const steps = german.filter((candidate) => candidate.key === 'work-situation' && candidate.value.startsWith('Stufe'));
    expect(steps).toHaveLength(5);
    expect(steps.map((step) => step.share.value ?? null)).toEqual([null, null, null, null, null]);
  });

  it('the ZIP\'s fragen.csv carries the same share with a decimal comma, and its README says what a share is of', async () => {
    const files = unzipSync(new Uint8Array((await get('exports/zip')).rawPayload));
    const csv = Buffer.from(Object.entries(files).find(([name]) => name.endsWith('fragen.csv'))![1]).toString('utf8');
    const [header, ...lines] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header!.split(';').at(-1)).toBe('Anteil');
    expect(lines.find((line) => line.startsWith('work-situation;') && line.includes(';Stufe 2'))!.split(';').at(-1)).toBe('0,6667');
    const readme = Buffer.from(files['README.txt']!).toString('utf8');
    expect(readme).toContain('Anteil: die Anzahl geteilt durch ihre Grundzahl');
  });
});

/**
 * The sheet „Fragen nach Stadtbezirk“ gives each district's share beside its count, as the page's
 * table by district does: of the district's respondents who answered (a scale: who chose a step),
 * so a small district can be compared with a large one.
 */
describe('the workbook\'s shares by district', () => {
  let t: TestApp;
  let group: Agent;
  beforeAll(async () => {
    t = await buildTestApp();
    // Gronau's district: 10 over 10 years and 5 from 2 to 5 of 15; the scale 10 × step 2, 5 × „keine Angabe“.
    for (let i = 0; i < 15; i += 1) buildResponse(t.db, { stadtteil: 'gronau', answers: { 'years-in-germany': i < 10 ? 'over-10' : '2-5', 'work-situation': i < 10 ? 2 : null } });
    // Refrath's district: 6 from 2 to 5 years of 6; the scale 6 × step 4.
    for (let i = 0; i < 6; i += 1) buildResponse(t.db, { stadtteil: 'refrath', answers: { 'years-in-germany': '2-5', 'work-situation': 4 } });
    // In each, 5 who left both questions out: with none left out, „ausgelassen“ would read „< 5“ and the district's „mit Antwort“, the share's base, „verdeckt“.
    for (const stadtteil of ['gronau', 'refrath']) for (let i = 0; i < 5; i += 1) buildResponse(t.db, { stadtteil, answers: { 'work-situation': undefined, 'age-band': '30-49' } });
    group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
  }, 120_000);
  afterAll(async () => t?.close());

  const get = (path: string) => group.inject({ method: 'GET', url: `/api/processes/${t.slug}/${path}` });

  it('a share per district beside each published count, of that district\'s base; none beside the totals, „keine Angabe“ or a withheld count', async () => {
    const response = await get('exports/xlsx');
    expect(response.statusCode, response.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Fragen nach Stadtbezirk')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.at(-1)).toBe('Anteil im Bezirk');
    const column = (name: string) => header.indexOf(name) + 1;
    const cells = new Map<string, { count: unknown; share: ExcelJS.Cell }>();
    sheet.eachRow((row, number) => {
      if (number > 1) {
        const key = [1, column('Wert'), column('Stadtbezirk')].map((c) => String(row.getCell(c).value)).join(' | ');
        cells.set(key, { count: row.getCell(column('Anzahl')).value ?? null, share: row.getCell(column('Anteil im Bezirk')) });
      }
    });
    const process = (await group.inject({ method: 'GET', url: `/api/processes/${t.slug}` })).json() as { districts: Array<{ name: string; stadtteile: Array<{ key: string }> }> };
    const districtOf = (stadtteil: string) => process.districts.find((d) => d.stadtteile.some((s) => s.key === stadtteil))!.name;
    const gronau = districtOf('gronau');
    const refrath = districtOf('refrath');
    expect(gronau).not.toBe(refrath);
    const years = (await get('results/questions?question=years-in-germany')).json().questions[0] as QuestionResult;
    const label = (key: string) => (years.type === 'single' ? years.options.find((option) => option.key === key)!.label : key);
    const cell = (question: string, value: string, district: string) => cells.get(`${question} | ${value} | ${district}`)!;

    expect([cell('years-in-germany', label('over-10'), gronau).count, cell('years-in-germany', label('over-10'), gronau).share.value]).toEqual([10, 10 / 15]);
    expect([cell('years-in-germany', label('2-5'), gronau).count, cell('years-in-germany', label('2-5'), gronau).share.value]).toEqual([5, 5 / 15]);
    expect(cell('years-in-germany', label('over-10'), gronau).share.numFmt).toBe('0%');
    expect([cell('years-in-germany', label('2-5'), refrath).count, cell('years-in-germany', label('2-5'), refrath).share.value]).toEqual([6, 1]);
    // A withheld count (none chose it in a district, or too few) has no share.
    const withheld = [...cells].filter(([, value]) => value.count === null);
    expect(withheld.length).toBeGreaterThan(0);
    for (const [key, value] of withheld) expect(value.share.value ?? null, key).toBeNull();
    // The scale: a step's share is of those who chose a step (10, not the 15 who answered), „keine Angabe“ has none.
    const step = [...cells.keys()].find((key) => key.startsWith('work-situation | Stufe 2') && key.endsWith(`| ${gronau}`))!;
    expect([cells.get(step)!.count, cells.get(step)!.share.value]).toEqual([10, 1]);
    expect(cell('work-situation', 'keine Angabe', gronau).count).toBe(5);
    expect(cell('work-situation', 'keine Angabe', gronau).share.value ?? null).toBeNull();
    // The totals are the bases: no share beside them.
    for (const [key, value] of cells) if (key.includes('Gesamt')) expect(value.share.value ?? null, key).toBeNull();
  });
});
