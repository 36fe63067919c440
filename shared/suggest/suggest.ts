// Suggests fields of action and a Stadtteil for a resident's free text, from the seed lexicon,
// the process's own field labels and descriptions (its derived lexicon) and what moderators taught the model.

import type { Language } from '../languages.ts';
import { analyze, seedLexicon, type WordFeature } from './analyze.ts';
import { detectStadtteil, type StadtteilRef } from './stadtteil.ts';
import { extendLexicon, restrictLexicon, type CompiledLexicon, type Hit } from './lexicon.ts';
import { lexiconInputs, scoreLinear, softmax, sparseFeatures, type LinearModel, type SparseFeatures } from './linear.ts';
import { languageStats, own, type LanguageStats, type SuggestModel } from './model.ts';
import { stopwords } from './stopwords.ts';
import { analysisLanguage, tokenize, wordFeature, type AnalysisLanguage } from './text.ts';

export interface FieldRef {
  key: string;
  /** The field's name per language; its words become cues too, so new fields work from day one. */
  label?: Readonly<Partial<Record<string, string>>> | null;
  /** What the admin wrote about the field per language ("Radwege, Busse, Bahn, Parken"); its words are weaker cues. */
  description?: Readonly<Partial<Record<string, string>>> | null;
  /** Parent field key; when absent, `bildung-schulisch` is taken as a child of `bildung` if both exist. */
  parentKey?: string | null;
}

export interface SuggestContext {
  fields: readonly FieldRef[];
  stadtteile: readonly StadtteilRef[];
  model?: SuggestModel | null;
  /** The shipped linear model (shared/suggest/linear.ts); without it the lexicon and the taught model suggest alone. */
  linear?: LinearModel | null;
}

export interface FieldSuggestion {
  key: string;
  /** 0..1, see `evidenceToScore`. */
  score: number;
  /** The words of the text that led here, as written, in text order. */
  because: string[];
}

export interface SuggestResult {
  fieldsOfAction: FieldSuggestion[];
  /** A Stadtteil key, or null when the text names none. */
  stadtteil: string | null;
}

/**
 * Score from which a field counts as suggested (pre-ticked in the UI, "predicted" in the
 * benchmark): one cue of weight ≥ 0.43, i.e. any normal lexicon word or two weak ones.
 */
export const SUGGESTION_THRESHOLD = 0.3;

/** A lexicon cue counts as this many reviewed texts tagged with its field (see `cueShares`). */
const LEXICON_PSEUDO_DOCS = 2;
/** A learned word needs this many reviewed texts before it speaks: one text is an anecdote. */
const MIN_WORD_DOCS = 2;
/** Evidence below this is noise from learned words and is not shown. */
const MIN_EVIDENCE = 0.02;

/**
 * Evidence E ≥ 0 is a sum of cue weights (a normal lexicon word is 1, a weak one 0.3–0.7, a
 * learned word up to ~0.9); the score saturates it into 0..1 as E / (E + 1): one normal word
 * gives 0.5, two give 0.67, four 0.8. Scores rank fields within a text; they are not probabilities.
 */
export function evidenceToScore(evidence: number): number {
  return Math.round((evidence / (evidence + 1)) * 1000) / 1000;
}

export interface Evidence {
  value: number;
  because: Map<string, number>;
  first: number;
}

/** The linear model says nothing for a class up to chance (one in five) or, if higher, the class's share with no text at all. */
const MIN_LINEAR_PROBABILITY = 0.2;
/**
 * A probability less than this share of the way from the floor to certainty is noise ("Hallo!"
 * leaning to the commonest field) and adds nothing, whatever the model's evidence weight: the
 * share the former fixed minimum of 0.2 was at the former default weight (0.2 / 2.5).
 */
const MIN_LINEAR_SHARE = 0.08;
/** The words named for the linear model's part: the tokens that pushed most, at most this many. */
const MAX_LINEAR_BECAUSE = 3;

/**
 * The linear model's probability for a class as evidence: nothing up to the floor (chance, or the
 * class's probability for an empty text), rising linearly to the model's `evidence` weight at
 * certainty (a lexicon word is 1; the trainer chooses the weight by cross-validation).
 */
function linearEvidence(probability: number, floor: number, weight: number): number {
  const share = Math.max(0, probability - floor) / (1 - floor);
  return share >= MIN_LINEAR_SHARE ? weight * share : 0;
}

export function suggest(input: { text: string; language: Language }, context: SuggestContext): SuggestResult {
  return { fieldsOfAction: rankFields(readText(input.text, input.language, context), context.linear ?? null), stadtteil: detectStadtteil(input.text, context.stadtteile) };
}

