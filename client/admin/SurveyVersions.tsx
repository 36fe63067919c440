import { useEffect, useRef, useState } from 'preact/hooks';
import type { LanguageCompleteness, SurveyDraft, XlsformImportResult, XlsformIssue } from '../../shared/api/survey-versions.ts';
import { MAX_XLSFORM_BYTES, XLSX_MEDIA_TYPE } from '../../shared/api/survey-versions.ts';
import { LANGUAGE_NAMES } from '../../shared/languages.ts';
import { ApiError, call } from '../api.ts';
import { pathTo } from '../../shared/api/path.ts';
import { ConfirmDialog, type ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { germanDate } from '../ui/format.ts';
import { ErrorNotice, errorText, Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { adminPath } from '../ui/ProcessPicker.tsx';
import { useApi } from '../ui/useApi.ts';
import './survey-versions.css';
import { t } from './messages.ts';
import { xlsformIssueText } from './survey-issues.ts';
import { staffLocale } from '../i18n/staff.ts';

const where = (issue: XlsformIssue) =>
  [t('surveyVersions.sheet', { sheet: issue.sheet }), issue.row === undefined ? '' : t('surveyVersions.row', { row: issue.row }), issue.column ? t('surveyVersions.column', { column: issue.column }) : ''].filter(Boolean).join(', ');

function Languages({ languages }: { languages: LanguageCompleteness[] }) {
  return (
    <ul class="survey-languages">
      {languages.map((entry) => (
        <li key={entry.language}>
          {LANGUAGE_NAMES[entry.language]}: {entry.translated}/{entry.total}
        </li>
      ))}
    </ul>
  );
}

function IssueList({ issues }: { issues: XlsformIssue[] }) {
  return (
    <ul>
      {issues.map((issue, i) => (
        <li key={i}>
          <strong>{where(issue)}:</strong> <bdi dir="auto">{xlsformIssueText(issue)}</bdi>
        </li>
      ))}
    </ul>
  );
}

type Outcome = { kind: 'ok'; text: string; notes: XlsformIssue[] } | { kind: 'error'; text: string; issues: XlsformIssue[] };

/** Where the draft's XLSForm downloads (the draft, or the newest version while none is saved), or a published version's with `version`. */
export const xlsformPath = (slug: string, version?: number) => pathTo('GET /api/admin/processes/:slug/survey/xlsform', { params: { slug }, query: { version } });

/** A refused upload or publishing, worded for the admin; the file's issues listed with their sheet and row. `version`: the version the draft is the same as. */
function failed(err: unknown, version: number): Outcome {
  return {
    kind: 'error',
    text: errorText(err, {
      draft_unchanged: t('surveyEditor.noChangesSinceVersion', { version }),
      draft_conflict: t('surveyVersions.draftSavedElsewhere'),
      no_draft: t('surveyEditor.draftGoneMeanwhile'),
      question_key_reused: t('surveyVersions.questionKeyReused'),
      xlsform_unreadable: t('surveyVersions.fileUnreadable'),
      xlsform_unsupported: t('surveyVersions.formHasUnsupported'),
    }),
    issues: err instanceof ApiError && Array.isArray(err.details) ? (err.details as XlsformIssue[]).filter((detail) => typeof detail.sheet === 'string') : [],
  };
}

/**
 * What an upload or publishing brought: said politely, a refusal as an alert. The button pressed
 * was disabled while it worked, which took the keyboard focus to the page's start: the focus goes
 * to what was said, from where the keyboard goes on (the file's issues are read there too).
 */
function OutcomeNotice({ outcome }: { outcome: Outcome | null }) {
  const said = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (outcome && (!active || active === document.body || (active instanceof HTMLButtonElement && active.disabled))) said.current?.focus();
  }, [outcome]);
  return (
    <>
      <div aria-live="polite">
        {outcome?.kind === 'ok' && (
          <div class="notice ok" tabIndex={-1} ref={said}>
            <p>{outcome.text}</p>
            {outcome.notes.length > 0 && (
              <>
                <p>{t('surveyVersions.notesOnTheFile')}</p>
                <IssueList issues={outcome.notes} />
              </>
            )}
          </div>
        )}
      </div>
      {outcome?.kind === 'error' && (
        <div class="notice error" role="alert" tabIndex={-1} ref={said}>
          <p>{outcome.text}</p>
          {outcome.issues.length > 0 && <IssueList issues={outcome.issues} />}
        </div>
      )}
    </>
  );
}

