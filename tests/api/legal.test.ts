import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

const FILLED = {
  operatorName: 'Stadt Musterstadt',
  operatorAddress: 'Rathausplatz 1\n12345 Musterstadt',
  representedBy: 'Oberbürgermeisterin Erika Muster',
  email: 'mitreden@musterstadt.example',
  phone: '+49 123 4567-0',
  dataProtectionOfficer: 'Datenschutzbeauftragter der Stadt Musterstadt\nRathausplatz 1\n12345 Musterstadt',
  supervisoryAuthority: 'Landesbeauftragte für Datenschutz und Informationsfreiheit\nPostfach 20 04 44\n40102 Düsseldorf',
  staffLegalBasis: 'Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 DSG NRW',
  accessibilityContact: 'barrierefrei@musterstadt.example',
  enforcementBody: 'Ombudsstelle für barrierefreie Informationstechnik',
  accessibilityStatementOn: '2026-11-30',
  knownLimitations: 'Die Diagramme der Auswertung haben keine Tabellenfassung.',
};

describe('legal details (Impressum, Datenschutz, Barrierefreiheit)', () => {
  let t: TestApp;
  let admin: Agent;
  let moderator: Agent;
  const read = async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/legal' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const save = (agent: Agent, payload: Record<string, unknown>) => agent.inject({ method: 'PUT', url: '/api/admin/legal', payload });

  beforeEach(async () => {
    t = await buildTestApp();
    admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin', username: 'admin-anna' })).username, TEST_PASSWORD);
    moderator = await signIn(t.app, (await buildUser(t.db, { role: 'staff', username: 'stand-sam' })).username, TEST_PASSWORD);
  });
  afterEach(() => t.close());

  it('reads as empty and incomplete for everyone, signed in or not, before anything was entered', async () => {
    expect(await read()).toEqual({
      operatorName: '',
      operatorAddress: '',
      representedBy: '',
      email: '',
      phone: '',
      dataProtectionOfficer: '',
      supervisoryAuthority: '',
      staffLegalBasis: '',
      accessibilityContact: '',
      enforcementBody: '',
      accessibilityStatementOn: null,
      knownLimitations: '',
      version: 0,
      updatedAt: null,
      impressumComplete: false,
    });
  });

  it('saves for admins only, strips control characters and reads back publicly with the Impressum complete', async () => {
    const anonymous = await t.app.inject({ method: 'PUT', url: '/api/admin/legal', payload: { ...FILLED, version: 0 } });
    expect(anonymous.statusCode).toBe(401);
    expect((await save(moderator, { ...FILLED, version: 0 })).statusCode).toBe(403);

    const saved = await save(admin, { ...FILLED, operatorName: ' Stadt\u0007 Muster\u202Estadt ', operatorAddress: 'Rathausplatz 1\r\n12345\u0000 Musterstadt', version: 0 });
    expect(saved.statusCode, saved.body).toBe(200);
    const stored = await read();
    expect(stored).toMatchObject({ ...FILLED, version: 1, impressumComplete: true });
    expect(stored.updatedAt).toEqual(expect.any(String));
    expect(saved.json()).toEqual(stored);

    // A required field emptied again: the Impressum is incomplete once more.
    const emptied = await save(admin, { ...FILLED, representedBy: '', version: 1 });
    expect(emptied.statusCode, emptied.body).toBe(200);
    expect(await read()).toMatchObject({ representedBy: '', version: 2, impressumComplete: false });
  });

  it('refuses bad input with 400 in the error shape and saves nothing', async () => {
    for (const payload of [
      { ...FILLED, version: 0, email: 'not an address' },
      { ...FILLED, version: 0, operatorName: 'x'.repeat(201) },
      { ...FILLED, version: 0, knownLimitations: 'x'.repeat(4001) },
      { ...FILLED, version: 0, staffLegalBasis: 'x'.repeat(1001) },
      { ...FILLED, version: 0, accessibilityStatementOn: '30.11.2026' },
      { ...FILLED, version: 0, invented: 'field' },
      { ...FILLED },
    ]) {
      const response = await save(admin, payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
    }
    expect(await read()).toMatchObject({ version: 0, operatorName: '' });
  });

  it('refuses a save from a stale version with 409 legal_conflict naming the stored version, and keeps the other save', async () => {
    expect((await save(admin, { ...FILLED, version: 0 })).statusCode).toBe(200);
    // A second admin who opened the page before the first save.
    const stale = await save(admin, { ...FILLED, operatorName: 'Stadt Anderswo', version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toEqual({ error: { code: 'legal_conflict', message: expect.any(String), details: { version: 1 } } });
    const staleUpdate = await save(admin, { ...FILLED, operatorName: 'Stadt Anderswo', version: 7 });
    expect(staleUpdate.statusCode).toBe(409);
    // The staff accounts' legal basis follows the same rule.
    expect((await save(admin, { ...FILLED, staffLegalBasis: 'Art. 88 DSGVO', version: 0 })).statusCode).toBe(409);
    expect(await read()).toMatchObject({ operatorName: 'Stadt Musterstadt', staffLegalBasis: FILLED.staffLegalBasis, version: 1 });
  });

  it('writes every save into the audit log with the changed fields, and nothing for a refused one', async () => {
    expect((await save(admin, { ...FILLED, version: 0 })).statusCode).toBe(200);
    expect((await save(admin, { ...FILLED, phone: '', staffLegalBasis: 'Art. 88 DSGVO in Verbindung mit § 18 DSG NRW', version: 1 })).statusCode).toBe(200);
    expect((await save(admin, { ...FILLED, version: 1 })).statusCode).toBe(409);

    const response = await admin.inject({ method: 'GET', url: '/api/admin/audit?entity=legal_settings' });
    expect(response.statusCode, response.body).toBe(200);
    const entries = response.json().entries as { username: string; action: string; details: { version: number; changes: { field: string; before: string | null; after: string | null }[] } }[];
    expect(entries.map((entry) => [entry.action, entry.username, entry.details.version])).toEqual([
      ['legal_settings_updated', 'admin-anna', 2],
      ['legal_settings_updated', 'admin-anna', 1],
    ]);
    expect(entries[0]!.details.changes).toEqual([
      { field: 'phone', before: '+49 123 4567-0', after: null },
      { field: 'staffLegalBasis', before: FILLED.staffLegalBasis, after: 'Art. 88 DSGVO in Verbindung mit § 18 DSG NRW' },
    ]);
    expect(entries[1]!.details.changes).toContainEqual({ field: 'operatorName', before: null, after: 'Stadt Musterstadt' });
    expect(entries[1]!.details.changes).toHaveLength(Object.keys(FILLED).length);
  });
});
