import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncBatch } from '../../server/features/stall/stall.service.ts';
import { buildMarketDayItem } from '../factories/stall.ts';
import { buildUser } from '../factories/users.ts';
import { signInAs, startHarness, type BrowserHarness } from './harness.ts';

/** A tablet held upright, as at the conference's tables. */
const UPRIGHT = { width: 820, height: 1180 };

/**
 * The integration conference's capture („Notizen ohne Markttag“) as its staff use it: found from
 * the stall's start page after a season of market days.
 */
describe('conference notes on a tablet', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('offers the conference capture in the first screen of the start page, above a season of earlier market days', async () => {
    const staff = await buildUser(h.db, { role: 'staff' });
    const days = Array.from({ length: 12 }, (_, index) =>
      buildMarketDayItem({ date: `2026-0${1 + Math.floor(index / 4)}-${String(5 + (index % 4) * 7).padStart(2, '0')}`, place: `Wochenmarkt ${index + 1}` }),
    );
    expect((await syncBatch(h.db, { userId: staff.id, role: 'staff' }, days)).map((result) => result.status)).toEqual(days.map(() => 'stored'));

    const { page } = await h.newPage({ viewport: UPRIGHT });
    await signInAs(page, h.baseUrl, staff.username, '/stand');
    await page.getByRole('heading', { name: 'Markttag wählen' }).waitFor();
    await page.getByRole('link', { name: 'Wochenmarkt 12', exact: false }).waitFor();
    const link = page.getByRole('link', { name: 'Notizen ohne Markttag (Konferenz, Arbeitsgruppe)' });
    const box = await link.boundingBox();
    // Staff who came for the conference see their way in without scrolling past every market day and the form.
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(UPRIGHT.height);
    await link.click();
    await page.waitForURL('**/stand/notizen');
    await page.getByRole('heading', { level: 1, name: 'Notizen aus Konferenz oder Arbeitsgruppe' }).waitFor();
    expect(await page.title()).toBe('Notizen aus Konferenz oder Arbeitsgruppe – Marktstand – Mitreden');
  });

});
