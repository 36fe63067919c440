import type { StallSession } from '../../../shared/api/stall.ts';
import type { SessionCounts, StallSessionRow } from './stall.repo.ts';

export function presentSession(row: StallSessionRow, processSlug: string, counts: SessionCounts): StallSession {
  return {
    id: row.id,
    processSlug,
    date: row.date,
    place: row.place,
    district: row.stadtteilKey,
    staff: row.staff,
    noteCount: counts.notes.get(row.id) ?? 0,
    paperCount: counts.papers.get(row.id) ?? 0,
    tally: counts.tallies.get(row.id) ?? {},
    board: row.boardQuestion && row.boardOptions ? { question: row.boardQuestion, options: row.boardOptions } : null,
  };
}
