import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

/** What the server writes to its log while residents answer: never their address or their browser. */
describe('logs', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ LOG_LEVEL: 'trace', RESPONSES_PER_MINUTE: '100000' }, { logStream: { write: (line) => void lines.push(line) } });
  });
  afterAll(() => t.close());

  it('hold no IP address and no user agent, whatever a request does', async () => {
    const headers = { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) LogProbe/1.0', 'x-forwarded-for': '198.51.100.77', 'x-real-ip': '198.51.100.78' };
    const remoteAddress = '203.0.113.55';
    const requests = [
      { method: 'GET', url: `/api/processes/${t.slug}/survey` },
      { method: 'POST', url: `/api/processes/${t.slug}/responses`, payload: { id: randomUUID(), surveyVersion: 1, language: 'de', answers: { district: 'gronau' }, elapsedMs: 60_000 } },
      { method: 'POST', url: `/api/processes/${t.slug}/responses`, payload: { id: 'not-a-uuid' } },
      { method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrong password' } },
      { method: 'GET', url: '/api/nowhere?who=me' },
    ] as const;
    for (const request of requests) {
      const response = await t.app.inject({ ...request, headers, remoteAddress });
      expect(response.statusCode).toBeLessThan(500);
    }
    expect(lines.length).toBeGreaterThan(requests.length);
    const log = lines.join('\n');
    for (const secret of ['203.0.113.55', '198.51.100.77', '198.51.100.78', 'LogProbe', 'who=me']) expect(log).not.toContain(secret);
    for (const line of lines) expect(Object.keys(JSON.parse(line))).not.toContain('remoteAddress');
  });
});
