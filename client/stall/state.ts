/**
 * The stall area's state and actions. Components read signals and call these functions;
 * every capture is written to IndexedDB first and only then shown as saved.
 */
import { computed, effect, signal } from '@preact/signals';
import type { Me } from '../../shared/api/auth.ts';
import type { ProcessDetail, ProcessSummary } from '../../shared/api/processes.ts';
import { MAX_SENT_DOT_VOTES_ASKED, MAX_SENT_NOTES_ASKED, type AgeBand, type Board, type DotVoteItem, type NoteChannel, type NoteItem, type MarketDayItem } from '../../shared/api/stall.ts';
import type { NoteKind } from '../../shared/domain.ts';
import type { Language } from '../../shared/languages.ts';
import { makeReceiptCode } from '../../shared/receipts/code.ts';
import type { SuggestModel } from '../../shared/suggest/model.ts';
import { ApiError, call } from '../api.ts';
import { loadMe, me, offlineUser } from '../session.ts';
import { heldDrafts } from './held-drafts.ts';
import { heldPaper, paperDrafts, type PaperDraft } from './paper.ts';
import { dotVoteIdsToAsk, MARKET_DAY_REMOVED, marketDayOf, newId, noteIdsToAsk } from './policy.ts';
import * as store from './store.ts';
import { markGivenUp, markRenamed, needsSignIn, onConfirmed, onOtherTabChanged, outbox, queuedItemId, readWithQueue, refreshOutbox, reportStorageError, requestSync } from './sync.ts';
import { t } from './messages.ts';

export const STALL_ROLES: readonly Me['role'][] = ['staff', 'admin'];

export const processes = signal<ProcessSummary[]>([]);
export const currentProcess = signal<ProcessDetail | null>(null);
/**
 * The processes a market day may be created in: the public ones, and the one this tablet works
 * on (an archived one stays while it is chosen, so what the tablet holds stays in view).
 */
export const stallProcesses = computed(() => processes.value.filter((p) => p.status !== 'archived' || p.slug === currentProcess.value?.slug));
export const marketDays = signal<store.LocalMarketDay[]>([]);
/** Why the process could not be loaded (first start without a connection). */
export const processError = signal<string | null>(null);

export const sortedMarketDays = computed(() => [...marketDays.value].sort((a, b) => (a.date === b.date ? a.place.localeCompare(b.place, 'de') : b.date.localeCompare(a.date))));

export type Access = 'checking' | 'ok' | 'sign-in' | 'forbidden' | 'no-connection';

/**
 * Who may use the stall area on this tablet. Online, the server says; offline, or when the
 * login expired, the identity remembered from the last sign-in here lets staff keep
 * capturing: nothing leaves the tablet until someone signs in again.
 */
export async function checkAccess(): Promise<Access> {
  let user: Me | null;
  try {
    user = me.value ?? (await loadMe());
  } catch {
    const remembered = await store.readMeta('identity').catch(() => undefined);
    if (!remembered || !STALL_ROLES.includes(remembered.role)) return 'no-connection';
    offlineUser.value = remembered;
    return 'ok';
  }
  if (user) {
    if (!STALL_ROLES.includes(user.role)) return 'forbidden';
    await store.writeMeta('identity', { username: user.username, displayName: user.displayName, role: user.role }).catch(reportStorageError);
    return 'ok';
  }
  const remembered = await store.readMeta('identity').catch(() => undefined);
  if (!remembered) return 'sign-in';
  needsSignIn.value = true;
  return 'ok';
}

/** Loads the process from the server and keeps a copy for offline starts; falls back to that copy. */
export async function loadProcess(): Promise<void> {
  try {
    const list = await call('GET /api/processes');
    await store.writeMeta('processes', list);
    processes.value = list;
    // A tablet starts on the first public process: an archived one (the next city's copy of the
    // seeded default, say) takes no new market days. One chosen before stays chosen.
    const stored = await store.readMeta('processSlug');
    const chosen = list.find((p) => p.slug === stored) ?? list.find((p) => p.status === 'public') ?? list[0];
    if (!chosen) throw new Error(t('state.thereIsNoParticipation'));
    const detail = await call('GET /api/processes/:slug', { params: { slug: chosen.slug } });
    await store.writeMeta(`process:${detail.slug}`, detail);
    await store.writeMeta('processSlug', detail.slug);
    currentProcess.value = detail;
    processError.value = null;
  } catch (err) {
    if (err instanceof store.StorageError) reportStorageError(err);
    if (!(await useCachedProcess())) {
      processError.value =
        err instanceof ApiError && err.status === 0 ? t('state.forTheFirstStart') : err instanceof Error ? err.message : String(err);
    }
  }
  await loadMarketDays();
}

