import { useState } from 'preact/hooks';
import type { AdminProcess, ProcessStructure } from '../../shared/api/process-admin.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD, MAX_SUPPRESSION_THRESHOLD } from '../../shared/domain.ts';
import { ApiError, call } from '../api.ts';
import { ConfirmDialog, type ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { adminPath, ProcessPicker } from '../ui/ProcessPicker.tsx';
import { Posters, PublishedQuestionnaireDownloads } from '../ui/PaperPrint.tsx';
import { useApi } from '../ui/useApi.ts';
import { useRefusedProcessSave } from './ProcessChanged.tsx';
import { ResponseChecks } from './ResponseChecks.tsx';
import { pastRetentionQuestion, RetentionSection } from './Retention.tsx';
import { SurveyVersions } from './SurveyVersions.tsx';
import { t } from './messages.ts';
import { staffText } from '../ui/labels.ts';
import { FormMessage, type FormMessageText } from '../ui/FormMessage.tsx';

/** What the „Verfahren“ page changes of a process's structure. */
type Settings = Pick<ProcessStructure, 'currentPhase' | 'opensOn' | 'closesOn' | 'suppressionThreshold' | 'retentionUntil'>;

const settingsOf = ({ structure }: AdminProcess): Settings => ({
  currentPhase: structure.currentPhase,
  opensOn: structure.opensOn,
  closesOn: structure.closesOn,
  suppressionThreshold: structure.suppressionThreshold,
  retentionUntil: structure.retentionUntil,
});

export function ProcessSettingsPage({ slug }: { slug: string }) {
  const process = useApi('GET /api/admin/processes/:slug', { params: { slug } });
  // The process as the form last loaded it (after a save, or under a refused one), until another process is picked.
  const [fresh, setFresh] = useState<AdminProcess | null>(null);
  if (process.loading) return <Layout title={t('processSettingsPage.process')}><Loading /></Layout>;
  if (!process.data) return <Layout title={t('processSettingsPage.process')}><ErrorNotice error={process.error} /></Layout>;
  const loaded = fresh?.slug === slug ? fresh : process.data;
  const data = loaded.structure;

  return (
    <Layout title={t('processSettingsPage.process')} process={data.title}>
      <h1>{staffText(data.title)}</h1>
      <ProcessPicker current={slug} to={(other) => adminPath(other, 'verfahren')} />
      <SettingsForm key={slug} process={loaded} onLoaded={setFresh} />
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
      {/* A saved retention date is what the dry run and its wording (deleted after …, due) rest on: it loads again with it. */}
      <RetentionSection key={data.retentionUntil ?? ''} slug={slug} />
    </Layout>
  );
}

/**
 * Phase, survey window, threshold and retention date. A save names the revision the form rests on;
 * refused because the process was saved meanwhile, the input stays and „Aktuellen Stand laden“
 * puts the admin's changes over the stored state (`useRefusedProcessSave`).
 */
function SettingsForm({ process, onLoaded }: { process: AdminProcess; onLoaded: (current: AdminProcess) => void }) {
  const [draft, setDraft] = useState(() => settingsOf(process));
  const [message, setMessage] = useState<FormMessageText | null>(null);
  /** The threshold is no whole number in its range: the field is marked and described by the message until the next save. */
  const [thresholdInvalid, setThresholdInvalid] = useState(false);
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => setDraft((previous) => ({ ...previous, [key]: value }));
  const refusal = useRefusedProcessSave({
    slug: process.slug,
    base: process,
    toDraft: settingsOf,
    onLoaded: (current, merged) => {
      onLoaded(current);
      setDraft(merged);
    },
  });
  const data = process.structure;

  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const failed = (err: unknown) => {
    if (!refusal.refused(err)) setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : String(err) });
  };

  async function send() {
    try {
      // What this form rests on: a save in between (Einrichten, another admin) is not overwritten.
      await call('PATCH /api/admin/processes/:slug', { params: { slug: process.slug }, query: { revision: process.revision }, body: draft });
      const current = await call('GET /api/admin/processes/:slug', { params: { slug: process.slug } });
      onLoaded(current);
      setDraft(settingsOf(current));
      setMessage({ kind: 'ok', text: t('processSettingsPage.saved') });
    } catch (err) {
      failed(err);
    }
  }

  async function save(event: Event) {
    event.preventDefault();
    setMessage(null);
    refusal.clear();
    // Named in German at the field before anything is sent, not in the browser's bubble, which a screen reader may not read.
    const threshold = draft.suppressionThreshold;
    const invalid = !Number.isInteger(threshold) || threshold < DEFAULT_SUPPRESSION_THRESHOLD || threshold > MAX_SUPPRESSION_THRESHOLD;
    setThresholdInvalid(invalid);
    if (invalid) {
      setMessage({ kind: 'error', text: t('processSettingsPage.thresholdInvalid', { min: DEFAULT_SUPPRESSION_THRESHOLD, max: MAX_SUPPRESSION_THRESHOLD }) });
      document.getElementById('threshold')?.focus();
      return;
    }
    try {
      // A retention date already past deletes the originals within the hour: asked first.
      const question = await pastRetentionQuestion(process.slug, data.retentionUntil, draft.retentionUntil);
      if (question) setConfirm({ ...question, onConfirm: send });
      else await send();
    } catch (err) {
      failed(err);
    }
  }

  return (
    <>
      <FormMessage id="settings-message" message={message} />
      {refusal.notice(draft)}
      <form onSubmit={save} noValidate>
        <div class="field">
          <label for="phase">{t('processSettingsPage.currentPhase')}</label>
          <select id="phase" value={String(draft.currentPhase)} onChange={(e) => set('currentPhase', Number(e.currentTarget.value))}>
            {data.phases.map((phase, index) => (
              <option key={index} value={index + 1}>
                {index + 1}: {staffText(phase.title)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="opens">{t('processSettingsPage.surveyOpensOnEmpty')}</label>
          <input id="opens" type="date" value={draft.opensOn ?? ''} onInput={(e) => set('opensOn', e.currentTarget.value || null)} />
        </div>
        <div class="field">
          <label for="closes">{t('processSettingsPage.surveyClosesAfterEmpty')}</label>
          <input id="closes" type="date" value={draft.closesOn ?? ''} onInput={(e) => set('closesOn', e.currentTarget.value || null)} />
        </div>
        <div class="field">
          <label for="threshold">{t('processSettingsPage.smallestPublishedNumberAt')}</label>
          <input
            id="threshold"
            type="number"
            min={DEFAULT_SUPPRESSION_THRESHOLD}
            max={MAX_SUPPRESSION_THRESHOLD}
            aria-invalid={thresholdInvalid || undefined}
            aria-describedby={thresholdInvalid ? 'settings-message' : undefined}
            value={Number.isNaN(draft.suppressionThreshold) ? '' : draft.suppressionThreshold}
            // Emptied, the field stays empty while typing (the server names a missing number on saving).
            onInput={(e) => set('suppressionThreshold', e.currentTarget.value === '' ? Number.NaN : Number(e.currentTarget.value))}
          />
        </div>
        <div class="field">
          <label for="retention">{t('processSettingsPage.deleteOriginalTextsAfter')}</label>
          <input id="retention" type="date" aria-describedby="retention-hint" value={draft.retentionUntil ?? ''} onInput={(e) => set('retentionUntil', e.currentTarget.value || null)} />
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
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </>
  );
}
