import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/languages.ts';
import { pluralTranslator, translator, type Catalog } from '../../client/i18n/translate.ts';
import { paperPlural } from '../../server/features/paper/paper.catalog.ts';
import { GERMAN_RESULT_WORDS, withheldReasons, type CountedUnit, type ResultWords } from '../../shared/results/summary.ts';
import surveyDe from '../../shared/i18n/survey/de.json';
import publicDe from '../../shared/i18n/public/de.json';
import stallDe from '../../shared/i18n/stall/de.json';
import stallEn from '../../shared/i18n/stall/en.json';

/**
 * Residents' messages with a count read in the form the language uses for it (shared/i18n/plural.ts):
 * Arabic's six (ثانية واحدة, ثانيتان, 3 ثوانٍ, 11 ثانية, 100 ثانية), the Slavic one/few/many, German's two.
 */

const COUNTS = [0, 1, 2, 3, 5, 11, 21, 100];
const LANGUAGES = ['ar', 'ru', 'pl', 'de'] as const;
/** Every residents' language, for the catalog of the result figures. */
const ALL_LANGUAGES = ['de', 'de-easy', 'en', 'tr', 'uk', 'ar', 'pl', 'it', 'ru'] as const;

function catalogOf<K extends string>(area: string, de: Record<K, string>, languages: readonly Language[] = LANGUAGES): Catalog<K> {
  const catalog: Catalog<K> = { de };
  for (const language of languages) {
    if (language !== 'de') catalog[language] = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'shared', 'i18n', area, `${language}.json`), 'utf8')) as Record<K, string>;
  }
  return catalog;
}

let shown: Language = 'de';
const survey = pluralTranslator(catalogOf('survey', surveyDe), () => shown);
const publicWords = pluralTranslator(catalogOf('public', publicDe, ALL_LANGUAGES), () => shown);

/** What each count of COUNTS gives, by language and message, the forms separated by ' | '. */
const EXPECTED: ReadonlyArray<readonly [(typeof LANGUAGES)[number], 'retrying' | 'maxChars' | 'resPointsN' | 'atMost', string]> = [
  ['ar', 'retrying', '0 ثانية. | ثانية واحدة. | ثانيتين. | 3 ثوانٍ. | 5 ثوانٍ. | 11 ثانية. | 21 ثانية. | 100 ثانية.'],
  ['ar', 'maxChars', 'الحد الأقصى: 0 حرف. | الحد الأقصى: حرف واحد. | الحد الأقصى: حرفان. | الحد الأقصى: 3 أحرف. | الحد الأقصى: 5 أحرف. | الحد الأقصى: 11 حرفًا. | الحد الأقصى: 21 حرفًا. | الحد الأقصى: 100 حرف.'],
  ['ar', 'resPointsN', '0 نقطة | نقطة واحدة | نقطتان | 3 نقاط | 5 نقاط | 11 نقطة | 21 نقطة | 100 نقطة'],
  ['ar', 'atMost', 'ضع 0 علامة على الأكثر. | ضع علامة واحدة على الأكثر. | ضع علامتين على الأكثر. | ضع 3 علامات على الأكثر. | ضع 5 علامات على الأكثر. | ضع 11 علامةً على الأكثر. | ضع 21 علامةً على الأكثر. | ضع 100 علامة على الأكثر.'],
  ['ru', 'retrying', '0 секунд. | 1 секунду. | 2 секунды. | 3 секунды. | 5 секунд. | 11 секунд. | 21 секунду. | 100 секунд.'],
  ['ru', 'maxChars', 'Не более 0 символов. | Не более 1 символа. | Не более 2 символов. | Не более 3 символов. | Не более 5 символов. | Не более 11 символов. | Не более 21 символа. | Не более 100 символов.'],
  ['ru', 'resPointsN', '0 баллов | 1 балл | 2 балла | 3 балла | 5 баллов | 11 баллов | 21 балл | 100 баллов'],
  ['ru', 'atMost', 'Не больше 0 крестиков. | Не больше 1 крестика. | Не больше 2 крестиков. | Не больше 3 крестиков. | Не больше 5 крестиков. | Не больше 11 крестиков. | Не больше 21 крестика. | Не больше 100 крестиков.'],
  ['pl', 'retrying', '0 sekund. | 1 sekundę. | 2 sekundy. | 3 sekundy. | 5 sekund. | 11 sekund. | 21 sekund. | 100 sekund.'],
  ['pl', 'maxChars', 'Najwyżej 0 znaków. | Najwyżej 1 znak. | Najwyżej 2 znaki. | Najwyżej 3 znaki. | Najwyżej 5 znaków. | Najwyżej 11 znaków. | Najwyżej 21 znaków. | Najwyżej 100 znaków.'],
  ['pl', 'resPointsN', '0 punktów | 1 punkt | 2 punkty | 3 punkty | 5 punktów | 11 punktów | 21 punktów | 100 punktów'],
  ['pl', 'atMost', 'Najwyżej 0 krzyżyków. | Najwyżej 1 krzyżyk. | Najwyżej 2 krzyżyki. | Najwyżej 3 krzyżyki. | Najwyżej 5 krzyżyków. | Najwyżej 11 krzyżyków. | Najwyżej 21 krzyżyków. | Najwyżej 100 krzyżyków.'],
  ['de', 'retrying', '0 Sekunden. | 1 Sekunde. | 2 Sekunden. | 3 Sekunden. | 5 Sekunden. | 11 Sekunden. | 21 Sekunden. | 100 Sekunden.'],
  ['de', 'maxChars', 'Höchstens 0 Zeichen. | Höchstens 1 Zeichen. | Höchstens 2 Zeichen. | Höchstens 3 Zeichen. | Höchstens 5 Zeichen. | Höchstens 11 Zeichen. | Höchstens 21 Zeichen. | Höchstens 100 Zeichen.'],
  ['de', 'resPointsN', '0 Punkte | 1 Punkt | 2 Punkte | 3 Punkte | 5 Punkte | 11 Punkte | 21 Punkte | 100 Punkte'],
  ['de', 'atMost', 'Höchstens 0 Kreuze. | Höchstens 1 Kreuz. | Höchstens 2 Kreuze. | Höchstens 3 Kreuze. | Höchstens 5 Kreuze. | Höchstens 11 Kreuze. | Höchstens 21 Kreuze. | Höchstens 100 Kreuze.'],
];
const expected = (language: string, message: string, index: number) => EXPECTED.find(([l, m]) => l === language && m === message)![2].split(' | ')[index]!;

