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

/** The fields of the form a problem can be about: the threshold out of its range, a survey closing before it opens. */
type SettingsField = 'threshold' | 'closes';
const FIELD_IDS: Record<SettingsField, string> = { threshold: 'threshold', closes: 'closes' };

/** What the form finds wrong before anything is sent, in German, with the field it is about. */
function settingsProblem(draft: Settings): { field: SettingsField; text: string } | null {
  const threshold = draft.suppressionThreshold;
  if (!Number.isInteger(threshold) || threshold < DEFAULT_SUPPRESSION_THRESHOLD || threshold > MAX_SUPPRESSION_THRESHOLD) {
    return { field: 'threshold', text: t('processSettingsPage.thresholdInvalid', { min: DEFAULT_SUPPRESSION_THRESHOLD, max: MAX_SUPPRESSION_THRESHOLD }) };
  }
  if (draft.opensOn && draft.closesOn && draft.opensOn > draft.closesOn) return { field: 'closes', text: t('processSettingsPage.closesBeforeOpens') };
  return null;
}

/** The server's refusal in German (its own words are English, for developers), with the field it names where it names one. */
function refusalProblem(err: unknown): { field: SettingsField | null; text: string } {
  if (!(err instanceof ApiError)) return { field: null, text: t('processEditor.savingDidNotWork') };
  if (err.status === 0) return { field: null, text: t('processEditor.noConnectionToThe') };
  const paths = Array.isArray(err.details) ? (err.details as Array<{ path?: string }>).map((detail) => detail.path ?? '') : [];
  if (err.code === 'invalid_window' || paths.some((path) => path.endsWith('closesOn'))) return { field: 'closes', text: t('processSettingsPage.closesBeforeOpens') };
  if (paths.some((path) => path.endsWith('suppressionThreshold'))) return { field: 'threshold', text: t('processSettingsPage.thresholdInvalid', { min: DEFAULT_SUPPRESSION_THRESHOLD, max: MAX_SUPPRESSION_THRESHOLD }) };
  return { field: null, text: t('processEditor.savingDidNotWork') };
}

/**
 * Phase, survey window, threshold and retention date. A save names the revision the form rests on;
 * refused because the process was saved meanwhile, the input stays and „Aktuellen Stand laden“
 * puts the admin's changes over the stored state (`useRefusedProcessSave`). A problem is named in
 * German at its field (marked invalid, described by the message, the focus in it), before anything
 * is sent where the form can tell, else as the server names it.
 */
function SettingsForm({ process, onLoaded }: { process: AdminProcess; onLoaded: (current: AdminProcess) => void }) {
  const [draft, setDraft] = useState(() => settingsOf(process));
  const [message, setMessage] = useState<FormMessageText | null>(null);
  /** The field a problem is about: marked and described by the message until the next save. */
  const [invalid, setInvalid] = useState<SettingsField | null>(null);
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
  const showProblem = (problem: { field: SettingsField | null; text: string }) => {
    setInvalid(problem.field);
    setMessage({ kind: 'error', text: problem.text });
    // After the render, so a screen reader reads the field with its new description.
    if (problem.field) requestAnimationFrame(() => document.getElementById(FIELD_IDS[problem.field!])?.focus());
  };
  const failed = (err: unknown) => {
    if (!refusal.refused(err)) showProblem(refusalProblem(err));
  };

  async function send() {
    try {
      // What this form rests on: a save in between (Einrichten, another admin) is not overwritten.
      await call('PATCH /api/admin/processes/:slug', { params: { slug: process.slug }, query: { revision: process.revision }, body: draft });
      const current = await call('GET /api/admin/processes/:slug', { params: { slug: process.slug } });
      onLoaded(current);
      setDraft(settingsOf(current));
      setInvalid(null);
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
    const problem = settingsProblem(draft);
    setInvalid(problem?.field ?? null);
    if (problem) return showProblem(problem);
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
          <input
            id="closes"
            type="date"
            aria-invalid={invalid === 'closes' || undefined}
            aria-describedby={invalid === 'closes' ? 'settings-message' : undefined}
            value={draft.closesOn ?? ''}
            onInput={(e) => set('closesOn', e.currentTarget.value || null)}
          />
        </div>
        <div class="field">
          <label for="threshold">{t('processSettingsPage.smallestPublishedNumberAt')}</label>
          <input
            id="threshold"
            type="number"
            min={DEFAULT_SUPPRESSION_THRESHOLD}
            max={MAX_SUPPRESSION_THRESHOLD}
            aria-invalid={invalid === 'threshold' || undefined}
            aria-describedby={invalid === 'threshold' ? 'settings-message' : undefined}
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
