import { describe, expect, it } from 'vitest';
import { countText } from '../../server/features/concept/concept.docx.ts';

describe('a count in the concept draft', () => {
  it('prints the number, "unter N" for a count withheld for itself, and "verdeckt" for one withheld only for the sums', () => {
    expect(countText({ count: 1234, suppressed: false }, 5)).toBe('1.234');
    expect(countText({ count: null, suppressed: true }, 5)).toBe('unter 5');
    expect(countText({ count: null, suppressed: true, reason: 'below_threshold' }, 5)).toBe('unter 5');
    // Heidkamp's 19 voices, withheld so that a smaller count beside them cannot be worked out, are not "unter 5".
    expect(countText({ count: null, suppressed: true, reason: 'secondary' }, 5)).toBe('verdeckt');
    expect(countText(null, 5)).toBe('–');
  });
});
