/**
 * The queue's rules as plain functions (no IndexedDB, no DOM), so they are easy to reason
 * about and unit-tested: which items go into the next batch, how long to wait after a
 * failure, when to warn that the tablet has not synced.
 */
import type { ConflictNote, MarketDay, SyncItem } from '../../shared/api/stall.ts';
import { t, tn } from './messages.ts';
import { staffLocale } from '../i18n/staff.ts';

/** One queued item. `seq` orders the queue: a market day is always sent before its notes. */
export interface OutboxEntry {
  seq: number;
  item: SyncItem;
  /** `pending` waits for upload; `conflict` and `invalid` wait for staff to decide. */
  state: 'pending' | 'conflict' | 'invalid';
  /** Set before the first upload: from then on the server may hold it, so it is never changed in place. */
  attempted: boolean;
  queuedAt: string;
  error?: { code: string; message: string };
  /**
   * For a refused edit of a note: the note as the server held it when it refused (its text masked
   * as after moderation), kept with the refusal, so staff compare it with their edit offline too.
   */
  current?: ConflictNote;
  /**
   * The account signed in on the tablet when it was captured (its user name). The server stores an
   * item under the account that sends it, so only that account sends it; another one may take it
   * over only when staff say so. Absent on entries queued before this was kept: any account sends those.
   */
  by?: string;
}

/** Whether `account` may send the entry: its own, or one from before entries named their account. */
export const sendsAs = (entry: Pick<OutboxEntry, 'by'>, account: string): boolean => entry.by === undefined || entry.by === account;

export const BATCH_MAX_ITEMS = 100;
/** Well under the server's 1 MiB body limit, even with long notes. */
export const BATCH_MAX_BYTES = 512 * 1024;
export const RETRY_BASE_MS = 2_000;
export const RETRY_MAX_MS = 5 * 60_000;
export const STALE_AFTER_MS = 2 * 24 * 60 * 60_000;

/** Bytes as the server counts its body limit: UTF-8, where an umlaut or Arabic letter takes two. */
const encoder = new TextEncoder();

/**
 * The next batch: pending items of `account` in queue order, at most one item per id, and none
 * behind an earlier item of the same id that is not confirmed yet. So an edit travels only after
 * the server confirmed the note it edits, and a resend of the note never meets its own edit.
 */
export function pickBatch(entries: readonly OutboxEntry[], account: string, maxItems = BATCH_MAX_ITEMS, maxBytes = BATCH_MAX_BYTES): OutboxEntry[] {
  const batch: OutboxEntry[] = [];
  const held = new Set<string>();
  let bytes = 0;
  for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
    const id = entry.item.id;
    if (held.has(id)) continue;
    held.add(id);
    // Another account's capture waits for that account (and holds back what follows it of the same id).
    if (entry.state !== 'pending' || !sendsAs(entry, account)) continue;
    const size = encoder.encode(JSON.stringify(entry.item)).length + 1;
    if (batch.length >= maxItems || (batch.length > 0 && bytes + size > maxBytes)) break;
    batch.push(entry);
    bytes += size;
  }
  return batch;
}

/**
 * Capped exponential backoff with "equal jitter": at least half the step, so retries never
 * collapse into a tight loop, plus a random half, so a room full of tablets coming back
 * online does not hit the server in lockstep.
 */
export function retryDelay(failures: number, random: () => number = Math.random): number {
  const step = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Whether to warn: items are waiting and nothing reached the server for more than two days. */
export function syncIsStale(pending: readonly Pick<OutboxEntry, 'queuedAt'>[], lastSyncedAt: string | null, now: Date): boolean {
  if (pending.length === 0) return false;
  const oldest = pending.reduce((min, entry) => (entry.queuedAt < min ? entry.queuedAt : min), pending[0]!.queuedAt);
  const since = lastSyncedAt && lastSyncedAt > oldest ? lastSyncedAt : oldest;
  return now.getTime() - Date.parse(since) > STALE_AFTER_MS;
}

/** A Klebepunkt waiting to be sent (none refused). */
const isPendingDotVote = ({ item, state }: OutboxEntry): boolean => item.type === 'dotVote' && state === 'pending';

/**
 * The market day's dot votes that have not reached the server: option → sum of deltas. The board
 * shows them added to the tally the tablet keeps, which never holds them (`keptTally`).
 */
export function unsentTally(entries: readonly OutboxEntry[], marketDayId: string): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const entry of entries) {
    const { item } = entry;
    if (item.type === 'dotVote' && item.marketDayId === marketDayId && isPendingDotVote(entry)) tally[item.option] = (tally[item.option] ?? 0) + item.delta;
  }
  return tally;
}

/**
 * The entries that waited to be sent when the tablet asked for the market-day list (`before`) and
 * are gone from the queue now (`now`): their answers came while the list was on its way, and took
 * them into the tablet's counts (`applyResults`). The server may have read its counts before they
 * arrived. Only the answer of a stored item removes a pending entry; a refused one stays, refused.
 */
