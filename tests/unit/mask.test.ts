import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adversarialInputs, evaluateMasking, loadMaskingFixtures } from '../../scripts/bench/masking.ts';
import { MASK_TOKENS } from '../../shared/privacy/mask-tokens.ts';
import { maskNames, maskPersonalData } from '../../shared/privacy/mask.ts';
import { findOccurrences } from '../../shared/privacy/occurrences.ts';

const masked = (text: string) => maskPersonalData(text).text;

describe('maskPersonalData', () => {
  it('masks e-mail addresses, also the usual obfuscations', () => {
    expect(masked('Schreiben Sie mir: max.mustermann@web.de, danke')).toBe('Schreiben Sie mir: [E-Mail entfernt], danke');
    expect(masked('anna(at)gmx.de oder ali [at] t-online.de')).toBe('[E-Mail entfernt] oder [E-Mail entfernt]');
    expect(masked('Kontakt: ayşe.yılmaz@örnek.com.tr')).toBe('Kontakt: [E-Mail entfernt]');
  });

  it.each([
    ['0176 12345678'],
    ['017612345678'],
    ['02202/123456'],
    ['02202 / 12 34 56'],
    ['0221-123 45 67'],
    ['(0221) 1234567'],
    ['+49 176 1234567'],
    ['+49 (0) 2202 123456'],
    ['+49-2202-123456'],
    ['(0049) 176 1234567'],
    ['0049 176 1234567'],
    ['+90 532 123 45 67'],
    ['+380 44 123 4567'],
    ['+48 601 234 567'],
  ])('masks the phone number %s', (number) => {
    const text = `Rufen Sie mich an unter ${number}, gern abends.`;
    const result = maskPersonalData(text);
    expect(result.text).toBe('Rufen Sie mich an unter [Telefon entfernt], gern abends.');
    expect(result.masked).toEqual([{ kind: 'phone', start: text.indexOf(number), end: text.indexOf(number) + number.length }]);
  });

  it('masks local numbers after a word that announces them, and leaves a following count alone', () => {
    expect(masked('Handy: 123 4567')).toBe('Handy: [Telefon entfernt]');
    expect(masked('Tel. 2345678 ab 18 Uhr')).toBe('Tel. [Telefon entfernt] ab 18 Uhr');
    expect(masked('Meine Nummer ist 0176 12345678 3 Kinder habe ich')).toBe('Meine Nummer ist [Telefon entfernt] 3 Kinder habe ich');
  });

  it.each([
    ['DE89 3704 0044 0532 0130 00'],
    ['DE89370400440532013000'],
    ['de89 3704 0044 0532 0130 00'],
    ['AT61 1904 3002 3457 3201'],
    ['NL91 ABNA 0417 1643 00'],
    ['GB29 NWBK 6016 1331 9268 19'],
    ['TR33 0006 1005 1978 6457 8413 26'],
    ['PL61 1090 1014 0000 0712 1981 2874'],
    ['UA21 3223 1300 0002 6007 2335 6600 1'],
  ])('masks the IBAN %s', (iban) => {
    const result = maskPersonalData(`Bitte überweisen an ${iban} Danke`);
    expect(result.text).toBe('Bitte überweisen an [IBAN entfernt] Danke');
    expect(result.masked[0]!.kind).toBe('iban');
  });

  it.each([
    ['Hauptstraße 12'],
    ['Hauptstrasse 12'],
    ['Schloßstr. 5a'],
    ['Schlossstr.5'],
    ['Am Markt 3'],
    ['Gladbacher Str. 12-14'],
    ['Bensberger Straße 115'],
    ['An der Gohrsmühle 7'],
    ['Konrad-Adenauer-Platz 1'],
    ['Vinzenz-Pallotti-Straße 20'],
    ['Hermann-Löns-Weg 3'],
    ['Laurentiusstraße 4 b'],
  ])('masks the address %s', (address) => {
    const text = `Ich wohne ${address}, 51465 Bergisch Gladbach.`;
    const result = maskPersonalData(text);
    expect(result.text).toBe('Ich wohne [Adresse entfernt], 51465 Bergisch Gladbach.');
    expect(result.masked).toEqual([{ kind: 'address', start: text.indexOf(address), end: text.indexOf(address) + address.length }]);
  });

  it('masks several kinds in one text and reports offsets into the original', () => {
    const text = 'Ali, Hauptstraße 3, Tel. 0176 1234567, ali@example.org, IBAN DE89 3704 0044 0532 0130 00';
    const result = maskPersonalData(text);
    expect(result.text).toBe('Ali, [Adresse entfernt], Tel. [Telefon entfernt], [E-Mail entfernt], IBAN [IBAN entfernt]');
    expect(result.masked.map((span) => span.kind)).toEqual(['address', 'phone', 'email', 'iban']);
    for (const span of result.masked) expect(text.slice(span.start, span.end)).not.toMatch(/^\s|\s$/);
    expect(text.slice(result.masked[1]!.start, result.masked[1]!.end)).toBe('0176 1234567');
  });

  it.each([
    ['Ich lebe seit 2015 in Bergisch Gladbach.'],
    ['Meine Tochter ist 14 Jahre alt, mein Sohn 9.'],
    ['Der Kurs kostet 5 Euro, das Mittagessen 3,50 €.'],
    ['Das Fest ist am 12.05.2026 um 10:30 Uhr.'],
    ['Termin: 01/02/2024, 08:00-12:00'],
    ['PLZ 51429, Bensberg'],
    ['Wir haben 3 Kinder und 2 Katzen.'],
    ['Von 2015 bis 2019 war ich in der Türkei.'],
    ['In der Klasse 5 sind 30 Kinder.'],
    ['Im Jahr 2015 kamen wir nach Deutschland.'],
    ['Am Montag 3 Termine beim Amt.'],
    ['Der Spielplatz 2 mal im Jahr gereinigt?'],
    ['Der Schulweg ist 2 km lang.'],
    ['In Bensberg 3 neue Kitas, in Gronau keine.'],
    ['Mit der Linie 227 bin ich 40 Minuten unterwegs.'],
    ['Kinder von 0 bis 6 Jahren, Gruppen von 10 bis 12.'],
    ['Seit 1.200 Tagen warte ich, das sind über 100 Wochen.'],
    ['Wir sind 0 Tore im Rückstand, 1:0 für die anderen.'],
    ['Die Miete ist um 15 % gestiegen, auf 1100 Euro.'],
  ])('leaves everyday numbers alone: %s', (text) => {
    expect(maskPersonalData(text)).toEqual({ text, masked: [] });
  });
});

