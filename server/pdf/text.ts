// Right-to-left and mixed-direction text for the PDF export. pdfkit has no Unicode
// bidirectional algorithm: it sets a line left to right, so in Arabic the words of a line come out
// in reading order from the left, and a Latin placeholder or a number inside Arabic lands on the
// wrong side. Here bidi-js resolves the embedding levels of a paragraph, we wrap the lines
// ourselves and draw each line as pieces in visual order, each piece one pdfkit call at its own x.
//
// What a piece must be follows from how pdfkit and fontkit set text. pdfkit cuts a text after
// every space and has fontkit lay out each word with its space on its own (cached), putting the
// words side by side in the order given. fontkit shapes a word in logical order, which it needs to
// join Arabic letters, and then turns its glyphs round when the word's first letter with a script
// belongs to a right-to-left one. So a right-to-left word goes to pdfkit alone and in logical
// order; where fontkit's guess differs from the level bidi-js resolved (a bracket or "!?" alone at
// a right-to-left level, Arabic-Indic digits, which read left to right like any number) we turn
// the word round first, and fontkit's turn puts it right again. Such words hold digits and
// punctuation only, which do not join. Runs that nothing turns round go to pdfkit as one piece.
import bidiFactory from 'bidi-js';
import { stripBidiControls } from '../../shared/text/normalize.ts';
import { MASK_TOKENS } from '../../shared/privacy/mask-tokens.ts';

const bidi = bidiFactory();

export type Direction = 'ltr' | 'rtl';

/** What one pdfkit call draws: `text` as pdfkit gets it, `rtl` when fontkit will set its glyphs right to left. */
export interface Piece {
  text: string;
  rtl: boolean;
}

// The scripts fontkit 2 sets right to left (its layout/Script.js), and the characters it skips when
// it looks for the first letter of a script.
const FONTKIT_RTL =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Cypriot}\p{Script=Kharoshthi}\p{Script=Phoenician}\p{Script=Nko}\p{Script=Lydian}\p{Script=Avestan}\p{Script=Imperial_Aramaic}\p{Script=Inscriptional_Pahlavi}\p{Script=Inscriptional_Parthian}\p{Script=Old_South_Arabian}\p{Script=Old_Turkic}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Meroitic_Cursive}\p{Script=Meroitic_Hieroglyphs}\p{Script=Manichaean}\p{Script=Mende_Kikakui}\p{Script=Nabataean}\p{Script=Old_North_Arabian}\p{Script=Palmyrene}\p{Script=Psalter_Pahlavi}]/u;
const NO_SCRIPT = /^[\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]$/u;

/** Whether fontkit reads a character as right to left, left to right, or takes no cue from it. */
function fontkitDirection(char: string): Direction | null {
  if (NO_SCRIPT.test(char)) return null;
  return FONTKIT_RTL.test(char) ? 'rtl' : 'ltr';
}

/** Whether fontkit turns a word's glyphs round: its first letter with a script decides. */
function fontkitTurns(word: string): boolean {
  for (const char of word) {
    const direction = fontkitDirection(char);
    if (direction) return direction === 'rtl';
  }
  return false;
}

const reversed = (text: string) => Array.from(text).reverse().join('');

// Placeholders are ours, German, and often stand at the start ("[Telefon entfernt] اتصلوا بي"):
// they must not turn an Arabic text into a left-to-right one.
const PLACEHOLDERS = new RegExp(Object.values(MASK_TOKENS).map((token) => token.replace(/[[\]]/g, '\\$&')).join('|'), 'g');

/**
 * The direction a paragraph is set in: that of most of its letters, not counting our placeholders.
 * Not the first strong letter (HTML's `dir="auto"`): a German sentence may start with an Arabic
 * name, an Arabic one with a German word. With as many of each, or none, `fallback` (from the
 * contribution's language) decides.
 */
export function paragraphDirection(text: string, fallback: Direction): Direction {
  let balance = 0;
  for (const char of text.replace(PLACEHOLDERS, ' ')) {
    const type = bidi.getBidiCharTypeName(char);
    if (type === 'L') balance -= 1;
    else if (type === 'R' || type === 'AL') balance += 1;
  }
  return balance > 0 ? 'rtl' : balance < 0 ? 'ltr' : fallback;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Where one paragraph's lines start and end (end exclusive, trailing spaces left out): greedy, at
 * spaces; a word wider than the column is cut between characters, as pdfkit does.
 */
function wrap(text: string, width: number, measure: (text: string) => number): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  let start = -1;
  let end = 0;
  let used = 0;
  for (const word of text.matchAll(/[^ ]+ */g)) {
    let from = word.index;
    const core = word[0].trimEnd();
    const coreEnd = from + core.length;
    const wordEnd = from + word[0].length;
    if (start >= 0 && used + measure(core) <= width) {
      end = coreEnd;
      used += measure(word[0]);
      continue;
    }
    if (start >= 0) lines.push([start, end]);
    if (measure(core) > width) {
      let cut = from;
      for (const { index, segment } of graphemes.segment(core)) {
        const next = from + index;
        if (next > cut && measure(text.slice(cut, next + segment.length)) > width) {
          lines.push([cut, next]);
          cut = next;
        }
      }
      from = cut;
    }
    used = measure(text.slice(from, wordEnd));
    start = from;
    end = coreEnd;
  }
  if (start >= 0) lines.push([start, end]);
  return lines;
}