/**
 * What the lexicon and the taught model found in a text, before a linear model adds its part.
 * The trainer reads each text once and ranks it with many candidate models (`rankFields`).
 */
export interface TextReading {
  language: AnalysisLanguage;
  fields: ResolvedFields;
  evidence: ReadonlyMap<string, Evidence>;
  /** The lexicon entries found that the linear model reads as features (`untaught`). */
  hits: Hit[];
  words: WordFeature[];
  order: ReadonlyMap<string, number>;
}

export function readText(text: string, language: Language, context: SuggestContext): TextReading {
  const analysed = analysisLanguage(language);
  const fields = resolveFields(context.fields);
  const { evidence, hits, words } = lexiconEvidence(text, analysed, context, fields);
  return { language: analysed, fields, evidence, hits: untaught(hits, analysed, context), words, order: fieldOrder(context.fields) };
}

/**
 * The lexicon entries the linear model reads as its own features: those moderators have not
 * taught. A taught entry reaches the model only through its lexicon input (`cueShares` re-weighs
 * it by the reviews), so moderators' word on a cue outweighs what the corpus made of it.
 */
function untaught(hits: Hit[], language: AnalysisLanguage, context: SuggestContext): Hit[] {
  const stats = languageStats(context.model, language);
  return stats ? hits.filter((hit) => !(own(stats.features, hit.id)?.n ?? 0)) : hits;
}

/** The fields of action for a read text, best first, with the linear model's part added when it reads the text's language. */
export function rankFields(reading: TextReading, model: LinearModel | null): FieldSuggestion[] {
  const { fields } = reading;
  const evidence = new Map([...reading.evidence].map(([key, entry]) => [key, { ...entry, because: new Map(entry.because) }]));
  const linear = model && model.language === reading.language ? model : null;
  if (linear) {
    const add = adder(evidence);
    const features = featuresOf(reading, linear.buckets);
    const scores = scoreLinear(linear, features, linearLexiconInputs(linear.classes, evidence, fields));
    const prior = softmax(linear.bias);
    linear.classes.forEach((key, k) => {
      const target = fields.target(key);
      const floor = Math.max(MIN_LINEAR_PROBABILITY, prior[k]!);
      const value = target ? linearEvidence(scores.probability[k]!, floor, linear.evidence) : 0;
      if (target && value > 0) add(target, value, strongestTokens(scores.contribution(k), features));
    });
    // A generic education word the lexicon left with the parent goes to the child the model points to.
    handDownToChildren(evidence, fields);
  }

  const { order } = reading;
  return [...evidence]
    .filter(([, entry]) => entry.value >= MIN_EVIDENCE)
    .sort(([keyA, a], [keyB, b]) => b.value - a.value || a.first - b.first || (order.get(keyA) ?? 0) - (order.get(keyB) ?? 0))
    .map(([key, entry]) => ({
      key,
      score: evidenceToScore(entry.value),
      because: [...entry.because].sort((a, b) => a[1] - b[1]).map(([surface]) => surface),
    }))
    .filter((suggestion) => suggestion.score > 0);
}

/** A reading's hashed features, kept while the reading lives: the trainer ranks one reading with many candidate models. */
const FEATURES = new WeakMap<TextReading, { buckets: number; features: SparseFeatures }>();

function featuresOf(reading: TextReading, buckets: number): SparseFeatures {
  const cached = FEATURES.get(reading);
  if (cached && cached.buckets === buckets) return cached.features;
  const features = sparseFeatures(reading.words, reading.hits, buckets);
  FEATURES.set(reading, { buckets, features });
  return features;
}

const ORDERS = new WeakMap<readonly FieldRef[], ReadonlyMap<string, number>>();

function fieldOrder(list: readonly FieldRef[]): ReadonlyMap<string, number> {
  let order = ORDERS.get(list);
  if (!order) ORDERS.set(list, (order = new Map(list.map((field, index) => [field.key, index]))));
  return order;
}

/** Adds evidence for a field with the words it came from. */
function adder(evidence: Map<string, Evidence>) {
  return (key: string, value: number, sources: ReadonlyArray<{ surface: string; order: number }>) => {
    if (!(value > 0) || !sources.length) return;
    const entry = evidence.get(key) ?? { value: 0, because: new Map<string, number>(), first: Infinity };
    entry.value += value;
    for (const { surface, order } of sources) {
      entry.first = Math.min(entry.first, order);
      if (!entry.because.has(surface)) entry.because.set(surface, order);
    }
    evidence.set(key, entry);
  };
}

