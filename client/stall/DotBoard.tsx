import { useState } from 'preact/hooks';
import type { ProcessDetail } from '../../shared/api/processes.ts';
import { tx } from '../i18n/index.ts';
import { unsentTally } from './policy.ts';
import { loadMarketDays, vote } from './state.ts';
import { useRefreshWhileOpen } from './useRefreshWhileOpen.ts';
import type { LocalMarketDay } from './store.ts';
import { outbox } from './sync.ts';
import { t, tn } from './messages.ts';

/**
 * The Klebepunkte board: one counter per option of the market day's poster question, or per
 * field of action when the market day has none. Each tap is its own +1 or −1
 * increment with its own id, so two tablets counting the same board never overwrite each
 * other; the count shown is the server's plus this tablet's increments not sent yet.
 */
export function DotBoard({ marketDay, process }: { marketDay: LocalMarketDay; process: ProcessDetail }) {
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The other tablets' dots join the count while the board is open (the market days carry the server's boards).
  useRefreshWhileOpen(() => void loadMarketDays(), [marketDay.id]);
  const unsent = unsentTally(outbox.value, marketDay.id);
  // Market days stored by an older version of the tablet have no `board` at all.
  const board = marketDay.board ?? null;
  const options = board ? board.options : process.fieldsOfAction.map((field) => ({ key: field.key, label: tx(field.label) }));

  async function tap(option: string, label: string, delta: 1 | -1, count: number) {
    try {
      await vote(marketDay.id, option, delta);
      setError(null);
      setAnnouncement(tn('dotBoard.announcement', count + delta, { label }));
    } catch (err) {
      setError(t('dotBoard.notCounted', { value: err instanceof Error ? err.message : String(err) }));
    }
  }

  return (
    <section aria-labelledby="board-title">
      <h2 id="board-title">{t('dotBoard.dotVotes')}</h2>
      {board && (
        <p class="board-question" dir="auto">
          {board.question}
        </p>
      )}
      <p class="hint">{t('dotBoard.tap1OnceFor')}</p>
      {error && (
        <p class="error-text" role="alert">
          {error}
        </p>
      )}
      <ul class="board">
        {options.map(({ key, label }) => {
          const waiting = unsent[key] ?? 0;
          const count = (marketDay.tally[key] ?? 0) + waiting;
          return (
            <li key={key} class="board-row">
              <span class="board-label" id={`board-${key}`} dir="auto">
                {label}
              </span>
              <span class="board-count" data-testid={`tally-${key}`}>
                {count}
                {/* Its line is there also while nothing waits: a row that grew with each tap moved the rows below under the finger. */}
                <span class="hint board-unsent">{waiting !== 0 && <> ({waiting > 0 ? `+${waiting}` : waiting} {t('dotBoard.notSent')}</>}</span>
              </span>
              <button type="button" class="button secondary board-button" disabled={count <= 0} aria-label={`−1 ${label}`} onClick={() => void tap(key, label, -1, count)}>
                −1
              </button>
              <button type="button" class="button board-button" aria-label={`+1 ${label}`} onClick={() => void tap(key, label, 1, count)}>
                +1
              </button>
            </li>
          );
        })}
      </ul>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
