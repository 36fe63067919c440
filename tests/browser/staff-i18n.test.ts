import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContribution } from '../factories/contributions.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser } from '../factories/users.ts';
import { axeViolations, formatViolations, signInAs, startHarness, switchLanguage, type BrowserHarness } from './harness.ts';

/** A 10-inch tablet held sideways, and a small phone. */
const TABLET = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/**
 * With SCREENSHOTS=<folder>, each step leaves pictures there for a person to look at: the whole
 * page, cut into pieces of 1600 px so that a long results page stays readable.
 */
async function picture(page: Page, name: string) {
  const folder = process.env.SCREENSHOTS;
  if (!folder) return;
  const { width, height } = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }));
  for (let top = 0, part = 1; top < Math.min(height, 6400); top += 1600, part += 1) {
    await page.screenshot({ path: `${folder}/${name}-${part}.png`, fullPage: true, clip: { x: 0, y: top, width, height: Math.min(1600, height - top) } });
  }
}

describe('staff areas in German and English in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('shows the stall in German, switches it to English with the header switch, keeps the choice over a reload and switches back', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: TABLET, locale: 'en-GB' });
    await signInAs(page, h.baseUrl, user.username, '/stand');
    // German is the staff's language until someone on the device picks another, whatever the browser says.
    await page.getByRole('heading', { name: 'Markttag wählen' }).waitFor();
    await page.getByTestId('sync-badge').getByText('Alles gesendet').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await picture(page, 'stall-tablet-de');

    await switchLanguage(page, 'en');
    await page.getByRole('heading', { name: 'Choose market day' }).waitFor();
    await page.getByTestId('sync-badge').getByText('Everything sent').waitFor();
    await page.getByRole('button', { name: 'Create market day' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.title()).toBe('Choose market day – Market stall – Mitreden');
    await page.getByText('This translation was made by a machine').waitFor();

    await page.getByLabel('Place', { exact: true }).fill('Wochenmarkt Bensberg');
    await page.getByLabel('Stadtteil').selectOption('bensberg');
    await page.getByRole('button', { name: 'Create market day' }).click();
    await page.getByRole('heading', { name: 'Wochenmarkt Bensberg' }).waitFor();
    await page.getByLabel('What was said?').fill('Mehr Sprachkurse am Abend, bitte.');
    await page.getByRole('radio', { name: 'Concern' }).check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Note saved – will be sent as soon as possible.').waitFor();
    await page.getByTestId('sync-badge').getByText('Everything sent').waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    await picture(page, 'stall-tablet-en');

    await page.reload();
    await page.getByRole('heading', { name: 'Wochenmarkt Bensberg' }).waitFor();
    await page.getByText('Notes of this market day (1)').waitFor();

    await switchLanguage(page, 'de');
    await page.getByText('Notizen dieses Markttags (1)').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
  });

  it('keeps a page German and says so when English cannot load, and switches once it can', async () => {
    const user = await buildUser(h.db, { role: 'working_group' });
    const { page } = await h.newPage({ viewport: PHONE });
    await signInAs(page, h.baseUrl, user.username, '/auswertung');
    const heading = page.getByRole('heading', { level: 1 });
    await heading.filter({ hasText: /^Auswertung/ }).waitFor();
    // The connection drops just as English is picked: its words never arrive.
    await page.route('**/assets/en-*.json', (route) => route.abort('internetdisconnected'));
    await switchLanguage(page, 'en');
    await page.getByRole('status').getByText('English konnte nicht geladen werden: keine Verbindung zum Server.', { exact: false }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.getByRole('button', { name: 'Sprache · Language: Deutsch', exact: true }).waitFor();
    expect(await heading.textContent()).toMatch(/^Auswertung/);
    await picture(page, 'staff-language-unreachable');
    // Back online the same pick works, and the notice goes.
    await page.unroute('**/assets/en-*.json');
    await switchLanguage(page, 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByRole('button', { name: /Language: English$/ }).waitFor();
    expect(await page.getByRole('status').getByText('konnte nicht geladen werden', { exact: false }).count()).toBe(0);
    expect(await heading.textContent()).not.toMatch(/^Auswertung/);
  });

  it('shows the results on a phone in English: headings, filters, labels of channels and plural forms', async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit', 'bildung'] });
    for (let i = 0; i < 6; i += 1) buildContribution(h.db, { text: `Mehr Ausbildungsplätze, Stimme ${i}`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    for (let i = 0; i < 6; i += 1) buildResponse(h.db, { stadtteil: 'bensberg' });
    const { page } = await h.newPage({ viewport: PHONE });
    await signInAs(page, h.baseUrl, group.username, `/auswertung/p/${h.slug}`);
    await page.getByRole('table', { name: 'Beiträge und Fragebögen nach Stadtbezirk' }).waitFor();
    await picture(page, 'results-phone-de');

    await switchLanguage(page, 'en');
    await page.getByRole('table', { name: 'Contributions and responses by district' }).waitFor();
    await page.getByRole('heading', { name: 'Quotes', exact: true, level: 2 }).waitFor();
    await page.getByText(/^6 quotes/).waitFor();
    await page.getByRole('link', { name: 'CSV table' }).waitFor();
    expect(await page.getByLabel('Channel', { exact: true }).first().locator('option').allTextContents()).toContain('Online survey');
    // The process's own words in English where it has them: its title, and its fields of action in the tables.
    await page.getByRole('heading', { level: 1, name: /Integration concept of Bergisch Gladbach/ }).waitFor();
    await page.getByRole('table', { name: 'Contributions by district and field of action' }).getByRole('columnheader', { name: 'Work & employment' }).waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    await picture(page, 'results-phone-en');
  });

  it('shows the measure editor, the outcomes and the release of results on a phone in English, counts in their plural forms', async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['freizeit'] });
    buildContribution(h.db, { text: 'Ein Kino unter freiem Himmel', fieldsOfAction: ['freizeit'] });
    const { page } = await h.newPage({ viewport: PHONE });
    await signInAs(page, h.baseUrl, group.username, `/auswertung/p/${h.slug}/massnahmen`);
    await page.getByRole('heading', { level: 1, name: /^Leitziele und Maßnahmen: / }).waitFor();

    await switchLanguage(page, 'en');
    await page.getByRole('heading', { level: 1, name: /^Guiding goals and measures: / }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Guiding goals' }).waitFor();
    await page.getByRole('button', { name: /^New measure: / }).click();
    const form = page.getByRole('form', { name: 'New measure' });
    await form.getByLabel('Title (German)').fill('Summer cinema');
    await form.getByRole('button', { name: 'Create measure' }).click();
    await page.getByText('“Summer cinema” created.').waitFor();
    await page.getByRole('article', { name: 'Summer cinema' }).getByText('0 contributions taken up').waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    await picture(page, 'measure-editor-phone-en');

    await page.getByRole('navigation', { name: 'Parts of the results' }).getByRole('link', { name: 'Outcomes of contributions' }).click();
    await page.getByRole('heading', { level: 1, name: /^Outcomes of contributions: / }).waitFor();
    await page.getByRole('table', { name: 'Contributions without an outcome per working group' }).waitFor();
    await page.getByText('1 contribution without an outcome').waitFor();
    await page.getByText('Outcome:', { exact: true }).first().waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    await picture(page, 'outcomes-phone-en');

    const admin = await buildUser(h.db, { role: 'admin' });
    const adminPage = (await h.newPage({ viewport: PHONE })).page;
    await signInAs(adminPage, h.baseUrl, admin.username, `/admin/p/${h.slug}/ergebnisse`);
    // Switched at once, while the admin area may still be arriving: its words follow all the same.
    await switchLanguage(adminPage, 'en');
    await adminPage.getByRole('heading', { level: 1, name: /^Release results: / }).waitFor();
    await adminPage.getByLabel('Title (German, required)').waitFor();
    await adminPage.getByRole('heading', { level: 2, name: 'Licence of the open data' }).waitFor();
    expect(await adminPage.content()).not.toMatch(/snapshotAdmin\.|measureEditor\.|outcomesPage\./);
    await picture(adminPage, 'release-phone-en');
  });
});
