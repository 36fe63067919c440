import { and, asc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { answers, contributions, dotVotes, responses, marketDays, surveys } from '../../../db/schema.ts';
import type { ShowIf, SurveyDefinition, SurveyQuestion } from '../../../shared/survey/definition.ts';

/**
 * The counting of per-question results, cross-tabulations and dot votes, in SQL: every query
 * groups in the database and hands back one row per distinct (version, question, answer) — a few
 * thousand rows however many responses there are. Multiple choice and ranking answers are JSON
 * arrays: they group as whole lists and are opened per distinct list by the caller, and
 * `json_each` opens only those with a written "other" or a band's list; the indexes
 * `responses_results` (migration 0014) and the answers' primary key (the table is WITHOUT ROWID, migration
 * 0028, so its b-tree holds the value) cover every column these queries touch.
 */

/** Which responses count: the process, unflagged unless asked, and the caller's filters as conditions on `r`. */
export interface RespondentScope {
  processId: string;
  includeFlagged: boolean;
  channel?: string | undefined;
  language?: string | undefined;
  /** Stadtteil keys (or `outside`), and whether an unknown place (NULL) counts. */
  place?: { keys: string[]; unknown: boolean } | undefined;
  version?: number | undefined;
  band?: { question: string; option: string } | undefined;
}

/**
 * An answer's stored JSON with every written "other" (`{"other":"…"}`, kept in the answer by
 * sensitive questions) as the key `other`, so that answers group by what was chosen, never by
 * what was written. Only the few answers with an object are opened; the rest group as stored.
 */
const chosen = (column: SQL) =>
  sql`case when ${column} like '{%' then '"other"' when ${column} like '[%{%' then (select json_group_array(case when e.type = 'object' then 'other' else e.value end) from json_each(${column}) e) else ${column} end`;

/** Whether an answer chose `option`: a single value, a written "other", or an entry of a list answer. */
const choseOption = (column: SQL, option: string) =>
  sql`(${column} = json_quote(${option}) or (${option} = 'other' and ${column} like '{%') or (${column} like '[%' and exists (select 1 from json_each(${column}) e where e.value = ${option} or (${option} = 'other' and e.type = 'object'))))`;

/** Answers to `keys`: one key is a seek in the answers' primary key; several are read along each response's answers and picked (a seek per key and response costs more). */
const questionIn = (keys: string[]) => (keys.length === 1 ? sql`a.question_key = ${keys[0]!}` : sql`+a.question_key in ${keys}`);

/** The process and whether flagged responses count: the respondents every narrowing filter is measured against. */
function baseCondition(scope: RespondentScope): SQL {
  return scope.includeFlagged ? sql`r.process_id = ${scope.processId}` : sql`r.process_id = ${scope.processId} and r.flags = '[]'`;
}

/** The narrowing filters that apply, by name, each as a condition on `r`. */
export type Narrowing = 'channel' | 'language' | 'place' | 'version' | 'band';

function narrowingConditions(scope: RespondentScope): Array<{ name: Narrowing; condition: SQL }> {
  const conditions: Array<{ name: Narrowing; condition: SQL }> = [];
  if (scope.channel) conditions.push({ name: 'channel', condition: sql`r.channel = ${scope.channel}` });
  if (scope.language) conditions.push({ name: 'language', condition: sql`r.language = ${scope.language}` });
  if (scope.place) {
    const { keys, unknown } = scope.place;
    const parts: SQL[] = [];
    if (keys.length > 0) parts.push(sql`r.stadtteil_key in ${keys}`);
    if (unknown) parts.push(sql`r.stadtteil_key is null`);
    conditions.push({ name: 'place', condition: parts.length > 0 ? sql`(${sql.join(parts, sql` or `)})` : sql`0` });
  }
  if (scope.version !== undefined) conditions.push({ name: 'version', condition: sql`r.survey_version = ${scope.version}` });
  if (scope.band) {
    const { question, option } = scope.band;
    conditions.push({ name: 'band', condition: sql`exists (select 1 from ${answers} b where b.response_id = r.id and b.question_key = ${question} and ${choseOption(sql`b.value`, option)})` });
  }
  return conditions;
}

function scopeCondition(scope: RespondentScope): SQL {
  return sql.join([baseCondition(scope), ...narrowingConditions(scope).map((n) => n.condition)], sql` and `);
}

const all = (conditions: SQL[]) => (conditions.length === 0 ? sql`1` : sql`(${sql.join(conditions, sql` and `)})`);

/**
 * Whether a response met a `showIf`, as a condition on `r`, evaluated on what it stored: an answer
 * exists only where its question was shown and answered, so a leaf on a hidden question sees no
 * answer, as in the survey itself (`shownQuestionKeys`). Text answers are contributions.
 */
export function showIfCondition(showIf: ShowIf, typeOf: (key: string) => SurveyQuestion['type'] | undefined): SQL {
  if ('all' in showIf) return sql`(${sql.join(showIf.all.map((part) => showIfCondition(part, typeOf)), sql` and `)})`;
  if ('any' in showIf) return sql`(${sql.join(showIf.any.map((part) => showIfCondition(part, typeOf)), sql` or `)})`;
  if ('not' in showIf) return sql`not ${showIfCondition(showIf.not, typeOf)}`;
  const type = typeOf(showIf.question);
  if (type === undefined) return sql`0`;
  if (type === 'text') return sql`exists (select 1 from ${contributions} t where t.response_id = r.id and t.question_key = ${showIf.question})`;
  const answer = (test: SQL) => sql`exists (select 1 from ${answers} x where x.response_id = r.id and x.question_key = ${showIf.question} and ${test})`;
  if ('equals' in showIf) return answer(sql`x.value = json_quote(${showIf.equals})`);
  if ('includes' in showIf) return answer(sql`x.value like '[%' and exists (select 1 from json_each(x.value) e where e.value = ${showIf.includes})`);
  return answer(sql`1`);
}

/** Respondents of one survey version, counted under the filters and under wider ones. */
export interface VersionCounts {
  /** Respondents under every filter. */
  inScope: number;
  /** Without the narrowing filters (the process, flagged or not as asked). */
  base: number;
  /** Without each one narrowing filter, by its name (only where two or more apply). */
  without: Partial<Record<Narrowing, number>>;
  /** Respondents in scope for whom each of the asked conditions held (in the order asked). */
  held: number[];
}

export interface Counted {
  narrowing: Narrowing[];
  /** Per survey version that has respondents in the base. */
  versions: Map<number, VersionCounts>;
  groups: AnswerGroup[];
  /** With a cross-tabulation: the asked question's answers per column value (and version). */
  cross: CrossGroup[];
  /** With a cross-tabulation: the respondents per column value, answered or not, and those shown the question. */
  columnRespondents: ColumnRespondents[];
}

/** A cross-tabulation's asked question, what its columns read, and (a condition on `r`) whether a respondent was shown it. */
export interface CrossAsk {
  question: string;
  columns: ColumnSource;
  shown: SQL;
}

/** Respondents of one column value (as `CrossGroup.column`), over the versions. */
export interface ColumnRespondents {
  column: string | null;
  respondents: number;
  shown: number;
}

/**
 * Everything per-question results and a cross-tabulation count, in one statement: the respondents
 * of the base (the process) are read once, each filter and each asked condition evaluated once per
 * respondent (a band's lookup is the costly part), and the same rows give the respondents with and
 * without the filters (for the refusal of a filter that singles out a few), those for whom each
 * `showIf` held, and, joined to their answers, the answer groups and the cross-tabulation's cells.
 */
export function countRespondents(
  db: DbOrTx,
  scope: RespondentScope,
  ask: { questionKeys: string[]; conditions: Array<{ version: number; condition: SQL }>; cross?: CrossAsk | undefined },
): Counted {
  const narrowing = narrowingConditions(scope);
  const names = narrowing.map((n) => n.name);
  const flags = narrowing.map((n, index) => sql`${n.condition} as ${sql.raw(`f${index}`)}`);
  const flag = (index: number) => sql.raw(`s.f${index}`);
  const inScope = all(narrowing.map((_, index) => flag(index)));
  const held = ask.conditions.map(({ version, condition }, index) => sql`(r.survey_version = ${version} and ${condition}) as ${sql.raw(`g${index}`)}`);
  const withouts = narrowing.length > 1 ? narrowing.map((_, skip) => all(narrowing.flatMap((__, index) => (index === skip ? [] : [flag(index)])))) : [];
  const cross = ask.cross;
  const crossColumn = !cross ? null : 'question' in cross.columns ? cross.columns.question : cross.columns.column;
  const shownColumn = cross ? [sql`${cross.shown} as c_shown`] : [];
  const materialized = sql.join([sql`r.id`, sql`r.survey_version as version`, sql`r.stadtteil_key`, sql`r.channel`, sql`r.language`, ...flags, ...held, ...shownColumn], sql`, `);
  // Respondents per version: the base, in scope, without each filter, each condition held.
  const sums = [sql`count(*)`, sql`sum(${inScope})`, ...withouts.map((w) => sql`sum(${w})`), ...ask.conditions.map((_, index) => sql`sum(${inScope} and ${sql.raw(`s.g${index}`)})`)];
  const respondentsRow = sql`select 0 as kind, s.version as version, null as question, null as "column", null as value, json_array(${sql.join(sums, sql`, `)}) as n from s group by s.version`;
  const branches: SQL[] = [respondentsRow];
  const otherKeys = cross ? ask.questionKeys.filter((key) => key !== cross.question) : ask.questionKeys;
  if (otherKeys.length > 0) {
    branches.push(sql`select 1, s.version, a.question_key, null, ${chosen(sql`a.value`)}, count(*) from s join ${answers} a on a.response_id = s.id and ${questionIn(otherKeys)} where ${inScope} group by 2, 3, 5`);
  }
  if (cross && crossColumn !== null) {
    const byQuestion = 'question' in cross.columns;
    const columnValue = byQuestion ? sql`case when d.response_id is null then null else ${chosen(sql`d.value`)} end` : sql.raw(`s.${crossColumn}`);
    const columnJoin = byQuestion ? sql`left join ${answers} d on d.response_id = s.id and d.question_key = ${crossColumn}` : sql``;
    branches.push(sql`select 2, s.version, a.question_key, ${columnValue}, ${chosen(sql`a.value`)}, count(*) from s join ${answers} a on a.response_id = s.id and a.question_key = ${cross.question} ${columnJoin} where ${inScope} group by 2, 4, 5`);
    // Every respondent of each column, answered or not, and those shown the question.
    branches.push(sql`select 3, s.version, null, ${columnValue}, null, json_array(count(*), sum(s.c_shown)) from s ${columnJoin} where ${inScope} group by 2, 4`);
  }
  const rows = db.all<{ kind: number; version: number; question: string | null; column: string | null; value: string | null; n: number | string }>(sql`
    with s as materialized (select ${materialized} from ${responses} r where ${baseCondition(scope)})
    ${sql.join(branches, sql` union all `)}`);
  const versions = new Map<number, VersionCounts>();
  const groups: AnswerGroup[] = [];
  const crossGroups: CrossGroup[] = [];
  const columnRespondents: ColumnRespondents[] = [];
  for (const row of rows) {
    if (row.kind === 0) {
      const [base, inScopeCount, ...rest] = (JSON.parse(String(row.n)) as Array<number | null>).map((n) => n ?? 0);
      const without: Partial<Record<Narrowing, number>> = {};
      withouts.forEach((_, index) => (without[names[index]!] = rest[index]!));
      versions.set(row.version, { base: base!, inScope: inScopeCount!, without, held: rest.slice(withouts.length) });
    } else if (row.kind === 1) groups.push({ version: row.version, question: row.question!, value: row.value!, n: Number(row.n) });
    else if (row.kind === 3) {
      const [respondents, shown] = (JSON.parse(String(row.n)) as Array<number | null>).map((n) => n ?? 0);
      columnRespondents.push({ column: row.column, respondents: respondents!, shown: shown! });
    } else {
      groups.push({ version: row.version, question: row.question!, value: row.value!, n: Number(row.n) });
      crossGroups.push({ version: row.version, column: row.column, value: row.value!, n: Number(row.n) });
    }
  }
  return { narrowing: names, versions, groups, cross: crossGroups, columnRespondents };
}

/**
 * What splits the respondents into parts with no one in two: a column of the response (a
 * Stadtteil, a channel, a language, a survey version), the answer to a single-choice question
 * (as `chosen` gives it; NULL: not answered), or whether the response chose `option` of a
 * multiple-choice question ('chosen'; NULL: did not, or did not answer).
 */
export type SplitColumn = 'stadtteil_key' | 'channel' | 'language' | 'survey_version' | { question: string; option?: string };

/** The split's value of the response `r`; of two splits crossed, both as text in a JSON array (`["gronau","paper"]`). */
const splitValue = (split: SplitColumn | readonly SplitColumn[]): SQL => {
  if (Array.isArray(split)) return sql`json_array(${sql.join(split.map((one: SplitColumn) => sql`cast(${splitValue(one)} as text)`), sql`, `)})`;
  const one = split as SplitColumn;
  if (typeof one === 'string') return sql.raw(`r.${one}`);
  if (one.option !== undefined) return sql`(case when exists (select 1 from ${answers} d where d.response_id = r.id and d.question_key = ${one.question} and ${choseOption(sql`d.value`, one.option)}) then 'chosen' end)`;
  return sql`(select ${chosen(sql`d.value`)} from ${answers} d where d.response_id = r.id and d.question_key = ${one.question})`;
};

/** The respondents in scope with one value of the split column: per version, how many and for whom each asked condition held; their answer groups. */
export interface SplitPart {
  versions: Map<number, { inScope: number; held: number[] }>;
  groups: AnswerGroup[];
}

/**
 * What `countRespondents` counts in scope, once per value of `split`, in one statement: the
 * figures of every part of a partition (each Stadtteil, each channel) for a model that suppresses
 * them together with the figures of the whole. No refusal here: a part too small to be a filter of
 * its own still counts in the sums that bind the others.
 */
export function countSplit(db: DbOrTx, scope: RespondentScope, ask: { questionKeys: string[]; conditions: Array<{ version: number; condition: SQL }> }, split: SplitColumn | readonly SplitColumn[]): Map<string | null, SplitPart> {
  const held = ask.conditions.map(({ version, condition }, index) => sql`(r.survey_version = ${version} and ${condition}) as ${sql.raw(`g${index}`)}`);
  const materialized = sql.join([sql`r.id`, sql`r.survey_version as version`, sql`${splitValue(split)} as split`, ...held], sql`, `);
  const sums = [sql`count(*)`, ...ask.conditions.map((_, index) => sql`sum(${sql.raw(`s.g${index}`)})`)];
  type Row = { kind: number; version: number; split: string | number | null; question: string | null; value: string | null; n: number | string };
  // Each respondent once (kind 0), then each of its answers (kind 1), in one pass over the respondents: the split's
  // answer and the asked ones are read together, while the respondent's page of answers is at hand (two passes, one
  // for the split and one for the answers, read every page twice: 2.2 against 1.6 s over 200,000 responses).
  // `limit -1` keeps `s` a co-routine read once, rather than flattened into the join and its split read per answer.
  const rows =
    ask.questionKeys.length === 0
      ? db.all<Row>(sql`select 0 as kind, s.version as version, s.split as split, null as question, null as value, json_array(${sql.join(sums, sql`, `)}) as n
          from (select ${materialized} from ${responses} r where ${scopeCondition(scope)}) s group by 2, 3`)
      : db.all<Row>(sql`select k.kind as kind, s.version as version, s.split as split, a.question_key as question, ${chosen(sql`a.value`)} as value,
            case when k.kind = 0 then json_array(${sql.join(sums, sql`, `)}) else count(*) end as n
          from (select ${materialized} from ${responses} r where ${scopeCondition(scope)} limit -1) s
          cross join (select 0 as kind union all select 1) k
          left join ${answers} a on k.kind = 1 and a.response_id = s.id and ${questionIn(ask.questionKeys)}
          where k.kind = 0 or a.response_id is not null
          group by 1, 2, 3, 4, 5`);
  const parts = new Map<string | null, SplitPart>();
  for (const row of rows) {
    const key = row.split === null ? null : String(row.split);
    let part = parts.get(key);
    if (!part) parts.set(key, (part = { versions: new Map(), groups: [] }));
    if (row.kind === 0) {
      const [inScope, ...conditions] = (JSON.parse(String(row.n)) as Array<number | null>).map((n) => n ?? 0);
      part.versions.set(row.version, { inScope: inScope!, held: conditions });
    } else part.groups.push({ version: row.version, question: row.question!, value: row.value!, n: Number(row.n) });
  }
  return parts;
}

/** A split value as `countSplit` orders its parts (SQLite's order of the grouped column): no value first, then by number or by text. */
const compareSplitValues = (numeric: boolean) => (a: string | null, b: string | null) => {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (numeric) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
};

/**
 * What `countSplit` counts along one of two split columns, added up from its counts along both
 * (`countSplit(…, [first, second])`): each respondent has one value of each, so a part along one
 * is the sum of its cells along the other. The same parts, counts and order as `countSplit(…,
 * split)` gives (`numeric`: the column is a number, as `survey_version`), without reading the
 * answers again (`crossedResults` reads both partitions and their cells in one statement).
 */
export function marginOfSplit(crossed: ReadonlyMap<string | null, SplitPart>, at: 0 | 1, numeric: boolean): Map<string | null, SplitPart> {
  const sums = new Map<string | null, { versions: Map<number, { inScope: number; held: number[] }>; groups: Map<string, AnswerGroup> }>();
  for (const [key, part] of crossed) {
    const value = (JSON.parse(key!) as Array<string | null>)[at]!;
    let sum = sums.get(value);
    if (!sum) sums.set(value, (sum = { versions: new Map(), groups: new Map() }));
    for (const [version, counts] of part.versions) {
      const kept = sum.versions.get(version);
      if (kept) {
        kept.inScope += counts.inScope;
        counts.held.forEach((n, index) => (kept.held[index]! += n));
      } else sum.versions.set(version, { inScope: counts.inScope, held: [...counts.held] });
    }
    for (const group of part.groups) {
      const id = JSON.stringify([group.version, group.question, group.value]);
      const kept = sum.groups.get(id);
      if (kept) kept.n += group.n;
      else sum.groups.set(id, { ...group });
    }
  }
  // `countSplit`'s parts come in the order of its rows, grouped by version and then by value.
  const order = compareSplitValues(numeric);
  const versions = [...new Set([...sums.values()].flatMap((sum) => [...sum.versions.keys()]))].sort((a, b) => a - b);
  const keys = versions.flatMap((version) => [...sums.keys()].filter((key) => sums.get(key)!.versions.has(version)).sort(order));
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const parts = new Map<string | null, SplitPart>();
  for (const key of keys) {
    if (parts.has(key)) continue;
    const sum = sums.get(key)!;
    const groups = [...sum.groups.values()].sort((a, b) => a.version - b.version || byText(a.question, b.question) || byText(a.value, b.value));
    parts.set(key, { versions: new Map([...sum.versions].sort(([a], [b]) => a - b)), groups });
  }
  return parts;
}

/** `textAnswerCounts` along one of two split columns, added up from its counts along both (as `marginOfSplit`). */
export function marginOfTextCounts(crossed: ReadonlyArray<{ version: number; question: string; n: number; split: string | null }>, at: 0 | 1) {
  const sums = new Map<string, { version: number; question: string; n: number; split: string | null }>();
  for (const row of crossed) {
    const split = (JSON.parse(row.split!) as Array<string | null>)[at]!;
    const id = JSON.stringify([row.version, row.question, split]);
    const kept = sums.get(id);
    if (kept) kept.n += row.n;
    else sums.set(id, { version: row.version, question: row.question, n: row.n, split });
  }
  return [...sums.values()];
}

/** Answers that chose the same: `value` is the answer's JSON (`chosen`), a list answer's whole list. */
export interface AnswerGroup {
  version: number;
  question: string;
  value: string;
  n: number;
}

/** A scale's "keine Angabe" as a value: no option key can look like it. */
export const NO_ANSWER_KEY = '~none';

/** What a cross-tabulation's columns read of a response. */
export type ColumnSource = { column: 'stadtteil_key' | 'channel' | 'language' } | { question: string };

export interface CrossGroup {
  version: number;
  /**
   * The column's value: a Stadtteil key (NULL: unknown), a channel, a language; or, by another
   * question, that answer's JSON as `chosen` gives it (NULL: not answered).
   */
  column: string | null;
  /** The answer's JSON as `chosen` gives it. */
  value: string;
  n: number;
}

/** Published survey versions, oldest first. */
export function publishedDefinitions(db: DbOrTx, processId: string): SurveyDefinition[] {
  return db
    .select({ definition: surveys.definition })
    .from(surveys)
    .where(and(eq(surveys.processId, processId), isNotNull(surveys.publishedAt)))
    .orderBy(asc(surveys.version))
    .all()
    .map((row) => row.definition);
}

/** Dots per market day and option (the sum of the +1/−1 rows), for the process's market days. */
export function dotVoteTallies(db: DbOrTx, processId: string) {
  return db
    .select({ marketDayId: dotVotes.marketDayId, option: dotVotes.optionKey, dots: sql<number>`sum(${dotVotes.delta})` })
    .from(dotVotes)
    .innerJoin(marketDays, eq(marketDays.id, dotVotes.marketDayId))
    .where(eq(marketDays.processId, processId))
    .groupBy(dotVotes.marketDayId, dotVotes.optionKey)
    .all();
}

/** Respondents in scope per version (and value of `split`) who wrote an answer to each text question in `questionKeys` (text answers are contributions). */
export function textAnswerCounts(db: DbOrTx, scope: RespondentScope, questionKeys: string[], split?: SplitColumn | readonly SplitColumn[]): Array<{ version: number; question: string; n: number; split: string | null }> {
  if (questionKeys.length === 0) return [];
  const rows = db.all<{ version: number; question: string; n: number; split: string | number | null }>(sql`
    select r.survey_version as version, c.question_key as question, count(distinct c.response_id) as n, ${split ? splitValue(split) : sql`null`} as split
    from ${responses} r join ${contributions} c on c.response_id = r.id and c.question_key in ${questionKeys}
    where ${scopeCondition(scope)}
    group by 1, 2, 4`);
  return rows.map((row) => ({ ...row, split: row.split === null ? null : String(row.split) }));
}
