import { describe, expect, it } from 'vitest';
import { confirmsDeletion } from '../../shared/api/process-admin.ts';

describe('confirmsDeletion: the admin types the process’s address or title before it is deleted', () => {
  const process = { slug: 'klimaschutz-test', title: 'Klimaschutz für alle – Test' };

  it('takes the title as a keyboard types it: a hyphen for the dash, any case, spaces doubled or at the ends', () => {
    for (const typed of ['Klimaschutz für alle – Test', 'Klimaschutz für alle - Test', '  klimaschutz  FÜR alle -  test ', 'Klimaschutz für alle — Test', 'klimaschutz-test']) {
      expect(confirmsDeletion(typed, process), typed).toBe(true);
    }
  });

  it('refuses anything else: another title, a part of it, nothing', () => {
    for (const typed of ['Klimaschutz für alle', 'Klimaschutz für alle Test', 'klimaschutz', '', '   ', '-']) {
      expect(confirmsDeletion(typed, process), typed).toBe(false);
    }
  });
});
