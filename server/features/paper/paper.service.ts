import { randomBytes } from 'node:crypto';
import type { Db, DbOrTx } from '../../../db/index.ts';
import type { CreatePoster, Poster, PosterResults, PosterResultsQuery, SurveyPrintQuery } from '../../../shared/api/paper.ts';
import { LANGUAGE_NAMES } from '../../../shared/languages.ts';
import { suppressWithReasons, toCell } from '../../../shared/results/suppress.ts';
import { paperEntryPath, posterSurveyPath } from '../../../shared/survey/paper.ts';
import { AppError, notFound } from '../../errors.ts';
import { localDay } from '../../time.ts';
import { getProcess } from '../processes/processes.service.ts';
import type { ProcessRow } from '../processes/processes.repo.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import { responseCondition } from '../results/results.repo.ts';
import { questionnaireFilter } from '../results/results.selection.ts';
import { findMarketDayFollowingMerge } from '../stall/stall.repo.ts';
import { getPublishedSurvey } from '../survey/survey.service.ts';
import * as repo from './posters.repo.ts';

/**
 * A PDF ready to send: its bytes and its file name. Made on a read worker (server/read-worker), so laying out Arabic never holds up the event loop.
 * The writers (pdfkit, the fonts, bidi-js, qrcode) load on the first PDF asked for, not with every worker.
 */
export interface PdfFile {
  pdf: Uint8Array;
  filename: string;
}

/**
 * The printable questionnaire of the current (or a named) published version in one language the
 * survey offers. Public, like the survey: 404 for a draft process or a version that was never
 * published, 400 for a language the version does not offer.
 */
export async function questionnairePdf(db: DbOrTx, { slug, query, publicBase }: { slug: string; query: SurveyPrintQuery; publicBase: string }): Promise<PdfFile> {
  const { process, survey, texts, districts } = getPublishedSurvey(db, slug, query.version);
  const { definition } = survey;
  if (!definition.languages.includes(query.lang)) {
    throw new AppError(400, 'language_not_offered', `Version ${survey.version} is not offered in ${LANGUAGE_NAMES[query.lang]}`, { offered: definition.languages });
  }
  const { writeQuestionnaire } = await import('./questionnaire.pdf.ts');
  const pdf = writeQuestionnaire({
    processTitle: process.title,
    version: survey.version,
    definition,
    texts,
    districts,
    language: query.lang,
    large: query.large,
    entryAddress: publicBase + paperEntryPath(process.slug, survey.version, query.lang),
  });
  return { pdf, filename: `fragebogen-${process.slug}-v${survey.version}-${query.lang}${query.large ? '-grossdruck' : ''}.pdf` };
}

