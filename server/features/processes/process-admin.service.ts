import { parse } from 'csv-parse/sync';
import { cutWalSoon, type Db, type DbOrTx } from '../../../db/index.ts';
import { confirmsDeletion, type AdminProcess, type CreateProcessRequest, type DistrictInput, type ProcessDeletionPreview, type ProcessStatus, type ProcessStructure } from '../../../shared/api/process-admin.ts';
import { MAX_SHORT_TEXT_LENGTH, PLACE_OUTSIDE } from '../../../shared/domain.ts';
import slugify from '@sindresorhus/slugify';
import { AppError, badRequest, conflict } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import * as authRepo from '../auth/auth.repo.ts';
import { deleteContributionsOf } from '../contributions/contributions.repo.ts';
import { countQueue } from '../moderation/moderation.repo.ts';
import { deleteResponsesOf } from '../survey/survey.repo.ts';
import { checkRevision, revisionOf, structureOf } from './process-revision.ts';
import * as repo from './processes.repo.ts';
import { getProcess } from './processes.service.ts';

interface Counts {
  responses: number;
  contributions: number;
  awaitingReview?: number;
}

/**
 * Every process for the admin area, drafts and archived ones too, with how much each has heard
 * and, when asked (`awaitingReview`, the administration's start page), how many contributions wait
 * in its moderation queue. That count looks at the tags of every open contribution (about 0.8 s
 * for 300,000 of them on the busy development machine, from indexes only, `moderation-scale` in
 * BENCHMARKS.md), so the other pages that list the processes do not ask for it.
 */
export function listAdminProcesses(db: DbOrTx, options: { awaitingReview?: boolean } = {}): AdminProcess[] {
  const counts = repo.countVoices(db);
  return repo.listProcesses(db).map((row) => {
    const voices: Counts = counts.get(row.id) ?? { responses: 0, contributions: 0 };
    return present(db, row, options.awaitingReview ? { ...voices, awaitingReview: countQueue(db, row.id, { state: 'needs_review' }) } : voices);
  });
}

export function getAdminProcess(db: DbOrTx, slug: string): AdminProcess {
  const row = getProcess(db, slug);
  return present(db, row, repo.countVoicesOf(db, row.id));
}

/**
 * One process as its editor opens it: with the Stadtteile its data refers to, which the editor
 * offers no removing. Only this read looks them up; a save answers without them (it reads only
 * what it removes).
 */
export function getProcessForEditor(db: DbOrTx, slug: string): AdminProcess {
  const process = getAdminProcess(db, slug);
  const keys = new Set(process.structure.districts.flatMap((district) => district.stadtteile.map((stadtteil) => stadtteil.key)));
  return { ...process, stadtteilKeysInUse: repo.stadtteilKeysInUse(db, process.id).filter((key) => keys.has(key)) };
}

/** The editable structure, read through the public presenter so that both show the same tree, districts and phases. */
function present(db: DbOrTx, row: repo.ProcessRow, counts: Counts): AdminProcess {
  const structure = structureOf(db, row);
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    createdAt: row.createdAt,
    revision: revisionOf(structure),
    responses: counts.responses,
    contributions: counts.contributions,
    ...(counts.awaitingReview === undefined ? {} : { awaitingReview: counts.awaitingReview }),
    fieldKeysInUse: repo.fieldKeysInUse(db, row.id),
    structure,
  };
}

function rowOf(structure: ProcessStructure) {
  return {
    title: structure.title,
    description: structure.description,
    city: structure.city,
    languages: structure.languages,
    currentPhase: structure.currentPhase,
    opensOn: structure.opensOn,
    closesOn: structure.closesOn,
    suppressionThreshold: structure.suppressionThreshold,
    retentionUntil: structure.retentionUntil,
  };
}

/**
 * Creates a process with its structure. The client's id makes a resend harmless: the same id and
 * slug answer with the process as it is; a slug another process has is refused.
 */
