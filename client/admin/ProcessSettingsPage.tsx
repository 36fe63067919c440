import { useState } from 'preact/hooks';
import { DEFAULT_SUPPRESSION_THRESHOLD, MAX_SUPPRESSION_THRESHOLD } from '../../shared/domain.ts';
import { ApiError, call } from '../api.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { adminPath, ProcessPicker } from '../ui/ProcessPicker.tsx';
import { Posters, PublishedQuestionnaireDownloads } from '../ui/PaperPrint.tsx';
import { useApi } from '../ui/useApi.ts';
import { ResponseChecks } from './ResponseChecks.tsx';
import { RetentionSection } from './Retention.tsx';
import { SurveyVersions } from './SurveyVersions.tsx';

export function ProcessSettingsPage({ slug }: { slug: string }) {
  const process = useApi('GET /api/admin/processes/:slug', { params: { slug } });
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
      await call('PATCH /api/admin/processes/:slug', {
        params: { slug },
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
      <section aria-labelledby="paper-heading">
        <h2 id="paper-heading">Auf Papier: Fragebögen und QR-Plakate</h2>
        <h3>Fragebogen zum Ausdrucken</h3>
        <PublishedQuestionnaireDownloads slug={slug} />
        <h3>QR-Plakat für einen Stadtteil</h3>
        <p class="hint">
          Der Code auf dem Plakat öffnet den Fragebogen in der gewählten Sprache. Die Auswertung zählt die Antworten je Plakat (kleine Zahlen ausgeblendet); wer geantwortet hat, wird nicht erfasst. Plakate für einen
          Markttag legt das Team am Tablet an.
        </p>
        <Posters slug={slug} languages={data.languages} districts={data.districts.map((district) => ({ key: district.key, name: district.name, stadtteile: district.stadtteile }))} />
      </section>
      <ResponseChecks slug={slug} />
      <RetentionSection slug={slug} />
    </Layout>
  );
}
