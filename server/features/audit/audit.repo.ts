import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { auditLog } from '../../../db/schema.ts';

export interface AuditEntry {
  userId: number | null;
  action: string;
  entity: string;
  entityId?: string | null;
  details?: unknown;
}

/** The audit log is append-only (the database refuses updates and deletes). */
export function appendAudit(db: DbOrTx, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({
      at: new Date().toISOString(),
      userId: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      details: entry.details ?? null,
    })
    .run();
}

export function listAudit(db: DbOrTx, filter: { entity?: string; entityId?: string; limit: number }) {
  const query = db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(filter.limit);
  if (filter.entity && filter.entityId) {
    return query.where(eq(auditLog.entityId, filter.entityId)).all().filter((row) => row.entity === filter.entity);
  }
  return query.all();
}
