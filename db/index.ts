import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { is, Param, Placeholder, sql } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fromRoot } from './root.ts';
import { checkDatabase, DatabaseDamagedError, isCorruptionError } from './integrity.ts';
import { repairSearchIndex } from './search-index.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle; repo methods accept one so services can span tables. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

const MIGRATIONS_FOLDER = fromRoot('db', 'migrations');

/**
 * Opens (and creates) the SQLite file with the pragmas a participation platform needs:
 * WAL so readers never block the writer, synchronous=FULL so a 2xx survives a power cut,
 * foreign keys enforced, and a busy timeout so a backup or a second process waits instead of failing.
 * A file that fails SQLite's quick check (or is no database at all, e.g. truncated) is refused
 * with a `DatabaseDamagedError` before anything is written to it. A second connection of the
 * same server (its survey write worker) passes `check: false`: the server checked the file
 * when it opened it, and a quick check reads every page. A file that holds tables but not Mitreden's
 * migration record (another application's database, a mistyped DATABASE_PATH) is refused with a
 * `NotMitredenDatabaseError` before the migrations would add Mitreden's tables to it.
 */
export function openDatabase(path: string, options: { migrate?: boolean; check?: boolean } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(path);
    if (options.migrate !== false) {
      // Asked before the first pragma: switching to WAL already writes to the file.
      const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name").pluck().all() as string[];
      if (tables.length > 0 && !tables.includes('__drizzle_migrations')) throw new NotMitredenDatabaseError(path, tables);
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('secure_delete = ON');
    const findings = options.check === false ? [] : checkDatabase(sqlite, 'quick');
    if (findings.length > 0) throw new DatabaseDamagedError(path, findings);
    const db = drizzle({ client: sqlite, schema }) as Db;
    if (options.migrate !== false) {
      migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
      repairSearchIndex(sqlite);
    }
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

/** The connection behind a database or transaction handle: drizzle hands every transaction the session of its database. */
export function connectionOf(db: DbOrTx): object {
  return (db as unknown as { session: object }).session;
}

/** The better-sqlite3 connection behind a database or transaction handle. */
export function clientOf(db: DbOrTx): Database.Database {
  return (connectionOf(db) as unknown as { client: Database.Database }).client;
}

const atomicRunners = new WeakMap<Database.Database, (work: () => unknown) => unknown>();

/**
 * Runs `work` all or nothing: in a transaction of its own (BEGIN, deferred), or as a savepoint
 * inside the caller's transaction; a throw rolls back what `work` wrote and is rethrown. What
 * drizzle's `db.transaction` / `tx.transaction` do, but with better-sqlite3's BEGIN, SAVEPOINT,
 * RELEASE and ROLLBACK statements, prepared once per connection: drizzle builds and prepares a
 * nested transaction's SAVEPOINT anew each time, which the survey route paid per response and
 * the stall sync per item. `work` gets the handle it was given.
 */
export function atomically<T>(db: DbOrTx, work: (tx: DbOrTx) => T): T {
  const client = clientOf(db);
  let run = atomicRunners.get(client);
  if (!run) atomicRunners.set(client, (run = client.transaction((inner: () => unknown) => inner())));
  return run(() => work(db)) as T;
}

/**
 * A query built and prepared once per connection instead of on every call: `build` makes it
 * with `sql.placeholder(...)` for the values and ends in `.prepare()`. The statement belongs to
 * the connection, so a query prepared through the database runs inside any of its transactions.
 *
 *     const byId = preparedQuery((db) => db.select().from(t).where(eq(t.id, sql.placeholder('id'))).prepare());
 *     byId(tx).get({ id });
 */
export function preparedQuery<T>(build: (db: DbOrTx) => T): (db: DbOrTx) => T {
  const byConnection = new WeakMap<object, T>();
  return (db) => {
    const connection = connectionOf(db);
    let query = byConnection.get(connection);
    if (query === undefined) byConnection.set(connection, (query = build(db)));
    return query;
  };
}

/**
 * A one-row INSERT of exactly `columns`, prepared once per connection. Every named column is
 * written, an absent value as NULL (a column's default applies only to columns not named), and
 * a value is encoded by its column as drizzle encodes it (a JSON column's null becomes the text
 * 'null'). drizzle writes the SQL; the statement is better-sqlite3's own and the values go to it
 * in the SQL's order without drizzle's per-call placeholder lookup, as the survey route and the
 * stall sync insert a dozen rows per request.
 */
/** drizzle's one-row INSERT of `columns` as SQL with `?` for every value, and how each value is encoded from a row. */
function compileInsert(db: DbOrTx, table: SQLiteTable, columns: readonly string[]) {
  const query = db
    .insert(table)
    .values(Object.fromEntries(columns.map((column) => [column, sql.placeholder(column)])))
    .toSQL();
  const encode = query.params.map((param) => {
    // A column not named is written with its static default, a constant of the SQL (the schema has no $defaultFn).
    if (!is(param, Param) || !is(param.value, Placeholder)) return () => param;
    const name = (param.value as Placeholder<string>).name;
    const encoder = param.encoder as unknown as { mapToDriverValue(value: unknown): unknown };
    return (row: Record<string, unknown>) => encoder.mapToDriverValue(row[name] ?? null);
  });
  return { sql: query.sql, encode };
}

export function preparedInsert<T extends SQLiteTable, K extends keyof T['$inferInsert'] & string>(table: T, columns: readonly K[]) {
  const byConnection = new WeakMap<object, { statement: Database.Statement; encode: Array<(row: Record<string, unknown>) => unknown> }>();
  const compile = (db: DbOrTx) => {
    const query = compileInsert(db, table, columns);
    return { statement: clientOf(db).prepare(query.sql), encode: query.encode };
  };
  return (db: DbOrTx, row: Pick<T['$inferInsert'], K>): void => {
    const connection = connectionOf(db);
    let compiled = byConnection.get(connection);
    if (!compiled) byConnection.set(connection, (compiled = compile(db)));
    const values = compiled.encode.map((encode) => encode(row as Record<string, unknown>));
    compiled.statement.run(...values);
  };
}

/** Rows one multi-row statement of `preparedBulkInsert` takes at most. */
const BULK_CHUNK = 32;

/**
 * A multi-row INSERT of exactly `columns` (encoded as `preparedInsert` encodes them), with an
 * optional SQL `tail` such as `on conflict (code) do nothing returning contribution_id`. Rows go
 * in statements of 32 rows and one of the rest, each size prepared once per connection when first
 * needed, so a batch of n rows costs about n/32 statement runs instead of n, and the few rows of
 * one questionnaire (its three voices, their tags) one run. Returns what `tail`'s RETURNING gave, in
 * no promised order (nothing without one). One row's failure fails the call: run it inside the
 * caller's transaction or savepoint.
 */
export function preparedBulkInsert<T extends SQLiteTable, K extends keyof T['$inferInsert'] & string, R = never>(table: T, columns: readonly K[], tail = '') {
  const returns = /\breturning\b/i.test(tail);
  const byConnection = new WeakMap<object, { statements: Map<number, Database.Statement>; tuple: string; prefix: string; encode: Array<(row: Record<string, unknown>) => unknown> }>();
  const compiledFor = (db: DbOrTx) => {
    const connection = connectionOf(db);
    let compiled = byConnection.get(connection);
    if (!compiled) {
      const query = compileInsert(db, table, columns);
      const at = query.sql.lastIndexOf(' values (');
      compiled = { statements: new Map(), prefix: query.sql.slice(0, at + ' values '.length), tuple: query.sql.slice(at + ' values '.length), encode: query.encode };
      byConnection.set(connection, compiled);
    }
    return compiled;
  };
  return (db: DbOrTx, rows: ReadonlyArray<Pick<T['$inferInsert'], K>>): R[] => {
    const compiled = compiledFor(db);
    const returned: R[] = [];
    let at = 0;
    while (at < rows.length) {
      const size = Math.min(BULK_CHUNK, rows.length - at);
      let statement = compiled.statements.get(size);
      if (!statement) {
        statement = clientOf(db).prepare(`${compiled.prefix}${Array.from({ length: size }, () => compiled.tuple).join(', ')}${tail ? ` ${tail}` : ''}`);
        compiled.statements.set(size, statement);
      }
      const values: unknown[] = [];
      for (let i = at; i < at + size; i += 1) for (const encode of compiled.encode) values.push(encode(rows[i] as Record<string, unknown>));
      if (returns) returned.push(...(statement.all(...values) as R[]));
      else statement.run(...values);
      at += size;
    }
    return returned;
  };
}

/**
 * A second, read-only connection to a database file that `openDatabase` made (WAL lets it read
 * while the main connection writes): for the read workers and for long streaming reads, which
 * keep a statement open and so need a connection of their own. Never migrates, never writes.
 */
export function openReadOnlyDatabase(path: string): Db {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  return drizzle({ client: sqlite, schema }) as Db;
}

/**
 * After personal data was deleted (a process, the originals at the retention date): folds the WAL
 * into the file and cuts it to nothing. The connections write zeros over what they free
 * (`secure_delete`), but the WAL keeps older copies of the pages, with the texts, until SQLite
 * happens to write over them. Waits for nobody (busy timeout 0): while a read or a write on another
 * connection holds the WAL, this copies what it can and cuts nothing, and says so (false).
 */
function cutWal(db: Db): boolean {
  const sqlite = db.$client;
  sqlite.pragma('busy_timeout = 0');
  try {
    const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    return result?.busy === 0;
  } finally {
    sqlite.pragma('busy_timeout = 5000');
  }
}

/** How often `cutWalSoon` tries again: soon while its caller waits, then now and then in the background. */
const CUT_RETRY_MS = 20;
const CUT_RETRY_LATER_MS = 1000;

/**
 * `cutWal` until it succeeds: a checkpoint of the write worker's checkpointer thread, a batch the
 * write worker is committing or a read worker's query holds the WAL for milliseconds, and then
 * the deleted texts would stay in the WAL file until SQLite happens to write over them. Tries again
 * every 20 ms and resolves true once the WAL is cut; after `waitMs` it resolves false (the caller
 * answers) and goes on trying every second in the background until it succeeds or the database
 * is closed.
 */
export function cutWalSoon(db: Db, waitMs = 5000): Promise<boolean> {
  const started = Date.now();
  return new Promise((resolve) => {
    const attempt = () => {
      if (!db.$client.open) return resolve(false);
      if (cutWal(db)) return resolve(true);
      const waiting = Date.now() - started < waitMs;
      if (!waiting) resolve(false);
      setTimeout(attempt, waiting ? CUT_RETRY_MS : CUT_RETRY_LATER_MS).unref();
    };
    attempt();
  });
}

export function closeDatabase(db: Db): void {
  if (!db.$client.open) return;
  if (db.$client.readonly) {
    db.$client.close();
    return;
  }
  // Fold the WAL back into the main file so a copied .sqlite alone is complete.
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
}

export { schema };
export { DatabaseDamagedError } from './integrity.ts';

/** A SQLite file of another application: the message names its tables and what to set instead, without a stack. */
export class NotMitredenDatabaseError extends Error {
  constructor(
    readonly path: string,
    readonly tables: string[],
  ) {
    super(
      [
        `${path} is not a Mitreden database: it holds other tables (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}) and no Mitreden migrations, so nothing was written to it.`,
        "Set DATABASE_PATH to Mitreden's database file (the server's start log names it), or to a new file for a new database.",
      ].join('\n'),
    );
    this.name = 'NotMitredenDatabaseError';
  }
}
