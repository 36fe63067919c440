import { useRef, useState } from 'preact/hooks';
import type { SnapshotDocument, SnapshotRelease } from '../../shared/api/snapshots.ts';
import { LANGUAGE_NAMES, type Language } from '../../shared/languages.ts';
import { DATA_LICENCES, type DataLicence } from '../../shared/results/licences.ts';
import { ApiError, call } from '../api.ts';
import { QuestionFigure } from '../charts/QuestionFigure.tsx';
import { DotVotesByField } from '../charts/DotVotesByField.tsx';
import { STAFF_RESULT_WORDS } from '../charts/staff-words.ts';
import { ResultWordsContext } from '../charts/words.ts';
import { ConfirmDialog, type ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { germanDate } from '../ui/format.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { adminPath, ProcessPicker } from '../ui/ProcessPicker.tsx';
import { flattenFields, staffText } from '../ui/labels.ts';
import { useApi } from '../ui/useApi.ts';
import { staffLocale } from '../i18n/staff.ts';
import { t, tn } from './messages.ts';
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
  const messageRef = useRef<HTMLParagraphElement>(null);
  /** After a release or a withdrawal its button is gone or disabled: the keyboard goes on from what was said. */
  const focusMessage = () => requestAnimationFrame(() => messageRef.current?.focus());

  // Only the first load shows „Laden“: a reload after a release keeps the page, and the keyboard's place on it.
  if ((process.loading && !process.data) || (released.loading && !released.data))
    return (
      <Layout title={t('snapshotAdmin.title')}>
        <Loading />
      </Layout>
    );
  if (!process.data || !released.data)
    return (
      <Layout title={t('snapshotAdmin.title')}>
        <ErrorNotice error={process.error ?? released.error} />
      </Layout>
    );
  const others = process.data.languages.filter((language) => language !== 'de');
  const fieldLabel = new Map(flattenFields(process.data.fieldsOfAction).map((field) => [field.key, field.label]));

  const body = (): SnapshotRelease => ({ id: releaseId, title: filled(title), intro: filled(intro), selection: { questions: chosen, dotVotes } });
  /** What the preview still lacks, in words: a keyboard or screen reader user meets the reason at the „Vorschau“ button. */
  const lacking = [
    (title.de ?? '').trim() === '' ? t('snapshotAdmin.needsTitle') : '',
    (intro.de ?? '').trim() === '' ? t('snapshotAdmin.needsIntro') : '',
    chosen.length === 0 && !dotVotes ? t('snapshotAdmin.needsSelection') : '',
  ].filter(Boolean);
  const ready = lacking.length === 0;

  const run = async (step: () => Promise<void>) => {
    if (busy) return;
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
      setMessage({ kind: 'ok', text: t('snapshotAdmin.released', { title: title.de ?? '' }) });
      setReleaseId(crypto.randomUUID());
      setPreview(null);
      released.reload();
      focusMessage();
    });
  const withdraw = (id: string, reason: string) =>
    run(async () => {
      await call('POST /api/admin/processes/:slug/snapshots/:id/withdraw', { params: { slug, id }, body: { reason } });
      setMessage({ kind: 'ok', text: t('snapshotAdmin.withdrawn') });
      released.reload();
      focusMessage();
    });
  const saveLicence = (licence: DataLicence) =>
    run(async () => {
      await call('PUT /api/admin/processes/:slug/data-licence', { params: { slug }, body: { licence } });
      setMessage({ kind: 'ok', text: t('snapshotAdmin.licenceSaved', { licence: DATA_LICENCES[licence].name }) });
      released.reload();
    });
  const toggle = (key: string, on: boolean) => setChosen((list) => (on ? [...list, key] : list.filter((other) => other !== key)));

  return (
    <Layout title={t('snapshotAdmin.title')} process={process.data.title}>
      <h1>{t('snapshotAdmin.heading', { title: staffText(process.data.title) })}</h1>
      <ProcessPicker current={slug} to={(other) => adminPath(other, 'ergebnisse')} />
      <p>
        {t('snapshotAdmin.introPublicPage')} <a href={`/p/${slug}/ergebnisse`}>{`/p/${slug}/ergebnisse`}</a> {t('snapshotAdmin.introLanguages')}{' '}
        <a href={`/auswertung/p/${slug}`}>{t('snapshotAdmin.introResultsLink')}</a>
        {t('snapshotAdmin.introFrozen')}
      </p>
      <div aria-live="polite">
        {message && (
          <p class={`notice ${message.kind}`} tabIndex={-1} ref={messageRef}>
            {message.text}
          </p>
        )}
      </div>

      <form
        class="snapshot-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) void showPreview();
        }}
      >
        <h2>{t('snapshotAdmin.newRelease')}</h2>
        <div class="field">
          <label for="snapshot-title-de">{t('snapshotAdmin.titleGerman')}</label>
          <input type="text" id="snapshot-title-de" required maxLength={200} value={title.de ?? ''} onInput={(e) => setTitle({ ...title, de: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="snapshot-intro-de">{t('snapshotAdmin.introGerman')}</label>
          <textarea id="snapshot-intro-de" required maxLength={2000} rows={3} value={intro.de ?? ''} onInput={(e) => setIntro({ ...intro, de: e.currentTarget.value })} />
        </div>
        {others.length > 0 && (
          <details class="filter-details">
            <summary>{t('snapshotAdmin.otherLanguages')}</summary>
            {others.map((language) => (
              <fieldset key={language} class="snapshot-language" lang={language === 'de-easy' ? 'de' : language} dir={language === 'ar' ? 'rtl' : 'ltr'}>
                <legend dir="ltr">
                  {LANGUAGE_NAMES[language]}
                </legend>
                <div class="field">
                  <label for={`snapshot-title-${language}`}>{t('snapshotAdmin.titleLabel')}</label>
                  <input type="text" id={`snapshot-title-${language}`} maxLength={200} value={title[language] ?? ''} onInput={(e) => setTitle({ ...title, [language]: e.currentTarget.value })} />
                </div>
                <div class="field">
                  <label for={`snapshot-intro-${language}`}>{t('snapshotAdmin.introLabel')}</label>
                  <textarea id={`snapshot-intro-${language}`} maxLength={2000} rows={2} value={intro[language] ?? ''} onInput={(e) => setIntro({ ...intro, [language]: e.currentTarget.value })} />
                </div>
              </fieldset>
            ))}
          </details>
        )}
        <fieldset class="snapshot-questions">
          <legend>{t('snapshotAdmin.questions')}</legend>
          {questions.loading && <Loading label={t('snapshotAdmin.loadingQuestions')} />}
          {questions.error ? <ErrorNotice error={questions.error} /> : null}
          {questions.data?.questions.map((question) => (
            <label class="check" key={question.key}>
              <input type="checkbox" checked={chosen.includes(question.key)} onChange={(e) => toggle(question.key, e.currentTarget.checked)} />
              <span>
                {question.title} <span class="hint">{question.answered.suppressed ? t('snapshotAdmin.fewAnswers') : tn('snapshotAdmin.answers', question.answered.count)}</span>
              </span>
            </label>
          ))}
          <label class="check">
            <input type="checkbox" checked={dotVotes} onChange={(e) => setDotVotes(e.currentTarget.checked)} />
            <span>{t('snapshotAdmin.dotVotes')}</span>
          </label>
        </fieldset>
        <div class="actions">
          {/* Never `disabled`: a disabled button loses the focus while the preview loads, and the keyboard would skip it and the reason it waits. */}
          <button type="submit" class="button secondary" aria-disabled={busy || !ready || undefined} aria-describedby={ready ? undefined : 'snapshot-lacking'}>
            {t('snapshotAdmin.preview')}
          </button>
          <button
            type="button"
            class="button"
            disabled={busy || !ready || !preview}
            onClick={() =>
              setConfirm({
                title: t('snapshotAdmin.releaseQuestion'),
                body: t('snapshotAdmin.releaseBody', { title: title.de ?? '' }),
                confirmLabel: t('snapshotAdmin.release'),
                onConfirm: release,
              })
            }
          >
            {t('snapshotAdmin.release')}
          </button>
        </div>
        {!ready ? (
          <p class="hint" id="snapshot-lacking">
            {t('snapshotAdmin.previewNeeds', { lacking: new Intl.ListFormat(staffLocale(), { type: 'conjunction' }).format(lacking) })}
          </p>
        ) : (
          !preview && <p class="hint">{t('snapshotAdmin.previewFirst')}</p>
        )}
      </form>

      {preview && (
        <section class="snapshot-preview" aria-labelledby="preview-title">
          <h2 id="preview-title">{t('snapshotAdmin.previewTitle')}</h2>
          <p class="hint">
            {preview.respondents.suppressed
              ? t('snapshotAdmin.respondentsFew', { licence: preview.licence.name })
              : tn('snapshotAdmin.respondents', preview.respondents.count, { licence: preview.licence.name })}
          </p>
          <ResultWordsContext.Provider value={STAFF_RESULT_WORDS}>
            {preview.questions.map((question) => (
              <QuestionFigure key={question.key} result={question} context={{ threshold: preview.threshold, fieldLabel: (key) => fieldLabel.get(key) ?? key }} />
            ))}
            {preview.dotVotes && preview.dotVotes.byStadtteil.fields.length > 0 && <DotVotesByField result={preview.dotVotes} />}
          </ResultWordsContext.Provider>
        </section>
      )}

      <section aria-labelledby="licence-title">
        <h2 id="licence-title">{t('snapshotAdmin.licenceTitle')}</h2>
        <div class="field">
          <label for="data-licence">{t('snapshotAdmin.futureReleasesUnder')}</label>
          <select id="data-licence" value={released.data.licence.licence} onChange={(e) => void saveLicence(e.currentTarget.value as DataLicence)}>
            {(Object.keys(DATA_LICENCES) as DataLicence[]).map((licence) => (
              <option key={licence} value={licence}>
                {DATA_LICENCES[licence].name}
              </option>
            ))}
          </select>
          <span class="hint">{t('snapshotAdmin.keepLicence')}</span>
        </div>
      </section>

      <section aria-labelledby="released-title">
        <h2 id="released-title">{t('snapshotAdmin.releasedTitle')}</h2>
        {released.data.snapshots.length === 0 && <p>{t('snapshotAdmin.nothingReleased')}</p>}
        {released.data.snapshots.map((snapshot) => (
          <article class="card" key={snapshot.id} aria-labelledby={`snap-${snapshot.id}`}>
            <h3 id={`snap-${snapshot.id}`}>{staffText(snapshot.title)}</h3>
            <p class="hint">
              {snapshot.releasedBy
                ? t('snapshotAdmin.releasedOnBy', { date: germanDate(snapshot.releasedOn), by: snapshot.releasedBy })
                : t('snapshotAdmin.releasedOn', { date: germanDate(snapshot.releasedOn) })}{' '}
              · {snapshot.dotVotes ? tn('snapshotAdmin.questionsAndDots', snapshot.questions) : tn('snapshotAdmin.questionCount', snapshot.questions)} · {t('snapshotAdmin.checksum', { hash: snapshot.sha256.slice(0, 12) })}
            </p>
            {snapshot.withdrawnOn ? (
              <p class="notice warn">
                {t('snapshotAdmin.withdrawnOn', { date: germanDate(snapshot.withdrawnOn), reason: snapshot.withdrawnReason ?? '' })}
              </p>
            ) : (
              <Withdraw
                id={snapshot.id}
                busy={busy}
                onWithdraw={(id, reason) =>
                  // Residents read the reason on the link for good, and nothing brings the release back: asked first, as releasing is (Enter in the reason's field sends it).
                  setConfirm({
                    title: t('snapshotAdmin.withdrawQuestion'),
                    body: t('snapshotAdmin.withdrawBody', { title: staffText(snapshot.title), reason: reason.trim() }),
                    confirmLabel: t('snapshotAdmin.withdraw'),
                    onConfirm: () => withdraw(id, reason),
                  })
                }
              />
            )}
            <p>
              <a class="standalone" href={`/p/${slug}/ergebnisse/${snapshot.id}`}>{t('snapshotAdmin.publicPage')}</a>
            </p>
          </article>
        ))}
      </section>
      <p>
        <a class="standalone" href={adminPath(slug, 'verfahren')}>{t('snapshotAdmin.toProcess')}</a>
      </p>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Layout>
  );
}

/** Withdrawing asks for the reason residents will read on the snapshot's link. */
function Withdraw({ id, busy, onWithdraw }: { id: string; busy: boolean; onWithdraw: (id: string, reason: string) => void }) {
  const [reason, setReason] = useState('');
  const short = reason.trim().length < 3;
  return (
    <form
      class="withdraw"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (short) document.getElementById(`withdraw-${id}`)?.focus();
        else onWithdraw(id, reason);
      }}
    >
      <div class="field">
        <label for={`withdraw-${id}`}>{t('snapshotAdmin.withdrawReason')}</label>
        <input type="text" id={`withdraw-${id}`} required minLength={3} maxLength={200} aria-describedby={`withdraw-${id}-hint`} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        <span class="hint" id={`withdraw-${id}-hint`}>
          {t('snapshotAdmin.withdrawReasonHint')}
        </span>
      </div>
      {/* Reachable while the reason is short, saying what it waits for; a disabled button is skipped by the keyboard. */}
      <button type="submit" class="button secondary" disabled={busy} aria-disabled={short || undefined} aria-describedby={short ? `withdraw-${id}-hint` : undefined}>
        {t('snapshotAdmin.withdraw')}
      </button>
    </form>
  );
}
