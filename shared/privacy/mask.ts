// Personal-data guard for residents' free text: masks e-mail addresses, phone numbers, IBANs
// and street addresses with a house number before working groups or exports see a text.
// Pure string code, so tablets mask offline exactly as the server does.
//
// It errs towards masking where a pattern is unambiguous (an IBAN, "+49 …", "…straße 12") and
// towards leaving text alone where numbers are everyday content: years ("seit 2015"), ages,
// prices, dates, times, counts ("3 Kinder") and postcodes on their own are never touched.

export type MaskKind = 'email' | 'phone' | 'iban' | 'address';

/** A masked stretch, as UTF-16 offsets into the text that was passed in (not the masked result). */
export interface MaskedSpan {
  kind: MaskKind;
  start: number;
  end: number;
}

export const MASK_TOKENS: Readonly<Record<MaskKind | 'name', string>> = {
  email: '[E-Mail entfernt]',
  phone: '[Telefon entfernt]',
  iban: '[IBAN entfernt]',
  address: '[Adresse entfernt]',
  name: '[Name entfernt]',
};

export function maskPersonalData(text: string): { text: string; masked: MaskedSpan[] } {
  // Where candidates overlap, the earlier finder wins (an IBAN's digit groups would otherwise
  // pass for a phone number, an e-mail's domain may contain a street word), then the longer
  // span ("An der Gohrsmühle 7" over "Gohrsmühle 7").
  const candidates = [findEmails, findIbans, findPhones, findAddresses].flatMap((finder, rank) => finder(text).map((span) => ({ span, rank })));
  candidates.sort((a, b) => a.rank - b.rank || b.span.end - b.span.start - (a.span.end - a.span.start));
  const spans: MaskedSpan[] = [];
  for (const { span } of candidates) {
    if (!spans.some((taken) => span.start < taken.end && taken.start < span.end)) spans.push(span);
  }
  spans.sort((a, b) => a.start - b.start);
  return { text: replaceSpans(text, spans.map((span) => ({ ...span, token: MASK_TOKENS[span.kind] }))), masked: spans };
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
  const merged: Array<{ start: number; end: number; token: string }> = [];
  for (const range of clipped) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range, token: MASK_TOKENS.name });
  }
  return replaceSpans(text, merged);
}

function replaceSpans(text: string, spans: ReadonlyArray<{ start: number; end: number; token: string }>): string {
  let result = '';
  let position = 0;
  for (const span of spans) {
    result += text.slice(position, span.start) + span.token;
    position = span.end;
  }
  return result + text.slice(position);
}

