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
import { shippedLinearModel } from '../../server/features/suggest/linear-model.ts';
import { decodeLinearModel, type LinearModel } from '../../shared/suggest/linear.ts';
import { detectLanguage, SUGGESTION_THRESHOLD, suggest, type SuggestContext } from '../../shared/suggest/index.ts';
import { loadCorpus, loadTranslated, sourceMunicipality, statementsIn, TRANSLATED_LANGUAGES, type Municipality } from '../suggest/corpus.ts';
import { chooseBlend, corpusExamples, type Blend, lexiconExamples, trainLinear, TRAIN_SETTINGS, type TrainSettings } from '../suggest/train.ts';

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
  /** Mean F1 over the fields labelled or predicted at least once. */
  macroF1: number;
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

export function evaluate(language: Language, fixtures: readonly Fixture[] = loadFixtures(language), context: SuggestContext = defaultContext()): Evaluation {
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
  return {
    language,
    texts: fixtures.length,
    top1: fixtures.length ? hits / fixtures.length : 0,
    top1Lenient: fixtures.length ? lenientHits / fixtures.length : 0,
    ...fieldFigures(counts),
    meanMilliseconds: fixtures.length ? elapsed / fixtures.length : 0,
  };
}

type Counts = Map<string, { truePositives: number; falsePositives: number; falseNegatives: number }>;

function fieldFigures(counts: Counts): { fields: Record<string, FieldFigures>; macroF1: number } {
  const fields: Record<string, FieldFigures> = {};
  const f1s: number[] = [];
  for (const [key, count] of counts) {
    const predicted = count.truePositives + count.falsePositives;
    const labelled = count.truePositives + count.falseNegatives;
    const figures = { ...count, precision: predicted ? count.truePositives / predicted : null, recall: labelled ? count.truePositives / labelled : null };
    fields[key] = figures;
    if (predicted + labelled > 0) f1s.push(f1(figures));
  }
  return { fields, macroF1: f1s.length ? f1s.reduce((sum, value) => sum + value, 0) / f1s.length : 0 };
}

function f1(figures: FieldFigures): number {
  const denominator = 2 * figures.truePositives + figures.falsePositives + figures.falseNegatives;
  return denominator ? (2 * figures.truePositives) / denominator : 0;
}

