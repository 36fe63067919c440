import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

describe('health and database', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(() => t.close());

  it('answers 200 when the database answers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 in the error shape when the database is gone', async () => {
    t.db.$client.close();
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('database_unavailable');
  });

  it("runs the server's connection in WAL mode with synchronous=FULL and foreign keys", () => {
    expect(t.db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    // 2 = FULL: a 2xx survives a power cut.
    expect(t.db.$client.pragma('synchronous', { simple: true })).toBe(2);
    expect(t.db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(t.db.$client.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('keeps the audit log append-only', () => {
    t.db.$client.prepare("insert into audit_log (at, action, entity) values ('2026-01-01', 'test', 'x')").run();
    expect(() => t.db.$client.prepare("update audit_log set action = 'changed'").run()).toThrow(/append-only/);
    expect(() => t.db.$client.prepare('delete from audit_log').run()).toThrow(/append-only/);
  });

  it('serves an OpenAPI document generated from the schemas', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/processes/{slug}');
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeDefined();
  });

  it('sends security headers with a strict CSP', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });
});
