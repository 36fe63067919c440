import { randomUUID } from 'node:crypto';
import type { DotVoteItem, NoteItem, MarketDayItem } from '../../shared/api/stall.ts';

export const STALL_PROCESS = 'integrationskonzept';

/** A market day item as a tablet sends it; fills in the rest. */
export function buildMarketDayItem(overrides: Partial<MarketDayItem> = {}): MarketDayItem {
  return {
    type: 'marketDay',
    id: randomUUID(),
    processSlug: STALL_PROCESS,
    date: '2026-05-09',
    place: 'Wochenmarkt Bensberg',
    stadtteil: 'bensberg',
    staff: ['Aylin', 'Jonas'],
    ...overrides,
  };
}

let noteCounter = 0;

/** A stall note item; each one gets its own text so notes are told apart in assertions. */
export function buildNoteItem(overrides: Partial<NoteItem> = {}): NoteItem {
  noteCounter += 1;
  return {
    type: 'note',
    id: randomUUID(),
    processSlug: STALL_PROCESS,
    channel: 'stall',
    text: `Mehr Sprachkurse am Abend, Notiz ${noteCounter}`,
    kind: 'idea',
    fieldsOfAction: ['bildung'],
    stadtteil: 'bensberg',
    capturedAt: '2026-05-09T09:15:00.000Z',
    ...overrides,
  };
}

export function buildDotVoteItem(marketDayId: string, overrides: Partial<DotVoteItem> = {}): DotVoteItem {
  return { type: 'dotVote', id: randomUUID(), marketDayId, option: 'arbeit', delta: 1, ...overrides };
}
