// Seed lexicons: compact per-language stem lists, compiled once into a lookup by first letters,
// and the matcher that finds their stems in tokenised text (including inside German compounds).

import { arabicForms, fold, type AnalysisLanguage, type Token } from './text.ts';

/**
 * A language's seed lexicon as written by hand. Each field holds space-separated entries:
 *
 * - `stem`    matches at the start of a word or of a hyphenated part; in German also inside a
 *             compound when it has at least 4 letters ("Sprachkursangebot", "Stadtbücherei").
 * - `^stem`   only at the start of a word or part ("tanz" must not fire inside "Distanz").
 * - `$stem`   only where a word or part ends, give or take an inflection ending ("Stadtfest",
 *             "Sozialamt"), so "festgestellt" and "amtlich" stay out.
 * - `=stem`   the whole word or part, give or take an inflection ending.
 * - `!`       (before the above) a German noun: counts only when written with a capital,
 *             unless the whole text is lowercase ("Klasse" the class, not "klasse" = great).
 * - `a+b`     a phrase: consecutive words, each matched at its start ("deutsch+lernen").
 * - `:N`      weight N/10 (default 1): weak cues such as "Verein" that point two ways.
 *
 * `ignore` holds entries that claim their letters for nothing, so that a shorter stem inside
 * them does not fire ("Beispiel" hides "spiel", "Transport" hides "sport").
 */
export interface LexiconSource {
  fields: Readonly<Partial<Record<string, string>>>;
  ignore?: string;
  /** Endings `=` and `$` entries may carry ("Kurs" → "Kurse", "Kursen"). */
  endings: readonly string[];
}

export interface Cue {
  field: string;
  weight: number;
}

type Mode = 'any' | 'start' | 'end' | 'exact';

export interface Entry {
  /** Feature id in the learned model: the same stem always has the same id. */
  id: string;
  stem: string;
  mode: Mode;
  noun: boolean;
  /** Empty for `ignore` entries. */
  cues: Cue[];
}

export interface Phrase {
  id: string;
  words: string[];
  cues: Cue[];
}

export interface CompiledLexicon {
  language: AnalysisLanguage;
  /** Entries by their first two letters, longest first, so the first that fits is the longest. */
  heads: Map<string, Entry[]>;
  phrases: Map<string, Phrase[]>;
  endings: ReadonlySet<string>;
}

/** Shortest stem that may match inside a German compound: shorter ones hit too much by chance. */
const MIN_INFIX = 4;

export function compileLexicon(language: AnalysisLanguage, source: LexiconSource): CompiledLexicon {
  const lexicon: CompiledLexicon = {
    language,
    heads: new Map(),
    phrases: new Map(),
    endings: new Set(source.endings.map((ending) => fold(ending, language))),
  };
  for (const [field, list] of Object.entries(source.fields)) {
    for (const raw of splitEntries(list)) addEntry(lexicon, raw, { field, weight: 1 });
  }
  for (const raw of splitEntries(source.ignore)) addEntry(lexicon, raw, null);
  sortLexicon(lexicon);
  return lexicon;
}

/** A copy of `base` with more entries (field labels of a process), leaving `base` untouched. */
export function extendLexicon(base: CompiledLexicon, extra: ReadonlyArray<{ entry: string; field: string; weight: number }>): CompiledLexicon {
  if (!extra.length) return base;
  const lexicon: CompiledLexicon = {
    language: base.language,
    heads: new Map([...base.heads].map(([head, entries]) => [head, entries.map((entry) => ({ ...entry, cues: [...entry.cues] }))])),
    phrases: new Map([...base.phrases].map(([head, phrases]) => [head, phrases.map((phrase) => ({ ...phrase, cues: [...phrase.cues] }))])),
    endings: base.endings,
  };
  for (const { entry, field, weight } of extra) addEntry(lexicon, entry, { field, weight });
  sortLexicon(lexicon);
  return lexicon;
}

/**
 * `base` as far as it serves a process: only the cues for fields `keep` accepts (an entry or
 * phrase left without cues goes), and without the `ignore` entries that begin with one of the
 * process's own stems (`freed`): they hid a seed stem ("parken" is no park), but the process named
 * that word itself ("Radwege, Busse, Parken"). `base` itself when nothing changes.
 */
