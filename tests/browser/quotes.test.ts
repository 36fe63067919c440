import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { translate } from '../../server/features/moderation/moderation.service.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildUser } from '../factories/users.ts';
import { axeViolations, formatViolations, signInAs, startHarness, type BrowserHarness } from './harness.ts';

const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';
const WORDS = ['eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs'];
const ARABIC = 'أريد أن أعمل ولكن شهادتي غير معترف بها';

describe('the quote browser in Chromium', () => {
  let h: BrowserHarness;
  let group: string;
  let admin: string;
  let turkish: string;

  beforeAll(async () => {
    h = await startHarness();
    group = (await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username;
    const adminUser = await buildUser(h.db, { role: 'admin' });
    admin = adminUser.username;
    for (const word of WORDS) buildContribution(h.db, { text: `Mehr Ausbildungsplätze, Stimme ${word}`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    buildContribution(h.db, { text: 'Das Bürgerbüro braucht Termine am Abend', fieldsOfAction: ['arbeit'], stadtteil: 'bensberg', channel: 'conference' });
    // Five from the conference in all: the channel table shows both channels, so either filter tells nothing new.
    for (const word of WORDS.slice(0, 4)) buildContribution(h.db, { text: `Sprachkurse neben dem Beruf, Runde ${word}`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg', channel: 'conference' });
    const arabic = buildContribution(h.db, { text: ARABIC, language: 'ar', fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    turkish = buildContribution(h.db, { text: 'İş bulmak için Almanca kursu lazım', language: 'tr', fieldsOfAction: ['arbeit'], stadtteil: 'refrath' });
    const process = findProcessBySlug(h.db, h.slug)!;
    translate(h.db, process, arabic, { version: 1, text: 'Ich möchte arbeiten, aber mein Abschluss wird nicht anerkannt' }, adminUser.id);
  });
  afterAll(() => h?.close());

  const signIn = (page: Page, username: string, next: string) => signInAs(page, h.baseUrl, username, next);

  const quotes = (page: Page) => page.getByRole('region', { name: 'Zitate', exact: true });
  const status = (page: Page) => quotes(page).locator('.quote-status');
  /** The results page loads its survey and process before the quotes (seconds on a busy machine): wait until quotes are listed. */
  const listed = (page: Page) => quotes(page).locator('.cite-id').first().waitFor();

  it('searches, filters through the address, shows cite ids and the original beside its German rendering; axe finds nothing at 1280 px', async () => {
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, group, `/auswertung/p/${h.slug}`);
    await listed(page);
    await expect.poll(() => status(page).innerText()).toMatch(/^13 Zitate/);

    // Every quote shows its cite id.
    const ids = await quotes(page).locator('.cite-id').allInnerTexts();
    expect(ids).toHaveLength(13);
    for (const id of ids) expect(id).toMatch(/^B-\d+$/);

    // The Arabic original right to left, the German rendering beside it, each with its language.
    const original = quotes(page).locator('blockquote', { hasText: ARABIC });
    expect(await original.getAttribute('lang')).toBe('ar');
    expect(await original.getAttribute('dir')).toBe('rtl');
    const german = quotes(page).locator('blockquote', { hasText: 'Abschluss wird nicht anerkannt' });
    expect(await german.getAttribute('lang')).toBe('de');
    const [left, right] = [await original.boundingBox(), await german.boundingBox()];
    expect(Math.abs(left!.y - right!.y)).toBeLessThan(40);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await quotes(page).screenshot({ path: `${SCREENSHOTS}/quotes-1280.png` });

    // A search without umlauts finds the Bürgerbüro; it goes into the address.
    await page.getByRole('searchbox', { name: 'Suche in den Zitaten' }).fill('burgerburo');
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page).innerText()).toMatch(/^1 Zitat zu „burgerburo“/);
    expect(page.url()).toContain('suche=burgerburo');
    expect(await quotes(page).locator('blockquote').allInnerTexts()).toEqual(['Das Bürgerbüro braucht Termine am Abend']);

    // A filter goes into the address too, and the address alone brings the view back.
    await page.getByRole('searchbox', { name: 'Suche in den Zitaten' }).fill('');
    await page.keyboard.press('Enter');
    await quotes(page).getByLabel('Kanal', { exact: true }).selectOption('stall');
    await expect.poll(() => status(page).innerText()).toMatch(/^8 Zitate/);
    expect(page.url()).toContain('kanal=stall');
    await page.reload();
    await listed(page);
    await expect.poll(() => status(page).innerText()).toMatch(/^8 Zitate/);
    expect(await quotes(page).getByLabel('Kanal', { exact: true }).inputValue()).toBe('stall');

    // German is withheld in the language table (Arabic and Turkish have one quote each, and the total would tell them): its filter is refused, and says why.
    await quotes(page).getByLabel('Sprache des Zitats', { exact: true }).selectOption('de');
    await expect.poll(() => status(page).innerText()).toMatch(/verdecken diesen Wert/);
    await quotes(page).getByLabel('Sprache des Zitats', { exact: true }).selectOption('');

    // A place with fewer than five people is refused, and says why.
    await quotes(page).getByLabel('Stadtteil', { exact: true }).selectOption('refrath');
    await expect.poll(() => status(page).innerText()).toMatch(/weniger als 5 Personen/);
    await page.getByRole('button', { name: 'Alle Filter zurücksetzen' }).click();
    await expect.poll(() => status(page).innerText()).toMatch(/^13 Zitate/);

    // A keyword of a quote searches for it.
    const keyword = quotes(page).getByRole('button', { name: /^Nach „Ausbildungsplätze“ suchen$/ }).first();
    await keyword.click();
    await expect.poll(() => status(page).innerText()).toMatch(/^6 Zitate zu „Ausbildungsplätze“/);
  });

  it('opened from a link whose filter is refused, still offers every choice, shows the one chosen, and goes on from there', async () => {
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    // A colleague's link to Refrath's quotes: fewer than five people there, so the server refuses it.
    await signIn(page, group, `/auswertung/p/${h.slug}?stadtteil=refrath`);
    await expect.poll(() => status(page).innerText()).toMatch(/weniger als 5 Personen/);
    const stadtteil = quotes(page).getByLabel('Stadtteil', { exact: true });
    // The filter shows what the link chose, beside the other places, so it can be changed without starting over.
    await expect.poll(() => stadtteil.inputValue()).toBe('refrath');
    expect(await stadtteil.locator('option').allInnerTexts()).toEqual(expect.arrayContaining(['Bensberg', 'Refrath']));
    expect(await quotes(page).getByLabel('Stadtbezirk', { exact: true }).locator('option').count()).toBeGreaterThan(1);
    await stadtteil.selectOption('');
    await expect.poll(() => status(page).innerText()).toMatch(/^13 Zitate/);
    expect(page.url()).not.toContain('stadtteil=');
  });

  it('is usable at 390 px: no sideways scrolling, 44 px targets, axe finds nothing', async () => {
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, group, `/auswertung/p/${h.slug}`);
    await listed(page);
    await expect.poll(() => status(page).innerText()).toMatch(/^13 Zitate/);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)).toBeLessThanOrEqual(0);
    for (const control of await quotes(page).locator('button, select, input, a').all()) {
      const box = await control.boundingBox();
      expect(box!.height, await control.evaluate((el) => el.outerHTML.slice(0, 80))).toBeGreaterThanOrEqual(44);
      expect(box!.width).toBeGreaterThanOrEqual(44);
    }
    // On a phone the German rendering stands below the original.
    const original = await quotes(page).locator('blockquote', { hasText: ARABIC }).boundingBox();
    const german = await quotes(page).locator('blockquote', { hasText: 'Abschluss wird nicht anerkannt' }).boundingBox();
    expect(german!.y).toBeGreaterThan(original!.y + original!.height - 1);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await quotes(page).screenshot({ path: `${SCREENSHOTS}/quotes-390.png` });
    await quotes(page).getByRole('region', { name: 'Auswahl herunterladen' }).screenshot({ path: `${SCREENSHOTS}/quotes-download-390.png` });
  });

  it('downloads the filtered and searched selection as a workbook and a CSV that hold what the page found, all of it', async () => {
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, group, `/auswertung/p/${h.slug}`);
    await listed(page);
    await expect.poll(() => status(page).innerText()).toMatch(/^13 Zitate/);
    const download = quotes(page).getByRole('region', { name: 'Auswahl herunterladen' });
    expect(await download.innerText()).toContain('Die Datei enthält alle 13 Zitate dieser Auswahl');

    // The conference's voices, searched for language courses: four of the five.
    await quotes(page).getByLabel('Kanal', { exact: true }).selectOption('conference');
    await expect.poll(() => status(page).innerText()).toMatch(/^5 Zitate/);
    await page.getByRole('searchbox', { name: 'Suche in den Zitaten' }).fill('sprachkurse');
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page).innerText()).toMatch(/^4 Zitate zu „sprachkurse“/);
    await expect.poll(() => download.innerText()).toContain('alle 4 Zitate');
    const shown = await quotes(page).locator('.cite-id').allInnerTexts();

    // The workbook, reached by keyboard: its name says the selection, its rows are the page's quotes.
    const xlsxLink = download.getByRole('link', { name: 'Auswahl als Excel (XLSX)' });
    await xlsxLink.focus();
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(xlsx.suggestedFilename()).toMatch(new RegExp(`^mitreden-${h.slug}-zitate-arbeit-conference-suche-sprachkurse-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(await xlsx.path()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Zitate')!;
    const cited: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) cited.push(String(row.getCell(9).value));
    });
    expect(cited).toEqual(shown);
    const notes: string[] = [];
    workbook.getWorksheet('Hinweise')!.eachRow((row) => notes.push(String(row.getCell(1).value)));
    expect(notes).toEqual(expect.arrayContaining(['  Kanal: Konferenz', '  Suche: „sprachkurse“', expect.stringMatching(/^Stand: \d{2}\.\d{2}\.\d{4}$/)]));

    // The CSV: a table and nothing else, its header in line 1, the same quotes through a CSV parser.
    const [csv] = await Promise.all([page.waitForEvent('download'), download.getByRole('link', { name: 'Auswahl als CSV' }).click()]);
    expect(csv.suggestedFilename()).toMatch(new RegExp(`^mitreden-${h.slug}-zitate-arbeit-conference-suche-sprachkurse-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const text = readFileSync(await csv.path());
    const [header] = parse(text, { bom: true, delimiter: ';', to_line: 1 }) as string[][];
    expect(header).toEqual(['Monat', 'Handlungsfeld', 'Art', 'Kanal', 'Sprache', 'Ort', 'Beitrag', 'Deutsche Fassung', 'Zitat-Nr.']);
    const table = parse(text, { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(table.map((row) => row['Zitat-Nr.'])).toEqual(shown);
    expect(table.every((row) => row.Kanal === 'Konferenz' && /Sprachkurse/.test(row.Beitrag!))).toBe(true);

    // 44 px targets, also right to left.
    for (const link of await download.getByRole('link').all()) {
      const box = await link.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.width).toBeGreaterThanOrEqual(44);
    }
    await download.screenshot({ path: `${SCREENSHOTS}/quotes-download-1280.png` });
    await page.evaluate(() => (document.documentElement.dir = 'rtl'));
    const [csvBox, xlsxBox] = [await download.getByRole('link').nth(0).boundingBox(), await download.getByRole('link').nth(1).boundingBox()];
    expect(csvBox!.x).toBeGreaterThan(xlsxBox!.x);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)).toBeLessThanOrEqual(0);
    await download.screenshot({ path: `${SCREENSHOTS}/quotes-download-rtl.png` });
  });

  it('lets a moderator enter the German rendering of a Turkish note in the "Deutsch" field', async () => {
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, admin, `/admin/p/${h.slug}/moderation`);
    await page.getByRole('button', { name: /^Alle/ }).click();
    const card = page.locator(`.mod-item[data-id="${turkish}"]`);
    const field = card.getByLabel('Deutsch (menschliche Übersetzung)');
    await field.fill('Um Arbeit zu finden, braucht man einen Deutschkurs');
    await card.getByRole('button', { name: 'Deutsche Fassung speichern' }).click();
    await expect.poll(() => page.locator('.notice.ok').innerText()).toMatch(/Deutsche Fassung von B-\d+ gespeichert/);
    await expect.poll(() => page.locator(`.mod-item[data-id="${turkish}"]`).getByLabel('Deutsch (menschliche Übersetzung)').inputValue()).toBe('Um Arbeit zu finden, braucht man einen Deutschkurs');
    expect(await page.locator(`.mod-item[data-id="${turkish}"] .cite-id`).innerText()).toMatch(/^B-\d+$/);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.locator(`.mod-item[data-id="${turkish}"]`).screenshot({ path: `${SCREENSHOTS}/moderation-deutsch.png` });
  });
});
