import { useState } from 'preact/hooks';
import { DEFAULT_SUPPRESSION_THRESHOLD, MAX_SUPPRESSION_THRESHOLD } from '../../shared/domain.ts';
import { ApiError, call } from '../api.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { adminPath, ProcessPicker } from '../ui/ProcessPicker.tsx';
import { Posters, PublishedQuestionnaireDownloads } from '../ui/PaperPrint.tsx';
import { useApi } from '../ui/useApi.ts';
import { isProcessChanged, ProcessChangedNotice } from './ProcessChanged.tsx';
import { ResponseChecks } from './ResponseChecks.tsx';
import { RetentionSection } from './Retention.tsx';
import { SurveyVersions } from './SurveyVersions.tsx';
import { t } from './messages.ts';
import { staffText } from '../ui/labels.ts';

export function ProcessSettingsPage({ slug }: { slug: string }) {
  const process = useApi('GET /api/admin/processes/:slug', { params: { slug } });
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [changed, setChanged] = useState(false);
  if (process.loading) return <Layout title={t('processSettingsPage.process')}><Loading /></Layout>;
  if (!process.data) return <Layout title={t('processSettingsPage.process')}><ErrorNotice error={process.error} /></Layout>;
  const loaded = process.data;
  const data = loaded.structure;

  async function save(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const date = (name: string) => (String(form.get(name) ?? '') || null);
    setMessage(null);
    setChanged(false);
    try {
      await call('PATCH /api/admin/processes/:slug', {
        params: { slug },
        // What this page loaded: a save in between (Einrichten, another admin) is not overwritten.
        query: { revision: loaded.revision },
        body: {
          currentPhase: Number(form.get('currentPhase')),
          opensOn: date('opensOn'),
          closesOn: date('closesOn'),
          suppressionThreshold: Number(form.get('suppressionThreshold')),
          retentionUntil: date('retentionUntil'),
        },
      });
      setMessage({ kind: 'ok', text: t('processSettingsPage.saved') });
      process.reload();
    } catch (err) {
      if (isProcessChanged(err)) setChanged(true);
      else setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : String(err) });
    }
  }

  return (
    <Layout title={t('processSettingsPage.process')}>
      <h1>{staffText(data.title)}</h1>
      <ProcessPicker current={slug} to={(other) => adminPath(other, 'verfahren')} />
      <div aria-live="polite">{message && <p class={`notice ${message.kind}`}>{message.text}</p>}</div>
      {changed && (
        <ProcessChangedNotice
          onReload={() => {
            setChanged(false);
            process.reload();
          }}
        />
      )}
      <form onSubmit={save}>
        <div class="field">
          <label for="phase">{t('processSettingsPage.currentPhase')}</label>
          <select id="phase" name="currentPhase" defaultValue={String(data.currentPhase)}>
            {data.phases.map((phase, index) => (
              <option key={index} value={index + 1}>
                {index + 1}: {staffText(phase.title)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="opens">{t('processSettingsPage.surveyOpensOnEmpty')}</label>
          <input id="opens" name="opensOn" type="date" defaultValue={data.opensOn ?? ''} />
        </div>
        <div class="field">
          <label for="closes">{t('processSettingsPage.surveyClosesAfterEmpty')}</label>
          <input id="closes" name="closesOn" type="date" defaultValue={data.closesOn ?? ''} />
        </div>
        <div class="field">
          <label for="threshold">{t('processSettingsPage.smallestPublishedNumberAt')}</label>
          <input id="threshold" name="suppressionThreshold" type="number" min={DEFAULT_SUPPRESSION_THRESHOLD} max={MAX_SUPPRESSION_THRESHOLD} defaultValue={String(data.suppressionThreshold)} />
        </div>
        <div class="field">
          <label for="retention">{t('processSettingsPage.deleteOriginalTextsAfter')}</label>
          <input id="retention" name="retentionUntil" type="date" aria-describedby="retention-hint" defaultValue={data.retentionUntil ?? ''} />
          <span id="retention-hint" class="hint">
            {t('processSettingsPage.untilThisDayOnly')}
          </span>
        </div>
        <div class="actions">
          <button type="submit" class="button">
            {t('processSettingsPage.save')}
          </button>
        </div>
      </form>
      <SurveyVersions slug={slug} />
      <section aria-labelledby="paper-heading">
        <h2 id="paper-heading">{t('processSettingsPage.onPaper')}</h2>
        <h3>{t('processSettingsPage.questionnaireToPrint')}</h3>
        <PublishedQuestionnaireDownloads slug={slug} />
        <h3>{t('processSettingsPage.posterForStadtteil')}</h3>
        <p class="hint">{t('processSettingsPage.posterHint')}</p>
        <Posters slug={slug} languages={data.languages} districts={data.districts.map((district) => ({ key: district.key, name: district.name, stadtteile: district.stadtteile }))} />
      </section>
      <ResponseChecks slug={slug} />
      <RetentionSection slug={slug} />
    </Layout>
  );
}
