/**
 * `npm run export -- --process SLUG [--field KEY] [--district KEY] [--stadtteil KEY] [--channel CHANNEL] [--language CODE] [--band QUESTION:OPTION] [--user NAME]
 *   --format csv|xlsx|pdf|zip|responses.xlsx|responses.zip --out FILE`
 *
 * The same export files as the Auswertung's download buttons, written to a file on the server
 * (DATABASE_PATH as for `npm start`). With `--user`, that account's scope applies exactly as on
 * the web (a working group gets its fields only; another field is refused); without it, the
 * whole process as an admin sees it. `responses.*` is the admins' response-level data with its
 * codebook. The respondent filters narrow the file as the Auswertung's „Befragte eingrenzen“ narrows
 * its downloads, and the file says so. Each run writes one audit-log row (via "cli") with the file's SHA-256, and prints it.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { configOrExit, openDatabaseOrExit, outFileOrExit, readOptions } from './_cli.ts';
import { z } from 'zod';
import { closeDatabase } from '../db/index.ts';
import { EXPORT_FORMATS, exportFilterSchema } from '../shared/api/results.ts';
import { AppError } from '../server/errors.ts';
import { findUserByUsername } from '../server/features/auth/auth.repo.ts';
import { CLI_OPERATOR } from '../server/features/auth/operator.ts';
import { getProcess } from '../server/features/processes/processes.service.ts';
import { HashingStream, recordExport } from '../server/features/results/results.audit.ts';
import { prepareExport, type ExportRequest } from '../server/features/results/results.export-run.ts';
import { RESPONSE_FORMATS } from '../server/features/results/results.response-exports.ts';
import { createReadPool } from '../server/read-worker/pool.ts';

const USAGE =
  'Usage: npm run export -- --process SLUG [--field KEY] [--district KEY] [--stadtteil KEY] [--channel CHANNEL] [--language CODE] [--band QUESTION:OPTION] [--user NAME] --format csv|xlsx|pdf|zip|responses.xlsx|responses.zip --out FILE';

const FORMATS = [...EXPORT_FORMATS, ...RESPONSE_FORMATS.map((format) => `responses.${format}` as const)] as const;

const { values } = readOptions(USAGE, (args) => parseArgs({
  args,
  options: {
    process: { type: 'string' },
    field: { type: 'string' },
    district: { type: 'string' },
    stadtteil: { type: 'string' },
    channel: { type: 'string' },
    language: { type: 'string' },
    band: { type: 'string' },
    user: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  },
}));
const args = z.strictObject({ process: z.string().min(1), user: z.string().min(1).optional(), format: z.enum(FORMATS), out: z.string().min(1) }).safeParse({
  process: values.process,
  user: values.user,
  format: values.format,
  out: values.out,
});
const filter = exportFilterSchema.safeParse({ field: values.field, district: values.district, stadtteil: values.stadtteil, channel: values.channel, language: values.language, band: values.band });
if (!args.success || !filter.success) {
  console.error(USAGE);
  for (const issue of [...(args.error?.issues ?? []), ...(filter.error?.issues ?? [])]) console.error(`  --${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
}

outFileOrExit(args.data.out);
const config = configOrExit();
const db = openDatabaseOrExit(config.DATABASE_PATH);
const reads = createReadPool(db, { size: 0 });
const partial = `${args.data.out}.partial`;
try {
  const named = args.data.user ? findUserByUsername(db, args.data.user) : undefined;
  if (args.data.user && (!named || named.disabledAt)) throw new AppError(404, 'not_found', `No active account ${args.data.user}`);
  if (named && named.role === 'staff') throw new AppError(403, 'forbidden', `${named.username} is staff; results are for working groups and admins`);
  const user = named ?? CLI_OPERATOR;
  const process_ = getProcess(db, args.data.process);
  const format = args.data.format;
  const request: ExportRequest = format.startsWith('responses.')
    ? { table: 'responses', format: format.slice('responses.'.length) as (typeof RESPONSE_FORMATS)[number] }
    : { table: 'results', format: format as (typeof EXPORT_FORMATS)[number], filter: filter.data };
  const prepared = await prepareExport(reads, process_, user, request);
  const tap = new HashingStream();
  await Promise.all([prepared.write(tap), pipeline(tap, createWriteStream(partial))]);
  renameSync(partial, args.data.out);
  const sha256 = tap.digest();
  recordExport(db, {
    userId: named?.id ?? null,
    username: named?.username ?? null,
    processId: process_.id,
    via: 'cli',
    format: prepared.auditFormat,
    filename: prepared.filename,
    filter: prepared.filter,
    rows: prepared.rowCount(),
    bytes: tap.bytes,
    sha256,
    completed: true,
  });
  console.log(`${args.data.out}: ${tap.bytes} bytes, ${prepared.rowCount()} rows, sha256 ${sha256}`);
} catch (error) {
  rmSync(partial, { force: true });
  if (error instanceof AppError) {
    console.error(`${error.code}: ${error.message}`);
    process.exitCode = error.statusCode === 403 ? 3 : 2;
  } else {
    throw error;
  }
} finally {
  await reads.close();
  closeDatabase(db);
}
