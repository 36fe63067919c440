import { randomFillSync, randomInt } from 'node:crypto';
import { v7 } from 'uuid';

/** Where this process's ids start counting: random, so two processes (or a restart) do not start at the same one. */
let sequence = randomInt(2 ** 31);

/**
 * An id the server makes for a new row of `day` (YYYY-MM-DD): a questionnaire (whose client's id
 * is kept apart as `client_id`) and its voices. A UUIDv7 whose time field is that day's midnight,
 * never the moment, and whose 32-bit sequence counts up in this process, the rest random. Ids
 * made one after the other sort one after the other, so a burst of answers appends to the end of
 * every index keyed by them instead of dirtying a random page of each per row (about half the
 * WAL a submission writes); they tell no more than the rows' own day and insertion order, which
 * the row's rowid and its cite number show anyway (privacy: anonymous dates to the day).
 */
export function dayOrderedId(day: string): string {
  sequence = (sequence + 1) >>> 0;
  const midnight = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(midnight)) throw new Error(`Not a day: ${day}`);
  return v7({ msecs: midnight, seq: sequence, random: randomBytes16() });
}

/**
 * 16 random bytes from a pool filled 256 ids at a time: uuid's own source asks WebCrypto's
 * `getRandomValues` for every id (about 5 µs an id against 1.2 µs pooled; three per survey
 * response with three free texts).
 */
const pool = Buffer.alloc(16 * 256);
let pooled = pool.length;
function randomBytes16(): Uint8Array {
  if (pooled === pool.length) {
    randomFillSync(pool);
    pooled = 0;
  }
  pooled += 16;
  return pool.subarray(pooled - 16, pooled);
}
