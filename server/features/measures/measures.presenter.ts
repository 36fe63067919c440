import type { ChangeLog, GuidingGoal, Measure, MeasureChange, MeasureStatus } from '../../../shared/api/measures.ts';
import { citeId } from '../../../shared/api/quotes.ts';
import { htmlLang, LANGUAGES, type Language, type LocalizedText } from '../../../shared/languages.ts';
import type { Milestone } from '../../../shared/measures.ts';
import type { ProcessParts } from '../processes/processes.repo.ts';
import type * as repo from './measures.repo.ts';

/** What a history row keeps of a measure: every field one may set, the result links included. */
export interface MeasureSnapshot {
  fieldKey: string;
  guidingGoalId: string | null;
  title: LocalizedText;
  description: LocalizedText;
  translations: repo.MeasureRow['translations'];
  stadtteilKeys: string[];
  responsible: string | null;
  partners: string[];
  statusKey: string;
  progress: number;
  milestones: Milestone[];
  councilDocument: string | null;
  councilDecidedOn: string | null;
  budgetCents: number | null;
  budgetNote: string | null;
  resultLinks: Array<{ kind: string; ref: string; optionKey: string }>;
}

export interface GuidingGoalSnapshot {
  fieldKey: string;
  text: LocalizedText;
  translations: repo.GuidingGoalRow['translations'];
  sortOrder: number;
}

export function snapshotMeasure(row: repo.MeasureRow, links: readonly repo.ResultLinkRow[]): MeasureSnapshot {
  return {
    fieldKey: row.fieldKey,
    guidingGoalId: row.guidingGoalId,
    title: row.title,
    description: row.description,
    translations: row.translations,
    stadtteilKeys: row.stadtteilKeys,
    responsible: row.responsible,
    partners: row.partners,
    statusKey: row.statusKey,
    progress: row.progress,
    milestones: row.milestones,
    councilDocument: row.councilDocument,
    councilDecidedOn: row.councilDecidedOn,
    budgetCents: row.budgetCents,
    budgetNote: row.budgetNote,
    resultLinks: links.map(({ kind, ref, optionKey }) => ({ kind, ref, optionKey })),
  };
}

export function snapshotGuidingGoal(row: repo.GuidingGoalRow): GuidingGoalSnapshot {
  return { fieldKey: row.fieldKey, text: row.text, translations: row.translations, sortOrder: row.sortOrder };
}

export function presentGuidingGoal(row: repo.GuidingGoalRow): GuidingGoal {
  return { id: row.id, fieldKey: row.fieldKey, text: row.text, translations: row.translations, sortOrder: row.sortOrder, version: row.version };
}

export interface ResultLinkLabel {
  title: LocalizedText | null;
  option: LocalizedText | null;
}

export function presentMeasure(
  row: repo.MeasureRow,
  context: {
    status: (key: string) => MeasureStatus;
    contributions: ReadonlyArray<{ citeSeq: number | null; maskedText: string; language: Language | null }>;
    links: readonly repo.ResultLinkRow[];
    linkLabel: (link: repo.ResultLinkRow) => ResultLinkLabel;
  },
): Measure {
  // The snapshot names every field one may set; the answer adds what is read, not set.
  const { statusKey, resultLinks: _links, ...fields } = snapshotMeasure(row, context.links);
  return {
    id: row.id,
    ...fields,
    status: context.status(statusKey),
    milestones: [...row.milestones].sort((a, b) => a.date.localeCompare(b.date)),
    version: row.version,
    updatedOn: row.updatedAt.slice(0, 10),
    contributions: context.contributions.map((contribution) => ({ citeId: citeId(contribution.citeSeq!), text: contribution.maskedText, language: contribution.language })),
    resultLinks: context.links.map((link) => ({ kind: link.kind, ref: link.ref, optionKey: link.optionKey, ...context.linkLabel(link) })),
  };
}

/** The fields a change log names, in the order a reader looks for them; translations and order are left out. */
const MEASURE_FIELDS = [
  'title',
  'statusKey',
  'progress',
  'description',
  'fieldKey',
  'guidingGoalId',
  'stadtteilKeys',
  'responsible',
  'partners',
  'milestones',
  'councilDocument',
  'councilDecidedOn',
  'budgetCents',
  'budgetNote',
  'resultLinks',
] as const;
const GUIDING_GOAL_FIELDS = ['text', 'fieldKey'] as const;

const plain = (text: string | null | undefined): LocalizedText | null => (text ? { de: text } : null);

