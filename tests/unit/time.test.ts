import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CITY_TIME_ZONE, localDay } from '../../server/time.ts';

const cityDay = new Intl.DateTimeFormat('en-CA', { timeZone: CITY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const intlDay = (at: Date) => cityDay.format(at);

describe('localDay', () => {
  it('names the day in Berlin around midnight and the clock changes', () => {
    expect(localDay(new Date('2026-03-28T22:59:59.999Z'))).toBe('2026-03-28');
    expect(localDay(new Date('2026-03-28T23:00:00Z'))).toBe('2026-03-29'); // winter: midnight is 23:00 UTC
    expect(localDay(new Date('2026-03-29T21:59:59Z'))).toBe('2026-03-29');
    expect(localDay(new Date('2026-03-29T22:00:00Z'))).toBe('2026-03-30'); // summer: midnight is 22:00 UTC
    expect(localDay(new Date('2026-10-24T21:59:59Z'))).toBe('2026-10-24');
    expect(localDay(new Date('2026-10-24T22:00:00Z'))).toBe('2026-10-25');
    expect(localDay(new Date('2026-10-25T22:59:59Z'))).toBe('2026-10-25');
    expect(localDay(new Date('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
  });

  it('agrees with Intl for any instant, asked in any order', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (at) => {
        expect(localDay(at)).toBe(intlDay(at));
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses an invalid date as Intl does', () => {
    expect(() => localDay(new Date('not a date'))).toThrow(RangeError);
  });
});
