import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContribution } from '../factories/contributions.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/**
 * Whatever a client sends to whatever route, the answer is never a 5xx and always the one error
 * shape. The routes come from the app itself, so a new route is covered the day it is added.
 * Signed in as an admin, so the requests get past access control into the routes' own code.
 */
describe('every API route under random input', () => {
  let t: TestApp;
  let admin: Agent;
  beforeAll(async () => {
    t = await buildTestApp({ RESPONSES_PER_MINUTE: '100000' });
    const user = await buildUser(t.db, { role: 'admin' });
    admin = await signIn(t.app, user.username, user.password);
    for (const text of ['Mehr Sprachkurse in Gronau, Kontakt: a@example.org', 'Ein Jugendtreff in Refrath', 'Kita-Plätze fehlen']) buildContribution(t.db, { text });
  });
  afterAll(() => t.close());

  /** Keys the routes read, so random queries and bodies reach their validation and beyond. */
  const KEYS = ['field', 'by', 'channel', 'district', 'stadtteil', 'state', 'limit', 'offset', 'marketDay', 'processSlug', 'includeFlagged', 'fields', 'version', 'reason', 'text', 'language', 'ids', 'action', 'items', 'id', 'q', 'band', 'kind'];
  const VALUES = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('arbeit', 'bildung', 'gronau', 'bezirk-1', 'online', 'stall', 'field,district', 'channel,month,kind', 'true', '-1', '0', '99999999999', 'de', 'ar', '__proto__'),
    fc.integer(),
  );
  const query = fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), VALUES, { maxKeys: 4 });
  const body = fc.oneof(
    fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(VALUES, fc.anything(), fc.array(VALUES, { maxLength: 3 })), { maxKeys: 5 }),
    fc.anything(),
  );
  // Never an id that could be the signed-in admin's own account (small integers): the run would sign itself out.
  const id = fc.oneof(fc.uuid({ version: 4 }), fc.constant(randomUUID()), fc.stringMatching(/^[a-z%.\-_~]{1,12}$/));
  const slug = fc.oneof({ weight: 4, arbitrary: fc.constant('integrationskonzept') }, { weight: 1, arbitrary: fc.stringMatching(/^[a-zA-Z0-9%.\-_~]{1,20}$/) });
  const format = fc.constantFrom('csv', 'xlsx', 'pdf', 'zip', 'docx');

  it('never answers 5xx, and every error has the one shape', async () => {
    const routes = t.routes.filter((route) => route.url.startsWith('/api/') && route.url !== '/api/auth/logout' && route.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      // Routes that build a whole file per request (exports, the survey's XLSForm) get fewer runs.
      const runs = /\/exports\/|\/xlsform$/.test(route.url) ? 20 : 60;
      await fc.assert(
        fc.asyncProperty(slug, id, format, query, body, async (slugValue, idValue, formatValue, queryValue, bodyValue) => {
          const path = route.url
            .replace(':slug', encodeURIComponent(slugValue))
            .replace(':format', formatValue)
            .replace(/:[a-zA-Z]+/g, encodeURIComponent(idValue));
          const search = new URLSearchParams(Object.entries(queryValue).map(([key, value]) => [key, String(value)])).toString();
          const hasBody = route.method !== 'GET';
          const response = await admin.inject({
            method: route.method as 'GET',
            url: search ? `${path}?${search}` : path,
            ...(hasBody ? { payload: JSON.stringify(bodyValue ?? null), headers: { 'content-type': 'application/json' } } : {}),
          });
          expect(response.statusCode, `${route.method} ${route.url}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
          if (response.statusCode >= 400) expect(response.json().error, `${route.method} ${route.url}`).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        }),
        { numRuns: runs },
      );
    }
    // The admin is still signed in: nothing above signed the run out by accident.
    expect((await admin.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    // Some 60 runs for each of a growing number of routes: on a loaded CI machine this takes minutes, not the default 30 s.
  }, 240_000);
});