export function restrictLexicon(base: CompiledLexicon, keep: (field: string) => boolean, freed: readonly string[] = []): CompiledLexicon {
  const stays = (item: Entry | Phrase) => {
    if (item.cues.length) return item.cues.some((cue) => keep(cue.field));
    return !('stem' in item) || !freed.some((stem) => item.stem.startsWith(stem));
  };
  const lists: ReadonlyArray<ReadonlyArray<Entry | Phrase>> = [...base.heads.values(), ...base.phrases.values()];
  if (lists.every((list) => list.every((item) => stays(item) && item.cues.every((cue) => keep(cue.field))))) return base;
  const restrict = <T extends Entry | Phrase>(byHead: Map<string, T[]>) => {
    const result = new Map<string, T[]>();
    for (const [head, items] of byHead) {
      const left = items.filter(stays).map((item) => (item.cues.every((cue) => keep(cue.field)) ? item : { ...item, cues: item.cues.filter((cue) => keep(cue.field)) }));
      if (left.length) result.set(head, left);
    }
    return result;
  };
  return { language: base.language, heads: restrict(base.heads), phrases: restrict(base.phrases), endings: base.endings };
}

function splitEntries(list: string | undefined): string[] {
  return list ? list.split(/\s+/).filter(Boolean) : [];
}

const ENTRY = /^(!?)([=^$]?)(.+?)(?::(\d))?$/u;

function addEntry(lexicon: CompiledLexicon, raw: string, cue: Cue | null): void {
  const parsed = ENTRY.exec(raw);
  if (!parsed) return;
  const [, nounFlag = '', modeFlag = '', body = '', weightDigit] = parsed;
  const weight = cue ? cue.weight * (weightDigit ? Number(weightDigit) / 10 : 1) : 0;
  const cues = cue ? [{ field: cue.field, weight }] : [];
  if (body.includes('+')) {
    const words = body.split('+').map((word) => fold(word, lexicon.language)).filter(Boolean);
    const first = words[0];
    if (!first || words.length < 2) return;
    const id = `~${words.join('+')}`;
    const list = lexicon.phrases.get(first.slice(0, 2)) ?? [];
    const existing = list.find((phrase) => phrase.id === id);
    if (existing) mergeCues(existing.cues, cues);
    else list.push({ id, words, cues });
    lexicon.phrases.set(first.slice(0, 2), list);
    return;
  }
  const stem = fold(body, lexicon.language);
  if (stem.length < 2) return;
  const mode: Mode = modeFlag === '=' ? 'exact' : modeFlag === '^' ? 'start' : modeFlag === '$' ? 'end' : 'any';
  const noun = nounFlag === '!';
  const head = stem.slice(0, 2);
  const list = lexicon.heads.get(head) ?? [];
  const existing = list.find((entry) => entry.stem === stem && entry.mode === mode && entry.noun === noun);
  if (existing) mergeCues(existing.cues, cues);
  else list.push({ id: `~${stem}`, stem, mode, noun, cues });
  lexicon.heads.set(head, list);
}

function mergeCues(into: Cue[], more: Cue[]): void {
  for (const cue of more) {
    const same = into.find((existing) => existing.field === cue.field);
    if (same) same.weight = Math.max(same.weight, cue.weight);
    else into.push({ ...cue });
  }
}

function sortLexicon(lexicon: CompiledLexicon): void {
  for (const list of lexicon.heads.values()) list.sort((a, b) => b.stem.length - a.stem.length);
  for (const list of lexicon.phrases.values()) list.sort((a, b) => b.words.length - a.words.length);
}

/** One place where a lexicon entry or phrase matched. */
export interface Hit {
  id: string;
  cues: readonly Cue[];
  surface: string;
  /** Index of the (first) token, for ordering the `because` words as they stand in the text. */
  order: number;
}

interface Form {
  word: string;
  bounds: number[];
}

function formsOf(token: Token, language: AnalysisLanguage): Form[] {
  if (language !== 'ar') return [{ word: token.word, bounds: token.bounds }];
  return arabicForms(token.word).map((word) => ({ word, bounds: [0] }));
}

/**
 * Finds lexicon entries in the tokens: phrases first (they claim their tokens), then each
 * remaining word left to right, taking the longest entry that fits at each position, so
 * "Volkshochschule" is adult education before "schul" can claim it for school.
 */
