/**
 * Tag suggestions while staff type, computed on the tablet (also offline) by the shared
 * suggester with the process's fields and Stadtteile and the learned model fetched while
 * online. Loaded as its own chunk when the note form opens, so the stall's first paint does
 * not wait for the lexicons.
 */
import type { FieldOfActionNode, ProcessDetail } from '../../shared/api/processes.ts';
import type { Language } from '../../shared/languages.ts';
// Straight from the module, not the package index: the index also carries the HTTP schemas (zod).
import type { SuggestModel } from '../../shared/suggest/model.ts';
import { detectLanguage } from '../../shared/suggest/detect.ts';
import { decodeLinearModel, type LinearModel } from '../../shared/suggest/linear.ts';
import { suggest, SUGGESTION_THRESHOLD, type FieldRef } from '../../shared/suggest/suggest.ts';

export interface Suggestions {
  /** Field keys worth offering, best first; staff accept each with one tap, nothing is pre-selected. */
  fieldsOfAction: string[];
  stadtteil: string | null;
}

function fieldRefs(fields: readonly FieldOfActionNode[], parentKey: string | null = null): FieldRef[] {
  return fields.flatMap((field) => [{ key: field.key, label: field.label, description: field.description ?? null, parentKey }, ...fieldRefs(field.children ?? [], field.key)]);
}

const DECODED = new WeakMap<object, LinearModel | null>();

/** The linear model of a fetched file, decoded once per file. */
function linearModel(file: unknown): LinearModel | null {
  if (!file || typeof file !== 'object') return null;
  if (!DECODED.has(file)) DECODED.set(file, decodeLinearModel(file));
  return DECODED.get(file) ?? null;
}

/**
 * Without a conversation language the text's own language is detected (an Arabic note is read as
 * Arabic). `linearFile` is the shipped linear model once fetched (client/stall/linear-model.ts).
 */
export function suggestionsFor(text: string, language: Language | null, process: ProcessDetail, model: SuggestModel | null, linearFile: unknown = null): Suggestions {
  if (!text.trim()) return { fieldsOfAction: [], stadtteil: null };
  const result = suggest(
    { text, language: language ?? detectLanguage(text) ?? 'de' },
    {
      fields: fieldRefs(process.fieldsOfAction),
      stadtteile: process.districts.flatMap((district) => district.stadtteile.map((s) => ({ key: s.key, name: s.name, nameVariants: s.nameVariants }))),
      model,
      linear: linearModel(linearFile),
    },
  );
  return {
    fieldsOfAction: result.fieldsOfAction.filter((field) => field.score >= SUGGESTION_THRESHOLD).map((field) => field.key),
    stadtteil: result.stadtteil,
  };
}