async function useCachedProcess(): Promise<boolean> {
  const slug = await store.readMeta('processSlug').catch(() => undefined);
  const cached = slug ? await store.readMeta(`process:${slug}`).catch(() => undefined) : undefined;
  if (!cached) return false;
  processes.value = (await store.readMeta('processes').catch(() => undefined)) ?? [];
  currentProcess.value = cached;
  return true;
}

/** The suggester's learned weights for the process; without them it still suggests from its word lists. */
export const suggestModel = signal<SuggestModel | null>(null);

export async function loadSuggestModel(slug: string): Promise<void> {
  try {
    const model = await call('GET /api/processes/:slug/suggest-model', { params: { slug } });
    await store.writeMeta(`suggest-model:${slug}`, model).catch(reportStorageError);
    suggestModel.value = model;
  } catch {
    suggestModel.value = (await store.readMeta(`suggest-model:${slug}`).catch(() => undefined)) ?? null;
  }
}

export async function chooseProcess(slug: string): Promise<void> {
  await store.writeMeta('processSlug', slug).catch(reportStorageError);
  await loadProcess();
}

/**
 * The market days this tablet was told an admin removed (a refusal `market_day_removed`), kept
 * while the page is open: their page says what happened, also once staff decided every entry.
 */
export const removedMarketDays = signal<ReadonlySet<string>>(new Set());
/** Market days an admin merged into another (created twice), with the one each went into, as the server last listed them. */
export const mergedMarketDays = signal<ReadonlyMap<string, string>>(new Map());
effect(() => {
  const known = removedMarketDays.peek();
  const added = new Set<string>();
  for (const entry of outbox.value) {
    const id = entry.error?.code === MARKET_DAY_REMOVED && entry.state !== 'pending' ? marketDayOf(entry.item) : undefined;
    if (id !== undefined && !known.has(id)) added.add(id);
  }
  if (added.size > 0) removedMarketDays.value = new Set([...known, ...added]);
});

/** Shows the tablet's market days at once, then the server's list with its boards when online. */
export async function loadMarketDays(): Promise<void> {
  const slug = currentProcess.value?.slug;
  if (!slug) return;
  try {
    marketDays.value = await store.readMarketDays(slug);
  } catch (err) {
    reportStorageError(err);
    return;
  }
  if (!navigator.onLine || needsSignIn.value) return;
  try {
    // The notes and Klebepunkte waiting to be sent: the server says which it holds (sent, the answer not yet come), so each
    // counts once, also those whose answer comes while the list is on its way (`mergeServerMarketDays`).
    const queue = await store.readOutbox();
    const sentNotes = noteIdsToAsk(queue, MAX_SENT_NOTES_ASKED);
    const sentDotVotes = dotVoteIdsToAsk(queue, MAX_SENT_DOT_VOTES_ASKED);
    const list = await call('GET /api/stall/market-days', {
      query: { processSlug: slug, ...(sentNotes.length > 0 ? { sentNotes: sentNotes.join(',') } : {}), ...(sentDotVotes.length > 0 ? { sentDotVotes: sentDotVotes.join(',') } : {}) },
    });
    await store.mergeServerMarketDays(slug, list.marketDays, { notes: sentNotes, dotVotes: sentDotVotes }, queue);
    marketDays.value = await store.readMarketDays(slug);
    mergedMarketDays.value = new Map(list.merged.map((merged) => [merged.id, merged.into]));
  } catch (err) {
    if (err instanceof store.StorageError) reportStorageError(err);
    else if (err instanceof ApiError && err.status === 401) needsSignIn.value = true;
    // Offline or server trouble: the tablet's own list is what staff work with meanwhile.
  }
}
onConfirmed(loadMarketDays);
// The boards and paper counts add the queued dots and questionnaires to the stored ones: read with the queue.
readWithQueue(async () => {
  const slug = currentProcess.value?.slug;
  if (!slug) return () => undefined;
  const days = await store.readMarketDays(slug);
  return () => {
    marketDays.value = days;
  };
});

/** After a change of the queue: show it and have it sent. */
async function queued(): Promise<void> {
  await refreshOutbox();
  requestSync();
}

export interface NewMarketDay {
  date: string;
  place: string;
  stadtteil: string | null;
  staff: string[];
  /** The market day's own poster question for dot votes; without it the board offers the fields of action. */
  board?: Board;
}

