/**
 * `npm run survey:export -- --process SLUG [--version N] --out FORM.xlsx`
 * Writes a published version (or, without `--version`, the draft) as an XLSForm, every
 * language the survey offers in its own columns.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configOrExit, openDatabaseOrExit, outFileOrExit, readOptions } from './_cli.ts';
import { closeDatabase } from '../db/index.ts';
import { AppError } from '../server/errors.ts';
import { exportXlsformFile } from '../server/features/survey/survey.versions.ts';

const USAGE = 'Usage: npm run survey:export -- --process SLUG [--version N] --out FORM.xlsx';
const { values } = readOptions(USAGE, (args) => parseArgs({ args, options: { process: { type: 'string' }, version: { type: 'string' }, out: { type: 'string' } } }));
const version = values.version === undefined ? undefined : Number(values.version);
if (!values.process || !values.out || (version !== undefined && (!Number.isInteger(version) || version < 1))) {
  console.error(USAGE);
  process.exit(2);
}

outFileOrExit(values.out);
const db = openDatabaseOrExit(configOrExit().DATABASE_PATH);
try {
  const { data } = await exportXlsformFile(db, values.process, version);
  writeFileSync(values.out, data);
  console.log(`Wrote ${version === undefined ? 'the draft' : `version ${version}`} of ${values.process} to ${values.out}.`);
} catch (err) {
  if (!(err instanceof AppError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
} finally {
  closeDatabase(db);
}
