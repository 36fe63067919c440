import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { ProcessDetail } from '../../shared/api/processes.ts';
import type { PublishedSurvey } from '../../shared/api/survey.ts';
import { PLACE_OUTSIDE, PLACE_UNKNOWN } from '../../shared/domain.ts';
import { LANGUAGE_NAMES, LANGUAGES, localize, type Language, type LocalizedText } from '../../shared/languages.ts';
import { PAPER_LANGUAGE_PARAM, questionNumbers } from '../../shared/survey/paper.ts';
import { countAnswered, parseWholeNumber, shownQuestionKeys, type AnswerError, type OtherAnswer } from '../../shared/survey/answers.ts';
import type { SurveyQuestion } from '../../shared/survey/definition.ts';
import { Loading } from '../ui/Layout.tsx';
import { Chip } from './Chip.tsx';
import { checkPaper, loadSurvey, loadSurveyVersion, paperDraftKey, paperDrafts, savePaper, survey, surveyError, surveyVersionErrors, surveyVersions, updatePaperDraft, type PaperDraft } from './paper.ts';
import { StadtteilSelect } from './StadtteilSelect.tsx';
import type { LocalMarketDay } from './store.ts';
import { t, tn } from './messages.ts';
import { unsentPaperCount } from './policy.ts';
import { outbox, queuedItemState } from './sync.ts';
import { GoToDecision } from './SyncBar.tsx';

/** Staff read the paper in German; the questionnaire's own language is recorded separately. */
const de = (text: LocalizedText) => localize(text, 'de');

/**
 * An answer as staff read it (German) and, under it, as the sheet in hand prints it: a sheet in a
 * script staff do not read (Arabic, Ukrainian, Russian) or in Leichte Sprache is matched line by
 * line by the look of its words, whatever the sheet's columns and direction.
 */
function AsPrinted({ text, sheet }: { text: LocalizedText; sheet: Language }) {
  const german = de(text);
  const printed = localize(text, sheet);
  return (
    <>
      {german}
      {printed !== german && (
        <span class="as-printed" lang={sheet === 'de-easy' ? 'de' : sheet} dir="auto">
          {printed}
        </span>
      )}
    </>
  );
}

/** The "other" option as the questionnaire words it („Anderes“), so its tick box, its text field and its problem name the same thing. */
const otherOption = (published: PublishedSurvey) => (published.texts ? de(published.texts.labels.other) : t('paperEntry.otherOption'));

/** The problem with one question's entry, in the staff's words. */
function problemText(question: SurveyQuestion, error: AnswerError, published: PublishedSurvey): string {
  if (error.code === 'required') return t('paperEntry.errRequired');
  if (error.code === 'other_missing') return t('paperEntry.errOtherMissing', { option: otherOption(published) });
  if (error.code === 'too_long') return t('paperEntry.errTooLong');
  if (error.code === 'out_of_range') {
    if (question.type === 'multi' && question.maxSelected) return tn('paperEntry.errTooMany', question.maxSelected, { max: question.maxSelected });
    if (question.type === 'ranking' && question.maxRanked) return tn('paperEntry.errTooMany', question.maxRanked, { max: question.maxRanked });
    if (question.type === 'number' && question.min !== undefined && question.max !== undefined) return t('paperEntry.errNumberRange', { min: question.min, max: question.max });
  }
  return t('paperEntry.errInvalid');
}

/** Where the cursor goes for a problem: the "other" text when that is missing, else the question. */
const problemTarget = (error: AnswerError) => (error.code === 'other_missing' ? `paper-${error.question}-other` : `paper-${error.question}`);

const isOther = (value: unknown): value is OtherAnswer => typeof value === 'object' && value !== null && !Array.isArray(value) && 'other' in value;

interface QuestionProps {
  question: SurveyQuestion;
  value: unknown;
  set: (value: unknown) => void;
  published: PublishedSurvey;
  error: AnswerError | undefined;
  /** The question's number on the printed questionnaire, counted across sections, hidden questions included. */
  number: number | undefined;
  /** The language the sheet in hand is printed in. */
  sheet: Language;
}

function OtherText({ id, option, value, set, error }: { id: string; option: string; value: OtherAnswer; set: (text: string) => void; error: AnswerError | undefined }) {
  const missing = error?.code === 'other_missing';
  return (
    <div class="field">
      <label for={id}>{t('paperEntry.otherNamely', { option })}</label>
      <input
        id={id}
        type="text"
        dir="auto"
        value={value.other}
        aria-invalid={missing ? true : undefined}
        aria-describedby={missing ? `paper-${error.question}-error` : undefined}
        onInput={(e) => set((e.currentTarget as HTMLInputElement).value)}
      />
    </div>
  );
}

