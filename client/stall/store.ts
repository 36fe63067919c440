/**
 * The tablet's own database (IndexedDB through idb). Everything staff capture is written
 * here first, with its UUID, and leaves only when the server confirmed it.
 *
 * The schema is versioned: `UPGRADES[n]` takes a database from version n to n + 1 and is
 * never changed once shipped, because tablets in the field still hold older versions with
 * unsent voices in them. A new store or index is a new step at the end.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Me } from '../../shared/api/auth.ts';
import type { ProcessDetail, ProcessSummary } from '../../shared/api/processes.ts';
import { fromVersion1, type ConflictNote, type MarketDay, type NoteItem, type StallNote, type SyncItem, type SyncResult } from '../../shared/api/stall.ts';
import type { PublishedSurvey } from '../../shared/api/survey.ts';
import type { SuggestModel } from '../../shared/suggest/model.ts';
import { definitionFromVersion1, textsFromVersion1 } from '../../shared/survey/definition.ts';
import { answeredSince, keptNoteCount, keptPaperCount, keptTally, MARKET_DAY_REMOVED, marketDayOf, type OutboxEntry } from './policy.ts';
import { t } from './messages.ts';

export const DB_NAME = 'mitreden-stall';

/** A market day as the tablet knows it: the server's view, or one created here and not confirmed yet. */
export interface LocalMarketDay extends Omit<MarketDay, 'paperIds'> {
  /** True until the server confirmed the market day item. */
  local: boolean;
  /** The server's `paperIds`; absent on a market day kept before the server named them. */
  paperIds?: string[];
}

/** A note captured on this tablet, kept for the "zuletzt erfasst" list and for edits. */
export interface LocalNote {
  id: string;
  /** The market day's id, or `LOOSE_NOTES` for notes captured without one: what the list is grouped by. */
  group: string;
  /** The latest content as staff saw it (without `baseVersion`). */
  item: NoteItem;
  /** The version the server holds, or will hold once the queued items for this note arrive. */
  version: number;
  savedAt: string;
  /** Captured on this tablet, or known from the server's list of the market day (another tablet, cleared storage). */
  origin: 'tablet' | 'server';
  /** Whether this account may correct it: the server lets only the capturing account and admins edit. */
  editable: boolean;
  /**
   * The receipt code to hand over (stored form): made here with the note (`makeReceiptCode`), or
   * the server's once it answered. Absent on notes from before receipts until the server names it.
   */
  receipt?: string;
  /** The code this tablet made and maybe showed, when the server had to give the note another one. */
  receiptReplaced?: string;
}

export interface MetaValues {
  identity: Pick<Me, 'username' | 'displayName' | 'role'>;
  processes: ProcessSummary[];
  processSlug: string;
  lastSyncedAt: string;
  [process: `process:${string}`]: ProcessDetail;
  [survey: `survey:${string}`]: PublishedSurvey;
  [model: `suggest-model:${string}`]: SuggestModel;
  /** The suggester's shipped linear model as fetched (client/stall/linear-model.ts), with the hashed address it came from. */
  'suggest-linear': { url: string; file: unknown };
  /** Half-typed notes and paper questionnaires by market day (or channel) and the id of the new one (`state.ts` `keepDrafts`, `held-drafts.ts`), so a reload does not lose them. */
  drafts: { notes: Record<string, unknown>; paper: Record<string, unknown> };
}
export type MetaKey = keyof MetaValues & string;

interface StallDb extends DBSchema {
  outbox: { key: number; value: OutboxEntry; indexes: { byItemId: string } };
  meta: { key: string; value: unknown };
  marketDays: { key: string; value: LocalMarketDay; indexes: { byProcess: string } };
  notes: { key: string; value: LocalNote; indexes: { byGroup: string } };
}

type UpgradeTx = IDBPTransaction<StallDb, StoreNames<StallDb>[], 'versionchange'>;

