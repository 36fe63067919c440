/**
 * The upload engine: sends the queue in batches, removes only what the server confirmed,
 * and waits with capped exponential backoff and jitter after a failure. It runs while the
 * stall area is open: after every capture, on the browser's `online` event, when the tablet
 * wakes up, and once a minute as a safety net.
 */
import { batch, computed, effect, signal } from '@preact/signals';
import type { SyncResponse } from '../../shared/api/stall.ts';
import { ApiError, call } from '../api.ts';
import { loadMe, me, offlineUser, onSignOut } from '../session.ts';
import { pickBatch, retryDelay, sendsAs, syncIsStale, type OutboxEntry } from './policy.ts';
import * as store from './store.ts';
import { t, tn } from './messages.ts';

export type SyncPhase = 'idle' | 'sending' | 'offline' | 'retrying' | 'signin';

/** Everything queued on this tablet, in queue order; re-read from IndexedDB after each change. */
export const outbox = signal<OutboxEntry[]>([]);

/**
 * Items whose refused entry staff gave up on this page („Verwerfen“, or „Übernehmen und bearbeiten“
 * for a note): they left the queue unsent, so nothing may call them sent — until the item is queued
 * again (the note taken over and saved once more), which `readQueue` sees.
 */
const givenUp = signal<ReadonlySet<string>>(new Set());

/**
 * Staff gave up the refused entry of item `id`: it left the queue unsent, so the item counts as
 * given up, not as sent. Called once the entry left the tablet's storage, never before (a step that
 * failed leaves it refused, and no tab may call it given up then), and told to the other tabs at
 * once, before the queue's change, so none of them calls the item sent or shows its code to hand over.
 */
export function markGivenUp(id: string): void {
  addGivenUp([id]);
  otherTabs?.postMessage({ givenUp: [id] } satisfies TabMessage);
}

/**
 * Items staff sent again under another id (a paper questionnaire sent as one of its own after the
 * server held another under its id): the form that saved it follows it under the new id, in every tab.
 */
const renamed = signal<ReadonlyMap<string, string>>(new Map());

/** The id item `id` is queued and sent under now. */
export function currentItemId(id: string): string {
  let current = id;
  for (let step = 0; step < 8 && renamed.value.has(current); step += 1) current = renamed.value.get(current)!;
  return current;
}

/** Staff sent item `from` again as `to`; called once the entry took the new id in the storage, and told to the other tabs at once. */
export function markRenamed(from: string, to: string): void {
  addRenamed([[from, to]]);
  otherTabs?.postMessage({ renamed: [[from, to]] } satisfies TabMessage);
}

function addRenamed(pairs: ReadonlyArray<readonly [string, string]>): void {
  if (pairs.every(([from, to]) => renamed.value.get(from) === to)) return;
  renamed.value = new Map([...renamed.value, ...pairs]);
}

function addGivenUp(ids: readonly string[]): void {
  if (ids.every((id) => givenUp.value.has(id))) return;
  givenUp.value = new Set([...givenUp.value, ...ids]);
}

/** The item of the queued entry `seq`, read before staff act on it. */
export function queuedItemId(seq: number): string | undefined {
  return outbox.value.find((entry) => entry.seq === seq)?.item.id;
}

/**
 * Where an item the tablet queued stands (a note, a change, a paper questionnaire): refused by the
 * server, waiting on the tablet, given up by staff after a refusal, or sent (nothing of it queued any more).
 */
