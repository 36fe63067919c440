import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuditEntry, AuditPage as AuditPageData } from '../../shared/api/lifecycle.ts';
import { call } from '../api.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import './accounts.css';
import { t, tn } from './messages.ts';
import { staffLocale } from '../i18n/staff.ts';

/** German names of what the log records; an action not named here shows its code. */
const ACTIONS = (): Record<string, string> => ({
  login: t('auditPage.signIn'),
  login_failed: t('auditPage.signInFailed'),
  logout: t('auditPage.signOut'),
  session_revoked: t('auditPage.deviceSignedOut'),
  user_created: t('auditPage.accountCreated'),
  user_updated: t('auditPage.accountChanged'),
  user_disabled: t('auditPage.accountLocked'),
  user_enabled: t('auditPage.accountUnlocked'),
  password_reset: t('auditPage.passwordReset'),
  process_updated: t('auditPage.processChanged'),
  originals_purged: t('auditPage.originalTextsDeleted'),
  contribution_edited: t('auditPage.contributionEdited'),
  contribution_reviewed: t('auditPage.contributionReviewed'),
  contribution_hidden: t('auditPage.contributionHidden'),
  contribution_shown: t('auditPage.contributionVisibleAgain'),
  contribution_names_masked: t('auditPage.namesInContributionRedacted'),
  contribution_field_added: t('auditPage.fieldOfActionAdded'),
  stall_sync: t('auditPage.tabletSync'),
  export: t('auditPage.export'),
  process_created: t('auditPage.processCreated'),
  process_structure_updated: t('auditPage.processStructureChanged'),
  process_status_changed: t('auditPage.processVisibilityChanged'),
  survey_draft_saved: t('auditPage.surveyDraftSaved'),
  survey_published: t('auditPage.surveyPublished'),
  survey_version_replaced: t('auditPage.surveyVersionReplaced'),
  snapshot_released: t('auditPage.resultsReleased'),
  snapshot_withdrawn: t('auditPage.resultsWithdrawn'),
  data_licence_set: t('auditPage.dataLicenceSet'),
  population_imported: t('auditPage.populationImported'),
  contribution_outcome: t('auditPage.contributionOutcomeSet'),
  contribution_translated: t('auditPage.contributionTranslated'),
});
const ENTITIES = (): Record<string, string> => ({ user: t('auditPage.account'), session: t('auditPage.device'), process: t('auditPage.process'), contribution: t('auditPage.contribution'), stall: t('auditPage.marketStall'), export: t('auditPage.export'), survey: t('auditPage.survey'), survey_draft: t('auditPage.surveyDraft'), result_snapshot: t('auditPage.releasedResults') });
const FILTERS = ['username', 'action', 'entity', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
const dateTime = () => (new Intl.DateTimeFormat(staffLocale(), { dateStyle: 'medium', timeStyle: 'medium' }));

const label = (names: Record<string, string>, code: string) => names[code] ?? code;

/** The filters as the page's own address shows them. */
function queryOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of FILTERS) if (filters[key]) params.set(key, filters[key]!);
  return params.toString();
}

