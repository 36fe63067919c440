import type { DotVotes as DotVoteFigures } from '../../shared/api/question-results.ts';
import { formatCell } from '../../shared/results/suppress.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';

/**
 * The market days' dot-vote boards ("Klebepunkte"): each poster question with its options and
 * their dots, or the fields of action where a market day had no question of its own.
 */
export function DotVotes({ slug }: { slug: string }) {
  const boards = useApi<DotVoteFigures>(`/api/processes/${encodeURIComponent(slug)}/dot-votes`);
  if (boards.error) return <ErrorNotice error={boards.error} />;
  if (!boards.data) return <Loading />;
  const { boards: list, threshold } = boards.data;
  return (
    <section aria-labelledby="dot-votes-title">
      <h2 id="dot-votes-title">Klebepunkte an den Markttagen</h2>
      {list.length === 0 ? (
        <p>Noch keine Klebepunkte gezählt.</p>
      ) : (
        list.map((board) => (
          <div class="table-scroll" key={board.marketDayId}>
            <table class="dot-board">
              <caption>
                <span dir="auto">{board.question ?? 'Handlungsfelder'}</span>
                <span class="hint">
                  {' '}
                  · {new Date(`${board.date}T12:00:00`).toLocaleDateString('de-DE', { day: 'numeric', month: 'long', year: 'numeric' })}, <span dir="auto">{board.place}</span>
                  {board.stadtteil ? `, ${board.stadtteil.label}` : ''}
                </span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">Antwort</th>
                  <th scope="col">Punkte</th>
                </tr>
              </thead>
              <tbody>
                {board.options.map((option) => (
                  <tr key={option.key}>
                    <th scope="row" dir="auto">
                      {option.label}
                    </th>
                    <td>{formatCell(option.count, threshold)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Zusammen</th>
                  <td>{formatCell(board.total, threshold)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        ))
      )}
    </section>
  );
}
