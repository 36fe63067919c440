// Personal-data guard for residents' free text: masks e-mail addresses, phone numbers, IBANs,
// street addresses with a house number, and names a sentence marks as names (a form of address,
// a self-introduction) before working groups or exports see a text.
// Pure string code without dependencies, so tablets mask offline exactly as the server does.
//
// It errs towards masking where a pattern is unambiguous (an IBAN, "+49 …", "…straße 12") and
// towards leaving text alone where numbers are everyday content: years ("seit 2015"), ages,
// prices, dates, times, counts ("3 Kinder") and postcodes on their own are never touched.
//
// Linear time: the text is normalised once (Arabic-Indic and Persian digits, full-width forms,
// dashes and spaces, invisible characters) and cut into tokens in one pass; every finder then
// walks forward or backward from an anchor for a bounded number of characters or tokens, so
// the work grows with the length of the text and never with the way it is written. No
// regular expression runs over the whole text.

import { MASK_TOKENS, type MaskKind } from './mask-tokens.ts';

/** A masked stretch, as UTF-16 offsets into the text that was passed in (not the masked result). */
export interface MaskedSpan {
  kind: MaskKind;
  start: number;
  end: number;
}

/** Which finder wins where candidates overlap: an IBAN's digit groups would otherwise pass for a phone number, an e-mail's domain may contain a street word. */
const RANK: Readonly<Record<MaskKind, number>> = { email: 0, iban: 1, phone: 2, address: 3, name: 4 };

export function maskPersonalData(text: string): { text: string; masked: MaskedSpan[] } {
  const view = normalise(text);
  const candidates: MaskedSpan[] = [];
  const found = (kind: MaskKind, start: number, end: number) => {
    if (end > start) candidates.push({ kind, start, end });
  };
  findEmails(view, found);
  findIbans(view, found);
  findPhones(view, found);
  findAddresses(view, found);
  findNames(view, found);
  // Rank first, then the longer span ("An der Gohrsmühle 7" over "Gohrsmühle 7").
  candidates.sort((a, b) => RANK[a.kind] - RANK[b.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = scratch.taken.fill(0, 0, view.text.length);
  const spans: MaskedSpan[] = [];
  for (const span of candidates) {
    let free = true;
    for (let i = span.start; i < span.end && free; i += 1) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, span.start, span.end);
    spans.push({ kind: span.kind, start: view.origin[span.start]!, end: view.origin[span.end - 1]! + 1 });
  }
  spans.sort((a, b) => a.start - b.start);
  // A rare long text (an import, say) does not keep its arrays for good.
  if (scratch.capacity > KEPT_CAPACITY) reserve(0, true);
  return { text: replaceSpans(text, spans, (span) => MASK_TOKENS[span.kind]), masked: spans };
}

/**
 * Masks names a moderator marked by hand. Ranges are offsets into `text`; overlapping or
 * touching ranges become one mask, ranges outside the text are clipped.
 */
export function maskNames(text: string, ranges: ReadonlyArray<{ start: number; end: number }>): string {
  const clipped = ranges
    .map(({ start, end }) => ({ start: Math.max(0, Math.min(start, end)), end: Math.min(text.length, Math.max(start, end)) }))
    .filter((range) => range.end > range.start)
    .sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const range of clipped) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return replaceSpans(text, merged, () => MASK_TOKENS.name);
}

