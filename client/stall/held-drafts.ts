/**
 * The drafts of new captures (a note, a paper questionnaire) that tabs of the stall on one tablet
 * keep in the tablet's storage. A new capture gets its id at its first change and keeps it with
 * its draft, so one that comes back after its tab died is sent again as the same item. A tab holds
 * a Web Lock for the id of each new capture it has in hand, so another tab of the stall on this
 * tablet, opened meanwhile, does not take up that half-typed capture from the storage and send
 * another one under its id (which the server refused as a conflict). A capture whose tab is gone
 * (reloaded, dropped) has no holder and is taken up by the next page, with its id.
 */
import type { Signal } from '@preact/signals';

export interface HeldDrafts<D> {
  /** Takes the id of the new capture `draft` holds for this tab (a browser without Web Locks: nothing to take). */
  hold(draft: D): void;
  /** Lets go of the ids of captures this tab no longer holds in any of `kept` (saved, so their drafts are empty). */
  release(...kept: Record<string, D>[]): void;
  /**
   * The drafts as the tablet's storage keeps them: by market day or channel and id, so the captures
   * two tabs have in hand there are kept side by side; a draft without a new capture (an emptied
   * form, a change of an earlier note) by market day or channel alone.
   */
  stored(byKey: Record<string, D>): Record<string, D>;
  /**
   * Takes up the drafts the tablet's storage (or this tab, before its reload) kept into `into`, one
   * per market day or channel, what this page began meanwhile winning: a new capture no other open
   * tab holds, else one without (the emptied form). Drafts kept before they were stored by id have
   * their market day or channel alone as key and are taken up the same way. Returns the stored
   * entries this page now holds, under the keys they were found with.
   */
  takeUp(kept: Record<string, D>, into: Signal<Record<string, D>>): Promise<Record<string, D>>;
}

const ID_MARK = '#';

/** `kind` names the locks (`mitreden-<kind>-draft:<id>`); `idOf` is the id of the new capture a draft holds, if any. */
export function heldDrafts<D>(kind: string, idOf: (draft: D) => string | undefined): HeldDrafts<D> {
  /** The ids this tab holds, with how to let go of each (null: another tab holds it). */
  const held = new Map<string, Promise<(() => void) | null>>();

  /** Takes the id for this tab; false when another tab of this browser holds it. A browser without Web Locks takes it always, as before. */
  function claim(id: string): Promise<boolean> {
    let holding = held.get(id);
    if (!holding) {
      holding = lock(`mitreden-${kind}-draft:${id}`);
      held.set(id, holding);
      void holding.then((release) => {
        if (!release && held.get(id) === holding) held.delete(id);
      });
    }
    return holding.then((release) => release !== null);
  }

  return {
    hold(draft) {
      const id = idOf(draft);
      if (id) void claim(id);
    },
    release(...kept) {
      const ids = new Set(kept.flatMap((drafts) => Object.values(drafts).map(idOf)));
      for (const [id, holding] of held) {
        if (ids.has(id)) continue;
        held.delete(id);
        void holding.then((release) => release?.());
      }
    },
    stored(byKey) {
      return Object.fromEntries(
        Object.entries(byKey).map(([key, draft]) => {
          const id = idOf(draft);
          return [id ? `${key}${ID_MARK}${id}` : key, draft];
        }),
      );
    },
    async takeUp(kept, into) {
      const drafts: Record<string, D> = {};
      const stored: Record<string, D> = {};
      // New captures first: a draft without one of the same market day only when none of them is free.
      const entries = Object.entries(kept).sort(([, a], [, b]) => Number(!idOf(a)) - Number(!idOf(b)));
      for (const [storedKey, draft] of entries) {
        const key = storedKey.split(ID_MARK)[0]!;
        const id = idOf(draft);
        if (drafts[key] || (id && !(await claim(id)))) continue;
        drafts[key] = draft;
        stored[storedKey] = draft;
      }
      into.value = { ...drafts, ...into.value };
      // One taken up while this page had begun another for that market day stays in the storage for a later page.
      const holding = Object.values(into.value);
      return Object.fromEntries(Object.entries(stored).filter(([, draft]) => holding.includes(draft)));
    },
  };
}

/** Holds the Web Lock `name` until let go; null when another tab holds it. A browser without Web Locks gets it always. */
function lock(name: string): Promise<(() => void) | null> {
  const nothingToLetGo = () => {};
  if (typeof navigator.locks?.request !== 'function') return Promise.resolve(nothingToLetGo);
  return new Promise((resolve) => {
    navigator.locks
      .request(name, { ifAvailable: true }, (granted) => {
        if (!granted) return resolve(null);
        return new Promise<void>((release) => resolve(() => release()));
      })
      .catch(() => resolve(nothingToLetGo));
  });
}
