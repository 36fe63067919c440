import { Route, Router } from 'preact-iso';
import type { PublicContribution } from '../../shared/api/moderation.ts';
import type { ProcessDetail } from '../../shared/api/processes.ts';
import { CHANNEL_LABELS, flattenFields, KIND_LABELS } from '../ui/labels.ts';
import { me } from '../session.ts';
import { germanDate } from '../ui/format.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { ProcessPicker, resultsPath, ToDefaultProcess } from '../ui/ProcessPicker.tsx';
import { RequireRole } from '../ui/RequireRole.tsx';
import { useApi } from '../ui/useApi.ts';
import { DotVotes } from './DotVotes.tsx';
import { Downloads, Figures } from './Figures.tsx';
import { QuestionSections } from './QuestionSections.tsx';
import { ResultsFilters, useResultsFilters } from './ResultsFilters.tsx';
import './results.css';

export function ResultsArea() {
  return (
    <RequireRole roles={['working_group', 'admin']} title="Auswertung">
      <Router>
        <Route path="/p/:slug" component={Results} />
        {/* `/auswertung`, the address on posters and in the handbook, opens the default process. */}
        <Route default component={() => <ToDefaultProcess title="Auswertung" to={resultsPath} />} />
      </Router>
    </RequireRole>
  );
}

function Results({ slug }: { slug: string }) {
  const process = useApi<ProcessDetail>(`/api/processes/${slug}`);
  const user = me.value!;
  // The filters live in the address, so a view can be shared as a link.
  const { values: filters } = useResultsFilters();
  const field = filters.field;
  const contributions = useApi<PublicContribution[]>(`/api/processes/${slug}/contributions${field ? `?field=${field}` : ''}`);
  if (!process.data) return <Layout title="Auswertung">{process.error ? <ErrorNotice error={process.error} /> : <Loading />}</Layout>;
  const all = flattenFields(process.data.fieldsOfAction);
  const label = new Map(all.map((node) => [node.key, node.label]));
  const own = user.role === 'admin' ? all : all.filter((node) => user.fieldsOfAction?.some((key) => key === node.key || node.key.startsWith(`${key}-`)));
  const list = contributions.data ?? [];
  const threshold = process.data.suppressionThreshold;

  return (
    <Layout title="Auswertung">
      <h1>Auswertung: {process.data.title.de}</h1>
      <ProcessPicker current={slug} to={resultsPath} />
      <p>
        Sie sehen die Beiträge zu {user.role === 'admin' ? 'allen Handlungsfeldern' : 'Ihren Handlungsfeldern'}. Persönliche Daten wie E-Mail-Adressen, Telefonnummern,
        IBANs und Adressen sind entfernt. Ein Stadtteil wird nur genannt, wenn mindestens {threshold} Beiträge aus ihm kommen; sonst der statistische Bezirk oder nichts.
      </p>
      <ResultsFilters process={process.data} fields={own} />
      <Figures slug={slug} field={field} />
      <Downloads slug={slug} field={field} />
      <QuestionSections slug={slug} context={{ fieldLabel: (key) => label.get(key) ?? key }} />
      <DotVotes slug={slug} field={field} district={filters.district} />
      {contributions.loading && <Loading />}
      {contributions.error ? <ErrorNotice error={contributions.error} /> : null}
      {contributions.data && (
        <>
          <h2>Stimmen ({list.length < threshold && list.length > 0 ? `weniger als ${threshold}` : list.length})</h2>
          {list.length === 0 && <p>Noch keine geprüften Beiträge zu diesem Handlungsfeld.</p>}
          <ul class="mod-list" style={{ listStyle: 'none', padding: 0 }}>
            {list.map((item) => (
              <li class="card" key={item.id}>
                <blockquote lang={item.language ?? undefined} dir="auto" style={{ margin: 0 }}>
                  {item.text}
                </blockquote>
                <p class="hint">
                  {[item.kind ? KIND_LABELS[item.kind] : null, CHANNEL_LABELS[item.channel], item.area, germanDate(item.capturedOn), item.fieldsOfAction.map((key) => label.get(key) ?? key).join(', ')]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
