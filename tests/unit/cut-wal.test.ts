import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeDatabase, cutWalSoon, openDatabase, type Db } from '../../db/index.ts';

let dir: string;
let path: string;
let db: Db;
/** Another connection (a read worker, the checkpointer thread) that holds the WAL while it reads. */
let reader: Database.Database;

const WORD = 'Zwetschgenkuchenbäckerin';
const walBytes = () => statSync(`${path}-wal`).size;
const onDisk = () => Buffer.concat([readFileSync(path), readFileSync(`${path}-wal`)]).includes(WORD);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mitreden-cut-wal-'));
  path = join(dir, 'test.sqlite');
  db = openDatabase(path, { migrate: false });
  db.$client.exec('CREATE TABLE said (text text)');
  db.$client.prepare('INSERT INTO said VALUES (?)').run(WORD);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  reader = new Database(path, { readonly: true });
  // The reader's snapshot is taken before the deletion: it keeps the WAL from being cut while it lasts.
  reader.exec('BEGIN');
  reader.prepare('SELECT count(*) FROM said').get();
  db.$client.prepare('DELETE FROM said').run();
});

afterEach(() => {
  if (reader.inTransaction) reader.exec('COMMIT');
  reader.close();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

describe('cutting the WAL after a deletion', () => {
  it('waits while another connection reads, and cuts the WAL with the deleted text as soon as it is done', async () => {
    // The deleted page's old copy is in the WAL now (the file's copy was overwritten with zeros).
    expect(onDisk()).toBe(true);
    let settled = false;
    const cut = cutWalSoon(db).then((done) => {
      settled = true;
      return done;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(settled).toBe(false);
    expect(onDisk()).toBe(true);

    reader.exec('COMMIT');
    expect(await cut).toBe(true);
    expect(walBytes()).toBe(0);
    expect(onDisk()).toBe(false);
  });

  it('answers after its wait, and goes on trying in the background until the reader is done', async () => {
    expect(await cutWalSoon(db, 50)).toBe(false);
    expect(onDisk()).toBe(true);
    reader.exec('COMMIT');
    await vi.waitFor(() => expect(walBytes()).toBe(0), { timeout: 5000, interval: 50 });
    expect(onDisk()).toBe(false);
  });

  it('cuts at once when nobody else holds the WAL', async () => {
    reader.exec('COMMIT');
    expect(await cutWalSoon(db)).toBe(true);
    expect(onDisk()).toBe(false);
  });
});
