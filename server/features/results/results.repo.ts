import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { answers, contributionTags, contributions, responses, surveys } from '../../../db/schema.ts';
import type { Channel } from '../../../shared/domain.ts';
import type { SurveyDefinition } from '../../../shared/survey/definition.ts';
import { visibleToWorkingGroups } from '../moderation/moderation.repo.ts';

/** Where the voices come from: Stadtteil keys (or `outside`), and whether voices without a place count. */
export interface PlaceFilter {
  keys: string[];
  unknown: boolean;
}

export interface VoiceFilter {
  channel?: Channel | undefined;
  place?: PlaceFilter | undefined;
  includeFlagged?: boolean;
}

function placeCondition(column: typeof contributions.stadtteilKey | typeof responses.stadtteilKey, place: PlaceFilter | undefined): SQL | undefined {
  if (!place) return undefined;
  return or(
    place.keys.length > 0 ? inArray(column, place.keys) : undefined,
    // An unknown place is stored as NULL (`stadtteilToStore`), never as the `unknown` sentinel.
    place.unknown ? isNull(column) : undefined,
    sql`0`,
  );
}

function contributionScope(processId: string, fields: string[], filter: VoiceFilter): SQL | undefined {
  return and(
    visibleToWorkingGroups(processId, fields, { includeFlagged: filter.includeFlagged ?? false }),
    filter.channel ? eq(contributions.channel, filter.channel) : undefined,
    placeCondition(contributions.stadtteilKey, filter.place),
  );
}

/** The confirmed fields of a contribution among `fields`, comma-separated. */
const firmFields = (fields: string[]) =>
  sql<string | null>`(select group_concat(t.field_key) from ${contributionTags} t where t.contribution_id = ${contributions.id} and t.source <> 'suggested' and t.field_key in ${fields})`;

/** What aggregates and exports read of a contribution besides its text. */
const contributionColumns = (fields: string[]) => ({
  channel: contributions.channel,
  kind: contributions.kind,
  language: contributions.language,
  stadtteilKey: contributions.stadtteilKey,
  day: contributions.capturedOn,
  fields: firmFields(fields),
});

/** What aggregates count of each contribution a working group may read: never its text. */
export function contributionFacts(db: DbOrTx, processId: string, fields: string[], filter: VoiceFilter) {
  if (fields.length === 0) return [];
  return db
    .select(contributionColumns(fields))
    .from(contributions)
    .where(contributionScope(processId, fields, filter))
    .all();
}

/**
 * What aggregates count of each survey response with a given answer to one of `questionKeys`
 * (an empty text, "keine Angabe" or nothing chosen is no answer), with the keys it answered.
 */
export function responseFacts(db: DbOrTx, processId: string, questionKeys: string[], filter: VoiceFilter) {
  if (questionKeys.length === 0) return [];
  return db
    .select({
      channel: responses.channel,
      language: responses.language,
      stadtteilKey: responses.stadtteilKey,
      day: responses.submittedOn,
      questions: sql<string>`group_concat(${answers.questionKey})`,
    })
    .from(responses)
    .innerJoin(answers, eq(answers.responseId, responses.id))
    .where(
      and(
        eq(responses.processId, processId),
        filter.includeFlagged ? undefined : eq(responses.flags, sql`'[]'`),
        inArray(answers.questionKey, questionKeys),
        sql`${answers.value} not in ('null', '""', '[]')`,
        filter.channel ? eq(responses.channel, filter.channel) : undefined,
        placeCondition(responses.stadtteilKey, filter.place),
      ),
    )
    .groupBy(responses.id)
    .all();
}

export function listSurveyDefinitions(db: DbOrTx, processId: string): SurveyDefinition[] {
  return db
    .select({ definition: surveys.definition })
    .from(surveys)
    .where(eq(surveys.processId, processId))
    .orderBy(asc(surveys.version))
    .all()
    .map((row) => row.definition);
}

/** How many of the exported contributions come from each Stadtteil, to decide how precisely a place may be named. */
export function countByStadtteil(db: DbOrTx, processId: string, fields: string[], filter: VoiceFilter): Map<string, number> {
  if (fields.length === 0) return new Map();
  const rows = db
    .select({ key: contributions.stadtteilKey, n: sql<number>`count(*)` })
    .from(contributions)
    .where(contributionScope(processId, fields, filter))
    .groupBy(contributions.stadtteilKey)
    .all();
  return new Map(rows.filter((row) => row.key !== null).map((row) => [row.key!, row.n]));
}

export interface ExportCursor {
  day: string;
  id: string;
}

/**
 * One page of the contributions an export lists, oldest first, after `cursor`: the masked
 * text only (the original `text` column is never selected here). With `onlyField`, only
 * those confirmed under that field.
 */
export function pageExportRows(db: DbOrTx, processId: string, fields: string[], filter: VoiceFilter, cursor: ExportCursor | null, limit: number, onlyField?: string) {
  if (fields.length === 0) return [];
  return db
    .select({ id: contributions.id, citeSeq: contributions.citeSeq, maskedText: contributions.maskedText, ...contributionColumns(fields) })
    .from(contributions)
    .where(
      and(
        contributionScope(processId, fields, filter),
        onlyField
          ? sql`exists (select 1 from ${contributionTags} t where t.contribution_id = ${contributions.id} and t.source <> 'suggested' and t.field_key = ${onlyField})`
          : undefined,
        cursor ? sql`(${contributions.capturedOn} > ${cursor.day} or (${contributions.capturedOn} = ${cursor.day} and ${contributions.id} > ${cursor.id}))` : undefined,
      ),
    )
    .orderBy(asc(contributions.capturedOn), asc(contributions.id))
    .limit(limit)
    .all();
}
export type ExportRowFacts = ReturnType<typeof pageExportRows>[number];