/** A step may walk a store; it returns when it is done, so the next step sees what it wrote. */
const UPGRADES: ReadonlyArray<(db: IDBPDatabase<StallDb>, tx: UpgradeTx) => void | Promise<unknown>> = [
  // 0 → 1: the queue itself and small settings; enough to never lose a capture.
  (db) => {
    const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    outbox.createIndex('byItemId', 'item.id');
    db.createObjectStore('meta');
  },
  // 1 → 2: what the tablet shows while offline: the known Markttage and the notes captured here.
  // (Version 1 of the app called the market days' store `sessions`; step 3 → 4 renames it.)
  (db) => {
    older(db).createObjectStore('sessions', { keyPath: 'id' }).createIndex('byProcess', 'processSlug');
    db.createObjectStore('notes', { keyPath: 'id' }).createIndex('byGroup', 'group');
  },
  // 2 → 3: the market day's notes from the server join those captured here; every note says
  // where it came from and whether this account may correct it. Notes captured here were editable.
  (_db, tx) => {
    const notes = tx.objectStore('notes');
    return notes.openCursor().then(async function mark(cursor): Promise<void> {
      if (!cursor) return;
      const note = cursor.value as Partial<LocalNote> & Omit<LocalNote, 'origin' | 'editable'>;
      await cursor.update({ ...note, origin: note.origin ?? 'tablet', editable: note.editable ?? true });
      return mark(await cursor.continue());
    });
  },
  // 3 → 4: a market day is no longer called a session, nor a Stadtteil `district`. The market
  // days move to a store of their own; queued items, the notes' items and the reasons of
  // rejected items take the current names (`fromVersion1`, the rule the server reads them by),
  // and so does the survey kept for paper questionnaires (`definitionFromVersion1`).
  // Items that may have reached the server already are renamed too: the server hashes every
  // item in its version-1 form, so a renamed resend is a `duplicate`, never a second row.
  (db, tx) => {
    db.createObjectStore('marketDays', { keyPath: 'id' }).createIndex('byProcess', 'processSlug');
    const previous = olderTx(tx);
    const marketDays = previous
      .objectStore('sessions')
      .getAll()
      .then((stored) => {
        for (const marketDay of stored as Array<Omit<LocalMarketDay, 'stadtteil'> & { district?: string | null; stadtteil?: string | null }>) {
          const { district, ...rest } = marketDay;
          void tx.objectStore('marketDays').put({ ...rest, stadtteil: rest.stadtteil ?? district ?? null });
        }
        older(db).deleteObjectStore('sessions');
      });
    const outbox = tx.objectStore('outbox').openCursor().then(async function rename(cursor): Promise<void> {
      if (!cursor) return;
      const entry = cursor.value;
      const code = entry.error?.code;
      const error = entry.error && code && code in VERSION_1_CODES ? { ...entry.error, code: VERSION_1_CODES[code]! } : entry.error;
      await cursor.update({ ...entry, item: fromVersion1(entry.item) as SyncItem, ...(error ? { error } : {}) });
      return rename(await cursor.continue());
    });
    const notes = tx.objectStore('notes').openCursor().then(async function rename(cursor): Promise<void> {
      if (!cursor) return;
      await cursor.update({ ...cursor.value, item: fromVersion1(cursor.value.item) as NoteItem });
      return rename(await cursor.continue());
    });
    // The survey kept for paper questionnaires offline: its Stadtteil question and labels under the current names.
    const surveys = tx.objectStore('meta').openCursor().then(async function rename(cursor): Promise<void> {
      if (!cursor) return;
      if (String(cursor.key).startsWith('survey:')) {
        const survey = cursor.value as PublishedSurvey;
        await cursor.update({ ...survey, sections: definitionFromVersion1({ sections: survey.sections }).sections, texts: textsFromVersion1(survey.texts) });
      }
      return rename(await cursor.continue());
    });
    return Promise.all([marketDays, outbox, notes, surveys]);
  },
];

/** The sync's error codes that version 3 stored with rejected items, and their current names. */
const VERSION_1_CODES: Record<string, string> = { unknown_session: 'unknown_market_day', unknown_district: 'unknown_stadtteil' };

/** The database as an older step left it, with stores the current schema no longer names. */
function older(db: IDBPDatabase<StallDb>): IDBPDatabase {
  return db as unknown as IDBPDatabase;
}
function olderTx(tx: UpgradeTx): IDBPTransaction<unknown, string[], 'versionchange'> {
  return tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
}
export const DB_VERSION = UPGRADES.length;

/** A failure of the tablet's storage, worded for staff; the cause stays attached for the console. */
export class StorageError extends Error {
  constructor(action: string, cause: unknown) {
    const name = cause instanceof DOMException ? cause.name : '';
    super(
      name === 'QuotaExceededError'
        ? t('store.theTabletSStorage', { action })
        : t('store.theTabletSStorage2', { action, value: name || String(cause) }),
      { cause },
    );
  }
}

