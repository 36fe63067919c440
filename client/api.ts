import type { ErrorBody } from '../shared/api/errors.ts';
import { pathTo } from '../shared/api/path.ts';
import type { RouteInput, RouteKey, RouteOutput } from '../shared/api/routes.ts';

/**
 * The client's one way to the API: `call(key, input)` with a key of the route map
 * (`shared/api/routes.ts`). The params, query and body are typed by the map's schemas and so is
 * the answer; the map is imported as a type only, so no schema reaches a bundle.
 */

/** A failed API call, carrying the server's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
/** The session's CSRF token, sent with every cookie-authenticated write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** A route's params, query and body, a signal to cancel the call, and the body's type where it is not JSON (a CSV file, or an uploaded file sent as it is). */
export type CallInput<Key extends RouteKey> = RouteInput<Key> & { signal?: AbortSignal; contentType?: string; file?: { data: Blob; type: string } };
/** The input may be left out where a route needs none. */
export type CallArgs<Key extends RouteKey> = object extends RouteInput<Key> ? [input?: CallInput<Key>] : [input: CallInput<Key>];

export async function call<Key extends RouteKey>(key: Key, ...[input]: CallArgs<Key>): Promise<RouteOutput<Key>> {
  const { body, signal, contentType, file } = (input ?? {}) as { body?: unknown; signal?: AbortSignal; contentType?: string; file?: { data: Blob; type: string } };
  const method = key.slice(0, key.indexOf(' '));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
  if (file) headers['content-type'] = file.type;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(pathTo(key, (input ?? {}) as RouteInput<Key>), {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: contentType ? String(body) : JSON.stringify(body) } : {}),
      ...(file ? { body: file.data } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'Keine Verbindung zum Server');
  }
  if (response.status === 204) return undefined as RouteOutput<Key>;
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = (data as ErrorBody | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`, error?.details);
  }
  // The server sent this through the route's answer schema (fastify-type-provider-zod's serializer).
  return data as RouteOutput<Key>;
}

/**
 * A static file of the build by its hashed address (Vite's `?url` import), such as the
 * suggester's linear model: parsed JSON. Not an API call, so no route map; the one other fetch.
 */
export async function fetchAsset(url: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', 'Keine Verbindung zum Server');
  }
  if (!response.ok) throw new ApiError(response.status, 'http_error', `HTTP ${response.status}`);
  return (await response.json()) as unknown;
}
