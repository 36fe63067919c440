import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { auditLog, contributions, guidingGoals, marketDays, measures, processes, resultSnapshots, sessions, users } from '../../../db/schema.ts';
import type { AuditEntry as AuditEntryAnswer } from '../../../shared/api/lifecycle.ts';
import { citeId } from '../../../shared/api/quotes.ts';
import type { listAudit } from './audit.repo.ts';

type Row = ReturnType<typeof listAudit>['entries'][number];
type Subject = NonNullable<AuditEntryAnswer['subject']>;

/** What an entry's id named when it was written: the title its details keep (measures, Leitziele, a deleted process). */
const keptTitle = (details: unknown): string | null => {
  const title = (details as { title?: unknown } | null)?.title;
  return typeof title === 'string' ? title : null;
};
const keptProcess = (details: unknown): string | null => {
  const slug = (details as { process?: unknown; slug?: unknown } | null)?.process ?? (details as { slug?: unknown } | null)?.slug;
  return typeof slug === 'string' ? slug : null;
};

/** A released snapshot's questions by key with their German titles, from its stored `texts`. */
function frozenQuestions(texts: string | null): Record<string, string> {
  const stored = JSON.parse(texts ?? '{}') as Record<string, { title?: { de?: unknown } } | undefined>;
  return Object.fromEntries(Object.entries(stored).flatMap(([key, text]) => (typeof text?.title?.de === 'string' ? [[key, text.title.de]] : [])));
}

const idsOf = (rows: readonly Row[], ...entities: string[]) => [...new Set(rows.filter((row) => entities.includes(row.entity) && row.entityId).map((row) => row.entityId!))];

/**
 * Names what each entry of a page is about, looked up now: an account by its name, a process
 * (also for its survey and exports) by its German title, a contribution by its cite id, a measure
 * or Leitziel by its title, a market day by its date and place, released results by theirs (and their questions by the titles they froze), a tablet by the name staff gave it. A
 * thing that is gone is `deleted`, named by the title its entry kept where it kept one; the id
 * stays in `entityId` for the record; a deleted process's other entries (its exports too) by the
 * title its `process_deleted` entry kept. Each kind is one query for the whole page.
 */
