import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import { clientOf, preparedBulkInsert, preparedQuery, type DbOrTx } from '../../../db/index.ts';
import { contributionTags, contributions, receipts } from '../../../db/schema.ts';

export type ReceiptRow = typeof receipts.$inferSelect;

const byCode = preparedQuery((db) =>
  db
    .select()
    .from(receipts)
    .where(eq(receipts.code, sql.placeholder('code')))
    .prepare(),
);
const byResponse = preparedQuery((db) =>
  db
    .select({ code: receipts.code })
    .from(receipts)
    .where(eq(receipts.responseId, sql.placeholder('id')))
    .prepare(),
);
const byContribution = preparedQuery((db) =>
  db
    .select({ code: receipts.code })
    .from(receipts)
    .where(eq(receipts.contributionId, sql.placeholder('id')))
    .prepare(),
);

export function findReceipt(db: DbOrTx, code: string): ReceiptRow | undefined {
  return byCode(db).get({ code });
}

export function codeOfResponse(db: DbOrTx, responseId: string): string | undefined {
  return byResponse(db).get({ id: responseId })?.code;
}

export function codeOfContribution(db: DbOrTx, contributionId: string): string | undefined {
  return byContribution(db).get({ id: contributionId })?.code;
}

/** The codes of these contributions (those without a questionnaire), by contribution. */
export function codesOfContributions(db: DbOrTx, contributionIds: readonly string[]): Map<string, string> {
  if (contributionIds.length === 0) return new Map();
  const rows = db
    .select({ code: receipts.code, contributionId: receipts.contributionId })
    .from(receipts)
    .where(inArray(receipts.contributionId, [...contributionIds]))
    .all();
  return new Map(rows.flatMap((row) => (row.contributionId ? [[row.contributionId, row.code] as const] : [])));
}

const insertIfFreeStatements = new WeakMap<object, Database.Statement>();

/**
 * Inserts a receipt unless its code is taken, in one statement instead of a lookup and an
 * insert; whether it was inserted. Only a taken code is passed over: any other constraint
 * (the voice's own uniqueness, one owner) still fails as an error.
 */
export function insertReceiptIfFree(db: DbOrTx, row: { code: string; processId: string; responseId: string | null; contributionId: string | null }): boolean {
  const client = clientOf(db);
  let statement = insertIfFreeStatements.get(client);
  if (!statement) {
    statement = client.prepare('INSERT INTO receipts (code, process_id, response_id, contribution_id) VALUES (?, ?, ?, ?) ON CONFLICT (code) DO NOTHING');
    insertIfFreeStatements.set(client, statement);
  }
  return statement.run(row.code, row.processId, row.responseId, row.contributionId).changes === 1;
}

/** The contributions a receipt covers, in the order they were recorded (a questionnaire's in question order). */
export function contributionsOfReceipt(db: DbOrTx, receipt: ReceiptRow) {
  const where = receipt.responseId ? eq(contributions.responseId, receipt.responseId) : eq(contributions.id, receipt.contributionId ?? '');
  return db
    .select({
      id: contributions.id,
      channel: contributions.channel,
      maskedText: contributions.maskedText,
      language: contributions.language,
      stadtteilKey: contributions.stadtteilKey,
      capturedOn: contributions.capturedOn,
      status: contributions.status,
    })
    .from(contributions)
    .where(and(where, eq(contributions.processId, receipt.processId)))
    .orderBy(asc(contributions.citeSeq))
    .all();
}

/** Confirmed fields of these contributions (not the suggester's proposals), by contribution. */
export function confirmedFields(db: DbOrTx, contributionIds: readonly string[]): Map<string, string[]> {
  const byContribution = new Map<string, string[]>();
  if (contributionIds.length === 0) return byContribution;
  const rows = db
    .select({ contributionId: contributionTags.contributionId, fieldKey: contributionTags.fieldKey })
    .from(contributionTags)
    .where(and(inArray(contributionTags.contributionId, [...contributionIds]), ne(contributionTags.source, 'suggested')))
    .all();
  for (const row of rows) byContribution.set(row.contributionId, [...(byContribution.get(row.contributionId) ?? []), row.fieldKey]);
  return byContribution;
}

/**
 * Receipts of many voices in multi-row statements, each inserted unless its code is taken (by
 * an earlier receipt or an earlier row of the same call); the voices whose receipt went in.
 * Any other constraint fails the call, as in `insertReceiptIfFree`.
 */
export const insertReceiptsIfFree = preparedBulkInsert<typeof receipts, 'code' | 'processId' | 'responseId' | 'contributionId', { contributionId: string }>(
  receipts,
  ['code', 'processId', 'responseId', 'contributionId'],
  'on conflict ("code") do nothing returning "contribution_id" as "contributionId"',
);
