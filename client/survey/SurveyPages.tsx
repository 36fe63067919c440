import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AnswerErrorDetail, PublishedSurvey } from '../../shared/api/survey.ts';
import { localize, type Language } from '../../shared/languages.ts';
import { withoutSoftHyphens } from '../../shared/text/soft-hyphen.ts';
import { pruneHiddenAnswers, shownQuestionKeys, validateAnswers } from '../../shared/survey/answers.ts';
import type { SurveyDefinition, SurveyQuestion } from '../../shared/survey/definition.ts';
import type { Draft, Outbox } from './draft.ts';
import type { Entry } from './history.ts';
import { receiptPath } from '../../shared/receipts/code.ts';
import { t, tn } from './messages.ts';
import { anchorId, otherTextId, Question, ReviewAnswer } from './Questions.tsx';
import type { SendOutcome } from './send.ts';
import { NamedControl } from '../ui/NamedControl.tsx';
import { chunk, reloadForChunk, serverReachable } from '../chunks.ts';

/**
 * The survey's pages once the resident has started: one section per page, the review page
 * and sending. Loaded after the privacy notice is on screen, so the first page stays light.
 */

export interface SurveyPagesProps {
  slug: string;
  survey: PublishedSurvey;
  language: Language;
  draft: Draft;
  /** Writes the draft to the device (null removes it). */
  keep: (draft: Draft | null) => void;
  /** The newest draft, for work that outlives a render (retries). */
  latest: { current: Draft | null };
  restored: boolean;
  onStartOver: () => void;
  onLeave: () => void;
  /** A move between pages, made a history entry so Back and Forward follow it. */
  /** A move to another page; `back` for the survey's own „Zurück“. */
  onNavigate: (entry: Entry, back?: boolean) => void;
  /** `receipt`: the response's code for the thank-you page (null without free text, or after a conflict). */
  onSent: (alreadySent: boolean, receipt: string | null) => void;
  onClosed: () => void;
}

type Sending = { state: 'idle' } | { state: 'sending' } | { state: 'waiting'; seconds: number; until: number } | { state: 'failed' } | { state: 'reloading' };
interface Issue {
  question: string;
  code: string;
}

const MAX_RETRY_DELAY_MS = 60_000;

/**
 * The proof-of-work solver and the sending code: fetched when the resident reaches the page
 * with the send button, never for the first page, and already there if the connection drops
 * at the moment of sending. A failed load is tried again at the next send (client/chunks.ts).
 */
const loadSender = chunk(() => import('./send.ts'));

/** Where an error summary link leads: the "other" text field when that is what is missing, else the question. */
const issueAnchor = (issue: Issue) => (issue.code === 'other_missing' ? otherTextId(issue.question) : anchorId(issue.question));

function messageFor(question: SurveyQuestion | undefined, code: string): string {
  if (code === 'required') return t('errRequired');
  if (code === 'too_long') return t('errTooLong');
  if (code === 'other_missing') return t('errOtherMissing');
  if (code === 'out_of_range' && question?.type === 'multi' && question.maxSelected) return tn('errTooMany', question.maxSelected, { max: question.maxSelected });
  if (code === 'out_of_range' && question?.type === 'ranking' && question.maxRanked) return tn('errTooMany', question.maxRanked, { max: question.maxRanked });
  if (code === 'out_of_range' && question?.type === 'number' && question.min !== undefined && question.max !== undefined) {
    return t('errNumberRange', { min: question.min, max: question.max });
  }
  if (question?.type === 'number') return t('errNumber');
  return t('errInvalid');
}

