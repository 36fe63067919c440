import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CORPUS_FIELDS, corpusFiles, loadCorpus, loadTranslated, sourceMunicipality, TRANSLATED_LANGUAGES, TRANSLATED_PATH } from '../../scripts/suggest/corpus.ts';
import { LANGUAGES } from '../../shared/languages.ts';

// The evaluation corpus of the suggester (README, "The tag suggester"): every file
// in the format, every statement citable, nothing from the municipalities kept for an
// independent evaluation.

const municipalities = loadCorpus();
const STATES = new Set(['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH']);
const KINDS = new Set(['concept', 'council-paper', 'participation-report', 'web-page']);
/** Kept for an independent evaluation, and our own city: never in the corpus, by name or by address. */
const EXCLUDED = [
  ['frankfurt', /frankfurt(?!\s*\(oder\))|vielfalt-bewegt/i],
  ['stuttgart', /stuttgart/i],
  ['tuebingen', /t(ue|ü)bingen/i],
  ['remscheid', /remscheid/i],
  ['muelheim', /m(ue|ü)lheim/i],
  ['filderstadt', /filderstadt/i],
  ['dietzenbach', /dietzenbach/i],
  ['potsdam', /potsdam/i],
  ['bergisch-gladbach', /bergisch[-\s]?gladbach/i],
] as const;

const normalised = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

describe('the suggester evaluation corpus', () => {
  it('has at least 1,000 statements from at least 15 municipalities (issue #15)', () => {
    expect(municipalities.length).toBeGreaterThanOrEqual(15);
    expect(municipalities.reduce((sum, municipality) => sum + municipality.data.statements.length, 0)).toBeGreaterThanOrEqual(1000);
  });

  it('names each file by a lower-case ASCII slug', () => {
    for (const name of corpusFiles()) expect(name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*\.json$/);
  });

  it.each(municipalities.map((municipality) => [municipality.slug, municipality] as const))('%s: follows the format', (_slug, { data, raw }) => {
    expect(Object.keys(data).sort()).toEqual(['municipality', 'sources', 'state', 'statements']);
    expect(data.municipality).toEqual(expect.any(String));
    expect(STATES.has(data.state)).toBe(true);
    expect(raw.endsWith('\n') || raw.endsWith('}')).toBe(true);
    const ids = new Set<string>();
    for (const source of data.sources) {
      expect(source).toMatchObject({ id: expect.any(String), url: expect.stringMatching(/^https?:\/\/\S+$/), title: expect.any(String) });
      expect(KINDS.has(source.kind), `${source.id}: kind ${source.kind}`).toBe(true);
      if (source.year !== undefined && source.year !== null) expect(source.year).toBeGreaterThan(1990);
      expect(ids.has(source.id), `source id ${source.id} twice`).toBe(false);
      ids.add(source.id);
    }
    expect(data.statements.length).toBeGreaterThan(0);
    for (const statement of data.statements) {
      const where = `${data.municipality}: ${statement.text}`;
      expect(Object.keys(statement).filter((key) => key !== 'language').sort(), where).toEqual(['fields', 'source', 'sourceField', 'text']);
      // A statement a city published in another language says which; German ones leave it out.
      if ('language' in statement) expect(LANGUAGES.filter((language) => language !== 'de'), where).toContain(statement.language);
      expect(statement.text.length, where).toBeGreaterThanOrEqual(8);
      expect(statement.text.length, where).toBeLessThanOrEqual(220);
      expect(ids.has(statement.source), `${where}: source ${statement.source}`).toBe(true);
      expect(statement.sourceField.trim().length, where).toBeGreaterThan(0);
      expect(statement.fields.length, where).toBeGreaterThanOrEqual(1);
      expect(statement.fields.length, where).toBeLessThanOrEqual(2);
      expect(new Set(statement.fields).size, where).toBe(statement.fields.length);
      for (const field of statement.fields) expect(CORPUS_FIELDS, where).toContain(field);
    }
  });

  it('holds every statement once, within and across files', () => {
    const seen = new Map<string, string>();
    for (const { slug, data } of municipalities) {
      for (const statement of data.statements) {
        const key = normalised(statement.text);
        expect(seen.get(key), `"${statement.text}" in ${slug} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, slug);
      }
    }
  });

  it('takes nothing from the municipalities kept for an independent evaluation', () => {
    for (const { slug, data } of municipalities) {
      for (const [name, pattern] of EXCLUDED) {
        expect(slug.includes(name), `${slug} is excluded`).toBe(false);
        expect(data.municipality, `${slug} is excluded`).not.toMatch(pattern);
        for (const source of data.sources) expect(`${source.url} ${source.title}`, `${slug}: ${source.url}`).not.toMatch(pattern);
      }
    }
  });
});

describe('the translated subset of the corpus', () => {
  const translated = loadTranslated();

  it('says it is a translation made for evaluation, not published by the municipalities', () => {
    const file = JSON.parse(readFileSync(TRANSLATED_PATH, 'utf8')) as { translation?: string };
    expect(file.translation).toMatch(/made for evaluation/);
  });

  it('holds at least 30 statements, each in all seven other languages of the stall', () => {
    expect(translated.length).toBeGreaterThanOrEqual(30);
    expect(TRANSLATED_LANGUAGES).toEqual(LANGUAGES.filter((language) => language !== 'de' && language !== 'de-easy'));
    for (const statement of translated) {
      expect(Object.keys(statement.translations).sort(), statement.id).toEqual([...TRANSLATED_LANGUAGES].sort());
      for (const language of TRANSLATED_LANGUAGES) expect(statement.translations[language].trim().length, `${statement.id} ${language}`).toBeGreaterThan(10);
    }
  });

  it("keeps each statement's corpus id, German source and fields as the corpus has them", () => {
    const bySlug = new Map(municipalities.map((municipality) => [municipality.slug, municipality]));
    const ids = new Set<string>();
    for (const statement of translated) {
      expect(ids.has(statement.id), `${statement.id} twice`).toBe(false);
      ids.add(statement.id);
      const original = bySlug.get(sourceMunicipality(statement))?.data.statements[Number(statement.id.slice(statement.id.lastIndexOf(':') + 1))];
      expect(original, statement.id).toBeDefined();
      expect(original!.text).toBe(statement.source);
      expect(statement.fields).toEqual(original!.fields);
    }
  });
});
