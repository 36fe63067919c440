import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { answers, contributionTags, contributionTranslations, contributions, responses, surveys } from '../../../db/schema.ts';
import type Database from 'better-sqlite3';
import type { Channel, NoteKind } from '../../../shared/domain.ts';
import type { Language } from '../../../shared/languages.ts';
import type { SurveyDefinition } from '../../../shared/survey/definition.ts';
import type { ContributionRow } from '../contributions/contributions.repo.ts';

/**
 * A tag working groups read: in one of `fields` and confirmed (by staff, the resident or a
 * moderator), never one the suggester only proposed. The one place this rule is written; the
 * quotes (`quotes.repo.ts`) and the counts use it.
 */
export function confirmedTagIn(fields: string[]): SQL {
  return sql`${contributionTags.source} <> 'suggested' and ${contributionTags.fieldKey} in ${fields}`;
}

/**
 * What working groups may count and read: visible contributions with a confirmed (not only
 * suggested) tag in any of the given fields, from responses that passed the anti-abuse checks
 * (stall notes have no response and always count). Admins may ask to include flagged ones.
 */
export function visibleToWorkingGroups(processId: string, fields: string[], options: { includeFlagged?: boolean } = {}): SQL | undefined {
  return and(
    eq(contributions.processId, processId),
    eq(contributions.status, 'visible'),
    options.includeFlagged
      ? undefined
      : sql`not exists (select 1 from ${responses} r where r.id = ${contributions.responseId} and r.flags <> '[]')`,
    sql`exists (select 1 from ${contributionTags} where ${contributionTags.contributionId} = ${contributions.id} and ${confirmedTagIn(fields)})`,
  );
}

/** What working groups read, newest first. */
export function listForWorkingGroup(db: DbOrTx, processId: string, fields: string[]): ContributionRow[] {
  if (fields.length === 0) return [];
  return db
    .select()
    .from(contributions)
    .where(visibleToWorkingGroups(processId, fields))
    .orderBy(desc(contributions.capturedOn), contributions.id)
    .all();
}

/** Where the voices come from: Stadtteil keys (or `outside`), and whether voices without a place count. */
export interface PlaceFilter {
  keys: string[];
  unknown: boolean;
}

/**
 * A demographic band as the quotes and exports read it: per question, the options any of which the
 * respondent chose; `stallAgeBands`, the Zensus age classes of stall notes (`age_band`) the options
 * stand for, if any.
 */
export interface BandFilter {
  question: string;
  options: string[];
  stallAgeBands: string[];
}

export interface VoiceFilter {
  channel?: Channel | undefined;
  place?: PlaceFilter | undefined;
  /** The language the voice was given in. */
  language?: Language | undefined;
  /** Demographic bands, all of which must hold (`bandCondition`). */
  bands?: BandFilter[] | undefined;
  includeFlagged?: boolean;
}

/** Whether the response `responseId` chose one of the band's options (a single choice is a JSON string, a multiple choice an array; `json_each` reads both). */
const answeredBand = (responseId: SQL, band: BandFilter): SQL =>
  sql`exists (select 1 from ${answers} a, json_each(a.value) j where a.response_id = ${responseId} and a.question_key = ${band.question} and j.value in ${band.options})`;

/**
 * A contribution in a demographic band: the answers of the response it came from, or, for the age
 * band, the band staff noted with a stall note. The one reading of a band for contributions, the
 * quotes' and the exports' alike.
 */
export function bandCondition(band: BandFilter): SQL {
  return or(answeredBand(sql`${contributions.responseId}`, band), band.stallAgeBands.length > 0 ? inArray(contributions.ageBand, band.stallAgeBands) : undefined)!;
}

/**
 * The questionnaires (`responses r`) of a process a filter keeps: unflagged unless asked, then its
 * channel, place, language and bands; the one reading of a filter for questionnaires, for the
 * aggregates and the counts per QR poster alike.
 */
export function responseCondition(processId: string, filter: VoiceFilter): SQL {
  return and(
    sql`r.process_id = ${processId}`,
    filter.includeFlagged ? undefined : sql`r.flags = '[]'`,
    filter.channel ? sql`r.channel = ${filter.channel}` : undefined,
    placeCondition(sql`r.stadtteil_key` as unknown as typeof responses.stadtteilKey, filter.place),
    filter.language ? sql`r.language = ${filter.language}` : undefined,
    ...(filter.bands ?? []).map((band) => answeredBand(sql`r.id`, band)),
  )!;
}