let opening: Promise<IDBPDatabase<StallDb>> | null = null;

function database(): Promise<IDBPDatabase<StallDb>> {
  opening ??= openDB<StallDb>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      // One step after the other: a step that walks a store has finished before the next reads it.
      // (The steps run in the upgrade transaction's callbacks, while it is still active.)
      let done: Promise<unknown> = Promise.resolve();
      for (let version = oldVersion; version < DB_VERSION; version += 1) done = done.then(() => UPGRADES[version]!(db, tx));
    },
    blocking() {
      // A newer version of the app wants to upgrade in another tab: step aside and let it.
      void opening?.then((db) => db.close());
      opening = null;
    },
    terminated() {
      opening = null;
    },
  }).catch((err: unknown) => {
    opening = null;
    throw err;
  });
  return opening;
}

/** Runs one storage action and turns any failure into a `StorageError` that says what did not work. */
async function guarded<T>(action: string, run: (db: IDBPDatabase<StallDb>) => Promise<T>): Promise<T> {
  try {
    return await run(await database());
  } catch (err) {
    if (err instanceof StorageError) throw err;
    throw new StorageError(action, err);
  }
}

const now = () => new Date().toISOString();

export function readOutbox(): Promise<OutboxEntry[]> {
  return guarded(t('store.readingTheQueue'), (db) => db.getAll('outbox'));
}

/**
 * Queues items in one IndexedDB transaction, together with the local view they update, so a
 * note is never shown as saved without being queued, nor queued without being shown.
 */
export function enqueue(items: SyncItem[], views: { marketDay?: LocalMarketDay; note?: LocalNote } = {}): Promise<void> {
  return guarded(t('store.savingOnTheTablet'), async (db) => {
    const tx = db.transaction(['outbox', 'marketDays', 'notes', 'meta'], 'readwrite');
    const queuedAt = now();
    const by = await capturer(tx.objectStore('meta'));
    for (const item of items) void tx.objectStore('outbox').add({ item, state: 'pending', attempted: false, queuedAt, ...by } as OutboxEntry);
    if (views.marketDay) void tx.objectStore('marketDays').put(views.marketDay);
    if (views.note) void tx.objectStore('notes').put(views.note);
    await tx.done;
  });
}

/**
 * An edit of a note captured here. While the last queued item of the note has never been
 * sent, the edit simply replaces its content; once it may have reached the server, the edit
 * becomes a new item naming the version it started from.
 */
export function enqueueNoteEdit(note: NoteItem): Promise<LocalNote> {
  return guarded(t('store.savingAChange'), async (db) => {
    const tx = db.transaction(['outbox', 'notes', 'meta'], 'readwrite');
    const by = await capturer(tx.objectStore('meta'));
    const known = await tx.objectStore('notes').get(note.id);
    if (!known) throw new Error(t('store.thisNoteIsNot'));
    const queued = await tx.objectStore('outbox').index('byItemId').getAll(note.id);
    const last = queued.sort((a, b) => b.seq - a.seq)[0];
    let version = known.version;
    if (last && last.state === 'pending' && !last.attempted) {
      const baseVersion = last.item.type === 'note' ? last.item.baseVersion : undefined;
      void tx.objectStore('outbox').put({ ...last, item: baseVersion === undefined ? note : { ...note, baseVersion } });
    } else {
      void tx.objectStore('outbox').add({ item: { ...note, baseVersion: version }, state: 'pending', attempted: false, queuedAt: now(), ...by } as OutboxEntry);
      version += 1;
    }
    const { receipt, receiptReplaced } = known;
    const updated: LocalNote = {
      id: note.id,
      group: noteGroup(note),
      item: note,
      version,
      savedAt: now(),
      origin: known.origin,
      editable: known.editable,
      ...(receipt ? { receipt } : {}),
      ...(receiptReplaced ? { receiptReplaced } : {}),
    };
    void tx.objectStore('notes').put(updated);
    await tx.done;
    return updated;
  });
}