describe.each(LANGUAGES)('%s', (language) => {
  it.each(COUNTS.map((n, index) => [n, index] as const))('n = %i', (n, index) => {
    shown = language;
    expect(survey('retrying', n, { seconds: n }).endsWith(` ${expected(language, 'retrying', index)}`)).toBe(true);
    expect(survey('maxChars', n, { max: n })).toBe(expected(language, 'maxChars', index));
    expect(publicWords('resPointsN', n)).toBe(expected(language, 'resPointsN', index));
    expect(paperPlural(language, 'questionnaire.atMost', n, { max: n })).toBe(expected(language, 'atMost', index));
  });
});

it('writes a count of characters in Arabic as 2000 حرف, the form of 100, not of 11', () => {
  shown = 'ar';
  expect(survey('maxChars', 2000, { max: 2000 })).toBe('الحد الأقصى: 2000 حرف.');
  expect(survey('charsLeft', 2, { max: 500 })).toBe('المتبقي: حرفان من 500');
});

it('reads German forms while a language has not arrived, and the result figures in German say "1 Punkt"', () => {
  const onlyGerman = pluralTranslator({ de: publicDe }, () => 'ru');
  expect(onlyGerman('resPointsN', 1)).toBe('1 Punkt');
  expect(onlyGerman('resPointsN', 3)).toBe('3 Punkte');
  expect(GERMAN_RESULT_WORDS.plural('resPointsN', 1)).toBe('1 Punkt');
  expect(GERMAN_RESULT_WORDS.plural('sumNone', 1)).toBe('; 1 machte keine Angabe');
});

it('judges a count written with a decimal as written: 1,5-mal in Russian is "в 1,5 раза"', () => {
  shown = 'ru';
  expect(publicWords('resultsSpread', 1.5, { lowest: 'A', highest: 'B', factor: '1,5' })).toMatch(/в 1,5 раза больше\.$/);
  expect(publicWords('resultsSpread', 2, { lowest: 'A', highest: 'B', factor: '2' })).toMatch(/в 2 раза больше\.$/);
  expect(publicWords('resultsSpread', 5, { lowest: 'A', highest: 'B', factor: '5' })).toMatch(/в 5 раз больше\.$/);
});

