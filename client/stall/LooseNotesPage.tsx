import { Loading } from '../ui/Layout.tsx';
import { NoteCapture } from './NoteCapture.tsx';
import { tx } from '../i18n/index.ts';
import { currentProcess, stallProcesses } from './state.ts';
import { LOOSE_NOTES } from './store.ts';
import { t } from './messages.ts';

/** Notes from a conference or a working group: the same capture, without a Markttag. */
export function LooseNotesPage() {
  const process = currentProcess.value;
  if (!process) return <Loading />;
  return (
    <>
      <p class="breadcrumb">
        <a href="/stand">{t('looseNotesPage.allMarketDays')}</a>
      </p>
      <h1>{t('looseNotesPage.notesFromAConference')}</h1>
      {/* Nothing in the address names the process: where the tablet offers several, the page says which one its notes go to. */}
      {stallProcesses.value.length > 1 && <p>{t('looseNotesPage.process', { title: tx(process.title) })}</p>}
      <p>{t('looseNotesPage.theseNotesBelongTo')}</p>
      <NoteCapture group={LOOSE_NOTES} defaultStadtteil={null} channels={['conference', 'workshop']} />
    </>
  );
}