/** The account that captures now: the one last signed in on this tablet (`identity`, kept offline too). */
async function capturer(meta: { get(key: string): Promise<unknown> }): Promise<{ by?: string }> {
  const identity = (await meta.get('identity')) as MetaValues['identity'] | undefined;
  return identity ? { by: identity.username } : {};
}

/**
 * Staff chose that the signed-in account sends what another account captured on this tablet and
 * left unsent: the server will store it under this account. Only what has never been sent changes
 * hands; the rest keeps its account.
 */
export function adoptEntries(from: string, to: string): Promise<void> {
  return guarded(t('store.updatingTheQueue'), async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    for (const entry of await tx.store.getAll()) if (entry.by === from && entry.state === 'pending') void tx.store.put({ ...entry, by: to });
    await tx.done;
  });
}

/** Marks entries as (possibly) sent before the request leaves, so they are never changed in place afterwards. */
export function markAttempted(seqs: number[]): Promise<void> {
  return guarded(t('store.updatingTheQueue'), async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    for (const seq of seqs) {
      const entry = await tx.store.get(seq);
      if (entry && !entry.attempted) void tx.store.put({ ...entry, attempted: true });
    }
    await tx.done;
  });
}

/**
 * Applies the server's answer in one transaction. Only `stored` and `duplicate` remove an
 * item; `conflict` and `invalid` stay, with the server's message, until staff decide.
 */
export function applyResults(sent: OutboxEntry[], results: SyncResult[]): Promise<void> {
  return guarded(t('store.savingTheServerS'), async (db) => {
    const tx = db.transaction(['outbox', 'marketDays', 'notes', 'meta'], 'readwrite');
    for (const [index, entry] of sent.entries()) {
      const result = results[index];
      // The server answers in the order it was sent; anything else is left for the next round.
      if (!result || result.id !== entry.item.id) continue;
      // Another tab of this tablet may have sent the same entry and taken in its answer (or staff
      // gave it up there) meanwhile: that tab counted it, and a given-up entry stays given up.
      if ((await tx.objectStore('outbox').count(entry.seq)) === 0) continue;
      if (result.status === 'stored' || result.status === 'duplicate') {
        void tx.objectStore('outbox').delete(entry.seq);
        const { item } = entry;
        if (item.type === 'marketDay') {
          const marketDay = await tx.objectStore('marketDays').get(item.id);
          if (marketDay) void tx.objectStore('marketDays').put({ ...marketDay, local: false });
        } else if (item.type === 'paperResponse' && item.marketDayId !== undefined) {
          // Counted into the server's figure now, so the paper tab's count stays the same until the
          // next refresh: once by its id (a duplicate may already be in the list the tablet holds).
          const marketDay = await tx.objectStore('marketDays').get(item.marketDayId);
          const ids = marketDay?.paperIds;
          const counted = ids ? !ids.includes(item.id) : result.status === 'stored';
          if (marketDay && counted) void tx.objectStore('marketDays').put({ ...marketDay, paperCount: marketDay.paperCount + 1, ...(ids ? { paperIds: [...ids, item.id] } : {}) });
        } else if (item.type === 'dotVote') {
          // Counted into the server's board now, so the tally shown stays the same until the next refresh.
          const marketDay = await tx.objectStore('marketDays').get(item.marketDayId);
          if (marketDay) void tx.objectStore('marketDays').put({ ...marketDay, tally: { ...marketDay.tally, [item.option]: (marketDay.tally[item.option] ?? 0) + item.delta } });
        }
      } else {
        // An admin removed this market day (refused as itself or as what names it): it leaves the
        // tablet's list at once, so nothing more is captured on it; the refused entries stay in the
        // sync bar until staff decide.
        const removedDay = result.error?.code === MARKET_DAY_REMOVED ? marketDayOf(entry.item) : undefined;
        if (removedDay !== undefined) void tx.objectStore('marketDays').delete(removedDay);
        // The server's note comes with a refused edit; what an earlier refusal recorded is replaced.
        const { current: _earlier, ...rest } = entry;
        void tx.objectStore('outbox').put({
          ...rest,
          state: result.status,
          error: result.error ?? { code: result.status, message: t('store.rejectedByTheServer') },
          ...(result.current ? { current: result.current } : {}),
        });
      }
      if (entry.item.type === 'note' && result.version !== undefined && result.status !== 'invalid') {
        const note = await tx.objectStore('notes').get(entry.item.id);
        // After a conflict the tablet starts further edits from the version the server kept.
        const version = note && (result.status === 'conflict' || note.version < result.version) ? result.version : note?.version;
        if (note && version !== undefined) void tx.objectStore('notes').put({ ...note, version, ...receiptFromServer(note, result.receipt) });
      }
    }
    void tx.objectStore('meta').put(now(), 'lastSyncedAt');
    await tx.done;
  });
}

