import type { RouteInput, RouteKey, UrlOf } from './routes.ts';

/**
 * The address of a route in the route map (`shared/api/routes.ts`) with its params filled in and
 * its query appended (a value that is undefined, null or empty is left out, as an empty form field means "not set"): `pathTo('GET /api/processes/:slug/exports/:format', { params: { slug, format: 'csv' } })`.
 * It needs only the key at run time, so it costs a browser bundle a few bytes and no schema.
 */
export function pathTo<Key extends RouteKey>(key: Key, input: RouteInput<Key>): string;
export function pathTo(key: RouteKey, input: unknown): string {
  const { params = {}, query: values = {} } = (input ?? {}) as { params?: Record<string, unknown>; query?: Record<string, unknown> };
  const url = key.slice(key.indexOf(' ') + 1) as UrlOf<RouteKey>;
  const path = url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === '') throw new TypeError(`${key}: the path parameter ${name} is missing`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') query.append(name, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}