function replaceSpans<S extends { start: number; end: number }>(text: string, spans: readonly S[], token: (span: S) => string): string {
  const parts: string[] = [];
  let position = 0;
  for (const span of spans) {
    parts.push(text.slice(position, span.start), token(span));
    position = span.end;
  }
  parts.push(text.slice(position));
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Normalising and tokens

const enum Cls {
  Other = 0,
  Letter = 1,
  Digit = 2,
  Space = 3,
}

interface View {
  /** The normalised text: one code unit per kept code unit of the original. */
  text: string;
  /** The same, lower-cased code unit by code unit. */
  lower: string;
  /** Offset in the original of each code unit of `text`. */
  origin: Int32Array;
  cls: Uint8Array;
  tokens: Tokens;
}

/** Tokens as parallel arrays: a word (letters and marks), a number (ASCII digits), a run of white space, or one other character. */
interface Tokens {
  count: number;
  start: Int32Array;
  end: Int32Array;
  cls: Uint8Array;
}

const LETTER = /[\p{L}\p{M}]/u;
const SPACE = /\s/u;
/** Characters people put into words to get past filters; they carry no meaning for the finders. */
const INVISIBLE = new Set([0x00ad, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff]);

function normaliseUnit(code: number): number {
  if (code >= 0x0660 && code <= 0x0669) return code - 0x0660 + 0x30; // Arabic-Indic digits
  if (code >= 0x06f0 && code <= 0x06f9) return code - 0x06f0 + 0x30; // Persian digits
  if (code >= 0xff01 && code <= 0xff5e) return code - 0xfee0; // full-width forms: ＠ ． ０–９ Ａ–ｚ
  if (code === 0xfe6b) return 0x40; // small commercial at
  if (code === 0x3002 || code === 0xff61 || code === 0x2024 || code === 0xfe52) return 0x2e; // ideographic and small full stops
  if (code === 0x00a0 || code === 0x3000 || code === 0x202f || code === 0x205f || (code >= 0x2000 && code <= 0x200a)) return 0x20;
  if ((code >= 0x2010 && code <= 0x2015) || code === 0x2212 || code === 0xfe63) return 0x2d; // dashes and minus
  return code;
}

/** Classes of the ASCII code units, looked up instead of tested. */
const ASCII_CLASS = new Uint8Array(128).map((_, code) =>
  code >= 0x30 && code <= 0x39 ? Cls.Digit : (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a ? Cls.Letter : code === 0x20 || (code >= 0x09 && code <= 0x0d) ? Cls.Space : Cls.Other,
);

/**
 * The typed arrays of one masking, kept between calls and grown when a longer text comes: a
 * survey response masks several short texts, and allocating seven arrays (each with a buffer of
 * its own) per text cost more than the scan. Views of them live only while one
 * `maskPersonalData` runs, which never calls itself.
 */
const scratch = { capacity: 0, units: new Uint16Array(0), origin: new Int32Array(0), cls: new Uint8Array(0), start: new Int32Array(0), end: new Int32Array(0), kinds: new Uint8Array(0), taken: new Uint8Array(0) };

/** The most code units whose arrays stay between calls (about 1 MiB of them); a longer text's go after it. */
const KEPT_CAPACITY = 1 << 16;

function reserve(length: number, release = false): typeof scratch {
  if (length > scratch.capacity || release) {
    const capacity = release ? 0 : Math.max(length, 2 * scratch.capacity, 256);
    Object.assign(scratch, {
      capacity,
      units: new Uint16Array(capacity),
      origin: new Int32Array(capacity),
      cls: new Uint8Array(capacity),
      start: new Int32Array(capacity),
      end: new Int32Array(capacity),
      kinds: new Uint8Array(capacity),
      taken: new Uint8Array(capacity),
    });
  }
  return scratch;
}

function normalise(original: string): View {
  const { units, origin } = reserve(original.length);
  let length = 0;
  let changed = false;
  for (let i = 0; i < original.length; i += 1) {
    const code = original.charCodeAt(i);
    if (code < 0x80) {
      origin[length] = i;
      units[length++] = code;
      continue;
    }
    if (INVISIBLE.has(code) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
      changed = true;
      continue;
    }
    const unit = normaliseUnit(code);
    changed ||= unit !== code;
    origin[length] = i;
    units[length++] = unit;
  }
  let text = original;
  if (changed) {
    text = '';
    for (let i = 0; i < length; i += 4096) text += String.fromCharCode(...units.subarray(i, Math.min(length, i + 4096)));
  }
  let lower = text.toLowerCase();
  if (lower.length !== text.length) {
    // A few letters grow when lower-cased ("İ"); keep one unit per unit so offsets stay aligned.
    lower = '';
    for (const char of text) lower += char.toLowerCase().length === char.length ? char.toLowerCase() : char;
  }
  const cls = scratch.cls.subarray(0, length);
  for (let i = 0; i < length; i += 1) {
    const code = units[i]!;
    if (code < 0x80) cls[i] = ASCII_CLASS[code]!;
    else if (LETTER.test(text[i]!)) cls[i] = Cls.Letter;
    else if (SPACE.test(text[i]!)) cls[i] = Cls.Space;
    else cls[i] = Cls.Other;
  }
  return { text, lower, origin: origin.subarray(0, length), cls, tokens: tokenise(cls) };
}

function tokenise(cls: Uint8Array): Tokens {
  const { start, end, kinds } = scratch;
  let count = 0;
  let i = 0;
  while (i < cls.length) {
    const kind = cls[i]!;
    let j = i + 1;
    if (kind !== Cls.Other) while (j < cls.length && cls[j] === kind) j += 1;
    start[count] = i;
    end[count] = j;
    kinds[count] = kind;
    count += 1;
    i = j;
  }
  return { count, start: start.subarray(0, count), end: end.subarray(0, count), cls: kinds.subarray(0, count) };
}

const isAlnum = (v: View, i: number) => v.cls[i] === Cls.Letter || v.cls[i] === Cls.Digit;
const isAsciiLetter = (v: View, i: number) => {
  const code = v.lower.charCodeAt(i);
  return code >= 0x61 && code <= 0x7a;
};
const wordOf = (v: View, k: number) => v.lower.slice(v.tokens.start[k], v.tokens.end[k]);
const isWord = (v: View, k: number) => k >= 0 && k < v.tokens.count && v.tokens.cls[k] === Cls.Letter;
const isNumber = (v: View, k: number) => k >= 0 && k < v.tokens.count && v.tokens.cls[k] === Cls.Digit;
const isSpace = (v: View, k: number) => k >= 0 && k < v.tokens.count && v.tokens.cls[k] === Cls.Space;
const isChar = (v: View, k: number, chars: string) =>
  k >= 0 && k < v.tokens.count && v.tokens.cls[k] === Cls.Other && chars.includes(v.text[v.tokens.start[k]!]!);
const isCapitalised = (v: View, k: number) => {
  const first = v.text[v.tokens.start[k]!]!;
  return first !== first.toLowerCase();
};
/** The token after k, stepping over one run of spaces (not over a line break when `sameLine`). */
const skipSpace = (v: View, k: number) => (isSpace(v, k) ? k + 1 : k);
const skipSpaceBack = (v: View, k: number) => (isSpace(v, k) ? k - 1 : k);
const tokenLength = (v: View, k: number) => v.tokens.end[k]! - v.tokens.start[k]!;

type Found = (kind: MaskKind, start: number, end: number) => void;

// ---------------------------------------------------------------------------------------------
// E-mail: "max@web.de", and the ways people write it to get past filters: "max (at) web (dot) de",
// "max[at]web.de", "max {at} web {punkt} de", "max at web dot de", "max ＠ web ． de",
// "max @ web . de", "m a x @ w e b . d e", and the nine languages' words for "at" and "dot".

/** Words said for "@": English/German "at", "ät", Turkish "et", Polish "małpa", Italian "chiocciola", Russian/Ukrainian "собака"/"равлик", Arabic "آت". */
const AT_WORDS = new Set(['at', 'ät', 'et', 'klammeraffe', 'atzeichen', 'małpa', 'malpa', 'małpka', 'chiocciola', 'собака', 'собачка', 'равлик', 'аt', 'эт', 'ет', 'آت', 'ات', 'أت']);
/** Words said for ".": "dot", "punkt", "punto", "nokta", "kropka", "точка", "крапка", "نقطة". */
const DOT_WORDS = new Set(['dot', 'punkt', 'punto', 'nokta', 'kropka', 'точка', 'крапка', 'نقطة', 'نقطه', 'dott']);
/** Top-level domains accepted after a spelled-out or spaced dot, where a sentence could otherwise pass for an address. */
const KNOWN_TLDS = new Set(
  (
    'de at ch li lu nl be fr it es pt uk ie dk se no fi pl cz sk hu ro bg hr si rs ba me mk al gr cy tr ua by ru kz ge am az ' +
    'md lt lv ee eu com net org info biz edu gov io co me tv app email online mail ir iq sy lb jo eg ma tn dz sa ae qa kw ' +
    'us ca au in рф укр бел'
  ).split(' '),
);
/** Words around a bare "at" that belong to a sentence, not to an address. */
const SENTENCE_WORDS = new Set(
  (
    'look looking looked me us you him her them it this that these those the a an i we they was is are be been am arrive arrived meet ' +
    'meeting stay home work school night noon least all first last once ich wir bin sind er sie es du'
  ).split(' '),
);
const skipBlank = (v: View, i: number) => (v.text[i] === ' ' ? i + 1 : i);
const OPENERS = '([{<';
const CLOSERS = ')]}>';
const LOCAL_SYMBOLS = '._%+-\'';

interface Anchor {
  /** Code-unit offsets of the "@" or its spelled-out form, brackets and spaces excluded. */
  start: number;
  end: number;
  /** A bare word ("at", "собака") needs a spelled-out or real dot and a known top-level domain. */
  weak: boolean;
}

function findEmails(v: View, found: Found): void {
  const { tokens } = v;
  for (let k = 0; k < tokens.count; k += 1) {
    let anchor: Anchor | null = null;
    if (isChar(v, k, '@')) {
      anchor = bracketed(v, k) ?? { start: tokens.start[k]!, end: tokens.end[k]!, weak: false };
    } else if (isWord(v, k) && AT_WORDS.has(wordOf(v, k))) {
      anchor = bracketed(v, k) ?? (isSpace(v, k - 1) && isSpace(v, k + 1) ? { start: tokens.start[k]!, end: tokens.end[k]!, weak: true } : null);
    }
    if (!anchor) continue;
    const localStart = readLocalPart(v, anchor);
    if (localStart < 0) continue;
    // "look at this.it", "arrive at home.de": a bare "at" after or before a word of the sentence.
    if (anchor.weak && (SENTENCE_WORDS.has(v.lower.slice(localStart, anchor.start).trim()) || SENTENCE_WORDS.has(readWordAt(v, skipBlank(v, anchor.end))?.text ?? ''))) continue;
    const domainEnd = readDomain(v, anchor);
    if (domainEnd < 0) continue;
    found('email', localStart, domainEnd);
  }
}

/** "(at)", "[ at ]", "{@}", "<at>": the anchor with its brackets, counted as a strong anchor. */
function bracketed(v: View, k: number): Anchor | null {
  const before = skipSpaceBack(v, k - 1);
  const after = skipSpace(v, k + 1);
  if (!isChar(v, before, OPENERS) || !isChar(v, after, CLOSERS)) return null;
  return { start: v.tokens.start[before]!, end: v.tokens.end[after]!, weak: false };
}

/** Walks left from the anchor over the local part ("max.mustermann", or spaced out "m a x"); its start, or -1. */
function readLocalPart(v: View, anchor: Anchor): number {
  let i = anchor.start;
  let spaces = 0;
  while (i > 0 && v.text[i - 1] === ' ' && spaces < 2) {
    i -= 1;
    spaces += 1;
  }
  if (anchor.weak && spaces === 0) return -1;
  const end = i;
  const limit = Math.max(0, end - 64);
  while (i > limit && (isAlnum(v, i - 1) || LOCAL_SYMBOLS.includes(v.text[i - 1]!))) i -= 1;
  // Spaced out: "m a x @ …" — single characters separated by single spaces.
  if (end - i === 1) {
    while (i >= 2 && i > limit && v.text[i - 1] === ' ' && isAlnum(v, i - 2) && (i === 2 || !isAlnum(v, i - 3))) i -= 2;
  }
  while (i < end && LOCAL_SYMBOLS.includes(v.text[i]!)) i += 1;
  if (i === end || !isAlnum(v, end - 1)) return -1;
  // A local part with spelled-out or spaced dots: "max punkt mustermann at …", "max (dot) mustermann", "max . mustermann".
  for (let parts = 0; parts < 3; parts += 1) {
    const before = dotBefore(v, i);
    if (before < 0) break;
    let j = before;
    const partEnd = j;
    while (j > 0 && partEnd - j < 64 && (isAlnum(v, j - 1) || LOCAL_SYMBOLS.includes(v.text[j - 1]!))) j -= 1;
    if (j === partEnd || !isAlnum(v, j)) break;
    i = j;
  }
  return i;
}

/** A dot written before offset i in a local part (" punkt ", " (dot) ", " . "); where the part before it ends, or -1. */
function dotBefore(v: View, i: number): number {
  if (v.text[i - 1] !== ' ') return -1;
  let j = i - 1;
  if (v.text[j - 1] === '.' && v.text[j - 2] === ' ') return isAlnum(v, j - 3) ? j - 2 : -1;
  if (CLOSERS.includes(v.text[j - 1] ?? '_')) {
    let q = j - 2;
    if (v.text[q] === ' ') q -= 1;
    let w = q;
    while (w >= 0 && v.cls[w] === Cls.Letter && q - w < 12) w -= 1;
    if (!DOT_WORDS.has(v.lower.slice(w + 1, q + 1)) && v.text[q] !== '.') return -1;
    if (v.text[q] === '.') w = q - 1;
    if (v.text[w] === ' ') w -= 1;
    if (!OPENERS.includes(v.text[w] ?? '_')) return -1;
    j = w;
    if (v.text[j - 1] === ' ') j -= 1;
    return isAlnum(v, j - 1) ? j : -1;
  }
  let w = j - 1;
  while (w >= 0 && v.cls[w] === Cls.Letter && j - w < 12) w -= 1;
  if (v.text[w] !== ' ' || !DOT_WORDS.has(v.lower.slice(w + 1, j))) return -1;
  return isAlnum(v, w - 1) ? w : -1;
}

/** Walks right from the anchor over labels and dots; the end of the last label that is a top-level domain, or -1. */
function readDomain(v: View, anchor: Anchor): number {
  let i = anchor.end;
  let spaces = 0;
  while (v.text[i] === ' ' && spaces < 2) {
    i += 1;
    spaces += 1;
  }
  if (anchor.weak && spaces === 0) return -1;
  let loose = anchor.weak || spaces > 0 || v.text[anchor.start - 1] === ' ';
  let labels = 0;
  let best = -1;
  let firstLabelEnd = -1;
  let firstLabelHasLetter = false;
  for (let guard = 0; guard < 8; guard += 1) {
    const label = readLabel(v, i);
    if (!label) break;
    labels += 1;
    if (labels === 1) {
      firstLabelEnd = label.end;
      firstLabelHasLetter = /[^0-9-]/.test(label.text);
    } else if (isTld(v, label, loose)) best = label.end;
    i = label.end;
    const dot = readDot(v, i);
    if (!dot) break;
    loose ||= dot.loose;
    i = dot.end;
  }
  if (best >= 0) return best;
  // "max@web" written without a domain ending, tight on both sides, is an address all the same.
  if (!loose && labels === 1 && firstLabelHasLetter) return firstLabelEnd;
  return -1;
}

function isTld(v: View, label: { start: number; end: number; text: string }, loose: boolean): boolean {
  if (loose) return KNOWN_TLDS.has(label.text);
  if (label.end - label.start < 2 || label.end - label.start > 24) return false;
  for (let i = label.start; i < label.end; i += 1) if (v.cls[i] !== Cls.Letter) return false;
  return true;
}

/** A domain label ("web", "t-online"), or spaced out ("w e b"); its compact text in lower case. */
function readLabel(v: View, i: number): { start: number; end: number; text: string } | null {
  if (!isAlnum(v, i)) return null;
  let j = i;
  while (j < v.text.length && j - i < 63 && (isAlnum(v, j) || (v.text[j] === '-' && isAlnum(v, j + 1)))) j += 1;
  let text = v.lower.slice(i, j);
  if (j - i === 1) {
    while (j - i < 63 && v.text[j] === ' ' && isAlnum(v, j + 1) && !isAlnum(v, j + 2)) {
      text += v.lower[j + 1];
      j += 2;
    }
  }
  return { start: i, end: j, text };
}

/** A dot between labels: ".", " . ", "(dot)", "[punkt]", " dot ", " точка "; `loose` when spaced or spelled out. */
function readDot(v: View, i: number): { end: number; loose: boolean } | null {
  let j = i;
  while (v.text[j] === ' ' && j - i < 2) j += 1;
  const spacedBefore = j > i;
  let loose = spacedBefore;
  let end = -1;
  if (v.text[j] === '.') {
    // "… at school. De facto": a full stop, a space and a capital end a sentence.
    if (v.text[j + 1] === ' ' && v.cls[j + 2] === Cls.Letter && v.text[j + 2] !== v.lower[j + 2]) return null;
    end = j + 1;
  } else if (OPENERS.includes(v.text[j] ?? '_')) {
    let q = j + 1;
    if (v.text[q] === ' ') q += 1;
    const word = readWordAt(v, q);
    if (v.text[q] === '.') q += 1;
    else if (word && DOT_WORDS.has(word.text)) q = word.end;
    else return null;
    if (v.text[q] === ' ') q += 1;
    if (!CLOSERS.includes(v.text[q] ?? '_')) return null;
    end = q + 1;
    loose = true;
  } else if (spacedBefore) {
    const word = readWordAt(v, j);
    if (!word || !DOT_WORDS.has(word.text) || v.text[word.end] !== ' ') return null;
    end = word.end;
    loose = true;
  } else return null;
  let after = end;
  while (v.text[after] === ' ' && after - end < 2) after += 1;
  if (after > end) loose = true;
  if (!isAlnum(v, after)) return null;
  return { end: after, loose };
}

function readWordAt(v: View, i: number): { end: number; text: string } | null {
  if (v.cls[i] !== Cls.Letter || (i > 0 && v.cls[i - 1] === Cls.Letter)) return null;
  let j = i;
  while (j < v.text.length && j - i < 16 && v.cls[j] === Cls.Letter) j += 1;
  return { end: j, text: v.lower.slice(i, j) };
}

// ---------------------------------------------------------------------------------------------
// IBAN: grouped with spaces, dots, dashes or slashes, in either case: "DE89 3704 0044 0532 0130 00",
// "de89.3704.0044.0532.0130.00", "DE 89-3704-0044-0532-0130-00".

/** IBAN lengths of the countries residents and their families bank in (SEPA, Türkiye, Ukraine, Middle East). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  DE: 22, AT: 20, CH: 21, LI: 21, NL: 18, BE: 16, LU: 20, FR: 27, MC: 27, IT: 27, SM: 27, ES: 24, PT: 25, GB: 22,
  IE: 22, DK: 18, SE: 24, NO: 15, FI: 18, IS: 26, PL: 28, CZ: 24, SK: 24, HU: 28, RO: 24, BG: 22, HR: 21, SI: 19,
  LT: 20, LV: 21, EE: 20, GR: 27, CY: 28, MT: 31, RS: 22, BA: 20, ME: 22, MK: 19, AL: 28, XK: 20, MD: 24, UA: 29,
  BY: 28, GE: 22, AZ: 28, TR: 26, KZ: 20, SA: 24, AE: 23, QA: 29, KW: 30, BH: 22, JO: 30, LB: 28, IL: 23, PS: 29,
  EG: 29, IQ: 23, TN: 24, LY: 25,
};
const IBAN_SEPARATORS = ' .-/_';

function findIbans(v: View, found: Found): void {
  const { tokens } = v;
  for (let k = 0; k < tokens.count; k += 1) {
    if (!isWord(v, k)) continue;
    const s = tokens.start[k]!;
    // A country code is two letters: a word of its own ("DE 89 …") or the start of one glued to digits ("DE89…").
    if (!isAsciiLetter(v, s) || !isAsciiLetter(v, s + 1) || tokens.end[k]! !== s + 2) continue;
    const country = v.text.slice(s, s + 2).toUpperCase();
    const upper = v.text.slice(s, s + 2) === country;
    const expected = IBAN_LENGTHS[country];
    const end = expected !== undefined ? walkIban(v, s, expected, true) : -1;
    if (end > 0) {
      found('iban', s, end);
      continue;
    }
    // Mistyped by a digit or from a country not in the table: still an account number, masked whole.
    if (expected !== undefined || upper) {
      const loose = walkIban(v, s, 0, false);
      if (loose > 0) found('iban', s, loose);
    }
  }
}

/**
 * Walks an IBAN from its country code: letters and digits count, up to three separators may
 * stand between them. With `expected` it stops at that length and letters may appear in the
 * account part; without, only digits follow and 15–34 characters are accepted. The end, or -1.
 */
function walkIban(v: View, start: number, expected: number, lettersInside: boolean): number {
  let count = 2;
  let digits = 0;
  let end = start + 2;
  let j = start + 2;
  let separators = 0;
  const limit = expected || 34;
  while (count < limit && j < v.text.length && j - start < 120) {
    const char = v.text[j]!;
    if (v.cls[j] === Cls.Digit) {
      count += 1;
      digits += 1;
      separators = 0;
      end = j + 1;
    } else if (count >= 4 && lettersInside && isAsciiLetter(v, j)) {
      count += 1;
      separators = 0;
      end = j + 1;
    } else if (IBAN_SEPARATORS.includes(char) && separators < 3) {
      separators += 1;
    } else break;
    if (count <= 4 && v.cls[j] !== Cls.Digit && !IBAN_SEPARATORS.includes(char)) return -1;
    j += 1;
  }
  if (isAlnum(v, end)) return -1;
  if (digits < 10 || !/^\d\d$/.test(v.text.slice(start + 2, end).replace(/[ .\-/_]/g, '').slice(0, 2))) return -1;
  if (expected ? count !== expected : count < 15) return -1;
  return end;
}

// ---------------------------------------------------------------------------------------------
// Phone numbers: a run that starts like a phone number (+, 00, a bracket or a 0 trunk prefix)
// and goes on in digits with spaces, slashes, dots, hyphens and brackets; local numbers after a
// word that announces them; numbers spelled out in German or English words.

/** Words that announce a phone number, in the nine languages. */
const PHONE_WORDS = new Set([
  'tel', 'telefon', 'telefonnummer', 'handy', 'handynummer', 'mobil', 'mobilnummer', 'rufnummer', 'fax', 'whatsapp', 'phone', 'mobile',
  'cell', 'telephone', 'nummer', 'number', 'numara', 'numaram', 'numarası', 'numarasi', 'telefonum', 'cep', 'телефон', 'тел', 'номер',
  'мобильный', 'мобільний', 'моб', 'numer', 'telefonu', 'komórka', 'komorka', 'kom', 'cellulare', 'cel', 'telefono', 'numero', 'هاتف',
  'الهاتف', 'هاتفي', 'رقم', 'رقمي', 'جوال', 'جوالي', 'موبايل', 'واتساب', 'вайбер', 'viber', 'signal', 'telegram',
]);
/** Words between the announcing word and the number ("Meine Nummer ist …", "Telefon: …"). */
const PHONE_FILLERS = new Set(['ist', 'lautet', 'is', 'nr', 'no', 'nummer', 'number', 'numaram', 'numarası', 'номер', 'мой', 'мій', 'numer', 'app', 'è', 'è:', 'unter', 'mein', 'meine', 'my', 'to', 'هو', 'mi', 'mój', 'moj', 'benim', 'şu', 'su']);
const DIGIT_WORDS: Readonly<Record<string, number>> = {
  null: 0, eins: 1, zwei: 2, zwo: 2, drei: 3, vier: 4, fünf: 5, fuenf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9,
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
};
const DATE_LIKE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?!\d)/;
/** No area code is two digits before a dot: "08.00" is a clock time. */
const TIME_LIKE = /^\d{1,2}\.\d{2}(?!\d)/;

function findPhones(v: View, found: Found): void {
  const { text } = v;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char !== '+' && char !== '(' && char !== '0') continue;
    if (i > 0 && (isAlnum(v, i - 1) || text[i - 1] === '+')) continue;
    // Not the tail of something else: "DE89-3704-0044", "12.05.2026", "1/0176".
    if (i > 1 && '-./,:'.includes(text[i - 1]!) && isAlnum(v, i - 2)) continue;
    if (char === '+' && !(v.cls[i + 1] === Cls.Digit || (text[i + 1] === ' ' && v.cls[i + 2] === Cls.Digit))) continue;
    if (char === '(' && !(text[i + 1] === '+' || text[i + 1] === '0')) continue;
    const run = phoneRun(v, i);
    if (!run) continue;
    const digits = run.digits;
    if (digits < 7 || digits > 15) continue;
    if (char === '0' && text[i + 1] !== '0' && digits < 8) continue;
    found('phone', i, run.end);
    // No second number starts inside this one: each character is walked a bounded number of times.
    i = run.end - 1;
  }
  const { tokens } = v;
  for (let k = 0; k < tokens.count; k += 1) {
    if (!isWord(v, k)) continue;
    const word = wordOf(v, k);
    if (PHONE_WORDS.has(word)) announced(v, k, found);
    if (word in DIGIT_WORDS || word === 'plus') spelledOut(v, k, found);
  }
}

