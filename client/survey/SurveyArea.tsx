import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PublishedSurvey } from '../../shared/api/survey.ts';
import { fallbackAttributes, LANGUAGES, localize, type Language } from '../../shared/languages.ts';
import { ApiError, call } from '../api.ts';
import { chunk, reloadForChunk, serverReachable } from '../chunks.ts';
import { chooseLanguage, fillParts, setDocumentLanguage } from '../i18n/translate.ts';
import { CityName } from '../ui/CityName.tsx';
import { LanguageStatus } from '../ui/LanguageStatus.tsx';
import { Frame, LanguageSwitcher } from '../ui/Frame.tsx';
import { clearDraft, loadDraft, newResponseId, posterFromAddress, rememberSent, saveDraft, sentOn, type Draft } from './draft.ts';
import { pushEntry, readEntry, replaceEntry, stepBack, type Entry } from './history.ts';
import { ResultsNotice } from './ResultsNotice.tsx';
import { carriesLanguage, fetchedSurvey, fetchSurvey, surveyRequest } from './prefetch.ts';
import { formatDay, loadWords, switchLanguage, t } from './messages.ts';
import type * as SurveyPagesModule from './SurveyPages.tsx';
// Part of the entry's styles (client/main.tsx), so scoped to `.survey`.
import './survey.css';

/**
 * The resident survey at /p/:slug/umfrage (`?lang=tr` picks the language, which the link back
 * to the process page carries on): privacy notice →
 * one short page per section → review and send → thank-you. This shell is all the first page
 * needs (the privacy notice, the language switcher, resuming a draft); the pages themselves
 * load in the background meanwhile. Every screen and page is a history entry (history.ts),
 * so the phone's Back and Forward move between pages instead of leaving the survey. State is plain component state, no signals store, to
 * keep a resident's phone under 15 KB of gzipped JavaScript for the first page.
 */

/**
 * The survey with its texts in `language` too (the JSON comes with German and one language);
 * one fetched for `language` already is, even where a text has no translation (a German-only
 * privacy title): asking again would bring the same. Offline, or when a newer version was
 * published meanwhile, the survey stays as it is: its texts then show in German, the survey's own
 * fallback, until the next load.
 */
async function withTexts(survey: PublishedSurvey, language: Language): Promise<PublishedSurvey> {
  if (carriesLanguage(survey, language)) return survey;
  // Back to a language the resident had before: the survey as it came then, if it is still this version.
  const before = fetchedSurvey(survey.process.slug, language);
  if (before?.version === survey.version) return before;
  try {
    const fetched = await fetchSurvey(survey.process.slug, language);
    return fetched.version === survey.version ? fetched : survey;
  } catch {
    return survey;
  }
}

/**
 * `notYet`: the process is public, but its questionnaire has no published version yet (a poster
 * printed before the survey opened): the page says the survey is closed, not that it does not exist.
 */
type Load = { state: 'loading' } | { state: 'failed'; notFound: boolean; notYet?: boolean } | { state: 'ready'; survey: PublishedSurvey };
type Screen = 'start' | 'pages' | 'thanks' | 'closed';
type PagesModule = typeof SurveyPagesModule;

const loadPagesModule = chunk(() => import('./SurveyPages.tsx'));

