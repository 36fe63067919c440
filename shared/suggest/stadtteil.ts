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

// A process's list of Stadtteile is read once and kept (the server caches it until an admin changes it), so its patterns are too.
const PATTERNS = new WeakMap<readonly StadtteilRef[], Pattern[]>();

function patterns(stadtteile: readonly StadtteilRef[]): Pattern[] {
  let list = PATTERNS.get(stadtteile);
  if (!list) PATTERNS.set(stadtteile, (list = buildPatterns(stadtteile)));
  return list;
}

function buildPatterns(stadtteile: readonly StadtteilRef[]): Pattern[] {
  const list: Pattern[] = [];
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
  return list.sort((a, b) => b.parts.length - a.parts.length || b.parts.join('').length - a.parts.join('').length);
}

/**
 * The Stadtteil the text names, or null. When several are named, the one named most often wins,
 * then the one named first ("In Gronau fehlt ein Jugendtreff, in Bensberg gibt es einen").
 */
export function detectStadtteil(text: string, stadtteile: readonly StadtteilRef[]): string | null {
  const list = patterns(stadtteile);
  if (!list.length) return null;
  const tokens = words(text);
  const lowercaseText = !/\p{Lu}/u.test(text);
  const counts = new Map<string, { count: number; first: number }>();
  for (let index = 0; index < tokens.length; ) {
    const found = list.find((pattern) => matchesAt(pattern, tokens, index, text, lowercaseText));
    if (!found) {
      index += 1;
      continue;
    }
    const seen = counts.get(found.key);
    counts.set(found.key, { count: (seen?.count ?? 0) + 1, first: seen?.first ?? index });
    index += found.parts.length;
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
