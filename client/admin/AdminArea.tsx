import { Route, Router } from 'preact-iso';
import { Layout } from '../ui/Layout.tsx';
import { RequireRole } from '../ui/RequireRole.tsx';
import { UsersPage } from './UsersPage.tsx';

export function AdminArea() {
  return (
    <RequireRole roles={['admin']} title="Administration">
      <Router>
        <Route path="/" component={AdminHome} />
        <Route path="/konten" component={UsersPage} />
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
          <a href="/admin/konten">Konten und angemeldete Geräte</a>
        </li>
      </ul>
    </Layout>
  );
}
