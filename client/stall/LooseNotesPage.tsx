import { Loading } from '../ui/Layout.tsx';
import { NoteCapture } from './NoteCapture.tsx';
import { currentProcess } from './state.ts';
import { LOOSE_NOTES } from './store.ts';
import { t } from './messages.ts';

/** Notes from a conference or a working group: the same capture, without a Markttag. */
export function LooseNotesPage() {
  if (!currentProcess.value) return <Loading />;
  return (
    <>
      <p class="breadcrumb">
        <a href="/stand">{t('looseNotesPage.allMarketDays')}</a>
      </p>
      <h1>{t('looseNotesPage.notesFromAConference')}</h1>
      <p>{t('looseNotesPage.theseNotesBelongTo')}</p>
      <NoteCapture group={LOOSE_NOTES} defaultStadtteil={null} channels={['conference', 'workshop']} />
    </>
  );
}
