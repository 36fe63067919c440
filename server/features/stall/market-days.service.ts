import type { Db, DbOrTx } from '../../../db/index.ts';
import type { AdminMarketDay, CreateMarketDay, MergeMarketDay, MergeMarketDayResult, UpdateMarketDay, UpdateMarketDayResult } from '../../../shared/api/market-days.ts';
import { toVersion1 } from '../../../shared/api/stall.ts';
import type { AuditFieldChange } from '../../../shared/audit.ts';
import { PLACE_OUTSIDE, PLACE_UNKNOWN, stadtteilToStore } from '../../../shared/domain.ts';
import { AppError, badRequest, conflict, notFound } from '../../errors.ts';
import { contentHash } from '../../hash.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { fileVoicesUnderMarketDay, followMarketDayStadtteil } from '../contributions/contributions.service.ts';
import { filePostersUnderMarketDay, followMarketDayStadtteilOnPosters } from '../paper/paper.service.ts';
import { loadProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import { getProcess } from '../processes/processes.service.ts';
import { fileQuestionnairesUnderMarketDay, followMarketDayDate } from '../survey/survey.service.ts';
import * as repo from './stall.repo.ts';

/**
 * Market days in the admin area of a process: planned ahead, corrected, removed while nothing was
 * captured on them. Tablets create market days through the sync (`stall.service.ts`), which
 * stores one once and never changes it; only these corrections do, each from the version the
 * admin saw (as a tablet's edit of a note names its base version), each written to the audit log
 * in the same transaction. ARCHITECTURE.md, "The market stall", says what a tablet with an older
 * copy then sees.
 */

type Row = ReturnType<typeof repo.listMarketDaysForAdmin>[number];

function present(row: Row): AdminMarketDay {
  const { day } = row;
  return {
    id: day.id,
    date: day.date,
    place: day.place,
    stadtteil: day.stadtteilKey,
    staff: day.staff,
    version: day.version,
    noteCount: row.noteCount,
    paperCount: row.paperCount,
    dotVoteCount: row.dotVoteCount,
    posterCount: row.posterCount,
    createdBy: row.username === null ? null : { username: row.username, displayName: row.displayName, role: row.role ?? '' },
    createdAt: day.createdAt,
  };
}

export function listAdminMarketDays(db: DbOrTx, slug: string): AdminMarketDay[] {
  const process = getProcess(db, slug);
  return repo.listMarketDaysForAdmin(db, process.id).map(present);
}

function presentOne(db: DbOrTx, process: ProcessRow, id: string): AdminMarketDay {
  const row = repo.listMarketDaysForAdmin(db, process.id).find((candidate) => candidate.day.id === id);
  if (!row) throw notFound('Market day');
  return present(row);
}

/** A Stadtteil as stored (a key of the process, `outside`, or null), or a 400 naming the unknown key. */
function storedStadtteil(db: DbOrTx, process: ProcessRow, stadtteil: string | null): string | null {
  if (stadtteil === null || stadtteil === PLACE_UNKNOWN || stadtteil === PLACE_OUTSIDE) return stadtteilToStore(stadtteil);
  if (!loadProcessParts(db, process.id).stadtteile.some((row) => row.key === stadtteil)) {
    throw badRequest('unknown_stadtteil', `Diesen Stadtteil gibt es in diesem Verfahren nicht: ${stadtteil}`, [{ path: 'stadtteil', message: 'unknown Stadtteil' }]);
  }
  return stadtteil;
}

/** The market day of this process under `id`, or 404 (also for one of another process). */
function marketDayOf(db: DbOrTx, process: ProcessRow, id: string): repo.MarketDayRow {
  const row = repo.findMarketDay(db, id);
  if (!row || row.processId !== process.id) throw notFound('Market day');
  return row;
}

/** What the audit log keeps to name a market day once it is gone (`keptTitle`). */
const titleOf = (row: Pick<repo.MarketDayRow, 'date' | 'place'>) => `${row.date} · ${row.place}`;

/**
 * Plans a market day under the client's id. The same id with the same content answers the stored
 * one (`created: false`), also after a correction, since the hash is of the item as first sent and
 * hashed as a tablet's market day item would be; other content under the id is a 409.
 */
export function planMarketDay(db: Db, slug: string, input: CreateMarketDay, userId: number): { created: boolean; marketDay: AdminMarketDay } {
  const process = getProcess(db, slug);
  const item = { type: 'marketDay', id: input.id, processSlug: process.slug, date: input.date, place: input.place, stadtteil: input.stadtteil };
  const hash = contentHash(toVersion1(item));
  return db.transaction(
    (tx) => {
      const existing = repo.findMarketDay(tx, input.id);
      if (existing) {
        if (existing.processId !== process.id || existing.contentHash !== hash) {
          throw conflict('id_conflict', 'Unter dieser Kennung ist schon ein anderer Markttag gespeichert; er bleibt, wie er ist.');
        }
        return { created: false, marketDay: presentOne(tx, process, existing.id) };
      }
      if (repo.findRemovedMarketDay(tx, input.id)) {
        throw conflict('market_day_removed', 'Dieser Markttag wurde entfernt; unter seiner Kennung wird keiner mehr angelegt. Laden Sie die Seite neu und planen Sie ihn neu.');
      }
      const stadtteilKey = storedStadtteil(tx, process, input.stadtteil);
      repo.insertMarketDay(tx, {
        id: input.id,
        processId: process.id,
        date: input.date,
        place: input.place,
        stadtteilKey,
        staff: [],
        boardQuestion: null,
        boardOptions: null,
        contentHash: hash,
        createdBy: userId,
      });
      appendAudit(tx, {
        userId,
        action: 'market_day_planned',
        entity: 'market_day',
        entityId: input.id,
        details: { process: process.slug, title: titleOf(input), date: input.date, place: input.place, stadtteil: stadtteilKey },
      });
      return { created: true, marketDay: presentOne(tx, process, input.id) };
    },
    { behavior: 'immediate' },
  );
}

/**
 * Corrects date, place and Stadtteil from the version the admin saw. A changed Stadtteil takes
 * the market day's notes filed under the former one along (not those a moderator reviewed, nor
 * the text answers of paper questionnaires, which name their own), and its posters; the former
 * Stadtteil is remembered, so a note a tablet sends later from its older copy follows too
 * (`judgeNote`). A changed date takes the market day's paper questionnaires along, which were
 * dated to it when typed in, with the capture day of their free texts (`followMarketDayDate`);
 * the notes keep the day the tablet captured them on, and released snapshots what they froze.
 * The market day's content hash stays: a tablet's resend of the item as it first sent it is a
 * duplicate and changes nothing.
 */
export function correctMarketDay(db: Db, slug: string, id: string, input: UpdateMarketDay, userId: number): UpdateMarketDayResult {
  const process = getProcess(db, slug);
  return db.transaction(
    (tx) => {
      const existing = marketDayOf(tx, process, id);
      if (existing.version !== input.baseVersion) {
        throw new AppError(409, 'version_conflict', `Der Markttag wurde inzwischen geändert (jetzt Version ${existing.version}); Ihre Korrektur ist nicht gespeichert.`, {
          current: presentOne(tx, process, id),
        });
      }
      const stadtteilKey = storedStadtteil(tx, process, input.stadtteil);
      const changes: AuditFieldChange[] = [];
      const dateChanged = existing.date !== input.date;
      if (dateChanged) changes.push({ field: 'date', before: existing.date, after: input.date });
      if (existing.place !== input.place) changes.push({ field: 'place', before: existing.place, after: input.place });
      const stadtteilChanged = existing.stadtteilKey !== stadtteilKey;
      if (stadtteilChanged) changes.push({ field: 'stadtteil', before: existing.stadtteilKey, after: stadtteilKey });
      if (changes.length === 0) return { marketDay: presentOne(tx, process, id), notesMoved: 0, papersMoved: 0 };

      const former = stadtteilChanged ? [...existing.formerStadtteilKeys.filter((key) => key !== stadtteilKey && key !== existing.stadtteilKey), existing.stadtteilKey] : existing.formerStadtteilKeys;
      if (!repo.updateMarketDayIfVersion(tx, id, existing.version, { date: input.date, place: input.place, stadtteilKey, formerStadtteilKeys: former })) {
        throw conflict('version_conflict', 'Der Markttag wurde inzwischen geändert; Ihre Korrektur ist nicht gespeichert.');
      }
      const moved = stadtteilChanged ? followMarketDayStadtteil(tx, id, existing.stadtteilKey, stadtteilKey) : [];
      if (stadtteilChanged) followMarketDayStadtteilOnPosters(tx, id, existing.stadtteilKey, stadtteilKey);
      const papersMoved = dateChanged ? followMarketDayDate(tx, id, input.date) : 0;
      appendAudit(tx, {
        userId,
        action: 'market_day_corrected',
        entity: 'market_day',
        entityId: id,
        details: {
          process: process.slug,
          title: titleOf(input),
          from: existing.version,
          to: existing.version + 1,
          changes,
          ...(stadtteilChanged ? { notesMoved: moved.length } : {}),
          ...(dateChanged ? { papersMoved } : {}),
        },
      });
      return { marketDay: presentOne(tx, process, id), notesMoved: moved.length, papersMoved };
    },
    { behavior: 'immediate' },
  );
}

/**
 * Merges market day `id` into `input.into`, both of this process: for a market day created twice
 * (two tablets offline at the same stall, or planned by an admin after a tablet created it). The
 * one kept keeps its date, place and Stadtteil, and takes the staff of both. What was captured on
 * the other follows as a correction would take it: notes filed under its Stadtteil move to the
 * kept one's (not those a moderator reviewed), and its Stadtteile are remembered with the kept
 * one's former ones, so a note a tablet sends later from its copy follows too; its QR posters
 * likewise; its paper questionnaires take the kept one's date. Then everything is filed under the
 * kept one and the other removed, remembered as merged into it: a tablet's resend of it answers
 * `duplicate`, and what names it is stored on the kept one (`stall.service.ts`). Dot votes keep
 * their option; one the kept board does not offer makes it a 409 and changes nothing.
 */
export function mergeMarketDay(db: Db, slug: string, id: string, input: MergeMarketDay, userId: number): MergeMarketDayResult {
  const process = getProcess(db, slug);
  if (input.into === id) throw badRequest('same_market_day', 'Ein Markttag kann nicht mit sich selbst zusammengeführt werden.', [{ path: 'into', message: 'the market day itself' }]);
  return db.transaction(
    (tx) => {
      const merged = marketDayOf(tx, process, id);
      const kept = marketDayOf(tx, process, input.into);
      const offered = new Set(kept.boardOptions ? kept.boardOptions.map((option) => option.key) : loadProcessParts(tx, process.id).fields.map((field) => field.key));
      const missingOptions = repo.dotVoteOptionsOf(tx, id).filter((key) => !offered.has(key));
      if (missingOptions.length > 0) {
        throw conflict(
          'market_day_boards_differ',
          'Die Klebepunkte dieses Markttags gelten Antworten, die die Tafel des anderen nicht hat; die beiden lassen sich nicht zusammenführen.',
          { options: missingOptions },
        );
      }
      const moved = repo.capturedOnMarketDay(tx, id);
      if (merged.stadtteilKey !== kept.stadtteilKey) {
        followMarketDayStadtteil(tx, id, merged.stadtteilKey, kept.stadtteilKey);
        followMarketDayStadtteilOnPosters(tx, id, merged.stadtteilKey, kept.stadtteilKey);
      }
      const former = [...new Set([...kept.formerStadtteilKeys, ...merged.formerStadtteilKeys, merged.stadtteilKey])].filter((key) => key !== kept.stadtteilKey);
      fileVoicesUnderMarketDay(tx, id, kept.id);
      fileQuestionnairesUnderMarketDay(tx, id, kept.id);
      filePostersUnderMarketDay(tx, id, kept.id);
      repo.moveMarketDayInto(tx, id, kept.id, process.id);
      if (merged.date !== kept.date) followMarketDayDate(tx, kept.id, kept.date);
      repo.updateMergedMarketDay(tx, kept.id, { staff: [...new Set([...kept.staff, ...merged.staff])], formerStadtteilKeys: former, version: kept.version + 1 });
      appendAudit(tx, {
        userId,
        action: 'market_day_merged',
        entity: 'market_day',
        entityId: kept.id,
        details: { process: process.slug, title: titleOf(kept), merged: titleOf(merged), ...moved },
      });
      return { marketDay: presentOne(tx, process, kept.id), moved };
    },
    { behavior: 'immediate' },
  );
}

/**
 * Removes a market day nothing was captured on; anything that names it (a note, a questionnaire,
 * a dot vote, a poster) makes it a 409. Its id is remembered (`removed_market_days`): a tablet
 * that still holds it and sends it again, or sends something captured on it, is refused with
 * `market_day_removed` (`stall.service.ts`), so the market day never comes back.
 */
export function removeMarketDay(db: Db, slug: string, id: string, userId: number): void {
  const process = getProcess(db, slug);
  db.transaction(
    (tx) => {
      const existing = marketDayOf(tx, process, id);
      const captured = repo.capturedOnMarketDay(tx, id);
      if (captured.notes + captured.papers + captured.dotVotes + captured.posters > 0) {
        throw conflict(
          'market_day_in_use',
          `Auf diesem Markttag ist schon etwas erfasst (${captured.notes} Notizen, ${captured.papers} Papierfragebögen, ${captured.dotVotes} Klebepunkte, ${captured.posters} QR-Plakate); er kann nicht entfernt werden. Korrigieren Sie stattdessen Datum, Ort oder Stadtteil.`,
          captured,
        );
      }
      repo.deleteMarketDay(tx, id, process.id);
      appendAudit(tx, {
        userId,
        action: 'market_day_removed',
        entity: 'market_day',
        entityId: id,
        details: { process: process.slug, title: titleOf(existing), date: existing.date, place: existing.place, stadtteil: existing.stadtteilKey },
      });
    },
    { behavior: 'immediate' },
  );
}
