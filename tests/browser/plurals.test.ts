import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type BrowserHarness } from './harness.ts';

/**
 * A count in Arabic on a phone reads in the form the number takes (shared/i18n/plural.ts): the
 * free-text question's character count says حرفان for 2, 3 أحرف, 11 حرفًا and 2000 حرف,
 * and one character too many is بحرف واحد, not "1 حرفًا".
 */

const words = JSON.parse(readFileSync(new URL('../../shared/i18n/survey/ar.json', import.meta.url), 'utf8')) as Record<string, string>;

describe('plural forms in the survey, in Arabic on a phone', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  /** Moves on page by page until the question is there. */
  async function untilQuestion(page: Page, id: string) {
    const heading = page.locator('h1');
    for (let i = 0; i < 10 && (await page.locator(`#${id}`).count()) === 0; i += 1) {
      const before = await heading.innerText();
      await page.getByRole('button', { name: words.next!, exact: true }).click();
      await expect.poll(() => heading.innerText()).not.toBe(before);
    }
  }

  it('counts the characters left with the noun form of each number', async () => {
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 }, locale: 'ar' });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=ar`);
    await page.getByRole('button', { name: words.start!, exact: true }).click();
    await untilQuestion(page, 'q-work-idea');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    const idea = page.locator('#q-work-idea');
    const count = page.locator('#q-work-idea ~ .char-count');
    const shown = async (text: string) => expect.poll(() => count.innerText(), { timeout: 5_000 }).toBe(text);

    await shown('المتبقي: 2000 حرف من 2000');
    // What a screen reader is told the limit is.
    expect(await page.locator('#q-work-idea ~ .visually-hidden').first().innerText()).toBe('الحد الأقصى: 2000 حرف.');
    const typed: Array<[number, string]> = [
      [1998, 'المتبقي: حرفان من 2000'],
      [1997, 'المتبقي: 3 أحرف من 2000'],
      [1989, 'المتبقي: 11 حرفًا من 2000'],
      [1900, 'المتبقي: 100 حرف من 2000'],
      [2001, 'النص أطول من المسموح بحرف واحد. يُرجى اختصاره.'],
      [2002, 'النص أطول من المسموح بحرفين. يُرجى اختصاره.'],
    ];
    for (const [length, text] of typed) {
      await idea.fill('x'.repeat(length));
      await shown(text);
    }
  });
});
