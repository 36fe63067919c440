import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildContribution } from '../factories/contributions.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type TestApp } from '../helpers/app.ts';

describe('accounts: role, fields of action and password', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(() => t.close());

  it('makes a staff account a working group for two fields, audited with before and after', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const staff = await buildUser(t.db, { role: 'staff' });
    const agent = await signIn(t.app, admin.username, TEST_PASSWORD);
    const patch = await agent.inject({ method: 'PATCH', url: `/api/admin/users/${staff.id}`, payload: { role: 'working_group', fieldsOfAction: ['arbeit', 'bildung', 'arbeit'] } });
    expect(patch.statusCode).toBe(204);
    const listed = ((await agent.inject({ method: 'GET', url: '/api/admin/users' })).json() as Array<{ id: number; role: string; fieldsOfAction: string[] }>).find((user) => user.id === staff.id);
    expect(listed).toMatchObject({ role: 'working_group', fieldsOfAction: ['arbeit', 'bildung'] });

    // The working group's own session sees results of its fields now, without signing in again.
    const group = await signIn(t.app, staff.username, TEST_PASSWORD);
    expect((await group.inject({ method: 'GET', url: '/api/auth/me' })).json()).toMatchObject({ role: 'working_group', fieldsOfAction: ['arbeit', 'bildung'] });

    const audit = (await agent.inject({ method: 'GET', url: `/api/admin/audit?action=user_updated&entityId=${staff.id}` })).json() as { entries: Array<{ username: string; details: unknown }> };
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({ username: admin.username, details: { before: { role: 'staff', fieldsOfAction: [] }, after: { role: 'working_group', fieldsOfAction: ['arbeit', 'bildung'] } } });
  });

  it('clears the fields of action when a working group becomes staff', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const group = await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] });
    const agent = await signIn(t.app, admin.username, TEST_PASSWORD);
    expect((await agent.inject({ method: 'PATCH', url: `/api/admin/users/${group.id}`, payload: { role: 'staff' } })).statusCode).toBe(204);
    expect(t.db.$client.prepare('select role, fields_of_action as fields from users where id = ?').get(group.id)).toEqual({ role: 'staff', fields: '[]' });
  });

  it('refuses to take the admin role from the last active admin, and an unknown field, changing nothing', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const staff = await buildUser(t.db, { role: 'staff' });
    const agent = await signIn(t.app, admin.username, TEST_PASSWORD);
    const demote = await agent.inject({ method: 'PATCH', url: `/api/admin/users/${admin.id}`, payload: { role: 'staff' } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('last_admin');
    const unknown = await agent.inject({ method: 'PATCH', url: `/api/admin/users/${staff.id}`, payload: { role: 'working_group', fieldsOfAction: ['wohnen'] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('unknown_field_of_action');
    const empty = await agent.inject({ method: 'PATCH', url: `/api/admin/users/${staff.id}`, payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(t.db.$client.prepare('select role from users where id in (?, ?) order by id').all(admin.id, staff.id)).toEqual([{ role: 'admin' }, { role: 'staff' }]);
  });

  it('resets a password: every device of that account is signed out, the new password works and the old one not', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const staff = await buildUser(t.db, { role: 'staff' });
    const agent = await signIn(t.app, admin.username, TEST_PASSWORD);
    const tablet = await signIn(t.app, staff.username, TEST_PASSWORD);
    expect((await tablet.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);

    const short = await agent.inject({ method: 'POST', url: `/api/admin/users/${staff.id}/password`, payload: { password: 'kurz' } });
    expect(short.statusCode).toBe(400);
    const reset = await agent.inject({ method: 'POST', url: `/api/admin/users/${staff.id}/password`, payload: { password: 'a brand new passphrase' } });
    expect(reset.statusCode).toBe(204);

    expect((await tablet.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const old = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: staff.username, password: TEST_PASSWORD } });
    expect(old.statusCode).toBe(401);
    await signIn(t.app, staff.username, 'a brand new passphrase');

    const audit = (await agent.inject({ method: 'GET', url: '/api/admin/audit?action=password_reset' })).json() as { entries: Array<{ details: unknown }> };
    expect(audit.entries).toHaveLength(1);
    expect(JSON.stringify(audit.entries)).not.toContain('brand new');
  });
});

describe('retention: a dry run, then the deletion', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(() => t.close());

  const personal = (slug?: string) => {
    buildContribution(t.db, { text: 'Ruft mich an unter 0176 12345678, dann erzähle ich mehr.', channel: 'stall', ...(slug ? { process: slug } : {}) });
    buildContribution(t.db, { text: 'Schreibt an hilfe.gesucht@example.org wegen der Kurse.', channel: 'online', ...(slug ? { process: slug } : {}) });
    buildContribution(t.db, { text: 'Mehr Sprachkurse am Abend wären toll.', channel: 'stall', ...(slug ? { process: slug } : {}) });
  };

  it('counts per channel what it will delete, deletes exactly that when the figures still hold, and audits it', async () => {
    personal();
    buildProcess(t.db, { slug: 'jugend' });
    personal('jugend');
    const admin = await buildUser(t.db, { role: 'admin' });
    const agent = await signIn(t.app, admin.username, TEST_PASSWORD);

    const preview = (await agent.inject({ method: 'GET', url: '/api/admin/processes/integrationskonzept/retention' })).json() as { total: number; due: boolean; counts: Array<{ channel: string; originals: number; contributions: number }> };
    const expected = t.db.$client
      .prepare("select count(*) as n from contributions c join processes p on p.id = c.process_id where p.slug = 'integrationskonzept' and (c.text <> c.masked_text or c.masked_names <> '[]')")
      .get() as { n: number };
    expect(expected.n).toBe(2);
    expect(preview.total).toBe(2);
    expect(preview.counts.map((row) => [row.channel, row.originals])).toEqual([
      ['online', 1],
      ['stall', 1],
    ]);
    expect(preview.due).toBe(false);

    // A figure that no longer holds refuses the deletion and deletes nothing.
    const stale = await agent.inject({ method: 'POST', url: '/api/admin/processes/integrationskonzept/retention', payload: { expectedTotal: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'retention_changed', details: { total: 2 } });
    expect((await agent.inject({ method: 'GET', url: '/api/admin/processes/integrationskonzept/retention' })).json().total).toBe(2);

    const run = await agent.inject({ method: 'POST', url: '/api/admin/processes/integrationskonzept/retention', payload: { expectedTotal: 2 } });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toEqual({ purged: 2 });
    expect((await agent.inject({ method: 'GET', url: '/api/admin/processes/integrationskonzept/retention' })).json().total).toBe(0);
    // The other process keeps its originals.
    expect((await agent.inject({ method: 'GET', url: '/api/admin/processes/jugend/retention' })).json().total).toBe(2);
    expect(t.db.$client.prepare("select count(*) as n from contributions where text like '%0176%'").get()).toEqual({ n: 1 });

    const audit = (await agent.inject({ method: 'GET', url: '/api/admin/audit?action=originals_purged&entity=process' })).json() as { entries: Array<{ entityId: string; username: string; details: { purged: number; early: boolean } }> };
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({ entityId: 'integrationskonzept', username: admin.username, details: { purged: 2, early: true } });
  });

  it('is for admins only, and a process that does not exist is a 404', async () => {
    const staff = await buildUser(t.db, { role: 'staff' });
    const admin = await buildUser(t.db, { role: 'admin' });
    const asStaff = await signIn(t.app, staff.username, TEST_PASSWORD);
    expect((await asStaff.inject({ method: 'GET', url: '/api/admin/processes/integrationskonzept/retention' })).statusCode).toBe(403);
    const asAdmin = await signIn(t.app, admin.username, TEST_PASSWORD);
    const missing = await asAdmin.inject({ method: 'GET', url: '/api/admin/processes/gibtsnicht/retention' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });
});

describe('audit log', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(() => t.close());

  it('filters by who, what and when, and pages backwards without gaps or repeats', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const other = await buildUser(t.db, { role: 'admin' });
    const agent = await signIn(t.app, admin.username, TEST_PASSWORD);
    const second = await signIn(t.app, other.username, TEST_PASSWORD);
    const made: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const user = await buildUser(t.db, { role: 'staff' });
      made.push(user.id);
      const by = i % 2 === 0 ? agent : second;
      expect((await by.inject({ method: 'PATCH', url: `/api/admin/users/${user.id}`, payload: { disabled: true } })).statusCode).toBe(204);
    }

    const byAdmin = (await agent.inject({ method: 'GET', url: `/api/admin/audit?username=${admin.username}&action=user_disabled` })).json() as { entries: Array<{ entityId: string }>; actions: string[] };
    expect(byAdmin.entries.map((entry) => Number(entry.entityId))).toEqual([made[6], made[4], made[2], made[0]]);
    expect(byAdmin.actions).toContain('user_disabled');
    // An entry without details has none (SQL NULL, `null` in the API), not the text "null".
    expect((byAdmin.entries[0] as { details?: unknown }).details).toBeNull();
    expect(t.db.$client.prepare("select distinct typeof(details) t from audit_log where action = 'user_disabled'").all()).toEqual([{ t: 'null' }]);

    const seen: string[] = [];
    let before: number | null = null;
    do {
      const page = (await agent.inject({ method: 'GET', url: `/api/admin/audit?action=user_disabled&limit=3${before ? `&before=${before}` : ''}` })).json() as { entries: Array<{ entityId: string }>; nextBefore: number | null };
      expect(page.entries.length).toBeLessThanOrEqual(3);
      seen.push(...page.entries.map((entry) => entry.entityId));
      before = page.nextBefore;
    } while (before !== null);
    expect(seen).toEqual(made.map(String).reverse());

    const today = new Date().toISOString().slice(0, 10);
    expect(((await agent.inject({ method: 'GET', url: `/api/admin/audit?action=user_disabled&from=${today}&to=${today}` })).json() as { entries: unknown[] }).entries).toHaveLength(7);
    expect(((await agent.inject({ method: 'GET', url: '/api/admin/audit?action=user_disabled&to=2020-01-01' })).json() as { entries: unknown[] }).entries).toHaveLength(0);
    const bad = await agent.inject({ method: 'GET', url: '/api/admin/audit?from=gestern' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBeDefined();
  });
});
