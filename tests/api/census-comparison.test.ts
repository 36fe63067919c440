import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Participation } from '../../shared/api/participation.ts';
import type { SurveyDraft } from '../../shared/api/survey-versions.ts';
import type { SurveyDefinition, SurveyQuestion } from '../../shared/survey/definition.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { submitResponse } from '../../server/features/survey/survey.service.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/**
 * The next city's survey, built in the survey editor: its own age question, whose options are
 * not the Zensus's age classes, and its own question about immigration, each marked for the
 * comparison with the Zensus („Vergleich mit dem Zensus“). Participation counts its answers in
 * the Zensus's groups; without the marks, every questionnaire is "not stated" there.
 */

const option = (key: string, de: string) => ({ key, label: { de, en: `${de} (en)` } });
const AGE_MAP = { 'bis-17': 'under-18', '18-24': '18-29', '25-29': '18-29', '30-49': '30-49', '50-64': '50-64', 'ab-65': '65-plus' } as const;
const AGE: SurveyQuestion = {
  key: 'alter',
  type: 'single',
  required: false,
  sensitive: true,
  title: { de: 'Wie alt sind Sie?', en: 'How old are you?' },
  options: [option('bis-17', 'bis 17'), option('18-24', '18 bis 24'), option('25-29', '25 bis 29'), option('30-49', '30 bis 49'), option('50-64', '50 bis 64'), option('ab-65', '65 und älter'), option('sage-ich-nicht', 'sage ich nicht')],
  census: { dimension: 'age', map: AGE_MAP },
};
const BORN: SurveyQuestion = {
  key: 'herkunft',
  type: 'single',
  required: false,
  sensitive: true,
  title: { de: 'Sind Sie nach Deutschland eingewandert?', en: 'Did you immigrate to Germany?' },
  options: [option('hier-geboren', 'Nein, hier geboren'), option('als-kind', 'Ja, als Kind'), option('erwachsen', 'Ja, als Erwachsene/r')],
  census: { dimension: 'immigration', notImmigrated: ['hier-geboren'] },
};
const ownSurvey = (...questions: SurveyQuestion[]): SurveyDefinition => ({
  version: 1,
  languages: ['de', 'en'],
  translations: { de: 'reviewed', en: 'reviewed' },
  sections: [{ key: 'ueber-sie', title: { de: 'Über Sie' }, questions }],
});
const unmarked = (question: SurveyQuestion): SurveyQuestion => {
  const { census: _mark, ...rest } = question as SurveyQuestion & { census?: unknown };
  return rest as SurveyQuestion;
};

let t: TestApp;
let admin: Agent;

/** A process of the next city (a copy of the default one, so it has a published version 1): each test its own. */
const newCity = () => buildProcess(t.db);
const surveyPath = (slug: string) => `/api/admin/processes/${slug}/survey`;

