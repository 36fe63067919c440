import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { confirmsDeletion, type ProcessDeletionCounts } from '../../shared/api/process-admin.ts';
import { ApiError, call } from '../api.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';
import { t, tn } from './messages.ts';

/** Each count in words, in the order the section lists them. */
const COUNT_WORDS: Array<[keyof ProcessDeletionCounts, (n: number) => string]> = [
  ['responses', (n) => tn('deleteProcess.responses', n)],
  ['contributions', (n) => tn('deleteProcess.contributions', n)],
  ['dotVotes', (n) => tn('deleteProcess.dotVotes', n)],
  ['marketDays', (n) => tn('deleteProcess.marketDays', n)],
  ['posters', (n) => tn('deleteProcess.posters', n)],
  ['measures', (n) => tn('deleteProcess.measures', n)],
  ['guidingGoals', (n) => tn('deleteProcess.guidingGoals', n)],
  ['snapshots', (n) => tn('deleteProcess.snapshots', n)],
  ['surveyVersions', (n) => tn('deleteProcess.surveyVersions', n)],
];

/** The German title of the process just deleted, for the admin home to say so once (`takeDeletedProcess`). */
let deletedTitle: string | null = null;

/** The title of the process deleted just before the admin home opened, once; null otherwise. */
export function takeDeletedProcess(): string | null {
  const title = deletedTitle;
  deletedTitle = null;
  return title;
}

/**
 * The danger zone of a process's page: what deleting it removes (counted by the server) and which
 * working groups lose it; the deletion itself once the admin typed the process's address or title,
 * as on GitHub. A public process residents took part in is archived first (the server refuses
 * otherwise); the editor keys the section by the process's status, so archiving above loads it anew.
 */
export function DeleteProcessSection({ slug }: { slug: string }) {
  const { route } = useLocation();
  const preview = useApi('GET /api/admin/processes/:slug/deletion', { params: { slug } });
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const data = preview.data;
  const confirmed = data !== undefined && confirmsDeletion(typed, data);

  async function remove(event: Event) {
    event.preventDefault();
    if (!confirmed) return;
    setBusy(true);
    setError(null);
    try {
      await call('DELETE /api/admin/processes/:slug', { params: { slug }, body: { confirmation: typed } });
      deletedTitle = data.title;
      route('/admin');
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'process_public' ? t('deleteProcess.archiveFirst') : t('deleteProcess.failed'));
      setBusy(false);
      preview.reload();
    }
  }

  return (
    <section class="card danger-zone" aria-labelledby="delete-process-title">
      <h2 id="delete-process-title">{t('deleteProcess.title')}</h2>
      {preview.loading && !data && <Loading />}
      {preview.error ? <ErrorNotice error={preview.error} /> : null}
      {data && (
        <>
          <p>{t('deleteProcess.intro')}</p>
          <p id="delete-process-what">{t('deleteProcess.whatGoes')}</p>
          <ul aria-labelledby="delete-process-what">
            {COUNT_WORDS.filter(([key]) => data.counts[key] > 0).map(([key, words]) => (
              <li key={key}>{words(data.counts[key])}</li>
            ))}
            <li>{t('deleteProcess.structure')}</li>
          </ul>
          {data.workingGroups.length > 0 && (
            <>
              <p id="delete-process-groups">{t('deleteProcess.workingGroups')}</p>
              <ul aria-labelledby="delete-process-groups">
                {data.workingGroups.map((group) => (
                  <li key={group.username}>
                    {group.onlyThis ? t('deleteProcess.noProcessLeft', { name: group.displayName ?? group.username }) : (group.displayName ?? group.username)}
                  </li>
                ))}
              </ul>
            </>
          )}
          <p>{t('deleteProcess.auditKept')}</p>
          <div aria-live="polite">{error && <p class="notice error">{error}</p>}</div>
          {data.refusal ? (
            <p class="notice">{t('deleteProcess.archiveFirst')}</p>
          ) : (
            <form onSubmit={remove}>
              <div class="field">
                <label for="delete-process-confirmation">{t('deleteProcess.typeToConfirm', { slug: data.slug })}</label>
                <input
                  id="delete-process-confirmation"
                  type="text"
                  name="confirmation"
                  autoComplete="off"
                  spellcheck={false}
                  value={typed}
                  onInput={(event) => setTyped(event.currentTarget.value)}
                />
              </div>
              <div class="actions">
                <button type="submit" class="button danger" disabled={!confirmed || busy}>
                  {t('deleteProcess.deleteForGood')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
