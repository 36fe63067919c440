import { and, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import { clientOf, preparedBulkInsert, preparedInsert, preparedQuery, type DbOrTx } from '../../../db/index.ts';
import type Database from 'better-sqlite3';
import { contributionTags, contributionTranslations, contributions } from '../../../db/schema.ts';

export type ContributionRow = typeof contributions.$inferSelect;
export type NewContribution = typeof contributions.$inferInsert;
export type TagRow = typeof contributionTags.$inferSelect;
export type NewTag = typeof contributionTags.$inferInsert;

const NEW_CONTRIBUTION_COLUMNS = [
  'id',
  'processId',
  'channel',
  'responseId',
  'questionKey',
  'marketDayId',
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
] as const;

/** A new voice; status and version start at their defaults, its cite number comes from the trigger (migration 0013). */
export const insertContribution = preparedInsert(contributions, NEW_CONTRIBUTION_COLUMNS);

/** New voices in multi-row statements, each with the cite number reserved for it (`reserveCiteNumbers`). */
export const insertContributions = preparedBulkInsert(contributions, [...NEW_CONTRIBUTION_COLUMNS, 'citeSeq']);

const reserveStatements = new WeakMap<Database.Database, Database.Statement<[string, number], { last: number }>>();

/**
 * Reserves `count` consecutive cite numbers of a process in one statement and returns the first.
 * A contribution inserted with its number skips the trigger `contributions_cite_seq` (migration
 * 0013), which numbers one row at a time by bumping the counter and rewriting the row; both
 * share the counter, so the two ways never hand out a number twice. Runs inside the caller's
 * write transaction, which holds the counter until it commits.
 */
export function reserveCiteNumbers(db: DbOrTx, processId: string, count: number): number {
  const client = clientOf(db);
  let statement = reserveStatements.get(client);
  if (!statement) {
    statement = client.prepare('INSERT INTO cite_counters (process_id, last) VALUES (?, ?) ON CONFLICT (process_id) DO UPDATE SET last = last + excluded.last RETURNING last');
    reserveStatements.set(client, statement);
  }
  return statement.get(processId, count)!.last - count + 1;
}

/** A tag made with a voice: `createdAt` is given (the voice's day), never left to the clock. */
export type NewTagOfVoice = Omit<NewTag, 'createdAt'> & { createdAt: string };

const insertTagRows = preparedBulkInsert(contributionTags, ['contributionId', 'fieldKey', 'source', 'score', 'userId', 'createdAt']);

/** Tags made with voices, of one voice or many (multi-row statements). */
export function insertTags(db: DbOrTx, tags: readonly NewTagOfVoice[]): void {
  insertTagRows(db, tags);
}

/** How many notes each market day has (the text answers of its paper questionnaires not counted). */
export function countNotesOfMarketDays(db: DbOrTx, marketDayIds: string[]): Map<string, number> {
  if (marketDayIds.length === 0) return new Map();
  const rows = db
    .select({ marketDayId: contributions.marketDayId, n: sql<number>`count(*)` })
    .from(contributions)
    .where(and(inArray(contributions.marketDayId, marketDayIds), sql`${contributions.responseId} is null`))
    .groupBy(contributions.marketDayId)
    .all();
  return new Map(rows.flatMap((row) => (row.marketDayId ? [[row.marketDayId, row.n] as const] : [])));
}

const notesAmong = preparedQuery((db) =>
  db
    .select({ id: contributions.id, marketDayId: contributions.marketDayId })
    .from(contributions)
    .where(sql`${contributions.id} in (select value from json_each(${sql.placeholder('ids')})) and ${contributions.responseId} is null`)
    .prepare(),
);

/** Which of `ids` are notes stored on a market day, with it: what a tablet still holding them as unsent asks (`sentNotes`). */
export function storedNotesAmong(db: DbOrTx, ids: readonly string[]): Array<{ id: string; marketDayId: string | null }> {
  return ids.length === 0 ? [] : notesAmong(db).all({ ids: JSON.stringify(ids) });
}

/** A market day's notes (not the text answers of its paper questionnaires), oldest first, with the tags staff set. */
export function notesOfMarketDay(db: DbOrTx, marketDayId: string) {
  const rows = db
    .select()
    .from(contributions)
    .where(and(eq(contributions.marketDayId, marketDayId), sql`${contributions.responseId} is null`))
    .orderBy(contributions.capturedOn, contributions.id)
    .all();
  const tags = rows.length
    ? db
        .select({ contributionId: contributionTags.contributionId, fieldKey: contributionTags.fieldKey })
        .from(contributionTags)
        .where(and(inArray(contributionTags.contributionId, rows.map((row) => row.id)), eq(contributionTags.source, 'staff')))
        .all()
    : [];
  return rows.map((row) => ({ row, fieldKeys: tags.filter((tag) => tag.contributionId === row.id).map((tag) => tag.fieldKey) }));
}

export function tagsFor(db: DbOrTx, ids: string[]): Map<string, TagRow[]> {
  const map = new Map<string, TagRow[]>();
  if (ids.length === 0) return map;
  for (const tag of db.select().from(contributionTags).where(inArray(contributionTags.contributionId, ids)).all()) {
    map.set(tag.contributionId, [...(map.get(tag.contributionId) ?? []), tag]);
  }
  return map;
}

/** A moderator's decision replaces every tag of a contribution. */
export function replaceTags(db: DbOrTx, id: string, tags: NewTag[]): void {
  db.delete(contributionTags).where(eq(contributionTags.contributionId, id)).run();
  if (tags.length > 0) db.insert(contributionTags).values(tags).run();
}

export function addTag(db: DbOrTx, tag: NewTag): void {
  db.insert(contributionTags).values(tag).onConflictDoNothing().run();
}

const contributionById = preparedQuery((db) => db.select().from(contributions).where(eq(contributions.id, sql.placeholder('id'))).prepare());

export function findContribution(db: DbOrTx, id: string): ContributionRow | undefined {
  return contributionById(db).get({ id });
}

const storedIdsAmong = preparedQuery((db) =>
  db
    .select({ id: contributions.id })
    .from(contributions)
    .where(sql`${contributions.id} in (select value from json_each(${sql.placeholder('ids')}))`)
    .prepare(),
);

/** Which of `ids` a contribution is stored under: one statement however many ids (each read outside a transaction opens a snapshot of its own). */
export function storedContributionIds(db: DbOrTx, ids: readonly string[]): Set<string> {
  if (ids.length === 0) return new Set();
  return new Set(storedIdsAmong(db).all({ ids: JSON.stringify(ids) }).map((row) => row.id));
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

/** What `purgeOriginals` would touch, counted per channel and kind: originals that differ from their masked text, and lists of masked names. */
export function countOriginals(db: DbOrTx, processId: string) {
  return db
    .select({
      channel: contributions.channel,
      kind: contributions.kind,
      originals: sql<number>`sum(${contributions.text} <> ${contributions.maskedText})`,
      maskedNameLists: sql<number>`sum(${contributions.maskedNames} <> '[]')`,
      contributions: sql<number>`count(*)`,
    })
    .from(contributions)
    .where(and(eq(contributions.processId, processId), or(ne(contributions.text, contributions.maskedText), ne(contributions.maskedNames, []))))
    .groupBy(contributions.channel, contributions.kind)
    .orderBy(contributions.channel, contributions.kind)
    .all();
}

/**
 * Past a process's retention date only the masked text is kept: the original (which may name
 * people or hold contact data) is overwritten, and so are the words a moderator masked by hand. Returns how many originals were removed.
 */
export function purgeOriginals(db: DbOrTx, processId: string): number {
  // A moderator's German rendering as entered may repeat a name the masking caught: it goes with the original.
  db.update(contributionTranslations)
    .set({ text: sql`${contributionTranslations.maskedText}` })
    .where(
      and(
        ne(contributionTranslations.text, contributionTranslations.maskedText),
        sql`${contributionTranslations.contributionId} in (select ${contributions.id} from ${contributions} where ${contributions.processId} = ${processId})`,
      ),
    )
    .run();
  return db
    .update(contributions)
    .set({ text: sql`${contributions.maskedText}`, maskedNames: [] })
    .where(and(eq(contributions.processId, processId), or(ne(contributions.text, contributions.maskedText), ne(contributions.maskedNames, []))))
    .run().changes;
}

export type TranslationRow = typeof contributionTranslations.$inferSelect;

export function findTranslation(db: DbOrTx, contributionId: string): TranslationRow | undefined {
  return db.select().from(contributionTranslations).where(eq(contributionTranslations.contributionId, contributionId)).get();
}

export function translationsFor(db: DbOrTx, ids: string[]): Map<string, TranslationRow> {
  if (ids.length === 0) return new Map();
  return new Map(db.select().from(contributionTranslations).where(inArray(contributionTranslations.contributionId, ids)).all().map((row) => [row.contributionId, row]));
}

/** Stores (or replaces) a contribution's German rendering by a person. */
export function saveTranslation(db: DbOrTx, row: Omit<TranslationRow, 'language' | 'source'>): void {
  db.insert(contributionTranslations)
    .values({ ...row, language: 'de', source: 'human' })
    .onConflictDoUpdate({ target: contributionTranslations.contributionId, set: { text: row.text, maskedText: row.maskedText, translatedBy: row.translatedBy, translatedAt: row.translatedAt } })
    .run();
}

export function deleteTranslation(db: DbOrTx, contributionId: string): boolean {
  return db.delete(contributionTranslations).where(eq(contributionTranslations.contributionId, contributionId)).run().changes > 0;
}

export function updateTranslationMask(db: DbOrTx, contributionId: string, maskedText: string): void {
  db.update(contributionTranslations).set({ maskedText }).where(eq(contributionTranslations.contributionId, contributionId)).run();
}

/**
 * Deletes every voice of a process (its deletion, `deleteProcess`): the delete trigger takes each out
 * of the quote search's index, the cascades its tags, translations, outcomes, links to measures and receipt.
 */
export function deleteContributionsOf(db: DbOrTx, processId: string): void {
  db.delete(contributions).where(eq(contributions.processId, processId)).run();
}

/**
 * Files the notes of a market day that stand in its former Stadtteil under the corrected one, each
 * counted up a version (a tablet's edit from before then meets `version_conflict`, as after any
 * other change); a Stadtteil a moderator reviewed stays, and the text answers of paper
 * questionnaires keep the questionnaire's own. Returns the ids moved.
 */
export function moveNotesOfMarketDay(db: DbOrTx, marketDayId: string, from: string | null, to: string | null): string[] {
  const moved = db
    .update(contributions)
    .set({ stadtteilKey: to, stadtteilSource: to === null ? null : 'staff', version: sql`${contributions.version} + 1` })
    .where(
      and(
        eq(contributions.marketDayId, marketDayId),
        isNull(contributions.responseId),
        sql`${contributions.stadtteilKey} is ${from}`,
        sql`coalesce(${contributions.stadtteilSource}, '') <> 'reviewed'`,
      ),
    )
    .returning({ id: contributions.id })
    .all();
  return moved.map((row) => row.id);
}

/** Files every voice of market day `from` under `into`, its notes and its questionnaires' free texts (`mergeMarketDay`). */
export function moveVoicesToMarketDay(db: DbOrTx, from: string, into: string): void {
  db.update(contributions).set({ marketDayId: into }).where(eq(contributions.marketDayId, from)).run();
}

/**
 * Dates the free-text voices of a market day's paper questionnaires to `day` (those captured on
 * another day): they follow their questionnaires when the market day's date is corrected.
 */
export function dateQuestionnaireVoicesOfMarketDay(db: DbOrTx, marketDayId: string, day: string): void {
  db.update(contributions)
    .set({ capturedOn: day })
    .where(and(eq(contributions.marketDayId, marketDayId), isNotNull(contributions.responseId), eq(contributions.channel, 'paper'), ne(contributions.capturedOn, day)))
    .run();
}
