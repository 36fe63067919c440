import { useState } from 'preact/hooks';
import type { LanguageCompleteness, SurveyDraft, SurveyVersionList, XlsformImportResult, XlsformIssue } from '../../shared/api/survey-versions.ts';
import { MAX_XLSFORM_BYTES, XLSX_MEDIA_TYPE } from '../../shared/api/survey-versions.ts';
import { LANGUAGE_NAMES } from '../../shared/languages.ts';
import { api, ApiError } from '../api.ts';
import { ConfirmDialog, type ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { germanDate } from '../ui/format.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi } from '../ui/useApi.ts';
import './survey-versions.css';

const where = (issue: XlsformIssue) =>
  [`Tabelle „${issue.sheet}“`, issue.row === undefined ? '' : `Zeile ${issue.row}`, issue.column ? `Spalte ${issue.column}` : ''].filter(Boolean).join(', ');

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
          <strong>{where(issue)}:</strong> <bdi dir="auto">{issue.message}</bdi>
        </li>
      ))}
    </ul>
  );
}

type Outcome = { kind: 'ok'; text: string; notes: XlsformIssue[] } | { kind: 'error'; text: string; issues: XlsformIssue[] };

/**
 * The survey's versions, the draft of the next one, and the XLSForm files: download any version
 * or the draft, upload a form into the draft (published at once if asked), publish the draft.
 * A version with answers is marked as fixed: the server never changes it.
 */
