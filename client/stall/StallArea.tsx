import { useEffect } from 'preact/hooks';
import { Route, Router, useLocation } from 'preact-iso';
import { signal } from '@preact/signals';
import { applyLanguage } from '../i18n/index.ts';
import { Layout, Loading } from '../ui/Layout.tsx';
import { LooseNotesPage } from './LooseNotesPage.tsx';
import { PaperLinkPage } from './PaperLinkPage.tsx';
import { linkManifest, registerStallWorker, requestPersistentStorage } from './pwa.ts';
import { MARKET_DAY_TABS, MarketDayPage } from './MarketDayPage.tsx';
import { staffLocale } from '../i18n/staff.ts';
import { MarketDaysPage } from './MarketDaysPage.tsx';
import { loadSurvey, surveyAvailableOffline } from './paper.ts';
import { afterFirstPaint, loadLinearModel } from './linear-model.ts';
import { checkAccess, currentProcess, keepDrafts, marketDays, mergedMarketDays, removedMarketDays, loadProcess, loadSuggestModel, processError, type Access } from './state.ts';
import { SyncBar } from './SyncBar.tsx';
import { startSync } from './sync.ts';
import './stall.css';
import { t } from './messages.ts';

const access = signal<Access>('checking');

/** How long a tablet that lacks the process or its questionnaire waits before it asks again, unless the browser reports its network back first. */
const MISSING_RETRY_MS = 30_000;
let fetchArmed = false;

/**
 * The process and its questionnaire are what a market day without network needs besides the app
 * (the sync bar says „Offline bereit“ only with them). Where the Wi-Fi dropped right after /stand
 * opened and they did not arrive, nor were on the tablet from before, they are fetched again when the
 * browser reports its network back, or after half a minute, until the tablet has them: staff keep the
 * page open, as the bar asks, and need no reload.
 */
function fetchMissingLater(): void {
  const missing = () => currentProcess.value === null || !surveyAvailableOffline.value;
  if (fetchArmed || !missing()) return;
  fetchArmed = true;
  const again = () => {
    clearTimeout(timer);
    removeEventListener('online', again);
    fetchArmed = false;
    void (async () => {
      if (currentProcess.value === null) await loadProcess();
      const slug = currentProcess.value?.slug;
      if (slug && !surveyAvailableOffline.value) await loadSurvey(slug);
    })().then(fetchMissingLater);
  };
  const timer = setTimeout(again, MISSING_RETRY_MS);
  addEventListener('online', again);
}

/**
 * The browser tab's name for a page of the stall area, before „Marktstand“: what the page's heading
 * says, on a market day its tab and which day (date too: a market recurs at the same place), so a
 * screen reader's first words and the tablet's tab list tell the pages apart.
 */
function stallPageTitle(path: string): string {
  const [, , section = '', id = '', tab = ''] = path.split('/');
  if (section === 'notizen') return t('looseNotesPage.notesFromAConference');
  if (section === 'papier') return t('paperLinkPage.title');
  if (section !== 'markttag') return t('marketDaysPage.chooseMarketDay');
  const marketDay = marketDays.value.find((day) => day.id === id);
  if (!marketDay) {
    if (mergedMarketDays.value.has(id)) return t('marketDayPage.mergedTitle');
    return removedMarketDays.value.has(id) ? t('marketDayPage.removedTitle') : t('marketDayPage.marketDayNotFound');
  }
  const date = new Date(`${marketDay.date}T12:00:00`).toLocaleDateString(staffLocale(), { day: 'numeric', month: 'numeric', year: 'numeric' });
  const tabLabel = MARKET_DAY_TABS().find((entry) => entry.key === tab)?.label ?? t('marketDayPage.notes');
  return `${tabLabel}: ${marketDay.place}, ${date}`;
}

/** The staff area at /stand: works offline once opened online, and sends what was captured when it can. */
export function StallArea() {
  const { route, url, path } = useLocation();
  useEffect(() => {
    // Asked afresh every time the area opens: after signing in at /login the answer from before ("sign-in") is stale.
    access.value = 'checking';
    // Staff work in German, also on a tablet that just showed a resident the survey in Turkish.
    applyLanguage('de');
    linkManifest();
    void registerStallWorker();
    void requestPersistentStorage();
    void checkAccess().then((result) => {
      access.value = result;
      if (result === 'ok') {
        startSync();
        void keepDrafts();
        afterFirstPaint(() => void loadLinearModel());
        // The survey is fetched now, not when the paper tab opens: the stall may have no network by then.
        void loadProcess()
          .then(() => {
            const slug = currentProcess.value?.slug;
            if (slug) return Promise.all([loadSurvey(slug), loadSuggestModel(slug)]);
          })
          .then(fetchMissingLater);
      }
    });
  }, []);
  useEffect(() => {
    if (access.value === 'sign-in') route(`/login?next=${encodeURIComponent(url)}`, true);
  }, [access.value]);

  if (access.value === 'checking' || access.value === 'sign-in') {
    return (
      <Layout title={t('stallArea.marketStall')}>
        <Loading />
      </Layout>
    );
  }
  if (access.value === 'forbidden') {
    return (
      <Layout title={t('stallArea.marketStall')}>
        <h1>{t('stallArea.noAccess')}</h1>
        <p>{t('stallArea.theMarketStallIs')}</p>
      </Layout>
    );
  }
  if (access.value === 'no-connection') {
    return (
      <Layout title={t('stallArea.marketStall')}>
        <h1>{t('stallArea.marketStall')}</h1>
        <div class="notice warn" role="alert">
          <p>{t('stallArea.noConnectionToThe')}</p>
        </div>
      </Layout>
    );
  }
  return (
    <Layout title={`${stallPageTitle(path)} – ${t('stallArea.marketStall')}`}>
      <div class="stall">
        <SyncBar />
        {processError.value && (
          <div class="notice error" role="alert">
            <p>{processError.value}</p>
          </div>
        )}
        <Router>
          <Route path="/" component={MarketDaysPage} />
          <Route path="/markttag/:id/:tab?" component={MarketDayPage} />
          <Route path="/notizen" component={LooseNotesPage} />
          <Route path="/papier/:slug/:version" component={PaperLinkPage} />
          <Route default component={MarketDaysPage} />
        </Router>
      </div>
    </Layout>
  );
}