/**
 * The form that loads an XLSForm file into the draft saved at `revision` (published at once when
 * `offerPublish` and asked), with what came of it below. The process page („Verfahren“) and the
 * survey editor's translations both use it. `blockedBy`: why no upload is possible now (the
 * editor's unsaved changes, which the file would replace).
 */
export function XlsformUpload(props: { slug: string; revision: number; basedOnVersion: number | null; offerPublish: boolean; blockedBy?: string; onUploaded: (result: XlsformImportResult) => void }) {
  const { slug, revision, basedOnVersion, offerPublish, blockedBy, onUploaded } = props;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  async function upload(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const file = data.get('xlsform');
    if (!(file instanceof File) || file.size === 0) {
      setOutcome({ kind: 'error', text: t('surveyVersions.pleaseChooseAnXlsform'), issues: [] });
      return;
    }
    if (file.size > MAX_XLSFORM_BYTES) {
      setOutcome({ kind: 'error', text: t('surveyVersions.theFileIsLarger', { value: MAX_XLSFORM_BYTES / 1024 / 1024 }), issues: [] });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const publish = offerPublish && data.get('publish') === 'on';
      const result = await call('POST /api/admin/processes/:slug/survey/xlsform', {
        params: { slug },
        query: { revision, publish: String(publish) as 'true' | 'false' },
        file: { data: file, type: XLSX_MEDIA_TYPE },
      });
      setOutcome({
        kind: 'ok',
        text: result.published === null ? t('surveyVersions.theFileIsNow', { nextVersion: result.draft.nextVersion }) : t('surveyVersions.publishedAsVersion', { published: result.published }),
        notes: result.notes,
      });
      form.reset();
      onUploaded(result);
    } catch (err) {
      setOutcome(failed(err, basedOnVersion ?? 1));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form onSubmit={upload} class="xlsform-upload">
        <div class="field">
          <label for="xlsform-file">{t('surveyVersions.loadXlsformFileXlsx')}</label>
          <input id="xlsform-file" name="xlsform" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="xlsform-hint" />
          <span id="xlsform-hint" class="hint">
            {t('surveyVersions.sheetsSurveyChoicesAnd')}
          </span>
        </div>
        {offerPublish && (
          <label class="publish-check">
            <input type="checkbox" name="publish" /> {t('surveyVersions.publishAsANew')}</label>
        )}
        <div class="actions">
          <button type="submit" class="button" disabled={busy || blockedBy !== undefined} aria-describedby={blockedBy === undefined ? undefined : 'xlsform-blocked'}>
            {t('surveyVersions.upload')}
          </button>
        </div>
        {blockedBy !== undefined && (
          <p id="xlsform-blocked" class="hint">
            {blockedBy}
          </p>
        )}
      </form>
      <OutcomeNotice outcome={outcome} />
    </>
  );
}

/**
 * The survey's versions, the draft of the next one, and the XLSForm files: download any version
 * or the draft, upload a form into the draft (published at once if asked), publish the draft.
 * A version with answers is marked as fixed: the server never changes it.
 */
export function SurveyVersions({ slug }: { slug: string }) {
  const versions = useApi('GET /api/admin/processes/:slug/survey/versions', { params: { slug } });
  const draft = useApi('GET /api/admin/processes/:slug/survey/draft', { params: { slug } });
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);

  const reload = () => {
    versions.reload();
    draft.reload();
  };

  async function publish(revision: number) {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await call('POST /api/admin/processes/:slug/survey/publish', { params: { slug }, body: { revision } });
      setOutcome({ kind: 'ok', text: t('surveyVersions.publishedAsVersionNew', { version: result.version }), notes: [] });
      reload();
    } catch (err) {
      setOutcome(failed(err, draft.data?.basedOnVersion ?? 1));
    } finally {
      setBusy(false);
    }
  }

  function askPublish(current: SurveyDraft) {
    const incomplete = current.languages.filter((entry) => entry.translated < entry.total);
    if (incomplete.length === 0) {
      void publish(current.revision);
      return;
    }
    setConfirm({
      title: t('surveyVersions.publishVersionWithIncomplete', { nextVersion: current.nextVersion }),
      body: t('surveyVersions.missingTextsAppearIn', { value: incomplete.map((entry) => t('surveyVersions.languageOf', { language: LANGUAGE_NAMES[entry.language], translated: entry.translated, total: entry.total })).join(', ') }),
      confirmLabel: t('surveyVersions.publishAnyway'),
      onConfirm: () => publish(current.revision),
    });
  }

  const saved = versions.data?.draft;
  return (
    <section aria-labelledby="survey-versions">
      <h2 id="survey-versions">{t('surveyVersions.questionnaireVersionsAndXlsform')}</h2>
      <p>
        {t('surveyVersions.eachPublicationIsA')}
      </p>
      <OutcomeNotice outcome={outcome} />
      {(versions.loading || draft.loading) && <Loading />}
      {versions.error ? <ErrorNotice error={versions.error} /> : null}
      {versions.data?.versions.length === 0 && <p>{t('surveyVersions.noVersionYet')}</p>}
      {versions.data && versions.data.versions.length > 0 && (
        <ScrollArea labelledBy="survey-versions-caption">
          <table class="survey-version-table">
            <caption id="survey-versions-caption">{t('surveyVersions.versionsOfTheQuestionnaire')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('surveyVersions.version')}</th>
                <th scope="col">{t('surveyVersions.published')}</th>
                <th scope="col">{t('surveyVersions.responses')}</th>
                <th scope="col">{t('surveyVersions.languages')}</th>
                <th scope="col">{t('surveyVersions.xlsform')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.data.versions.map((version) => (
                <tr key={version.version}>
                  <th scope="row">
                    {version.version}
                    {version.responses > 0 && <span class="hint"> {t('surveyVersions.hasAnswersUnchangeable')}</span>}
                  </th>
                  <td>{version.publishedAt ? germanDate(version.publishedAt) : '–'}</td>
                  <td>{version.responses.toLocaleString(staffLocale())}</td>
                  <td>
                    <Languages languages={version.languages} />
                  </td>
                  <td>
                    <a class="button secondary" href={xlsformPath(slug, version.version)} download={`${slug}-umfrage-version-${version.version}.xlsx`}>
                      {t('surveyVersions.downloadVersion', { version: version.version })}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      )}
      {draft.data && (
        <div class="survey-draft">
          <h3>{t('surveyVersions.draftForVersion', { nextVersion: draft.data.nextVersion })}</h3>
          <p>
            {saved ? (
              t('surveyVersions.lastSavedOnRevision', { updatedAt: germanDate(saved.updatedAt), revision: saved.revision })
            ) : draft.data.definition ? (
              t('surveyVersions.nothingChangedYetThe', { basedOnVersion: draft.data.basedOnVersion ?? '' })
            ) : (
              <>
                {t('surveyVersions.thisProcessHasNo')} <a href={adminPath(slug, 'umfrage')}>{t('surveyEditor.editQuestionnaire')}</a> {t('surveyVersions.orUploadXlsform')}
              </>
            )}
          </p>
          {draft.data.definition && <Languages languages={draft.data.languages} />}
          <div class="actions">
            {draft.data.definition && (
              <a class="button secondary" href={xlsformPath(slug)} download={`${slug}-umfrage-entwurf.xlsx`}>
                {t('surveyVersions.downloadDraftAsXlsform')}
              </a>
            )}
            {saved && (
              <button
                type="button"
                class="button"
                disabled={busy || draft.data.sameAsVersion !== null}
                aria-describedby={draft.data.sameAsVersion !== null ? 'draft-unchanged' : undefined}
                onClick={() => draft.data && askPublish(draft.data)}
              >
                {t('surveyVersions.publishDraftAsVersion', { nextVersion: draft.data.nextVersion })}
              </button>
            )}
          </div>
          {saved && draft.data.sameAsVersion !== null && (
            <p id="draft-unchanged" class="hint">
              {t('surveyEditor.noChangesSinceVersion', { version: draft.data.sameAsVersion })}
            </p>
          )}
          <XlsformUpload slug={slug} revision={draft.data.revision} basedOnVersion={draft.data.basedOnVersion} offerPublish onUploaded={reload} />
        </div>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </section>
  );
}
