import { asc, eq, sql } from 'drizzle-orm';
import { cached } from '../../../db/cache.ts';
import { preparedQuery, type DbOrTx } from '../../../db/index.ts';
import { districts, fieldsOfAction, phases, processes, stadtteile } from '../../../db/schema.ts';

export type ProcessRow = typeof processes.$inferSelect;

export function listProcesses(db: DbOrTx): ProcessRow[] {
  return db.select().from(processes).orderBy(asc(processes.createdAt)).all();
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
