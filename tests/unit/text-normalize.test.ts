import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutralizeFormula } from '../../server/features/results/results.exports.ts';
import { normalizeFreeText, normalizeLine, stripBidiControls } from '../../shared/text/normalize.ts';

// eslint-disable-next-line no-control-regex -- the control characters are what is looked for
const DROPPED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff\u202a-\u202e\u2066-\u2069\r]/u;

/** Any code point (lone surrogates included), with the characters that matter here often. */
const anyText = fc
  .array(
    fc.oneof(
      fc.constantFrom('\u0000', '\u0007', '\r', '\n', '\t', ' ', '\u0085', '\u202E', '\u2066', '\uFEFF', '\u2028', 'e', '\u0301', 'ا'),
      fc.integer({ min: 0, max: 0x2ffff }).map((code) => String.fromCodePoint(code)),
    ),
    { maxLength: 40 },
  )
  .map((chars) => chars.join(''));

describe('normalizeFreeText', () => {
  it('drops controls (but tab and newline), the byte-order mark and bidi embeddings, overrides and isolates', () => {
    expect(normalizeFreeText('\u0001a\u202Eb\u2067c\u0085d\uFEFFe\u007f\r\nf\tg\u2028h ')).toBe('abcde\nf\tg\nh');
  });

  it('keeps what Arabic, Persian and emoji need: marks, joiners, non-joiners', () => {
    const text = 'مرحبا\u200F بالعالم، می\u200Cخواهم 👩\u200D👧 \u061C١٢';
    expect(normalizeFreeText(text)).toBe(text);
  });

  it('is idempotent and never leaves a dropped character, for any text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = normalizeFreeText(text);
        expect(once).not.toMatch(DROPPED);
        expect(normalizeFreeText(once)).toBe(once);
      }),
    );
  });

  it('makes one line of a place or a name, and strips only bidi controls for showing old text', () => {
    expect(normalizeLine(' Markt\n\tplatz  Bensberg ')).toBe('Markt platz Bensberg');
    expect(stripBidiControls('a\u202Eb\u2066c\u200Fd\u0001')).toBe('abc\u200Fd\u0001');
  });
});

describe('neutralizeFormula', () => {
  it.each(['\u200B', '\u2060', '\uFEFF', '\u061C', '\u200E', '\u202E', '\u2066', '\u0001', '\u001b', ' ', '\u00A0', ''])(
    'prefixes a formula behind %j with an apostrophe',
    (prefix) => {
      for (const start of ['=', '+', '-', '@', '\uFF1D']) expect(neutralizeFormula(`${prefix}${start}1+1`)).toMatch(/^'/);
    },
  );

  it('leaves ordinary text alone', () => {
    expect(neutralizeFormula('Mehr Bänke am Markt')).toBe('Mehr Bänke am Markt');
    expect(neutralizeFormula('2026-11')).toBe('2026-11');
  });
});
