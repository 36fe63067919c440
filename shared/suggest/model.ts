// The learned part of the suggester: per-language counts of which features occur in texts that
// moderators tagged with which fields. Plain JSON, so the server stores it in a column and
// tablets cache it for offline use. `learn` adds one reviewed text; when tags are corrected in
// bulk the server rebuilds the whole model from all reviewed texts with `buildModel` (there is
// no `unlearn`: rebuilding is exact and cheap at the scale of one city's contributions).

import type { Language } from '../languages.ts';
import { modelFeatures } from './analyze.ts';
import { analysisLanguage, type AnalysisLanguage } from './text.ts';

export const SUGGEST_MODEL_VERSION = 1;

export interface FeatureStats {
  /** Reviewed texts containing the feature. */
  n: number;
  /** Of those, how many carry each field key. */
  f: Record<string, number>;
}

export interface LanguageStats {
  /** Reviewed texts in this language. */
  docs: number;
  /** Reviewed texts per field key. */
  fieldDocs: Record<string, number>;
  features: Record<string, FeatureStats>;
}

export interface SuggestModel {
  version: typeof SUGGEST_MODEL_VERSION;
  /** Keyed by analysis language: Leichte Sprache counts as German. */
  languages: Partial<Record<AnalysisLanguage, LanguageStats>>;
}

export interface LearnExample {
  text: string;
  language: Language;
  /** The fields a moderator confirmed; an empty list says "none of them" and is counted too. */
  fieldKeys: readonly string[];
}

export function emptyModel(): SuggestModel {
  return { version: SUGGEST_MODEL_VERSION, languages: {} };
}

/** A new model that also knows `example`; `model` is left as it was. */
export function learn(model: SuggestModel, example: LearnExample): SuggestModel {
  const language = analysisLanguage(example.language);
  const base = usableModel(model);
  const previous = base.languages[language];
  const stats: LanguageStats = {
    docs: previous?.docs ?? 0,
    fieldDocs: { ...previous?.fieldDocs },
    features: { ...previous?.features },
  };
  count(stats, modelFeatures(example.text, language), [...new Set(example.fieldKeys)], true);
  return { version: SUGGEST_MODEL_VERSION, languages: { ...base.languages, [language]: stats } };
}

/** The model of all reviewed examples at once, as the server rebuilds it. */
export function buildModel(examples: Iterable<LearnExample>): SuggestModel {
  const model = emptyModel();
  for (const example of examples) {
    const language = analysisLanguage(example.language);
    const stats = (model.languages[language] ??= { docs: 0, fieldDocs: {}, features: {} });
    count(stats, modelFeatures(example.text, language), [...new Set(example.fieldKeys)], false);
  }
  return model;
}

/** The stats of one language, or null when the model has none or is of another version. */
export function languageStats(model: SuggestModel | null | undefined, language: AnalysisLanguage): LanguageStats | null {
  const usable = model ? usableModel(model) : null;
  return usable?.languages[language] ?? null;
}

export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function usableModel(model: SuggestModel): SuggestModel {
  return model && model.version === SUGGEST_MODEL_VERSION && typeof model.languages === 'object' && model.languages ? model : emptyModel();
}

/** Adds one text; with `copyOnWrite` every touched feature record is replaced, never mutated. */
function count(stats: LanguageStats, features: string[], fieldKeys: string[], copyOnWrite: boolean): void {
  stats.docs += 1;
  for (const key of fieldKeys) stats.fieldDocs[key] = (own(stats.fieldDocs, key) ?? 0) + 1;
  for (const feature of features) {
    const previous = own(stats.features, feature);
    const next: FeatureStats = copyOnWrite || !previous ? { n: previous?.n ?? 0, f: { ...previous?.f } } : previous;
    next.n += 1;
    for (const key of fieldKeys) next.f[key] = (own(next.f, key) ?? 0) + 1;
    stats.features[feature] = next;
  }
}