/**
 * The note's receipt after the server named its code: the server's code wins; the one this tablet
 * made is kept as `receiptReplaced` when it differs, so staff see that a card with it is void.
 */
function receiptFromServer(note: Pick<LocalNote, 'receipt' | 'receiptReplaced'>, code: string | null | undefined): Pick<LocalNote, 'receipt' | 'receiptReplaced'> {
  if (!code) return note.receipt ? { receipt: note.receipt, ...(note.receiptReplaced ? { receiptReplaced: note.receiptReplaced } : {}) } : {};
  const replaced = note.receipt && note.receipt !== code ? note.receipt : note.receiptReplaced;
  return { receipt: code, ...(replaced ? { receiptReplaced: replaced } : {}) };
}

/**
 * Staff chose to try a rejected item again (say, after the market day it needs was fixed). An edit
 * refused because the note changed meanwhile is sent as a change of the version the server holds
 * now (known since the refusal): staff decided that their text wins, after reading that another
 * one was stored. Sent unchanged, it would only be refused again.
 */
export function retryEntry(seq: number): Promise<void> {
  return guarded(t('store.sendingAgain'), async (db) => {
    const tx = db.transaction(['outbox', 'notes'], 'readwrite');
    const entry = await tx.objectStore('outbox').get(seq);
    if (entry) {
      const { error, current: _current, ...rest } = entry;
      let { item } = rest;
      if (item.type === 'note' && item.baseVersion !== undefined && error?.code === 'version_conflict') {
        const note = await tx.objectStore('notes').get(item.id);
        if (note && note.version > item.baseVersion) item = { ...item, baseVersion: note.version };
      }
      void tx.objectStore('outbox').put({ ...rest, item, state: 'pending' });
    }
    await tx.done;
  });
}

/**
 * Staff chose to give up a rejected item: the server keeps its own version. A refused new note
 * that was never stored leaves the tablet's list too; the note's group is returned (null for
 * other items), so its list can be read again from the server, or null when the entry was gone
 * already (another tab decided it).
 */
export function discardEntry(seq: number): Promise<{ group: string | null } | null> {
  return guarded(t('store.discarding'), async (db) => {
    const tx = db.transaction(['outbox', 'notes'], 'readwrite');
    const entry = await tx.objectStore('outbox').get(seq);
    if (!entry) return null;
    void tx.objectStore('outbox').delete(seq);
    let group: string | null = null;
    if (entry.item.type === 'note') {
      group = noteGroup(entry.item);
      const others = (await tx.objectStore('outbox').index('byItemId').getAll(entry.item.id)).filter((other) => other.seq !== seq);
      // A new note the server refused, or whose id it holds for something else, was never stored as this note.
      const neverStored = entry.item.baseVersion === undefined && (entry.state === 'invalid' || entry.error?.code === 'id_conflict' || entry.error?.code === MARKET_DAY_REMOVED);
      if (others.length === 0 && neverStored) void tx.objectStore('notes').delete(entry.item.id);
      // The list shows the server's note again, also offline, as the refusal recorded it.
      else if (others.length === 0 && entry.current) await takeContent(tx.objectStore('notes'), entry.item.id, entry.current);
    }
    await tx.done;
    return { group };
  });
}

/**
 * Staff chose another market day for a note or paper questionnaire whose market day an admin
 * removed: the entry names that one and waits to be sent again, and a note moves to its list. The
 * item keeps its id, so the server stores it once, also after a lost answer.
 */
