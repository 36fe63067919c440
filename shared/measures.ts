/**
 * The words and limits of measures (Maßnahmen), Leitziele and outcomes, as plain constants; their
 * zod contracts are in `api/measures.ts`.
 */
import type { Language, LocalizedText, TranslationStatus } from './languages.ts';

/** Per language other than German: whether its text is machine translated or reviewed by a person. */
export type TranslationStatuses = Partial<Record<Exclude<Language, 'de'>, TranslationStatus>>;

/**
 * A language's status as residents and the editor read it: a language without one counts as
 * `reviewed`, a text a person typed, as the survey's do (its editor and its XLSForm import);
 * `machine` only where someone marked it so. Stored statuses stay as they are.
 */
export function translationStatus(statuses: TranslationStatuses, language: Exclude<Language, 'de'>): TranslationStatus {
  return statuses[language] ?? 'reviewed';
}

/** A dated step of a measure; `done` once reached. */
export interface Milestone {
  /** YYYY-MM-DD */
  date: string;
  label: LocalizedText;
  done: boolean;
}

/**
 * What became of a contribution: taken up in measures, considered and not pursued (with the
 * reason), or passed on (to whom). `open` is a contribution without an outcome yet; it is never stored.
 */
export const OUTCOME_KINDS = ['taken_up', 'not_pursued', 'passed_on'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
export const OUTCOME_OPEN = 'open';

export const MAX_MEASURE_TITLE_LENGTH = 200;
export const MAX_MEASURE_DESCRIPTION_LENGTH = 8000;
export const MAX_GUIDING_GOAL_LENGTH = 1000;
export const MAX_OUTCOME_REASON_LENGTH = 2000;
export const MAX_MEASURE_MILESTONES = 50;
export const MAX_MEASURE_PARTNERS = 30;
export const MAX_MEASURE_STATUSES = 20;
/** Links of one measure to contributions, question results and dot-vote options, each kind. */
export const MAX_MEASURE_LINKS = 2000;
/** Budgets up to 10 billion euro, in cents: far above any city's measure, far below 2^53. */
export const MAX_BUDGET_CENTS = 1_000_000_000_000;

export interface MeasureStatusDefinition {
  key: string;
  /** In all nine languages, each translated by a person (`translations` stays empty: reviewed). */
  label: LocalizedText;
  translations: TranslationStatuses;
  /** The measure is over: done, or not pursued. */
  concluded: boolean;
}

/** The status list of a process that has not set its own, in order. */
export const DEFAULT_MEASURE_STATUSES: readonly MeasureStatusDefinition[] = [
  {
    key: 'proposed',
    concluded: false,
    translations: {},
    label: {
      de: 'vorgeschlagen',
      'de-easy': 'vorgeschlagen',
      en: 'proposed',
      tr: 'önerildi',
      uk: 'запропоновано',
      ar: 'مقترح',
      pl: 'zaproponowane',
      it: 'proposta',
      ru: 'предложено',
    },
  },
  {
    key: 'adopted',
    concluded: false,
    translations: {},
    label: {
      de: 'beschlossen',
      'de-easy': 'beschlossen',
      en: 'adopted',
      tr: 'kabul edildi',
      uk: 'ухвалено',
      ar: 'تم اعتماده',
      pl: 'przyjęte',
      it: 'approvata',
      ru: 'принято',
    },
  },
  {
    key: 'in_progress',
    concluded: false,
    translations: {},
    label: {
      de: 'in Umsetzung',
      'de-easy': 'wird gemacht',
      en: 'in progress',
      tr: 'uygulanıyor',
      uk: 'виконується',
      ar: 'قيد التنفيذ',
      pl: 'w realizacji',
      it: 'in corso',
      ru: 'выполняется',
    },
  },
  {
    key: 'done',
    concluded: true,
    translations: {},
    label: {
      de: 'umgesetzt',
      'de-easy': 'fertig',
      en: 'done',
      tr: 'tamamlandı',
      uk: 'виконано',
      ar: 'تم التنفيذ',
      pl: 'zrealizowane',
      it: 'realizzata',
      ru: 'выполнено',
    },
  },
  {
    key: 'not_pursued',
    concluded: true,
    translations: {},
    label: {
      de: 'nicht weiterverfolgt',
      'de-easy': 'wird nicht gemacht',
      en: 'not pursued',
      tr: 'sürdürülmüyor',
      uk: 'не реалізується',
      ar: 'لم تتم متابعته',
      pl: 'niekontynuowane',
      it: 'non proseguita',
      ru: 'не реализуется',
    },
  },
];

/**
 * The fields of action a measure of `fieldKey` may rest its Leitziel on: its own, the field it is a
 * sub-field of, and its own sub-fields. So „Bildung“ can name a Leitziel of „Schulische Bildung“,
 * and a measure of „Schulische Bildung“ one of „Bildung“; a Leitziel of „Arbeit“ stays with „Arbeit“.
 */
export function goalFieldsOf(fields: ReadonlyArray<{ key: string; parentKey: string | null }>, fieldKey: string): string[] {
  const parent = fields.find((field) => field.key === fieldKey)?.parentKey ?? null;
  return [fieldKey, ...(parent === null ? [] : [parent]), ...fields.filter((field) => field.parentKey === fieldKey).map((field) => field.key)];
}
