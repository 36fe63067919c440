import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AuditQuery } from '../../../shared/api/lifecycle.ts';
import { preparedQuery, type DbOrTx } from '../../../db/index.ts';
import { auditLog, contributions, users } from '../../../db/schema.ts';
import type { AuditAction, AuditEntity } from '../../../shared/audit.ts';

export interface AuditEntry {
  userId: number | null;
  action: AuditAction;
  entity: AuditEntity;
  entityId?: string | null;
  details?: unknown;
}

const entryColumns = {
  at: sql.placeholder('at'),
  userId: sql.placeholder('userId'),
  action: sql.placeholder('action'),
  entity: sql.placeholder('entity'),
  entityId: sql.placeholder('entityId'),
};
// Two statements: drizzle writes a placeholder's null into a JSON column as the text 'null'.
const insertWithDetails = preparedQuery((db) => db.insert(auditLog).values({ ...entryColumns, details: sql.placeholder('details') }).prepare());
const insertWithoutDetails = preparedQuery((db) => db.insert(auditLog).values(entryColumns).prepare());

/** The audit log is append-only (the database refuses updates and deletes). Prepared once: a stall sync writes an entry per slice. */
export function appendAudit(db: DbOrTx, entry: AuditEntry): void {
  const row = { at: new Date().toISOString(), userId: entry.userId, action: entry.action, entity: entry.entity, entityId: entry.entityId ?? null };
  if (entry.details === undefined || entry.details === null) insertWithoutDetails(db).run(row);
  else insertWithDetails(db).run({ ...row, details: entry.details });
}

/**
 * The entries of one process: about it (by id or by slug, as its entries name it), its survey and
 * draft, its contributions, what keeps its slug in `details.process` (measures, Leitziele, market
 * days, released results), and accounts created with it or given or taken it (`processes` in `details`, or in its `before` or `after`).
 */
function ofProcess(process: { id: string; slug: string }): SQL {
  return or(
    and(inArray(auditLog.entity, ['process', 'survey', 'survey_draft']), inArray(auditLog.entityId, [process.id, process.slug])),
    sql`json_extract(${auditLog.details}, '$.process') = ${process.slug}`,
    and(eq(auditLog.entity, 'contribution'), inArray(auditLog.entityId, sql`(select ${contributions.id} from ${contributions} where ${contributions.processId} = ${process.id})`)),
    and(
      eq(auditLog.entity, 'user'),
      or(...['$.processes', '$.before.processes', '$.after.processes'].map((path) => sql`exists (select 1 from json_each(${auditLog.details}, ${path}) where value = ${process.slug})`)),
    ),
  )!;
}

/**
 * A process that was deleted, as its deletion's entry (`process_deleted`) keeps it, so its
 * entries can still be filtered: its id (kept since the entry kept it; before that only the slug
 * finds its entries) and slug. The latest deletion if the slug was used again and deleted again.
 */
export function findDeletedProcess(db: DbOrTx, slug: string): { id: string; slug: string } | undefined {
  const row = db
    .select({ id: sql<string | null>`json_extract(${auditLog.details}, '$.processId')` })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'process_deleted'), eq(auditLog.entity, 'process'), eq(auditLog.entityId, slug)))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .get();
  return row ? { id: row.id ?? slug, slug } : undefined;
}

/** A page of the log, newest first, with the account names joined; filters combine with AND. `process` is the one `filter.process` names, looked up by the caller. */
export function listAudit(db: DbOrTx, filter: AuditQuery, process?: { id: string; slug: string }) {
  const conditions: SQL[] = [];
  if (filter.username) conditions.push(eq(users.username, filter.username));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.entity) conditions.push(eq(auditLog.entity, filter.entity));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (process) conditions.push(ofProcess(process));
  if (filter.from) conditions.push(gte(sql`substr(${auditLog.at}, 1, 10)`, filter.from));
  if (filter.to) conditions.push(lte(sql`substr(${auditLog.at}, 1, 10)`, filter.to));
  if (filter.before) conditions.push(lt(auditLog.id, filter.before));
  const rows = db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      userId: auditLog.userId,
      username: users.username,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1)
    .all();
  const more = rows.length > filter.limit;
  const entries = more ? rows.slice(0, filter.limit) : rows;
  return { entries, nextBefore: more ? (entries.at(-1)?.id ?? null) : null };
}

/** The distinct actions and entities in the log, for the filter pickers. */
export function auditVocabulary(db: DbOrTx) {
  const actions = db.selectDistinct({ value: auditLog.action }).from(auditLog).orderBy(auditLog.action).all();
  const entities = db.selectDistinct({ value: auditLog.entity }).from(auditLog).orderBy(auditLog.entity).all();
  // Each deleted process once (a slug used again and deleted again: its latest deletion), for the process picker.
  const deleted = db
    .select({ slug: auditLog.entityId, title: sql<string | null>`json_extract(${auditLog.details}, '$.title')` })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'process_deleted'), eq(auditLog.entity, 'process')))
    .orderBy(desc(auditLog.id))
    .all();
  const seen = new Set<string>();
  const deletedProcesses = deleted.flatMap((row) => (row.slug === null || seen.has(row.slug) ? [] : (seen.add(row.slug), [{ slug: row.slug, title: typeof row.title === 'string' ? row.title : null }])));
  return { actions: actions.map((row) => row.value), entities: entities.map((row) => row.value), deletedProcesses };
}
