import { useState } from 'preact/hooks';
import type { SnapshotDocument, SnapshotRelease } from '../../shared/api/snapshots.ts';
import { LANGUAGE_NAMES, type Language } from '../../shared/languages.ts';
import { DATA_LICENCES, type DataLicence } from '../../shared/results/licences.ts';
import { ApiError, call } from '../api.ts';
import { QuestionFigure } from '../charts/QuestionFigure.tsx';
import { DotVotesByField } from '../charts/DotVotesByField.tsx';
import { ConfirmDialog, type ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { germanDate } from '../ui/format.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { adminPath, ProcessPicker } from '../ui/ProcessPicker.tsx';
import { useApi } from '../ui/useApi.ts';
import './snapshots.css';

type Message = { kind: 'ok' | 'error'; text: string } | null;
type Texts = Partial<Record<Language, string>>;

const errorText = (error: unknown) => (error instanceof ApiError ? error.message : String(error));
/** Only the languages with a text: an empty field means "German for this language". */
const filled = (texts: Texts) => Object.fromEntries(Object.entries(texts).filter(([, text]) => text && text.trim() !== '')) as { de: string } & Texts;

/**
 * `/admin/p/:slug/ergebnisse`: releasing results to residents. An admin picks closed questions
 * (and the dot votes), writes a title and an introduction (German required, the process's other
 * languages optional), looks at the preview — the figures exactly as they would be frozen — and
 * releases. The release carries a UUID made once per form, so sending it again after a lost
 * answer is the same release. Below: the licence of the open data, and every snapshot released,
 * each with its public link and a withdrawal that asks for a reason.
 */
export function SnapshotAdminPage({ slug }: { slug: string }) {
  const process = useApi('GET /api/processes/:slug', { params: { slug } });
  const questions = useApi('GET /api/processes/:slug/results/questions', { params: { slug } });
  const released = useApi('GET /api/admin/processes/:slug/snapshots', { params: { slug } });
  const [chosen, setChosen] = useState<string[]>([]);
  const [dotVotes, setDotVotes] = useState(false);
  const [title, setTitle] = useState<Texts>({});
  const [intro, setIntro] = useState<Texts>({});
  const [releaseId, setReleaseId] = useState(() => crypto.randomUUID());
  const [preview, setPreview] = useState<SnapshotDocument | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);

  if (process.loading || released.loading) return <Layout title="Ergebnisse veröffentlichen"><Loading /></Layout>;
  if (!process.data || !released.data) return <Layout title="Ergebnisse veröffentlichen"><ErrorNotice error={process.error ?? released.error} /></Layout>;
  const others = process.data.languages.filter((language) => language !== 'de');
  const fieldLabel = new Map(process.data.fieldsOfAction.flatMap((field) => [field, ...(field.children ?? [])]).map((field) => [field.key, field.label.de]));

  const body = (): SnapshotRelease => ({ id: releaseId, title: filled(title), intro: filled(intro), selection: { questions: chosen, dotVotes } });
  const ready = (title.de ?? '').trim() !== '' && (intro.de ?? '').trim() !== '' && (chosen.length > 0 || dotVotes);

  const run = async (step: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await step();
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };
  const showPreview = () => run(async () => setPreview(await call('POST /api/admin/processes/:slug/snapshots/preview', { params: { slug }, body: body() })));
  const release = () =>
    run(async () => {
      await call('POST /api/admin/processes/:slug/snapshots', { params: { slug }, body: body() });
      setMessage({ kind: 'ok', text: `Freigegeben: „${title.de}“. Die Zahlen sind eingefroren; neue Antworten ändern sie nicht.` });
      setReleaseId(crypto.randomUUID());
      setPreview(null);
      released.reload();
    });
  const withdraw = (id: string, reason: string) =>
    run(async () => {
      await call('POST /api/admin/processes/:slug/snapshots/:id/withdraw', { params: { slug, id }, body: { reason } });
      setMessage({ kind: 'ok', text: 'Zurückgezogen. Der Link sagt nun, dass diese Ergebnisse zurückgezogen wurden, und nennt den Grund.' });
      released.reload();
    });
  const saveLicence = (licence: DataLicence) =>
    run(async () => {
      await call('PUT /api/admin/processes/:slug/data-licence', { params: { slug }, body: { licence } });
      setMessage({ kind: 'ok', text: `Lizenz für künftige Freigaben: ${DATA_LICENCES[licence].name}.` });
      released.reload();
    });
  const toggle = (key: string, on: boolean) => setChosen((list) => (on ? [...list, key] : list.filter((other) => other !== key)));

  return (
    <Layout title="Ergebnisse veröffentlichen">
      <h1>Ergebnisse veröffentlichen: {process.data.title.de}</h1>
      <ProcessPicker current={slug} to={(other) => adminPath(other, 'ergebnisse')} />
      <p>
        Was Sie freigeben, steht auf der öffentlichen Seite <a href={`/p/${slug}/ergebnisse`}>/p/{slug}/ergebnisse</a> in den Sprachen des Verfahrens, mit Diagrammen,
        Tabellen und den Daten zum Herunterladen. Die Zahlen werden bei der Freigabe berechnet, mit derselben Regel für kleine Zahlen wie in der{' '}
        <a href={`/auswertung/p/${slug}`}>Auswertung</a>, und danach nie wieder: spätere Antworten ändern eine Freigabe nicht.
      </p>
      <div aria-live="polite">{message && <p class={`notice ${message.kind}`}>{message.text}</p>}</div>

      <form
        class="snapshot-form"
        onSubmit={(event) => {
          event.preventDefault();
          void showPreview();
        }}
      >
        <h2>Neue Freigabe</h2>
        <div class="field">
          <label for="snapshot-title-de">Titel (Deutsch, Pflicht)</label>
          <input id="snapshot-title-de" required maxLength={200} value={title.de ?? ''} onInput={(e) => setTitle({ ...title, de: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="snapshot-intro-de">Einleitung (Deutsch, Pflicht)</label>
          <textarea id="snapshot-intro-de" required maxLength={2000} rows={3} value={intro.de ?? ''} onInput={(e) => setIntro({ ...intro, de: e.currentTarget.value })} />
        </div>
        {others.length > 0 && (
          <details class="filter-details">
            <summary>Titel und Einleitung in weiteren Sprachen (leer: Deutsch)</summary>
            {others.map((language) => (
              <fieldset key={language} class="snapshot-language" lang={language === 'de-easy' ? 'de' : language} dir={language === 'ar' ? 'rtl' : 'ltr'}>
                <legend lang="de" dir="ltr">
                  {LANGUAGE_NAMES[language]}
                </legend>
                <div class="field">
                  <label for={`snapshot-title-${language}`}>Titel</label>
                  <input id={`snapshot-title-${language}`} maxLength={200} value={title[language] ?? ''} onInput={(e) => setTitle({ ...title, [language]: e.currentTarget.value })} />
                </div>
                <div class="field">
                  <label for={`snapshot-intro-${language}`}>Einleitung</label>
                  <textarea id={`snapshot-intro-${language}`} maxLength={2000} rows={2} value={intro[language] ?? ''} onInput={(e) => setIntro({ ...intro, [language]: e.currentTarget.value })} />
                </div>
              </fieldset>
            ))}
          </details>
        )}
        <fieldset class="snapshot-questions">
          <legend>Fragen (in der Reihenfolge des Fragebogens)</legend>
          {questions.loading && <Loading label="Fragen werden geladen …" />}
          {questions.error ? <ErrorNotice error={questions.error} /> : null}
          {questions.data?.questions.map((question) => (
            <label class="check" key={question.key}>
              <input type="checkbox" checked={chosen.includes(question.key)} onChange={(e) => toggle(question.key, e.currentTarget.checked)} />
              <span>
                {question.title} <span class="hint">({question.answered.suppressed ? 'wenige' : question.answered.count} Antworten)</span>
              </span>
            </label>
          ))}
          <label class="check">
            <input type="checkbox" checked={dotVotes} onChange={(e) => setDotVotes(e.currentTarget.checked)} />
            <span>Klebepunkte der Markttage nach Handlungsfeld und Stadtteil</span>
          </label>
        </fieldset>
        <div class="actions">
          <button type="submit" class="button secondary" disabled={busy || !ready}>
            Vorschau
          </button>
          <button
            type="button"
            class="button"
            disabled={busy || !ready || !preview}
            onClick={() =>
              setConfirm({
                title: 'Ergebnisse freigeben?',
                body: `„${title.de}“ wird mit den Zahlen von heute öffentlich. Eine Freigabe lässt sich zurückziehen, aber nicht ändern.`,
                confirmLabel: 'Freigeben',
                onConfirm: release,
              })
            }
          >
            Freigeben
          </button>
        </div>
        {!preview && <p class="hint">Freigeben geht nach der Vorschau: Sie sehen zuerst, was veröffentlicht würde.</p>}
      </form>

      {preview && (
        <section class="snapshot-preview" aria-labelledby="preview-title">
          <h2 id="preview-title">Vorschau (noch nicht veröffentlicht)</h2>
          <p class="hint">
            {preview.respondents.suppressed ? 'Weniger als die Schwelle an' : preview.respondents.count} Fragebögen; Lizenz: {preview.licence.name}.
          </p>
          {preview.questions.map((question) => (
            <QuestionFigure key={question.key} result={question} context={{ threshold: preview.threshold, fieldLabel: (key) => fieldLabel.get(key) ?? key }} />
          ))}
          {preview.dotVotes && preview.dotVotes.byStadtteil.fields.length > 0 && <DotVotesByField result={preview.dotVotes} />}
        </section>
      )}

      <section aria-labelledby="licence-title">
        <h2 id="licence-title">Lizenz der offenen Daten</h2>
        <div class="field">
          <label for="data-licence">Künftige Freigaben stehen unter</label>
          <select id="data-licence" value={released.data.licence.licence} onChange={(e) => void saveLicence(e.currentTarget.value as DataLicence)}>
            {(Object.keys(DATA_LICENCES) as DataLicence[]).map((licence) => (
              <option key={licence} value={licence}>
                {DATA_LICENCES[licence].name}
              </option>
            ))}
          </select>
          <span class="hint">Bereits freigegebene Ergebnisse behalten ihre Lizenz.</span>
        </div>
      </section>

      <section aria-labelledby="released-title">
        <h2 id="released-title">Freigegeben</h2>
        {released.data.snapshots.length === 0 && <p>Noch nichts freigegeben.</p>}
        {released.data.snapshots.map((snapshot) => (
          <article class="card" key={snapshot.id} aria-labelledby={`snap-${snapshot.id}`}>
            <h3 id={`snap-${snapshot.id}`}>{snapshot.title.de}</h3>
            <p class="hint">
              Freigegeben am {germanDate(snapshot.releasedOn)}
              {snapshot.releasedBy ? ` von ${snapshot.releasedBy}` : ''} · {snapshot.questions} Fragen{snapshot.dotVotes ? ' und Klebepunkte' : ''} · SHA-256 {snapshot.sha256.slice(0, 12)}…
            </p>
            {snapshot.withdrawnOn ? (
              <p class="notice warn">
                Zurückgezogen am {germanDate(snapshot.withdrawnOn)}: {snapshot.withdrawnReason}
              </p>
            ) : (
              <Withdraw id={snapshot.id} busy={busy} onWithdraw={withdraw} />
            )}
            <p>
              <a href={`/p/${slug}/ergebnisse/${snapshot.id}`}>Öffentliche Seite</a>
            </p>
          </article>
        ))}
      </section>
      <p>
        <a href={adminPath(slug, 'verfahren')}>Zum Verfahren</a>
      </p>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Layout>
  );
}

/** Withdrawing asks for the reason residents will read on the snapshot's link. */
function Withdraw({ id, busy, onWithdraw }: { id: string; busy: boolean; onWithdraw: (id: string, reason: string) => Promise<void> }) {
  const [reason, setReason] = useState('');
  return (
    <form
      class="withdraw"
      onSubmit={(event) => {
        event.preventDefault();
        void onWithdraw(id, reason);
      }}
    >
      <div class="field">
        <label for={`withdraw-${id}`}>Grund für das Zurückziehen (öffentlich sichtbar)</label>
        <input id={`withdraw-${id}`} required minLength={3} maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <button type="submit" class="button secondary" disabled={busy || reason.trim().length < 3}>
        Zurückziehen
      </button>
    </form>
  );
}
