import { and, asc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { answers, contributions, dotVotes, responses, marketDays, surveys } from '../../../db/schema.ts';
import type { SurveyDefinition } from '../../../shared/survey/definition.ts';

/**
 * The counting of per-question results, cross-tabulations and dot votes, in SQL: every query
 * groups in the database and hands back one row per distinct (version, question, answer) — a few
 * thousand rows however many responses there are. Multiple choice and ranking answers are JSON
 * arrays: they group as whole lists and are opened per distinct list by the caller, and
 * `json_each` opens only those with a written "other" or a band's list; the indexes
 * `answers_results` and `responses_results` (migration 0014) cover every column these queries touch.
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

/** Answers to `keys`: one key is a seek in `answers_results`; several are read along each response's answers and picked (a seek per key and response costs more). */
const questionIn = (keys: string[]) => (keys.length === 1 ? sql`a.question_key = ${keys[0]!}` : sql`+a.question_key in ${keys}`);

function scopeCondition(scope: RespondentScope): SQL {
  const conditions: SQL[] = [sql`r.process_id = ${scope.processId}`];
  if (!scope.includeFlagged) conditions.push(sql`r.flags = '[]'`);
  if (scope.channel) conditions.push(sql`r.channel = ${scope.channel}`);
  if (scope.language) conditions.push(sql`r.language = ${scope.language}`);
  if (scope.version !== undefined) conditions.push(sql`r.survey_version = ${scope.version}`);
  if (scope.place) {
    const { keys, unknown } = scope.place;
    const parts: SQL[] = [];
    if (keys.length > 0) parts.push(sql`r.stadtteil_key in ${keys}`);
    if (unknown) parts.push(sql`r.stadtteil_key is null`);
    conditions.push(parts.length > 0 ? sql`(${sql.join(parts, sql` or `)})` : sql`0`);
  }
  if (scope.band) {
    const { question, option } = scope.band;
    conditions.push(sql`exists (select 1 from ${answers} b where b.response_id = r.id and b.question_key = ${question} and ${choseOption(sql`b.value`, option)})`);
  }
  return sql.join(conditions, sql` and `);
}

/** Respondents in scope per survey version. */
export function respondentsByVersion(db: DbOrTx, scope: RespondentScope): Map<number, number> {
  const rows = db.all<{ version: number; n: number }>(sql`select r.survey_version as version, count(*) as n from ${responses} r where ${scopeCondition(scope)} group by r.survey_version`);
  return new Map(rows.map((row) => [row.version, row.n]));
}

/** Answers that chose the same: `value` is the answer's JSON (`chosen`), a list answer's whole list. */
export interface AnswerGroup {
  version: number;
  question: string;
  value: string;
  n: number;
}

/**
 * Answers of respondents in scope to `questionKeys`, counted per version, question and what was
 * chosen. A list answer (multiple choice, ranking) groups as the whole list, so the database hands
 * back one row per distinct combination, which the caller opens once instead of once per answer.
 */
export function answerGroups(db: DbOrTx, scope: RespondentScope, questionKeys: string[]): AnswerGroup[] {
  if (questionKeys.length === 0) return [];
  return db.all<AnswerGroup>(sql`
    select r.survey_version as version, a.question_key as question, ${chosen(sql`a.value`)} as value, count(*) as n
    from ${responses} r
    join ${answers} a on a.response_id = r.id and ${questionIn(questionKeys)}
    where ${scopeCondition(scope)}
    group by 1, 2, 3`);
}

/** A scale's "keine Angabe" as a value: no option key can look like it. */
export const NO_ANSWER_KEY = '~none';

/** What a cross-tabulation's columns read of a response. */
export type ColumnSource = { column: 'stadtteil_key' | 'channel' | 'language' } | { question: string };

export interface CrossGroup {
  /**
   * The column's value: a Stadtteil key (NULL: unknown), a channel, a language; or, by another
   * question, that answer's JSON as `chosen` gives it (NULL: not answered).
   */
  column: string | null;
  /** The answer's JSON as `chosen` gives it. */
  value: string;
  n: number;
}

/** Answers to `question` of respondents in scope, counted per column value and what was chosen. */
export function crossGroups(db: DbOrTx, scope: RespondentScope, question: string, columns: ColumnSource): CrossGroup[] {
  const byQuestion = 'question' in columns;
  const columnValue = byQuestion ? sql`case when d.response_id is null then null else ${chosen(sql`d.value`)} end` : sql.raw(`r.${columns.column}`);
  const columnJoin = byQuestion ? sql`left join ${answers} d on d.response_id = r.id and d.question_key = ${columns.question}` : sql``;
  return db.all<CrossGroup>(sql`
    select ${columnValue} as "column", ${chosen(sql`a.value`)} as value, count(*) as n
    from ${responses} r
    join ${answers} a on a.response_id = r.id and a.question_key = ${question}
    ${columnJoin}
    where ${scopeCondition(scope)}
    group by 1, 2`);
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

/** Respondents in scope per version who wrote an answer to each text question in `questionKeys` (text answers are contributions). */
export function textAnswerCounts(db: DbOrTx, scope: RespondentScope, questionKeys: string[]): Array<{ version: number; question: string; n: number }> {
  if (questionKeys.length === 0) return [];
  return db.all(sql`
    select r.survey_version as version, c.question_key as question, count(distinct c.response_id) as n
    from ${responses} r join ${contributions} c on c.response_id = r.id and c.question_key in ${questionKeys}
    where ${scopeCondition(scope)}
    group by 1, 2`);
}
