// Benchmark of the tag suggester on the labelled fixture sets in tests/fixtures/suggest/.
//
// Top-1 accuracy is strict: the best suggestion must be one of the fields the labeller chose.
// The fixtures always use child keys for education, so a suggestion of the parent `bildung`
// is a miss; the lenient figure (parent counts when a `bildung-*` child was labelled) is
// printed beside it for information only. A text with no suggestion at all is a miss.
// Precision and recall per field count a field as predicted when its score reaches
// SUGGESTION_THRESHOLD, the same threshold at which the UI pre-ticks a suggestion.

import { readFileSync } from 'node:fs';
import { DISTRICTS, FIELDS_OF_ACTION } from '../../db/seed/bergisch-gladbach.ts';
import { LANGUAGES, type Language } from '../../shared/languages.ts';
import { SUGGESTION_THRESHOLD, suggest, type SuggestContext } from '../../shared/suggest/index.ts';

export interface Fixture {
  text: string;
  fields: string[];
}

export interface FieldFigures {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number | null;
  recall: number | null;
}

export interface Evaluation {
  language: Language;
  texts: number;
  top1: number;
  top1Lenient: number;
  fields: Record<string, FieldFigures>;
  meanMilliseconds: number;
}

/** The default process's taxonomy, as the server builds the context from the seeded database. */
export function defaultContext(): SuggestContext {
  return {
    fields: FIELDS_OF_ACTION.flatMap((field) => [
      { key: field.key, label: { de: field.de, en: field.en } },
      ...('children' in field ? field.children : []).map((child) => ({ key: child.key, label: { de: child.de, en: child.en }, parentKey: field.key })),
    ]),
    stadtteile: DISTRICTS.flatMap((district) =>
      district.stadtteile.map((stadtteil) => ({ key: stadtteil.key, name: stadtteil.name, nameVariants: 'nameVariants' in stadtteil ? stadtteil.nameVariants : [] })),
    ),
  };
}

export function loadFixtures(language: Language): Fixture[] {
  const url = new URL(`../../tests/fixtures/suggest/${language}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Fixture[];
}

export function evaluate(language: Language, fixtures: Fixture[] = loadFixtures(language), context: SuggestContext = defaultContext()): Evaluation {
  const keys = context.fields.map((field) => field.key);
  const counts = new Map(keys.map((key) => [key, { truePositives: 0, falsePositives: 0, falseNegatives: 0 }]));
  let hits = 0;
  let lenientHits = 0;
  let elapsed = 0;
  for (const fixture of fixtures) {
    const started = performance.now();
    const result = suggest({ text: fixture.text, language }, context);
    elapsed += performance.now() - started;
    const top = result.fieldsOfAction[0]?.key;
    if (top && fixture.fields.includes(top)) hits += 1;
    if (top && (fixture.fields.includes(top) || fixture.fields.some((field) => field.startsWith(`${top}-`)))) lenientHits += 1;
    const predicted = new Set(result.fieldsOfAction.filter((field) => field.score >= SUGGESTION_THRESHOLD).map((field) => field.key));
    for (const [key, count] of counts) {
      const labelled = fixture.fields.includes(key);
      if (predicted.has(key) && labelled) count.truePositives += 1;
      else if (predicted.has(key)) count.falsePositives += 1;
      else if (labelled) count.falseNegatives += 1;
    }
  }
  const fields: Record<string, FieldFigures> = {};
  for (const [key, count] of counts) {
    const predicted = count.truePositives + count.falsePositives;
    const labelled = count.truePositives + count.falseNegatives;
    fields[key] = {
      ...count,
      precision: predicted ? count.truePositives / predicted : null,
      recall: labelled ? count.truePositives / labelled : null,
    };
  }
  return {
    language,
    texts: fixtures.length,
    top1: fixtures.length ? hits / fixtures.length : 0,
    top1Lenient: fixtures.length ? lenientHits / fixtures.length : 0,
    fields,
    meanMilliseconds: fixtures.length ? elapsed / fixtures.length : 0,
  };
}

const percent = (value: number | null) => (value === null ? '   –  ' : `${(value * 100).toFixed(1).padStart(5)}%`);

export async function run(): Promise<void> {
  console.log(`Suggester benchmark: strict top-1; per field precision/recall at score ≥ ${SUGGESTION_THRESHOLD}`);
  for (const language of LANGUAGES) {
    const result = evaluate(language);
    console.log(
      `\n${language.padEnd(8)} ${String(result.texts).padStart(3)} texts  top-1 ${percent(result.top1)}  (parent counts: ${percent(result.top1Lenient)})  ` +
        `mean ${result.meanMilliseconds.toFixed(3)} ms/text`,
    );
    for (const [key, figures] of Object.entries(result.fields)) {
      if (figures.truePositives + figures.falsePositives + figures.falseNegatives === 0) continue;
      console.log(
        `  ${key.padEnd(24)} precision ${percent(figures.precision)}  recall ${percent(figures.recall)}  ` +
          `(tp ${figures.truePositives}, fp ${figures.falsePositives}, fn ${figures.falseNegatives})`,
      );
    }
  }
}