/** The phone number from i: its end after trimming what the run picked up, and its digit count (a "(0)" not counted); null past 15 digits. */
function phoneRun(v: View, i: number): { end: number; digits: number } | null {
  const { text } = v;
  let j = i;
  let spaces = 0;
  let digits = 0;
  while (j < text.length && j - i < 48) {
    const char = text[j]!;
    if (v.cls[j] === Cls.Digit) {
      spaces = 0;
      digits += 1;
      // "(0)" in "+49 (0) 2202 …" is not dialled; everything else past 15 digits is not a phone number.
      if (digits > 16) return null;
    } else if (char === '+' && j === i) spaces = 0;
    else if (char === ' ') {
      spaces += 1;
      if (spaces > 2) break;
    } else if (char === '.' || char === '-' || char === '/') {
      // A separator only between parts of the number: "0176. Danke" ends it.
      const next = text[j + 1] === ' ' ? j + 2 : j + 1;
      if (v.cls[next] !== Cls.Digit && text[next] !== '(') break;
      spaces = 0;
    } else if (char === '(' || char === ')') spaces = 0;
    else break;
    j += 1;
  }
  // Trim separators and an opening bracket the run picked up at its end.
  while (j > i && v.cls[j - 1] !== Cls.Digit && text[j - 1] !== ')') j -= 1;
  // A trailing count: "… 12345678 3 Kinder" (a single digit after a group of three or more).
  if (j - i > 4 && v.cls[j - 1] === Cls.Digit && text[j - 2] === ' ') {
    let g = j - 2;
    while (g > i && text[g - 1] === ' ') g -= 1;
    let groupDigits = 0;
    while (g > i && v.cls[g - 1] === Cls.Digit) {
      g -= 1;
      groupDigits += 1;
    }
    if (groupDigits >= 3) {
      j -= 1;
      while (j > i && text[j - 1] === ' ') j -= 1;
    }
  }
  // Unbalanced brackets: a closing one without its opening ends the number before it, an opening one without its closing too.
  let depth = 0;
  for (let q = i; q < j; q += 1) {
    if (text[q] === '(') depth += 1;
    else if (text[q] === ')' && (depth -= 1) < 0) {
      j = q;
      break;
    }
  }
  if (depth > 0) {
    const lastOpen = text.lastIndexOf('(', j - 1);
    if (lastOpen > i && !text.slice(lastOpen, j).includes(')')) j = lastOpen;
  }
  while (j > i && v.cls[j - 1] !== Cls.Digit && text[j - 1] !== ')') j -= 1;
  if (j <= i) return null;
  const run = text.slice(i, j);
  // Dates and clock times ("(09.05.2026", "08.00-16.00") and counting "0 1 2 3 4 5 6 7 8 9".
  const bare = text[i] === '(' || text[i] === '+' ? run.slice(1) : run;
  if (DATE_LIKE.test(bare) || TIME_LIKE.test(bare)) return null;
  let counted = 0;
  for (let q = i; q < j; q += 1) if (v.cls[q] === Cls.Digit) counted += 1;
  if (run.includes('(0)')) counted -= 1;
  if ('0123456789'.startsWith(run.replace(/\D/g, ''))) return null;
  return { end: j, digits: counted };
}

