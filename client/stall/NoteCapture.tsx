import { useEffect, useRef, useState } from 'preact/hooks';
import { AGE_BANDS, type AgeBand, type NoteChannel } from '../../shared/api/stall.ts';
import { MAX_CONTRIBUTION_LENGTH, NOTE_KINDS } from '../../shared/domain.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../shared/languages.ts';
import { CHANNEL_LABELS, flattenFields, KIND_LABELS } from '../ui/labels.ts';
import { Chip, ChipGroup } from './Chip.tsx';
import { STAFF_DISTRICT_CHOICES, StadtteilSelect, stadtteilName } from './StadtteilSelect.tsx';
import { currentProcess, drafts, emptyDraft, loadNotes, notesByGroup, saveNote, suggestModel, updateDraft, type NoteDraft } from './state.ts';
import type { Suggestions } from './suggestions.ts';
import type { LocalNote } from './store.ts';
import { outbox } from './sync.ts';

const AGE_LABELS: Record<AgeBand, string> = { 'under-18': 'unter 18', '18-29': '18–29', '30-49': '30–49', '50-64': '50–64', '65-plus': '65 und älter' };
/** Leichte Sprache is a way of writing, not a language one talks in. */
const SPOKEN_LANGUAGES = LANGUAGES.filter((language) => language !== 'de-easy');


const NO_SUGGESTIONS: Suggestions = { fieldsOfAction: [], district: null };

