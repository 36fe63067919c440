import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { me } from '../session.ts';
import { ErrorNotice, Layout, Loading } from './Layout.tsx';
import { useApi } from './useApi.ts';
import { t, tn } from './messages.ts';
import { staffText } from './labels.ts';

/**
 * The staff areas take their process from the address: `/admin/p/:slug/<page>` and
 * `/auswertung/p/:slug`. These build those addresses, so no page knows a process by name.
 */
export const ADMIN_PAGES = () => ({ moderation: t('processPicker.moderation'), verfahren: t('processPicker.process'), struktur: t('processPicker.setUp'), umfrage: t('processPicker.questionnaire'), einwohner: t('processPicker.population'), markttage: t('processPicker.marketDays'), ergebnisse: t('processPicker.results') } as const);
export type AdminPage = keyof ReturnType<typeof ADMIN_PAGES>;
export const adminPath = (slug: string, page: AdminPage) => `/admin/p/${encodeURIComponent(slug)}/${page}`;
export const resultsPath = (slug: string) => `/auswertung/p/${encodeURIComponent(slug)}`;
export const participationPath = (slug: string) => `${resultsPath(slug)}/beteiligung`;

/**
 * The processes the signed-in account works on, as `/api/processes` lists them (oldest first, archived
 * ones last): a working group's own (`processes` of its account), everyone else's all.
 */
export function useProcesses() {
  const processes = useApi('GET /api/processes');
  const user = me.value;
  if (user?.role !== 'working_group' || !processes.data) return processes;
  const own = new Set(user.processes ?? []);
  return { ...processes, data: processes.data.filter((process) => own.has(process.slug)) };
}

/**
 * An address from before the areas took the process from the URL (`/admin/moderation`,
 * `/auswertung`): sends it on to the same page of the first public process (the default one while
 * it is public), else of the first listed, so bookmarks keep working. Drafts are not listed there:
 * where there is no other process, an admin is led to the drafts (`draftTo`, the same page by
 * default) instead of being told there is no process at all.
 */
export function ToDefaultProcess({ title, to, draftTo = to }: { title: string; to: (slug: string) => string; draftTo?: (slug: string) => string }) {
  const { route } = useLocation();
  const processes = useProcesses();
  // The first public process: an archived one (the seeded default, in the next city) is not where a bookmark wants to go.
  const first = (processes.data?.find((process) => process.status === 'public') ?? processes.data?.[0])?.slug;
  const none = processes.data?.length === 0;
  const admin = me.value?.role === 'admin';
  const drafts = useApi('GET /api/admin/processes', none && admin ? {} : null);
  useEffect(() => {
    if (first) route(to(first), true);
  }, [first]);
  const draftList = drafts.data?.filter((process) => process.status === 'draft') ?? [];
  return (
    <Layout title={title}>
      {processes.error || drafts.error ? (
        <ErrorNotice error={processes.error || drafts.error} />
      ) : !none || me.value === undefined || (admin && !drafts.data) ? (
        // Until the account is known, and for an admin its drafts: else the page said „Es gibt noch kein Verfahren.“ and then changed under the reader.
        <Loading />
      ) : draftList.length > 0 ? (
        <>
          <h1>{title}</h1>
          <p>{t('processPicker.noPublishedProcess')}</p>
          <p>{tn('processPicker.continueDraft', draftList.length)}</p>
          <ul>
            {draftList.map((process) => (
              <li key={process.slug}>
                <a class="standalone" href={draftTo(process.slug)}>
                  {staffText(process.structure.title)}
                </a>{' '}
                <span class="status-badge">{t('processPicker.draft')}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <h1>{title}</h1>
          <p>{me.value?.role === 'working_group' ? t('processPicker.noProcessForYou') : t('processPicker.thereIsNoProcess')}</p>
          {/* A new city's admin, on a bookmark or a link from the start log, is one step from the first process. */}
          {admin && (
            <p>
              <a class="button" href="/admin/verfahren/neu">
                {t('processPicker.createFirstProcess')}
              </a>
            </p>
          )}
        </>
      )}
    </Layout>
  );
}

/**
 * Links to the same page of every process the account works on, the current one marked; nothing
 * while that is only the current one.
 */
export function ProcessPicker({ current, to }: { current: string; to: (slug: string) => string }) {
  const processes = useProcesses();
  const list = processes.data ?? [];
  if (list.length === 0 || (list.length === 1 && list[0]!.slug === current)) return null;
  return (
    <nav class="process-picker" aria-label={t('processPicker.chooseProcess')}>
      <ul>
        {list.map((process) => (
          <li key={process.slug}>
            <a href={to(process.slug)} aria-current={process.slug === current ? 'page' : undefined}>
              {staffText(process.title)}
              {process.status === 'archived' && <span class="status-badge">{t('processPicker.archived')}</span>}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
