// Trains the shipped linear model of the tag suggester (shared/suggest/linear.ts): a multinomial
// logistic regression over hashed features, fitted by AdaGrad with L2 in a fixed order from a
// fixed seed, then quantised to 8 bits. The same corpus, lexicon and settings give the same
// bytes: no clock, no Math.random, numbers written with fixed precision.

import { createHash } from 'node:crypto';
import { prng } from '../_invented.ts';
import { defaultContext } from '../bench/suggest.ts';
import { LINEAR_CLASSES, LINEAR_MODEL_VERSION, softmax, type LinearModelFile, type SparseFeatures } from '../../shared/suggest/linear.ts';
import { LEXICONS } from '../../shared/suggest/lexicons/index.ts';
import { linearInputs, type SuggestContext } from '../../shared/suggest/suggest.ts';
import { statementsIn, type Municipality } from './corpus.ts';

export interface TrainSettings {
  buckets: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** A seed-lexicon entry counts as this share of a statement, times its own weight. */
  lexiconWeight: number;
}

export const TRAIN_SETTINGS: TrainSettings = { buckets: 1 << 15, epochs: 12, learningRate: 0.4, l2: 3e-3, seed: 20261130, lexiconWeight: 0.5 };

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

function prepare(examples: readonly Example[], settings: TrainSettings, context: SuggestContext): Prepared[] {
  const classes = LINEAR_CLASSES.length;
  return examples.flatMap((example) => {
    const labelled = example.fields.map((key) => LINEAR_CLASSES.indexOf(key as (typeof LINEAR_CLASSES)[number])).filter((k) => k >= 0);
    if (!labelled.length) return [];
    const key = `${settings.buckets}\u0000${example.text}`;
    let inputs = INPUTS.get(key);
    if (!inputs) INPUTS.set(key, (inputs = linearInputs(example.text, 'de', context, LINEAR_CLASSES, settings.buckets)));
    const target = new Array<number>(classes).fill(0);
    for (const k of labelled) target[k]! += 1 / labelled.length;
    return [{ features: inputs.features, lexicon: example.pseudo ? new Array<number>(classes).fill(0) : inputs.lexicon, target, weight: example.weight }];
  });
}

const round = (value: number, digits: number) => {
  const rounded = Number(value.toFixed(digits));
  return Object.is(rounded, -0) ? 0 : rounded;
};

/** Fits the model to the examples and writes it as the shipped file's object. */
export function trainLinear(examples: readonly Example[], settings: TrainSettings = TRAIN_SETTINGS, trainedFrom = ''): LinearModelFile {
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
          const g = gradient * input + settings.l2 * lexicon[at]!;
          lexiconSquares[at]! += g * g;
          lexicon[at]! -= step(g, lexiconSquares[at]!);
        }
        for (let f = 0; f < features.index.length; f += 1) {
          const at = features.index[f]! * classes + k;
          const g = gradient * features.value[f]! + settings.l2 * weights[at]!;
          squares[at]! += g * g;
          weights[at]! -= step(g, squares[at]!);
        }
      }
    }
  }

  let largest = 0;
  for (const weight of weights) largest = Math.max(largest, Math.abs(weight));
  const scale = round(largest > 0 ? largest / 127 : 1, 8);
  const quantised = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i += 1) quantised[i] = Math.max(-127, Math.min(127, Math.round(weights[i]! / scale)));
  return {
    version: LINEAR_MODEL_VERSION,
    language: 'de',
    trainedFrom,
    classes: [...LINEAR_CLASSES],
    buckets: settings.buckets,
    scale,
    bias: Array.from(bias, (value) => round(value, 4)),
    lexicon: LINEAR_CLASSES.map((_, k) => Array.from(lexicon.subarray(k * classes, (k + 1) * classes), (value) => round(value, 4))),
    weights: Buffer.from(quantised.buffer, quantised.byteOffset, quantised.byteLength).toString('base64'),
  };
}

/** What the shipped model was trained from: every corpus file's name and bytes, the German lexicon and the settings. */
export function trainingInputsHash(municipalities: readonly Municipality[], settings: TrainSettings = TRAIN_SETTINGS): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ version: LINEAR_MODEL_VERSION, settings, lexicon: LEXICONS.de }));
  for (const municipality of municipalities) hash.update(`\u0000${municipality.slug}\u0000${municipality.raw}`);
  return hash.digest('hex');
}

/** The shipped file's text: the model trained on the whole corpus and the lexicon. */
export function shippedModelText(municipalities: readonly Municipality[], settings: TrainSettings = TRAIN_SETTINGS): string {
  const examples = [...corpusExamples(municipalities), ...lexiconExamples(settings)];
  return `${JSON.stringify(trainLinear(examples, settings, trainingInputsHash(municipalities, settings)))}\n`;
}
