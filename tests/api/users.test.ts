import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProcess } from '../factories/processes.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type TestApp } from '../helpers/app.ts';

const run = promisify(execFile);

describe('accounts page API', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(() => t.close());

  it('refuses an unknown field of action with a 400 in the error shape, naming the key', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const agent = await signIn(t.app, admin.username, TEST_PASSWORD);
    const response = await agent.inject({
      method: 'POST',
      url: '/api/admin/users',
      payload: { username: 'ag-wohnen', password: 'a long enough passphrase', role: 'working_group', fieldsOfAction: ['arbeit', 'wohnen'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'unknown_field_of_action',
        message: 'Unknown fields of action: wohnen',
        details: [{ path: 'body.fieldsOfAction', message: 'unknown key', keys: ['wohnen'] }],
      },
    });
    expect(t.db.$client.prepare("select count(*) as n from users where username = 'ag-wohnen'").get()).toEqual({ n: 0 });
  });

  it('offers every field of action once, sub-fields with their parent', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const agent = await signIn(t.app, admin.username, TEST_PASSWORD);
    const options = (await agent.inject({ method: 'GET', url: '/api/admin/fields-of-action' })).json() as Array<{ key: string; label: string; parentKey: string | null }>;
    expect(options).toContainEqual({ key: 'arbeit', label: 'Arbeit & Beschäftigung', parentKey: null, processes: ['integrationskonzept'] });
    expect(options.some((option) => option.parentKey !== null)).toBe(true);
    expect(new Set(options.map((option) => option.key)).size).toBe(options.length);
  });

  it('gives a working group only fields of action its processes have, and says which processes have each field', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const agent = await signIn(t.app, admin.username, TEST_PASSWORD);
    const youth = buildProcess(t.db, { slug: 'jugend-2027' });
    t.db.$client.prepare("insert into fields_of_action (process_id, key, parent_key, label, sort_order) select id, 'sport', null, json_object('de', 'Sport'), 99 from processes where slug = ?").run(youth);
    const options = (await agent.inject({ method: 'GET', url: '/api/admin/fields-of-action' })).json() as Array<{ key: string; processes: string[] }>;
    expect(options.find((option) => option.key === 'arbeit')!.processes).toEqual(['integrationskonzept', youth]);
    expect(options.find((option) => option.key === 'sport')!.processes).toEqual([youth]);
    const create = (processes: string[]) =>
      agent.inject({ method: 'POST', url: '/api/admin/users', payload: { username: `ag-sport-${processes.length}`, password: 'a long enough passphrase', role: 'working_group', fieldsOfAction: ['sport'], processes } });
    const mismatched = await create(['integrationskonzept']);
    expect(mismatched.statusCode).toBe(400);
    expect(mismatched.json().error).toMatchObject({ code: 'field_not_in_process', details: [{ path: 'body.fieldsOfAction', keys: ['sport'] }] });
    expect((await create(['integrationskonzept', youth])).statusCode).toBe(201);
  });

  it('counts a user’s signed-in devices and lists each under the name given at sign-in', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const staff = await buildUser(t.db, { role: 'staff' });
    const agent = await signIn(t.app, admin.username, TEST_PASSWORD);
    for (const deviceName of ['Tablet Stand 2', '  Tablet Stand 3  ', '']) {
      const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: staff.username, password: TEST_PASSWORD, deviceName } });
      expect(login.statusCode).toBe(200);
    }
    const users = (await agent.inject({ method: 'GET', url: '/api/admin/users' })).json() as Array<{ username: string; activeSessions: number }>;
    expect(users.find((user) => user.username === staff.username)?.activeSessions).toBe(3);
    expect(users.find((user) => user.username === admin.username)?.activeSessions).toBe(1);
    const sessions = (await agent.inject({ method: 'GET', url: '/api/admin/sessions' })).json() as Array<{ username: string; deviceName: string | null }>;
    expect(sessions.filter((session) => session.username === staff.username).map((session) => session.deviceName).sort()).toEqual(['Tablet Stand 2', 'Tablet Stand 3', null]);
  });

  it('refuses an archived process for a new working group, and lets an account that works on it keep it', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const agent = await signIn(t.app, admin.username, TEST_PASSWORD);
    const kept = await buildUser(t.db, { role: 'working_group', username: 'ag-alt', processes: [t.slug] });
    const other = await buildUser(t.db, { role: 'working_group', username: 'ag-neu', processes: [buildProcess(t.db, { slug: 'klimaplan' })] });
    await agent.inject({ method: 'PUT', url: `/api/admin/processes/${t.slug}/status`, payload: { status: 'archived' } });

    const created = await agent.inject({ method: 'POST', url: '/api/admin/users', payload: { username: 'ag-spaet', password: 'a long enough passphrase', role: 'working_group', fieldsOfAction: ['arbeit'], processes: [t.slug] } });
    expect(created.statusCode).toBe(400);
    expect(created.json()).toEqual({
      error: { code: 'process_archived', message: `Archived processes take no new working groups: ${t.slug}`, details: [{ path: 'body.processes', message: 'archived', keys: [t.slug] }] },
    });
    expect(t.db.$client.prepare("select count(*) as n from users where username = 'ag-spaet'").get()).toEqual({ n: 0 });

    // An account that works on it keeps it through a change; another account cannot take it on.
    const keeps = await agent.inject({ method: 'PATCH', url: `/api/admin/users/${kept.id}`, payload: { displayName: 'AG Alt', fieldsOfAction: ['arbeit'], processes: [t.slug] } });
    expect(keeps.statusCode, keeps.body).toBe(204);
    const takes = await agent.inject({ method: 'PATCH', url: `/api/admin/users/${other.id}`, payload: { processes: ['klimaplan', t.slug] } });
    expect(takes.statusCode).toBe(400);
    expect(takes.json().error.code).toBe('process_archived');
    expect(t.db.$client.prepare('select username, processes from users where id in (?, ?) order by username').all(kept.id, other.id)).toEqual([
      { username: 'ag-alt', processes: `["${t.slug}"]` },
      { username: 'ag-neu', processes: '["klimaplan"]' },
    ]);
  });

  it('lists a browser that signs in again as the same device, once, under the name it was given', async () => {
    const admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    const staff = await buildUser(t.db, { role: 'staff' });
    /** One browser: it keeps the cookies each sign-in sets and sends them to the next. */
    const browser = () => {
      const jar = new Map<string, string>();
      return async (deviceName?: string, { forget }: { forget?: 'device' | 'session' } = {}) => {
        const sent = [...jar].filter(([name]) => (forget === 'device' ? !name.startsWith('mitreden_device_') : forget === 'session' ? name !== 'mitreden_session' : true));
        const login = await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: staff.username, password: TEST_PASSWORD, ...(deviceName ? { deviceName } : {}) },
          headers: sent.length ? { cookie: sent.map(([name, value]) => `${name}=${value}`).join('; ') } : {},
        });
        expect(login.statusCode).toBe(200);
        for (const cookie of login.cookies) jar.set(cookie.name, cookie.value);
        return jar.get('mitreden_session')!;
      };
    };
    const devices = async () =>
      ((await admin.inject({ method: 'GET', url: '/api/admin/sessions' })).json() as Array<{ username: string; deviceName: string | null }>)
        .filter((session) => session.username === staff.username)
        .map((session) => session.deviceName)
        .sort();
    const signedIn = async (token: string) => (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `mitreden_session=${token}` } })).statusCode;

    const tablet = browser();
    const first = await tablet('Tablet Stand 2');
    const second = await tablet();
    expect(await devices()).toEqual(['Tablet Stand 2']);
    expect(await signedIn(first)).toBe(401);
    expect(await signedIn(second)).toBe(200);
    // Its device cookie lost (cleared, or from before): the session cookie it still sends names the device it replaces.
    await tablet(undefined, { forget: 'device' });
    // Its session cookie lost: the device cookie does.
    await tablet(undefined, { forget: 'session' });
    expect(await devices()).toEqual(['Tablet Stand 2']);

    // Another browser is another device; a new name renames this one.
    await browser()();
    await tablet('Tablet Stand 3');
    expect(await devices()).toEqual(['Tablet Stand 3', null]);
  });

  it('refuses a device name longer than 60 characters', async () => {
    const staff = await buildUser(t.db, { role: 'staff' });
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: staff.username, password: TEST_PASSWORD, deviceName: 'x'.repeat(61) } });
    expect(login.statusCode).toBe(400);
    expect(login.json().error.code).toBe('validation_failed');
  });
});