/**
 * Lays out one paragraph (no line breaks in it): its lines, each as the pieces to draw from left to
 * right. `measure` gives the width of a text in the font it will be drawn in.
 */
export function layoutParagraph(text: string, direction: Direction, width: number, measure: (text: string) => number): Piece[][] {
  const embedding = bidi.getEmbeddingLevels(text, direction);
  const { levels } = embedding;
  const mirrored = bidi.getMirroredCharactersMap(text, levels);

  // A run is a stretch of one level in which fontkit's cue, the first letter with a script, stays
  // the same: "١٢Raum" at one level is two runs, or fontkit would turn the Latin word round too.
  const runOf = new Uint32Array(text.length);
  let run = 0;
  let cue: Direction | null = null;
  for (let i = 0; i < text.length; i += 1) {
    // The second half of a surrogate pair comes out as a lone surrogate, which has no script.
    const own = fontkitDirection(String.fromCodePoint(text.codePointAt(i)!));
    if (i > 0 && (levels[i] !== levels[i - 1] || (own !== null && cue !== null && own !== cue))) {
      run += 1;
      cue = null;
    }
    cue ??= own;
    runOf[i] = run;
  }

  return wrap(text, width, measure).map(([start, end]) => {
    const order = Array.from({ length: end - start }, (_, k) => start + k);
    for (const [from = 0, to = 0] of bidi.getReorderSegments(text, embedding, start, end - 1)) {
      order.splice(from - start, to - from + 1, ...order.slice(from - start, to - start + 1).reverse());
    }
    const pieces: Piece[] = [];
    const add = (word: string, rtl: boolean) => {
      const last = pieces.at(-1);
      if (!rtl && last && !last.rtl) last.text += word;
      else pieces.push({ text: word, rtl });
    };
    for (let k = 0; k < order.length; ) {
      const first = order[k]!;
      let last = first;
      while (k + 1 < order.length && runOf[order[k + 1]!] === runOf[first]) last = order[++k]!;
      k += 1;
      let logical = '';
      for (let i = Math.min(first, last); i <= Math.max(first, last); i += 1) logical += mirrored.get(i) ?? text[i];
      const rightToLeft = (levels[first]! & 1) === 1;
      const words = logical.match(/ +|[^ ]+/g) ?? [];
      for (const word of rightToLeft ? words.reverse() : words) {
        const turns = fontkitTurns(word);
        add(turns === rightToLeft ? word : reversed(word), turns);
      }
    }
    return pieces;
  });
}

/** One laid-out line: the pieces to draw from left to right and their widths. */
export interface Line {
  pieces: Piece[];
  widths: number[];
  width: number;
}

/** A paragraph without bidi controls, tabs as spaces, trimmed. */
const cleanParagraph = (paragraph: string) => stripBidiControls(paragraph.replace(/\t/g, ' ')).trim();
const PARAGRAPHS = /\r\n|[\n\r\u2028\u2029]/;

/**
 * Lays out text (paragraphs split at line breaks) within `width` in the current font and size, each
 * paragraph in `direction` as its base direction (a page's `dir`): what `drawLines` draws.
 */
export function layoutLines(doc: PDFKit.PDFDocument, text: string, width: number, direction: Direction): Line[] {
  return text.split(PARAGRAPHS).flatMap((paragraph) => {
    const lines = layoutParagraph(cleanParagraph(paragraph), direction, width, (part) => doc.widthOfString(part));
    return (lines.length > 0 ? lines : [[]]).map((pieces) => {
      const widths = pieces.map((piece) => doc.widthOfString(piece.text));
      return { pieces, widths, width: widths.reduce((sum, each) => sum + each, 0) };
    });
  });
}

/** Draws one laid-out line with its top at `y` within [x, x + width], at the start of `direction` (right for rtl) or centred. */
export function drawLine(doc: PDFKit.PDFDocument, line: Line, x: number, y: number, width: number, align: Direction | 'center'): void {
  let at = align === 'rtl' ? x + width - line.width : align === 'center' ? x + (width - line.width) / 2 : x;
  line.pieces.forEach((piece, index) => {
    if (piece.text.trim()) doc.text(piece.text, at, y, { lineBreak: false });
    at += line.widths[index]!;
  });
}

/**
 * Draws text at the current position within `width`, each paragraph right-aligned when it reads
 * right to left, in the current font, size and colour. Starts a new page when a line does not fit;
 * the page's `pageAdded` listeners see to numbering and style. Leaves the position under the text.
 */
export function drawText(doc: PDFKit.PDFDocument, text: string, width: number, fallback: Direction): void {
  const left = doc.x;
  let y = doc.y;
  for (const paragraph of text.split(PARAGRAPHS)) {
    // No embedding, override or isolate character may turn a quote around (a row stored before the write paths dropped them).
    const direction = paragraphDirection(cleanParagraph(paragraph), fallback);
    for (const line of layoutLines(doc, paragraph, width, direction)) {
      const height = doc.currentLineHeight(true);
      if (y + height > doc.page.height - doc.page.margins.bottom) {
        doc.addPage();
        y = doc.y;
      }
      drawLine(doc, line, left, y, width, direction);
      y += height;
    }
  }
  doc.x = left;
  doc.y = y;
}
