import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { MAX_BOARD_OPTION_LENGTH, MAX_BOARD_OPTIONS, type Board } from '../../shared/api/stall.ts';
import { MAX_SHORT_TEXT_LENGTH } from '../../shared/domain.ts';
import { tx } from '../i18n/index.ts';
import { Loading } from '../ui/Layout.tsx';
import { localToday } from './policy.ts';
import { chooseProcess, createSession, currentProcess, processes, sortedSessions } from './state.ts';
import { STAFF_DISTRICT_CHOICES, StadtteilSelect, stadtteilName } from './StadtteilSelect.tsx';
import type { LocalSession } from './store.ts';
import { WhereNextHint } from './WhereNextHint.tsx';

function SessionLink({ session }: { session: LocalSession }) {
  const where = stadtteilName(session.district);
  return (
    <li>
      <a class="session-link" href={`/stand/markttag/${session.id}`}>
        <strong>{session.place}</strong>
        <span>
          {new Date(`${session.date}T12:00:00`).toLocaleDateString('de-DE', { weekday: 'short', day: 'numeric', month: 'long' })}
          {where ? ` · ${where}` : ''}
          {session.local ? ' · noch nicht gesendet' : ` · ${session.noteCount} Notizen`}
        </span>
      </a>
    </li>
  );
}

/** The poster question as staff typed it: a board, none (both fields empty), or what is missing, in words. */
export function posterBoard(question: string, optionLines: string): Board | null | string {
  const labels = [...new Set(optionLines.split('\n').map((line) => line.trim()).filter(Boolean))];
  if (!question.trim() && labels.length === 0) return null;
  if (!question.trim()) return 'Bitte die Frage auf dem Plakat angeben – oder die Antworten leeren.';
  if (labels.length < 2 || labels.length > MAX_BOARD_OPTIONS) return `Bitte 2 bis ${MAX_BOARD_OPTIONS} Antworten angeben, eine pro Zeile.`;
  const tooLong = labels.find((label) => label.length > MAX_BOARD_OPTION_LENGTH);
  if (tooLong) return `Die Antwort „${tooLong.slice(0, 30)} …“ ist zu lang (höchstens ${MAX_BOARD_OPTION_LENGTH} Zeichen).`;
  return { question: question.trim(), options: labels.map((label, index) => ({ key: `option-${index + 1}`, label })) };
}

/** Pick today's Markttag or create one, also offline. */
export function SessionsPage() {
  const { route } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const today = localToday();
  const [form, setForm] = useState({ date: today, place: '', district: null as string | null, staff: '', question: '', options: '' });
  const process = currentProcess.value;
  if (!process) return <Loading />;
  const todays = sortedSessions.value.filter((s) => s.date === today);
  const earlier = sortedSessions.value.filter((s) => s.date !== today).slice(0, 12);

  async function submit(event: Event) {
    event.preventDefault();
    const place = form.place.trim();
    if (!place) {
      setError('Bitte den Ort angeben.');
      return;
    }
    const board = posterBoard(form.question, form.options);
    if (typeof board === 'string') {
      setError(board);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const id = await createSession({
        ...(board ? { board } : {}),
        date: form.date || today,
        place,
        district: form.district,
        staff: form.staff
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      });
      route(`/stand/markttag/${id}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Markttag wählen</h1>
      {processes.value.length > 1 && (
        <div class="field">
          <label for="process">Verfahren</label>
          <select id="process" value={process.slug} onChange={(e) => void chooseProcess((e.currentTarget as HTMLSelectElement).value)}>
            {processes.value.map((p) => (
              <option key={p.slug} value={p.slug}>
                {tx(p.title)}
              </option>
            ))}
          </select>
        </div>
      )}
      <h2>Heute</h2>
      {todays.length > 0 ? (
        <ul class="session-list">
          {todays.map((s) => (
            <SessionLink key={s.id} session={s} />
          ))}
        </ul>
      ) : (
        <p>Für heute gibt es noch keinen Markttag. Legen Sie ihn unten an.</p>
      )}

      <form class="card" onSubmit={submit} noValidate>
        <h2>Neuen Markttag anlegen</h2>
        {error && (
          <p class="error-text" role="alert">
            {error}
          </p>
        )}
        <WhereNextHint slug={process.slug} onPick={(district) => setForm({ ...form, district })} />
        <div class="form-grid">
          <div class="field">
            <label for="session-date">Datum</label>
            <input id="session-date" type="date" value={form.date} required onInput={(e) => setForm({ ...form, date: (e.currentTarget as HTMLInputElement).value })} />
          </div>
          <div class="field">
            <label for="session-place">Ort</label>
            <input
              id="session-place"
              type="text"
              value={form.place}
              placeholder="z. B. Wochenmarkt Bensberg"
              required
              aria-invalid={error !== null && !form.place.trim()}
              onInput={(e) => setForm({ ...form, place: (e.currentTarget as HTMLInputElement).value })}
            />
          </div>
          <div class="field">
            <label for="session-district">Stadtteil</label>
            <StadtteilSelect id="session-district" districts={process.districts} {...STAFF_DISTRICT_CHOICES} value={form.district} onChange={(district) => setForm({ ...form, district })} />
          </div>
          <div class="field">
            <label for="session-staff">Im Dienst</label>
            <input
              id="session-staff"
              type="text"
              value={form.staff}
              aria-describedby="session-staff-hint"
              onInput={(e) => setForm({ ...form, staff: (e.currentTarget as HTMLInputElement).value })}
            />
            <span id="session-staff-hint" class="hint">
              Namen, durch Komma getrennt
            </span>
          </div>
        </div>
        <details class="poster-question" open={form.question !== '' || undefined}>
          <summary>Eigene Frage für die Klebepunkte (Plakat)</summary>
          <p class="hint">Ohne eigene Frage zählt die Tafel Punkte für die Handlungsfelder.</p>
          <div class="form-grid">
            <div class="field">
              <label for="session-question">Frage auf dem Plakat</label>
              <input id="session-question" type="text" value={form.question} maxLength={MAX_SHORT_TEXT_LENGTH} onInput={(e) => setForm({ ...form, question: (e.currentTarget as HTMLInputElement).value })} />
            </div>
            <div class="field">
              <label for="session-options">Antworten auf dem Plakat</label>
              <textarea
                id="session-options"
                rows={4}
                value={form.options}
                aria-describedby="session-options-hint"
                onInput={(e) => setForm({ ...form, options: (e.currentTarget as HTMLTextAreaElement).value })}
              />
              <span id="session-options-hint" class="hint">
                Eine Antwort pro Zeile, 2 bis {MAX_BOARD_OPTIONS}
              </span>
            </div>
          </div>
        </details>
        <div class="actions">
          <button class="button large" type="submit" disabled={busy}>
            Markttag anlegen
          </button>
        </div>
      </form>

      <p>
        <a class="button secondary large" href="/stand/notizen">
          Notizen ohne Markttag (Konferenz, Arbeitsgruppe)
        </a>
      </p>

      {earlier.length > 0 && (
        <>
          <h2>Frühere Markttage</h2>
          <ul class="session-list">
            {earlier.map((s) => (
              <SessionLink key={s.id} session={s} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}
