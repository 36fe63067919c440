/**
 * `npm run concept -- --process SLUG --out FILE.docx`
 *
 * The concept draft for the council as a Word document, from the database at DATABASE_PATH (as
 * for `npm start`): the same figures as the Auswertung, suppressed and masked, as an admin sees
 * them. The admin area offers the same file as a download. Each run writes one audit-log row
 * (via "cli") with the file's SHA-256, and prints it.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configOrExit, openDatabaseOrExit, outFileOrExit, readOptions } from './_cli.ts';
import { z } from 'zod';
import { closeDatabase } from '../db/index.ts';
import { AppError } from '../server/errors.ts';
import { buildConcept, recordConcept } from '../server/features/concept/concept.service.ts';
import { getProcess } from '../server/features/processes/processes.service.ts';
import { createReadPool } from '../server/read-worker/pool.ts';

const USAGE = 'Usage: npm run concept -- --process SLUG --out FILE.docx';

const { values } = readOptions(USAGE, (args) => parseArgs({ args, options: { process: { type: 'string' }, out: { type: 'string' } } }));
const args = z.strictObject({ process: z.string().min(1), out: z.string().min(1) }).safeParse(values);
if (!args.success) {
  console.error(USAGE);
  for (const issue of args.error.issues) console.error(`  --${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
}

outFileOrExit(args.data.out);
const config = configOrExit();
const db = openDatabaseOrExit(config.DATABASE_PATH);
const reads = createReadPool(db, { size: 0 });
const partial = `${args.data.out}.partial`;
try {
  const process_ = getProcess(db, args.data.process);
  const concept = await buildConcept(reads, process_, null);
  writeFileSync(partial, concept.bytes);
  renameSync(partial, args.data.out);
  const sha256 = recordConcept(db, process_, null, 'cli', concept);
  console.log(`${args.data.out}: ${concept.bytes.length} bytes, sha256 ${sha256}`);
} catch (error) {
  rmSync(partial, { force: true });
  if (error instanceof AppError) {
    console.error(`${error.code}: ${error.message}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
} finally {
  await reads.close();
  closeDatabase(db);
}
