import { and, asc, eq, notInArray, sql, type SQL } from 'drizzle-orm';
import { cached } from '../../../db/cache.ts';
import { preparedQuery, type DbOrTx } from '../../../db/index.ts';
import { districts, fieldsOfAction, phases, populationGroups, processes, stadtteile } from '../../../db/schema.ts';
import type { ProcessDeletionCounts, ProcessStructure } from '../../../shared/api/process-admin.ts';

export type ProcessRow = typeof processes.$inferSelect;

/** Oldest first, archived ones after the others: the next city's processes come before the seeded default it archived. */
export function listProcesses(db: DbOrTx): ProcessRow[] {
  return db.select().from(processes).orderBy(sql`${processes.status} = 'archived'`, asc(processes.createdAt)).all();
}

const processBySlug = preparedQuery((db) => db.select().from(processes).where(eq(processes.slug, sql.placeholder('slug'))).prepare());
const processById = preparedQuery((db) => db.select().from(processes).where(eq(processes.id, sql.placeholder('id'))).prepare());

/** Kept in memory until an admin changes a process (db/cache.ts); the row is frozen. */
export function findProcessBySlug(db: DbOrTx, slug: string): ProcessRow | undefined {
  return cached(db, ['process'], `process-slug:${slug}`, () => processBySlug(db).get({ slug }));
}

export function findProcessById(db: DbOrTx, id: string): ProcessRow | undefined {
  return cached(db, ['process'], `process-id:${id}`, () => processById(db).get({ id }));
}

/** A process's phases, fields of action, districts and Stadtteile; kept in memory until an admin changes them (db/cache.ts). */
export function loadProcessParts(db: DbOrTx, processId: string): ProcessParts {
  return cached(db, ['process'], `process-parts:${processId}`, () => readProcessParts(db, processId));
}

function readProcessParts(db: DbOrTx, processId: string) {
  return {
    phases: db.select().from(phases).where(eq(phases.processId, processId)).orderBy(asc(phases.nr)).all(),
    fields: db.select().from(fieldsOfAction).where(eq(fieldsOfAction.processId, processId)).orderBy(asc(fieldsOfAction.sortOrder)).all(),
    districts: db.select().from(districts).where(eq(districts.processId, processId)).orderBy(asc(districts.nr)).all(),
    stadtteile: db.select().from(stadtteile).where(eq(stadtteile.processId, processId)).orderBy(asc(stadtteile.nr)).all(),
  };
}
/** Every field of action of every process, in each process's order: accounts are given keys from these. */
export function listAllFields(db: DbOrTx) {
  return db.select().from(fieldsOfAction).orderBy(asc(fieldsOfAction.processId), asc(fieldsOfAction.sortOrder)).all();
}

export function listFieldKeys(db: DbOrTx): Set<string> {
  return new Set(db.selectDistinct({ key: fieldsOfAction.key }).from(fieldsOfAction).all().map((row) => row.key));
}

export type ProcessParts = ReturnType<typeof readProcessParts>;

export function updateProcess(db: DbOrTx, id: string, patch: Partial<Pick<ProcessRow, 'currentPhase' | 'opensOn' | 'closesOn' | 'suppressionThreshold' | 'retentionUntil'>>): void {
  db.update(processes).set(patch).where(eq(processes.id, id)).run();
}

/** A new process row; its parts follow with `replaceProcessParts`. */
export function insertProcess(db: DbOrTx, row: typeof processes.$inferInsert): void {
  db.insert(processes).values(row).run();
}

export function updateProcessRow(db: DbOrTx, id: string, patch: Partial<Omit<ProcessRow, 'id' | 'slug' | 'createdAt'>>): void {
  db.update(processes).set(patch).where(eq(processes.id, id)).run();
}

/**
 * Replaces phases, fields of action, districts and Stadtteile of a process with those given, in
 * the given order. A Stadtteil that stays (same key) keeps its population figures and their source
 * (its parts in `population_groups` are keyed by it and stay too); a removed one's parts go with it.
 */
