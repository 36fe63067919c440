import { useEffect } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { LANGUAGE_NAMES, LANGUAGES } from '../../shared/languages.ts';
import { PAPER_LANGUAGE_PARAM } from '../../shared/survey/paper.ts';
import { Loading } from '../ui/Layout.tsx';
import { t } from './messages.ts';
import { localToday, marketDayDate } from './policy.ts';
import { chooseProcess, currentProcess, processes, sortedMarketDays } from './state.ts';
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
  const todays = process?.slug === slug ? sortedMarketDays.value.filter((marketDay) => marketDay.date === today) : [];
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
  const others = sortedMarketDays.value.filter((marketDay) => marketDay.date !== today).slice(0, 8);
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
      {others.length > 0 && (
        <>
          <h2>{t('paperLinkPage.earlier')}</h2>
          <ul class="market-day-list">
            {others.map((marketDay) => (
              <li key={marketDay.id}>
                <a class="market-day-link" href={entry(marketDay.id)}>
                  <strong>{marketDay.place}</strong>
                  <span>{marketDayDate(marketDay.date)}</span>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