export function answeredSince(before: readonly OutboxEntry[], now: readonly OutboxEntry[]): OutboxEntry[] {
  const queued = new Set(now.map((entry) => entry.seq));
  return before.filter((entry) => entry.state === 'pending' && !queued.has(entry.seq));
}

/**
 * The tally the tablet keeps of a market day's board from the server's list: the server's, less
 * the Klebepunkte it counted that the tablet still holds as unsent (`countedDotVoteIds`), so that
 * the board, which adds those, counts each dot once, also while the answer to their sending is
 * on its way (to this tab or another); plus those the tablet asked about that were stored after
 * the server read its counts (`answered`, not counted: the answer came while the list was on its
 * way). `undefined` when the server may or may not have counted a dot the tablet did not ask about
 * (sent after it asked, or answered meanwhile): then the tablet keeps the tally it had, which the
 * answers of those sendings completed.
 */
export function keptTally(
  marketDay: Pick<MarketDay, 'id' | 'tally' | 'countedDotVoteIds'>,
  entries: readonly OutboxEntry[],
  asked: readonly string[],
  answered: readonly OutboxEntry[] = [],
): Record<string, number> | undefined {
  const counted = new Set(marketDay.countedDotVoteIds ?? []);
  const askedAbout = new Set(asked);
  const tally = { ...marketDay.tally };
  for (const entry of entries) {
    const { item } = entry;
    if (item.type !== 'dotVote' || item.marketDayId !== marketDay.id || !isPendingDotVote(entry)) continue;
    if (counted.has(item.id)) tally[item.option] = (tally[item.option] ?? 0) - item.delta;
    else if (entry.attempted && !askedAbout.has(item.id)) return undefined;
  }
  for (const { item } of answered) {
    if (item.type !== 'dotVote' || item.marketDayId !== marketDay.id || counted.has(item.id)) continue;
    if (!askedAbout.has(item.id)) return undefined;
    tally[item.option] = (tally[item.option] ?? 0) + item.delta;
  }
  return tally;
}

/**
 * A market day's paper count from the server's list, with the questionnaires stored after the
 * server read it (`answered`, not among its `paperIds`): the tablet no longer holds them as unsent,
 * so without them the count would drop until the next list.
 */
export function keptPaperCount(marketDay: Pick<MarketDay, 'id' | 'paperCount' | 'paperIds'>, answered: readonly OutboxEntry[]): Pick<MarketDay, 'paperCount' | 'paperIds'> {
  const listed = new Set(marketDay.paperIds);
  const later = new Set<string>();
  for (const { item } of answered) if (item.type === 'paperResponse' && item.marketDayId === marketDay.id && !listed.has(item.id)) later.add(item.id);
  return { paperCount: marketDay.paperCount + later.size, paperIds: [...marketDay.paperIds, ...later] };
}

/**
 * A market day's note count from the server's list, with the new notes the tablet asked about that
 * were stored after the server read it (`answered`, not among `countedNoteIds`). One it did not ask
 * about may be counted there or not: the server's count stays as it is, until the next list.
 */
export function keptNoteCount(marketDay: Pick<MarketDay, 'id' | 'noteCount' | 'countedNoteIds'>, asked: readonly string[], answered: readonly OutboxEntry[]): number {
  const counted = new Set(marketDay.countedNoteIds ?? []);
  const askedAbout = new Set(asked);
  const later = new Set<string>();
  for (const entry of answered) {
    const { item } = entry;
    if (isPendingNewNote(entry) && marketDayOf(item) === marketDay.id && askedAbout.has(item.id) && !counted.has(item.id)) later.add(item.id);
  }
  return marketDay.noteCount + later.size;
}

/** A new note waiting to be sent (no edit of a stored one, none refused). */
const isPendingNewNote = ({ item, state }: OutboxEntry): boolean => item.type === 'note' && item.baseVersion === undefined && state === 'pending';

/**
 * The market day's new notes that have not reached the server, each once (an edit of one queued
 * behind it is no second note; an edit of a stored note is no new one). Shown beside the server's
 * count, never added to it. One the server said it holds (`onServer`, the market day's
 * `countedNoteIds`: its answer was lost, so it waits here until the resend comes back as a
 * duplicate) is counted there only.
 */
export function unsentNoteCount(entries: readonly OutboxEntry[], marketDayId: string, onServer: readonly string[] = []): number {
  const stored = new Set(onServer);
  const ids = new Set<string>();
  for (const entry of entries) if (isPendingNewNote(entry) && marketDayOf(entry.item) === marketDayId && !stored.has(entry.item.id)) ids.add(entry.item.id);
  return ids.size;
}

/**
 * The new notes the tablet holds as unsent on a market day, those sent at least once first (the
 * server may hold them already: their answer was lost): what the tablet asks about with the
 * market-day list (`sentNotes`), at most `max` of them. The others too, because one may be sent and
 * stored while the list is on its way (`keptNoteCount`); a day offline may hold more than `max`.
 */
