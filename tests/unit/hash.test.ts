import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../server/hash.ts';

/** The first version of canonicalJson: every stored content hash was made from its output. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('canonicalJson', () => {
  it('writes exactly what the first version wrote, for any JSON-like value', () => {
    const leaf = fc.oneof(fc.jsonValue({ maxDepth: 0 }), fc.constant(undefined), fc.constant(() => 1), fc.string({ unit: 'binary', maxLength: 6 }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ maxDepth: 4 }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(value, (v) => canonicalJson(v) === reference(v)),
      { numRuns: 300 },
    );
  }, 30_000);

  it('sorts keys at every depth and leaves undefined values out', () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: 'x' }], 'é': null, Z: true })).toBe('{"Z":true,"a":[{"c":"x"}],"b":1,"é":null}');
    expect(contentHash({ b: 1, a: 2 })).toBe(contentHash({ a: 2, b: 1 }));
    // A hash stored by earlier versions stays what it was.
    expect(contentHash({ a: 2, b: 1 })).toBe('02JqwwqH5vemQoIzs8aCmZdoZfpVCOQmfFQVx2r3p3I');
  });
});
