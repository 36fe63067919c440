import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { preparedInsert, preparedQuery, type DbOrTx } from '../../../db/index.ts';
import { contributions, dotVotes, marketDays, posters, removedMarketDays, responses, users } from '../../../db/schema.ts';

export type MarketDayRow = typeof marketDays.$inferSelect;
export type DotVoteRow = typeof dotVotes.$inferSelect;

const marketDayById = preparedQuery((db) => db.select().from(marketDays).where(eq(marketDays.id, sql.placeholder('id'))).prepare());

export function findMarketDay(db: DbOrTx, id: string): MarketDayRow | undefined {
  return marketDayById(db).get({ id });
}

/** The market day under `id`, or for one an admin merged into another, the one it went into. */
export function findMarketDayFollowingMerge(db: DbOrTx, id: string): MarketDayRow | undefined {
  const row = findMarketDay(db, id);
  if (row) return row;
  const mergedInto = findRemovedMarketDay(db, id)?.mergedInto;
  return mergedInto ? findMarketDay(db, mergedInto) : undefined;
}

export const insertMarketDay = preparedInsert(marketDays, ['id', 'processId', 'date', 'place', 'stadtteilKey', 'staff', 'boardQuestion', 'boardOptions', 'contentHash', 'createdBy']);

/** The newest market days of a process first; a stall season has a few dozen, so the cap is generous. */
export function listMarketDays(db: DbOrTx, processId: string, limit: number): MarketDayRow[] {
  return db
    .select()
    .from(marketDays)
    .where(eq(marketDays.processId, processId))
    .orderBy(desc(marketDays.date), desc(marketDays.createdAt))
    .limit(limit)
    .all();
}

export interface MarketDayCounts {
  /** marketDayId → notes (from the contributions feature, `countNotesOfMarketDays`). */
  notes: Map<string, number>;
  papers: Map<string, number>;
  /** marketDayId → the client ids of its paper questionnaires, so a tablet counts one whose answer was lost once. */
  paperIds: Map<string, string[]>;
  /** marketDayId → option → SUM(delta). */
  tallies: Map<string, Record<string, number>>;
  /** marketDayId → the notes a tablet asked about that are stored on it (`storedNotesAmong`); only when it asked. */
  countedNotes?: Map<string, string[]>;
  /** marketDayId → the Klebepunkte a tablet asked about that its tally counts (`storedDotVotesAmong`); only when it asked. */
  countedDotVotes?: Map<string, string[]>;
}

/** The paper questionnaires and dot votes of each market day. */
export function countsForMarketDays(db: DbOrTx, marketDayIds: string[]): Omit<MarketDayCounts, 'notes'> {
  const counts: Omit<MarketDayCounts, 'notes'> = { papers: new Map(), paperIds: new Map(), tallies: new Map() };
  if (marketDayIds.length === 0) return counts;
  const papers = db
    .select({ marketDayId: responses.marketDayId, clientId: responses.clientId })
    .from(responses)
    .where(and(isNotNull(responses.marketDayId), inArray(responses.marketDayId, marketDayIds)))
    .all();
  for (const { marketDayId, clientId } of papers) {
    if (!marketDayId) continue;
    counts.papers.set(marketDayId, (counts.papers.get(marketDayId) ?? 0) + 1);
    if (!clientId) continue;
    const ids = counts.paperIds.get(marketDayId);
    if (ids) ids.push(clientId);
    else counts.paperIds.set(marketDayId, [clientId]);
  }
  const tallies = db
    .select({ marketDayId: dotVotes.marketDayId, option: dotVotes.optionKey, total: sql<number>`sum(${dotVotes.delta})` })
    .from(dotVotes)
    .where(inArray(dotVotes.marketDayId, marketDayIds))
    .groupBy(dotVotes.marketDayId, dotVotes.optionKey)
    .all();
  for (const row of tallies) {
    const board = counts.tallies.get(row.marketDayId) ?? {};
    board[row.option] = row.total;
    counts.tallies.set(row.marketDayId, board);
  }
  return counts;
}

const dotVotesAmong = preparedQuery((db) =>
  db
    .select({ id: dotVotes.id, marketDayId: dotVotes.marketDayId })
    .from(dotVotes)
    .where(sql`${dotVotes.id} in (select value from json_each(${sql.placeholder('ids')}))`)
    .prepare(),
);

/** Which of `ids` are Klebepunkte stored, with their market day: what a tablet still holding them as unsent asks (`sentDotVotes`). */
export function storedDotVotesAmong(db: DbOrTx, ids: readonly string[]): Array<{ id: string; marketDayId: string }> {
  return ids.length === 0 ? [] : dotVotesAmong(db).all({ ids: JSON.stringify(ids) });
}

const dotVoteById = preparedQuery((db) => db.select().from(dotVotes).where(eq(dotVotes.id, sql.placeholder('id'))).prepare());

export function findDotVote(db: DbOrTx, id: string): DotVoteRow | undefined {
  return dotVoteById(db).get({ id });
}

export const insertDotVote = preparedInsert(dotVotes, ['id', 'marketDayId', 'optionKey', 'delta', 'createdBy']);

