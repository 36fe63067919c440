/**
 * `npm run survey:import -- --process SLUG --file FORM.xlsx [--publish]`
 * Reads an XLSForm into the process's survey draft (what the admin page's upload does), and
 * with `--publish` publishes it as the next version. Prints what the form holds that the survey
 * does not store; refuses the whole form, naming sheet and row, when anything has no place in it.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configOrExit, openDatabaseOrExit, readOptions } from './_cli.ts';
import { closeDatabase } from '../db/index.ts';
import { AppError } from '../server/errors.ts';
import { getDraft, importXlsformFile } from '../server/features/survey/survey.versions.ts';
import { MAX_XLSFORM_BYTES, type XlsformIssue } from '../shared/api/survey-versions.ts';

const USAGE = 'Usage: npm run survey:import -- --process SLUG --file FORM.xlsx [--publish]';
const { values } = readOptions(USAGE, (args) => parseArgs({ args, options: { process: { type: 'string' }, file: { type: 'string' }, publish: { type: 'boolean', default: false } } }));
if (!values.process || !values.file) {
  console.error(USAGE);
  process.exit(2);
}

const where = (issue: XlsformIssue) => `${issue.sheet}${issue.row === undefined ? '' : `, row ${issue.row}`}${issue.column ? `, ${issue.column}` : ''}`;

let data: Buffer;
try {
  if (statSync(values.file).size > MAX_XLSFORM_BYTES) throw new Error(`larger than ${MAX_XLSFORM_BYTES / 1024 / 1024} MB`);
  data = readFileSync(values.file);
} catch (err) {
  console.error(`Cannot read ${values.file}: ${(err as Error).message}`);
  process.exit(2);
}

const db = openDatabaseOrExit(configOrExit().DATABASE_PATH);
try {
  // At the console nobody else's unsaved edit is in between: the import starts from the draft as it is now.
  const { revision } = getDraft(db, values.process);
  const result = await importXlsformFile(db, values.process, data, { revision, publish: values.publish }, null);
  for (const note of result.notes) console.log(`Note (${where(note)}): ${note.message}`);
  const draft = result.draft;
  const languages = draft.languages.map((language) => `${language.language} ${language.translated}/${language.total}`).join(', ');
  console.log(
    result.published === null
      ? `Imported into the draft of ${values.process} (revision ${draft.revision}, version ${draft.nextVersion} when published). Texts per language: ${languages}.`
      : `Published ${values.process} version ${result.published}. Texts per language: ${languages}.`,
  );
} catch (err) {
  if (!(err instanceof AppError)) throw err;
  console.error(err.message);
  // A form's issues name their sheet and row; a refusal of the draft (`draft_unchanged`, `draft_conflict`) names what it is about.
  if (Array.isArray(err.details)) {
    for (const issue of err.details as Array<XlsformIssue | { path: string; message: string }>) console.error(`  ${'sheet' in issue ? where(issue) : issue.path}: ${issue.message}`);
  }
  process.exitCode = 1;
} finally {
  closeDatabase(db);
}
