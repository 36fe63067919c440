import type { Db, DbOrTx } from '../../../db/index.ts';
import type {
  CreateGuidingGoal,
  CreateMeasure,
  MeasuresPage,
  MeasuresQuery,
  UpdateGuidingGoal,
  UpdateMeasure,
  MeasureStatus,
} from '../../../shared/api/measures.ts';
import type { LocalizedText } from '../../../shared/languages.ts';
import { allQuestions } from '../../../shared/survey/definition.ts';
import { goalFieldsOf } from '../../../shared/measures.ts';
import { badRequest, conflict, forbidden, notFound } from '../../errors.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import { loadProcessParts, type ProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import { readableFields } from '../results/working-group.service.ts';
import * as repo from './measures.repo.ts';
import { presentChanges, presentGuidingGoal, presentMeasure, snapshotGuidingGoal, snapshotMeasure, type ResultLinkLabel } from './measures.presenter.ts';
import { statusesOf, statusNamer } from './outcomes.ts';
import { auditGuidingGoal, auditMeasure, auditStatuses, type MeasureAuditContext } from './measures.audit.ts';

/**
 * Measures (Maßnahmen) and Leitziele: who may edit what, the checks every write passes, and the
 * history every write leaves. Working groups edit the measures and Leitziele of their fields (a
 * parent field with its children), admins all; each write is one transaction with its
 * `measure_changes` row, so there is no change without its history.
 */

/** The fields whose measures and Leitziele the caller may edit. */
export function editableFields(db: DbOrTx, process: ProcessRow, user: UserRow): string[] {
  return readableFields(db as Db, process, user, undefined);
}

function requireEditable(fields: readonly string[], fieldKey: string): void {
  if (!fields.includes(fieldKey)) throw forbidden();
}

const now = () => new Date().toISOString();

type Link = { kind: string; ref: string; optionKey: string };

/**
 * A measure rests on results its editors may read: a working group links questions of its own
 * fields and those of no field (priorities, the Stadtteil, demographics), and any market day's
 * dot votes. A link that was there before stays (another account may have made it); a new one to
 * another field's question is a 403.
 */
function requireReadableLinks(db: DbOrTx, process: ProcessRow, fields: readonly string[], links: readonly Link[] | undefined, before: readonly Link[] = []): void {
  const added = (links ?? []).filter((link) => link.kind === 'question' && !before.some((old) => old.kind === link.kind && old.ref === link.ref && old.optionKey === link.optionKey));
  if (added.length === 0) return;
  const fieldOf = new Map<string, string | undefined>();
  for (const { definition } of repo.surveyDefinitions(db, process.id)) {
    for (const question of allQuestions(definition)) if (!fieldOf.has(question.key)) fieldOf.set(question.key, question.fieldOfAction);
  }
  if (added.some((link) => fieldOf.get(link.ref) !== undefined && !fields.includes(fieldOf.get(link.ref)!))) throw forbidden();
}

/**
 * Checks what a measure names against the process: field, Leitziel, Stadtteile, status, linked
 * results. `current`: the stored measure a change applies to. Its Leitziel belongs to the measure's
 * field, the field that is its parent or one of its sub-fields (`goalFieldsOf`), checked when
 * either changes.
 */