function ChoiceQuestion({ question, value, set, published, error, sheet }: QuestionProps) {
  if (question.type !== 'single' && question.type !== 'multi') return null;
  const otherLabel = otherOption(published);
  const otherChip = published.texts ? <AsPrinted text={published.texts.labels.other} sheet={sheet} /> : otherLabel;
  const name = `paper-${question.key}`;
  if (question.type === 'single') {
    return (
      <>
        <div class="chips">
          {question.options.map((option) => (
            <Chip key={option.key} type="radio" name={name} checked={value === option.key} onChange={() => set(option.key)}>
              <AsPrinted text={option.label} sheet={sheet} />
            </Chip>
          ))}
          {question.allowOther && (
            <Chip type="radio" name={name} checked={isOther(value)} onChange={() => set({ other: '' })}>
              {otherChip}
            </Chip>
          )}
          <Chip type="radio" name={name} checked={value === undefined} onChange={() => set(undefined)}>
            {t('paperEntry.notTicked')}
          </Chip>
        </div>
        {isOther(value) && <OtherText id={`${name}-other`} option={otherLabel} value={value} set={(other) => set({ other })} error={error} />}
      </>
    );
  }
  const selected = Array.isArray(value) ? (value as unknown[]) : [];
  const other = selected.find(isOther);
  const toggle = (entry: string | OtherAnswer, on: boolean) =>
    set(on ? [...selected, entry] : selected.filter((e) => (typeof entry === 'string' ? e !== entry : !isOther(e))));
  return (
    <>
      <div class="chips">
        {question.options.map((option) => (
          <Chip key={option.key} type="checkbox" name={name} checked={selected.includes(option.key)} onChange={(on) => toggle(option.key, on)}>
            <AsPrinted text={option.label} sheet={sheet} />
          </Chip>
        ))}
        {question.allowOther && (
          <Chip type="checkbox" name={name} checked={other !== undefined} onChange={(on) => toggle({ other: '' }, on)}>
            {otherChip}
          </Chip>
        )}
      </div>
      {other && <OtherText id={`${name}-other`} option={otherLabel} value={other} set={(text) => set(selected.map((e) => (isOther(e) ? { other: text } : e)))} error={error} />}
    </>
  );
}

function ScaleQuestion({ question, value, set, published, sheet }: QuestionProps) {
  if (question.type !== 'scale') return null;
  const { min, max, minLabel, maxLabel, allowNoAnswer } = question.scale;
  const steps = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const name = `paper-${question.key}`;
  return (
    <>
      <p class="hint">
        {min} = {de(minLabel)}, {max} = {de(maxLabel)}
      </p>
      <div class="chips">
        {steps.map((step) => (
          <Chip key={step} type="radio" name={name} checked={value === step} onChange={() => set(step)}>
            {String(step)}
          </Chip>
        ))}
        {allowNoAnswer && (
          <Chip type="radio" name={name} checked={value === null} onChange={() => set(null)}>
            {published.texts ? <AsPrinted text={published.texts.labels.noAnswer} sheet={sheet} /> : t('paperEntry.notGiven')}
          </Chip>
        )}
        <Chip type="radio" name={name} checked={value === undefined} onChange={() => set(undefined)}>
          {t('paperEntry.notTicked')}
        </Chip>
      </div>
    </>
  );
}

/**
 * A ranking as the sheet asks it: each topic in the printed order with the number the resident
 * wrote in its box, so staff copy the sheet line by line. The sheet's „2“ may come before its „1“:
 * the draft keeps the places in order with '' for a place not typed yet (`closeRankingGaps` drops
 * them before the check and the save). A number another topic has already moves to this one.
 */
function RankingQuestion({ question, value, set, sheet }: QuestionProps) {
  if (question.type !== 'ranking') return null;
  const slots = Array.isArray(value) ? (value as string[]) : [];
  const places = question.maxRanked ?? question.options.length;
  const setPlace = (key: string, place: number | null) => {
    const next = Array.from({ length: places }, (_, i) => (slots[i] && slots[i] !== key ? slots[i]! : ''));
    if (place !== null) next[place - 1] = key;
    while (next.length > 0 && next[next.length - 1] === '') next.pop();
    set(next.length > 0 ? next : undefined);
  };
  const hintId = `paper-${question.key}-hint`;
  return (
    <>
      <p class="hint" id={hintId}>
        {t('paperEntry.rankingHint')}
      </p>
      <div class="ranking">
        {question.options.map((option) => {
          const id = `paper-${question.key}-${option.key}`;
          const place = slots.indexOf(option.key);
          return (
            <div class="ranking-row" key={option.key}>
              <select id={id} value={place >= 0 ? String(place + 1) : ''} aria-describedby={hintId} onChange={(e) => setPlace(option.key, Number((e.currentTarget as HTMLSelectElement).value) || null)}>
                <option value="">–</option>
                {Array.from({ length: places }, (_, i) => (
                  <option key={i} value={String(i + 1)}>
                    {String(i + 1)}
                  </option>
                ))}
              </select>
              <label for={id}>
                <AsPrinted text={option.label} sheet={sheet} />
              </label>
            </div>
          );
        })}
      </div>
    </>
  );
}

