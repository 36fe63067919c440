import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SurveyDistrict } from '../../shared/api/survey.ts';
import { MAX_CONTRIBUTION_LENGTH, PLACE_OUTSIDE, PLACE_UNKNOWN } from '../../shared/domain.ts';
import { fallbackAttributes, localize, type Language, type LocalizedText } from '../../shared/languages.ts';
import { countCharacters, parseWholeNumber, type OtherAnswer } from '../../shared/survey/answers.ts';
import { normalizeFreeText } from '../../shared/text/normalize.ts';
import {
  MAX_OTHER_LENGTH,
  type ChoiceQuestion,
  type StadtteilQuestion,
  type NumberQuestion,
  type RankingQuestion,
  type ScaleQuestion,
  type SurveyQuestion,
  type SurveyTexts,
  type TextQuestion,
} from '../../shared/survey/definition.ts';
import { t, tn } from './messages.ts';
import { NamedControl } from '../ui/NamedControl.tsx';

/** What every question control gets: its answer, a way to change it, and where to say what is wrong. */
export interface QuestionProps<Q extends SurveyQuestion = SurveyQuestion> {
  question: Q;
  value: unknown;
  onChange: (value: unknown) => void;
  language: Language;
  error: string | undefined;
  labels: SurveyTexts['labels'];
  districts: SurveyDistrict[];
}

/** The element an error summary link focuses: the question's first control. */
export const anchorId = (key: string) => `q-${key}`;
/** The text field of a question's "other" choice. */
export const otherTextId = (key: string) => `${anchorId(key)}-other`;

function isOther(value: unknown): value is OtherAnswer {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as OtherAnswer).other === 'string';
}

function describedBy(key: string, help: boolean, error: boolean): string | undefined {
  return [help ? `${anchorId(key)}-help` : '', error ? `${anchorId(key)}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function Notes({ question, language, error }: Pick<QuestionProps, 'question' | 'language' | 'error'>) {
  return (
    <>
      {question.help && (
        <p class="hint" id={`${anchorId(question.key)}-help`} {...fallbackAttributes(question.help, language)}>
          {localize(question.help, language)}
        </p>
      )}
      {error && (
        <p class="error-text" id={`${anchorId(question.key)}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

function Title({ question, language }: Pick<QuestionProps, 'question' | 'language'>) {
  return (
    <>
      <span {...fallbackAttributes(question.title, language)}>{localize(question.title, language)}</span>
      {question.required && <span class="required"> ({t('requiredMark')})</span>}
    </>
  );
}

/** Radio and checkbox questions: a fieldset whose legend is the question. */
function Group({
  question,
  language,
  error,
  focusable,
  hint,
  children,
}: Pick<QuestionProps, 'question' | 'language' | 'error'> & { focusable?: boolean; hint?: string; children: ComponentChildren }) {
  // A group whose first control may be disabled (ranking) is itself the target of error links.
  const anchor = focusable ? { id: anchorId(question.key), tabIndex: -1 } : {};
  const description = [describedBy(question.key, !!question.help, !!error), hint].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={error ? 'question invalid' : 'question'} aria-describedby={description} {...anchor}>
      <legend>
        <Title question={question} language={language} />
      </legend>
      <Notes question={question} language={language} error={error} />
      {children}
    </fieldset>
  );
}

function Choice(props: { id: string; type: 'radio' | 'checkbox'; name: string; checked: boolean; onChange: () => void; children: ComponentChildren }) {
  return (
    <label class="choice" for={props.id}>
      <input id={props.id} type={props.type} name={props.name} checked={props.checked} onChange={props.onChange} />
      <span>{props.children}</span>
    </label>
  );
}

/**
 * What is left of a text's limit, counted as the server counts (characters as people see
 * them, after trimming): live on screen, and for screen readers once typing pauses. Nothing
 * is ever cut off; a text over the limit says by how much, and the page asks to shorten it.
 */
function CharCount({ id, text, max }: { id: string; text: string; max: number }) {
  const left = max - countCharacters(normalizeFreeText(text));
  const message = left >= 0 ? tn('charsLeft', left, { max }) : tn('charsOver', -left);
  const [spoken, setSpoken] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSpoken(message), 1_000);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <>
      <p class="visually-hidden" id={id}>
        {tn('maxChars', max, { max })}
      </p>
      <p class={left < 0 ? 'char-count over' : 'char-count'} aria-hidden="true">
        {message}
      </p>
      <p class="visually-hidden" aria-live="polite">
        {spoken}
      </p>
    </>
  );
}

