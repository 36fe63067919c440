import type { MeasureChange } from './api/measures.ts';
import { localize, type Language, type LocalizedText } from './languages.ts';

/** A lookup in the public pages' catalog (`shared/i18n/public/`): the page's `t` or the feed's. */
export type PublicWords = (key: string, params?: Record<string, string | number>) => string;

const HEADLINE = {
  measure: { created: 'changeMeasureCreated', updated: 'changeMeasureUpdated', deleted: 'changeMeasureDeleted' },
  guiding_goal: { created: 'changeGoalCreated', updated: 'changeGoalUpdated', deleted: 'changeGoalDeleted' },
} as const;

/** The catalog key naming a changed field: `statusKey` → `changeFieldStatusKey`. */
export const changeFieldKey = (field: string) => `changeField${field[0]!.toUpperCase()}${field.slice(1)}`;

/**
 * One change of the change log as a headline ("Maßnahme geändert: …") and a line per field
 * ("Stand: vorgeschlagen → beschlossen") in the language: the one wording of the public page's
 * history and the Atom feed.
 */
export function describeChange(change: MeasureChange, language: Language, t: PublicWords) {
  const text = (value: LocalizedText | null) => (value ? localize(value, language) : t('emptyValue'));
  const value = (field: string, side: LocalizedText | null) => (field === 'resultLinks' && side ? t('linkCount', { count: side.de }) : text(side));
  return {
    headline: t(HEADLINE[change.entity][change.action], { title: localize(change.title, language) }),
    lines: change.changes.map((item) =>
      change.action === 'updated'
        ? t('changeFromTo', { field: t(changeFieldKey(item.field)), before: value(item.field, item.before), after: value(item.field, item.after) })
        : t('changeSet', { field: t(changeFieldKey(item.field)), after: value(item.field, item.after ?? item.before) }),
    ),
  };
}