describe('the masking test set (tests/fixtures/masking.json)', () => {
  const fixtures = loadMaskingFixtures();

  it('holds at least 150 written variants across the kinds and nine languages, and 50 ordinary sentences', () => {
    expect(fixtures.variants.length).toBeGreaterThanOrEqual(150);
    expect(fixtures.ordinary.length).toBeGreaterThanOrEqual(50);
    expect(new Set(fixtures.variants.map((variant) => variant.kind))).toEqual(new Set(['email', 'phone', 'iban', 'address', 'name']));
    expect(new Set(fixtures.variants.map((variant) => variant.language))).toEqual(new Set(['de', 'de-easy', 'en', 'tr', 'uk', 'ar', 'pl', 'it', 'ru']));
  });

  it('masks at least 95 % of the stretches whole and changes at most 2 % of ordinary sentences (acceptance targets)', () => {
    const result = evaluateMasking(fixtures);
    expect(result.misses).toEqual([]);
    expect(result.whole).toBeGreaterThanOrEqual(0.95);
    expect(result.changed).toEqual([]);
    expect(result.falsePositiveRate).toBeLessThanOrEqual(0.02);
  });

  it('leaves no readable tail: nothing of an expected stretch stays beside its mask', () => {
    for (const variant of fixtures.variants) {
      const { text } = maskPersonalData(variant.text);
      for (const expected of variant.spans) {
        const digits = expected.replace(/[^0-9٠-٩۰-۹０-９]/g, '');
        if (digits.length >= 4) expect(text).not.toContain(digits.slice(-4));
      }
    }
  });
});

