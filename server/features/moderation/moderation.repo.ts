import { and, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { contributionTags, contributions, responses } from '../../../db/schema.ts';
import type { ModerationQuery } from '../../../shared/api/moderation.ts';
import { stadtteilToStore } from '../../../shared/domain.ts';
import type { ContributionRow } from '../contributions/contributions.repo.ts';

type QueueState = ModerationQuery['state'];

const hasTag = sql`exists (select 1 from ${contributionTags} t where t.contribution_id = ${contributions.id})`;
const hasFirmTag = sql`exists (select 1 from ${contributionTags} t where t.contribution_id = ${contributions.id} and t.source <> 'suggested')`;
/** A contribution's strongest tag in one look-up: NULL without tags, 0 with only suggested ones, 1 with a firm one (set by a person). */
const tagStrength = sql`(select max(t.source <> 'suggested') from ${contributionTags} t where t.contribution_id = ${contributions.id})`;
const isFlagged = sql`${contributions.flags} <> '[]'`;

/** The SQL condition for each queue state; "needs review" is untagged, only suggested, or flagged. */
function stateCondition(state: QueueState): SQL | undefined {
  const open = and(eq(contributions.status, 'visible'), isNull(contributions.reviewedAt));
  switch (state) {
    case 'untagged':
      return and(open, sql`not ${hasTag}`);
    case 'suggested':
      return and(open, sql`${tagStrength} = 0`);
    case 'flagged':
      return and(open, isFlagged);
    case 'needs_review':
      return and(open, sql`(not ${hasFirmTag} or ${isFlagged})`);
    case 'reviewed':
      return and(eq(contributions.status, 'visible'), isNotNull(contributions.reviewedAt));
    case 'hidden':
      return eq(contributions.status, 'hidden');
    case 'all':
      return undefined;
  }
}

/** A Stadtteil key or `outside` as stored; `unknown` is stored as NULL (`stadtteilToStore`). */
function placeCondition(stadtteil: string): SQL {
  const stored = stadtteilToStore(stadtteil);
  return stored === null ? isNull(contributions.stadtteilKey) : eq(contributions.stadtteilKey, stored);
}

function filterCondition(processId: string, query: Omit<ModerationQuery, 'limit' | 'offset'>): SQL | undefined {
  return and(
    // A market day's notes are a few thousand at most: its index finds them. Without the `+`, which
    // keeps the process's indexes out, the page walked every contribution of the process in
    // `contributions_process_day`'s order to skip sorting those few (2 s for 300,000).
    query.marketDay ? sql`+${contributions.processId} = ${processId}` : eq(contributions.processId, processId),
    stateCondition(query.state),
    query.channel ? eq(contributions.channel, query.channel) : undefined,
    query.stadtteil ? placeCondition(query.stadtteil) : undefined,
    query.marketDay ? eq(contributions.marketDayId, query.marketDay) : undefined,
    query.field
      ? sql`exists (select 1 from ${contributionTags} t where t.contribution_id = ${contributions.id} and t.field_key = ${query.field})`
      : undefined,
  );
}

export function listQueue(db: DbOrTx, processId: string, query: ModerationQuery): ContributionRow[] {
  return db
    .select()
    .from(contributions)
    .where(filterCondition(processId, query))
    .orderBy(desc(contributions.capturedOn), contributions.id)
    .limit(query.limit)
    .offset(query.offset)
    .all();
}

/**
 * How many contributions each state of the queue holds under the filters, in one pass over them
 * (a `count(*)` per state walked the process's contributions seven times). The pass reads indexes
 * only: `contributions_process` holds the id, status, review and flags of each contribution, in
 * id order within a channel, so the tags are met in the order of `tags_source`, which says
 * whether a tag is firm. The tags of a contribution are looked up once (`tagStrength`) and only
 * for an open one (visible and not yet reviewed); the CTE is materialised so that SQLite does not
 * copy that look-up into each sum and run it again. 300,000 contributions: about 0.3 s, where
 * two look-ups of each one's tags in the table took 2.7 s (BENCHMARKS.md, 2026-12-02).
 */
export function countQueueStates(db: DbOrTx, processId: string, filters: Omit<ModerationQuery, 'limit' | 'offset' | 'state'>): Record<QueueState, number> {
  const open = sql`${contributions.status} = 'visible' and ${contributions.reviewedAt} is null`;
  const row = db.get<Record<QueueState, number | null>>(sql`
    with counted as materialized (
      select ${contributions.status} as status, ${contributions.reviewedAt} is not null as reviewed, ${isFlagged} as flagged, ${open} as open,
        case when ${open} then ${tagStrength} end as strength
      from ${contributions}
      where ${filterCondition(processId, { ...filters, state: 'all' })}
    )
    select count(*) as "all",
      sum(open and strength is null) as untagged,
      sum(open and strength = 0) as suggested,
      sum(open and flagged) as flagged,
      sum(open and (coalesce(strength, 0) = 0 or flagged)) as needs_review,
      sum(status = 'visible' and reviewed) as reviewed,
      sum(status = 'hidden') as hidden
    from counted`);
  return Object.fromEntries(Object.entries(row ?? {}).map(([state, n]) => [state, n ?? 0])) as Record<QueueState, number>;
}

/** The contributions in one state of the queue under the filters (the administration's start page: „Zu prüfen“). */
export function countQueue(db: DbOrTx, processId: string, query: Omit<ModerationQuery, 'limit' | 'offset'>): number {
  return db.select({ n: sql<number>`count(*)` }).from(contributions).where(filterCondition(processId, query)).get()?.n ?? 0;
}

export function findInProcess(db: DbOrTx, processId: string, id: string): ContributionRow | undefined {
  return db
    .select()
    .from(contributions)
    .where(and(eq(contributions.processId, processId), eq(contributions.id, id)))
    .get();
}

/** The flags of the flagged questionnaires these contributions are answers of, by contribution. */
export function responseFlagsOf(db: DbOrTx, ids: readonly string[]): Map<string, string[]> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ id: contributions.id, flags: responses.flags })
    .from(contributions)
    .innerJoin(responses, eq(responses.id, contributions.responseId))
    .where(and(inArray(contributions.id, [...ids]), sql`${responses.flags} <> '[]'`))
    .all();
  return new Map(rows.map((row) => [row.id, row.flags]));
}
