import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../server/time.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/** Words, not numbers: "Markt 3" reads as a street address to the masking. */
const WORDS = ['eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf', 'dreizehn', 'vierzehn', 'fünfzehn', 'sechzehn', 'siebzehn', 'achtzehn', 'neunzehn', 'zwanzig', 'einundzwanzig', 'zweiundzwanzig'];
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const HEADER = ['Monat', 'Handlungsfeld', 'Art', 'Kanal', 'Sprache', 'Ort', 'Beitrag', 'Deutsche Fassung', 'Zitat-Nr.'];

/** The CSV as a reader takes it: a table and nothing else, the header in line 1, through csv-parse. */
function readCsv(body: Buffer): Array<Record<string, string>> {
  const text = body.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const lines = parse(body, { bom: true, delimiter: ';', relax_column_count: false }) as string[][];
  expect(lines[0]).toEqual(HEADER);
  // One quote per line and nothing else: no note, no empty line, every line as wide as the header.
  expect(lines.every((line) => line.length === HEADER.length && line.some((cell) => cell !== ''))).toBe(true);
  return lines.slice(1).map((line) => Object.fromEntries(HEADER.map((name, i) => [name, line[i]!])));
}

async function readXlsx(body: Buffer): Promise<{ sheets: string[]; rows: Array<Record<string, string>>; notes: string[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Zitate')!;
  const header = (sheet.getRow(1).values as string[]).slice(1);
  const rows: Array<Record<string, string>> = [];
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push(Object.fromEntries(header.map((name, i) => [name, String(row.getCell(i + 1).value ?? '')])));
  });
  expect(header).toEqual(HEADER);
  const notes: string[] = [];
  workbook.getWorksheet('Hinweise')!.eachRow((row) => notes.push(String(row.getCell(1).value ?? '')));
  return { sheets: workbook.worksheets.map((s) => s.name), rows, notes };
}

interface AuditRow {
  user_id: number | null;
  details: string;
}

