import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { preparedInsert, preparedQuery, type DbOrTx } from '../../../db/index.ts';
import { contributionTags, contributions, receipts } from '../../../db/schema.ts';

export type ReceiptRow = typeof receipts.$inferSelect;

const insertRow = preparedInsert(receipts, ['code', 'processId', 'responseId', 'contributionId']);

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

export function codeTaken(db: DbOrTx, code: string): boolean {
  return findReceipt(db, code) !== undefined;
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

/** Inserts a receipt whose code the caller checked is free (inside the same write transaction). */
export function insertReceipt(db: DbOrTx, row: { code: string; processId: string; responseId: string | null; contributionId: string | null }): void {
  insertRow(db, row);
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
