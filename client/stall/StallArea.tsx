import { Layout } from '../ui/Layout.tsx';
import { RequireRole } from '../ui/RequireRole.tsx';

export function StallArea() {
  return (
    <RequireRole roles={['staff', 'admin']} title="Marktstand">
      <Layout title="Marktstand">
        <h1>Marktstand</h1>
      </Layout>
    </RequireRole>
  );
}
