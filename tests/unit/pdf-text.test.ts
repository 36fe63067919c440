import bidiFactory from 'bidi-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutParagraph, paragraphDirection, type Direction, type Piece } from '../../server/pdf/text.ts';

const bidi = bidiFactory();
/** One unit per character: enough to see where lines break. */
const measure = (text: string) => Array.from(text).length;
const reverse = (text: string) => Array.from(text).reverse().join('');
/** A line's characters from left to right as they end up on the page, after fontkit turned the right-to-left pieces round. */
const visual = (pieces: Piece[]) => pieces.map((piece) => (piece.rtl ? reverse(piece.text) : piece.text)).join('');
const ARABIC_LETTER = /(?=\p{L})\p{Script=Arabic}/u;
/** A bracket and its mirror image count as one character. */
const unmirrored = (char: string) => [char, bidi.getMirroredCharacter(char) ?? char].sort()[0]!;

describe('paragraphDirection', () => {
  it('follows most of the letters, not the first one, and leaves our placeholders out', () => {
    expect(paragraphDirection('نحتاج إلى دورات لغة في المساء.', 'ltr')).toBe('rtl');
    expect(paragraphDirection('محمد sagt: wir brauchen Kurse am Abend.', 'rtl')).toBe('ltr');
    expect(paragraphDirection('Jobcenter لا يساعدني أبدا', 'ltr')).toBe('rtl');
    expect(paragraphDirection('[Telefon entfernt] اتصلوا بي', 'ltr')).toBe('rtl');
    expect(paragraphDirection('Ich brauche einen Deutschkurs.', 'rtl')).toBe('ltr');
  });

  it('takes the language’s direction when the letters do not decide', () => {
    expect(paragraphDirection('0176 / 12:30', 'rtl')).toBe('rtl');
    expect(paragraphDirection('[E-Mail entfernt]', 'ltr')).toBe('ltr');
    expect(paragraphDirection('ab سب', 'rtl')).toBe('rtl');
  });
});

describe('layoutParagraph', () => {
  it('sets a placeholder and numbers in an Arabic line where the bidirectional algorithm puts them, brackets mirrored', () => {
    const text = 'اتصل بي على [Telefon entfernt] أو 0176 12';
    const [line, ...rest] = layoutParagraph(text, 'rtl', 100, measure);
    expect(rest).toEqual([]);
    // From the left: the numbers (each read left to right), "or", the placeholder, then the sentence's start at the right.
    // An Arabic word goes alone, in reading order for fontkit to join and turn round; its brackets come mirrored.
    expect(line).toEqual([
      { text: '12 0176 ', rtl: false },
      { text: 'أو', rtl: true },
      { text: ' [Telefon entfernt] ', rtl: false },
      { text: 'على', rtl: true },
      { text: ' ', rtl: false },
      { text: 'بي', rtl: true },
      { text: ' ', rtl: false },
      { text: 'اتصل', rtl: true },
    ]);
    expect(visual(line!)).toBe(`12 0176 ${reverse('أو')} [Telefon entfernt] ${reverse('اتصل بي على')}`);
  });

  it('turns round what fontkit would set the wrong way: a bracket alone, Arabic-Indic digits', () => {
    // Arabic-Indic digits count as right-to-left context: the name in brackets comes before them.
    const [line] = layoutParagraph('Raum ١٢٣ (محمد)', 'ltr', 100, measure);
    expect(visual(line!)).toBe(`Raum (${reverse('محمد')}) ١٢٣`);
    const [arabic] = layoutParagraph('غرفة ١٢٣ (٤)', 'rtl', 100, measure);
    expect(visual(arabic!)).toBe(`(٤) ١٢٣ ${reverse('غرفة')}`);
  });

  it('leaves a German paragraph as it is, one piece per line, broken at spaces within the width', () => {
    const text = 'Wir brauchen mehr Sprachkurse am Abend, damit Berufstätige teilnehmen können.';
    const lines = layoutParagraph(text, 'ltr', 30, measure);
    expect(lines.map((pieces) => pieces.map((piece) => piece.text))).toEqual([
      ['Wir brauchen mehr Sprachkurse'],
      ['am Abend, damit Berufstätige'],
      ['teilnehmen können.'],
    ]);
    expect(lines.flat().every((piece) => !piece.rtl)).toBe(true);
  });

  it('cuts a word wider than the column between characters', () => {
    const lines = layoutParagraph('siehe https://example.org/ein/sehr/langer/pfad ok', 'ltr', 12, measure);
    expect(lines.map((pieces) => visual(pieces))).toEqual(['siehe', 'https://exam', 'ple.org/ein/', 'sehr/langer/', 'pfad ok']);
  });

  const token = fc.constantFrom(
    'نحتاج', 'دورات', 'لغة', 'محمد', 'الأطفال', 'Jobcenter', 'Kurs', 'Straße', '[Telefon entfernt]', '[E-Mail entfernt]',
    '123', '12.50', '١٢٣', '€', '%', '(', ')', '.', '،', ':', '„', '“', '-', '!',
  );
  const paragraph = fc.tuple(fc.array(fc.tuple(token, fc.constantFrom(' ', '')), { minLength: 1, maxLength: 16 }), fc.constantFrom<Direction>('ltr', 'rtl'))
    .map(([parts, direction]) => ({ text: parts.map(([word, gap]) => word + gap).join('').trim(), direction }))
    .filter(({ text }) => text.length > 0);

  it('draws any mix on one line exactly as the Unicode bidirectional algorithm orders it, and hands fontkit Arabic in reading order', () => {
    fc.assert(
      fc.property(paragraph, ({ text, direction }) => {
        const lines = layoutParagraph(text, direction, 1000, measure);
        expect(lines).toHaveLength(1);
        expect(visual(lines[0]!)).toBe(bidi.getReorderedString(text, bidi.getEmbeddingLevels(text, direction)));
        // pdfkit hands fontkit one word at a time: a piece that fontkit turns round must be one word.
        expect(lines[0]!.filter((piece) => piece.rtl && piece.text.includes(' '))).toEqual([]);
        for (const piece of lines[0]!.filter((each) => ARABIC_LETTER.test(each.text))) {
          expect(piece.rtl).toBe(true);
          expect(text).toContain(Array.from(piece.text, (char) => bidi.getMirroredCharacter(char) ?? char).join(''));
        }
      }),
    );
  });

  it('keeps every character of a wrapped paragraph, each line within the width', () => {
    fc.assert(
      fc.property(paragraph, fc.integer({ min: 18, max: 60 }), ({ text, direction }, width) => {
        const lines = layoutParagraph(text, direction, width, measure);
        for (const pieces of lines) expect(measure(visual(pieces))).toBeLessThanOrEqual(width);
        const kept = lines.flatMap((pieces) => Array.from(visual(pieces).replace(/ /g, '')));
        expect(kept.map(unmirrored).sort()).toEqual(Array.from(text.replace(/ /g, ''), unmirrored).sort());
      }),
    );
  });
});
