import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuditEntry, AuditPage as AuditPageData } from '../../shared/api/lifecycle.ts';
import { localize } from '../../shared/languages.ts';
import { call } from '../api.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import './accounts.css';
import { t, tn } from './messages.ts';
import { staffLocale } from '../i18n/staff.ts';
import { actionNames, auditDetails, auditSentence, entityNames, named, type AuditLookup } from './audit-words.ts';
import { useApi } from '../ui/useApi.ts';
import { staffText } from '../ui/labels.ts';

const FILTERS = ['username', 'process', 'action', 'entity', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
const dateTime = () => (new Intl.DateTimeFormat(staffLocale(), { dateStyle: 'medium', timeStyle: 'medium' }));

/**
 * The process whose questionnaire names the questions an entry's details list by key: released
 * results that are gone (a release still there names them as it froze them, `subject.questions`).
 */
function processWithQuestions(entry: AuditEntry): string[] {
  const stored = (entry.details ?? {}) as { process?: unknown; questions?: unknown };
  if (entry.subject?.questions) return [];
  return typeof stored.process === 'string' && Array.isArray(stored.questions) && stored.questions.length ? [stored.process] : [];
}

/** The filters as the page's own address shows them. */
function queryOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of FILTERS) if (filters[key]) params.set(key, filters[key]!);
  return params.toString();
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
  // Details store fields of action by key, processes by slug and accounts by id: named as the accounts page names them.
  const fieldOptions = useApi('GET /api/admin/fields-of-action');
  const processes = useApi('GET /api/admin/processes');
  // The picker's processes: those there are, then the deleted ones (their entries stay in the log) by the title their
  // deletion kept, marked as what they are; any other address in the page's own address likewise, not shown as „alle“.
  const processOptions = ((): ReadonlyArray<readonly [string, string]> => {
    const living = processes.data;
    if (!living) return filters.process ? [[filters.process, filters.process]] : [];
    const known = new Set(living.map((process) => process.slug));
    const gone = (page?.deletedProcesses ?? []).filter((process) => !known.has(process.slug));
    const listed = new Set([...known, ...gone.map((process) => process.slug)]);
    return [
      ...living.map((process) => [process.slug, staffText(process.structure.title)] as const),
      ...gone.map((process) => [process.slug, `${process.title ?? process.slug} ${t('auditSentence.deletedUnnamed')}`] as const),
      ...(filters.process && !listed.has(filters.process) ? [[filters.process, `${filters.process} ${t('auditSentence.deletedUnnamed')}`] as const] : []),
    ];
  })();
  const fieldNames = new Map((fieldOptions.data ?? []).map((option) => [option.key, option.label]));
  const processNames = new Map((processes.data ?? []).map((process) => [process.slug, staffText(process.structure.title)]));
  const users = useApi('GET /api/admin/users');
  const userNames = new Map((users.data ?? []).map((user) => [user.id, user.username]));
  // A Stadtteil by its key in any process (the first one naming it: processes rarely share a key with another name).
  const stadtteilNames = new Map((processes.data ?? []).flatMap((process) => process.structure.districts.flatMap((district) => district.stadtteile.map((stadtteil) => [stadtteil.key, stadtteil.name] as const))).reverse());
  // Released results that are gone list questions by key: named by their German texts, from the questionnaire of each process they concern.
  const [questionTexts, setQuestionTexts] = useState<ReadonlyMap<string, ReadonlyMap<string, string>>>(new Map());
  const askedSurveys = useRef(new Set<string>());
  const surveysNeeded = [...new Set(entries.flatMap(processWithQuestions))].filter((slug) => !askedSurveys.current.has(slug));
  useEffect(() => {
    for (const slug of surveysNeeded) {
      askedSurveys.current.add(slug);
      call('GET /api/processes/:slug/survey', { params: { slug }, query: {} }).then(
        (survey) => {
          const texts = new Map(survey.sections.flatMap((section) => section.questions.map((question) => [question.key, localize(question.title, 'de')] as const)));
          setQuestionTexts((previous) => new Map(previous).set(slug, texts));
        },
        // No questionnaire to read (none published, or it is gone): the keys stay as stored.
        () => undefined,
      );
    }
  }, [surveysNeeded.join(' ')]);
  // A statistical district by its key in any process, as Stadtteile (an export's filter).
  const districtNames = new Map((processes.data ?? []).flatMap((process) => process.structure.districts.map((district) => [district.key, district.name] as const)).reverse());
  const lookup: AuditLookup = {
    field: (key) => fieldNames.get(key),
    process: (slug) => processNames.get(slug),
    stadtteil: (key) => stadtteilNames.get(key),
    district: (key) => districtNames.get(key),
    user: (id) => userNames.get(id),
    question: (slug, key) => questionTexts.get(slug)?.get(key),
  };
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
          <label for="audit-process">{t('auditPage.process')}</label>
          <select id="audit-process" aria-describedby={filters.process ? 'audit-process-hint' : undefined} {...field('process')}>
            <option value="">{t('auditPage.all')}</option>
            {processOptions.map(([slug, title]) => (
              <option key={slug} value={slug}>
                {title}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-action">{t('auditPage.what')}</label>
          <select id="audit-action" {...field('action')}>
            <option value="">{t('auditPage.all')}</option>
            {(page?.actions ?? (filters.action ? [filters.action] : [])).map((action) => (
              <option key={action} value={action}>
                {named(actionNames(), action)}
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
                {named(entityNames(), entity)}
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
      {filters.process ? (
        <p id="audit-process-hint" class="hint">
          {t('auditPage.processFilterHint')}
        </p>
      ) : null}
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
                <th scope="col">{t('auditPage.timeAndAccount')}</th>
                <th scope="col">{t('auditPage.what')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} ref={entry.id === focusFrom ? firstNew : undefined} tabIndex={entry.id === focusFrom ? -1 : undefined}>
                  <td class="audit-when">
                    <time dateTime={entry.at}>{dateTime().format(new Date(entry.at))}</time>
                    <span class="audit-who">{entry.username ?? <span class="hint">{t('auditPage.system')}</span>}</span>
                  </td>
                  <td>
                    <div class="audit-entry">
                      <AuditSentence entry={entry} />
                      <AuditDetails entry={entry} lookup={lookup} />
                    </div>
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

/** What happened, in a sentence naming what it concerned; below it the process it belongs to, or that the thing is gone. */
function AuditSentence({ entry }: { entry: AuditEntry }) {
  const subject = entry.subject;
  return (
    <div class="audit-sentence">
      <bdi dir="auto">{auditSentence(entry)}</bdi>
      {subject?.process ? (
        <span class="audit-context">
          <bdi dir="auto">{t('auditPage.inProcess', { name: t('auditSentence.quoted', { name: subject.process }) })}</bdi>
        </span>
      ) : null}
      {subject?.deleted && !entry.action.endsWith('_deleted') ? <span class="audit-context">{t('auditPage.deleted')}</span> : null}
    </div>
  );
}

/** The details as a list of „field: value“ and „field: before → after“; the arrow is read out as words. */
function AuditDetails({ entry, lookup }: { entry: AuditEntry; lookup: AuditLookup }) {
  const lines = auditDetails(entry, lookup);
  if (lines.length === 0) return null;
  return (
    <ul class="audit-details" aria-label={t('auditPage.details')}>
      {lines.map((line, index) => (
        <li key={index}>
          <span class="audit-detail-label">{line.label}:</span>{' '}
          {'value' in line ? (
            <bdi dir="auto">{line.value}</bdi>
          ) : (
            <>
              <bdi dir="auto">{line.before}</bdi> <span aria-hidden="true">→</span>
              <span class="visually-hidden"> {t('auditPage.becomes')} </span> <bdi dir="auto">{line.after}</bdi>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
