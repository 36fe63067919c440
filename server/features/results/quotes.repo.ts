import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { contributionTags, contributionTranslations, contributions, fieldsOfAction } from '../../../db/schema.ts';
import { CHANNELS, type Channel, type NoteKind } from '../../../shared/domain.ts';
import type { Language } from '../../../shared/languages.ts';
import { bandCondition, confirmedTagIn, exportRowSelection, iterateRows, placeCondition, visibleToWorkingGroups, type BandFilter, type ExportRowFacts, type PlaceFilter } from './results.repo.ts';

/** Respondent filters: where the voice comes from and its demographic bands. */
export interface WhoFilter {
  /** Stadtteil keys (or `outside`), and whether voices without a place count. */
  place?: PlaceFilter | undefined;
  /** Per demographic question, the options any of which the respondent chose (`BandFilter`). */
  bands?: BandFilter[];
}

/** What the quote is: its channel, kind and language. These describe the text, not the person. */
export interface WhatFilter {
  channel?: Channel | undefined;
  kind?: NoteKind | undefined;
  language?: Language | undefined;
}

export interface QuoteScope {
  processId: string;
  /** The fields of action the caller reads (never empty here). */
  fields: string[];
  what: WhatFilter;
  who: WhoFilter;
  /** An FTS5 query over the masked text and its German rendering. */
  search?: string | undefined;
}

/** What the filters select: channel, kind, language, place and bands (all of them, or without the bands). */
function filterCondition(scope: Omit<QuoteScope, 'search'>, options: { bands: boolean } = { bands: true }): SQL | undefined {
  const { what, who } = scope;
  return and(
    what.channel ? eq(contributions.channel, what.channel) : undefined,
    what.kind ? eq(contributions.kind, what.kind) : undefined,
    what.language ? eq(contributions.language, what.language) : undefined,
    placeCondition(contributions.stadtteilKey, who.place),
    ...(options.bands ? (who.bands ?? []).map(bandCondition) : []),
  );
}

function scopeCondition(scope: Omit<QuoteScope, 'search'>): SQL | undefined {
  return and(visibleToWorkingGroups(scope.processId, scope.fields), filterCondition(scope));
}

const searchJoin = (search: string | undefined) =>
  search ? sql` join contributions_fts on contributions_fts.rowid = ${contributions}.rowid and contributions_fts match ${search}` : sql``;

/** The place in the process's order of the first of the quote's confirmed fields among `fields`: its group. */
const groupOrder = (fields: string[], of: { id: SQL; processId: SQL } = { id: sql`${contributions.id}`, processId: sql`${contributions.processId}` }) =>
  sql`(select min(${fieldsOfAction.sortOrder}) from ${contributionTags} join ${fieldsOfAction} on ${fieldsOfAction.processId} = ${of.processId} and ${fieldsOfAction.key} = ${contributionTags.fieldKey}
       where ${contributionTags.contributionId} = ${of.id} and ${confirmedTagIn(fields)})`;

export interface QuoteRow {
  id: string;
  citeSeq: number;
  maskedText: string;
  language: Language | null;
  kind: NoteKind | null;
  channel: Channel;
  stadtteilKey: string | null;
  capturedOn: string;
  groupOrder: number;
}

/**
 * One page of quotes: grouped by field (the process's order), within a group the best match
 * first when searching, then newest first by cite number, which is unique, so pages never
 * overlap or skip. Selects the masked text only, never `contributions.text`.
 */
/** Channels whose contributions come from survey responses: their language is one the survey version offered. */
const SURVEY_CHANNELS: readonly Channel[] = ['online', 'paper'];

/**
 * The languages the contributions of a process outside the survey's channels were written in (a
 * stall note in the language of the conversation, for instance); read along `contributions_process`
 * (process, channel), so the many survey answers are not read.
 */
export function languagesOutsideSurvey(db: DbOrTx, processId: string): Language[] {
  return db
    .selectDistinct({ language: contributions.language })
    .from(contributions)
    .where(and(eq(contributions.processId, processId), inArray(contributions.channel, CHANNELS.filter((channel) => !SURVEY_CHANNELS.includes(channel)))))
    .all()
    .flatMap((row) => (row.language ? [row.language] : []));
}

export function pageQuotes(db: DbOrTx, scope: QuoteScope, limit: number, offset: number): QuoteRow[] {
  return db.all<QuoteRow>(sql`
    select ${contributions.id} as id, ${contributions.citeSeq} as citeSeq, ${contributions.maskedText} as maskedText, ${contributions.language} as language,
           ${contributions.kind} as kind, ${contributions.channel} as channel, ${contributions.stadtteilKey} as stadtteilKey,
           ${contributions.capturedOn} as capturedOn, ${groupOrder(scope.fields)} as groupOrder
    from ${contributions}${searchJoin(scope.search)}
    where ${scopeCondition(scope)}
    order by groupOrder${scope.search ? sql`, contributions_fts.rank` : sql``}, ${contributions.citeSeq} desc
    limit ${limit} offset ${offset}`);
}

/**
 * Every quote of the selection, as the exports read a contribution, in the page's order (grouped
 * by field, the best match first when searching, then newest first), from one statement iterated
 * row by row: the download of the quote browser's selection.
 */
