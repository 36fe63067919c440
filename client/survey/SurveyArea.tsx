import { Layout } from '../ui/Layout.tsx';

export function SurveyArea({ slug }: { slug: string }) {
  return (
    <Layout title="Umfrage">
      <h1>Umfrage</h1>
      <p>
        Die Umfrage zu diesem Verfahren wird gerade vorbereitet. <a href={`/p/${slug}`}>Zurück zum Verfahren</a>
      </p>
    </Layout>
  );
}