export async function createMarketDay(input: NewMarketDay): Promise<string> {
  const slug = currentProcess.value?.slug;
  if (!slug) throw new Error(t('state.noProcessLoaded'));
  const { board, ...fields } = input;
  const item: MarketDayItem = { type: 'marketDay', id: newId(), processSlug: slug, ...fields, ...(board ? { board } : {}) };
  const view: store.LocalMarketDay = {
    id: item.id,
    processSlug: slug,
    date: input.date,
    place: input.place,
    stadtteil: input.stadtteil,
    staff: input.staff,
    noteCount: 0,
    paperCount: 0,
    paperIds: [],
    tally: {},
    board: input.board ?? null,
    local: true,
  };
  await store.enqueue([item], { marketDay: view });
  marketDays.value = [...marketDays.value, view];
  await queued();
  return item.id;
}

export interface NoteDraft {
  text: string;
  /** Null until staff classify the note: stored as "nicht angegeben", never guessed. */
  kind: NoteKind | null;
  fieldsOfAction: string[];
  /** The market day's Stadtteil until staff pick one (`stadtteilChosen`); a Stadtteil named in the text wins over this default. */
  stadtteil: string | null;
  stadtteilChosen: boolean;
  ageBand: AgeBand | null;
  language: Language | null;
  channel: NoteChannel;
  /** The note being changed, when staff edit an earlier one. */
  editing: store.LocalNote | null;
  /** The new note staff had begun when they chose to change an earlier one: back in the form when the change is saved or given up. */
  setAside?: NoteDraft | undefined;
  /** Staff's own edit the server refused, shown beside the form while they merge it by hand into the server's note (`takeOverServerNote`). */
  mine?: NoteItem | undefined;
  /**
   * A new note's id and the moment it was begun, made at its first change and kept with the draft
   * (`updateDraft`). The tablet writes drafts to its storage a moment after each change, so a tab
   * that dies right after a save can bring the saved note back as a draft; saved again, it is the
   * same item (the server answers "duplicate"), never a second note.
   */
  begun?: { id: string; at: string } | undefined;
}

export function emptyDraft(stadtteil: string | null, channel: NoteChannel): NoteDraft {
  return { text: '', kind: null, fieldsOfAction: [], stadtteil, stadtteilChosen: false, ageBand: null, language: null, channel, editing: null, setAside: undefined, mine: undefined, begun: undefined };
}

/** What the form holds after a change was saved or given up: the new note set aside for it, or `fresh`. */
export function draftAfterChange(draft: NoteDraft, fresh: NoteDraft): NoteDraft {
  return draft.editing && draft.setAside ? { ...draft.setAside, setAside: undefined, mine: undefined } : fresh;
}

/** The form for changing `note`; a new note begun meanwhile waits aside (also when staff switch from one change to another). */
export function draftForChange(note: store.LocalNote, current: NoteDraft | undefined): NoteDraft {
  const { item } = note;
  return {
    setAside: current?.editing ? current.setAside : current && hasContent(current) ? current : undefined,
    mine: undefined,
    text: item.text,
    kind: item.kind ?? null,
    fieldsOfAction: item.fieldsOfAction,
    stadtteil: item.stadtteil,
    stadtteilChosen: true,
    ageBand: item.ageBand ?? null,
    language: item.language ?? null,
    channel: item.channel,
    editing: note,
  };
}

/** The group whose note form should take the focus once shown (after staff took the server's note from the sync bar). */
export const focusNoteForm = signal<string | null>(null);

/** Where the note form of a group is. */
export const notesPath = (group: string): string => (group === store.LOOSE_NOTES ? '/stand/notizen' : `/stand/markttag/${group}`);

/**
 * The refused entries (by `seq`) whose giving up staff chose but the tablet's storage did not
 * carry out (full, or not answering), with what went wrong: the entry is still refused, so it
 * stays in the sync bar and says there that their decision was not taken (`SyncBar.tsx`).
 */
export const failedDecisions = signal<ReadonlyMap<number, string>>(new Map());

function decisionFailed(seq: number, err: unknown, words: string): void {
  console.error(err);
  const cause = err instanceof Error ? err.message : String(err);
  failedDecisions.value = new Map([...failedDecisions.value, [seq, `${words} ${cause}`]]);
}

function decisionTaken(seq: number): void {
  if (!failedDecisions.value.has(seq)) return;
  const rest = new Map(failedDecisions.value);
  rest.delete(seq);
  failedDecisions.value = rest;
}

