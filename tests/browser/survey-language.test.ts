import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startHarness, type BrowserHarness } from './harness.ts';

const start = (language: string) => (JSON.parse(readFileSync(new URL(`../../shared/i18n/survey/${language}.json`, import.meta.url), 'utf8')) as Record<string, string>).start!;

describe('the survey’s language switch in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
    // A privacy notice whose title is German only (its paragraphs translated), before anything asked for the survey.
    h.db.$client.prepare(`update surveys set texts = json_set(texts, '$.privacy.title', json('{"de":"Datenschutz bei dieser Umfrage"}'))`).run();
  });
  afterAll(() => h?.close());

  it('asks for a language once, even where a text has no translation, and marks that text German', async () => {
    const { page } = await h.newPage({ locale: 'de-DE' });
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === `/api/processes/${h.slug}/survey`) asked.push(url.searchParams.get('lang') ?? '');
    });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await page.getByRole('button', { name: start('de'), exact: true }).waitFor();
    const title = page.locator('h2', { hasText: 'Datenschutz bei dieser Umfrage' });
    expect(await title.getAttribute('lang')).toBeNull();
    const choose = async (language: string) => {
      await page.locator('#survey-language').selectOption(language);
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
});