/** "Tel. 2345678", "Handy: 123 4567", "Meine Nummer ist 0176 …", "رقمي ٠١٧٦…". */
function announced(v: View, k: number, found: Found): void {
  let q = k + 1;
  for (let steps = 0; steps < 8 && q < v.tokens.count; steps += 1) {
    if (isSpace(v, q) || isChar(v, q, '.:-/=–')) q += 1;
    else if (isWord(v, q) && PHONE_FILLERS.has(wordOf(v, q))) q += 1;
    else break;
  }
  if (q >= v.tokens.count) return;
  const start = v.tokens.start[q]!;
  if (!(isNumber(v, q) || (isChar(v, q, '+(') && v.cls[start + 1] === Cls.Digit))) return;
  const run = phoneRun(v, start);
  if (!run || run.digits < 5 || run.digits > 15) return;
  found('phone', start, run.end);
}

/** "null eins sieben sechs, eins zwei drei …": at least seven digits said in words, starting with "null"/"zero"/"plus". */
function spelledOut(v: View, k: number, found: Found): void {
  const first = wordOf(v, k);
  if (first !== 'null' && first !== 'zero' && first !== 'plus') return;
  // Only where a run starts, so a long run is walked once.
  const before = skipSpaceBack(v, k - 1);
  if (isWord(v, before) && wordOf(v, before) in DIGIT_WORDS) return;
  let digits = 0;
  let words = 0;
  let end = v.tokens.end[k]!;
  let q = k;
  for (let steps = 0; steps < 60 && q < v.tokens.count; steps += 1) {
    if (isWord(v, q)) {
      const word = wordOf(v, q);
      if (word in DIGIT_WORDS) {
        digits += 1;
        words += 1;
      } else if (!(word === 'plus' && q === k)) break;
      end = v.tokens.end[q]!;
    } else if (isNumber(v, q)) {
      digits += tokenLength(v, q);
      end = v.tokens.end[q]!;
    } else if (!(isSpace(v, q) || isChar(v, q, ',-/'))) break;
    if (digits > 15) return;
    q += 1;
  }
  if (digits >= 7 && words >= 3) found('phone', v.tokens.start[k]!, end);
}

