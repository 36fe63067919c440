import { useState } from 'preact/hooks';
import { Route, Router } from 'preact-iso';
import { CHANNEL_LABELS, flattenFields, KIND_LABELS } from '../ui/labels.ts';
import { me } from '../session.ts';
import { germanDate } from '../ui/format.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { ProcessPicker, resultsPath, ToDefaultProcess } from '../ui/ProcessPicker.tsx';
import { RequireRole } from '../ui/RequireRole.tsx';
import { useApi } from '../ui/useApi.ts';
import { DotVotes } from './DotVotes.tsx';
import { Downloads, Figures } from './Figures.tsx';
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
  const process = useApi('GET /api/processes/:slug', { params: { slug } });
  const user = me.value!;
  const [field, setField] = useState('');
  const contributions = useApi('GET /api/processes/:slug/contributions', { params: { slug }, query: { field: field || undefined } });
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
      <div class="field">
        <label for="wg-field">Handlungsfeld</label>
        <select id="wg-field" value={field} onChange={(e) => setField(e.currentTarget.value)}>
          <option value="">alle meine Handlungsfelder</option>
          {own.map((node) => (
            <option key={node.key} value={node.key}>
              {node.label}
            </option>
          ))}
        </select>
      </div>
      <Figures slug={slug} field={field} />
      <Downloads slug={slug} field={field} />
      <DotVotes slug={slug} />
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