export function queuedItemState(saved: string): 'refused' | 'waiting' | 'givenUp' | 'sent' {
  const id = currentItemId(saved);
  const entries = outbox.value.filter((entry) => entry.item.id === id);
  if (entries.some((entry) => entry.state !== 'pending')) return 'refused';
  if (entries.length > 0) return 'waiting';
  return givenUp.value.has(id) ? 'givenUp' : 'sent';
}
export const pendingEntries = computed(() => outbox.value.filter((entry) => entry.state === 'pending'));
export const rejectedEntries = computed(() => outbox.value.filter((entry) => entry.state !== 'pending'));
/** Pending entries another account captured on this tablet, by that account's user name: they wait until it signs in here again, or staff let this account send them. */
export const othersWaiting = computed(() => {
  const account = me.value?.username;
  const waiting = new Map<string, number>();
  if (!account) return waiting;
  for (const entry of pendingEntries.value) if (!sendsAs(entry, account)) waiting.set(entry.by!, (waiting.get(entry.by!) ?? 0) + 1);
  return waiting;
});
export const lastSyncedAt = signal<string | null>(null);
export const syncPhase = signal<SyncPhase>('idle');
/** Why the last attempt failed, in words for staff; null after a success. */
export const syncProblem = signal<string | null>(null);
export const nextRetryAt = signal<number | null>(null);
/** The login expired: the queue waits for a new sign-in. */
export const needsSignIn = signal(false);
/** The last failure of the tablet's storage; shown until the next storage action succeeds. */
export const storageError = signal<string | null>(null);
const clock = signal(Date.now());
export const syncIsOverdue = computed(() => syncIsStale(pendingEntries.value, lastSyncedAt.value, new Date(clock.value)));

export const PERIODIC_CHECK_MS = 60_000;
/**
 * While the tablet works from the identity it remembered (it started offline), how often it asks
 * the server who is signed in. The `online` event alone is not enough: a browser may not fire it
 * (Chromium did not, for a page it reloaded offline), and a market's Wi-Fi can be "online" with
 * no way out for a while; the header would say "offline" and the queue wait a minute.
 */
export const OFFLINE_RECHECK_MS = 5_000;
const DEBOUNCE_MS = 250;

export function reportStorageError(err: unknown): void {
  console.error(err);
  storageError.value = err instanceof Error ? err.message : String(err);
}

/**
 * Other tabs of the stall area on this tablet share its storage but not its signals: a tab that
 * re-read the queue after a change tells them, and they read the queue and the views again, so
 * every tab counts what waits right (a capture in one tab, a sync in the other).
 */
const otherTabs = typeof BroadcastChannel === 'function' ? new BroadcastChannel('mitreden-stall') : null;
/** What a tab tells the others: the queue changed (read it again), or also which items staff gave up there. */
type TabMessage = 'changed' | { givenUp: string[] } | { renamed: Array<[string, string]> };
const afterOtherTab: Array<() => Promise<void>> = [];
/** Work to do when another tab changed the tablet's storage, such as reading the lists and boards again. */
export function onOtherTabChanged(hook: () => Promise<void>): void {
  afterOtherTab.push(hook);
}

/**
 * Views that add what waits in the queue to a stored count (a board's dots, the paper count): they
 * are read together with the queue and shown in the same moment. A sync takes items out of the
 * queue and into the stored count in one step, so a count shown from the new queue and the old
 * store would drop by what was just sent and come back.
 */
const viewsWithQueue: Array<() => Promise<() => void>> = [];
/** Registers a view read with the queue: `read` reads the storage and returns what shows it. */
export function readWithQueue(read: () => Promise<() => void>): void {
  viewsWithQueue.push(read);
}

async function readQueue(): Promise<boolean> {
  try {
    const [entries, synced, ...shows] = await Promise.all([store.readOutbox(), store.readMeta('lastSyncedAt'), ...viewsWithQueue.map((read) => read())]);
    batch(() => {
      outbox.value = entries;
      for (const show of shows) show();
      // An item given up and then queued again (a taken-over note saved once more) is followed afresh.
      const queuedAgain = entries.filter((entry) => entry.state === 'pending' && givenUp.value.has(entry.item.id));
      if (queuedAgain.length > 0) givenUp.value = new Set([...givenUp.value].filter((id) => !queuedAgain.some((entry) => entry.item.id === id)));
      lastSyncedAt.value = synced ?? null;
    });
    return true;
  } catch (err) {
    reportStorageError(err);
    return false;
  }
}

/** Re-reads the queue into the signals and tells the other tabs; storage errors are shown, never swallowed. */
export async function refreshOutbox(): Promise<void> {
  if (await readQueue()) otherTabs?.postMessage('changed' satisfies TabMessage);
}

const afterConfirmed: Array<() => Promise<void>> = [];
/** Work to do after the server confirmed items, such as reloading the boards with the server's counts. */
export function onConfirmed(hook: () => Promise<void>): void {
  afterConfirmed.push(hook);
}