export function SurveyVersions({ slug }: { slug: string }) {
  const base = `/api/admin/processes/${encodeURIComponent(slug)}/survey`;
  const versions = useApi<SurveyVersionList>(`${base}/versions`);
  const draft = useApi<SurveyDraft>(`${base}/draft`);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);

  const reload = () => {
    versions.reload();
    draft.reload();
  };
  const failed = (err: unknown): Outcome => ({
    kind: 'error',
    text: err instanceof ApiError ? err.message : String(err),
    issues: err instanceof ApiError && Array.isArray(err.details) ? (err.details as XlsformIssue[]).filter((detail) => typeof detail.sheet === 'string') : [],
  });

  async function upload(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const file = data.get('xlsform');
    if (!(file instanceof File) || file.size === 0) {
      setOutcome({ kind: 'error', text: 'Bitte wählen Sie eine XLSForm-Datei (.xlsx) aus.', issues: [] });
      return;
    }
    if (file.size > MAX_XLSFORM_BYTES) {
      setOutcome({ kind: 'error', text: `Die Datei ist größer als ${MAX_XLSFORM_BYTES / 1024 / 1024} MB.`, issues: [] });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const publish = data.get('publish') === 'on';
      const result = await api<XlsformImportResult>(`${base}/xlsform?revision=${draft.data?.revision ?? 0}&publish=${publish}`, {
        method: 'POST',
        file: { data: file, type: XLSX_MEDIA_TYPE },
      });
      setOutcome({
        kind: 'ok',
        text: result.published === null ? `Die Datei ist jetzt der Entwurf (wird Version ${result.draft.nextVersion}).` : `Veröffentlicht als Version ${result.published}.`,
        notes: result.notes,
      });
      form.reset();
      reload();
    } catch (err) {
      setOutcome(failed(err));
    } finally {
      setBusy(false);
    }
  }

  async function publish(revision: number) {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await api<{ version: number }>(`${base}/publish`, { method: 'POST', body: { revision } });
      setOutcome({ kind: 'ok', text: `Veröffentlicht als Version ${result.version}. Neue Fragebögen beantworten ab jetzt diese Version.`, notes: [] });
      reload();
    } catch (err) {
      setOutcome(failed(err));
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
      title: `Version ${current.nextVersion} mit unvollständigen Sprachen veröffentlichen?`,
      body: `${incomplete.map((entry) => `${LANGUAGE_NAMES[entry.language]} (${entry.translated} von ${entry.total})`).join(', ')}: fehlende Texte erscheinen auf Deutsch.`,
      confirmLabel: 'Trotzdem veröffentlichen',
      onConfirm: () => publish(current.revision),
    });
  }

  const saved = versions.data?.draft;
  return (
    <section aria-labelledby="survey-versions">
      <h2 id="survey-versions">Fragebogen: Versionen und XLSForm</h2>
      <p>
        Jede Veröffentlichung ist eine neue Version. Eine Version mit Antworten bleibt, wie sie ist; Fragebögen, die auf einer älteren Version ausgefüllt wurden (auch
        auf Tablets, die offline waren), werden mit ihr gespeichert. Eine Frage behält über alle Versionen ihren Namen; die Auswertung zählt nach ihm.
      </p>
      <div aria-live="polite">
        {outcome?.kind === 'ok' && (
          <div class="notice ok">
            <p>{outcome.text}</p>
            {outcome.notes.length > 0 && (
              <>
                <p>Hinweise zur Datei:</p>
                <IssueList issues={outcome.notes} />
              </>
            )}
          </div>
        )}
      </div>
      {outcome?.kind === 'error' && (
        <div class="notice error" role="alert">
          <p>{outcome.text}</p>
          {outcome.issues.length > 0 && <IssueList issues={outcome.issues} />}
        </div>
      )}
      {(versions.loading || draft.loading) && <Loading />}
      {versions.error ? <ErrorNotice error={versions.error} /> : null}
      {versions.data && (
        <ScrollArea labelledBy="survey-versions-caption">
          <table class="survey-version-table">
            <caption id="survey-versions-caption">Versionen des Fragebogens (übersetzte Texte je Sprache)</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Veröffentlicht</th>
                <th scope="col">Fragebögen</th>
                <th scope="col">Sprachen</th>
                <th scope="col">XLSForm</th>
              </tr>
            </thead>
            <tbody>
              {versions.data.versions.map((version) => (
                <tr key={version.version}>
                  <th scope="row">
                    {version.version}
                    {version.responses > 0 && <span class="hint"> (hat Antworten, unveränderlich)</span>}
                  </th>
                  <td>{version.publishedAt ? germanDate(version.publishedAt) : '–'}</td>
                  <td>{version.responses.toLocaleString('de-DE')}</td>
                  <td>
                    <Languages languages={version.languages} />
                  </td>
                  <td>
                    <a class="button secondary" href={`${base}/xlsform?version=${version.version}`} download>
                      Version {version.version} herunterladen
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
          <h3>Entwurf für Version {draft.data.nextVersion}</h3>
          <p>
            {saved
              ? `Zuletzt gespeichert am ${germanDate(saved.updatedAt)} (Stand ${saved.revision}).`
              : draft.data.definition
                ? `Noch nichts geändert: Der Entwurf ist Version ${draft.data.basedOnVersion}.`
                : 'Dieses Verfahren hat noch keinen Fragebogen. Laden Sie eine XLSForm-Datei hoch.'}
          </p>
          {draft.data.definition && <Languages languages={draft.data.languages} />}
          <div class="actions">
            {draft.data.definition && (
              <a class="button secondary" href={`${base}/xlsform`} download>
                Entwurf als XLSForm herunterladen
              </a>
            )}
            {saved && (
              <button type="button" class="button" disabled={busy} onClick={() => draft.data && askPublish(draft.data)}>
                Entwurf als Version {draft.data.nextVersion} veröffentlichen
              </button>
            )}
          </div>
          <form onSubmit={upload} class="xlsform-upload">
            <div class="field">
              <label for="xlsform-file">XLSForm-Datei (.xlsx) in den Entwurf laden</label>
              <input id="xlsform-file" name="xlsform" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="xlsform-hint" />
              <span id="xlsform-hint" class="hint">
                Tabellen survey, choices und settings; Texte je Sprache in Spalten wie „label::Deutsch (de)“. Was der Fragebogen nicht abbilden kann, wird mit Tabelle und
                Zeile genannt, und nichts wird übernommen.
              </span>
            </div>
            <label class="publish-check">
              <input type="checkbox" name="publish" /> Gleich als neue Version veröffentlichen
            </label>
            <div class="actions">
              <button type="submit" class="button" disabled={busy}>
                Hochladen
              </button>
            </div>
          </form>
        </div>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </section>
  );
}
