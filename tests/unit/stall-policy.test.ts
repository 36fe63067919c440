import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { answeredSince, dotVoteIdsToAsk, keptNoteCount, keptPaperCount, keptTally, MARKET_DAY_REMOVED, marketDayDate, marketDaysAround, newId, noteIdsToAsk, pickBatch, refusedAsRemoved, RETRY_MAX_MS, retryDelay, syncIsStale, unsentNoteCount, unsentPaperCount, unsentTally, waitingLabel, type OutboxEntry } from '../../client/stall/policy.ts';
import { buildDotVoteItem, buildNoteItem, buildMarketDayItem } from '../factories/stall.ts';
import { staffLanguage } from '../../client/i18n/staff.ts';

let seq = 0;
function entry(item: OutboxEntry['item'], overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  seq += 1;
  return { seq, item, state: 'pending', attempted: false, queuedAt: '2026-05-09T08:00:00.000Z', ...overrides };
}

describe('the tablet queue’s rules', () => {
  it('sends in queue order, at most one item per id, and holds an edit behind its unconfirmed note', () => {
    const marketDay = entry(buildMarketDayItem());
    const note = buildNoteItem({ marketDayId: marketDay.item.id });
    const create = entry(note);
    const edit = entry({ ...note, text: 'geändert', baseVersion: 1 });
    const other = entry(buildNoteItem());
    expect(pickBatch([other, edit, create, marketDay], 'markt1').map((e) => e.seq)).toEqual([marketDay.seq, create.seq, other.seq]);
    // Once the note is confirmed (gone from the queue), the edit travels.
    expect(pickBatch([edit, other], 'markt1').map((e) => e.seq)).toEqual([edit.seq, other.seq]);
  });

  it('holds items behind a rejected item of the same id and skips rejected items themselves', () => {
    const note = buildNoteItem();
    const rejected = entry(note, { state: 'conflict' });
    const edit = entry({ ...note, baseVersion: 1 });
    const free = entry(buildNoteItem());
    expect(pickBatch([rejected, edit, free], 'markt1')).toEqual([free]);
  });

  it('sends only what the signed-in account captured (and what was queued before entries named their account), holding back what follows another account\'s item', () => {
    const mine = entry(buildNoteItem(), { by: 'markt1' });
    const older = entry(buildNoteItem());
    const note = buildNoteItem();
    const theirs = entry(note, { by: 'markt2' });
    const myEditOfTheirs = entry({ ...note, text: 'geändert', baseVersion: 1 }, { by: 'markt1' });
    expect(pickBatch([mine, older, theirs, myEditOfTheirs], 'markt1')).toEqual([mine, older]);
    expect(pickBatch([mine, older, theirs, myEditOfTheirs], 'markt2')).toEqual([older, theirs]);
  });

  it('caps a batch by items and by bytes, but always sends at least one item', () => {
    const many = Array.from({ length: 5 }, () => entry(buildNoteItem()));
    expect(pickBatch(many, 'markt1', 3)).toHaveLength(3);
    expect(pickBatch(many, 'markt1', 100, 10)).toHaveLength(1);
  });

  it('waits longer after each failure, with jitter, and never longer than the cap', () => {
    expect(retryDelay(1, () => 0)).toBe(1_000);
    expect(retryDelay(1, () => 1)).toBe(2_000);
    expect(retryDelay(4, () => 0)).toBe(8_000);
    expect(retryDelay(30, () => 1)).toBe(RETRY_MAX_MS);
    expect(retryDelay(30, () => 0)).toBe(RETRY_MAX_MS / 2);
  });

  it('warns after two days without a sync while items wait', () => {
    const now = new Date('2026-05-12T09:00:00.000Z');
    const waiting = [{ queuedAt: '2026-05-09T08:00:00.000Z' }];
    expect(syncIsStale([], null, now)).toBe(false);
    expect(syncIsStale(waiting, null, now)).toBe(true);
    expect(syncIsStale(waiting, '2026-05-11T08:00:00.000Z', now)).toBe(false);
    expect(syncIsStale(waiting, '2026-05-01T08:00:00.000Z', now)).toBe(true);
  });

  it('adds up the market day’s unsent dot votes per option', () => {
    const marketDay = buildMarketDayItem();
    const entries = [
      entry(buildDotVoteItem(marketDay.id, { option: 'arbeit' })),
      entry(buildDotVoteItem(marketDay.id, { option: 'arbeit' })),
      entry(buildDotVoteItem(marketDay.id, { option: 'arbeit', delta: -1 })),
      entry(buildDotVoteItem(marketDay.id, { option: 'bildung' }), { state: 'invalid' }),
      entry(buildDotVoteItem(buildMarketDayItem().id, { option: 'arbeit' })),
    ];
    expect(unsentTally(entries, marketDay.id)).toEqual({ arbeit: 1 });
  });

  it('keeps a board\'s tally without the dots it still holds as unsent, so a dot the server counted before its answer came is shown once', () => {
    const marketDay = buildMarketDayItem();
    const answered = buildDotVoteItem(marketDay.id, { option: 'bildung' });
    const inFlight = buildDotVoteItem(marketDay.id, { option: 'bildung' });
    const withdrawn = buildDotVoteItem(marketDay.id, { option: 'arbeit', delta: -1 });
    const neverSent = buildDotVoteItem(marketDay.id, { option: 'bildung' });
    const entries: OutboxEntry[] = [
      entry(answered, { attempted: true }),
      entry(inFlight, { attempted: true }),
      entry(withdrawn, { attempted: true }),
      entry(neverSent),
      entry(buildDotVoteItem(marketDay.id, { option: 'bildung' }), { attempted: true, state: 'invalid' }),
      entry(buildDotVoteItem(buildMarketDayItem().id, { option: 'bildung' }), { attempted: true }),
    ];
    // Waiting on a market day, those sent at least once first: what the tablet asks the server about. Not a refused one.
    const asked = dotVoteIdsToAsk(entries, 100);
    expect(asked).toEqual([answered.id, inFlight.id, withdrawn.id, entries[5]!.item.id, neverSent.id]);
    expect(dotVoteIdsToAsk(entries, 2)).toEqual([answered.id, inFlight.id]);
    // The server's tally holds the answered dot and the withdrawn one (arbeit 3 → 2) besides another tablet's 5 Bildung.
    const server = { id: marketDay.id, tally: { bildung: 6, arbeit: 2 }, countedDotVoteIds: [answered.id, withdrawn.id] };
    const kept = keptTally(server, entries, asked);
    expect(kept).toEqual({ bildung: 5, arbeit: 3 });
    // The board adds what waits: the answered, in-flight and never-sent dots once each, the withdrawal once.
    const unsent = unsentTally(entries, marketDay.id);
    expect({ bildung: kept!.bildung! + unsent.bildung!, arbeit: kept!.arbeit! + unsent.arbeit! }).toEqual({ bildung: 8, arbeit: 2 });
    // A dot sent after the tablet asked may be in the server's tally or not: the tablet keeps the tally it had.
    expect(keptTally(server, entries, asked.filter((id: string) => id !== inFlight.id))).toBeUndefined();
    // Asked about none and holding none sent: the server's tally as it is.
    expect(keptTally({ id: marketDay.id, tally: { bildung: 1 } }, [entry(neverSent)], [])).toEqual({ bildung: 1 });
  });

  it('counts in what the tablet took in as stored while the market-day list was on its way, where the list does not hold it', () => {
    const marketDay = buildMarketDayItem();
    const dot = buildDotVoteItem(marketDay.id, { option: 'bildung' });
    const countedDot = buildDotVoteItem(marketDay.id, { option: 'arbeit' });
    const refusedDot = buildDotVoteItem(marketDay.id, { option: 'bildung' });
    const note = buildNoteItem({ marketDayId: marketDay.id });
    const paper = { type: 'paperResponse' as const, id: randomUUID(), marketDayId: marketDay.id, response: { surveyVersion: 1, language: 'de' as const, answers: {} } };
    const otherDay = buildDotVoteItem(buildMarketDayItem().id, { option: 'bildung' });
    const before: OutboxEntry[] = [entry(dot), entry(countedDot, { attempted: true }), entry(refusedDot), entry(note), entry(paper), entry(otherDay)];
    // Their answers came meanwhile: all stored but the refused dot, which stays in the queue, refused.
    const now: OutboxEntry[] = [{ ...before[2]!, state: 'invalid' }];
    const answered = answeredSince(before, now);
    expect(answered.map(({ item }) => item.id)).toEqual([dot.id, countedDot.id, note.id, paper.id, otherDay.id]);
    const asked = { dotVotes: dotVoteIdsToAsk(before, 100), notes: noteIdsToAsk(before, 100) };
    // The server read its counts after the Arbeit dot arrived and before the others: it counted that one only.
    const server = { id: marketDay.id, tally: { bildung: 3, arbeit: 1 }, countedDotVoteIds: [countedDot.id], noteCount: 4, paperCount: 2, paperIds: [randomUUID(), randomUUID()] };
    expect(keptTally(server, now, asked.dotVotes, answered)).toEqual({ bildung: 4, arbeit: 1 });
    expect(keptNoteCount(server, asked.notes, answered)).toBe(5);
    expect(keptPaperCount(server, answered)).toEqual({ paperCount: 3, paperIds: [...server.paperIds, paper.id] });
    // Read after all had arrived: nothing counted twice.
    const later = { ...server, tally: { bildung: 4, arbeit: 1 }, countedDotVoteIds: [dot.id, countedDot.id], noteCount: 5, countedNoteIds: [note.id], paperCount: 3, paperIds: [...server.paperIds, paper.id] };
    expect(keptTally(later, now, asked.dotVotes, answered)).toEqual({ bildung: 4, arbeit: 1 });
    expect(keptNoteCount(later, asked.notes, answered)).toBe(5);
    expect(keptPaperCount(later, answered)).toEqual({ paperCount: 3, paperIds: later.paperIds });
    // A dot the tablet did not ask about may be in the list or not: the tablet keeps its own tally (which its answer completed).
    expect(keptTally(server, now, asked.dotVotes.filter((id) => id !== dot.id), answered)).toBeUndefined();
    // A note it did not ask about: the server's count as it is.
    expect(keptNoteCount(server, [], answered)).toBe(4);
    // Nothing answered meanwhile: the server's figures.
    expect(keptTally(server, before, asked.dotVotes, answeredSince(before, before))).toEqual({ bildung: 3, arbeit: 0 });
  });

  it('counts a market day\'s new notes not yet sent once each: no edit, no refused note, no other day', () => {
    const marketDay = buildMarketDayItem();
    const note = buildNoteItem({ marketDayId: marketDay.id });
    const entries = [
      entry(note, { attempted: true }),
      // Its edit, queued behind it: still one note.
      entry({ ...note, text: 'geändert', baseVersion: 1 }),
      // A stored note's edit is no new note.
      entry(buildNoteItem({ marketDayId: marketDay.id, baseVersion: 2 })),
      entry(buildNoteItem({ marketDayId: marketDay.id }), { state: 'invalid' }),
      entry(buildNoteItem({ marketDayId: marketDay.id })),
      entry(buildNoteItem()),
      entry(buildDotVoteItem(marketDay.id)),
    ];
    expect(unsentNoteCount(entries, marketDay.id)).toBe(2);
  });

  it('counts a note whose answer was lost once, in the server\'s count, while it still waits in the outbox; asks the server about the notes waiting on a market day, those sent once first', () => {
    const marketDay = buildMarketDayItem();
    const lost = buildNoteItem({ marketDayId: marketDay.id });
    const waiting = buildNoteItem({ marketDayId: marketDay.id });
    const entries: OutboxEntry[] = [
      entry(marketDay),
      entry(lost, { attempted: true }),
      entry({ ...lost, text: 'geändert', baseVersion: 1 }),
      entry(waiting),
      entry(buildNoteItem({ marketDayId: marketDay.id }), { attempted: true, state: 'invalid' }),
      entry(buildNoteItem(), { attempted: true }),
    ];
    // Sent once and not confirmed: the server may hold it; asked first. Never sent: asked too (it may be sent while the
    // list is on its way). Refused, an edit, or without a market day: not asked.
    expect(noteIdsToAsk(entries, 100)).toEqual([lost.id, waiting.id]);
    expect(noteIdsToAsk(entries, 1)).toEqual([lost.id]);
    // The server says it holds the lost one (and another tablet's note): only the other one is unsent.
    expect(unsentNoteCount(entries, marketDay.id, [randomUUID(), lost.id])).toBe(1);
    expect(unsentNoteCount(entries, marketDay.id)).toBe(2);
  });

  it('counts a market day\'s unsent paper questionnaires once each, not the refused ones nor another market day\'s', () => {
    const marketDay = buildMarketDayItem();
    const paper = (marketDayId?: string) => ({ type: 'paperResponse' as const, id: randomUUID(), ...(marketDayId ? { marketDayId } : {}), response: { surveyVersion: 1, language: 'de' as const, answers: {} } });
    const sent = paper(marketDay.id);
    const entries: OutboxEntry[] = [
      entry(sent, { attempted: true }),
      entry(sent),
      entry(paper(marketDay.id)),
      entry(paper(marketDay.id), { state: 'conflict' }),
      entry(paper(buildMarketDayItem().id)),
      entry(paper()),
      entry(buildNoteItem({ marketDayId: marketDay.id })),
    ];
    expect(unsentPaperCount(entries, marketDay.id)).toBe(2);
  });

  it('counts a paper questionnaire whose answer was lost once, in the server\'s list, while it still waits in the outbox', () => {
    const marketDay = buildMarketDayItem();
    const paper = () => ({ type: 'paperResponse' as const, id: randomUUID(), marketDayId: marketDay.id, response: { surveyVersion: 1, language: 'de' as const, answers: {} } });
    const lost = paper();
    const waiting = paper();
    const entries: OutboxEntry[] = [entry(lost, { attempted: true }), entry(waiting)];
    // The server lists the one it stored (and another tablet's); only the other one is unsent.
    expect(unsentPaperCount(entries, marketDay.id, [randomUUID(), lost.id])).toBe(1);
    expect(unsentPaperCount(entries, marketDay.id, [])).toBe(2);
  });

  it('says how many wait in German', () => {
    expect([0, 1, 3].map((n) => waitingLabel(n))).toEqual(['Alles gesendet', '1 wartet auf Senden', '3 warten auf Senden']);
  });

  it('never says everything was sent while refused entries wait for a decision, and counts them in plural forms', () => {
    expect(waitingLabel(0, 1)).toBe('1 Eintrag braucht Ihre Entscheidung');
    expect(waitingLabel(0, 2)).toBe('2 Einträge brauchen Ihre Entscheidung');
    expect(waitingLabel(3, 1)).toBe('3 warten auf Senden · 1 Eintrag braucht Ihre Entscheidung');
    expect(waitingLabel(0, 0)).toBe('Alles gesendet');
  });

  it('finds the refused entries of a removed market day: itself and what names it, not what waits or another refusal', () => {
    const marketDay = buildMarketDayItem();
    const removed = { code: MARKET_DAY_REMOVED, message: 'removed' };
    const note = buildNoteItem({ marketDayId: marketDay.id });
    const entries: OutboxEntry[] = [
      entry(marketDay, { state: 'conflict', error: removed }),
      entry(note, { state: 'conflict', error: removed }),
      entry(buildDotVoteItem(marketDay.id), { state: 'conflict', error: removed }),
      entry(buildNoteItem({ marketDayId: marketDay.id })),
      entry(buildNoteItem({ marketDayId: marketDay.id }), { state: 'conflict', error: { code: 'version_conflict', message: 'x' } }),
      entry(buildNoteItem({ marketDayId: buildMarketDayItem().id }), { state: 'conflict', error: removed }),
    ];
    expect(refusedAsRemoved(entries, marketDay.id).map((found) => found.item.id)).toEqual([marketDay.id, note.id, entries[2]!.item.id]);
  });

  it('makes version-4 UUIDs', () => {
    expect(newId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newId((bytes) => bytes.fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('splits the market days around today: today\'s, the planned ones nearest first, the earlier ones newest first, each list capped on its own', () => {
    const sorted = ['2027-03-06', '2027-01-09', '2026-12-19', '2026-12-10', '2026-11-28', '2026-10-03', '2026-09-05'].map((date) => ({ date }));
    expect(marketDaysAround(sorted, '2026-12-10', 2)).toEqual({
      todays: [{ date: '2026-12-10' }],
      planned: [{ date: '2026-12-19' }, { date: '2027-01-09' }],
      earlier: [{ date: '2026-11-28' }, { date: '2026-10-03' }],
    });
  });

  it('names a market day\'s date as staff read it, in the staff language, never as an ISO date (the sync bar\'s refusals, the market-day lists)', () => {
    const may = new Date('2026-05-02T10:00:00Z');
    expect(marketDayDate('2026-05-09', may)).toBe('Sa., 9. Mai');
    // Another year than the current one is named: a day planned for next spring, one of last year.
    expect(marketDayDate('2027-05-08', may)).toBe('Sa., 8. Mai 2027');
    expect(marketDayDate('2025-12-13', may)).toBe('Sa., 13. Dezember 2025');
    // The year is the city's: on New Year's Eve at 23:30 UTC it is already 2027 in Berlin.
    expect(marketDayDate('2027-01-02', new Date('2026-12-31T23:30:00Z'))).toBe('Sa., 2. Januar');
    staffLanguage.value = 'en';
    try {
      expect(marketDayDate('2026-05-09', may)).toBe('Sat 9 May');
      expect(marketDayDate('2027-05-08', may)).toBe('Sat, 8 May 2027');
    } finally {
      staffLanguage.value = 'de';
    }
  });
});