// E-mail, also the usual obfuscations "name (at) web.de" and "name[at]gmx.de".
const EMAIL = /[\p{L}\p{N}._%+-]+(?:@|\s?[[(]\s?at\s?[\])]\s?)[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu;

function findEmails(text: string): MaskedSpan[] {
  return [...text.matchAll(EMAIL)].map((match) => ({ kind: 'email', start: match.index, end: match.index + match[0].length }));
}

/** IBAN lengths of the countries residents and their families bank in (SEPA, Türkiye, Ukraine, Middle East). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  DE: 22, AT: 20, CH: 21, LI: 21, NL: 18, BE: 16, LU: 20, FR: 27, MC: 27, IT: 27, SM: 27, ES: 24, PT: 25, GB: 22,
  IE: 22, DK: 18, SE: 24, NO: 15, FI: 18, IS: 26, PL: 28, CZ: 24, SK: 24, HU: 28, RO: 24, BG: 22, HR: 21, SI: 19,
  LT: 20, LV: 21, EE: 20, GR: 27, CY: 28, MT: 31, RS: 22, BA: 20, ME: 22, MK: 19, AL: 28, XK: 20, MD: 24, UA: 29,
  BY: 28, GE: 22, AZ: 28, TR: 26, KZ: 20, SA: 24, AE: 23, QA: 29, KW: 30, BH: 22, JO: 30, LB: 28, IL: 23, PS: 29,
  EG: 29, IQ: 23, TN: 24, LY: 25,
};

const IBAN_START = /(?<![\p{L}\p{N}])([A-Za-z]{2})(\d{2})(?=[ \u00a0]?[A-Z0-9])/gu;

function findIbans(text: string): MaskedSpan[] {
  const spans: MaskedSpan[] = [];
  for (const match of text.matchAll(IBAN_START)) {
    const country = match[1]!.toUpperCase();
    const expected = IBAN_LENGTHS[country];
    if (!expected) continue;
    // Walk the characters: letters and digits count, single spaces between them are allowed,
    // and the walk stops at the country's IBAN length so a following word is never swallowed.
    let compact = match[1]! + match[2]!;
    let end = match.index + match[0].length;
    while (compact.length < expected && end < text.length) {
      const char = text[end]!;
      if (/[A-Z0-9]/.test(char)) {
        compact += char;
        end += 1;
      } else if ((char === ' ' || char === '\u00a0') && /[A-Z0-9]/.test(text[end + 1] ?? '')) {
        end += 1;
      } else break;
    }
    if (compact.length !== expected || /[\p{L}\p{N}]/u.test(text[end] ?? '')) continue;
    if (!/^\d+$/.test(compact.slice(2, 4)) || (compact.slice(4).match(/\d/g)?.length ?? 0) < 8) continue;
    spans.push({ kind: 'iban', start: match.index, end });
  }
  return spans;
}

// A run that starts like a phone number (+, 00, a bracket or a 0 trunk prefix) and goes on in
// digits with spaces, slashes, hyphens and brackets; dots, commas and colons end it, so dates,
// prices and times never start one.
const PHONE_RUN = /(?<![\p{L}\p{N}+])(?:\+|\(|0)[\d \u00a0()/–-]*\d/gu;
// Local numbers without area code only count after a word that announces them.
const ANNOUNCED_PHONE = /\b(?:tel|telefon|telefonnummer|handy|handynummer|mobil|mobilnummer|rufnummer|fax|whats\s?app|phone)\b\.?:?[ \u00a0]*(\+?\d[\d \u00a0/–-]{3,}\d)/giu;
// "01/02/2024" and "1-2-2024" are dates, not numbers to call.
const DATE_LIKE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/;

function findPhones(text: string): MaskedSpan[] {
  const spans: MaskedSpan[] = [];
  for (const match of text.matchAll(PHONE_RUN)) {
    const run = trimPhoneRun(match[0]);
    const digits = run.replace(/\(0\)/g, '').replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    // A bare leading 0 is a trunk prefix: at least an area code and a number must follow.
    if (run.startsWith('0') && !run.startsWith('00') && digits.length < 8) continue;
    if (run.startsWith('(') && !/^\((?:\+|0)/.test(run)) continue;
    if (DATE_LIKE.test(run)) continue;
    spans.push({ kind: 'phone', start: match.index, end: match.index + run.length });
  }
  for (const match of text.matchAll(ANNOUNCED_PHONE)) {
    const number = trimPhoneRun(match[1]!);
    const digits = number.replace(/\D/g, '');
    if (digits.length < 5 || digits.length > 15) continue;
    const start = match.index + match[0].length - match[1]!.length;
    spans.push({ kind: 'phone', start, end: start + number.length });
  }
  return spans;
}

/** Drops what the run picked up after the number: a trailing count ("… 12345678 3 Kinder"), unbalanced brackets, separators. */
function trimPhoneRun(run: string): string {
  let trimmed = run.replace(/[ \u00a0]+\d$/, '').replace(/[ \u00a0/–(-]+$/, '');
  const open = (trimmed.match(/\(/g) ?? []).length;
  const close = (trimmed.match(/\)/g) ?? []).length;
  if (close > open) trimmed = trimmed.slice(0, trimmed.lastIndexOf(')')).replace(/[ \u00a0/–-]+$/, '');
  return trimmed;
}

const HOUSE_NUMBER = String.raw`(?:Nr\.?\s?)?\d{1,3}(?:\s?[a-zA-Z](?![\p{L}]))?(?:\s?[-–/]\s?\d{1,3}[a-zA-Z]?(?![\p{L}]))?`;
// Whatever follows a house number must not make it a quantity, a date, a price or a time.
const NOT_A_QUANTITY = String.raw`(?![\p{N}])(?![.,:]\d)(?!\s*(?:%|€|\$|Euro|EUR|Prozent|Jahr|J\.|Monat|Woche|Tag|Stunde|Std|Minute|Min\.|Uhr|mal\b|Mal\b|km|Kilometer|Meter|m\b|qm|Kind|Leute|Personen|Menschen|Plätze|Familien|Schüler|Stück|x\b|years?|months?|weeks?|days?|hours?|minutes?|people|children|kids))`;
// Where a weak street word ("…weg", "…platz", "Am Markt") only counts as an address: the number
// ends the phrase (end of text, punctuation, a postcode, "in"/"und").
const ADDRESS_END = String.raw`(?=\s*(?:$|[,;:!?)\]\n]|\.(?!\d)|\d{5}(?!\d)|(?:in|und|bei|im)\b))`;

/** "weg" → "[Ww]eg": street words end a compound in lowercase and stand alone capitalised ("Vinzenz-Pallotti-Straße"). */
const eitherCase = (words: string[]) => `(?:${words.map((word) => `[${word[0]!.toUpperCase()}${word[0]}]${word.slice(1)}`).join('|')})`;
const STRONG_STREET = eitherCase(['straße', 'strasse', 'str\\.', 'gasse', 'allee', 'chaussee', 'damm', 'ufer', 'pfad', 'stieg', 'steig', 'wall', 'graben']);
const WEAK_STREET = eitherCase([
  'weg', 'platz', 'ring', 'markt', 'hof', 'kamp', 'feld', 'berg', 'höhe', 'hoehe', 'garten', 'grund', 'winkel', 'busch', 'bach', 'wiese',
  'mühle', 'muehle', 'heide', 'siefen', 'driesch',
]);
const NAME_WORD = String.raw`[A-ZÄÖÜ][\p{L}]*(?:-[\p{L}]+)*`;

// "Hauptstraße 12", "Schloßstr. 5a", "Konrad-Adenauer-Platz 1"
const ONE_WORD_STRONG = new RegExp(String.raw`(?<![\p{L}\p{N}])${NAME_WORD}-?${STRONG_STREET}\s?${HOUSE_NUMBER}${NOT_A_QUANTITY}`, 'gu');
const ONE_WORD_HYPHENATED = new RegExp(String.raw`(?<![\p{L}\p{N}])[A-ZÄÖÜ][\p{L}]*(?:-[A-ZÄÖÜ][\p{L}]*)*-[\p{L}]*${WEAK_STREET}\s?${HOUSE_NUMBER}${NOT_A_QUANTITY}`, 'gu');
const ONE_WORD_WEAK = new RegExp(String.raw`(?<![\p{L}\p{N}])${NAME_WORD}${WEAK_STREET}\s?${HOUSE_NUMBER}${NOT_A_QUANTITY}${ADDRESS_END}`, 'gu');
// "Gladbacher Str. 12-14", "Bensberger Straße 5", "Neuer Weg 3"
const TWO_WORDS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${NAME_WORD}\s+){1,2}(?:Straße|Strasse|Str\.|Allee|Gasse|Chaussee|Damm|Ufer|Pfad)\s?${HOUSE_NUMBER}${NOT_A_QUANTITY}`,
  'gu',
);
const TWO_WORDS_WEAK = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${NAME_WORD}\s+){1,2}(?:Weg|Platz|Ring|Markt)\s?${HOUSE_NUMBER}${NOT_A_QUANTITY}${ADDRESS_END}`, 'gu');
// "Am Markt 3", "An der Gohrsmühle 7", "Im Fronhof 2"
const PREPOSITIONAL = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:[Aa]m|[Aa]n der|[Aa]n den|[Aa]uf der|[Aa]uf dem|[Ii]m|[Ii]n der|[Ii]n den|[Zz]um|[Zz]ur|[Hh]inter der|[Hh]inter dem|[Uu]nter den|[Vv]or dem|[Vv]or der)\s+(${NAME_WORD})(?:\s+${NAME_WORD})?\s+${HOUSE_NUMBER}${NOT_A_QUANTITY}`,
  'gu',
);
const PLACE_NOUN = new RegExp(String.raw`(?:${WEAK_STREET}|${STRONG_STREET}|eiche|linde|brücke|kreuz|acker|hecke|tor|turm|aue|teich|weiher|kirche|kapelle|hang|kuhle|pütz|broich|rath)$`, 'iu');

/** Words before a street name that belong to the sentence, not the address ("Die", "Ich wohne"). */
const LEADING_NON_NAMES = new Set(['Der', 'Die', 'Das', 'Den', 'Dem', 'Ich', 'Wir', 'Meine', 'Unsere', 'Adresse', 'Anschrift', 'In', 'Auf', 'An', 'Bei', 'Von', 'Nach', 'Aus', 'Zur', 'Zum']);

function findAddresses(text: string): MaskedSpan[] {
  const spans: MaskedSpan[] = [];
  const push = (start: number, end: number) => spans.push({ kind: 'address', start, end: trimEnd(text, start, end) });
  for (const pattern of [ONE_WORD_STRONG, ONE_WORD_HYPHENATED, ONE_WORD_WEAK]) {
    for (const match of text.matchAll(pattern)) push(match.index, match.index + match[0].length);
  }
  for (const pattern of [TWO_WORDS, TWO_WORDS_WEAK]) {
    for (const match of text.matchAll(pattern)) {
      let start = match.index;
      // Drop sentence words the pattern took as part of the street name.
      for (const word of match[0].split(/\s+/)) {
        if (!LEADING_NON_NAMES.has(word)) break;
        start = text.indexOf(word, start) + word.length;
        while (/\s/.test(text[start] ?? '')) start += 1;
      }
      push(start, match.index + match[0].length);
    }
  }
  for (const match of text.matchAll(PREPOSITIONAL)) {
    const name = match[1]!;
    const end = match.index + match[0].length;
    // "in der Klasse 5", "im Jahr 2015" are not places; a place noun or an address-like ending is needed.
    if (!PLACE_NOUN.test(name) && !new RegExp(`^${ADDRESS_END}`, 'u').test(text.slice(end))) continue;
    if (!PLACE_NOUN.test(name) && NOT_PLACES.has(name)) continue;
    push(match.index, end);
  }
  return spans;
}

/** Nouns that follow "am/im/in der" with a number in everyday sentences. */
const NOT_PLACES = new Set([
  'Klasse', 'Jahr', 'Jahre', 'Alter', 'Stufe', 'Gruppe', 'Kurs', 'Raum', 'Zimmer', 'Woche', 'Monat', 'Sommer', 'Winter', 'Herbst',
  'Frühling', 'Wochenende', 'Moment', 'Schnitt', 'Durchschnitt', 'Schuljahr', 'Kapitel', 'Seite', 'Linie', 'Bus', 'Gleis', 'Runde',
  'Level', 'Niveau', 'Modul', 'Teil', 'Ende', 'Anfang', 'Stunde', 'Etage', 'Stock', 'Lebensjahr', 'Zeitraum', 'Januar', 'Februar',
  'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember', 'Montag', 'Dienstag', 'Mittwoch',
  'Donnerstag', 'Freitag', 'Samstag', 'Sonntag', 'Semester', 'Quartal', 'Kindergarten', 'Team', 'Verein', 'Haus', 'Block', 'Saal',
]);

function trimEnd(text: string, start: number, end: number): number {
  let trimmed = end;
  while (trimmed > start && /\s/.test(text[trimmed - 1]!)) trimmed -= 1;
  return trimmed;
}
