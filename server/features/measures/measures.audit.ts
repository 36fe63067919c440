import type { DbOrTx } from '../../../db/index.ts';
import type { AuditAction, AuditFieldChange } from '../../../shared/audit.ts';
import type { LocalizedText } from '../../../shared/languages.ts';
import type { TranslationStatuses } from '../../../shared/measures.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import type { ProcessRow } from '../processes/processes.repo.ts';
import { changedFields, changeRenderer, type ChangeContext, type GuidingGoalSnapshot, type MeasureSnapshot } from './measures.presenter.ts';

/**
 * The audit log's entries of measure and Leitziel writes, written beside their `measure_changes`
 * row in the same transaction: who, what and the fields that changed as German text
 * (`changes`: field, before, after), with the title the thing had, so an entry still names it
 * after the thing is gone. An edit that changes a measure's status or its linked results writes
 * an entry for each of those apart from the one for its other fields, so the log can be filtered
 * for status changes and links.
 */

type Link = MeasureSnapshot['resultLinks'][number];

export interface MeasureAuditContext extends ChangeContext {
  process: ProcessRow;
  userId: number;
  /** A linked result in words: "question title: option". */
  linkLabel: (link: Link) => string;
}

/** The fields a new or removed measure's entry names. */
const MEASURE_SUMMARY = ['fieldKey', 'statusKey', 'progress', 'guidingGoalId', 'stadtteilKeys'] as const;

function fieldChanges(context: ChangeContext, fields: readonly string[], before: object | null, after: object | null): AuditFieldChange[] {
  const render = changeRenderer(context);
  const text = (field: string, side: object | null) => render(field, (side as Record<string, unknown> | null)?.[field])?.de ?? null;
  return fields.map((field) => ({ field, before: text(field, before), after: text(field, after) })).filter((change) => change.before !== null || change.after !== null);
}

const sameLink = (a: Link, b: Link) => a.kind === b.kind && a.ref === b.ref && a.optionKey === b.optionKey;

export function auditMeasure(tx: DbOrTx, context: MeasureAuditContext, id: string, before: MeasureSnapshot | null, after: MeasureSnapshot | null): void {
  const title = (after ?? before)!.title.de;
  const write = (action: AuditAction, details: Record<string, unknown>) =>
    appendAudit(tx, { userId: context.userId, action, entity: 'measure', entityId: id, details: { process: context.process.slug, title, ...details } });
  const added = (after?.resultLinks ?? []).filter((link) => !(before?.resultLinks ?? []).some((old) => sameLink(old, link)));
  const removed = (before?.resultLinks ?? []).filter((link) => !(after?.resultLinks ?? []).some((now) => sameLink(now, link)));
  const links = { ...(added.length ? { added: added.map(context.linkLabel) } : {}), ...(removed.length ? { removed: removed.map(context.linkLabel) } : {}) };
  if (before === null) return write('measure_created', { changes: fieldChanges(context, MEASURE_SUMMARY, null, after), ...links });
  if (after === null) return write('measure_deleted', { changes: fieldChanges(context, MEASURE_SUMMARY, before, null) });
  const fields = changedFields('measure', before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  if (fields.includes('statusKey')) write('measure_status_changed', { changes: fieldChanges(context, ['statusKey'], before, after) });
  if (added.length || removed.length) write('measure_links_changed', links);
  const rest = fieldChanges(
    context,
    fields.filter((field) => field !== 'statusKey' && field !== 'resultLinks'),
    before,
    after,
  );
  if (rest.length) write('measure_updated', { changes: rest });
}

export function auditGuidingGoal(tx: DbOrTx, context: MeasureAuditContext, id: string, before: GuidingGoalSnapshot | null, after: GuidingGoalSnapshot | null, extra: Record<string, unknown> = {}): void {
  const action: AuditAction = before === null ? 'guiding_goal_created' : after === null ? 'guiding_goal_deleted' : 'guiding_goal_updated';
  const fields = before && after ? changedFields('guiding_goal', before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>) : ['fieldKey'];
  appendAudit(tx, {
    userId: context.userId,
    action,
    entity: 'guiding_goal',
    entityId: id,
    details: { process: context.process.slug, title: (after ?? before)!.text.de, changes: fieldChanges(context, fields, before, after), ...extra },
  });
}

/**
 * The process's status list replaced: the German labels before and after; when only labels in
 * other languages or their translation status changed, every language's label.
 */
type AuditedStatus = { key: string; label: LocalizedText; translations: TranslationStatuses; concluded: boolean };
export function auditStatuses(tx: DbOrTx, process: ProcessRow, userId: number, before: readonly AuditedStatus[], after: readonly AuditedStatus[]): void {
  const german = (statuses: readonly AuditedStatus[]) => statuses.map((status) => status.label.de).join(', ');
  const whole = (statuses: readonly AuditedStatus[]) =>
    statuses.map((status) => Object.entries(status.label).map(([language, text]) => (language === 'de' ? text : `${language}: ${text}`)).join(' / ')).join(', ');
  const same = (statuses: readonly AuditedStatus[]) => JSON.stringify(statuses.map(({ key, label, translations, concluded }) => [key, label, translations, concluded]));
  const list = german(before) !== german(after) ? german : whole;
  if (same(before) === same(after)) return;
  appendAudit(tx, { userId, action: 'measure_statuses_set', entity: 'process', entityId: process.slug, details: { changes: [{ field: 'statuses', before: list(before), after: list(after) }] } });
}