/**
 * What the linear model reads of a text, as `suggest` builds it: hashed features and the lexicon's
 * (and the taught model's) evidence per class. The trainer calls this, so training and
 * suggesting see the same inputs.
 */
export function linearInputs(
  text: string,
  language: Language,
  context: SuggestContext,
  classes: readonly string[],
  buckets: number,
): { features: SparseFeatures; lexicon: number[] } {
  const analysisLanguageOf = analysisLanguage(language);
  const fields = resolveFields(context.fields);
  const { evidence, hits, words } = lexiconEvidence(text, analysisLanguageOf, context, fields);
  return { features: sparseFeatures(words, untaught(hits, analysisLanguageOf, context), buckets), lexicon: linearLexiconInputs(classes, evidence, fields) };
}

/** A class's evidence before the linear model: its own, or its parent's share where only the parent was indicated. */
function linearLexiconInputs(classes: readonly string[], evidence: Map<string, Evidence>, fields: ResolvedFields): number[] {
  return lexiconInputs(classes, (key) => {
    const target = fields.target(key);
    if (!target) return 0;
    const own = evidence.get(target)?.value ?? 0;
    const parent = target === key ? fields.parentOf.get(key) : undefined;
    return own + (parent ? (evidence.get(parent)?.value ?? 0) / 2 : 0);
  });
}

