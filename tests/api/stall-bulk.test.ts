import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atomically } from '../../db/index.ts';
import { recordContribution, recordContributions } from '../../server/features/contributions/contributions.service.ts';
import type { SyncResult } from '../../shared/api/stall.ts';
import { makeReceiptCode, RECEIPT_CODE_PATTERN } from '../../shared/receipts/code.ts';
import { buildDotVoteItem, buildMarketDayItem, buildNoteItem } from '../factories/stall.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/**
 * A slice of a stall sync writes its new notes together (multi-row statements, cite numbers
 * reserved per flush); these hold it to what one note at a time gave: nothing lost, nothing
 * counted twice, numbers given once and in order, and a failed bulk write redone item by item.
 */
describe('stall sync, new notes written together', () => {
  let t: TestApp;
  let staff: Agent;

  beforeAll(async () => {
    t = await buildTestApp();
    const user = await buildUser(t.db, { role: 'staff' });
    staff = await signIn(t.app, user.username, user.password);
  });
  afterAll(() => t.close());

  const rows = <T>(sql: string, ...params: unknown[]) => t.db.$client.prepare(sql).all(...params) as T[];

  async function sync(items: unknown[]): Promise<SyncResult[]> {
    const response = await staff.inject({ method: 'POST', url: '/api/stall/sync', payload: { items } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().results;
  }

  /** The cite numbers of these notes, in the order given. */
  const citeNumbers = (ids: string[]) => {
    const byId = new Map(rows<{ id: string; seq: number }>(`select id, cite_seq seq from contributions where id in (${ids.map(() => '?').join(',')})`, ...ids).map((row) => [row.id, row.seq]));
    return ids.map((id) => byId.get(id));
  };

  it('stores a batch with repeats, a taken code, a market day and dot votes in its midst: each note once, numbered in order, with its tags, receipt and search entry', async () => {
    const marketDay = buildMarketDayItem();
    const notes = Array.from({ length: 150 }, (_, i) => buildNoteItem({ marketDayId: marketDay.id, text: `Sammelnotiz ${i} über Spielplätze`, fieldsOfAction: i % 2 ? ['bildung', 'arbeit'] : ['freizeit'] }));
    const wanted = makeReceiptCode();
    notes[3] = { ...notes[3]!, receipt: wanted };
    notes[90] = { ...notes[90]!, receipt: wanted };
    const later = buildMarketDayItem();
    const items = [
      marketDay,
      ...notes.slice(0, 70),
      notes[10], // the same note again, within the same slice: a duplicate
      { ...notes[20]!, text: 'Etwas ganz anderes' }, // another note under a taken id: a conflict
      later,
      buildDotVoteItem(marketDay.id),
      ...notes.slice(70),
    ];
    const results = await sync(items);
    expect(results.map((result) => result.id)).toEqual(items.map((item) => item!.id));
    const byIndex = (index: number) => results[index]!;
    expect(byIndex(0).status).toBe('stored');
    expect(byIndex(71)).toEqual({ id: notes[10]!.id, status: 'duplicate', version: 1, receipt: byIndex(11).receipt });
    expect(byIndex(72)).toMatchObject({ status: 'conflict', error: { code: 'id_conflict' } });
    expect([byIndex(73).status, byIndex(74).status]).toEqual(['stored', 'stored']);
    const noteResults = [...results.slice(1, 71), ...results.slice(75)];
    expect(noteResults).toHaveLength(150);
    for (const result of noteResults) expect(result).toEqual({ id: result.id, status: 'stored', version: 1, receipt: expect.stringMatching(RECEIPT_CODE_PATTERN) });
    expect(new Set(noteResults.map((result) => result.receipt)).size).toBe(150);
    // The first note asking for a code gets it; the second is stored under a fresh one, which its answer names.
    expect(noteResults[3]!.receipt).toBe(wanted);
    expect(noteResults[90]!.receipt).not.toBe(wanted);

    const ids = notes.map((note) => note.id);
    const numbers = citeNumbers(ids);
    expect(numbers.every((seq) => typeof seq === 'number')).toBe(true);
    for (let i = 1; i < numbers.length; i += 1) expect(numbers[i]).toBe(numbers[i - 1]! + 1);
    const stored = rows<{ contribution_id: string; code: string }>(`select contribution_id, code from receipts where contribution_id in (${ids.map(() => '?').join(',')})`, ...ids);
    expect(new Map(stored.map((row) => [row.contribution_id, row.code]))).toEqual(new Map(noteResults.map((result) => [result.id, result.receipt])));
    expect(rows<{ n: number }>(`select count(*) n from contribution_tags where contribution_id in (${ids.map(() => '?').join(',')}) and source = 'staff'`, ...ids)[0]!.n).toBe(75 * 2 + 75);
    expect(rows<{ n: number }>("select count(*) n from contributions_fts where contributions_fts match 'Sammelnotiz'")[0]!.n).toBe(150);
    expect(rows<{ n: number }>('select count(*) n from search_index_pending')[0]!.n).toBe(0);

    // A resend answers every item as before, each note with the code it holds.
    const again = await sync(items);
    expect(again.slice(1, 71)).toEqual(noteResults.slice(0, 70).map((result) => ({ ...result, status: 'duplicate' })));
    expect(again.slice(75)).toEqual(noteResults.slice(70).map((result) => ({ ...result, status: 'duplicate' })));
    expect(rows<{ n: number }>(`select count(*) n from contributions where market_day_id = ?`, marketDay.id)[0]!.n).toBe(150);
  });

  it('writes a slice again item by item when writing its notes together fails: only the failing note is refused, and a resend stores it', async () => {
    const notes = Array.from({ length: 40 }, (_, i) => buildNoteItem({ text: i === 17 ? 'Diese Notiz scheitert beim Speichern' : `Gute Notiz ${i}` }));
    t.db.$client.exec("CREATE TEMP TRIGGER refuse_one BEFORE INSERT ON contributions WHEN NEW.text LIKE '%scheitert%' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    let results: SyncResult[];
    try {
      results = await sync(notes);
    } finally {
      t.db.$client.exec('DROP TRIGGER temp.refuse_one');
    }
    expect(results[17]).toMatchObject({ id: notes[17]!.id, status: 'invalid', error: { code: 'item_failed' } });
    const others = results.filter((_, i) => i !== 17);
    for (const result of others) expect(result).toEqual({ id: result.id, status: 'stored', version: 1, receipt: expect.stringMatching(RECEIPT_CODE_PATTERN) });
    const ids = notes.map((note) => note.id);
    expect(rows<{ id: string }>(`select id from contributions where id in (${ids.map(() => '?').join(',')})`, ...ids)).toHaveLength(39);
    expect(rows<{ n: number }>(`select count(*) n from receipts where contribution_id in (${ids.map(() => '?').join(',')})`, ...ids)[0]!.n).toBe(39);
    // The rolled-back attempt gave no numbers away: the item-by-item write numbered the 39 without a gap.
    const numbers = citeNumbers(ids.filter((_, i) => i !== 17)) as number[];
    expect(numbers.at(-1)! - numbers[0]!).toBe(38);

    const again = await sync(notes);
    expect(again[17]).toEqual({ id: notes[17]!.id, status: 'stored', version: 1, receipt: expect.stringMatching(RECEIPT_CODE_PATTERN) });
    expect(again.filter((_, i) => i !== 17)).toEqual(others.map((result) => ({ ...result, status: 'duplicate' })));
  });

  it('gives cite numbers once whether the trigger numbers a voice or the bulk write reserves them, in one transaction', () => {
    const processId = (t.db.$client.prepare("select id from processes where slug = 'integrationskonzept'").get() as { id: string }).id;
    const input = (id: string) => ({ id, processId, channel: 'stall' as const, text: `Gemischt ${id}`, language: null, capturedOn: '2026-05-09', contentHash: id, fieldsOfAction: ['arbeit'], tagSource: 'staff' as const });
    const ids = Array.from({ length: 7 }, () => crypto.randomUUID());
    atomically(t.db, (tx) => {
      recordContribution(tx, input(ids[0]!));
      recordContributions(tx, ids.slice(1, 4).map((id) => ({ input: input(id) })));
      recordContribution(tx, input(ids[4]!));
      recordContributions(tx, ids.slice(5).map((id) => ({ input: input(id) })));
    });
    const numbers = citeNumbers(ids) as number[];
    expect(numbers.map((seq) => seq - numbers[0]!)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const counter = t.db.$client.prepare('select last from cite_counters where process_id = ?').get(processId) as { last: number };
    expect(counter.last).toBe(numbers[6]);
  });
});
