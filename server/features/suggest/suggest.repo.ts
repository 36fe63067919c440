import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { contributionTags, contributions, suggestModels } from '../../../db/schema.ts';

export function loadModel(db: DbOrTx, processId: string): unknown {
  return db.select({ model: suggestModels.model }).from(suggestModels).where(eq(suggestModels.processId, processId)).get()?.model ?? null;
}

export function saveModel(db: DbOrTx, processId: string, model: unknown): void {
  const updatedAt = new Date().toISOString();
  db.insert(suggestModels)
    .values({ processId, model, updatedAt })
    .onConflictDoUpdate({ target: suggestModels.processId, set: { model, updatedAt } })
    .run();
}

/** Every contribution a moderator has reviewed, with its reviewed fields: the training set of the model. */
export function reviewedExamples(db: DbOrTx, processId: string) {
  const rows = db
    .select({ id: contributions.id, text: contributions.maskedText, language: contributions.language })
    .from(contributions)
    .where(and(eq(contributions.processId, processId), eq(contributions.status, 'visible')))
    .all();
  const reviewed = rows.length
    ? db
        .select({ contributionId: contributionTags.contributionId, field: contributionTags.fieldKey })
        .from(contributionTags)
        .where(and(eq(contributionTags.source, 'reviewed'), inArray(contributionTags.contributionId, rows.map((row) => row.id))))
        .all()
    : [];
  const fieldsById = new Map<string, string[]>();
  for (const tag of reviewed) fieldsById.set(tag.contributionId, [...(fieldsById.get(tag.contributionId) ?? []), tag.field]);
  return rows.filter((row) => fieldsById.has(row.id)).map((row) => ({ text: row.text, language: row.language, fieldKeys: fieldsById.get(row.id)! }));
}