export function createProcess(db: Db, input: CreateProcessRequest, actorId: number): { process: AdminProcess; created: boolean } {
  return db.transaction((tx) => {
    const existing = repo.findProcessBySlug(tx, input.slug);
    if (existing) {
      if (existing.id === input.id) return { process: getAdminProcess(tx, input.slug), created: false };
      throw conflict('slug_taken', `A process with the address ${input.slug} exists already`, [{ path: 'body.slug', message: 'taken' }]);
    }
    if (repo.findProcessById(tx, input.id)) throw conflict('id_taken', 'This id belongs to another process');
    repo.insertProcess(tx, { id: input.id, slug: input.slug, status: input.status, ...rowOf(input.structure) });
    repo.replaceProcessParts(tx, input.id, input.structure);
    appendAudit(tx, { userId: actorId, action: 'process_created', entity: 'process', entityId: input.slug, details: { status: input.status } });
    return { process: getAdminProcess(tx, input.slug), created: true };
  });
}

/**
 * Replaces a process's structure. Keys the data refers to (a field of action a contribution is
 * tagged with, a survey question belongs to or a working group's account holds, a Stadtteil a
 * response or note names) must stay; removing one is refused with the keys, and nothing changes.
 * A save naming the revision its page loaded is refused while another save came between.
 */
export function updateStructure(db: Db, slug: string, structure: ProcessStructure, actorId: number, revision?: string): AdminProcess {
  return db.transaction((tx) => {
    const process = getProcess(tx, slug);
    checkRevision(structureOf(tx, process), revision);
    const fieldKeys = new Set(structure.fieldsOfAction.flatMap((field) => [field.key, ...(field.children ?? []).map((child) => child.key)]));
    const stadtteilKeys = new Set(structure.districts.flatMap((district) => district.stadtteile.map((stadtteil) => stadtteil.key)));
    // Only the keys this save removes are looked up in the data (every write checks its keys against the structure).
    const before = repo.loadProcessParts(tx, process.id);
    const used = repo.keysInUse(tx, process.id, {
      fields: before.fields.map((field) => field.key).filter((key) => !fieldKeys.has(key)),
      stadtteile: before.stadtteile.map((stadtteil) => stadtteil.key).filter((key) => !stadtteilKeys.has(key) && key !== PLACE_OUTSIDE),
    });
    const missingFields = [...used.fields].sort();
    const missingStadtteile = [...used.stadtteile].sort();
    if (missingFields.length > 0 || missingStadtteile.length > 0) {
      throw conflict('keys_in_use', 'Fields of action or Stadtteile that responses, contributions, the survey or working groups’ accounts refer to cannot be removed', [
        ...(missingFields.length ? [{ path: 'body.fieldsOfAction', message: 'in use', keys: missingFields }] : []),
        ...(missingStadtteile.length ? [{ path: 'body.districts', message: 'in use', keys: missingStadtteile }] : []),
      ]);
    }
    repo.updateProcessRow(tx, process.id, rowOf(structure));
    repo.replaceProcessParts(tx, process.id, structure);
    appendAudit(tx, {
      userId: actorId,
      action: 'process_structure_updated',
      entity: 'process',
      entityId: slug,
      details: { phases: structure.phases.length, fields: fieldKeys.size, stadtteile: stadtteilKeys.size, languages: structure.languages, ...stadtteilChanges(before.stadtteile, structure.districts) },
    });
    return getAdminProcess(tx, slug);
  });
}

/**
 * Which Stadtteile a save adds, renames (by key: the key stays, the name changes) or removes, by
 * their German names, for the audit log; only the kinds that happened.
 */
function stadtteilChanges(before: ReadonlyArray<{ key: string; name: string }>, districts: ProcessStructure['districts']) {
  const after = new Map(districts.flatMap((district) => district.stadtteile.map((stadtteil) => [stadtteil.key, stadtteil.name] as const)));
  const old = new Map(before.map((stadtteil) => [stadtteil.key, stadtteil.name] as const));
  const added = [...after].filter(([key]) => !old.has(key)).map(([, name]) => name);
  const renamed = [...after].filter(([key, name]) => old.has(key) && old.get(key) !== name).map(([key, name]) => `${old.get(key)} → ${name}`);
  const removed = [...old].filter(([key]) => !after.has(key)).map(([, name]) => name);
  return {
    ...(added.length ? { stadtteileAdded: added } : {}),
    ...(renamed.length ? { stadtteileRenamed: renamed } : {}),
    ...(removed.length ? { stadtteileRemoved: removed } : {}),
  };
}

/** Publishes, archives or takes a process back to draft; audited. */
export function setStatus(db: Db, slug: string, status: ProcessStatus, actorId: number): AdminProcess {
  return db.transaction((tx) => {
    const process = getProcess(tx, slug);
    if (process.status !== status) {
      repo.updateProcessRow(tx, process.id, { status });
      appendAudit(tx, { userId: actorId, action: 'process_status_changed', entity: 'process', entityId: slug, details: { from: process.status, to: status } });
    }
    return getAdminProcess(tx, slug);
  });
}

