import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { SyncResult } from '../../shared/api/stall.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildNoteItem, buildMarketDayItem } from '../factories/stall.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';
import { pdfText, readWorkbook } from '../helpers/exports.ts';

const MIGRATIONS = join(import.meta.dirname, '../../db/migrations');
const RLO = '\u202E';
const ISOLATES = '\u2066\u2067\u2068\u2069';

/**
 * Text that acts instead of showing: control characters, formulas hidden behind invisible
 * characters, and bidi overrides that show a quote reversed.
 */
describe('hostile characters in stored text and exports', () => {
  let t: TestApp;
  let staff: Agent;
  let admin: Agent;
  let group: Agent;

  beforeAll(async () => {
    t = await buildTestApp();
    staff = await signIn(t.app, (await buildUser(t.db, { role: 'staff' })).username, TEST_PASSWORD);
    admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
  });
  afterAll(() => t.close());

  async function sync(items: unknown[]): Promise<SyncResult[]> {
    const response = await staff.inject({ method: 'POST', url: '/api/stall/sync', payload: { items } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().results;
  }
  const download = (format: string) => group.inject({ method: 'GET', url: `/api/processes/${t.slug}/exports/${format}` });

  /** A contribution as a database from before the write paths normalised text may hold it. */
  function storeUnnormalised(text: string): string {
    const id = buildContribution(t.db, { text: 'platzhalter', fieldsOfAction: ['arbeit'] });
    t.db.$client.prepare('update contributions set text = ?, masked_text = ? where id = ?').run(text, text, id);
    return id;
  }

  it('strips control characters and bidi controls from stall notes and market days, as the survey does', async () => {
    const marketDay = buildMarketDayItem({ place: `Wochen\u0000markt${RLO} Bensberg\u0007`, staff: [`Ay\u0008lin${ISOLATES}`] });
    const note = buildNoteItem({ marketDayId: marketDay.id, text: `\u0001Mehr${RLO} Bänke\u001b[31m\r\nam Markt${ISOLATES}\u0085\uFEFF`, fieldsOfAction: ['arbeit'] });
    expect(await sync([marketDay, note])).toEqual([
      { id: marketDay.id, status: 'stored' },
      { id: note.id, status: 'stored', version: 1, receipt: expect.any(String) },
    ]);
    expect(t.db.$client.prepare('select text, masked_text from contributions where id = ?').get(note.id)).toEqual({ text: 'Mehr Bänke[31m\nam Markt', masked_text: 'Mehr Bänke[31m\nam Markt' });
    expect(t.db.$client.prepare('select place, staff from market_days where id = ?').get(marketDay.id)).toEqual({ place: 'Wochenmarkt Bensberg', staff: '["Aylin"]' });
  });

  it('strips them from a moderator’s reason for hiding', async () => {
    const id = buildContribution(t.db, { text: 'Werbung für einen Laden', fieldsOfAction: ['arbeit'] });
    const response = await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/contributions/${id}/hide`, payload: { version: 1, reason: `Wer${RLO}bung\u0000` } });
    expect(response.statusCode, response.body).toBe(204);
    expect(t.db.$client.prepare('select hidden_reason from contributions where id = ?').get(id)).toEqual({ hidden_reason: 'Werbung' });
  });

  it('neutralises a formula behind invisible, format or control characters in CSV and XLSX', async () => {
    const hidden = ['\u200B=HYPERLINK("http://example.org","a")', '\u2060+1+cmd|calc', '\u061C-2+3', '\u200E@SUM(1,2)', ' \u00A0=1+1', '\uFF1D1+1'];
    for (const text of hidden) buildContribution(t.db, { text, fieldsOfAction: ['arbeit'] });
    // Stored before the write paths dropped them: a byte-order mark, a control character, an override.
    const legacy = ['\uFEFF=1+2', '\u0001=1+3', `${RLO}=1+4`, '\t=1+5'];
    for (const text of legacy) storeUnnormalised(text);

    const csv = (await download('csv')).body;
    // The text is the column „Beitrag“, as a spreadsheet reads the file.
    const rows = parse(csv, { bom: true, delimiter: ';', record_delimiter: '\r\n' }) as string[][];
    const cells = rows.map((row) => row[rows[0]!.indexOf('Beitrag')]!);
    for (const marker of ['HYPERLINK', 'cmd|calc', '-2+3', 'SUM(1', '=1+1', '1+2', '1+3', '1+4', '1+5']) {
      const cell = cells.find((candidate) => candidate.includes(marker));
      expect(cell, marker).toMatch(/^'/);
    }
    expect(csv).not.toContain('\u0001');
    expect(csv).not.toContain(RLO);

    const workbook = await readWorkbook((await download('xlsx')).rawPayload);
    expect(workbook.formulas).toBe(0);
    const texts = workbook.sheets['Beiträge']!.map((row) => row[6]!);
    for (const marker of ['HYPERLINK', 'cmd|calc', '-2+3', 'SUM(1', '1+2', '1+3', '1+4', '1+5']) {
      expect(texts.find((text) => text.includes(marker)), marker).toMatch(/^'/);
    }
    expect(workbook.text).not.toContain('\u0001');
    expect(workbook.text).not.toContain(RLO);
  });

  it('never shows a quote reversed by an override, in the working-group view or the PDF', async () => {
    const id = storeUnnormalised(`Der Spielplatz ${RLO}braucht Schatten${ISOLATES[0]} und Bänke`);
    const view = await group.inject({ method: 'GET', url: `/api/processes/${t.slug}/contributions` });
    expect(view.statusCode).toBe(200);
    expect((view.json() as Array<{ id: string; text: string }>).find((item) => item.id === id)!.text).toBe('Der Spielplatz braucht Schatten und Bänke');
    const pdf = await pdfText((await download('pdf')).rawPayload);
    expect(pdf.replace(/\s+/g, ' ')).toContain('Der Spielplatz braucht Schatten und Bänke');
    expect(pdf).not.toContain(RLO);
  });

  it('cleans what was stored before: the migration drops the same characters from stored notes and market days', () => {
    const id = storeUnnormalised(`Mehr${RLO} Bänke\r\nam\u0007 Markt${ISOLATES}\uFEFF`);
    const migration = readdirSync(MIGRATIONS).find((name) => name.endsWith('_strip_control_characters.sql'))!;
    // The migration was written when market days were `stall_sessions` (renamed by 0025): an empty stand-in takes its update.
    t.db.$client.exec('create temp table stall_sessions (place text, staff text)');
    for (const statement of readFileSync(join(MIGRATIONS, migration), 'utf8').split('--> statement-breakpoint')) t.db.$client.exec(statement);
    t.db.$client.exec('drop table temp.stall_sessions');
    expect(t.db.$client.prepare('select text, masked_text from contributions where id = ?').get(id)).toEqual({ text: 'Mehr Bänke\nam Markt', masked_text: 'Mehr Bänke\nam Markt' });
  });
});