describe('npm run user:create', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(() => t.close());

  const createUser = (args: string[]) =>
    run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../scripts/create-user.ts'), ...args], {
      env: { ...process.env, DATABASE_PATH: t.databasePath, MITREDEN_PASSWORD: 'a long enough passphrase' },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    );

  it('refuses an unknown --field key, names it and the known ones, and creates nobody', async () => {
    const result = await createUser(['--username', 'ag-wohnen', '--role', 'working_group', '--field', 'arbeit', '--field', 'wohnen', '--process', t.slug]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown fields of action: wohnen');
    expect(result.stderr).toMatch(/Known keys: .*arbeit/);
    expect(t.db.$client.prepare("select count(*) as n from users where username = 'ag-wohnen'").get()).toEqual({ n: 0 });
  });

  it('creates a working-group account with known keys for the processes it names', async () => {
    const result = await createUser(['--username', 'ag-arbeit', '--role', 'working_group', '--field', 'arbeit', '--process', t.slug]);
    expect(result.stdout).toContain(`Created working_group "ag-arbeit" in ${t.databasePath}.`);
    expect(result.code).toBe(0);
    expect(t.db.$client.prepare("select fields_of_action as f, processes as p from users where username = 'ag-arbeit'").get()).toEqual({ f: '["arbeit"]', p: `["${t.slug}"]` });
  });

  it('refuses an archived process, naming the ones open for new working groups, and creates nobody', async () => {
    t.db.$client.prepare("update processes set status = 'archived' where slug = ?").run(t.slug);
    buildProcess(t.db, { slug: 'klimaplan' });
    const result = await createUser(['--username', 'ag-spaet', '--role', 'working_group', '--field', 'arbeit', '--process', t.slug]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Archived processes take no new working groups: ${t.slug}`);
    expect(result.stderr).toContain('Processes open for new working groups: klimaplan');
    expect(t.db.$client.prepare("select count(*) as n from users where username = 'ag-spaet'").get()).toEqual({ n: 0 });
  });

  it('refuses a working group without a process, or with one that does not exist (naming the known ones), and creates nobody', async () => {
    const none = await createUser(['--username', 'ag-ohne', '--role', 'working_group', '--field', 'arbeit']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--process: a working group needs at least one process');
    const unknown = await createUser(['--username', 'ag-ohne', '--role', 'working_group', '--field', 'arbeit', '--process', 'spielplatz']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown processes: spielplatz');
    expect(unknown.stderr).toContain(`Known processes: ${t.slug}`);
    expect(t.db.$client.prepare("select count(*) as n from users where username = 'ag-ohne'").get()).toEqual({ n: 0 });
  });
});