// ---------------------------------------------------------------------------------------------
// Addresses with a house number: German street words in any case ("Hauptstraße 12",
// "hauptstrasse 12", "Gladbacher Str. 12-14", "Am Markt 3", Leichte Sprache "Haupt-Straße 12"),
// and the other languages' conventions: "ul. Długa 5", "via Roma 12", "улица Ленина, д. 5",
// "вул. Шевченка 10", "Atatürk Caddesi No: 12", "Gül Sokak 5", "12 Baker Street", "شارع … 12".

const STRONG_STREET = ['straße', 'strasse', 'gasse', 'allee', 'chaussee', 'damm', 'ufer', 'pfad', 'stieg', 'steig', 'wall', 'graben'];
const WEAK_STREET = [
  'weg', 'platz', 'ring', 'markt', 'hof', 'kamp', 'feld', 'berg', 'höhe', 'hoehe', 'garten', 'grund', 'winkel', 'busch', 'bach', 'wiese',
  'mühle', 'muehle', 'heide', 'siefen', 'driesch',
];
/** Street words that stand alone after a name in lower case too ("gladbacher straße 12"). */
const STANDALONE_ANY_CASE = new Set(['straße', 'strasse', 'str', 'allee', 'gasse', 'street', 'road', 'avenue', 'lane']);
const STANDALONE_WEAK = new Set(['weg', 'platz', 'ring', 'markt']);
const PLACE_NOUNS = [...STRONG_STREET, ...WEAK_STREET, 'eiche', 'linde', 'brücke', 'kreuz', 'acker', 'hecke', 'tor', 'turm', 'aue', 'teich', 'weiher', 'kirche', 'kapelle', 'hang', 'kuhle', 'pütz', 'broich', 'rath'];
/** Words before a street name that belong to the sentence, not the address ("Die", "Ich wohne"). */
const NON_NAMES = new Set([
  'der', 'die', 'das', 'den', 'dem', 'des', 'ich', 'wir', 'meine', 'unsere', 'adresse', 'anschrift', 'in', 'auf', 'an', 'bei', 'von', 'nach',
  'aus', 'zur', 'zum', 'oder', 'aber', 'über', 'hier', 'wer', 'unser', 'euer', 'jeder', 'immer', 'wieder', 'neuer', 'the', 'and', 'or',
  'wohne', 'wohnen', 'lebe', 'leben', 'eine', 'einer', 'ein', 'jede', 'diese', 'dieser', 'keine', 'mehr',
]);
const PREPOSITIONS = new Map<string, string[] | null>([
  ['am', null], ['im', null], ['zum', null], ['zur', null],
  ['an', ['der', 'den']], ['auf', ['der', 'dem']], ['in', ['der', 'den']], ['hinter', ['der', 'dem']], ['unter', ['den']], ['vor', ['dem', 'der']],
]);
/** Nouns that follow "am/im/in der" or "via" with a number in everyday sentences. */
const NOT_PLACES = new Set(
  (
    'klasse jahr jahre alter stufe gruppe kurs raum zimmer woche monat sommer winter herbst frühling wochenende moment schnitt ' +
    'durchschnitt schuljahr kapitel seite linie bus gleis runde level niveau modul teil ende anfang stunde etage stock lebensjahr ' +
    'zeitraum januar februar märz april mai juni juli august september oktober november dezember montag dienstag mittwoch ' +
    'donnerstag freitag samstag sonntag semester quartal kindergarten team verein haus block saal tram bahn zug linea autobus ' +
    'line bus route platform gate'
  ).split(' '),
);
/** Words after a number that make it a quantity, a price or a time rather than a house number (prefixes: "jahr" covers "Jahre"). */
const QUANTITY_PREFIXES = [
  'euro', 'eur', 'prozent', 'jahr', 'monat', 'woche', 'tag', 'stunde', 'std', 'minute', 'min', 'uhr', 'mal', 'km', 'kilometer', 'meter',
  'qm', 'kind', 'leute', 'person', 'mensch', 'plätze', 'familie', 'schüler', 'stück', 'year', 'month', 'week', 'day', 'hour', 'people',
  'children', 'kids', 'time', 'lira', 'zł', 'zl', 'rub', 'руб', 'грн', 'lei', 'dollar', 'cent', 'sekunde', 'bus', 'linie', 'stockwerk',
  'yıl', 'yil', 'gün', 'saat', 'dakika', 'kişi', 'çocuk', 'defa', 'года', 'году', 'роки', 'років', 'року', 'минут', 'хвилин', 'дней', 'днів',
  'человек', 'людей', 'дет', 'діт', 'евро', 'євро', 'roku', 'minut', 'godzin', 'osób', 'dzieci', 'anni', 'anno', 'minuti', 'giorni', 'volte',
  'persone', 'bambini', 'سن', 'سنة', 'سنوات', 'دقيقة', 'يورو', 'أطفال',
];
const QUANTITY_WORDS = new Set(['m', 'x', 'j', 'h', 'kg', 'l', 'cm', 'ay', 'tl', 'kez', 'raz', 'ore', 'lat', 'rok', 'dni', 'год', 'лет', 'рік', 'раз', 'мин', 'хв', 'дні', 'дня', 'час']);
/** Prefix words of streets in other languages; `short` ones need their dot ("ul."), `vague` ones an address-like ending. */
const STREET_PREFIXES = new Map<string, { short?: boolean; vague?: boolean }>([
  ['ulica', {}], ['ulicy', {}], ['ulicę', {}], ['ul', { short: true }], ['aleja', {}], ['alei', {}], ['al', { short: true, vague: true }],
  ['plac', {}], ['placu', {}], ['pl', { short: true, vague: true }], ['osiedle', {}], ['os', { short: true, vague: true }],
  ['via', { vague: true }], ['viale', {}], ['piazza', {}], ['piazzale', {}], ['corso', { vague: true }], ['vicolo', {}], ['largo', { vague: true }],
  ['strada', {}], ['rue', {}], ['calle', {}],
  ['улица', {}], ['улице', {}], ['улицу', {}], ['ул', { short: true }], ['проспект', {}], ['просп', { short: true }], ['пр', { short: true, vague: true }],
  ['переулок', {}], ['пер', { short: true, vague: true }], ['бульвар', {}], ['шоссе', {}], ['площадь', {}], ['набережная', {}],
  ['вулиця', {}], ['вулиці', {}], ['вулицю', {}], ['вул', { short: true }], ['провулок', {}], ['пров', { short: true }], ['площа', {}],
  ['شارع', {}], ['بشارع', {}], ['الشارع', {}],
]);
/** Words between a foreign street name and its number ("д. 5", "n. 12", "No: 3", "№ 7"). */
const NUMBER_MARKERS = new Set(['nr', 'no', 'n', 'д', 'дом', 'буд', 'будинок', 'numer', 'numero', 'رقم', 'hausnummer', 'haus', 'number']);
const TURKISH_STREET = new Set(['sokak', 'sokağı', 'sokagi', 'sok', 'sk', 'cadde', 'caddesi', 'cad', 'cd', 'bulvar', 'bulvarı', 'bulvari', 'blv', 'yolu', 'sokaği']);
const ENGLISH_STREET = new Set(['street', 'st', 'road', 'rd', 'avenue', 'ave', 'lane', 'ln', 'drive', 'close', 'way', 'place', 'square', 'crescent', 'terrace', 'court', 'boulevard', 'gardens']);
const ADDRESS_END_WORDS = new Set(['in', 'und', 'bei', 'im', 'and', 'w', 'в', 'у', 'a', 'di', 've', 'and', 'und']);