describe('masking on hostile input', () => {
  it.each(Object.entries(adversarialInputs()))('masks the adversarial input "%s" with offsets into the original', (_name, text) => {
    const result = maskPersonalData(text);
    for (const span of result.masked) {
      expect(span.start).toBeGreaterThanOrEqual(0);
      expect(span.end).toBeLessThanOrEqual(text.length);
      expect(span.end).toBeGreaterThan(span.start);
    }
  });

  it('reports ordered, disjoint spans whose replacement gives the masked text, for any text', () => {
    const alphabet = fc.constantFrom(...'aA0 1@.-/()[]:,+ßüат٣۴＠．\u200bDEstraße'.split(''), ' at ', ' dot ', 'straße ', 'DE89', '0176', ' ul. ', ' null ', ' eins ');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }), (parts) => {
        const text = parts.join('');
        const result = maskPersonalData(text);
        let position = 0;
        let rebuilt = '';
        for (const span of result.masked) {
          expect(span.start).toBeGreaterThanOrEqual(position);
          rebuilt += text.slice(position, span.start) + MASK_TOKENS[span.kind];
          position = span.end;
        }
        expect(rebuilt + text.slice(position)).toBe(result.text);
      }),
    );
  });
});

describe('maskNames', () => {
  it('masks names a moderator marked, merging overlaps and clipping to the text', () => {
    const text = 'Frau Yılmaz und Herr Kowalski aus Gronau';
    const yilmaz = { start: text.indexOf('Yılmaz'), end: text.indexOf('Yılmaz') + 'Yılmaz'.length };
    const kowalski = { start: text.indexOf('Kowalski'), end: text.indexOf('Kowalski') + 'Kowalski'.length };
    expect(maskNames(text, [kowalski, yilmaz])).toBe(`Frau ${MASK_TOKENS.name} und Herr ${MASK_TOKENS.name} aus Gronau`);
    expect(maskNames(text, [yilmaz, { start: yilmaz.start + 2, end: yilmaz.end + 4 }])).toBe(`Frau ${MASK_TOKENS.name} Herr Kowalski aus Gronau`);
    expect(maskNames(text, [{ start: 34, end: 999 }])).toBe(`Frau Yılmaz und Herr Kowalski aus ${MASK_TOKENS.name}`);
    expect(maskNames(text, [])).toBe(text);
    expect(maskNames(text, [{ start: 5, end: 5 }])).toBe(text);
  });
});

describe('findOccurrences (what „Namen maskieren“ masks)', () => {
  it('finds a name after a Turkish „İ“ at its own place, so masking it leaves no letter of it', () => {
    const text = 'İsmail Yılmaz aus Gronau hat İsmail YILMAZ angerufen, Herr Yilmaz';
    const ranges = findOccurrences(text, 'yılmaz');
    expect(ranges.map(({ start, end }) => text.slice(start, end))).toEqual(['Yılmaz', 'YILMAZ', 'Yilmaz']);
    expect(maskNames(text, ranges)).toBe(`İsmail ${MASK_TOKENS.name} aus Gronau hat İsmail ${MASK_TOKENS.name} angerufen, Herr ${MASK_TOKENS.name}`);
    expect(findOccurrences(text, 'ismail').map(({ start, end }) => text.slice(start, end))).toEqual(['İsmail', 'İsmail']);
  });

  it('finds every occurrence whatever the case, and nothing for a blank or absent needle', () => {
    expect(findOccurrences('Anna und ANNA und anna', 'Anna')).toEqual([{ start: 0, end: 4 }, { start: 9, end: 13 }, { start: 18, end: 22 }]);
    expect(findOccurrences('Anna', '')).toEqual([]);
    expect(findOccurrences('Anna', 'Berta')).toEqual([]);
  });
});
