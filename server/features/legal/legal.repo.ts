import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { legalSettings } from '../../../db/schema.ts';

export type LegalSettingsRow = typeof legalSettings.$inferSelect;
type LegalValues = Omit<typeof legalSettings.$inferInsert, 'id' | 'version' | 'updatedAt' | 'updatedBy'>;

/** The one row of legal details, or undefined before the first save. */
export function findLegalSettings(db: DbOrTx): LegalSettingsRow | undefined {
  return db.select().from(legalSettings).where(eq(legalSettings.id, 1)).get();
}

/**
 * Writes the row when it still has `version` (0: when there is none yet) and counts the version up;
 * false, and nothing written, when someone saved in between.
 */
export function saveLegalSettingsIfVersion(db: DbOrTx, version: number, values: LegalValues, userId: number, at: string): boolean {
  if (version === 0) {
    const inserted = db
      .insert(legalSettings)
      .values({ ...values, id: 1, version: 1, updatedBy: userId, updatedAt: at })
      .onConflictDoNothing()
      .run();
    return inserted.changes === 1;
  }
  const updated = db
    .update(legalSettings)
    .set({ ...values, version: version + 1, updatedBy: userId, updatedAt: at })
    .where(eq(legalSettings.version, version))
    .run();
  return updated.changes === 1;
}
