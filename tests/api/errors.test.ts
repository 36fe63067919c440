import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

function expectErrorShape(body: unknown) {
  expect(body).toMatchObject({ error: { code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) } });
  expect(JSON.stringify(body)).not.toMatch(/at .+\.(ts|js):\d+/);
}

describe('bad input gets a clear 4xx and changes nothing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ BODY_LIMIT_BYTES: '4096' });
  });
  afterAll(() => t.close());

  const login = (payload: string, contentType = 'application/json') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': contentType }, payload });

  it('malformed JSON → 400 invalid_json', async () => {
    const response = await login('{"username": "a", ');
    expect(response.statusCode).toBe(400);
    expectErrorShape(response.json());
    expect(response.json().error.code).toBe('invalid_json');
  });

  it('unknown fields → 400 naming them', async () => {
    const response = await login(JSON.stringify({ username: 'a', password: 'b', role: 'admin' }));
    expect(response.statusCode).toBe(400);
    expectErrorShape(response.json());
    expect(JSON.stringify(response.json().error.details)).toContain('role');
  });

  it('wrong types → 400 naming the field', async () => {
    const response = await login(JSON.stringify({ username: 42, password: ['x'] }));
    expect(response.statusCode).toBe(400);
    expectErrorShape(response.json());
    const paths = response.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.username', 'body.password']));
  });

  it('a body over the limit → 413', async () => {
    const response = await login(JSON.stringify({ username: 'a', password: 'x'.repeat(10_000) }));
    expect(response.statusCode).toBe(413);
    expectErrorShape(response.json());
  });

  it('__proto__ and constructor.prototype keys → 400', async () => {
    const proto = await login('{"username":"a","password":"b","__proto__":{"admin":true}}');
    expect(proto.statusCode).toBe(400);
    expectErrorShape(proto.json());
    const ctor = await login('{"username":"a","password":"b","constructor":{"prototype":{"admin":true}}}');
    expect(ctor.statusCode).toBe(400);
    expectErrorShape(ctor.json());
  });

  it('a wrong content type → 415', async () => {
    const response = await login('username=a', 'application/x-www-form-urlencoded');
    expect(response.statusCode).toBe(415);
    expectErrorShape(response.json());
  });

  it('an unknown API route → 404 in the error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expectErrorShape(response.json());
  });

  it('stores nothing from rejected requests', () => {
    expect(t.db.$client.prepare('select count(*) n from sessions').get()).toEqual({ n: 0 });
  });
});

describe('JSON nested too deeply', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ RESPONSES_PER_MINUTE: '100000' });
  });
  afterAll(() => t.close());

  const nested = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

  it('the public survey route refuses answers holding arrays nested 5,000 deep with a 400, not a 500', async () => {
    const payload = `{"id":"${crypto.randomUUID()}","surveyVersion":1,"language":"de","answers":{"work-idea":${nested(5000)}},"elapsedMs":95000,"website":""}`;
    const response = await t.app.inject({ method: 'POST', url: `/api/processes/${t.slug}/responses`, headers: { 'content-type': 'application/json' }, payload });
    expect(response.statusCode).toBe(400);
    expectErrorShape(response.json());
    expect(response.json().error.code).toBe('json_too_deep');
    expect(t.db.$client.prepare('select count(*) n from responses').get()).toEqual({ n: 0 });
  });

  it('every JSON route refuses it at parsing, objects as well as arrays, and brackets inside strings do not count', async () => {
    const routes = t.routes.filter((route) => ['POST', 'PUT', 'PATCH'].includes(route.method) && route.url.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(5);
    const deepObject = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
    for (const route of routes) {
      const url = route.url.replace(':slug', t.slug).replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');
      for (const payload of [nested(5000), deepObject]) {
        const response = await t.app.inject({ method: route.method as 'POST', url, headers: { 'content-type': 'application/json; charset=utf-8' }, payload });
        // Access control runs first (401/403 for a stranger); whatever gets to the body is refused there.
        expect(response.statusCode, `${route.method} ${route.url}`).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, `${route.method} ${route.url}`).toBeLessThan(500);
        expectErrorShape(response.json());
      }
    }
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: deepObject });
    expect(login.json().error.code).toBe('json_too_deep');
    const brackets = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: `${'['.repeat(50)}\\"{{`, password: 'x'.repeat(20) }),
    });
    expect(brackets.statusCode).toBe(401);
  });
});

describe('errors Fastify and Node meet before a route runs', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await buildTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  /** Sends raw bytes over a real socket and returns the status and the parsed body of the answer. */
  const raw = (request: string) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(request));
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const [head = '', ...rest] = text.split('\r\n\r\n');
        resolve({ status: Number(head.split(' ')[1]), body: JSON.parse(rest.join('\r\n\r\n')) });
      });
    });

  it('a URL over 16 KB → 431 in the error shape', async () => {
    const answer = await raw(`GET /api/processes/${t.slug}/survey?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(431);
    expectErrorShape(answer.body);
    expect(answer.body).toMatchObject({ error: { code: 'headers_too_large' } });
  });

  it('a header over 16 KB → 431 in the error shape', async () => {
    const answer = await raw(`GET /api/health HTTP/1.1\r\nHost: localhost\r\nCookie: x=${'b'.repeat(20_000)}\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(431);
    expectErrorShape(answer.body);
  });

  it('bytes that are not HTTP → 400 in the error shape', async () => {
    const answer = await raw('HELLO\r\n\r\n');
    expect(answer.status).toBe(400);
    expectErrorShape(answer.body);
  });

  it('a path that is not valid percent-encoding → 400 bad_url in the error shape', async () => {
    for (const url of [`/api/processes/%E0%A4%A/survey`, `/api/processes/${t.slug}%ZZ/survey`, '/api/processes/%C0%AF/aggregates']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expectErrorShape(response.json());
      expect(response.json().error.code, url).toBe('bad_url');
    }
    const overSocket = await raw(`GET /api/processes/%E0%A4%A/survey HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    expect(overSocket.status).toBe(400);
    expectErrorShape(overSocket.body);
  });

  it('a query that is not valid percent-encoding is read, never a 5xx or another shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/survey?language=%E0%A4%A` });
    expect(response.statusCode).toBeLessThan(500);
    if (response.statusCode >= 400) expectErrorShape(response.json());
  });

  it('a path parameter over its length limit → 414 in the error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/processes/${'x'.repeat(300)}/survey` });
    expect(response.statusCode).toBe(414);
    expectErrorShape(response.json());
  });
});
