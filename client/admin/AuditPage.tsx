import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuditEntry, AuditPage as AuditPageData } from '../../shared/api/lifecycle.ts';
import { api } from '../api.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import './accounts.css';

/** German names of what the log records; an action not named here shows its code. */
const ACTIONS: Record<string, string> = {
  login: 'Anmeldung',
  login_failed: 'Anmeldung fehlgeschlagen',
  logout: 'Abmeldung',
  session_revoked: 'Gerät abgemeldet',
  user_created: 'Konto angelegt',
  user_updated: 'Konto geändert',
  user_disabled: 'Konto gesperrt',
  user_enabled: 'Konto entsperrt',
  password_reset: 'Passwort zurückgesetzt',
  process_updated: 'Verfahren geändert',
  originals_purged: 'Originaltexte gelöscht',
  contribution_edited: 'Beitrag bearbeitet',
  contribution_reviewed: 'Beitrag geprüft',
  contribution_hidden: 'Beitrag ausgeblendet',
  contribution_shown: 'Beitrag wieder sichtbar',
  contribution_names_masked: 'Namen im Beitrag geschwärzt',
  contribution_field_added: 'Handlungsfeld ergänzt',
  stall_sync: 'Tablet-Abgleich',
  export: 'Export',
};
const ENTITIES: Record<string, string> = { user: 'Konto', session: 'Gerät', process: 'Verfahren', contribution: 'Beitrag', stall: 'Marktstand', export: 'Export' };
const FILTERS = ['username', 'action', 'entity', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
const dateTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'medium' });

const label = (names: Record<string, string>, code: string) => names[code] ?? code;

function queryOf(filters: Filters, before?: number): string {
  const params = new URLSearchParams();
  for (const key of FILTERS) if (filters[key]) params.set(key, filters[key]!);
  if (before) params.set('before', String(before));
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
      const next = await api<AuditPageData>(`/api/admin/audit?${queryOf(filters, before)}`);
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
    <Layout title="Protokoll">
      <h1>Protokoll</h1>
      <p class="hint">Jede Änderung an Konten, Verfahren und Beiträgen, jede Anmeldung und jeder Export, neueste zuerst. Das Protokoll lässt sich nicht ändern oder löschen.</p>
      <form class="audit-filters" onSubmit={apply} aria-label="Protokoll filtern">
        <div class="field">
          <label for="audit-username">Konto</label>
          <input id="audit-username" type="text" autoComplete="off" autoCapitalize="none" {...field('username')} />
        </div>
        <div class="field">
          <label for="audit-action">Was</label>
          <select id="audit-action" {...field('action')}>
            <option value="">alle</option>
            {(page?.actions ?? (filters.action ? [filters.action] : [])).map((action) => (
              <option key={action} value={action}>
                {label(ACTIONS, action)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-entity">Woran</label>
          <select id="audit-entity" {...field('entity')}>
            <option value="">alles</option>
            {(page?.entities ?? (filters.entity ? [filters.entity] : [])).map((entity) => (
              <option key={entity} value={entity}>
                {label(ENTITIES, entity)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-from">Von</label>
          <input id="audit-from" type="date" {...field('from')} />
        </div>
        <div class="field">
          <label for="audit-to">Bis</label>
          <input id="audit-to" type="date" {...field('to')} />
        </div>
        <div class="actions">
          <button type="submit" class="button">
            Filtern
          </button>
          {key && (
            <a class="button secondary" href="/admin/protokoll">
              Alle Einträge
            </a>
          )}
        </div>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      <p aria-live="polite" class="hint">
        {!loading && !error && (entries.length === 0 ? 'Keine Einträge für diese Filter.' : `${entries.length} ${entries.length === 1 ? 'Eintrag' : 'Einträge'}${page?.nextBefore ? ', ältere folgen' : ''}.`)}
      </p>
      {entries.length > 0 && (
        <ScrollArea labelledBy="audit-caption">
          <table class="audit-table">
            <caption id="audit-caption" class="visually-hidden">
              Protokolleinträge, neueste zuerst
            </caption>
            <thead>
              <tr>
                <th scope="col">Zeit</th>
                <th scope="col">Konto</th>
                <th scope="col">Was</th>
                <th scope="col">Woran</th>
                <th scope="col">Einzelheiten</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} ref={entry.id === focusFrom ? firstNew : undefined} tabIndex={entry.id === focusFrom ? -1 : undefined}>
                  <td>
                    <time dateTime={entry.at}>{dateTime.format(new Date(entry.at))}</time>
                  </td>
                  <td>{entry.username ?? <span class="hint">System</span>}</td>
                  <td>{label(ACTIONS, entry.action)}</td>
                  <td>
                    {label(ENTITIES, entry.entity)}
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
            Ältere Einträge laden
          </button>
        </div>
      ) : null}
    </Layout>
  );
}