function checkMeasure(db: DbOrTx, process: ProcessRow, parts: ProcessParts, measure: Partial<CreateMeasure>, current?: repo.MeasureRow): void {
  if (measure.fieldKey !== undefined && !parts.fields.some((field) => field.key === measure.fieldKey)) {
    throw badRequest('unknown_field', `The process has no field of action ${measure.fieldKey}`);
  }
  const goalId = measure.guidingGoalId === undefined ? current?.guidingGoalId : measure.guidingGoalId;
  const fieldKey = measure.fieldKey ?? current?.fieldKey;
  if (goalId && (measure.guidingGoalId !== undefined || measure.fieldKey !== undefined)) {
    const goal = repo.findGuidingGoal(db, goalId);
    if (!goal || goal.processId !== process.id) throw badRequest('unknown_guiding_goal', 'The process has no such Leitziel');
    if (fieldKey !== undefined && !goalFieldsOf(parts.fields, fieldKey).includes(goal.fieldKey)) {
      throw badRequest('guiding_goal_of_other_field', `The Leitziel belongs to the field of action ${goal.fieldKey}; a measure of ${fieldKey} may rest on a Leitziel of its own field, the field above it or a sub-field of it`, {
        fieldKey,
        guidingGoalFieldKey: goal.fieldKey,
      });
    }
  }
  if (measure.stadtteilKeys) {
    const known = new Set(parts.stadtteile.map((stadtteil) => stadtteil.key));
    const unknown = measure.stadtteilKeys.filter((key) => !known.has(key));
    if (unknown.length > 0) throw badRequest('unknown_stadtteil', 'The process has no such Stadtteil', { keys: unknown });
    if (new Set(measure.stadtteilKeys).size !== measure.stadtteilKeys.length) throw badRequest('duplicate_stadtteil', 'A Stadtteil is named twice');
  }
  if (measure.statusKey !== undefined && !statusesOf(db, process.id).some((status) => status.key === measure.statusKey)) {
    throw badRequest('unknown_status', `The process's status list has no status ${measure.statusKey}`);
  }
  if (measure.resultLinks) {
    const label = resultLinkLabeler(db, process, parts, measure.resultLinks);
    const missing = measure.resultLinks.filter((link) => label(link).title === null || (link.optionKey !== '' && label(link).option === null));
    if (missing.length > 0) throw badRequest('unknown_result', 'A linked question, option or market day does not exist in this process', { links: missing });
  }
}

/**
 * Names linked results: a question by its title in the newest survey version that has it, an
 * option by its label; a market day's poster by its question (or "fields of action") and an option
 * by its label (or the field's label). Null where the process has no such thing.
 */
function resultLinkLabeler(
  db: DbOrTx,
  process: ProcessRow,
  parts: ProcessParts,
  links: ReadonlyArray<{ kind: string; ref: string; optionKey: string }>,
): (link: { kind: string; ref: string; optionKey: string }) => ResultLinkLabel {
  const questions = new Map<string, { title: LocalizedText; options: Map<string, LocalizedText> }>();
  if (links.some((link) => link.kind === 'question')) {
    for (const { definition } of repo.surveyDefinitions(db, process.id)) {
      for (const section of definition.sections) {
        for (const question of section.questions) {
          if (questions.has(question.key)) continue;
          const options = 'options' in question ? new Map(question.options.map((option) => [option.key, option.label])) : new Map<string, LocalizedText>();
          questions.set(question.key, { title: question.title, options });
        }
      }
    }
  }
  const fieldLabel = new Map(parts.fields.map((field) => [field.key, field.label]));
  const days = new Map(
    repo
      .marketDaysByIds(
        db,
        process.id,
        links.filter((link) => link.kind === 'dot_vote').map((link) => link.ref),
      )
      .map((day) => [day.id, day]),
  );
  return (link) => {
    if (link.kind === 'question') {
      const question = questions.get(link.ref);
      return { title: question?.title ?? null, option: link.optionKey ? (question?.options.get(link.optionKey) ?? null) : null };
    }
    const day = days.get(link.ref);
    if (!day) return { title: null, option: null };
    const title = { de: `${day.date}, ${day.place}: ${day.boardQuestion ?? 'Handlungsfelder'}` };
    const option = day.boardOptions ? day.boardOptions.find((candidate) => candidate.key === link.optionKey)?.label : undefined;
    return { title, option: option ? { de: option } : link.optionKey ? (fieldLabel.get(link.optionKey) ?? null) : null };
  };
}

/** What the audit entries of a write name values by, read inside its transaction. */
function auditContext(tx: DbOrTx, process: ProcessRow, user: UserRow, links: readonly Link[]): MeasureAuditContext {
  const parts = loadProcessParts(tx, process.id);
  const label = resultLinkLabeler(tx, process, parts, links);
  return {
    process,
    userId: user.id,
    parts,
    status: statusNamer(statusesOf(tx, process.id)),
    guidingGoalText: (id) => repo.findGuidingGoal(tx, id)?.text ?? null,
    linkLabel: (link) => {
      const { title, option } = label(link);
      return [title?.de ?? link.ref, option?.de ?? (link.optionKey || null)].filter(Boolean).join(': ');
    },
  };
}