/**
 * What deleting a process removes and who loses it: its counts, the working groups' accounts
 * scoped to it, and whether it is refused now. A public process residents have taken part in
 * (responses, voices, dot votes) is refused: it is archived first, which takes it off the start
 * page and closes its survey, so nobody is answering while it goes. A draft, an archived process
 * and a public one nobody has answered yet (the seeded default on a new city's install) may go.
 */
export function previewDeletion(db: DbOrTx, slug: string): ProcessDeletionPreview {
  const process = getProcess(db, slug);
  const counts = repo.countProcessData(db, process.id);
  const heard = counts.responses + counts.contributions + counts.dotVotes > 0;
  return {
    slug: process.slug,
    title: process.title.de,
    status: process.status,
    counts,
    workingGroups: authRepo.listUsersScopedTo(db, slug).map((user) => ({ username: user.username, displayName: user.displayName, onlyThis: user.processes.length === 1 })),
    refusal: process.status === 'public' && heard ? 'process_public' : null,
  };
}

/**
 * Deletes a process and everything it holds in one transaction, after the admin typed its slug or
 * German title (400 `confirmation_mismatch` otherwise; 409 `process_public` while it is refused; 404
 * once it is gone). Working groups' accounts lose it from their processes, and fields of action no
 * remaining process has. The audit log keeps one entry with the title, the counts and the accounts,
 * nothing residents said; its earlier entries stay as they are (it is append-only).
 */
export async function deleteProcess(db: Db, slug: string, confirmation: string, actorId: number): Promise<void> {
  db.transaction((tx) => {
    const preview = previewDeletion(tx, slug);
    if (!confirmsDeletion(confirmation, preview)) {
      throw badRequest('confirmation_mismatch', `Type the process's address (${preview.slug}) or its German title to delete it`, [{ path: 'body.confirmation', message: 'does not name the process' }]);
    }
    if (preview.refusal) throw conflict(preview.refusal, 'Residents have taken part in this public process: archive it first, then delete it');
    const scoped = authRepo.listUsersScopedTo(tx, slug);
    const processId = getProcess(tx, slug).id;
    // The voices and the responses first, each by its owner: their triggers and cascades clean the search index, answers and receipts.
    deleteContributionsOf(tx, processId);
    deleteResponsesOf(tx, processId);
    repo.deleteProcessRow(tx, processId);
    const knownFields = repo.listFieldKeys(tx);
    for (const user of scoped) {
      authRepo.updateUser(tx, user.id, { processes: user.processes.filter((other) => other !== slug), fieldsOfAction: user.fieldsOfAction.filter((key) => knownFields.has(key)) });
    }
    appendAudit(tx, {
      userId: actorId,
      action: 'process_deleted',
      entity: 'process',
      entityId: slug,
      // The id too: entries that name the process by it (its exports, its survey) are named by this title once it is gone.
      details: { processId, title: preview.title, status: preview.status, deleted: preview.counts, workingGroups: scoped.map((user) => user.username) },
    });
  });
  // The WAL's older frames still hold the deleted texts: cut it before answering rather than when SQLite writes over them.
  await cutWalSoon(db);
}

const HEADERS = {
  nr: ['nummer', 'nr', 'number', 'stadtteil-nr', 'stadtteilnummer'],
  name: ['name', 'stadtteil', 'stadtteilname'],
  district: ['bezirk', 'district', 'stadtbezirk', 'statistischer bezirk'],
  districtNr: ['bezirk-nr', 'bezirksnummer', 'district_number', 'district-nr', 'bezirk nr'],
  variants: ['schreibweisen', 'variants', 'name_variants', 'andere namen'],
} as const;

type Column = keyof typeof HEADERS;
/** How the first line names a column, for the messages. */
const COLUMN_NAMES: Record<Column, string> = { nr: 'Nummer', name: 'Name', district: 'Bezirk', districtNr: 'Bezirk-Nr', variants: 'Schreibweisen' };
/**
 * A line of the CSV that needs a correction: `message` in English (the API's language), `code`
 * and `values` for the admin area to say it in the admin's language.
 */
