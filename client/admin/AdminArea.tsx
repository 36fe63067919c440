import { Route, Router } from 'preact-iso';
import { Layout } from '../ui/Layout.tsx';
import { RequireRole } from '../ui/RequireRole.tsx';
import { ModerationPage } from './ModerationPage.tsx';
import { ProcessSettingsPage } from './ProcessSettingsPage.tsx';
import { UsersPage } from './UsersPage.tsx';

export function AdminArea() {
  return (
    <RequireRole roles={['admin']} title="Administration">
      <Router>
        <Route path="/" component={AdminHome} />
        <Route path="/konten" component={UsersPage} />
        <Route path="/moderation" component={ModerationPage} />
        <Route path="/verfahren" component={ProcessSettingsPage} />
      </Router>
    </RequireRole>
  );
}

function AdminHome() {
  return (
    <Layout title="Administration">
      <h1>Administration</h1>
      <ul>
        <li>
          <a href="/admin/moderation">Moderation: Beiträge prüfen und zuordnen</a>
        </li>
        <li>
          <a href="/admin/verfahren">Verfahren: Phase, Umfragezeitraum, Schwelle, Löschfrist</a>
        </li>
        <li>
          <a href="/admin/konten">Konten und angemeldete Geräte</a>
        </li>
        <li>
          <a href="/auswertung">Auswertung ansehen, wie Arbeitsgruppen sie sehen</a>
        </li>
      </ul>
    </Layout>
  );
}
