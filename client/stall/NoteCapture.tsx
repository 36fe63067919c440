import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProcessDetail } from '../../shared/api/processes.ts';
import { AGE_BANDS, type NoteChannel } from '../../shared/api/stall.ts';
import { MAX_CONTRIBUTION_LENGTH, NOTE_KINDS } from '../../shared/domain.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../shared/languages.ts';
import { Chip, ChipGroup } from './Chip.tsx';
import { RefusedEdit } from './NoteVersions.tsx';
import { STAFF_STADTTEIL_CHOICES, StadtteilSelect, stadtteilName } from './StadtteilSelect.tsx';
import { currentProcess, draftAfterChange, draftForChange, drafts, emptyDraft, focusNoteForm, loadNotes, notesByGroup, saveNote, suggestModel, updateDraft, type NoteDraft } from './state.ts';
import { linearModelFile } from './linear-model.ts';
import type { Suggestions } from './suggestions.ts';
import type { LocalNote } from './store.ts';
import { queuedItemState } from './sync.ts';
import { GoToDecision } from './SyncBar.tsx';
import { ageBandLabel, channelLabel, flattenFields, kindLabel, languageLabel } from '../ui/labels.ts';
import { t } from './messages.ts';
import { staffLocale } from '../i18n/staff.ts';
import type * as CardModule from './ReceiptCard.tsx';
import { formatReceiptCode } from '../../shared/receipts/code.ts';
import { useRefreshWhileOpen } from './useRefreshWhileOpen.ts';

/** Leichte Sprache is a way of writing, not a language one talks in. */
const SPOKEN_LANGUAGES = LANGUAGES.filter((language) => language !== 'de-easy');

/** A long market day lists its newest notes; older ones are in moderation. */
const MAX_LISTED = 100;

const NO_SUGGESTIONS: Suggestions = { fieldsOfAction: [], stadtteil: null };

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
          if (!cancelled) setResult(suggestionsFor(text, language, process, suggestModel.value, linearModelFile.value));
        },
        // Suggestions are a help, not part of capturing: without them staff tag by hand as before.
        (err: unknown) => console.warn('tag suggestions unavailable', err),
      );
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // Read again when the linear model arrives in the background.
  }, [text, language, linearModelFile.value]);
  return result;
}

/** The Stadtteil a text names, by the same suggester staff see while typing; null when it names none. */
async function stadtteilNamedIn(text: string, language: Language | null, process: ProcessDetail): Promise<string | null> {
  try {
    const { suggestionsFor } = await import('./suggestions.ts');
    return suggestionsFor(text, language, process, suggestModel.value, linearModelFile.value).stadtteil;
  } catch {
    return null;
  }
}

/**
 * Scrolls the note form up to just under the sync bar when part of it is hidden, so the text,
 * the fields of action and Save – and, on a tablet without the keyboard, the rest – are in one
 * screen above the on-screen keyboard.
 */
function bringIntoView(form: HTMLFormElement | null) {
  if (!form) return;
  // Wait a frame: the keyboard opening shrinks the viewport (interactive-widget=resizes-content).
  requestAnimationFrame(() => {
    const barBottom = document.querySelector('.sync-bar')?.getBoundingClientRect().bottom ?? 0;
    const box = form.getBoundingClientRect();
    if (box.top < barBottom || box.bottom > window.innerHeight) form.scrollIntoView({ block: 'start' });
  });
}

/** The card's module with its QR encoder: loaded the first time staff open a card, then kept. */
let cardModule: Promise<typeof CardModule> | null = null;
function loadCardModule(): Promise<typeof CardModule> {
  cardModule ??= import('./ReceiptCard.tsx').catch((err: unknown) => {
    cardModule = null;
    throw err;
  });
  return cardModule;
}

/** A receipt to hand over: the note's code and the language the page should open in. */
interface HandOver {
  code: string;
  language: Language | null;
}

function NoteStatus({ note }: { note: LocalNote }) {
  const state = queuedItemState(note.id);
  if (state === 'refused') return <span class="note-status problem">{t('noteCapture.notAccepted')}</span>;
  if (state === 'waiting') return <span class="note-status waiting">{t('noteCapture.waitingToBeSent')}</span>;
  return <span class="note-status sent">{t('noteCapture.sent')}</span>;
}

