// The shipped linear model: a multinomial logistic regression over hashed text features, trained
// by `npm run suggest:train` from the evaluation corpus (published statements of German
// municipalities) and the seed lexicon. It generalises where the hand-written lexicon has no
// entry: word stems, lexicon stems found inside compounds, and character n-grams of every word
// ("…förderung", "kita…", "…schul…") reach texts nobody here wrote. Pure code, shared by the
// server (which loads the file at start) and the tablet (which fetches it in the background).

import type { Hit } from './lexicon.ts';
import type { WordFeature } from './analyze.ts';
import type { AnalysisLanguage } from './text.ts';

export const LINEAR_MODEL_VERSION = 2;

/** The fields the model was trained on: the default taxonomy's leaves, in a fixed order. */
export const LINEAR_CLASSES = ['arbeit', 'bildung-schulisch', 'bildung-ausserschulisch', 'teilhabe', 'freizeit'] as const;

/** Character n-gram lengths taken from each word, with "<" and ">" marking its start and end. */
const NGRAM_MIN = 3;
const NGRAM_MAX = 5;

/** The model file as written by the trainer and fetched by the tablet. */
export interface LinearModelFile {
  version: typeof LINEAR_MODEL_VERSION;
  language: AnalysisLanguage;
  /** SHA-256 of what it was trained from (corpus files, lexicon, trainer settings): the same inputs give the same file. */
  trainedFrom: string;
  classes: string[];
  /** Hash space size, a power of two. */
  buckets: number;
  /** Weight of one stored unit: a stored weight w means w × scale. */
  scale: number;
  bias: number[];
  /** Per class, the weight of log(1 + lexicon evidence) of each class (the lexicon as a feature). */
  lexicon: number[][];
  /**
   * The most evidence the model adds to a field, at probability 1 (a lexicon word is 1), chosen by
   * the trainer's cross-validation; files without it get DEFAULT_LINEAR_EVIDENCE.
   */
  evidence?: number;
  /** Base64 of an Int8Array, bucket-major: weights[bucket × classes + class]. */
  weights: string;
}

export interface LinearModel {
  language: AnalysisLanguage;
  classes: readonly string[];
  buckets: number;
  scale: number;
  bias: readonly number[];
  lexicon: readonly (readonly number[])[];
  evidence: number;
  weights: Int8Array;
}

/** The linear model's evidence weight where its file names none. */
export const DEFAULT_LINEAR_EVIDENCE = 2.5;

/** The text's features: hashed bucket, value and the token (text order) each one came from. */
export interface SparseFeatures {
  index: number[];
  value: number[];
  order: number[];
  /** The surface of each token that produced features, by order. */
  surface: Map<number, string>;
}

