/**
 * What changes only when an admin acts — a process and its parts, its published survey
 * versions, the suggester's model — is read and parsed once and then served from memory.
 *
 * How a change is noticed: triggers (migration 0010) write a fresh random token into
 * `admin_versions` whenever one of those tables is written, inside the writing transaction.
 * A cached value remembers the tokens it was read under; every lookup reads the current tokens
 * (one row by primary key, a prepared statement) and loads again when they differ. So the cache
 * follows every write whatever its path — a service, a seed, raw SQL in a test, the sqlite3
 * shell or a second process on the same file — without a call to invalidate it. A rolled-back
 * write takes its token back with it, and a random token does not come again, so a value read
 * inside a transaction that was rolled back never matches later.
 *
 * Cached values are shared between requests and frozen: treat them as read-only.
 * Only values that were found are kept; a lookup by an unknown key (a slug from a URL) is asked
 * of the database each time, so a caller cannot fill the memory with misses.
 */
import type Database from 'better-sqlite3';
import { clientOf, connectionOf, type DbOrTx } from './index.ts';

/** Which tables a cached value was read from (see the triggers of migration 0010). */
export type AdminKind = 'process' | 'survey' | 'model';

interface Entry {
  /** The tokens of the entry's kinds when it was read, in the order of its kinds. */
  stamp: number[];
  value: unknown;
}

/** Where each kind's token stands in the row of tokens. */
const TOKEN_COLUMN: Record<AdminKind, number> = { process: 0, survey: 1, model: 2 };

interface ConnectionCache {
  /** The tokens as one row of numbers (process, survey, model); a plain statement, as it runs several times per request. */
  tokens: Database.Statement<[], [number, number, number]>;
  entries: Map<string, Entry>;
  /** The tokens read once for the transaction running now (`withAdminTokensRead`), else undefined. */
  pinned?: [number, number, number] | null | undefined;
}

const byConnection = new WeakMap<object, ConnectionCache>();

function cacheOf(db: DbOrTx): ConnectionCache {
  const connection = connectionOf(db);
  let cache = byConnection.get(connection);
  if (!cache) {
    const client = clientOf(db);
    const tokens = client.prepare<[], [number, number, number]>('SELECT process, survey, model FROM admin_versions WHERE id = 1').raw(true);
    byConnection.set(connection, (cache = { tokens, entries: new Map() }));
  }
  return cache;
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

/** Whether the tokens of `kinds` are still those of `stamp` (compared one by one: this runs several times per request). */
function sameTokens(stamp: readonly number[], kinds: readonly AdminKind[], tokens: readonly number[]): boolean {
  for (let i = 0; i < kinds.length; i += 1) if (stamp[i] !== tokens[TOKEN_COLUMN[kinds[i]!]]) return false;
  return true;
}

/**
 * The value under `key`, loaded by `load` when it is not in memory or one of `kinds` was
 * written since it was read. `load` returning undefined (not found) is not kept.
 */
export function cached<T>(db: DbOrTx, kinds: readonly AdminKind[], key: string, load: () => T): T {
  const cache = cacheOf(db);
  const { tokens: statement, entries } = cache;
  const tokens = cache.pinned === undefined ? statement.get() : cache.pinned;
  const entry = entries.get(key);
  // Without the row (never after migration 0010) every lookup loads.
  if (entry && tokens && sameTokens(entry.stamp, kinds, tokens)) return entry.value as T;
  const value = load();
  if (value === undefined || !tokens) entries.delete(key);
  else entries.set(key, { stamp: kinds.map((kind) => tokens[TOKEN_COLUMN[kind]]!), value: deepFreeze(value) });
  return value;
}

/**
 * Runs `work` with the tokens read once instead of at every lookup. Only for work inside a write
 * transaction that itself writes nothing admins change (a group commit of survey responses):
 * while it holds the write lock no other connection can change a token, and it changes none.
 */
export function withAdminTokensRead<T>(db: DbOrTx, work: () => T): T {
  const cache = cacheOf(db);
  if (cache.pinned !== undefined) return work();
  if (!clientOf(db).inTransaction) throw new Error('withAdminTokensRead runs inside a write transaction');
  cache.pinned = cache.tokens.get() ?? null;
  try {
    return work();
  } finally {
    cache.pinned = undefined;
  }
}
