import { cached } from '../../../db/cache.ts';
import type { DbOrTx } from '../../../db/index.ts';
import type { Language } from '../../../shared/languages.ts';
import { buildModel, detectLanguage, emptyModel, learn, suggest, suggestModelSchema, type SuggestModel } from '../../../shared/suggest/index.ts';
import { loadProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import { shippedLinearModel } from './linear-model.ts';
import * as repo from './suggest.repo.ts';

/**
 * The taxonomy the suggester ranks against: the process's own fields and Stadtteile, its
 * learned model and the shipped linear model (the same for every process). Kept in memory until an admin changes the process or a review teaches the
 * model (db/cache.ts), so a voice does not read and parse them again; frozen.
 */
export function suggestContext(db: DbOrTx, processId: string) {
  return cached(db, ['process', 'model'], `suggest-context:${processId}`, () => {
    const parts = loadProcessParts(db, processId);
    return {
      fields: parts.fields.map((field) => ({ key: field.key, label: field.label, description: field.description, parentKey: field.parentKey })),
      stadtteile: parts.stadtteile.map((stadtteil) => ({ key: stadtteil.key, name: stadtteil.name, nameVariants: stadtteil.nameVariants })),
      model: currentModel(db, processId),
      linear: shippedLinearModel(),
    };
  });
}
export type SuggestContext = ReturnType<typeof suggestContext>;

/** The process's model, checked by its schema once per change (db/cache.ts); frozen. */
export function currentModel(db: DbOrTx, processId: string): SuggestModel {
  return cached(db, ['model'], `suggest-model:${processId}`, () => {
    // A model stored by an older version of the suggester is ignored until it is rebuilt.
    const parsed = suggestModelSchema.safeParse(repo.loadModel(db, processId));
    return parsed.success ? (parsed.data as SuggestModel) : emptyModel();
  });
}

/** The language a text is read in: the one given, else the one it is written in, else German. */
export function readingLanguage(text: string, language: Language | null | undefined): Language {
  return language ?? detectLanguage(text) ?? 'de';
}

/** Without a language (a stall note nobody marked) the text's own language is detected. */
export function suggestFor(context: SuggestContext, text: string, language: Language | null | undefined) {
  return suggest({ text, language: readingLanguage(text, language) }, context);
}

/** A moderator's decision teaches the process's model at once, inside the review's transaction. */
export function learnFromReview(tx: DbOrTx, processId: string, example: { text: string; language: Language | null; fieldKeys: string[] }) {
  if (example.fieldKeys.length === 0) return;
  const model = learn(currentModel(tx, processId), { text: example.text, language: readingLanguage(example.text, example.language), fieldKeys: example.fieldKeys });
  repo.saveModel(tx, processId, model);
}

/** Rebuilds the model from every reviewed contribution, e.g. after tags were corrected in bulk. */
export function rebuildModel(tx: DbOrTx, process: ProcessRow): number {
  const examples = repo.reviewedExamples(tx, process.id).map((example) => ({ ...example, language: readingLanguage(example.text, example.language) }));
  repo.saveModel(tx, process.id, buildModel(examples));
  return examples.length;
}
