// Normalisation, tokenisation and light stemming for the tag suggester.
// Pure string code: it runs in the browser (tablets, offline) and on the server alike.

import type { Language } from '../languages.ts';

/** The lexicon and model language a text is analysed in: Leichte Sprache is German. */
export type AnalysisLanguage = 'de' | 'en' | 'tr' | 'uk' | 'ar' | 'pl' | 'it' | 'ru';

export function analysisLanguage(language: Language): AnalysisLanguage {
  return language === 'de-easy' ? 'de' : language;
}

/** What folding drops or replaces after NFD, in one pass: marks, and the letters and signs below. */
const FOLDED = /[\p{M}ßıłґ'’ʼ`\u0640\u0629\u0649]/gu;
const FOLDED_AS: Readonly<Record<string, string>> = { ß: 'ss', ı: 'i', ł: 'l', ґ: 'г', '\u0629': '\u0647', '\u0649': '\u064a' };
const NON_ASCII = /[\u0080-\uffff]/;
const ASCII_APOSTROPHES = /['`]/g;
/** Folded words outside ASCII, as they recur from text to text ("für", "Kita-Plätze"); emptied when full. */
const FOLDED_WORDS = new Map<string, string>();
const FOLDED_WORDS_SIZE = 4096;

/**
 * Lowercase and strip diacritics, so that typing without special characters (tablets with
 * another keyboard, phones with autocorrect off) still matches: "Kütüphane" = "kutuphane",
 * "ё" = "е", "ł" = "l". Arabic: vowel signs and tatweel go, alef/hamza/ta marbuta/alef maqsura
 * forms are unified because spelling varies widely between writers. Called for every word the
 * suggester reads: a word in ASCII (most of them) only needs lowercasing, and the others take one
 * pass over their NFD form rather than one per rule, remembered for the next text.
 */
export function foldGeneric(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower.includes("'") || lower.includes('`') ? lower.replace(ASCII_APOSTROPHES, '') : lower;
  let folded = FOLDED_WORDS.get(lower);
  if (folded === undefined) {
    folded = lower.normalize('NFD').replace(FOLDED, (character) => FOLDED_AS[character] ?? '');
    if (FOLDED_WORDS.size >= FOLDED_WORDS_SIZE) FOLDED_WORDS.clear();
    FOLDED_WORDS.set(lower, folded);
  }
  return folded;
}

/**
 * German folding: umlauts and their two-letter spellings meet ("Bärbroich" = "Baerbroich" =
 * "barbroich"), ß = ss. "ue" after a vowel or q is left alone ("neue", "Feuer", "Quelle").
 * The same function folds lexicon stems and text, so words it maps oddly ("aktuell" → "aktull")
 * still compare equal.
 */
export function foldGerman(text: string): string {
  return foldGeneric(text.replace(/(^|[^aeiouq])([aou])e/gi, '$1$2'));
}

export function fold(text: string, language: AnalysisLanguage): string {
  return language === 'de' ? foldGerman(text) : foldGeneric(text);
}

/** One word of the text, with where it stands and what matching sees. */
export interface Token {
  /** As written, for the `because` list. */
  surface: string;
  start: number;
  end: number;
  /** Folded, with joiners removed: "Kita-Platz" → "kitaplatz". */
  word: string;
  /** Offsets in `word` where a written part begins ("Kita-Platz" → [0, 4]); always starts with 0. */
  bounds: number[];
  capitalised: boolean;
}

// Hyphens and the Leichte-Sprache medio-point join parts of one word ("Sprach·kurs").
const JOINERS = '\\-\u2010\u2011\u00b7';
const WORD = `[\\p{L}\\p{M}\\p{N}]+`;
const TOKEN = new RegExp(`${WORD}(?:[${JOINERS}]${WORD})*`, 'gu');
// Ukrainian writes an apostrophe inside words ("сім'я"); elsewhere an apostrophe ends a word
// ("l'asilo", "Gronau'da"), so Italian and Turkish suffixes come apart from the stem.
const APOSTROPHE_WORD = `[\\p{L}\\p{M}\\p{N}]+(?:['’ʼ][\\p{L}\\p{M}]+)*`;
const TOKEN_UK = new RegExp(`${APOSTROPHE_WORD}(?:[${JOINERS}]${APOSTROPHE_WORD})*`, 'gu');
const JOINER_SPLIT = new RegExp(`[${JOINERS}]`, 'u');

export function tokenize(text: string, language: AnalysisLanguage): Token[] {
  const tokens: Token[] = [];
  const pattern = language === 'uk' ? TOKEN_UK : TOKEN;
  for (const match of text.matchAll(pattern)) {
    const surface = match[0];
    const start = match.index;
    const bounds: number[] = [];
    let word = '';
    for (const part of surface.split(JOINER_SPLIT)) {
      const folded = fold(part, language);
      if (!folded) continue;
      bounds.push(word.length);
      word += folded;
    }
    if (!word) continue;
    tokens.push({ surface, start, end: start + surface.length, word, bounds, capitalised: /^\p{Lu}/u.test(surface) });
  }
  return tokens;
}

/**
 * Light German stemmer (folds first) for the learned model's word features: strips plural and case endings
 * so "Sprachkursen" → "sprachkurs", "Ausbildungsplätze" → "ausbildungsplatz", "Kitas" → "kita",
 * "Lehrerinnen" → "lehr". Over-stemming is harmless as long as text and model use the same
 * function; two passes catch stacked endings ("Kindern" → "kind", "Schülerinnen" → "schul").
 */
export function stemGerman(word: string): string {
  let stem = foldGerman(word);
  for (let pass = 0; pass < 2; pass += 1) {
    const next = stripGermanEnding(stem);
    if (next === stem) break;
    stem = next;
  }
  return stem;
}

const GERMAN_ENDINGS: ReadonlyArray<readonly [string, string]> = [
  ['innen', ''],
  ['ungen', 'ung'],
  ['heiten', 'heit'],
  ['keiten', 'keit'],
  ['erin', 'er'],
  ['ern', ''],
  ['em', ''],
  ['en', ''],
  ['er', ''],
  ['es', ''],
  ['e', ''],
];

function stripGermanEnding(word: string): string {
  for (const [ending, replacement] of GERMAN_ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length + replacement.length >= 3) {
      return word.slice(0, word.length - ending.length) + replacement;
    }
  }
  // A final s is a plural or genitive after a vowel ("Kitas", "Omas") or a consonant other than
  // s, r, i or u ("Jobs", "Vereins"); "Kurs", "Haus", "Preis" keep theirs.
  if (word.length >= 5 && word.endsWith('s') && !/(?:ss|rs|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** English: plural, -ing and -ed, enough for "schools"/"school", "volunteering"/"volunteer". */
function stemEnglish(word: string): string {
  if (word.length > 5 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/** Italian: drop the final vowel that carries gender and number ("scuola"/"scuole" → "scuol"). */
function stemItalian(word: string): string {
  return word.length > 4 ? word.replace(/[aeiou]+$/, '') : word;
}

const ARABIC_PREFIXES = ['وبال', 'وال', 'بال', 'فال', 'كال', 'ولل', 'لل', 'ال', 'و', 'ف', 'ب', 'ل', 'ك'];
const ARABIC_SUFFIXES = ['هما', 'كم', 'هم', 'ها', 'نا', 'ات', 'ون', 'ين', 'ان', 'يه', 'ه', 'ي'];

/**
 * Arabic writes article, conjunctions and prepositions onto the word ("والمدرسة", "بالعربية").
 * Every plausible reading is tried by the matcher; the remainder must keep two letters.
 */
export function arabicForms(word: string): string[] {
  const forms = [word];
  for (const prefix of ARABIC_PREFIXES) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 2) forms.push(word.slice(prefix.length));
  }
  return forms;
}

function stemArabic(word: string): string {
  // Prefixes are tried longest first, so the first reading that keeps three letters strips the most.
  let stem = arabicForms(word).slice(1).find((form) => form.length >= 3) ?? word;
  for (const suffix of ARABIC_SUFFIXES) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= 3) {
      stem = stem.slice(0, -suffix.length);
      break;
    }
  }
  return stem;
}

/**
 * The model's word feature. Turkish and the Slavic languages inflect by suffix, so the first
 * six letters stand in for a stemmer ("çalışıyorum"/"çalışmak" → "calisi"/"calism" stay apart,
 * "курсів"/"курси" meet): crude, but it needs no dictionary, and the lexicon's stems already
 * unify the inflections of the words that matter most.
 */
export function wordFeature(word: string, language: AnalysisLanguage): string {
  switch (language) {
    case 'de':
      return stemGerman(word);
    case 'en':
      return stemEnglish(word);
    case 'it':
      return stemItalian(word);
    case 'ar':
      return stemArabic(word);
    default:
      return word.length > 6 ? word.slice(0, 6) : word;
  }
}