export function replaceProcessParts(db: DbOrTx, processId: string, parts: Pick<ProcessStructure, 'phases' | 'fieldsOfAction' | 'districts'>): void {
  const population = new Map(
    db.select().from(stadtteile).where(eq(stadtteile.processId, processId)).all().map((row) => [row.key, row] as const),
  );
  db.delete(phases).where(eq(phases.processId, processId)).run();
  db.delete(fieldsOfAction).where(eq(fieldsOfAction.processId, processId)).run();
  db.delete(stadtteile).where(eq(stadtteile.processId, processId)).run();
  db.delete(districts).where(eq(districts.processId, processId)).run();
  parts.phases.forEach((phase, index) => {
    db.insert(phases)
      .values({ processId, nr: index + 1, title: phase.title, description: phase.description ?? null, startsOn: phase.startsOn ?? null, endsOn: phase.endsOn ?? null })
      .run();
  });
  let order = 0;
  for (const field of parts.fieldsOfAction) {
    db.insert(fieldsOfAction).values({ processId, key: field.key, parentKey: null, label: field.label, description: field.description ?? null, sortOrder: order++ }).run();
    for (const child of field.children ?? []) {
      db.insert(fieldsOfAction).values({ processId, key: child.key, parentKey: field.key, label: child.label, description: child.description ?? null, sortOrder: order++ }).run();
    }
  }
  const kept = parts.districts.flatMap((district) => district.stadtteile.map((stadtteil) => stadtteil.key));
  db.delete(populationGroups)
    .where(and(eq(populationGroups.processId, processId), kept.length > 0 ? notInArray(populationGroups.stadtteilKey, kept) : undefined))
    .run();
  for (const district of parts.districts) {
    const row = db.insert(districts).values({ processId, key: district.key, nr: district.nr, name: district.name }).returning({ id: districts.id }).get();
    for (const stadtteil of district.stadtteile) {
      const before = population.get(stadtteil.key);
      db.insert(stadtteile)
        .values({
          processId,
          districtId: row.id,
          key: stadtteil.key,
          nr: stadtteil.nr,
          name: stadtteil.name,
          nameVariants: stadtteil.nameVariants ?? before?.nameVariants ?? [],
          population: before?.population ?? null,
          populationStatus: before?.populationStatus ?? null,
          populationSource: before?.populationSource ?? null,
          populationDate: before?.populationDate ?? null,
          populationLicence: before?.populationLicence ?? null,
        })
        .run();
    }
  }
}

/**
 * The query of `fieldKeysInUse`: each of the process's fields asked on its own, from the tags with
 * its key (`tags_field`) to their contribution, never by walking the process's contributions:
 * the admin list asks it for every process on every admin page, beside the survey writes.
 * Accounts count as use too: a working group reads a process's results through the keys its
 * account holds (users are few, so reading their lists per field is cheap). With `only`, just
 * those of the process's fields are asked.
 */
export const fieldKeysInUseQuery = (processId: string, only?: readonly string[]): SQL => sql`
  select f.key as key from fields_of_action f where f.process_id = ${processId}
  ${only ? sql`and f.key in (select value from json_each(${JSON.stringify(only)}))` : sql``} and (
    exists (select 1 from contribution_tags t cross join contributions c where t.field_key = f.key and c.id = t.contribution_id and c.process_id = f.process_id)
    or exists (select 1 from measures m where m.process_id = f.process_id and m.field_key = f.key)
    or exists (select 1 from guiding_goals g where g.process_id = f.process_id and g.field_key = f.key)
    or exists (select 1 from users u, json_each(u.fields_of_action) a where a.value = f.key)
    or f.key in (select json_extract(q.value, '$.fieldOfAction') from surveys s, json_each(s.definition, '$.sections') sec, json_each(sec.value, '$.questions') q
      where s.process_id = ${processId}))
  order by f.key`;

/**
 * Keys of the process's fields of action that contributions, a survey version, measures, guiding
 * goals or accounts (a working group's fields) refer to, sorted.
 */
export function fieldKeysInUse(db: DbOrTx, processId: string): string[] {
  return db.all<{ key: string }>(fieldKeysInUseQuery(processId)).map((row) => row.key);
}

/**
 * Which of `keys` — fields of action and Stadtteile of the process that a new structure leaves
 * out — the process's data refers to: they cannot be removed. A field an account holds counts
 * too: renamed, its working group would lose the process's results (`no_field_in_process`).
 * Only these keys are asked, each on its own (fields as `fieldKeysInUse` asks them), so a save
 * costs what it removes, not what the process holds: one that removes nothing reads no voice.
 */
