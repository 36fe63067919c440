import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncResult } from '../../shared/api/stall.ts';
import { buildDotVoteItem, buildNoteItem, buildMarketDayItem } from '../factories/stall.ts';
import { buildSubmission, goodAnswers } from '../factories/survey.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/**
 * A resend is recognised by what it means, not by how it is spelled: a client UUID in upper
 * case is the same id, and answers that say the same (a trailing space, an explicit `null` for
 * a question left out) are the same response.
 */
describe('idempotent writes', () => {
  let t: TestApp;
  let staff: Agent;

  beforeAll(async () => {
    t = await buildTestApp({ RESPONSES_PER_MINUTE: '100000' });
    const user = await buildUser(t.db, { role: 'staff' });
    staff = await signIn(t.app, user.username, user.password);
  });
  afterAll(() => t.close());

  const post = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/processes/${t.slug}/responses`, payload: body });
  const count = (sql: string, ...params: unknown[]) => (t.db.$client.prepare(sql).get(...params) as { n: number }).n;

  async function sync(items: unknown[]): Promise<SyncResult[]> {
    const response = await staff.inject({ method: 'POST', url: '/api/stall/sync', payload: { items } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().results;
  }

  describe('survey responses', () => {
    it('treats the same UUID in upper case as the same response: 200, nothing stored twice', async () => {
      const submission = buildSubmission();
      const first = await post(submission);
      expect(first.statusCode, first.body).toBe(201);
      const upper = await post({ ...submission, id: submission.id.toUpperCase() });
      expect(upper.statusCode, upper.body).toBe(200);
      expect(upper.json()).toEqual({ id: submission.id, receipt: expect.any(String) });
      expect(count('select count(*) n from responses where lower(client_id) = ?', submission.id)).toBe(1);
    });

    it('stores an upper-case UUID in lower case, and the lower-case resend is a duplicate', async () => {
      const submission = buildSubmission();
      const upper = submission.id.toUpperCase();
      expect((await post({ ...submission, id: upper })).statusCode).toBe(201);
      expect(count('select count(*) n from responses where client_id = ?', submission.id)).toBe(1);
      expect((await post(submission)).statusCode).toBe(200);
    });

    it('answers 200, not 409, to a resend whose answers mean the same: trailing spaces, other line breaks, explicit nulls for questions left out', async () => {
      const answers = goodAnswers();
      delete answers['living-together'];
      delete answers['age-band'];
      const submission = buildSubmission({ answers });
      expect((await post(submission)).statusCode).toBe(201);
      const sameMeaning = {
        ...answers,
        'work-idea': `  ${String(answers['work-idea'])}   \r\n`,
        'work-support': [{ other: 'Mentoring für Gründerinnen ' }, 'recognition'],
        'living-together': null,
        'age-band': null,
      };
      const resend = await post({ ...submission, answers: sameMeaning });
      expect(resend.statusCode, resend.body).toBe(200);
      expect(count('select count(*) n from contributions where response_id = (select id from responses where client_id = ?)', submission.id)).toBe(2);
    });

    it('still answers 409 to other answers under the same id, also in upper case', async () => {
      const submission = buildSubmission();
      expect((await post(submission)).statusCode).toBe(201);
      const other = await post({ ...submission, id: submission.id.toUpperCase(), answers: { ...goodAnswers(), 'work-situation': 2 } });
      expect(other.statusCode).toBe(409);
      expect(other.json().error.code).toBe('response_conflict');
      // "keine Angabe" (null) on a scale is an answer, not a blank: it differs from a number.
      const noAnswer = await post({ ...submission, answers: { ...goodAnswers(), 'work-situation': null } });
      expect(noAnswer.statusCode).toBe(409);
    });
  });

  describe('stall sync', () => {
    it('recognises market days, notes and dot votes sent again with upper-case ids, and echoes each id as sent', async () => {
      const marketDay = buildMarketDayItem();
      const note = buildNoteItem({ marketDayId: marketDay.id });
      const vote = buildDotVoteItem(marketDay.id);
      await sync([marketDay, note, vote]);
      const shouting = [
        { ...marketDay, id: marketDay.id.toUpperCase() },
        { ...note, id: note.id.toUpperCase(), marketDayId: marketDay.id.toUpperCase() },
        { ...vote, id: vote.id.toUpperCase(), marketDayId: marketDay.id.toUpperCase() },
      ];
      expect(await sync(shouting)).toEqual([
        { id: shouting[0]!.id, status: 'duplicate' },
        { id: shouting[1]!.id, status: 'duplicate', version: 1, receipt: expect.any(String) },
        { id: shouting[2]!.id, status: 'duplicate' },
      ]);
      expect(count('select count(*) n from contributions where lower(id) = ?', note.id)).toBe(1);
      expect(count('select count(*) n from dot_votes where market_day_id = ?', marketDay.id)).toBe(1);
    });

    it('treats a note whose text differs only in surrounding whitespace or line breaks as the same note', async () => {
      const note = buildNoteItem({ text: 'Mehr Bänke\nam Markt' });
      await sync([note]);
      expect(await sync([{ ...note, text: ' Mehr Bänke\r\nam Markt  ' }])).toEqual([{ id: note.id, status: 'duplicate', version: 1, receipt: expect.any(String) }]);
    });

    it('recognises a paper questionnaire sent again with an upper-case id', async () => {
      const marketDay = buildMarketDayItem();
      const paper = { type: 'paperResponse', id: buildSubmission().id, marketDayId: marketDay.id, response: { surveyVersion: 1, language: 'de', answers: goodAnswers() } };
      expect(await sync([marketDay, paper])).toEqual([
        { id: marketDay.id, status: 'stored' },
        { id: paper.id, status: 'stored' },
      ]);
      const upper = paper.id.toUpperCase();
      const resent = { ...paper, id: upper, response: { ...paper.response, id: upper, answers: { ...goodAnswers(), 'work-idea': `${String(goodAnswers()['work-idea'])} ` } } };
      expect(await sync([resent])).toEqual([{ id: upper, status: 'duplicate' }]);
      expect(count('select count(*) n from responses where lower(client_id) = ?', paper.id)).toBe(1);
    });
  });
});