/** Several evaluations as one: texts pooled, the fields' counts summed. */
function pooled(language: Language, parts: readonly Evaluation[]): Evaluation {
  const texts = parts.reduce((sum, part) => sum + part.texts, 0);
  const weighted = (pick: (part: Evaluation) => number) => (texts ? parts.reduce((sum, part) => sum + pick(part) * part.texts, 0) / texts : 0);
  const counts: Counts = new Map();
  for (const part of parts) {
    for (const [key, figures] of Object.entries(part.fields)) {
      const count = counts.get(key) ?? { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
      count.truePositives += figures.truePositives;
      count.falsePositives += figures.falsePositives;
      count.falseNegatives += figures.falseNegatives;
      counts.set(key, count);
    }
  }
  return {
    language,
    texts,
    top1: weighted((part) => part.top1),
    top1Lenient: weighted((part) => part.top1Lenient),
    ...fieldFigures(counts),
    meanMilliseconds: weighted((part) => part.meanMilliseconds),
  };
}

/** The default context with a linear model: how the server suggests once the shipped file is loaded. */
export function contextWith(linear: LinearModel | null): SuggestContext {
  return { ...defaultContext(), linear };
}

export interface Fold {
  municipality: Municipality;
  /** The blend, chosen on the other municipalities only. */
  blend: Blend;
  /** The model trained without this municipality. */
  linear: LinearModel | null;
  lexiconOnly: Evaluation;
  model: Evaluation;
}

export interface LeaveOneOut {
  folds: Fold[];
  lexiconOnly: Evaluation;
  model: Evaluation;
}

/**
 * Leave one municipality out: for each municipality, a model trained on all the others and the
 * lexicon is tested on its statements, beside the lexicon alone (the suggester without a model).
 * Nested: the regression's L2, naive Bayes's weight and the evidence weight are chosen by
 * cross-validation over the others only, per fold.
 */
export function leaveOneMunicipalityOut(municipalities: readonly Municipality[] = loadCorpus(), settings: TrainSettings = TRAIN_SETTINGS): LeaveOneOut {
  const lexicon = lexiconExamples(settings);
  const baseline = defaultContext();
  const folds = municipalities.map((municipality) => {
    const others = municipalities.filter((other) => other !== municipality);
    const blend = chooseBlend(others, settings);
    const linear = decodeLinearModel(trainLinear([...corpusExamples(others), ...lexicon], settings, blend));
    const fixtures = statementsIn(municipality).map((statement) => ({ text: statement.text, fields: statement.fields }));
    return { municipality, blend, linear, lexiconOnly: evaluate('de', fixtures, baseline), model: evaluate('de', fixtures, contextWith(linear)) };
  });
  return { folds, lexiconOnly: pooled('de', folds.map((fold) => fold.lexiconOnly)), model: pooled('de', folds.map((fold) => fold.model)) };
}

const percent = (value: number | null) => (value === null ? '   –  ' : `${(value * 100).toFixed(1).padStart(5)}%`);

const FIELD_ORDER = ['arbeit', 'bildung-schulisch', 'bildung-ausserschulisch', 'teilhabe', 'freizeit'] as const;

function fieldF1s(result: Evaluation): string {
  return FIELD_ORDER.map((key) => {
    const figures = result.fields[key];
    return figures && figures.truePositives + figures.falsePositives + figures.falseNegatives ? percent(f1(figures)) : '   –  ';
  }).join(' ');
}

const row = (name: string, lexicon: Evaluation, model: Evaluation) =>
  `  ${name.padEnd(22)} ${String(model.texts).padStart(5)}  ${percent(lexicon.top1).padStart(13)} ${percent(lexicon.macroF1).padStart(8)}   ${percent(model.top1).padStart(11)} ${percent(model.macroF1).padStart(8)}`;
const header = (first: string) => `  ${first.padEnd(22)} ${'texts'.padStart(5)}  ${'lexicon top-1'.padStart(13)} ${'macro-F1'.padStart(8)}   ${'model top-1'.padStart(11)} ${'macro-F1'.padStart(8)}`;

/**
 * The translated subset (tests/fixtures/suggest/translated.json): per language, top-1 through its
 * lexicon with the language given and with it detected; beside it the same statements in German,
 * through the lexicon and through the leave-one-out model of the source's municipality.
 */
function translatedSubset(result: LeaveOneOut | null): void {
  const translated = loadTranslated();
  if (!translated.length) return;
  const german = translated.map((statement) => ({ text: statement.source, fields: statement.fields }));
  const folds = new Map((result?.folds ?? []).map((fold) => [fold.municipality.slug, fold]));
  const germanByFold = translated.filter((statement) => folds.has(sourceMunicipality(statement)));
  const germanModel = germanByFold.length
    ? germanByFold.filter((statement) => {
        const top = suggest({ text: statement.source, language: 'de' }, contextWith(folds.get(sourceMunicipality(statement))!.linear)).fieldsOfAction[0]?.key;
        return top !== undefined && statement.fields.includes(top);
      }).length / germanByFold.length
    : null;
  console.log(
    `\nTranslated subset (${translated.length} corpus statements, translated for evaluation into ${TRANSLATED_LANGUAGES.join(', ')}): the same statements in German score ` +
      `${percent(evaluate('de', german).top1).trim()} top-1 through the lexicon, ${percent(germanModel).trim()} with the model that left their municipality out`,
  );
  console.log(`  ${'language'.padEnd(10)} ${'lexicon top-1'.padStart(13)} ${'macro-F1'.padStart(8)}   ${'detected right'.padStart(14)} ${'top-1, language unset'.padStart(22)}`);
  const context = defaultContext();
  for (const language of TRANSLATED_LANGUAGES) {
    const fixtures = translated.map((statement) => ({ text: statement.translations[language], fields: statement.fields }));
    const given = evaluate(language, fixtures, context);
    const detected = fixtures.map((fixture) => detectLanguage(fixture.text));
    const unset = fixtures.filter((fixture, index) => {
      const top = suggest({ text: fixture.text, language: detected[index] ?? 'de' }, context).fieldsOfAction[0]?.key;
      return top !== undefined && fixture.fields.includes(top);
    }).length;
    console.log(
      `  ${language.padEnd(10)} ${percent(given.top1).padStart(13)} ${percent(given.macroF1).padStart(8)}   ${percent(detected.filter((found) => found === language).length / fixtures.length).padStart(14)} ${percent(unset / fixtures.length).padStart(22)}`,
    );
  }
}

export async function run(): Promise<void> {
  console.log(`Suggester benchmark: strict top-1 (a parent field suggested for a child's text is a miss); F1 per field at score ≥ ${SUGGESTION_THRESHOLD}; macro-F1 = mean over the fields`);
  const municipalities = loadCorpus();
  const statements = municipalities.reduce((sum, municipality) => sum + statementsIn(municipality).length, 0);
  console.log(
    `\nLeave one municipality out on the corpus (${statements} German statements from ${municipalities.length} municipalities): a model trained on the others + the lexicon, beside the lexicon alone`,
  );
  let result: LeaveOneOut | null = null;
  if (municipalities.length >= 2) {
    const started = performance.now();
    const settings = TRAIN_SETTINGS;
    result = leaveOneMunicipalityOut(municipalities, settings);
    console.log(`${header('municipality')}   model F1 per field: ${FIELD_ORDER.join(', ')}; settings chosen on the others (L2 / NB weight / evidence)`);
    const blendOf = (blend: Blend) => `${blend.l2} / ${blend.complementWeight} / ${blend.evidence}`;
    for (const fold of result.folds) console.log(`${row(fold.municipality.data.municipality, fold.lexiconOnly, fold.model)}   ${fieldF1s(fold.model)}   ${blendOf(fold.blend)}`);
    console.log(`${row('all (pooled)', result.lexiconOnly, result.model)}   ${fieldF1s(result.model)}`);
    console.log(`  ${'lexicon alone, F1 per field'.padEnd(81)}${fieldF1s(result.lexiconOnly)}`);
    const chosen = new Map<string, number>();
    for (const fold of result.folds) chosen.set(blendOf(fold.blend), (chosen.get(blendOf(fold.blend)) ?? 0) + 1);
    console.log(
      `  settings chosen per fold by ${settings.innerFolds}-fold cross-validation over the other municipalities only, the regression's L2 from ${settings.l2s.join(' / ')}, ` +
        `naive Bayes's weight from ${settings.complementWeights.join(' / ')} and the model's evidence weight from ${settings.evidenceWeights.join(' / ')}: ${[...chosen].sort((a, b) => b[1] - a[1]).map(([blend, folds]) => `${blend} in ${folds} folds`).join(', ')}`,
    );
    const target = 0.85;
    console.log(
      `  leave-one-municipality-out top-1: model ${percent(result.model.top1)} beside the lexicon alone ${percent(result.lexiconOnly.top1)} (ratio ${(result.model.top1 / Math.max(result.lexiconOnly.top1, 1e-9)).toFixed(2)}); ` +
        `target ≥ ${percent(target).trim()}: ${result.model.top1 >= target ? 'met' : 'NOT met'}  (${((performance.now() - started) / 1000).toFixed(1)} s for ${municipalities.length} outer and ${municipalities.length * settings.innerFolds * settings.l2s.length} inner trainings)`,
    );
  } else {
    console.log('  fewer than two municipalities in tests/fixtures/suggest/corpus/: nothing to leave out');
  }

  translatedSubset(result);

  for (const language of LANGUAGES.filter((language) => language !== 'de' && language !== 'de-easy')) {
    const fixtures = municipalities.flatMap((municipality) => statementsIn(municipality, language)).map((statement) => ({ text: statement.text, fields: statement.fields }));
    if (!fixtures.length) continue;
    const result = evaluate(language, fixtures);
    console.log(`  statements the cities published in ${language} (${fixtures.length}), through the ${language} lexicon: top-1 ${percent(result.top1).trim()}, macro-F1 ${percent(result.macroF1).trim()}`);
  }

  const shipped = shippedLinearModel();
  console.log(`\nResidents' short texts (tests/fixtures/suggest/<language>.json): the shipped model${shipped ? '' : ' (MISSING: run npm run suggest:train)'} beside the lexicon alone`);
  console.log(`${header('language')}   ms per text (lexicon / model)`);
  for (const language of LANGUAGES) {
    const lexicon = evaluate(language);
    const model = evaluate(language, loadFixtures(language), contextWith(shipped));
    console.log(`${row(language, lexicon, model)}   ${lexicon.meanMilliseconds.toFixed(3)} / ${model.meanMilliseconds.toFixed(3)}`);
  }
}