/** A euro amount from cents the way a language writes it: "12.500,00 €" in German (the concept draft's), "€12,500.00" in English. */
export function formatBudget(cents: number, locale = 'de-DE'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** A day (YYYY-MM-DD) the way a language writes it, as the measures page does: "12. November 2026". */
const formatDay = (day: string, locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/**
 * A value that says the same in every language but is written each language's way (a per cent,
 * an amount, a day, a document number): a text for every language, so no page or feed reads it
 * as a German text that lacks a translation.
 */
const inEveryLanguage = (write: (locale: string) => string): LocalizedText =>
  Object.fromEntries(LANGUAGES.map((language) => [language, write(htmlLang(language))])) as LocalizedText;

/** What names a change's values: the process's fields and Stadtteile, its statuses, its Leitziele. */
export interface ChangeContext {
  parts: ProcessParts;
  status: (key: string) => MeasureStatus;
  guidingGoalText: (id: string) => LocalizedText | null;
}

/** A field's value as text per language (a status by its label, a Stadtteil by its name, a Leitziel by its text); null where it is empty. */
export function changeRenderer(context: ChangeContext): (field: string, value: unknown) => LocalizedText | null {
  const fieldLabel = new Map(context.parts.fields.map((field) => [field.key, field.label]));
  const stadtteilName = new Map(context.parts.stadtteile.map((stadtteil) => [stadtteil.key, stadtteil.name]));
  return (field, value) => {
    if (value === null || value === undefined) return null;
    switch (field) {
      case 'title':
      case 'description':
      case 'text':
        return (value as LocalizedText).de ? (value as LocalizedText) : null;
      case 'statusKey':
        return context.status(value as string).label;
      case 'progress':
        return inEveryLanguage((locale) => new Intl.NumberFormat(locale, { style: 'percent' }).format((value as number) / 100));
      case 'fieldKey':
        return fieldLabel.get(value as string) ?? { de: value as string };
      case 'guidingGoalId':
        return context.guidingGoalText(value as string);
      case 'stadtteilKeys':
        return plain((value as string[]).map((key) => stadtteilName.get(key) ?? key).join(', '));
      case 'partners':
        return plain((value as string[]).join(', '));
      case 'milestones': {
        const list = value as Milestone[];
        if (list.length === 0) return null;
        const languages = new Set(list.flatMap((milestone) => Object.keys(milestone.label))) as Set<Language>;
        return Object.fromEntries(
          [...languages].map((language) => [
            language,
            list.map((milestone) => `${formatDay(milestone.date, htmlLang(language))}: ${milestone.label[language] ?? milestone.label.de}${milestone.done ? ' ✓' : ''}`).join('; '),
          ]),
        ) as LocalizedText;
      }
      case 'budgetCents':
        return inEveryLanguage((locale) => formatBudget(value as number, locale));
      case 'councilDecidedOn':
        return inEveryLanguage((locale) => formatDay(value as string, locale));
      case 'councilDocument':
        return inEveryLanguage(() => value as string);
      case 'resultLinks':
        return (value as unknown[]).length > 0 ? { de: String((value as unknown[]).length) } : null;
      default:
        return plain(String(value));
    }
  };
}

/** The fields a change names: all of its kind for a create or delete, those that differ for an edit. */
export function changedFields(entity: 'measure' | 'guiding_goal', before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const fields = entity === 'measure' ? MEASURE_FIELDS : GUIDING_GOAL_FIELDS;
  return fields.filter((field) => before === null || after === null || JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null));
}

/**
 * Turns history rows into a change log: per change the fields that differ, each side as text per
 * language (`changeRenderer`). `withNames` adds who made it, for staff only.
 */
export function presentChanges(rows: ReturnType<typeof repo.listChanges>, context: ChangeContext & { withNames: boolean; limit: number }): ChangeLog {
  const render = changeRenderer(context);
  const changes: MeasureChange[] = rows.map(({ change, username, displayName }) => {
    const before = (change.before ?? null) as Record<string, unknown> | null;
    const after = (change.after ?? null) as Record<string, unknown> | null;
    const differing = changedFields(change.entity, before, after);
    const shown = (after ?? before)!;
    return {
      id: change.id,
      at: change.at,
      entity: change.entity,
      entityId: change.entityId,
      action: change.action,
      fieldKey: shown.fieldKey as string,
      title: (change.entity === 'measure' ? shown.title : shown.text) as LocalizedText,
      changes: differing
        .map((field) => ({ field, before: render(field, before?.[field]), after: render(field, after?.[field]) }))
        .filter((item) => item.before !== null || item.after !== null),
      by: context.withNames ? (displayName ?? username ?? null) : null,
    };
  });
  return { changes, next: rows.length === context.limit ? changes.at(-1)!.id : null };
}
