import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Participation } from '../../shared/api/participation.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/**
 * Participation against population, compared with numbers worked out by hand from a small
 * fixture: the four Stadtteile of Bezirk 2 have official figures, every other Stadtteil none.
 *
 *   Stadtteil    residents  questionnaires (online)  stall notes  voices
 *   Stadtmitte        3000                        5            5      10
 *   Hebborn           1000                        5            5      10
 *   Heidkamp          2000                       10           10      20
 *   Gronau            4000                       20           20      40
 *   Bezirk 2         10000                       40           40      80
 *
 * Of Gronau's 20 questionnaires, 10 say age 18–29 and "in Germany for 2–5 years", 10 say 30–49
 * and "since birth". Residents by age (each Stadtteil 20/10/30/25/15 %): under 18 2000, 18–29 1000,
 * 30–49 3000, 50–64 2500, 65+ 1500; immigrated themselves 600 + 100 + 300 + 1000 = 2000.
 */

const Z2 = 3.841458820694125; // 1.959963984540054²

const FIGURES: Record<string, { total: number; immigrated: number; descendants: number }> = {
  stadtmitte: { total: 3000, immigrated: 600, descendants: 300 },
  hebborn: { total: 1000, immigrated: 100, descendants: 100 },
  heidkamp: { total: 2000, immigrated: 300, descendants: 200 },
  gronau: { total: 4000, immigrated: 1000, descendants: 400 },
};
const AGE_SHARES = { 'under-18': 0.2, '18-29': 0.1, '30-49': 0.3, '50-64': 0.25, '65-plus': 0.15 };

let t: TestApp;
let admin: Agent;
let body: Participation;

function setPopulation(t: TestApp) {
  const sql = t.db.$client;
  const processId = (sql.prepare('select id from processes where slug = ?').get(t.slug) as { id: string }).id;
  sql.prepare('update stadtteile set population = null, population_status = null, population_source = null, population_date = null where process_id = ?').run(processId);
  const group = sql.prepare('insert into population_groups (process_id, stadtteil_key, dimension, category, count) values (?, ?, ?, ?, ?)');
  for (const [key, figure] of Object.entries(FIGURES)) {
    sql
      .prepare("update stadtteile set population = ?, population_status = 'official', population_source = 'Zensus 2022', population_date = '2022-05-15', population_licence = 'dl-de/by-2-0' where process_id = ? and key = ?")
      .run(figure.total, processId, key);
    for (const [band, share] of Object.entries(AGE_SHARES)) group.run(processId, key, 'age', band, figure.total * share);
    group.run(processId, key, 'immigration', 'immigrated', figure.immigrated);
    group.run(processId, key, 'immigration', 'descendants', figure.descendants);
    group.run(processId, key, 'immigration', 'none', figure.total - figure.immigrated - figure.descendants);
  }
}

function voices(stadtteil: string, responses: number, notes: number) {
  for (let i = 0; i < responses; i += 1) buildResponse(t.db, { stadtteil });
  for (let i = 0; i < notes; i += 1) buildContribution(t.db, { stadtteil, channel: 'stall' });
}

beforeAll(async () => {
  t = await buildTestApp();
  setPopulation(t);
  voices('stadtmitte', 5, 5);
  voices('hebborn', 5, 5);
  voices('heidkamp', 10, 10);
  voices('gronau', 0, 20);
  for (let i = 0; i < 10; i += 1) buildResponse(t.db, { stadtteil: 'gronau', answers: { 'age-band': '18-29', 'years-in-germany': '2-5' } });
  for (let i = 0; i < 10; i += 1) buildResponse(t.db, { stadtteil: 'gronau', answers: { 'age-band': '30-49', 'years-in-germany': 'since-birth' } });
  // Neither a flagged questionnaire nor a hidden note counts; a questionnaire's free text is not a second voice.
  buildResponse(t.db, { stadtteil: 'gronau', flags: ['honeypot'] });
  t.db.$client.prepare("update contributions set status = 'hidden' where id = ?").run(buildContribution(t.db, { stadtteil: 'gronau' }));
  const user = await buildUser(t.db, { role: 'admin' });
  admin = await signIn(t.app, user.username, user.password);
  const response = await admin.inject({ method: 'GET', url: `/api/processes/${t.slug}/participation` });
  expect(response.statusCode).toBe(200);
  body = response.json();
}, 60_000);

