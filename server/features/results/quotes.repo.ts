import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { contributionTags, contributionTranslations, contributions, fieldsOfAction } from '../../../db/schema.ts';
import type { Channel, NoteKind } from '../../../shared/domain.ts';
import type { Language } from '../../../shared/languages.ts';
import { confirmedTagIn, placeCondition, visibleToWorkingGroups, type PlaceFilter } from './results.repo.ts';

/** Respondent filters: where the voice comes from and its demographic bands. */
export interface WhoFilter {
  /** Stadtteil keys (or `outside`), and whether voices without a place count. */
  place?: PlaceFilter | undefined;
  /** Per demographic question, the options any of which the respondent chose. */
  bands?: Array<{ question: string; options: string[]; stallAgeBand: boolean }>;
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

/**
 * A demographic band: the answers of the response a contribution came from (a single choice is a
 * JSON string, a multiple choice an array; `json_each` reads both), or, for the age band, the
 * band staff noted with a stall note.
 */
function bandCondition(band: NonNullable<WhoFilter['bands']>[number]): SQL {
  return or(
    sql`exists (select 1 from answers a, json_each(a.value) j where a.response_id = ${contributions.responseId} and a.question_key = ${band.question} and j.value in ${band.options})`,
    band.stallAgeBand ? inArray(contributions.ageBand, band.options) : undefined,
  )!;
}

function scopeCondition(scope: Omit<QuoteScope, 'search'>): SQL | undefined {
  const { what, who } = scope;
  return and(
    visibleToWorkingGroups(scope.processId, scope.fields),
    what.channel ? eq(contributions.channel, what.channel) : undefined,
    what.kind ? eq(contributions.kind, what.kind) : undefined,
    what.language ? eq(contributions.language, what.language) : undefined,
    placeCondition(contributions.stadtteilKey, who.place),
    ...(who.bands ?? []).map(bandCondition),
  );
}

const searchJoin = (search: string | undefined) =>
  search ? sql` join contributions_fts on contributions_fts.rowid = ${contributions}.rowid and contributions_fts match ${search}` : sql``;

/** The place in the process's order of the first of the quote's confirmed fields among `fields`: its group. */
const groupOrder = (fields: string[]) =>
  sql`(select min(${fieldsOfAction.sortOrder}) from ${contributionTags} join ${fieldsOfAction} on ${fieldsOfAction.processId} = ${contributions.processId} and ${fieldsOfAction.key} = ${contributionTags.fieldKey}
       where ${contributionTags.contributionId} = ${contributions.id} and ${confirmedTagIn(fields)})`;

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

/** How many matching quotes each group holds, by the group's sort order. */
export function countQuoteGroups(db: DbOrTx, scope: QuoteScope): Map<number, number> {
  const rows = db.all<{ groupOrder: number; n: number }>(sql`
    select groupOrder, count(*) as n from (
      select ${groupOrder(scope.fields)} as groupOrder from ${contributions}${searchJoin(scope.search)} where ${scopeCondition(scope)}
    ) group by groupOrder`);
  return new Map(rows.map((row) => [row.groupOrder, row.n]));
}

/**
 * How many people the quotes in scope come from: a survey response is one person however many
 * texts it gave; a stall or conference note cannot be linked to another, so each counts as one.
 */
export function countRespondents(db: DbOrTx, scope: Omit<QuoteScope, 'search'>): number {
  return (
    db
      .select({ n: sql<number>`count(distinct coalesce(${contributions.responseId}, ${contributions.id}))` })
      .from(contributions)
      .where(scopeCondition(scope))
      .get()?.n ?? 0
  );
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
