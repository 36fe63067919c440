import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncBatch } from '../../server/features/stall/stall.service.ts';
import { buildMarketDayItem } from '../factories/stall.ts';
import { buildUser } from '../factories/users.ts';
import { signInAs, startHarness, type BrowserHarness } from './harness.ts';

/** A tablet held upright, as at the conference's tables. */
const UPRIGHT = { width: 820, height: 1180 };

/**
 * The integration conference's capture („Notizen ohne Markttag“) as its staff use it: found from
 * the stall's start page after a season of market days, and each captured card saying which
 * channel it went to.
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

  it('names the channel of each card it lists, since the chosen channel stays for the next card', async () => {
    const staff = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: UPRIGHT });
    await signInAs(page, h.baseUrl, staff.username, '/stand/notizen');
    const text = page.getByLabel('Was wurde gesagt?', { exact: true });
    const save = page.getByRole('button', { name: 'Speichern', exact: true });
    const listed = (start: string) => page.locator('.recent-notes li', { hasText: start }).locator('p.hint').first();

    await text.fill('Elterncafé an der Grundschule');
    await save.click();
    await page.getByRole('radio', { name: 'Arbeitsgruppe' }).check();
    await text.fill('Schulsozialarbeit braucht mehr Stunden');
    await save.click();
    // The workshop round is over, but the channel chosen for it stays: the next card goes as „Arbeitsgruppe“ too.
    await text.fill('Sprachkurse mit Kinderbetreuung');
    await save.click();
    await expect.poll(() => page.locator('.recent-notes li').count()).toBe(3);
    expect(await listed('Elterncafé').innerText()).toMatch(/^Konferenz · Art nicht angegeben/);
    expect(await listed('Schulsozialarbeit').innerText()).toMatch(/^Arbeitsgruppe · /);
    expect(await listed('Sprachkurse').innerText()).toMatch(/^Arbeitsgruppe · /);

    // Seen in the list, put right by a change.
    await page.getByRole('button', { name: 'Ändern: Sprachkurse mit Kinderbetreuung' }).click();
    await page.getByRole('radio', { name: 'Konferenz' }).check();
    await page.getByRole('button', { name: 'Änderung speichern' }).click();
    await expect.poll(() => listed('Sprachkurse').innerText()).toMatch(/^Konferenz · /);
    const channel = () => (h.db.$client.prepare("select channel from contributions where text = 'Sprachkurse mit Kinderbetreuung'").get() as { channel: string } | undefined)?.channel;
    await expect.poll(channel, { timeout: 15_000 }).toBe('conference');
  });
});