/** Voices from the given places: the one reading of a place filter, for contributions, responses and quotes alike. */
export function placeCondition(column: typeof contributions.stadtteilKey | typeof responses.stadtteilKey, place: PlaceFilter | undefined): SQL | undefined {
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
    filter.language ? eq(contributions.language, filter.language) : undefined,
    ...(filter.bands ?? []).map(bandCondition),
  );
}

/** The confirmed fields of a contribution among `fields`, comma-separated. */
const firmFields = (fields: string[]) =>
  sql<string | null>`(select group_concat(${contributionTags.fieldKey}) from ${contributionTags} where ${contributionTags.contributionId} = ${contributions.id} and ${confirmedTagIn(fields)})`;

/** What aggregates and exports read of a contribution besides its text. */
const contributionColumns = (fields: string[]) => ({
  channel: contributions.channel,
  kind: contributions.kind,
  language: contributions.language,
  stadtteilKey: contributions.stadtteilKey,
  day: contributions.capturedOn,
  fields: firmFields(fields),
});

/** A column voices are grouped by: what the dimensions of an aggregate read. */
export type RawColumn = 'stadtteil' | 'channel' | 'kind' | 'language' | 'month';
export const RAW_COLUMNS: readonly RawColumn[] = ['stadtteil', 'channel', 'kind', 'language', 'month'];

/** Voices counted by the columns asked for (and by field, when `byField`): one row per group, never one per voice. */
export interface VoiceGroup {
  stadtteil: string | null;
  channel: string | null;
  kind: string | null;
  language: string | null;
  month: string | null;
  field: string | null;
  n: number;
}

const groupColumns = (columns: readonly RawColumn[], expressions: Record<RawColumn, SQL>) =>
  RAW_COLUMNS.map((column) => (columns.includes(column) ? sql`${expressions[column]} as ${sql.raw(column)}` : sql`null as ${sql.raw(column)}`));
const groupBy = (columns: readonly RawColumn[], extra: SQL[] = []) => {
  const list = [...columns.map((column) => sql.raw(column)), ...extra];
  return list.length > 0 ? sql` group by ${sql.join(list, sql`, `)}` : sql``;
};

/**
 * Counts in SQL (GROUP BY) the contributions a working group may read, by `columns`; with
 * `byField`, one row per (contribution, confirmed field among `fields`) pair instead of one per
 * contribution, so a contribution under two fields counts under each.
 */
export function groupContributions(db: DbOrTx, processId: string, fields: string[], filter: VoiceFilter, columns: readonly RawColumn[], byField: boolean): VoiceGroup[] {
  if (fields.length === 0) return [];
  const select = groupColumns(columns, {
    stadtteil: sql`${contributions.stadtteilKey}`,
    channel: sql`${contributions.channel}`,
    kind: sql`${contributions.kind}`,
    language: sql`${contributions.language}`,
    month: sql`substr(${contributions.capturedOn}, 1, 7)`,
  });
  const where = contributionScope(processId, fields, filter)!;
  if (!byField) return db.all<VoiceGroup>(sql`select ${sql.join(select, sql`, `)}, null as field, count(*) as n from ${contributions} where ${where}${groupBy(columns)}`);
  return db.all<VoiceGroup>(
    sql`select ${sql.join(select, sql`, `)}, t.field_key as field, count(*) as n from ${contributions}
        join ${contributionTags} t on t.contribution_id = ${contributions.id} and t.source <> 'suggested' and t.field_key in ${fields}
        where ${where}${groupBy(columns, [sql`t.field_key`])}`,
  );
}

/**
 * Counts in SQL the survey responses with a given answer (an empty text, "keine Angabe" or
 * nothing chosen is no answer) to a question of `fieldOfQuestion`, by `columns`; with `byField`,
 * one row per (response, field of a question it answered) pair. A free text is an answer too: it
 * is stored as the response's contribution (not in `answers`), counted while it is visible, so a
 * field whose only question is a free text counts the questionnaires its contributions came from.
 */
