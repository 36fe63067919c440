/**
 * The page's „Befragte eingrenzen“ read once for every figure that follows it: the count tables at
 * the top of the Auswertung and the downloads read their scope here, through the quote browser's
 * `quoteSelection`, so page, quotes and files select the same voices and refuse alike.
 */
import type { Db } from '../../../db/index.ts';
import { RESPONSE_CHANNELS } from '../../../shared/api/question-results.ts';
import type { AggregateQuery, AggregateResult, ExportFilter } from '../../../shared/api/results.ts';
import { AppError } from '../../errors.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import type { ProcessRow } from '../processes/processes.repo.ts';
import { checkRespondentFilter } from './question-results.ts';
import { quoteSelection, type BandChoice } from './quotes.service.ts';
import { aggregateScope, resolveScope, type CheckedFilters, type Scope } from './results.service.ts';
import { readableFields } from './working-group.service.ts';
import type { VoiceFilter } from './results.repo.ts';

/** A scope under the respondent filters and the demographic bands its band filter was read against. */
export interface NarrowedScope {
  scope: Scope;
  bands: BandChoice[];
}

/**
 * The scope under the page's respondent filters, read as the page reads them: field, district and
 * channel as its figures (`resolveScope`); Stadtteil, language and band as its quotes
 * (`quoteSelection`: 400 for a Stadtteil or band the process does not have, 422 where the filters
 * leave fewer people than the threshold, or leave out fewer, or keep a withheld count), so the
 * contributions and counts narrowed here are those the page's filters select.
 */
export function narrowedScope(db: Db, process: ProcessRow, user: UserRow, filter: ExportFilter, includeFlagged = false, checked?: CheckedFilters): NarrowedScope {
  const { field, district, channel, stadtteil, language, band } = filter;
  const scope = resolveScope(db, process, user, { field, district, channel }, includeFlagged, checked);
  if (!stadtteil && !language && !band) return { scope, bands: [] };
  const selection = quoteSelection(db, process, user, { field, district, stadtteil, channel, language, band: band ? [band] : undefined });
  const { who } = selection.scope;
  return { scope: { ...scope, voiceFilter: { ...scope.voiceFilter, place: who.place, language, bands: who.bands } }, bands: selection.bands };
}

/**
 * Whether the per-question figures refuse these respondent filters (422): then the questionnaires
 * counted under them would tell what those figures withhold, and are left out — of the page's
 * counts here, of the downloads' count tables in `exportTables`.
 */
function questionnairesRefused(db: Db, process: ProcessRow, user: UserRow, filter: ExportFilter, includeFlagged: boolean): boolean {
  const { district, stadtteil, channel, language, band } = filter;
  if (!district && !stadtteil && !channel && !language && !band) return false;
  // A channel without questionnaires (the stall) counts none: nothing to refuse.
  if (channel && !(RESPONSE_CHANNELS as readonly string[]).includes(channel)) return false;
  try {
    const query = { district, stadtteil, language, band, channel: channel as (typeof RESPONSE_CHANNELS)[number] | undefined, includeFlagged };
    checkRespondentFilter(db, { processId: process.id, readableFields: readableFields(db, process, user, filter.field), query });
    return false;
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 422) return true;
    throw error;
  }
}

/**
 * The questionnaires the page's respondent filters keep, for counts of questionnaires beside the
 * aggregates (those per QR poster): the filter read as `narrowedScope` reads it (its 400s and 422s),
 * and whether the question figures refuse it, when none may be counted.
 */
export function questionnaireFilter(db: Db, process: ProcessRow, user: UserRow, filter: Omit<ExportFilter, 'field'>): { voiceFilter: VoiceFilter; refused: boolean } {
  const { scope } = narrowedScope(db, process, user, filter);
  return { voiceFilter: scope.voiceFilter, refused: questionnairesRefused(db, process, user, filter, false) };
}

/** Suppressed counts for a working group's fields (or any, for an admin), under the page's respondent filters. */
export function aggregates(db: Db, process: ProcessRow, user: UserRow, query: AggregateQuery): AggregateResult {
  const { by, includeFlagged, ...filter } = query;
  const { scope } = narrowedScope(db, process, user, filter, includeFlagged);
  const refused = questionnairesRefused(db, process, user, filter, includeFlagged);
  return aggregateScope(db, scope, by, refused);
}
