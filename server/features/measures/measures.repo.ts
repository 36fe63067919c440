import { and, asc, count, desc, eq, inArray, isNull, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import {
  contributionOutcomes,
  contributionTags,
  contributions,
  guidingGoals,
  measureChanges,
  measureContributions,
  measureResultLinks,
  measureStatuses,
  measures,
  marketDays,
  surveys,
  users,
} from '../../../db/schema.ts';
import type { MeasureStatus } from '../../../shared/api/measures.ts';
import { visibleToWorkingGroups } from '../results/results.repo.ts';

export type MeasureRow = typeof measures.$inferSelect;
export type NewMeasure = typeof measures.$inferInsert;
export type GuidingGoalRow = typeof guidingGoals.$inferSelect;
export type NewGuidingGoal = typeof guidingGoals.$inferInsert;
export type MeasureStatusRow = typeof measureStatuses.$inferSelect;
export type OutcomeRow = typeof contributionOutcomes.$inferSelect;
export type ResultLinkRow = typeof measureResultLinks.$inferSelect;
export type ChangeRow = typeof measureChanges.$inferSelect;
export type NewChange = typeof measureChanges.$inferInsert;

/* ---- statuses ---- */

/** The process's own status list in order; empty when it uses the default list. */
export function listStatuses(db: DbOrTx, processId: string): MeasureStatusRow[] {
  return db.select().from(measureStatuses).where(eq(measureStatuses.processId, processId)).orderBy(asc(measureStatuses.sortOrder)).all();
}

export function replaceStatuses(db: DbOrTx, processId: string, statuses: readonly MeasureStatus[]): void {
  db.delete(measureStatuses).where(eq(measureStatuses.processId, processId)).run();
  db.insert(measureStatuses)
    .values(statuses.map((status, sortOrder) => ({ processId, key: status.key, label: status.label, translations: status.translations, concluded: status.concluded, sortOrder })))
    .run();
}

export function statusKeysInUse(db: DbOrTx, processId: string): Set<string> {
  return new Set(db.selectDistinct({ key: measures.statusKey }).from(measures).where(eq(measures.processId, processId)).all().map((row) => row.key));
}

/* ---- measures ---- */

export function listMeasures(db: DbOrTx, processId: string): MeasureRow[] {
  return db.select().from(measures).where(eq(measures.processId, processId)).orderBy(asc(measures.sortOrder), asc(measures.createdAt), asc(measures.id)).all();
}

export function findMeasure(db: DbOrTx, id: string): MeasureRow | undefined {
  return db.select().from(measures).where(eq(measures.id, id)).get();
}

export function findMeasures(db: DbOrTx, processId: string, ids: readonly string[]): MeasureRow[] {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(measures)
    .where(and(eq(measures.processId, processId), inArray(measures.id, [...ids])))
    .all();
}

export function insertMeasure(db: DbOrTx, row: NewMeasure): void {
  db.insert(measures).values(row).run();
}

/** Writes the edit only when the measure still has `version`; false when someone else was quicker. */
export function updateMeasureIfVersion(db: DbOrTx, id: string, version: number, patch: Partial<NewMeasure>): boolean {
  const result = db
    .update(measures)
    .set({ ...patch, version: version + 1 })
    .where(and(eq(measures.id, id), eq(measures.version, version)))
    .run();
  return result.changes === 1;
}

export function deleteMeasure(db: DbOrTx, id: string): void {
  db.delete(measures).where(eq(measures.id, id)).run();
}

export function nextMeasureOrder(db: DbOrTx, processId: string, fieldKey: string): number {
  const row = db
    .select({ last: sql<number | null>`max(${measures.sortOrder})` })
    .from(measures)
    .where(and(eq(measures.processId, processId), eq(measures.fieldKey, fieldKey)))
    .get();
  return (row?.last ?? -1) + 1;
}

/* ---- Leitziele ---- */

export function listGuidingGoals(db: DbOrTx, processId: string): GuidingGoalRow[] {
  return db.select().from(guidingGoals).where(eq(guidingGoals.processId, processId)).orderBy(asc(guidingGoals.sortOrder), asc(guidingGoals.createdAt), asc(guidingGoals.id)).all();
}

export function findGuidingGoal(db: DbOrTx, id: string): GuidingGoalRow | undefined {
  return db.select().from(guidingGoals).where(eq(guidingGoals.id, id)).get();
}

export function insertGuidingGoal(db: DbOrTx, row: NewGuidingGoal): void {
  db.insert(guidingGoals).values(row).run();
}

export function updateGuidingGoalIfVersion(db: DbOrTx, id: string, version: number, patch: Partial<NewGuidingGoal>): boolean {
  const result = db
    .update(guidingGoals)
    .set({ ...patch, version: version + 1 })
    .where(and(eq(guidingGoals.id, id), eq(guidingGoals.version, version)))
    .run();
  return result.changes === 1;
}

export function deleteGuidingGoal(db: DbOrTx, id: string): void {
  db.delete(guidingGoals).where(eq(guidingGoals.id, id)).run();
}

/** The measures serving a Leitziel (before it is removed: they lose it). */
export function measuresServing(db: DbOrTx, guidingGoalId: string): MeasureRow[] {
  return db.select().from(measures).where(eq(measures.guidingGoalId, guidingGoalId)).all();
}

/* ---- history ---- */

export function appendChange(db: DbOrTx, change: NewChange): void {
  db.insert(measureChanges).values(change).run();
}

/**
 * The history newest first. With `fields`, only changes of measures and Leitziele that were of one
 * of those fields before or after the change (a working group's own; one moved out of them stays
 * in their history up to the move).
 */
export function listChanges(db: DbOrTx, processId: string, filter: { entityId?: string | undefined; before?: number | undefined; limit: number; fields?: readonly string[] | undefined }) {
  const conditions: SQL[] = [eq(measureChanges.processId, processId)];
  if (filter.entityId) conditions.push(eq(measureChanges.entityId, filter.entityId));
  if (filter.fields) {
    const fields = filter.fields.length > 0 ? [...filter.fields] : [''];
    conditions.push(sql`(json_extract(${measureChanges.before}, '$.fieldKey') in ${fields} or json_extract(${measureChanges.after}, '$.fieldKey') in ${fields})`);
  }
  if (filter.before) conditions.push(lt(measureChanges.id, filter.before));
  return db
    .select({ change: measureChanges, username: users.username, displayName: users.displayName })
    .from(measureChanges)
    .leftJoin(users, eq(users.id, measureChanges.userId))
    .where(and(...conditions))
    .orderBy(desc(measureChanges.id))
    .limit(filter.limit)
    .all();
}

/* ---- links ---- */

export function linksOf(db: DbOrTx, measureIds: readonly string[]): ResultLinkRow[] {
  if (measureIds.length === 0) return [];
  return db
    .select()
    .from(measureResultLinks)
    .where(inArray(measureResultLinks.measureId, [...measureIds]))
    .orderBy(asc(measureResultLinks.id))
    .all();
}

export function replaceResultLinks(db: DbOrTx, measureId: string, links: ReadonlyArray<{ kind: ResultLinkRow['kind']; ref: string; optionKey: string }>, userId: number): void {
  db.delete(measureResultLinks).where(eq(measureResultLinks.measureId, measureId)).run();
  if (links.length > 0) db.insert(measureResultLinks).values(links.map((link) => ({ ...link, measureId, createdBy: userId }))).onConflictDoNothing().run();
}

/** The visible contributions each measure takes up, with their masked text only, in cite order. */
export function linkedContributions(db: DbOrTx, measureIds: readonly string[]) {
  if (measureIds.length === 0) return [];
  return db
    .select({
      measureId: measureContributions.measureId,
      citeSeq: contributions.citeSeq,
      maskedText: contributions.maskedText,
      language: contributions.language,
    })
    .from(measureContributions)
    .innerJoin(contributions, eq(contributions.id, measureContributions.contributionId))
    .where(and(inArray(measureContributions.measureId, [...measureIds]), eq(contributions.status, 'visible')))
    .orderBy(asc(contributions.citeSeq))
    .all();
}

/** The ids of the measures that take up a contribution. */
export function measureIdsTakingUp(db: DbOrTx, contributionId: string): string[] {
  return db
    .select({ id: measureContributions.measureId })
    .from(measureContributions)
    .where(eq(measureContributions.contributionId, contributionId))
    .all()
    .map((row) => row.id);
}

export function linkContribution(db: DbOrTx, measureId: string, contributionId: string, userId: number): void {
  db.insert(measureContributions).values({ measureId, contributionId, createdBy: userId }).onConflictDoNothing().run();
}

export function unlinkContribution(db: DbOrTx, measureIds: readonly string[], contributionId: string): void {
  if (measureIds.length === 0) return;
  db.delete(measureContributions)
    .where(and(eq(measureContributions.contributionId, contributionId), inArray(measureContributions.measureId, [...measureIds])))
    .run();
}

/** The measures that take up any of these contributions, by contribution, in the measures' order. */
export function measuresTakingUp(db: DbOrTx, processId: string, contributionIds: readonly string[]): Map<string, MeasureRow[]> {
  const byContribution = new Map<string, MeasureRow[]>();
  if (contributionIds.length === 0) return byContribution;
  const rows = db
    .select({ contributionId: measureContributions.contributionId, measure: measures })
    .from(measureContributions)
    .innerJoin(measures, eq(measures.id, measureContributions.measureId))
    .where(and(eq(measures.processId, processId), inArray(measureContributions.contributionId, [...contributionIds])))
    .orderBy(asc(measures.fieldKey), asc(measures.sortOrder), asc(measures.createdAt))
    .all();
  for (const row of rows) byContribution.set(row.contributionId, [...(byContribution.get(row.contributionId) ?? []), row.measure]);
  return byContribution;
}

/* ---- outcomes ---- */

export function outcomesFor(db: DbOrTx, contributionIds: readonly string[]): Map<string, OutcomeRow> {
  if (contributionIds.length === 0) return new Map();
  const rows = db
    .select()
    .from(contributionOutcomes)
    .where(inArray(contributionOutcomes.contributionId, [...contributionIds]))
    .all();
  return new Map(rows.map((row) => [row.contributionId, row]));
}

export function saveOutcome(db: DbOrTx, row: typeof contributionOutcomes.$inferInsert): void {
  db.insert(contributionOutcomes)
    .values(row)
    .onConflictDoUpdate({
      target: contributionOutcomes.contributionId,
      set: { kind: row.kind, reason: row.reason ?? null, passedTo: row.passedTo ?? null, decidedBy: row.decidedBy ?? null, decidedOn: row.decidedOn },
    })
    .run();
}

export function deleteOutcome(db: DbOrTx, contributionId: string): void {
  db.delete(contributionOutcomes).where(eq(contributionOutcomes.contributionId, contributionId)).run();
}

/** Contributions taken up only in the given measures: they have no measure left once those go. */
export function contributionsOnlyIn(db: DbOrTx, measureIds: readonly string[]): string[] {
  if (measureIds.length === 0) return [];
  return db
    .selectDistinct({ id: measureContributions.contributionId })
    .from(measureContributions)
    .where(
      and(
        inArray(measureContributions.measureId, [...measureIds]),
        sql`not exists (select 1 from ${measureContributions} other where other.contribution_id = ${measureContributions.contributionId} and other.measure_id not in ${[...measureIds]})`,
      ),
    )
    .all()
    .map((row) => row.id);
}

/** Whether a contribution is among those working groups of these fields read (visible, confirmed tag, not flagged). */
export function isReadableBy(db: DbOrTx, processId: string, contributionId: string, fields: string[]): boolean {
  if (fields.length === 0) return false;
  return db.select({ id: contributions.id }).from(contributions).where(and(eq(contributions.id, contributionId), visibleToWorkingGroups(processId, fields))).get() !== undefined;
}

/** The staff's outcome list: contributions of the fields, open (no outcome), decided or all; oldest first. */
export function listForOutcomes(db: DbOrTx, processId: string, fields: string[], state: 'open' | 'decided' | 'all', page: { offset: number; limit: number }) {
  if (fields.length === 0) return { rows: [], total: 0 };
  const where = and(
    visibleToWorkingGroups(processId, fields),
    state === 'open' ? isNull(contributionOutcomes.contributionId) : state === 'decided' ? sql`${contributionOutcomes.contributionId} is not null` : undefined,
  );
  const base = db.select({ total: count() }).from(contributions).leftJoin(contributionOutcomes, eq(contributionOutcomes.contributionId, contributions.id)).where(where).get();
  const rows = db
    .select({
      id: contributions.id,
      citeSeq: contributions.citeSeq,
      maskedText: contributions.maskedText,
      language: contributions.language,
      channel: contributions.channel,
      capturedOn: contributions.capturedOn,
    })
    .from(contributions)
    .leftJoin(contributionOutcomes, eq(contributionOutcomes.contributionId, contributions.id))
    .where(where)
    .orderBy(asc(contributions.capturedOn), asc(contributions.citeSeq))
    .limit(page.limit)
    .offset(page.offset)
    .all();
  return { rows, total: base?.total ?? 0 };
}

/** Confirmed (not only suggested) field tags of contributions. */
export function confirmedFields(db: DbOrTx, contributionIds: readonly string[]): Map<string, string[]> {
  const byContribution = new Map<string, string[]>();
  if (contributionIds.length === 0) return byContribution;
  const rows = db
    .select({ id: contributionTags.contributionId, field: contributionTags.fieldKey })
    .from(contributionTags)
    .where(and(inArray(contributionTags.contributionId, [...contributionIds]), notInArray(contributionTags.source, ['suggested'])))
    .all();
  for (const row of rows) byContribution.set(row.id, [...(byContribution.get(row.id) ?? []), row.field]);
  return byContribution;
}

/** The working groups' accounts (enabled) that work on a process, for its outcome report. */
export function listWorkingGroups(db: DbOrTx, processSlug: string) {
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName, fieldsOfAction: users.fieldsOfAction })
    .from(users)
    .where(and(eq(users.role, 'working_group'), isNull(users.disabledAt), sql`exists (select 1 from json_each(${users.processes}) where value = ${processSlug})`))
    .orderBy(asc(users.username))
    .all();
}

/* ---- what result links may name ---- */

export function surveyDefinitions(db: DbOrTx, processId: string) {
  return db
    .select({ version: surveys.version, definition: surveys.definition })
    .from(surveys)
    .where(eq(surveys.processId, processId))
    .orderBy(desc(surveys.version))
    .all();
}

export function marketDaysByIds(db: DbOrTx, processId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: marketDays.id, date: marketDays.date, place: marketDays.place, boardQuestion: marketDays.boardQuestion, boardOptions: marketDays.boardOptions })
    .from(marketDays)
    .where(and(eq(marketDays.processId, processId), inArray(marketDays.id, [...ids])))
    .all();
}
