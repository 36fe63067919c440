import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import { contributionOutcomes, measureContributions, measures } from '../../db/schema.ts';

/**
 * A measure in the field `bildung` ("in Umsetzung", 40 %, its title machine-translated into
 * Arabic) that takes up the contribution, whose outcome becomes `taken_up` on 2026-11-21.
 * Returns the measure's id.
 */
export function takeUpInMeasure(db: Db, processId: string, contributionId: string): string {
  const measureId = randomUUID();
  db.insert(measures)
    .values({
      id: measureId,
      processId,
      fieldKey: 'bildung',
      title: { de: 'Abendsprachkurse an der VHS', ar: 'دورات لغة مسائية في مدرسة تعليم الكبار' },
      description: { de: 'Zwei Kurse pro Woche' },
      translations: { ar: 'machine' },
      statusKey: 'in_progress',
      progress: 40,
      updatedAt: '2026-11-20T10:00:00.000Z',
    })
    .run();
  db.insert(measureContributions).values({ measureId, contributionId }).run();
  db.insert(contributionOutcomes).values({ contributionId, processId, kind: 'taken_up', decidedOn: '2026-11-21' }).run();
  return measureId;
}
