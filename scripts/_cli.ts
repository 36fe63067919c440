import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseDamagedError, NotMitredenDatabaseError, openDatabase, type Db } from '../db/index.ts';
import { ConfigError, loadConfig, type Config } from '../server/config.ts';

/**
 * A command's options as `parse` reads them (node:util's parseArgs over the given arguments), with
 * the answers every command owes its user: `--help` or `-h` prints the usage and exits 0; an unknown
 * option, a missing value or a stray argument prints what was wrong and the usage and exits 2,
 * never a stack trace.
 */
export function readOptions<T>(usage: string, parse: (args: string[]) => T): T {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parse(args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(usage);
    process.exit(2);
  }
}

/** A word a POSIX shell reads back as it is: plain paths stay plain, anything else goes in single quotes. */
export function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The settings as the server reads them; a bad value ends the command with what was wrong (exit 2), never a stack trace. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

/** Node's and SQLite's answers for a path that cannot hold a database (a folder, no permission, a file in the way). */
const UNOPENABLE = new Set(['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'EEXIST']);

/**
 * The database at `path`, opened and migrated as the server opens it. A damaged file, another
 * application's database or a path that cannot be opened ends the command with what was found and
 * what to do (exit 1), never a stack trace.
 */
export function openDatabaseOrExit(path: string): Db {
  try {
    return openDatabase(path);
  } catch (error) {
    if (error instanceof DatabaseDamagedError || error instanceof NotMitredenDatabaseError) console.error(error.message);
    else if (UNOPENABLE.has((error as { code?: string }).code ?? '')) {
      console.error(`Cannot open the database ${path}: ${(error as Error).message}.`);
      console.error('Set DATABASE_PATH to a file (not a folder) in a folder this user may write to.');
    } else throw error;
    process.exit(1);
  }
}

/** `--out FILE` where a file can be written: an existing folder, or a folder that is not there, ends the command with a sentence (exit 2) before anything is done. */
export function outFileOrExit(path: string): string {
  const folder = dirname(resolve(path));
  const problem = !existsSync(folder) || !statSync(folder).isDirectory() ? `there is no folder ${folder}` : existsSync(path) && statSync(path).isDirectory() ? 'it is a folder; name a file in it' : null;
  if (problem === null) return path;
  console.error(`Cannot write ${path}: ${problem}.`);
  process.exit(2);
}
