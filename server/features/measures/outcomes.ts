import type { DbOrTx } from '../../../db/index.ts';
import type { ContributionOutcome, MeasureStatus, OutcomeMeasure } from '../../../shared/api/measures.ts';
import { DEFAULT_MEASURE_STATUSES } from '../../../shared/measures.ts';
import { findContribution } from '../contributions/contributions.repo.ts';
import * as repo from './measures.repo.ts';

/** The status list a process's measures use: its own, or the default list when it set none. */
export function statusesOf(db: DbOrTx, processId: string): MeasureStatus[] {
  const own = repo.listStatuses(db, processId);
  return own.length > 0 ? own.map(({ key, label, concluded }) => ({ key, label, concluded })) : DEFAULT_MEASURE_STATUSES.map((status) => ({ ...status }));
}

/** A status by key; a key no longer in the list reads as itself rather than failing a page. */
export function statusNamer(statuses: readonly MeasureStatus[]): (key: string) => MeasureStatus {
  const byKey = new Map(statuses.map((status) => [status.key, status]));
  return (key) => byKey.get(key) ?? { key, label: { de: key }, concluded: false };
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
  const status = statusNamer(statusesOf(db, processId));
  const outcome = repo.findOutcome(db, processId, contributionId);
  const linked = repo.measuresTakingUp(db, processId, [contributionId]).get(contributionId) ?? [];
  return {
    kind: outcome?.kind ?? 'open',
    reason: outcome?.kind === 'not_pursued' ? outcome.reason : null,
    passedTo: outcome?.kind === 'passed_on' ? outcome.passedTo : null,
    decidedOn: outcome?.decidedOn ?? null,
    measures: outcome?.kind === 'taken_up' ? linked.map((row) => presentOutcomeMeasure(row, status)) : [],
  };
}
