import { describe, expect, it } from 'vitest';
import { neutralSurveyTexts } from '../../server/features/survey/survey.defaults.ts';
import type { Language } from '../../shared/languages.ts';

/**
 * A new process's privacy notice names its threshold in each language's own words: the survey's
 * texts have no plural forms, so the form is chosen when the text is made (server/features/survey/survey.defaults.ts).
 */

const textsFor = (threshold: number) => neutralSurveyTexts({ title: { de: 'Klimaplan' }, city: { de: 'Musterstadt' }, suppressionThreshold: threshold });
const privacy = (threshold: number, language: Language) =>
  textsFor(threshold)
    .privacy.paragraphs.map((paragraph) => paragraph[language])
    .join(' ');

describe('the privacy notice of a new process', () => {
  it.each([
    ['de', 5, 'mindestens 5 Personen.'],
    ['de-easy', 11, 'mindestens 11 Menschen.'],
    ['en', 11, 'at least 11 people.'],
    ['ar', 2, 'لا يقل عددها عن شخصين فقط.'],
    ['ar', 3, 'لا يقل عددها عن 3 أشخاص فقط.'],
    ['ar', 5, 'لا يقل عددها عن 5 أشخاص فقط.'],
    ['ar', 11, 'لا يقل عددها عن 11 شخصًا فقط.'],
    ['ar', 100, 'لا يقل عددها عن 100 شخص فقط.'],
    ['pl', 5, 'co najmniej 5 osób.'],
    ['pl', 22, 'co najmniej 22 osoby.'],
    ['ru', 21, 'не менее чем из 21 человека.'],
    ['ru', 22, 'не менее чем из 22 человек.'],
    ['uk', 21, 'щонайменше з 21 особи.'],
    ['uk', 11, 'щонайменше з 11 осіб.'],
  ] as const)('%s, threshold %i: „…%s“', (language, threshold, words) => {
    expect(privacy(threshold, language)).toContain(words);
  });

  it('is one paragraph per message, in the catalog’s order, with no plural form left over', () => {
    const paragraphs = textsFor(11).privacy.paragraphs;
    expect(paragraphs).toHaveLength(7);
    expect(paragraphs[4]!.de).toBe('Ergebnisse veröffentlichen wir nur zusammengefasst und nur für Gruppen von mindestens 11 Personen.');
    expect(paragraphs[6]!.de).toBe('Verantwortlich: Stadt Musterstadt.');
    for (const paragraph of paragraphs) expect(Object.keys(paragraph).sort()).toEqual(['ar', 'de', 'de-easy', 'en', 'it', 'pl', 'ru', 'tr', 'uk']);
  });
});
