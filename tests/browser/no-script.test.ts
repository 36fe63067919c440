import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../shared/languages.ts';
import { brokenWords, largeText, startHarness, type BrowserHarness } from './harness.ts';

const noScript = (language: Language): string => JSON.parse(readFileSync(new URL(`../../shared/i18n/public/${language}.json`, import.meta.url), 'utf8')).noScript;

const PHONE = { width: 360, height: 740 };

/** The notice's paragraphs as shown: text, language, direction, and whether each lies whole within the screen's width. */
const paragraphs = (page: Page) =>
  page.locator('.no-script p').evaluateAll((all, width) =>
    all.map((p) => {
      const box = p.getBoundingClientRect();
      return { text: (p as HTMLElement).innerText, lang: p.getAttribute('lang'), dir: getComputedStyle(p).direction, onScreen: box.left >= 0 && box.right <= width && box.height > 0 };
    }), PHONE.width);

// Before, the page without JavaScript said only German, and on an Arabic survey link set it right to left
// („.Papierfragebogen“) and told a screen reader it was Arabic; nothing tested it.
describe('a phone without JavaScript', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('tells a resident on the start page in German what to do: switch JavaScript on, or have their say at the market stall', async () => {
    const { page } = await h.newPage({ viewport: PHONE, javaScriptEnabled: false });
    await page.goto(`${h.baseUrl}/`);
    expect(await paragraphs(page)).toEqual([{ text: noScript('de'), lang: 'de', dir: 'ltr', onScreen: true }]);
    expect(noScript('de')).toContain('schalten Sie JavaScript in Ihrem Browser ein');
    expect(noScript('de')).toContain('Marktstand');
  });

  it('tells them on a survey link in the link\'s language first, then in German, each in its own direction', async () => {
    const { page } = await h.newPage({ viewport: PHONE, javaScriptEnabled: false });
    for (const language of ['ar', 'tr', 'uk'] as const) {
      await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=${language}`);
      expect(await paragraphs(page), language).toEqual([
        { text: noScript(language), lang: language, dir: language === 'ar' ? 'rtl' : 'ltr', onScreen: true },
        { text: noScript('de'), lang: 'de', dir: 'ltr', onScreen: true },
      ]);
    }
    // A German link says it once; the browser's language picks the page's language as with JavaScript.
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=de`);
    expect((await paragraphs(page)).map((p) => p.text)).toEqual([noScript('de')]);
    const { page: english } = await h.newPage({ viewport: PHONE, javaScriptEnabled: false, locale: 'en-GB' });
    await english.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    expect((await paragraphs(english)).map((p) => p.text)).toEqual([noScript('en'), noScript('de')]);
  });

  it('fits the notice on a 320×568 phone at 200 % text without breaking a word in its middle, in German and Arabic', async () => {
    const { page } = await h.newPage({ viewport: { width: 320, height: 568 }, javaScriptEnabled: false });
    await largeText(page);
    for (const path of ['/', `/p/${h.slug}/umfrage?lang=ar`]) {
      await page.goto(`${h.baseUrl}${path}`);
      const notice = page.locator('.no-script');
      expect(await brokenWords(notice), path).toEqual([]);
      const box = (await notice.boundingBox())!;
      expect(box.x, path).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, path).toBeLessThanOrEqual(320);
      // It starts at the top of the screen: the first thing a resident sees.
      expect(box.y, path).toBeLessThan(568 / 4);
    }
  });
});
