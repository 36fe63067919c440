import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { posters, responses, stadtteile, marketDays } from '../../../db/schema.ts';

export type PosterRow = typeof posters.$inferSelect;
export type NewPoster = typeof posters.$inferInsert;

export function insertPoster(db: DbOrTx, row: NewPoster): void {
  db.insert(posters).values(row).run();
}

const posterColumns = {
  poster: posters,
  marketDay: { id: marketDays.id, date: marketDays.date, place: marketDays.place },
  stadtteilName: stadtteile.name,
};

function selectPosters(db: DbOrTx) {
  return db
    .select(posterColumns)
    .from(posters)
    .leftJoin(marketDays, eq(marketDays.id, posters.marketDayId))
    .leftJoin(stadtteile, and(eq(stadtteile.processId, posters.processId), eq(stadtteile.key, posters.stadtteilKey)));
}

export type PosterWithPlace = Awaited<ReturnType<ReturnType<typeof selectPosters>['all']>>[number];

/** A process's posters in the order they were made (ids are random, so the row's insertion order), with their market day and the Stadtteil's name. */
export function listPosters(db: DbOrTx, processId: string): PosterWithPlace[] {
  return selectPosters(db).where(eq(posters.processId, processId)).orderBy(asc(posters.createdOn), sql`posters.rowid`).all();
}

export function findPoster(db: DbOrTx, processId: string, id: string): PosterWithPlace | undefined {
  return selectPosters(db)
    .where(and(eq(posters.processId, processId), eq(posters.id, id)))
    .get();
}

/** Whether the poster exists in this process (a survey opened from it records its id). */
export function posterExists(db: DbOrTx, processId: string, id: string): boolean {
  return db.select({ id: posters.id }).from(posters).where(and(eq(posters.processId, processId), eq(posters.id, id))).get() !== undefined;
}

/** Responses per poster (null: not opened from a poster) among those `where` keeps (`responses r`: the results' `responseCondition`, which leaves out the flagged ones as every aggregate). */
export function countResponsesByPoster(db: DbOrTx, where: SQL): Array<{ posterId: string | null; count: number }> {
  return db.all<{ posterId: string | null; count: number }>(sql`select r.poster_id as posterId, count(*) as count from ${responses} r where ${where} group by r.poster_id`);
}

/** A Stadtteil's name in this process, or undefined for a key it does not have. */
export function findStadtteilName(db: DbOrTx, processId: string, key: string): string | undefined {
  return db
    .select({ name: stadtteile.name })
    .from(stadtteile)
    .where(and(eq(stadtteile.processId, processId), eq(stadtteile.key, key)))
    .get()?.name;
}

/** Hangs the posters of market day `from` at `into` (`mergeMarketDay`). */
export function movePostersToMarketDay(db: DbOrTx, from: string, into: string): void {
  db.update(posters).set({ marketDayId: into }).where(eq(posters.marketDayId, from)).run();
}

/** A poster hung at the market day names its Stadtteil: it follows the correction where it stood in the former one. */
export function movePostersOfMarketDay(db: DbOrTx, marketDayId: string, from: string | null, to: string | null): void {
  db.update(posters)
    .set({ stadtteilKey: to })
    .where(and(eq(posters.marketDayId, marketDayId), sql`${posters.stadtteilKey} is ${from}`))
    .run();
}