let timer: ReturnType<typeof setTimeout> | null = null;
let running = false;
let runAgain = false;
let failures = 0;

/** Asks for an upload soon; captures in quick succession share one request. */
export function requestSync(delayMs = DEBOUNCE_MS): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void runSync();
  }, delayMs);
}

async function runSync(): Promise<void> {
  if (running) {
    runAgain = true;
    return;
  }
  running = true;
  try {
    const confirmed = await oneTabAtATime(async () => {
      let sent = false;
      do {
        runAgain = false;
        sent = (await sendNextBatch()) || sent;
      } while (runAgain);
      return sent;
    });
    if (confirmed) for (const hook of afterConfirmed) await hook().catch(reportStorageError);
  } finally {
    running = false;
  }
}

/**
 * Two tabs of the stall area share one queue: one sends while the other waits, then finds what
 * the first sent gone, so no batch leaves twice (Web Locks; a browser without them sends as before,
 * and the server answers a second copy as a duplicate).
 */
function oneTabAtATime<T>(work: () => Promise<T>): Promise<T> {
  return typeof navigator.locks?.request === 'function' ? (navigator.locks.request('mitreden-stall-sync', work) as Promise<T>) : work();
}

/**
 * Whether a request that got no answer at all means the tablet has no network: the browser says so,
 * or the tablet could not reach the server since this page started and works from the identity it
 * remembered (the header says „(offline)“). Chromium may keep `navigator.onLine` true for a page it
 * reloaded offline from the service worker, so the browser's word alone would call that tablet's
 * missing network an unreachable server.
 */
function withoutNetwork(): boolean {
  return !navigator.onLine || (offlineUser.value !== null && !me.value);
}

/**
 * No answer at all: without a network the queue waits for one (the `online` event, the sign-in
 * recheck every few seconds, the periodic safety net); online it is the server that is not reachable,
 * tried again with backoff.
 */
function noAnswer(): void {
  if (!withoutNetwork()) return scheduleRetry(t('sync.serverNotReachable'));
  syncPhase.value = 'offline';
  syncProblem.value = null;
  nextRetryAt.value = null;
}

function scheduleRetry(problem: string): void {
  failures += 1;
  const delay = retryDelay(failures);
  syncProblem.value = problem;
  nextRetryAt.value = Date.now() + delay;
  syncPhase.value = 'retrying';
  requestSync(delay);
}

/** Makes sure the server knows us and the CSRF token is current; false when nobody is signed in. */
async function ensureSignedIn(): Promise<boolean> {
  if (me.value) return true;
  const user = await loadMe();
  if (user) return true;
  needsSignIn.value = true;
  syncPhase.value = 'signin';
  return false;
}

/** One batch. True when the server confirmed something; sets `runAgain` while more is waiting. */
async function sendNextBatch(): Promise<boolean> {
  if (!navigator.onLine) {
    syncPhase.value = 'offline';
    return false;
  }
  if (needsSignIn.value) {
    syncPhase.value = 'signin';
    return false;
  }
  let batch: OutboxEntry[];
  try {
    await refreshOutbox();
    if (pendingEntries.value.length === 0) {
      syncPhase.value = 'idle';
      return false;
    }
    if (!(await ensureSignedIn())) return false;
    batch = pickBatch(outbox.value, me.value!.username);
    if (batch.length === 0) {
      // What waits belongs to another account that captured it here: it waits for that account (`othersWaiting`),
      // and a failed attempt of that account's is no news for this one (the server has answered since: the sign-in).
      syncPhase.value = 'idle';
      syncProblem.value = null;
      nextRetryAt.value = null;
      return false;
    }
    syncPhase.value = 'sending';
    await store.markAttempted(batch.filter((entry) => !entry.attempted).map((entry) => entry.seq));
  } catch (err) {
    if (err instanceof store.StorageError) reportStorageError(err);
    else if (err instanceof ApiError && err.status === 0) noAnswer();
    else scheduleRetry(err instanceof Error ? err.message : String(err));
    return false;
  }

  let response: SyncResponse;
  try {
    response = await call('POST /api/stall/sync', { body: { items: batch.map((entry) => entry.item) } });
  } catch (err) {
    await handleFailure(err);
    return false;
  }

  try {
    await store.applyResults(batch, response.results);
    storageError.value = null;
  } catch (err) {
    // The server has the items; they stay queued here and come back as duplicates next time.
    reportStorageError(err);
    return false;
  }
  failures = 0;
  syncProblem.value = null;
  nextRetryAt.value = null;
  await refreshOutbox();
  syncPhase.value = 'idle';
  runAgain = true;
  return true;
}

