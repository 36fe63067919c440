import { Loading } from '../ui/Layout.tsx';
import { NoteCapture } from './NoteCapture.tsx';
import { currentProcess } from './state.ts';
import { LOOSE_NOTES } from './store.ts';

/** Notes from a conference or a working group: the same capture, without a Markttag. */
export function LooseNotesPage() {
  if (!currentProcess.value) return <Loading />;
  return (
    <>
      <p class="breadcrumb">
        <a href="/stand">Alle Markttage</a>
      </p>
      <h1>Notizen aus Konferenz oder Arbeitsgruppe</h1>
      <p>Diese Notizen gehören zu keinem Markttag. Wählen Sie, woher sie stammen, und den Stadtteil, falls genannt.</p>
      <NoteCapture group={LOOSE_NOTES} defaultStadtteil={null} channels={['conference', 'workshop']} />
    </>
  );
}
