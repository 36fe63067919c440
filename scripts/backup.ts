/**
 * `npm run backup -- TARGET.sqlite`: a consistent copy of the live database through SQLite's
 * online backup API, safe while the server is running and writing. The copy counts only if it
 * passes SQLite's full `integrity_check`; otherwise it is removed and the command exits 1, so a
 * scheduled backup of a damaged database fails loudly instead of rotating out the last good copy.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { checkDatabaseFile, useRollbackJournal } from '../db/integrity.ts';
import { configOrExit, readOptions } from './_cli.ts';

const USAGE = 'Usage: npm run backup -- ./backups/mitreden-YYYY-MM-DD.sqlite';
const [target, ...extra] = readOptions(USAGE, (args) => parseArgs({ args, allowPositionals: true, options: {} }).positionals);
if (!target || extra.length > 0) {
  console.error(USAGE);
  process.exit(2);
}
if (existsSync(target)) {
  console.error(`${target} exists already; choose a new file name.`);
  process.exit(2);
}
const source = configOrExit().DATABASE_PATH;
if (!existsSync(source)) {
  console.error(`No database at ${source}.`);
  process.exit(1);
}
const removeCopy = () => {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
};
const fail = (lines: string[]): never => {
  removeCopy();
  console.error(lines.join('\n'));
  process.exit(1);
};

try {
  mkdirSync(dirname(resolve(target)), { recursive: true });
} catch (error) {
  // A file where a folder of the path should be, or a folder this user may not create.
  console.error(`Cannot write ${target}: ${(error as Error).message}.`);
  process.exit(2);
}
const started = Date.now();
try {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(target);
  } finally {
    db.close();
  }
  // The copy carries the live file's WAL mode, so every later reader (the check below, a restore)
  // would leave a -wal and -shm beside it; in rollback mode the backup stays one file.
  useRollbackJournal(target);
} catch (error) {
  fail([`Backup FAILED: SQLite could not copy ${source}: ${(error as Error).message}`, 'The database is probably damaged; no copy was kept.']);
}
const findings = checkDatabaseFile(target, 'integrity');
if (findings.length > 0) {
  fail([
    `Backup FAILED: the copy of ${source} does not pass SQLite's integrity check, so the database itself is damaged; no copy was kept.`,
    ...findings.slice(0, 10).map((finding) => `  ${finding}`),
    'Keep your earlier backups; restore the latest good one with the server stopped:  npm run restore -- FILE',
  ]);
}
console.log(`Backed up ${source} to ${target} in ${Date.now() - started} ms; the copy passed SQLite's integrity check.`);
