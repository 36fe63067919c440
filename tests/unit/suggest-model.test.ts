import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { contextWith, defaultContext } from '../../scripts/bench/suggest.ts';
import { loadCorpus } from '../../scripts/suggest/corpus.ts';
import { shippedModelText, TRAIN_SETTINGS, trainingInputsHash } from '../../scripts/suggest/train.ts';
import { LINEAR_MODEL_PATH, shippedLinearModel } from '../../server/features/suggest/linear-model.ts';
import { buildModel, suggest } from '../../shared/suggest/index.ts';
import { decodeLinearModel, DEFAULT_LINEAR_EVIDENCE, hashFeature, LINEAR_CLASSES } from '../../shared/suggest/linear.ts';

const shippedText = readFileSync(LINEAR_MODEL_PATH, 'utf8');
const linear = shippedLinearModel();
const withModel = contextWith(linear);

describe('the shipped linear model', () => {
  it('is the model `npm run suggest:train` makes from the corpus, byte for byte', () => {
    const municipalities = loadCorpus();
    const file = JSON.parse(shippedText) as { trainedFrom: string };
    // The cheap check first: it names what the file was trained from.
    expect(file.trainedFrom, 'the corpus or lexicon changed: run npm run suggest:train').toBe(trainingInputsHash(municipalities));
    expect(shippedModelText(municipalities)).toBe(shippedText);
  }, 120_000);

  it('stays small enough for the stall tablet: at most 200 KB gzipped', () => {
    expect(gzipSync(shippedText, { level: 9 }).length).toBeLessThanOrEqual(200_000);
  });

  it('loads, with the default fields as its classes', () => {
    expect(linear).not.toBeNull();
    expect(linear!.classes).toEqual([...LINEAR_CLASSES]);
    expect(linear!.weights.length).toBe(linear!.buckets * LINEAR_CLASSES.length);
  });

  it('carries the evidence weight its cross-validation chose among the candidates; a file without one gets the default', () => {
    const file = JSON.parse(shippedText) as Record<string, unknown>;
    expect(TRAIN_SETTINGS.evidenceWeights).toContain(file['evidence']);
    expect(linear!.evidence).toBe(file['evidence']);
    const { evidence: _evidence, ...older } = file;
    expect(decodeLinearModel(older)?.evidence).toBe(DEFAULT_LINEAR_EVIDENCE);
    expect(decodeLinearModel({ ...file, evidence: -1 })).toBeNull();
  });

  it('refuses a file of another version or with weights that do not fit', () => {
    const file = JSON.parse(shippedText) as Record<string, unknown>;
    expect(decodeLinearModel({ ...file, version: 99 })).toBeNull();
    expect(decodeLinearModel({ ...file, buckets: 1000 })).toBeNull();
    expect(decodeLinearModel({ ...file, weights: 'AAAA' })).toBeNull();
    expect(decodeLinearModel({ ...file, bias: [1, 2] })).toBeNull();
    expect(decodeLinearModel(null)).toBeNull();
    expect(decodeLinearModel('model')).toBeNull();
  });

  it('hashes features the same way everywhere (FNV-1a)', () => {
    expect(hashFeature('')).toBe(0x811c9dc5);
    expect(hashFeature('a')).toBe(0xe40c292c);
  });
});

describe('suggesting with the linear model', () => {
  it.each([
    ['Die Erwerbstätigkeit von Geflüchteten soll steigen', 'arbeit', 'Erwerbstätigkeit'],
    ['Mehr Übungsleiterinnen mit Zuwanderungsgeschichte gewinnen', 'freizeit', 'Übungsleiterinnen'],
  ])('reaches "%s", where the lexicon has no word, and names the word that led there', (text, field, word) => {
    expect(suggest({ text, language: 'de' }, defaultContext()).fieldsOfAction).toEqual([]);
    const result = suggest({ text, language: 'de' }, withModel);
    expect(result.fieldsOfAction[0]?.key).toBe(field);
    expect(result.fieldsOfAction[0]!.because).toContain(word);
  });

  it('keeps the lexicon\'s "because" words and its answer on residents\' notes', () => {
    expect(suggest({ text: 'Wir brauchen mehr Ausbildungsplätze', language: 'de' }, withModel).fieldsOfAction[0]).toMatchObject({ key: 'arbeit' });
    expect(suggest({ text: 'Wir brauchen mehr Ausbildungsplätze', language: 'de' }, withModel).fieldsOfAction[0]!.because).toContain('Ausbildungsplätze');
    expect(suggest({ text: 'Das Jugendzentrum schließt zu früh', language: 'de' }, withModel).fieldsOfAction[0]?.key).toBe('freizeit');
  });

  it('suggests nothing for a text without content, as without the model', () => {
    expect(suggest({ text: 'Hallo!', language: 'de' }, withModel).fieldsOfAction).toEqual([]);
  });

  it('leaves other languages to their lexicons', () => {
    const text = 'أبحث عن عمل منذ سنتين ولا أجد شيئاً';
    expect(suggest({ text, language: 'ar' }, withModel)).toEqual(suggest({ text, language: 'ar' }, defaultContext()));
  });

  it('follows what moderators teach, against the model', () => {
    const probe = 'Ein Sprachcafé für Frauen im Stadtteil';
    const before = suggest({ text: probe, language: 'de' }, withModel).fieldsOfAction[0]?.key;
    expect(before).not.toBe('freizeit');
    const taught = buildModel(
      ['Sprachcafé am Dienstag war schön', 'Im Sprachcafé spielen wir Karten', 'Das Sprachcafé ist gemütlich', 'Sprachcafé mit Kuchen und Musik', 'Beim Sprachcafé lachen wir viel'].map(
        (text) => ({ text, language: 'de' as const, fieldKeys: ['freizeit'] }),
      ),
    );
    expect(suggest({ text: probe, language: 'de' }, { ...withModel, model: taught }).fieldsOfAction[0]?.key).toBe('freizeit');
  });
});
