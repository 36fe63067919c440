import type { z } from 'zod';
import { atomically, clientOf, type Db, type DbOrTx } from '../../../db/index.ts';
import { deferSearchIndex, indexPendingNow } from '../../../db/search-index.ts';
import { AGE_BANDS, syncItemSchema, toVersion1, type ConflictNote, type DotVoteItem, type MarketDayItem, type NoteItem, type PaperResponseItem, type StallNote, type SyncItem, type SyncResult } from '../../../shared/api/stall.ts';
import { PLACE_OUTSIDE, PLACE_UNKNOWN, stadtteilToStore, type Role } from '../../../shared/domain.ts';
import { notFound } from '../../errors.ts';
import { contentHash } from '../../hash.ts';
import { localDay } from '../../time.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { countNotesOfMarketDays, findContribution, findTags, notesOfMarketDay, storedContributionIds, storedNotesAmong } from '../contributions/contributions.repo.ts';
import { editContribution, mayEdit, prepareText, stallText, recordContribution, recordContributions, type ContributionInput, type Editor, type PreparedText } from '../contributions/contributions.service.ts';
import { findProcessById, findProcessBySlug, loadProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import { getProcess } from '../processes/processes.service.ts';
import { codeOfContribution, codesOfContributions } from '../receipts/receipts.service.ts';
import { suggestContext, type SuggestContext } from '../suggest/suggest.service.ts';
import { submitResponse } from '../survey/survey.service.ts';
import { presentMarketDay } from './stall.presenter.ts';
import * as repo from './stall.repo.ts';

/**
 * The signed-in staff member or admin who sends a batch; recorded as creator and tagger. Edits
 * of notes are judged by the role (`mayEdit`: the capturing account or an admin).
 */
export type Actor = Editor;

type Outcome = Omit<SyncResult, 'id'>;

const stored = (version?: number, receipt?: string): Outcome => ({ status: 'stored', ...(version === undefined ? {} : { version }), ...(receipt === undefined ? {} : { receipt }) });
const duplicate = (version?: number, receipt?: string): Outcome => ({ status: 'duplicate', ...(version === undefined ? {} : { version }), ...(receipt === undefined ? {} : { receipt }) });
const conflict = (code: string, message: string, version?: number): Outcome => ({
  status: 'conflict',
  error: { code, message },
  ...(version === undefined ? {} : { version }),
});
const invalid = (code: string, message: string, details?: unknown): Outcome => ({
  status: 'invalid',
  error: details === undefined ? { code, message } : { code, message, details },
});

/** What a batch needs to know about a process, loaded once per batch rather than per item. */
interface ProcessFacts {
  process: ProcessRow;
  fieldKeys: Set<string>;
  stadtteilKeys: Set<string>;
}

/**
 * New notes a slice collects before it writes them together (`recordContributions`): at most
 * 64, and fewer long ones (16,000 characters of text in all), so that a slice's time bound,
 * checked between items, sees the writing of long notes in small steps.
 */
const BULK_NOTES = 64;
const BULK_CHARACTERS = 16_000;

/**
 * Per-slice lookups and writes. Processes do not change within a batch, so their facts are
 * cached; so is a market day once found (only an admin's correction changes one, never while a
 * batch's transaction holds the write lock), so 250 notes of one
 * market day read it once. A market day not found is asked again, as an earlier item of the
 * batch may create it.
 *
 * With `bulk` on, a new note that passed its checks is not written at once but collected
 * (`deferNote`) and written with the others in a few multi-row statements (`flush`), which the
 * slice calls between items, never inside one's savepoint; its result gets its receipt then.
 */
class BatchContext {
  private readonly bySlug = new Map<string, ProcessFacts | null>();
  private readonly byId = new Map<string, ProcessFacts>();
  private readonly marketDays = new Map<string, repo.MarketDayRow>();
  private pending: Array<{ input: ContributionInput; prepared: PreparedText | undefined; slot: number }> = [];
  private readonly pendingIds = new Set<string>();
  private pendingCharacters = 0;
  /** The slice's results so far, in the items' order. */
  readonly written: SyncResult[] = [];

  constructor(
    readonly tx: DbOrTx,
    readonly actor: Actor,
    readonly bulk: boolean,
  ) {}

  /** Collects a checked new note; its result (the next one written) gets its receipt at `flush`. */
  deferNote(input: ContributionInput, prepared: PreparedText | undefined): Outcome {
    this.pending.push({ input, prepared, slot: this.written.length });
    this.pendingIds.add(input.id);
    this.pendingCharacters += input.text.length;
    return stored(1);
  }

  /** Whether the collected notes must be written before `item` is judged: it is no new note, or it names one collected. */
  mustFlushBefore(item: SyncItem): boolean {
    if (this.pending.length === 0) return false;
    return item.type !== 'note' || this.pendingIds.has(item.id) || this.pending.length >= BULK_NOTES || this.pendingCharacters >= BULK_CHARACTERS;
  }

  /** Writes the collected notes and their search index; a failure throws, and the slice is written again item by item. */
  flush(): void {
    if (this.pending.length === 0) return;
    const receipts = recordContributions(this.tx, this.pending);
    indexPendingNow(clientOf(this.tx));
    this.pending.forEach(({ slot }, index) => {
      this.written[slot] = { ...this.written[slot]!, receipt: receipts[index]!.code };
    });
    this.pending = [];
    this.pendingIds.clear();
    this.pendingCharacters = 0;
  }

  processBySlug(slug: string): ProcessFacts | null {
    if (!this.bySlug.has(slug)) {
      const process = findProcessBySlug(this.tx, slug);
      this.bySlug.set(slug, process ? this.facts(process) : null);
    }
    return this.bySlug.get(slug) ?? null;
  }

  private facts(process: ProcessRow): ProcessFacts {
    const parts = loadProcessParts(this.tx, process.id);
    const facts = {
      process,
      fieldKeys: new Set(parts.fields.map((field) => field.key)),
      stadtteilKeys: new Set(parts.stadtteile.map((stadtteil) => stadtteil.key)),
    };
    this.byId.set(process.id, facts);
    return facts;
  }

  /**
   * The market day under `id`; for one an admin merged into another (`mergeMarketDay`), the one it
   * went into, so what a tablet sends naming the merged one is stored there. Callers file an item
   * under the returned row's id, never under the id the item names.
   */
  marketDay(id: string): repo.MarketDayRow | undefined {
    let marketDay = this.marketDays.get(id);
    if (!marketDay) {
      marketDay = repo.findMarketDayFollowingMerge(this.tx, id);
      if (marketDay) this.marketDays.set(id, marketDay);
    }
    return marketDay;
  }

  processOfMarketDay(marketDay: repo.MarketDayRow): ProcessFacts | null {
    const known = this.byId.get(marketDay.processId);
    if (known) return known;
    const process = findProcessById(this.tx, marketDay.processId);
    return process ? this.processBySlug(process.slug) : null;
  }
}

function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/**
 * Hashes an item in the form version-1 tablets sent it (`type: 'session'`, `sessionId`,
 * `district`: `toVersion1`), so the same item under the old or the new names is a duplicate,
 * never a conflict, and hashes stored before the renames hold. A note's receipt code is left
 * out: it is not what was said, and notes hashed before receipts hold.
 */
function hashOf(item: MarketDayItem | NoteItem): string {
  const { receipt: _code, ...content } = item as typeof item & { receipt?: string };
  return contentHash(toVersion1(content));
}

function stadtteilProblem(facts: ProcessFacts, stadtteil: string | null): Outcome | null {
  if (stadtteil === null || stadtteil === PLACE_OUTSIDE || stadtteil === PLACE_UNKNOWN || facts.stadtteilKeys.has(stadtteil)) return null;
  return invalid('unknown_stadtteil', `No Stadtteil ${stadtteil} in this process`);
}

/**
 * The refusal of an item that is or names a market day an admin removed (`removeMarketDay`): for
 * good, never by creating the market day again. The tablet keeps the item and shows staff what to
 * do (give a removed market day up; move a note or questionnaire captured on it to another one).
 */
function marketDayRemoved(removed: repo.RemovedMarketDayRow): Outcome {
  return {
    status: 'conflict',
    error: {
      code: 'market_day_removed',
      message: `Market day ${removed.id} was removed by an admin; it is not created again and nothing is stored on it. Choose another market day for what was captured on it`,
      details: { marketDayId: removed.id, removedAt: removed.removedAt },
    },
  };
}

/** What an item that names a market day the server does not hold gets: `market_day_removed` for one an admin removed, else `unknown` (it was not sent yet). */
function missingMarketDay(ctx: BatchContext, id: string, unknown: () => Outcome): Outcome {
  const removed = repo.findRemovedMarketDay(ctx.tx, id);
  return removed ? marketDayRemoved(removed) : unknown();
}

function judgeMarketDay(ctx: BatchContext, item: MarketDayItem, hash: string): Outcome {
  const existing = repo.findMarketDay(ctx.tx, item.id);
  if (existing) {
    return existing.contentHash === hash ? duplicate() : conflict('id_conflict', 'A different market day was stored under this id; the stored one is kept');
  }
  const removed = repo.findRemovedMarketDay(ctx.tx, item.id);
  // A market day merged into another is held there: the tablet's copy counts as stored.
  if (removed?.mergedInto) return duplicate();
  if (removed) return marketDayRemoved(removed);
  const facts = ctx.processBySlug(item.processSlug);
  if (!facts) return invalid('unknown_process', `No process ${item.processSlug}`);
  const problem = stadtteilProblem(facts, item.stadtteil);
  if (problem) return problem;
  repo.insertMarketDay(ctx.tx, {
    id: item.id,
    processId: facts.process.id,
    date: item.date,
    place: item.place,
    stadtteilKey: stadtteilToStore(item.stadtteil),
    staff: item.staff ?? [],
    boardQuestion: item.board?.question ?? null,
    boardOptions: item.board?.options ?? null,
    contentHash: hash,
    createdBy: ctx.actor.userId,
  });
  return stored();
}

/** Checks a note's references (process, market day, fields, Stadtteil); the facts of its process when all hold. */
function checkNote(ctx: BatchContext, item: NoteItem): { facts: ProcessFacts } | { problem: Outcome } {
  const facts = ctx.processBySlug(item.processSlug);
  if (!facts) return { problem: invalid('unknown_process', `No process ${item.processSlug}`) };
  if (item.marketDayId !== undefined) {
    const marketDay = ctx.marketDay(item.marketDayId);
    if (!marketDay || marketDay.processId !== facts.process.id) {
      const unknown = () => invalid('unknown_market_day', `No market day ${item.marketDayId} in this process; send the market day first`);
      return { problem: marketDay ? unknown() : missingMarketDay(ctx, item.marketDayId, unknown) };
    }
  }
  const unknownFields = item.fieldsOfAction.filter((key) => !facts.fieldKeys.has(key));
  if (unknownFields.length > 0) return { problem: invalid('unknown_field_of_action', `Unknown fields of action: ${unknownFields.join(', ')}`, { fieldsOfAction: unknownFields }) };
  const problem = stadtteilProblem(facts, item.stadtteil);
  return problem ? { problem } : { facts };
}

function judgeNote(ctx: BatchContext, item: NoteItem, prepared: PreparedText | undefined, hash: string): Outcome {
  const existing = findContribution(ctx.tx, item.id);
  // A resend learns the code the note holds, whatever code it carries (the first answer may have been lost).
  if (existing && existing.contentHash === hash) return duplicate(existing.version, codeOfContribution(ctx.tx, existing.id));
  if (existing && item.baseVersion === undefined) {
    return conflict('id_conflict', 'A different note was stored under this id; the stored one is kept', existing.version);
  }
  if (!existing && item.baseVersion !== undefined) return invalid('unknown_note', 'This edit names a note the server does not have');

  const checked = checkNote(ctx, item);
  if ('problem' in checked) return checked.problem;
  const { facts } = checked;
  const capturedOn = localDay(new Date(item.capturedAt));
  const fields = {
    channel: item.channel,
    text: item.text,
    kind: item.kind ?? null,
    marketDayId: item.marketDayId === undefined ? null : ctx.marketDay(item.marketDayId)!.id,
    stadtteilKey: existing ? item.stadtteil : followCorrection(ctx, item),
    ageBand: item.ageBand ?? null,
    language: item.language ?? null,
    capturedOn,
  };

  if (!existing) {
    const input: ContributionInput = {
      id: item.id,
      processId: facts.process.id,
      ...fields,
      stadtteilSource: 'staff',
      contentHash: hash,
      createdBy: ctx.actor.userId,
      fieldsOfAction: item.fieldsOfAction,
      tagSource: 'staff',
      userId: ctx.actor.userId,
      receipt: item.receipt,
    };
    if (ctx.bulk) return ctx.deferNote(input, prepared);
    return stored(1, recordContribution(ctx.tx, input, prepared).code);
  }

  // An edit: only of a staff note of the same process; who may edit it and what an edit may
  // change after a moderator worked on it is the contributions feature's rule.
  if (existing.processId !== facts.process.id || existing.responseId !== null || existing.channel === 'online' || existing.channel === 'paper') {
    return conflict('not_editable', 'The stored item under this id is not a note this tablet may edit', existing.version);
  }
  const outcome = editContribution(ctx.tx, existing, { ...fields, baseVersion: item.baseVersion ?? existing.version, fieldsOfAction: item.fieldsOfAction, contentHash: hash }, ctx.actor);
  if (outcome.status === 'stored') return stored(outcome.version, codeOfContribution(ctx.tx, existing.id));
  const current = conflictNote(ctx.tx, existing.id);
  return { ...conflict(outcome.code, outcome.message, outcome.version), ...(current ? { current } : {}) };
}

/**
 * The Stadtteil a new note is filed under. A tablet that kept an older copy of a market day an
 * admin has since corrected gives its notes the market day's former Stadtteil: such a note
 * follows the correction, as the notes stored before it did (`correctMarketDay`), so the
 * correction is not undone by what arrives later. Its content hash stays that of the item as sent.
 */
function followCorrection(ctx: BatchContext, item: NoteItem): string | null {
  const marketDay = item.marketDayId === undefined ? undefined : ctx.marketDay(item.marketDayId);
  if (!marketDay || marketDay.formerStadtteilKeys.length === 0) return item.stadtteil;
  return marketDay.formerStadtteilKeys.includes(stadtteilToStore(item.stadtteil)) ? marketDay.stadtteilKey : item.stadtteil;
}

/**
 * The note a refused edit met, for staff to compare before they choose: read again (a lost race
 * in `editContribution` means another write came between), with the text after moderation, as
 * working groups read it, whoever asks, and the fields it is filed under (staff's and a
 * moderator's; machine and staff proposals are no decision yet).
 */
function conflictNote(tx: DbOrTx, id: string): ConflictNote | null {
  const row = findContribution(tx, id);
  if (!row) return null;
  return {
    channel: row.channel === 'conference' || row.channel === 'workshop' ? row.channel : 'stall',
    text: row.maskedText,
    kind: row.kind,
    fieldsOfAction: findTags(tx, id)
      .filter((tag) => tag.source === 'staff' || tag.source === 'reviewed')
      .map((tag) => tag.fieldKey)
      .sort(),
    stadtteil: row.stadtteilKey,
    ageBand: AGE_BANDS.find((band) => band === row.ageBand) ?? null,
    language: row.language,
  };
}

function judgeDotVote(ctx: BatchContext, item: DotVoteItem): Outcome {
  const existing = repo.findDotVote(ctx.tx, item.id);
  const marketDay = ctx.marketDay(item.marketDayId);
  if (existing) {
    // A dot vote of a market day merged since is filed under the one it went into, and still the same.
    const same = (existing.marketDayId === item.marketDayId || existing.marketDayId === marketDay?.id) && existing.optionKey === item.option && existing.delta === item.delta;
    return same ? duplicate() : conflict('id_conflict', 'A different dot vote was stored under this id; the stored one is kept');
  }
  if (!marketDay) return missingMarketDay(ctx, item.marketDayId, () => invalid('unknown_market_day', `No market day ${item.marketDayId}; send the market day first`));
  // A poster question's board takes its own options; otherwise the board offers the fields of action.
  const options = marketDay.boardOptions ? new Set(marketDay.boardOptions.map((option) => option.key)) : ctx.processOfMarketDay(marketDay)?.fieldKeys;
  if (!options?.has(item.option)) return invalid('unknown_option', `No option ${item.option} on this board`);
  repo.insertDotVote(ctx.tx, { id: item.id, marketDayId: marketDay.id, optionKey: item.option, delta: item.delta, createdBy: ctx.actor.userId });
  return stored();
}

/**
 * A paper questionnaire goes through the survey's own `submitResponse` (same validation,
 * same rows as online), as channel `paper`, linked to the stall and dated to the stall's
 * day. Typed in after the survey closed is fine: the paper was filled in while it was open.
 */
function judgePaperResponse(ctx: BatchContext, item: PaperResponseItem): Outcome {
  if (item.response.id !== undefined && item.response.id !== item.id) {
    return invalid('validation_failed', 'response.id must equal the item id', [{ path: 'response.id', message: 'differs from id' }]);
  }
  const marketDay = item.marketDayId === undefined ? undefined : ctx.marketDay(item.marketDayId);
  if (item.marketDayId !== undefined && !marketDay) return missingMarketDay(ctx, item.marketDayId, () => invalid('unknown_market_day', `No market day ${item.marketDayId}; send the market day first`));
  const facts = marketDay ? ctx.processOfMarketDay(marketDay) : item.processSlug ? ctx.processBySlug(item.processSlug) : null;
  if (!facts) return invalid('unknown_process', item.processSlug ? `No process ${item.processSlug}` : 'A paper response needs a marketDayId or a processSlug');
  if (marketDay && item.processSlug !== undefined && item.processSlug !== facts.process.slug) {
    return invalid('unknown_market_day', `Market day ${marketDay.id} belongs to another process`);
  }
  const result = submitResponse(ctx.tx, {
    processId: facts.process.id,
    response: { id: item.id, surveyVersion: item.response.surveyVersion, language: item.response.language, answers: item.response.answers },
    channel: 'paper',
    marketDayId: marketDay?.id ?? null,
    ...(item.marketDayId === undefined ? {} : { namedMarketDayId: item.marketDayId }),
    enforceWindow: false,
    submittedOn: marketDay?.date ?? localDay(),
    createdBy: ctx.actor.userId,
  });
  return result.status === 'stored' || result.status === 'duplicate' ? { status: result.status } : { status: result.status, error: result.error };
}

function judge(ctx: BatchContext, item: SyncItem, prepared: PreparedItem): Outcome {
  switch (item.type) {
    case 'marketDay':
      return judgeMarketDay(ctx, item, prepared.hash ?? hashOf(item));
    case 'note':
      return judgeNote(ctx, item, prepared.text, prepared.hash ?? hashOf(item));
    case 'dotVote':
      return judgeDotVote(ctx, item);
    case 'paperResponse':
      return judgePaperResponse(ctx, item);
  }
}

export interface SyncLog {
  error: (details: { err: unknown; itemId: string }, message: string) => void;
}

/** The longest one write transaction of a batch holds the event loop before it commits and lets other requests in. */
const WRITE_SLICE_MS = 25;
/** The longest the preparation of a batch (masking, suggestions) holds the event loop between yields. */
const PREPARE_SLICE_MS = 8;

/**
 * A slice past its 25 ms may still finish the batch when the items left would, at the pace so
 * far, take it to at most half as long again: each slice ends in a COMMIT with its fsync, which
 * costs more than the few notes a second slice would hold.
 */
const FINISH_WITHIN = 1.5 * WRITE_SLICE_MS;

/** Whether a slice that ran `elapsed` ms over `done` items judges the next one, with `left` items of the batch to go. */
function goesOn(elapsed: number, done: number, left: number): boolean {
  return elapsed < WRITE_SLICE_MS || elapsed + (left * elapsed) / done <= FINISH_WITHIN;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Stores a tablet's batch. Checking the format, masking, suggestions and content hashes, the
 * CPU-heavy part, run first between yields (`prepareItems`); then the items are written in
 * IMMEDIATE transactions of at most about 25 ms each, with a yield between them, so a batch of
 * 240 notes of 4,000 characters never holds up a health check or another tablet. The answer
 * comes after the last commit, so a 2xx still means every item is stored; after a crash midway
 * the tablet resends the batch and the items already committed answer `duplicate`. Each item is
 * judged alone, inside its own savepoint, so an item that fails half-way leaves nothing behind
 * and the others still count; new notes that passed their checks are written together between
 * items (`BatchContext.flush`), and should that fail, the slice is rolled back and written again
 * item by item, each note in its savepoint. IMMEDIATE takes the write lock up front: two
 * processes sending the same UUIDs serialise instead of both reading "absent" and one failing on
 * the primary key. Each transaction that stored something writes its own audit entry.
 */
export async function syncBatch(db: Db, actor: Actor, items: ReadonlyArray<{ id: string }>, log?: SyncLog): Promise<SyncResult[]> {
  const prepared = await prepareItems(db, items);
  const results: SyncResult[] = [];
  // The search index of the slice's new notes is written once, before its COMMIT (db/search-index.ts).
  const slice = (from: number, bulk: boolean) =>
    db.transaction((tx) => deferSearchIndex(clientOf(tx), () => writeSlice(new BatchContext(tx, actor, bulk), items, prepared, from, log)), { behavior: 'immediate' });
  while (results.length < items.length) {
    const done = results.length;
    let written: SyncResult[];
    try {
      written = slice(done, true);
    } catch (err) {
      log?.error({ err, itemId: items[done]!.id }, 'stall sync: writing new notes together failed; the slice is written again item by item');
      written = slice(done, false);
    }
    results.push(...written);
    if (results.length < items.length) await yieldToEventLoop();
  }
  return results;
}

/** Judges items from `from` on until the batch ends or the slice's time is up; audits what it stored. */
function writeSlice(ctx: BatchContext, items: ReadonlyArray<{ id: string }>, prepared: PreparedItem[], from: number, log?: SyncLog): SyncResult[] {
  const { written } = ctx;
  const started = performance.now();
  do {
    const index = from + written.length;
    const item = prepared[index]!;
    if (item.parsed.success && ctx.mustFlushBefore(item.parsed.data)) ctx.flush();
    written.push(judgeRaw(ctx, items[index]!, item, log));
  } while (from + written.length < items.length && goesOn(performance.now() - started, written.length, items.length - from - written.length));
  ctx.flush();
  const storedCount = written.filter((result) => result.status === 'stored').length;
  if (storedCount > 0) {
    appendAudit(ctx.tx, { userId: ctx.actor.userId, action: 'stall_sync', entity: 'stall', details: { items: written.length, stored: storedCount } });
  }
  return written;
}

function judgeRaw(ctx: BatchContext, raw: { id: string }, prepared: PreparedItem, log?: SyncLog): SyncResult {
  const { parsed } = prepared;
  if (!parsed.success) return { id: raw.id, ...invalid('validation_failed', 'The item does not match the sync format', issuesOf(parsed.error)) };
  try {
    // A savepoint on the same connection (`atomically`): `ctx` reads and writes inside it.
    return { id: raw.id, ...atomically(ctx.tx, () => judge(ctx, parsed.data, prepared)) };
  } catch (err) {
    log?.error({ err, itemId: raw.id }, 'stall sync item failed');
    return { id: raw.id, ...invalid('item_failed', 'The server could not store this item; it stays on the tablet') };
  }
}

type ParsedItem = ReturnType<typeof syncItemSchema.safeParse>;

/** An item as parsed before the write, with what its judging needs worked out already. */
interface PreparedItem {
  parsed: ParsedItem;
  /** A new note's masked text and suggestions. */
  text?: PreparedText;
  /** A note's or market day's content hash (`hashOf`). */
  hash?: string;
}

/**
 * Checks every item against the sync format, hashes notes and market days, masks the texts of
 * notes not stored yet and asks the suggester about untagged ones before the write transaction: the
 * CPU-heavy part of a sync. It yields to the event loop every few milliseconds, so a batch of
 * 240 long notes never holds up a health check or another tablet's sync, and the transaction
 * that follows only checks and writes. Each item is parsed here once, in the batch's order.
 */
async function prepareItems(db: Db, items: ReadonlyArray<{ id: string }>): Promise<PreparedItem[]> {
  const prepared: PreparedItem[] = [];
  const processIds = new Map<string, string | null>();
  const contexts = new Map<string, SuggestContext>();
  const context = (processId: string) => {
    let found = contexts.get(processId);
    if (!found) contexts.set(processId, (found = suggestContext(db, processId)));
    return found;
  };
  let sliceStarted = performance.now();
  const between = async () => {
    if (performance.now() - sliceStarted < PREPARE_SLICE_MS) return;
    await yieldToEventLoop();
    sliceStarted = performance.now();
  };
  const newNotes: Array<{ item: PreparedItem; note: NoteItem; processId: string }> = [];
  for (const raw of items) {
    const parsed = syncItemSchema.safeParse(raw);
    const item: PreparedItem = { parsed };
    prepared.push(item);
    await between();
    if (!parsed.success) continue;
    if (parsed.data.type === 'marketDay') item.hash = hashOf(parsed.data);
    if (parsed.data.type !== 'note') continue;
    const note = parsed.data;
    item.hash = hashOf(note);
    if (!processIds.has(note.processSlug)) processIds.set(note.processSlug, findProcessBySlug(db, note.processSlug)?.id ?? null);
    const processId = processIds.get(note.processSlug);
    // An edit (with a base version) is masked by the contributions feature's edit rule, which
    // also masks again what a moderator masked by hand; only a new note is prepared here.
    if (processId && note.baseVersion === undefined) newNotes.push({ item, note, processId });
  }
  // A note stored already (a resend after a lost answer, a tablet syncing again) is judged by
  // its hash alone: duplicate or conflict, never written, so its text needs no masking.
  const stored = storedContributionIds(db, newNotes.map(({ note }) => note.id));
  for (const { item, note, processId } of newNotes) {
    if (stored.has(note.id)) continue;
    await between();
    item.text = prepareText({ processId, text: note.text, language: note.language ?? null, fieldsOfAction: note.fieldsOfAction, stadtteilKey: note.stadtteil }, context);
  }
  return prepared;
}

/** The ids of `rows` by their market day (those without one left out). */
function idsByMarketDay(rows: ReadonlyArray<{ id: string; marketDayId: string | null }>): Map<string, string[]> {
  const byMarketDay = new Map<string, string[]>();
  for (const { id, marketDayId } of rows) {
    if (marketDayId === null) continue;
    const known = byMarketDay.get(marketDayId);
    if (known) known.push(id);
    else byMarketDay.set(marketDayId, [id]);
  }
  return byMarketDay;
}

/**
 * Market days of a process, newest first, with their note and paper counts and their board; and of
 * the notes and Klebepunkte a tablet names as sent but unsent on it (`sentNotes`, `sentDotVotes`),
 * which each one's counts hold.
 */
export function listMarketDays(db: Db, processSlug: string, sent: { notes?: readonly string[] | undefined; dotVotes?: readonly string[] | undefined } = {}) {
  const process = getProcess(db, processSlug);
  const rows = repo.listMarketDays(db, process.id, 200);
  const ids = rows.map((row) => row.id);
  const counts = {
    ...repo.countsForMarketDays(db, ids),
    notes: countNotesOfMarketDays(db, ids),
    countedNotes: idsByMarketDay(storedNotesAmong(db, sent.notes ?? [])),
    countedDotVotes: idsByMarketDay(repo.storedDotVotesAmong(db, sent.dotVotes ?? [])),
  };
  return rows.map((row) => presentMarketDay(row, process.slug, counts));
}

/** The market days of a process an admin merged into another, with the one each went into. */
export function mergedMarketDays(db: Db, processSlug: string): Array<{ id: string; into: string }> {
  return repo.mergedMarketDays(db, getProcess(db, processSlug).id);
}

/**
 * The notes of one market day for the tablet's list. The account that captured a note (and an
 * admin) may correct it and gets its text as captured, unless a moderator masked names in it by
 * hand (`stallText`); anyone else on the stall sees it masked.
 */
export function marketDayNotes(db: Db, marketDayId: string, user: { id: number; role: Role }): StallNote[] {
  if (!repo.findMarketDay(db, marketDayId)) throw notFound('Market day');
  const notes = notesOfMarketDay(db, marketDayId);
  const receipts = codesOfContributions(db, notes.map(({ row }) => row.id));
  const editor = { userId: user.id, role: user.role };
  return notes.map(({ row, fieldKeys }) => {
    return {
      id: row.id,
      channel: row.channel === 'conference' || row.channel === 'workshop' ? row.channel : 'stall',
      text: stallText(row, editor),
      kind: row.kind,
      fieldsOfAction: fieldKeys,
      stadtteil: row.stadtteilKey,
      ageBand: AGE_BANDS.find((band) => band === row.ageBand) ?? null,
      language: row.language,
      capturedOn: row.capturedOn,
      version: row.version,
      editable: mayEdit(row, editor),
      receipt: receipts.get(row.id) ?? null,
    };
  });
}
