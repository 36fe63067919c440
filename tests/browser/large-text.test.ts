import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { takeUpInMeasure } from '../factories/measures.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { signIn as signInAgent } from '../helpers/app.ts';
import { recordContribution } from '../../server/features/contributions/contributions.service.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { contentHash } from '../../server/hash.ts';
import { formatReceiptCode, makeReceiptCode } from '../../shared/receipts/code.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../shared/languages.ts';
import { brokenWords, controlNames, largeText, startHarness, type BrowserHarness } from './harness.ts';

/** The smallest phone WCAG 1.4.10 asks for: 320 CSS px wide. */
const SMALL_PHONE = { width: 320, height: 568 };

const surveyWords = (language: Language): Record<string, string> => JSON.parse(readFileSync(new URL(`../../shared/i18n/survey/${language}.json`, import.meta.url), 'utf8'));
const publicWords = (language: Language): Record<string, string> => JSON.parse(readFileSync(new URL(`../../shared/i18n/public/${language}.json`, import.meta.url), 'utf8'));

const wordsOf = (texts: unknown): string[] =>
  typeof texts === 'string' ? (texts.match(/[\p{L}\p{N}]+/gu) ?? []) : texts && typeof texts === 'object' ? Object.values(texts).flatMap(wordsOf) : [];

/**
 * The words of the public pages' and the survey's catalogs in a language, cut where they are at a soft hyphen, as
 * `brokenWords` cuts them; without the words of the default process's own texts (the seed's data, its title and phases:
 * „Beteiligungs- und Aktivierungsphase“), which the catalogs do not write.
 */
function catalogWords(language: Language) {
  const processWords = new Set(wordsOf(JSON.parse(readFileSync(new URL(`../../shared/i18n/default-process/${language}.json`, import.meta.url), 'utf8'))));
  return new Set(wordsOf([publicWords(language), surveyWords(language)]).filter((word) => !processWords.has(word)));
}


/** How far the page reaches past the screen's edges (left in Arabic, right otherwise): 0 where nothing needs scrolling sideways. */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Whether the element lies within the screen's width. */
async function withinScreen(page: Page, selector: string) {
  const box = (await page.locator(selector).last().boundingBox())!;
  return box.x >= 0 && box.x + box.width <= SMALL_PHONE.width;
}

/** Opens the start page in `language` and checks that its „Zur Umfrage“ lies wholly on the small phone's first screen. */
async function surveyLinkInView(page: Page, baseUrl: string, language: Language) {
  await page.goto(`${baseUrl}/?lang=${language}`);
  const toSurvey = page.getByRole('link', { name: publicWords(language).toSurvey, exact: true });
  await toSurvey.waitFor();
  const box = (await toSurvey.boundingBox())!;
  expect(box.y, language).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, language).toBeLessThanOrEqual(SMALL_PHONE.height);
  return { toSurvey, box };
}

/**
 * The Arabic words on screen that break across two lines: an Arabic word cut in its middle
 * changes its letters' joined shapes and is hard to read. Hidden text (the honeypot) does not count.
 */
const brokenArabicWords = async (page: Page) => (await brokenWords(page.locator('body'))).filter((word) => /[\u0600-\u06FF]/.test(word));

