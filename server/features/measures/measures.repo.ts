import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { contributionOutcomes, measureContributions, measureStatuses, measures } from '../../../db/schema.ts';

export type MeasureRow = typeof measures.$inferSelect;
export type MeasureStatusRow = typeof measureStatuses.$inferSelect;
export type OutcomeRow = typeof contributionOutcomes.$inferSelect;

/** The process's own status list in order; empty when it uses the default list. */
export function listStatuses(db: DbOrTx, processId: string): MeasureStatusRow[] {
  return db.select().from(measureStatuses).where(eq(measureStatuses.processId, processId)).orderBy(asc(measureStatuses.sortOrder)).all();
}

export function findOutcome(db: DbOrTx, processId: string, contributionId: string): OutcomeRow | undefined {
  return db
    .select()
    .from(contributionOutcomes)
    .where(and(eq(contributionOutcomes.processId, processId), eq(contributionOutcomes.contributionId, contributionId)))
    .get();
}

/** The measures that take up any of these contributions, by contribution, in the measures' order. */
export function measuresTakingUp(db: DbOrTx, processId: string, contributionIds: readonly string[]): Map<string, MeasureRow[]> {
  const byContribution = new Map<string, MeasureRow[]>();
  if (contributionIds.length === 0) return byContribution;
  const rows = db
    .select({ contributionId: measureContributions.contributionId, measure: measures })
    .from(measureContributions)
    .innerJoin(measures, eq(measures.id, measureContributions.measureId))
    .where(and(eq(measures.processId, processId), inArray(measureContributions.contributionId, [...contributionIds])))
    .orderBy(asc(measures.fieldKey), asc(measures.sortOrder), asc(measures.createdAt))
    .all();
  for (const row of rows) byContribution.set(row.contributionId, [...(byContribution.get(row.contributionId) ?? []), row.measure]);
  return byContribution;
}
