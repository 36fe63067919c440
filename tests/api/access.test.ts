import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { createAuthService } from '../../server/features/auth/auth.service.ts';
import { registerAccessControl, type RegisteredRoute } from '../../server/plugins/access.ts';
import { ROLES, type Role } from '../../shared/domain.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/** Every method and path the router answers, read from Fastify's own route tree rather than from the access plugin. */
function servedRoutes(app: FastifyInstance): Array<{ method: string; url: string }> {
  const path: string[] = [];
  const served: Array<{ method: string; url: string }> = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    path.length = match[1]!.length / 4;
    path.push(match[2]!);
    for (const method of match[3]?.split(', ') ?? []) served.push({ method, url: path.join('') });
  }
  return served;
}

/** The /api routes the app answers that the access plugin never classified: routes that would skip the access check. */
function unclassified(app: FastifyInstance, classified: RegisteredRoute[]): string[] {
  return servedRoutes(app)
    .filter((route) => route.url.startsWith('/api/'))
    .filter((route) => !classified.some((known) => known.method === route.method && known.url === route.url && known.access !== undefined))
    .map((route) => `${route.method} ${route.url}`);
}

/**
 * Every API route must say whether it is public or for which roles. This test walks the
 * registered routes, so a new protected route is checked for 401/403 without anyone
 * remembering to add a test, and a route without a policy cannot even start.
 */
describe('access control over every registered route', () => {
  let t: TestApp;
  const agents = {} as Record<Role, Agent>;

  beforeAll(async () => {
    t = await buildTestApp();
    for (const role of ROLES) {
      const user = await buildUser(t.db, { role });
      agents[role] = await signIn(t.app, user.username, user.password);
    }
  });
  afterAll(() => t.close());

  const concrete = (url: string) =>
    url
      .replace(':slug', 'integrationskonzept')
      .replace(':format', 'csv')
      .replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');

  it('classifies every /api route the server answers as public or protected', async () => {
    // Read from the router, not from the plugin's own list: a route that reached the router
    // without passing the plugin (registered before it, say) would be served without a check.
    expect(servedRoutes(t.app).filter((route) => route.url.startsWith('/api/')).length).toBeGreaterThan(20);
    expect(unclassified(t.app, t.routes)).toEqual([]);

    // The same check on an app with a route registered before access control names that route.
    const app = Fastify();
    app.get('/api/too-early', async () => 'served without a check');
    const classified = registerAccessControl(app, createAuthService(t.db, { sessionDays: 1 }));
    app.get('/api/in-time', { config: { access: 'public' } }, async () => 'fine');
    await app.ready();
    expect(unclassified(app, classified)).toEqual(['GET /api/too-early', 'HEAD /api/too-early']);
    await app.close();
  });

  it('gives the quote browser the results\' policy and the German rendering the admins\' one', () => {
    const policy = (method: string, url: string) => t.routes.find((route) => route.method === method && route.url === url)?.access;
    expect(policy('GET', '/api/processes/:slug/quotes')).toEqual({ roles: ['working_group', 'admin'] });
    expect(policy('GET', '/api/processes/:slug/quotes')).toEqual(policy('GET', '/api/processes/:slug/aggregates'));
    expect(policy('POST', '/api/admin/processes/:slug/contributions/:id/german')).toEqual({ roles: ['admin'] });
  });

  it('refuses to register a route without an access policy', async () => {
    const app = Fastify();
    registerAccessControl(app, createAuthService(t.db, { sessionDays: 1 }));
    app.get('/api/public-by-choice', { config: { access: 'public' } }, async () => 'fine');
    expect(() => app.get('/api/unclassified', async () => 'oops')).toThrow(/declares no access policy/);
    await app.close();
  });

  it('answers 401 without a session on every protected route', async () => {
    const protectedRoutes = t.routes.filter((route) => route.url.startsWith('/api/') && route.access !== 'public');
    expect(protectedRoutes.length).toBeGreaterThan(3);
    for (const route of protectedRoutes) {
      const response = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url), payload: route.method === 'GET' || route.method === 'HEAD' ? undefined : {} });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      if (route.method !== 'HEAD') expect(response.json().error.code).toBe('unauthorized');
    }
  });

  it('answers 403 with a role that is not allowed on every protected route', async () => {
    let checked = 0;
    for (const route of t.routes) {
      if (!route.url.startsWith('/api/') || route.access === undefined || route.access === 'public') continue;
      const allowed = route.access.roles;
      for (const role of ROLES.filter((r) => !allowed.includes(r))) {
        const response = await agents[role].inject({ method: route.method as 'GET', url: concrete(route.url), payload: route.method === 'GET' || route.method === 'HEAD' ? undefined : {} });
        expect(response.statusCode, `${role} → ${route.method} ${route.url}`).toBe(403);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('keeps survey versions, the draft and the XLSForm files to admins', () => {
    const survey = t.routes.filter((route) => route.url.startsWith('/api/admin/processes/:slug/survey/') && route.method !== 'HEAD');
    expect(survey.map((route) => `${route.method} ${route.url.replace('/api/admin/processes/:slug/survey/', '')}`).sort()).toEqual([
      'GET draft',
      'GET versions',
      'GET versions/:version',
      'GET xlsform',
      'POST publish',
      'POST xlsform',
      'PUT draft',
      'PUT versions/:version',
    ]);
    for (const route of survey) expect(route.access, `${route.method} ${route.url}`).toEqual({ roles: ['admin'] });
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: agents.staff.cookie } });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('csrf_token_invalid');
    const me = await agents.staff.inject({ method: 'GET', url: '/api/auth/me' });
    expect(me.statusCode).toBe(200);
  });
});