export function nameSubjects(db: DbOrTx, rows: readonly Row[]): AuditEntryAnswer[] {
  const userIds = idsOf(rows, 'user').map(Number).filter(Number.isInteger);
  const accounts = new Map(
    (userIds.length ? db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.id, userIds)).all() : []).map((row) => [String(row.id), row.username]),
  );
  const sessionIds = idsOf(rows, 'session');
  const devices = new Map(
    (sessionIds.length
      ? db
          .select({ prefix: sql<string>`substr(${sessions.id}, 1, 12)`, device: sessions.deviceName })
          .from(sessions)
          .where(inArray(sql`substr(${sessions.id}, 1, 12)`, sessionIds))
          .all()
      : []
    ).map((row) => [row.prefix, row.device]),
  );
  const contributionIds = idsOf(rows, 'contribution');
  const cited = new Map(
    (contributionIds.length
      ? db.select({ id: contributions.id, citeSeq: contributions.citeSeq, processId: contributions.processId }).from(contributions).where(inArray(contributions.id, contributionIds)).all()
      : []
    ).map((row) => [row.id, row]),
  );
  const processKeys = [...new Set([...idsOf(rows, 'process', 'survey', 'survey_draft'), ...[...cited.values()].map((row) => row.processId), ...rows.map((row) => keptProcess(row.details)).filter((slug): slug is string => slug !== null)])];
  const processRows = processKeys.length ? db.select({ id: processes.id, slug: processes.slug, title: processes.title }).from(processes).where(or(inArray(processes.id, processKeys), inArray(processes.slug, processKeys))).all() : [];
  const processTitle = new Map(processRows.flatMap((row) => [[row.id, row.title.de] as const, [row.slug, row.title.de] as const]));
  // A deleted process by the title its deletion's entry kept, found by its slug or its id (kept since the id was).
  const goneKeys = processKeys.filter((key) => !processTitle.has(key));
  const deletedTitle = new Map(
    (goneKeys.length
      ? db
          .select({ slug: auditLog.entityId, id: sql<string | null>`json_extract(${auditLog.details}, '$.processId')`, title: sql<string | null>`json_extract(${auditLog.details}, '$.title')` })
          .from(auditLog)
          .where(and(eq(auditLog.entity, 'process'), eq(auditLog.action, 'process_deleted'), or(inArray(auditLog.entityId, goneKeys), inArray(sql`json_extract(${auditLog.details}, '$.processId')`, goneKeys))))
          .all()
      : []
    ).flatMap((row) => (row.title === null ? [] : [...(row.slug === null ? [] : [[row.slug, row.title] as const]), ...(row.id === null ? [] : [[row.id, row.title] as const])])),
  );
  const measureIds = idsOf(rows, 'measure');
  const measureTitle = new Map((measureIds.length ? db.select({ id: measures.id, title: measures.title }).from(measures).where(inArray(measures.id, measureIds)).all() : []).map((row) => [row.id, row.title.de]));
  const goalIds = idsOf(rows, 'guiding_goal');
  const goalText = new Map((goalIds.length ? db.select({ id: guidingGoals.id, text: guidingGoals.text }).from(guidingGoals).where(inArray(guidingGoals.id, goalIds)).all() : []).map((row) => [row.id, row.text.de]));
  const marketDayIds = idsOf(rows, 'market_day');
  const marketDayName = new Map(
    (marketDayIds.length ? db.select({ id: marketDays.id, date: marketDays.date, place: marketDays.place }).from(marketDays).where(inArray(marketDays.id, marketDayIds)).all() : []).map((row) => [row.id, `${row.date} · ${row.place}`]),
  );
  const snapshotIds = idsOf(rows, 'result_snapshot');
  const snapshotTitle = new Map(
    (snapshotIds.length
      ? db
          .select({
            id: resultSnapshots.id,
            title: sql<string | null>`json_extract(${resultSnapshots.content}, '$.title.de')`,
            texts: sql<string | null>`json_extract(${resultSnapshots.content}, '$.texts')`,
          })
          .from(resultSnapshots)
          .where(inArray(resultSnapshots.id, snapshotIds))
          .all()
      : []
    ).map((row) => [row.id, row] as const),
  );

  const found = (name: string | null | undefined, process: string | null = null): Subject => ({ name: name ?? null, deleted: false, process });
  const gone = (name: string | null, process: string | null = null): Subject => ({ name, deleted: true, process });
  const inProcess = (details: unknown) => processTitle.get(keptProcess(details) ?? '') ?? deletedTitle.get(keptProcess(details) ?? '') ?? null;
  const subjectOf = (row: Row): Subject | null => {
    const id = row.entityId;
    if (!id) return null;
    switch (row.entity) {
      case 'user': {
        const kept = (row.details as { username?: unknown } | null)?.username;
        return accounts.has(id) ? found(accounts.get(id)) : gone(typeof kept === 'string' ? kept : null);
      }
      case 'session':
        return found(devices.get(id) ?? null);
      case 'process':
      case 'survey':
      case 'survey_draft':
        // A deleted process's entry keeps its title (process_deleted); its other entries, its exports among them, are named by that.
        return processTitle.has(id) ? found(processTitle.get(id)) : gone(keptTitle(row.details) ?? deletedTitle.get(id) ?? null);
      case 'contribution': {
        const contribution = cited.get(id);
        return contribution ? found(contribution.citeSeq === null ? null : citeId(contribution.citeSeq), processTitle.get(contribution.processId) ?? null) : gone(null);
      }
      case 'measure':
        return measureTitle.has(id) ? found(measureTitle.get(id), inProcess(row.details)) : gone(keptTitle(row.details), inProcess(row.details));
      case 'guiding_goal':
        return goalText.has(id) ? found(goalText.get(id), inProcess(row.details)) : gone(keptTitle(row.details), inProcess(row.details));
      case 'market_day':
        // Named by its date and place now; one removed by the date and place its entry kept.
        return marketDayName.has(id) ? found(marketDayName.get(id), inProcess(row.details)) : gone(keptTitle(row.details), inProcess(row.details));
      case 'result_snapshot': {
        const snapshot = snapshotTitle.get(id);
        return snapshot ? { ...found(snapshot.title, inProcess(row.details)), questions: frozenQuestions(snapshot.texts) } : gone(null, inProcess(row.details));
      }
      default:
        return null;
    }
  };
  return rows.map((row) => ({ ...row, subject: subjectOf(row) }));
}
