import { describe, expect, it } from 'vitest';
import { measureStatusesRequestSchema } from '../../shared/api/measures.ts';
import { LANGUAGES } from '../../shared/languages.ts';
import { DEFAULT_MEASURE_STATUSES } from '../../shared/measures.ts';

describe('the default status list', () => {
  it('names every status in all nine languages, each a translation a person made', () => {
    for (const status of DEFAULT_MEASURE_STATUSES) {
      expect(Object.keys(status.label).sort(), status.key).toEqual([...LANGUAGES].sort());
      for (const language of LANGUAGES) expect(status.label[language]?.trim(), `${status.key} ${language}`).not.toBe('');
      expect(status.translations, status.key).toEqual({});
    }
  });

  it('is a list an admin can save back unchanged', () => {
    expect(measureStatusesRequestSchema.safeParse({ statuses: DEFAULT_MEASURE_STATUSES }).success).toBe(true);
  });
});
