import type { MarketDay, StallNote, Version1MarketDayList, Version1StallNoteList } from '../../../shared/api/stall.ts';
import type { MarketDayCounts, MarketDayRow } from './stall.repo.ts';

export function presentMarketDay(row: MarketDayRow, processSlug: string, counts: MarketDayCounts): MarketDay {
  return {
    id: row.id,
    processSlug,
    date: row.date,
    place: row.place,
    stadtteil: row.stadtteilKey,
    staff: row.staff,
    noteCount: counts.notes.get(row.id) ?? 0,
    paperCount: counts.papers.get(row.id) ?? 0,
    paperIds: counts.paperIds.get(row.id) ?? [],
    ...(counts.countedNotes?.has(row.id) ? { countedNoteIds: counts.countedNotes.get(row.id) } : {}),
    ...(counts.countedDotVotes?.has(row.id) ? { countedDotVoteIds: counts.countedDotVotes.get(row.id) } : {}),
    tally: counts.tallies.get(row.id) ?? {},
    board: row.boardQuestion && row.boardOptions ? { question: row.boardQuestion, options: row.boardOptions } : null,
  };
}

/**
 * The answers of the version-1 addresses (`GET /api/stall/sessions…`), for tablets not yet
 * updated: the same market days and notes, the Stadtteil under its old name `district`.
 */
export function presentVersion1MarketDays(marketDays: MarketDay[]): Version1MarketDayList {
  return { sessions: marketDays.map(({ stadtteil, ...rest }) => ({ ...rest, district: stadtteil })) };
}

export function presentVersion1Notes(notes: StallNote[]): Version1StallNoteList {
  return { notes: notes.map(({ stadtteil, ...rest }) => ({ ...rest, district: stadtteil })) };
}
