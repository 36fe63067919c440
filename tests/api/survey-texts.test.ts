import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOf } from '../../db/index.ts';
import type { SurveyDraft } from '../../shared/api/survey-versions.ts';
import type { SurveyDefinition } from '../../shared/survey/definition.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/** Tests server/features/survey/survey.defaults.ts and the texts of the draft: a new process's survey speaks of itself. */
describe('the texts around a new process’s survey', () => {
  let t: TestApp;
  let admin: Agent;
  const slug = 'klimaplan';
  const draftUrl = `/api/admin/processes/${slug}/survey/draft`;

  const definition: SurveyDefinition = {
    version: 1,
    languages: ['de', 'en', 'ar'],
    translations: { de: 'reviewed', en: 'machine', ar: 'machine' },
    sections: [
      {
        key: 'fragen',
        title: { de: 'Ihre Meinung' },
        questions: [
          { key: 'wohnort', type: 'stadtteil', required: false, title: { de: 'In welchem Stadtteil wohnen Sie?' } },
          { key: 'idee', type: 'text', required: false, title: { de: 'Was sollte die Stadt fürs Klima tun?' } },
        ],
      },
    ],
  };

  beforeAll(async () => {
    t = await buildTestApp();
    const user = await buildUser(t.db, { role: 'admin' });
    admin = await signIn(t.app, user.username, user.password);
    const created = await admin.inject({
      method: 'POST',
      url: '/api/admin/processes',
      payload: {
        id: randomUUID(),
        slug,
        structure: {
          title: { de: 'Klimaplan Musterstadt', ar: 'خطة المناخ موسترشتات' },
          description: { de: 'Wie Musterstadt klimafreundlich wird.' },
          city: { de: 'Musterstadt', ar: 'موسترشتات' },
          languages: ['de', 'en', 'ar'],
          phases: [{ title: { de: 'Befragung' } }],
          currentPhase: 1,
          fieldsOfAction: [{ key: 'verkehr', label: { de: 'Verkehr' } }],
          districts: [{ key: 'mitte', nr: 1, name: 'Mitte', stadtteile: [{ key: 'altstadt', nr: '11', name: 'Altstadt' }] }],
          opensOn: null,
          closesOn: null,
          suppressionThreshold: 7,
          retentionUntil: null,
        },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
  });
  afterAll(() => t.close());

  const getDraft = async (): Promise<SurveyDraft> => {
    const response = await admin.inject({ method: 'GET', url: draftUrl });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('starts with neutral texts naming the process, its city and its threshold, in every language, not Bergisch Gladbach', async () => {
    const { texts } = await getDraft();
    const all = JSON.stringify(texts);
    expect(all).not.toMatch(/Bergisch Gladbach|Integrationskonferenz|Arbeitsgruppe/);
    // The city by its name in each language, German where it has none.
    expect(texts.labels.stadtteilOutside).toMatchObject({ de: 'Ich wohne außerhalb von Musterstadt', en: 'I live outside Musterstadt', ar: 'أسكن خارج موسترشتات' });
    expect(texts.thanks.paragraphs.map((p) => p.de).join(' ')).toContain('„Klimaplan Musterstadt“');
    // The Arabic thank-you page names the process by its Arabic title.
    expect(texts.thanks.paragraphs.map((p) => p.ar).join(' ')).toContain('خطة المناخ موسترشتات');
    expect(texts.privacy.paragraphs.map((p) => p.de).join(' ')).toMatch(/mindestens 7 Personen.*Stadt Musterstadt/);
    for (const language of ['de', 'de-easy', 'en', 'tr', 'uk', 'ar', 'pl', 'it', 'ru'] as const) {
      expect(texts.thanks.title[language], language).toBeTruthy();
      expect(texts.labels.stadtteilOutside[language], language).toContain(language === 'ar' ? 'موسترشتات' : 'Musterstadt');
    }
  });

  it('refuses a blank German text or an overlong one with 400 naming where', async () => {
    const { texts } = await getDraft();
    const blank = { ...texts, thanks: { ...texts.thanks, title: { ...texts.thanks.title, de: '   ' } } };
    const refused = await admin.inject({ method: 'PUT', url: draftUrl, payload: { revision: 0, definition, texts: blank } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ path: expect.stringContaining('thanks.title.de') })] });
    const long = { ...texts, privacy: { ...texts.privacy, paragraphs: [{ de: 'x'.repeat(2001) }] } };
    const tooLong = await admin.inject({ method: 'PUT', url: draftUrl, payload: { revision: 0, definition, texts: long } });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.details).toEqual([expect.objectContaining({ path: expect.stringContaining('privacy.paragraphs.0.de') })]);
    expect((await getDraft()).revision).toBe(0);
  });

  it('saves edited texts with the draft, publishes them with the version and serves them to residents; the version keeps them', async () => {
    const { texts } = await getDraft();
    const thanks = { title: { de: 'Danke fürs Mitmachen beim Klimaplan!', ar: 'شكرًا لمشاركتك في خطة المناخ!' }, paragraphs: [{ de: 'Im Frühjahr stellen wir den Klimaplan im Rathaus vor.' }] };
    const saved = await admin.inject({ method: 'PUT', url: draftUrl, payload: { revision: 0, definition, texts: { ...texts, thanks } } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await getDraft()).texts.thanks).toEqual(thanks);

    const published = await admin.inject({ method: 'POST', url: `/api/admin/processes/${slug}/survey/publish`, payload: { revision: 1 } });
    expect(published.statusCode, published.body).toBe(201);
    expect((await admin.inject({ method: 'PUT', url: `/api/admin/processes/${slug}/status`, payload: { status: 'public' } })).statusCode).toBe(200);

    const served = await t.app.inject({ method: 'GET', url: `/api/processes/${slug}/survey?lang=ar` });
    expect(served.statusCode, served.body).toBe(200);
    const survey = served.json();
    expect(survey.texts.thanks.title).toEqual({ de: 'Danke fürs Mitmachen beim Klimaplan!', ar: 'شكرًا لمشاركتك في خطة المناخ!' });
    // No Arabic paragraph: German is what the page shows (marked lang=de there).
    expect(survey.texts.thanks.paragraphs).toEqual([{ de: 'Im Frühjahr stellen wir den Klimaplan im Rathaus vor.' }]);
    expect(survey.texts.labels.stadtteilOutside).toEqual({ de: 'Ich wohne außerhalb von Musterstadt', ar: 'أسكن خارج موسترشتات' });

    // The next draft starts from the published texts; changing it leaves version 1 as published.
    const next = await getDraft();
    const changed = await admin.inject({ method: 'PUT', url: draftUrl, payload: { revision: next.revision, definition: next.definition, texts: { ...next.texts, thanks: { ...thanks, title: { de: 'Neuer Dank' } } } } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/processes/${slug}/survey?lang=ar` })).json().texts.thanks.title.de).toBe('Danke fürs Mitmachen beim Klimaplan!');
    expect((await admin.inject({ method: 'GET', url: `/api/admin/processes/${slug}/survey/versions/1` })).json().texts.thanks).toEqual(thanks);
  });
});

/**
 * Survey texts stored before their bounds (German not blank, 2,000 characters, 20 paragraphs)
 * are still served: the bounds are the editor's, what is stored is what residents read.
 */
describe('survey texts stored before the prose bounds', () => {
  let t: TestApp;
  let admin: Agent;

  beforeAll(async () => {
    t = await buildTestApp();
    const user = await buildUser(t.db, { role: 'admin' });
    admin = await signIn(t.app, user.username, user.password);
    const sqlite = clientOf(t.db);
    const row = sqlite.prepare(`select s.id, s.texts from surveys s join processes p on p.id = s.process_id where p.slug = ? order by s.version desc limit 1`).get(t.slug) as { id: number; texts: string };
    const texts = JSON.parse(row.texts);
    texts.privacy.paragraphs.push({ de: 'Lang. '.repeat(400) });
    texts.thanks.paragraphs = Array.from({ length: 21 }, (_, i) => ({ de: `Absatz ${i + 1}` }));
    texts.labels.noAnswer = { de: ' ' };
    sqlite.prepare('update surveys set texts = ? where id = ?').run(JSON.stringify(texts), row.id);
  });
  afterAll(() => t.close());

  it('serves them to residents, in the admin draft and in the version', async () => {
    const served = await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/survey` });
    expect(served.statusCode, served.body).toBe(200);
    expect(served.json().texts.thanks.paragraphs).toHaveLength(21);
    const draft = await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/survey/draft` });
    expect(draft.statusCode, draft.body).toBe(200);
    const version = draft.json().basedOnVersion as number;
    const stored = await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/survey/versions/${version}` });
    expect(stored.statusCode, stored.body).toBe(200);
  });
});
