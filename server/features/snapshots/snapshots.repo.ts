import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { resultSnapshots, users } from '../../../db/schema.ts';

export type SnapshotRow = typeof resultSnapshots.$inferSelect;

export function insertSnapshot(db: DbOrTx, row: typeof resultSnapshots.$inferInsert): void {
  db.insert(resultSnapshots).values(row).run();
}

export function findSnapshot(db: DbOrTx, processId: string, id: string): SnapshotRow | undefined {
  return db
    .select()
    .from(resultSnapshots)
    .where(and(eq(resultSnapshots.processId, processId), eq(resultSnapshots.id, id)))
    .get();
}

/** Any process's snapshot with this id (a client UUID is unique across processes). */
export function findSnapshotById(db: DbOrTx, id: string): SnapshotRow | undefined {
  return db.select().from(resultSnapshots).where(eq(resultSnapshots.id, id)).get();
}

/** Newest first; `released` leaves the withdrawn ones out. */
export function listSnapshots(db: DbOrTx, processId: string, only: 'released' | 'all') {
  return db
    .select({ snapshot: resultSnapshots, releasedBy: users.username })
    .from(resultSnapshots)
    .leftJoin(users, eq(users.id, resultSnapshots.releasedBy))
    .where(and(eq(resultSnapshots.processId, processId), only === 'released' ? isNull(resultSnapshots.withdrawnOn) : undefined))
    .orderBy(desc(resultSnapshots.releasedOn), desc(resultSnapshots.createdAt))
    .all();
}

export function countReleased(db: DbOrTx, processId: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(resultSnapshots)
      .where(and(eq(resultSnapshots.processId, processId), isNull(resultSnapshots.withdrawnOn)))
      .get()?.n ?? 0
  );
}

export function markWithdrawn(db: DbOrTx, id: string, withdrawal: { withdrawnOn: string; withdrawnBy: number; withdrawnReason: string }): void {
  db.update(resultSnapshots).set(withdrawal).where(eq(resultSnapshots.id, id)).run();
}
