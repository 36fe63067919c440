import { and, asc, count, desc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { answers, districts, processes, responses, stadtteile, surveys } from '../../../db/schema.ts';

export type SurveyRow = typeof surveys.$inferSelect;
export type NewSurvey = typeof surveys.$inferInsert;
export type ResponseRow = typeof responses.$inferSelect;
export type NewResponse = typeof responses.$inferInsert;
export type NewAnswer = typeof answers.$inferInsert;

/** The newest published version: what residents are asked today. */
export function findLatestPublishedSurvey(db: DbOrTx, processId: string): SurveyRow | undefined {
  return db
    .select()
    .from(surveys)
    .where(and(eq(surveys.processId, processId), isNotNull(surveys.publishedAt)))
    .orderBy(desc(surveys.version))
    .limit(1)
    .get();
}

/** Whether any version is published, without reading (and parsing) a definition. */
export function hasPublishedSurvey(db: DbOrTx, processId: string): boolean {
  return db.select({ id: surveys.id }).from(surveys).where(and(eq(surveys.processId, processId), isNotNull(surveys.publishedAt))).limit(1).get() !== undefined;
}

/** A published version by number; an answer is always judged against the version it was made for. */
export function findPublishedSurvey(db: DbOrTx, processId: string, version: number): SurveyRow | undefined {
  return db
    .select()
    .from(surveys)
    .where(and(eq(surveys.processId, processId), eq(surveys.version, version), isNotNull(surveys.publishedAt)))
    .get();
}

export function findSurvey(db: DbOrTx, processId: string, version: number): SurveyRow | undefined {
  return db
    .select()
    .from(surveys)
    .where(and(eq(surveys.processId, processId), eq(surveys.version, version)))
    .get();
}

export function insertSurvey(db: DbOrTx, row: NewSurvey): void {
  db.insert(surveys).values(row).run();
}

export function findProcessById(db: DbOrTx, id: string): typeof processes.$inferSelect | undefined {
  return db.select().from(processes).where(eq(processes.id, id)).get();
}

/** Statistical districts with their Stadtteile, in the city's numbering, for the district picker. */
export function listDistrictsWithStadtteile(db: DbOrTx, processId: string) {
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

export function listStadtteilKeys(db: DbOrTx, processId: string): string[] {
  return db
    .select({ key: stadtteile.key })
    .from(stadtteile)
    .where(eq(stadtteile.processId, processId))
    .all()
    .map((row) => row.key);
}

export function findResponse(db: DbOrTx, id: string): Pick<ResponseRow, 'id' | 'contentHash'> | undefined {
  return db.select({ id: responses.id, contentHash: responses.contentHash }).from(responses).where(eq(responses.id, id)).get();
}

export function insertResponse(db: DbOrTx, row: NewResponse): void {
  db.insert(responses).values(row).run();
}

export function insertAnswers(db: DbOrTx, rows: NewAnswer[]): void {
  if (rows.length === 0) return;
  // A JSON null ("keine Angabe" on a scale) is an answer: store the JSON text 'null', not SQL NULL.
  db.insert(answers)
    .values(rows.map((row) => ({ ...row, value: row.value === null ? sql`'null'` : row.value })))
    .run();
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
