import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContribution } from '../factories/contributions.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, startHarness, type BrowserHarness } from './harness.ts';

describe('staff areas follow the process in the address', () => {
  let h: BrowserHarness;
  let second: string;
  beforeAll(async () => {
    h = await startHarness();
    second = buildProcess(h.db, { slug: 'zweites-verfahren', title: 'Zweites Verfahren' });
    buildContribution(h.db, { text: 'Erstes Verfahren: Ausbildungsplätze in Gronau', fieldsOfAction: ['arbeit'] });
    buildContribution(h.db, { text: 'Zweites Verfahren: Sprachcafé in Refrath', fieldsOfAction: ['arbeit'], process: second });
  });
  afterAll(() => h?.close());

  it('moderates and shows results of the process the address names, and switches with the picker', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 800, height: 1100 } });
    await page.goto(h.baseUrl + '/login?next=/admin/moderation');
    await page.getByLabel('Benutzername').fill(admin.username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();

    // The old address opens the default process; the picker names both and marks the current one.
    await page.waitForURL(`**/admin/p/${h.slug}/moderation`);
    const picker = page.getByRole('navigation', { name: 'Verfahren wählen' });
    await picker.getByRole('link').nth(1).waitFor();
    expect(await picker.locator('[aria-current="page"]').innerText()).toMatch(/Integrationskonzept/);
    await page.getByRole('button', { name: /^Alle/ }).click();
    await page.locator('.mod-item', { hasText: 'Erstes Verfahren' }).waitFor();
    expect(await page.locator('.mod-item', { hasText: 'Zweites Verfahren' }).count()).toBe(0);
    expect(formatViolations(await axeViolations(page))).toBe('');

    await picker.getByRole('link', { name: 'Zweites Verfahren' }).click();
    await page.waitForURL(`**/admin/p/${second}/moderation`);
    await page.getByRole('button', { name: /^Alle/ }).click();
    await page.locator('.mod-item', { hasText: 'Zweites Verfahren: Sprachcafé' }).waitFor();
    expect(await page.locator('.mod-item', { hasText: 'Erstes Verfahren' }).count()).toBe(0);
    expect(await picker.locator('[aria-current="page"]').innerText()).toBe('Zweites Verfahren');

    await page.goto(`${h.baseUrl}/auswertung/p/${second}`);
    await page.getByRole('heading', { level: 1, name: 'Auswertung: Zweites Verfahren' }).waitFor();
    await page.getByText('Zweites Verfahren: Sprachcafé in Refrath').waitFor();
    expect(await page.getByText('Erstes Verfahren: Ausbildungsplätze').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'CSV-Tabelle' }).getAttribute('href')).toBe(`/api/processes/${second}/exports/csv`);

    await page.getByRole('navigation', { name: 'Verfahren wählen' }).getByRole('link', { name: /Integrationskonzept/ }).click();
    await page.waitForURL(`**/auswertung/p/${h.slug}`);
    await page.getByText('Erstes Verfahren: Ausbildungsplätze in Gronau').waitFor();
    expect(await page.getByText('Zweites Verfahren: Sprachcafé').count()).toBe(0);
    const box = await page.getByRole('navigation', { name: 'Verfahren wählen' }).getByRole('link').first().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(formatViolations(await axeViolations(page))).toBe('');
  });
});
