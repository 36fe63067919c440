// Trains the shipped linear model of the tag suggester (shared/suggest/linear.ts): a multinomial
// logistic regression over hashed features, fitted by AdaGrad with L2 in a fixed order from a
// fixed seed, then quantised to 8 bits. The same corpus, lexicon and settings give the same
// bytes: no clock, no Math.random, numbers written with fixed precision.

import { createHash } from 'node:crypto';
import { prng } from '../_invented.ts';
import { defaultContext } from '../bench/suggest.ts';
import { DEFAULT_LINEAR_EVIDENCE, LINEAR_CLASSES, LINEAR_MODEL_VERSION, softmax, type LinearModel, type LinearModelFile, type SparseFeatures } from '../../shared/suggest/linear.ts';
import { LEXICONS } from '../../shared/suggest/lexicons/index.ts';
import { linearInputs, rankFields, readText, type SuggestContext, type TextReading } from '../../shared/suggest/suggest.ts';
import { statementsIn, type Municipality } from './corpus.ts';

export interface TrainSettings {
  buckets: number;
  epochs: number;
  learningRate: number;
  /**
   * The L2 strengths the regression may get, chosen by the same cross-validation as the blend
   * (`chooseBlend`): half a decade either side of the 3e-3 an earlier round picked on the
   * leave-one-out figures themselves, so that choice is no longer made on them.
   */
  l2s: readonly number[];
  seed: number;
  /** A seed-lexicon entry counts as this share of a statement, times its own weight. */
  lexiconWeight: number;
  /**
   * The weights complement naive Bayes's log-odds may get beside the regression (0: the regression
   * alone). Which one is chosen by cross-validation over the training municipalities only
   * (`chooseBlend`), never on the statements a model is tested on.
   */
  complementWeights: readonly number[];
  /** The evidence weights the model's probability may get beside the lexicon in `suggest`, chosen by the same cross-validation. */
  evidenceWeights: readonly number[];
  /** Folds of that cross-validation: the training municipalities dealt round-robin in file-name order. */
  innerFolds: number;
  /** Additive smoothing of complement naive Bayes, in occurrences per bucket. */
  complementSmoothing: number;
}

export const TRAIN_SETTINGS: TrainSettings = {
  buckets: 1 << 15,
  epochs: 12,
  learningRate: 0.4,
  l2s: [1e-3, 3e-3, 1e-2],
  seed: 20261130,
  lexiconWeight: 0.5,
  complementWeights: [0, 0.25, 0.5, 1, 2],
  evidenceWeights: [1.5, 2.5, 4, 6, 9],
  innerFolds: 3,
  complementSmoothing: 1,
};

export interface Example {
  text: string;
  fields: readonly string[];
  weight: number;
  /** Lexicon entries teach their words, not how far to trust the lexicon: their lexicon inputs are zero. */
  pseudo: boolean;
}

interface Prepared {
  features: SparseFeatures;
  lexicon: number[];
  target: number[];
  weight: number;
}

export function corpusExamples(municipalities: readonly Municipality[]): Example[] {
  return municipalities.flatMap((municipality) =>
    statementsIn(municipality).map((statement) => ({ text: statement.text, fields: statement.fields, weight: 1, pseudo: false })),
  );
}

/** Every German seed-lexicon entry of a trained field as a one-word example ("sprachkurs" → adult education). */
export function lexiconExamples(settings: TrainSettings = TRAIN_SETTINGS): Example[] {
  const examples: Example[] = [];
  for (const key of LINEAR_CLASSES) {
    for (const raw of (LEXICONS.de.fields[key] ?? '').split(/\s+/).filter(Boolean)) {
      const parsed = /^!?[=^$]?(.+?)(?::(\d))?$/u.exec(raw);
      if (!parsed?.[1]) continue;
      const weight = parsed[2] ? Number(parsed[2]) / 10 : 1;
      examples.push({ text: parsed[1].replace(/\+/g, ' '), fields: [key], weight: settings.lexiconWeight * weight, pseudo: true });
    }
  }
  return examples;
}

