import type { Db, DbOrTx } from '../../../db/index.ts';
import type { ModerationQuery } from '../../../shared/api/moderation.ts';
import { CONTRIBUTION_FLAGS, PLACE_OUTSIDE, PLACE_UNKNOWN, stadtteilToStore } from '../../../shared/domain.ts';
import { maskNames } from '../../../shared/privacy/mask.ts';
import { AppError, badRequest, notFound } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { addTag, replaceTags, tagsFor, translationsFor, updateIfVersion, type ContributionRow } from '../contributions/contributions.repo.ts';
import { maskedStretches, remaskGerman, setGermanRendering } from '../contributions/contributions.service.ts';
import { loadProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import { learnFromReview, rebuildModel, suggestContext, suggestFor } from '../suggest/suggest.service.ts';
import * as repo from './moderation.repo.ts';

/** A review settles an edit made after the last one. */
const reviewedFlags = (row: ContributionRow) => row.flags.filter((flag) => flag !== CONTRIBUTION_FLAGS.editedAfterReview);

function versionConflict(current: ContributionRow) {
  return new AppError(409, 'version_conflict', 'Someone changed this contribution in the meantime; reload it and decide again', { version: current.version });
}

export function moderationQueue(db: Db, process: ProcessRow, query: ModerationQuery) {
  const rows = repo.listQueue(db, process.id, query);
  const tags = tagsFor(db, rows.map((row) => row.id));
  const context = suggestContext(db, process.id);
  const { limit: _limit, offset: _offset, ...filters } = query;
  const { state: _state, ...others } = filters;
  const counts = repo.countQueueStates(db, process.id, others);
  return {
    rows,
    tags,
    suggestions: new Map(rows.map((row) => [row.id, suggestFor(context, row.maskedText, row.language)])),
    translations: translationsFor(db, rows.map((row) => row.id)),
    responseFlags: repo.responseFlagsOf(db, rows.map((row) => row.id)),
    total: counts[query.state],
    counts,
  };
}

function requireContribution(db: DbOrTx, process: ProcessRow, id: string) {
  const row = repo.findInProcess(db, process.id, id);
  if (!row) throw notFound('Contribution');
  return row;
}

function checkTaxonomy(db: Db, process: ProcessRow, fields: string[], stadtteil?: string) {
  const parts = loadProcessParts(db, process.id);
  const fieldKeys = new Set(parts.fields.map((field) => field.key));
  const unknownFields = fields.filter((field) => !fieldKeys.has(field));
  if (unknownFields.length) throw badRequest('unknown_field', `Unknown field of action: ${unknownFields.join(', ')}`, { fields: unknownFields });
  if (stadtteil !== undefined && stadtteil !== PLACE_UNKNOWN && stadtteil !== PLACE_OUTSIDE && !parts.stadtteile.some((s) => s.key === stadtteil)) {
    throw badRequest('unknown_stadtteil', `Unknown Stadtteil: ${stadtteil}`, { stadtteil });
  }
}

/** Sets the fields and Stadtteil a moderator decided, marks the contribution reviewed and teaches the suggester. */
export function review(db: Db, process: ProcessRow, id: string, decision: { version: number; fieldsOfAction: string[]; stadtteil: string }, userId: number) {
  const fields = [...new Set(decision.fieldsOfAction)];
  checkTaxonomy(db, process, fields, decision.stadtteil);
  db.transaction((tx) => {
    const before = requireContribution(tx, process, id);
    const stadtteilKey = stadtteilToStore(decision.stadtteil);
    const now = new Date().toISOString();
    if (!updateIfVersion(tx, id, decision.version, { stadtteilKey, stadtteilSource: 'reviewed', reviewedAt: now, flags: reviewedFlags(before) })) throw versionConflict(before);
    const beforeTags = tagsFor(tx, [id]).get(id) ?? [];
    replaceTags(tx, id, fields.map((fieldKey) => ({ contributionId: id, fieldKey, source: 'reviewed' as const, userId })));
    learnFromReview(tx, process.id, { text: before.maskedText, language: before.language, fieldKeys: fields });
    appendAudit(tx, {
      userId,
      action: 'contribution_reviewed',
      entity: 'contribution',
      entityId: id,
      details: {
        before: { fields: beforeTags.map((tag) => `${tag.fieldKey}:${tag.source}`), stadtteil: before.stadtteilKey },
        after: { fields, stadtteil: stadtteilKey },
      },
    });
  });
}

export function setHidden(db: Db, process: ProcessRow, id: string, input: { version: number; reason: string | null }, userId: number) {
  db.transaction((tx) => {
    const before = requireContribution(tx, process, id);
    const hidden = input.reason !== null;
    if (!updateIfVersion(tx, id, input.version, { status: hidden ? 'hidden' : 'visible', hiddenReason: input.reason })) throw versionConflict(before);
    appendAudit(tx, { userId, action: hidden ? 'contribution_hidden' : 'contribution_shown', entity: 'contribution', entityId: id, details: hidden ? { reason: input.reason } : null });
  });
}

/** A moderator masks names by hand in the text working groups see; the original stays for admins. */
export function maskByHand(db: Db, process: ProcessRow, id: string, input: { version: number; ranges: Array<{ start: number; end: number }> }, userId: number) {
  db.transaction((tx) => {
    const before = requireContribution(tx, process, id);
    const bad = input.ranges.find((range) => range.end <= range.start || range.end > before.maskedText.length);
    if (bad) throw badRequest('invalid_range', `Range ${bad.start}–${bad.end} lies outside the text`, { range: bad });
    const flags = before.flags.includes(CONTRIBUTION_FLAGS.namesMasked) ? before.flags : [...before.flags, CONTRIBUTION_FLAGS.namesMasked];
    // What was masked is remembered (as personal as the original, purged with it), so a later edit masks it again.
    const maskedNames = [...new Set([...before.maskedNames, ...maskedStretches(before.maskedText, input.ranges)])];
    if (!updateIfVersion(tx, id, input.version, { maskedText: maskNames(before.maskedText, input.ranges), flags, maskedNames })) throw versionConflict(before);
    remaskGerman(tx, id, maskedNames);
    // The audit says that and how much was masked, never what.
    appendAudit(tx, { userId, action: 'contribution_names_masked', entity: 'contribution', entityId: id, details: { ranges: input.ranges.length } });
  });
}

/**
 * A moderator's German rendering of a contribution in another language ("Deutsch"): kept apart
 * from the original, masked like it, marked as a person's translation; who and when go to the
 * audit log. `text: null` removes it. A German contribution needs none.
 */
export function translate(db: Db, process: ProcessRow, id: string, input: { version: number; text: string | null }, userId: number) {
  db.transaction((tx) => {
    const before = requireContribution(tx, process, id);
    if (before.language === 'de' || before.language === 'de-easy') throw badRequest('already_german', 'This contribution is written in German; it needs no German rendering');
    if (!updateIfVersion(tx, id, input.version, {})) throw versionConflict(before);
    const outcome = setGermanRendering(tx, before, input.text, userId);
    // Who and when are the entry's own; the text is not repeated here (it may hold what the masking removes).
    appendAudit(tx, { userId, action: 'contribution_translated', entity: 'contribution', entityId: id, details: { language: 'de', source: 'human', outcome, from: before.language } });
  });
}

export type BulkAction =
  | { action: 'accept_suggestions'; ids: string[] }
  | { action: 'hide'; ids: string[]; reason: string }
  | { action: 'add_field'; ids: string[]; field: string };

export function bulk(db: Db, process: ProcessRow, input: BulkAction, userId: number) {
  if (input.action === 'add_field') checkTaxonomy(db, process, [input.field]);
  const skipped: Array<{ id: string; reason: string }> = [];
  let changed = 0;
  const context = input.action === 'accept_suggestions' ? suggestContext(db, process.id) : null;
  db.transaction((tx) => {
    for (const id of new Set(input.ids)) {
      const row = repo.findInProcess(tx, process.id, id);
      if (!row) {
        skipped.push({ id, reason: 'not_found' });
        continue;
      }
      const now = new Date().toISOString();
      if (input.action === 'hide') {
        updateIfVersion(tx, id, row.version, { status: 'hidden', hiddenReason: input.reason });
        appendAudit(tx, { userId, action: 'contribution_hidden', entity: 'contribution', entityId: id, details: { reason: input.reason, bulk: true } });
      } else if (input.action === 'add_field') {
        addTag(tx, { contributionId: id, fieldKey: input.field, source: 'reviewed', userId });
        updateIfVersion(tx, id, row.version, {});
        appendAudit(tx, { userId, action: 'contribution_field_added', entity: 'contribution', entityId: id, details: { field: input.field, bulk: true } });
      } else {
        const stored = (tagsFor(tx, [id]).get(id) ?? []).map((tag) => tag.fieldKey);
        const suggestion = suggestFor(context!, row.maskedText, row.language);
        const fields = stored.length ? stored : suggestion.fieldsOfAction.slice(0, 1).map((field) => field.key);
        if (fields.length === 0) {
          skipped.push({ id, reason: 'no_suggestion' });
          continue;
        }
        const stadtteilKey = row.stadtteilKey ?? suggestion.stadtteil;
        updateIfVersion(tx, id, row.version, { reviewedAt: now, stadtteilKey, stadtteilSource: stadtteilKey ? 'reviewed' : row.stadtteilSource, flags: reviewedFlags(row) });
        replaceTags(tx, id, fields.map((fieldKey) => ({ contributionId: id, fieldKey, source: 'reviewed' as const, userId })));
        appendAudit(tx, { userId, action: 'contribution_reviewed', entity: 'contribution', entityId: id, details: { after: { fields, stadtteil: stadtteilKey }, bulk: true } });
      }
      changed += 1;
    }
    if (input.action !== 'hide' && changed > 0) rebuildModel(tx, process);
  });
  return { changed, skipped };
}
