import { useState } from 'preact/hooks';
import { legalSettingsRequestSchema, type LegalSettings, type LegalSettingsRequest } from '../../shared/api/legal.ts';
import { ApiError, call } from '../api.ts';
import { ClashList, ConflictNotice } from '../ui/ConflictNotice.tsx';
import { germanDate } from '../ui/format.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { rebase } from '../ui/rebase.ts';
import { useApi } from '../ui/useApi.ts';
import { t, type MessageKey } from './messages.ts';
import { FormMessage, type FormMessageText } from '../ui/FormMessage.tsx';

/**
 * „Rechtliche Angaben“ (/admin/rechtliches): what the public Impressum, Datenschutz and
 * Barrierefreiheit pages show, entered by an admin in German. A save names the version the form
 * rests on; refused because another admin saved meanwhile (`409 legal_conflict`), the input stays
 * and „Aktuellen Stand laden“ puts this admin's changes over the stored state and names the
 * fields both changed, as the process editors do.
 */

type Draft = Omit<LegalSettingsRequest, 'version'>;
type TextField = Exclude<keyof Draft, 'accessibilityStatementOn'>;

const draftOf = (legal: LegalSettings): Draft => ({
  operatorName: legal.operatorName,
  operatorAddress: legal.operatorAddress,
  representedBy: legal.representedBy,
  email: legal.email,
  phone: legal.phone,
  dataProtectionOfficer: legal.dataProtectionOfficer,
  supervisoryAuthority: legal.supervisoryAuthority,
  staffLegalBasis: legal.staffLegalBasis,
  accessibilityContact: legal.accessibilityContact,
  enforcementBody: legal.enforcementBody,
  accessibilityStatementOn: legal.accessibilityStatementOn,
  knownLimitations: legal.knownLimitations,
});

/** Each field's label on the form and in the conflict notice. */
const LABELS: Record<keyof Draft, MessageKey> = {
  operatorName: 'legalPage.operatorName',
  operatorAddress: 'legalPage.operatorAddress',
  representedBy: 'legalPage.representedBy',
  email: 'legalPage.email',
  phone: 'legalPage.phone',
  dataProtectionOfficer: 'legalPage.dataProtectionOfficer',
  supervisoryAuthority: 'legalPage.supervisoryAuthority',
  staffLegalBasis: 'legalPage.staffLegalBasis',
  accessibilityContact: 'legalPage.accessibilityContact',
  enforcementBody: 'legalPage.enforcementBody',
  accessibilityStatementOn: 'legalPage.accessibilityStatementOn',
  knownLimitations: 'legalPage.knownLimitations',
};

export function LegalSettingsPage() {
  const loaded = useApi('GET /api/legal');
  return (
    <Layout title={t('legalPage.title')}>
      <h1>{t('legalPage.title')}</h1>
      <p>{t('legalPage.intro')}</p>
      {loaded.loading && <Loading />}
      {loaded.error ? <ErrorNotice error={loaded.error} /> : null}
      {loaded.data && <LegalForm initial={loaded.data} />}
    </Layout>
  );
}

type Conflict = { kind: 'refused'; failed: boolean } | { kind: 'loaded'; clashes: string[] };