/** Inputs per text, kept while the process runs: leave-one-out trains once per municipality on mostly the same texts. */
const INPUTS = new Map<string, ReturnType<typeof linearInputs>>();

function inputsOf(text: string, settings: TrainSettings, context: SuggestContext): ReturnType<typeof linearInputs> {
  const key = `${settings.buckets}\u0000${text}`;
  let inputs = INPUTS.get(key);
  if (!inputs) INPUTS.set(key, (inputs = linearInputs(text, 'de', context, LINEAR_CLASSES, settings.buckets)));
  return inputs;
}

function prepare(examples: readonly Example[], settings: TrainSettings, context: SuggestContext): Prepared[] {
  const classes = LINEAR_CLASSES.length;
  return examples.flatMap((example) => {
    const labelled = example.fields.map((key) => LINEAR_CLASSES.indexOf(key as (typeof LINEAR_CLASSES)[number])).filter((k) => k >= 0);
    if (!labelled.length) return [];
    const inputs = inputsOf(example.text, settings, context);
    const target = new Array<number>(classes).fill(0);
    for (const k of labelled) target[k]! += 1 / labelled.length;
    return [{ features: inputs.features, lexicon: example.pseudo ? new Array<number>(classes).fill(0) : inputs.lexicon, target, weight: example.weight }];
  });
}

const round = (value: number, digits: number) => {
  const rounded = Number(value.toFixed(digits));
  return Object.is(rounded, -0) ? 0 : rounded;
};

/** The two fitted models, unquantised: the regression's weights and complement naive Bayes's, added at a chosen weight. */
export interface Fitted {
  regression: Float64Array;
  complement: Float64Array;
  bias: Float64Array;
  lexicon: Float64Array;
}

/** Fits the regression (AdaGrad, L2 of strength `l2`, a fixed shuffle) and counts complement naive Bayes on the same inputs. */
export function fitLinear(examples: readonly Example[], settings: TrainSettings, l2: number): Fitted {
  const classes = LINEAR_CLASSES.length;
  const data = prepare(examples, settings, defaultContext());
  const weights = new Float64Array(settings.buckets * classes);
  const squares = new Float64Array(settings.buckets * classes);
  const bias = new Float64Array(classes);
  const biasSquares = new Float64Array(classes);
  const lexicon = new Float64Array(classes * classes);
  const lexiconSquares = new Float64Array(classes * classes);
  const next = prng(settings.seed);
  const order = data.map((_, index) => index);
  const step = (value: number, square: number) => (settings.learningRate * value) / Math.sqrt(square + 1e-8);

  for (let epoch = 0; epoch < settings.epochs; epoch += 1) {
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const example = data[index]!;
      const { features } = example;
      const logits = Array.from(bias);
      for (let f = 0; f < features.index.length; f += 1) {
        const base = features.index[f]! * classes;
        for (let k = 0; k < classes; k += 1) logits[k]! += weights[base + k]! * features.value[f]!;
      }
      for (let k = 0; k < classes; k += 1) {
        for (let j = 0; j < classes; j += 1) logits[k]! += lexicon[k * classes + j]! * example.lexicon[j]!;
      }
      const probability = softmax(logits);
      for (let k = 0; k < classes; k += 1) {
        const gradient = (probability[k]! - example.target[k]!) * example.weight;
        biasSquares[k]! += gradient * gradient;
        bias[k]! -= step(gradient, biasSquares[k]!);
        for (let j = 0; j < classes; j += 1) {
          const input = example.lexicon[j]!;
          if (input === 0) continue;
          const at = k * classes + j;
          const g = gradient * input + l2 * lexicon[at]!;
          lexiconSquares[at]! += g * g;
          lexicon[at]! -= step(g, lexiconSquares[at]!);
        }
        for (let f = 0; f < features.index.length; f += 1) {
          const at = features.index[f]! * classes + k;
          const g = gradient * features.value[f]! + l2 * weights[at]!;
          squares[at]! += g * g;
          weights[at]! -= step(g, squares[at]!);
        }
      }
    }
  }

  return { regression: weights, complement: complementNaiveBayes(data, settings), bias, lexicon };
}

