import { and, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { contributionTags, contributions } from '../../../db/schema.ts';

export type ContributionRow = typeof contributions.$inferSelect;
export type NewContribution = typeof contributions.$inferInsert;
export type TagRow = typeof contributionTags.$inferSelect;
export type NewTag = typeof contributionTags.$inferInsert;

export function insertContribution(db: DbOrTx, row: NewContribution): void {
  db.insert(contributions).values(row).run();
}

export function insertTags(db: DbOrTx, tags: NewTag[]): void {
  if (tags.length > 0) db.insert(contributionTags).values(tags).run();
}

export function findContribution(db: DbOrTx, id: string): ContributionRow | undefined {
  return db.select().from(contributions).where(eq(contributions.id, id)).get();
}

export function findTags(db: DbOrTx, contributionId: string): TagRow[] {
  return db.select().from(contributionTags).where(eq(contributionTags.contributionId, contributionId)).all();
}

/**
 * Past a process's retention date only the masked text is kept: the original (which may name
 * people or hold contact data) is overwritten. Returns how many originals were removed.
 */
export function purgeOriginals(db: DbOrTx, processId: string): number {
  return db
    .update(contributions)
    .set({ text: sql`${contributions.maskedText}` })
    .where(and(eq(contributions.processId, processId), ne(contributions.text, contributions.maskedText)))
    .run().changes;
}