/**
 * Carries out staff's decision on the refused entry `seq` in the tablet's storage: what `step`
 * returned, or null when it failed, and then the entry is still refused and says so where staff
 * decided (`failed`: what was not done), with the queue read again.
 */
async function decide<T>(seq: number, step: (seq: number) => Promise<T>, failed: string): Promise<{ done: T } | null> {
  try {
    const done = await step(seq);
    decisionTaken(seq);
    return { done };
  } catch (err) {
    decisionFailed(seq, err, failed);
    await refreshOutbox();
    return null;
  }
}

/**
 * Staff chose to take the server's note into the form and merge their refused edit by hand: the
 * form of the note's group holds the server's note as a change of the version the server holds,
 * with their edit shown beside it. Returns the group, or null when there was nothing to take.
 */
export async function takeOverServerNote(seq: number): Promise<string | null> {
  const id = queuedItemId(seq);
  const decided = await decide(seq, store.takeServerNote, t('state.takeOverFailed'));
  if (!decided) return null;
  const taken = decided.done;
  // The refused edit left the queue unsent: the form's confirmation must not turn into „gesendet“,
  // in this tab or another. Marked only now that it left the storage, so what shows is what is stored.
  if (taken && id !== undefined) markGivenUp(id);
  await refreshOutbox();
  if (!taken) return null;
  const { group } = taken.note;
  drafts.value = { ...drafts.value, [group]: { ...draftForChange(taken.note, drafts.value[group]), mine: taken.mine } };
  focusNoteForm.value = group;
  await loadNotes(group);
  return group;
}

/**
 * One draft per market day or channel, so switching to the board and back keeps what was typed;
 * kept on the tablet too (`keepDrafts`), so a reload, or a tablet that drops the page in the
 * background, does not lose a half-typed voice.
 */
export const drafts = signal<Record<string, NoteDraft>>({});

/**
 * The new notes this tab has in hand, by their ids, and the note drafts as the tablet keeps them:
 * by market day or channel and id (`held-drafts.ts`), so two tabs of one market day type two notes
 * under two ids. A change of an earlier note keeps that note's id, and holds only the id of the
 * new note set aside for it.
 */
const heldNotes = heldDrafts<NoteDraft>('note', (draft) => (draft.editing ? draft.setAside?.begun?.id : draft.begun?.id));

export function updateDraft(group: string, fallback: NoteDraft, patch: Partial<NoteDraft>): void {
  const next = { ...(drafts.value[group] ?? fallback), ...patch };
  const draft = next.editing || next.begun || !hasContent(next) ? next : { ...next, begun: { id: newId(), at: new Date().toISOString() } };
  heldNotes.hold(draft);
  drafts.value = { ...drafts.value, [group]: draft };
}

let keeping = false;

/**
 * Keeps the drafts of notes and paper questionnaires on the tablet: reads what a page before this
 * one left (what this page typed meanwhile wins), then writes every change a moment after it.
 * A draft is not a capture: it is not queued, and saving it clears it as before.
 */
