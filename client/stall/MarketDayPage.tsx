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
import { currentProcess, marketDays } from './state.ts';
import type { LocalMarketDay } from './store.ts';

const TABS = [
  { key: '', label: 'Notizen' },
  { key: 'punkte', label: 'Klebepunkte' },
  { key: 'papier', label: 'Papierbogen' },
] as const;

/** One Markttag: quick notes, the dot-vote board and paper questionnaires, one tap apart. */
export function MarketDayPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const tab = params.tab ?? '';
  const process = currentProcess.value;
  const marketDay = marketDays.value.find((s) => s.id === id);
  if (!process) return <Loading />;
  if (!marketDay) {
    return (
      <>
        <h1>Markttag nicht gefunden</h1>
        <p>Dieser Markttag ist auf diesem Tablet nicht bekannt.</p>
        <a class="button" href="/stand">
          Zur Auswahl der Markttage
        </a>
      </>
    );
  }
  const where = stadtteilName(marketDay.stadtteil);
  const base = `/stand/markttag/${marketDay.id}`;
  return (
    <>
      <p class="breadcrumb">
        <a href="/stand">Alle Markttage</a>
      </p>
      <div class="market-day-head">
        <h1>
          {marketDay.place}
          <span class="subtitle">
            {new Date(`${marketDay.date}T12:00:00`).toLocaleDateString('de-DE', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}
            {where ? ` · ${where}` : ''}
            {marketDay.staff.length > 0 ? ` · im Dienst: ${marketDay.staff.join(', ')}` : ''}
          </span>
        </h1>
        <nav class="stall-tabs" aria-label="Erfassen">
          {TABS.map((t) => (
            <a key={t.key} href={t.key ? `${base}/${t.key}` : base} aria-current={t.key === tab ? 'page' : undefined}>
              {t.label}
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
 * Printing for this market day, folded away: the questionnaire per language and a QR poster whose
 * code opens the survey with the poster's id. Loaded only when opened, since it needs a connection
 * while the rest of the tab works offline.
 */
function PrintPanel({ marketDay, process }: { marketDay: LocalMarketDay; process: ProcessDetail }) {
  const [open, setOpen] = useState(false);
  const published = survey.value;
  return (
    <details class="print-panel" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary>Drucken: Fragebogen und QR-Plakat für diesen Markttag</summary>
      {open && (
        <>
          {!navigator.onLine && <p class="notice warn">Zum Drucken braucht das Tablet eine Verbindung.</p>}
          <h3>Fragebogen</h3>
          {published ? <QuestionnaireDownloads slug={process.slug} version={published.version} languages={published.languages} /> : <p class="hint">Der Fragebogen ist noch nicht geladen.</p>}
          <h3>QR-Plakat</h3>
          {marketDay.local ? (
            <p class="hint">Der Markttag ist noch nicht beim Server. Ein Plakat gibt es, sobald er gesendet ist.</p>
          ) : (
            <Posters slug={process.slug} languages={process.languages} districts={process.districts} marketDay={{ id: marketDay.id, place: marketDay.place }} />
          )}
        </>
      )}
    </details>
  );
}
