/**
 * `npm run restore -- BACKUP.sqlite`: puts a backup in place of the database at DATABASE_PATH.
 *
 * The server must be stopped: it keeps the database open and holds what changes only when an admin
 * acts in memory, so a file swapped underneath it would be half seen. The command refuses while
 * something answers `/api/health` at HOST:PORT, and while another connection holds the file open.
 *
 * Nothing changes unless the backup passes SQLite's full integrity check and is a Mitreden database.
 * The database it replaces is kept beside it (`….before-restore-<time>.sqlite`, with its WAL), so a
 * restore can itself be undone. The backup is copied through SQLite's backup API into a temporary
 * file, checked again, and renamed into place in one step.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { checkDatabaseFile, useRollbackJournal } from '../db/integrity.ts';
import { configOrExit, readOptions } from './_cli.ts';

const USAGE = 'Usage: npm run restore -- ./backups/mitreden-YYYY-MM-DD.sqlite   (with the server stopped)';
const [source, ...extra] = readOptions(USAGE, (args) => parseArgs({ args, allowPositionals: true, options: {} }).positionals);
if (!source || extra.length > 0) {
  console.error(USAGE);
  process.exit(2);
}
const refuse = (lines: string[]): never => {
  console.error(['Restore REFUSED; nothing was changed.', ...lines].join('\n'));
  process.exit(1);
};
if (!existsSync(source)) refuse([`There is no file ${source}.`]);

const config = configOrExit();
const target = config.DATABASE_PATH;

// 1. The backup must be sound and ours.
const findings = checkDatabaseFile(source, 'integrity');
if (findings.length > 0) refuse([`${source} does not pass SQLite's integrity check:`, ...findings.slice(0, 10).map((finding) => `  ${finding}`)]);
{
  const backup = new Database(source, { readonly: true, fileMustExist: true });
  const tables = new Set((backup.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map((row) => row.name));
  backup.close();
  const missing = ['__drizzle_migrations', 'processes', 'contributions', 'responses', 'users'].filter((name) => !tables.has(name));
  if (missing.length > 0) refuse([`${source} is no Mitreden database (it lacks the tables ${missing.join(', ')}).`]);
}

// 2. The server must be stopped.
const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
const running = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}/api/health`, { signal: AbortSignal.timeout(2000) }).then(
  () => true,
  () => false,
);
if (running) refuse([`A server answers at ${host}:${config.PORT}. Stop it first (it holds the database open), then restore, then start it again.`]);
// A server this shell's HOST and PORT do not name (started with PORT=8080 by its service, the shell without) holds the
// file open all the same: SQLite's lock says so, whatever the port.
if (heldOpen(target)) {
  refuse([
    `Another program holds ${target} open: a Mitreden server started with another PORT or HOST than this command was given (it asked ${host}:${config.PORT}), or a sqlite3 shell that read it.`,
    'Stop it first, then restore, then start it again.',
  ]);
}

/**
 * Whether another connection holds the database open. A connection in WAL mode, as the server's, keeps
 * a shared lock on the file as long as it is open; an exclusive lock is then refused at once
 * (SQLITE_BUSY). A file SQLite cannot read (damaged, foreign) is no reason to refuse here: the restore is for it.
 */
function heldOpen(path: string): boolean {
  if (!existsSync(path)) return false;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true, timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return false;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
  } finally {
    db?.close();
  }
}

// The database's folder, made as the server's first start makes it (a restore onto a new machine has none yet).
const folder = dirname(resolve(target));
try {
  mkdirSync(folder, { recursive: true });
} catch (error) {
  refuse([`There is no folder ${folder} for DATABASE_PATH=${target}, and none can be made (${(error as Error).message}); set DATABASE_PATH to the server's database file.`]);
}

// 3. Copy into a temporary file beside the target, check it, keep the old database, swap.
const temporary = `${target}.restoring`;
const clean = (path: string) => {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
};
clean(temporary);
try {
  const backup = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await backup.backup(temporary);
  } finally {
    backup.close();
  }
  // A backup in WAL mode (made by an older release, or by sqlite3's .backup) would leave the check's
  // empty -wal beside the temporary file after the swap; in rollback mode it stays one file.
  useRollbackJournal(temporary);
  const copyFindings = checkDatabaseFile(temporary, 'integrity');
  if (copyFindings.length > 0) throw new Error(`the copy does not pass the integrity check: ${copyFindings.join('; ')}`);
  // The restored file must not sit next to the old one's WAL and shared memory: SQLite would apply them to it.
  for (const suffix of ['-journal', '-shm']) rmSync(`${temporary}${suffix}`, { force: true });
} catch (error) {
  clean(temporary);
  refuse([`Copying ${source} failed: ${(error as Error).message}`]);
}

let keptAs: string | null = null;
if (existsSync(target)) {
  keptAs = `${target}.before-restore-${new Date().toISOString().replaceAll(':', '-').replace(/\..+$/, '')}.sqlite`;
  copyFileSync(target, keptAs);
  if (existsSync(`${target}-wal`)) copyFileSync(`${target}-wal`, `${keptAs}-wal`);
}
rmSync(`${target}-wal`, { force: true });
rmSync(`${target}-shm`, { force: true });
renameSync(temporary, target);
console.log(
  [
    `Restored ${source} to ${target}; it passed SQLite's integrity check.`,
    keptAs ? `The database it replaced is kept as ${keptAs}.` : 'There was no database before.',
    'Start the server again (npm start); it applies any newer migrations.',
  ].join('\n'),
);
