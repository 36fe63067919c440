import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncBatch } from '../../server/features/stall/stall.service.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildMarketDayItem } from '../factories/stall.ts';
import { buildUser } from '../factories/users.ts';
import { axeViolations, formatViolations, signInAs, startHarness, type BrowserHarness } from './harness.ts';

/** A tablet held upright, as at the conference's tables. */
const UPRIGHT = { width: 820, height: 1180 };
/** A resident's phone. */
const PHONE = { width: 390, height: 844 };

/**
 * The integration conference's capture („Notizen ohne Markttag“) as its staff use it: found from
 * the stall's start page after a season of market days, each captured card saying which channel
 * it went to, and a card's code looked up on a phone before the offline tablet sent its note.
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

  it('tells a resident who scans the card of an offline tablet at once that the note comes once the tablet sent it, in German and Arabic', async () => {
    const staff = await buildUser(h.db, { role: 'staff' });
    const { page: tablet, context } = await h.newPage({ viewport: UPRIGHT });
    await signInAs(tablet, h.baseUrl, staff.username, '/stand/notizen');
    // Ready as the bar says before the conference starts: the process and its questionnaire are on the tablet.
    await tablet.getByText('Offline bereit', { exact: true }).waitFor();
    // The hall's Wi-Fi is gone; the card is handed over all the same.
    await context.setOffline(true);
    await tablet.getByLabel('Was wurde gesagt?', { exact: true }).fill('Ein Begegnungscafé für Mütter in Gronau');
    await tablet.getByRole('button', { name: 'Speichern', exact: true }).click();
    const code = (await tablet.locator('.receipt-big').innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    // The resident's phone has its own network and opens the card's address right away.
    const { page: phone } = await h.newPage({ viewport: PHONE });
    await phone.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${code}`);
    const notice = phone.getByRole('alert');
    await notice.getByText('Zu diesem Code haben wir keinen Beitrag gefunden.', { exact: false }).waitFor();
    await notice.getByText('Dann steht Ihr Beitrag hier, sobald das Tablet des Teams ihn gesendet hat.', { exact: false }).waitFor();
    expect(formatViolations(await axeViolations(phone))).toBe('');
    await phone.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${code}?lang=ar`);
    await phone.getByRole('alert').getByText('بمجرد أن يرسلها الجهاز اللوحي الخاص بالفريق', { exact: false }).waitFor();
    expect(await phone.locator('html').getAttribute('dir')).toBe('rtl');

    // Back online, the tablet sends the note, and the same code shows it (the phone stays with the language chosen last).
    await context.setOffline(false);
    await tablet.getByTestId('sync-badge').getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    await phone.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${code}?lang=de`);
    await phone.getByText('Ein Begegnungscafé für Mütter in Gronau').waitFor();
    await phone.getByText('auf einer Konferenz', { exact: false }).waitFor();
    expect(await phone.getByRole('alert').count()).toBe(0);
  });
});

/** A city with a second process: the conference page, whose address names none, says which one it captures for. */
describe('conference notes in a city with two processes', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('names the process its notes go to and lists only that process\'s notes', async () => {
    const klima = buildProcess(h.db, { slug: 'klimaschutz', title: 'Klimaschutz mitgestalten' });
    const staff = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: UPRIGHT });
    const processOf = (text: string) =>
      (h.db.$client.prepare('select p.slug from contributions c join processes p on p.id = c.process_id where c.text = ?').get(text) as { slug: string } | undefined)?.slug;
    const capture = async (text: string) => {
      await page.getByLabel('Was wurde gesagt?', { exact: true }).fill(text);
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      await expect.poll(() => processOf(text), { timeout: 15_000 }).toBeDefined();
    };
    const listed = () => page.locator('.recent-notes li .recent-text').allInnerTexts();

    await signInAs(page, h.baseUrl, staff.username, '/stand');
    await page.getByLabel('Verfahren').selectOption({ label: 'Integrationskonzept Bergisch Gladbach' });
    await page.getByRole('link', { name: 'Notizen ohne Markttag (Konferenz, Arbeitsgruppe)' }).click();
    await page.getByText('Verfahren: Integrationskonzept Bergisch Gladbach – ein anderes wählen Sie unter „Alle Markttage“.').waitFor();
    await capture('Mehr Sprachkurse am Abend');
    expect(processOf('Mehr Sprachkurse am Abend')).toBe(h.slug);

    await page.getByRole('link', { name: 'Alle Markttage' }).click();
    await page.getByLabel('Verfahren').selectOption({ label: 'Klimaschutz mitgestalten' });
    await page.getByRole('link', { name: 'Notizen ohne Markttag (Konferenz, Arbeitsgruppe)' }).click();
    await page.getByText('Verfahren: Klimaschutz mitgestalten – ein anderes wählen Sie unter „Alle Markttage“.').waitFor();
    // The other process's card is not offered here, where its change would go to the wrong process.
    await page.getByRole('heading', { name: 'Auf diesem Tablet erfasst (0)' }).waitFor();
    await capture('Schattige Plätze in der Innenstadt');
    expect(processOf('Schattige Plätze in der Innenstadt')).toBe(klima);
    await expect.poll(listed).toEqual(['Schattige Plätze in der Innenstadt']);

    await page.getByRole('link', { name: 'Alle Markttage' }).click();
    await page.getByLabel('Verfahren').selectOption({ label: 'Integrationskonzept Bergisch Gladbach' });
    await page.getByRole('link', { name: 'Notizen ohne Markttag (Konferenz, Arbeitsgruppe)' }).click();
    await page.getByText('Verfahren: Integrationskonzept Bergisch Gladbach', { exact: false }).waitFor();
    await expect.poll(listed).toEqual(['Mehr Sprachkurse am Abend']);
  });
});
