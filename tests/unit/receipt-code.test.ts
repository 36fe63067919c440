import { describe, expect, it } from 'vitest';
import { formatReceiptCode, makeReceiptCode, parseReceiptCode, RECEIPT_ALPHABET, RECEIPT_LENGTH, receiptPath } from '../../shared/receipts/code.ts';

describe('receipt codes', () => {
  it('use only unambiguous characters, evenly, and read back from what people type', () => {
    expect(RECEIPT_ALPHABET).not.toMatch(/[01OIL]/);
    expect(new Set(RECEIPT_ALPHABET).size).toBe(RECEIPT_ALPHABET.length);
    const counts = new Map<string, number>();
    const codes = 4000;
    for (let i = 0; i < codes; i += 1) for (const character of makeReceiptCode()) counts.set(character, (counts.get(character) ?? 0) + 1);
    const expected = (codes * RECEIPT_LENGTH) / RECEIPT_ALPHABET.length;
    for (const character of RECEIPT_ALPHABET) expect(Math.abs((counts.get(character) ?? 0) - expected) / expected, character).toBeLessThan(0.15);
    // Bytes 248-255 would favour the first eight characters; they are drawn again.
    expect(makeReceiptCode((bytes) => bytes.fill(255).fill(30, bytes.length - RECEIPT_LENGTH))).toBe(RECEIPT_ALPHABET[30]!.repeat(RECEIPT_LENGTH));
    expect(parseReceiptCode(' k7mq-4x9p-3htr ')).toBe('K7MQ4X9P3HTR');
    expect(parseReceiptCode('K7MQ–4X9P–3HTR')).toBe('K7MQ4X9P3HTR');
    expect(parseReceiptCode('K7MQ-4X9P-3HT0')).toBeNull();
    expect(formatReceiptCode('K7MQ4X9P3HTR')).toBe('K7MQ-4X9P-3HTR');
  });

  it('read a code typed on a Ukrainian, Russian, Greek or Arabic phone: lookalike letters, Arabic-Indic and Persian digits, full-width characters', () => {
    const typed = [
      'К7МQ-4Х9Р-3НТR', // Cyrillic К, М, Х, Р, Н, Т, as a Ukrainian keyboard types them
      'к7мq-4х9р-3нтr', // the same in lower case
      'Κ7ΜQ-4Χ9Ρ-3ΗΤR', // Greek Κ, Μ, Χ, Ρ, Η, Τ
      'K٧MQ-٤X٩P-٣HTR', // Arabic-Indic digits
      'K۷MQ-۴X۹P-۳HTR', // Persian digits
      'Ｋ７ＭＱ－４Ｘ９Ｐ－３ＨＴＲ', // full-width
    ];
    for (const input of typed) expect(parseReceiptCode(input), input).toBe('K7MQ4X9P3HTR');
    // A letter that looks like none of the code's is still no code (Cyrillic Ж, Arabic zero: 0 is not in the alphabet).
    expect(parseReceiptCode('Ж7MQ-4X9P-3HTR')).toBeNull();
    expect(parseReceiptCode('K7MQ-4X9P-3HT٠')).toBeNull();
  });

  it('read a code copied from a sentence, a chat or a link: the punctuation around it and invisible direction marks left off', () => {
    const copied = [
      'K7MQ-4X9P-3HTR.', // the end of a sentence, or a mail program's link taking the full stop with it
      'K7MQ-4X9P-3HTR,',
      '„K7MQ-4X9P-3HTR“',
      '«K7MQ-4X9P-3HTR»',
      '(K7MQ-4X9P-3HTR)',
      '\u200fK7MQ-4X9P-3HTR\u200f', // right-to-left marks copied from an Arabic page
      '\u2066K7MQ-4X9P-3HTR\u2069.',
    ];
    for (const input of copied) expect(parseReceiptCode(input), input).toBe('K7MQ4X9P3HTR');
    // A character inside the code is still no code.
    expect(parseReceiptCode('K7MQ.4X9P.3HTR')).toBeNull();
    expect(parseReceiptCode('K7MQ-4X9P-3HTR-X')).toBeNull();
  });

  it('link a code already shown in groups as it is shown, not grouped twice', () => {
    // The survey's thank-you page gets the code from the server as shown (`K7MQ-4X9P-3HTR`).
    expect(formatReceiptCode('K7MQ-4X9P-3HTR')).toBe('K7MQ-4X9P-3HTR');
    expect(receiptPath('integrationskonzept', 'K7MQ-4X9P-3HTR')).toBe('/p/integrationskonzept/beitrag/K7MQ-4X9P-3HTR');
    expect(receiptPath('integrationskonzept', 'K7MQ4X9P3HTR')).toBe('/p/integrationskonzept/beitrag/K7MQ-4X9P-3HTR');
  });
});
