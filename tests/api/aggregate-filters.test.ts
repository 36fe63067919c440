import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PosterResults } from '../../shared/api/paper.ts';
import type { AggregateResult, Cell } from '../../shared/api/results.ts';
import { CHANNEL_LABELS } from '../../shared/results/labels.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';
import { FOREIGN_FILTERS, withOtherProcessStadtteil } from '../helpers/respondent-filters.ts';

/** A sheet's rows as cell values, the header first. */
const rowsOf = (workbook: ExcelJS.Workbook, name: string) => workbook.getWorksheet(name)!.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1));

/** A published count, or null where it is withheld. */
const shown = (cell: Cell) => (cell.suppressed ? null : cell.count);

/** Every published count of an answer: cells, margins and total. */
const publishedCounts = (result: AggregateResult) =>
  [result.contributions, ...(result.responses ? [result.responses] : [])].flatMap((table) => [...table.cells, ...table.margins.flat(), table.total]).filter((cell) => !cell.suppressed).map((cell) => cell.count!);

/**
 * The counts at the top of the Auswertung (`GET …/aggregates`) follow „Befragte eingrenzen“ as the
 * question figures, the quotes and the downloads do: Stadtteil, language and a demographic band
 * narrow them, read by the downloads' own selection, so page and file give the same numbers; small
 * counts stay withheld, questionnaires are left out where the question figures refuse the filter,
 * and a value the process does not have is a 4xx in the error shape, never a 500.
 */