export function SurveyPages({ slug, survey, language, draft, keep, latest, restored, onStartOver, onLeave, onNavigate, onSent, onClosed }: SurveyPagesProps) {
  const [issues, setIssues] = useState<{ list: Issue[]; fromServer: boolean } | null>(null);
  const [sending, setSending] = useState<Sending>({ state: 'idle' });
  const [honeypot, setHoneypot] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const attempts = useRef(0);
  const inFlight = useRef(false);
  const alive = useRef(true);
  // A page opened from the review ("Ändern", or a problem found when sending) leads back to it:
  // the resident changes one answer, not walks through every page after it again. The review
  // checks every page before sending, so nothing newly shown is skipped unseen.
  const backToReview = useRef(false);

  const definition: SurveyDefinition = survey;
  const { sections, texts } = survey;
  const { answers } = draft;
  const shown = shownQuestionKeys(definition, answers);
  const visible = sections.flatMap((section, i) => (section.intro || section.questions.some((question) => shown.has(question.key)) ? [i] : []));
  const reviewPage = sections.length;
  // A fresh draft says page 0; the first page is the first section with something to show.
  const page = draft.page >= reviewPage ? reviewPage : (visible.find((index) => index >= draft.page) ?? reviewPage);
  const total = visible.length + 1;
  const context = { stadtteilKeys: survey.districts.flatMap((district) => district.stadtteile.map((stadtteil) => stadtteil.key)) };
  const firstShown = sections.flatMap((section) => section.questions).find((question) => shown.has(question.key))?.key;
  const questionOf = (key: string) => sections.flatMap((section) => section.questions).find((question) => question.key === key);
  const sectionOf = (key: string) => sections.findIndex((section) => section.questions.some((question) => question.key === key));

  // Every new page starts at its heading, for screen readers and for the keyboard — before the
  // browser paints it, so it never shows a frame at the last page's scroll position.
  useLayoutEffect(() => {
    // At once: the page's smooth scrolling (styles.css) would leave a new page half-way down
    // the last one's scroll position when the focus moves meanwhile.
    scrollTo({ top: 0, left: 0, behavior: 'instant' });
    heading.current?.focus({ preventScroll: true });
  }, [page]);
  useEffect(() => {
    if (issues && issues.list.length > 0) summary.current?.focus();
  }, [issues]);

  const go = (next: number, back = false) => {
    if (!latest.current) return;
    keep({ ...latest.current, page: next });
    onNavigate({ screen: 'pages', page: next }, back);
    setIssues(null);
  };

  const setAnswer = (key: string, value: unknown) => {
    if (!latest.current || latest.current.outbox) return;
    const next = { ...latest.current.answers };
    if (value === undefined) delete next[key];
    else next[key] = value;
    keep({ ...latest.current, answers: next });
  };

  /** The same rules the server applies; callers look only at the pages the resident has seen. */
  const check = (current: Draft) => validateAnswers(definition, pruneHiddenAnswers(definition, current.answers), context);

  const showIssues = (list: Issue[], fromServer: boolean) => {
    const first = Math.min(...list.map((issue) => sectionOf(issue.question)).filter((index) => index >= 0));
    if (Number.isFinite(first)) {
      backToReview.current = page === reviewPage;
      go(first);
    }
    setIssues({ list, fromServer });
  };

  const next = (event: Event) => {
    event.preventDefault();
    const result = check(draft);
    const found = result.ok ? [] : result.errors.filter((issue) => sectionOf(issue.question) === page);
    if (found.length > 0) return setIssues({ list: found, fromServer: false });
    go(backToReview.current ? reviewPage : (visible.find((index) => index > page) ?? reviewPage));
    backToReview.current = false;
  };

  const back = () => {
    const previous = [...visible].reverse().find((index) => index < page);
    if (previous === undefined) onLeave();
    else go(previous, true);
  };

  const handle = (outcome: SendOutcome) => {
    inFlight.current = false;
    if (!alive.current) return;
    if (outcome.kind === 'done') return onSent(false, outcome.receipt);
    if (outcome.kind === 'conflict') return onSent(true, null);
    if (outcome.kind === 'retry') {
      // Capped exponential backoff with jitter: a crowd of phones coming back online does not arrive at once.
      const base = Math.min(MAX_RETRY_DELAY_MS, 2_000 * 2 ** attempts.current);
      const delay = Math.round(base / 2 + (Math.random() * base) / 2);
      attempts.current += 1;
      retryTimer.current = setTimeout(send, delay);
      return setSending({ state: 'waiting', seconds: Math.ceil(delay / 1000), until: Date.now() + delay });
    }
    // Nothing was stored: unfreeze the answers so the resident can act on what the server said.
    if (latest.current) keep({ ...latest.current, outbox: undefined });
    setSending({ state: 'idle' });
    if (outcome.kind === 'closed') return onClosed();
    const list = outcome.kind === 'invalid' ? outcome.details.filter((detail: AnswerErrorDetail) => detail.code === 'empty' || sectionOf(detail.question) >= 0) : [];
    if (list.length > 0) showIssues(list, true);
    else setSending({ state: 'failed' });
  };

  async function send() {
    const outbox = latest.current?.outbox;
    if (!outbox || inFlight.current) return;
    inFlight.current = true;
    setSending({ state: 'sending' });
    let outcome: SendOutcome;
    try {
      const { sendOnce } = await loadSender().catch(async (error: unknown) => {
        // The sending code did not come (the connection dropped on the way to this page), and
        // Chromium keeps that failure: with the server answering again, only a fresh page brings
        // it. The outbox is on the device, and the page that comes back sends it by itself.
        if ((await serverReachable()) && alive.current) {
          setSending({ state: 'reloading' });
          if (reloadForChunk()) await new Promise(() => undefined);
        }
        throw error;
      });
      outcome = await sendOnce(slug, outbox, (renewed: Outbox) => latest.current && keep({ ...latest.current, outbox: renewed }));
    } catch {
      outcome = { kind: 'retry' };
    }
    handle(outcome);
  }

  const retryNow = () => {
    clearTimeout(retryTimer.current);
    attempts.current = 0;
    void send();
  };

  // A reload while a send was pending picks it up again with the same stored body; coming back online retries at once.
  useEffect(() => {
    alive.current = true;
    if (latest.current?.outbox) void send();
    const onOnline = () => {
      if (latest.current?.outbox && !inFlight.current) retryNow();
    };
    addEventListener('online', onOnline);
    return () => {
      alive.current = false;
      clearTimeout(retryTimer.current);
      removeEventListener('online', onOnline);
    };
  }, []);

  const submit = (event: Event) => {
    event.preventDefault();
    const result = check(draft);
    if (!result.ok) return showIssues(result.errors, false);
    const body = {
      id: draft.id,
      surveyVersion: draft.surveyVersion,
      language: draft.language,
      answers: result.answers,
      elapsedMs: Math.max(0, Date.now() - draft.startedAt),
      website: honeypot,
      ...(draft.poster ? { poster: draft.poster } : {}),
    };
    keep({ ...draft, outbox: { body } });
    attempts.current = 0;
    void send();
  };

  const onReview = page === reviewPage;
  const section = sections[page];
  useEffect(() => {
    // A failure here (offline) is tried again when sending.
    if (onReview) loadSender().catch(() => undefined);
  }, [onReview]);
  const title = onReview || !section ? t('reviewTitle') : localize(section.title, language);
  const pageNumber = onReview ? total : visible.indexOf(page) + 1;
  const messages = new Map((issues?.list ?? []).map((issue) => [issue.question, messageFor(questionOf(issue.question), issue.code)]));
  const busy = sending.state !== 'idle' && sending.state !== 'failed';

  useEffect(() => {
    document.title = withoutSoftHyphens(`${title} – ${t('title')} – Mitreden`);
  }, [title, language]);

  return (
    <>
      {restored && (
        <div class="notice ok" role="status">
          <p>{t('restored')}</p>
          <button type="button" class="button link" onClick={onStartOver}>
            {t('startOver')}
          </button>
        </div>
      )}
      <div class="survey-progress">
        <p id="survey-progress-label">{t('progress', { n: pageNumber, total })}</p>
        <progress max={total} value={pageNumber} aria-labelledby="survey-progress-label" />
      </div>
      {issues && issues.list.length > 0 && (
        <div class="notice error error-summary" ref={summary} tabIndex={-1} aria-labelledby="survey-errors-title">
          <h2 id="survey-errors-title">{t('errorsTitle')}</h2>
          {issues.fromServer && <p>{t('serverInvalid')}</p>}
          <ul>
            {issues.list.map((issue) =>
              issue.code === 'empty' ? (
                <li key="empty">
                  <a
                    href={`#${anchorId(firstShown ?? '')}`}
                    onClick={(event) => {
                      event.preventDefault();
                      go(visible[0] ?? reviewPage);
                    }}
                  >
                    {t('errEmpty')}
                  </a>
                </li>
              ) : (
              <li key={issue.question}>
                <a
                  href={`#${issueAnchor(issue)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(issueAnchor(issue))?.focus();
                  }}
                >
                  {/* The question, then on its own line what to do: a title ending in "?" takes no colon after it. */}
                  <span class="issue-question">{localize(questionOf(issue.question)?.title ?? { de: issue.question }, language)}</span>{' '}
                  <span class="issue-message">{messages.get(issue.question)}</span>
                </a>
              </li>
              ),
            )}
          </ul>
        </div>
      )}
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {onReview || !section ? (
        <form onSubmit={submit} noValidate>
          <p>{t('reviewIntro')}</p>
          {visible.map((index) => {
            const reviewed = sections[index]!;
            const questions = reviewed.questions.filter((question) => shown.has(question.key));
            if (questions.length === 0) return null;
            return (
              <section key={reviewed.key} class="review-section" aria-labelledby={`review-${reviewed.key}`}>
                <h2 id={`review-${reviewed.key}`}>{localize(reviewed.title, language)}</h2>
                <dl>
                  {questions.map((question) => (
                    <div key={question.key}>
                      <dt>{localize(question.title, language)}</dt>
                      {/* A free text in the direction of the resident's own words. */}
                      <dd dir={question.type === 'text' ? 'auto' : undefined}>
                        <ReviewAnswer question={question} value={answers[question.key]} language={language} labels={texts.labels} districts={survey.districts} />
                      </dd>
                    </div>
                  ))}
                </dl>
                <button
                  type="button"
                  class="button secondary"
                  disabled={busy}
                  onClick={() => {
                    backToReview.current = true;
                    go(index);
                  }}
                >
                  <NamedControl visible={t('change')} more={`: ${localize(reviewed.title, language)}`} />
                </button>
              </section>
            );
          })}
          <div class="survey-trap" aria-hidden="true">
            <label for="survey-website">{t('honeypot')}</label>
            <input id="survey-website" name="website" type="text" tabIndex={-1} autoComplete="off" value={honeypot} onInput={(event) => setHoneypot(event.currentTarget.value)} />
          </div>
          <div class="survey-status" role="status" aria-live="polite">
            {sending.state === 'sending' && <p>{t('sending')}</p>}
            {sending.state === 'waiting' && <RetryCountdown key={sending.until} seconds={sending.seconds} until={sending.until} />}
            {sending.state === 'failed' && <p class="notice error">{t('sendFailed')}</p>}
            {sending.state === 'reloading' && <p class="notice warn">{t('reloadToSend')}</p>}
          </div>
          <div class="actions survey-nav">
            <button type="button" class="button secondary" disabled={busy} onClick={back}>
              {t('back')}
            </button>
            {sending.state === 'waiting' ? (
              <button type="button" class="button large" onClick={retryNow}>
                {t('retryNow')}
              </button>
            ) : (
              <button type="submit" class="button large" disabled={busy}>
                {t('submit')}
              </button>
            )}
          </div>
        </form>
      ) : (
        <form onSubmit={next} noValidate>
          {section.intro && <p>{localize(section.intro, language)}</p>}
          {section.questions
            .filter((question) => shown.has(question.key))
            .map((question) => (
              <Question
                key={question.key}
                question={question}
                value={answers[question.key]}
                onChange={(value) => setAnswer(question.key, value)}
                language={language}
                error={messages.get(question.key)}
                labels={texts.labels}
                districts={survey.districts}
              />
            ))}
          <div class="actions survey-nav">
            <button type="button" class="button secondary" onClick={back}>
              {t('back')}
            </button>
            <button type="submit" class="button large">
              {t('next')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

/**
 * The receipt on the thank-you page: the code that covers the resident's free-text answers, a
 * button that copies it and the link to its page (`/p/:slug/beitrag/:code`), where they can
 * look up later what became of what they wrote. Here, not in the shell, so the first page
 * stays light: by the time a response is sent these pages are loaded.
 */
export function ReceiptNote({ slug, code, language }: { slug: string; code: string; language: Language }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const codeRef = useRef<HTMLParagraphElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('copied');
    } catch {
      // No clipboard (an insecure page, an old browser): select the code so a long press copies it.
      const selection = getSelection();
      if (codeRef.current && selection) selection.selectAllChildren(codeRef.current);
      setCopied('failed');
    }
  };
  return (
    <section class="receipt-note" aria-labelledby="receipt-heading">
      <h2 id="receipt-heading">{t('receiptTitle')}</h2>
      <p class="receipt-code" dir="ltr" ref={codeRef}>
        {code}
      </p>
      <p>{t('receiptText')}</p>
      <div class="actions">
        <button type="button" class="button secondary" onClick={() => void copy()}>
          {t('receiptCopy')}
        </button>
        <a class="button" href={`${receiptPath(slug, code)}?lang=${language}`}>
          {t('receiptLink')}
        </a>
      </div>
      <p role="status" class={copied === 'failed' ? 'hint' : 'ok-text'}>
        {copied === 'copied' ? t('receiptCopied') : copied === 'failed' ? t('receiptCopyFailed') : ''}
      </p>
    </section>
  );
}

/**
 * The wait until the next try, counting down on screen. A screen reader hears the sentence once,
 * with the wait as it began (the status region would read it out every second otherwise).
 */
function RetryCountdown({ seconds, until }: { seconds: number; until: number }) {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const timer = setInterval(() => setLeft(Math.max(0, Math.ceil((until - Date.now()) / 1000))), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return (
    <div class="notice warn">
      <p>
        <span aria-hidden="true">{tn('retrying', left, { seconds: left })}</span>
        <span class="visually-hidden">{tn('retrying', seconds, { seconds })}</span>
      </p>
      <p>{t('retryingKeepOpen')}</p>
    </div>
  );
}
