import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { contributions, contributionTags, dotVotes, processes, responses, stallSessions } from '../../../db/schema.ts';

export type StallSessionRow = typeof stallSessions.$inferSelect;
export type DotVoteRow = typeof dotVotes.$inferSelect;

export function findSession(db: DbOrTx, id: string): StallSessionRow | undefined {
  return db.select().from(stallSessions).where(eq(stallSessions.id, id)).get();
}

export function insertSession(db: DbOrTx, row: typeof stallSessions.$inferInsert): void {
  db.insert(stallSessions).values(row).run();
}

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
  notes: Map<string, number>;
  papers: Map<string, number>;
  /** sessionId → option → SUM(delta). */
  tallies: Map<string, Record<string, number>>;
}

export function countsForSessions(db: DbOrTx, sessionIds: string[]): SessionCounts {
  const counts: SessionCounts = { notes: new Map(), papers: new Map(), tallies: new Map() };
  if (sessionIds.length === 0) return counts;
  const notes = db
    .select({ sessionId: contributions.stallSessionId, n: sql<number>`count(*)` })
    .from(contributions)
    .where(and(inArray(contributions.stallSessionId, sessionIds), sql`${contributions.responseId} is null`))
    .groupBy(contributions.stallSessionId)
    .all();
  for (const row of notes) if (row.sessionId) counts.notes.set(row.sessionId, row.n);
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

export function findDotVote(db: DbOrTx, id: string): DotVoteRow | undefined {
  return db.select().from(dotVotes).where(eq(dotVotes.id, id)).get();
}

export function insertDotVote(db: DbOrTx, row: typeof dotVotes.$inferInsert): void {
  db.insert(dotVotes).values(row).run();
}

export function findProcessById(db: DbOrTx, id: string) {
  return db.select().from(processes).where(eq(processes.id, id)).get();
}

/** A market day's notes (not the text answers of its paper questionnaires), oldest first, with the tags staff set. */
export function notesOfSession(db: DbOrTx, sessionId: string) {
  const rows = db
    .select()
    .from(contributions)
    .where(and(eq(contributions.stallSessionId, sessionId), sql`${contributions.responseId} is null`))
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