/** The measures page: statuses, fields, Leitziele and the measures the filters select. */
export function measuresPage(db: DbOrTx, process: ProcessRow, query: MeasuresQuery): MeasuresPage {
  const parts = loadProcessParts(db, process.id);
  const statuses = statusesOf(db, process.id);
  const status = statusNamer(statuses);
  const all = repo.listMeasures(db, process.id);
  const fieldOrder = new Map(parts.fields.map((field, index) => [field.key, index]));
  const withChildren = (key: string) => [key, ...parts.fields.filter((field) => field.parentKey === key).map((field) => field.key)];
  const fields = query.field ? withChildren(query.field) : null;
  const selected = all
    .filter((row) => !fields || fields.includes(row.fieldKey))
    .filter((row) => !query.stadtteil || row.stadtteilKeys.includes(query.stadtteil))
    .filter((row) => !query.status || row.statusKey === query.status)
    .filter((row) => query.progressMin === undefined || row.progress >= query.progressMin)
    .filter((row) => query.progressMax === undefined || row.progress <= query.progressMax)
    .sort((a, b) => (fieldOrder.get(a.fieldKey) ?? 0) - (fieldOrder.get(b.fieldKey) ?? 0));
  const ids = selected.map((row) => row.id);
  const links = repo.linksOf(db, ids);
  const linkLabel = resultLinkLabeler(db, process, parts, links);
  const contributions = repo.linkedContributions(db, ids);
  return {
    process: { slug: process.slug, title: process.title, city: process.city, languages: process.languages },
    statuses,
    fields: parts.fields.map((field) => ({ key: field.key, label: field.label, parentKey: field.parentKey })),
    stadtteile: parts.stadtteile.map((stadtteil) => ({ key: stadtteil.key, name: stadtteil.name })),
    guidingGoals: repo
      .listGuidingGoals(db, process.id)
      .sort((a, b) => (fieldOrder.get(a.fieldKey) ?? 0) - (fieldOrder.get(b.fieldKey) ?? 0))
      .map(presentGuidingGoal),
    measures: selected.map((row) =>
      presentMeasure(row, {
        status,
        contributions: contributions.filter((contribution) => contribution.measureId === row.id),
        links: links.filter((link) => link.measureId === row.id),
        linkLabel,
      }),
    ),
    total: all.length,
  };
}

function presentOne(db: DbOrTx, process: ProcessRow, row: repo.MeasureRow) {
  const parts = loadProcessParts(db, process.id);
  const links = repo.linksOf(db, [row.id]);
  return presentMeasure(row, {
    status: statusNamer(statusesOf(db, process.id)),
    contributions: repo.linkedContributions(db, [row.id]),
    links,
    linkLabel: resultLinkLabeler(db, process, parts, links),
  });
}

/** Creates a measure; the same id again answers the stored one (`created: false`). */
export function createMeasure(db: Db, process: ProcessRow, user: UserRow, input: CreateMeasure) {
  const existing = repo.findMeasure(db, input.id);
  if (existing) {
    if (existing.processId !== process.id) throw conflict('id_in_use', 'This id belongs to another measure');
    return { measure: presentOne(db, process, existing), created: false };
  }
  const parts = loadProcessParts(db, process.id);
  const statusKey = input.statusKey ?? statusesOf(db, process.id)[0]!.key;
  checkMeasure(db, process, parts, { ...input, statusKey });
  const editable = editableFields(db, process, user);
  requireEditable(editable, input.fieldKey);
  requireReadableLinks(db, process, editable, input.resultLinks);
  const at = now();
  const { resultLinks, ...fields } = input;
  const row = db.transaction((tx) => {
    repo.insertMeasure(tx, { ...fields, statusKey, processId: process.id, sortOrder: repo.nextMeasureOrder(tx, process.id, input.fieldKey), createdAt: at, updatedAt: at });
    repo.replaceResultLinks(tx, input.id, resultLinks, user.id);
    const stored = repo.findMeasure(tx, input.id)!;
    const after = snapshotMeasure(stored, repo.linksOf(tx, [input.id]));
    repo.appendChange(tx, { processId: process.id, entity: 'measure', entityId: input.id, action: 'created', userId: user.id, at, before: null, after });
    auditMeasure(tx, auditContext(tx, process, user, after.resultLinks), input.id, null, after);
    return stored;
  });
  return { measure: presentOne(db, process, row), created: true };
}

function findOwnMeasure(db: DbOrTx, process: ProcessRow, id: string): repo.MeasureRow {
  const row = repo.findMeasure(db, id);
  if (!row || row.processId !== process.id) throw notFound('Measure');
  return row;
}

