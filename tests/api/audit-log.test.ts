import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildContribution } from '../factories/contributions.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

interface Entry {
  id: number;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  subject: { name: string | null; deleted: boolean; process: string | null; questions?: Record<string, string> } | null;
  details: Record<string, unknown> | null;
}

describe('the audit log', () => {
  let t: TestApp;
  let admin: Agent;
  let arbeit: Agent;
  const api = (path: string) => `/api/processes/${t.slug}${path}`;
  const log = async (query: string) => {
    const response = await admin.inject({ method: 'GET', url: `/api/admin/audit?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { entries: Entry[] }).entries;
  };
  const processTitle = () => (t.db.$client.prepare('select title from processes where slug = ?').get(t.slug) as { title: string }).title;

  beforeEach(async () => {
    t = await buildTestApp();
    admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin', username: 'admin-anna' })).username, TEST_PASSWORD);
    arbeit = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', username: 'ag-arbeit', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
  });
  afterEach(() => t.close());

  it('holds every create, status change, link change, edit and delete of a measure, with who, in the transaction of the change', async () => {
    const id = randomUUID();
    const create = await arbeit.inject({
      method: 'POST',
      url: api('/measures'),
      payload: { id, title: { de: 'Sprachcafé im Stadtteilhaus' }, fieldKey: 'arbeit', resultLinks: [{ kind: 'question', ref: 'work-situation', optionKey: '' }] },
    });
    expect(create.statusCode, create.body).toBe(201);
    const edit = await arbeit.inject({
      method: 'PATCH',
      url: api(`/measures/${id}`),
      payload: { version: 1, statusKey: 'adopted', progress: 40, resultLinks: [{ kind: 'question', ref: 'district', optionKey: '' }] },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    // A refused edit (an old version) leaves nothing in the log: the entry is written with the change or not at all.
    expect((await arbeit.inject({ method: 'PATCH', url: api(`/measures/${id}`), payload: { version: 1, progress: 90 } })).statusCode).toBe(409);

    const entries = await log('entity=measure');
    expect(entries.map((entry) => entry.action)).toEqual(['measure_updated', 'measure_links_changed', 'measure_status_changed', 'measure_created']);
    for (const entry of entries) {
      expect(entry).toMatchObject({ username: 'ag-arbeit', entityId: id, subject: { name: 'Sprachcafé im Stadtteilhaus', deleted: false, process: JSON.parse(processTitle()).de } });
    }
    const [updated, links, status, created] = entries;
    expect(created!.details).toMatchObject({ title: 'Sprachcafé im Stadtteilhaus', changes: expect.arrayContaining([{ field: 'statusKey', before: null, after: 'vorgeschlagen' }]) });
    expect((created!.details!.added as string[])).toHaveLength(1);
    expect(status!.details).toMatchObject({ changes: [{ field: 'statusKey', before: 'vorgeschlagen', after: 'beschlossen' }] });
    expect(links!.details).toMatchObject({ added: [expect.any(String)], removed: created!.details!.added });
    expect(updated!.details).toMatchObject({ changes: [{ field: 'progress', before: '0\u00a0%', after: '40\u00a0%' }] });

    // Deleted: the log says so and still names it by the title it had.
    expect((await admin.inject({ method: 'DELETE', url: api(`/measures/${id}`) })).statusCode).toBe(204);
    const after = await log('entity=measure');
    expect(after[0]).toMatchObject({ action: 'measure_deleted', username: 'admin-anna', subject: { name: 'Sprachcafé im Stadtteilhaus', deleted: true } });
    expect(after.every((entry) => entry.subject?.deleted)).toBe(true);
    expect((await log('action=measure_created&username=ag-arbeit')).map((entry) => entry.entityId)).toEqual([id]);
  });

  it('holds every change of a Leitziel and of the status list', async () => {
    const goal = randomUUID();
    expect((await arbeit.inject({ method: 'POST', url: api('/guiding-goals'), payload: { id: goal, fieldKey: 'arbeit', text: { de: 'Gute Arbeit für alle' } } })).statusCode).toBe(201);
    expect((await arbeit.inject({ method: 'PATCH', url: api(`/guiding-goals/${goal}`), payload: { version: 1, text: { de: 'Gute Arbeit für alle im Quartier' } } })).statusCode).toBe(200);
    const measure = randomUUID();
    expect((await arbeit.inject({ method: 'POST', url: api('/measures'), payload: { id: measure, title: { de: 'Jobbörse' }, fieldKey: 'arbeit', guidingGoalId: goal } })).statusCode).toBe(201);
    expect((await arbeit.inject({ method: 'DELETE', url: api(`/guiding-goals/${goal}`) })).statusCode).toBe(204);

    const entries = await log('entity=guiding_goal');
    expect(entries.map((entry) => entry.action)).toEqual(['guiding_goal_deleted', 'guiding_goal_updated', 'guiding_goal_created']);
    expect(entries[0]).toMatchObject({ username: 'ag-arbeit', subject: { name: 'Gute Arbeit für alle im Quartier', deleted: true }, details: { measuresWithoutGoal: 1 } });
    expect(entries[1]!.details).toMatchObject({ changes: [{ field: 'text', before: 'Gute Arbeit für alle', after: 'Gute Arbeit für alle im Quartier' }] });

    const statuses = [
      { key: 'proposed', label: { de: 'Idee' }, concluded: false },
      { key: 'adopted', label: { de: 'beschlossen' }, concluded: false },
      { key: 'fertig', label: { de: 'fertig' }, concluded: true },
    ];
    expect((await admin.inject({ method: 'PUT', url: `/api/admin/processes/${t.slug}/measure-statuses`, payload: { statuses } })).statusCode).toBe(200);
    const [set] = await log('action=measure_statuses_set');
    expect(set).toMatchObject({ username: 'admin-anna', entity: 'process', subject: { name: JSON.parse(processTitle()).de, deleted: false } });
    expect(set!.details).toMatchObject({ changes: [{ field: 'statuses', before: expect.stringContaining('vorgeschlagen'), after: 'Idee, beschlossen, fertig' }] });
    // A label given in Turkish only: the entry names every language's labels, so it shows what changed.
    const turkish = statuses.map((status) => (status.key === 'fertig' ? { ...status, label: { de: 'fertig', tr: 'tamamlandı' } } : status));
    expect((await admin.inject({ method: 'PUT', url: `/api/admin/processes/${t.slug}/measure-statuses`, payload: { statuses: turkish } })).statusCode).toBe(200);
    const [translated] = await log('action=measure_statuses_set');
    expect(translated!.details).toMatchObject({ changes: [{ field: 'statuses', before: 'Idee, beschlossen, fertig', after: 'Idee, beschlossen, fertig / tr: tamamlandı' }] });
    // Saving the same list again writes no entry.
    expect((await admin.inject({ method: 'PUT', url: `/api/admin/processes/${t.slug}/measure-statuses`, payload: { statuses: turkish } })).statusCode).toBe(200);
    expect(await log('action=measure_statuses_set')).toHaveLength(2);
  });

  it('names accounts and contributions by name and cite id, not by their ids', async () => {
    const bernd = await buildUser(t.db, { role: 'staff', username: 'bernd' });
    expect((await admin.inject({ method: 'PATCH', url: `/api/admin/users/${bernd.id}`, payload: { disabled: true } })).statusCode).toBeLessThan(300);
    const contribution = buildContribution(t.db, { text: 'Mehr Bänke am Markt' });
    expect((await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/contributions/${contribution}/hide`, payload: { version: 1, reason: 'Doppelt' } })).statusCode).toBe(204);
    const [locked] = await log('action=user_disabled');
    expect(locked).toMatchObject({ entityId: String(bernd.id), subject: { name: 'bernd', deleted: false } });
    const [hidden] = await log('action=contribution_hidden');
    expect(hidden!.subject).toMatchObject({ name: expect.stringMatching(/^B-\d+$/), deleted: false, process: JSON.parse(processTitle()).de });
  });

  it('names the questions of released results as the release froze them, not as the questionnaire reads now', async () => {
    const id = randomUUID();
    const release = { id, title: { de: 'Erste Ergebnisse' }, intro: { de: 'Stand nach den ersten Wochen.' }, selection: { questions: ['work-situation', 'age-band'], dotVotes: false } };
    expect((await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/snapshots`, payload: release })).statusCode).toBe(201);
    const titleOf = (key: string) =>
      (t.db.$client.prepare(`select json_extract(q.value, '$.title.de') title from surveys, json_each(definition, '$.sections') s, json_each(s.value, '$.questions') q where json_extract(q.value, '$.key') = ?`).get(key) as { title: string }).title;
    const frozen = titleOf('work-situation');
    // The questionnaire's wording changes after the release (a later version, an edit in the database).
    t.db.$client.prepare(`update surveys set definition = replace(definition, ?, 'Eine ganz andere Frage')`).run(JSON.stringify(frozen).slice(1, -1));
    expect(titleOf('work-situation')).toBe('Eine ganz andere Frage');
    const [released] = await log('action=snapshot_released');
    expect(released!.subject).toMatchObject({ name: 'Erste Ergebnisse', deleted: false, questions: { 'work-situation': frozen, 'age-band': titleOf('age-band') } });
  });
  it('filters by process: what happened in it, accounts given it, and nothing that belongs to no process or to another one', async () => {
    const jugend = buildProcess(t.db, { slug: 'jugend', title: 'Jugend beteiligen' });
    const measure = randomUUID();
    expect((await arbeit.inject({ method: 'POST', url: api('/measures'), payload: { id: measure, title: { de: 'Sprachcafé' }, fieldKey: 'arbeit' } })).statusCode).toBe(201);
    const contribution = buildContribution(t.db, { text: 'Mehr Bänke am Markt' });
    expect((await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/contributions/${contribution}/hide`, payload: { version: 1, reason: 'Doppelt' } })).statusCode).toBe(204);
    const password = 'a long enough passphrase';
    const created = await admin.inject({ method: 'POST', url: '/api/admin/users', payload: { username: 'ag-jugend', password, role: 'working_group', fieldsOfAction: ['arbeit'], processes: [jugend] } });
    expect(created.statusCode, created.body).toBe(201);
    expect((await admin.inject({ method: 'POST', url: '/api/admin/users', payload: { username: 'markt', password, role: 'staff' } })).statusCode).toBe(201);
    expect((await admin.inject({ method: 'PUT', url: `/api/admin/processes/${jugend}/status`, payload: { status: 'draft' } })).statusCode).toBeLessThan(300);

    const ours = await log(`process=${t.slug}`);
    // ag-arbeit was created for this process (beforeEach), so its account's entry belongs here too.
    expect(ours.map((entry) => [entry.action, entry.subject?.name])).toEqual([
      ['contribution_hidden', expect.stringMatching(/^B-\d+$/)],
      ['measure_created', 'Sprachcafé'],
      ['user_created', 'ag-arbeit'],
    ]);
    const theirs = await log('process=jugend');
    expect(theirs.map((entry) => entry.action)).toEqual(['process_status_changed', 'user_created']);
    // The new working group's entry names its processes and fields of action — and nothing of its password.
    expect(theirs[1]).toMatchObject({ subject: { name: 'ag-jugend' }, details: { username: 'ag-jugend', role: 'working_group', processes: [jugend], fieldsOfAction: ['arbeit'] } });
    expect(JSON.stringify(theirs[1]!.details)).not.toMatch(/passphrase|password|hash|argon/i);
    // An account for no process (the market stall team) holds no scope and is listed only without the filter.
    const [staff] = await log('action=user_created&username=admin-anna&entity=user');
    expect(staff!.details).toEqual({ username: 'markt', role: 'staff' });
    expect((await log('')).map((entry) => entry.subject?.name)).toContain('markt');
    // Filters combine: the process and the kind of entry.
    expect((await log(`process=${t.slug}&entity=measure`)).map((entry) => entry.entityId)).toEqual([measure]);

    const unknown = await admin.inject({ method: 'GET', url: '/api/admin/audit?process=gibt-es-nicht' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: { code: 'unknown_process', message: expect.any(String) } });
  });
});
