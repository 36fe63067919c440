import { hash } from 'node:crypto';

/**
 * JSON with object keys sorted (by UTF-16 code units), so the same content always hashes the
 * same. Stored hashes depend on this exact text: tests/unit/hash.test.ts holds it to the first
 * version's output. Written as loops, as the stall sync hashes every item of a batch.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    // An element JSON cannot write (undefined, a function, a hole) is left empty, as Array.join leaves it.
    for (let i = 0; i < value.length; i += 1) out += (i === 0 ? '' : ',') + ((canonicalJson(value[i]) as string | undefined) ?? '');
    return `${out}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let out = '{';
    for (const key of Object.keys(record).sort()) {
      const child = record[key];
      if (child === undefined) continue;
      out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(child)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

/** Identifies an item's content: an identical resend under the same id is a duplicate, another hash a conflict. */
export function contentHash(value: unknown): string {
  // The one-shot hash: the same digest as createHash().update().digest(), without the Hash object per call.
  return hash('sha256', canonicalJson(value), 'base64url');
}
