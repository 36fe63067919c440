import { useState } from 'preact/hooks';
import type { AdminProcess } from '../../shared/api/process-admin.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD, MAX_SUPPRESSION_THRESHOLD } from '../../shared/domain.ts';
import { api, ApiError } from '../api.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { adminPath, ProcessPicker } from '../ui/ProcessPicker.tsx';
import { useApi } from '../ui/useApi.ts';
import { ResponseChecks } from './ResponseChecks.tsx';
import { RetentionSection } from './Retention.tsx';
import { SurveyVersions } from './SurveyVersions.tsx';

export function ProcessSettingsPage({ slug }: { slug: string }) {
  const process = useApi<AdminProcess>(`/api/admin/processes/${encodeURIComponent(slug)}`);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  if (process.loading) return <Layout title="Verfahren"><Loading /></Layout>;
  if (!process.data) return <Layout title="Verfahren"><ErrorNotice error={process.error} /></Layout>;
  const data = process.data.structure;

  async function save(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const date = (name: string) => (String(form.get(name) ?? '') || null);
    setMessage(null);
    try {
      await api(`/api/admin/processes/${slug}`, {
        method: 'PATCH',
        body: {
          currentPhase: Number(form.get('currentPhase')),
          opensOn: date('opensOn'),
          closesOn: date('closesOn'),
          suppressionThreshold: Number(form.get('suppressionThreshold')),
          retentionUntil: date('retentionUntil'),
        },
      });
      setMessage({ kind: 'ok', text: 'Gespeichert.' });
      process.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : String(err) });
    }
  }

  return (
    <Layout title="Verfahren">
      <h1>{data.title.de}</h1>
      <ProcessPicker current={slug} to={(other) => adminPath(other, 'verfahren')} />
      <div aria-live="polite">{message && <p class={`notice ${message.kind}`}>{message.text}</p>}</div>
      <form onSubmit={save}>
        <div class="field">
          <label for="phase">Aktuelle Phase</label>
          <select id="phase" name="currentPhase" defaultValue={String(data.currentPhase)}>
            {data.phases.map((phase, index) => (
              <option key={index} value={index + 1}>
                {index + 1}: {phase.title.de}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="opens">Umfrage öffnet am (leer: sofort)</label>
          <input id="opens" name="opensOn" type="date" defaultValue={data.opensOn ?? ''} />
        </div>
        <div class="field">
          <label for="closes">Umfrage schließt nach dem (leer: offen bis auf Weiteres)</label>
          <input id="closes" name="closesOn" type="date" defaultValue={data.closesOn ?? ''} />
        </div>
        <div class="field">
          <label for="threshold">Kleinste veröffentlichte Zahl (mindestens 5)</label>
          <input id="threshold" name="suppressionThreshold" type="number" min={DEFAULT_SUPPRESSION_THRESHOLD} max={MAX_SUPPRESSION_THRESHOLD} defaultValue={String(data.suppressionThreshold)} />
        </div>
        <div class="field">
          <label for="retention">Originaltexte löschen nach dem</label>
          <input id="retention" name="retentionUntil" type="date" aria-describedby="retention-hint" defaultValue={data.retentionUntil ?? ''} />
          <span id="retention-hint" class="hint">
            Bis zu diesem Tag sehen nur Admins die ungekürzten Originale; danach bleibt nur der maskierte Text. Leer: keine Löschfrist.
          </span>
        </div>
        <div class="actions">
          <button type="submit" class="button">
            Speichern
          </button>
        </div>
      </form>
      <SurveyVersions slug={slug} />
      <ResponseChecks slug={slug} />
      <RetentionSection slug={slug} />
    </Layout>
  );
}
