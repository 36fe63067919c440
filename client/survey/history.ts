/**
 * The survey's screens as browser history entries, so a phone's Back and Forward move between
 * the survey's pages instead of leaving it. The address stays the same (a reload resumes from
 * the stored draft, not from the address); each entry remembers its screen in `history.state`.
 */

/**
 * The thank-you entry keeps the receipt code and whether the response was there already: a reload,
 * Back and Forward in this tab show the code again; a new tab (or a closed one) does not.
 */
export type Entry = { screen: 'start' } | { screen: 'pages'; page: number } | { screen: 'thanks'; receipt?: string | null; alreadySent?: boolean };

const KEY = 'mitredenSurvey';

function isEntry(value: unknown): value is Entry {
  if (typeof value !== 'object' || value === null) return false;
  const { screen, page } = value as { screen?: unknown; page?: unknown };
  if (screen === 'pages') return typeof page === 'number' && Number.isInteger(page) && page >= 0;
  return screen === 'start' || screen === 'thanks';
}

/** The current entry's survey screen, or null when the entry is not one of ours. */
export function readEntry(): Entry | null {
  const state: unknown = history.state;
  const entry = typeof state === 'object' && state !== null ? (state as Record<string, unknown>)[KEY] : undefined;
  return isEntry(entry) ? entry : null;
}

/** Keeps whatever else the entry holds (a router's own keys). */
function stateWith(entry: Entry): Record<string, unknown> {
  const state: unknown = history.state;
  return { ...(typeof state === 'object' && state !== null ? state : {}), [KEY]: entry };
}

/** The screen of the entry this one was pushed from (see `stepBack`). */
const PREVIOUS = 'mitredenSurveyPrevious';
const same = (a: Entry | null, b: Entry) => a !== null && JSON.stringify(a) === JSON.stringify(b);

/** A new entry for a move the resident made, unless it would repeat the current one. */
export function pushEntry(entry: Entry): void {
  const current = readEntry();
  if (same(current, entry)) return;
  history.pushState({ ...stateWith(entry), [PREVIOUS]: current }, '', location.href);
}

/**
 * The survey's own „Zurück“ to `entry`: where the entry behind this one is that screen, the
 * browser's Back (the popstate shows it), so the phone's Back after it leaves the survey's pages
 * as it would after „Weiter“; otherwise (a resumed draft, whose history holds no pages) a new entry.
 * A new entry every time made the phone's Back walk forward again through the pages just left.
 */
export function stepBack(entry: Entry): void {
  const state: unknown = history.state;
  const previous = typeof state === 'object' && state !== null ? (state as Record<string, unknown>)[PREVIOUS] : undefined;
  if (isEntry(previous) && same(previous, entry)) history.back();
  else pushEntry(entry);
}

/** Rewrites the current entry (a resumed draft, the thank-you page taking the review page's place). */
export function replaceEntry(entry: Entry): void {
  history.replaceState(stateWith(entry), '', location.href);
}