async function handleFailure(err: unknown): Promise<void> {
  if (!(err instanceof ApiError)) return scheduleRetry(String(err));
  if (err.status === 401) {
    needsSignIn.value = true;
    syncPhase.value = 'signin';
    syncProblem.value = t('sync.signInExpired');
    return;
  }
  if (err.status === 403 && err.code === 'csrf_token_invalid' && failures === 0) {
    // The page holds an old token (say, after signing in in another tab): fetch the current one and go on.
    failures += 1;
    await loadMe().catch(() => null);
    runAgain = true;
    return;
  }
  if (err.status === 0) return noAnswer();
  if (err.status >= 500) return scheduleRetry(t('sync.serverError', { status: err.status }));
  if (err.status === 429) return scheduleRetry(t('sync.tooManyRequests'));
  scheduleRetry(err.message === `HTTP ${err.status}` ? err.message : `${err.message} (HTTP ${err.status})`);
}

let started = false;

/** Starts the engine once per page; the stall area calls it when it opens. */
export function startSync(): void {
  if (started) return;
  started = true;
  // Signing out leaves this account's unsent captures waiting on the tablet: staff are told before.
  onSignOut(async () => {
    await refreshOutbox();
    const account = me.value?.username;
    const mine = account ? pendingEntries.value.filter((entry) => sendsAs(entry, account)).length : 0;
    return mine > 0 ? tn('syncBar.unsentOnSignOut', mine) : null;
  });
  otherTabs?.addEventListener('message', (event: MessageEvent<TabMessage>) => {
    // Given up in another tab: not sent here either (the form's confirmation, the code to hand over).
    if (typeof event.data === 'object' && 'givenUp' in event.data && Array.isArray(event.data.givenUp)) addGivenUp(event.data.givenUp.filter((id) => typeof id === 'string'));
    // Sent again under another id in another tab: the form here follows it there.
    if (typeof event.data === 'object' && 'renamed' in event.data && Array.isArray(event.data.renamed)) {
      addRenamed(event.data.renamed.filter((pair): pair is [string, string] => Array.isArray(pair) && pair.length === 2 && pair.every((id) => typeof id === 'string')));
    }
    void readQueue().then(async () => {
      for (const hook of afterOtherTab) await hook().catch(reportStorageError);
    });
  });
  window.addEventListener('online', () => {
    failures = 0;
    // Started offline: ask the server who is signed in, so the header stops saying "offline".
    if (!me.value) void loadMe().catch(() => null);
    requestSync(0);
  });
  window.addEventListener('offline', () => {
    syncPhase.value = 'offline';
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') requestSync(0);
  });
  let asking = false;
  setInterval(() => {
    if (asking || !offlineUser.value || me.value || !navigator.onLine) return;
    asking = true;
    void loadMe()
      .then((user) => {
        if (user) requestSync(0);
      })
      .catch(() => null)
      .finally(() => (asking = false));
  }, OFFLINE_RECHECK_MS);
  setInterval(() => {
    clock.value = Date.now();
    if (needsSignIn.value) {
      // Maybe someone signed in again in another tab: the cookie is shared.
      if (navigator.onLine) void loadMe().catch(() => null);
      return;
    }
    // A scheduled retry keeps its backoff; the safety net only restarts an engine that is idle.
    if (timer === null && !running && pendingEntries.value.length > 0) requestSync(0);
  }, PERIODIC_CHECK_MS);
  // Signing in again (here or via /login) ends the wait for a login at once.
  effect(() => {
    if (me.value && needsSignIn.peek()) {
      needsSignIn.value = false;
      failures = 0;
      requestSync(0);
    }
  });
  if (!navigator.onLine) syncPhase.value = 'offline';
  void refreshOutbox().then(() => requestSync(0));
}
