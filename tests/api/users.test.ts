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