// Lower-case letters and digits without the ones people confuse on paper (0/o, 1/l/i).
const ID_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten random characters from 31: about 49 bits, so ids are neither guessed nor counted through. */
function newPosterId(): string {
  return Array.from(randomBytes(10), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

function presentPoster(process: ProcessRow, row: repo.PosterWithPlace): Poster {
  const { poster } = row;
  return {
    id: poster.id,
    place: poster.place,
    marketDay: row.marketDay,
    stadtteil: poster.stadtteilKey ? { key: poster.stadtteilKey, name: row.stadtteilName ?? poster.stadtteilKey } : null,
    languages: poster.languages,
    createdOn: poster.createdOn,
    surveyPath: posterSurveyPath(process.slug, poster.languages[0]!, poster.id),
  };
}

export function listPosters(db: DbOrTx, slug: string): Poster[] {
  const process = getProcess(db, slug);
  return repo.listPosters(db, process.id).map((row) => presentPoster(process, row));
}

/**
 * A poster for a market day (its place and Stadtteil by default) or for a Stadtteil. The market
 * day must have reached the server: a tablet's new market day is known once it synced.
 */
export function createPoster(db: DbOrTx, slug: string, body: CreatePoster, userId: number): Poster {
  const process = getProcess(db, slug);
  let stadtteilKey = body.stadtteil ?? null;
  let place = body.place;
  let marketDayId: string | null = null;
  if (body.marketDayId) {
    // A tablet may still name a market day an admin merged into another: the poster hangs at that one.
    const marketDay = findMarketDayFollowingMerge(db, body.marketDayId);
    if (!marketDay || marketDay.processId !== process.id) {
      throw new AppError(404, 'market_day_not_found', 'This market day is not on the server yet; let the tablet sync first');
    }
    marketDayId = marketDay.id;
    stadtteilKey = marketDay.stadtteilKey === 'outside' ? null : marketDay.stadtteilKey;
    place ??= marketDay.place;
  }
  if (body.stadtteil) {
    const name = repo.findStadtteilName(db, process.id, body.stadtteil);
    if (name === undefined) throw new AppError(400, 'unknown_stadtteil', `No Stadtteil ${body.stadtteil} in this process`);
    place ??= name;
  }
  const id = newPosterId();
  repo.insertPoster(db, {
    id,
    processId: process.id,
    marketDayId,
    stadtteilKey,
    place: place ?? '',
    languages: body.languages,
    createdBy: userId,
    createdOn: localDay(),
  });
  return presentPoster(process, repo.findPoster(db, process.id, id)!);
}

/** A poster's PDF, A4 or A3: the invitation in its languages and the big code to the survey. */
export async function posterPdf(db: DbOrTx, { slug, id, size, publicBase }: { slug: string; id: string; size: 'a4' | 'a3'; publicBase: string }): Promise<PdfFile> {
  const process = getProcess(db, slug);
  const row = repo.findPoster(db, process.id, id);
  if (!row) throw notFound(`Poster ${id}`);
  const poster = presentPoster(process, row);
  const { writePoster } = await import('./poster.pdf.ts');
  const pdf = writePoster({ processTitle: process.title, poster, size, surveyAddress: publicBase + poster.surveyPath });
  return { pdf, filename: `plakat-${process.slug}-${poster.id}-${size}.pdf` };
}

/**
 * Responses per poster, for everyone who reads results. Counts leave out flagged responses, as
 * every aggregate does, and are suppressed under the process's threshold: each poster's count, the
 * responses not opened from a poster and the total are one sum, so a withheld count is never
 * given away by subtracting. They follow the results page's „Befragte eingrenzen“ as its other
 * counts do (`questionnaireFilter`: 403 for a working group without fields, 400/422 alike); where
 * the question figures refuse the filters, every count is withheld (`responsesWithheld`).
 */
export function posterResults(db: Db, slug: string, user: UserRow, filter: PosterResultsQuery = {}): PosterResults {
  const process = getProcess(db, slug);
  const { voiceFilter, refused } = questionnaireFilter(db, process, user, filter);
  const threshold = process.suppressionThreshold;
  const rows = repo.listPosters(db, process.id);
  const counted = new Map(refused ? [] : repo.countResponsesByPoster(db, responseCondition(process.id, voiceFilter)).map((row) => [row.posterId, row.count]));
  // A response whose poster is unknown here cannot happen (the survey stores known ids only), so every count has its row.
  const counts = [...rows.map((row) => counted.get(row.poster.id) ?? 0), counted.get(null) ?? 0];
  const total = counts.reduce((sum, count) => sum + count, 0);
  const all = [...counts, total];
  const reasons = suppressWithReasons(all, [{ sum: all.length - 1, parts: counts.map((_, index) => index) }], threshold);
  // A count withheld only so that a smaller one cannot be worked out says so („verdeckt“), as every other table does.
  const cell = (index: number) => (refused ? toCell(all[index]!, true) : toCell(all[index]!, reasons[index] !== null, reasons[index]));
  return {
    threshold,
    posters: rows.map((row, index) => ({
      id: row.poster.id,
      place: row.poster.place,
      stadtteil: row.stadtteilName ?? null,
      marketDay: row.marketDay?.date ?? null,
      count: cell(index),
    })),
    withoutPoster: cell(counts.length - 1),
    total: cell(all.length - 1),
    responsesWithheld: refused,
  };
}

/** The poster a survey was opened from, when it exists in this process; anything else is recorded as none (a resident never loses a response to a bad link). */
export function knownPoster(db: DbOrTx, processId: string, id: string | undefined): string | null {
  return id && repo.posterExists(db, processId, id) ? id : null;
}

/** An admin corrected a market day's Stadtteil: its posters hung in the former one name the corrected one. Inside the caller's transaction. */
/** The posters of a market day merged into another hang at that one (`mergeMarketDay`). */
export function filePostersUnderMarketDay(tx: DbOrTx, from: string, into: string): void {
  repo.movePostersToMarketDay(tx, from, into);
}

export function followMarketDayStadtteilOnPosters(tx: DbOrTx, marketDayId: string, from: string | null, to: string | null): void {
  repo.movePostersOfMarketDay(tx, marketDayId, from, to);
}