export function groupResponses(db: DbOrTx, processId: string, fieldOfQuestion: ReadonlyMap<string, string>, filter: VoiceFilter, columns: readonly RawColumn[], byField: boolean): VoiceGroup[] {
  if (fieldOfQuestion.size === 0) return [];
  const select = groupColumns(columns, {
    stadtteil: sql`r.stadtteil_key`,
    channel: sql`r.channel`,
    kind: sql`null`,
    language: sql`r.language`,
    month: sql`substr(r.submitted_on, 1, 7)`,
  });
  const where = responseCondition(processId, filter);
  const keys = JSON.stringify(Object.fromEntries(fieldOfQuestion));
  const answered = sql`a.response_id = r.id and a.value not in ('null', '""', '[]')`;
  // Read once for the process (an IN list SQLite builds once), not per response: contributions have no index by response.
  const freeTexts = sql`select c.response_id as id, q.value as field from ${contributions} c join json_each(${keys}) q on q.key = c.question_key
    where c.process_id = ${processId} and c.response_id is not null and c.status = 'visible'`;
  if (!byField) {
    return db.all<VoiceGroup>(
      sql`select ${sql.join(select, sql`, `)}, null as field, count(*) as n from ${responses} r
          where ${where} and (exists (select 1 from ${answers} a join json_each(${keys}) q on q.key = a.question_key where ${answered}) or r.id in (select id from (${freeTexts})))${groupBy(columns)}`,
    );
  }
  return db.all<VoiceGroup>(
    sql`select ${sql.join(select, sql`, `)}, p.field as field, count(*) as n from ${responses} r
        join (select a.response_id as id, q.value as field from ${answers} a join json_each(${keys}) q on q.key = a.question_key where a.value not in ('null', '""', '[]')
              union ${freeTexts}) p on p.id = r.id
        where ${where}${groupBy(columns, [sql`p.field`])}`,
  );
}

/** The months (YYYY-MM) of a process's first and last voice, contribution or questionnaire, whatever their state; nulls without any. */
export function voiceMonths(db: DbOrTx, processId: string): { first: string | null; last: string | null } {
  return db.get<{ first: string | null; last: string | null }>(
    // The contributions' two ends from their index by day; the questionnaires' in one pass over the process's (no index by day).
    sql`select substr(min(first), 1, 7) as first, substr(max(last), 1, 7) as last from (
          select (select min(${contributions.capturedOn}) from ${contributions} where ${contributions.processId} = ${processId}) as first,
                 (select max(${contributions.capturedOn}) from ${contributions} where ${contributions.processId} = ${processId}) as last
          union all select min(r.submitted_on), max(r.submitted_on) from ${responses} r where r.process_id = ${processId})`,
  )!;
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

/**
 * The contributions an export lists, oldest first (day, then id: a stable order an index
 * serves, so the first row comes without sorting the table), from ONE statement iterated row by
 * row: the masked text only (the original `text` column is never selected here). With
 * `onlyField`, only those confirmed under that field. The statement keeps its connection busy
 * until the iteration ends, so it runs on a connection of its own (server/read-worker).
 */
export function* iterateExportRows(db: DbOrTx, processId: string, fields: string[], filter: VoiceFilter, onlyField?: string): Generator<ExportRowFacts> {
  if (fields.length === 0) return;
  const selection = exportRowSelection(fields);
  const query = db
    .select(selection)
    .from(contributions)
    .where(
      and(
        contributionScope(processId, fields, filter),
        onlyField
          ? sql`exists (select 1 from ${contributionTags} t where t.contribution_id = ${contributions.id} and t.source <> 'suggested' and t.field_key = ${onlyField})`
          : undefined,
      ),
    )
    .orderBy(asc(contributions.processId), asc(contributions.capturedOn), asc(contributions.id))
    .toSQL();
  yield* iterateRows(db, selection, query);
}

/**
 * What an export reads of a contribution: the masked text only (never `text`), the moderator's
 * German rendering of a voice in another language, masked like it (as the quotes show it), and
 * its confirmed fields among `fields`.
 */
export function exportRowSelection(fields: string[]) {
  const german = sql<string | null>`(select ${contributionTranslations.maskedText} from ${contributionTranslations} where ${contributionTranslations.contributionId} = ${contributions.id})`;
  return { id: contributions.id, citeSeq: contributions.citeSeq, maskedText: contributions.maskedText, german, ...contributionColumns(fields) };
}

/** A statement of `exportRowSelection` run row by row (one statement, its connection busy until the iteration ends). */
export function* iterateRows(db: DbOrTx, selection: ReturnType<typeof exportRowSelection>, query: { sql: string; params: unknown[] }): Generator<ExportRowFacts> {
  const keys = Object.keys(selection) as Array<keyof ExportRowFacts>;
  const client = (db as unknown as { $client: Database.Database }).$client;
  for (const values of client.prepare(query.sql).raw().iterate(...query.params) as Iterable<unknown[]>) {
    const row = {} as Record<keyof ExportRowFacts, unknown>;
    keys.forEach((key, index) => (row[key] = values[index]));
    yield row as ExportRowFacts;
  }
}

export interface ExportRowFacts {
  id: string;
  /** The quote's number within its process, cited as "B-1042". */
  citeSeq: number | null;
  maskedText: string;
  /** The moderators' German rendering (masked), for a voice in another language; null without one. */
  german: string | null;
  channel: Channel;
  kind: NoteKind | null;
  language: Language | null;
  stadtteilKey: string | null;
  day: string;
  fields: string | null;
}
