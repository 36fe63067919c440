// Which Stadtteil a text is about, from the names (and name variants) the process knows.

import { foldGerman } from './text.ts';

export interface StadtteilRef {
  key: string;
  name: string;
  nameVariants?: readonly string[] | null;
}

/**
 * Stadtteil names that are also everyday words ("Hand", "Sand", the walnut tree "Nussbaum").
 * They count only where nothing but a place can stand: right after a place preposition without
 * an article ("in Hand", "aus Sand"; "in der Hand" is a hand), after "Stadtteil"/"Ortsteil", after
 * "Gladbach-"/"GL-", or with a Turkish case suffix ("Hand'da"). "Hand in Hand" stays a hand.
 */
const COMMON_WORD_NAMES = new Set(['hand', 'sand', 'nussbaum']);

/** Prepositions that put a bare place name after them, in the languages residents write. */
const PLACE_PREPOSITIONS = new Set(['in', 'aus', 'nach', 'bis', 'from', 'near', 'w', 'z', 'ze', 'do', 'a', 'da', 'di', 'в', 'у', 'із', 'из', 'з', 'до', 'في', 'من']);
const STADTTEIL_NOUNS = new Set(['stadtteil', 'ortsteil', 'stadtteils', 'ortsteils', 'veedel', 'stadtteilen']);
const CITY_PREFIXES = new Set(['gladbach', 'gl']);

/** Adjective and inhabitant forms: "Refrather", "Bärbroicher Kinder", "Gronauerin", genitive "Gronaus". */
const NAME_SUFFIXES = ['er', 'ern', 'erin', 'erinnen', 'ers', 's', 'r', 'rn', 'rin', 'rinnen'];

interface Word {
  folded: string;
  start: number;
  end: number;
  capitalised: boolean;
}