export function matchLexicon(text: string, tokens: readonly Token[], lexicon: CompiledLexicon): Hit[] {
  const hits: Hit[] = [];
  const claimed = new Array<boolean>(tokens.length).fill(false);
  const lowercaseText = !/\p{Lu}/u.test(text);

  if (lexicon.phrases.size) {
    for (let index = 0; index < tokens.length; index += 1) {
      const phrase = phraseAt(tokens, claimed, index, lexicon);
      if (!phrase) continue;
      const last = tokens[index + phrase.words.length - 1]!;
      for (let k = 0; k < phrase.words.length; k += 1) claimed[index + k] = true;
      if (phrase.cues.length) hits.push({ id: phrase.id, cues: phrase.cues, surface: text.slice(tokens[index]!.start, last.end), order: index });
    }
  }

  tokens.forEach((token, index) => {
    if (claimed[index]) return;
    let best: Array<{ entry: Entry }> = [];
    let bestLength = 0;
    for (const form of formsOf(token, lexicon.language)) {
      const found = scanWord(form, token, lexicon, lowercaseText);
      const length = found.reduce((sum, match) => sum + match.entry.stem.length, 0);
      if (length > bestLength) {
        best = found;
        bestLength = length;
      }
    }
    for (const { entry } of best) {
      if (entry.cues.length) hits.push({ id: entry.id, cues: entry.cues, surface: token.surface, order: index });
    }
  });
  return hits;
}

function phraseAt(tokens: readonly Token[], claimed: boolean[], index: number, lexicon: CompiledLexicon): Phrase | null {
  const first = tokens[index]!;
  for (const form of formsOf(first, lexicon.language)) {
    for (const phrase of lexicon.phrases.get(form.word.slice(0, 2)) ?? []) {
      if (index + phrase.words.length > tokens.length) continue;
      const fits = phrase.words.every((word, k) => {
        const token = tokens[index + k]!;
        return !claimed[index + k] && formsOf(token, lexicon.language).some((candidate) => candidate.word.startsWith(word));
      });
      if (fits) return phrase;
    }
  }
  return null;
}

function scanWord(form: Form, token: Token, lexicon: CompiledLexicon, lowercaseText: boolean): Array<{ entry: Entry }> {
  const { word, bounds } = form;
  const infix = lexicon.language === 'de';
  const found: Array<{ entry: Entry }> = [];
  let position = 0;
  while (position < word.length) {
    const atBound = bounds.includes(position);
    if (!atBound && !infix) {
      position = bounds.find((bound) => bound > position) ?? word.length;
      continue;
    }
    const entry = entryAtMerged(word, bounds, position, atBound, token, lexicon, lowercaseText);
    if (entry) {
      found.push({ entry });
      position += entry.stem.length;
    } else {
      position += 1;
    }
  }
  return found;
}

function entryAt(
  word: string,
  bounds: number[],
  position: number,
  atBound: boolean,
  token: Token,
  lexicon: CompiledLexicon,
  lowercaseText: boolean,
): Entry | null {
  const candidates = lexicon.heads.get(word.slice(position, position + 2));
  if (!candidates) return null;
  for (const entry of candidates) {
    if (fits(entry, word, bounds, position, atBound, token, lexicon, lowercaseText)) return entry;
  }
  return null;
}

function fits(
  entry: Entry,
  word: string,
  bounds: number[],
  position: number,
  atBound: boolean,
  token: Token,
  lexicon: CompiledLexicon,
  lowercaseText: boolean,
): boolean {
  if (!word.startsWith(entry.stem, position)) return false;
  const end = position + entry.stem.length;
  const partEnd = bounds.find((bound) => bound >= end && bound > position) ?? word.length;
  const rest = word.slice(end, partEnd);
  const endsPart = rest === '' || lexicon.endings.has(rest);
  if (entry.mode === 'exact' && !(atBound && endsPart)) return false;
  if (entry.mode === 'start' && !atBound) return false;
  if (entry.mode === 'end' && !endsPart) return false;
  if (entry.mode === 'any' && !atBound && entry.stem.length < MIN_INFIX) return false;
  // A German noun written in lowercase is another word ("klasse" = great, "parken" = to park).
  if (entry.noun && lexicon.language === 'de' && position === 0 && !token.capitalised && !lowercaseText) return false;
  return true;
}

/** Like `entryAt`, but the same stem listed under several fields (with other flags) counts for all of them. */
function entryAtMerged(
  word: string,
  bounds: number[],
  position: number,
  atBound: boolean,
  token: Token,
  lexicon: CompiledLexicon,
  lowercaseText: boolean,
): Entry | null {
  const first = entryAt(word, bounds, position, atBound, token, lexicon, lowercaseText);
  if (!first) return null;
  const siblings = (lexicon.heads.get(first.stem.slice(0, 2)) ?? []).filter((entry) => entry !== first && entry.stem === first.stem);
  if (!siblings.length) return first;
  const cues = first.cues.map((cue) => ({ ...cue }));
  for (const sibling of siblings) {
    if (fits(sibling, word, bounds, position, atBound, token, lexicon, lowercaseText)) mergeCues(cues, sibling.cues);
  }
  return { ...first, cues };
}
