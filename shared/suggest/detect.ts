// Which of the platform's languages a text is written in, for when nobody said so (a stall note
// with no conversation language, an old contribution without one): the suggester then reads it
// with the right word lists. Shared by the server and the tablet, offline too.

import { francAll } from 'franc-min';
import type { Language } from '../languages.ts';

/** franc's ISO 639-3 codes of the languages the suggester has word lists for. */
const LATIN: Readonly<Record<string, Language>> = { deu: 'de', eng: 'en', tur: 'tr', pol: 'pl', ita: 'it' };
const CYRILLIC: Readonly<Record<string, Language>> = { rus: 'ru', ukr: 'uk' };

const ARABIC_LETTER = /\p{Script=Arabic}/gu;
const CYRILLIC_LETTER = /\p{Script=Cyrillic}/gu;
const LATIN_LETTER = /\p{Script=Latin}/gu;
/** Letters only one of the two Cyrillic languages has: they decide before any statistics. */
const UKRAINIAN_ONLY = /[іїєґ]/iu;
const RUSSIAN_ONLY = /[ыэъё]/iu;

/**
 * German is the usual case at the stall: another Latin-script language has to beat it
 * clearly (its distance at most this share of German's lead) before the text counts as not German.
 */
const GERMAN_MARGIN = 0.9;
/** Below this many letters a Latin-script text is too short to tell German from its neighbours. */
const MIN_LATIN_LETTERS = 12;

const count = (text: string, letters: RegExp) => text.match(letters)?.length ?? 0;

/**
 * The language of `text`, or null when it cannot be told (too short, no letters): callers
 * then use German, the city's language. Arabic script is Arabic; Cyrillic is Russian or
 * Ukrainian by the letters only one of them has, else by franc's trigrams; a Latin-script
 * text is German unless franc finds English, Turkish, Polish or Italian clearly more likely.
 */
export function detectLanguage(text: string): Language | null {
  const arabic = count(text, ARABIC_LETTER);
  const cyrillic = count(text, CYRILLIC_LETTER);
  const latin = count(text, LATIN_LETTER);
  if (arabic === 0 && cyrillic === 0 && latin === 0) return null;
  if (arabic >= cyrillic && arabic >= latin) return 'ar';
  if (cyrillic >= latin) {
    const ukrainian = UKRAINIAN_ONLY.test(text);
    if (ukrainian !== RUSSIAN_ONLY.test(text)) return ukrainian ? 'uk' : 'ru';
    const [best] = francAll(text, { only: Object.keys(CYRILLIC), minLength: 1 });
    const found = best && best[0] !== 'und' ? CYRILLIC[best[0]] : undefined;
    return found ?? 'ru';
  }
  if (latin < MIN_LATIN_LETTERS) return null;
  const ranked = francAll(text, { only: Object.keys(LATIN), minLength: 1 });
  const best = ranked[0];
  if (!best || best[0] === 'und') return null;
  if (best[0] === 'deu') return 'de';
  const german = ranked.find(([code]) => code === 'deu')?.[1] ?? 0;
  return german <= GERMAN_MARGIN ? (LATIN[best[0]] ?? null) : 'de';
}
