import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateResult } from '../../shared/api/results.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildDotVoteItem, buildNoteItem, buildMarketDayItem } from '../factories/stall.ts';
import { buildSubmission, goodAnswers } from '../factories/survey.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/**
 * Two processes with the same fields of action and Stadtteile (the second a copy of the
 * default one): only the process keeps their voices apart, in every area.
 */
describe('two processes side by side', () => {
  let t: TestApp;
  let admin: Agent;
  let staff: Agent;
  let group: Agent;
  let first: string;
  let second: string;
  const secondMarketDay = buildMarketDayItem({ stadtteil: 'refrath' });

  const answersWith = (idea: string) => ({ ...goodAnswers(), 'work-support': ['recognition'], 'living-together': null, 'work-idea': idea });
  const texts = (items: Array<{ text: string }>) => items.map((item) => item.text).sort();
  const get = async (agent: Agent, url: string) => {
    const response = await agent.inject({ method: 'GET', url });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    return response;
  };

  beforeAll(async () => {
    t = await buildTestApp();
    first = t.slug;
    second = buildProcess(t.db, { slug: 'zweites-verfahren', title: 'Zweites Verfahren' });
    admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    staff = await signIn(t.app, (await buildUser(t.db, { role: 'staff' })).username, TEST_PASSWORD);
    group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);

    for (const [slug, count] of [
      [first, 5],
      [second, 6],
    ] as const) {
      for (let i = 0; i < count; i += 1) {
        const response = await t.app.inject({ method: 'POST', url: `/api/processes/${slug}/responses`, payload: buildSubmission({ answers: answersWith(`${slug}: online ${i}`) }) });
        expect(response.statusCode, response.body).toBe(201);
      }
    }
    const sync = await staff.inject({
      method: 'POST',
      url: '/api/stall/sync',
      payload: {
        items: [
          { ...secondMarketDay, processSlug: second },
          buildNoteItem({ processSlug: second, marketDayId: secondMarketDay.id, text: `${second}: Stand`, fieldsOfAction: ['arbeit'] }),
          buildDotVoteItem(secondMarketDay.id, { option: 'arbeit' }),
          { type: 'paperResponse', id: randomUUID(), marketDayId: secondMarketDay.id, response: { surveyVersion: 1, language: 'de', answers: answersWith(`${second}: Papier`) } },
          buildNoteItem({ processSlug: first, text: `${first}: Stand`, fieldsOfAction: ['arbeit'] }),
          // A note of the first process may not name a market day of the second.
          buildNoteItem({ processSlug: first, marketDayId: secondMarketDay.id, text: 'falsch zugeordnet', fieldsOfAction: ['arbeit'] }),
        ],
      },
    });
    expect(sync.json().results.map((result: { status: string; error?: { code: string } }) => result.error?.code ?? result.status)).toEqual([
      'stored',
      'stored',
      'stored',
      'stored',
      'stored',
      'unknown_market_day',
    ]);
  });
  afterAll(() => t.close());

  it('lists both processes, the default one first', async () => {
    expect((await get(admin, '/api/processes')).json().map((process: { slug: string }) => process.slug)).toEqual([first, second]);
  });

  it('keeps each process’s market days, notes, paper questionnaires and dot votes to itself', async () => {
    const marketDays = async (slug: string) => (await get(staff, `/api/stall/market-days?processSlug=${slug}`)).json().marketDays;
    expect(await marketDays(first)).toEqual([]);
    expect(await marketDays(second)).toMatchObject([{ id: secondMarketDay.id, processSlug: second, noteCount: 1, paperCount: 1, tally: { arbeit: 1 } }]);
  });

  it('moderates each process’s contributions under its own address only', async () => {
    const queue = async (slug: string) => (await get(admin, `/api/admin/processes/${slug}/moderation?state=all&limit=200`)).json().items as Array<{ id: string; text: string }>;
    const ofFirst = await queue(first);
    const ofSecond = await queue(second);
    expect(texts(ofFirst)).toEqual([...[0, 1, 2, 3, 4].map((i) => `${first}: online ${i}`), `${first}: Stand`].sort());
    expect(texts(ofSecond)).toEqual([...[0, 1, 2, 3, 4, 5].map((i) => `${second}: online ${i}`), `${second}: Papier`, `${second}: Stand`].sort());
    const foreign = ofSecond[0]!;
    const review = await admin.inject({ method: 'POST', url: `/api/admin/processes/${first}/contributions/${foreign.id}/review`, payload: { version: 1, fieldsOfAction: ['arbeit'], stadtteil: 'gronau' } });
    expect(review.statusCode).toBe(404);
    const hide = await admin.inject({ method: 'POST', url: `/api/admin/processes/${first}/contributions/${foreign.id}/hide`, payload: { version: 1, reason: 'falsches Verfahren' } });
    expect(hide.statusCode).toBe(404);
    expect(texts(await queue(second))).toContain(foreign.text);
  });

  it('counts each process’s voices in its own results', async () => {
    const aggregates = async (slug: string): Promise<AggregateResult> => (await get(admin, `/api/processes/${slug}/aggregates?by=channel&includeFlagged=true`)).json();
    const firstResult = await aggregates(first);
    const secondResult = await aggregates(second);
    // Questionnaires: 5 online; 6 online and 1 on paper. Contributions: the texts in them plus each stall note.
    expect(firstResult.responses!.total).toEqual({ count: 5, suppressed: false });
    expect(secondResult.responses!.total).toEqual({ count: 7, suppressed: false });
    expect(firstResult.contributions.total).toEqual({ count: 6, suppressed: false });
    expect(secondResult.contributions.total).toEqual({ count: 8, suppressed: false });
    // A working group reads what staff captured (online answers without a proof of work are flagged) of the process it asks for only.
    const read = async (slug: string) => texts((await get(group, `/api/processes/${slug}/contributions?field=arbeit`)).json());
    expect(await read(first)).toEqual([`${first}: Stand`]);
    expect(await read(second)).toEqual([`${second}: Papier`, `${second}: Stand`]);
  });

  it('opens to a working group only the processes its account names, whatever their fields are called; an admin adds one', async () => {
    const account = await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'], processes: [first] });
    const only = await signIn(t.app, account.username, TEST_PASSWORD);
    expect((await get(only, '/api/auth/me')).json()).toMatchObject({ role: 'working_group', fieldsOfAction: ['arbeit'], processes: [first] });
    expect(texts((await get(only, `/api/processes/${first}/contributions?field=arbeit`)).json())).toEqual([`${first}: Stand`]);
    // The second process has a field "arbeit" too, and its voices stay closed to this group, on every read.
    for (const url of [`/api/processes/${second}/contributions?field=arbeit`, `/api/processes/${second}/aggregates?by=channel`, `/api/processes/${second}/quotes`, `/api/processes/${second}/outcomes`, `/api/processes/${second}/outcomes/report`, `/api/processes/${second}/measure-editor`, `/api/processes/${second}/measure-changes`, `/api/processes/${second}/participation`, `/api/processes/${second}/exports/csv`]) {
      const refused = await only.inject({ method: 'GET', url });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.code, url).toBe('process_not_assigned');
    }
    // Staff read who took part in any process (the market-day form's "where next").
    await get(staff, `/api/processes/${second}/participation`);
    // The outcome report an admin reads of a process lists the groups that work on it.
    const groupsOf = async (slug: string) => ((await get(admin, `/api/processes/${slug}/outcomes/report`)).json() as { groups: Array<{ name: string }> }).groups.map((group) => group.name);
    expect(await groupsOf(first)).toContain(account.username);
    expect(await groupsOf(second)).not.toContain(account.username);

    const unknown = await admin.inject({ method: 'PATCH', url: `/api/admin/users/${account.id}`, payload: { processes: [first, 'drittes-verfahren'] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'unknown_process', details: [{ path: 'body.processes', keys: ['drittes-verfahren'] }] });
    const added = await admin.inject({ method: 'PATCH', url: `/api/admin/users/${account.id}`, payload: { processes: [first, second] } });
    expect(added.statusCode, added.body).toBe(204);
    expect(texts((await get(only, `/api/processes/${second}/contributions?field=arbeit`)).json())).toEqual([`${second}: Papier`, `${second}: Stand`]);
    expect(await groupsOf(second)).toContain(account.username);
    const listed = ((await get(admin, '/api/admin/users')).json() as Array<{ username: string; processes: string[] }>).find((user) => user.username === account.username);
    expect(listed?.processes).toEqual([first, second]);

    // Another role drops the processes with the fields.
    expect((await admin.inject({ method: 'PATCH', url: `/api/admin/users/${account.id}`, payload: { role: 'staff' } })).statusCode).toBe(204);
    expect(t.db.$client.prepare('select fields_of_action as f, processes as p from users where id = ?').get(account.id)).toEqual({ f: '[]', p: '[]' });
  });

  it('exports each process’s voices in its own files', async () => {
    const csv = async (slug: string) => (await get(admin, `/api/processes/${slug}/exports/csv`)).body;
    const firstFile = await csv(first);
    const secondFile = await csv(second);
    expect(firstFile).toContain(`${first}: Stand`);
    expect(firstFile).not.toContain(second);
    expect(secondFile).toContain(`${second}: Stand`);
    expect(secondFile).toContain(`${second}: Papier`);
    expect(secondFile).not.toContain(`${first}:`);
  });
});