function findAddresses(v: View, found: Found): void {
  const { tokens } = v;
  for (let k = 0; k < tokens.count; k += 1) {
    if (isWord(v, k)) {
      const word = wordOf(v, k);
      germanStreet(v, k, word, found);
      if (PREPOSITIONS.has(word)) prepositional(v, k, word, found);
      const prefix = STREET_PREFIXES.get(word);
      if (prefix) foreignPrefix(v, k, prefix, found);
      if (TURKISH_STREET.has(word)) turkishStreet(v, k, found);
    } else if (isNumber(v, k) && tokenLength(v, k) <= 4) englishStreet(v, k, found);
  }
}

/** Suffix lists keyed by their last two characters, so a word is compared with the few suffixes that can fit. */
type SuffixIndex = Map<string, string[]>;
function suffixIndex(suffixes: readonly string[]): SuffixIndex {
  const index: SuffixIndex = new Map();
  for (const suffix of suffixes) {
    const key = suffix.slice(-2);
    index.set(key, [...(index.get(key) ?? []), suffix]);
  }
  return index;
}
const STRONG_INDEX = suffixIndex(STRONG_STREET);
const WEAK_INDEX = suffixIndex(WEAK_STREET);
const PLACE_INDEX = suffixIndex(PLACE_NOUNS);

function suffixOf(word: string, index: SuffixIndex): string | null {
  if (word.length < 2) return null;
  const candidates = index.get(word.slice(-2));
  if (candidates) for (const suffix of candidates) if (word.endsWith(suffix)) return suffix;
  return null;
}

/** The house number starting at token k ("12", "12a", "4 b", "12-14", "5/3"): its end offset, or -1 when it reads as a quantity, a date or a time. */
function houseNumber(v: View, k: number, maxDigits = 3): { end: number; next: number } | null {
  if (!isNumber(v, k) || tokenLength(v, k) > maxDigits) return null;
  let end = v.tokens.end[k]!;
  let next = k + 1;
  // "12.5", "3,50", "10:30" are not house numbers.
  if (isChar(v, next, '.,:') && isNumber(v, next + 1)) return null;
  if (isQuantity(v, skipSpace(v, next))) return null;
  // A letter: "12a", "4 b" (a single letter standing alone).
  const letter = isWord(v, next) ? next : isSpace(v, next) && v.text[end] === ' ' && tokenLength(v, next) === 1 && isWord(v, next + 1) ? next + 1 : -1;
  if (letter >= 0 && tokenLength(v, letter) === 1 && isAsciiLetter(v, v.tokens.start[letter]!) && !QUANTITY_WORDS.has(wordOf(v, letter))) {
    end = v.tokens.end[letter]!;
    next = letter + 1;
  } else if (isWord(v, next)) return null;
  // A range or a flat: "12-14", "5/3".
  if (isChar(v, next, '-/') && isNumber(v, next + 1) && tokenLength(v, next + 1) <= 3 && !(isChar(v, next + 2, '.-/') && isNumber(v, next + 3))) {
    end = v.tokens.end[next + 1]!;
    next += 2;
    if (isWord(v, next) && tokenLength(v, next) === 1 && isAsciiLetter(v, v.tokens.start[next]!)) {
      end = v.tokens.end[next]!;
      next += 1;
    }
  } else if (isChar(v, next, '-/.') && isNumber(v, next + 1)) return null;
  return { end, next };
}

function isQuantity(v: View, k: number): boolean {
  if (isChar(v, k, '%€$£₺₴₽')) return true;
  if (!isWord(v, k)) return false;
  const word = wordOf(v, k);
  if (QUANTITY_WORDS.has(word)) return true;
  return QUANTITY_PREFIXES.some((prefix) => word.startsWith(prefix));
}

/** Where a weak street word only counts as an address: the number ends the phrase (end of text, punctuation, a postcode, "in"/"und"). */
function addressEnds(v: View, k: number): boolean {
  if (k >= v.tokens.count) return true;
  if (isSpace(v, k)) {
    if (v.text.slice(v.tokens.start[k], v.tokens.end[k]).includes('\n')) return true;
    k += 1;
    if (k >= v.tokens.count) return true;
  }
  if (isChar(v, k, ',;:!?)]')) return true;
  if (isChar(v, k, '.')) return !isNumber(v, k + 1);
  if (isNumber(v, k) && tokenLength(v, k) === 5) return true;
  return isWord(v, k) && ADDRESS_END_WORDS.has(wordOf(v, k));
}

