import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { configSchema } from '../../server/config.ts';
import { DEVICE_COOKIE_PREFIX, LOGIN_LIMITS } from '../../server/features/auth/login-throttle.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

/** Sign-in throttling per OWASP: points taken before the password is checked, device cookies for known devices, IPv6 per /64. */
describe('sign-in throttling', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await t.close();
  });

  const login = (username: string, password: string, options: { address?: string; device?: Record<string, string> } = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: options.address ?? '203.0.113.7',
      ...(options.device ? { cookies: options.device } : {}),
    });
  /** The device cookie a successful sign-in hands out, as the browser would send it back. */
  const deviceOf = (response: Awaited<ReturnType<typeof login>>) => {
    const cookie = response.cookies.find((c) => c.name.startsWith(DEVICE_COOKIE_PREFIX));
    expect(cookie, 'a device cookie').toBeDefined();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth/login' });
    return { [cookie!.name]: cookie!.value };
  };
  const evaluated = () => (t.db.$client.prepare("select count(*) n from audit_log where action = 'login_failed'").get() as { n: number }).n;
  const statuses = (responses: Array<{ statusCode: number }>) => {
    const counts: Record<number, number> = {};
    for (const { statusCode } of responses) counts[statusCode] = (counts[statusCode] ?? 0) + 1;
    return counts;
  };

  it('30 parallel guesses on one account get only the limit evaluated; with 2 points left, 60 parallel get 2', async () => {
    const user = await buildUser(t.db);
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => login(user.username, `guess ${i}`)));
    expect(statuses(burst)).toEqual({ 401: LOGIN_LIMITS.accountFromUnknownDevices, 429: 30 - LOGIN_LIMITS.accountFromUnknownDevices });
    expect(evaluated()).toBe(LOGIN_LIMITS.accountFromUnknownDevices);
    expect(burst.find((r) => r.statusCode === 429)!.json().error.code).toBe('too_many_login_attempts');

    const other = await buildUser(t.db);
    for (let i = 0; i < LOGIN_LIMITS.accountFromUnknownDevices - 2; i += 1) expect((await login(other.username, `guess ${i}`, { address: `198.51.100.${i}` })).statusCode).toBe(401);
    const before = evaluated();
    const second = await Promise.all(Array.from({ length: 60 }, (_, i) => login(other.username, `parallel ${i}`, { address: `192.0.2.${i}` })));
    expect(statuses(second)).toEqual({ 401: 2, 429: 58 });
    expect(evaluated() - before).toBe(2);
  });

  it('the owner on a device that signed in before keeps getting in while strangers guess; unknown devices wait until the window ends', async () => {
    const owner = await buildUser(t.db);
    const device = deviceOf(await login(owner.username, TEST_PASSWORD, { address: '198.51.100.20' }));
    for (let i = 0; i < 15; i += 1) await login(owner.username, `guess ${i}`, { address: `192.0.2.${i}` });

    const fromUnknown = await login(owner.username, TEST_PASSWORD, { address: '198.51.100.20' });
    expect(fromUnknown.statusCode).toBe(429);
    expect(fromUnknown.json().error.message).toMatch(/device you have used before/);
    const fromKnown = await login(owner.username, TEST_PASSWORD, { address: '198.51.100.20', device });
    expect(fromKnown.statusCode).toBe(200);
    // Even from another network (the tablet taken to a market).
    expect((await login(owner.username, TEST_PASSWORD, { address: '2001:db8:9::5', device })).statusCode).toBe(200);

    // Nothing locks for good: after the window an unknown device gets in again.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + (LOGIN_LIMITS.windowSeconds + 60) * 1000);
    expect((await login(owner.username, TEST_PASSWORD, { address: '198.51.100.20' })).statusCode).toBe(200);
  });

  it('a forged device cookie, or one for another account, counts as an unknown device; a device cookie that fails too often too', async () => {
    const owner = await buildUser(t.db);
    const colleague = await buildUser(t.db);
    const device = deviceOf(await login(owner.username, TEST_PASSWORD));
    const [name, value] = Object.entries(device)[0]!;
    const forged = { [name]: `${value.slice(0, -3)}AAA` };
    const colleagueDevice = deviceOf(await login(colleague.username, TEST_PASSWORD));
    const foreign = { [name]: Object.values(colleagueDevice)[0]! };
    for (let i = 0; i < LOGIN_LIMITS.accountFromUnknownDevices; i += 1) await login(owner.username, `guess ${i}`, { address: `192.0.2.${i}` });
    expect((await login(owner.username, TEST_PASSWORD, { device: forged })).statusCode).toBe(429);
    expect((await login(owner.username, TEST_PASSWORD, { device: foreign })).statusCode).toBe(429);

    // Someone holding the owner's tablet guesses: past the device's own limit it is an unknown device again.
    for (let i = 0; i < LOGIN_LIMITS.device; i += 1) expect((await login(owner.username, `tablet guess ${i}`, { device })).statusCode).toBe(401);
    expect((await login(owner.username, TEST_PASSWORD, { device })).statusCode).toBe(429);
  });

  it('failures behind one address (a NAT) do not lock out colleagues who hold a device cookie; IPv6 counts per /64', async () => {
    const colleague = await buildUser(t.db);
    const device = deviceOf(await login(colleague.username, TEST_PASSWORD, { address: '2001:db8:1:2::10' }));
    const newcomer = await buildUser(t.db);
    // Guesses at many accounts from addresses all over one /64.
    for (let i = 0; i < LOGIN_LIMITS.addressFromUnknownDevices; i += 1) {
      expect((await login(`nobody-${i}`, 'guess', { address: `2001:db8:1:2:${(i + 1).toString(16)}::1` })).statusCode).toBe(401);
    }
    const sameNetwork = await login(newcomer.username, TEST_PASSWORD, { address: '2001:db8:1:2:ffff::9' });
    expect(sameNetwork.statusCode).toBe(429);
    expect(sameNetwork.json().error.message).toMatch(/this network/);
    expect((await login(colleague.username, TEST_PASSWORD, { address: '2001:db8:1:2::10', device })).statusCode).toBe(200);
    // The neighbouring /64 is another client.
    expect((await login(newcomer.username, TEST_PASSWORD, { address: '2001:db8:1:3::9' })).statusCode).toBe(200);
    // IPv4 behind a NAT: the same rule.
    for (let i = 0; i < LOGIN_LIMITS.addressFromUnknownDevices; i += 1) await login(`stranger-${i}`, 'guess', { address: '198.51.100.99' });
    expect((await login(newcomer.username, TEST_PASSWORD, { address: '198.51.100.99' })).statusCode).toBe(429);
    expect((await login(colleague.username, TEST_PASSWORD, { address: '198.51.100.99', device })).statusCode).toBe(200);
  });

  it('signs device cookies with a key kept in the database, so they survive a restart', async () => {
    const owner = await buildUser(t.db);
    const device = deviceOf(await login(owner.username, TEST_PASSWORD));
    // The same database behind a new app (a restart): strangers lock unknown devices out, the cookie still counts.
    const restarted = await buildApp({ config: configSchema.parse({ DATABASE_PATH: t.databasePath, RATE_LIMIT_PER_MINUTE: '100000' }), db: t.db, clientDir: null, logger: false });
    try {
      const again = (password: string, cookies?: Record<string, string>) =>
        restarted.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: owner.username, password }, remoteAddress: '203.0.113.9', ...(cookies ? { cookies } : {}) });
      for (let i = 0; i < LOGIN_LIMITS.accountFromUnknownDevices; i += 1) await again(`guess ${i}`);
      expect((await again(TEST_PASSWORD)).statusCode).toBe(429);
      expect((await again(TEST_PASSWORD, device)).statusCode).toBe(200);
    } finally {
      await restarted.app.close();
    }
    expect(t.db.$client.prepare("select count(*) n from server_secrets where name = 'device-cookie-hmac'").get()).toEqual({ n: 1 });
  });
});
