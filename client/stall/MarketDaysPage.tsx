import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { MAX_BOARD_OPTION_LENGTH, MAX_BOARD_OPTIONS, type Board } from '../../shared/api/stall.ts';
import { MAX_SHORT_TEXT_LENGTH } from '../../shared/domain.ts';
import { tx } from '../i18n/index.ts';
import { Loading } from '../ui/Layout.tsx';
import { localToday } from './policy.ts';
import { chooseProcess, createMarketDay, currentProcess, processes, sortedMarketDays } from './state.ts';
import { STAFF_STADTTEIL_CHOICES, StadtteilSelect, stadtteilName } from './StadtteilSelect.tsx';
import type { LocalMarketDay } from './store.ts';
import { WhereNextHint } from './WhereNextHint.tsx';

function MarketDayLink({ marketDay }: { marketDay: LocalMarketDay }) {
  const where = stadtteilName(marketDay.stadtteil);
  return (
    <li>
      <a class="market-day-link" href={`/stand/markttag/${marketDay.id}`}>
        <strong>{marketDay.place}</strong>
        <span>
          {new Date(`${marketDay.date}T12:00:00`).toLocaleDateString('de-DE', { weekday: 'short', day: 'numeric', month: 'long' })}
          {where ? ` · ${where}` : ''}
          {marketDay.local ? ' · noch nicht gesendet' : ` · ${marketDay.noteCount} Notizen`}
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
export function MarketDaysPage() {
  const { route } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const today = localToday();
  const [form, setForm] = useState({ date: today, place: '', stadtteil: null as string | null, staff: '', question: '', options: '' });
  const process = currentProcess.value;
  if (!process) return <Loading />;
  const todays = sortedMarketDays.value.filter((s) => s.date === today);
  const earlier = sortedMarketDays.value.filter((s) => s.date !== today).slice(0, 12);

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
      const id = await createMarketDay({
        ...(board ? { board } : {}),
        date: form.date || today,
        place,
        stadtteil: form.stadtteil,
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
        <ul class="market-day-list">
          {todays.map((s) => (
            <MarketDayLink key={s.id} marketDay={s} />
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
        <WhereNextHint slug={process.slug} onPick={(stadtteil) => setForm({ ...form, stadtteil })} />
        <div class="form-grid">
          <div class="field">
            <label for="market-day-date">Datum</label>
            <input id="market-day-date" type="date" value={form.date} required onInput={(e) => setForm({ ...form, date: (e.currentTarget as HTMLInputElement).value })} />
          </div>
          <div class="field">
            <label for="market-day-place">Ort</label>
            <input
              id="market-day-place"
              type="text"
              value={form.place}
              placeholder="z. B. Wochenmarkt Bensberg"
              required
              aria-invalid={error !== null && !form.place.trim()}
              onInput={(e) => setForm({ ...form, place: (e.currentTarget as HTMLInputElement).value })}
            />
          </div>
          <div class="field">
            <label for="market-day-stadtteil">Stadtteil</label>
            <StadtteilSelect id="market-day-stadtteil" districts={process.districts} {...STAFF_STADTTEIL_CHOICES} value={form.stadtteil} onChange={(stadtteil) => setForm({ ...form, stadtteil })} />
          </div>
          <div class="field">
            <label for="market-day-staff">Im Dienst</label>
            <input
              id="market-day-staff"
              type="text"
              value={form.staff}
              aria-describedby="market-day-staff-hint"
              onInput={(e) => setForm({ ...form, staff: (e.currentTarget as HTMLInputElement).value })}
            />
            <span id="market-day-staff-hint" class="hint">
              Namen, durch Komma getrennt
            </span>
          </div>
        </div>
        <details class="poster-question" open={form.question !== '' || undefined}>
          <summary>Eigene Frage für die Klebepunkte (Plakat)</summary>
          <p class="hint">Ohne eigene Frage zählt die Tafel Punkte für die Handlungsfelder.</p>
          <div class="form-grid">
            <div class="field">
              <label for="market-day-question">Frage auf dem Plakat</label>
              <input id="market-day-question" type="text" value={form.question} maxLength={MAX_SHORT_TEXT_LENGTH} onInput={(e) => setForm({ ...form, question: (e.currentTarget as HTMLInputElement).value })} />
            </div>
            <div class="field">
              <label for="market-day-options">Antworten auf dem Plakat</label>
              <textarea
                id="market-day-options"
                rows={4}
                value={form.options}
                aria-describedby="market-day-options-hint"
                onInput={(e) => setForm({ ...form, options: (e.currentTarget as HTMLTextAreaElement).value })}
              />
              <span id="market-day-options-hint" class="hint">
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
          <ul class="market-day-list">
            {earlier.map((s) => (
              <MarketDayLink key={s.id} marketDay={s} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}
