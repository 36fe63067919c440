import type { ResponseFlag } from '../../shared/api/survey.ts';
import { MIN_FILL_TIME_FLOOR_MS, MIN_FILL_TIME_PER_ANSWER_MS } from '../../shared/survey/fill-time.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';

const seconds = (ms: number) => (ms / 1000).toLocaleString('de-DE');

/** What each soft check of the online survey looks at, in words an admin can act on; typed by the flags, so a new check needs its words here. */
const CHECK_LABELS: Record<ResponseFlag, string> = {
  honeypot: 'Verstecktes Feld ausgefüllt (nur Programme sehen es)',
  too_fast: `Zu schnell ausgefüllt (unter ${seconds(MIN_FILL_TIME_PER_ANSWER_MS)} s je beantwortete Frage, mindestens ${seconds(MIN_FILL_TIME_FLOOR_MS)} s)`,
  pow_missing: 'Ohne Rechenaufgabe gesendet (Gerät ohne WebCrypto oder Programm)',
  pow_invalid: 'Rechenaufgabe falsch gelöst',
  pow_reused: 'Rechenaufgabe ein zweites Mal verwendet',
};

/**
 * How many online questionnaires each anti-abuse check flagged. Flagged ones are kept but left
 * out of every count, so an admin can see when a check catches real residents.
 */
export function ResponseChecks({ slug }: { slug: string }) {
  const counts = useApi('GET /api/admin/processes/:slug/responses/flagged-count', { params: { slug } });
  return (
    <section aria-labelledby="response-checks">
      <h2 id="response-checks">Prüfungen der Fragebögen</h2>
      {counts.loading && <Loading />}
      {counts.error ? <ErrorNotice error={counts.error} /> : null}
      {counts.data && (
        <>
          <p>
            {counts.data.flagged.toLocaleString('de-DE')} von {counts.data.total.toLocaleString('de-DE')} Fragebögen sind markiert. Sie bleiben gespeichert, zählen in
            der Auswertung aber nicht mit. Ein Fragebogen kann bei mehreren Prüfungen auffallen.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Prüfung</th>
                <th scope="col">Markierte Fragebögen</th>
              </tr>
            </thead>
            <tbody>
              {(Object.keys(CHECK_LABELS) as ResponseFlag[]).map((flag) => (
                <tr key={flag}>
                  <th scope="row">{CHECK_LABELS[flag]}</th>
                  <td>{(counts.data?.byFlag[flag] ?? 0).toLocaleString('de-DE')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