/** What the form says after a save: about the note just saved, as it stands now, or a problem in words. */
/** `empty`: the note had no text; the message then describes the text field, which is marked invalid. */
type SaveMessage = { ok: true; id: string; change: boolean; code: string | null } | { ok: false; text: string; empty?: true };

/** The confirmation of a saved note or change, by where it stands now. */
const SAVED = () => ({
  note: { waiting: t('noteCapture.noteSavedWillBe'), sent: t('noteCapture.noteSavedAndSent'), refused: t('noteCapture.noteSavedNotAccepted'), givenUp: t('noteCapture.noteGivenUp') },
  change: { waiting: t('noteCapture.changeSavedWillBe'), sent: t('noteCapture.changeSavedAndSent'), refused: t('noteCapture.changeSavedNotAccepted'), givenUp: t('noteCapture.changeGivenUp') },
});

/**
 * What the form says after a save. The confirmation follows the note: „wird gesendet, sobald es
 * geht“ while it waits on the tablet, „gespeichert und gesendet“ once the server took it (when the
 * sync badge says „Alles gesendet“), where the server refused it, that the sync bar asks for a
 * decision, and once staff gave the refused entry up there, that it was not sent (a given-up note's code is no code to hand over).
 */
function shownMessage(message: SaveMessage): { text: string; tone: 'ok' | 'error-text' | 'given-up' } {
  if (!message.ok) return { text: message.text, tone: 'error-text' };
  const state = queuedItemState(message.id);
  const saved = SAVED()[message.change ? 'change' : 'note'][state];
  if (state === 'givenUp') return { text: saved, tone: 'given-up' };
  return { text: message.code ? t('noteCapture.savedWithCode', { saved, code: formatReceiptCode(message.code) }) : saved, tone: state === 'refused' ? 'error-text' : 'ok' };
}

/**
 * The quick note: type, tap the fields, tap "Speichern" – text, fields of action and Save sit
 * in one screen, also with the on-screen keyboard open. The kind stays "nicht angegeben" until
 * staff choose one; the Stadtteil starts as the market day's, and a Stadtteil the text names
 * wins over that default unless staff picked one themselves.
 */