export function moveEntry(seq: number, marketDayId: string): Promise<{ from: string; to: string } | null> {
  return guarded(t('store.sendingAgain'), async (db) => {
    const tx = db.transaction(['outbox', 'notes'], 'readwrite');
    const entry = await tx.objectStore('outbox').get(seq);
    if (!entry || (entry.item.type !== 'note' && entry.item.type !== 'paperResponse') || entry.item.marketDayId === undefined) return null;
    const from = entry.item.marketDayId;
    const { error: _error, current: _current, ...rest } = entry;
    void tx.objectStore('outbox').put({ ...rest, item: { ...entry.item, marketDayId }, state: 'pending' });
    if (entry.item.type === 'note') {
      const note = await tx.objectStore('notes').get(entry.item.id);
      if (note) void tx.objectStore('notes').put({ ...note, group: marketDayId, item: { ...note.item, marketDayId } });
    }
    await tx.done;
    return { from, to: marketDayId };
  });
}

/**
 * Staff chose to send a paper questionnaire the server refused because it holds another one under
 * its id (`response_conflict`) as a questionnaire of its own, since the sheet in their hands is
 * another one: the entry takes the new id `id` and waits to be sent again. Kept under its new id
 * from now on, a lost answer and the resend are one questionnaire, never two. Returns the id it
 * had, or null when the entry is gone (another tab decided it) or is no such questionnaire.
 */
export function requeuePaperUnderNewId(seq: number, id: string): Promise<{ from: string } | null> {
  return guarded(t('store.sendingAgain'), async (db) => {
    const tx = db.transaction('outbox', 'readwrite');
    const entry = await tx.store.get(seq);
    if (entry?.item.type !== 'paperResponse' || entry.state === 'pending') return null;
    const { error: _error, current: _current, ...rest } = entry;
    const { id: _old, ...response } = entry.item.response;
    await tx.store.put({ ...rest, item: { ...entry.item, id, response: entry.item.response.id === undefined ? response : { ...response, id } }, state: 'pending', attempted: false });
    await tx.done;
    return { from: entry.item.id };
  });
}

/**
 * Staff chose to take the server's note into the form and merge their edit by hand: the refused
 * edit leaves the queue, and the tablet's note takes the content the refusal recorded (so this
 * works offline) at the version the server holds, which the next save changes. Returns that note
 * and the edit given up, to show beside the form; null when the entry recorded no server note.
 */
export function takeServerNote(seq: number): Promise<{ note: LocalNote; mine: NoteItem } | null> {
  return guarded(t('store.takingOver'), async (db) => {
    const tx = db.transaction(['outbox', 'notes'], 'readwrite');
    const entry = await tx.objectStore('outbox').get(seq);
    if (entry?.item.type !== 'note' || !entry.current) return null;
    void tx.objectStore('outbox').delete(seq);
    const note = await takeContent(tx.objectStore('notes'), entry.item.id, entry.current);
    await tx.done;
    const { baseVersion: _base, ...mine } = entry.item;
    return note ? { note, mine } : null;
  });
}

/** The tablet's note with the content the server answered with; its version, time and code stay. */
async function takeContent(
  notes: { get(id: string): Promise<LocalNote | undefined>; put(note: LocalNote): Promise<unknown> },
  id: string,
  current: ConflictNote,
): Promise<LocalNote | undefined> {
  const note = await notes.get(id);
  if (!note) return undefined;
  const taken: LocalNote = { ...note, item: { ...note.item, ...current } };
  void notes.put(taken);
  return taken;
}

export function readMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
  return guarded(t('store.readingTheSettings'), async (db) => (await db.get('meta', key)) as MetaValues[K] | undefined);
}

export function writeMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
  return guarded(t('store.savingTheSettings'), async (db) => {
    await db.put('meta', value, key);
  });
}

/**
 * Writes the drafts one tab changed (`undefined`: that draft is gone) into those the tablet keeps,
 * in one transaction, so the drafts another tab of the stall keeps there stay as that tab wrote them.
 */
export function patchDrafts(patch: MetaValues['drafts']): Promise<void> {
  return guarded(t('store.savingTheSettings'), async (db) => {
    const tx = db.transaction('meta', 'readwrite');
    const stored = ((await tx.store.get('drafts')) as MetaValues['drafts'] | undefined) ?? { notes: {}, paper: {} };
    const merged = { notes: { ...stored.notes }, paper: { ...stored.paper } };
    for (const kind of ['notes', 'paper'] as const) {
      for (const [key, draft] of Object.entries(patch[kind])) {
        if (draft === undefined) delete merged[kind][key];
        else merged[kind][key] = draft;
      }
    }
    await tx.store.put(merged, 'drafts');
    await tx.done;
  });
}

