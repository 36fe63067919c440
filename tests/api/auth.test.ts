import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type TestApp } from '../helpers/app.ts';

describe('accounts and sessions', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(() => t.close());

  it('signs in with a strict, HttpOnly session cookie and returns the CSRF token', async () => {
    const user = await buildUser(t.db, { role: 'staff' });
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ username: user.username, role: 'staff', csrfToken: expect.any(String) });
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^mitreden_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it('marks the cookie Secure behind an https reverse proxy', async () => {
    const proxied = await buildTestApp({ TRUST_PROXY: 'true' });
    try {
      const user = await buildUser(proxied.db);
      const response = await proxied.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username: user.username, password: TEST_PASSWORD },
      });
      expect(String(response.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await proxied.close();
    }
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const user = await buildUser(t.db);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: 'not the password' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('returns the user and the CSRF token again after a reload', async () => {
    const user = await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit', 'freizeit'] });
    const agent = await signIn(t.app, user.username, TEST_PASSWORD);
    const me = await agent.inject({ method: 'GET', url: '/api/auth/me' });
    expect(me.json()).toMatchObject({ username: user.username, role: 'working_group', fieldsOfAction: ['arbeit', 'freizeit'], csrfToken: agent.csrfToken });
  });

  it('kills the session on the server at logout: the old cookie gets 401', async () => {
    const user = await buildUser(t.db);
    const agent = await signIn(t.app, user.username, TEST_PASSWORD);
    const logout = await agent.inject({ method: 'POST', url: '/api/auth/logout' });
    expect(logout.statusCode).toBe(204);
    const after = await agent.inject({ method: 'GET', url: '/api/auth/me' });
    expect(after.statusCode).toBe(401);
  });

  it('lets an admin sign out a lost tablet', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const staff = await buildUser(t.db, { role: 'staff' });
    const adminAgent = await signIn(t.app, admin.username, TEST_PASSWORD);
    const tablet = await signIn(t.app, staff.username, TEST_PASSWORD);
    const sessions = (await adminAgent.inject({ method: 'GET', url: '/api/admin/sessions' })).json();
    const tabletSession = sessions.find((s: { username: string }) => s.username === staff.username);
    expect(tabletSession).toBeDefined();
    const revoke = await adminAgent.inject({ method: 'DELETE', url: `/api/admin/sessions/${tabletSession.id}` });
    expect(revoke.statusCode).toBe(204);
    expect((await tablet.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await adminAgent.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    const audit = t.db.$client.prepare("select action from audit_log where action = 'session_revoked'").all();
    expect(audit).toHaveLength(1);
  });

  it('signs out every device of a disabled user and refuses their login', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const staff = await buildUser(t.db, { role: 'staff' });
    const adminAgent = await signIn(t.app, admin.username, TEST_PASSWORD);
    const tablet = await signIn(t.app, staff.username, TEST_PASSWORD);
    const disable = await adminAgent.inject({ method: 'PATCH', url: `/api/admin/users/${staff.id}`, payload: { disabled: true } });
    expect(disable.statusCode).toBe(204);
    expect((await tablet.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: staff.username, password: TEST_PASSWORD } });
    expect(again.statusCode).toBe(401);
  });

  it('lets an admin create accounts with a memory-hard hash and no plain password stored', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const agent = await signIn(t.app, admin.username, TEST_PASSWORD);
    const created = await agent.inject({
      method: 'POST',
      url: '/api/admin/users',
      payload: { username: 'ag-arbeit', password: 'a long enough passphrase', role: 'working_group', fieldsOfAction: ['arbeit'] },
    });
    expect(created.statusCode).toBe(201);
    const row = t.db.$client.prepare("select password_hash from users where username = 'ag-arbeit'").get() as { password_hash: string };
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const duplicate = await agent.inject({ method: 'POST', url: '/api/admin/users', payload: { username: 'ag-arbeit', password: 'a long enough passphrase', role: 'staff' } });
    expect(duplicate.statusCode).toBe(409);
    const short = await agent.inject({ method: 'POST', url: '/api/admin/users', payload: { username: 'x2', password: 'short', role: 'staff' } });
    expect(short.statusCode).toBe(400);
  });

  it('throttles password guessing per account', async () => {
    const user = await buildUser(t.db);
    let last = 0;
    for (let i = 0; i < 11; i += 1) {
      last = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: `guess ${i}` } })).statusCode;
    }
    expect(last).toBe(429);
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: TEST_PASSWORD } });
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('too_many_login_attempts');
  });
});