/** 32-bit FNV-1a over UTF-16 code units: the same on the server and in every browser. */
export function hashFeature(feature: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < feature.length; i += 1) {
    hash ^= feature.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The hashed features of a text, from what `analyze` found: each content word's stem and
 * character n-grams, and each lexicon entry matched (inside compounds too: "Sprachkursangebot"
 * yields the stem "sprachkurs"). The words' features and the lexicon entries are each scaled to
 * unit length, then the whole to unit length: a statement's dozens of n-grams do not drown the
 * few lexicon entries it names, and long statements and short notes weigh alike. A feature
 * repeated in a text is one feature of summed value, named after its first token.
 */
export function sparseFeatures(words: readonly WordFeature[], hits: readonly Hit[], buckets: number): SparseFeatures {
  const mask = buckets - 1;
  const kinds = { words: new Map<string, Counted>(), lexicon: new Map<string, Counted>() };
  const surface = new Map<number, string>();
  for (const word of words) {
    surface.set(word.order, word.surface);
    count(kinds.words, `w ${word.feature}`, word.order);
    const marked = `<${word.word}>`;
    for (let n = NGRAM_MIN; n <= NGRAM_MAX; n += 1) {
      for (let start = 0; start + n <= marked.length; start += 1) count(kinds.words, `g ${marked.slice(start, start + n)}`, word.order);
    }
  }
  for (const hit of hits) {
    if (!surface.has(hit.order)) surface.set(hit.order, hit.surface);
    count(kinds.lexicon, `l ${hit.id}`, hit.order);
  }
  const present = Object.values(kinds).filter((counted) => counted.size > 0);
  const features: SparseFeatures = { index: [], value: [], order: [], surface };
  for (const counted of present) {
    let squares = 0;
    for (const { n } of counted.values()) squares += n * n;
    const scale = 1 / Math.sqrt(squares * present.length);
    for (const [feature, { n, order }] of counted) {
      features.index.push(hashFeature(feature) & mask);
      features.value.push(n * scale);
      features.order.push(order);
    }
  }
  return features;
}

interface Counted {
  n: number;
  order: number;
}

function count(counted: Map<string, Counted>, feature: string, order: number): void {
  const seen = counted.get(feature);
  if (seen) seen.n += 1;
  else counted.set(feature, { n: 1, order });
}

/** The lexicon's evidence per class, as the model reads it: log(1 + evidence). */
export function lexiconInputs(classes: readonly string[], evidenceOf: (key: string) => number): number[] {
  return classes.map((key) => Math.log1p(Math.max(0, evidenceOf(key))));
}

export interface LinearScores {
  /** Softmax probability per class, in LINEAR_CLASSES order. */
  probability: number[];
  /**
   * Per class, each token's contribution to its logit (token order → sum of weight × value),
   * worked out when asked: a text names the tokens only of the fields the model adds to.
   */
  contribution: (k: number) => Map<number, number>;
}

export function scoreLinear(model: LinearModel, features: SparseFeatures, lexicon: readonly number[]): LinearScores {
  const classes = model.classes.length;
  const logits = [...model.bias];
  for (let i = 0; i < features.index.length; i += 1) {
    const base = features.index[i]! * classes;
    const value = features.value[i]! * model.scale;
    for (let k = 0; k < classes; k += 1) logits[k]! += model.weights[base + k]! * value;
  }
  for (let k = 0; k < classes; k += 1) {
    const row = model.lexicon[k] ?? [];
    for (let j = 0; j < lexicon.length; j += 1) logits[k]! += (row[j] ?? 0) * lexicon[j]!;
  }
  const contribution = (k: number) => {
    const parts = new Map<number, number>();
    for (let i = 0; i < features.index.length; i += 1) {
      const weight = model.weights[features.index[i]! * classes + k]!;
      if (weight === 0) continue;
      const order = features.order[i]!;
      parts.set(order, (parts.get(order) ?? 0) + weight * (features.value[i]! * model.scale));
    }
    return parts;
  };
  return { probability: softmax(logits), contribution };
}

export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((logit) => Math.exp(logit - max));
  const sum = exps.reduce((total, value) => total + value, 0);
  return exps.map((value) => value / sum);
}

/** Base64 without Node's Buffer, so the tablet decodes the file the same way. */
function decodeBase64(text: string): Int8Array {
  const binary = atob(text);
  const bytes = new Int8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = (binary.charCodeAt(i) << 24) >> 24;
  return bytes;
}

const isNumberArray = (value: unknown): value is number[] => Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isFinite(item));

/** The usable model of a parsed file, or null when it is of another version or malformed (then the lexicon suggests alone). */
export function decodeLinearModel(file: unknown): LinearModel | null {
  if (!file || typeof file !== 'object') return null;
  const data = file as Partial<LinearModelFile>;
  if (data.version !== LINEAR_MODEL_VERSION || typeof data.language !== 'string' || typeof data.weights !== 'string') return null;
  const { classes, buckets, scale, bias, lexicon } = data;
  if (!Array.isArray(classes) || !classes.every((key) => typeof key === 'string')) return null;
  if (typeof buckets !== 'number' || !Number.isInteger(buckets) || buckets <= 0 || (buckets & (buckets - 1)) !== 0) return null;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || !isNumberArray(bias) || bias.length !== classes.length) return null;
  if (!Array.isArray(lexicon) || lexicon.length !== classes.length || !lexicon.every(isNumberArray)) return null;
  const evidence = data.evidence ?? DEFAULT_LINEAR_EVIDENCE;
  if (typeof evidence !== 'number' || !Number.isFinite(evidence) || evidence < 0) return null;
  let weights: Int8Array;
  try {
    weights = decodeBase64(data.weights);
  } catch {
    return null;
  }
  if (weights.length !== buckets * classes.length) return null;
  return { language: data.language, classes, buckets, scale, bias, lexicon, evidence, weights };
}
