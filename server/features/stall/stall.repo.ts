import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { preparedInsert, preparedQuery, type DbOrTx } from '../../../db/index.ts';
import { dotVotes, responses, stallSessions } from '../../../db/schema.ts';

export type StallSessionRow = typeof stallSessions.$inferSelect;
export type DotVoteRow = typeof dotVotes.$inferSelect;

const sessionById = preparedQuery((db) => db.select().from(stallSessions).where(eq(stallSessions.id, sql.placeholder('id'))).prepare());

export function findSession(db: DbOrTx, id: string): StallSessionRow | undefined {
  return sessionById(db).get({ id });
}

export const insertSession = preparedInsert(stallSessions, ['id', 'processId', 'date', 'place', 'stadtteilKey', 'staff', 'boardQuestion', 'boardOptions', 'contentHash', 'createdBy']);

/** The newest sessions of a process first; a stall season has a few dozen, so the cap is generous. */
export function listSessions(db: DbOrTx, processId: string, limit: number): StallSessionRow[] {
  return db
    .select()
    .from(stallSessions)
    .where(eq(stallSessions.processId, processId))
    .orderBy(desc(stallSessions.date), desc(stallSessions.createdAt))
    .limit(limit)
    .all();
}

export interface SessionCounts {
  /** sessionId → notes (from the contributions feature, `countNotesOfSessions`). */
  notes: Map<string, number>;
  papers: Map<string, number>;
  /** sessionId → option → SUM(delta). */
  tallies: Map<string, Record<string, number>>;
}

/** The paper questionnaires and dot votes of each market day. */
export function countsForSessions(db: DbOrTx, sessionIds: string[]): Omit<SessionCounts, 'notes'> {
  const counts: Omit<SessionCounts, 'notes'> = { papers: new Map(), tallies: new Map() };
  if (sessionIds.length === 0) return counts;
  const papers = db
    .select({ sessionId: responses.stallSessionId, n: sql<number>`count(*)` })
    .from(responses)
    .where(and(isNotNull(responses.stallSessionId), inArray(responses.stallSessionId, sessionIds)))
    .groupBy(responses.stallSessionId)
    .all();
  for (const row of papers) if (row.sessionId) counts.papers.set(row.sessionId, row.n);
  const tallies = db
    .select({ sessionId: dotVotes.stallSessionId, option: dotVotes.optionKey, total: sql<number>`sum(${dotVotes.delta})` })
    .from(dotVotes)
    .where(inArray(dotVotes.stallSessionId, sessionIds))
    .groupBy(dotVotes.stallSessionId, dotVotes.optionKey)
    .all();
  for (const row of tallies) {
    const board = counts.tallies.get(row.sessionId) ?? {};
    board[row.option] = row.total;
    counts.tallies.set(row.sessionId, board);
  }
  return counts;
}

const dotVoteById = preparedQuery((db) => db.select().from(dotVotes).where(eq(dotVotes.id, sql.placeholder('id'))).prepare());

export function findDotVote(db: DbOrTx, id: string): DotVoteRow | undefined {
  return dotVoteById(db).get({ id });
}

export const insertDotVote = preparedInsert(dotVotes, ['id', 'stallSessionId', 'optionKey', 'delta', 'createdBy']);
