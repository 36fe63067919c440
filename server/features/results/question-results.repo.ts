import { and, asc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { answers, contributions, dotVotes, responses, stallSessions, surveys } from '../../../db/schema.ts';
import { OTHER_OPTION_KEY, type SurveyDefinition } from '../../../shared/survey/definition.ts';

/**
 * The counting of per-question results, cross-tabulations and dot votes, in SQL: every query
 * groups in the database and hands back one row per distinct (version, question, place in a
 * list, value) — a few hundred rows however many responses there are. Multiple choice and
 * ranking answers are JSON arrays, read with `json_each`; the indexes `answers_results` and
 * `responses_results` (migration 0011) cover every column these queries touch.
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

/** An answer's value as one SQL value: an option key, a scale step, NULL for "keine Angabe", `other` for a written "other". */
const scalarValue = (column: SQL) => sql`case when ${column} like '{%' then ${OTHER_OPTION_KEY} else ${column} ->> '$' end`;
/** The list entries of an array answer, nothing for any other answer. */
const listOf = (column: SQL) => sql`json_each(case when ${column} like '[%' then ${column} end)`;
/** An answer's value, or with `list` the entry of its array answer: an option key, a step, NULL, or `other`. */
const entryValue = (column: SQL, list: string) =>
  sql`case when ${sql.raw(list)}.key is null then ${scalarValue(column)} when ${sql.raw(list)}.type = 'object' then ${OTHER_OPTION_KEY} else ${sql.raw(list)}.value end`;

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
    conditions.push(
      sql`exists (select 1 from ${answers} b left join ${listOf(sql`b.value`)} bj where b.response_id = r.id and b.question_key = ${question} and ${entryValue(sql`b.value`, 'bj')} = ${option})`,
    );
  }
  return sql.join(conditions, sql` and `);
}

/** Respondents in scope per survey version. */
export function respondentsByVersion(db: DbOrTx, scope: RespondentScope): Map<number, number> {
  const rows = db.all<{ version: number; n: number }>(sql`select r.survey_version as version, count(*) as n from ${responses} r where ${scopeCondition(scope)} group by r.survey_version`);
  return new Map(rows.map((row) => [row.version, row.n]));
}

/** One group of answers: `position` is the place in a list answer (0 first), null for a single value. */
export interface AnswerGroup {
  version: number;
  question: string;
  position: number | null;
  value: string | number | null;
  n: number;
}

/** Answers of respondents in scope to `questionKeys`, counted per version, question, list position and value. */
export function answerGroups(db: DbOrTx, scope: RespondentScope, questionKeys: string[]): AnswerGroup[] {
  if (questionKeys.length === 0) return [];
  return db.all<AnswerGroup>(sql`
    select r.survey_version as version, a.question_key as question, j.key as position, ${entryValue(sql`a.value`, 'j')} as value, count(*) as n
    from ${responses} r
    join ${answers} a on a.response_id = r.id and a.question_key in ${questionKeys}
    left join ${listOf(sql`a.value`)} j
    where ${scopeCondition(scope)}
    group by 1, 2, 3, 4`);
}

/** A scale's "keine Angabe" as a value: no option key can look like it. */
export const NO_ANSWER_KEY = '~none';

/** What a cross-tabulation's columns read of a response. */
export type ColumnSource = { column: 'stadtteil_key' | 'channel' | 'language' } | { question: string };

export interface CrossGroup {
  /** The column's value: a Stadtteil key (NULL: unknown), a channel, a language, or the other question's option or step (NULL: no answer, `NO_ANSWER_KEY`: keine Angabe). */
  column: string | number | null;
  position: number | null;
  value: string | number | null;
  n: number;
}

/** Answers to `question` of respondents in scope, counted per column value, list position and value. */
export function crossGroups(db: DbOrTx, scope: RespondentScope, question: string, columns: ColumnSource): CrossGroup[] {
  const byQuestion = 'question' in columns;
  // Without an answer to the other question: NULL; its "keine Angabe" (a JSON null): `NO_ANSWER_KEY`.
  const columnValue = byQuestion ? sql`case when d.response_id is null then null else coalesce(${entryValue(sql`d.value`, 'dj')}, ${NO_ANSWER_KEY}) end` : sql.raw(`r.${columns.column}`);
  const columnJoin = byQuestion ? sql`left join ${answers} d on d.response_id = r.id and d.question_key = ${columns.question} left join ${listOf(sql`d.value`)} dj` : sql``;
  return db.all<CrossGroup>(sql`
    select ${columnValue} as "column", j.key as position, ${entryValue(sql`a.value`, 'j')} as value, count(*) as n
    from ${responses} r
    join ${answers} a on a.response_id = r.id and a.question_key = ${question}
    left join ${listOf(sql`a.value`)} j
    ${columnJoin}
    where ${scopeCondition(scope)}
    group by 1, 2, 3`);
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
    .select({ marketDayId: dotVotes.stallSessionId, option: dotVotes.optionKey, dots: sql<number>`sum(${dotVotes.delta})` })
    .from(dotVotes)
    .innerJoin(stallSessions, eq(stallSessions.id, dotVotes.stallSessionId))
    .where(eq(stallSessions.processId, processId))
    .groupBy(dotVotes.stallSessionId, dotVotes.optionKey)
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
