/**
 * `npm run population:import -- --process SLUG --file FILE.csv [--source TEXT] [--date YYYY-MM-DD] [--licence TEXT]`
 * Replaces the process's population figures per Stadtteil with a CSV's (what the admin page's
 * upload does), in one transaction, audited. Source, reference date and licence come from the
 * options or from the file's `# Quelle: …`, `# Stichtag: …`, `# Lizenz: …` lines. An inconsistent
 * file is refused whole, every problem named with its line (exit code 1).
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configOrExit, openDatabaseOrExit, readOptions } from './_cli.ts';
import { closeDatabase } from '../db/index.ts';
import { AppError } from '../server/errors.ts';
import { importPopulation } from '../server/features/population/population.service.ts';
import { MAX_POPULATION_CSV_LENGTH, populationImportSchema } from '../shared/api/population.ts';

const USAGE = 'Usage: npm run population:import -- --process SLUG --file FILE.csv [--source TEXT] [--date YYYY-MM-DD] [--licence TEXT]';
const { values } = readOptions(USAGE, (args) => parseArgs({
  args,
  options: { process: { type: 'string' }, file: { type: 'string' }, source: { type: 'string' }, date: { type: 'string' }, licence: { type: 'string' } },
}));
if (!values.process || !values.file) {
  console.error(USAGE);
  process.exit(2);
}

let csv: string;
try {
  if (statSync(values.file).size > MAX_POPULATION_CSV_LENGTH * 4) throw new Error('too large for a table of Stadtteile');
  csv = readFileSync(values.file, 'utf8');
} catch (err) {
  console.error(`Cannot read ${values.file}: ${(err as Error).message}`);
  process.exit(2);
}

if (csv.trim() === '') {
  console.error(`${values.file} is empty; it needs a header line (Stadtteil;Einwohner) and a line per Stadtteil.`);
  process.exit(1);
}
const input = populationImportSchema.safeParse({ csv, source: values.source, referenceDate: values.date, licence: values.licence });
if (!input.success) {
  // Named by the option the operator typed, not by the API's field.
  const option: Record<string, string> = { csv: '--file', source: '--source', referenceDate: '--date', licence: '--licence' };
  for (const issue of input.error.issues) console.error(`${option[String(issue.path[0])] ?? 'input'}: ${issue.message}`);
  process.exit(2);
}

const db = openDatabaseOrExit(configOrExit().DATABASE_PATH);
try {
  const result = importPopulation(db, values.process, input.data, null);
  const parts = Object.entries(result.dimensions)
    .filter(([, count]) => count > 0)
    .map(([dimension, count]) => `${dimension} for ${count}`)
    .join(', ');
  console.log(
    `Imported ${result.population} residents in ${result.imported} Stadtteile of ${values.process} (${result.source}, ${result.referenceDate}, ${result.licence})` +
      `${parts ? `; parts: ${parts}` : ''}.`,
  );
  if (result.withoutFigures.length > 0) console.log(`Without figures now: ${result.withoutFigures.join(', ')}.`);
} catch (err) {
  if (!(err instanceof AppError)) throw err;
  console.error(err.message);
  if (Array.isArray(err.details)) {
    for (const problem of err.details as Array<{ line?: number; field?: string; message: string }>) {
      console.error(`  ${problem.line !== undefined ? `line ${problem.line}` : problem.field}: ${problem.message}`);
    }
  }
  process.exitCode = err.statusCode === 404 ? 3 : 1;
} finally {
  closeDatabase(db);
}
