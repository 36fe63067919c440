import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { districts, fieldsOfAction, phases, processes, stadtteile } from '../../../db/schema.ts';

export type ProcessRow = typeof processes.$inferSelect;

export function listProcesses(db: DbOrTx): ProcessRow[] {
  return db.select().from(processes).orderBy(asc(processes.createdAt)).all();
}

export function findProcessBySlug(db: DbOrTx, slug: string): ProcessRow | undefined {
  return db.select().from(processes).where(eq(processes.slug, slug)).get();
}

export function loadProcessParts(db: DbOrTx, processId: string) {
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

export type ProcessParts = ReturnType<typeof loadProcessParts>;

export function updateProcess(db: DbOrTx, id: string, patch: Partial<Pick<ProcessRow, 'currentPhase' | 'opensOn' | 'closesOn' | 'suppressionThreshold' | 'retentionUntil'>>): void {
  db.update(processes).set(patch).where(eq(processes.id, id)).run();
}
