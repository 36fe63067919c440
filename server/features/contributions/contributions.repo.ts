import { and, eq, ne, sql } from 'drizzle-orm';
import { preparedInsert, preparedQuery, type DbOrTx } from '../../../db/index.ts';
import { contributionTags, contributions } from '../../../db/schema.ts';

export type ContributionRow = typeof contributions.$inferSelect;
export type NewContribution = typeof contributions.$inferInsert;
export type TagRow = typeof contributionTags.$inferSelect;
export type NewTag = typeof contributionTags.$inferInsert;

/** A new voice; status and version start at their defaults. */
export const insertContribution = preparedInsert(contributions, [
  'id',
  'processId',
  'channel',
  'responseId',
  'questionKey',
  'stallSessionId',
  'kind',
  'text',
  'maskedText',
  'language',
  'stadtteilKey',
  'stadtteilSource',
  'ageBand',
  'capturedOn',
  'contentHash',
  'createdBy',
  'flags',
]);

const insertTag = preparedInsert(contributionTags, ['contributionId', 'fieldKey', 'source', 'score', 'userId', 'createdAt']);

/** Tags made with a voice; `createdAt` is given (the voice's day), never left to the clock. */
export function insertTags(db: DbOrTx, tags: Array<Omit<NewTag, 'createdAt'> & { createdAt: string }>): void {
  for (const tag of tags) insertTag(db, tag);
}

const contributionById = preparedQuery((db) => db.select().from(contributions).where(eq(contributions.id, sql.placeholder('id'))).prepare());

export function findContribution(db: DbOrTx, id: string): ContributionRow | undefined {
  return contributionById(db).get({ id });
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
