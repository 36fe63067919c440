import { useLocation } from 'preact-iso';

/**
 * Page state kept in the address's query, so a view can be bookmarked and sent to a colleague:
 * the values of `keys` ('' when absent), and a setter that writes changed values into the
 * address (replacing the history entry, so Back leaves the page rather than undoing a filter).
 */
export function useUrlState<Key extends string>(keys: readonly Key[]): { values: Record<Key, string>; set: (changes: Partial<Record<Key, string>>) => void; query: string } {
  const { path, query, route } = useLocation();
  const values = Object.fromEntries(keys.map((key) => [key, query[key] ?? ''])) as Record<Key, string>;
  const set = (changes: Partial<Record<Key, string>>) => {
    const params = new URLSearchParams(Object.entries({ ...query, ...changes }).filter((entry): entry is [string, string] => Boolean(entry[1])));
    route(`${path}${params.size > 0 ? `?${params}` : ''}`, true);
  };
  const params = new URLSearchParams(Object.entries(values).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return { values, set, query: params.toString() };
}
