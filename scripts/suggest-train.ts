/**
 * `npm run suggest:train`: trains the suggester's linear model on the corpus
 * (tests/fixtures/suggest/corpus/) and the German seed lexicon and writes the shipped file
 * shared/suggest/linear-model.json. The same inputs give the same bytes; `--check` only compares.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { LINEAR_MODEL_PATH } from '../server/features/suggest/linear-model.ts';
import { loadCorpus, statementsIn } from './suggest/corpus.ts';
import { shippedModelText } from './suggest/train.ts';
import { readOptions } from './_cli.ts';

// Read before training: `--help` or a mistyped option must not rewrite the shipped model.
const USAGE = 'Usage: npm run suggest:train -- [--check]   (--check compares the shipped model with a fresh training, writes nothing)';
const { values } = readOptions(USAGE, (args) => parseArgs({ args, options: { check: { type: 'boolean', default: false } } }));

const municipalities = loadCorpus();
const statements = municipalities.reduce((sum, municipality) => sum + statementsIn(municipality).length, 0);
const started = performance.now();
const text = shippedModelText(municipalities);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const size = `${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB, ${(gzipSync(text, { level: 9 }).length / 1024).toFixed(1)} KiB gzipped`;
let previous = '';
try {
  previous = readFileSync(LINEAR_MODEL_PATH, 'utf8');
} catch {
  // No model yet.
}
if (values.check) {
  console.log(previous === text ? `${LINEAR_MODEL_PATH} is up to date (${size})` : `${LINEAR_MODEL_PATH} differs from a fresh training: run npm run suggest:train`);
  process.exitCode = previous === text ? 0 : 1;
} else {
  writeFileSync(LINEAR_MODEL_PATH, text);
  console.log(`${previous === text ? 'unchanged' : 'wrote'} ${LINEAR_MODEL_PATH}: ${statements} German statements from ${municipalities.length} municipalities + lexicon, ${size}, trained in ${seconds} s`);
}