export function* iterateQuotes(db: DbOrTx, scope: QuoteScope): Generator<ExportRowFacts> {
  const selection = exportRowSelection(scope.fields);
  const base = db.select(selection).from(contributions).$dynamic();
  const searched = scope.search ? base.innerJoin(sql`contributions_fts`, sql`contributions_fts.rowid = ${contributions}.rowid and contributions_fts match ${scope.search}`) : base;
  const query = searched
    .where(scopeCondition(scope))
    .orderBy(groupOrder(scope.fields), ...(scope.search ? [sql`contributions_fts.rank`] : []), desc(contributions.citeSeq))
    .toSQL();
  yield* iterateRows(db, selection, query);
}

/** A page of quotes and what the page says about the whole list. */
export interface QuotesRead {
  rows: QuoteRow[];
  /** How many quotes the filters and the search select, per group (by the group's sort order). */
  perGroup: Map<number, number>;
}

type ReadRow = QuoteRow & { part: 'page' | 'count'; hit: number; n: number };

/**
 * The page and the counts in one statement over every quote the caller may read: each is read
 * once, with whether the filters and the search select it and its group, into a table of its
 * own; the counts per group, and (without a search) the page, come from that table. With a search the page joins the full-text index for its ranking (`pageQuotes`).
 * `limit -1 offset 0` keeps SQLite from folding the inner select into the outer one, which would
 * evaluate the filters twice per quote (once for `hit`, once more before the group's lookup).
 */
export function readQuotes(db: DbOrTx, scope: QuoteScope, limit: number, offset: number): QuotesRead {
  const selected = and(
    filterCondition(scope),
    scope.search ? sql`${contributions}.rowid in (select rowid from contributions_fts where contributions_fts match ${scope.search})` : undefined,
  );
  const quote = sql`${contributions.id} as id, ${contributions.citeSeq} as citeSeq, ${contributions.maskedText} as maskedText, ${contributions.language} as language,
           ${contributions.kind} as kind, ${contributions.channel} as channel, ${contributions.stadtteilKey} as stadtteilKey, ${contributions.capturedOn} as capturedOn`;
  const page = scope.search
    ? sql``
    : sql` union all select * from (
        select 'page' as part, ${quote}, s.g as groupOrder, 1 as hit, 1 as n from s join ${contributions} on ${contributions}.rowid = s.rid
        where s.hit order by s.g, s.seq desc limit ${limit} offset ${offset})`;
  const read = db.all<ReadRow>(sql`
    with s as materialized (
      select rid, seq, hit, case when hit then ${groupOrder(scope.fields, { id: sql`v.id`, processId: sql`v.process_id` })} end as g from (
        select ${contributions}.rowid as rid, ${contributions.id} as id, ${contributions.processId} as process_id, ${contributions.citeSeq} as seq,
               ${selected ?? sql`1`} as hit
        from ${contributions} where ${visibleToWorkingGroups(scope.processId, scope.fields)} limit -1 offset 0) v)
    select 'count' as part, null as id, null as citeSeq, null as maskedText, null as language, null as kind, null as channel, null as stadtteilKey, null as capturedOn,
           g as groupOrder, hit, count(*) as n
    from s group by hit, g${page}`);
  const perGroup = new Map<number, number>();
  const rows: QuoteRow[] = [];
  for (const { part, hit, n, ...row } of read) {
    if (part === 'page') {
      rows.push(row);
      continue;
    }
    if (hit) perGroup.set(row.groupOrder, (perGroup.get(row.groupOrder) ?? 0) + n);
  }
  return { rows: scope.search ? pageQuotes(db, scope, limit, offset) : rows, perGroup };
}

/**
 * How many people the quotes in scope come from (`selected`), and how many the same scope holds
 * without the bands (`withoutBands`), in one pass: a survey response is one person however many
 * texts it gave; a stall or conference note cannot be linked to another, so each counts as one.
 */
export function countRespondents(db: DbOrTx, scope: Omit<QuoteScope, 'search'>): { selected: number; withoutBands: number } {
  const who = sql`coalesce(${contributions.responseId}, ${contributions.id})`;
  const bands = and(...(scope.who.bands ?? []).map(bandCondition));
  const row = db
    .select({ selected: sql<number>`count(distinct ${bands ? sql`case when ${bands} then ${who} end` : who})`, withoutBands: sql<number>`count(distinct ${who})` })
    .from(contributions)
    .where(and(visibleToWorkingGroups(scope.processId, scope.fields), filterCondition(scope, { bands: false })))
    .get();
  return { selected: row?.selected ?? 0, withoutBands: row?.withoutBands ?? 0 };
}

/** The confirmed fields among `fields` of each quote. */
export function firmFieldsOf(db: DbOrTx, ids: string[], fields: string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (ids.length === 0) return map;
  const rows = db
    .select({ id: contributionTags.contributionId, field: contributionTags.fieldKey })
    .from(contributionTags)
    .where(and(inArray(contributionTags.contributionId, ids), confirmedTagIn(fields)))
    .all();
  for (const row of rows) map.set(row.id, [...(map.get(row.id) ?? []), row.field]);
  return map;
}

/** The masked German renderings of the given contributions (never the text as entered). */
export function maskedGermanOf(db: DbOrTx, ids: string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ id: contributionTranslations.contributionId, text: contributionTranslations.maskedText })
    .from(contributionTranslations)
    .where(inArray(contributionTranslations.contributionId, ids))
    .all();
  return new Map(rows.map((row) => [row.id, row.text]));
}

/** Whether a message of SQLite is FTS5 refusing a query (syntax, unknown column, bad token), i.e. the caller's mistake. */
export function isSearchSyntaxError(error: unknown): boolean {
  if (!(error instanceof Error) || (error as { code?: string }).code !== 'SQLITE_ERROR') return false;
  return /fts5|unterminated string|no such column|unknown special query/i.test(error.message);
}