function Question(props: QuestionProps) {
  const { question, value, set, published, error, number } = props;
  const id = `paper-${question.key}`;
  // Numbered as on the paper, so staff find "Frage 17" of the sheet in hand at a glance.
  const title = `${number === undefined ? '' : `${number}. `}${de(question.title)}${question.required ? ` ${t('paperEntry.required')}` : ''}`;
  const errorId = error ? `${id}-error` : undefined;
  const errorText = error && (
    <p class="error-text" id={errorId}>
      {problemText(question, error, published)}
    </p>
  );
  const questionClass = error ? 'paper-question invalid' : 'paper-question';
  if (question.type === 'number') {
    return (
      <div class={`field ${questionClass}`}>
        <label for={id}>{title}</label>
        <input
          id={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={typeof value === 'number' ? String(value) : typeof value === 'string' ? value : ''}
          aria-invalid={error ? true : undefined}
          aria-describedby={errorId}
          onInput={(e) => set(parseWholeNumber((e.currentTarget as HTMLInputElement).value))}
        />
        {errorText}
      </div>
    );
  }
  if (question.type === 'text' || question.type === 'stadtteil') {
    return (
      <div class={`field ${questionClass}`}>
        <label for={id}>{title}</label>
        {question.type === 'text' ? (
          <textarea id={id} dir="auto" rows={3} maxLength={question.maxLength} value={typeof value === 'string' ? value : ''} aria-invalid={error ? true : undefined} aria-describedby={errorId} onInput={(e) => set((e.currentTarget as HTMLTextAreaElement).value)} />
        ) : (
          <StadtteilSelect
            id={id}
            districts={published.districts}
            value={typeof value === 'string' ? value : null}
            onChange={(stadtteil) => set(stadtteil ?? undefined)}
            invalid={!!error}
            asPrinted
            emptyLabel={t('paperEntry.notTicked')}
            extra={[
              { value: PLACE_OUTSIDE, label: published.texts ? de(published.texts.labels.stadtteilOutside) : t('paperEntry.outside') },
              { value: PLACE_UNKNOWN, label: published.texts ? de(published.texts.labels.stadtteilUnknown) : t('paperEntry.donTKnow') },
            ]}
          />
        )}
        {errorText}
      </div>
    );
  }
  return (
    <fieldset class={`chip-group ${questionClass}`} id={id} tabIndex={-1} aria-describedby={errorId}>
      <legend>{title}</legend>
      {question.type === 'scale' ? <ScaleQuestion {...props} /> : question.type === 'ranking' ? <RankingQuestion {...props} /> : <ChoiceQuestion {...props} />}
      {errorText}
    </fieldset>
  );
}

/** „94 Papierfragebögen (+2 nicht gesendet)“: the server's count of this market day, and what waits on this tablet beside it, each questionnaire once (one whose answer was lost is in the server's). */
function PaperCount({ marketDay }: { marketDay: LocalMarketDay }) {
  const unsent = unsentPaperCount(outbox.value, marketDay.id, marketDay.paperIds);
  return (
    <p class="paper-count" data-testid="paper-count">
      {tn('paperEntry.storedCount', marketDay.paperCount)}
      {unsent > 0 ? tn('paperEntry.unsentCount', unsent) : ''}
    </p>
  );
}

/**
 * The confirmation of a saved questionnaire, by where it stands now: „wird gesendet, sobald es geht“
 * while it waits on the tablet, „gespeichert und gesendet“ once the server took it, where the
 * server refused it, that the sync bar asks for a decision, and once staff gave it up there, that it
 * was not sent — as the note form says of a note.
 */
function savedText(id: string): { text: string; tone: 'ok' | 'error-text' | 'given-up' } {
  const state = queuedItemState(id);
  if (state === 'refused') return { text: t('paperEntry.responseSavedNotAccepted'), tone: 'error-text' };
  if (state === 'givenUp') return { text: t('paperEntry.responseGivenUp'), tone: 'given-up' };
  return { text: state === 'waiting' ? t('paperEntry.responseSavedWillBe') : t('paperEntry.responseSavedAndSent'), tone: 'ok' };
}

/**
 * How long after the finger that saved touched the screen, and how near that spot, a tap is taken for the
 * late second tap of a double tap (two taps of a double tap come within about half a second; a person who
 * means to tick an answer of the next questionnaire first looks at it and takes the next sheet in hand).
 */
const LATE_TAP_MS = 1500;
const LATE_TAP_PX = 40;

/**
 * A returned paper questionnaire, typed in on one scrolling page. `?version=2&sprache=ar` (from the
 * QR code printed on the questionnaire, via `/stand/papier/:slug/:version`) types it in under that
 * published version and preselects its language; without it, the current version.
 */
export function PaperEntry({ marketDay, process }: { marketDay: LocalMarketDay; process: ProcessDetail }) {
  const [errors, setErrors] = useState<AnswerError[]>([]);
  // After a save the message follows the questionnaire just saved (`savedText`); a problem is words.
  const [message, setMessage] = useState<{ ok: true; id: string } | { ok: false; text: string } | null>(null);
  // A second tap while the first is saving does nothing (a ref: the second tap may come before the next render).
  const saving = useRef(false);
  // Set once a questionnaire is saved, until staff touch the form again (`onInput`): a tap on the emptied form
  // meanwhile is the second tap of a double tap that came after the first had saved (a slow tablet). It changes
  // nothing: „Fragebogen gespeichert“ stays, not „Nichts eingetragen“ in its place.
  const justSaved = useRef(false);
  // Where the finger (or the mouse) that saved touched the screen. The form's start then comes into view, so the
  // confirmation is seen, and a late second tap at that spot would tick an answer of the next questionnaire: until
  // `LATE_TAP_MS` after the saving tap it does nothing (`lateTap`). A tap elsewhere counts at once. After a mouse
  // click only the second click of a double click (`detail` 2 and more) does nothing: a single click at that spot
  // is meant, however soon it comes.
  const savedAt = useRef<{ x: number; y: number; until: number; mouse: boolean } | null>(null);
  const pressedAt = useRef<{ x: number; y: number; at: number; mouse: boolean } | null>(null);
  const lateTap = (event: MouseEvent) => {
    const spot = savedAt.current;
    if (!spot || event.timeStamp > spot.until || (spot.mouse && event.detail < 2)) return;
    if (Math.abs(event.clientX - spot.x) > LATE_TAP_PX || Math.abs(event.clientY - spot.y) > LATE_TAP_PX) return;
    event.preventDefault();
    event.stopPropagation();
  };
  const messageRef = useRef<HTMLParagraphElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // The message stands at the top of the form, the button at its end: a problem that names no question is brought into view.
  const tellAtTop = (text: string) => {
    setMessage({ ok: false, text });
    messageRef.current?.scrollIntoView({ block: 'nearest' });
  };
  const [busy, setBusy] = useState(false);
  const { query } = useLocation();
  const asked = Number.parseInt(query.version ?? '', 10);
  const current = survey.value;
  // The current version is the one the tablet loads anyway; another one is loaded on its own.
  const version = Number.isInteger(asked) && asked > 0 && asked !== current?.version ? asked : null;
  const printedIn = LANGUAGES.find((language) => language === query[PAPER_LANGUAGE_PARAM]);
  // Staff picked the language in the list on this page: that choice stands over the one the QR code named.
  const [languageChosen, setLanguageChosen] = useState(false);
  useEffect(() => {
    void loadSurvey(process.slug);
    if (version !== null) void loadSurveyVersion(process.slug, version);
  }, [process.slug, version]);
  const published = version === null ? current : surveyVersions.value[`${process.slug}:${version}`];
  const error = version === null ? surveyError.value : surveyVersionErrors.value[`${process.slug}:${version}`];
  if (!published) {
    return error ? (
      <div class="notice warn" role="alert">
        <p>{error}</p>
      </div>
    ) : (
      <Loading />
    );
  }
  const draftKey = paperDraftKey(marketDay.id, version);
  const kept = paperDrafts.value[draftKey];
  const scanned = printedIn && published.languages.includes(printedIn) ? printedIn : undefined;
  // The QR code of the questionnaire in hand names its language. A form not yet begun takes it, also
  // when it still holds the language of the questionnaire saved before (saving keeps that for the
  // next one); a half-typed one keeps its own.
  const draft: PaperDraft =
    kept && (languageChosen || !scanned || countAnswered(kept.answers) > 0) ? kept : { ...kept, language: scanned ?? kept?.language ?? 'de', answers: kept?.answers ?? {} };
  const shown = shownQuestionKeys(published, draft.answers);
  const said = message ? (message.ok ? savedText(message.id) : { text: message.text, tone: 'error-text' }) : null;
  const numbers = questionNumbers(published);

  async function submit(event: Event) {
    event.preventDefault();
    if (saving.current || (justSaved.current && countAnswered(draft.answers) === 0)) return;
    const found = checkPaper(published!, draft);
    setErrors(found.filter((error) => error.code !== 'empty'));
    if (found.some((error) => error.code === 'empty')) {
      tellAtTop(t('paperEntry.nothingEntered'));
      return;
    }
    if (found.length > 0) {
      setMessage({ ok: false, text: tn('paperEntry.pleaseCheck', found.length) });
      const target = document.getElementById(problemTarget(found[0]!));
      target?.scrollIntoView({ block: 'start' });
      target?.focus({ preventScroll: true });
      return;
    }
    saving.current = true;
    setBusy(true);
    try {
      const id = await savePaper(published!, marketDay.id, draft, draftKey);
      setMessage({ ok: true, id });
      justSaved.current = true;
      const pressed = pressedAt.current;
      savedAt.current = pressed && event.timeStamp - pressed.at < LATE_TAP_MS ? { x: pressed.x, y: pressed.y, until: pressed.at + LATE_TAP_MS, mouse: pressed.mouse } : null;
      pressedAt.current = null;
      // The form's start, with its heading, the count and the confirmation, comes to the top of the screen (on a
      // phone the page's own top, with the sync bar and the market day, would leave the confirmation out of view).
      formRef.current?.scrollIntoView({ block: 'start' });
    } catch (err) {
      tellAtTop(t('paperEntry.notSaved', { value: err instanceof Error ? err.message : String(err) }));
    } finally {
      saving.current = false;
      setBusy(false);
    }
  }

  return (
    <form
      ref={formRef}
      class="paper-form"
      onSubmit={submit}
      onInput={() => (justSaved.current = false)}
      onMouseDownCapture={lateTap}
      onClickCapture={lateTap}
      noValidate
      onKeyDown={(event) => {
        // Enter in a field (a chosen option, an „Anderes“ text, a number) would submit the form: half a
        // questionnaire stored, and the rest typed after it a second one. It is saved by its button only.
        if (event.key === 'Enter' && event.target instanceof HTMLInputElement) event.preventDefault();
      }}
    >
      <h2>{t('paperEntry.enterAPaperQuestionnaire')}</h2>
      <PaperCount marketDay={marketDay} />
      <p class="hint">{t('paperEntry.questionnaireVersionOnlyEnter', { version: published.version })}</p>
      <p ref={messageRef} class={said ? `save-message ${said.tone}` : 'save-message'} role="status" aria-live="polite">
        {said?.text ?? ''}
      </p>
      {message?.ok && said?.tone === 'error-text' && <GoToDecision itemId={message.id} />}
      <div class="field">
        <label for="paper-language">{t('paperEntry.languageOfTheQuestionnaire')}</label>
        <select
          id="paper-language"
          value={draft.language}
          onChange={(e) => {
            setLanguageChosen(true);
            updatePaperDraft(draftKey, { ...draft, language: (e.currentTarget as HTMLSelectElement).value as Language });
          }}
        >
          {published.languages.map((language) => (
            <option key={language} value={language}>
              {LANGUAGE_NAMES[language]}
            </option>
          ))}
        </select>
      </div>
      {published.sections.map((section) => {
        const questions = section.questions.filter((q) => shown.has(q.key));
        if (questions.length === 0) return null;
        return (
          <section key={section.key} class="paper-section">
            <h3>{de(section.title)}</h3>
            {questions.map((question) => (
              <Question
                key={question.key}
                question={question}
                value={draft.answers[question.key]}
                set={(value) => updatePaperDraft(draftKey, { ...draft, answers: { ...draft.answers, [question.key]: value } })}
                published={published}
                error={errors.find((e) => e.question === question.key)}
                number={numbers.get(question.key)}
                sheet={draft.language}
              />
            ))}
          </section>
        );
      })}
      <div class="actions">
        <button
          class="button large"
          type="submit"
          aria-disabled={busy ? true : undefined}
          onPointerDown={(event) => (pressedAt.current = { x: event.clientX, y: event.clientY, at: event.timeStamp, mouse: event.pointerType === 'mouse' })}
        >
          {busy ? t('paperEntry.saving') : t('paperEntry.saveResponse')}
        </button>
      </div>
    </form>
  );
}
