import { hash } from 'node:crypto';

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Identifies an item's content: an identical resend under the same id is a duplicate, another hash a conflict. */
export function contentHash(value: unknown): string {
  // The one-shot hash: the same digest as createHash().update().digest(), without the Hash object per call.
  return hash('sha256', canonicalJson(value), 'base64url');
}
