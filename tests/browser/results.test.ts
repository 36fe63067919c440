import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../shared/domain.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, startHarness, type BrowserHarness } from './harness.ts';

describe('Auswertung for a working group in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  async function signIn(page: Page, username: string) {
    await page.goto(h.baseUrl + '/login?next=/auswertung');
    await page.getByLabel('Benutzername').fill(username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`**/auswertung/p/${h.slug}`);
  }

  it('shows suppressed count tables for the chosen field and downloads an export with the session; axe finds nothing', async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit', 'bildung'] });
    for (let i = 0; i < 6; i += 1) buildContribution(h.db, { text: `Mehr Ausbildungsplätze, Stimme ${i}`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    buildContribution(h.db, { text: 'Deutschkurs am Abend, schreibt an kurs@example.de', fieldsOfAction: ['bildung'], stadtteil: 'refrath' });
    const { page } = await h.newPage();
    await signIn(page, group.username);

    const byDistrict = page.getByRole('table', { name: 'Beiträge und Fragebögen nach Stadtbezirk' });
    await byDistrict.waitFor();
    await expect.poll(() => byDistrict.getByRole('row', { name: /Bezirk 5/ }).innerText()).toMatch(/Bezirk 5\s+verdeckt\s+< 5/);
    expect(await byDistrict.getByRole('columnheader').allInnerTexts()).toEqual(['Stadtbezirk', 'Beiträge', 'Fragebögen']);
    expect(await page.getByRole('table', { name: 'Beiträge und Fragebögen nach Kanal' }).getByRole('rowheader').first().innerText()).toBe('Online-Befragung');
    expect(formatViolations(await axeViolations(page))).toBe('');

    await page.getByLabel('Handlungsfeld', { exact: true }).selectOption('bildung');
    await expect.poll(() => byDistrict.getByRole('row', { name: /Gesamt/ }).innerText()).toMatch(/Gesamt\s+< 5/);
    const csvLink = page.getByRole('link', { name: 'CSV-Tabelle' });
    expect(await csvLink.getAttribute('href')).toBe(`/api/processes/${h.slug}/exports/csv?field=bildung`);
    expect(await page.getByRole('link', { name: 'Alles als ZIP' }).getAttribute('download')).not.toBeNull();
    const box = await csvLink.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);

    const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^mitreden-integrationskonzept-bildung-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path, 'utf8');
    expect(csv).toContain('Deutschkurs am Abend, schreibt an [E-Mail entfernt]');
    expect(csv).not.toContain('kurs@example.de');
  });

  it('on a 390 px phone scrolls the channel table inside its frame with a visible cue, and lays out each quote in its own direction', async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit'] });
    const arabic = 'أريد أن أعمل ولكن شهادتي غير معترف بها';
    buildContribution(h.db, { text: arabic, language: 'ar', fieldsOfAction: ['arbeit'], capturedOn: '2026-06-12' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, group.username);
    const region = page.getByRole('region', { name: 'Beiträge und Fragebögen nach Kanal' });
    await region.getByRole('table').waitFor();
    const overflow = () => page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    // The table is wider than its frame; the cue above it says so, is its description, and a shade marks the side with more.
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    const cueId = await region.getAttribute('aria-describedby');
    const cue = page.locator(`#${cueId}`);
    expect(await cue.isVisible()).toBe(true);
    expect(await cue.innerText()).toContain('Breiter als der Bildschirm');
    const frame = region.locator('xpath=..');
    const shade = () => frame.evaluate((el) => getComputedStyle(el, '::after').opacity);
    await expect.poll(shade).toBe('1');
    // The caption is read without scrolling sideways: it wraps within the frame's visible width, and stays there while the table scrolls.
    const caption = region.getByRole('caption');
    const captionInFrame = async () => {
      const [box, frameBox] = await Promise.all([caption.boundingBox(), region.boundingBox()]);
      return { start: Math.round(box!.x - frameBox!.x), overhang: Math.max(0, Math.round(box!.x + box!.width - frameBox!.x - frameBox!.width)) };
    };
    expect(await captionInFrame()).toEqual({ start: 0, overhang: 0 });
    // The keyboard scrolls it; at the end the shade goes and one appears at the start.
    await region.focus();
    for (let i = 0; i < 30 && (await shade()) !== '0'; i += 1) await page.keyboard.press('ArrowRight');
    expect(await region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await expect.poll(shade).toBe('0');
    expect(await captionInFrame()).toEqual({ start: 0, overhang: 0 });
    expect(await frame.evaluate((el) => getComputedStyle(el, '::before').opacity)).toBe('1');
    await page.getByRole('figure', { name: 'Beiträge nach Kanal' }).screenshot({ path: '/tmp/mod-accounts-channel-390.png' });

    const quote = page.locator('blockquote', { hasText: arabic });
    await quote.waitFor();
    // The quote browser gives a quote its language's direction (dir="auto" where the language is not known).
    expect(await quote.getAttribute('dir')).toBe('rtl');
    expect(await quote.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await page.locator('blockquote:not([dir])').count()).toBe(0);
    expect(await quote.locator('xpath=ancestor::li[1]').innerText()).toContain('Juni 2026');
    expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}/);
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it("opens a colleague's link to another field of action on the member's own fields and says so, instead of refusals in English and an empty field choice", async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit'] });
    buildContribution(h.db, { text: 'Bewerbungstraining am Samstag', fieldsOfAction: ['arbeit'] });
    const { page } = await h.newPage({ viewport: { width: 1024, height: 768 } });
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 403) refused.push(response.url());
    });
    await signIn(page, group.username);
    // The link a Bildung member copied with „Link zu dieser Ansicht kopieren“.
    await page.goto(`${h.baseUrl}/auswertung/p/${h.slug}?field=bildung`);
    await page.getByRole('status').filter({ hasText: 'Das Handlungsfeld aus dem Link gehört nicht zu Ihren Handlungsfeldern.' }).waitFor();
    await expect.poll(() => new URL(page.url()).searchParams.get('field')).toBeNull();
    const choice = page.getByLabel('Handlungsfeld', { exact: true });
    expect(await choice.locator('option:checked').innerText()).toBe('alle meine Handlungsfelder');
    await page.getByRole('table', { name: 'Beiträge und Fragebögen nach Stadtbezirk' }).getByRole('row', { name: /Gesamt/ }).waitFor();
    await page.getByText('Bewerbungstraining am Samstag').waitFor();
    expect(await page.getByText('Your role may not do this').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'CSV-Tabelle' }).getAttribute('href')).toBe(`/api/processes/${h.slug}/exports/csv`);
    expect(refused).toEqual([]);
    // Choosing one of its own fields, the note has done its work.
    await choice.selectOption('arbeit');
    await page.getByRole('status').filter({ hasText: 'Das Handlungsfeld aus dem Link' }).waitFor({ state: 'detached' });
  });

  it('says in German what is wrong with a link cut short or changed by hand, not the API\'s English', async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit'] });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, group.username);
    // „band“ names a question and its option; pasted without its end, the server cannot read it.
    await page.goto(`${h.baseUrl}/auswertung/p/${h.slug}?field=arbeit&band=x`);
    const refusal = page.getByRole('alert').filter({ hasText: 'Der Server kann diese Anfrage nicht lesen: Ein Wert passt nicht' });
    await refusal.first().waitFor();
    expect(await refusal.count()).toBeGreaterThan(0);
    expect(await page.getByText('The request does not match the expected format').count()).toBe(0);
  });

  describe('charts', () => {
    let username: string;
    beforeAll(async () => {
      // Another group's fields, so the first test's voices are not counted here.
      username = (await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['teilhabe', 'freizeit'] })).username;
      const seed = (count: number, field: string, stadtteil: string, channel: Channel) => {
        for (let i = 0; i < count; i += 1) buildContribution(h.db, { text: `Stimme ${i} zu ${field} aus ${stadtteil}`, fieldsOfAction: [field], stadtteil, channel });
      };
      seed(12, 'teilhabe', 'bensberg', 'stall'); // Bezirk 5: 12 + 5 = 17
      seed(5, 'freizeit', 'bensberg', 'online');
      seed(6, 'teilhabe', 'refrath', 'conference'); // Bezirk 6: 6 + 9 = 15
      seed(9, 'freizeit', 'refrath', 'stall');
      seed(7, 'freizeit', 'schildgen', 'workshop'); // Bezirk 1: 7
      seed(3, 'teilhabe', 'herkenrath', 'stall'); // Bezirk 4: 3, withheld
      seed(2, 'freizeit', 'gronau', 'paper'); // Bezirk 2: 2, withheld
    });

    const figure = (page: Page, name: string) => page.getByRole('figure', { name, exact: true });
    const row = (page: Page, figureName: string, label: string) =>
      figure(page, figureName).locator('.bar-row', { has: page.locator('.bar-label', { hasText: new RegExp(`^${label}$`) }) });
    const box = async (locator: Locator) => (await locator.boundingBox())!;

    /** Signs in on a phone and waits for the bars; collects any CSP complaint the page logs. */
    async function openOnPhone() {
      const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
      const cspViolations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      });
      await signIn(page, username);
      await row(page, 'Beiträge nach Stadtbezirk', 'Bezirk 5').locator('.bar').waitFor();
      return { page, cspViolations };
    }

    it('draws a bar with its number per published Stadtbezirk and Kanal, "< 5" without a bar for withheld ones, and a table by Stadtbezirk and Handlungsfeld; axe finds nothing', async () => {
      const { page, cspViolations } = await openOnPhone();
      const districts = (label: string) => row(page, 'Beiträge nach Stadtbezirk', label);
      // In the table's order.
      expect(await figure(page, 'Beiträge nach Stadtbezirk').locator('.bar-label').allInnerTexts()).toEqual(
        await page.getByRole('table', { name: 'Beiträge und Fragebögen nach Stadtbezirk' }).locator('tbody th').allInnerTexts(),
      );
      expect(await figure(page, 'Beiträge nach Stadtbezirk').locator('figcaption').innerText()).toMatch(/^Beiträge nach Stadtbezirk\n[^]*„< 5“ ohne Balken: weniger als 5, auch keine; „verdeckt“: mindestens 5/);
      for (const [label, count] of [['Bezirk 1', '7'], ['Bezirk 5', '17'], ['Bezirk 6', '15']] as const) {
        expect(await districts(label).locator('.bar-value').innerText()).toBe(count);
        expect(await districts(label).locator('.bar').count()).toBe(1);
      }
      for (const label of ['Bezirk 2', 'Bezirk 3', 'Bezirk 4', 'außerhalb der Stadt', 'ohne Angabe']) {
        expect(await districts(label).locator('.bar-value').innerText()).toBe('< 5');
        expect(await districts(label).locator('.bar').count()).toBe(0);
        expect(await districts(label).locator('.bar-withheld').isVisible()).toBe(true);
      }
      // Lengths to the scale of the largest published count, from one baseline; each number right after its bar's end.
      const [seven, seventeen] = [await box(districts('Bezirk 1').locator('.bar')), await box(districts('Bezirk 5').locator('.bar'))];
      expect(seven.width / seventeen.width).toBeCloseTo(7 / 17, 2);
      expect(seven.x).toBeCloseTo(seventeen.x, 0);
      expect((await box(districts('Bezirk 5').locator('.bar-value'))).x).toBeGreaterThanOrEqual(seventeen.x + seventeen.width);

      const channels = (label: string) => row(page, 'Beiträge nach Kanal', label);
      expect(await channels('Marktstand').locator('.bar-value').innerText()).toBe('24');
      // Paper (2) is under 5 and the total would give it away, so the next-smallest (online, 5) is withheld too.
      expect(await channels('Papierfragebogen').locator('.bar-value').innerText()).toBe('< 5');
      expect(await channels('Online-Befragung').locator('.bar').count()).toBe(0);
      expect(await figure(page, 'Beiträge nach Kanal').locator('figcaption h3').innerText()).toBe('Beiträge nach Kanal');

      const heat = page.getByRole('table', { name: 'Beiträge nach Stadtbezirk und Handlungsfeld' });
      expect(await figure(page, 'Beiträge nach Stadtbezirk und Handlungsfeld').locator('figcaption').innerText()).toMatch(/Je dunkler ein Feld, desto mehr Beiträge/);
      expect(await heat.getByRole('columnheader').allInnerTexts()).toEqual(['Stadtbezirk', 'Teilhabe und politische Mitbestimmung', 'Freizeit & Kultur']);
      expect(await heat.getByRole('row', { name: /^Bezirk 5/ }).getByRole('cell').allInnerTexts()).toEqual(['12', '5']);
      // Withheld only so that smaller counts cannot be worked out: „verdeckt“, not „< 5“.
      expect(await heat.getByRole('row', { name: /^Bezirk 6/ }).getByRole('cell').allInnerTexts()).toEqual(['verdeckt', 'verdeckt']);
      // Bezirk 1's 7 are all Freizeit: with the other cell withheld, the row's sum would give the 7 away.
      expect(await heat.getByRole('row', { name: /^Bezirk 1/ }).getByRole('cell').allInnerTexts()).toEqual(['< 5', 'verdeckt']);
      expect(await heat.getByRole('row', { name: /^Gesamt/ }).getByRole('cell').allInnerTexts()).toEqual(['21', '23']);
      expect(await heat.getByRole('row', { name: /^Bezirk 5/ }).getByRole('cell').first().getAttribute('class')).toContain('heat-4');

      expect(formatViolations(await axeViolations(page))).toBe('');
      expect(cspViolations).toEqual([]);
    });

    it('fits a phone, 200 % zoom and a desktop without scrolling sideways, grows from the right right to left, and keeps bars and marks in high contrast', async () => {
      const { page } = await openOnPhone();
      const bar = (label: string) => row(page, 'Beiträge nach Stadtbezirk', label).locator('.bar');
      const overflow = () => page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      // On a phone the labels stand above the bars, which get most of the width.
      expect((await box(bar('Bezirk 5'))).width).toBeGreaterThan(0.6 * (await box(figure(page, 'Beiträge nach Stadtbezirk'))).width);
      await screenshot(page, 'results-390');

      // 200 % zoom on a 1280 px screen lays out like 640 CSS pixels at twice the density.
      await page.setViewportSize({ width: 640, height: 900 });
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshot(page, 'results-640');
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshot(page, 'results-1280');
      // On a desktop the table stands beside the chart.
      const longest = await box(bar('Bezirk 5'));
      expect((await box(page.getByRole('region', { name: 'Beiträge und Fragebögen nach Stadtbezirk' }))).x).toBeGreaterThan(longest.x + longest.width);

      // Right to left, the bars grow from the right and the number stands at their left end.
      await page.evaluate(() => (document.documentElement.dir = 'rtl'));
      const track = await box(row(page, 'Beiträge nach Stadtbezirk', 'Bezirk 5').locator('.bar-track'));
      const rtlBar = await box(bar('Bezirk 5'));
      expect(rtlBar.x + rtlBar.width).toBeCloseTo(track.x + track.width, 0);
      const rtlValue = await box(row(page, 'Beiträge nach Stadtbezirk', 'Bezirk 5').locator('.bar-value'));
      expect(rtlValue.x + rtlValue.width).toBeLessThanOrEqual(rtlBar.x);
      await screenshot(page, 'results-1280-rtl');
      await page.evaluate(() => (document.documentElement.dir = 'ltr'));

      // High contrast drops backgrounds: the bars are drawn in the text colour, the withheld marks keep their dashed outline.
      await page.emulateMedia({ forcedColors: 'active' });
      const textColour = await page.evaluate(() => getComputedStyle(document.body).color);
      expect(await bar('Bezirk 5').locator('rect').evaluate((rect) => getComputedStyle(rect).fill)).toBe(textColour);
      expect(await row(page, 'Beiträge nach Stadtbezirk', 'Bezirk 2').locator('.bar-withheld').evaluate((mark) => getComputedStyle(mark).borderInlineStartStyle)).toBe('dashed');
      await screenshot(page, 'results-1280-forced-colors');
    });
  });
});

/** With SCREENSHOT_DIR set, saves the page's figures there to look at. */
async function screenshot(page: Page, name: string) {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.getByRole('region', { name: 'Zahlen' }).screenshot({ path: `${dir}/${name}.png` });
}
