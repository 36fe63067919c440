import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResponse } from '../factories/responses.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildNoteItem, buildMarketDayItem } from '../factories/stall.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, startHarness, type BrowserHarness } from './harness.ts';

async function signIn(page: Page, username: string, next: string) {
  await page.goto(`${h.baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Benutzername').fill(username);
  await page.getByLabel('Passwort').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(`**${next}`);
}

let h: BrowserHarness;

describe('moderation by keyboard alone', () => {
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('takes two key presses for an item whose suggestion is right (j, a), then one per item; focus moves on and is announced; hides one without a mouse; axe finds nothing', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    // The queue shows the newest first.
    const training = buildContribution(h.db, { text: 'In Gronau fehlen Ausbildungsplätze für junge Leute.', stadtteil: null, capturedOn: '2026-11-22' });
    const jobs = buildContribution(h.db, { text: 'Ich finde keine Arbeit, weil mein Berufsabschluss nicht anerkannt wird.', stadtteil: 'bensberg', capturedOn: '2026-11-21' });
    buildContribution(h.db, { text: 'Doppelt erfasster Zettel vom Markt.', stadtteil: 'refrath', capturedOn: '2026-11-20' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(h.baseUrl + '/login?next=/admin/moderation');
    await page.keyboard.press('Tab'); // skip link
    await page.getByLabel('Benutzername').focus();
    await page.keyboard.type(admin.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    // The address from before there were several processes leads to the default process's moderation.
    await page.waitForURL(`**/admin/p/${h.slug}/moderation`);
    await page.getByRole('button', { name: /Zu prüfen \(3\)/ }).waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');

    let presses = 0;
    const press = async (key: string) => {
      presses += 1;
      await page.keyboard.press(key);
    };
    const focusedCard = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.mod-item')?.dataset.id ?? null);
    const status = page.locator('[aria-live="polite"]').filter({ hasText: /Geprüft gespeichert/ });
    const reviewed = (id: string) => (h.db.$client.prepare('select reviewed_at from contributions where id = ?').get(id) as { reviewed_at: string | null }).reviewed_at !== null;

    // The first item: j to reach it, a to accept its suggestion, save it and move on.
    await press('j');
    const first = await focusedCard();
    expect(first).toBe(training);
    await press('a');
    await expect.poll(() => reviewed(first!)).toBe(true);
    expect(presses).toBe(2);
    // Focus lands on the next card (named by its heading, described by its text) and the live region says so.
    await status.getByText(/Weiter mit Beitrag 1 von 2\./).waitFor();
    await expect.poll(focusedCard).not.toBeNull();
    const second = (await focusedCard())!;
    expect(second).toBe(jobs);
    const card = page.locator(`.mod-item[data-id="${second}"]`);
    expect(await card.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await card.getAttribute('aria-labelledby')).toBeTruthy();
    expect(await page.locator(`#${await card.getAttribute('aria-describedby')}`).innerText()).toContain('Berufsabschluss');

    // The next item: one key.
    presses = 0;
    await press('a');
    await expect.poll(() => reviewed(second)).toBe(true);
    expect(presses).toBe(1);
    await status.getByText(/Weiter mit Beitrag 1 von 1\./).waitFor();
    await expect.poll(() => page.locator('.mod-item').count()).toBe(1);
    await expect.poll(async () => page.locator('.mod-item').evaluate((el) => el === document.activeElement)).toBe(true);

    const tags = (id: string) => h.db.$client.prepare('select field_key, source from contribution_tags where contribution_id = ?').all(id);
    expect(tags(training)).toEqual([{ field_key: 'arbeit', source: 'reviewed' }]);
    expect(tags(jobs)).toEqual([{ field_key: 'arbeit', source: 'reviewed' }]);
    const place = (id: string) => (h.db.$client.prepare('select stadtteil_key from contributions where id = ?').get(id) as { stadtteil_key: string }).stadtteil_key;
    expect(place(training)).toBe('gronau');
    expect(place(jobs)).toBe('bensberg');

    // Hide the remaining one: open the details with the keyboard, type a reason, press the button.
    const last = page.locator('.mod-item').first();
    await last.locator('summary').focus();
    await page.keyboard.press('Enter');
    await last.getByLabel('Grund zum Ausblenden').focus();
    await page.keyboard.type('Doppelt erfasst');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText(/^Beitrag B-\d+ ausgeblendet\.$/).waitFor();
    await page.getByText('Hier ist nichts (mehr) zu prüfen.').waitFor();
    // The last card gone, the keyboard is on the notice that says so, not on the page's body.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Hier ist nichts (mehr) zu prüfen.');
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it('says places, languages and dates in German and lays out every user-written text in its own direction', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const arabic = 'نحتاج إلى دورات لغة في المساء في بنسبرغ';
    buildContribution(h.db, { text: arabic, language: 'ar', stadtteil: null, capturedOn: '2026-06-12' });
    buildContribution(h.db, { text: 'Stadtteil weiß ich nicht, aber mehr Bänke wären gut.', stadtteil: 'unknown', capturedOn: '2026-07-03' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, admin.username, `/admin/p/${h.slug}/moderation`);
    const card = page.locator('.mod-item', { hasText: arabic });
    await card.waitFor();
    const all = await page.locator('.mod-list').innerText();
    expect(all).not.toMatch(/\bunknown\b/);
    expect(all).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(await card.innerText()).toContain('12. Juni 2026');
    expect(await card.innerText()).toContain('Sprache: Arabisch');
    expect(await card.innerText()).toContain('Stadtteil: nicht genannt');
    expect(await page.locator('.mod-item', { hasText: 'mehr Bänke' }).innerText()).toContain('Stadtteil: nicht genannt');
    const text = card.locator('.mod-text');
    expect(await text.getAttribute('dir')).toBe('auto');
    expect(await text.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    // Every user-written text on the page says dir: the contributions and the words a suggestion rests on.
    expect(await page.locator('.mod-text:not([dir="auto"])').count()).toBe(0);
    expect(await page.locator('.because bdi:not([dir="auto"])').count()).toBe(0);
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it('tells the moderator that an answer of a flagged questionnaire counts nowhere', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    buildResponse(h.db, { flags: ['too_fast'], answers: { 'work-idea': 'In vier Sekunden: ein Jobcafé am Bahnhof' } });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, admin.username, `/admin/p/${h.slug}/moderation`);
    // Tagged by the resident, it is not waiting for review: it shows under "Alle".
    await page.getByRole('list', { name: 'Status' }).getByRole('button', { name: /^Alle/ }).click();
    const card = page.locator('.mod-item', { hasText: 'ein Jobcafé am Bahnhof' });
    await card.getByText('Aus einem Fragebogen, den die Prüfung der Umfrage markiert hat. Sie fand: Zu schnell ausgefüllt (unter', { exact: false }).waitFor();
    expect(await card.innerText()).toContain('zählen in keiner Auswertung, auch nicht bei den Zitaten');
    expect(formatViolations(await axeViolations(page))).toBe('');
    await card.screenshot({ path: '/tmp/moderation-flagged-390.png' });
  });

  it('wraps a 2,000-character word instead of widening the page, on a phone and a desktop', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const word = 'Donaudampfschifffahrt'.repeat(96).slice(0, 2000);
    buildContribution(h.db, { text: `Vorne ${word} hinten` });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, admin.username, `/admin/p/${h.slug}/moderation`);
    await page.locator('.mod-item', { hasText: 'hinten' }).waitFor();
    const overflow = () => page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.locator('.mod-item', { hasText: 'hinten' }).screenshot({ path: '/tmp/mod-accounts-moderation-390.png' });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it('narrows the queue to one market day', async () => {
    const staff = await buildUser(h.db, { role: 'staff' });
    const admin = await buildUser(h.db, { role: 'admin' });
    const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: staff.username, password: TEST_PASSWORD } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const marketDay = buildMarketDayItem({ place: 'Wochenmarkt Refrath', date: '2026-06-13', stadtteil: 'refrath' });
    const note = buildNoteItem({ marketDayId: marketDay.id, text: 'Am Markttag in Refrath: ein Sprachcafé im Bürgerhaus.', stadtteil: 'refrath', fieldsOfAction: [] });
    const sync = await h.app.inject({ method: 'POST', url: '/api/stall/sync', headers: { cookie, 'x-csrf-token': login.json().csrfToken }, payload: { items: [marketDay, note] } });
    expect(sync.statusCode).toBe(200);
    buildContribution(h.db, { text: 'Eine Stimme von der Konferenz über Ausbildungsplätze.', channel: 'conference' });

    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(h.baseUrl + '/login?next=/admin/moderation');
    await page.getByLabel('Benutzername').fill(admin.username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.locator('.mod-item', { hasText: 'Konferenz' }).waitFor();
    await page.getByLabel('Markttag').selectOption({ label: '13.6.2026 · Wochenmarkt Refrath (1)' });
    await page.locator('.mod-item', { hasText: 'Sprachcafé im Bürgerhaus' }).waitFor();
    await expect.poll(() => page.locator('.mod-item').count()).toBe(1);
  });
});