/** After a street word: optional "Nr."/"No:", then the house number. */
function numberAfter(v: View, k: number, maxDigits = 3): { end: number; next: number } | null {
  let q = skipSpace(v, k);
  if (isWord(v, q) && NUMBER_MARKERS.has(wordOf(v, q))) {
    q += 1;
    if (isChar(v, q, '.:°')) q += 1;
    if (isChar(v, q, ':')) q += 1;
    q = skipSpace(v, q);
  } else if (isChar(v, q, '№#')) q = skipSpace(v, q + 1);
  return houseNumber(v, q, maxDigits);
}

function germanStreet(v: View, k: number, word: string, found: Found): void {
  // "…str" is the short form of "…straße", with or without its dot ("bahnhofstr 5").
  const strong = suffixOf(word, STRONG_INDEX) ?? (word.endsWith('str') ? 'str' : null);
  const weak = strong ? null : suffixOf(word, WEAK_INDEX);
  if (!strong && !weak) {
    if (STANDALONE_ANY_CASE.has(word)) standaloneStreet(v, k, word, true, found);
    return;
  }
  const standalone = word.length === (strong ?? weak)!.length;
  const hyphenated = isChar(v, k - 1, '-') && isWord(v, k - 2);
  if (standalone && !hyphenated) {
    if (STANDALONE_ANY_CASE.has(word) || (isCapitalised(v, k) && (strong || STANDALONE_WEAK.has(word)))) standaloneStreet(v, k, word, Boolean(strong), found);
    return;
  }
  // A compound: its start goes back over hyphenated parts ("Konrad-Adenauer-Platz", Leichte Sprache "Haupt-Straße").
  let first = k;
  while (first >= 2 && isChar(v, first - 1, '-') && isWord(v, first - 2) && k - first < 8) first -= 2;
  if (weak && !isCapitalised(v, first)) return;
  const afterWord = isChar(v, k + 1, '.') && word.endsWith('str') ? k + 2 : k + 1;
  const number = numberAfter(v, afterWord);
  if (!number) return;
  if (weak && !addressEnds(v, number.next)) return;
  found('address', v.tokens.start[first]!, number.end);
}

/** "Gladbacher Straße 5", "Neuer Weg 3", "gladbacher str. 12", "Baker Street 5": one or two name words before the street word. */
function standaloneStreet(v: View, k: number, word: string, strong: boolean, found: Found): void {
  let first = -1;
  let q = k - 1;
  for (let names = 0; names < 2; names += 1) {
    if (!isSpace(v, q) || !isWord(v, q - 1)) break;
    const name = wordOf(v, q - 1);
    if (NON_NAMES.has(name)) break;
    const lowerOk = strong && (name.endsWith('er') || name.endsWith('sche') || name.endsWith('ska') || name.endsWith('ski'));
    if (!isCapitalised(v, q - 1) && !lowerOk) break;
    first = q - 1;
    q -= 2;
  }
  if (first < 0) return;
  const afterWord = isChar(v, k + 1, '.') ? k + 2 : k + 1;
  const number = numberAfter(v, afterWord);
  if (!number) return;
  if (!strong && !addressEnds(v, number.next)) return;
  found('address', v.tokens.start[first]!, number.end);
}

/** "Am Markt 3", "An der Gohrsmühle 7", "Im Fronhof 2"; not "in der Klasse 5", "im Jahr 2015". */
function prepositional(v: View, k: number, word: string, found: Found): void {
  let q = k + 1;
  const articles = PREPOSITIONS.get(word);
  if (articles) {
    if (!isSpace(v, q) || !isWord(v, q + 1) || !articles.includes(wordOf(v, q + 1))) return;
    q += 2;
  }
  if (!isSpace(v, q) || !isWord(v, q + 1) || !isCapitalised(v, q + 1)) return;
  const nameToken = q + 1;
  q += 2;
  // A hyphenated name ("Konrad-Adenauer-Platz") or a second name word ("Alten Markt").
  while (isChar(v, q, '-') && isWord(v, q + 1) && q - nameToken < 8) q += 2;
  const name = wordOf(v, nameToken);
  const nameEnd = q;
  let number = isSpace(v, q) ? houseNumber(v, q + 1) : null;
  if (!number && isSpace(v, q) && isWord(v, q + 1) && isCapitalised(v, q + 1) && isSpace(v, q + 2)) number = houseNumber(v, q + 3);
  if (!number) return;
  const place = suffixOf(wordOf(v, nameEnd - 1), PLACE_INDEX) !== null || suffixOf(name, PLACE_INDEX) !== null;
  if (!place && (NOT_PLACES.has(name) || !addressEnds(v, number.next))) return;
  found('address', v.tokens.start[k]!, number.end);
}

/** "ul. Długa 5", "ulica Długa 5/3", "via Roma, 12", "улица Ленина, д. 5", "вул. Шевченка 10", "شارع الملك فهد ١٢". */
function foreignPrefix(v: View, k: number, prefix: { short?: boolean; vague?: boolean }, found: Found): void {
  let q = k + 1;
  if (isChar(v, q, '.')) q += 1;
  else if (prefix.short) return;
  q = skipSpace(v, q);
  let names = 0;
  let lastName = -1;
  while (names < 4 && isWord(v, q) && !NUMBER_MARKERS.has(wordOf(v, q))) {
    if (names === 0 && NOT_PLACES.has(wordOf(v, q))) return;
    names += 1;
    lastName = q;
    q += 1;
    if (isChar(v, q, '-.') && isWord(v, q + 1)) q += 1;
    else if (isChar(v, q, '.')) q += 1;
    if (isSpace(v, q) && (isWord(v, q + 1) || isNumber(v, q + 1) || isChar(v, q + 1, '№#'))) q += 1;
    else if (isChar(v, q, ',')) break;
    else if (!isWord(v, q)) break;
  }
  if (names === 0 || lastName < 0) return;
  if (isChar(v, q, ',')) q += 1;
  const number = numberAfter(v, q, 4);
  if (!number) return;
  if (prefix.vague && !addressEnds(v, number.next)) return;
  found('address', v.tokens.start[k]!, number.end);
}

/** "Atatürk Caddesi No: 12", "Gül Sokak 5", "Cumhuriyet Cad. No:12/3": one or two name words before. */
function turkishStreet(v: View, k: number, found: Found): void {
  let first = -1;
  let q = k - 1;
  for (let names = 0; names < 2; names += 1) {
    if (!isSpace(v, q) || !isWord(v, q - 1)) break;
    const name = wordOf(v, q - 1);
    if (NON_NAMES.has(name) || (names > 0 && !isCapitalised(v, q - 1))) break;
    first = q - 1;
    q -= 2;
  }
  if (first < 0) return;
  const afterWord = isChar(v, k + 1, '.') ? k + 2 : k + 1;
  const number = numberAfter(v, afterWord, 4);
  if (!number) return;
  found('address', v.tokens.start[first]!, number.end);
}

