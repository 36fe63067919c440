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
import { currentProcess, sessions } from './state.ts';
import { t } from './messages.ts';
import { staffLocale } from '../i18n/staff.ts';
import type { LocalSession } from './store.ts';

const TABS = () => ([
  { key: '', label: t('sessionPage.notes') },
  { key: 'punkte', label: t('sessionPage.dotVotes') },
  { key: 'papier', label: t('sessionPage.paperForm') },
] as const);

/** One Markttag: quick notes, the dot-vote board and paper questionnaires, one tap apart. */
export function SessionPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const tab = params.tab ?? '';
  const process = currentProcess.value;
  const session = sessions.value.find((s) => s.id === id);
  if (!process) return <Loading />;
  if (!session) {
    return (
      <>
        <h1>{t('sessionPage.marketDayNotFound')}</h1>
        <p>{t('sessionPage.thisMarketDayIs')}</p>
        <a class="button" href="/stand">
          {t('sessionPage.toTheListOf')}
        </a>
      </>
    );
  }
  const where = stadtteilName(session.district);
  const base = `/stand/markttag/${session.id}`;
  return (
    <>
      <p class="breadcrumb">
        <a href="/stand">{t('sessionPage.allMarketDays')}</a>
      </p>
      <div class="session-head">
        <h1>
          {session.place}
          <span class="subtitle">
            {new Date(`${session.date}T12:00:00`).toLocaleDateString(staffLocale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}
            {where ? ` · ${where}` : ''}
            {session.staff.length > 0 ? t('sessionPage.onDuty', { value: session.staff.join(', ') }) : ''}
          </span>
        </h1>
        <nav class="stall-tabs" aria-label={t('sessionPage.capture')}>
          {TABS().map((link) => (
            <a key={link.key} href={link.key ? `${base}/${link.key}` : base} aria-current={link.key === tab ? 'page' : undefined}>
              {link.label}
            </a>
          ))}
        </nav>
      </div>
      {tab === 'punkte' ? (
        <DotBoard session={session} process={process} />
      ) : tab === 'papier' ? (
        <>
          <PrintPanel session={session} process={process} />
          <PaperEntry session={session} process={process} />
        </>
      ) : (
        <NoteCapture group={session.id} sessionId={session.id} defaultDistrict={session.district} channels={['stall']} />
      )}
    </>
  );
}

/**
 * Printing for this market day, folded away: the questionnaire per language and a QR poster whose
 * code opens the survey with the poster's id. Loaded only when opened, since it needs a connection
 * while the rest of the tab works offline.
 */
function PrintPanel({ session, process }: { session: LocalSession; process: ProcessDetail }) {
  const [open, setOpen] = useState(false);
  const published = survey.value;
  return (
    <details class="print-panel" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('sessionPage.printSummary')}</summary>
      {open && (
        <>
          {!navigator.onLine && <p class="notice warn">{t('sessionPage.printNeedsConnection')}</p>}
          <h3>{t('sessionPage.questionnaire')}</h3>
          {published ? <QuestionnaireDownloads slug={process.slug} version={published.version} languages={published.languages} /> : <p class="hint">{t('sessionPage.questionnaireNotLoaded')}</p>}
          <h3>{t('sessionPage.qrPoster')}</h3>
          {session.local ? (
            <p class="hint">{t('sessionPage.marketDayNotSent')}</p>
          ) : (
            <Posters slug={process.slug} languages={process.languages} districts={process.districts} marketDay={{ id: session.id, place: session.place }} />
          )}
        </>
      )}
    </details>
  );
}