export function noteIdsToAsk(entries: readonly OutboxEntry[], max: number): string[] {
  return idsToAsk(entries, isPendingNewNote, max);
}

/** The Klebepunkte the tablet holds as unsent on a market day, those sent at least once first: what it asks the server about (`sentDotVotes`), at most `max`. */
export function dotVoteIdsToAsk(entries: readonly OutboxEntry[], max: number): string[] {
  return idsToAsk(entries, isPendingDotVote, max);
}

function idsToAsk(entries: readonly OutboxEntry[], waiting: (entry: OutboxEntry) => boolean, max: number): string[] {
  const ids = new Set<string>();
  const onMarketDay = entries.filter((entry) => waiting(entry) && marketDayOf(entry.item) !== undefined);
  for (const entry of [...onMarketDay.filter((one) => one.attempted), ...onMarketDay.filter((one) => !one.attempted)]) ids.add(entry.item.id);
  return [...ids].slice(0, max);
}

/**
 * The market day's paper questionnaires that have not reached the server, each once by its client
 * id; shown beside the server's count. One the server already lists (`onServer`: its answer was
 * lost, so it still waits here until the resend comes back as a duplicate) is counted there only.
 */
export function unsentPaperCount(entries: readonly OutboxEntry[], marketDayId: string, onServer: readonly string[] = []): number {
  const stored = new Set(onServer);
  const ids = new Set<string>();
  for (const { item, state } of entries) if (item.type === 'paperResponse' && item.marketDayId === marketDayId && state === 'pending' && !stored.has(item.id)) ids.add(item.id);
  return ids.size;
}

/**
 * "3 warten auf Senden", in the staff language's plural forms; "Alles gesendet" only while nothing
 * waits, neither to be sent nor refused for staff to decide ("2 Einträge brauchen Ihre Entscheidung").
 */
export function waitingLabel(pending: number, refused = 0): string {
  const parts = [...(pending > 0 ? [tn('policy.waiting', pending)] : []), ...(refused > 0 ? [tn('policy.needDecision', refused)] : [])];
  return parts.length > 0 ? parts.join(' · ') : t('policy.everythingSent');
}

/** The refusal of a market day an admin removed, and of everything captured on it (`POST /api/stall/sync`). */
export const MARKET_DAY_REMOVED = 'market_day_removed';

/** The market day an entry is or names, if any. */
export function marketDayOf(item: SyncItem): string | undefined {
  return item.type === 'marketDay' ? item.id : item.marketDayId;
}

/** The refused entries that are, or were captured on, a market day an admin removed: each waits for staff to move or discard it. */
export function refusedAsRemoved(entries: readonly OutboxEntry[], marketDayId: string): OutboxEntry[] {
  return entries.filter((entry) => entry.state !== 'pending' && entry.error?.code === MARKET_DAY_REMOVED && marketDayOf(entry.item) === marketDayId);
}

/**
 * A market day's date as staff read it in their language („Sa., 9. Mai“), never as „2026-05-09“;
 * with its year when that is not the current one („Sa., 8. Mai 2027“), so a day planned for next
 * spring is not read as this year's.
 */
export function marketDayDate(date: string, now: Date = new Date()): string {
  const otherYear = date.slice(0, 4) !== localToday(now).slice(0, 4);
  return new Date(`${date}T12:00:00`).toLocaleDateString(staffLocale(), { weekday: 'short', day: 'numeric', month: 'long', ...(otherYear ? { year: 'numeric' } : {}) });
}

/**
 * A process's market days around `today`, from the list sorted newest first: today's, the planned
 * ones (nearest first) and the earlier ones (newest first), each at most `limit`, so days planned
 * far ahead never crowd out the past ones, nor are they listed as past.
 */
export function marketDaysAround<T extends { date: string }>(sorted: readonly T[], today: string, limit = 12): { todays: T[]; planned: T[]; earlier: T[] } {
  return {
    todays: sorted.filter((day) => day.date === today),
    planned: sorted.filter((day) => day.date > today).reverse().slice(0, limit),
    earlier: sorted.filter((day) => day.date < today).slice(0, limit),
  };
}

/** A time of day for today, otherwise date and time, as staff read it. */
export function formatSyncTime(iso: string, now: Date): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(staffLocale(), { hour: '2-digit', minute: '2-digit' });
  if (at.toDateString() === now.toDateString()) return time;
  return `${at.toLocaleDateString(staffLocale(), { day: 'numeric', month: 'numeric' })} ${time}`;
}

/**
 * A version-4 UUID from `crypto.getRandomValues`, which, unlike `crypto.randomUUID`,
 * also exists on a page served without TLS in the stall's own network.
 */
export function newId(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = random(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The city's "today" on the tablet, YYYY-MM-DD, for a new Markttag. */
export function localToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