export function SurveyArea({ slug }: { slug: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [language, setLanguage] = useState<Language>('de');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [screen, setScreen] = useState<Screen>('start');
  const [restored, setRestored] = useState(false);
  const [alreadySent, setAlreadySent] = useState(false);
  const [receipt, setReceipt] = useState<string | null>(null);
  const [pages, setPages] = useState<PagesModule | 'failed' | null>(null);
  const [attempt, setAttempt] = useState(0);
  /** Whether the words of the language the page opens in are here: until then nothing is painted, so no German flashes and then changes width. */
  const [wordsReady, setWordsReady] = useState(false);
  /** A language chosen whose words could not come (the connection dropped): the page stays in the one it speaks and says so. */
  const [unreachable, setUnreachable] = useState<Language | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const navigated = useRef(false);
  const latest = useRef<Draft | null>(null);
  /** Whether this visit sent a response: Forward may show its thank-you page again, Back never the answers. */
  const sentHere = useRef(false);

  const keep = (next: Draft | null) => {
    latest.current = next;
    setDraft(next);
    if (next) saveDraft(slug, next);
    else clearDraft(slug);
  };

  /** `again`: the resident asked, or the device came back online, after the pages failed to load. */
  const loadPages = (again = false) => {
    setPages((current) => (current === 'failed' ? null : current));
    loadPagesModule().then(setPages, async () => {
      // The browser keeps the failed chunk (client/chunks.ts): with the server answering, a fresh
      // page brings it, and the draft on the device brings the resident back to the same page.
      if (again && (await serverReachable()) && reloadForChunk()) return;
      setPages('failed');
    });
  };

  // Pages that could not load come by themselves once the device is back online.
  useEffect(() => {
    if (pages !== 'failed') return;
    const onOnline = () => loadPages(true);
    addEventListener('online', onOnline);
    return () => removeEventListener('online', onOnline);
  }, [pages]);

  useEffect(() => {
    let alive = true;
    const stored = loadDraft(slug);
    // The loading message already in the resident's language while the survey itself loads.
    const early = chooseLanguage(LANGUAGES, stored?.language);
    void switchLanguage(early).then(() => {
      if (!alive) return;
      setLanguage(early);
      setWordsReady(true);
    });
    surveyRequest(slug, early).then(
      async (first) => {
        const chosen = chooseLanguage(first.languages, stored?.language);
        // The survey does not offer the language asked for: its texts in the one chosen instead.
        const survey = chosen === early || chosen === 'de' ? first : await withTexts(first, chosen);
        await switchLanguage(chosen);
        if (!alive) return;
        setLanguage(chosen);
        setLoad({ state: 'ready', survey });
        // A reload of the thank-you page shows it again, with the receipt code (kept in this tab's history entry only).
        const entry = readEntry();
        if (entry?.screen === 'thanks' && !stored) {
          sentHere.current = true;
          setReceipt(entry.receipt ?? null);
          setAlreadySent(entry.alreadySent ?? false);
          loadPages();
          return setScreen('thanks');
        }
        if (!survey.open) return setScreen('closed');
        loadPages();
        if (!stored) return replaceEntry({ screen: 'start' });
        const known = new Set(survey.sections.flatMap((section) => section.questions.map((question) => question.key)));
        // A pending send keeps its exact version; an unsent draft moves to the current one with the answers that still fit.
        keep(
          stored.outbox
            ? { ...stored, language: chosen }
            : {
                ...stored,
                language: chosen,
                surveyVersion: survey.version,
                page: Math.min(stored.page, survey.sections.length),
                answers: Object.fromEntries(Object.entries(stored.answers).filter(([key]) => known.has(key))),
              },
        );
        setRestored(true);
        setScreen('pages');
        replaceEntry({ screen: 'pages', page: latest.current?.page ?? 0 });
      },
      (error: unknown) => {
        if (!alive) return;
        if (!(error instanceof ApiError && error.status === 404)) return setLoad({ state: 'failed', notFound: false });
        // Is the process there for residents (a draft or an unknown address is not)? Then only its questionnaire is not open yet.
        call('GET /api/processes/:slug', { params: { slug } }).then(
          () => alive && setLoad({ state: 'failed', notFound: true, notYet: true }),
          () => alive && setLoad({ state: 'failed', notFound: true }),
        );
      },
    );
    return () => {
      alive = false;
      // Leave the document German; a public page that follows sets its own language again.
      setDocumentLanguage('de');
    };
  }, [slug, attempt]);

  // The survey's styles apply under `.survey` (survey.css), for as long as the survey is on screen.
  useEffect(() => {
    document.body.classList.add('survey');
    return () => document.body.classList.remove('survey');
  }, []);

  // Back and Forward: show the entry's screen; what was sent stays sent.
  useEffect(() => {
    const onPop = () => {
      const entry = readEntry();
      if (!entry) return;
      const current = latest.current;
      // Answers frozen for sending stay on the review page until the server has them.
      if (current?.outbox) return pushEntry({ screen: 'pages', page: current.page });
      if (entry.screen === 'thanks' && sentHere.current) return show('thanks');
      if (entry.screen === 'pages' && current) {
        keep({ ...current, page: entry.page });
        return show('pages');
      }
      if (entry.screen !== 'start') replaceEntry({ screen: 'start' });
      show('start');
    };
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, [slug]);

  // After moving to another screen, start reading (and tabbing) at its heading — before the
  // browser paints it, so the new screen never shows a frame at the last one's scroll position.
  useLayoutEffect(() => {
    if (!navigated.current) return;
    navigated.current = false;
    // At once: the page's smooth scrolling (styles.css) would leave a new page half-way down
    // the last one's scroll position when the focus moves meanwhile.
    scrollTo({ top: 0, left: 0, behavior: 'instant' });
    heading.current?.focus({ preventScroll: true });
  });

  const show = (next: Screen) => {
    setScreen(next);
    navigated.current = true;
  };

  const changeLanguage = async (next: Language) => {
    // Without its words the page would claim a language it does not speak (and tell screen readers so).
    if (!(await loadWords(next))) return setUnreachable(next);
    setUnreachable(null);
    const current = load.state === 'ready' ? load.survey : null;
    const survey = current ? await withTexts(current, next) : null;
    await switchLanguage(next);
    if (survey && survey !== current) setLoad({ state: 'ready', survey });
    setLanguage(next);
    // A frozen body is resent byte for byte; only an unsent draft follows the switch.
    if (latest.current && !latest.current.outbox) keep({ ...latest.current, language: next });
    const url = new URL(location.href);
    url.searchParams.set('lang', next);
    history.replaceState(history.state, '', url);
  };

  const languageStatus = <LanguageStatus unreachable={unreachable} message={(name) => t('languageUnreachable', { language: name })} />;
  const city = load.state === 'ready' ? load.survey.process.city : null;
  const footer = city ? fillParts(t('footer'), { city: <CityName city={city} language={language} /> }) : t('footerNoCity');
  const legal = { label: t('legalNav'), imprint: t('imprintLink'), privacy: t('privacyLink'), accessibility: t('accessibilityLink'), language };
  if (load.state === 'loading' && !wordsReady) return null;
  if (load.state !== 'ready') {
    // While the survey loads, the switch already names the language in use (its list holds that one), so the header has its final height and nothing moves when the survey's languages arrive.
    // A survey that cannot be shown says so in any language the resident picks: its words need no survey.
    const languages = load.state === 'loading' ? [language] : LANGUAGES;
    return (
      <Frame
        title={t('title')}
        skipLabel={t('skip')}
        footer={footer} legal={legal}
        nav={<LanguageSwitcher id="survey-language" label={t('language')} languages={languages} value={language} onChange={(next) => void changeLanguage(next)} />}
      >
        {languageStatus}
        {load.state === 'loading' ? (
          <p role="status">{t('loading')}</p>
        ) : (
          <>
            <h1>{load.notYet ? t('closedTitle') : t('title')}</h1>
            {load.notYet ? (
              <>
                <p>{t('closedText')}</p>
                <ToProcess slug={slug} language={language} />
              </>
            ) : (
              <p class="notice error">{load.notFound ? t('notFound') : t('loadFailed')}</p>
            )}
            {/* An address that names no survey (mistyped, an old poster) leads on to the processes there are. */}
            {load.notFound && !load.notYet && (
              <p>
                <a class="button secondary" href={`/?lang=${language}`}>
                  {t('toStart')}
                </a>
              </p>
            )}
            {!load.notFound && (
              <button type="button" class="button" onClick={() => (setLoad({ state: 'loading' }), setAttempt((n) => n + 1))}>
                {t('tryAgain')}
              </button>
            )}
          </>
        )}
      </Frame>
    );
  }

  const { survey } = load;
  const { texts } = survey;
  const start = () => {
    const poster = posterFromAddress(location.search);
    const next = latest.current ?? { format: 1, id: newResponseId(), surveyVersion: survey.version, language, page: 0, answers: {}, startedAt: Date.now(), ...(poster ? { poster } : {}) };
    keep(next);
    setRestored(false);
    pushEntry({ screen: 'pages', page: next.page });
    show('pages');
  };
  const startOver = () => {
    if (!confirm(t('confirmStartOver'))) return;
    keep(null);
    setRestored(false);
    pushEntry({ screen: 'start' });
    show('start');
  };
  const leave = () => {
    stepBack({ screen: 'start' });
    show('start');
  };
  const sent = (conflict: boolean, code: string | null) => {
    keep(null);
    rememberSent(slug);
    sentHere.current = true;
    setAlreadySent(conflict);
    setReceipt(code);
    // The review page's entry becomes the thank-you page: Back from here can never reach "Absenden" again.
    replaceEntry({ screen: 'thanks', receipt: code, alreadySent: conflict });
    show('thanks');
  };

  const languageSwitcher = (
    <LanguageSwitcher id="survey-language" label={t('language')} languages={survey.languages} value={language} onChange={(next) => void changeLanguage(next)} />
  );
  const machine = survey.translations[language] === 'machine' && <p class="hint">{t('machine')}</p>;
  const processLink = <ToProcess slug={slug} language={language} />;
  // The tab's title names the survey after the page's own title, unless the page's title already does (the start screen).
  // `headingLanguage` marks a heading shown in German for want of a translation (the survey's own texts).
  // `machineAbove: false` leaves the machine-translation hint to the body (the start screen puts it below its button).
  const page = (title: string, body: ComponentChildren, tabTitle = `${title} – ${t('title')}`, headingLanguage: ReturnType<typeof fallbackAttributes> = {}, machineAbove = true) => (
    <Frame title={tabTitle} skipLabel={t('skip')} footer={footer} legal={legal} nav={languageSwitcher}>
      {languageStatus}
      <h1 ref={heading} tabIndex={-1} {...headingLanguage}>
        {title}
      </h1>
      {machineAbove && machine}
      {body}
    </Frame>
  );

  if (screen === 'closed') {
    // An archived process's survey does not open again: „gerade geschlossen“ told a resident who came by a poster to come back.
    const ended = load.state === 'ready' && load.survey.process.status === 'archived';
    return page(
      ended ? t('endedTitle') : t('closedTitle'),
      <>
        <p>{ended ? t('endedText') : t('closedText')}</p>
        {processLink}
      </>,
    );
  }
  if (screen === 'thanks') {
    return page(
      localize(texts.thanks.title, language),
      <>
        {alreadySent && <p class="notice ok">{t('alreadySent')}</p>}
        {/* The code first, in view on a phone: it is the one thing to keep from this page. */}
        {receipt && pages && pages !== 'failed' && <pages.ReceiptNote slug={slug} code={receipt} language={language} />}
        {texts.thanks.paragraphs.map((paragraph, i) => (
          <p key={i} {...fallbackAttributes(paragraph, language)}>
            {localize(paragraph, language)}
          </p>
        ))}
        <ResultsNotice slug={slug} language={language} />
        {processLink}
      </>,
      undefined,
      fallbackAttributes(texts.thanks.title, language),
    );
  }
  if (screen === 'pages' && draft) {
    return (
      <Frame skipLabel={t('skip')} footer={footer} legal={legal} nav={languageSwitcher}>
        {languageStatus}
        {machine}
        {pages && pages !== 'failed' ? (
          <pages.SurveyPages
            slug={slug}
            survey={survey}
            language={language}
            draft={draft}
            keep={keep}
            latest={latest}
            restored={restored}
            onStartOver={startOver}
            onLeave={leave}
            onNavigate={(entry: Entry, back?: boolean) => {
              // The "restored" notice greets the resident once, on the page they come back to.
              setRestored(false);
              if (back) stepBack(entry);
              else pushEntry(entry);
            }}
            onSent={sent}
            onClosed={() => show('closed')}
          />
        ) : pages === 'failed' ? (
          <>
            <p class="notice error">{t('loadFailed')}</p>
            <button type="button" class="button" onClick={() => loadPages(true)}>
              {t('tryAgain')}
            </button>
          </>
        ) : (
          <p role="status">{t('loading')}</p>
        )}
      </Frame>
    );
  }
  // The start screen: what this is, the start button, then the privacy notice in one sentence (and
  // the machine-translation hint); the full notice is one tap away below. The button comes right
  // after the heading, so it is in view on a 390 px phone at 200 % text too, where the privacy
  // sentence alone fills half the screen.
  const startTitle = `${t('title')}: ${localize(survey.process.title, language)}`;
  // The link opened again after sending: it says the answers arrived, so no one sends them twice
  // thinking they were lost; someone else on the same phone starts as before.
  const sentDay = sentOn(slug);
  return page(
    startTitle,
    <>
      {sentDay && <p class="notice ok">{t('sentBefore', { date: formatDay(sentDay, language) })}</p>}
      <div class="actions">
        <button type="button" class="button large" onClick={start}>
          {t('start')}
        </button>
      </div>
      <p class="privacy-summary">{t('privacySummary')}</p>
      {machine}
      <details class="privacy-full">
        <summary>{t('privacyMore')}</summary>
        <h2 {...fallbackAttributes(texts.privacy.title, language)}>{localize(texts.privacy.title, language)}</h2>
        {texts.privacy.paragraphs.map((paragraph, i) => (
          <p key={i} {...fallbackAttributes(paragraph, language)}>
            {localize(paragraph, language)}
          </p>
        ))}
        <p class="notice">{t('deviceNote')}</p>
      </details>
    </>,
    startTitle,
    {},
    false,
  );
}

/** The way back to the process's page, in the survey's language. */
function ToProcess({ slug, language }: { slug: string; language: Language }) {
  return (
    <p>
      <a class="button secondary" href={`/p/${encodeURIComponent(slug)}?lang=${language}`}>
        {t('toProcess')}
      </a>
    </p>
  );
}
