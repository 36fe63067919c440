import { Layout } from '../ui/Layout.tsx';
import { RequireRole } from '../ui/RequireRole.tsx';

export function ResultsArea() {
  return (
    <RequireRole roles={['working_group', 'admin']} title="Auswertung">
      <Layout title="Auswertung">
        <h1>Auswertung</h1>
      </Layout>
    </RequireRole>
  );
}
