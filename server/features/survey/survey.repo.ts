import { and, asc, count, desc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import { cached } from '../../../db/cache.ts';
import { preparedInsert, preparedBulkInsert, preparedQuery, type DbOrTx } from '../../../db/index.ts';
import { answers, districts, responses, stadtteile, surveyDrafts, surveys, surveyTranslationReviews } from '../../../db/schema.ts';
import type { Language } from '../../../shared/languages.ts';

export type SurveyRow = typeof surveys.$inferSelect;
export type NewSurvey = typeof surveys.$inferInsert;
export type ResponseRow = typeof responses.$inferSelect;
export type NewResponse = typeof responses.$inferInsert;
export type NewAnswer = typeof answers.$inferInsert;

// Published versions are kept in memory, definition parsed, until a survey row changes (db/cache.ts); rows are frozen.
const latestPublished = preparedQuery((db) =>
  db
    .select()
    .from(surveys)
    .where(and(eq(surveys.processId, sql.placeholder('processId')), isNotNull(surveys.publishedAt)))
    .orderBy(desc(surveys.version))
    .limit(1)
    .prepare(),
);
const publishedVersion = preparedQuery((db) =>
  db
    .select()
    .from(surveys)
    .where(and(eq(surveys.processId, sql.placeholder('processId')), eq(surveys.version, sql.placeholder('version')), isNotNull(surveys.publishedAt)))
    .prepare(),
);

/** The newest published version: what residents are asked today. */
export function findLatestPublishedSurvey(db: DbOrTx, processId: string): SurveyRow | undefined {
  return cached(db, ['survey'], `survey-latest:${processId}`, () => latestPublished(db).get({ processId }));
}

/** Whether any version is published. */
export function hasPublishedSurvey(db: DbOrTx, processId: string): boolean {
  return findLatestPublishedSurvey(db, processId) !== undefined;
}

/** A published version by number; an answer is always judged against the version it was made for. */
export function findPublishedSurvey(db: DbOrTx, processId: string, version: number): SurveyRow | undefined {
  return cached(db, ['survey'], `survey-published:${processId}:${version}`, () => publishedVersion(db).get({ processId, version }));
}

export function insertSurvey(db: DbOrTx, row: NewSurvey): void {
  db.insert(surveys).values(row).run();
}

export type SurveyDraftRow = typeof surveyDrafts.$inferSelect;

/** Every version of a process, oldest first, with how many responses each has (of every channel). */
export function listSurveyVersions(db: DbOrTx, processId: string) {
  return db
    .select({
      id: surveys.id,
      version: surveys.version,
      definition: surveys.definition,
      texts: surveys.texts,
      publishedAt: surveys.publishedAt,
      // Spelled out: drizzle leaves columns unqualified, and inside the subquery `id` would be the response's.
      responses: sql<number>`(select count(*) from "responses" where "responses"."survey_id" = "surveys"."id")`,
    })
    .from(surveys)
    .where(eq(surveys.processId, processId))
    .orderBy(asc(surveys.version))
    .all();
}

/** The highest version number of a process (0 without any); publishing gives the next one. */
export function latestVersionNumber(db: DbOrTx, processId: string): number {
  return db.select({ n: sql<number | null>`max(${surveys.version})` }).from(surveys).where(eq(surveys.processId, processId)).get()?.n ?? 0;
}

/** Replaces a version's content; the database refuses it for a version with answers (migration 0016). */
export function updateSurvey(db: DbOrTx, surveyId: number, change: Pick<NewSurvey, 'definition' | 'texts'>): void {
  db.update(surveys).set(change).where(eq(surveys.id, surveyId)).run();
}

export function findSurveyDraft(db: DbOrTx, processId: string): SurveyDraftRow | undefined {
  return db.select().from(surveyDrafts).where(eq(surveyDrafts.processId, processId)).get();
}

export function upsertSurveyDraft(db: DbOrTx, row: SurveyDraftRow): void {
  db.insert(surveyDrafts)
    .values(row)
    .onConflictDoUpdate({ target: surveyDrafts.processId, set: { definition: row.definition, texts: row.texts, revision: row.revision, updatedAt: row.updatedAt } })
    .run();
}

export function deleteSurveyDraft(db: DbOrTx, processId: string): void {
  db.delete(surveyDrafts).where(eq(surveyDrafts.processId, processId)).run();
}

/** What German each language's translations were last checked against: language → text path → hash of the German. */
export function listTranslationReviews(db: DbOrTx, processId: string): Map<Language, Map<string, string>> {
  const rows = db
    .select({ language: surveyTranslationReviews.language, path: surveyTranslationReviews.path, germanHash: surveyTranslationReviews.germanHash })
    .from(surveyTranslationReviews)
    .where(eq(surveyTranslationReviews.processId, processId))
    .all();
  const reviews = new Map<Language, Map<string, string>>();
  for (const row of rows) {
    let paths = reviews.get(row.language);
    if (!paths) reviews.set(row.language, (paths = new Map()));
    paths.set(row.path, row.germanHash);
  }
  return reviews;
}

export function upsertTranslationReview(db: DbOrTx, row: typeof surveyTranslationReviews.$inferInsert): void {
  db.insert(surveyTranslationReviews)
    .values(row)
    .onConflictDoUpdate({ target: [surveyTranslationReviews.processId, surveyTranslationReviews.language, surveyTranslationReviews.path], set: { germanHash: row.germanHash, reviewedAt: row.reviewedAt } })
    .run();
}

/** Statistical districts with their Stadtteile, in the city's numbering, for the district picker; kept in memory (db/cache.ts). */
export function listDistrictsWithStadtteile(db: DbOrTx, processId: string) {
  return cached(db, ['process'], `districts:${processId}`, () => readDistrictsWithStadtteile(db, processId));
}

function readDistrictsWithStadtteile(db: DbOrTx, processId: string) {
  const districtRows = db
    .select({ id: districts.id, key: districts.key, nr: districts.nr, name: districts.name })
    .from(districts)
    .where(eq(districts.processId, processId))
    .orderBy(asc(districts.nr))
    .all();
  const stadtteilRows = db
    .select({ districtId: stadtteile.districtId, key: stadtteile.key, name: stadtteile.name })
    .from(stadtteile)
    .where(eq(stadtteile.processId, processId))
    .orderBy(asc(stadtteile.nr))
    .all();
  return districtRows.map((district) => ({
    key: district.key,
    nr: district.nr,
    name: district.name,
    stadtteile: stadtteilRows.filter((row) => row.districtId === district.id).map((row) => ({ key: row.key, name: row.name })),
  }));
}

/** The Stadtteil keys of a process; kept in memory until an admin changes them (db/cache.ts). */
export function listStadtteilKeys(db: DbOrTx, processId: string): readonly string[] {
  return cached(db, ['process'], `stadtteil-keys:${processId}`, () =>
    db
      .select({ key: stadtteile.key })
      .from(stadtteile)
      .where(eq(stadtteile.processId, processId))
      .all()
      .map((row) => row.key),
  );
}

const responseByClientId = preparedQuery((db) =>
  db.select({ id: responses.id, contentHash: responses.contentHash }).from(responses).where(eq(responses.clientId, sql.placeholder('clientId'))).prepare(),
);

/** The response stored under the id a client made (`client_id`), with the id the server stores it under. */
export function findResponse(db: DbOrTx, clientId: string): Pick<ResponseRow, 'id' | 'contentHash'> | undefined {
  return responseByClientId(db).get({ clientId });
}

export const insertResponse = preparedInsert(responses, [
  'id',
  'clientId',
  'processId',
  'surveyId',
  'surveyVersion',
  'channel',
  'language',
  'stadtteilKey',
  'marketDayId',
  'posterId',
  'submittedOn',
  'contentHash',
  'flags',
]);

// A JSON null ("keine Angabe" on a scale) is an answer: the prepared insert stores it as the JSON text 'null', not SQL NULL.
// A questionnaire's answers go in one statement.
const insertAnswerRows = preparedBulkInsert(answers, ['responseId', 'questionKey', 'value']);

export function insertAnswers(db: DbOrTx, rows: NewAnswer[]): void {
  if (rows.length > 0) insertAnswerRows(db, rows);
}

/** Files the questionnaires of market day `from` under `into` (`mergeMarketDay`). */
export function moveResponsesToMarketDay(db: DbOrTx, from: string, into: string): void {
  db.update(responses).set({ marketDayId: into }).where(eq(responses.marketDayId, from)).run();
}

/**
 * Dates the paper questionnaires of a market day to `day`: those dated otherwise (all of them
 * after a corrected date: a paper questionnaire takes its market day's date when typed in). Their
 * ids keep the day they were made with; an id only orders. Returns how many moved.
 */
export function datePaperResponsesOfMarketDay(db: DbOrTx, marketDayId: string, day: string): number {
  return db
    .update(responses)
    .set({ submittedOn: day })
    .where(and(eq(responses.marketDayId, marketDayId), eq(responses.channel, 'paper'), ne(responses.submittedOn, day)))
    .run().changes;
}

export function countResponses(db: DbOrTx, processId: string): number {
  return db.select({ n: count() }).from(responses).where(eq(responses.processId, processId)).get()?.n ?? 0;
}

/** The flags of every flagged response of a process (few by design; counted by the service). */
export function listResponseFlags(db: DbOrTx, processId: string): string[][] {
  return db
    .select({ flags: responses.flags })
    .from(responses)
    .where(and(eq(responses.processId, processId), ne(responses.flags, [])))
    .all()
    .map((row) => row.flags);
}

/** Deletes every response of a process with its answers and receipts (its deletion, `deleteProcess`; after its voices). */
export function deleteResponsesOf(db: DbOrTx, processId: string): void {
  db.delete(responses).where(eq(responses.processId, processId)).run();
}
