import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../factories/users.ts';
import { signInAs, startHarness, type BrowserHarness } from './harness.ts';

/**
 * The admin pages a city's admin opens every day, on a phone and on a desktop: every link, button,
 * field and fold a target of 44 px. A link inside a sentence is exempt (WCAG 2.5.8's inline links).
 */

/** The controls in `main` lower or narrower than 44 px, named with their text or id. */
const smallTargets = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main a[href], main button, main input, main select, main textarea, main summary')]
      .filter((element) => !(element instanceof HTMLInputElement && ['checkbox', 'radio', 'hidden'].includes(element.type)))
      // A link that is part of a sentence, not a line of its own.
      .filter((element) => !(element.tagName === 'A' && getComputedStyle(element).display === 'inline' && element.parentElement!.textContent!.trim() !== element.textContent!.trim()))
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ element, box }) => box.width > 0 && getComputedStyle(element).visibility !== 'hidden' && (box.height < 43.5 || box.width < 43.5))
      .map(({ element, box }) => `${element.tagName.toLowerCase()} „${(element.textContent ?? '').trim().slice(0, 40) || element.id}“ ${Math.round(box.width)}×${Math.round(box.height)}`),
  );

describe('targets on the admin pages', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  for (const width of [390, 1280]) {
    it(`at ${width} px: the admin home's links, the release form's titles in every language and its folds, the population page's example`, async () => {
      const { username } = await buildUser(h.db, { role: 'admin' });
      const { page } = await h.newPage({ viewport: { width, height: 844 } });
      await signInAs(page, h.baseUrl, username, '/admin');
      await page.getByRole('link', { name: 'Konten und angemeldete Geräte' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect.soft(await smallTargets(page), '/admin').toEqual([]);

      await page.goto(`${h.baseUrl}/admin/p/${h.slug}/ergebnisse`);
      await page.getByText('Titel und Einleitung in weiteren Sprachen (leer: Deutsch)').click();
      await page.getByLabel('Titel', { exact: true }).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect((await page.getByLabel('Titel (Deutsch, Pflicht)').boundingBox())!.height).toBeGreaterThanOrEqual(44);
      expect.soft(await smallTargets(page), 'ergebnisse').toEqual([]);

      await page.goto(`${h.baseUrl}/admin/p/${h.slug}/einwohner`);
      await page.getByText('Beispiel einer Datei').waitFor();
      await page.waitForLoadState('networkidle');
      expect.soft(await smallTargets(page), 'einwohner').toEqual([]);
    });
  }
});