/** What the cross-validation chose: the regression's L2, naive Bayes's weight beside it, and the model's evidence weight beside the lexicon. */
export interface Blend {
  l2: number;
  complementWeight: number;
  evidence: number;
}

/** Fits the models and writes the shipped file's object, blended as given. */
export function trainLinear(examples: readonly Example[], settings: TrainSettings, blend: Blend, trainedFrom = ''): LinearModelFile {
  return assembleLinear(fitLinear(examples, settings, blend.l2), settings, blend, trainedFrom);
}

/** Regression + complementWeight × naive Bayes, one table, quantised to 8 bits with one scale. */
function quantise(fitted: Fitted, complementWeight: number): { scale: number; weights: Int8Array } {
  const combined = (i: number) => fitted.regression[i]! + complementWeight * fitted.complement[i]!;
  let largest = 0;
  for (let i = 0; i < fitted.regression.length; i += 1) largest = Math.max(largest, Math.abs(combined(i)));
  const scale = round(largest > 0 ? largest / 127 : 1, 8);
  const weights = new Int8Array(fitted.regression.length);
  for (let i = 0; i < weights.length; i += 1) weights[i] = Math.max(-127, Math.min(127, Math.round(combined(i) / scale)));
  return { scale, weights };
}

const rounded = (values: Float64Array, digits: number) => Array.from(values, (value) => round(value, digits));

/** The model as `suggest` uses it: what the shipped file decodes to, without writing and reading one. */
function linearModelOf(fitted: Fitted, settings: TrainSettings, complementWeight: number): Omit<LinearModel, 'evidence'> {
  const classes = LINEAR_CLASSES.length;
  const { scale, weights } = quantise(fitted, complementWeight);
  return {
    language: 'de',
    classes: [...LINEAR_CLASSES],
    buckets: settings.buckets,
    scale,
    bias: rounded(fitted.bias, 4),
    lexicon: LINEAR_CLASSES.map((_, k) => rounded(fitted.lexicon.subarray(k * classes, (k + 1) * classes), 4)),
    weights,
  };
}

/** The shipped file's object: the blended weights quantised, numbers at fixed precision. */
export function assembleLinear(fitted: Fitted, settings: TrainSettings, blend: Blend, trainedFrom = ''): LinearModelFile {
  const model = linearModelOf(fitted, settings, blend.complementWeight);
  return {
    version: LINEAR_MODEL_VERSION,
    language: 'de',
    trainedFrom,
    classes: [...model.classes],
    buckets: model.buckets,
    scale: model.scale,
    bias: [...model.bias],
    lexicon: model.lexicon.map((row) => [...row]),
    evidence: blend.evidence,
    weights: Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength).toString('base64'),
  };
}

/** Each text as the lexicon reads it, once per process: the cross-validation ranks it with many models. */
const READINGS = new Map<string, TextReading>();

function readingOf(text: string, context: SuggestContext): TextReading {
  let reading = READINGS.get(text);
  if (!reading) READINGS.set(text, (reading = readText(text, 'de', context)));
  return reading;
}

/**
 * Nested choice of the blend: the municipalities given (the training side only) are dealt into
 * `innerFolds` groups in file-name order; for each group and L2, models fitted on the others and
 * the lexicon rank the fields of its statements at every candidate pair of weights, exactly as
 * `suggest` does; the triple with most statements right wins (a tie goes to the one listed first:
 * L2, then naive Bayes's weight, then the evidence weight, each in the settings' order).
 */