describe('the results page counts under „Befragte eingrenzen“', () => {
  let t: TestApp;
  let group: Agent;
  beforeAll(async () => {
    t = await buildTestApp();
    // Eight questionnaires in Turkish from Bensberg, in Germany for 2–5 years, each with an idea.
    for (let i = 0; i < 8; i += 1) buildResponse(t.db, { language: 'tr', stadtteil: 'bensberg', answers: { 'years-in-germany': '2-5', 'work-idea': `Türkischer Vorschlag ${i}` } });
    // Ten in German from Refrath, for more than 10 years.
    for (let i = 0; i < 10; i += 1) buildResponse(t.db, { stadtteil: 'refrath', answers: { 'years-in-germany': 'over-10', 'work-idea': `Deutscher Vorschlag ${i}` } });
    // Five each in Turkish and German from Gronau without the years in Germany and without an idea.
    for (const language of ['tr', 'de'] as const) for (let i = 0; i < 5; i += 1) buildResponse(t.db, { language });
    // Six stall notes from Bensberg, written in German.
    for (let i = 0; i < 6; i += 1) buildContribution(t.db, { text: `Marktstand ${i}`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
  }, 120_000);
  afterAll(async () => t?.close());

  const get = (path: string) => group.inject({ method: 'GET', url: `/api/processes/${t.slug}/${path}` });
  const aggregates = async (query: string): Promise<AggregateResult> => {
    const response = await get(`aggregates?${query}`);
    expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
    return response.json();
  };
  /** A channel's contributions and questionnaires as the page's table gives them (null where withheld). */
  const channelRow = (result: AggregateResult, channel: string) => {
    const index = result.values[0]!.findIndex((value) => value.key === channel);
    return [shown(result.contributions.margins[0]![index]!), result.responses ? shown(result.responses.margins[0]![index]!) : null];
  };

  it('„Sprache: Türkisch“ counts the Turkish voices only, where the whole city counts every one', async () => {
    const city = await aggregates('by=channel');
    expect(channelRow(city, 'online')).toEqual([18, 28]);
    expect(channelRow(city, 'stall')).toEqual([6, null]);
    const turkish = await aggregates('by=channel&language=tr');
    expect(channelRow(turkish, 'online')).toEqual([8, 13]);
    // The stall notes are German: none under Turkish, and none is shown as a number under the threshold.
    expect(channelRow(turkish, 'stall')).toEqual([null, null]);
    expect(shown(turkish.contributions.total)).toBe(8);
    expect(turkish.responsesWithheld).toBe(false);
  });

  it('a Stadtteil and a demographic band narrow the counts by Stadtbezirk and the field × Bezirk table alike', async () => {
    const bensberg = await aggregates('by=district&stadtteil=bensberg');
    expect(shown(bensberg.contributions.total)).toBe(8 + 6);
    expect(shown(bensberg.responses!.total)).toBe(8);
    const band = await aggregates('by=district,field&band=years-in-germany:2-5');
    expect(shown(band.contributions.total)).toBe(8);
    expect(band.contributions.margins[1]!.map(shown).filter((count) => count !== null)).toEqual([8]);
  });

  it('lists under a Stadtteil only its Stadtbezirk and itself, and under a language only that language — not every other one as „< 5“', async () => {
    const keys = (result: AggregateResult) => result.values[0]!.map((value) => value.key);
    const city = await aggregates('by=district');
    expect(keys(city).length).toBeGreaterThan(2);
    const bensberg = await aggregates('by=district&stadtteil=bensberg');
    expect(bensberg.values[0]!.map((value) => value.label)).toEqual(['Bezirk 5']);
    expect(shown(bensberg.contributions.margins[0]![0]!)).toBe(8 + 6);
    expect(keys(await aggregates('by=stadtteil&stadtteil=bensberg'))).toEqual(['bensberg']);
    expect(keys(await aggregates('by=language&language=tr'))).toEqual(['tr']);
    // A Stadtbezirk chosen as such stays listed as before.
    expect(keys(await aggregates('by=district&district=bezirk-5'))).toEqual(['bezirk-5']);
  });

  it('never publishes a count under the threshold: every narrowed cell is 0 or at least 5 withheld, and a lone withheld one takes another with it', async () => {
    for (const query of ['by=district&language=tr', 'by=channel&stadtteil=bensberg', 'by=district,field&band=years-in-germany:over-10', 'by=channel&language=de']) {
      const result = await aggregates(query);
      for (const count of publishedCounts(result)) expect(count, query).toBeGreaterThanOrEqual(result.threshold);
      for (const table of [result.contributions, result.responses].filter((entry) => entry !== null)) {
        for (const margin of table.margins) {
          // One withheld member of a published sum would be its difference.
          if (!table.total.suppressed) expect(margin.filter((cell) => cell.suppressed).length, query).not.toBe(1);
        }
      }
    }
  });

  it('gives the numbers the narrowed download gives', async () => {
    for (const query of ['language=tr', 'stadtteil=bensberg', 'band=years-in-germany:2-5', 'stadtteil=bensberg&language=tr']) {
      const page = await aggregates(`by=channel&${query}`);
      const response = await get(`exports/xlsx?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      // Kanal, Beiträge, why withheld, Fragebögen, why withheld.
      const sheet = rowsOf(workbook, 'Anzahlen nach Kanal');
      for (const value of page.values[0]!) {
        const row = sheet.find((cells) => cells[0] === CHANNEL_LABELS[value.key as keyof typeof CHANNEL_LABELS])!;
        expect([row[1] ?? null, row[3] ?? null], `${query} ${value.key}`).toEqual(channelRow(page, value.key));
      }
    }
  });

  it('counts the questionnaires per QR poster under the same filters: the Turkish ones only under „Sprache: Türkisch“', async () => {
    const staff = await signIn(t.app, (await buildUser(t.db, { role: 'staff' })).username, TEST_PASSWORD);
    const poster = (await staff.inject({ method: 'POST', url: `/api/processes/${t.slug}/posters`, payload: { stadtteil: 'bensberg', languages: ['tr'] } })).json().id as string;
    // The eight Turkish questionnaires from Bensberg came from the poster.
    t.db.$client.prepare("update responses set poster_id = ? where language = 'tr' and stadtteil_key = 'bensberg'").run(poster);
    const posters = async (query: string) => {
      const response = await get(`results/posters${query}`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as PosterResults;
      return [shown(body.posters.find((entry) => entry.id === poster)!.count), shown(body.withoutPoster), shown(body.total)];
    };
    expect(await posters('')).toEqual([8, 20, 28]);
    expect(await posters('?language=tr')).toEqual([8, 5, 13]);
    // None of the German ones: the poster's 0 is withheld, and so the one count beside it that would tell it.
    expect(await posters('?language=de')).toEqual([null, null, 15]);
    expect(await posters('?stadtteil=refrath')).toEqual([null, null, 10]);
    for (const [query, status] of [['?band=years-in-germany:under-2', 422], ['?band=religion:keine', 400], ['?language=xx', 400], ['?field=arbeit', 400]] as const) {
      const response = await get(`results/posters${query}`);
      expect(response.statusCode, query).toBe(status);
      expect(response.json().error, query).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });

  it('refuses (422) a band that leaves fewer than the threshold, as the question figures and the download do', async () => {
    for (const path of ['aggregates?by=district&band=years-in-germany:under-2', 'results/posters?band=years-in-germany:under-2', 'results/questions?band=years-in-germany:under-2', 'exports/xlsx?band=years-in-germany:under-2']) {
      const response = await get(path);
      expect(response.statusCode, path).toBe(422);
      expect(response.json().error, path).toMatchObject({ code: 'too_few_respondents', message: expect.any(String) });
    }
  });

  it('refuses, in the error shape, a value the page cannot have — another process\'s band or Stadtteil is a 400, never a 500', async () => {
    const other = withOtherProcessStadtteil(t.db);
    for (const [query, code] of FOREIGN_FILTERS) {
      const response = await get(`aggregates?by=district&${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error, query).toMatchObject({ code, message: expect.any(String) });
    }
    // The other process has the Stadtteil; this group does not work on it: a 4xx there too, never a 500.
    const there = await group.inject({ method: 'GET', url: `/api/processes/${other}/aggregates?by=district&stadtteil=nur-dort` });
    expect(there.statusCode).toBe(403);
  });
});

describe('the results page counts where the question figures refuse a band', () => {
  let t: TestApp;
  let group: Agent;
  beforeAll(async () => {
    t = await buildTestApp();
    // Ten questionnaires with an idea, for more than 10 years in Germany; three without an idea, for 2–5 years.
    for (let i = 0; i < 10; i += 1) buildResponse(t.db, { answers: { 'years-in-germany': 'over-10', 'work-idea': `Vorschlag ${i}` } });
    for (let i = 0; i < 3; i += 1) buildResponse(t.db, { answers: { 'years-in-germany': '2-5' } });
    // Six stall notes: the quotes' rule (people left out by the band) counts them, so the band passes there.
    for (let i = 0; i < 6; i += 1) buildContribution(t.db, { text: `Marktstand ${i}`, fieldsOfAction: ['arbeit'] });
    group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
  }, 120_000);
  afterAll(async () => t?.close());

  it('counts the band\'s contributions but leaves its questionnaires out (3 left out would tell who the others are), as the download does', async () => {
    const get = (path: string) => group.inject({ method: 'GET', url: `/api/processes/${t.slug}/${path}` });
    expect((await get('results/questions?band=years-in-germany:over-10')).statusCode).toBe(422);
    const response = await get('aggregates?by=channel&band=years-in-germany:over-10');
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json() as AggregateResult;
    expect(result.responses).toBeNull();
    expect(result.responsesWithheld).toBe(true);
    expect(shown(result.contributions.total)).toBe(10);
    // The counts per QR poster are questionnaires too: withheld alike.
    const posters = (await get('results/posters?band=years-in-germany:over-10')).json() as PosterResults;
    expect(posters.responsesWithheld).toBe(true);
    expect(posters.total.suppressed).toBe(true);
    // Without the band the questionnaires are there.
    const city = (await get('aggregates?by=channel')).json() as AggregateResult;
    expect(city.responsesWithheld).toBe(false);
    expect(shown(city.responses!.total)).toBe(13);
    const file = await get('exports/xlsx?band=years-in-germany:over-10');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const online = rowsOf(workbook, 'Anzahlen nach Kanal').find((cells) => cells[0] === CHANNEL_LABELS.online)!;
    expect([online[1], online[3] ?? null]).toEqual([10, null]);
  });
});
