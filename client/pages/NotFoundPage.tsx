import { Layout } from '../ui/Layout.tsx';

export function NotFoundPage() {
  return (
    <Layout title="Seite nicht gefunden">
      <h1>Seite nicht gefunden</h1>
      <p>
        Diese Adresse gibt es nicht. <a href="/">Zur Startseite</a>
      </p>
    </Layout>
  );
}
