import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PublishedSurvey } from '../../shared/api/survey.ts';
import { LANGUAGES, localize, type Language } from '../../shared/languages.ts';
import { api, ApiError } from '../api.ts';
import { chooseLanguage, setDocumentLanguage } from '../i18n/translate.ts';
import { Frame, LanguageSwitcher } from '../ui/Frame.tsx';
import { clearDraft, loadDraft, newResponseId, saveDraft, type Draft } from './draft.ts';
import { switchLanguage, t } from './messages.ts';
import type * as SurveyPagesModule from './SurveyPages.tsx';
import './survey.css';

/**
 * The resident survey at /p/:slug/umfrage (`?lang=tr` picks the language, which the link back
 * to the process page carries on): privacy notice →
 * one short page per section → review and send → thank-you. This shell is all the first page
 * needs (the privacy notice, the language switcher, resuming a draft); the pages themselves
 * load in the background meanwhile. State is plain component state, no signals store, to
 * keep a resident's phone under 15 KB of gzipped JavaScript for the first page.
 */

type Load = { state: 'loading' } | { state: 'failed'; notFound: boolean } | { state: 'ready'; survey: PublishedSurvey };
type Screen = 'start' | 'pages' | 'thanks' | 'closed';
type PagesModule = typeof SurveyPagesModule;

export function SurveyArea({ slug }: { slug: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [language, setLanguage] = useState<Language>('de');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [screen, setScreen] = useState<Screen>('start');
  const [restored, setRestored] = useState(false);
  const [alreadySent, setAlreadySent] = useState(false);
  const [pages, setPages] = useState<PagesModule | 'failed' | null>(null);
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const navigated = useRef(false);
  const latest = useRef<Draft | null>(null);

  const keep = (next: Draft | null) => {
    latest.current = next;
    setDraft(next);
    if (next) saveDraft(slug, next);
    else clearDraft(slug);
  };

  const loadPages = () => {
    setPages((current) => (current === 'failed' ? null : current));
    import('./SurveyPages.tsx').then(setPages, () => setPages('failed'));
  };

  useEffect(() => {
    let alive = true;
    const stored = loadDraft(slug);
    // The loading message already in the resident's language while the survey itself loads.
    const early = chooseLanguage(LANGUAGES, stored?.language);
    void switchLanguage(early).then(() => alive && setLanguage(early));
    api<PublishedSurvey>(`/api/processes/${encodeURIComponent(slug)}/survey`).then(
      async (survey) => {
        const chosen = chooseLanguage(survey.languages, stored?.language);
        await switchLanguage(chosen);
        if (!alive) return;
        setLanguage(chosen);
        setLoad({ state: 'ready', survey });
        if (!survey.open) return setScreen('closed');
        loadPages();
        if (!stored) return;
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
      },
      (error: unknown) => alive && setLoad({ state: 'failed', notFound: error instanceof ApiError && error.status === 404 }),
    );
    return () => {
      alive = false;
      // Leave the document German; a public page that follows sets its own language again.
      setDocumentLanguage('de');
    };
  }, [slug, attempt]);

  // After moving to another screen, start reading (and tabbing) at its heading.
  useEffect(() => {
    if (!navigated.current) return;
    navigated.current = false;
    scrollTo(0, 0);
    heading.current?.focus();
  });

  const show = (next: Screen) => {
    setScreen(next);
    navigated.current = true;
  };

  const changeLanguage = async (next: Language) => {
    await switchLanguage(next);
    setLanguage(next);
    // A frozen body is resent byte for byte; only an unsent draft follows the switch.
    if (latest.current && !latest.current.outbox) keep({ ...latest.current, language: next });
    const url = new URL(location.href);
    url.searchParams.set('lang', next);
    history.replaceState(history.state, '', url);
  };

  const footer = t('footer');
  if (load.state !== 'ready') {
    return (
      <Frame title={t('title')} skipLabel={t('skip')} footer={footer}>
        {load.state === 'loading' ? (
          <p role="status">{t('loading')}</p>
        ) : (
          <>
            <h1>{t('title')}</h1>
            <p class="notice error">{load.notFound ? t('notFound') : t('loadFailed')}</p>
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
    keep(latest.current ?? { format: 1, id: newResponseId(), surveyVersion: survey.version, language, page: 0, answers: {}, startedAt: Date.now() });
    show('pages');
  };
  const startOver = () => {
    if (!confirm(t('confirmStartOver'))) return;
    keep(null);
    setRestored(false);
    show('start');
  };
  const sent = (conflict: boolean) => {
    keep(null);
    setAlreadySent(conflict);
    show('thanks');
  };

  const languageSwitcher = (
    <LanguageSwitcher id="survey-language" label={t('language')} languages={survey.languages} value={language} onChange={(next) => void changeLanguage(next)} />
  );
  const machine = survey.translations[language] === 'machine' && <p class="hint">{t('machine')}</p>;
  const processLink = (
    <p>
      <a class="button secondary" href={`/p/${encodeURIComponent(slug)}?lang=${language}`}>
        {t('toProcess')}
      </a>
    </p>
  );
  const page = (title: string, body: ComponentChildren) => (
    <Frame title={`${title} – ${t('title')}`} skipLabel={t('skip')} footer={footer} nav={languageSwitcher}>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {machine}
      {body}
    </Frame>
  );

  if (screen === 'closed') {
    return page(
      t('closedTitle'),
      <>
        <p>{t('closedText')}</p>
        {processLink}
      </>,
    );
  }
  if (screen === 'thanks') {
    return page(
      localize(texts.thanks.title, language),
      <>
        {alreadySent && <p class="notice ok">{t('alreadySent')}</p>}
        {texts.thanks.paragraphs.map((paragraph, i) => (
          <p key={i}>{localize(paragraph, language)}</p>
        ))}
        {processLink}
      </>,
    );
  }
  if (screen === 'pages' && draft) {
    return (
      <Frame skipLabel={t('skip')} footer={footer} nav={languageSwitcher}>
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
            onLeave={() => show('start')}
            onSent={sent}
            onClosed={() => show('closed')}
          />
        ) : pages === 'failed' ? (
          <>
            <p class="notice error">{t('loadFailed')}</p>
            <button type="button" class="button" onClick={loadPages}>
              {t('tryAgain')}
            </button>
          </>
        ) : (
          <p role="status">{t('loading')}</p>
        )}
      </Frame>
    );
  }
  return page(
    localize(texts.privacy.title, language),
    <>
      {texts.privacy.paragraphs.map((paragraph, i) => (
        <p key={i}>{localize(paragraph, language)}</p>
      ))}
      <p class="notice">{t('deviceNote')}</p>
      <div class="actions">
        <button type="button" class="button large" onClick={start}>
          {t('start')}
        </button>
      </div>
    </>,
  );
}
