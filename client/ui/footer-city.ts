import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { ProcessSummary } from '../../shared/api/processes.ts';
import { call } from '../api.ts';
import { me } from '../session.ts';

/** A listed process with its city's German name: the staff pages name the city in German, whatever their language. */
type Listed = Pick<ProcessSummary, 'slug' | 'status'> & { city: string };

/** Where the list last loaded is kept, so a tablet that starts offline at the stall still names its city. */
const STORED = 'mitreden.footer.processes';

function storedList(): readonly Listed[] | null {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORED) ?? 'null');
    if (!Array.isArray(parsed)) return null;
    return parsed.filter(
      (entry): entry is Listed => typeof entry?.slug === 'string' && typeof entry?.city === 'string' && typeof entry?.status === 'string',
    );
  } catch {
    return null;
  }
}

/** The processes residents can see (no drafts), as last loaded (here or, before, on this device); null until then. */
const listed = signal<readonly Listed[] | null>(storedList());
/** The city of a draft process by its slug: only admins may look a draft up. */
const drafts = signal<Readonly<Record<string, string>>>({});
let loading: Promise<void> | null = null;

/** Loads the list again (each page that shows the footer asks once, so a city changed meanwhile shows); one request at a time. */
function refresh(): void {
  loading ??= call('GET /api/processes')
    .then(
      (list) => {
        listed.value = list.map(({ slug, city, status }) => ({ slug, city: city.de, status }));
        try {
          localStorage.setItem(STORED, JSON.stringify(listed.value));
        } catch {
          // Storage full or switched off: the footer still names the city while the page is open.
        }
      },
      // Offline (the stall) or the server away: the footer keeps what it knew (on this device before), or names no city.
      () => undefined,
    )
    .finally(() => {
      loading = null;
    });
}

/**
 * The city the staff pages' footer names, by the residents' pages' rule: on a page of one process
 * (its address has `:slug`) that process's city; elsewhere the city all processes on the start
 * page share; otherwise none, and the footer names no city.
 */
export function useFooterCity(): string | null {
  const slug = useRoute().params.slug;
  const list = listed.value;
  const listedProcess = slug ? list?.find((process) => process.slug === slug) : undefined;
  const admin = me.value?.role === 'admin';
  useEffect(refresh, []);
  useEffect(() => {
    // A draft is not listed for residents; an admin setting it up still sees its city.
    if (!slug || !list || listedProcess || !admin) return;
    const controller = new AbortController();
    call('GET /api/admin/processes/:slug', { params: { slug }, signal: controller.signal }).then(
      (process) => {
        drafts.value = { ...drafts.value, [slug]: process.structure.city.de };
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [slug, list, listedProcess, admin]);
  if (slug) return listedProcess?.city ?? drafts.value[slug] ?? null;
  const cities = new Set(list?.filter((process) => process.status === 'public').map((process) => process.city));
  return cities.size === 1 ? [...cities][0]! : null;
}
