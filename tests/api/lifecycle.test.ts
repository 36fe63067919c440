import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforceRetention } from '../../server/features/lifecycle/lifecycle.service.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

describe('process settings and the data lifecycle', () => {
  let t: TestApp;
  let admin: Agent;
  beforeEach(async () => {
    t = await buildTestApp();
    const user = await buildUser(t.db, { role: 'admin' });
    admin = await signIn(t.app, user.username, TEST_PASSWORD);
  });
  afterEach(() => t.close());

  it('lets an admin move the phase and close the survey window, with an audit entry', async () => {
    const response = await admin.inject({ method: 'PATCH', url: `/api/admin/processes/${t.slug}`, payload: { currentPhase: 3, closesOn: '2020-01-31' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ currentPhase: 3, closesOn: '2020-01-31', surveyOpen: false });
    const publicView = (await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}` })).json();
    expect(publicView.phases.map((p: { status: string }) => p.status)).toEqual(['done', 'done', 'current', 'upcoming']);
    expect(t.db.$client.prepare("select count(*) n from audit_log where action = 'process_updated'").get()).toEqual({ n: 1 });
  });

  it('answers a PATCH that names nothing with the process as it is, and no audit entry', async () => {
    const response = await admin.inject({ method: 'PATCH', url: `/api/admin/processes/${t.slug}`, payload: {} });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ currentPhase: 2, suppressionThreshold: 5 });
    expect(t.db.$client.prepare("select count(*) n from audit_log where action = 'process_updated'").get()).toEqual({ n: 0 });
  });

  it('refuses a threshold under 5, an unknown phase and a window that closes before it opens', async () => {
    for (const payload of [{ suppressionThreshold: 3 }, { currentPhase: 9 }, { opensOn: '2027-02-01', closesOn: '2027-01-01' }]) {
      const response = await admin.inject({ method: 'PATCH', url: `/api/admin/processes/${t.slug}`, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}` })).json()).toMatchObject({ currentPhase: 2, suppressionThreshold: 5 });
  });

  it('keeps unmasked originals for admins until the retention date, then only the masked text', async () => {
    const id = buildContribution(t.db, { text: 'Meldet euch unter 0176 12345678 für den Nähkurs.', fieldsOfAction: ['freizeit'] });
    await admin.inject({ method: 'PATCH', url: `/api/admin/processes/${t.slug}`, payload: { retentionUntil: '2026-12-31' } });
    expect(enforceRetention(t.db, '2026-12-31')).toEqual([]);
    const kept = t.db.$client.prepare('select text from contributions where id = ?').get(id) as { text: string };
    expect(kept.text).toContain('0176 12345678');
    expect(enforceRetention(t.db, '2027-01-01')).toEqual([{ slug: t.slug, purged: 1 }]);
    const purged = t.db.$client.prepare('select text, masked_text from contributions where id = ?').get(id) as { text: string; masked_text: string };
    expect(purged.text).toBe(purged.masked_text);
    expect(purged.text).not.toContain('0176');
  });
});
