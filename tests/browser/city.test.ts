import type { Page } from 'playwright-core';
import type { LocalizedText } from '../../shared/languages.ts';
import { withoutSoftHyphens } from '../../shared/text/soft-hyphen.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcess } from '../factories/processes.ts';
import { buildUser } from '../factories/users.ts';
import { signInAs, startHarness, switchLanguage, type BrowserHarness } from './harness.ts';

/**
 * The platform names the city of the process it shows, never a city written into the words:
 * the next city sets up its process and the start page, the process pages and the survey say
 * its name; the default process still says Bergisch Gladbach, in Arabic, Ukrainian and Russian
 * letters where the page speaks those, and German (marked so) where a language has no name of its own.
 */
describe('the city comes from the process', () => {
  let h: BrowserHarness;
  let musterstadt: string;
  const setStatus = (slug: string, status: string) => h.db.$client.prepare('update processes set status = ? where slug = ?').run(status, slug);
  const setCity = (slug: string, city: LocalizedText) => h.db.$client.prepare('update processes set city = ? where slug = ?').run(JSON.stringify(city), slug);
  /** Everything a visitor can read on the page, the footer included. */
  const pageText = (page: Page) => page.locator('body').innerText();

  beforeAll(async () => {
    h = await startHarness();
    musterstadt = buildProcess(h.db, { slug: 'klimaplan-musterstadt', title: 'Klimaplan Musterstadt' });
    // Musterstadt's own process: its texts and survey name Musterstadt (the copy's content said Bergisch Gladbach).
    const sql = h.db.$client;
    const id = (sql.prepare('select id from processes where slug = ?').get(musterstadt) as { id: string }).id;
    setCity(musterstadt, { de: 'Musterstadt' });
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
      // The catalog breaks „Beteiligungs­plattform“ at a soft hyphen on a narrow phone; read as words, without it.
      expect(withoutSoftHyphens(await page.locator('.site-footer').innerText())).toContain('Mitreden ist eine Beteiligungsplattform der Stadt Musterstadt.');
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
      expect(arabic).not.toMatch(/Bergisch Gladbach|بيرغيش غلادباخ/);
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

  it('with the seeded default archived, a new tablet, the old admin addresses and /auswertung open Musterstadt’s process, not the archived one', async () => {
    setStatus(h.slug, 'archived');
    try {
      const staff = await buildUser(h.db, { role: 'staff' });
      const { page } = await h.newPage({ viewport: { width: 1024, height: 768 } });
      await signInAs(page, h.baseUrl, staff.username, '/stand');
      await page.getByRole('heading', { name: 'Neuen Markttag anlegen' }).waitFor();
      // The only process that takes market days: no picker, and the day lands in Musterstadt's.
      expect(await page.getByLabel('Verfahren').count()).toBe(0);
      // The form's example names no place of the first city.
      expect(await page.getByLabel('Ort', { exact: true }).getAttribute('placeholder')).toBe('z. B. Wochenmarkt am Rathaus');
      await page.getByLabel('Ort', { exact: true }).fill('Wochenmarkt Musterstadt');
      await page.getByRole('button', { name: 'Markttag anlegen' }).click();
      await page.getByRole('heading', { name: 'Wochenmarkt Musterstadt' }).waitFor();
      const marketDayProcess = () =>
        (h.db.$client.prepare("select p.slug from market_days m join processes p on p.id = m.process_id where m.place = 'Wochenmarkt Musterstadt'").get() as { slug: string } | undefined)?.slug;
      await expect.poll(marketDayProcess).toBe(musterstadt);

      const admin = await buildUser(h.db, { role: 'admin' });
      const { page: adminPage } = await h.newPage({ viewport: { width: 1024, height: 768 } });
      await signInAs(adminPage, h.baseUrl, admin.username, '/admin');
      for (const [from, to] of [['/admin/moderation', `/admin/p/${musterstadt}/moderation`], ['/admin/verfahren', `/admin/p/${musterstadt}/verfahren`], ['/auswertung', `/auswertung/p/${musterstadt}`]] as const) {
        await adminPage.goto(h.baseUrl + from);
        await adminPage.waitForURL(`**${to}`);
      }
      await adminPage.goto(`${h.baseUrl}/admin/konten`);
      await adminPage.getByText('z. B. „stand.rathaus“', { exact: false }).waitFor();
      expect(await adminPage.locator('main').innerText()).not.toMatch(/gronau|bensberg/i);
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
      expect(await page.locator('.site-footer').innerText()).toContain('لمدينة بيرغيش غلادباخ');
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
    expect(withoutSoftHyphens(await page.locator('.site-footer').innerText())).toContain('Mitreden ist eine kommunale Beteiligungsplattform.');
    expect(await page.locator('h1, .site-footer').allInnerTexts()).not.toContainEqual(expect.stringMatching(/Musterstadt|Bergisch Gladbach/));
  });

  it('names the city in the staff footer as the residents’ pages do: the process’s on its pages, the shared one elsewhere, else none', async () => {
    const draft = buildProcess(h.db, { slug: 'entwurf-beispielstadt', title: 'Entwurf Beispielstadt' });
    h.db.$client.prepare(`update processes set status = 'draft', city = '{"de":"Beispielstadt"}' where slug = ?`).run(draft);
    try {
      await staffFooters(draft);
    } finally {
      // The draft goes again: the next test counts the cities of every process.
      h.db.$client.prepare('delete from processes where slug = ?').run(draft);
    }
  });

  async function staffFooters(draft: string) {
    const footer = (page: Page) => page.locator('.site-footer');
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });

    // Two cities on the start page: the sign-in page and the admin's overview name neither.
    await page.goto(`${h.baseUrl}/login`);
    await footer(page).getByText('Mitreden ist eine kommunale Beteiligungsplattform.', { exact: false }).waitFor();
    expect(await footer(page).innerText()).not.toMatch(/Musterstadt|Bergisch Gladbach|Beispielstadt/);
    await signInAs(page, h.baseUrl, admin.username, '/admin');
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await footer(page).getByText('kommunale Beteiligungsplattform', { exact: false }).waitFor();

    // A page of one process names that process's city: Musterstadt's survey editor, the default process's results, a draft's set-up.
    await page.goto(`${h.baseUrl}/admin/p/${musterstadt}/umfrage`);
    await page.getByRole('heading', { name: 'Vorschau' }).waitFor();
    await footer(page).getByText('Mitreden ist eine Beteiligungsplattform der Stadt Musterstadt.', { exact: false }).waitFor();
    await footer(page).scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/city-staff-musterstadt-390.png' });
    await page.goto(`${h.baseUrl}/auswertung/p/${h.slug}`);
    await page.getByRole('heading', { level: 1, name: /Auswertung/ }).waitFor();
    await footer(page).getByText('der Stadt Bergisch Gladbach.', { exact: false }).waitFor();
    await page.goto(`${h.baseUrl}/admin/p/${draft}/struktur`);
    await page.getByRole('textbox', { name: 'Stadt', exact: true }).waitFor();
    await footer(page).getByText('der Stadt Beispielstadt.', { exact: false }).waitFor();

    // With Musterstadt archived, every process on the start page is Bergisch Gladbach's: so is the platform, in English too.
    setStatus(musterstadt, 'archived');
    try {
      await page.goto(`${h.baseUrl}/admin`);
      await footer(page).getByText('Mitreden ist eine Beteiligungsplattform der Stadt Bergisch Gladbach.', { exact: false }).waitFor();
      await switchLanguage(page, 'en');
      await footer(page).getByText('Mitreden is a participation platform of the city of Bergisch Gladbach.', { exact: false }).waitFor();
      await page.goto(`${h.baseUrl}/admin/p/${musterstadt}/einwohner`);
      await page.getByRole('heading', { level: 1, name: /Population figures/ }).waitFor();
      await footer(page).getByText('of the city of Musterstadt.', { exact: false }).waitFor();
      await footer(page).scrollIntoViewIfNeeded();
      await page.screenshot({ path: '/tmp/city-staff-en-390.png' });
      await switchLanguage(page, 'de');
    } finally {
      setStatus(musterstadt, 'public');
    }
  }

  it('pre-fills the new process’s city only when every process shares one', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage();
    await signInAs(page, h.baseUrl, admin.username, '/admin/verfahren/neu');
    const city = page.getByLabel('Stadt');
    await city.waitFor();
    expect(await city.inputValue()).toBe('');
    expect(await city.getAttribute('required')).not.toBeNull();

    setCity(musterstadt, { de: 'Bergisch Gladbach' });
    try {
      await page.reload();
      await page.getByLabel('Stadt').waitFor();
      expect(await page.getByLabel('Stadt').inputValue()).toBe('Bergisch Gladbach');
    } finally {
      setCity(musterstadt, { de: 'Musterstadt' });
    }
  });

  it('names the city in the page’s language: بيرغيش غلادباخ in the Arabic footer and heading, not the German name in Latin letters', async () => {
    setStatus(musterstadt, 'archived');
    try {
      const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(`${h.baseUrl}/?lang=ar`);
      await page.getByRole('heading', { level: 1, name: 'شارك برأيك – بيرغيش غلادباخ' }).waitFor();
      const footer = page.locator('.site-footer');
      expect(await footer.innerText()).toContain('Mitreden منصة مشاركة تابعة لمدينة بيرغيش غلادباخ.');
      expect(await page.locator('h1, .site-footer').allInnerTexts()).not.toContainEqual(expect.stringContaining('Bergisch Gladbach'));
      // Arabic's own name is no fallback: nothing in heading or footer is marked German.
      expect(await page.locator('h1 [lang], .site-footer [lang]').count()).toBe(0);

      await page.goto(`${h.baseUrl}/p/${h.slug}?lang=ar`);
      await page.getByRole('heading', { level: 1, name: 'مفهوم الاندماج في بيرغيش غلادباخ' }).waitFor();
      expect(await footer.innerText()).toContain('لمدينة بيرغيش غلادباخ');
      expect(await footer.innerText()).not.toContain('Bergisch Gladbach');

      for (const [language, name] of [['uk', 'Бергіш-Гладбах'], ['ru', 'Бергиш-Гладбах'], ['tr', 'Bergisch Gladbach']] as const) {
        await page.goto(`${h.baseUrl}/p/${h.slug}?lang=${language}`);
        await footer.locator('bdi').getByText(name, { exact: true }).waitFor();
        expect(await footer.locator('[lang="de"]').count(), language).toBe(0);
      }
    } finally {
      setStatus(musterstadt, 'public');
    }
  });

  it('shows the German name, marked lang="de", where a language has no name of its own; an admin gives it one in the process editor', async () => {
    // Musterstadt has only its German name: the Russian page names it in German, marked so.
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    const footer = page.locator('.site-footer');
    await page.goto(`${h.baseUrl}/p/${musterstadt}?lang=ru`);
    await page.getByRole('heading', { level: 1, name: 'Klimaplan Musterstadt' }).waitFor();
    const german = footer.locator('bdi[lang="de"]');
    expect(await german.innerText()).toBe('Musterstadt');
    expect(await german.getAttribute('dir')).toBe('ltr');
    expect(await footer.innerText()).toContain('платформа участия города Musterstadt.');
    // The survey's footer, too.
    await page.goto(`${h.baseUrl}/p/${musterstadt}/umfrage?lang=ru`);
    await page.getByRole('button', { name: 'Начать опрос', exact: true }).waitFor();
    expect(await footer.locator('bdi[lang="de"]').innerText()).toBe('Musterstadt');

    // In Arabic as well, where the Latin name stands isolated in a right-to-left sentence.
    await page.goto(`${h.baseUrl}/p/${musterstadt}?lang=ar`);
    await page.getByRole('heading', { level: 1, name: 'Klimaplan Musterstadt' }).waitFor();
    expect(await footer.locator('bdi[lang="de"]').innerText()).toBe('Musterstadt');

    const admin = await buildUser(h.db, { role: 'admin' });
    const staff = await h.newPage({ viewport: { width: 800, height: 1280 } });
    await signInAs(staff.page, h.baseUrl, admin.username, `/admin/p/${musterstadt}/struktur`);
    const russian = staff.page.locator('details.translation', { hasText: 'Русский' });
    await russian.locator('summary').click();
    const name = russian.getByLabel('Stadt (Русский)');
    // Empty until given: the German name shows as the placeholder.
    expect([await name.inputValue(), await name.getAttribute('placeholder'), await name.getAttribute('lang')]).toEqual(['', 'Musterstadt', 'ru']);
    await name.fill('Мустерштадт');
    await staff.page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await staff.page.getByText('Gespeichert', { exact: false }).waitFor();
    try {
      expect(JSON.parse(h.db.$client.prepare('select city from processes where slug = ?').pluck().get(musterstadt) as string)).toEqual({ de: 'Musterstadt', ru: 'Мустерштадт' });
      await page.goto(`${h.baseUrl}/p/${musterstadt}?lang=ru`);
      await footer.getByText('платформа участия города Мустерштадт.', { exact: false }).waitFor();
      expect(await footer.locator('[lang="de"]').count()).toBe(0);
    } finally {
      setCity(musterstadt, { de: 'Musterstadt' });
    }
  });
});