/** What was captured on each market day of a process, and who created it: the admin list (`market-days.service.ts`). */
export function listMarketDaysForAdmin(db: DbOrTx, processId: string) {
  return db
    .select({
      day: marketDays,
      noteCount: sql<number>`(select count(*) from ${contributions} c where c.market_day_id = ${marketDays.id} and c.response_id is null)`,
      paperCount: sql<number>`(select count(*) from ${responses} r where r.market_day_id = ${marketDays.id})`,
      dotVoteCount: sql<number>`(select count(*) from ${dotVotes} v where v.market_day_id = ${marketDays.id})`,
      posterCount: sql<number>`(select count(*) from ${posters} p where p.market_day_id = ${marketDays.id})`,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
    })
    .from(marketDays)
    .leftJoin(users, eq(users.id, marketDays.createdBy))
    .where(eq(marketDays.processId, processId))
    .orderBy(desc(marketDays.date), desc(marketDays.createdAt))
    .all();
}

/** Everything that names a market day and keeps it from being removed: any contribution (paper answers' too), questionnaire, dot vote or poster. */
export function capturedOnMarketDay(db: DbOrTx, marketDayId: string): { notes: number; papers: number; dotVotes: number; posters: number } {
  return db.get<{ notes: number; papers: number; dotVotes: number; posters: number }>(sql`select
      (select count(*) from ${contributions} where market_day_id = ${marketDayId}) as notes,
      (select count(*) from ${responses} where market_day_id = ${marketDayId}) as papers,
      (select count(*) from ${dotVotes} where market_day_id = ${marketDayId}) as dotVotes,
      (select count(*) from ${posters} where market_day_id = ${marketDayId}) as posters`);
}

/** Applies a correction only to the version the admin saw, counting it up; false when another correction came first. */
export function updateMarketDayIfVersion(db: DbOrTx, id: string, version: number, patch: Pick<MarketDayRow, 'date' | 'place' | 'stadtteilKey' | 'formerStadtteilKeys'>): boolean {
  return (
    db
      .update(marketDays)
      .set({ ...patch, version: version + 1 })
      .where(and(eq(marketDays.id, id), eq(marketDays.version, version)))
      .run().changes === 1
  );
}

/** Removes a market day and remembers its id, so a tablet's resend cannot create it again (`findRemovedMarketDay`). */
export function deleteMarketDay(db: DbOrTx, id: string, processId: string): void {
  db.delete(marketDays).where(eq(marketDays.id, id)).run();
  db.insert(removedMarketDays).values({ id, processId }).onConflictDoNothing().run();
}

/** The option keys of the dot votes on a market day, each once. */
export function dotVoteOptionsOf(db: DbOrTx, marketDayId: string): string[] {
  return db
    .selectDistinct({ key: dotVotes.optionKey })
    .from(dotVotes)
    .where(eq(dotVotes.marketDayId, marketDayId))
    .all()
    .map((row) => row.key);
}

/**
 * Files the dot votes of market day `from` under `into`, then removes `from` and remembers where it
 * went; what an earlier merge sent to `from` now points to `into` too, so a merged id is followed in
 * one step. The voices, questionnaires and posters on it are their features' to move first.
 */
export function moveMarketDayInto(db: DbOrTx, from: string, into: string, processId: string): void {
  db.update(dotVotes).set({ marketDayId: into }).where(eq(dotVotes.marketDayId, from)).run();
  db.update(removedMarketDays).set({ mergedInto: into }).where(eq(removedMarketDays.mergedInto, from)).run();
  db.delete(marketDays).where(eq(marketDays.id, from)).run();
  db.insert(removedMarketDays).values({ id: from, processId, mergedInto: into }).onConflictDoNothing().run();
}

/** The staff on duty and the former Stadtteile of the market day another was merged into, its version counted up. */
export function updateMergedMarketDay(db: DbOrTx, id: string, patch: Pick<MarketDayRow, 'staff' | 'formerStadtteilKeys' | 'version'>): void {
  db.update(marketDays).set(patch).where(eq(marketDays.id, id)).run();
}

/** The market days of a process that were merged into another, with the one each went into. */
export function mergedMarketDays(db: DbOrTx, processId: string): Array<{ id: string; into: string }> {
  return db
    .select({ id: removedMarketDays.id, into: removedMarketDays.mergedInto })
    .from(removedMarketDays)
    .where(and(eq(removedMarketDays.processId, processId), isNotNull(removedMarketDays.mergedInto)))
    .all()
    .map((row) => ({ id: row.id, into: row.into! }));
}

export type RemovedMarketDayRow = typeof removedMarketDays.$inferSelect;

const removedMarketDayById = preparedQuery((db) => db.select().from(removedMarketDays).where(eq(removedMarketDays.id, sql.placeholder('id'))).prepare());

/** A market day an admin removed, by id; undefined for one never stored or still there. */
export function findRemovedMarketDay(db: DbOrTx, id: string): RemovedMarketDayRow | undefined {
  return removedMarketDayById(db).get({ id });
}