/** Changes a measure that still has the version the edit started from; a working group may move it only between its own fields. */
export function updateMeasure(db: Db, process: ProcessRow, user: UserRow, id: string, input: UpdateMeasure) {
  const current = findOwnMeasure(db, process, id);
  const editable = editableFields(db, process, user);
  requireEditable(editable, current.fieldKey);
  checkMeasure(db, process, loadProcessParts(db, process.id), input, current);
  if (input.fieldKey !== undefined) requireEditable(editable, input.fieldKey);
  requireReadableLinks(db, process, editable, input.resultLinks, repo.linksOf(db, [id]));
  const { version, resultLinks, ...patch } = input;
  const at = now();
  const row = db.transaction((tx) => {
    const before = snapshotMeasure(current, repo.linksOf(tx, [id]));
    if (!repo.updateMeasureIfVersion(tx, id, version, { ...patch, updatedAt: at })) {
      throw conflict('measure_conflict', 'Someone changed this measure in the meantime; reload it and make your change again', { version: current.version });
    }
    if (resultLinks) repo.replaceResultLinks(tx, id, resultLinks, user.id);
    const stored = repo.findMeasure(tx, id)!;
    const after = snapshotMeasure(stored, repo.linksOf(tx, [id]));
    repo.appendChange(tx, { processId: process.id, entity: 'measure', entityId: id, action: 'updated', userId: user.id, at, before, after });
    auditMeasure(tx, auditContext(tx, process, user, [...before.resultLinks, ...after.resultLinks]), id, before, after);
    return stored;
  });
  return presentOne(db, process, row);
}

/**
 * Removes a measure. Its history stays; contributions it alone took up have no outcome again
 * (they show up in the report as open), so no input is left pointing at nothing.
 */
export function deleteMeasure(db: Db, process: ProcessRow, user: UserRow, id: string): void {
  const current = findOwnMeasure(db, process, id);
  requireEditable(editableFields(db, process, user), current.fieldKey);
  db.transaction((tx) => {
    const before = snapshotMeasure(current, repo.linksOf(tx, [id]));
    for (const contributionId of repo.contributionsOnlyIn(tx, [id])) repo.deleteOutcome(tx, contributionId);
    repo.deleteMeasure(tx, id);
    repo.appendChange(tx, { processId: process.id, entity: 'measure', entityId: id, action: 'deleted', userId: user.id, at: now(), before, after: null });
    auditMeasure(tx, auditContext(tx, process, user, []), id, before, null);
  });
}

/* ---- Leitziele ---- */

function checkGoalField(parts: ProcessParts, fieldKey: string): void {
  if (!parts.fields.some((field) => field.key === fieldKey)) throw badRequest('unknown_field', `The process has no field of action ${fieldKey}`);
}

export function createGuidingGoal(db: Db, process: ProcessRow, user: UserRow, input: CreateGuidingGoal) {
  const existing = repo.findGuidingGoal(db, input.id);
  if (existing) {
    if (existing.processId !== process.id) throw conflict('id_in_use', 'This id belongs to another Leitziel');
    return { goal: presentGuidingGoal(existing), created: false };
  }
  checkGoalField(loadProcessParts(db, process.id), input.fieldKey);
  requireEditable(editableFields(db, process, user), input.fieldKey);
  const at = now();
  const row = db.transaction((tx) => {
    repo.insertGuidingGoal(tx, { ...input, processId: process.id, createdAt: at, updatedAt: at });
    const stored = repo.findGuidingGoal(tx, input.id)!;
    repo.appendChange(tx, { processId: process.id, entity: 'guiding_goal', entityId: input.id, action: 'created', userId: user.id, at, before: null, after: snapshotGuidingGoal(stored) });
    auditGuidingGoal(tx, auditContext(tx, process, user, []), input.id, null, snapshotGuidingGoal(stored));
    return stored;
  });
  return { goal: presentGuidingGoal(row), created: true };
}

function findOwnGoal(db: DbOrTx, process: ProcessRow, id: string): repo.GuidingGoalRow {
  const row = repo.findGuidingGoal(db, id);
  if (!row || row.processId !== process.id) throw notFound('Leitziel');
  return row;
}

