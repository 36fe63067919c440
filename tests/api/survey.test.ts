import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SURVEY, SURVEY_TEXTS } from '../../db/seed/default-survey.ts';
import { insertSurvey } from '../../server/features/survey/survey.repo.ts';
import { MAX_CONTRIBUTION_LENGTH } from '../../shared/domain.ts';
import { LANGUAGES } from '../../shared/languages.ts';
import { validateAnswers } from '../../shared/survey/answers.ts';
import { responseSubmissionSchema } from '../../shared/survey/answers.schema.ts';
import { allQuestions, type SurveyDefinition, type SurveyQuestion } from '../../shared/survey/definition.ts';
import { buildSubmission, goodAnswers, solvePow } from '../factories/survey.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, restartTestApp, signIn, type TestApp } from '../helpers/app.ts';

/** What a phone sends as `altcha`: a challenge from the server and its solution, base64 JSON. */
async function solvedPow(t: TestApp): Promise<string> {
  const response = await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/challenge` });
  expect(response.statusCode).toBe(200);
  return solvePow(response.json());
}

const post = (t: TestApp, body: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/processes/${t.slug}/responses`, payload: body as object, headers });

const rowCount = (t: TestApp, table: string, where = '1=1', ...params: unknown[]) =>
  (t.db.$client.prepare(`select count(*) n from ${table} where ${where}`).get(...params) as { n: number }).n;

const flagsOf = (t: TestApp, id: string) => JSON.parse((t.db.$client.prepare('select flags from responses where client_id = ?').get(id) as { flags: string }).flags);

