import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContribution } from '../factories/contributions.ts';
import { buildNoteItem, buildSessionItem } from '../factories/stall.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, startHarness, type BrowserHarness } from './harness.ts';

describe('moderation by keyboard alone', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('reviews a contribution, accepts a suggestion and hides one without a mouse; axe finds nothing', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const first = buildContribution(h.db, { text: 'In Gronau fehlen Ausbildungsplätze für junge Leute.', stadtteil: null });
    buildContribution(h.db, { text: 'Mehr Sportangebote für Mädchen im Verein wären schön.', stadtteil: 'bensberg' });
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
    await page.getByRole('button', { name: /Zu prüfen \(2\)/ }).waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');

    // Jump to the first contribution with j, accept the suggestion with a, tab to "Geprüft speichern" and press Enter.
    await page.locator('body').focus();
    await page.getByRole('button', { name: /Alle/ }).focus();
    const firstCard = page.locator('.mod-item', { hasText: 'Ausbildungsplätze' });
    // Walk with j until the card is focused, as a moderator would.
    for (let i = 0; i < 3 && !(await firstCard.evaluate((el) => el === document.activeElement)); i += 1) await page.keyboard.press('j');
    expect(await firstCard.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('a');
    await expect.poll(() => firstCard.getByRole('checkbox', { name: 'Arbeit & Beschäftigung' }).isChecked()).toBe(true);
    await firstCard.getByRole('button', { name: 'Geprüft speichern' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Beitrag als geprüft gespeichert.').waitFor();
    const tags = h.db.$client.prepare('select field_key, source from contribution_tags where contribution_id = ?').all(first);
    expect(tags).toEqual([{ field_key: 'arbeit', source: 'reviewed' }]);
    const stadtteil = h.db.$client.prepare('select stadtteil_key from contributions where id = ?').get(first) as { stadtteil_key: string };
    expect(stadtteil.stadtteil_key).toBe('gronau');

    // Hide the remaining one: open the details with the keyboard, type a reason, press the button.
    const card = page.locator('.mod-item').first();
    await card.locator('summary').focus();
    await page.keyboard.press('Enter');
    await card.getByLabel('Grund zum Ausblenden').focus();
    await page.keyboard.type('Doppelt erfasst');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Beitrag ausgeblendet.').waitFor();
    await page.getByText('Hier ist nichts (mehr) zu prüfen.').waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it('narrows the queue to one market day', async () => {
    const staff = await buildUser(h.db, { role: 'staff' });
    const admin = await buildUser(h.db, { role: 'admin' });
    const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: staff.username, password: TEST_PASSWORD } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const session = buildSessionItem({ place: 'Wochenmarkt Refrath', date: '2026-06-13', stadtteil: 'refrath' });
    const note = buildNoteItem({ sessionId: session.id, text: 'Am Markttag in Refrath: ein Sprachcafé im Bürgerhaus.', stadtteil: 'refrath', fieldsOfAction: [] });
    const sync = await h.app.inject({ method: 'POST', url: '/api/stall/sync', headers: { cookie, 'x-csrf-token': login.json().csrfToken }, payload: { items: [session, note] } });
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
