import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from '../../shared/i18n/catalog.ts';
import type { Language } from '../../shared/languages.ts';
import type { ShowIf, SurveyDefinition, SurveyQuestion } from '../../shared/survey/definition.ts';
import { conditionInWords, onlyIfSentence, skipInstructions, skipSentence, type PaperPhrase } from '../../shared/survey/paper.ts';
import de from '../../shared/i18n/paper/de.json' with { type: 'json' };
import ar from '../../shared/i18n/paper/ar.json' with { type: 'json' };

/** The skip logic of the printed questionnaire, read off the same show-if trees the phone evaluates. */

const phraseOf =
  (catalog: typeof de): PaperPhrase =>
  (key, params) =>
    fillPlaceholders(catalog.questionnaire[key], params);

const yesNo = (key: string, showIf?: ShowIf): SurveyQuestion => ({
  key,
  type: 'single',
  required: false,
  title: { de: key },
  options: [
    { key: 'yes', label: { de: 'Ja', ar: 'نعم' } },
    { key: 'no', label: { de: 'Nein', ar: 'لا' } },
    { key: 'unsure', label: { de: 'Weiß nicht' } },
  ],
  ...(showIf ? { showIf } : {}),
});
const text = (key: string, showIf?: ShowIf): SurveyQuestion => ({ key, type: 'text', required: false, title: { de: key }, ...(showIf ? { showIf } : {}) });
const survey = (...questions: SurveyQuestion[]): SurveyDefinition => ({
  version: 1,
  languages: ['de', 'ar'],
  translations: {},
  sections: [{ key: 'a', title: { de: 'A' }, questions }],
});
const skips = (definition: SurveyDefinition, key: string, language: Language = 'de') =>
  skipInstructions(definition.sections[0]!.questions.find((q) => q.key === key)!, definition, language, 'Anderes').map((instruction) =>
    skipSentence(instruction, language, phraseOf(language === 'ar' ? ar : de)),
  );

describe('skip instructions', () => {
  it('sends a "no" past the questions only a "yes" opens, naming both other answers once', () => {
    const definition = survey(yesNo('kids'), text('school', { question: 'kids', equals: 'yes' }), text('more', { question: 'kids', equals: 'yes' }), text('next'));
    expect(skips(definition, 'kids')).toEqual(['Wenn Nein oder Weiß nicht: weiter mit Frage 4']);
  });

  it('says "to the end" when nothing after the question is asked any more', () => {
    const definition = survey(yesNo('kids'), text('school', { question: 'kids', equals: 'yes' }));
    expect(skips(definition, 'kids')).toEqual(['Wenn Nein oder Weiß nicht: weiter am Ende des Bogens']);
  });

  it('never skips a question whose showing depends on another answer too', () => {
    const definition = survey(
      yesNo('a'),
      yesNo('kids'),
      text('school', { any: [{ question: 'kids', equals: 'yes' }, { question: 'a', equals: 'yes' }] }),
      text('next'),
    );
    expect(skips(definition, 'kids')).toEqual([]);
  });

  it('follows chains: a question on a skipped question is skipped with it', () => {
    const definition = survey(yesNo('kids'), yesNo('school', { question: 'kids', equals: 'no' }), text('why', { question: 'school', answered: true }), text('next'));
    expect(skips(definition, 'kids')).toEqual(['Wenn Ja oder Weiß nicht: weiter mit Frage 4']);
    // Within the chain, "school" leads on to "why" for every answer: nothing to say.
    expect(skips(definition, 'school')).toEqual([]);
  });

  it('speaks the questionnaire language', () => {
    const definition = survey(yesNo('kids'), text('school', { question: 'kids', equals: 'yes' }), text('next'));
    const [sentence] = skips(definition, 'kids', 'ar');
    expect(sentence).toContain('لا');
    expect(sentence).toContain('3');
  });
});

describe('conditions in words', () => {
  const definition = survey(yesNo('a'), yesNo('b'), text('c'), text('d'));
  const words = (showIf: ShowIf) => conditionInWords(showIf, definition, 'de', phraseOf(de));

  it('names the question by its number and the answer by its label', () => {
    expect(words({ question: 'a', equals: 'yes' })).toBe('bei Frage 1 „Ja“ angekreuzt haben');
    expect(words({ question: 'c', answered: true })).toBe('Frage 3 beantwortet haben');
    expect(words({ not: { question: 'b', equals: 'no' } })).toBe('bei Frage 2 „Nein“ nicht angekreuzt haben');
  });

  it('joins with "und" and "oder", bracketing groups inside groups', () => {
    expect(words({ all: [{ question: 'a', equals: 'yes' }, { any: [{ question: 'b', equals: 'no' }, { question: 'c', answered: true }] }] })).toBe(
      'bei Frage 1 „Ja“ angekreuzt haben und (bei Frage 2 „Nein“ angekreuzt haben oder Frage 3 beantwortet haben)',
    );
  });

  it('makes the sentence a conditional question prints', () => {
    const question: SurveyQuestion = text('d', { question: 'a', equals: 'yes' });
    expect(onlyIfSentence(question, definition, 'de', phraseOf(de))).toBe('Nur beantworten, wenn Sie bei Frage 1 „Ja“ angekreuzt haben.');
    expect(onlyIfSentence(text('c'), definition, 'de', phraseOf(de))).toBeNull();
  });
});