describe('fill time and the counts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ RESPONSES_PER_MINUTE: '100000' });
  });
  afterAll(() => t.close());

  it('counts a fast but plausible response in the aggregates, and tells admins how many each check flagged', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const agent = await signIn(t.app, admin.username, admin.password);
    // Five residents who each answer four questions in eight to twelve seconds: under the old fixed 20 s, all would have vanished.
    for (let i = 0; i < 5; i += 1) {
      const body = buildSubmission({ answers: { 'work-situation': 2 + (i % 3), 'school-children': 'no', district: 'gronau', 'age-band': '30-49' }, elapsedMs: 8_000 + i * 1_000, altcha: await solvedPow(t) });
      expect((await post(t, body)).statusCode).toBe(201);
    }
    // A script that fills everything in two seconds is still left out.
    expect((await post(t, buildSubmission({ elapsedMs: 2_000, altcha: await solvedPow(t) }))).statusCode).toBe(201);

    const aggregates = await agent.inject({ method: 'GET', url: `/api/processes/${t.slug}/aggregates?by=channel` });
    expect(aggregates.statusCode, aggregates.body).toBe(200);
    const online = aggregates.json().responses.margins[0].find((cell: { key: string }) => cell.key === 'online');
    expect(online).toMatchObject({ count: 5, suppressed: false });

    const counts = (await agent.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/responses/flagged-count` })).json();
    expect(counts).toEqual({ total: 6, flagged: 1, byFlag: { too_fast: 1 } });
  });
});

describe('survey API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ RESPONSES_PER_MINUTE: '100000' });
  });
  afterAll(() => t.close());

  it('serves the published survey with its languages, texts and the Stadtteile by district', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/survey` });
    expect(response.statusCode).toBe(200);
    const survey = response.json();
    expect(survey.version).toBe(1);
    expect(survey.languages).toEqual([...LANGUAGES]);
    expect(survey.translations).toMatchObject({ de: 'reviewed', ar: 'machine' });
    expect(survey.open).toBe(true);
    expect(survey.sections.length).toBeGreaterThanOrEqual(5);
    const types = new Set(survey.sections.flatMap((s: { questions: Array<{ type: string }> }) => s.questions.map((q) => q.type)));
    expect([...types].sort()).toEqual(['multi', 'ranking', 'scale', 'single', 'stadtteil', 'text']);
    expect(survey.texts.privacy.title.de).toBeTruthy();
    expect(survey.districts).toHaveLength(6);
    expect(survey.districts[1].stadtteile.map((s: { key: string }) => s.key)).toContain('gronau');
    expect(survey).not.toHaveProperty('id');
  });

  it('sends the texts in German and one language when asked (?lang=), and refuses a language it does not know', async () => {
    const full = (await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/survey` })).json();
    const response = await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/survey?lang=tr` });
    expect(response.statusCode).toBe(200);
    const survey = response.json();
    expect(Object.keys(survey.texts.privacy.title).sort()).toEqual(['de', 'tr']);
    expect(Object.keys(survey.sections[0].title).sort()).toEqual(['de', 'tr']);
    expect(Object.keys(survey.process.title).sort()).toEqual(['de', 'tr']);
    const firstQuestion = (of: { sections: Array<{ questions: Array<{ title: Record<string, string> }> }> }) => of.sections.flatMap((section) => section.questions)[0]!;
    expect(firstQuestion(survey).title).toEqual({ de: firstQuestion(full).title.de, tr: firstQuestion(full).title.tr });
    // Everything else is the same survey: the switcher still lists every language.
    expect({ ...survey, sections: null, texts: null, process: null }).toEqual({ ...full, sections: null, texts: null, process: null });
    expect(response.body.length).toBeLessThan(JSON.stringify(full).length / 3);
    expect((await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/survey?lang=xx` })).statusCode).toBe(400);
  });

  it('sends the survey compressed to a phone that accepts Brotli or gzip, and plain to one that does not', async () => {
    const url = `/api/processes/${t.slug}/survey`;
    const plain = await t.app.inject({ method: 'GET', url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(plain.json());
    const gzip = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  it('answers 404 for the survey of an unknown process', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/processes/gibt-es-nicht/survey' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('stores responses under ids of its own in the order they came, each found by the id its client made', async () => {
    const bodies = [buildSubmission({ altcha: await solvedPow(t) }), buildSubmission({ altcha: await solvedPow(t) }), buildSubmission({ altcha: await solvedPow(t) })];
    const before = rowCount(t, 'responses');
    for (const body of bodies) expect((await post(t, body)).statusCode).toBe(201);
    const stored = bodies.map((body) => t.db.$client.prepare('select id from responses where client_id = ?').pluck().get(body.id) as string);
    // A burst of responses appends to every b-tree keyed by the stored id (answers, voices, receipts) instead of a random page of each.
    expect([...stored].sort()).toEqual(stored);
    stored.forEach((id, index) => expect(id).not.toBe(bodies[index]!.id));
    for (const id of stored) expect(rowCount(t, 'answers', 'response_id = ?', id)).toBe(8);
    // A resend under the client's id is still recognised.
    const again = await post(t, bodies[0]!);
    expect(again.statusCode).toBe(200);
    expect(rowCount(t, 'responses')).toBe(before + 3);
  });

  it('stores a response, its answers and its free texts as contributions with language and Stadtteil', async () => {
    const body = buildSubmission({ altcha: await solvedPow(t) });
    const response = await post(t, body);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ id: body.id, receipt: expect.stringMatching(/^\w{4}-\w{4}-\w{4}$/) });

    const stored = t.db.$client.prepare('select * from responses where client_id = ?').get(body.id) as Record<string, unknown>;
    expect(stored).toMatchObject({ channel: 'online', language: 'tr', stadtteil_key: 'gronau', survey_version: 1, flags: '[]', market_day_id: null });
    expect(stored.submitted_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const answers = Object.fromEntries(
      (t.db.$client.prepare('select question_key, value from answers where response_id = (select id from responses where client_id = ?)').all(body.id) as Array<{ question_key: string; value: string }>).map(
        (row) => [row.question_key, JSON.parse(row.value)],
      ),
    );
    // Free texts live in contributions (masked, moderated, deleted after retention), not in answers.
    expect(answers).toEqual({
      'work-situation': 4,
      'work-support': ['recognition', 'other'],
      'education-situation': null,
      'school-children': 'yes',
      'school-support': ['language-support', 'parent-teacher'],
      priorities: ['bildung', 'arbeit'],
      district: 'gronau',
      'age-band': '30-49',
    });

    const contributions = t.db.$client
      .prepare('select id, question_key, text, channel, language, stadtteil_key, stadtteil_source, captured_on from contributions where response_id = (select id from responses where client_id = ?) order by question_key')
      .all(body.id) as Array<Record<string, string>>;
    expect(contributions.map((c) => [c.question_key, c.text])).toEqual([
      ['living-together', 'Nachbarschaftsfeste verbinden die Menschen.'],
      ['work-idea', 'Mehr Sprachcafés am Abend, auch für Berufstätige.'],
      ['work-support', 'Mentoring für Gründerinnen'],
    ]);
    for (const contribution of contributions) {
      expect(contribution).toMatchObject({ channel: 'online', language: 'tr', stadtteil_key: 'gronau', stadtteil_source: 'self', captured_on: stored.submitted_on });
    }
    const workIdea = contributions.find((c) => c.question_key === 'work-idea')!;
    expect(t.db.$client.prepare('select field_key, source from contribution_tags where contribution_id = ?').all(workIdea.id)).toEqual([{ field_key: 'arbeit', source: 'self' }]);
  });

  it('keeps of a sensitive question’s „Anderes“ only that it was chosen, never the text, and an identical resend is still a duplicate', async () => {
    const body = buildSubmission({ answers: { ...buildSubmission().answers, 'home-languages': ['german', { other: 'Tigrinya, mit meiner Tante Selam' }] } });
    expect((await post(t, body)).statusCode).toBe(201);
    const stored = t.db.$client.prepare("select value from answers where response_id = (select id from responses where client_id = ?) and question_key = 'home-languages'").get(body.id) as { value: string };
    expect(JSON.parse(stored.value)).toEqual(['german', 'other']);
    // Nowhere else either: not a voice, not a translation, not in any table.
    for (const { name } of t.db.$client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite%' and name not like '%fts%'").all() as Array<{ name: string }>) {
      expect(JSON.stringify(t.db.$client.prepare(`select * from "${name}"`).all()), name).not.toContain('Tigrinya');
    }
    expect((await post(t, body)).statusCode).toBe(200);
  });

  it('answers an identical resend with 200 and stores nothing new, whatever its proof of work says', async () => {
    const body = buildSubmission();
    const first = await post(t, body);
    expect(first.statusCode).toBe(201);
    const again = await post(t, body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: body.id, receipt: first.json().receipt });
    // A retry carries a fresh proof of work and the same frozen answers: still the same response.
    const retried = await post(t, { ...body, altcha: await solvedPow(t), elapsedMs: body.elapsedMs + 1, website: 'x' });
    expect(retried.statusCode).toBe(200);
    expect(rowCount(t, 'responses', 'client_id = ?', body.id)).toBe(1);
    expect(rowCount(t, 'contributions', 'response_id = (select id from responses where client_id = ?)', body.id)).toBe(3);
  });

  it('refuses the same id with another body with 409 and keeps the stored one', async () => {
    const body = buildSubmission();
    expect((await post(t, body)).statusCode).toBe(201);
    const changed = await post(t, { ...body, answers: { ...body.answers, 'work-situation': 1 } });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('response_conflict');
    expect((await post(t, { ...body, language: 'ar' })).statusCode).toBe(409);
    expect(JSON.parse((t.db.$client.prepare("select value from answers where response_id = (select id from responses where client_id = ?) and question_key = 'work-situation'").get(body.id) as { value: string }).value)).toBe(4);
  });

  it('refuses answers with 409 while the survey is not open', async () => {
    t.db.$client.prepare('update processes set closes_on = ? where slug = ?').run('2000-01-01', t.slug);
    try {
      const body = buildSubmission();
      const response = await post(t, body);
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('survey_closed');
      expect(rowCount(t, 'responses', 'client_id = ?', body.id)).toBe(0);
      expect((await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/survey` })).json().open).toBe(false);
    } finally {
      t.db.$client.prepare('update processes set closes_on = null where slug = ?').run(t.slug);
    }
  });

  const badAnswers: Array<[string, Record<string, unknown>, string, string]> = [
    ['an unknown question', { nope: 'x' }, 'nope', 'unknown_question'],
    ['an option that is not offered', { 'work-support': ['flying'] }, 'work-support', 'invalid_option'],
    ['a wrong type', { 'work-situation': 'sehr gut' }, 'work-situation', 'wrong_type'],
    ['a scale value off the scale', { 'work-situation': 9 }, 'work-situation', 'out_of_range'],
    ['an answer to a hidden question', { 'school-children': 'no', 'school-support': ['all-day'] }, 'school-support', 'not_shown'],
    ['a text that is too long', { 'work-idea': 'x'.repeat(2001) }, 'work-idea', 'too_long'],
    ['an option ranked twice', { priorities: ['arbeit', 'arbeit'] }, 'priorities', 'duplicate'],
    ['an unknown Stadtteil', { district: 'atlantis' }, 'district', 'invalid_option'],
    ['"other" where none is offered', { 'school-children': { other: 'vielleicht' } }, 'school-children', 'invalid_option'],
  ];
  for (const [what, answers, question, code] of badAnswers) {
    it(`answers 400 naming the question for ${what}`, async () => {
      const body = buildSubmission({ answers: { ...goodAnswers(), ...answers } });
      const response = await post(t, body);
      expect(response.statusCode).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('invalid_answers');
      expect(error.message).toContain(question);
      expect(error.details).toContainEqual({ path: `answers.${question}`, question, code, message: expect.any(String) });
      expect(rowCount(t, 'responses', 'client_id = ?', body.id)).toBe(0);
    });
  }

  it('refuses a response that answers nothing, and stores it once something is answered', async () => {
    const blank = buildSubmission({ answers: { 'work-idea': ' ', 'work-support': [] } });
    const response = await post(t, blank);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid_answers', message: expect.stringContaining('Not one question'), details: [{ path: 'answers', question: '', code: 'empty' }] });
    expect(rowCount(t, 'responses', 'client_id = ?', blank.id)).toBe(0);
    // "keine Angabe" on a scale is an answer.
    const noAnswer = buildSubmission({ answers: { 'work-situation': null } });
    expect((await post(t, noAnswer)).statusCode).toBe(201);
  });

  it('names every failing question at once', async () => {
    const response = await post(t, buildSubmission({ answers: { 'work-situation': 0, district: 7, nope: true } }));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.map((d: { question: string }) => d.question).sort()).toEqual(['district', 'nope', 'work-situation']);
  });

  it('answers 400 for a body that is not a submission, and for an unknown survey version', async () => {
    const { id: _id, ...withoutId } = buildSubmission();
    const missingId = await post(t, withoutId);
    expect(missingId.statusCode).toBe(400);
    expect(missingId.json().error.code).toBe('validation_failed');
    expect((await post(t, buildSubmission({ answers: ['x'] }))).statusCode).toBe(400);
    expect((await post(t, buildSubmission({ id: 'not-a-uuid' }))).statusCode).toBe(400);
    expect((await post(t, buildSubmission({ extra: 1 }))).statusCode).toBe(400);
    const unknownVersion = await post(t, buildSubmission({ surveyVersion: 99 }));
    expect(unknownVersion.statusCode).toBe(400);
    expect(unknownVersion.json().error).toMatchObject({ code: 'unknown_survey_version', details: [{ path: 'surveyVersion' }] });
  });

  describe('soft anti-abuse checks', () => {
    it('keeps a response that fails a check, flagged, and answers 201 all the same', async () => {
      const honeypot = buildSubmission({ website: 'http://spam.example', altcha: await solvedPow(t) });
      const fast = buildSubmission({ elapsedMs: 3_000, altcha: await solvedPow(t) });
      const noPow = buildSubmission();
      const badPow = buildSubmission({ altcha: Buffer.from('{"challenge":{"parameters":{"nonce":"00"}},"solution":{}}').toString('base64') });
      const garbage = buildSubmission({ altcha: '%%%not base64 at all' });
      for (const body of [honeypot, fast, noPow, badPow, garbage]) expect((await post(t, body)).statusCode).toBe(201);
      expect(flagsOf(t, honeypot.id)).toEqual(['honeypot']);
      expect(flagsOf(t, fast.id)).toEqual(['too_fast']);
      expect(flagsOf(t, noPow.id)).toEqual(['pow_missing']);
      expect(flagsOf(t, badPow.id)).toEqual(['pow_invalid']);
      expect(flagsOf(t, garbage.id)).toEqual(['pow_invalid']);
    });

    it('accepts a solved challenge once: a second response with the same work is flagged', async () => {
      const altcha = await solvedPow(t);
      const first = buildSubmission({ altcha });
      const second = buildSubmission({ altcha });
      expect((await post(t, first)).statusCode).toBe(201);
      expect((await post(t, second)).statusCode).toBe(201);
      expect(flagsOf(t, first.id)).toEqual([]);
      expect(flagsOf(t, second.id)).toEqual(['pow_reused']);
    });

    it('gives a refused response its challenge back: the corrected resend with the same work is not flagged', async () => {
      const altcha = await solvedPow(t);
      const refused = buildSubmission({ altcha, answers: { ...goodAnswers(), 'work-situation': 99 } });
      expect((await post(t, refused)).statusCode).toBe(400);
      const corrected = { ...refused, answers: goodAnswers() };
      expect((await post(t, corrected)).statusCode).toBe(201);
      expect(flagsOf(t, corrected.id)).toEqual([]);
    });

    it('counts flagged responses for admins only', async () => {
      const anonymous = await t.app.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/responses/flagged-count` });
      expect(anonymous.statusCode).toBe(401);
      const admin = await buildUser(t.db, { role: 'admin' });
      const agent = await signIn(t.app, admin.username, admin.password);
      const response = await agent.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/responses/flagged-count` });
      expect(response.statusCode).toBe(200);
      const counts = response.json();
      expect(counts.total).toBe(rowCount(t, 'responses'));
      expect(counts.flagged).toBe(rowCount(t, 'responses', "flags <> '[]'"));
      expect(counts.byFlag).toMatchObject({ honeypot: 1, too_fast: 1, pow_invalid: 2, pow_reused: 1 });
      expect(counts.byFlag.pow_missing).toBeGreaterThanOrEqual(1);
    });
  });

  it('sets the fill-time minimum by what was answered: a quick resident who answered a few questions passes, a full questionnaire in three seconds does not', async () => {
    const quick = buildSubmission({ answers: { 'work-situation': 4, 'school-children': 'no', district: 'gronau', 'age-band': '30-49' }, elapsedMs: 9_000, altcha: await solvedPow(t) });
    const machine = buildSubmission({ elapsedMs: 3_000, altcha: await solvedPow(t) });
    const blink = buildSubmission({ answers: { 'work-situation': 4 }, elapsedMs: 1_200, altcha: await solvedPow(t) });
    for (const body of [quick, machine, blink]) expect((await post(t, body)).statusCode).toBe(201);
    expect(flagsOf(t, quick.id)).toEqual([]);
    expect(flagsOf(t, machine.id)).toEqual(['too_fast']);
    expect(flagsOf(t, blink.id)).toEqual(['too_fast']);
  });

  it('asks for the text of a ticked "other" and counts a text\'s length in characters as people see them', async () => {
    const empty = await post(t, buildSubmission({ answers: { ...goodAnswers(), 'work-support': ['recognition', { other: '  ' }] } }));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'invalid_answers', details: [{ question: 'work-support', code: 'other_missing' }] });
    const family = '👨‍👩‍👧‍👦';
    const limit = allQuestions(DEFAULT_SURVEY).find((question): question is Extract<SurveyQuestion, { type: 'text' }> => question.key === 'work-idea')?.maxLength ?? MAX_CONTRIBUTION_LENGTH;
    const atLimit = await post(t, buildSubmission({ answers: { ...goodAnswers(), 'work-idea': family.repeat(limit) } }));
    expect(atLimit.statusCode, atLimit.body).toBe(201);
    const over = await post(t, buildSubmission({ answers: { ...goodAnswers(), 'work-idea': family.repeat(limit + 1) } }));
    expect(over.statusCode).toBe(400);
    expect(over.json().error.details).toMatchObject([{ question: 'work-idea', code: 'too_long' }]);
  });

  it('keeps no IP address, no user agent and no time finer than the day for an anonymous response', async () => {
    const userAgent = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) PrivacyProbe/1.0';
    const body = buildSubmission();
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/processes/${t.slug}/responses`,
      payload: body,
      headers: { 'user-agent': userAgent, 'x-forwarded-for': '198.51.100.23' },
      remoteAddress: '203.0.113.9',
    });
    expect(response.statusCode).toBe(201);

    const tables = (t.db.$client.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map((row) => row.name);
    for (const table of tables) {
      const columns = (t.db.$client.prepare(`pragma table_info(${JSON.stringify(table)})`).all() as Array<{ name: string }>).map((column) => column.name);
      for (const column of columns) expect(column, `${table}.${column}`).not.toMatch(/(^|_)(ip|ip_address|remote_address|user_agent|ua|client_address)($|_)/);
    }

    const rows = [
      ...(t.db.$client.prepare('select * from responses where client_id = ?').all(body.id) as object[]),
      ...(t.db.$client.prepare('select * from answers where response_id = (select id from responses where client_id = ?)').all(body.id) as object[]),
      ...(t.db.$client.prepare('select * from contributions where response_id = (select id from responses where client_id = ?)').all(body.id) as object[]),
      ...(t.db.$client.prepare('select t.* from contribution_tags t join contributions c on c.id = t.contribution_id where c.response_id = (select id from responses where client_id = ?)').all(body.id) as object[]),
    ];
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value !== 'string') continue;
        expect(value, column).not.toContain('203.0.113.9');
        expect(value, column).not.toContain('198.51.100.23');
        expect(value, column).not.toContain('PrivacyProbe');
        // Dates are days; a clock time (12:34) or an ISO timestamp would say when someone answered.
        if (/^\d{4}-\d{2}-\d{2}/.test(value)) expect(value, column).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('never answers 5xx and never stores a row from an invalid body (1,000 random bodies)', async () => {
    const questions = allQuestions(DEFAULT_SURVEY);
    const keys = questions.map((question) => question.key);
    // Mostly answers that fit their question, now and then anything at all: both paths get exercised.
    const valueFor = (question: SurveyQuestion) => {
      const options = 'options' in question ? question.options.map((option) => option.key) : ['x'];
      const other = 'allowOther' in question && question.allowOther ? fc.record({ other: fc.string({ maxLength: 220 }) }) : null;
      const fitting =
        question.type === 'scale'
          ? fc.oneof(fc.integer({ min: question.scale.min, max: question.scale.max }), fc.constant(null))
          : question.type === 'multi'
            ? fc
                .tuple(fc.uniqueArray(fc.constantFrom(...options), { maxLength: 4 }), other ? fc.option(other, { nil: undefined }) : fc.constant(undefined))
                .map(([keys, extra]) => (extra ? [...keys, extra] : keys))
            : question.type === 'ranking'
              ? fc.uniqueArray(fc.constantFrom(...options), { maxLength: question.maxRanked ?? options.length })
              : question.type === 'stadtteil'
                ? fc.constantFrom('gronau', 'refrath', 'outside', 'unknown', '')
                : question.type === 'single'
                  ? other
                    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...options) }, { weight: 1, arbitrary: other })
                    : fc.constantFrom(...options)
                  : question.type === 'number'
                    ? fc.integer({ min: question.min ?? -1000, max: question.max ?? 1000 })
                    : fc.string({ maxLength: question.maxLength ?? 300 });
      const unfitting = fc.oneof(fc.anything(), fc.constantFrom(99, 'nope', ['nope'], { other: 'x'.repeat(300) }, 'x'.repeat(4001)));
      return fc.oneof({ weight: 30, arbitrary: fitting }, { weight: 1, arbitrary: unfitting });
    };
    const answersArb = fc.oneof(
      { weight: 12, arbitrary: fc.record(Object.fromEntries(questions.map((question) => [question.key, valueFor(question)])), { requiredKeys: [] }) },
      { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string()), fc.anything()) },
      { weight: 1, arbitrary: fc.anything() },
    );
    const rarely = <T,>(usual: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: usual }, { weight: 1, arbitrary: fc.anything() });
    const bodyArb = fc.oneof(
      {
        weight: 12,
        arbitrary: fc.record(
          {
            id: rarely(fc.uuid({ version: 4 })),
            surveyVersion: rarely(fc.constant(1)),
            language: rarely(fc.constantFrom(...LANGUAGES)),
            answers: answersArb,
            elapsedMs: rarely(fc.nat()),
            website: rarely(fc.constantFrom('', 'http://spam.example')),
            altcha: rarely(fc.base64String({ minLength: 4, maxLength: 200 })),
          },
          { requiredKeys: ['id', 'surveyVersion', 'language', 'answers', 'elapsedMs'] },
        ),
      },
      { weight: 1, arbitrary: fc.anything() },
    );
    const stadtteilKeys = (t.db.$client.prepare('select key from stadtteile').all() as Array<{ key: string }>).map((row) => row.key);
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const before = rowCount(t, 'responses');
        const payload = JSON.stringify(body) ?? 'null';
        const response = await t.app.inject({
          method: 'POST',
          url: `/api/processes/${t.slug}/responses`,
          headers: { 'content-type': 'application/json' },
          payload,
        });
        expect(response.statusCode).toBeLessThan(500);
        expect(response.json()).toBeTypeOf('object');
        // The contract as an oracle: the body's shape, then the answers against version 1.
        const parsed = responseSubmissionSchema.safeParse(JSON.parse(payload));
        const valid = parsed.success && parsed.data.surveyVersion === 1 && validateAnswers(DEFAULT_SURVEY, parsed.data.answers, { stadtteilKeys }).ok;
        if (response.statusCode >= 400) {
          expect(response.json().error.code).toBeTypeOf('string');
          expect(rowCount(t, 'responses')).toBe(before);
          if (response.statusCode === 400) expect(valid).toBe(false);
        } else {
          expect(valid).toBe(true);
          stored += 1;
        }
      }),
      { numRuns: 1000 },
    );
    // The generator is meant to reach the storing path too, not only the refusals.
    // About one body in nine is a valid questionnaire; 40 of 1,000 leaves room for chance.
    expect(stored).toBeGreaterThan(40);
  });
});

describe('survey versions', () => {
  let t: TestApp;
  const v2: SurveyDefinition = {
    ...DEFAULT_SURVEY,
    version: 2,
    languages: ['de', 'en'],
    translations: { de: 'reviewed', en: 'machine' },
    sections: DEFAULT_SURVEY.sections.map((section) => ({
      ...section,
      questions: section.questions.map((question) => (question.key === 'district' ? { ...question, required: true } : question)),
    })),
  };
  beforeAll(async () => {
    t = await buildTestApp({ RESPONSES_PER_MINUTE: '100000' });
    const processId = (t.db.$client.prepare('select id from processes where slug = ?').get(t.slug) as { id: string }).id;
    insertSurvey(t.db, { processId, version: 2, definition: v2, texts: SURVEY_TEXTS, publishedAt: new Date().toISOString() });
  });
  afterAll(() => t.close());

  it('serves the newest published version and judges each response by the version it names', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/survey` })).json().version).toBe(2);
    const { district: _district, ...withoutDistrict } = goodAnswers();
    const missing = await post(t, buildSubmission({ surveyVersion: 2, language: 'en', answers: withoutDistrict }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([{ path: 'answers.district', question: 'district', code: 'required', message: expect.any(String) }]);
    // Started on version 1 before version 2 was published: still judged (and stored) as version 1.
    const older = buildSubmission({ surveyVersion: 1, answers: withoutDistrict });
    expect((await post(t, older)).statusCode).toBe(201);
    expect(t.db.$client.prepare('select survey_version from responses where client_id = ?').get(older.id)).toEqual({ survey_version: 1 });
  });

  it('refuses a language the version does not offer', async () => {
    const response = await post(t, buildSubmission({ surveyVersion: 2, language: 'tr' }));
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'unsupported_language', details: [{ path: 'language' }] });
  });
});

