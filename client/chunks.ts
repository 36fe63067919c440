import { ApiError, call } from './api.ts';

/**
 * What to do when a lazily loaded chunk (a dynamic `import()`) failed. A browser may keep a failed
 * dynamic import in its module map: Chromium up to at least 150 answers every later `import()` of
 * that chunk with the same failure until the page is loaded afresh (Debian's 156.0.8078.114 fetches
 * it again): after a connection dropout, trying again in the page may never bring the chunk. So a caller tries the
 * import again (other browsers fetch it then), and when that fails while the server answers, the
 * page is reloaded; what the visitor had entered must be on the device by then (the survey's
 * draft is), and the page that comes back continues from it. A failure while the server cannot
 * be reached stays a failure: a reload then would show the browser's own offline page.
 */

const RELOADED_AT = 'mitreden.chunkReloadAt';
/** A second reload for a missing chunk within this time would be a loop (a chunk the server lost): the caller's failure shows instead. */
const RELOAD_PAUSE_MS = 60_000;

/** Whether the server answers at all (any status counts: a 503 is an answer). */
export async function serverReachable(): Promise<boolean> {
  try {
    await call('GET /api/health');
    return true;
  } catch (error) {
    return !(error instanceof ApiError && error.status === 0);
  }
}

/**
 * Loads the page afresh, to fetch a chunk the browser keeps as failed; false, and nothing done,
 * when this tab reloaded for that reason a moment ago already.
 */
export function reloadForChunk(): boolean {
  try {
    const before = Number(sessionStorage.getItem(RELOADED_AT) ?? 0);
    if (Date.now() - before < RELOAD_PAUSE_MS) return false;
    sessionStorage.setItem(RELOADED_AT, String(Date.now()));
  } catch {
    // No session storage (a locked-down browser): reload without the guard.
  }
  location.reload();
  return true;
}

/** Resolves once the device says it is online again (at once if it says so already). */
export function whenOnline(): Promise<void> {
  return navigator.onLine ? Promise.resolve() : new Promise((resolve) => addEventListener('online', () => resolve(), { once: true }));
}

/**
 * A chunk's loader that remembers the module once it came and forgets a failure, so the next call
 * imports again.
 */
export function chunk<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    }));
}

/**
 * For a chunk the page cannot go on without (`client/main.tsx`'s router, a page of it): waits
 * until the server answers again and reloads the page at the address it is at now, unless the
 * visitor has moved on meanwhile (then it resolves, and the next visit to that address tries again).
 */
export async function reloadWhenReachable(): Promise<void> {
  const address = location.href;
  await whenOnline();
  while (!(await serverReachable())) await new Promise((resolve) => setTimeout(resolve, 5_000));
  if (location.href !== address) return;
  if (reloadForChunk()) await new Promise(() => undefined);
  // Reloaded a moment ago and still missing: try again after a pause, not in a loop.
  await new Promise((resolve) => setTimeout(resolve, RELOAD_PAUSE_MS));
}
