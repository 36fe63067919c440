import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { MAX_BOARD_OPTION_LENGTH, MAX_BOARD_OPTIONS, type Board } from '../../shared/api/stall.ts';
import { MAX_SHORT_TEXT_LENGTH } from '../../shared/domain.ts';
import { tx } from '../i18n/index.ts';
import { Loading } from '../ui/Layout.tsx';
import { localToday, marketDayDate, marketDaysAround, unsentNoteCount } from './policy.ts';
import { chooseProcess, createMarketDay, currentProcess, processError, sortedMarketDays, stallProcesses } from './state.ts';
import { STAFF_STADTTEIL_CHOICES, StadtteilSelect, stadtteilName } from './StadtteilSelect.tsx';
import type { LocalMarketDay } from './store.ts';
import { t, tn } from './messages.ts';
import { WhereNextHint } from './WhereNextHint.tsx';
import { outbox } from './sync.ts';

function MarketDayLink({ marketDay }: { marketDay: LocalMarketDay }) {
  const where = stadtteilName(marketDay.stadtteil);
  // The server's count knows nothing of what waits on this tablet: it is named beside it, as on the board.
  const unsent = unsentNoteCount(outbox.value, marketDay.id, marketDay.countedNoteIds);
  return (
    <li>
      <a class="market-day-link" href={`/stand/markttag/${marketDay.id}`}>
        <strong>{marketDay.place}</strong>
        <span>
          {marketDayDate(marketDay.date)}
          {where ? ` · ${where}` : ''}
          {marketDay.local ? t('marketDaysPage.notSentYet') : ` · ${tn('marketDaysPage.noteCount', marketDay.noteCount)}`}
          {unsent > 0 && !marketDay.local ? tn('marketDaysPage.unsentNotes', unsent) : ''}
        </span>
      </a>
    </li>
  );
}

/** The poster question as staff typed it: a board, none (both fields empty), or what is missing, in words. */
export function posterBoard(question: string, optionLines: string): Board | null | string {
  const labels = [...new Set(optionLines.split('\n').map((line) => line.trim()).filter(Boolean))];
  if (!question.trim() && labels.length === 0) return null;
  if (!question.trim()) return t('marketDaysPage.pleaseGiveTheQuestion');
  if (labels.length < 2 || labels.length > MAX_BOARD_OPTIONS) return t('marketDaysPage.pleaseGive2To', { maxBoardOptions: MAX_BOARD_OPTIONS });
  const tooLong = labels.find((label) => label.length > MAX_BOARD_OPTION_LENGTH);
  if (tooLong) return t('marketDaysPage.theAnswerIsToo', { value: tooLong.slice(0, 30), maxBoardOptionLength: MAX_BOARD_OPTION_LENGTH });
  return { question: question.trim(), options: labels.map((label, index) => ({ key: `option-${index + 1}`, label })) };
}

/** Market days under a heading of their own; nothing where there are none. */
function MarketDayList({ heading, marketDays }: { heading: string; marketDays: LocalMarketDay[] }) {
  if (marketDays.length === 0) return null;
  return (
    <>
      <h2>{heading}</h2>
      <ul class="market-day-list">
        {marketDays.map((s) => (
          <MarketDayLink key={s.id} marketDay={s} />
        ))}
      </ul>
    </>
  );
}