describe('why a figure is withheld: "weniger als {threshold} Personen" in the form the threshold needs', () => {
  const publicText = translator(catalogOf('public', publicDe, ALL_LANGUAGES), () => shown);
  const words = (language: Language): ResultWords => ({
    text: (key, params) => {
      shown = language;
      return publicText(key, params);
    },
    plural: (key, count, params) => {
      shown = language;
      return publicWords(key, count, params);
    },
    locale: language,
  });
  const reasons = (language: Language, unit: CountedUnit) => [2, 3, 5, 11].map((threshold) => withheldReasons(threshold, unit, words(language)).below_threshold.replace(/[;؛].*/, '')).join(' | ');

  it.each([
    // Arabic keeps „< 5“ in a left-to-right isolate (U+2066 … U+2069), so the sign stands left of the number as in the chart.
    ['ar', 'people', '«\u2066< 2\u2069»: أقل من شخصين | «\u2066< 3\u2069»: أقل من 3 أشخاص | «\u2066< 5\u2069»: أقل من 5 أشخاص | «\u2066< 11\u2069»: أقل من 11 شخصًا'],
    ['ar', 'dots', '«\u2066< 2\u2069»: أقل من نقطتين | «\u2066< 3\u2069»: أقل من 3 نقاط | «\u2066< 5\u2069»: أقل من 5 نقاط | «\u2066< 11\u2069»: أقل من 11 نقطةً'],
    ['ar', 'voices', '«\u2066< 2\u2069»: أقل من صوتين | «\u2066< 3\u2069»: أقل من 3 أصوات | «\u2066< 5\u2069»: أقل من 5 أصوات | «\u2066< 11\u2069»: أقل من 11 صوتًا'],
    ['ru', 'people', '«< 2»: меньше 2 человек | «< 3»: меньше 3 человек | «< 5»: меньше 5 человек | «< 11»: меньше 11 человек'],
    ['ru', 'dots', '«< 2»: меньше 2 точек | «< 3»: меньше 3 точек | «< 5»: меньше 5 точек | «< 11»: меньше 11 точек'],
    ['pl', 'people', '„< 2”: mniej niż 2 osoby | „< 3”: mniej niż 3 osoby | „< 5”: mniej niż 5 osób | „< 11”: mniej niż 11 osób'],
    ['pl', 'dots', '„< 2”: mniej niż 2 punkty | „< 3”: mniej niż 3 punkty | „< 5”: mniej niż 5 punktów | „< 11”: mniej niż 11 punktów'],
    ['pl', 'voices', '„< 2”: mniej niż 2 głosy | „< 3”: mniej niż 3 głosy | „< 5”: mniej niż 5 głosów | „< 11”: mniej niż 11 głosów'],
    ['de', 'voices', '„< 2“: weniger als 2 Stimmen | „< 3“: weniger als 3 Stimmen | „< 5“: weniger als 5 Stimmen | „< 11“: weniger als 11 Stimmen'],
  ] as const)('%s, %s', (language, unit, expected) => {
    expect(reasons(language, unit)).toBe(expected);
  });

  it('names no counted word in brackets in any language, and a Russian threshold of 21 reads "21 человека"', () => {
    for (const language of ALL_LANGUAGES) {
      for (const unit of ['people', 'dots', 'voices'] as const) expect(withheldReasons(5, unit, words(language)).below_threshold, `${language} ${unit}`).not.toMatch(/\(|\{/);
    }
    expect(withheldReasons(21, 'people', words('ru')).below_threshold).toMatch(/^«< 21»: меньше 21 человека;/);
  });
});

describe('staff words with a count', () => {
  it('the paper entry says "one answer" or "3 answers" for a question\'s limit, in German and English', () => {
    let language: Language = 'de';
    const stall = pluralTranslator<keyof typeof stallDe>({ de: stallDe, en: stallEn }, () => language);
    expect(stall('paperEntry.errTooMany', 1, { max: 1 })).toBe('Höchstens eine Antwort ist bei dieser Frage möglich.');
    expect(stall('paperEntry.errTooMany', 3, { max: 3 })).toBe('Höchstens 3 Antworten sind bei dieser Frage möglich.');
    language = 'en';
    expect(stall('paperEntry.errTooMany', 1, { max: 1 })).toBe('At most one answer is possible for this question.');
    expect(stall('paperEntry.errTooMany', 2, { max: 2 })).toBe('At most 2 answers are possible for this question.');
  });
});
