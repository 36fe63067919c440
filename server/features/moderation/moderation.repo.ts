import { and, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { contributionTags, contributions, responses } from '../../../db/schema.ts';
import type { ModerationQuery } from '../../../shared/api/moderation.ts';
import { stadtteilToStore } from '../../../shared/domain.ts';
import type { ContributionRow } from '../contributions/contributions.repo.ts';

type QueueState = ModerationQuery['state'];

const tagCount = sql<number>`(select count(*) from ${contributionTags} t where t.contribution_id = ${contributions.id})`;
const firmTagCount = sql<number>`(select count(*) from ${contributionTags} t where t.contribution_id = ${contributions.id} and t.source <> 'suggested')`;
const isFlagged = sql`${contributions.flags} <> '[]'`;

/** The SQL condition for each queue state; "needs review" is untagged, only suggested, or flagged. */
function stateCondition(state: QueueState): SQL | undefined {
  const open = and(eq(contributions.status, 'visible'), isNull(contributions.reviewedAt));
  switch (state) {
    case 'untagged':
      return and(open, sql`${tagCount} = 0`);
    case 'suggested':
      return and(open, sql`${tagCount} > 0 and ${firmTagCount} = 0`);
    case 'flagged':
      return and(open, isFlagged);
    case 'needs_review':
      return and(open, sql`(${firmTagCount} = 0 or ${isFlagged})`);
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
    eq(contributions.processId, processId),
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
