import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathTo } from '../../shared/api/path.ts';
import { routes, type RouteKey } from '../../shared/api/routes.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type TestApp } from '../helpers/app.ts';

/**
 * The route map (`shared/api/routes.ts`) is the one list of the API: the client reaches the
 * server only through it, so a route the server answers but the map lacks (or the other way
 * round) would be a contract nobody checks.
 */
describe('the route map and the server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  /** The server's /api routes as map keys; HEAD is the one Fastify adds beside every GET. */
  const served = () =>
    t.routes
      .filter((route) => route.url.startsWith('/api/'))
      .filter((route) => route.method !== 'HEAD' || !t.routes.some((other) => other.method === 'GET' && other.url === route.url))
      .map((route) => `${route.method} ${route.url}`);

  it('answers exactly the routes of the map', () => {
    expect(served().length).toBeGreaterThan(25);
    expect(served().filter((key) => !(key in routes))).toEqual([]);
    expect(Object.keys(routes).filter((key) => !served().includes(key))).toEqual([]);
  });

  it('validates every route with the schemas the map names for it', () => {
    for (const key of Object.keys(routes) as RouteKey[]) {
      const registered = t.routes.find((route) => `${route.method} ${route.url}` === key)!;
      const schema = registered.schema as Record<string, unknown>;
      const contract = routes[key] as Record<string, unknown>;
      for (const part of ['params', 'querystring', 'body', 'response'] as const) {
        expect({ key, part, same: schema[part] === contract[part] }).toEqual({ key, part, same: true });
      }
    }
  });

  it('builds addresses the server understands', async () => {
    const admin = await buildUser(t.db, { role: 'admin' });
    const agent = await signIn(t.app, admin.username, admin.password);
    const aggregates = pathTo('GET /api/processes/:slug/aggregates', { params: { slug: t.slug }, query: { by: 'district,channel', channel: undefined } });
    expect(aggregates).toBe(`/api/processes/${t.slug}/aggregates?by=district%2Cchannel`);
    const response = await t.app.inject({ method: 'GET', url: aggregates, headers: { cookie: agent.cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.json().dimensions).toEqual(['district', 'channel']);

    const notes = pathTo('GET /api/stall/sessions/:id/notes', { params: { id: 'a b/c' } });
    expect(notes).toBe('/api/stall/sessions/a%20b%2Fc/notes');
    expect(() => pathTo('GET /api/processes/:slug', { params: { slug: '' } })).toThrow(/slug is missing/);
  });
});
