import type { ConflictNote } from '../../shared/api/stall.ts';
import { ageBandLabel, flattenFields, kindLabel, languageLabel } from '../ui/labels.ts';
import { stadtteilName } from './StadtteilSelect.tsx';
import { currentProcess } from './state.ts';
import { t } from './messages.ts';

/** What staff compare of a note: its text and the details they chose (the server's note or their own edit). */
type Content = Pick<ConflictNote, 'text' | 'fieldsOfAction' | 'stadtteil'> & Partial<Pick<ConflictNote, 'kind' | 'ageBand' | 'language'>>;

const sameFields = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** The details of `note` that differ from `other`'s, in staff's words (the text is shown whole anyway). */
function differences(note: Content, other: Content): string[] {
  const lines: string[] = [];
  const notGiven = t('noteVersions.notGiven');
  if (!sameFields(note.fieldsOfAction, other.fieldsOfAction)) {
    const fields = flattenFields(currentProcess.value?.fieldsOfAction ?? []);
    const labels = note.fieldsOfAction.map((key) => fields.find((field) => field.key === key)?.label ?? key);
    lines.push(t('noteVersions.fields', { value: labels.length > 0 ? labels.join(', ') : t('noteVersions.none') }));
  }
  if (note.stadtteil !== other.stadtteil) lines.push(t('noteVersions.stadtteil', { value: stadtteilName(note.stadtteil) ?? notGiven }));
  if ((note.kind ?? null) !== (other.kind ?? null)) lines.push(t('noteVersions.kind', { value: note.kind ? kindLabel(note.kind) : notGiven }));
  if ((note.ageBand ?? null) !== (other.ageBand ?? null)) lines.push(t('noteVersions.ageBand', { value: note.ageBand ? ageBandLabel(note.ageBand) : notGiven }));
  if ((note.language ?? null) !== (other.language ?? null)) lines.push(t('noteVersions.language', { value: note.language ? languageLabel(note.language) : notGiven }));
  return lines;
}

/** One side: the text as written, then what else differs from the other side. */
function Side({ note, other }: { note: Content; other: Content }) {
  const lines = differences(note, other);
  return (
    <>
      <p class="note-version-text" dir="auto">
        {note.text}
      </p>
      {lines.length > 0 && (
        <ul class="note-version-details">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * A refused edit beside the note the server holds, each under its label, the server's first: a
 * screen reader reads label, text, label, text. Side by side where there is room, else one
 * below the other.
 */
export function NoteVersions({ server, mine }: { server: Content; mine: Content }) {
  return (
    <dl class="note-versions">
      {[
        { side: 'server', label: t('noteVersions.onTheServer'), note: server, other: mine },
        { side: 'mine', label: t('noteVersions.yourChange'), note: mine, other: server },
      ].map(({ side, label, note, other }) => (
        <div key={side} class={`note-version ${side}`}>
          <dt>{label}</dt>
          <dd>
            <Side note={note} other={other} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Under the form that holds the server's note: the edit staff gave up for it, to merge by hand. */
export function RefusedEdit({ id, mine, server }: { id: string; mine: Content; server: Content }) {
  return (
    <div class="note-version mine refused-edit" id={id}>
      <p class="note-version-label">{t('noteVersions.yourRefusedChange')}</p>
      <Side note={mine} other={server} />
    </div>
  );
}