async function save(slug: string, definition: SurveyDefinition) {
  const current: SurveyDraft = (await admin.inject({ method: 'GET', url: `${surveyPath(slug)}/draft` })).json();
  return admin.inject({ method: 'PUT', url: `${surveyPath(slug)}/draft`, payload: { revision: current.revision, definition, texts: current.texts } });
}
async function publish(slug: string, definition: SurveyDefinition): Promise<number> {
  const saved = await save(slug, definition);
  expect(saved.statusCode, saved.body).toBe(200);
  const published = await admin.inject({ method: 'POST', url: `${surveyPath(slug)}/publish`, payload: { revision: saved.json().revision } });
  expect(published.statusCode, published.body).toBe(201);
  return published.json().version;
}
/** Questionnaires answering the published version, one per row of answers. */
function answer(slug: string, surveyVersion: number, rows: Array<Record<string, string>>) {
  const processId = findProcessBySlug(t.db, slug)!.id;
  for (const answers of rows) {
    const result = submitResponse(t.db, { processId, response: { id: randomUUID(), surveyVersion, language: 'de', answers }, channel: 'online', flags: [], enforceWindow: false, submittedOn: '2026-11-20' });
    expect(result.status).toBe('stored');
  }
}
async function participation(slug: string): Promise<Participation> {
  const response = await admin.inject({ method: 'GET', url: `/api/processes/${slug}/participation` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const voicesIn = (breakdown: Participation['byAgeBand'], key: string) => breakdown.groups.find((group) => group.key === key)!.voices;
/** 16 questionnaires: six aged 18 to 29 (in two answers), five 30 to 49, five who do not say; six, five and five by immigration. */
const AGES = ['18-24', '18-24', '18-24', '25-29', '25-29', '25-29', '30-49', '30-49', '30-49', '30-49', '30-49', 'sage-ich-nicht', 'sage-ich-nicht', 'sage-ich-nicht', 'sage-ich-nicht', 'sage-ich-nicht'];
const ROWS = AGES.map((age, i) => ({ alter: age, herkunft: i < 6 ? 'erwachsen' : i < 11 ? 'hier-geboren' : 'als-kind' }));

beforeAll(async () => {
  t = await buildTestApp();
  const user = await buildUser(t.db, { role: 'admin' });
  admin = await signIn(t.app, user.username, user.password);
});
afterAll(() => t?.close());

describe('the comparison with the Zensus in a survey of its own', () => {
  it('refuses a mark naming an option the question lacks, a Zensus age class without an option, and a second question for one comparison (400 with the place)', async () => {
    const slug = newCity();
    const unknownOption = await save(slug, ownSurvey({ ...AGE, census: { dimension: 'age', map: { ...AGE_MAP, 'ab-90': '65-plus' } } } as SurveyQuestion));
    expect(unknownOption.statusCode).toBe(400);
    expect(unknownOption.json().error).toMatchObject({ code: expect.any(String), message: expect.any(String), details: [expect.objectContaining({ message: 'question alter: census names ab-90, which is not an option' })] });

    const noUnder18 = await save(slug, ownSurvey({ ...AGE, census: { dimension: 'age', map: { '18-24': '18-29', '30-49': '30-49', '50-64': '50-64', 'ab-65': '65-plus' } } } as SurveyQuestion));
    expect(noUnder18.statusCode).toBe(400);
    expect(JSON.stringify(noUnder18.json().error.details)).toContain('census age classes without an option: under-18');

    const twice = await save(slug, ownSurvey(AGE, { ...AGE, key: 'alter-nochmal' }));
    expect(twice.statusCode).toBe(400);
    expect(JSON.stringify(twice.json().error.details)).toContain('census age is already compared on question alter');
  });

  it('counts the answers to the survey’s own marked questions in the Zensus’s groups and names the questions', async () => {
    const slug = newCity();
    answer(slug, await publish(slug, ownSurvey(AGE, BORN)), ROWS);

    const body = await participation(slug);
    expect(body.comparisonQuestions).toEqual({
      age: { key: 'alter', title: { de: 'Wie alt sind Sie?', en: 'How old are you?' } },
      immigration: { key: 'herkunft', title: { de: 'Sind Sie nach Deutschland eingewandert?', en: 'Did you immigrate to Germany?' }, notImmigrated: [{ de: 'Nein, hier geboren', en: 'Nein, hier geboren (en)' }] },
    });
    // „18 bis 24“ and „25 bis 29“ are the Zensus's 18–29; „sage ich nicht“ is no class.
    expect(voicesIn(body.byAgeBand, '18-29')).toEqual({ count: 6, suppressed: false });
    expect(voicesIn(body.byAgeBand, '30-49')).toEqual({ count: 5, suppressed: false });
    expect(body.byAgeBand.notStated).toEqual({ count: 5, suppressed: false });
    // Everything but „Nein, hier geboren“ is immigrated themselves: 6 + 5.
    expect(voicesIn(body.byImmigration, 'immigrated')).toEqual({ count: 11, suppressed: false });
    expect(voicesIn(body.byImmigration, 'born-here')).toEqual({ count: 5, suppressed: false });
  });

  it('without a marked question, counts every questionnaire as not stated and says no question is marked', async () => {
    const slug = newCity();
    answer(slug, await publish(slug, ownSurvey(unmarked(AGE), unmarked(BORN))), ROWS);
    const body = await participation(slug);
    expect(body.comparisonQuestions).toEqual({ age: null, immigration: null });
    expect(body.byAgeBand.notStated).toEqual({ count: 16, suppressed: false });
    expect(body.byImmigration.notStated).toEqual({ count: 16, suppressed: false });
    expect(body.byImmigration.groups.map((group) => group.voices.count ?? 0)).toEqual([0, 0]);
  });

  it('finds stall notes of a Zensus age class under the age question’s band only when every answer of that class is chosen', async () => {
    const slug = newCity();
    await publish(slug, ownSurvey(AGE, BORN));
    for (const [ageBand, n] of [['18-29', 6], ['30-49', 6]] as const) {
      for (let i = 0; i < n; i += 1) buildContribution(t.db, { process: slug, text: `Notiz ${ageBand} Nummer ${i}`, fieldsOfAction: ['arbeit'] });
      t.db.$client.prepare(`update contributions set age_band = ? where text like ?`).run(ageBand, `Notiz ${ageBand} %`);
    }
    const quotes = (band: string) => admin.inject({ method: 'GET', url: `/api/processes/${slug}/quotes?band=${band}` });
    const both = await quotes('alter:18-24,alter:25-29');
    expect(both.statusCode, both.body).toBe(200);
    expect(both.json().total).toBe(6);
    expect(both.json().quotes.every((quote: { text: string }) => quote.text.startsWith('Notiz 18-29'))).toBe(true);
    expect((await quotes('alter:30-49')).json().total).toBe(6);
    // „18 bis 24“ alone says too little about a note of 18–29: none is found, and none is too few to show.
    expect((await quotes('alter:18-24')).json().error.code).toBe('too_few_respondents');
    // The notes count under the question the newest version marks, not under version 1's `age-band`.
    expect(both.json().choices.bands.map((band: { key: string }) => band.key)).toEqual(expect.arrayContaining(['alter', 'age-band']));
    expect((await quotes('age-band:18-29')).json().error.code).toBe('too_few_respondents');
  });

  it('keeps the default survey’s comparison: `age-band` and `years-in-germany` are its marked questions', async () => {
    const response = await admin.inject({ method: 'GET', url: `/api/processes/${t.slug}/participation` });
    expect(response.json().comparisonQuestions).toMatchObject({ age: { key: 'age-band' }, immigration: { key: 'years-in-germany', notImmigrated: [{ de: expect.stringMatching(/Geburt/) }] } });
  });
});
