import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
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

/** Updates a contribution only if it still has the given version, and counts the version up; false when someone was quicker. */
export function updateIfVersion(db: DbOrTx, id: string, version: number, patch: Partial<ContributionRow>): boolean {
  return (
    db
      .update(contributions)
      .set({ ...patch, version: version + 1 })
      .where(and(eq(contributions.id, id), eq(contributions.version, version)))
      .run().changes === 1
  );
}

/** Replaces a contribution's tags of the given sources; a tag of another source on the same field stays. */
export function replaceTagsOfSources(db: DbOrTx, contributionId: string, sources: TagRow['source'][], tags: NewTag[]): void {
  db.delete(contributionTags)
    .where(and(eq(contributionTags.contributionId, contributionId), inArray(contributionTags.source, sources)))
    .run();
  if (tags.length > 0) db.insert(contributionTags).values(tags).onConflictDoNothing().run();
}

/**
 * Past a process's retention date only the masked text is kept: the original (which may name
 * people or hold contact data) is overwritten, and so are the words a moderator masked by hand. Returns how many originals were removed.
 */
export function purgeOriginals(db: DbOrTx, processId: string): number {
  return db
    .update(contributions)
    .set({ text: sql`${contributions.maskedText}`, maskedNames: [] })
    .where(and(eq(contributions.processId, processId), or(ne(contributions.text, contributions.maskedText), ne(contributions.maskedNames, []))))
    .run().changes;
}