/** Whether a text is over its limit, as the server would judge it. */
const overLimit = (text: string, max: number) => countCharacters(normalizeFreeText(text)) > max;

/** The words for „Andere“, in their own direction like a free text. */
function OtherText({ question, text, error, onInput }: { question: SurveyQuestion; text: string; error: string | undefined; onInput: (text: string) => void }) {
  const id = otherTextId(question.key);
  const missing = error !== undefined && normalizeFreeText(text) === '';
  const invalid = missing || overLimit(text, MAX_OTHER_LENGTH);
  return (
    <div class="other-text">
      <label for={id}>{t('otherSpecify')}</label>
      <input
        id={id}
        type="text"
        dir="auto"
        value={text}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={[error ? `${anchorId(question.key)}-error` : '', `${id}-count`].filter(Boolean).join(' ')}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      <CharCount id={`${id}-count`} text={text} max={MAX_OTHER_LENGTH} />
    </div>
  );
}

function SingleOrMulti({ question, value, onChange, language, error, labels }: QuestionProps<ChoiceQuestion>) {
  const multi = question.type === 'multi';
  const selected: unknown[] = multi ? (Array.isArray(value) ? value : []) : value === undefined ? [] : [value];
  const other = selected.find(isOther);
  const optionIds = question.options.map((option, i) => (i === 0 ? anchorId(question.key) : `${anchorId(question.key)}-${i}`));
  const toggle = (key: string) => {
    if (!multi) return onChange(key);
    const keys = selected.filter((entry) => entry !== key && !isOther(entry));
    if (!selected.includes(key)) keys.push(key);
    // Definition order with "other" last, the order the server stores.
    const ordered: unknown[] = question.options.map((option) => option.key).filter((optionKey) => keys.includes(optionKey));
    onChange(other ? [...ordered, other] : ordered);
  };
  const setOther = (next: OtherAnswer | null) => {
    if (!multi) return onChange(next ?? undefined);
    const keys = selected.filter((entry) => !isOther(entry));
    onChange(next ? [...keys, next] : keys);
  };
  return (
    <Group question={question} language={language} error={error}>
      {question.options.map((option, i) => (
        <Choice key={option.key} id={optionIds[i]!} type={multi ? 'checkbox' : 'radio'} name={question.key} checked={selected.includes(option.key)} onChange={() => toggle(option.key)}>
          <span {...fallbackAttributes(option.label, language)}>{localize(option.label, language)}</span>
        </Choice>
      ))}
      {question.allowOther && (
        <Choice
          id={`${anchorId(question.key)}-other-choice`}
          type={multi ? 'checkbox' : 'radio'}
          name={question.key}
          checked={other !== undefined}
          onChange={() => setOther(multi && other ? null : (other ?? { other: '' }))}
        >
          <span {...fallbackAttributes(labels.other, language)}>{localize(labels.other, language)}</span>
        </Choice>
      )}
      {other && <OtherText question={question} text={other.other} error={error} onInput={(text) => setOther({ other: text })} />}
    </Group>
  );
}

