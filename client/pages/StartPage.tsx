import type { ProcessSummary } from '../../shared/api/processes.ts';
import { tx } from '../i18n/index.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';

export function StartPage() {
  const { data, error, loading } = useApi<ProcessSummary[]>('/api/processes');
  return (
    <Layout title="Start">
      <h1>Mitreden in Bergisch Gladbach</h1>
      <p>Hier gestalten Sie Ihre Stadt mit: Sagen Sie uns, was gut läuft, was fehlt und welche Ideen Sie haben.</p>
      {loading && <Loading />}
      {error ? <ErrorNotice error={error} /> : null}
      {data && data.length === 0 && <p>Gerade läuft kein Beteiligungsverfahren.</p>}
      {data?.map((process) => (
        <section class="card" key={process.slug} aria-labelledby={`p-${process.slug}`}>
          <h2 id={`p-${process.slug}`}>{tx(process.title)}</h2>
          <p>{process.surveyOpen ? 'Die Umfrage ist geöffnet.' : 'Die Umfrage ist gerade geschlossen.'}</p>
          <div class="actions">
            <a class="button" href={`/p/${process.slug}`}>
              Zum Verfahren
            </a>
            {process.surveyOpen && (
              <a class="button secondary" href={`/p/${process.slug}/umfrage`}>
                Zur Umfrage
              </a>
            )}
          </div>
        </section>
      ))}
    </Layout>
  );
}
