import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { ProcessDetail } from '../../shared/api/processes.ts';
import { Posters, QuestionnaireDownloads } from '../ui/PaperPrint.tsx';
import { Loading } from '../ui/Layout.tsx';
import { DotBoard } from './DotBoard.tsx';
import { NoteCapture } from './NoteCapture.tsx';
import { PaperEntry } from './PaperEntry.tsx';
import { survey } from './paper.ts';
import { stadtteilName } from './StadtteilSelect.tsx';
import { currentProcess, marketDays, mergedMarketDays, removedMarketDays } from './state.ts';
import { outbox } from './sync.ts';
import { refusedAsRemoved } from './policy.ts';
import { t, tn } from './messages.ts';
import { staffLocale } from '../i18n/staff.ts';
import type { LocalMarketDay } from './store.ts';

/** The market day's tabs: their address segment and name. */
export const MARKET_DAY_TABS = () => ([
  { key: '', label: t('marketDayPage.notes') },
  { key: 'punkte', label: t('marketDayPage.dotVotes') },
  { key: 'papier', label: t('marketDayPage.paperForm') },
] as const);

/** One Markttag: quick notes, the dot-vote board and paper questionnaires, one tap apart. */
export function MarketDayPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const tab = params.tab ?? '';
  const process = currentProcess.value;
  const marketDay = marketDays.value.find((s) => s.id === id);
  if (!process) return <Loading />;
  const keptInstead = marketDay ? undefined : marketDays.value.find((day) => day.id === mergedMarketDays.value.get(id));
  if (keptInstead) return <MergedMarketDay kept={keptInstead} tab={tab} />;
  if (!marketDay && removedMarketDays.value.has(id)) return <RemovedMarketDay id={id} />;
  if (!marketDay) {
    return (
      <>
        <h1>{t('marketDayPage.marketDayNotFound')}</h1>
        <p>{t('marketDayPage.thisMarketDayIs')}</p>
        <a class="button" href="/stand">
          {t('marketDayPage.toTheListOf')}
        </a>
      </>
    );
  }
  const where = stadtteilName(marketDay.stadtteil);
  const base = `/stand/markttag/${marketDay.id}`;
  return (
    <>
      <p class="breadcrumb">
        <a href="/stand">{t('marketDayPage.allMarketDays')}</a>
      </p>
      <div class="market-day-head">
        <h1>
          {marketDay.place}
          <span class="subtitle">
            {new Date(`${marketDay.date}T12:00:00`).toLocaleDateString(staffLocale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}
            {where ? ` · ${where}` : ''}
            {marketDay.staff.length > 0 ? t('marketDayPage.onDuty', { value: marketDay.staff.join(', ') }) : ''}
          </span>
        </h1>
        <nav class="stall-tabs" aria-label={t('marketDayPage.capture')}>
          {MARKET_DAY_TABS().map((link) => (
            <a key={link.key} href={link.key ? `${base}/${link.key}` : base} aria-current={link.key === tab ? 'page' : undefined}>
              {link.label}
            </a>
          ))}
        </nav>
      </div>
      {tab === 'punkte' ? (
        <DotBoard marketDay={marketDay} process={process} />
      ) : tab === 'papier' ? (
        <>
          <PrintPanel marketDay={marketDay} process={process} />
          <PaperEntry marketDay={marketDay} process={process} />
        </>
      ) : (
        <NoteCapture group={marketDay.id} marketDayId={marketDay.id} defaultStadtteil={marketDay.stadtteil} channels={['stall']} />
      )}
    </>
  );
}

/**
 * The market day staff are on was removed by an admin (the server refused what the tablet sent of
 * it): what happened, what became of what was captured on it (it waits in the sync bar above, to
 * be moved to another market day or discarded), and the way back to the list.
 */
/** The page of a market day an admin merged into another: where everything went, and the way there, on the same tab. */
function MergedMarketDay({ kept, tab }: { kept: LocalMarketDay; tab: string }) {
  const date = new Date(`${kept.date}T12:00:00`).toLocaleDateString(staffLocale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  return (
    <div class="removed-market-day">
      <h1>{t('marketDayPage.mergedTitle')}</h1>
      <p>{t('marketDayPage.mergedBody', { place: kept.place, date })}</p>
      <a class="button" href={`/stand/markttag/${kept.id}${tab ? `/${tab}` : ''}`}>
        {t('marketDayPage.toMergedInto', { place: kept.place })}
      </a>
    </div>
  );
}

function RemovedMarketDay({ id }: { id: string }) {
  const refused = refusedAsRemoved(outbox.value, id);
  const captured = refused.filter((entry) => entry.item.type !== 'marketDay').length;
  const itself = refused.length > captured;
  return (
    <div class="removed-market-day">
      <h1>{t('marketDayPage.removedTitle')}</h1>
      <p>{t('marketDayPage.removedByAdmin')}</p>
      {captured > 0 && (
        <>
          <p>{tn('marketDayPage.removedEntries', captured)}</p>
          <ul>
            <li>{t('marketDayPage.removedMove', { moveTo: t('syncBar.moveTo'), moveAndSend: t('syncBar.moveAndSend') })}</li>
            <li>{t('marketDayPage.removedDiscard', { discard: t('syncBar.discard') })}</li>
          </ul>
        </>
      )}
      {itself && <p>{t('marketDayPage.removedItself', { discard: t('syncBar.discard') })}</p>}
      {refused.length === 0 && <p>{t('marketDayPage.removedNothingWaits')}</p>}
      <a class="button" href="/stand">
        {t('marketDayPage.toTheListOf')}
      </a>
    </div>
  );
}

/**
 * Printing for this market day, folded away: the questionnaire per language and a QR poster whose
 * code opens the survey with the poster's id. Loaded only when opened, since it needs a connection
 * while the rest of the tab works offline.
 */
function PrintPanel({ marketDay, process }: { marketDay: LocalMarketDay; process: ProcessDetail }) {
  const [open, setOpen] = useState(false);
  const published = survey.value;
  return (
    <details class="print-panel" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('marketDayPage.printSummary')}</summary>
      {open && (
        <>
          {!navigator.onLine && <p class="notice warn">{t('marketDayPage.printNeedsConnection')}</p>}
          <h3>{t('marketDayPage.questionnaire')}</h3>
          {published ? <QuestionnaireDownloads slug={process.slug} version={published.version} languages={published.languages} /> : <p class="hint">{t('marketDayPage.questionnaireNotLoaded')}</p>}
          <h3>{t('marketDayPage.qrPoster')}</h3>
          {marketDay.local ? (
            <p class="hint">{t('marketDayPage.marketDayNotSent')}</p>
          ) : (
            <Posters slug={process.slug} languages={process.languages} districts={process.districts} marketDay={{ id: marketDay.id, place: marketDay.place }} />
          )}
        </>
      )}
    </details>
  );
}