interface Pattern {
  key: string;
  parts: string[];
  common: boolean;
  /** Its place in the order of `buildPatterns`: where several match at one word, the lowest wins. */
  rank: number;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

function words(text: string): Word[] {
  return [...text.matchAll(WORD)].map((match) => ({
    folded: foldGerman(match[0]),
    start: match.index,
    end: match.index + match[0].length,
    capitalised: /^\p{Lu}/u.test(match[0]),
  }));
}

/**
 * A process's patterns by their first word, so each word of a text looks up the few patterns
 * that can start there instead of trying every name (a city with 80 Stadtteile and their variants
 * has a few hundred patterns; a text a few dozen words). Each list is in rank order.
 */
type PatternIndex = Map<string, Pattern[]>;

// A process's list of Stadtteile is read once and kept (the server caches it until an admin changes it), so its patterns are too.
const PATTERNS = new WeakMap<readonly StadtteilRef[], PatternIndex>();

function patterns(stadtteile: readonly StadtteilRef[]): PatternIndex {
  let index = PATTERNS.get(stadtteile);
  if (!index) PATTERNS.set(stadtteile, (index = indexPatterns(buildPatterns(stadtteile))));
  return index;
}

function buildPatterns(stadtteile: readonly StadtteilRef[]): Pattern[] {
  const list: Omit<Pattern, 'rank'>[] = [];
  for (const stadtteil of stadtteile) {
    for (const name of [stadtteil.name, ...(stadtteil.nameVariants ?? [])]) {
      const parts = words(name).map((word) => word.folded);
      if (!parts.length) continue;
      list.push({ key: stadtteil.key, parts, common: parts.length === 1 && COMMON_WORD_NAMES.has(parts[0]!) });
      // "Alt-Refrath" is also written as one word.
      if (parts.length > 1) list.push({ key: stadtteil.key, parts: [parts.join('')], common: false });
    }
  }
  // Most specific first: "Alt-Refrath" claims its words before "Refrath" can.
  return list
    .sort((a, b) => b.parts.length - a.parts.length || b.parts.join('').length - a.parts.join('').length)
    .map((pattern, rank) => ({ ...pattern, rank }));
}

function indexPatterns(list: Pattern[]): PatternIndex {
  const byFirst: PatternIndex = new Map();
  for (const pattern of list) {
    const first = pattern.parts[0]!;
    const same = byFirst.get(first);
    if (same) same.push(pattern);
    else byFirst.set(first, [pattern]);
  }
  return byFirst;
}

/**
 * The most specific pattern that matches from word `at` on, or null. A pattern can start at a word only
 * under that word itself or, for a one-word name, under the word less one of `NAME_SUFFIXES`
 * ("Refrather" under "refrath"): those are the only keys looked up.
 */
function patternAt(index: PatternIndex, tokens: Word[], at: number, text: string, lowercaseText: boolean): Pattern | null {
  const word = tokens[at]!.folded;
  let best = firstMatch(index.get(word), null, tokens, at, text, lowercaseText);
  for (const suffix of NAME_SUFFIXES) {
    if (word.length > suffix.length && word.endsWith(suffix)) best = firstMatch(index.get(word.slice(0, -suffix.length)), best, tokens, at, text, lowercaseText);
  }
  return best;
}

/** The first of `candidates` (they are in rank order) that matches at `at` and ranks before `best`, else `best`. */
function firstMatch(candidates: Pattern[] | undefined, best: Pattern | null, tokens: Word[], at: number, text: string, lowercaseText: boolean): Pattern | null {
  if (!candidates) return best;
  for (const pattern of candidates) {
    // Each list is in rank order: nothing after a pattern that ranks after `best` can win.
    if (best && pattern.rank >= best.rank) break;
    if (matchesAt(pattern, tokens, at, text, lowercaseText)) return pattern;
  }
  return best;
}

/**
 * The Stadtteil the text names, or null. When several are named, the one named most often wins,
 * then the one named first ("In Gronau fehlt ein Jugendtreff, in Bensberg gibt es einen").
 */
export function detectStadtteil(text: string, stadtteile: readonly StadtteilRef[]): string | null {
  const index = patterns(stadtteile);
  if (index.size === 0) return null;
  const tokens = words(text);
  const lowercaseText = !/\p{Lu}/u.test(text);
  const counts = new Map<string, { count: number; first: number }>();
  for (let at = 0; at < tokens.length; ) {
    const found = patternAt(index, tokens, at, text, lowercaseText);
    if (!found) {
      at += 1;
      continue;
    }
    const seen = counts.get(found.key);
    counts.set(found.key, { count: (seen?.count ?? 0) + 1, first: seen?.first ?? at });
    at += found.parts.length;
  }
  let best: { key: string; count: number; first: number } | null = null;
  for (const [key, { count, first }] of counts) {
    if (!best || count > best.count || (count === best.count && first < best.first)) best = { key, count, first };
  }
  return best?.key ?? null;
}

function matchesAt(pattern: Pattern, tokens: Word[], index: number, text: string, lowercaseText: boolean): boolean {
  const { parts } = pattern;
  if (index + parts.length > tokens.length) return false;
  for (let k = 0; k < parts.length; k += 1) {
    const word = tokens[index + k]!.folded;
    const part = parts[k]!;
    const last = k === parts.length - 1;
    if (word === part) continue;
    if (!last || pattern.common || !word.startsWith(part)) return false;
    if (!NAME_SUFFIXES.includes(word.slice(part.length))) return false;
  }
  // Longer names were tried first, so "Alt Refrath" never reaches "Refrath"; only names that are
  // also everyday words need a place context.
  return pattern.common ? placeContext(tokens, index, text, lowercaseText) : true;
}

function placeContext(tokens: Word[], index: number, text: string, lowercaseText: boolean): boolean {
  const token = tokens[index]!;
  if (!token.capitalised && !lowercaseText) return false;
  // Turkish case suffix after an apostrophe: "Hand'da", "Sand'dan".
  if (/^['’]\p{L}/u.test(text.slice(token.end, token.end + 2))) return true;
  const previous = tokens[index - 1];
  if (!previous) return false;
  const between = text.slice(previous.end, token.start);
  if (CITY_PREFIXES.has(previous.folded) && /^\s*-\s*$/.test(between)) return true;
  if (STADTTEIL_NOUNS.has(previous.folded)) return true;
  if (!PLACE_PREPOSITIONS.has(previous.folded) || !/^\s+$/.test(between)) return false;
  // "Hand in Hand": the word before the preposition is the same noun.
  const beforePreposition = tokens[index - 2];
  return !(beforePreposition && beforePreposition.folded === token.folded);
}