interface LineProblem {
  line: number;
  code: 'unreadable' | 'empty' | 'columns_missing' | 'values_missing' | 'value_too_long' | 'number_twice' | 'no_key' | 'name_twice' | 'district_number' | 'no_rows';
  message: string;
  values?: Record<string, string>;
}

/**
 * Reads Stadtteile from a CSV as a city's statistics office gives it: one row per Stadtteil with
 * its number, name and statistical district (by name, optionally with the district's number),
 * comma or semicolon separated, UTF-8 with or without BOM. Every problem is reported with its line;
 * nothing is half-read.
 */
export function parseStadtteileCsv(text: string): DistrictInput[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: [';', ',', '\t'], skip_empty_lines: true, trim: true, relax_column_count: true, max_record_size: 10_000 }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw badRequest('invalid_csv', `The file is not readable as CSV${line ? ` (line ${line})` : ''}`, [{ line: line ?? 1, code: 'unreadable', message: (err as Error).message } satisfies LineProblem]);
  }
  const [header, ...rows] = records;
  if (!header) throw badRequest('invalid_csv', 'The file is empty', [{ line: 1, code: 'empty', message: 'empty' } satisfies LineProblem]);
  const index = {} as Partial<Record<Column, number>>;
  header.forEach((cell, at) => {
    const name = cell.toLowerCase().replace(/\s+/g, ' ').trim();
    for (const [column, names] of Object.entries(HEADERS) as Array<[Column, readonly string[]]>) if (names.includes(name) && index[column] === undefined) index[column] = at;
  });
  const missing = (['nr', 'name', 'district'] as const).filter((column) => index[column] === undefined);
  if (missing.length > 0) {
    throw badRequest('invalid_csv', `The first line must name the columns Nummer, Name and Bezirk; missing: ${missing.join(', ')}`, [{ line: 1, code: 'columns_missing', message: `missing columns: ${missing.join(', ')}`, values: { columns: missing.map((column) => COLUMN_NAMES[column]).join(', ') } } satisfies LineProblem]);
  }
  const problems: LineProblem[] = [];
  const districts = new Map<string, DistrictInput>();
  const keys = new Set<string>();
  const numbers = new Set<string>();
  rows.forEach((row, at) => {
    const line = at + 2;
    const cell = (column: Column) => (index[column] === undefined ? '' : (row[index[column]!] ?? '').trim());
    const nr = cell('nr');
    const name = cell('name');
    const districtName = cell('district');
    if (!nr || !name || !districtName) {
      problems.push({ line, code: 'values_missing', message: 'Nummer, Name and Bezirk are all needed' });
      return;
    }
    if (nr.length > 16 || name.length > MAX_SHORT_TEXT_LENGTH || districtName.length > MAX_SHORT_TEXT_LENGTH) {
      problems.push({ line, code: 'value_too_long', message: 'a value is too long' });
      return;
    }
    if (numbers.has(nr)) problems.push({ line, code: 'number_twice', message: `Stadtteil number ${nr} appears twice`, values: { nr } });
    numbers.add(nr);
    const key = slugify(name);
    if (!key) {
      problems.push({ line, code: 'no_key', message: `no key can be made from the name ${name}`, values: { name } });
      return;
    }
    if (keys.has(key)) problems.push({ line, code: 'name_twice', message: `Stadtteil ${name} appears twice`, values: { name } });
    keys.add(key);
    let district = districts.get(districtName);
    if (!district) {
      const given = cell('districtNr');
      const districtNr = given ? Number(given) : districts.size + 1;
      if (!Number.isInteger(districtNr) || districtNr < 0 || districtNr > 9999) {
        problems.push({ line, code: 'district_number', message: `the district number ${given} is not a whole number`, values: { value: given } });
        return;
      }
      district = { key: slugify(districtName) || `bezirk-${districtNr}`, nr: districtNr, name: districtName, stadtteile: [] };
      districts.set(districtName, district);
    }
    const variants = cell('variants')
      .split('|')
      .map((variant) => variant.trim())
      .filter(Boolean);
    district.stadtteile.push({ key, nr, name, ...(variants.length ? { nameVariants: variants } : {}) });
  });
  if (rows.length === 0) problems.push({ line: 2, code: 'no_rows', message: 'no Stadtteile below the header' });
  if (problems.length > 0) {
    throw new AppError(400, 'invalid_csv', `${problems.length} ${problems.length === 1 ? 'line needs' : 'lines need'} a correction`, problems);
  }
  return [...districts.values()];
}