describe('submission rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ RESPONSES_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 in the error shape once a client sent too many, counted in memory', async () => {
    for (let i = 0; i < 3; i += 1) expect((await post(t, buildSubmission())).statusCode).toBe(201);
    const limited = await post(t, buildSubmission());
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
  });
});

describe('a restart of the server', () => {
  // Little work per challenge: what is tested is whether the signature still holds after a restart.
  const cheap = { surveyGuard: { powCost: 1, powCounterMin: 1, powCounterMax: 2 } };
  const restart = (before: TestApp) => restartTestApp(before, {}, cheap);
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp({}, cheap);
  });
  afterEach(() => t.close());

  it('counts an answer whose proof of work was solved before an update or a crash: the phone resends it and it is not left out', async () => {
    const unsent = buildSubmission({ altcha: await solvedPow(t) });
    t = await restart(t);
    const resent = await post(t, unsent);
    expect(resent.statusCode, resent.body).toBe(201);
    expect(flagsOf(t, unsent.id)).toEqual([]);
    const admin = await buildUser(t.db, { role: 'admin' });
    const agent = await signIn(t.app, admin.username, admin.password);
    const counts = await agent.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/responses/flagged-count` });
    expect(counts.json()).toEqual({ total: 1, flagged: 0, byFlag: {} });
  });

  it('lets a challenge used before the restart pass once more after it, and no more (replay is remembered in memory only)', async () => {
    const altcha = await solvedPow(t);
    const before = buildSubmission({ altcha });
    expect((await post(t, before)).statusCode).toBe(201);
    t = await restart(t);
    const once = buildSubmission({ altcha });
    const twice = buildSubmission({ altcha });
    for (const body of [once, twice]) expect((await post(t, body)).statusCode).toBe(201);
    expect([flagsOf(t, before.id), flagsOf(t, once.id), flagsOf(t, twice.id)]).toEqual([[], [], ['pow_reused']]);
  });

  it('makes the secrets that sign challenges once, at random, and a later start keeps them', async () => {
    const stored = () => t.db.$client.prepare("select name, value from server_secrets where name like 'altcha-%' order by name").all() as Array<{ name: string; value: string }>;
    const first = stored();
    expect(first.map((row) => row.name)).toEqual(['altcha-key-signature-hmac', 'altcha-signature-hmac']);
    for (const { value } of first) expect(value).toMatch(/^[0-9a-f]{64}$/);
    expect(first[0]!.value).not.toBe(first[1]!.value);
    t = await restart(t);
    t = await restart(t);
    expect(stored()).toEqual(first);
  });
});
