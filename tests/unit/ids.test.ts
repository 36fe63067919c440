import { describe, expect, it } from 'vitest';
import { dayOrderedId } from '../../server/ids.ts';

/** The 48-bit time field of a UUIDv7, in ms since 1970. */
const timeOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);

describe('dayOrderedId', () => {
  it('makes version-7 UUIDs that sort in the order they were made', () => {
    const ids = Array.from({ length: 1_000 }, () => dayOrderedId('2026-05-09'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // A wrap of the 32-bit counter may fall anywhere once in four billion ids; these 1,000 are in order apart from it.
    const outOfOrder = ids.filter((id, i) => i > 0 && id < ids[i - 1]!).length;
    expect(outOfOrder).toBeLessThanOrEqual(1);
  });

  it('carries the day only, never the time of day it was made', () => {
    expect(timeOf(dayOrderedId('2026-05-09'))).toBe(Date.UTC(2026, 4, 9));
    expect(timeOf(dayOrderedId('2026-12-31'))).toBe(Date.UTC(2026, 11, 31));
  });

  it('sorts a later day after an earlier one', () => {
    expect(dayOrderedId('2026-05-10') > dayOrderedId('2026-05-09')).toBe(true);
  });

  it('refuses what is not a day', () => {
    expect(() => dayOrderedId('gestern')).toThrow();
  });
});
