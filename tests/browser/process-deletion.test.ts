import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcess } from '../factories/processes.ts';
import { buildUser } from '../factories/users.ts';
import { axeViolations, formatViolations, signInAs, startHarness, switchLanguage, type BrowserHarness } from './harness.ts';

describe('deleting a process in the admin area', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('says what goes, deletes only once the admin typed the address, and the process leaves the admin home and the start page', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const slug = buildProcess(h.db, { slug: 'probelauf', title: 'Probelauf Beteiligung' });
    await buildUser(h.db, { role: 'working_group', username: 'ag-probe', fieldsOfAction: ['arbeit'], processes: [slug] });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });

    // The start page lists it before.
    await page.goto(`${h.baseUrl}/`);
    await page.getByRole('heading', { name: 'Probelauf Beteiligung' }).waitFor();

    await signInAs(page, h.baseUrl, admin.username, `/admin/p/${slug}/struktur`);
    const zone = page.getByRole('region', { name: 'Verfahren löschen' });
    await zone.getByText('1 Version des Fragebogens').waitFor();
    expect(await zone.innerText()).toContain('ag-probe (arbeitet danach an keinem Verfahren mehr)');
    const button = zone.getByRole('button', { name: 'Verfahren endgültig löschen' });
    const confirmation = zone.getByLabel('Zur Bestätigung die Adresse „probelauf“ oder den Titel des Verfahrens eingeben');
    expect(await button.isDisabled()).toBe(true);
    await confirmation.fill('probe');
    expect(await button.isDisabled()).toBe(true);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await confirmation.fill('probelauf');
    await expect.poll(() => button.isEnabled()).toBe(true);
    await button.click();

    // The admin home without it; the default process stays.
    await page.waitForURL(`${h.baseUrl}/admin`);
    // The admin home says what happened, and a screen reader reads it first.
    const done = page.getByRole('status').filter({ hasText: 'Das Verfahren „Probelauf Beteiligung“ ist gelöscht.' });
    await done.waitFor();
    await expect.poll(() => done.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.locator('section.card h2', { hasText: 'Integrationskonzept' }).waitFor();
    expect(await page.locator('section.card h2').allInnerTexts()).not.toContainEqual(expect.stringContaining('Probelauf'));

    // The start page without it.
    await page.goto(`${h.baseUrl}/`);
    await page.getByRole('heading', { name: 'Integrationskonzept Bergisch Gladbach' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Probelauf Beteiligung' }).count()).toBe(0);
  });

  it('writes large counts as staff read numbers, in German and in English', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const slug = buildProcess(h.db, { slug: 'grosszaehlung', title: 'Große Zählung' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    // A city's process after a summer of market days: the counts as the server would give them for it.
    await page.route(`**/api/admin/processes/${slug}/deletion`, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { counts: Record<string, number> };
      await route.fulfill({ response, json: { ...body, counts: { ...body.counts, responses: 12_480, contributions: 1_234 } } });
    });
    await signInAs(page, h.baseUrl, admin.username, `/admin/p/${slug}/struktur`);
    const zone = page.getByRole('region', { name: 'Verfahren löschen' });
    await zone.getByText('12.480 Fragebögen').waitFor();
    await zone.getByText('1.234 Beiträge').waitFor();
    await switchLanguage(page, 'en');
    await page.getByRole('region', { name: 'Delete process' }).getByText('1,234 contributions').waitFor();
  });
});
