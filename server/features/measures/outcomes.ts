import type { Db, DbOrTx } from '../../../db/index.ts';
import type { ContributionOutcome, MeasureStatus, OutcomeMeasure, OutcomeReport, OutcomeRequest, OutcomesQuery } from '../../../shared/api/measures.ts';
import { citeId } from '../../../shared/api/quotes.ts';
import { DEFAULT_MEASURE_STATUSES, OUTCOME_OPEN } from '../../../shared/measures.ts';
import { badRequest, conflict, forbidden, notFound } from '../../errors.ts';
import { stripBidiControls } from '../../../shared/text/normalize.ts';
import { localDay } from '../../time.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import { findContribution } from '../contributions/contributions.repo.ts';
import { loadProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import { maskedGermanOf } from '../results/quotes.repo.ts';
import { assertWorksOn, readableFields } from '../results/working-group.service.ts';
import * as repo from './measures.repo.ts';

/** The status list a process's measures use: its own, or the default list when it set none. */
export function statusesOf(db: DbOrTx, processId: string): MeasureStatus[] {
  const own = repo.listStatuses(db, processId);
  return own.length > 0 ? own.map(({ key, label, translations, concluded }) => ({ key, label, translations, concluded })) : DEFAULT_MEASURE_STATUSES.map((status) => ({ ...status, translations: { ...status.translations } }));
}

/** A status by key; a key no longer in the list reads as itself rather than failing a page. */
export function statusNamer(statuses: readonly MeasureStatus[]): (key: string) => MeasureStatus {
  const byKey = new Map(statuses.map((status) => [status.key, status]));
  return (key) => byKey.get(key) ?? { key, label: { de: key }, translations: {}, concluded: false };
}

export function presentOutcomeMeasure(row: repo.MeasureRow, status: (key: string) => MeasureStatus): OutcomeMeasure {
  return { id: row.id, fieldKey: row.fieldKey, title: row.title, translations: row.translations, status: status(row.statusKey), progress: row.progress };
}

/**
 * What became of one contribution, for residents (the receipt page `/p/:slug/beitrag/:code`) and
 * for staff alike: the outcome's kind, the reason (`not_pursued`) or recipient (`passed_on`), the
 * day it was decided, and the measures that take it up with their title per language, status and
 * progress. `kind: 'open'` when nobody decided yet; `null` when the process has no such
 * contribution. Names no person and no account; reads no text of the contribution.
 *
 * Signature kept stable for the receipts feature: `outcomeForContribution(db, processId, contributionId)`.
 */
export function outcomeForContribution(db: DbOrTx, processId: string, contributionId: string): ContributionOutcome | null {
  const contribution = findContribution(db, contributionId);
  if (!contribution || contribution.processId !== processId) return null;
  return outcomesOf(db, processId, [contributionId]).get(contributionId)!;
}

/**
 * Records what became of a contribution. A working group decides for the contributions of its
 * fields and may link them only to measures of its fields; links to other fields' measures stay
 * as they are (so a contribution another group took up stays taken up: 409 `taken_up_elsewhere`
 * for a decision that would contradict them). `taken_up` replaces the caller's links with the
 * given measures; `open` takes the decision back.
 */
export function setOutcome(db: Db, process: ProcessRow, user: UserRow, contributionId: string, request: OutcomeRequest, today = localDay()): ContributionOutcome {
  const contribution = findContribution(db, contributionId);
  if (!contribution || contribution.processId !== process.id) throw notFound('Contribution');
  const fields = readableFields(db, process, user, undefined);
  if (!repo.isReadableBy(db, process.id, contributionId, fields)) throw forbidden();
  const editable = new Set(fields);
  db.transaction((tx) => {
    const linked = repo.findMeasures(tx, process.id, repo.measureIdsTakingUp(tx, contributionId));
    const own = linked.filter((measure) => editable.has(measure.fieldKey)).map((measure) => measure.id);
    const others = linked.filter((measure) => !editable.has(measure.fieldKey));
    repo.unlinkContribution(tx, own, contributionId);
    if (request.kind === 'taken_up') {
      const measures = repo.findMeasures(tx, process.id, request.measureIds);
      if (measures.length !== new Set(request.measureIds).size) throw badRequest('unknown_measure', 'The process has no such measure');
      if (measures.some((measure) => !editable.has(measure.fieldKey))) throw forbidden();
      for (const measure of measures) repo.linkContribution(tx, measure.id, contributionId, user.id);
      repo.saveOutcome(tx, { contributionId, processId: process.id, kind: 'taken_up', reason: null, passedTo: null, decidedBy: user.id, decidedOn: today });
    } else if (others.length > 0) {
      throw conflict('taken_up_elsewhere', 'Measures of other fields take this contribution up', { measures: others.map((measure) => measure.title.de) });
    } else if (request.kind === 'open') {
      repo.deleteOutcome(tx, contributionId);
    } else {
      repo.saveOutcome(tx, {
        contributionId,
        processId: process.id,
        kind: request.kind,
        reason: request.kind === 'not_pursued' ? request.reason : null,
        passedTo: request.kind === 'passed_on' ? request.passedTo : null,
        decidedBy: user.id,
        decidedOn: today,
      });
    }
    appendAudit(tx, { userId: user.id, action: 'contribution_outcome', entity: 'contribution', entityId: contributionId, details: { kind: request.kind } });
  });
  return outcomeForContribution(db, process.id, contributionId)!;
}

function outcomesOf(db: DbOrTx, processId: string, ids: readonly string[]): Map<string, ContributionOutcome> {
  const status = statusNamer(statusesOf(db, processId));
  const outcomes = repo.outcomesFor(db, ids);
  const taking = repo.measuresTakingUp(db, processId, ids);
  return new Map(
    ids.map((id) => {
      const outcome = outcomes.get(id);
      return [
        id,
        {
          kind: outcome?.kind ?? OUTCOME_OPEN,
          reason: outcome?.kind === 'not_pursued' ? outcome.reason : null,
          passedTo: outcome?.kind === 'passed_on' ? outcome.passedTo : null,
          decidedOn: outcome?.decidedOn ?? null,
          measures: outcome?.kind === 'taken_up' ? (taking.get(id) ?? []).map((row) => presentOutcomeMeasure(row, status)) : [],
        },
      ];
    }),
  );
}

/** The contributions of the caller's fields (or one of them) with their outcomes: masked text only. */
export function outcomeList(db: DbOrTx, process: ProcessRow, user: UserRow, query: OutcomesQuery) {
  const fields = readableFields(db as Db, process, user, query.field);
  const { rows, total } = repo.listForOutcomes(db, process.id, fields, query.state, query);
  const ids = rows.map((row) => row.id);
  const outcomes = outcomesOf(db, process.id, ids);
  const tags = repo.confirmedFields(db, ids);
  const german = maskedGermanOf(db, ids);
  return {
    total,
    items: rows.map((row) => ({
      id: row.id,
      citeId: citeId(row.citeSeq!),
      text: row.maskedText,
      language: row.language,
      channel: row.channel,
      month: row.capturedOn.slice(0, 7),
      fieldKeys: (tags.get(row.id) ?? []).filter((key) => fields.includes(key)),
      outcome: outcomes.get(row.id)!,
      german: german.has(row.id) ? { text: stripBidiControls(german.get(row.id)!), source: 'human' as const } : null,
    })),
  };
}

/** At most this many open contributions are listed per working group in the report (all are counted). */
const REPORT_ITEMS = 200;

/**
 * Inputs without an outcome, per working group: for each working-group account (for a working
 * group: its own), its fields' contributions, how many are still open, per field, and the open
 * ones, oldest first. Admins see every group.
 */
export function outcomeReport(db: DbOrTx, process: ProcessRow, user: UserRow): OutcomeReport {
  assertWorksOn(process, user);
  const groups = user.role === 'admin' ? repo.listWorkingGroups(db, process.slug) : [{ id: user.id, username: user.username, displayName: user.displayName, fieldsOfAction: user.fieldsOfAction }];
  const parts = loadProcessParts(db, process.id);
  const processFields = new Set(parts.fields.map((field) => field.key));
  const withChildren = (key: string) => [key, ...parts.fields.filter((field) => field.parentKey === key).map((field) => field.key)];
  return {
    groups: groups
      .map((group) => ({ group, fields: [...new Set(group.fieldsOfAction.filter((key) => processFields.has(key)).flatMap(withChildren))] }))
      .filter(({ fields }) => fields.length > 0)
      .map(({ group, fields }) => {
        const all = repo.listForOutcomes(db, process.id, fields, 'all', { offset: 0, limit: 1 }).total;
        const open = repo.listForOutcomes(db, process.id, fields, 'open', { offset: 0, limit: REPORT_ITEMS });
        const openTags = repo.confirmedFields(db, open.rows.map((row) => row.id));
        return {
          name: group.displayName ?? group.username,
          fieldKeys: fields,
          total: all,
          open: open.total,
          fields: fields.map((key) => ({
            key,
            total: repo.listForOutcomes(db, process.id, [key], 'all', { offset: 0, limit: 1 }).total,
            open: repo.listForOutcomes(db, process.id, [key], 'open', { offset: 0, limit: 1 }).total,
          })),
          openItems: open.rows.map((row) => ({
            id: row.id,
            citeId: citeId(row.citeSeq!),
            text: row.maskedText,
            fieldKeys: (openTags.get(row.id) ?? []).filter((key) => fields.includes(key)),
            month: row.capturedOn.slice(0, 7),
          })),
        };
      }),
  };
}
