import { routes, type MethodOf, type RouteKey, type Routes, type UrlOf } from '../shared/api/routes.ts';

/**
 * A route's method, URL and schemas from the route map (`shared/api/routes.ts`), to spread into
 * `app.route({ ...contract('GET /api/processes'), config, handler })`: a route file names the
 * key and adds its access policy and handler, and the handler's request and answer are typed
 * by the map's schemas.
 */
export function contract<Key extends RouteKey>(key: Key): { method: MethodOf<Key>; url: UrlOf<Key>; schema: Routes[Key] } {
  const space = key.indexOf(' ');
  return { method: key.slice(0, space) as MethodOf<Key>, url: key.slice(space + 1) as UrlOf<Key>, schema: routes[key] };
}
