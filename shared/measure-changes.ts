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

/** A placeholder's value: words of the catalog, or a text of the measure or Leitziel, which may lack the language. */
export type ChangeValue = string | number | { text: LocalizedText };

/** A catalog message with its placeholders still to fill. */
export interface ChangeMessage {
  key: string;
  params: Record<string, ChangeValue>;
}

/**
 * One change of the change log as a headline ("Maßnahme geändert: …") and a line per field
 * ("Stand: vorgeschlagen → beschlossen"): the one wording of the public page's history and the
 * Atom feed. The measure's own texts stay `LocalizedText`, so the page can mark one that falls
 * back to German as German.
 */
export function changeMessages(change: MeasureChange, t: PublicWords): { headline: ChangeMessage; lines: ChangeMessage[] } {
  const text = (value: LocalizedText | null): ChangeValue => (value ? { text: value } : t('emptyValue'));
  const value = (field: string, side: LocalizedText | null) => (field === 'resultLinks' && side ? t('linkCount', { count: side.de }) : text(side));
  return {
    headline: { key: HEADLINE[change.entity][change.action], params: { title: { text: change.title } } },
    lines: change.changes.map((item): ChangeMessage =>
      change.action === 'updated'
        ? { key: 'changeFromTo', params: { field: t(changeFieldKey(item.field)), before: value(item.field, item.before), after: value(item.field, item.after) } }
        : { key: 'changeSet', params: { field: t(changeFieldKey(item.field)), after: value(item.field, item.after ?? item.before) } },
    ),
  };
}

/** `changeMessages` as plain text in the language (the feed, the staff's history). */
export function describeChange(change: MeasureChange, language: Language, t: PublicWords) {
  const { headline, lines } = changeMessages(change, t);
  const fill = ({ key, params }: ChangeMessage) =>
    t(key, Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? localize(value.text, language) : value])));
  return { headline: fill(headline), lines: lines.map(fill) };
}