function Scale({ question, value, onChange, language, error, labels }: QuestionProps<ScaleQuestion>) {
  const { min, max, minLabel, maxLabel, allowNoAnswer } = question.scale;
  const steps = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const endLabel = (step: number): LocalizedText | null => (step === min ? minLabel : step === max ? maxLabel : null);
  return (
    <Group question={question} language={language} error={error}>
      <div class="scale">
        {steps.map((step, i) => {
          const end = endLabel(step);
          return (
            <label class="scale-step" key={step} for={i === 0 ? anchorId(question.key) : `${anchorId(question.key)}-${i}`}>
              <input
                id={i === 0 ? anchorId(question.key) : `${anchorId(question.key)}-${i}`}
                type="radio"
                name={question.key}
                checked={value === step}
                onChange={() => onChange(step)}
              />
              <span>{step}</span>
              {end && <span class="visually-hidden"> – {localize(end, language)}</span>}
            </label>
          );
        })}
      </div>
      <p class="scale-ends" aria-hidden="true">
        <span {...fallbackAttributes(minLabel, language)}>{localize(minLabel, language)}</span>
        <span {...fallbackAttributes(maxLabel, language)}>{localize(maxLabel, language)}</span>
      </p>
      {allowNoAnswer && (
        <Choice id={`${anchorId(question.key)}-none`} type="radio" name={question.key} checked={value === null} onChange={() => onChange(null)}>
          <span {...fallbackAttributes(labels.noAnswer, language)}>{localize(labels.noAnswer, language)}</span>
        </Choice>
      )}
    </Group>
  );
}

/**
 * Ranking without dragging: residents add what matters to them and move it with buttons,
 * which work the same by keyboard, touch and screen reader. Options left out are "not placed".
 */
