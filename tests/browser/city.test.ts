import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcess } from '../factories/processes.ts';
import { buildUser } from '../factories/users.ts';
import { signInAs, startHarness, type BrowserHarness } from './harness.ts';

/**
 * The platform names the city of the process it shows, never a city written into the words:
 * the next city sets up its process and the start page, the process pages and the survey say
 * its name; the default process still says Bergisch Gladbach.
 */
describe('the city comes from the process', () => {
  let h: BrowserHarness;
  let musterstadt: string;
  const setStatus = (slug: string, status: string) => h.db.$client.prepare('update processes set status = ? where slug = ?').run(status, slug);
  const setCity = (slug: string, city: string) => h.db.$client.prepare('update processes set city = ? where slug = ?').run(city, slug);
  /** Everything a visitor can read on the page, the footer included. */
  const pageText = (page: Page) => page.locator('body').innerText();

  beforeAll(async () => {
    h = await startHarness();
    musterstadt = buildProcess(h.db, { slug: 'klimaplan-musterstadt', title: 'Klimaplan Musterstadt' });
    // Musterstadt's own process: its texts and survey name Musterstadt (the copy's content said Bergisch Gladbach).
    const sql = h.db.$client;
    const id = (sql.prepare('select id from processes where slug = ?').get(musterstadt) as { id: string }).id;
    setCity(musterstadt, 'Musterstadt');
    sql.prepare(`update processes set description = replace(description, 'Bergisch Gladbach', 'Musterstadt') where id = ?`).run(id);
    sql.prepare(`update surveys set definition = replace(definition, 'Bergisch Gladbach', 'Musterstadt'), texts = replace(texts, 'Bergisch Gladbach', 'Musterstadt') where process_id = ?`).run(id);
  });
  afterAll(() => h?.close());

  it('with only a Musterstadt process open, names Musterstadt on the start page and in the survey, never Bergisch Gladbach (German and Arabic)', async () => {
    setStatus(h.slug, 'archived');
    try {
      const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(`${h.baseUrl}/`);
      await page.getByRole('heading', { level: 1, name: 'Mitreden in Musterstadt' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Klimaplan Musterstadt' }).waitFor();
      expect(await page.locator('.site-footer').innerText()).toContain('Mitreden ist eine Beteiligungsplattform der Stadt Musterstadt.');
      expect(await pageText(page)).not.toContain('Bergisch Gladbach');
      await page.screenshot({ path: '/tmp/city-start-de-390.png', fullPage: true });

      await page.getByRole('link', { name: 'Zur Umfrage' }).click();
      await page.getByRole('button', { name: 'Umfrage starten', exact: true }).waitFor();
      expect(await page.locator('.site-footer').innerText()).toContain('der Stadt Musterstadt');
      expect(await pageText(page)).not.toContain('Bergisch Gladbach');

      await page.goto(`${h.baseUrl}/?lang=ar`);
      await page.getByRole('heading', { level: 1, name: 'شارك برأيك – Musterstadt' }).waitFor();
      expect(await page.locator('.site-footer').innerText()).toContain('Mitreden منصة مشاركة تابعة لمدينة Musterstadt.');
      const arabic = await pageText(page);
      expect(arabic).not.toContain('Bergisch Gladbach');
      expect(arabic).not.toContain('بيرغيش غلادباخ');
      await page.screenshot({ path: '/tmp/city-start-ar-390.png', fullPage: true });

      await page.goto(`${h.baseUrl}/p/${musterstadt}/umfrage?lang=ar`);
      await page.getByRole('button', { name: 'ابدأ الاستطلاع', exact: true }).waitFor();
      expect(await page.locator('.site-footer').innerText()).toContain('لمدينة Musterstadt');
      expect(await pageText(page)).not.toMatch(/Bergisch Gladbach|بيرغيش غلادباخ/);

      await page.goto(`${h.baseUrl}/p/${musterstadt}?lang=de`);
      await page.getByRole('heading', { level: 1, name: 'Klimaplan Musterstadt' }).waitFor();
      expect(await page.locator('.site-footer').innerText()).toContain('der Stadt Musterstadt');
    } finally {
      setStatus(h.slug, 'public');
    }
  });

  it('keeps Bergisch Gladbach on the default process’s pages and in its survey', async () => {
    setStatus(musterstadt, 'archived');
    try {
      const { page } = await h.newPage();
      await page.goto(`${h.baseUrl}/?lang=de`);
      await page.getByRole('heading', { level: 1, name: 'Mitreden in Bergisch Gladbach' }).waitFor();
      expect(await page.locator('.site-footer').innerText()).toContain('der Stadt Bergisch Gladbach.');
      await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=ar`);
      await page.getByRole('button', { name: 'ابدأ الاستطلاع', exact: true }).waitFor();
      expect(await page.locator('.site-footer').innerText()).toContain('لمدينة Bergisch Gladbach');
      await page.goto(`${h.baseUrl}/p/${h.slug}?lang=de`);
      await page.locator('.site-footer').getByText('der Stadt Bergisch Gladbach').waitFor();
    } finally {
      setStatus(musterstadt, 'public');
    }
  });

  it('names no city on the start page while processes of two cities are listed', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.baseUrl}/?lang=de`);
    await page.getByRole('heading', { level: 1, name: 'Mitreden – Ihre Stimme zählt' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Klimaplan Musterstadt' }).waitFor();
    expect(await page.locator('.site-footer').innerText()).toContain('Mitreden ist eine kommunale Beteiligungsplattform.');
    expect(await page.locator('h1, .site-footer').allInnerTexts()).not.toContainEqual(expect.stringMatching(/Musterstadt|Bergisch Gladbach/));
  });

  it('pre-fills the new process’s city only when every process shares one', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage();
    await signInAs(page, h.baseUrl, admin.username, '/admin/verfahren/neu');
    const city = page.getByLabel('Stadt');
    await city.waitFor();
    expect(await city.inputValue()).toBe('');
    expect(await city.getAttribute('required')).not.toBeNull();

    setCity(musterstadt, 'Bergisch Gladbach');
    try {
      await page.reload();
      await page.getByLabel('Stadt').waitFor();
      expect(await page.getByLabel('Stadt').inputValue()).toBe('Bergisch Gladbach');
    } finally {
      setCity(musterstadt, 'Musterstadt');
    }
  });
});