export function readMarketDays(processSlug: string): Promise<LocalMarketDay[]> {
  return guarded(t('store.readingMarketDays'), (db) => db.getAllFromIndex('marketDays', 'byProcess', processSlug));
}

/**
 * Takes the server's list as the truth for confirmed market days and keeps those still waiting to
 * be sent. `asked` names the notes and Klebepunkte the tablet asked the server about, `before` is the
 * queue as it was when it asked: what the tablet took in as stored since then may have reached the
 * server after it read its counts, and is counted in where the list does not hold it (policy.ts).
 */
export function mergeServerMarketDays(
  processSlug: string,
  server: MarketDay[],
  asked: { notes: readonly string[]; dotVotes: readonly string[] },
  before: readonly OutboxEntry[],
): Promise<void> {
  return guarded(t('store.savingMarketDays'), async (db) => {
    // With the queue as it is now, in the same transaction: which of its dots the server's tallies hold (policy.ts, `keptTally`).
    const tx = db.transaction(['marketDays', 'outbox'], 'readwrite');
    const store = tx.objectStore('marketDays');
    const queued = await tx.objectStore('outbox').getAll();
    const answered = answeredSince(before, queued);
    const known = await store.index('byProcess').getAll(processSlug);
    const fromServer = new Set(server.map((marketDay) => marketDay.id));
    for (const marketDay of known) if (!marketDay.local && !fromServer.has(marketDay.id)) void store.delete(marketDay.id);
    for (const day of server) {
      // The tally kept leaves the counted dots out already.
      const { countedDotVoteIds: _counted, ...marketDay } = day;
      const tally = keptTally(day, queued, asked.dotVotes, answered) ?? known.find((kept) => kept.id === day.id)?.tally ?? day.tally;
      const noteCount = keptNoteCount(day, asked.notes, answered);
      void store.put({ ...marketDay, ...keptPaperCount(day, answered), noteCount, tally, local: false });
    }
    await tx.done;
  });
}

/** Notes without a Markttag (conference, working group) are listed together. */
export const LOOSE_NOTES = 'loose';

export function noteGroup(note: Pick<NoteItem, 'marketDayId'>): string {
  return note.marketDayId ?? LOOSE_NOTES;
}

export function readNotes(group: string): Promise<LocalNote[]> {
  return guarded(t('store.readingNotes'), (db) => db.getAllFromIndex('notes', 'byGroup', group));
}

/**
 * Takes the server's list of a market day's notes into the tablet's: a note with queued changes
 * keeps the tablet's content (it is newer), and so does one the tablet holds at a later version
 * than the list (a change stored after the server read the list, whose answer came first); any
 * other note takes the server's content, version and edit right. Notes only this tablet knows
 * (not sent yet) stay as they are.
 */
export function mergeServerNotes(group: string, processSlug: string, server: StallNote[]): Promise<void> {
  return guarded(t('store.savingTheMarketDay'), async (db) => {
    const tx = db.transaction(['notes', 'outbox'], 'readwrite');
    for (const note of server) {
      const local = await tx.objectStore('notes').get(note.id);
      const queued = await tx.objectStore('outbox').index('byItemId').count(note.id);
      // Still waiting to be sent here, or the list is older than what the tablet holds: the server read its notes
      // before a change arrived whose answer came first (versions only grow). Kept as the tablet has it.
      if (local && (queued > 0 || note.version < local.version)) continue;
      const item: NoteItem = {
        type: 'note',
        id: note.id,
        processSlug,
        ...(group === LOOSE_NOTES ? {} : { marketDayId: group }),
        channel: note.channel,
        text: note.text,
        kind: note.kind,
        fieldsOfAction: note.fieldsOfAction,
        stadtteil: note.stadtteil,
        // The server keeps the day only; midday keeps an edit on the same day in Berlin.
        capturedAt: local?.item.capturedAt ?? `${note.capturedOn}T12:00:00.000Z`,
        ageBand: note.ageBand,
        language: note.language,
      };
      void tx.objectStore('notes').put({
        id: note.id,
        group,
        item,
        version: note.version,
        savedAt: local?.savedAt ?? `${note.capturedOn}T12:00:00.000Z`,
        origin: local?.origin ?? 'server',
        editable: note.editable,
        ...receiptFromServer(local ?? {}, note.receipt),
      });
    }
    await tx.done;
  });
}
