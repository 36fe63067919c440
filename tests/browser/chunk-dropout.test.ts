import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SURVEY, SURVEY_TEXTS } from '../../db/seed/default-survey.ts';
import { fillPlaceholders } from '../../shared/i18n/catalog.ts';
import type { Language } from '../../shared/languages.ts';
import { startHarness, type BrowserHarness } from './harness.ts';

/**
 * A piece of the page's JavaScript that could not load during a dropout (Chromium keeps a failed
 * `import()` until the page is loaded afresh, client/chunks.ts): back online, the resident gets on
 * without doing anything a resident would not think of.
 */

const catalog = (area: string, language: Language): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../shared/i18n/${area}/${language}.json`, import.meta.url), 'utf8'));
const survey = (language: Language) => catalog('survey', language);
const heading = (page: Page) => page.locator('h1');
const PAGES = DEFAULT_SURVEY.sections.length + 1;
const progress = (language: Language, n: number) => fillPlaceholders(survey(language).progress!, { n, total: PAGES });

/** Starts the survey and walks to the last page before the review (the district answered on the way). */
async function toLastQuestionPage(page: Page, language: Language) {
  await page.getByRole('button', { name: survey(language).start!, exact: true }).click();
  await page.getByText(progress(language, 1), { exact: true }).waitFor();
  for (let n = 2; n < PAGES; n++) {
    if (await page.locator('#q-district').count()) await page.locator('#q-district').selectOption('gronau');
    await page.getByRole('button', { name: survey(language).next!, exact: true }).click();
    await page.getByText(progress(language, n), { exact: true }).waitFor();
  }
  if (await page.locator('#q-district').count()) await page.locator('#q-district').selectOption('gronau');
}

describe('a chunk that failed to load during a dropout', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  const storedWithId = (id: string) => h.db.$client.prepare('select count(*) as n from responses where client_id = ?').get(id) as { n: number };
  const draftId = (page: Page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key)!).id as string, `mitreden.survey.${h.slug}`);

  for (const language of ['de', 'ar'] as const) {
    it(`sends the answers once when the sending code missed the review page offline, saying the page reloads and the answers stay (${language})`, async () => {
      const { page, context } = await h.newPage({ locale: language, viewport: { width: 390, height: 844 } });
      await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
      await toLastQuestionPage(page, language);
      const id = await draftId(page);
      // The sending code stays failed until the page is loaded afresh, as in a browser that keeps a failed import
      // in its module map (Chromium up to at least 150; Debian's 156.0.8078.114 fetches it again, and then sends without reloading).
      let keptFailed = true;
      await page.route(/\/assets\/send-[^/]*\.js$/, (route) => (keptFailed ? route.abort('internetdisconnected') : route.continue()));
      // Offline on the way to the review page, which loads the sending code.
      await context.setOffline(true);
      await page.getByRole('button', { name: survey(language).next!, exact: true }).click();
      await heading(page).getByText(survey(language).reviewTitle!).waitFor();
      await context.setOffline(false);
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) keptFailed = false;
      });
      // What the page says before it reloads, noted where the reload keeps it (this tab's session storage).
      await page.evaluate(() => {
        new MutationObserver(() => {
          const said = document.querySelector('[role="status"] .notice')?.textContent;
          if (said) sessionStorage.setItem('said', `${sessionStorage.getItem('said') ?? ''}${said}\n`);
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await page.getByRole('button', { name: survey(language).submit!, exact: true }).click();
      await heading(page).getByText(SURVEY_TEXTS.thanks.title[language]!).waitFor({ timeout: 30_000 });
      expect(storedWithId(id).n).toBe(1);
      expect((await page.evaluate(() => sessionStorage.getItem('said')))?.split('\n')).toContain(survey(language).reloadToSend);
      expect(await page.evaluate((key) => localStorage.getItem(key), `mitreden.survey.${h.slug}`)).toBeNull();
    });
  }

  it('waits instead of reloading into the browser\'s error page while the server cannot be reached, though the phone says it is online', async () => {
    const { page } = await h.newPage({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await toLastQuestionPage(page, 'de');
    const id = await draftId(page);
    // A Wi-Fi without internet: the phone reports online, nothing arrives.
    await page.route('**/*', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: survey('de').next!, exact: true }).click();
    await heading(page).getByText(survey('de').reviewTitle!).waitFor();
    expect(await page.evaluate(() => navigator.onLine)).toBe(true);
    await page.getByRole('button', { name: survey('de').submit!, exact: true }).click();
    await page.getByText(/Gerade klappt die Verbindung nicht/).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: '/tmp/imp/survey-liefi-de.png' });
    expect(page.url()).toBe(`${h.baseUrl}/p/${h.slug}/umfrage`);
    expect(storedWithId(id).n).toBe(0);
    await page.unroute('**/*');
    await page.getByRole('button', { name: 'Jetzt erneut senden' }).click();
    await heading(page).getByText(SURVEY_TEXTS.thanks.title.de).waitFor({ timeout: 30_000 });
    expect(storedWithId(id).n).toBe(1);
  });

  it('shows the question pages when the resident tries again after they failed to load', async () => {
    const { page } = await h.newPage({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    await page.route('**/assets/survey-pages-*.js', (route) => route.abort('internetdisconnected'));
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await page.getByRole('button', { name: survey('de').start!, exact: true }).click();
    await page.getByText(survey('de').loadFailed!).waitFor();
    await page.unroute('**/assets/survey-pages-*.js');
    await page.getByRole('button', { name: survey('de').tryAgain!, exact: true }).click();
    await page.getByText(progress('de', 1), { exact: true }).waitFor();
    await page.getByRole('button', { name: survey('de').next!, exact: true }).waitFor();
  });

  it('shows the questions page by itself once back online when they failed to load offline', async () => {
    const { page, context } = await h.newPage({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    await page.route('**/assets/survey-pages-*.js', (route) => route.abort('internetdisconnected'));
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await page.getByRole('button', { name: survey('de').start!, exact: true }).waitFor();
    await context.setOffline(true);
    await page.unroute('**/assets/survey-pages-*.js');
    await page.getByRole('button', { name: survey('de').start!, exact: true }).click();
    await page.getByText(survey('de').loadFailed!).waitFor();
    await context.setOffline(false);
    await page.getByText(progress('de', 1), { exact: true }).waitFor({ timeout: 15_000 });
  });

  it('opens a page whose link was followed offline once the connection is back', async () => {
    const { page, context } = await h.newPage({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    await page.goto(`${h.baseUrl}/p/${h.slug}`);
    const toMeasures = page.getByRole('link', { name: catalog('public', 'de').toMeasures!, exact: true });
    await toMeasures.waitFor();
    const title = await heading(page).innerText();
    await context.setOffline(true);
    await toMeasures.click();
    await page.waitForURL(new RegExp(`/p/${h.slug}/massnahmen`));
    // Offline the process page stays on screen.
    expect(await heading(page).innerText()).toBe(title);
    await context.setOffline(false);
    await page.getByRole('heading', { level: 1, name: /^Maßnahmen: / }).waitFor({ timeout: 15_000 });
  });
});