function Ranking({ question, value, onChange, language, error }: QuestionProps<RankingQuestion>) {
  const ranked = Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : [];
  const places = question.maxRanked ?? question.options.length;
  const labelOf = (key: string) => localize(question.options.find((option) => option.key === key)?.label ?? { de: key }, language);
  const [announcement, setAnnouncement] = useState('');
  // After a move the row re-renders elsewhere; keep the keyboard where the resident was.
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (focusNext.current) document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });
  const buttonId = (key: string, action: 'up' | 'down' | 'remove' | 'add') => `${anchorId(question.key)}-${key}-${action}`;
  /** The moved row's button to keep focus on: the same direction while it can go on, else one that is enabled. */
  const focusAfter = (key: string, next: string[], prefer: 'up' | 'down') => {
    const at = next.indexOf(key);
    const canUp = at > 0;
    const canDown = at < next.length - 1;
    if (prefer === 'up') return buttonId(key, canUp ? 'up' : canDown ? 'down' : 'remove');
    return buttonId(key, canDown ? 'down' : canUp ? 'up' : 'remove');
  };
  const update = (next: string[], moved: string, focus: string) => {
    onChange(next.length > 0 ? next : undefined);
    focusNext.current = focus;
    const place = next.indexOf(moved);
    setAnnouncement(place >= 0 ? t('rankingMoved', { label: labelOf(moved), n: place + 1 }) : t('rankingRemoved', { label: labelOf(moved) }));
  };
  const move = (key: string, by: -1 | 1) => {
    const from = ranked.indexOf(key);
    const next = [...ranked];
    next.splice(from, 1);
    next.splice(from + by, 0, key);
    update(next, key, focusAfter(key, next, by === -1 ? 'up' : 'down'));
  };
  const unranked = question.options.filter((option) => !ranked.includes(option.key));
  // The hint describes the group: how to choose (how many at most, where fewer than all may be ranked: „höchstens 4“ of
  // four options tells nothing) and how to move, naming the buttons as a screen reader
  // hears them; what to rank and in which order the question's own title and help say, so the hint does not say it again.
  // Each list is named by the words above it.
  const ids = { hint: `${anchorId(question.key)}-ranking-hint`, chosen: `${anchorId(question.key)}-ranking-chosen`, rest: `${anchorId(question.key)}-ranking-rest` };
  return (
    <Group question={question} language={language} error={error} focusable hint={ids.hint}>
      <p class="hint" id={ids.hint}>
        {places < question.options.length
          ? t('rankingHint', { max: places, add: t('rankingAdd'), up: t('rankingUp'), down: t('rankingDown') })
          : t('rankingHintAll', { add: t('rankingAdd'), up: t('rankingUp'), down: t('rankingDown') })}
      </p>
      <p class="label" id={ids.chosen}>
        {t('rankingChosen')}
      </p>
      {ranked.length === 0 ? (
        <p>{t('rankingNone')}</p>
      ) : (
        <ol class="ranking" aria-labelledby={ids.chosen}>
          {ranked.map((key, i) => (
            <li key={key}>
              <span class="ranking-label">
                {i + 1}. {labelOf(key)}
              </span>
              <span class="ranking-buttons">
                <button type="button" class="button secondary" id={buttonId(key, 'up')} disabled={i === 0} onClick={() => move(key, -1)}>
                  <span aria-hidden="true">↑</span>
                  <span class="visually-hidden">
                    {t('rankingUp')}: {labelOf(key)}
                  </span>
                </button>
                <button type="button" class="button secondary" id={buttonId(key, 'down')} disabled={i === ranked.length - 1} onClick={() => move(key, 1)}>
                  <span aria-hidden="true">↓</span>
                  <span class="visually-hidden">
                    {t('rankingDown')}: {labelOf(key)}
                  </span>
                </button>
                <button type="button" class="button secondary" id={buttonId(key, 'remove')} onClick={() => update(ranked.filter((entry) => entry !== key), key, buttonId(key, 'add'))}>
                  <span aria-hidden="true">✕</span>
                  <span class="visually-hidden">
                    {t('rankingRemove')}: {labelOf(key)}
                  </span>
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      {unranked.length > 0 && (
        <>
          <p class="label" id={ids.rest}>
            {t('rankingRest')}
          </p>
          <ul class="ranking" aria-labelledby={ids.rest}>
            {unranked.map((option) => (
              <li key={option.key}>
                <span class="ranking-label">{localize(option.label, language)}</span>
                <button
                  type="button"
                  class="button secondary"
                  id={buttonId(option.key, 'add')}
                  disabled={ranked.length >= places}
                  onClick={() => update([...ranked, option.key], option.key, focusAfter(option.key, [...ranked, option.key], 'up'))}
                >
                  <NamedControl visible={t('rankingAdd')} more={`: ${localize(option.label, language)}`} />
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </Group>
  );
}

/** Text and Stadtteil questions have one control, labelled by the question itself. */
function Single({ question, language, error, children }: Pick<QuestionProps, 'question' | 'language' | 'error'> & { children: ComponentChildren }) {
  return (
    <div class={error ? 'question invalid' : 'question'}>
      <label class="label" for={anchorId(question.key)}>
        <Title question={question} language={language} />
      </label>
      <Notes question={question} language={language} error={error} />
      {children}
    </div>
  );
}

/** A free text; `dir="auto"`: it runs in the direction of the resident's own words (German typed into the Arabic survey from the left). */
function Text({ question, value, onChange, language, error }: QuestionProps<TextQuestion>) {
  const max = question.maxLength ?? MAX_CONTRIBUTION_LENGTH;
  const text = typeof value === 'string' ? value : '';
  const countId = `${anchorId(question.key)}-count`;
  return (
    <Single question={question} language={language} error={error}>
      <textarea
        id={anchorId(question.key)}
        rows={5}
        dir="auto"
        aria-invalid={error || overLimit(text, max) ? 'true' : undefined}
        aria-describedby={[describedBy(question.key, !!question.help, !!error), countId].filter(Boolean).join(' ')}
        value={text}
        onInput={(event) => onChange(event.currentTarget.value)}
      />
      <CharCount id={countId} text={text} max={max} />
    </Single>
  );
}

/**
 * A whole number in a text field with the numeric keyboard (`inputmode`), not `type="number"`,
 * which turns a typo into an empty value and changes the number on a scroll. What cannot be
 * read as a whole number stays as typed, so the rules name it and the resident can correct it.
 */
function NumberInput({ question, value, onChange, language, error }: QuestionProps<NumberQuestion>) {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  return (
    <Single question={question} language={language} error={error}>
      <input
        id={anchorId(question.key)}
        class="number-input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(question.key, !!question.help, !!error)}
        value={text}
        onInput={(event) => onChange(parseWholeNumber(event.currentTarget.value))}
      />
    </Single>
  );
}

/** Stadtteile grouped by statistical district, then "outside" and "rather not say". */
function Stadtteil({ question, value, onChange, language, error, labels, districts }: QuestionProps<StadtteilQuestion>) {
  return (
    <Single question={question} language={language} error={error}>
      <select
        id={anchorId(question.key)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(question.key, !!question.help, !!error)}
        value={typeof value === 'string' ? value : ''}
        onChange={(event) => onChange(event.currentTarget.value || undefined)}
      >
        <option value="">{t('choose')}</option>
        {districts.map((district) => (
          // A district named as seeded ("Bezirk 1") reads in the survey's language, as on the process page; any
          // other name is a proper name and stays German, as the Stadtteile do.
          <optgroup key={district.key} {...(district.name === `Bezirk ${district.nr}` ? { label: t('district', { nr: district.nr }) } : { label: district.name, lang: 'de' })}>
            {district.stadtteile.map((stadtteil) => (
              <option key={stadtteil.key} value={stadtteil.key} lang="de">
                {stadtteil.name}
              </option>
            ))}
          </optgroup>
        ))}
        <option value={PLACE_OUTSIDE} {...fallbackAttributes(labels.stadtteilOutside, language)}>
          {localize(labels.stadtteilOutside, language)}
        </option>
        <option value={PLACE_UNKNOWN} {...fallbackAttributes(labels.stadtteilUnknown, language)}>
          {localize(labels.stadtteilUnknown, language)}
        </option>
      </select>
    </Single>
  );
}

export function Question(props: QuestionProps) {
  const { question } = props;
  switch (question.type) {
    case 'single':
    case 'multi':
      return <SingleOrMulti {...props} question={question} />;
    case 'scale':
      return <Scale {...props} question={question} />;
    case 'ranking':
      return <Ranking {...props} question={question} />;
    case 'text':
      return <Text {...props} question={question} />;
    case 'stadtteil':
      return <Stadtteil {...props} question={question} />;
    case 'number':
      return <NumberInput {...props} question={question} />;
  }
}

/**
 * A readable answer for the review page, in the resident's language. Several choices are a list,
 * one choice to a line (a ranking numbered): joined into one line they would need each language's
 * comma — the Latin one stood between Arabic words — and a screen reader reads a list as so many items.
 * Stadtteil names stay German, marked so, as on the public pages.
 */
export function ReviewAnswer({ question, value, language, labels, districts }: { question: SurveyQuestion; value: unknown; language: Language; labels: SurveyTexts['labels']; districts: SurveyDistrict[] }) {
  const optionLabel = (entry: unknown): string => {
    // The resident's own words isolated (U+2068 … U+2069), so German typed into the Arabic survey keeps its full stop at its end.
    if (isOther(entry)) return `${localize(labels.other, language)}: \u2068${entry.other}\u2069`;
    const option = 'options' in question ? question.options.find((candidate) => candidate.key === entry) : undefined;
    return option ? localize(option.label, language) : String(entry);
  };
  const notAnswered = <>{t('notAnswered')}</>;
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return notAnswered;
  switch (question.type) {
    case 'single':
      return <>{optionLabel(value)}</>;
    case 'multi':
    case 'ranking': {
      if (!Array.isArray(value)) return notAnswered;
      const items = value.map((entry, i) => <li key={i}>{optionLabel(entry)}</li>);
      return question.type === 'ranking' ? <ol class="review-list">{items}</ol> : <ul class="review-list">{items}</ul>;
    }
    case 'scale':
      return <>{value === null ? localize(labels.noAnswer, language) : t('scaleOf', { value: String(value), max: question.scale.max })}</>;
    case 'text':
      return <>{typeof value === 'string' && value.trim() ? value : t('notAnswered')}</>;
    case 'number':
      return <>{typeof value === 'number' ? value.toLocaleString(language === 'de-easy' ? 'de' : language) : typeof value === 'string' && value.trim() ? value : t('notAnswered')}</>;
    case 'stadtteil': {
      if (value === PLACE_OUTSIDE) return <>{localize(labels.stadtteilOutside, language)}</>;
      if (value === PLACE_UNKNOWN) return <>{localize(labels.stadtteilUnknown, language)}</>;
      const name = districts.flatMap((district) => district.stadtteile).find((stadtteil) => stadtteil.key === value)?.name;
      return name ? <span lang="de">{name}</span> : notAnswered;
    }
  }
}