describe('large text on a 320 px phone (WCAG 1.4.4 and 1.4.10)', () => {
  let h: BrowserHarness;
  let receipt: string;
  beforeAll(async () => {
    h = await startHarness();
    const process = findProcessBySlug(h.db, h.slug)!;
    // A stall note with its receipt, taken up in a measure ("in Umsetzung", 40 %).
    const id = randomUUID();
    const text = 'Abends Deutschkurse in Bensberg.';
    receipt = recordContribution(h.db, {
      id,
      processId: process.id,
      channel: 'stall',
      text,
      language: 'de',
      capturedOn: '2026-05-09',
      stadtteilKey: 'bensberg',
      contentHash: contentHash({ id, text }),
      fieldsOfAction: ['bildung'],
      tagSource: 'staff',
      receipt: makeReceiptCode(),
    }).code!;
    takeUpInMeasure(h.db, process.id, id);
  });
  afterAll(() => h?.close());

  it('hides the skip link wholly above the screen until the keyboard reaches it, then shows it whole', async () => {
    const { page } = await h.newPage({ viewport: SMALL_PHONE });
    await largeText(page);
    await page.goto(`${h.baseUrl}/p/${h.slug}?lang=uk`);
    const skip = page.locator('.skip-link');
    await page.locator('h1').waitFor();
    const hidden = (await skip.boundingBox())!;
    expect(hidden.y + hidden.height).toBeLessThanOrEqual(0);
    await page.keyboard.press('Tab');
    await expect.poll(() => skip.evaluate((link) => link === document.activeElement)).toBe(true);
    await expect.poll(async () => (await skip.boundingBox())!.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('puts „Zur Umfrage“ on the first screen of the start page on a 320×568 phone in all nine languages: the header one row, the staff\'s sign-in in the footer', async () => {
    const { page } = await h.newPage({ viewport: SMALL_PHONE });
    for (const language of LANGUAGES) {
      await surveyLinkInView(page, h.baseUrl, language);
      expect(await withinScreen(page, 'main a.button'), language).toBe(true);
      // One row: the header no taller than its language switch and its edges, brand and switch side by side.
      const header = (await page.locator('.site-header').boundingBox())!;
      const toggle = (await page.locator('.language-toggle').boundingBox())!;
      expect(header.height, language).toBeLessThanOrEqual(toggle.height + 24);
      expect(await sidewaysOverflow(page), language).toBe(0);
      // Staff still find their sign-in, named in the page's language, a 44 px target, at the page's end.
      const signIn = page.locator('.site-footer a[href="/login"]');
      expect(await signIn.innerText(), language).toBe(publicWords(language).login!.replaceAll('\u00ad', ''));
      expect((await signIn.boundingBox())!.height, language).toBeGreaterThanOrEqual(44);
      expect(await page.locator('.site-header a[href="/login"]').count(), language).toBe(0);
    }
  });

  it('puts „Zur Umfrage“ right below the start page\'s heading on a 320×568 phone at 200 % text in all nine languages, its words whole; the note and the introduction follow', async () => {
    const { page } = await h.newPage({ viewport: SMALL_PHONE });
    await largeText(page);
    for (const language of LANGUAGES) {
      const { toSurvey, box } = await surveyLinkInView(page, h.baseUrl, language);
      expect(await withinScreen(page, '.start-survey a'), language).toBe(true);
      expect(await brokenWords(toSurvey), language).toEqual([]);
      expect(await sidewaysOverflow(page), language).toBe(0);
      // Nothing is hidden: the introduction (and the note on a machine translation) follow, and the process's card keeps its way to the process.
      const intro = page.getByText(publicWords(language).startIntro!, { exact: true });
      expect((await intro.boundingBox())!.y, language).toBeGreaterThan(box.y + box.height);
      if (language !== 'de' && language !== 'de-easy') expect((await page.locator('.machine-note').boundingBox())!.y, language).toBeGreaterThan(box.y);
      await page.locator('.card').getByRole('link', { name: publicWords(language).toProcess, exact: true }).waitFor();
    }
  });

  it('hyphenates a process\'s own long words in headings and questions where the language does, not in Leichte Sprache nor Arabic, on a 360 px phone at 200 %', async () => {
    // Debian's headless Chromium has no hyphenation words, so what a phone shows („Integrations-|konzept“) cannot be seen
    // here: the test checks the style each element gets in its language, and that nothing reaches past the screen.
    const expected = { de: 'auto', tr: 'auto', uk: 'auto', 'de-easy': 'manual', ar: 'manual' } as const;
    for (const [language, style] of Object.entries(expected)) {
      // A fresh phone each time: a survey begun is resumed, not started.
      const { page } = await h.newPage({ viewport: { width: 360, height: 800 } });
      await largeText(page);
      const hyphens = (selector: string) => page.locator(selector).first().evaluate((element) => getComputedStyle(element).hyphens);
      await page.goto(`${h.baseUrl}/p/${h.slug}?lang=${language}`);
      await page.locator('.phases strong').first().waitFor();
      expect([await hyphens('h1'), await hyphens('.process-description'), await hyphens('.phases strong'), await hyphens('main h2')], language).toEqual([style, style, style, style]);
      expect(await sidewaysOverflow(page), language).toBe(0);
      await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=${language}`);
      await page.getByRole('button', { name: surveyWords(language as Language).start, exact: true }).click();
      await page.getByRole('button', { name: surveyWords(language as Language).next, exact: true }).click();
      await page.locator('legend').first().waitFor();
      expect([await hyphens('legend'), await hyphens('label')], language).toEqual([style, style]);
      expect(await sidewaysOverflow(page), language).toBe(0);
    }
  });

  it('keeps the residents\' header a short strip on a 390×844 phone in all nine languages, at normal and at 200 % text, the switch still named in full', async () => {
    const phone = { width: 390, height: 844 };
    const { page } = await h.newPage({ viewport: phone });
    const headerHeight = async (language: Language) => {
      await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=${language}`);
      await page.getByRole('button', { name: surveyWords(language).start, exact: true }).waitFor();
      return (await page.locator('.site-header').boundingBox())!.height;
    };
    for (const language of LANGUAGES) {
      // An eighth of the screen at most: brand and language switch on one row.
      expect(await headerHeight(language), language).toBeLessThanOrEqual(phone.height / 8);
      // „Sprache · Language: …“ is what a screen reader still says, though the phone shows the globe and the language's name.
      const inEnglish = language === 'en' ? '' : ' · Language';
      expect(await controlNames(page), language).toContain(`${surveyWords(language).language}${inEnglish}: ${LANGUAGE_NAMES[language]}`);
    }
    await largeText(page);
    // With large text a sixth at most, no longer a third or more.
    for (const language of LANGUAGES) expect(await headerHeight(language), `${language} at 200 %`).toBeLessThanOrEqual(phone.height / 6);
    // The globe alone still opens the list of languages, whole on the screen.
    await page.locator('.language-toggle').click();
    const entries = page.locator('.language-list button');
    await entries.first().waitFor();
    for (let i = 0; i < (await entries.count()); i++) {
      const box = (await entries.nth(i).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(phone.width);
    }
  });

  // 390×844 since the button follows the heading; 360×800 and 320×568 since the header is one row
  // and heading, edges and button are tighter on a screen of few lines (styles.css).
  it.each([SMALL_PHONE, { width: 360, height: 800 }, { width: 390, height: 844 }])(
    'shows the survey\'s start button without scrolling on a $width×$height phone at 200 % text in all nine languages, the heading and the privacy sentence below it whole',
    async (phone) => {
      const { page } = await h.newPage({ viewport: phone });
      await largeText(page);
      for (const language of LANGUAGES) {
        await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=${language}`);
        const start = page.getByRole('button', { name: surveyWords(language).start, exact: true });
        await start.waitFor();
        const box = (await start.boundingBox())!;
        expect(box.y + box.height, language).toBeLessThanOrEqual(phone.height);
        expect(box.y, language).toBeGreaterThanOrEqual(0);
        // Nothing hidden for it: the heading is there above it, the brand and the language switch in the header.
        expect(await page.locator('h1').isVisible(), language).toBe(true);
        expect(await page.locator('.brand').isVisible(), language).toBe(true);
        expect(await page.locator('.language-toggle').isVisible(), language).toBe(true);
        // The privacy sentence is still on the start screen, right below the button.
        const summary = page.getByText(surveyWords(language).privacySummary!, { exact: true });
        expect((await summary.boundingBox())!.y, language).toBeGreaterThan(box.y + box.height);
        expect(await sidewaysOverflow(page), language).toBe(0);
      }
    },
  );

  it('breaks no Arabic word in its middle on any page of the survey on a 360 px phone at 200 %', async () => {
    const words = surveyWords('ar');
    const { page } = await h.newPage({ viewport: { width: 360, height: 780 }, locale: 'ar' });
    await largeText(page);
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=ar`);
    const start = page.getByRole('button', { name: words.start, exact: true });
    await start.waitFor();
    const broken = new Set(await brokenArabicWords(page));
    await start.click();
    const heading = page.locator('h1');
    while ((await heading.innerText()) !== words.reviewTitle) {
      for (const word of await brokenArabicWords(page)) broken.add(word);
      const before = await heading.innerText();
      await page.getByRole('button', { name: words.next, exact: true }).click();
      await expect.poll(() => heading.innerText()).not.toBe(before);
    }
    for (const word of await brokenArabicWords(page)) broken.add(word);
    expect([...broken]).toEqual([]);
  });

  // Before, „Beteiligungsplattform“ in the footer broke as „Beteiligungsplattfor|m“, „Handlungsfelder“ and
  // „Datenschutzbeauftragte“ in headings and „Zum Verfahren“ in its button in their middles. The process's own texts
  // (its title, phases and questions: the seed's data) are not the catalog's and not checked here.
  it.each(['de', 'de-easy'] as const)('breaks no word of the catalog in its middle on the public pages and the survey\'s start on a 360 px phone at double text size (%s); the tab\'s title has no soft hyphens', async (language) => {
    const { page } = await h.newPage({ viewport: { width: 360, height: 740 } });
    await largeText(page);
    const words = catalogWords(language);
    const broken = new Set<string>();
    const paths = ['/', `/p/${h.slug}`, `/p/${h.slug}/massnahmen`, `/p/${h.slug}/beitrag/${formatReceiptCode(receipt)}`, `/p/${h.slug}/ergebnisse`, '/impressum', '/datenschutz', '/barrierefreiheit', '/gibt-es-nicht', `/p/${h.slug}/umfrage`];
    for (const path of paths) {
      await page.goto(`${h.baseUrl}${path}?lang=${language}`);
      await page.locator('h1').waitFor();
      await page.locator('.site-footer').waitFor();
      // The page's own words are there (not a loading frame): its footer names the platform.
      await expect.poll(() => page.locator('.site-footer').innerText()).toContain('Mitreden');
      for (const word of await brokenWords(page.locator('body'))) if (words.has(word)) broken.add(`${path}: ${word}`);
      expect(await page.evaluate(() => document.title), path).not.toContain('\u00ad');
    }
    expect([...broken]).toEqual([]);
    await page.goto(`${h.baseUrl}/datenschutz?lang=de`);
    await expect.poll(() => page.evaluate(() => document.title)).toBe('Datenschutzerklärung – Mitreden');
  });

  it('keeps all five steps of a scale question on the screen in Ukrainian: they wrap onto another row', async () => {
    const words = surveyWords('uk');
    const { page } = await h.newPage({ viewport: SMALL_PHONE, locale: 'uk' });
    await largeText(page);
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=uk`);
    await page.getByRole('button', { name: words.start, exact: true }).click();
    // The first scale question is on the page of the first field of action.
    await expect
      .poll(async () => {
        if (await page.locator('#q-work-situation').count()) return true;
        await page.getByRole('button', { name: words.next, exact: true }).click();
        return false;
      })
      .toBe(true);
    const steps = page.locator('.scale-step');
    expect(await steps.count()).toBe(5);
    for (let i = 0; i < 5; i++) expect(await withinScreen(page, `.scale-step >> nth=${i}`), `step ${i + 1}`).toBe(true);
    expect(await sidewaysOverflow(page)).toBe(0);
    // The last step can be chosen where it is, without scrolling sideways.
    await page.getByRole('radio').nth(4).check();
    expect(await page.locator('#q-work-situation-4').isChecked()).toBe(true);
  });

  it('keeps a page title\'s longest German word on one line on 390 and 360 px phones at normal text („Datenschutzerklärung“)', async () => {
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 360, height: 800 },
    ]) {
      const { page } = await h.newPage({ viewport });
      await page.goto(`${h.baseUrl}/datenschutz?lang=de`);
      const title = page.locator('h1');
      await expect.poll(async () => (await title.textContent())?.replace(/\u00ad/g, ''), { timeout: 10_000 }).toBe('Datenschutzerklärung');
      // One line: the heading is no taller than its line height (broken in its middle it was two).
      const { height, lineHeight } = await title.evaluate((heading) => ({ height: heading.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(heading).lineHeight) }));
      expect(height, `${viewport.width} px`).toBeLessThan(1.5 * lineHeight);
    }
  });

  it('fits the measures page\'s filters and a measure\'s facts into the screen in Leichte Sprache', async () => {
    const { page } = await h.newPage({ viewport: SMALL_PHONE });
    await largeText(page);
    await page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=de-easy`);
    await page.locator('article.measure').first().waitFor();
    expect(await withinScreen(page, '.measure-filters select')).toBe(true);
    expect(await withinScreen(page, '.measure-facts dd')).toBe(true);
    expect(await sidewaysOverflow(page)).toBe(0);
  });

  it('fits the receipt\'s code and its measure\'s progress into the screen in Arabic, right to left; at normal size the code stays on one line', async () => {
    const { page } = await h.newPage({ viewport: SMALL_PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(receipt)}?lang=ar`);
    await page.locator('.receipt-measure').waitFor();
    const code = page.locator('.receipt-code');
    const lineHeight = await code.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight));
    expect((await code.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);

    await largeText(page);
    await page.reload();
    await page.locator('.receipt-measure').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await withinScreen(page, '.receipt-code')).toBe(true);
    expect(await withinScreen(page, '.receipt-measure progress')).toBe(true);
    expect(await withinScreen(page, '.receipt-measure')).toBe(true);
    expect(await sidewaysOverflow(page)).toBe(0);
  });
});

/**
 * Released results („Ergebnisse“) on a 320 px phone at 200 % text, in every language: the charts'
 * numbers stay on the screen and by their bars. Polish says „869 punktów“ beside a ranking's bar,
 * too long for the room beside it; a scale's five steps leave each segment of its stacked bar
 * narrower than its share („17 %“) written in large text.
 */
describe('released results on a 320 px phone at 200 % text (WCAG 1.4.4 and 1.4.10)', () => {
  let h: BrowserHarness;
  let snapshotUrl = '';
  beforeAll(async () => {
    h = await startHarness();
    await buildUser(h.db, { role: 'admin', username: 'admin' });
    // Every step of the scale between 17 % and 25 %; three options ranked by 60 people, so the first gets over 100 points.
    const steps: Record<number, number> = { 1: 15, 2: 14, 3: 10, 4: 11, 5: 10 };
    let i = 0;
    for (const [step, n] of Object.entries(steps)) {
      for (let k = 0; k < n; k += 1, i += 1) {
        const ranked = [['bildung', 'arbeit', 'teilhabe'], ['arbeit', 'bildung', 'teilhabe'], ['bildung', 'teilhabe', 'arbeit']][i % 3]!;
        buildResponse(h.db, { answers: { 'work-situation': Number(step), priorities: ranked } });
      }
    }
    const admin = await signInAgent(h.app, 'admin', TEST_PASSWORD);
    const released = await admin.inject({
      method: 'POST',
      url: `/api/admin/processes/${h.slug}/snapshots`,
      payload: { id: randomUUID(), title: { de: 'Zwischenstand' }, intro: { de: 'Was die Umfrage bisher zeigt.' }, selection: { questions: ['work-situation', 'priorities'], dotVotes: false } },
    });
    expect(released.statusCode, released.body).toBe(201);
    snapshotUrl = `/p/${h.slug}/ergebnisse/${released.json().id}`;
  });
  afterAll(() => h?.close());

  /**
   * The charts' texts that lie outside the screen, outside their chart, or (a segment's number and
   * share) outside their segment of the stacked bar, where it is cut off; and the numbers that
   * left their bar's row or stand above their bar.
   */
  const misplacedChartTexts = (page: Page) =>
    page.evaluate((screenWidth) => {
      const found: string[] = [];
      const inside = (inner: DOMRect, outer: DOMRect) => inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5;
      const screen = new DOMRect(0, 0, screenWidth, 1);
      for (const text of document.querySelectorAll<Element>('.bar-label, .bar-value, .stack-segment text, .stack-key li, .stack-median')) {
        const box = text.getBoundingClientRect();
        if (box.width === 0) continue; // not drawn: a segment too narrow for its number shows none
        const name = `${text.getAttribute('class') ?? text.tagName} „${text.textContent}“`;
        if (!inside(box, screen)) found.push(`${name} leaves the screen`);
        if (!inside(box, text.closest('.bars, .stack, .stack-key')!.getBoundingClientRect())) found.push(`${name} leaves its chart`);
        const segment = text.closest('.stack-segment');
        if (segment && !inside(box, segment.getBoundingClientRect())) found.push(`${name} leaves its segment`);
        const row = text.closest('.bar-row');
        const bar = row?.querySelector('.bar, .bar-withheld');
        if (text.matches('.bar-value') && bar) {
          const rowBox = row!.getBoundingClientRect();
          if (box.top < bar.getBoundingClientRect().top - 0.5 || box.bottom > rowBox.bottom + 0.5) found.push(`${name} is not beside or under its bar`);
        }
      }
      return found;
    }, SMALL_PHONE.width);

  it('keeps every chart\'s numbers on the screen and by their bars in all nine languages, the scale\'s shares in its key', async () => {
    const { page } = await h.newPage({ viewport: SMALL_PHONE });
    await largeText(page);
    for (const language of LANGUAGES) {
      await page.goto(`${h.baseUrl}${snapshotUrl}?lang=${language}`);
      await page.locator('.stack').waitFor();
      await page.locator('#q-priorities .bar-value').first().waitFor();
      expect(await misplacedChartTexts(page), language).toEqual([]);
      expect(await sidewaysOverflow(page), language).toBe(0);
      // Each step's share is readable in the key beside its number, whether or not its segment has room for it.
      const shares = await page.locator('.stack-key-share').allInnerTexts();
      expect(shares.map((share) => share.replace(/[^\d]/g, '')), language).toEqual(['25', '23', '17', '18', '17']);
    }
  });
});