/** Pick today's Markttag or create one, also offline. */
export function MarketDaysPage() {
  const { route } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const today = localToday();
  const [form, setForm] = useState({ date: today, place: '', stadtteil: null as string | null, staff: '', question: '', options: '' });
  const process = currentProcess.value;
  // Without a process to start on (none published yet) the notice above says so; nothing more is coming to wait for.
  if (!process) return processError.value ? null : <Loading />;
  // Days planned ahead (by an admin or on a tablet) are coming, not past: the nearest first, under a heading of their own.
  const { todays, planned, earlier } = marketDaysAround(sortedMarketDays.value, today);
  const listed = planned.length > 0 || earlier.length > 0;

  async function submit(event: Event) {
    event.preventDefault();
    const place = form.place.trim();
    if (!place) {
      setError(t('marketDaysPage.pleaseGiveThePlace'));
      // Straight to the field to fill, which names the problem (aria-describedby).
      document.getElementById('market-day-place')?.focus();
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
      {/* Staff at a conference or a working group have no market day: their capture stands beside the heading, in the first screen, not below
          every earlier day and the form; beside it, it takes no line from the market days to continue. */}
      <div class="stall-page-head">
        <h1>{t('marketDaysPage.chooseMarketDay')}</h1>
        <a class="button secondary" href="/stand/notizen">
          {t('marketDaysPage.notesWithoutAMarket')}
        </a>
      </div>
      {stallProcesses.value.length > 1 && (
        <div class="field">
          <label for="process">{t('marketDaysPage.process')}</label>
          <select id="process" value={process.slug} onChange={(e) => void chooseProcess((e.currentTarget as HTMLSelectElement).value)}>
            {stallProcesses.value.map((p) => (
              <option key={p.slug} value={p.slug}>
                {tx(p.title)}
              </option>
            ))}
          </select>
        </div>
      )}
      <h2>{t('marketDaysPage.today')}</h2>
      {todays.length > 0 ? (
        <ul class="market-day-list">
          {todays.map((s) => (
            <MarketDayLink key={s.id} marketDay={s} />
          ))}
        </ul>
      ) : listed ? (
        // The days to continue come first; the form to create today's is a tap away below them.
        <div class="no-market-day-today">
          <p>{t('marketDaysPage.noMarketDayToday')}</p>
          <button type="button" class="button secondary" onClick={() => document.getElementById('market-day-place')?.focus()}>
            {t('marketDaysPage.createTodaysMarketDay')}
          </button>
        </div>
      ) : (
        <p>{t('marketDaysPage.thereIsNoMarket')}</p>
      )}
      {/* Staff mostly continue a market day: those planned and the earlier ones stand before the form to create one. */}
      <MarketDayList heading={t('marketDaysPage.plannedMarketDays')} marketDays={planned} />
      <MarketDayList heading={t('marketDaysPage.earlierMarketDays')} marketDays={earlier} />

      <form class="card" onSubmit={submit} noValidate>
        <h2>{t('marketDaysPage.createANewMarket')}</h2>
        {error && (
          <p class="error-text" role="alert" id="market-day-error">
            {error}
          </p>
        )}
        <WhereNextHint slug={process.slug} onPick={(stadtteil) => setForm({ ...form, stadtteil })} />
        <div class="form-grid">
          <div class="field">
            <label for="market-day-date">{t('marketDaysPage.date')}</label>
            <input id="market-day-date" type="date" value={form.date} required onInput={(e) => setForm({ ...form, date: (e.currentTarget as HTMLInputElement).value })} />
          </div>
          <div class="field">
            <label for="market-day-place">{t('marketDaysPage.place')}</label>
            <input
              id="market-day-place"
              type="text"
              value={form.place}
              placeholder={t('marketDaysPage.placeExample')}
              required
              aria-invalid={error !== null && !form.place.trim()}
              aria-describedby={error !== null && !form.place.trim() ? 'market-day-error' : undefined}
              onInput={(e) => setForm({ ...form, place: (e.currentTarget as HTMLInputElement).value })}
            />
          </div>
          <div class="field">
            <label for="market-day-stadtteil">{t('marketDaysPage.stadtteil')}</label>
            <StadtteilSelect id="market-day-stadtteil" districts={process.districts} {...STAFF_STADTTEIL_CHOICES()} value={form.stadtteil} onChange={(stadtteil) => setForm({ ...form, stadtteil })} />
          </div>
          <div class="field">
            <label for="market-day-staff">{t('marketDaysPage.onDuty')}</label>
            <input
              id="market-day-staff"
              type="text"
              value={form.staff}
              aria-describedby="market-day-staff-hint"
              onInput={(e) => setForm({ ...form, staff: (e.currentTarget as HTMLInputElement).value })}
            />
            <span id="market-day-staff-hint" class="hint">
              {t('marketDaysPage.namesSeparatedByCommas')}
            </span>
          </div>
        </div>
        <details class="poster-question" open={form.question !== '' || undefined}>
          <summary>{t('marketDaysPage.ownQuestionForThe')}</summary>
          <p class="hint">{t('marketDaysPage.withoutAnOwnQuestion')}</p>
          <div class="form-grid">
            <div class="field">
              <label for="market-day-question">{t('marketDaysPage.questionOnThePoster')}</label>
              <input id="market-day-question" type="text" value={form.question} maxLength={MAX_SHORT_TEXT_LENGTH} onInput={(e) => setForm({ ...form, question: (e.currentTarget as HTMLInputElement).value })} />
            </div>
            <div class="field">
              <label for="market-day-options">{t('marketDaysPage.answersOnThePoster')}</label>
              <textarea
                id="market-day-options"
                rows={4}
                value={form.options}
                aria-describedby="market-day-options-hint"
                onInput={(e) => setForm({ ...form, options: (e.currentTarget as HTMLTextAreaElement).value })}
              />
              <span id="market-day-options-hint" class="hint">
                {t('marketDaysPage.oneAnswerPerLine', { maxBoardOptions: MAX_BOARD_OPTIONS })}
              </span>
            </div>
          </div>
        </details>
        <div class="actions">
          <button class="button large" type="submit" disabled={busy}>
            {t('marketDaysPage.createMarketDay')}
          </button>
        </div>
      </form>
    </>
  );
}
