import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { actionNames, auditDetails, auditSentence, entityNames } from '../../client/admin/audit-words.ts';
import type { AuditEntry } from '../../shared/api/lifecycle.ts';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '../../shared/audit.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

const entry = (patch: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  at: '2026-05-04T10:00:00.000Z',
  userId: 1,
  username: 'anna',
  action: 'login',
  entity: 'user',
  entityId: '7',
  subject: { name: 'Sprachcafé', deleted: false, process: null },
  details: null,
  ...patch,
});

it('has a German sentence and a short name for every kind of entry the server writes', () => {
  for (const action of AUDIT_ACTIONS) {
    const sentence = auditSentence(entry({ action, details: { version: 3, filename: 'beitraege.csv' } }));
    expect(sentence, action).not.toBe(action);
    expect(sentence, action).not.toMatch(/[{}_]|undefined|\?/);
    expect(actionNames()[action], action).toMatch(/^[A-ZÄÖÜ]/);
  }
  for (const entity of AUDIT_ENTITIES) expect(entityNames()[entity], entity).toMatch(/^[A-ZÄÖÜ]/);
});

it('knows every kind of entry appendAudit is called with anywhere in the server', () => {
  const files = readdirSync(join(ROOT, 'server'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
  const written = new Set<string>();
  for (const name of files) {
    const source = readFileSync(join(ROOT, 'server', name), 'utf8');
    if (!source.includes('appendAudit')) continue;
    for (const call of source.matchAll(/appendAudit\([^{]*\{[^}]*?action: ([^,]+),/g)) for (const literal of call[1]!.matchAll(/'([a-z_]+)'/g)) written.add(literal[1]!);
    for (const call of source.matchAll(/write\('([a-z_]+)'/g)) written.add(call[1]!);
  }
  expect(written.size).toBeGreaterThan(30);
  expect([...written].filter((action) => !(AUDIT_ACTIONS as readonly string[]).includes(action))).toEqual([]);
});

it('says what an entry concerned by name, and that it is gone, never by its id', () => {
  expect(auditSentence(entry({ action: 'measure_created', entity: 'measure', entityId: '0193f0c2-aaaa-7bbb-8ccc-123456789abc' }))).toBe('Maßnahme „Sprachcafé“ angelegt');
  expect(auditSentence(entry({ action: 'user_disabled', subject: { name: 'bernd', deleted: false, process: null } }))).toBe('Konto „bernd“ gesperrt');
  expect(auditSentence(entry({ action: 'survey_published', entity: 'survey', subject: { name: 'Integrationskonzept', deleted: false, process: null }, details: { version: 3 } }))).toBe(
    'Fragebogen Version 3 im Verfahren „Integrationskonzept“ veröffentlicht',
  );
  expect(auditSentence(entry({ action: 'contribution_hidden', entity: 'contribution', subject: { name: 'B-1042', deleted: false, process: 'Integrationskonzept' } }))).toBe('Beitrag B-1042 ausgeblendet');
  const gone = entry({ action: 'measure_deleted', entity: 'measure', entityId: '0193f0c2-aaaa-7bbb-8ccc-123456789abc', subject: { name: null, deleted: true, process: null } });
  expect(auditSentence(gone)).toBe('Maßnahme (gelöscht) gelöscht');
  expect(auditDetails(gone)).toEqual([{ label: 'Kennung', value: '0193f0c2-aaaa-7bbb-8ccc-123456789abc' }]);
});

it('lists the details as field: value and field: before → after, never as JSON', () => {
  const measure = entry({
    action: 'measure_status_changed',
    entity: 'measure',
    details: { process: 'integrationskonzept', title: 'Sprachcafé', changes: [{ field: 'statusKey', before: 'vorgeschlagen', after: 'beschlossen' }] },
  });
  expect(auditDetails(measure)).toEqual([{ label: 'Stand', before: 'vorgeschlagen', after: 'beschlossen' }]);
  const account = entry({ action: 'user_updated', details: { username: 'bernd', before: { role: 'staff', fieldsOfAction: [] }, after: { role: 'working_group', fieldsOfAction: ['arbeit', 'bildung'] } } });
  expect(auditDetails(account)).toEqual([
    { label: 'Rolle', before: 'Marktstand-Team', after: 'Arbeitsgruppe' },
    { label: 'Handlungsfelder', before: '—', after: 'arbeit, bildung' },
  ]);
  // With the page's names at hand, fields of action and processes read as such, not as their keys.
  const lookup = { field: (key: string) => ({ arbeit: 'Arbeit & Beschäftigung', bildung: 'Bildung' })[key], process: (slug: string) => (slug === 'integrationskonzept' ? 'Integrationskonzept Bergisch Gladbach' : undefined) };
  const assigned = entry({ action: 'user_updated', details: { username: 'bernd', before: { fieldsOfAction: [], processes: [] }, after: { fieldsOfAction: ['arbeit', 'bildung'], processes: ['integrationskonzept'] } } });
  expect(auditDetails(assigned, lookup)).toEqual([
    { label: 'Handlungsfelder', before: '—', after: 'Arbeit & Beschäftigung, Bildung' },
    { label: 'Verfahren', before: '—', after: 'Integrationskonzept Bergisch Gladbach' },
  ]);
  const edited = entry({ action: 'contribution_edited', entity: 'contribution', details: { capturedBy: 7, textChanged: true } });
  expect(auditDetails(edited, { user: (id) => (id === 7 ? 'marktteam-1' : undefined) })[0]).toEqual({ label: 'Erfasst von', value: 'marktteam-1' });
  const visibility = entry({ action: 'process_status_changed', entity: 'process', details: { from: 'draft', to: 'public' } });
  expect(auditDetails(visibility)).toEqual([{ label: 'Sichtbarkeit', before: 'Entwurf', after: 'öffentlich' }]);
  const exported = entry({ action: 'export', entity: 'process', details: { via: 'web', format: 'csv', filename: 'b.csv', filter: { field: 'arbeit' }, rows: 1200, completed: true } });
  const text = JSON.stringify(auditDetails(exported).map((line) => `${line.label}: ${'value' in line ? line.value : `${line.before} → ${line.after}`}`));
  expect(text).toContain('Filter: Handlungsfeld: arbeit');
  expect(text).toContain('Zeilen: 1.200');
  expect(text).toContain('Vollständig: ja');
  expect(text).not.toMatch(/\\"|[{}]/);
});

it('says stored codes in words: channels and kinds of the retention deletion, outcomes, a German rendering, a review’s Stadtteil and tags, where an export ran and what it filtered', () => {
  const line = (lines: ReturnType<typeof auditDetails>) => lines.map((item) => `${item.label}: ${'value' in item ? item.value : `${item.before} → ${item.after}`}`);
  const purged = entry({
    action: 'originals_purged',
    entity: 'process',
    details: { purged: 3, retentionUntil: null, early: true, counts: [{ channel: 'stall', kind: 'concern', originals: 2, maskedNameLists: 1, contributions: 2 }, { channel: 'online', kind: null, originals: 1, maskedNameLists: 0, contributions: 1 }] },
  });
  expect(line(auditDetails(purged))).toEqual([
    'Gelöschte Originale: 3',
    'Aufbewahrung bis: —',
    'Vor der Frist: ja',
    'Je Kanal und Art: Kanal: Marktstand; Art: Anliegen; Originaltexte: 2; Geschwärzte Namen: 1; Beiträge: 2, Kanal: Online-Befragung; Art: —; Originaltexte: 1; Geschwärzte Namen: 0; Beiträge: 1',
  ]);
  expect(line(auditDetails(entry({ action: 'contribution_outcome', entity: 'contribution', details: { kind: 'not_pursued' } })))).toEqual(['Art: nicht weiterverfolgt']);
  expect(line(auditDetails(entry({ action: 'contribution_translated', entity: 'contribution', details: { language: 'de', source: 'human', outcome: 'saved', from: 'tr' } })))).toEqual([
    'Sprache: Deutsch',
    'Quelle: von einer Person übersetzt',
    'Ergebnis: gespeichert',
    'Sprache des Originals: Türkisch',
  ]);
  const lookup = { field: (key: string) => ({ arbeit: 'Arbeit & Beschäftigung', bildung: 'Bildung' })[key], stadtteil: (key: string) => (key === 'kippekausen' ? 'Kippekausen' : undefined) };
  const reviewed = entry({ action: 'contribution_reviewed', entity: 'contribution', details: { before: { fields: ['arbeit:suggested'], stadtteil: null }, after: { fields: ['bildung'], stadtteil: 'kippekausen' } } });
  expect(line(auditDetails(reviewed, lookup))).toEqual(['Handlungsfelder: Arbeit & Beschäftigung (Vorschlag) → Bildung', 'Stadtteil: — → Kippekausen']);
  const bulk = entry({ action: 'contribution_reviewed', entity: 'contribution', details: { after: { fields: ['arbeit'], stadtteil: 'outside' }, bulk: true } });
  expect(line(auditDetails(bulk, lookup))).toEqual(['Handlungsfelder: Arbeit & Beschäftigung', 'Stadtteil: außerhalb der Stadt', 'Sammelaktion: ja']);
  const exported = entry({ action: 'export', entity: 'process', details: { via: 'cli', format: 'csv' } });
  expect(line(auditDetails(exported))[0]).toBe('Weg: auf der Kommandozeile');
  // An export's filter by names: the field of action, the channel, the statistical district or a place sentinel.
  const districts = { ...lookup, district: (key: string) => (key === 'bezirk-2' ? 'Bensberg' : undefined) };
  const filtered = (filter: Record<string, string>) => line(auditDetails(entry({ action: 'export', entity: 'process', details: { filter } }), districts));
  expect(filtered({ field: 'arbeit', channel: 'stall', district: 'bezirk-2' })).toEqual(['Filter: Handlungsfeld: Arbeit & Beschäftigung; Kanal: Marktstand; Bezirk: Bensberg']);
  expect(filtered({ district: 'outside' })).toEqual(['Filter: Bezirk: außerhalb der Stadt']);
  expect(filtered({ district: 'unknown' })).toEqual(['Filter: Bezirk: ohne Angabe']);
});

it('names the questions of released results by their German texts, a long one shortened, not by their keys', () => {
  const line = (lines: ReturnType<typeof auditDetails>) => lines.map((item) => `${item.label}: ${'value' in item ? item.value : `${item.before} → ${item.after}`}`);
  const texts: Record<string, string> = {
    'work-situation': 'Wie ist Ihre Arbeitssituation?',
    'support-needs': 'Was würde Ihnen oder anderen helfen, in Bergisch Gladbach gut anzukommen und mitzumachen?',
  };
  const lookup = { question: (process: string, key: string) => (process === 'integrationskonzept' ? texts[key] : undefined) };
  const released = entry({
    action: 'snapshot_released',
    entity: 'result_snapshot',
    details: { process: 'integrationskonzept', questions: ['work-situation', 'support-needs', 'gone-meanwhile'], dotVotes: false },
  });
  expect(line(auditDetails(released, lookup))).toEqual([
    'Fragen: „Wie ist Ihre Arbeitssituation?“, „Was würde Ihnen oder anderen helfen, in Bergisch Gladbach …“, gone-meanwhile',
    'Klebepunkte: nein',
  ]);
});

it('names the questions of a release still there as it froze them, before the questionnaire’s current texts', () => {
  const lookup = { question: (_process: string, key: string) => (key === 'work-situation' ? 'Wie lautet die Frage heute?' : key === 'age-band' ? 'Wie alt sind Sie?' : undefined) };
  const released = entry({
    action: 'snapshot_released',
    entity: 'result_snapshot',
    details: { process: 'integrationskonzept', questions: ['work-situation', 'age-band'], dotVotes: false },
    subject: { name: 'Erste Ergebnisse', deleted: false, process: 'Integrationskonzept', questions: { 'work-situation': 'Wie ist Ihre Arbeitssituation?' } },
  });
  expect(auditDetails(released, lookup)[0]).toEqual({ label: 'Fragen', value: '„Wie ist Ihre Arbeitssituation?“, „Wie alt sind Sie?“' });
});
