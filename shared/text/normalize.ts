// The one canonical form of text people type: every write path (survey answers, stall notes and
// market days, paper questionnaires, moderators' reasons, account names) stores text through
// these functions, so the same words always hash alike and no stored text carries characters
// that act instead of showing.

/**
 * Explicit bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
 * An override (U+202E "RIGHT-TO-LEFT OVERRIDE") shows the letters after it reversed, in a page
 * or a PDF alike, so "‮sttinem" reads "menitts"; nobody needs them to write Arabic or mixed text,
 * which the Unicode bidirectional algorithm lays out by itself. The marks U+200E, U+200F and
 * U+061C only steer neutral characters and stay.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Whether a code point is dropped from stored text: controls (but tab and line feed), a byte-order mark, bidi controls. */
function isDropped(code: number): boolean {
  return (
    (code < 32 && code !== 9 && code !== 10) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0xfeff ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** Any character `normalizeFreeText` drops or rewrites: the line breaks besides \n and what `isDropped` drops. */
// eslint-disable-next-line no-control-regex -- the control characters are what this looks for
const NEEDS_REWRITING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * One canonical form for free text: NFC (so equal-looking texts hash alike), Unix line breaks
 * (also for U+2028/U+2029), no control characters besides tab and newline, no byte-order mark,
 * no bidi embedding, override or isolate characters, no surrounding whitespace.
 */
export function normalizeFreeText(text: string): string {
  // Most texts hold none of the characters dropped or rewritten below: then only NFC and trimming remain.
  if (!NEEDS_REWRITING.test(text)) return text.normalize('NFC').trim();
  let kept = '';
  for (const char of text.replace(/\r\n?|[\u2028\u2029]/g, '\n')) {
    if (!isDropped(char.codePointAt(0) ?? 0)) kept += char;
  }
  // Composed after dropping, so a control between a letter and its accent cannot keep them apart.
  return kept.normalize('NFC').trim();
}

/** A one-line text (a place, a name, a reason): normalised like free text, every run of whitespace one space. */
export function normalizeLine(text: string): string {
  return normalizeFreeText(text).replace(/\s+/g, ' ');
}

/**
 * For showing text that may have been stored before the write paths normalised it: the bidi
 * embedding, override and isolate characters removed, nothing else touched.
 */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