export function NoteCapture({ group, marketDayId, defaultStadtteil, channels }: { group: string; marketDayId?: string; defaultStadtteil: string | null; channels: readonly NoteChannel[] }) {
  const process = currentProcess.value;
  const fresh = emptyDraft(defaultStadtteil, channels[0] ?? 'stall');
  const draft = drafts.value[group] ?? fresh;
  const set = (patch: Partial<NoteDraft>) => updateDraft(group, fresh, patch);
  const [message, setMessage] = useState<SaveMessage | null>(null);
  const [busy, setBusy] = useState(false);
  /** The code of the note just saved, shown large until the next one is saved. */
  const [handOver, setHandOver] = useState<HandOver | null>(null);
  const [card, setCard] = useState<{ module: typeof CardModule; receipt: HandOver } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  // Set when a note is saved (its form cleared at once), until staff touch the form again (`onInput`): a tap on
  // Save of the empty form meanwhile is the second tap of a double tap, while the note is being stored or, on a
  // slow tablet, after that. It changes nothing: the confirmation of the note just saved stays.
  const justSaved = useRef(false);
  const suggestions = useSuggestions(draft.text, draft.language);
  useEffect(() => {
    void loadNotes(group);
  }, [group]);
  // What the other tablets captured on this market day joins the list while it is open.
  useRefreshWhileOpen(() => void loadNotes(group), [group]);
  useEffect(() => {
    // The on-screen keyboard opening (or the tablet turning) while staff type: keep the form in view.
    const onResize = () => {
      if (document.activeElement === textRef.current) bringIntoView(formRef.current);
    };
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  useEffect(() => {
    // Staff took the server's note into this form from the sync bar: they go on typing here.
    if (focusNoteForm.value !== group || !textRef.current) return;
    focusNoteForm.value = null;
    textRef.current.focus();
    bringIntoView(formRef.current);
  }, [focusNoteForm.value, group, process]);
  if (!process) return null;
  // Notes without a market day are one group on the tablet whatever their process: the list shows the process's own (a change of another's would be refused).
  const notes = (notesByGroup.value[group] ?? []).filter((note) => note.item.processSlug === process.slug);
  const shown = message ? shownMessage(message) : null;
  const refusedId = `note-refused-${group}`;
  const refused = draft.editing && draft.mine ? draft.mine : null;
  const messageId = `note-message-${group}`;
  // Until staff type something, the text field says it was empty when saved: a screen reader reads why with the field the focus went back to.
  const empty = message !== null && !message.ok && message.empty === true && !draft.text.trim();
  const fields = flattenFields(process.fieldsOfAction);
  const textStadtteil = draft.stadtteilChosen ? null : suggestions.stadtteil;
  const stadtteil = textStadtteil ?? draft.stadtteil;

  async function save(event: Event) {
    event.preventDefault();
    if (!draft.text.trim()) {
      if (justSaved.current) return;
      setMessage({ ok: false, text: t('noteCapture.pleaseTypeSomethingFirst'), empty: true });
      textRef.current?.focus();
      return;
    }
    setBusy(true);
    // The form is cleared at once, so staff can type the next voice while this one is stored; every
    // voice starts from the same defaults (the next person is someone else), only the channel stays.
    const saving = draft;
    // After a change, the new note set aside for it comes back.
    updateDraft(group, fresh, draftAfterChange(saving, emptyDraft(defaultStadtteil, saving.channel)));
    justSaved.current = true;
    textRef.current?.focus();
    try {
      // Saved right after typing, before the suggestions caught up: the text is read for a Stadtteil now.
      const named = saving.stadtteilChosen || !process ? null : await stadtteilNamedIn(saving.text, saving.language, process);
      const { id, receipt } = await saveNote({ ...saving, stadtteil: named ?? saving.stadtteil }, marketDayId);
      const code = !saving.editing && receipt ? receipt : null;
      setMessage({ ok: true, id, change: saving.editing !== null, code });
      if (code) setHandOver({ code, language: saving.language });
    } catch (err) {
      // Nothing is lost when the tablet's storage refuses: the text comes back unless the next one was begun.
      if (!drafts.value[group]?.text) updateDraft(group, fresh, saving);
      justSaved.current = false;
      setMessage({ ok: false, text: t('noteCapture.notSaved', { value: err instanceof Error ? err.message : String(err) }) });
    } finally {
      setBusy(false);
    }
  }

  function edit(note: LocalNote) {
    set(draftForChange(note, draft));
    justSaved.current = false;
    setMessage(null);
    // The large code is the last saved note's: beside another note being changed it would be handed to the wrong person.
    if (handOver && handOver.code !== note.receipt) setHandOver(null);
    textRef.current?.focus();
    bringIntoView(formRef.current);
  }

  async function openCard(receipt: HandOver) {
    try {
      setCard({ module: await loadCardModule(), receipt });
    } catch {
      setMessage({ ok: false, text: t('noteCapture.cardFailed') });
    }
  }

  const toggleField = (key: string, on: boolean) => set({ fieldsOfAction: on ? [...draft.fieldsOfAction, key] : draft.fieldsOfAction.filter((k) => k !== key) });

  return (
    <>
      <form
        class="note-form"
        ref={formRef}
        onSubmit={save}
        onInput={() => (justSaved.current = false)}
        noValidate
        aria-labelledby={`note-form-${group}`}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || e.isComposing) return;
          // With a keyboard at the stall, Ctrl+Enter saves from anywhere in the form; the focus goes back to the text.
          if (e.ctrlKey || e.metaKey) {
            e.preventDefault();
            if (!busy) formRef.current?.requestSubmit();
          } else if (e.target instanceof HTMLInputElement) {
            // Enter on a chip (the browser would submit the form) must not save the note before its kind, age or language are chosen.
            e.preventDefault();
          }
        }}
      >
        <h2 id={`note-form-${group}`} class="visually-hidden">
          {draft.editing ? t('noteCapture.changeNote') : t('noteCapture.newNote')}
        </h2>
        <div class="capture-grid">
          <div class="capture-main">
            <div class="field">
              <label for={`note-text-${group}`}>{draft.editing ? t('noteCapture.changeNoteWhatWas') : t('noteCapture.whatWasSaid')}</label>
              <textarea
                id={`note-text-${group}`}
                ref={textRef}
                class="note-text"
                dir="auto"
                rows={4}
                maxLength={MAX_CONTRIBUTION_LENGTH}
                value={draft.text}
                aria-describedby={[refused ? refusedId : '', empty ? messageId : ''].filter(Boolean).join(' ') || undefined}
                aria-invalid={empty || undefined}
                aria-keyshortcuts="Control+Enter Meta+Enter"
                onFocus={() => bringIntoView(formRef.current)}
                onInput={(e) => set({ text: (e.currentTarget as HTMLTextAreaElement).value })}
              />
            </div>
            {refused && draft.editing && <RefusedEdit id={refusedId} mine={refused} server={draft.editing.item} />}
            <ChipGroup legend={t('noteCapture.fieldsOfActionSeveral')}>
              {fields.map((field) => (
                <Chip
                  key={field.key}
                  type="checkbox"
                  name="fieldsOfAction"
                  checked={draft.fieldsOfAction.includes(field.key)}
                  suggested={suggestions.fieldsOfAction.includes(field.key)}
                  onChange={(on) => toggleField(field.key, on)}
                >
                  {field.label}
                </Chip>
              ))}
            </ChipGroup>
          </div>
          <div class="capture-save">
            <div class="actions">
              <button class="button large save" type="submit" disabled={busy}>
                {draft.editing ? t('noteCapture.saveChange') : t('noteCapture.save')}
              </button>
              {draft.editing && (
                <button type="button" class="button secondary large" onClick={() => updateDraft(group, fresh, draftAfterChange(draft, emptyDraft(defaultStadtteil, draft.channel)))}>
                  {t('noteCapture.cancelChange')}
                </button>
              )}
            </div>
            {/* Screen readers hear the shortcut from the text field's aria-keyshortcuts. */}
            <p class="hint keyboard-hint" aria-hidden="true">
              <kbd>{t('noteCapture.ctrlKey')}</kbd> + <kbd>Enter</kbd> {t('noteCapture.savesTheNote')}
            </p>
            {/* A live region that stays in the page: its words change as the note is sent, read out politely, the focus left in the text. */}
            <p id={messageId} class={shown ? `save-message ${shown.tone}` : 'save-message'} role="status" aria-live="polite">
              {shown?.text ?? ''}
            </p>
            {/* Refused: the decision is one tap away, also when the sync bar above has scrolled out of sight. */}
            {message?.ok && shown?.tone === 'error-text' && <GoToDecision itemId={message.id} />}
            {handOver && !(message?.ok && message.code === handOver.code && queuedItemState(message.id) === 'givenUp') && (
              <div class="receipt-panel">
                <p class="receipt-panel-label">{t('noteCapture.codeForPerson')}</p>
                <p class="receipt-big" dir="ltr">
                  {formatReceiptCode(handOver.code)}
                </p>
                <div class="actions compact">
                  <button type="button" class="button secondary" onClick={() => void openCard(handOver)}>
                    {t('noteCapture.cardWithQr')}
                  </button>
                  <button type="button" class="button link" onClick={() => setHandOver(null)}>
                    {t('noteCapture.hide')}
                  </button>
                </div>
              </div>
            )}
          </div>
          <div class="capture-side">
            {channels.length > 1 && (
              <ChipGroup legend={t('noteCapture.channel')}>
                {channels.map((channel) => (
                  <Chip key={channel} type="radio" name={`channel-${group}`} checked={draft.channel === channel} onChange={() => set({ channel })}>
                    {channelLabel(channel)}
                  </Chip>
                ))}
              </ChipGroup>
            )}
            <ChipGroup legend={t('noteCapture.kind')}>
              <Chip type="radio" name={`kind-${group}`} checked={draft.kind === null} onChange={() => set({ kind: null })}>
                {t('noteCapture.notGiven')}
              </Chip>
              {NOTE_KINDS.map((kind) => (
                <Chip key={kind} type="radio" name={`kind-${group}`} checked={draft.kind === kind} onChange={() => set({ kind })}>
                  {kindLabel(kind)}
                </Chip>
              ))}
            </ChipGroup>
            <div class="side-selects">
              <div class="field">
                <label for={`note-stadtteil-${group}`}>
                  {t('noteCapture.stadtteil')}
                  {textStadtteil && textStadtteil !== draft.stadtteil && <span class="hint stadtteil-source"> {t('noteCapture.fromTheText')}</span>}
                </label>
                <StadtteilSelect
                  id={`note-stadtteil-${group}`}
                  districts={process.districts}
                  {...STAFF_STADTTEIL_CHOICES()}
                  value={stadtteil}
                  onChange={(chosen) => set({ stadtteil: chosen, stadtteilChosen: true })}
                />
              </div>
              <div class="field">
                <label for={`note-language-${group}`}>{t('noteCapture.languageOfTheConversation')}</label>
                <select
                  id={`note-language-${group}`}
                  value={draft.language ?? ''}
                  onChange={(e) => set({ language: ((e.currentTarget as HTMLSelectElement).value || null) as Language | null })}
                >
                  <option value="">{t('noteCapture.notGiven2')}</option>
                  {SPOKEN_LANGUAGES.map((language) => (
                    <option key={language} value={language}>
                      {LANGUAGE_NAMES[language]}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <ChipGroup legend={t('noteCapture.ageRoughlyVoluntary')}>
              <Chip type="radio" name={`age-${group}`} checked={draft.ageBand === null} onChange={() => set({ ageBand: null })}>
                {t('noteCapture.notGiven2')}
              </Chip>
              {AGE_BANDS.map((band) => (
                <Chip key={band} type="radio" name={`age-${group}`} checked={draft.ageBand === band} onChange={() => set({ ageBand: band })}>
                  {ageBandLabel(band)}
                </Chip>
              ))}
            </ChipGroup>
          </div>
        </div>
      </form>

      <section aria-labelledby={`recent-${group}`}>
        {/* A market day lists all its notes (also from other tablets); notes without one, those captured here. */}
        <h2 id={`recent-${group}`}>
          {marketDayId ? t('noteCapture.notesOfThisMarket') : t('noteCapture.capturedOnThisTablet')} ({notes.length})
        </h2>
        {notes.length === 0 ? (
          <p>{t('noteCapture.noNotesYet')}</p>
        ) : (
          <ul class="recent-notes">
            {notes.slice(0, MAX_LISTED).map((note) => (
              <li key={note.id}>
                <p class="recent-text" dir="auto">
                  {note.item.text}
                </p>
                <p class="hint">
                  {/* Where a form offers more than one channel (Konferenz, Arbeitsgruppe), each note says which it went to: the chosen channel stays for the next note. */}
                  {channels.length > 1 ? `${channelLabel(note.item.channel)} · ` : ''}
                  {note.item.kind ? kindLabel(note.item.kind) : t('noteCapture.kindNotGiven')}
                  {note.item.fieldsOfAction.length > 0 ? ` · ${note.item.fieldsOfAction.map((key) => fields.find((f) => f.key === key)?.label ?? key).join(', ')}` : ''}
                  {note.origin === 'server' ? t('noteCapture.capturedOnAnotherTablet') : ` · ${new Date(note.item.capturedAt).toLocaleTimeString(staffLocale(), { hour: '2-digit', minute: '2-digit' })}`} ·{' '}
                  <NoteStatus note={note} />
                </p>
                {/* Where the voice is from and the language the conversation was held in, named in words. */}
                <p class="hint note-place">
                  <span>{t('noteCapture.listStadtteil', { name: stadtteilName(note.item.stadtteil) ?? t('stadtteilSelect.notNamed') })}</span>
                  {note.item.language && <span> · {t('noteCapture.listLanguage', { name: languageLabel(note.item.language) })}</span>}
                </p>
                {note.receipt && (
                  <p class="note-receipt">
                    {t('noteCapture.code')} <span dir="ltr">{formatReceiptCode(note.receipt)}</span>
                    {note.receiptReplaced && (
                      <span class="note-status problem">
                        {' '}
                        {t('noteCapture.codeReplaced', { code: formatReceiptCode(note.receiptReplaced) })}
                      </span>
                    )}
                  </p>
                )}
                <div class="actions compact">
                  {note.editable ? (
                    <button type="button" class="button secondary" onClick={() => edit(note)} aria-label={t('noteCapture.change2', { value: note.item.text.slice(0, 40) })}>
                      {t('noteCapture.change')}
                    </button>
                  ) : (
                    <p class="hint">{t('noteCapture.capturedByAnotherAccount')}</p>
                  )}
                  {note.receipt && (
                    <button type="button" class="button secondary" onClick={() => void openCard({ code: note.receipt!, language: note.item.language ?? null })} aria-label={t('noteCapture.cardFor', { value: note.item.text.slice(0, 40) })}>
                      {t('noteCapture.card')}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      {card && (
        <card.module.ReceiptCardDialog
          input={{ code: card.receipt.code, slug: process.slug, processTitle: process.title, language: card.receipt.language }}
          onClose={() => setCard(null)}
        />
      )}
    </>
  );
}
