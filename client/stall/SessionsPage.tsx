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
import { t, tn } from './messages.ts';
import { staffLocale } from '../i18n/staff.ts';
import { WhereNextHint } from './WhereNextHint.tsx';

function SessionLink({ session }: { session: LocalSession }) {
  const where = stadtteilName(session.district);
  return (
    <li>
      <a class="session-link" href={`/stand/markttag/${session.id}`}>
        <strong>{session.place}</strong>
        <span>
          {new Date(`${session.date}T12:00:00`).toLocaleDateString(staffLocale(), { weekday: 'short', day: 'numeric', month: 'long' })}
          {where ? ` · ${where}` : ''}
          {session.local ? t('sessionsPage.notSentYet') : ` · ${tn('sessionsPage.noteCount', session.noteCount)}`}
        </span>
      </a>
    </li>
  );
}

/** The poster question as staff typed it: a board, none (both fields empty), or what is missing, in words. */
export function posterBoard(question: string, optionLines: string): Board | null | string {
  const labels = [...new Set(optionLines.split('\n').map((line) => line.trim()).filter(Boolean))];
  if (!question.trim() && labels.length === 0) return null;
  if (!question.trim()) return t('sessionsPage.pleaseGiveTheQuestion');
  if (labels.length < 2 || labels.length > MAX_BOARD_OPTIONS) return t('sessionsPage.pleaseGive2To', { maxBoardOptions: MAX_BOARD_OPTIONS });
  const tooLong = labels.find((label) => label.length > MAX_BOARD_OPTION_LENGTH);
  if (tooLong) return t('sessionsPage.theAnswerIsToo', { value: tooLong.slice(0, 30), maxBoardOptionLength: MAX_BOARD_OPTION_LENGTH });
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
      setError(t('sessionsPage.pleaseGiveThePlace'));
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
      <h1>{t('sessionsPage.chooseMarketDay')}</h1>
      {processes.value.length > 1 && (
        <div class="field">
          <label for="process">{t('sessionsPage.process')}</label>
          <select id="process" value={process.slug} onChange={(e) => void chooseProcess((e.currentTarget as HTMLSelectElement).value)}>
            {processes.value.map((p) => (
              <option key={p.slug} value={p.slug}>
                {tx(p.title)}
              </option>
            ))}
          </select>
        </div>
      )}
      <h2>{t('sessionsPage.today')}</h2>
      {todays.length > 0 ? (
        <ul class="session-list">
          {todays.map((s) => (
            <SessionLink key={s.id} session={s} />
          ))}
        </ul>
      ) : (
        <p>{t('sessionsPage.thereIsNoMarket')}</p>
      )}

      <form class="card" onSubmit={submit} noValidate>
        <h2>{t('sessionsPage.createANewMarket')}</h2>
        {error && (
          <p class="error-text" role="alert">
            {error}
          </p>
        )}
        <WhereNextHint slug={process.slug} onPick={(district) => setForm({ ...form, district })} />
        <div class="form-grid">
          <div class="field">
            <label for="session-date">{t('sessionsPage.date')}</label>
            <input id="session-date" type="date" value={form.date} required onInput={(e) => setForm({ ...form, date: (e.currentTarget as HTMLInputElement).value })} />
          </div>
          <div class="field">
            <label for="session-place">{t('sessionsPage.place')}</label>
            <input
              id="session-place"
              type="text"
              value={form.place}
              placeholder={t('sessionsPage.eGWochenmarktBensberg')}
              required
              aria-invalid={error !== null && !form.place.trim()}
              onInput={(e) => setForm({ ...form, place: (e.currentTarget as HTMLInputElement).value })}
            />
          </div>
          <div class="field">
            <label for="session-district">{t('sessionsPage.stadtteil')}</label>
            <StadtteilSelect id="session-district" districts={process.districts} {...STAFF_DISTRICT_CHOICES()} value={form.district} onChange={(district) => setForm({ ...form, district })} />
          </div>
          <div class="field">
            <label for="session-staff">{t('sessionsPage.onDuty')}</label>
            <input
              id="session-staff"
              type="text"
              value={form.staff}
              aria-describedby="session-staff-hint"
              onInput={(e) => setForm({ ...form, staff: (e.currentTarget as HTMLInputElement).value })}
            />
            <span id="session-staff-hint" class="hint">
              {t('sessionsPage.namesSeparatedByCommas')}
            </span>
          </div>
        </div>
        <details class="poster-question" open={form.question !== '' || undefined}>
          <summary>{t('sessionsPage.ownQuestionForThe')}</summary>
          <p class="hint">{t('sessionsPage.withoutAnOwnQuestion')}</p>
          <div class="form-grid">
            <div class="field">
              <label for="session-question">{t('sessionsPage.questionOnThePoster')}</label>
              <input id="session-question" type="text" value={form.question} maxLength={MAX_SHORT_TEXT_LENGTH} onInput={(e) => setForm({ ...form, question: (e.currentTarget as HTMLInputElement).value })} />
            </div>
            <div class="field">
              <label for="session-options">{t('sessionsPage.answersOnThePoster')}</label>
              <textarea
                id="session-options"
                rows={4}
                value={form.options}
                aria-describedby="session-options-hint"
                onInput={(e) => setForm({ ...form, options: (e.currentTarget as HTMLTextAreaElement).value })}
              />
              <span id="session-options-hint" class="hint">
                {t('sessionsPage.oneAnswerPerLine', { maxBoardOptions: MAX_BOARD_OPTIONS })}
              </span>
            </div>
          </div>
        </details>
        <div class="actions">
          <button class="button large" type="submit" disabled={busy}>
            {t('sessionsPage.createMarketDay')}
          </button>
        </div>
      </form>

      <p>
        <a class="button secondary large" href="/stand/notizen">
          {t('sessionsPage.notesWithoutAMarket')}
        </a>
      </p>

      {earlier.length > 0 && (
        <>
          <h2>{t('sessionsPage.earlierMarketDays')}</h2>
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
