// The evaluation corpus of the tag suggester (tests/fixtures/suggest/corpus/, described in the
// README under "The tag suggester"): short statements quoted from published integration concepts, council papers and
// participation reports of German municipalities, each with the field its source put it under
// and our field keys. Read in file-name order, so everything built from it is reproducible.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../../shared/languages.ts';

export const CORPUS_DIR = fileURLToPath(new URL('../../tests/fixtures/suggest/corpus/', import.meta.url));

export const CORPUS_FIELDS = ['arbeit', 'bildung-schulisch', 'bildung-ausserschulisch', 'teilhabe', 'freizeit'] as const;

export interface CorpusSource {
  id: string;
  url: string;
  title: string;
  year?: number | null;
  kind: 'concept' | 'council-paper' | 'participation-report' | 'web-page';
}

export interface CorpusStatement {
  text: string;
  source: string;
  sourceField: string;
  fields: string[];
  /** Set where a city published the statement in another language (an English page); German otherwise. */
  language?: Language;
}

export interface CorpusFile {
  municipality: string;
  state: string;
  sources: CorpusSource[];
  statements: CorpusStatement[];
}

export interface Municipality {
  /** File name without `.json`. */
  slug: string;
  file: string;
  /** The file's bytes as read (for the model's `trainedFrom` hash). */
  raw: string;
  data: CorpusFile;
}

export function corpusFiles(dir: string = CORPUS_DIR): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
}

export function loadCorpus(dir: string = CORPUS_DIR): Municipality[] {
  return corpusFiles(dir).map((name) => {
    const file = join(dir, name);
    const raw = readFileSync(file, 'utf8');
    return { slug: name.slice(0, -'.json'.length), file, raw, data: JSON.parse(raw) as CorpusFile };
  });
}

/** The statements of a municipality in one language (German: those without a language). */
export function statementsIn(municipality: Municipality, language: Language = 'de'): CorpusStatement[] {
  return municipality.data.statements.filter((statement) => (statement.language ?? 'de') === language);
}

/** Languages the translated subset covers: the stall's languages besides German and Leichte Sprache. */
export const TRANSLATED_LANGUAGES = ['en', 'tr', 'uk', 'ar', 'pl', 'it', 'ru'] as const satisfies readonly Language[];

/**
 * A corpus statement translated for evaluation (tests/fixtures/suggest/translated.json): the
 * project's own translation, not published by the municipality; `id` is "<corpus file>:<index>".
 */
export interface TranslatedStatement {
  id: string;
  source: string;
  fields: string[];
  translations: Record<(typeof TRANSLATED_LANGUAGES)[number], string>;
}

export const TRANSLATED_PATH = fileURLToPath(new URL('../../tests/fixtures/suggest/translated.json', import.meta.url));

export function loadTranslated(path: string = TRANSLATED_PATH): TranslatedStatement[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { statements: TranslatedStatement[] }).statements;
}

/** The municipality's file name of a translated statement's id. */
export const sourceMunicipality = (statement: TranslatedStatement) => statement.id.slice(0, statement.id.lastIndexOf(':'));
