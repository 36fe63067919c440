import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../db/group-commit.ts';
import { closeDatabase, openDatabase, type Db } from '../../db/index.ts';

let dir: string;
let db: Db;
/** A second connection to the same file: it sees only what was committed. */
let observer: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mitreden-group-commit-'));
  const path = join(dir, 'test.sqlite');
  db = openDatabase(path, { migrate: false });
  db.$client.exec(`CREATE TABLE parent (id text PRIMARY KEY);
    CREATE TABLE item (id text PRIMARY KEY, parent_id text REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)`);
  observer = new Database(path, { readonly: true });
});

afterEach(() => {
  observer.close();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const insert = (id: string, parentId: string | null = null) => () => {
  db.$client.prepare('INSERT INTO item (id, parent_id) VALUES (?, ?)').run(id, parentId);
  return id;
};
const committed = (id: string) => observer.prepare('SELECT count(*) n FROM item WHERE id = ?').pluck().get(id) === 1;

describe('group commit', () => {
  it('commits the writes of concurrent callers in one transaction and settles each only after that commit', async () => {
    const writes = createGroupCommit(db, { windowMs: 20 });
    const ids = Array.from({ length: 50 }, (_, i) => `item-${i}`);
    const seenAtSettle = await Promise.all(ids.map((id) => writes.run(insert(id)).then((stored) => committed(stored))));
    expect(seenAtSettle).toEqual(ids.map(() => true));
    expect(writes.stats()).toEqual({ batches: 1, pieces: 50 });
  });

  it('rolls back a piece that throws half-way, rejects only its caller, and commits the others', async () => {
    const writes = createGroupCommit(db, { windowMs: 5 });
    const failing = writes.run(() => {
      insert('half')();
      throw new Error('the second half failed');
    });
    const others = ['before', 'after'].map((id) => writes.run(insert(id)));
    await expect(failing).rejects.toThrow('the second half failed');
    await expect(Promise.all(others)).resolves.toEqual(['before', 'after']);
    expect(committed('half')).toBe(false);
    expect(committed('before') && committed('after')).toBe(true);
    expect(writes.stats().batches).toBe(1);
  });

  it('lets a later piece see what an earlier one of the same batch wrote', async () => {
    const writes = createGroupCommit(db, { windowMs: 5 });
    const count = () => db.$client.prepare('SELECT count(*) n FROM item').pluck().get() as number;
    const results = await Promise.all([writes.run(insert('a')), writes.run(count), writes.run(insert('b')), writes.run(count)]);
    expect(results).toEqual(['a', 1, 'b', 2]);
  });

  it('rejects every caller of a batch whose COMMIT fails, and stores none of it', async () => {
    const writes = createGroupCommit(db, { windowMs: 5 });
    // A deferred foreign key is checked at COMMIT: the whole transaction fails there, after every piece succeeded.
    const outcomes = await Promise.allSettled([writes.run(insert('fine')), writes.run(insert('orphan', 'no-such-parent')), writes.run(insert('also-fine'))]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(['fine', 'orphan', 'also-fine'].some(committed)).toBe(false);
    // The next batch starts clean.
    await expect(writes.run(insert('next'))).resolves.toBe('next');
    expect(committed('next')).toBe(true);
  });

  it('commits what is queued when flushed, without waiting for the window', async () => {
    const writes = createGroupCommit(db, { windowMs: 50 });
    const pending = Array.from({ length: 300 }, (_, i) => writes.run(insert(`flushed-${i}`)));
    writes.flush();
    expect(committed('flushed-0') && committed('flushed-299')).toBe(true);
    await Promise.all(pending);
    // More than one transaction's worth: the rest went in further transactions.
    expect(writes.stats().batches).toBeGreaterThan(1);
  });
});
