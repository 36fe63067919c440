import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Language } from '../../shared/languages.ts';
import type { Page } from 'playwright-core';
import { fillPlaceholders } from '../../shared/i18n/catalog.ts';
import { buildProcess } from '../factories/processes.ts';
import { controlNames, languageSwitch, startHarness, strayPunctuationSpace, switchLanguage, type BrowserHarness } from './harness.ts';

const words = (language: Language) => JSON.parse(readFileSync(new URL(`../../shared/i18n/survey/${language}.json`, import.meta.url), 'utf8')) as Record<string, string>;
const start = (language: Language) => words(language).start!;

describe('the survey’s language switch in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
    // A privacy notice whose title is German only (its paragraphs translated), before anything asked for the survey.
    h.db.$client.prepare(`update surveys set texts = json_set(texts, '$.privacy.title', json('{"de":"Datenschutz bei dieser Umfrage"}'))`).run();
  });
  afterAll(() => h?.close());

  /** The survey's texts asked of the server, by language, as the page asks for them. */
  const surveyRequests = (page: Page) => {
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === `/api/processes/${h.slug}/survey`) asked.push(url.searchParams.get('lang') ?? '');
    });
    return asked;
  };
  const focused = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText.trim() ?? '');
  const pageLanguage = (page: Page) => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);

  it('asks for a language once, even where a text has no translation, and marks that text German', async () => {
    const { page } = await h.newPage({ locale: 'de-DE' });
    const asked = surveyRequests(page);
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await page.getByRole('button', { name: start('de'), exact: true }).waitFor();
    const title = page.locator('h2', { hasText: 'Datenschutz bei dieser Umfrage' });
    expect(await title.getAttribute('lang')).toBeNull();
    const choose = async (language: Language) => {
      await switchLanguage(page, language);
      await page.getByRole('button', { name: start(language), exact: true }).waitFor();
    };
    await choose('en');
    expect(await title.getAttribute('lang')).toBe('de');
    await choose('de');
    await choose('en');
    await choose('de');
    await choose('en');
    expect(await title.getAttribute('lang')).toBe('de');
    expect(asked).toEqual(['de', 'en']);
    // Between two other languages, each is asked for once as well.
    await choose('tr');
    await choose('en');
    await choose('tr');
    expect(asked).toEqual(['de', 'en', 'tr']);
  });

  /** Every target of the switch at least 44 px high, and the open list within the phone's width. */
  const expectFitsPhone = async (page: Page) => {
    const boxes = await page.locator('.language-switcher button:visible').evaluateAll((buttons) => buttons.map((button) => button.getBoundingClientRect()).map(({ left, right, height }) => ({ left, right, height })));
    expect(boxes.length).toBeGreaterThan(1);
    for (const box of boxes) {
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(390);
    }
  };

  it('changes the language only when one is chosen, with the keyboard alone: arrow keys pass by, Escape closes, Enter chooses, and the answers stay', async () => {
    const { page } = await h.newPage({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    const asked = surveyRequests(page);
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await page.getByRole('button', { name: start('de'), exact: true }).click();
    await page.getByRole('button', { name: words('de').next!, exact: true }).click();
    await page.locator('#q-work-idea').fill('Mehr Sprachcafés am Abend.');
    const address = page.url();

    // From the skip link, Tab passes the brand and lands on the switch, which names the language in its own name.
    await page.locator('.skip-link').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const toggle = languageSwitch(page);
    expect(await toggle.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await controlNames(page)).toContain('Sprache · Language: Deutsch');
    // Arrow keys on the closed switch change nothing: no language passed through, none loaded.
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowUp', 'ArrowRight', 'ArrowDown']) await page.keyboard.press(key);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await pageLanguage(page)).toEqual(['de', 'ltr']);
    expect(page.url()).toBe(address);

    // Enter opens the list: every language in its own name and language, Arabic right to left, German marked as the current one.
    await page.keyboard.press('Enter');
    const list = page.getByRole('list', { name: 'Sprache · Language: Deutsch' });
    await list.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await list.getByRole('button').allInnerTexts()).toEqual(['Deutsch', 'Leichte Sprache', 'English', 'Türkçe', 'Українська', 'العربية', 'Polski', 'Italiano', 'Русский']);
    expect(await list.locator('[aria-current="true"]').innerText()).toBe('Deutsch');
    expect(await list.getByRole('button', { name: 'العربية', exact: true }).getAttribute('lang')).toBe('ar');
    expect(await list.getByRole('button', { name: 'العربية', exact: true }).locator('[dir="rtl"]').count()).toBe(1);
    expect(await list.getByRole('button', { name: 'Українська', exact: true }).getAttribute('lang')).toBe('uk');
    await expectFitsPhone(page);
    // Tab enters the list; arrow keys move between the entries and choose none; Escape closes and gives the focus back to the switch.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Deutsch');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('English');
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden' });
    expect(await toggle.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await pageLanguage(page)).toEqual(['de', 'ltr']);

    // Space opens it again; End reaches Русский, the last, and Enter chooses it: the page speaks Russian, the list is closed, the focus on the switch.
    await page.keyboard.press('Space');
    await list.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('End');
    expect(await focused(page)).toBe('Русский');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Язык · Language: Русский', exact: true }).waitFor();
    await page.getByRole('button', { name: words('ru').next!, exact: true }).waitFor();
    expect(await pageLanguage(page)).toEqual(['ru', 'ltr']);
    expect(await languageSwitch(page).getAttribute('aria-expanded')).toBe('false');
    expect(await languageSwitch(page).evaluate((element) => element === document.activeElement)).toBe(true);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('ru');
    // Only the language chosen was loaded, and what was typed is still there.
    expect(asked).toEqual(['de', 'ru']);
    expect(await page.locator('#q-work-idea').inputValue()).toBe('Mehr Sprachcafés am Abend.');
    expect(strayPunctuationSpace(await controlNames(page))).toEqual([]);
  });

  it('says in the resident’s language that a process’s survey is not open yet when it has no published version, and that an unknown address has no survey', async () => {
    // A public process whose questionnaire is still a draft: a poster printed early leads here.
    const slug = buildProcess(h.db);
    h.db.$client.prepare('delete from surveys where process_id = (select id from processes where slug = ?)').run(slug);
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${h.baseUrl}/p/${slug}/umfrage?lang=tr`);
    await page.getByRole('heading', { level: 1, name: words('tr').closedTitle }).waitFor();
    expect(await page.getByText(words('tr').notFound!).count()).toBe(0);
    expect(await page.getByRole('link', { name: words('tr').toProcess }).getAttribute('href')).toBe(`/p/${slug}?lang=tr`);

    await page.goto(`${h.baseUrl}/p/gibt-es-nicht/umfrage?lang=tr`);
    await page.getByText(words('tr').notFound!).waitFor();
    expect(await page.getByRole('heading', { level: 1, name: words('tr').closedTitle }).count()).toBe(0);
  });

  it('gives an address without a survey a language switch and a way on to the start page', async () => {
    const { page } = await h.newPage({ locale: 'ar', viewport: { width: 390, height: 844 } });
    await page.goto(`${h.baseUrl}/p/gibt-es-nicht/umfrage`);
    await page.getByText(words('ar').notFound!).waitFor();
    expect(await pageLanguage(page)).toEqual(['ar', 'rtl']);
    expect(await page.getByRole('link', { name: words('ar').toStart!, exact: true }).getAttribute('href')).toBe('/?lang=ar');
    // A resident who reads Leichte Sprache better picks it here too, and the page says the same in it.
    await switchLanguage(page, 'de-easy');
    await page.getByText(words('de-easy').notFound!).waitFor();
    expect(await pageLanguage(page)).toEqual(['de', 'ltr']);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('de-easy');
    await page.getByRole('link', { name: words('de-easy').toStart!, exact: true }).click();
    await page.waitForURL(`${h.baseUrl}/?lang=de-easy`);
    await languageSwitch(page).getByText('Leichte Sprache').waitFor();
  });

  it('says so in the page\'s language when a language cannot load because the connection dropped, and keeps speaking the one it speaks', async () => {
    const { page, context } = await h.newPage({ locale: 'ar', viewport: { width: 390, height: 844 } });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await page.getByRole('button', { name: start('ar'), exact: true }).click();
    await page.getByRole('button', { name: words('ar').next!, exact: true }).click();
    await page.locator('#q-work-idea').fill('دروس لغة في المساء');
    await context.setOffline(true);
    await switchLanguage(page, 'tr');
    // Arabic still, and said in Arabic, naming Türkçe in its own name; no Turkish switch over Arabic words.
    await page.getByRole('status').getByText(fillPlaceholders(words('ar').languageUnreachable!, { language: 'Türkçe' })).waitFor();
    expect(await pageLanguage(page)).toEqual(['ar', 'rtl']);
    await page.getByRole('button', { name: 'اللغة · Language: العربية', exact: true }).waitFor();
    expect(await page.locator('#q-work-idea').inputValue()).toBe('دروس لغة في المساء');
    // Back online, the same choice works.
    await context.setOffline(false);
    await switchLanguage(page, 'tr');
    await page.getByRole('button', { name: words('tr').next!, exact: true }).waitFor();
    expect(await pageLanguage(page)).toEqual(['tr', 'ltr']);
    expect(await page.getByRole('status').getByText('Türkçe').count()).toBe(0);
    expect(await page.locator('#q-work-idea').inputValue()).toBe('دروس لغة في المساء');
  });

  it('closes the list when the pointer goes elsewhere or the Tab key leaves it, without changing the language', async () => {
    const { page } = await h.newPage({ locale: 'ar', viewport: { width: 390, height: 844 } });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await page.getByRole('button', { name: start('ar'), exact: true }).waitFor();
    const toggle = languageSwitch(page);
    await toggle.click();
    const list = page.getByRole('list', { name: 'اللغة · Language: العربية' });
    await list.waitFor();
    await expectFitsPhone(page);
    await page.locator('.site-footer').click();
    await list.waitFor({ state: 'hidden' });
    await toggle.click();
    await list.waitFor();
    // Past the last entry, the Tab key leaves the switch, and the list closes behind it.
    await list.getByRole('button', { name: 'Русский', exact: true }).focus();
    await page.keyboard.press('Tab');
    await list.waitFor({ state: 'hidden' });
    expect(await pageLanguage(page)).toEqual(['ar', 'rtl']);
  });
});