export async function keepDrafts(): Promise<void> {
  if (keeping) return;
  keeping = true;
  // What this tab held when it was last put away (a reload) is newer than what reached the tablet's storage.
  const inTab = leftInTab();
  const stored = inTab ?? (await store.readMeta('drafts').catch(() => undefined));
  // What this tab last knew to be stored: a write changes only the drafts this tab changed since.
  // Another tab of the stall on this tablet keeps its own drafts in the same place (a paper
  // questionnaire there, a note here), and writing every draft this tab holds put back its old
  // copy of the other's: a half-typed voice of the other tab was gone once that tab was dropped.
  let known: MetaDrafts = { notes: {}, paper: {} };
  if (stored) {
    // A note or questionnaire another open tab has in hand stays with that tab (`takeUp`).
    const notes = await heldNotes.takeUp(stored.notes as Record<string, NoteDraft>, drafts);
    const paper = await heldPaper.takeUp(stored.paper as Record<string, PaperDraft>, paperDrafts);
    // Drafts this tab kept for itself (a reload) are not in the tablet's storage yet: the first write puts them there.
    if (!inTab) known = { notes, paper };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unwritten: MetaDrafts | null = null;
  const write = () => {
    clearTimeout(timer);
    if (unwritten) {
      const patch = { notes: changedDrafts(known.notes, unwritten.notes), paper: changedDrafts(known.paper, unwritten.paper) };
      known = unwritten;
      const holding = { notes: drafts.value, paper: paperDrafts.value };
      // A saved note's or questionnaire's id is let go once its emptied form is stored: until then a page opened meanwhile would take it up again.
      const written = Object.keys(patch.notes).length + Object.keys(patch.paper).length > 0 ? store.patchDrafts(patch) : Promise.resolve();
      void written.then(() => {
        heldNotes.release(holding.notes, drafts.value);
        heldPaper.release(holding.paper, paperDrafts.value);
      }, reportStorageError);
    }
    unwritten = null;
  };
  effect(() => {
    unwritten = { notes: heldNotes.stored(drafts.value), paper: heldPaper.stored(paperDrafts.value) };
    clearTimeout(timer);
    timer = setTimeout(write, DRAFT_WRITE_DELAY_MS);
  });
  // A tablet putting the page away does not wait for the timer. A page that goes away (a reload)
  // may end before IndexedDB commits what it began, so the tab also keeps the drafts in its
  // session storage, which is written at once; the next page of this tab starts from them.
  addEventListener('pagehide', () => {
    const current: MetaDrafts = { notes: drafts.value, paper: paperDrafts.value };
    write();
    try {
      sessionStorage.setItem(TAB_DRAFTS, JSON.stringify(current));
    } catch {
      // No session storage (full, or switched off): the write above is what is kept.
    }
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') write();
  });
}
type MetaDrafts = store.MetaValues['drafts'];

/** The drafts of `now` that differ from `before`, by market day or channel; one gone is `undefined`. */
function changedDrafts(before: Record<string, unknown>, now: Record<string, unknown>): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(now)])) if (before[key] !== now[key]) changed[key] = now[key];
  return changed;
}
const DRAFT_WRITE_DELAY_MS = 300;
const TAB_DRAFTS = 'mitreden.stall.drafts';