export function chooseBlend(municipalities: readonly Municipality[], settings: TrainSettings = TRAIN_SETTINGS): Blend {
  const candidates = settings.l2s.flatMap((l2) =>
    settings.complementWeights.flatMap((complementWeight) => settings.evidenceWeights.map((evidence) => ({ l2, complementWeight, evidence }))),
  );
  const first = candidates[0] ?? { l2: 3e-3, complementWeight: 0, evidence: DEFAULT_LINEAR_EVIDENCE };
  if (candidates.length <= 1 || municipalities.length < settings.innerFolds) return first;
  const context = defaultContext();
  const right = candidates.map(() => 0);
  const lexicon = lexiconExamples(settings);
  for (let fold = 0; fold < settings.innerFolds; fold += 1) {
    const heldOut = municipalities.filter((_, index) => index % settings.innerFolds === fold).flatMap((municipality) => statementsIn(municipality));
    const training = [...corpusExamples(municipalities.filter((_, index) => index % settings.innerFolds !== fold)), ...lexicon];
    let c = 0;
    for (const l2 of settings.l2s) {
      const fitted = fitLinear(training, settings, l2);
      for (const complementWeight of settings.complementWeights) {
        const model = linearModelOf(fitted, settings, complementWeight);
        for (const evidence of settings.evidenceWeights) {
          for (const statement of heldOut) {
            const top = rankFields(readingOf(statement.text, context), { ...model, evidence })[0]?.key;
            if (top !== undefined && statement.fields.includes(top)) right[c]! += 1;
          }
          c += 1;
        }
      }
    }
  }
  let best = 0;
  for (let c = 1; c < candidates.length; c += 1) if (right[c]! > right[best]!) best = c;
  return candidates[best]!;
}

/**
 * Complement naive Bayes (Rennie et al. 2003) over the same hashed features, added to the
 * regression's weights: per bucket and class, the log of how rare the bucket is in the texts of
 * the other classes, centred over the classes. Counting needs no optimisation, so it holds on
 * rare words where the regression, pulled to zero by L2, says little; scored on the same
 * unit-length inputs it is a second linear model, and the weighted sum of the two is one table to ship.
 */
function complementNaiveBayes(data: readonly Prepared[], settings: TrainSettings): Float64Array {
  const classes = LINEAR_CLASSES.length;
  const weights = new Float64Array(settings.buckets * classes);
  const counts = new Float64Array(settings.buckets * classes);
  const totals = new Float64Array(classes);
  for (const example of data) {
    for (const bucket of example.features.index) {
      for (let k = 0; k < classes; k += 1) {
        const share = example.target[k]! * example.weight;
        if (share === 0) continue;
        counts[bucket * classes + k]! += share;
        totals[k]! += share;
      }
    }
  }
  const all = totals.reduce((sum, value) => sum + value, 0);
  const alpha = settings.complementSmoothing;
  const logOdds = new Float64Array(classes);
  for (let bucket = 0; bucket < settings.buckets; bucket += 1) {
    const base = bucket * classes;
    let seen = 0;
    for (let k = 0; k < classes; k += 1) seen += counts[base + k]!;
    if (seen === 0) continue;
    let mean = 0;
    for (let k = 0; k < classes; k += 1) {
      const complement = seen - counts[base + k]!;
      logOdds[k] = -Math.log((alpha + complement) / (alpha * settings.buckets + all - totals[k]!));
      mean += logOdds[k]! / classes;
    }
    for (let k = 0; k < classes; k += 1) weights[base + k] = logOdds[k]! - mean;
  }
  return weights;
}

/** What the shipped model was trained from: every corpus file's name and bytes, the German lexicon and the settings. */
export function trainingInputsHash(municipalities: readonly Municipality[], settings: TrainSettings = TRAIN_SETTINGS): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ version: LINEAR_MODEL_VERSION, settings, lexicon: LEXICONS.de }));
  for (const municipality of municipalities) hash.update(`\u0000${municipality.slug}\u0000${municipality.raw}`);
  return hash.digest('hex');
}

/** The shipped file's text: the models fitted on the whole corpus and the lexicon, L2 and the blend chosen by cross-validation over all municipalities. */
export function shippedModelText(municipalities: readonly Municipality[], settings: TrainSettings = TRAIN_SETTINGS): string {
  const examples = [...corpusExamples(municipalities), ...lexiconExamples(settings)];
  return `${JSON.stringify(trainLinear(examples, settings, chooseBlend(municipalities, settings), trainingInputsHash(municipalities, settings)))}\n`;
}