/** Suggestions for the text being typed, a moment after typing pauses. */
function useSuggestions(text: string, language: Language | null): Suggestions {
  const [result, setResult] = useState<Suggestions>(NO_SUGGESTIONS);
  useEffect(() => {
    const process = currentProcess.value;
    if (!process || !text.trim()) {
      setResult(NO_SUGGESTIONS);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      import('./suggestions.ts').then(
        ({ suggestionsFor }) => {
          if (!cancelled) setResult(suggestionsFor(text, language ?? 'de', process, suggestModel.value));
        },
        // Suggestions are a help, not part of capturing: without them staff tag by hand as before.
        (err: unknown) => console.warn('tag suggestions unavailable', err),
      );
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [text, language]);
  return result;
}

function NoteStatus({ note }: { note: LocalNote }) {
  const entries = outbox.value.filter((entry) => entry.item.id === note.id);
  if (entries.some((entry) => entry.state !== 'pending')) return <span class="note-status problem">nicht angenommen</span>;
  if (entries.length > 0) return <span class="note-status waiting">wartet auf Senden</span>;
  return <span class="note-status sent">gesendet</span>;
}

/**
 * The quick note: type, tap "Speichern". Kind starts as Idee and the Stadtteil as the
 * session's, so one tap after typing is enough; everything else is optional.
 */
export function NoteCapture({ group, sessionId, defaultDistrict, channels }: { group: string; sessionId?: string; defaultDistrict: string | null; channels: readonly NoteChannel[] }) {
  const process = currentProcess.value;
  const fresh = emptyDraft(defaultDistrict, channels[0] ?? 'stall');
  const draft = drafts.value[group] ?? fresh;
  const set = (patch: Partial<NoteDraft>) => updateDraft(group, fresh, patch);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const suggestions = useSuggestions(draft.text, draft.language);
  useEffect(() => {
    void loadNotes(group);
  }, [group]);
  if (!process) return null;
  const notes = notesByGroup.value[group] ?? [];
  // Every field of action, children after their parent, so staff can tag as finely as they like.
  const fields = flattenFields(process.fieldsOfAction);

  async function save(event: Event) {
    event.preventDefault();
    if (!draft.text.trim()) {
      setMessage({ ok: false, text: 'Bitte zuerst etwas eintippen.' });
      textRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await saveNote(draft, sessionId);
      // Every voice starts from the same defaults (the next person is someone else); only the channel stays.
      updateDraft(group, fresh, emptyDraft(defaultDistrict, draft.channel));
      setMessage({ ok: true, text: draft.editing ? 'Änderung gespeichert – wird gesendet, sobald es geht.' : 'Notiz gespeichert – wird gesendet, sobald es geht.' });
      textRef.current?.focus();
    } catch (err) {
      // The text stays in the form: nothing is lost when the tablet's storage refuses.
      setMessage({ ok: false, text: `Nicht gespeichert. ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(false);
    }
  }

  function edit(note: LocalNote) {
    const { item } = note;
    set({ text: item.text, kind: item.kind, fieldsOfAction: item.fieldsOfAction, district: item.district, ageBand: item.ageBand ?? null, language: item.language ?? null, channel: item.channel, editing: note });
    setMessage(null);
    textRef.current?.focus();
  }

  const offeredFields = suggestions.fieldsOfAction.filter((key) => !draft.fieldsOfAction.includes(key));
  const offeredDistrict = suggestions.district && suggestions.district !== draft.district ? suggestions.district : null;
  const toggleField = (key: string, on: boolean) => set({ fieldsOfAction: on ? [...draft.fieldsOfAction, key] : draft.fieldsOfAction.filter((k) => k !== key) });

  return (
    <>
      <form class="note-form" onSubmit={save} noValidate>
        <h2>{draft.editing ? 'Notiz ändern' : 'Neue Notiz'}</h2>
        <div class="capture-grid">
          <div class="capture-main">
            <div class="field">
              <label for={`note-text-${group}`}>Was wurde gesagt?</label>
              <textarea
                id={`note-text-${group}`}
                ref={textRef}
                class="note-text"
                rows={6}
                maxLength={MAX_CONTRIBUTION_LENGTH}
                value={draft.text}
                onInput={(e) => set({ text: (e.currentTarget as HTMLTextAreaElement).value })}
              />
            </div>
            <div class="actions">
              <button class="button large save" type="submit" disabled={busy}>
                {draft.editing ? 'Änderung speichern' : 'Speichern'}
              </button>
              {draft.editing && (
                <button type="button" class="button secondary large" onClick={() => set(emptyDraft(defaultDistrict, draft.channel))}>
                  Ändern abbrechen
                </button>
              )}
            </div>
            <p class={message ? (message.ok ? 'save-message ok' : 'save-message error-text') : 'save-message'} role="status" aria-live="polite">
              {message?.text ?? ''}
            </p>
            {(offeredFields.length > 0 || offeredDistrict) && (
              // Below the save button, so chips appearing while typing never move the button under a finger.
              <section class="suggestions" aria-labelledby={`suggestions-${group}`}>
                <h3 id={`suggestions-${group}`}>Vorschläge zum Text</h3>
                <p class="hint">Antippen übernimmt den Vorschlag. Ohne Antippen wird nichts gesetzt.</p>
                <div class="chips">
                  {offeredFields.map((key) => (
                    <button key={key} type="button" class="chip marked" onClick={() => toggleField(key, true)}>
                      <span>{(fields.find((f) => f.key === key)?.label ?? key)}</span>
                      <span class="chip-mark">Vorschlag</span>
                    </button>
                  ))}
                  {offeredDistrict && (
                    <button type="button" class="chip marked" onClick={() => set({ district: offeredDistrict })}>
                      <span>Stadtteil {stadtteilName(offeredDistrict)}</span>
                      <span class="chip-mark">Vorschlag</span>
                    </button>
                  )}
                </div>
              </section>
            )}
          </div>
          <div class="capture-side">
            {channels.length > 1 && (
              <ChipGroup legend="Kanal">
                {channels.map((channel) => (
                  <Chip key={channel} type="radio" name={`channel-${group}`} checked={draft.channel === channel} onChange={() => set({ channel })}>
                    {CHANNEL_LABELS[channel]}
                  </Chip>
                ))}
              </ChipGroup>
            )}
            <ChipGroup legend="Art">
              {NOTE_KINDS.map((kind) => (
                <Chip key={kind} type="radio" name={`kind-${group}`} checked={draft.kind === kind} onChange={() => set({ kind })}>
                  {KIND_LABELS[kind]}
                </Chip>
              ))}
            </ChipGroup>
            <ChipGroup legend="Handlungsfelder" hint="Mehrere möglich">
              {fields.map((field) => (
                <Chip key={field.key} type="checkbox" name="fieldsOfAction" checked={draft.fieldsOfAction.includes(field.key)} onChange={(on) => toggleField(field.key, on)}>
                  {field.label}
                </Chip>
              ))}
            </ChipGroup>
            <div class="field">
              <label for={`note-district-${group}`}>Stadtteil</label>
              <StadtteilSelect id={`note-district-${group}`} districts={process.districts} {...STAFF_DISTRICT_CHOICES} value={draft.district} onChange={(district) => set({ district })} />
            </div>
            <ChipGroup legend="Alter (ungefähr, freiwillig)">
              <Chip type="radio" name={`age-${group}`} checked={draft.ageBand === null} onChange={() => set({ ageBand: null })}>
                keine Angabe
              </Chip>
              {AGE_BANDS.map((band) => (
                <Chip key={band} type="radio" name={`age-${group}`} checked={draft.ageBand === band} onChange={() => set({ ageBand: band })}>
                  {AGE_LABELS[band]}
                </Chip>
              ))}
            </ChipGroup>
            <div class="field">
              <label for={`note-language-${group}`}>Sprache des Gesprächs</label>
              <select
                id={`note-language-${group}`}
                value={draft.language ?? ''}
                onChange={(e) => set({ language: ((e.currentTarget as HTMLSelectElement).value || null) as Language | null })}
              >
                <option value="">keine Angabe</option>
                {SPOKEN_LANGUAGES.map((language) => (
                  <option key={language} value={language}>
                    {LANGUAGE_NAMES[language]}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
      </form>

      <section aria-labelledby={`recent-${group}`}>
        <h2 id={`recent-${group}`}>Auf diesem Tablet erfasst ({notes.length})</h2>
        {notes.length === 0 ? (
          <p>Noch keine Notizen.</p>
        ) : (
          <ul class="recent-notes">
            {notes.slice(0, 50).map((note) => (
              <li key={note.id}>
                <p class="recent-text">{note.item.text}</p>
                <p class="hint">
                  {KIND_LABELS[note.item.kind]}
                  {note.item.fieldsOfAction.length > 0 ? ` · ${note.item.fieldsOfAction.map((key) => (fields.find((f) => f.key === key)?.label ?? key)).join(', ')}` : ''} ·{' '}
                  {new Date(note.item.capturedAt).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit' })} · <NoteStatus note={note} />
                </p>
                <button type="button" class="button secondary" onClick={() => edit(note)} aria-label={`Ändern: ${note.item.text.slice(0, 40)}`}>
                  Ändern
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