/** "12 Baker Street", "221B Baker Street": a number, one to three capitalised words and a street word. */
function englishStreet(v: View, k: number, found: Found): void {
  if (k > 0 && !isSpace(v, k - 1) && !isChar(v, k - 1, '(,:')) return;
  let q = k + 1;
  if (isWord(v, q) && tokenLength(v, q) === 1) q += 1;
  for (let names = 0; names < 4; names += 1) {
    if (!isSpace(v, q) || !isWord(v, q + 1) || !isCapitalised(v, q + 1)) return;
    q += 1;
    if (names > 0 && ENGLISH_STREET.has(wordOf(v, q))) {
      found('address', v.tokens.start[k]!, v.tokens.end[q]!);
      return;
    }
    q += 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Names where the sentence says it names someone: a form of address before the name ("Frau
// Yilmaz", "Herr Dr. Kowalski", "Familie Nowak", "Mr Smith", "pani Nowak", "la signora Rossi",
// "господин Петров", "пан Коваль", "Bay Yılmaz", "السيد أحمد الخطيب"), a Turkish one after it
// ("Ahmet Bey", "Ayşe Hanım"), or a self-introduction ("ich heiße Anna Schmidt", "my name is …",
// "benim adım …", "меня зовут …", "мене звати …", "nazywam się …", "mi chiamo …", "اسمي …").
// A name without such words ("Kunigunde Zwiebelmeier hat gesagt") is left for moderators to mask
// by hand: a capitalised word alone is every German noun.

/** Forms of address followed by a name, lower case (an abbreviation's "." is stepped over). */
const ADDRESS_WORDS = new Set(
  (
    'frau herr herrn fr hr familie fam mr mrs ms mister madam bay bayan sayın sayin pan pani pana panu panią panem państwo ' +
    'signor signora signore signorina sig dottor dottore dottoressa господин госпожа господина госпоже пан пані пана пану паном ' +
    'السيد السيدة الأستاذ الأستاذة الدكتور الدكتورة السيّد السيّدة'
  ).split(' '),
);
/** Forms of address and titles that are abbreviations: only after these is a "." stepped over ("Fr. Nowak"; "Frau. Danach" ends a sentence). */
const ABBREVIATED = new Set('fr hr fam mr mrs ms sig dr prof dott ing dipl mag'.split(' '));
/** Titles between the form of address and the name ("Herr Dr. Weber"), or before the name alone ("Dr. Weber"). */
const TITLES = new Set('dr prof doktor professor dott dottor dottore dottoressa ing dipl mag'.split(' '));
/** Turkish forms of address after the name. */
const ADDRESS_AFTER = new Set(['bey', 'hanım', 'hanim', 'beyefendi', 'hanımefendi']);
/** Self-introductions, as word sequences in lower case, each followed by a name. */
const INTRODUCTIONS: ReadonlyArray<readonly string[]> = [
  ['ich', 'heiße'],
  ['ich', 'heisse'],
  ['mein', 'name', 'ist'],
  ['my', 'name', 'is'],
  ['benim', 'adım'],
  ['benim', 'ismim'],
  ['меня', 'зовут'],
  ['мене', 'звати'],
  ['мене', 'звуть'],
  ['nazywam', 'się'],
  ['mam', 'na', 'imię'],
  ['mi', 'chiamo'],
  ['il', 'mio', 'nome', 'è'],
  ['اسمي'],
];
/** The first word of each introduction, so most words are passed over at once. */
const INTRODUCTION_STARTS = new Set(INTRODUCTIONS.map((words) => words[0]!));
/** Capitalised words that follow these words without being a name ("ich heiße Sie willkommen"). */
const NOT_A_NAME = new Set(['sie', 'ihnen', 'ihr', 'i', 'you']);
/** Arabic words that end a name after a form of address ("السيد أحمد من غرونو": "from"), Arabic having no capitals to tell. */
const ARABIC_AFTER_NAME = new Set(['من', 'في', 'و', 'عن', 'إلى', 'الى', 'على', 'مع', 'هو', 'هي', 'قال', 'قالت', 'يريد', 'تريد', 'كان', 'كانت', 'الذي', 'التي', 'لا', 'لم', 'ما', 'أن', 'ان']);
/** Words in a name at most, after its form of address. */
const MAX_NAME_WORDS = 3;

const isArabicWord = (v: View, k: number) => {
  const code = v.text.charCodeAt(v.tokens.start[k]!);
  return code >= 0x0600 && code <= 0x06ff;
};

function findNames(v: View, found: Found): void {
  const { tokens } = v;
  for (let k = 0; k < tokens.count; k += 1) {
    if (!isWord(v, k)) continue;
    const word = wordOf(v, k);
    if (ADDRESS_WORDS.has(word) || TITLES.has(word)) {
      // A title alone names someone only when written with its dot ("Dr. Weber", not "Doktor Schiwago" the film).
      if (!ADDRESS_WORDS.has(word) && !isChar(v, k + 1, '.')) continue;
      k = nameAfter(v, k, isArabicWord(v, k), found);
    } else if (ADDRESS_AFTER.has(word)) nameBefore(v, k, found);
    else if (INTRODUCTION_STARTS.has(word)) {
      const last = introductionEnd(v, k);
      if (last >= 0) k = nameAfter(v, last, isArabicWord(v, last), found);
    }
  }
}

/** The last token of a self-introduction starting at k, or -1. */
function introductionEnd(v: View, k: number): number {
  for (const words of INTRODUCTIONS) {
    if (words[0] !== wordOf(v, k)) continue;
    let q = k;
    let fits = true;
    for (let i = 1; i < words.length && fits; i += 1) {
      fits = isSpace(v, q + 1) && isWord(v, q + 2) && wordOf(v, q + 2) === words[i];
      q += 2;
    }
    if (fits) return q;
  }
  return -1;
}

/**
 * Masks the name after the anchor token k (a form of address, a title, an introduction's last
 * word): titles with their dot stepped over, then up to three capitalised words joined by spaces,
 * hyphens or apostrophes ("Müller-Lüdenscheidt", "O'Brien"); after an Arabic anchor up to two Arabic
 * words. Returns the last token looked at, so the walk goes on after the name.
 */
function nameAfter(v: View, k: number, arabic: boolean, found: Found): number {
  let q = k;
  if (isChar(v, q + 1, '.') && ABBREVIATED.has(wordOf(v, q))) q += 1;
  // Titles between: "Herr Dr. Weber" reads "Dr." and goes on.
  for (let titles = 0; titles < 3 && isSpace(v, q + 1) && isWord(v, q + 2) && TITLES.has(wordOf(v, q + 2)); titles += 1) {
    q += 2;
    if (isChar(v, q + 1, '.') && ABBREVIATED.has(wordOf(v, q))) q += 1;
  }
  let first = -1;
  let last = -1;
  for (let names = 0; names < (arabic ? 2 : MAX_NAME_WORDS); names += 1) {
    if (!isSpace(v, q + 1) || !isWord(v, q + 2)) break;
    const at = q + 2;
    // One letter only before an apostrophe ("O'Brien"); an initial alone ("Frau A.") says too little to mask.
    const short = tokenLength(v, at) < 2 && !(isChar(v, at + 1, "'’") && isWord(v, at + 2));
    if (arabic ? !isArabicWord(v, at) || ARABIC_AFTER_NAME.has(wordOf(v, at)) : !isCapitalised(v, at) || short || NOT_A_NAME.has(wordOf(v, at))) break;
    if (first < 0) first = at;
    last = at;
    q = at;
    while (isChar(v, q + 1, "-'’") && isWord(v, q + 2) && (arabic || isCapitalised(v, q + 2))) {
      q += 2;
      last = q;
    }
  }
  if (first >= 0) found('name', v.tokens.start[first]!, v.tokens.end[last]!);
  return Math.max(k, last);
}

/** "Ahmet Bey", "Ayşe Hanım": the capitalised word before the Turkish form of address at k. */
function nameBefore(v: View, k: number, found: Found): void {
  const q = k - 2;
  if (!isSpace(v, k - 1) || !isWord(v, q) || !isCapitalised(v, q) || tokenLength(v, q) < 2) return;
  found('name', v.tokens.start[q]!, v.tokens.end[q]!);
}