export function keysInUse(db: DbOrTx, processId: string, keys: { fields: readonly string[]; stadtteile: readonly string[] }): { fields: Set<string>; stadtteile: Set<string> } {
  const found = (query: SQL) => new Set(db.all<{ key: string }>(query).map((row) => row.key));
  return {
    fields: keys.fields.length === 0 ? new Set() : found(fieldKeysInUseQuery(processId, keys.fields)),
    stadtteile:
      keys.stadtteile.length === 0
        ? new Set()
        : found(sql`
      select k.value as key from json_each(${JSON.stringify(keys.stadtteile)}) k where
        exists (select 1 from responses r where r.process_id = ${processId} and r.stadtteil_key = k.value)
        or exists (select 1 from contributions c where c.process_id = ${processId} and c.stadtteil_key = k.value)
        or exists (select 1 from market_days d where d.process_id = ${processId} and d.stadtteil_key = k.value)
        or exists (select 1 from measures m, json_each(m.stadtteil_keys) j where m.process_id = ${processId} and j.value = k.value)
        or exists (select 1 from posters p where p.process_id = ${processId} and p.stadtteil_key = k.value)`),
  };
}

/**
 * Every Stadtteil key of the process that its responses, contributions, market days, measures or
 * posters name, sorted: the editor offers no removing these. One pass over each table's rows of the
 * process (for the notes, which have no index by Stadtteil, one read of the process's notes), not
 * one per Stadtteil as `keysInUse` asks the few a save drops.
 */
export function stadtteilKeysInUse(db: DbOrTx, processId: string): string[] {
  return db
    .all<{ key: string }>(
      sql`
      select stadtteil_key as key from responses where process_id = ${processId} and stadtteil_key is not null
      union select stadtteil_key from contributions where process_id = ${processId} and stadtteil_key is not null
      union select stadtteil_key from market_days where process_id = ${processId} and stadtteil_key is not null
      union select j.value from measures m, json_each(m.stadtteil_keys) j where m.process_id = ${processId}
      union select stadtteil_key from posters where process_id = ${processId} and stadtteil_key is not null
      order by 1`,
    )
    .map((row) => row.key);
}

/** The responses and contributions of one process, counted along its own ranges of the process indexes only. */
export function countVoicesOf(db: DbOrTx, processId: string): { responses: number; contributions: number } {
  return db.get<{ responses: number; contributions: number }>(sql`
    select (select count(*) from responses where process_id = ${processId}) as responses,
      (select count(*) from contributions where process_id = ${processId}) as contributions`);
}

/** Responses and contributions per process id, for the admin list. */
export function countVoices(db: DbOrTx): Map<string, { responses: number; contributions: number }> {
  const rows = db.all<{ id: string; responses: number; contributions: number }>(sql`
    select p.id as id,
      (select count(*) from responses r where r.process_id = p.id) as responses,
      (select count(*) from contributions c where c.process_id = p.id) as contributions
    from processes p`);
  return new Map(rows.map((row) => [row.id, { responses: row.responses, contributions: row.contributions }]));
}

/** What a process holds that its deletion removes (shared/api/process-admin.ts, `processDeletionCountsSchema`). */
export function countProcessData(db: DbOrTx, processId: string): ProcessDeletionCounts {
  return db.get<ProcessDeletionCounts>(sql`
    select (select count(*) from responses where process_id = ${processId}) as responses,
      (select count(*) from contributions where process_id = ${processId}) as contributions,
      (select count(*) from dot_votes where market_day_id in (select id from market_days where process_id = ${processId})) as dotVotes,
      (select count(*) from market_days where process_id = ${processId}) as marketDays,
      (select count(*) from posters where process_id = ${processId}) as posters,
      (select count(*) from measures where process_id = ${processId}) as measures,
      (select count(*) from guiding_goals where process_id = ${processId}) as guidingGoals,
      (select count(*) from result_snapshots where process_id = ${processId}) as snapshots,
      (select count(*) from surveys where process_id = ${processId}) as surveyVersions`);
}

/**
 * Deletes the process row, inside the caller's transaction, after its voices and responses
 * (`deleteProcess`): its `ON DELETE CASCADE` takes the rest (market days with their dot votes,
 * posters, survey versions and the draft, structure, population figures, measures with their
 * history, Leitziele, snapshots, the cite counter, the suggester's model).
 */
export function deleteProcessRow(db: DbOrTx, processId: string): void {
  db.delete(processes).where(eq(processes.id, processId)).run();
}
