import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import type { Channel } from '../../../shared/domain.ts';
import type { Language } from '../../../shared/languages.ts';

/**
 * Every count participation needs, in SQL (GROUP BY): a few dozen rows, never one per voice.
 * A voice is a questionnaire that passed the anti-abuse checks, or a visible contribution that
 * came without a questionnaire (a questionnaire's free text is part of that questionnaire).
 */

export type VoiceKind = 'response' | 'contribution';

export interface PlaceGroup {
  kind: VoiceKind;
  channel: Channel;
  /** A Stadtteil key, `outside`, or null (unknown). */
  place: string | null;
  n: number;
}

export function countVoicesByPlace(db: DbOrTx, processId: string): PlaceGroup[] {
  return db.all<PlaceGroup>(sql`
    select 'response' as kind, channel, stadtteil_key as place, count(*) as n from responses
      where process_id = ${processId} and flags = '[]' group by channel, stadtteil_key
    union all
    select 'contribution', channel, stadtteil_key, count(*) from contributions
      where process_id = ${processId} and status = 'visible' and response_id is null group by channel, stadtteil_key`);
}

export function countVoicesByLanguage(db: DbOrTx, processId: string): Array<{ language: Language | null; n: number }> {
  return db.all(sql`
    select language, sum(n) as n from (
      select language, count(*) as n from responses where process_id = ${processId} and flags = '[]' group by language
      union all
      select language, count(*) from contributions where process_id = ${processId} and status = 'visible' and response_id is null group by language
    ) group by language`);
}

/**
 * Voices by their answer to a single-choice question of the survey (an answer that is not a
 * string counts as not stated).
 */
export function countVoicesByAnswer(db: DbOrTx, processId: string, questionKey: string): Array<{ value: string; n: number }> {
  return db.all(sql`
    select json_extract(a.value, '$') as value, count(*) as n from responses r
      join answers a on a.response_id = r.id and a.question_key = ${questionKey}
      where r.process_id = ${processId} and r.flags = '[]' and json_type(a.value) = 'text'
      group by json_extract(a.value, '$')`);
}

/** Contributions without a questionnaire by the Zensus age class staff noted (`age_band`). */
export function countNotesByAgeBand(db: DbOrTx, processId: string): Array<{ value: string; n: number }> {
  return db.all(sql`
    select age_band as value, count(*) as n from contributions
      where process_id = ${processId} and status = 'visible' and response_id is null and age_band is not null group by age_band`);
}

/** The Zensus parts of the Stadtteile's populations, summed over the Stadtteile that have each dimension. */
export function sumPopulationGroups(db: DbOrTx, processId: string): Array<{ dimension: string; category: string; stadtteile: number; total: number }> {
  return db.all(sql`
    select g.dimension as dimension, g.category as category, count(*) as stadtteile, sum(g.count) as total
    from population_groups g join stadtteile s on s.process_id = g.process_id and s.key = g.stadtteil_key
    where g.process_id = ${processId} and s.population is not null
    group by g.dimension, g.category`);
}