/** The drafts this tab kept when its last page went away, taken once (the next page writes them to the tablet's storage). */
function leftInTab(): MetaDrafts | undefined {
  try {
    const kept = sessionStorage.getItem(TAB_DRAFTS);
    sessionStorage.removeItem(TAB_DRAFTS);
    const parsed: unknown = kept ? JSON.parse(kept) : undefined;
    return parsed && typeof parsed === 'object' && 'notes' in parsed && 'paper' in parsed ? (parsed as MetaDrafts) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a new-note draft holds anything staff entered (the defaults alone are nothing to keep). */
export const hasContent = (draft: NoteDraft): boolean =>
  draft.text.trim() !== '' || draft.kind !== null || draft.fieldsOfAction.length > 0 || draft.stadtteilChosen || draft.ageBand !== null || draft.language !== null;

export const notesByGroup = signal<Record<string, store.LocalNote[]>>({});

async function showNotes(group: string): Promise<void> {
  const notes = await store.readNotes(group);
  notesByGroup.value = { ...notesByGroup.value, [group]: notes.sort(newestFirst) };
}

/**
 * The notes captured here first, newest on top, then those of other tablets: the server keeps
 * only their day, so they have no time to sort by (`mergeServerNotes` files them at midday, which
 * would put a morning's own notes under every other tablet's, and past the list's end).
 */
function newestFirst(a: store.LocalNote, b: store.LocalNote): number {
  if (a.origin !== b.origin) return a.origin === 'tablet' ? -1 : 1;
  return b.savedAt.localeCompare(a.savedAt);
}

// Another tab captured or sent: its market days, tallies and notes are in the tablet's storage.
onOtherTabChanged(async () => {
  const slug = currentProcess.value?.slug;
  if (slug) marketDays.value = await store.readMarketDays(slug);
  for (const group of Object.keys(notesByGroup.value)) await showNotes(group);
});

/**
 * Shows the notes the tablet holds at once; for a market day the server already knows, then
 * also those captured on other tablets or before the storage was cleared, with their versions.
 */
export async function loadNotes(group: string): Promise<void> {
  try {
    await showNotes(group);
  } catch (err) {
    reportStorageError(err);
    return;
  }
  const slug = currentProcess.value?.slug;
  const marketDay = marketDays.value.find((s) => s.id === group);
  if (!slug || !marketDay || marketDay.local || !navigator.onLine || needsSignIn.value) return;
  try {
    const list = await call('GET /api/stall/market-days/:id/notes', { params: { id: group } });
    await store.mergeServerNotes(group, slug, list.notes);
    await showNotes(group);
  } catch (err) {
    if (err instanceof store.StorageError) reportStorageError(err);
    else if (err instanceof ApiError && err.status === 401) needsSignIn.value = true;
    // Offline or server trouble: the tablet's own notes are what staff see meanwhile.
  }
}

/**
 * Saves a note (or the edit of one) to the tablet; the caller clears the form only when this
 * resolves. A new note gets its receipt code here, offline, and is saved with it; the code is
 * returned so staff can show it or print the card at once. An edit keeps the note's code.
 */
export async function saveNote(draft: NoteDraft, marketDayId: string | undefined): Promise<{ id: string; receipt: string | undefined }> {
  const slug = currentProcess.value?.slug;
  if (!slug) throw new Error(t('state.noProcessLoaded'));
  const item: NoteItem = {
    type: 'note',
    id: draft.editing?.id ?? draft.begun?.id ?? newId(),
    processSlug: slug,
    ...(marketDayId ? { marketDayId } : {}),
    channel: draft.channel,
    text: draft.text.trim(),
    kind: draft.kind,
    fieldsOfAction: draft.fieldsOfAction,
    stadtteil: draft.stadtteil,
    // An edit keeps the moment of the conversation; only the content changes.
    capturedAt: draft.editing?.item.capturedAt ?? draft.begun?.at ?? new Date().toISOString(),
    ageBand: draft.ageBand,
    language: draft.language,
  };
  // The code travels with the note item that creates it; an edit item carries the same one, which the server ignores.
  const receipt = draft.editing ? (draft.editing.receipt ?? draft.editing.item.receipt) : makeReceiptCode();
  if (receipt) item.receipt = receipt;
  const group = store.noteGroup(item);
  if (draft.editing) {
    await store.enqueueNoteEdit(item);
  } else {
    await store.enqueue([item], { note: { id: item.id, group, item, version: 1, savedAt: new Date().toISOString(), origin: 'tablet', editable: true, receipt: receipt! } });
  }
  await loadNotes(group);
  await queued();
  return { id: item.id, receipt };
}

export async function vote(marketDayId: string, option: string, delta: 1 | -1): Promise<void> {
  const item: DotVoteItem = { type: 'dotVote', id: newId(), marketDayId, option, delta };
  await store.enqueue([item]);
  await queued();
}

/** Staff decided that the signed-in account sends what `from` captured here and left unsent. */
export async function adoptWaiting(from: string): Promise<void> {
  const account = me.value?.username;
  if (!account) return;
  await store.adoptEntries(from, account).catch(reportStorageError);
  await queued();
}

export async function retryRejected(seq: number): Promise<void> {
  // Queued again: should the server refuse it anew, an earlier failed giving up is not what it says.
  await store.retryEntry(seq).then(() => decisionTaken(seq), reportStorageError);
  await queued();
}

/**
 * Staff chose to send a paper questionnaire as one of its own: the server holds another
 * questionnaire under its id (`response_conflict`), and the sheet in their hands is another one.
 * It goes out under a new id; the form that saved it follows it there (`markRenamed`, once the
 * storage took the new id).
 */
export async function sendPaperAsOwn(seq: number): Promise<void> {
  const to = newId();
  const requeued = await decide(seq, (entry) => store.requeuePaperUnderNewId(entry, to), t('state.sendAsOwnFailed'));
  if (requeued?.done) markRenamed(requeued.done.from, to);
  await queued();
}

/** Staff chose another market day for an entry whose market day an admin removed: it is sent there, and both lists show it where it now is. */
export async function moveRejected(seq: number, marketDayId: string): Promise<void> {
  const moved = await store.moveEntry(seq, marketDayId).then(
    (result) => {
      decisionTaken(seq);
      return result;
    },
    (err: unknown) => {
      reportStorageError(err);
      return null;
    },
  );
  await queued();
  if (moved) for (const group of [moved.from, moved.to]) if (group in notesByGroup.value) await loadNotes(group);
}

export async function discardRejected(seq: number): Promise<void> {
  const id = queuedItemId(seq);
  const decided = await decide(seq, store.discardEntry, t('state.discardFailed'));
  if (!decided) return;
  const discarded = decided.done;
  // Given up, not sent: the confirmation of the note, change or questionnaire says so, in every tab.
  // Marked only now that the entry left the storage (and not when another tab had decided it
  // already: that tab told), so no tab calls an entry given up that is still refused.
  if (discarded && id !== undefined) markGivenUp(id);
  await refreshOutbox();
  // The list shows the server's text again, not the one given up.
  if (discarded?.group) await loadNotes(discarded.group);
}
