/**
 * `npm run backup -- TARGET.sqlite`: a consistent copy of the live database through SQLite's
 * online backup API, safe while the server is running and writing.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../server/config.ts';

const target = process.argv[2];
if (!target) {
  console.error('Usage: npm run backup -- ./backups/mitreden-YYYY-MM-DD.sqlite');
  process.exit(2);
}
if (existsSync(target)) {
  console.error(`${target} exists already; choose a new file name.`);
  process.exit(2);
}
const source = loadConfig().DATABASE_PATH;
if (!existsSync(source)) {
  console.error(`No database at ${source}.`);
  process.exit(1);
}
mkdirSync(dirname(resolve(target)), { recursive: true });
const db = new Database(source, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const started = Date.now();
await db.backup(target);
db.close();
const copy = new Database(target, { readonly: true });
const check = copy.pragma('integrity_check', { simple: true });
copy.close();
console.log(`Backed up ${source} to ${target} in ${Date.now() - started} ms (integrity: ${String(check)}).`);