/** The quote browser's selection as a file: what the page selects, all of it, checked as the page is, and logged as every export. */
describe('the download of the quote browser’s selection', () => {
  let t: TestApp;
  let arbeit: Agent;
  let arbeitName: string;
  const exportUrl = (format: string, query = '') => `/api/processes/${t.slug}/exports/quotes/${format}${query ? `?${query}` : ''}`;
  const download = async (agent: Agent, format: string, query = '') => {
    const response = await agent.inject({ method: 'GET', url: exportUrl(format, query) });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    return response;
  };
  const page = async (agent: Agent, query: string) => {
    const response = await agent.inject({ method: 'GET', url: `/api/processes/${t.slug}/quotes?limit=100&${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { total: number; quotes: Array<{ citeId: string; text: string }> };
  };
  const audits = () => (t.db.$client.prepare("select user_id, details from audit_log where action = 'export' order by id").all() as AuditRow[]).map((row) => ({ userId: row.user_id, ...JSON.parse(row.details) }));

  beforeAll(async () => {
    t = await buildTestApp();
    arbeitName = (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username;
    arbeit = await signIn(t.app, arbeitName, TEST_PASSWORD);
    // Gronau: six people aged 18–29 and six aged 65+ wrote about work in the survey; three of each about a language course.
    for (let i = 0; i < 12; i += 1) {
      const young = i < 6;
      const topic = i % 2 === 0 ? 'Sprachkurs am Abend' : 'Mehr Ausbildungsplätze';
      buildResponse(t.db, { answers: { 'age-band': young ? '18-29' : '65-plus', 'work-idea': `${topic} für ${young ? 'Junge' : 'Ältere'}, Stimme ${WORDS[i]}` } });
    }
    // Bensberg: 22 notes from the stall, more than a page; one starts like a formula, one is Turkish with a German rendering.
    for (let i = 0; i < 20; i += 1) buildContribution(t.db, { text: `Bensberg braucht Arbeit, Notiz ${WORDS[i]}`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    buildContribution(t.db, { text: '=HYPERLINK("http://example.org","Sprachkurs")', fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    const turkish = buildContribution(t.db, { text: 'Dil kursu lazım', language: 'tr', fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    const admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    expect((await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/contributions/${turkish}/german`, payload: { version: 1, text: 'Ein Sprachkurs fehlt' } })).statusCode).toBe(204);
    // Another field's voice and one from Refrath, where too few people spoke to filter by.
    buildContribution(t.db, { text: 'Mehr Bänke im Park, Sprachkurs', fieldsOfAction: ['freizeit'], stadtteil: 'bensberg' });
    for (let i = 0; i < 2; i += 1) buildContribution(t.db, { text: `Refrath ${WORDS[i]} zur Arbeit`, fieldsOfAction: ['arbeit'], stadtteil: 'refrath' });
    // Moitzfeld's six are the count the Stadtteil table withholds beside Refrath's two, so Gronau's and Bensberg's stay shown.
    for (let i = 0; i < 6; i += 1) buildContribution(t.db, { text: `Moitzfeld ${WORDS[i]} zur Arbeit`, fieldsOfAction: ['arbeit'], stadtteil: 'moitzfeld' });
    // Frankenforst's seven make Bezirk 6 a count the table by Stadtbezirk shows beside Bezirk 2 and 5, so the quotes name them.
    for (let i = 0; i < 7; i += 1) buildContribution(t.db, { text: `Frankenforst ${WORDS[i]} zur Arbeit`, fieldsOfAction: ['arbeit'], stadtteil: 'frankenforst' });
  }, 120_000);
  afterAll(async () => t?.close());

  it('holds exactly what the page selects, all of it: place, band and search, in the page’s order, as CSV and XLSX', async () => {
    const query = `stadtteil=gronau&band=age-band:18-29&q=${encodeURIComponent('Sprachkurs')}`;
    const onPage = await page(arbeit, query);
    expect(onPage.total).toBe(3);

    const csv = await download(arbeit, 'csv', query);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const day = localDay();
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="mitreden-${t.slug}-zitate-arbeit-gronau-18-29-suche-sprachkurs-${day}.csv"`);
    const table = readCsv(csv.rawPayload);
    expect(csv.rawPayload.toString('utf8')).not.toMatch(/Stand:|Suche:|Die Tabelle beginnt/);
    expect(table.map((row) => row['Zitat-Nr.'])).toEqual(onPage.quotes.map((quote) => quote.citeId));
    for (const row of table) {
      expect(row.Beitrag).toMatch(/^Sprachkurs am Abend für Junge/);
      expect(row).toMatchObject({ Handlungsfeld: 'Arbeit & Beschäftigung', Ort: 'Gronau', Kanal: 'Online-Befragung', Monat: expect.stringMatching(/^\d{4}-\d{2}$/) });
    }
    const [y, m, d] = day.split('-');

    const xlsx = await download(arbeit, 'xlsx', query);
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="mitreden-${t.slug}-zitate-arbeit-gronau-18-29-suche-sprachkurs-${day}.xlsx"`);
    const workbook = await readXlsx(xlsx.rawPayload);
    expect(workbook.sheets).toEqual(['Zitate', 'Hinweise']);
    expect(workbook.rows).toEqual(table);
    expect(workbook.notes).toEqual(
      expect.arrayContaining([`Stand: ${d}.${m}.${y}`, '  Stadtteil: Gronau', '  Angabe der Befragten „Wie alt sind Sie?“: 18 bis 29 Jahre', '  Suche: „Sprachkurs“', expect.stringMatching(/^Zitate in dieser Datei: 3 – die ganze Auswahl/)]),
    );
    expect(workbook.notes.some((line) => line.startsWith('Die Tabelle beginnt'))).toBe(false);
    // Each row of „Hinweise“ a whole paragraph, none cut off on a comma or semicolon and going on in the next.
    expect(workbook.notes.map((line) => line.trim()).filter((line) => /[,;]$/.test(line) || /^\p{Ll}/u.test(line))).toEqual([]);
  });

  it('holds every quote of the selection, not one page, with the German rendering and formulas neutralised', async () => {
    const all = await page(arbeit, 'stadtteil=bensberg');
    expect(all.total).toBe(22);
    const table = readCsv((await download(arbeit, 'csv', 'stadtteil=bensberg')).rawPayload);
    expect(table.map((row) => row['Zitat-Nr.'])).toEqual(all.quotes.map((quote) => quote.citeId));
    expect(table.find((row) => row.Beitrag!.includes('HYPERLINK'))!.Beitrag).toBe('\'=HYPERLINK("http://example.org","Sprachkurs")');
    expect(table.find((row) => row.Beitrag === 'Dil kursu lazım')).toMatchObject({ Sprache: 'Türkisch', 'Deutsche Fassung': 'Ein Sprachkurs fehlt' });
    const rows = (await readXlsx((await download(arbeit, 'xlsx', 'stadtteil=bensberg')).rawPayload)).rows;
    expect(rows.find((row) => row.Beitrag!.includes('HYPERLINK'))!.Beitrag).toBe('\'=HYPERLINK("http://example.org","Sprachkurs")');

    // Without filters: everything the group may read, the search in the German rendering too, and another field's voice never.
    const unfiltered = readCsv((await download(arbeit, 'csv')).rawPayload);
    expect(unfiltered).toHaveLength((await page(arbeit, '')).total);
    expect((await readXlsx((await download(arbeit, 'xlsx')).rawPayload)).notes).toContain('Auswahl auf der Seite „Zitate“: alle Zitate, ohne Filter und ohne Suche');
    const searched = readCsv((await download(arbeit, 'csv', 'q=sprachkurs')).rawPayload);
    expect(searched.map((row) => row['Zitat-Nr.'])).toEqual((await page(arbeit, 'q=sprachkurs')).quotes.map((quote) => quote.citeId));
    expect(searched.some((row) => row['Deutsche Fassung'] === 'Ein Sprachkurs fehlt')).toBe(true);
    expect(searched.some((row) => row.Beitrag!.includes('Bänke'))).toBe(false);
  });

  it('keeps a working group to its fields and refuses what the page refuses, in the error shape, before any file', async () => {
    const before = audits().length;
    const refuse = async (format: string, query: string, status: number, code: string) => {
      const response = await arbeit.inject({ method: 'GET', url: exportUrl(format, query) });
      expect(response.statusCode, query).toBe(status);
      expect(response.headers['content-disposition']).toBeUndefined();
      expect(response.json().error, query).toMatchObject({ code, message: expect.any(String) });
      return response.json().error;
    };
    await refuse('csv', 'field=freizeit', 403, 'forbidden');
    // Refrath has two people: too few to name, as on the page.
    expect(await refuse('xlsx', 'stadtteil=refrath', 422, 'too_few_respondents')).toMatchObject({ details: { threshold: 5, which: 'selection' } });
    // Everyone in Gronau is 18–29 or 65+: the rest of both bands is nobody.
    expect(await refuse('csv', 'stadtteil=gronau&band=age-band:18-29,age-band:65-plus', 422, 'too_few_respondents')).toMatchObject({ details: { which: 'rest' } });
    await refuse('csv', 'q=%22unterminated', 400, 'invalid_search');
    await refuse('csv', 'district=nowhere', 400, 'unknown_district');
    await refuse('csv', 'band=favourite-colour:blue', 400, 'unknown_band');
    // The whole selection: paging is no part of a download.
    await refuse('csv', 'limit=20', 400, 'validation_failed');
    await refuse('pdf', '', 400, 'validation_failed');
    expect(audits()).toHaveLength(before);
    const signedOut = await t.app.inject({ method: 'GET', url: exportUrl('csv') });
    expect(signedOut.statusCode).toBe(401);
  });

  it('writes one audit row per download with who, the filters and search, the rows and the SHA-256 of the file', async () => {
    const before = audits().length;
    const query = `stadtteil=gronau&band=age-band:18-29&q=${encodeURIComponent('Sprachkurs')}`;
    const files = [await download(arbeit, 'csv', query), await download(arbeit, 'xlsx', query)];
    await expect.poll(() => audits().length).toBe(before + 2);
    audits()
      .slice(before)
      .forEach((row, i) => {
        const file = files[i]!;
        expect(row).toMatchObject({
          via: 'web',
          username: arbeitName,
          format: i === 0 ? 'quotes.csv' : 'quotes.xlsx',
          filename: /filename="(.+)"/.exec(String(file.headers['content-disposition']))![1],
          filter: { stadtteil: 'gronau', band: 'age-band:18-29', q: 'Sprachkurs' },
          rows: 3,
          bytes: file.rawPayload.length,
          sha256: sha256(file.rawPayload),
          completed: true,
        });
        expect(row.userId).toBeGreaterThan(0);
      });
  });
});