export function updateGuidingGoal(db: Db, process: ProcessRow, user: UserRow, id: string, input: UpdateGuidingGoal) {
  const current = findOwnGoal(db, process, id);
  const editable = editableFields(db, process, user);
  requireEditable(editable, current.fieldKey);
  if (input.fieldKey !== undefined) {
    checkGoalField(loadProcessParts(db, process.id), input.fieldKey);
    requireEditable(editable, input.fieldKey);
  }
  const { version, ...patch } = input;
  const at = now();
  const row = db.transaction((tx) => {
    if (!repo.updateGuidingGoalIfVersion(tx, id, version, { ...patch, updatedAt: at })) {
      throw conflict('guiding_goal_conflict', 'Someone changed this Leitziel in the meantime; reload it and make your change again', { version: current.version });
    }
    const stored = repo.findGuidingGoal(tx, id)!;
    repo.appendChange(tx, { processId: process.id, entity: 'guiding_goal', entityId: id, action: 'updated', userId: user.id, at, before: snapshotGuidingGoal(current), after: snapshotGuidingGoal(stored) });
    auditGuidingGoal(tx, auditContext(tx, process, user, []), id, snapshotGuidingGoal(current), snapshotGuidingGoal(stored));
    return stored;
  });
  return presentGuidingGoal(row);
}

/** Removes a Leitziel; the measures serving it keep going without one, and their history says so. */
export function deleteGuidingGoal(db: Db, process: ProcessRow, user: UserRow, id: string): void {
  const current = findOwnGoal(db, process, id);
  requireEditable(editableFields(db, process, user), current.fieldKey);
  const at = now();
  db.transaction((tx) => {
    const serving = repo.measuresServing(tx, id);
    for (const measure of serving) {
      const links = repo.linksOf(tx, [measure.id]);
      repo.updateMeasureIfVersion(tx, measure.id, measure.version, { guidingGoalId: null, updatedAt: at });
      repo.appendChange(tx, {
        processId: process.id,
        entity: 'measure',
        entityId: measure.id,
        action: 'updated',
        userId: user.id,
        at,
        before: snapshotMeasure(measure, links),
        after: snapshotMeasure({ ...measure, guidingGoalId: null }, links),
      });
    }
    repo.deleteGuidingGoal(tx, id);
    repo.appendChange(tx, { processId: process.id, entity: 'guiding_goal', entityId: id, action: 'deleted', userId: user.id, at, before: snapshotGuidingGoal(current), after: null });
    // One entry for the Leitziel; the measures it leaves without one are counted there, not each an entry.
    auditGuidingGoal(tx, auditContext(tx, process, user, []), id, snapshotGuidingGoal(current), null, serving.length ? { measuresWithoutGoal: serving.length } : {});
  });
}

/* ---- statuses ---- */

/** Replaces the process's status list (admins); a status measures still have may not go. */
export function setStatuses(db: Db, process: ProcessRow, user: UserRow, statuses: MeasureStatus[]): MeasureStatus[] {
  const keys = new Set(statuses.map((status) => status.key));
  const missing = [...repo.statusKeysInUse(db, process.id)].filter((key) => !keys.has(key));
  if (missing.length > 0) throw conflict('status_in_use', 'Measures still have these statuses; give them another one first', { keys: missing });
  db.transaction((tx) => {
    const before = statusesOf(tx, process.id);
    repo.replaceStatuses(tx, process.id, statuses);
    auditStatuses(tx, process, user.id, before, statusesOf(tx, process.id));
  });
  return statusesOf(db, process.id);
}

/* ---- history ---- */

/** The change log, newest first; with names only for staff. */
export function changeLog(db: DbOrTx, process: ProcessRow, query: { entity?: string | undefined; before?: number | undefined; limit: number }, withNames: boolean, fields?: readonly string[]) {
  const rows = repo.listChanges(db, process.id, { entityId: query.entity, before: query.before, limit: query.limit, fields });
  const goals = new Map(repo.listGuidingGoals(db, process.id).map((goal) => [goal.id, goal.text]));
  // A removed Leitziel is still named in older changes by the text it had when it went.
  for (const { change } of rows) {
    if (change.entity === 'guiding_goal' && !goals.has(change.entityId)) {
      const last = (change.before ?? change.after) as { text?: LocalizedText } | null;
      if (last?.text) goals.set(change.entityId, last.text);
    }
  }
  return presentChanges(rows, {
    parts: loadProcessParts(db, process.id),
    status: statusNamer(statusesOf(db, process.id)),
    guidingGoalText: (id) => goals.get(id) ?? null,
    withNames,
    limit: query.limit,
  });
}
