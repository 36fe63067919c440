import { Route, Router } from 'preact-iso';
import { flattenFields } from '../ui/labels.ts';
import { me } from '../session.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { participationPath, ProcessPicker, resultsPath, ToDefaultProcess } from '../ui/ProcessPicker.tsx';
import { RequireRole } from '../ui/RequireRole.tsx';
import { useApi } from '../ui/useApi.ts';
import { DotVotes } from './DotVotes.tsx';
import { PosterCounts } from './PosterCounts.tsx';
import { ParticipationPage } from './ParticipationPage.tsx';
import { MeasureEditor } from './MeasureEditor.tsx';
import { OutcomesPage } from './OutcomesPage.tsx';
import { ResultsNav } from './ResultsNav.tsx';
import { Downloads, Figures } from './Figures.tsx';
import { QuestionSections } from './QuestionSections.tsx';
import { QuoteBrowser } from './QuoteBrowser.tsx';
import { ResultsFilters, useResultsFilters } from './ResultsFilters.tsx';
import './results.css';

export function ResultsArea() {
  return (
    <RequireRole roles={['working_group', 'admin']} title="Auswertung">
      <Router>
        <Route path="/p/:slug" component={Results} />
        <Route path="/p/:slug/beteiligung" component={ParticipationPage} />
        <Route path="/p/:slug/massnahmen" component={MeasureEditor} />
        <Route path="/p/:slug/verbleib" component={OutcomesPage} />
        {/* `/auswertung`, the address on posters and in the handbook, opens the default process. */}
        <Route default component={() => <ToDefaultProcess title="Auswertung" to={resultsPath} />} />
      </Router>
    </RequireRole>
  );
}

function Results({ slug }: { slug: string }) {
  const process = useApi('GET /api/processes/:slug', { params: { slug } });
  const user = me.value!;
  // The filters live in the address, so a view can be shared as a link.
  const { values: filters } = useResultsFilters();
  const field = filters.field;
  if (!process.data) return <Layout title="Auswertung">{process.error ? <ErrorNotice error={process.error} /> : <Loading />}</Layout>;
  const all = flattenFields(process.data.fieldsOfAction);
  const own = user.role === 'admin' ? all : all.filter((node) => user.fieldsOfAction?.some((key) => key === node.key || node.key.startsWith(`${key}-`)));
  const threshold = process.data.suppressionThreshold;
  const label = new Map(all.map((node) => [node.key, node.label]));

  return (
    <Layout title="Auswertung">
      <h1>Auswertung: {process.data.title.de}</h1>
      <ProcessPicker current={slug} to={resultsPath} />
      <ResultsNav slug={slug} current="auswertung" />
      <p>
        Sie sehen die Beiträge zu {user.role === 'admin' ? 'allen Handlungsfeldern' : 'Ihren Handlungsfeldern'}. Persönliche Daten wie E-Mail-Adressen, Telefonnummern,
        IBANs und Adressen sind entfernt. Ein Stadtteil wird nur genannt, wenn mindestens {threshold} Beiträge aus ihm kommen; sonst der statistische Bezirk oder nichts.
      </p>
      <p>
        <a href={participationPath(slug)}>Wer hat teilgenommen? Beteiligung je Stadtteil im Vergleich zu den Einwohnern</a>
      </p>
      <ResultsFilters process={process.data} fields={own} />
      <Figures slug={slug} field={field} />
      <Downloads slug={slug} field={field} />
      <QuestionSections slug={slug} context={{ fieldLabel: (key) => label.get(key) ?? key }} />
      <DotVotes slug={slug} field={field} district={filters.district} />
      <PosterCounts slug={slug} />
      <QuoteBrowser slug={slug} field={field} />
    </Layout>
  );
}
