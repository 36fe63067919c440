import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforceRetention } from '../../server/features/lifecycle/lifecycle.service.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, restartTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

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
    expect(await enforceRetention(t.db, '2026-12-31')).toEqual([]);
    const kept = t.db.$client.prepare('select text from contributions where id = ?').get(id) as { text: string };
    expect(kept.text).toContain('0176 12345678');
    expect(await enforceRetention(t.db, '2027-01-01')).toEqual([{ slug: t.slug, purged: 1 }]);
    const purged = t.db.$client.prepare('select text, masked_text from contributions where id = ?').get(id) as { text: string; masked_text: string };
    expect(purged.text).toBe(purged.masked_text);
    expect(purged.text).not.toContain('0176');
  });

  it('leaves no original in the database file or its WAL once it is deleted, early by an admin or at the retention date', async () => {
    const early = buildContribution(t.db, { text: 'Ruft Kunigunde an: 0176 55509876 wegen des Nähkurses.', fieldsOfAction: ['freizeit'] });
    const later = buildContribution(t.db, { text: 'Schreibt an hubertus.quarkstrudel@example.org wegen der Kleiderkammer.', fieldsOfAction: ['freizeit'] });
    const onDisk = () => Buffer.concat([readFileSync(t.databasePath), readFileSync(`${t.databasePath}-wal`, { flag: 'a+' })]);
    // Folded into the file as a quiet server does: the originals are on the database file's pages.
    t.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    expect(['55509876', 'hubertus.quarkstrudel'].filter((word) => onDisk().includes(word))).toEqual(['55509876', 'hubertus.quarkstrudel']);

    // Masking names by hand first: the original keeps them, the list of names goes with it.
    const version = (t.db.$client.prepare('select version from contributions where id = ?').get(early) as { version: number }).version;
    expect((await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/contributions/${early}/mask`, payload: { version, ranges: [{ start: 5, end: 14 }] } })).statusCode).toBe(204);
    const preview = (await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/retention` })).json();
    expect(preview.total).toBe(2);
    // Deleting one now, before any date: only the other's original stays, in the file as on the page.
    t.db.$client.prepare('update contributions set text = masked_text where id = ?').run(later);
    const purge = await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/retention`, payload: { expectedTotal: 1 } });
    expect(purge.json()).toEqual({ purged: 1 });
    expect(['55509876', 'Kunigunde'].filter((word) => onDisk().includes(word))).toEqual([]);
    expect((t.db.$client.prepare('select masked_text from contributions where id = ?').get(early) as { masked_text: string }).masked_text).toMatch(/^Ruft \[.+\] an: \[.+\] wegen des Nähkurses\.$/);

    // The hourly run past the retention date, for a voice whose original is on disk.
    const due = buildContribution(t.db, { text: 'Meine Nachbarin Kunigunde Zwiebelmeier, Tel. 0221 5550199, hilft gern.', fieldsOfAction: ['freizeit'] });
    t.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    expect(onDisk().includes('5550199')).toBe(true);
    await admin.inject({ method: 'PATCH', url: `/api/admin/processes/${t.slug}`, payload: { retentionUntil: '2026-12-31' } });
    expect(await enforceRetention(t.db, '2027-01-01')).toEqual([{ slug: t.slug, purged: 1 }]);
    expect(onDisk().includes('5550199')).toBe(false);
    expect((t.db.$client.prepare('select text from contributions where id = ?').get(due) as { text: string }).text).toContain('Zwiebelmeier');
  });

  it('deletes the originals of a process whose retention date has passed when the server starts, with an audit entry by nobody', async () => {
    const id = buildContribution(t.db, { text: 'Bitte rufen Sie mich an: 0176 55504321.', fieldsOfAction: ['freizeit'] });
    await admin.inject({ method: 'PATCH', url: `/api/admin/processes/${t.slug}`, payload: { retentionUntil: '2020-01-31' } });
    // The hourly run has not come yet: the original is still there until the server (re)starts.
    expect((t.db.$client.prepare('select text from contributions where id = ?').get(id) as { text: string }).text).toContain('55504321');
    t = await restartTestApp(t);
    await t.app.ready();
    expect((t.db.$client.prepare('select text from contributions where id = ?').get(id) as { text: string }).text).not.toContain('55504321');
    const entry = t.db.$client.prepare("select user_id userId, entity_id entityId, details from audit_log where action = 'originals_purged'").get() as { userId: number | null; entityId: string; details: string };
    expect({ ...entry, details: JSON.parse(entry.details) }).toEqual({ userId: null, entityId: t.slug, details: { purged: 1, retentionUntil: '2020-01-31' } });
    const onDisk = Buffer.concat([readFileSync(t.databasePath), readFileSync(`${t.databasePath}-wal`, { flag: 'a+' })]);
    expect(onDisk.includes('55504321')).toBe(false);
  });
});
