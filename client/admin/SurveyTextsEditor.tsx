import type { LocalizedText, Language } from '../../shared/languages.ts';
import { MAX_SURVEY_PROSE_LENGTH, MAX_SURVEY_PROSE_PARAGRAPHS } from '../../shared/survey/definition.schema.ts';
import type { SurveyTextBlock, SurveyTexts } from '../../shared/survey/definition.ts';
import { t } from './messages.ts';
import { focusAdded, keepingFocus } from './keep-focus.ts';
import type { TextField } from './SurveyEditor.tsx';
import { NamedControl } from '../ui/NamedControl.tsx';

/**
 * The texts around the survey, in the language chosen at "Texte bearbeiten in": the privacy notice
 * residents read before they start, the thank-you page after sending, and the answer labels
 * ("Anderes", "außerhalb von …"). A new process starts with neutral ones naming its own title and
 * city; German is required, another language left empty shows German.
 */

type Blocks = 'privacy' | 'thanks';
const LABELS = ['other', 'noAnswer', 'stadtteilOutside', 'stadtteilUnknown'] as const;

/**
 * Where a German text is missing, a text is longer than the server takes (in any language) or a
 * block has more paragraphs than it takes (only texts saved before the limit can): the draft
 * cannot be saved until none is, as the server's schema says (`surveyTextsSchema`).
 */
export function textsIssues(texts: SurveyTexts): string[] {
  const parts = [
    ...(['privacy', 'thanks'] as const).map((name) => ({ part: blockName(name), texts: [texts[name].title, ...texts[name].paragraphs], paragraphs: texts[name].paragraphs.length })),
    { part: t('surveyTexts.labels'), texts: LABELS.map((name) => texts.labels[name]), paragraphs: 0 },
  ];
  return parts.flatMap(({ part, texts: list, paragraphs }) => [
    ...(list.some((text) => !text.de.trim()) ? [t('surveyTexts.germanMissingIn', { part })] : []),
    ...(list.some((text) => Object.values(text).some((value) => value.length > MAX_SURVEY_PROSE_LENGTH)) ? [t('surveyTexts.tooLongIn', { part, max: MAX_SURVEY_PROSE_LENGTH })] : []),
    ...(paragraphs > MAX_SURVEY_PROSE_PARAGRAPHS ? [t('surveyTexts.tooManyParagraphsIn', { part, max: MAX_SURVEY_PROSE_PARAGRAPHS, n: paragraphs })] : []),
  ]);
}

const blockName = (name: Blocks) => (name === 'privacy' ? t('surveyTexts.privacy') : t('surveyTexts.thanks'));

const labelName = (name: (typeof LABELS)[number]) =>
  ({ other: t('surveyTexts.labelOther'), noAnswer: t('surveyTexts.labelNoAnswer'), stadtteilOutside: t('surveyTexts.labelOutside'), stadtteilUnknown: t('surveyTexts.labelUnknown') })[name];

export function SurveyTextsEditor(props: {
  texts: SurveyTexts;
  language: Language;
  textField: TextField;
  withText: (text: LocalizedText, language: Language, value: string) => LocalizedText;
  onChange: (update: (texts: SurveyTexts) => SurveyTexts) => void;
}) {
  const { texts, language, textField, withText, onChange } = props;
  const issues = textsIssues(texts);
  const setBlock = (name: Blocks, update: (block: SurveyTextBlock) => SurveyTextBlock) => onChange((current) => ({ ...current, [name]: update(current[name]) }));

  const block = (name: Blocks) => {
    const value = texts[name];
    return (
      <fieldset class="editor-section" key={name}>
        <legend>{blockName(name)}</legend>
        {textField(`texts-${name}-title`, t('surveyTexts.heading'), value.title, (v) => setBlock(name, (b) => ({ ...b, title: withText(b.title, language, v) })))}
        <ol class="editor-list">
          {value.paragraphs.map((paragraph, i) => (
            <li key={i}>
              {textField(`texts-${name}-p${i}`, t('surveyTexts.paragraph', { n: i + 1 }), paragraph, (v) => setBlock(name, (b) => ({ ...b, paragraphs: b.paragraphs.map((p, j) => (j === i ? withText(p, language, v) : p)) })), true)}
              <button
                type="button"
                class="button secondary"
                disabled={value.paragraphs.length === 1}
                onClick={(e) => keepingFocus(e.currentTarget, () => setBlock(name, (b) => ({ ...b, paragraphs: b.paragraphs.filter((_, j) => j !== i) })))}
              >
                <NamedControl visible={t('surveyTexts.removeParagraph', { n: i + 1 })} more={`: ${blockName(name)}`} />
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          class="button secondary"
          disabled={value.paragraphs.length >= MAX_SURVEY_PROSE_PARAGRAPHS}
          onClick={() => {
            setBlock(name, (b) => ({ ...b, paragraphs: [...b.paragraphs, { de: '' }] }));
            focusAdded(`texts-${name}-p${value.paragraphs.length}`);
          }}
        >
          <NamedControl visible={t('surveyTexts.addParagraph')} more={`: ${blockName(name)}`} />
        </button>
      </fieldset>
    );
  };

  return (
    <section aria-labelledby="survey-texts" class="survey-texts" aria-describedby={issues.length ? 'issues-texts' : undefined}>
      <h2 id="survey-texts">{t('surveyTexts.title')}</h2>
      <p class="hint">{t('surveyTexts.intro')}</p>
      {issues.length ? (
        <ul class="editor-issues error-text" id="issues-texts">
          {issues.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      {block('privacy')}
      {block('thanks')}
      <fieldset class="editor-section">
        <legend>{t('surveyTexts.labels')}</legend>
        {LABELS.map((name) => textField(`texts-label-${name}`, labelName(name), texts.labels[name], (v) => onChange((current) => ({ ...current, labels: { ...current.labels, [name]: withText(current.labels[name], language, v) } }))))}
      </fieldset>
    </section>
  );
}