/** The tokens that pushed a class most, as `because` sources: positive, at least a quarter of the strongest. */
function strongestTokens(contribution: Map<number, number>, features: SparseFeatures): Array<{ surface: string; order: number }> {
  const positive = [...contribution].filter(([, value]) => value > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const strongest = positive[0]?.[1] ?? 0;
  return positive
    .filter(([, value]) => value >= strongest / 4)
    .slice(0, MAX_LINEAR_BECAUSE)
    .map(([order]) => ({ order, surface: features.surface.get(order) ?? '' }))
    .filter((source) => source.surface);
}

/** The lexicon's and the taught model's evidence per process field, parents handed down to their children. */
function lexiconEvidence(text: string, language: AnalysisLanguage, context: SuggestContext, fields: ResolvedFields) {
  const { hits, words } = analyze(text, language, lexiconFor(language, context.fields, fields));
  const stats = languageStats(context.model, language);
  const evidence = new Map<string, Evidence>();
  const add = adder(evidence);

  // Lexicon cues, grouped by entry: the same word three times is a little stronger than once.
  const byId = new Map<string, typeof hits>();
  for (const hit of hits) byId.set(hit.id, [...(byId.get(hit.id) ?? []), hit]);
  for (const [id, group] of byId) {
    const repeat = Math.min(2, 1 + 0.25 * (group.length - 1));
    for (const [key, value] of cueShares(id, group[0]!.cues, fields, stats)) add(key, value * repeat, group);
  }

  // Words moderators' tags made telling, beyond the lexicon.
  if (stats) {
    for (const word of words) {
      for (const [key, value] of learnedWord(word.feature, fields, stats)) add(key, value, [word]);
    }
  }

  handDownToChildren(evidence, fields);
  return { evidence, hits, words };
}

export interface ResolvedFields {
  keys: Set<string>;
  parentOf: Map<string, string>;
  /** Lexicon field key → the process field it counts for (itself, or its parent when the process has no such child). */
  target: (lexiconKey: string) => string | null;
}

// A process's field list is read once and kept (the server caches it until an admin changes it), so is what is derived from it.
const RESOLVED = new WeakMap<readonly FieldRef[], ResolvedFields>();

function resolveFields(list: readonly FieldRef[]): ResolvedFields {
  let resolved = RESOLVED.get(list);
  if (!resolved) RESOLVED.set(list, (resolved = buildResolvedFields(list)));
  return resolved;
}

function buildResolvedFields(list: readonly FieldRef[]): ResolvedFields {
  const keys = new Set(list.map((field) => field.key));
  const parentOf = new Map<string, string>();
  for (const field of list) {
    const parent = field.parentKey ?? inferredParent(field.key, keys);
    if (parent && parent !== field.key && keys.has(parent)) parentOf.set(field.key, parent);
  }
  const target = (lexiconKey: string) => (keys.has(lexiconKey) ? lexiconKey : inferredParent(lexiconKey, keys));
  return { keys, parentOf, target };
}

/** "bildung-schulisch" → "bildung" when the process has it. */
function inferredParent(key: string, keys: ReadonlySet<string>): string | null {
  let best: string | null = null;
  for (const candidate of keys) {
    if (candidate !== key && key.startsWith(`${candidate}-`) && (!best || candidate.length > best.length)) best = candidate;
  }
  return best;
}

/**
 * How one matched lexicon entry splits its weight over fields. The lexicon counts as
 * LEXICON_PSEUDO_DOCS reviewed texts tagged with its field(s); texts moderators actually tagged
 * that contain the entry are added to that (a Dirichlet posterior mean), so after a handful of
 * contrary reviews the entry's weight moves to the moderators' field.
 */
function cueShares(
  id: string,
  cues: ReadonlyArray<{ field: string; weight: number }>,
  fields: ResolvedFields,
  stats: LanguageStats | null,
): Map<string, number> {
  const weights = new Map<string, number>();
  for (const cue of cues) {
    const key = fields.target(cue.field);
    if (key) weights.set(key, (weights.get(key) ?? 0) + cue.weight);
  }
  const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  const learned = stats ? own(stats.features, id) : undefined;
  const shares = new Map<string, number>();
  if (!learned || learned.n === 0) {
    for (const [key, weight] of weights) shares.set(key, weight);
    return shares;
  }
  // A cue the process's fields do not cover still carries weight 1 if moderators used it.
  const strength = total > 0 ? total : 1;
  const denominator = (total > 0 ? LEXICON_PSEUDO_DOCS : 0) + learned.n;
  const candidates = new Set([...weights.keys(), ...Object.keys(learned.f).filter((key) => fields.keys.has(key))]);
  for (const key of candidates) {
    const prior = total > 0 ? (LEXICON_PSEUDO_DOCS * (weights.get(key) ?? 0)) / total : 0;
    shares.set(key, (strength * (prior + (own(learned.f, key) ?? 0))) / denominator);
  }
  return shares;
}

/**
 * A learned word's evidence per field: its lift over the field's base rate, one-vs-rest with
 * m-estimate smoothing, damped by how many reviewed texts contain it. Words spread evenly over
 * fields (function words that slipped through, "Stadt", "Kinder") get no lift and say nothing.
 */
function learnedWord(feature: string, fields: ResolvedFields, stats: LanguageStats): Map<string, number> {
  const result = new Map<string, number>();
  const learned = own(stats.features, feature);
  if (!learned || learned.n < MIN_WORD_DOCS) return result;
  const confidence = learned.n / (learned.n + 1);
  for (const [key, withField] of Object.entries(learned.f)) {
    if (!fields.keys.has(key)) continue;
    const base = ((own(stats.fieldDocs, key) ?? 0) + 1) / (stats.docs + 2);
    const rate = (withField + base) / (learned.n + 1);
    const lift = Math.max(0, rate - base) / (1 - base);
    if (lift > 0) result.set(key, confidence * lift);
  }
  return result;
}

/**
 * Generic words ("Bildung", "lernen") point at a parent field. When a child field is indicated
 * too, the parent's evidence goes to the children in proportion to theirs and the parent is not
 * suggested; with no child indicated the parent stands.
 */
function handDownToChildren(evidence: Map<string, Evidence>, fields: ResolvedFields): void {
  const children = new Map<string, string[]>();
  for (const [child, parent] of fields.parentOf) children.set(parent, [...(children.get(parent) ?? []), child]);
  for (const [parent, kids] of children) {
    const parentEvidence = evidence.get(parent);
    if (!parentEvidence) continue;
    const indicated = kids.map((kid) => [kid, evidence.get(kid)] as const).filter((pair): pair is readonly [string, Evidence] => !!pair[1] && pair[1].value > 0);
    const total = indicated.reduce((sum, [, entry]) => sum + entry.value, 0);
    if (total <= 0) continue;
    for (const [, entry] of indicated) {
      entry.value += (parentEvidence.value * entry.value) / total;
      entry.first = Math.min(entry.first, parentEvidence.first);
      for (const [surface, order] of parentEvidence.because) if (!entry.because.has(surface)) entry.because.set(surface, order);
    }
    evidence.delete(parent);
  }
}

// Field labels and descriptions as extra cues (the process's derived lexicon), compiled once per process taxonomy and language.
const LABEL_CACHE = new Map<string, CompiledLexicon>();
const LABEL_CACHE_SIZE = 32;
const LABEL_WEIGHT = 0.8;
/** A word of a field's description: one alone still makes a suggestion (score 0.375 ≥ SUGGESTION_THRESHOLD). */
const DESCRIPTION_WEIGHT = 0.6;
/** Shortest word a label contributes, folded and stemmed. */
const MIN_LABEL_LENGTH = 4;
/** Shortest word a description contributes; three-letter ones ("Bus", "Rad") only where a word or part begins. */
const MIN_DESCRIPTION_LENGTH = 3;

const SIGNATURES = new WeakMap<readonly FieldRef[], string>();

/**
 * The compiled lexicon per field list (a process's, kept while nobody changes its fields) and
 * language, found without building the list's signature, a long string, for every text read.
 */
const LEXICONS = new WeakMap<readonly FieldRef[], Map<AnalysisLanguage, CompiledLexicon>>();

function lexiconFor(language: AnalysisLanguage, list: readonly FieldRef[], fields: ResolvedFields): CompiledLexicon {
  let byLanguage = LEXICONS.get(list);
  if (!byLanguage) LEXICONS.set(list, (byLanguage = new Map()));
  let lexicon = byLanguage.get(language);
  if (!lexicon) byLanguage.set(language, (lexicon = compileLexiconFor(language, list, fields)));
  return lexicon;
}

function compileLexiconFor(language: AnalysisLanguage, list: readonly FieldRef[], fields: ResolvedFields): CompiledLexicon {
  let taxonomy = SIGNATURES.get(list);
  if (taxonomy === undefined) {
    SIGNATURES.set(list, (taxonomy = JSON.stringify(list.map((field) => [field.key, field.label ?? null, field.description ?? null, fields.parentOf.get(field.key) ?? null]))));
  }
  const signature = `${language}\u0000${taxonomy}`;
  const cached = LABEL_CACHE.get(signature);
  if (cached) return cached;
  const derived = derivedEntries(language, list, fields);
  const seed = restrictLexicon(seedLexicon(language), (field) => fields.target(field) !== null, derived.map(({ stem }) => stem));
  const lexicon = extendLexicon(seed, derived.map(({ stem, field, weight }) => ({ entry: stem.length < MIN_LABEL_LENGTH ? `^${stem}` : stem, field, weight })));
  if (LABEL_CACHE.size >= LABEL_CACHE_SIZE) LABEL_CACHE.delete(LABEL_CACHE.keys().next().value!);
  LABEL_CACHE.set(signature, lexicon);
  return lexicon;
}

/**
 * The process's derived lexicon: the words of each field's label (weight 0.8) and description
 * (0.6) in the text's language, folded and stemmed as the text's words are, function words out.
 * A child's words that its parent has too count for the parent only ("Schulische Bildung"); a
 * description word several fields share splits its weight between them.
 */
function derivedEntries(language: AnalysisLanguage, list: readonly FieldRef[], fields: ResolvedFields): Array<{ stem: string; field: string; weight: number }> {
  const words = new Map(
    list.map((field) => {
      const own = new Map<string, number>();
      // German reads the Leichte-Sprache description too: its words are German, often the plainer ones residents say.
      const described = language === 'de' ? [field.description?.de, field.description?.['de-easy']] : [field.description?.[language]];
      for (const stem of fieldWords(described, language, MIN_DESCRIPTION_LENGTH)) own.set(stem, DESCRIPTION_WEIGHT);
      const label = field.label?.[language] ?? (language === 'de' ? field.label?.['de-easy'] : undefined);
      for (const stem of fieldWords([label], language, MIN_LABEL_LENGTH)) own.set(stem, LABEL_WEIGHT);
      return [field.key, own] as const;
    }),
  );
  const derived: Array<{ stem: string; field: string; weight: number }> = [];
  for (const field of list) {
    const parent = fields.parentOf.get(field.key);
    const parentWords = parent ? words.get(parent) : undefined;
    for (const [stem, weight] of words.get(field.key) ?? []) {
      if (!parentWords?.has(stem)) derived.push({ stem, field: field.key, weight });
    }
  }
  const sharing = new Map<string, number>();
  for (const { stem, weight } of derived) if (weight === DESCRIPTION_WEIGHT) sharing.set(stem, (sharing.get(stem) ?? 0) + 1);
  return derived.map(({ stem, field, weight }) => ({ stem, field, weight: weight === DESCRIPTION_WEIGHT ? weight / (sharing.get(stem) ?? 1) : weight }));
}

/** The content words of a field's texts in a language, as stems. */
function fieldWords(texts: ReadonlyArray<string | undefined>, language: AnalysisLanguage, minLength: number): string[] {
  const written = texts.filter(Boolean).join('\n');
  if (!written) return [];
  const stop = stopwords(language);
  return [
    ...new Set(
      tokenize(written, language)
        .filter((token) => token.word.length >= minLength && !stop.has(token.word) && !/^\p{N}+$/u.test(token.word))
        .map((token) => wordFeature(token.word, language))
        .filter((stem) => stem.length >= minLength),
    ),
  ];
}
