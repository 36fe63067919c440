import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../server/config.ts';
import { buildSubmission } from '../factories/survey.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type TestApp } from '../helpers/app.ts';

const DEFAULTS = configSchema.parse({});

/** Request limits that fit a city: a school class on one network, tablets behind one NAT. */
describe('request limits', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('a school class of 30 answering at once from one network, each phone sending twice on a flaky Wi-Fi, is not refused (default limits)', async () => {
    t = await buildTestApp({ RATE_LIMIT_PER_MINUTE: String(DEFAULTS.RATE_LIMIT_PER_MINUTE), RESPONSES_PER_MINUTE: String(DEFAULTS.RESPONSES_PER_MINUTE) });
    const school = '198.51.100.23';
    const pupil = async () => {
      const survey = await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/survey`, remoteAddress: school });
      const challenge = await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/challenge`, remoteAddress: school });
      const submission = buildSubmission();
      const sent = await t.app.inject({ method: 'POST', url: `/api/processes/${t.slug}/responses`, payload: submission, remoteAddress: school });
      // The school's Wi-Fi drops the answer: the phone sends the same response again (idempotent).
      const again = await t.app.inject({ method: 'POST', url: `/api/processes/${t.slug}/responses`, payload: submission, remoteAddress: school });
      return [survey.statusCode, challenge.statusCode, sent.statusCode, again.statusCode];
    };
    const results = await Promise.all(Array.from({ length: 30 }, pupil));
    expect(results.filter((codes) => codes.join() === '200,200,201,200')).toHaveLength(30);
    expect((t.db.$client.prepare('select count(*) n from responses').get() as { n: number }).n).toBe(30);
  });

  it('counts staff requests per signed-in session: tablets behind one NAT do not share one budget', async () => {
    const limit = 20;
    t = await buildTestApp({ RATE_LIMIT_PER_MINUTE: String(limit) });
    // inject sends every request from 127.0.0.1: all tablets and the anonymous visitor share one address.
    const tabletA = await signIn(t.app, (await buildUser(t.db, { role: 'staff' })).username, TEST_PASSWORD);
    const tabletB = await signIn(t.app, (await buildUser(t.db, { role: 'staff' })).username, TEST_PASSWORD);
    const me = (agent: typeof tabletA) => agent.inject({ method: 'GET', url: '/api/auth/me' });
    const publicPage = (agent?: typeof tabletA) => (agent ?? t.app).inject({ method: 'GET', url: `/api/processes/${t.slug}` });

    let spent = 0;
    while ((await me(tabletA)).statusCode === 200) spent += 1;
    expect(spent).toBe(limit);
    const refused = await me(tabletA);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    // A's public requests count against A's session too.
    expect((await publicPage(tabletA)).statusCode).toBe(429);

    expect((await me(tabletB)).statusCode).toBe(200);
    expect((await publicPage(tabletB)).statusCode).toBe(200);
    // The address's own budget (for visitors without a session) is untouched by the tablets.
    expect((await publicPage()).statusCode).toBe(200);
  });
});
