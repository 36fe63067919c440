import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContribution } from '../factories/contributions.ts';
import { buildSubmission, goodAnswers } from '../factories/survey.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

// Submissions that arrive together share one group commit (db/group-commit.ts); what a resident
// gets back must be what they would get one at a time.
describe('survey submissions arriving at the same moment', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ RESPONSES_PER_MINUTE: '100000', GROUP_COMMIT_MS: '20' });
  });
  afterAll(() => t.close());

  const post = (body: unknown) => t.app.inject({ method: 'POST', url: `/api/processes/${t.slug}/responses`, payload: body as object });
  const count = (table: string, where: string, ...params: unknown[]) =>
    t.db.$client.prepare(`select count(*) from ${table} where ${where}`).pluck().get(...params) as number;

  it('stores 40 different responses sent at once, each with its answers and texts, and answers each 201', async () => {
    const bodies = Array.from({ length: 40 }, () => buildSubmission());
    const answers = await Promise.all(bodies.map(post));
    expect(answers.map((answer) => answer.statusCode)).toEqual(bodies.map(() => 201));
    const ids = bodies.map((body) => body.id);
    const placeholders = ids.map(() => '?').join(',');
    expect(count('responses', `client_id in (${placeholders})`, ...ids)).toBe(40);
    expect(count('answers', `response_id in (select id from responses where client_id in (${placeholders}))`, ...ids)).toBe(40 * 8);
    expect(count('contributions', `response_id in (select id from responses where client_id in (${placeholders}))`, ...ids)).toBe(40 * 3);
  });

  it('stores a response sent ten times at once once: one 201, nine 200 with the same id', async () => {
    const body = buildSubmission();
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(body)));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(answers.every((answer) => answer.json().id === body.id)).toBe(true);
    expect(count('responses', 'client_id = ?', body.id)).toBe(1);
    expect(count('contributions', 'response_id = (select id from responses where client_id = ?)', body.id)).toBe(3);
  });

  it('keeps the first of two different responses under one id sent at once and answers the other 409', async () => {
    const first = buildSubmission();
    const second = { ...first, answers: { ...goodAnswers(), 'work-idea': 'Ein anderer Gedanke.' } };
    const [a, b] = await Promise.all([post(first), post(second)]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 409]);
    expect(b.json().error.code).toBe('response_conflict');
    const stored = t.db.$client.prepare("select text from contributions where response_id = (select id from responses where client_id = ?) and question_key = 'work-idea'").pluck().get(first.id);
    expect(stored).toBe(goodAnswers()['work-idea']);
  });

  it('answers an invalid response 400 without failing the valid ones committed with it', async () => {
    const valid = Array.from({ length: 5 }, () => buildSubmission());
    const invalid = buildSubmission({ answers: { ...goodAnswers(), 'work-situation': 99 } });
    const answers = await Promise.all([...valid, invalid].map(post));
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201, 201, 201, 400]);
    expect(count('responses', 'client_id = ?', invalid.id)).toBe(0);
  });
  it('numbers the voices of concurrent responses and of notes written in between once each, without gaps, and counts on from there', async () => {
    const processId = t.db.$client.prepare('select id from processes where slug = ?').pluck().get(t.slug) as string;
    const citeNumbers = () => t.db.$client.prepare('select cite_seq from contributions where process_id = ? order by cite_seq').pluck().all(processId) as number[];
    const before = citeNumbers();
    const last = () => t.db.$client.prepare('select last from cite_counters where process_id = ?').pluck().get(processId) as number;
    const start = before.length === 0 ? 0 : last();
    // A note written through the trigger's path between two group commits, and responses on both sides of it.
    const early = Promise.all(Array.from({ length: 6 }, () => post(buildSubmission())));
    const note = buildContribution(t.db);
    const late = Promise.all(Array.from({ length: 6 }, () => post(buildSubmission())));
    expect([...(await early), ...(await late)].map((answer) => answer.statusCode)).toEqual(Array.from({ length: 12 }, () => 201));
    const added = citeNumbers().filter((n) => n > start);
    expect(added).toEqual(Array.from({ length: 12 * 3 + 1 }, (_, i) => start + i + 1));
    expect(last()).toBe(start + 12 * 3 + 1);
    // A questionnaire's three voices are numbered one after the other, in the order of its questions.
    const response = await post(buildSubmission());
    const numbers = t.db.$client.prepare('select cite_seq from contributions where response_id = (select id from responses where client_id = ?) order by rowid').pluck().all(response.json().id) as number[];
    expect(numbers).toEqual([last() - 2, last() - 1, last()]);
    expect(t.db.$client.prepare('select cite_seq from contributions where id = ?').pluck().get(note)).toBeGreaterThan(start);
  });
});