afterAll(async () => {
  await t.close();
});

const stadtteil = (key: string) => body.stadtteile.find((area) => area.key === key)!;

describe('GET /api/processes/:slug/participation', () => {
  it('counts questionnaires and notes per Stadtteil, district and channel', () => {
    expect(body.channels).toEqual(['online', 'stall']);
    expect(stadtteil('gronau')).toMatchObject({
      population: 4000,
      populationStatus: 'official',
      responses: { count: 20, suppressed: false },
      contributions: { count: 20, suppressed: false },
      voices: { count: 40, suppressed: false },
      channels: [
        { channel: 'online', voices: { count: 20, suppressed: false } },
        { channel: 'stall', voices: { count: 20, suppressed: false } },
      ],
    });
    expect(body.districts.find((area) => area.key === 'bezirk-2')).toMatchObject({ population: 10000, voices: { count: 80, suppressed: false }, responses: { count: 40 } });
    expect(body.city).toMatchObject({ population: 10000, voices: { count: 80, suppressed: false } });
    // A Stadtteil without voices is withheld like every count under the threshold, and has no rate.
    expect(stadtteil('hand')).toMatchObject({ voices: { count: null, suppressed: true, reason: 'below_threshold' }, rate: null, population: null });
    expect(body.reference).toMatchObject({ status: 'official', sources: ['Zensus 2022'], dates: ['2022-05-15'], licences: ['dl-de/by-2-0'] });
    expect(body.reference.withoutPopulation).toHaveLength(21);
  });

  it('gives rates per 1,000 residents with the 95 % Wilson interval, as worked out by hand', () => {
    // Stadtmitte: p̂ = 10/3000 = 0.0033333; z²/2n = 3.8415/6000 = 0.00064024; 1 + z²/n = 1.0012805;
    // centre = (0.0033333 + 0.00064024)/1.0012805 = 0.0039685;
    // half = 1.959964/1.0012805 · √(0.0033333·0.9966667/3000 + 3.8415/(4·3000²)) = 0.0021569
    // → 3.3333 per 1,000, from 1.8116 to 6.1254.
    expect(Z2).toBeCloseTo(1.959963984540054 ** 2, 12);
    const expected: Record<string, [number, number, number, number]> = {
      // perThousand, low, high, ratio to the city-wide 8.0
      stadtmitte: [3.3333, 1.8116, 6.1254, 0.41667],
      hebborn: [10, 5.4408, 18.3095, 1.25],
      heidkamp: [10, 6.4828, 15.3959, 1.25],
      gronau: [10, 7.3525, 13.5877, 1.25],
    };
    for (const [key, [rate, low, high, ratio]] of Object.entries(expected)) {
      const area = stadtteil(key);
      expect(area.rate!.perThousand, key).toBeCloseTo(rate, 3);
      expect(area.rate!.low, key).toBeCloseTo(low, 3);
      expect(area.rate!.high, key).toBeCloseTo(high, 3);
      expect(area.ratio!, key).toBeCloseTo(ratio, 4);
    }
    // City: 80 of 10,000 → 8.0, Wilson 6.4331 to 9.9448.
    expect(body.city.rate!.perThousand).toBeCloseTo(8, 6);
    expect(body.city.rate!.low).toBeCloseTo(6.4331, 3);
    expect(body.city.rate!.high).toBeCloseTo(9.9448, 3);
    const district = body.districts.find((area) => area.key === 'bezirk-2')!;
    expect(district.rate!.perThousand).toBeCloseTo(8, 6);
    expect(district.ratio!).toBeCloseTo(1, 6);
  });

  it('summarises lowest over highest and the proportional similarity, as worked out by hand', () => {
    // Lowest over highest: 3.3333 / 10 = 0.33333.
    // Voice shares 10/80, 10/80, 20/80, 40/80 = .125, .125, .25, .5; resident shares .3, .1, .2, .4;
    // Σ|p − q| = .175 + .025 + .05 + .1 = .35, so 1 − ½·.35 = 0.825.
    expect(body.summary.stadtteile.lowestOverHighest!).toBeCloseTo(0.33333, 4);
    expect(body.summary.stadtteile).toMatchObject({ lowest: 'stadtmitte', highest: 'hebborn', compared: 4, withheld: 0 });
    expect(body.summary.stadtteile.similarity!).toBeCloseTo(0.825, 6);
    // The districts' voices do not add up to the city's while Stadtteile lack figures: no similarity there.
    expect(body.summary.districts).toMatchObject({ compared: 1, lowestOverHighest: null, similarity: 1 });
  });

  it('compares age bands and immigration history with the residents of each group', () => {
    const band = (key: string) => body.byAgeBand.groups.find((group) => group.key === key)!;
    expect(body.byAgeBand.referenceComplete).toBe(true);
    // 18–29: 10 of 1,000 → 10.0 (5.4408–18.3095); 30–49: 10 of 3,000 → 3.3333 (1.8116–6.1254).
    // Everybody who said: 20 of 10,000 = 2.0, so the ratios are 5 and 1.6667.
    expect(band('18-29')).toMatchObject({ voices: { count: 10, suppressed: false }, population: 1000 });
    expect(band('18-29').rate!.low).toBeCloseTo(5.4408, 3);
    expect(band('18-29').rate!.high).toBeCloseTo(18.3095, 3);
    expect(band('18-29').ratio!).toBeCloseTo(5, 6);
    expect(band('30-49').rate!.perThousand).toBeCloseTo(3.3333, 3);
    expect(band('30-49').ratio!).toBeCloseTo(1.66667, 4);
    expect(band('65-plus')).toMatchObject({ voices: { count: null, suppressed: true }, population: 1500, rate: null });
    expect(body.byAgeBand.notStated).toEqual({ count: 60, suppressed: false });
    // Immigrated themselves: 10 of 2,000 → 5.0 (2.7182–9.1797); the rest: 10 of 8,000 → 1.25 (0.6791–2.2996).
    const [immigrated, bornHere] = body.byImmigration.groups;
    expect(immigrated).toMatchObject({ key: 'immigrated', population: 2000, voices: { count: 10 } });
    expect(immigrated!.rate!.low).toBeCloseTo(2.7182, 3);
    expect(immigrated!.rate!.high).toBeCloseTo(9.1797, 3);
    expect(immigrated!.ratio!).toBeCloseTo(2.5, 6);
    expect(bornHere).toMatchObject({ key: 'born-here', population: 8000 });
    expect(bornHere!.rate!.perThousand).toBeCloseTo(1.25, 6);
    expect(bornHere!.rate!.high).toBeCloseTo(2.2996, 3);
    expect(body.byLanguage.groups).toEqual([{ language: 'de', voices: { count: 80, suppressed: false } }]);
  });

  it('names the three Stadtteile with the lowest upper Wilson bound as where to go next', () => {
    // Upper bounds: Stadtmitte 6.1254, Gronau 13.5877, Heidkamp 15.3959, Hebborn 18.3095: Gronau
    // comes before Hebborn although both have 10 per 1,000, because 4,000 residents say it surer.
    expect(body.whereNext.map((place) => place.key)).toEqual(['stadtmitte', 'gronau', 'heidkamp']);
    expect(body.whereNext[0]!.upperBound).toBeCloseTo(6.1254, 3);
    expect(body.whereNext[1]).toMatchObject({ name: 'Gronau', district: 'bezirk-2', population: 4000, voices: { count: 40 } });
  });

  it('leaves a Stadtteil out of "where next" whose count is withheld only for the sums: it has at least the threshold, maybe many more', async () => {
    const other = await buildTestApp();
    try {
      setPopulation(other);
      const add = (stadtteil: string, responses: number, notes: number) => {
        for (let i = 0; i < responses; i += 1) buildResponse(other.db, { stadtteil });
        for (let i = 0; i < notes; i += 1) buildContribution(other.db, { stadtteil, channel: 'stall' });
      };
      // Stadtmitte's 3 voices are withheld; Bezirk 2's total minus the others would tell them, so Heidkamp's 12 are withheld too.
      add('stadtmitte', 0, 3);
      add('hebborn', 15, 15);
      add('heidkamp', 6, 6);
      add('gronau', 20, 20);
      const user = await buildUser(other.db, { role: 'admin' });
      const agent = await signIn(other.app, user.username, user.password);
      const result: Participation = (await agent.inject({ method: 'GET', url: `/api/processes/${other.slug}/participation` })).json();
      expect(result.stadtteile.find((area) => area.key === 'heidkamp')!.voices).toMatchObject({ suppressed: true, reason: 'secondary' });
      expect(result.whereNext.map((place) => place.key)).toEqual(['stadtmitte', 'gronau', 'hebborn']);
    } finally {
      await other.close();
    }
  });

  it('withholds a Stadtteil’s questionnaires in the Auswertung’s Stadtteil question where participation withholds them, so its voices beside them tell no small count', async () => {
    const other = await buildTestApp();
    try {
      const add = (stadtteil: string, responses: number, notes: number) => {
        for (let i = 0; i < responses; i += 1) buildResponse(other.db, { stadtteil });
        for (let i = 0; i < notes; i += 1) buildContribution(other.db, { stadtteil, channel: 'stall' });
      };
      // Stadtmitte: 10 questionnaires and 3 notes. Participation shows its 13 voices and withholds the 10, which would leave the 3.
      add('stadtmitte', 10, 3);
      add('gronau', 20, 20);
      const user = await buildUser(other.db, { role: 'working_group', fieldsOfAction: ['arbeit'] });
      const agent = await signIn(other.app, user.username, user.password);
      const result: Participation = (await agent.inject({ method: 'GET', url: `/api/processes/${other.slug}/participation` })).json();
      const stadtmitte = result.stadtteile.find((area) => area.key === 'stadtmitte')!;
      expect(stadtmitte.voices).toEqual({ count: 13, suppressed: false });
      expect(stadtmitte.responses).toMatchObject({ suppressed: true, reason: 'secondary' });
      for (const channel of [undefined, 'online']) {
        const response = await agent.inject({ method: 'GET', url: `/api/processes/${other.slug}/results/questions?question=district${channel ? `&channel=${channel}` : ''}` });
        expect(response.statusCode, response.body).toBe(200);
        const question = response.json().questions[0] as { options: Array<{ key: string; count: { count: number | null; suppressed: boolean } }> };
        // Each Stadtteil's count reads the same on both pages: the number on both, or withheld on both.
        for (const area of result.stadtteile) {
          const there = channel ? area.channels.find((c) => c.channel === channel)!.voices : area.responses;
          const here = question.options.find((option) => option.key === area.key)!.count;
          expect(here.suppressed, `${area.key} ${channel ?? ''}`).toBe(there.suppressed);
          if (!here.suppressed) expect(here.count, area.key).toBe(there.count);
        }
        expect(question.options.find((option) => option.key === 'stadtmitte')!.count).toMatchObject({ suppressed: true });
      }
    } finally {
      await other.close();
    }
  });

  it('is read by staff and working groups, and refuses residents', async () => {
    const staff = await buildUser(t.db, { role: 'staff' });
    const group = await buildUser(t.db, { role: 'working_group' });
    for (const user of [staff, group]) {
      const agent = await signIn(t.app, user.username, user.password);
      expect((await agent.inject({ method: 'GET', url: `/api/processes/${t.slug}/participation` })).statusCode).toBe(200);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/participation` })).statusCode).toBe(401);
    expect((await admin.inject({ method: 'GET', url: '/api/processes/gibt-es-nicht/participation' })).statusCode).toBe(404);
  });
});
