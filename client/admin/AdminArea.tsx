import { Route, Router } from 'preact-iso';
import { Layout, Loading, ErrorNotice } from '../ui/Layout.tsx';
import { adminPath, resultsPath, ToDefaultProcess } from '../ui/ProcessPicker.tsx';
import { pathTo } from '../../shared/api/path.ts';
import { useApi } from '../ui/useApi.ts';
import { RequireRole } from '../ui/RequireRole.tsx';
import { AuditPage } from './AuditPage.tsx';
import { NewProcessPage, ProcessStructurePage, STATUS_NAMES } from './ProcessEditor.tsx';
import { ModerationPage } from './ModerationPage.tsx';
import { ProcessSettingsPage } from './ProcessSettingsPage.tsx';
import { SnapshotAdminPage } from './SnapshotAdminPage.tsx';
import { PopulationPage } from './PopulationPage.tsx';
import { SurveyEditorPage } from './SurveyEditor.tsx';
import { UsersPage } from './UsersPage.tsx';

/** The admin area: accounts for all, moderation and settings per process (`/admin/p/:slug/…`). */
export function AdminArea() {
  return (
    <RequireRole roles={['admin']} title="Administration">
      <Router>
        <Route path="/" component={AdminHome} />
        <Route path="/konten" component={UsersPage} />
        <Route path="/protokoll" component={AuditPage} />
        <Route path="/p/:slug/moderation" component={ModerationPage} />
        <Route path="/p/:slug/verfahren" component={ProcessSettingsPage} />
        <Route path="/p/:slug/struktur" component={ProcessStructurePage} />
        <Route path="/p/:slug/umfrage" component={SurveyEditorPage} />
        <Route path="/p/:slug/ergebnisse" component={SnapshotAdminPage} />
        <Route path="/p/:slug/einwohner" component={PopulationPage} />
        <Route path="/verfahren/neu" component={NewProcessPage} />
        {/* Addresses from before there were several processes: bookmarks lead to the default process. */}
        <Route path="/moderation" component={() => <ToDefaultProcess title="Moderation" to={(slug) => adminPath(slug, 'moderation')} />} />
        <Route path="/verfahren" component={() => <ToDefaultProcess title="Verfahren" to={(slug) => adminPath(slug, 'verfahren')} />} />
      </Router>
    </RequireRole>
  );
}

function AdminHome() {
  const processes = useApi('GET /api/admin/processes');
  return (
    <Layout title="Administration">
      <h1>Administration</h1>
      {processes.loading && <Loading />}
      {processes.error ? <ErrorNotice error={processes.error} /> : null}
      {processes.data?.map((process) => (
        <section class="card" key={process.slug} aria-labelledby={`admin-${process.slug}`}>
          <h2 id={`admin-${process.slug}`}>
            {process.structure.title.de}
            <span class="status-badge">{STATUS_NAMES[process.status]}</span>
          </h2>
          <p class="hint">
            {process.responses} Fragebögen, {process.contributions} Beiträge
          </p>
          <ul>
            <li>
              <a href={adminPath(process.slug, 'struktur')}>Einrichten: Texte, Sprachen, Phasen, Handlungsfelder, Stadtteile, Sichtbarkeit</a>
            </li>
            <li>
              <a href={adminPath(process.slug, 'umfrage')}>Fragebogen bearbeiten: Abschnitte, Fragen, Übersetzungen, Vorschau, veröffentlichen</a>
            </li>
            <li>
              <a href={adminPath(process.slug, 'verfahren')}>Verfahren: Phase, Umfragezeitraum, Schwelle, Fragebogen-Versionen und XLSForm, Löschfrist und Löschung</a>
            </li>
            <li>
              <a href={adminPath(process.slug, 'moderation')}>Moderation: Beiträge prüfen und zuordnen</a>
            </li>
            <li>
              <a href={adminPath(process.slug, 'einwohner')}>Einwohnerzahlen: je Stadtteil mit Quelle, Stichtag und Lizenz übernehmen</a>
            </li>
            <li>
              <a href={resultsPath(process.slug)}>Auswertung ansehen, wie Arbeitsgruppen sie sehen</a>
            </li>
            <li>
              <a href={adminPath(process.slug, 'ergebnisse')}>Ergebnisse veröffentlichen: Fragen auswählen, Vorschau, freigeben, zurückziehen; Datenlizenz</a>
            </li>
            <li>
              <a href={pathTo('GET /api/admin/processes/:slug/concept', { params: { slug: process.slug } })} download>
                Konzeptentwurf für den Rat herunterladen (Word): Prozess, Datenbasis, Handlungsfelder mit Ergebnissen und Zitaten, Maßnahmen
              </a>
            </li>
          </ul>
        </section>
      ))}
      <p>
        <a class="button" href="/admin/verfahren/neu">
          Neues Verfahren anlegen
        </a>
      </p>
      <ul>
        <li>
          <a href="/admin/konten">Konten und angemeldete Geräte</a>
        </li>
        <li>
          <a href="/admin/protokoll">Protokoll: wer hat wann was geändert</a>
        </li>
      </ul>
    </Layout>
  );
}
