import type { FieldOfActionNode, ProcessDetail } from '../../shared/api/processes.ts';
import { tx } from '../i18n/index.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';

const PHASE_STATUS = { done: 'abgeschlossen', current: 'aktuelle Phase', upcoming: 'folgt' } as const;

function FieldList({ fields }: { fields: FieldOfActionNode[] }) {
  return (
    <ul>
      {fields.map((field) => (
        <li key={field.key}>
          {tx(field.label)}
          {field.children && <FieldList fields={field.children} />}
        </li>
      ))}
    </ul>
  );
}

export function ProcessPage({ slug }: { slug: string }) {
  const { data: process, error, loading } = useApi<ProcessDetail>(`/api/processes/${encodeURIComponent(slug)}`);
  if (loading) return <Layout title="Verfahren"><Loading /></Layout>;
  if (error || !process) return <Layout title="Verfahren"><ErrorNotice error={error ?? 'Nicht gefunden'} /></Layout>;
  const current = process.phases.find((phase) => phase.status === 'current');
  return (
    <Layout title={tx(process.title)}>
      <h1>{tx(process.title)}</h1>
      <p>{tx(process.description)}</p>
      {process.surveyOpen ? (
        <div class="actions">
          <a class="button large" href={`/p/${process.slug}/umfrage`}>
            Jetzt an der Umfrage teilnehmen
          </a>
        </div>
      ) : (
        <p class="notice">Die Online-Umfrage ist gerade nicht geöffnet.</p>
      )}
      <h2>Wo das Verfahren steht</h2>
      {current && (
        <p>
          Aktuell: Phase {current.nr} von {process.phases.length} – {tx(current.title)}
        </p>
      )}
      <ol class="phases">
        {process.phases.map((phase) => (
          <li key={phase.nr} aria-current={phase.status === 'current' ? 'step' : undefined}>
            <strong>
              Phase {phase.nr}: {tx(phase.title)}
            </strong>
            <span class="phase-status">{PHASE_STATUS[phase.status]}</span>
          </li>
        ))}
      </ol>
      <h2>Handlungsfelder</h2>
      <FieldList fields={process.fieldsOfAction} />
      <h2>Stadtteile</h2>
      <p>Wir werten nach Stadtteilen aus, damit jeder Teil der Stadt gehört wird. Kleine Gruppen unter {process.suppressionThreshold} Stimmen veröffentlichen wir nie einzeln.</p>
      {process.districts.map((district) => (
        <section key={district.key} aria-labelledby={`d-${district.key}`}>
          <h3 id={`d-${district.key}`}>{district.name}</h3>
          <ul class="tag-list">
            {district.stadtteile.map((stadtteil) => (
              <li key={stadtteil.key}>{stadtteil.name}</li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