function LegalForm({ initial }: { initial: LegalSettings }) {
  // What the form rests on: the details as loaded or last saved (their version goes with a save).
  const [base, setBase] = useState(initial);
  const [draft, setDraft] = useState(() => draftOf(initial));
  const [message, setMessage] = useState<FormMessageText | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  /** The e-mail address is no address: the field is marked and described by the message until the next save. */
  const [emailInvalid, setEmailInvalid] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((previous) => ({ ...previous, [key]: value }));

  async function save(event: Event) {
    event.preventDefault();
    setMessage(null);
    setConflict(null);
    // Checked as the server checks it, before sending, in German at the field (not the browser's bubble, which a screen reader may not read).
    const invalid = !legalSettingsRequestSchema.shape.email.safeParse(draft.email).success;
    setEmailInvalid(invalid);
    if (invalid) {
      setMessage({ kind: 'error', text: t('legalPage.emailInvalid') });
      document.getElementById('legal-email')?.focus();
      return;
    }
    try {
      const saved = await call('PUT /api/admin/legal', { body: { ...draft, version: base.version } });
      setBase(saved);
      setDraft(draftOf(saved));
      setMessage({ kind: 'ok', text: t('legalPage.saved') });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code === 'legal_conflict') setConflict({ kind: 'refused', failed: false });
      else setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : String(err) });
    }
  }

  async function loadCurrent() {
    try {
      const current = await call('GET /api/legal');
      const { draft: next, clashes } = rebase(draftOf(base), draft, draftOf(current));
      setBase(current);
      setDraft(next);
      setConflict({
        kind: 'loaded',
        clashes: clashes.map((key) => {
          const stored = current[key];
          const value = key === 'accessibilityStatementOn' && stored ? germanDate(stored) : stored;
          return t('legalPage.storedIs', { field: t(LABELS[key]), value: value || t('legalPage.storedEmpty') });
        }),
      });
    } catch {
      setConflict({ kind: 'refused', failed: true });
    }
  }

  const text = (key: TextField, options: { multiline?: boolean; hint?: MessageKey; required?: boolean; type?: string } = {}) => {
    const id = `legal-${key}`;
    const hint = options.hint ? `${id}-hint` : undefined;
    const invalid = key === 'email' && emailInvalid;
    const common = {
      id,
      value: draft[key],
      'aria-describedby': [hint, invalid ? 'legal-message' : undefined].filter(Boolean).join(' ') || undefined,
      'aria-required': options.required ? ('true' as const) : undefined,
      'aria-invalid': invalid ? ('true' as const) : undefined,
      lang: 'de',
    };
    return (
      <div class="field">
        <label for={id}>{t(LABELS[key])}</label>
        {options.multiline ? (
          <textarea {...common} rows={4} onInput={(e) => set(key, e.currentTarget.value)} />
        ) : (
          <input {...common} type={options.type ?? 'text'} onInput={(e) => set(key, e.currentTarget.value)} />
        )}
        {options.hint && (
          <span id={hint} class="hint">
            {t(options.hint)}
          </span>
        )}
      </div>
    );
  };

  return (
    <>
      <FormMessage id="legal-message" message={message} />
      {conflict?.kind === 'refused' && (
        <ConflictNotice message={t('legalPage.conflict')} action={t('legalPage.reload')} onAction={() => void loadCurrent()}>
          <p>{t('legalPage.inputKept')}</p>
          {conflict.failed && <p>{t('legalPage.loadFailed')}</p>}
        </ConflictNotice>
      )}
      {conflict?.kind === 'loaded' && (
        <ConflictNotice message={t('legalPage.loaded')}>
          <ClashList intro={t('legalPage.bothChanged')} clashes={conflict.clashes} />
        </ConflictNotice>
      )}
      <form onSubmit={save} noValidate>
        <fieldset>
          <legend>{t('legalPage.operatorHeading')}</legend>
          {text('operatorName', { hint: 'legalPage.operatorNameHint', required: true })}
          {text('operatorAddress', { multiline: true, required: true })}
          {text('representedBy', { hint: 'legalPage.representedByHint', required: true })}
          {text('email', { type: 'email', required: true })}
          {text('phone', { type: 'tel' })}
        </fieldset>
        <fieldset>
          <legend>{t('legalPage.privacyHeading')}</legend>
          {text('dataProtectionOfficer', { multiline: true })}
          {text('supervisoryAuthority', { multiline: true })}
          {text('staffLegalBasis', { multiline: true, hint: 'legalPage.staffLegalBasisHint' })}
        </fieldset>
        <fieldset>
          <legend>{t('legalPage.accessibilityHeading')}</legend>
          {text('accessibilityContact', { multiline: true })}
          {text('enforcementBody', { multiline: true })}
          <div class="field">
            <label for="legal-accessibilityStatementOn">{t(LABELS.accessibilityStatementOn)}</label>
            <input
              id="legal-accessibilityStatementOn"
              type="date"
              value={draft.accessibilityStatementOn ?? ''}
              onInput={(e) => set('accessibilityStatementOn', e.currentTarget.value || null)}
            />
          </div>
          {text('knownLimitations', { multiline: true, hint: 'legalPage.knownLimitationsHint' })}
        </fieldset>
        <div class="actions">
          <button type="submit" class="button">
            {t('legalPage.save')}
          </button>
        </div>
      </form>
      <p>
        {t('legalPage.showPages')}{' '}
        <a href="/impressum?lang=de">{t('legalPage.imprint')}</a> · <a href="/datenschutz?lang=de">{t('legalPage.privacy')}</a> ·{' '}
        <a href="/barrierefreiheit?lang=de">{t('legalPage.accessibility')}</a>
      </p>
    </>
  );
}

/** On the admin home: says when the Impressum still lacks a required field, with the way to enter it; nothing otherwise. */
export function ImpressumNotice() {
  const legal = useApi('GET /api/legal');
  if (!legal.data || legal.data.impressumComplete) return null;
  return (
    <p class="notice warn">
      {t('legalPage.impressumMissing')} <a href="/admin/rechtliches">{t('legalPage.enterNow')}</a>
    </p>
  );
}
