import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { checkDatabase, DatabaseDamagedError, isCorruptionError } from './integrity.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle; repo methods accept one so services can span tables. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens (and creates) the SQLite file with the pragmas a participation platform needs:
 * WAL so readers never block the writer, synchronous=FULL so a 2xx survives a power cut,
 * foreign keys enforced, and a busy timeout so a backup or a second process waits instead of failing.
 * A file that fails SQLite's quick check (or is no database at all, e.g. truncated) is refused
 * with a `DatabaseDamagedError` before anything is written to it.
 */
export function openDatabase(path: string, options: { migrate?: boolean } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const findings = checkDatabase(sqlite, 'quick');
    if (findings.length > 0) throw new DatabaseDamagedError(path, findings);
    const db = drizzle({ client: sqlite, schema }) as Db;
    if (options.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return db;
  } catch (error) {
    sqlite?.close();
    if (isCorruptionError(error)) throw new DatabaseDamagedError(path, [(error as Error).message]);
    // drizzle wraps a failing migration statement; its cause says whether the file is damaged.
    const cause = (error as { cause?: unknown }).cause;
    if (isCorruptionError(cause)) throw new DatabaseDamagedError(path, [(cause as Error).message]);
    throw error;
  }
}

export function closeDatabase(db: Db): void {
  if (!db.$client.open) return;
  // Fold the WAL back into the main file so a copied .sqlite alone is complete.
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
}

export { schema };
export { DatabaseDamagedError } from './integrity.ts';
