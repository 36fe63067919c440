import { useEffect } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { LANGUAGE_NAMES, LANGUAGES } from '../../shared/languages.ts';
import { PAPER_LANGUAGE_PARAM } from '../../shared/survey/paper.ts';
import { Loading } from '../ui/Layout.tsx';
import { localToday } from './policy.ts';
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
        <h1>Unbekannter Fragebogen</h1>
        <p>Dieser Code nennt keine Version des Fragebogens.</p>
        <a class="button" href="/stand">
          Zur Auswahl der Markttage
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
        <h1>Verfahren nicht gefunden</h1>
        <p>Der Fragebogen gehört zu einem Verfahren, das dieses Tablet nicht kennt ({slug}).</p>
      </>
    );
  }
  const others = sortedMarketDays.value.filter((marketDay) => marketDay.date !== today).slice(0, 8);
  return (
    <>
      <p class="breadcrumb">
        <a href="/stand">Alle Markttage</a>
      </p>
      <h1>Papierfragebogen eingeben</h1>
      <p>
        Fragebogen Version {version}
        {language ? `, ${LANGUAGE_NAMES[language]}` : ''}. Zu welchem Markttag gehört er?
      </p>
      <h2>Heute</h2>
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
          Heute gibt es noch keinen Markttag. <a href="/stand">Markttag anlegen</a> und den Code danach noch einmal scannen.
        </p>
      )}
      {others.length > 0 && (
        <>
          <h2>Frühere Markttage</h2>
          <ul class="market-day-list">
            {others.map((marketDay) => (
              <li key={marketDay.id}>
                <a class="market-day-link" href={entry(marketDay.id)}>
                  <strong>{marketDay.place}</strong>
                  <span>{new Date(`${marketDay.date}T12:00:00`).toLocaleDateString('de-DE', { weekday: 'short', day: 'numeric', month: 'long' })}</span>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
