import { useEffect } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { LANGUAGE_NAMES, LANGUAGES } from '../../shared/languages.ts';
import { PAPER_LANGUAGE_PARAM } from '../../shared/survey/paper.ts';
import { Loading } from '../ui/Layout.tsx';
import { t } from './messages.ts';
import { localToday, marketDayDate, marketDaysAround } from './policy.ts';
import { chooseProcess, currentProcess, processes, sortedMarketDays } from './state.ts';
import type { LocalMarketDay } from './store.ts';
import { stadtteilName } from './StadtteilSelect.tsx';

/**
 * Where the QR code on a printed questionnaire leads: `/stand/papier/:slug/:version?sprache=ar`.
 * It switches the tablet to that process, and opens paper entry of the market day for that version
 * and language: at once when there is exactly one market day today, else after staff pick one.
 */
export function PaperLinkPage() {
  const { params, query } = useRoute();
  const { route } = useLocation();
  const slug = params.slug ?? '';
  const version = Number.parseInt(params.version ?? '', 10);
  const language = LANGUAGES.find((each) => each === query[PAPER_LANGUAGE_PARAM]);
  const process = currentProcess.value;
  const known = processes.value.some((each) => each.slug === slug);
  useEffect(() => {
    if (process && process.slug !== slug && known) void chooseProcess(slug);
  }, [process?.slug, slug, known]);

  const today = localToday();
  // Today's, the planned ones (nearest first) and the earlier ones, as the list of market days splits them.
  const { todays, planned, earlier } = marketDaysAround(process?.slug === slug ? sortedMarketDays.value : [], today, 8);
  const entry = (id: string) => `/stand/markttag/${id}/papier?version=${version}${language ? `&${PAPER_LANGUAGE_PARAM}=${language}` : ''}`;
  useEffect(() => {
    if (todays.length === 1) route(entry(todays[0]!.id), true);
  }, [todays.length]);

  if (!Number.isInteger(version) || version < 1) {
    return (
      <>
        <h1>{t('paperLinkPage.unknownQuestionnaire')}</h1>
        <p>{t('paperLinkPage.noVersion')}</p>
        <a class="button" href="/stand">
          {t('paperLinkPage.toMarketDays')}
        </a>
      </>
    );
  }
  if (!process) return <Loading />;
  if (process.slug !== slug) {
    return known ? (
      <Loading />
    ) : (
      <>
        <h1>{t('paperLinkPage.processNotFound')}</h1>
        <p>{t('paperLinkPage.unknownProcess', { slug })}</p>
      </>
    );
  }
  return (
    <>
      <p class="breadcrumb">
        <a href="/stand">{t('paperLinkPage.allMarketDays')}</a>
      </p>
      <h1>{t('paperLinkPage.title')}</h1>
      <p>{language ? t('paperLinkPage.whichMarketDayLanguage', { version, language: LANGUAGE_NAMES[language] }) : t('paperLinkPage.whichMarketDay', { version })}</p>
      <h2>{t('paperLinkPage.today')}</h2>
      {todays.length > 0 ? (
        <ul class="market-day-list">
          {todays.map((marketDay) => (
            <li key={marketDay.id}>
              <a class="market-day-link" href={entry(marketDay.id)}>
                <strong>{marketDay.place}</strong>
                <span>{stadtteilName(marketDay.stadtteil) ?? ''}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>
          {t('paperLinkPage.noMarketDayToday')} <a href="/stand">{t('paperLinkPage.createMarketDay')}</a> {t('paperLinkPage.scanAgain')}
        </p>
      )}
      {/* A stack of paper comes from a market day that was: the earlier days first, then the planned ones. */}
      <DayList heading={t('paperLinkPage.earlier')} marketDays={earlier} entry={entry} />
      <DayList heading={t('paperLinkPage.planned')} marketDays={planned} entry={entry} />
    </>
  );
}

/** Market days other than today's under a heading, each leading to its paper entry; nothing where there are none. */
function DayList({ heading, marketDays, entry }: { heading: string; marketDays: LocalMarketDay[]; entry: (id: string) => string }) {
  if (marketDays.length === 0) return null;
  return (
    <>
      <h2>{heading}</h2>
      <ul class="market-day-list">
        {marketDays.map((marketDay) => (
          <li key={marketDay.id}>
            <a class="market-day-link" href={entry(marketDay.id)}>
              <strong>{marketDay.place}</strong>
              <span>{marketDayDate(marketDay.date)}</span>
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
