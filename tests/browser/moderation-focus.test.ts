import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContribution } from '../factories/contributions.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, startHarness, type BrowserHarness } from './harness.ts';

let h: BrowserHarness;

async function signIn(page: Page, username: string, next: string) {
  await page.goto(`${h.baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Benutzername').fill(username);
  await page.getByLabel('Passwort').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(`**${next}`);
}

/** The card the keyboard is on, by its contribution's id (null on the page's body). */
const focusedCard = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.mod-item')?.dataset.id ?? null);

describe('moderation: where the keyboard is after each action, and what the page says', () => {
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('keeps the keyboard on a card after masking a name, moves it to the next card after hiding one, and says what a bulk action did and did not do', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    // The queue shows the newest first.
    const greeting = buildContribution(h.db, { text: 'Hallo!', capturedOn: '2026-11-24' });
    const named = buildContribution(h.db, { text: 'Anna Kowalczyk vom Jobcenter hat mir bei der Arbeit sehr geholfen.', capturedOn: '2026-11-23' });
    const training = buildContribution(h.db, { text: 'In Gronau fehlen Ausbildungsplätze für junge Leute.', capturedOn: '2026-11-22' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, admin.username, `/admin/p/${h.slug}/moderation`);
    await page.getByRole('button', { name: /Zu prüfen \(3\)/ }).waitFor();
    const live = page.locator('[aria-live="polite"]').first();
    const card = (id: string) => page.locator(`.mod-item[data-id="${id}"]`);

    // Mask a name by keyboard: the card is drawn anew, and the keyboard stays on it.
    await card(named).locator('summary').focus();
    await page.keyboard.press('Enter');
    await card(named).getByLabel('Name im Text maskieren').focus();
    await page.keyboard.type('Kowalczyk');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await live.getByText('„Kowalczyk“ 1× maskiert.').waitFor();
    await card(named).getByText('Für Arbeitsgruppen: Anna [Name entfernt] vom Jobcenter').waitFor();
    await expect.poll(() => focusedCard(page)).toBe(named);

    // Hide it: it leaves the queue, the keyboard goes on to the card that followed it, and the page names what was hidden.
    const citeId = await card(named).locator('.cite-id').innerText();
    await card(named).locator('summary').focus();
    await page.keyboard.press('Enter');
    await card(named).getByLabel('Grund zum Ausblenden').focus();
    // The button stays disabled until the reason is long enough: the field says so, and what hiding does.
    const description = () => page.evaluate(() => document.getElementById(document.activeElement!.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
    expect(await description()).toBe('Mindestens 3 Zeichen. Ausgeblendet zählt der Beitrag in keiner Auswertung und keinem Zitat; „Wieder einblenden“ nimmt das zurück.');
    await page.keyboard.type('Doppelt erfasst');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await live.getByText(`Beitrag ${citeId} ausgeblendet.`).waitFor();
    await expect.poll(() => page.locator('.mod-item').count()).toBe(2);
    await expect.poll(() => focusedCard(page)).toBe(training);

    // Both remaining ones in a bulk action: the greeting has no suggestion and stays, and the page says so instead of "2 reviewed".
    await card(greeting).getByLabel('Für Sammelaktion auswählen').check();
    await card(training).getByLabel('Für Sammelaktion auswählen').check();
    const bar = page.getByRole('region', { name: 'Sammelaktion' });
    await bar.getByText('2 ausgewählt').waitFor();
    expect(await bar.getByRole('textbox', { name: 'Grund zum Ausblenden' }).getAttribute('aria-describedby')).toBe('bulk-reason-hint');
    await bar.getByRole('button', { name: 'Vorschläge übernehmen' }).click();
    await live.getByText('1 Beitrag mit Vorschlag geprüft. 1 Beitrag hat keinen Vorschlag und bleibt zu prüfen.').waitFor();
    const reviewed = (id: string) => (h.db.$client.prepare('select reviewed_at from contributions where id = ?').get(id) as { reviewed_at: string | null }).reviewed_at !== null;
    expect(reviewed(training)).toBe(true);
    expect(reviewed(greeting)).toBe(false);
    // The selection was acted on and ends; the keyboard is on the first card left, not on the page's body.
    await expect.poll(() => page.locator('.mod-item').count()).toBe(1);
    await expect.poll(() => bar.count()).toBe(0);
    await expect.poll(() => focusedCard(page)).toBe(greeting);
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it('keeps what the moderator ticked, chose and typed on a card when masking a name draws the card anew, and saves that', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const id = buildContribution(h.db, { text: 'Ayşe Yılmaz çocuklar için ödev yardımı arıyor.', language: 'tr', stadtteil: null, capturedOn: '2026-12-01' });
    const { page } = await h.newPage({ viewport: { width: 768, height: 1024 } });
    await signIn(page, admin.username, `/admin/p/${h.slug}/moderation`);
    const card = page.locator(`.mod-item[data-id="${id}"]`);
    await card.waitFor();
    // The moderator's own choice instead of the suggestion's.
    for (const box of await card.getByRole('group', { name: 'Handlungsfelder' }).getByRole('checkbox', { checked: true }).all()) await box.uncheck();
    await card.getByLabel('Bildung', { exact: true }).check();
    await card.getByLabel('Stadtteil', { exact: true }).selectOption({ label: 'Refrath' });
    await card.getByLabel('Deutsch (menschliche Übersetzung)').fill('Ayşe Yılmaz sucht Hausaufgabenhilfe für Kinder.');
    await card.locator('summary').click();
    await card.getByLabel('Grund zum Ausblenden').fill('Noch unklar');
    await card.getByLabel('Name im Text maskieren').fill('Yılmaz');
    await card.getByRole('button', { name: 'Maskieren' }).click();
    await card.getByText('Für Arbeitsgruppen: Ayşe [Name entfernt] çocuklar').waitFor();
    // Drawn anew from the server's answer, the card still holds every unsaved choice and word.
    expect(await card.getByLabel('Bildung', { exact: true }).isChecked()).toBe(true);
    expect(await card.getByLabel('Stadtteil', { exact: true }).inputValue()).toBe('refrath');
    expect(await card.getByLabel('Deutsch (menschliche Übersetzung)').inputValue()).toBe('Ayşe Yılmaz sucht Hausaufgabenhilfe für Kinder.');
    await card.locator('summary').click();
    expect(await card.getByLabel('Grund zum Ausblenden').inputValue()).toBe('Noch unklar');
    expect(await card.getByLabel('Name im Text maskieren').inputValue()).toBe('');
    await card.getByRole('button', { name: 'Geprüft speichern' }).click();
    await page.locator('[aria-live="polite"]').first().getByText(/^Geprüft gespeichert: Bildung · Refrath\./).waitFor();
    expect(h.db.$client.prepare('select field_key from contribution_tags where contribution_id = ?').all(id)).toEqual([{ field_key: 'bildung' }]);
    expect((h.db.$client.prepare('select stadtteil_key from contributions where id = ?').get(id) as { stadtteil_key: string }).stadtteil_key).toBe('refrath');
  });

  it('offers a German version of a contribution whose language nobody set behind a disclosure, and none for a German one', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const unlabelled = buildContribution(h.db, { text: 'Bizim mahallede çocuklar için spor kulübü yok.', capturedOn: '2026-12-02' });
    h.db.$client.prepare('update contributions set language = null where id = ?').run(unlabelled);
    const german = buildContribution(h.db, { text: 'In Hand fehlt ein Sportverein für Kinder.', capturedOn: '2026-12-02' });
    const { page } = await h.newPage({ viewport: { width: 768, height: 1024 } });
    await signIn(page, admin.username, `/admin/p/${h.slug}/moderation`);
    const card = (id: string) => page.locator(`.mod-item[data-id="${id}"]`);
    await card(unlabelled).waitFor();
    await card(german).waitFor();
    // German: no translation box at all. Unlabelled: the box waits behind its disclosure.
    expect(await card(german).getByLabel('Deutsch (menschliche Übersetzung)').count()).toBe(0);
    expect(await card(german).getByText('Nicht auf Deutsch? Deutsche Fassung ergänzen').count()).toBe(0);
    const box = card(unlabelled).getByLabel('Deutsch (menschliche Übersetzung)');
    expect(await box.isVisible()).toBe(false);
    await card(unlabelled).getByText('Nicht auf Deutsch? Deutsche Fassung ergänzen').click();
    await box.fill('In unserem Viertel gibt es keinen Sportverein für Kinder.');
    await card(unlabelled).getByRole('button', { name: 'Deutsche Fassung speichern' }).click();
    await page.locator('[aria-live="polite"]').first().getByText(/^Deutsche Fassung von .+ gespeichert\.$/).waitFor();
    // Saved, the card shows it open after a reload.
    await page.reload();
    await card(unlabelled).getByLabel('Deutsch (menschliche Übersetzung)').waitFor({ state: 'visible' });
    expect(await card(unlabelled).getByLabel('Deutsch (menschliche Übersetzung)').inputValue()).toBe('In unserem Viertel gibt es keinen Sportverein für Kinder.');
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it('reaches the contributions past the first 50 a page shows, page by page, with the keyboard on the first card of the new page', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    // 53 voices of one channel no other test here uses, numbered by day: the oldest shows last.
    const ids = Array.from({ length: 53 }, (_, at) =>
      buildContribution(h.db, { channel: 'workshop', text: `Stimme ${at + 1} aus der Werkstatt zur Ausbildung.`, capturedOn: `2026-0${1 + Math.floor(at / 28)}-${String((at % 28) + 1).padStart(2, '0')}` }),
    );
    const { page } = await h.newPage({ viewport: { width: 768, height: 1024 } });
    await signIn(page, admin.username, `/admin/p/${h.slug}/moderation`);
    await page.getByLabel('Kanal').selectOption({ label: 'Arbeitsgruppe' });
    const pages = page.getByRole('navigation', { name: 'Seiten der Liste' });
    await pages.getByText('Beiträge 1–50 von 53').waitFor();
    await expect.poll(() => page.locator('.mod-item').count()).toBe(50);
    expect(await pages.getByRole('button', { name: 'Vorige Seite' }).isDisabled()).toBe(true);
    await pages.getByRole('button', { name: 'Nächste Seite' }).click();
    await pages.getByText('Beiträge 51–53 von 53').waitFor();
    await expect.poll(() => page.locator('.mod-item').count()).toBe(3);
    await page.locator(`.mod-item[data-id="${ids[0]}"]`).waitFor();
    await expect.poll(() => focusedCard(page)).toBe(ids[2]);
    expect(await pages.getByRole('button', { name: 'Nächste Seite' }).isDisabled()).toBe(true);
    // Another filter starts at the first page again.
    await page.getByRole('list', { name: 'Status' }).getByRole('button', { name: /^Alle/ }).click();
    await pages.getByText(/^Beiträge 1–50 von 5\d$/).waitFor();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)).toBeLessThanOrEqual(0);
  });

  it('shows the next card from its top after „a“ took a suggestion, on a phone where one card fills much of the screen', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const long = 'Mehr Sprachkurse am Abend wären toll, weil viele Eltern tagsüber arbeiten und die Kinder abends betreut werden müssen. ';
    // Conference notes, which no other test here uses; the newest shows first.
    const ids = Array.from({ length: 5 }, (_, at) => buildContribution(h.db, { channel: 'conference', text: `${at + 1}. ${long.repeat(3)}`, capturedOn: `2026-09-0${9 - at}` }));
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, admin.username, `/admin/p/${h.slug}/moderation`);
    await page.getByLabel('Kanal').selectOption({ label: 'Konferenz' });
    await expect.poll(() => page.locator('.mod-item').count()).toBe(5);
    // As Safari on an iPad, which keeps no scroll anchor (a card that leaves above moves what follows up under the
    // reader), with reduced motion, so the page jumps at once instead of gliding to where a smooth scroll was headed.
    await page.evaluate(() => document.documentElement.style.setProperty('overflow-anchor', 'none'));
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const card = (id: string) => page.locator(`.mod-item[data-id="${id}"]`);
    // Down the queue by keyboard to the third card, then „a“: it leaves the queue, the fourth takes the keyboard.
    await card(ids[0]!).focus();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect.poll(() => focusedCard(page)).toBe(ids[2]);
    await page.keyboard.press('a');
    await expect.poll(() => card(ids[2]!).count()).toBe(0);
    await expect.poll(() => focusedCard(page)).toBe(ids[3]);
    // Where the moderator reads on: the card's start is in the upper half of the screen once the page has scrolled (smoothly, as residents' settings allow).
    const startInView = () => card(ids[3]!).evaluate((element) => {
      const { top } = element.getBoundingClientRect();
      return top >= 0 && top < window.innerHeight / 2;
    });
    await expect.poll(startInView, { timeout: 5_000 }).toBe(true);
  });

  it('offers the market-day filter only for channels whose voices can come from a market day', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, admin.username, `/admin/p/${h.slug}/moderation`);
    const marketDay = page.getByLabel('Markttag', { exact: true });
    await marketDay.waitFor();
    // A conference's cards come from no market day: the filter would only ever find nothing.
    await page.getByLabel('Kanal').selectOption({ label: 'Konferenz' });
    await expect.poll(() => marketDay.count()).toBe(0);
    await page.getByLabel('Kanal').selectOption({ label: 'Papierfragebogen' });
    await marketDay.waitFor();
  });

  it('drops a selected contribution from the selection once it left the list, so a bulk action never reaches one nobody sees', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const first = buildContribution(h.db, { text: 'Mehr Sprachkurse am Abend in Bensberg wären toll.', capturedOn: '2026-10-02' });
    const second = buildContribution(h.db, { text: 'Ein Sprachcafé im Bürgerhaus Refrath.', capturedOn: '2026-10-01' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, admin.username, `/admin/p/${h.slug}/moderation`);
    const card = (id: string) => page.locator(`.mod-item[data-id="${id}"]`);
    await card(first).waitFor();
    await card(first).getByLabel('Für Sammelaktion auswählen').check();
    await card(second).getByLabel('Für Sammelaktion auswählen').check();
    const bar = page.getByRole('region', { name: 'Sammelaktion' });
    await bar.getByText('2 ausgewählt').waitFor();
    // One of them is reviewed on its own card: it leaves the queue, and the selection.
    await card(first).getByRole('button', { name: 'Vorschlag übernehmen und weiter' }).click();
    await expect.poll(() => card(first).count()).toBe(0);
    await bar.getByText('1 ausgewählt').waitFor();
  });
});