/** Details as short "key: value" pairs, the way an admin reads them; nested values as compact JSON. */
function describe(details: unknown): string {
  if (details === null || details === undefined) return '';
  if (typeof details !== 'object') return String(details);
  return Object.entries(details as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`)
    .join('; ');
}

/** The audit log: who did what when, filtered (the filters live in the address, so a view can be shared) and paged backwards. */
export function AuditPage() {
  const location = useLocation();
  const filters: Filters = Object.fromEntries(FILTERS.filter((key) => location.query[key]).map((key) => [key, location.query[key]]));
  const key = queryOf(filters);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [page, setPage] = useState<AuditPageData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const firstNew = useRef<HTMLTableRowElement>(null);
  const [focusFrom, setFocusFrom] = useState<number | null>(null);
  const [draft, setDraft] = useState<Filters>(filters);
  const field = (name: keyof Filters) => ({
    name,
    value: draft[name] ?? '',
    onInput: (event: Event) => setDraft((previous) => ({ ...previous, [name]: (event.currentTarget as HTMLInputElement | HTMLSelectElement).value })),
  });

  async function load(before?: number) {
    setLoading(true);
    setError(null);
    try {
      const next = await call('GET /api/admin/audit', { query: { ...filters, before } });
      setPage(next);
      setEntries((previous) => (before ? [...previous, ...next.entries] : next.entries));
      if (before) setFocusFrom(next.entries[0]?.id ?? null);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    setDraft(filters);
    void load();
  }, [key]);
  useEffect(() => {
    if (focusFrom !== null) firstNew.current?.focus();
  }, [focusFrom]);

  function apply(event: Event) {
    event.preventDefault();
    const next: Filters = {};
    for (const name of FILTERS) {
      const value = (draft[name] ?? '').trim();
      if (value) next[name] = value;
    }
    const query = queryOf(next);
    location.route(`/admin/protokoll${query ? `?${query}` : ''}`);
  }

  return (
    <Layout title={t('auditPage.auditLog')}>
      <h1>{t('auditPage.auditLog')}</h1>
      <p class="hint">{t('auditPage.everyChangeToAccounts')}</p>
      <form class="audit-filters" onSubmit={apply} aria-label={t('auditPage.filterAuditLog')}>
        <div class="field">
          <label for="audit-username">{t('auditPage.account')}</label>
          <input id="audit-username" type="text" autoComplete="off" autoCapitalize="none" {...field('username')} />
        </div>
        <div class="field">
          <label for="audit-action">{t('auditPage.what')}</label>
          <select id="audit-action" {...field('action')}>
            <option value="">{t('auditPage.all')}</option>
            {(page?.actions ?? (filters.action ? [filters.action] : [])).map((action) => (
              <option key={action} value={action}>
                {label(ACTIONS(), action)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-entity">{t('auditPage.onWhat')}</label>
          <select id="audit-entity" {...field('entity')}>
            <option value="">{t('auditPage.everything')}</option>
            {(page?.entities ?? (filters.entity ? [filters.entity] : [])).map((entity) => (
              <option key={entity} value={entity}>
                {label(ENTITIES(), entity)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-from">{t('auditPage.from')}</label>
          <input id="audit-from" type="date" {...field('from')} />
        </div>
        <div class="field">
          <label for="audit-to">{t('auditPage.to')}</label>
          <input id="audit-to" type="date" {...field('to')} />
        </div>
        <div class="actions">
          <button type="submit" class="button">
            {t('auditPage.filter')}
          </button>
          {key && (
            <a class="button secondary" href="/admin/protokoll">
              {t('auditPage.allEntries')}
            </a>
          )}
        </div>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      <p aria-live="polite" class="hint">
        {!loading && !error && (entries.length === 0 ? t('auditPage.noEntriesForThese') : page?.nextBefore ? tn('auditPage.entriesOlderFollow', entries.length) : tn('auditPage.entriesShown', entries.length))}
      </p>
      {entries.length > 0 && (
        <ScrollArea labelledBy="audit-caption">
          <table class="audit-table">
            <caption id="audit-caption" class="visually-hidden">
              {t('auditPage.auditLogEntriesNewest')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('auditPage.time')}</th>
                <th scope="col">{t('auditPage.account')}</th>
                <th scope="col">{t('auditPage.what')}</th>
                <th scope="col">{t('auditPage.onWhat')}</th>
                <th scope="col">{t('auditPage.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} ref={entry.id === focusFrom ? firstNew : undefined} tabIndex={entry.id === focusFrom ? -1 : undefined}>
                  <td>
                    <time dateTime={entry.at}>{dateTime().format(new Date(entry.at))}</time>
                  </td>
                  <td>{entry.username ?? <span class="hint">{t('auditPage.system')}</span>}</td>
                  <td>{label(ACTIONS(), entry.action)}</td>
                  <td>
                    {label(ENTITIES(), entry.entity)}
                    {entry.entityId ? (
                      <>
                        {' '}
                        <bdi dir="auto">{entry.entityId}</bdi>
                      </>
                    ) : null}
                  </td>
                  <td class="audit-details">
                    <bdi dir="auto">{describe(entry.details)}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      )}
      {loading && <Loading />}
      {page?.nextBefore && !loading ? (
        <div class="actions">
          <button type="button" class="button secondary" onClick={() => void load(page.nextBefore ?? undefined)}>
            {t('auditPage.loadOlderEntries')}
          </button>
        </div>
      ) : null}
    </Layout>
  );
}
