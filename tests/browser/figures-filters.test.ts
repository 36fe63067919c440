import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContribution } from '../factories/contributions.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser } from '../factories/users.ts';
import { signInAs, startHarness, type BrowserHarness } from './harness.ts';

/** The counts at the top of the Auswertung follow „Befragte eingrenzen“, as a working group sets it on a phone. */
describe('Auswertung counts under „Befragte eingrenzen“ in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('with „Sprache: Türkisch“ set, „Beiträge nach Kanal“, „… nach Stadtbezirk“ and the counts per QR poster count the Turkish respondents only and say so in their caption', async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['freizeit'] });
    for (let i = 0; i < 6; i += 1) buildResponse(h.db, { language: 'tr', answers: { 'leisure-situation': 3, 'leisure-idea': `Türkçe öneri ${i}` } });
    for (let i = 0; i < 9; i += 1) buildResponse(h.db, { answers: { 'leisure-situation': 3, 'leisure-idea': `Deutscher Vorschlag ${i}` } });
    for (let i = 0; i < 7; i += 1) buildContribution(h.db, { text: `Marktstand ${i}`, fieldsOfAction: ['freizeit'] });
    // A QR poster in the Bücherei, from which the six Turkish questionnaires were opened; five more in Turkish (on work, not leisure) came without one.
    for (let i = 0; i < 5; i += 1) buildResponse(h.db, { language: 'tr' });
    h.db.$client
      .prepare("insert into posters (id, process_id, stadtteil_key, place, languages, created_on) select 'buecherei7', id, 'gronau', 'Bücherei Gronau', '[\"tr\"]', '2026-11-01' from processes where slug = ?")
      .run(h.slug);
    h.db.$client.prepare("update responses set poster_id = 'buecherei7' where language = 'tr' and id in (select response_id from answers where question_key = 'leisure-situation')").run();
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, group.username, `/auswertung/p/${h.slug}`);

    const byChannel = page.getByRole('table', { name: 'Beiträge und Fragebögen nach Kanal' });
    const row = (name: string) => byChannel.locator('tr', { has: page.locator('th', { hasText: name }) }).locator('td');
    const channelFigure = page.getByRole('figure', { name: 'Beiträge nach Kanal', exact: true });
    const districtFigure = page.getByRole('figure', { name: 'Beiträge nach Stadtbezirk', exact: true });
    await byChannel.waitFor();
    // The whole city: fifteen online contributions and questionnaires, seven stall notes, no caption.
    await expect.poll(() => row('Online-Befragung').allInnerTexts(), { timeout: 10_000 }).toEqual(['15', '15']);
    expect(await row('Marktstand').allInnerTexts()).toEqual(['7', '< 5']);
    expect(await row('Gesamt').allInnerTexts()).toEqual(['22', '15']);
    expect(await channelFigure.getByText(/^Eingegrenzt/).count()).toBe(0);

    await page.getByText('Befragte eingrenzen').first().click();
    await page.getByLabel('Sprache des Fragebogens', { exact: true }).selectOption('tr');
    // Turkish only: six online, the German stall notes gone (withheld as none, never a small number).
    await expect.poll(() => row('Online-Befragung').allInnerTexts(), { timeout: 10_000 }).toEqual(['6', '6']);
    expect(await row('Marktstand').allInnerTexts()).toEqual(['< 5', '< 5']);
    expect(await row('Gesamt').allInnerTexts()).toEqual(['6', '6']);
    await expect.poll(() => channelFigure.getByText(/^Eingegrenzt/).innerText()).toBe('Eingegrenzt: Sprache: Türkisch');
    expect(await districtFigure.getByText(/^Eingegrenzt/).innerText()).toBe('Eingegrenzt: Sprache: Türkisch');
    expect(await page.getByRole('figure', { name: 'Beiträge nach Stadtbezirk und Handlungsfeld' }).getByText(/^Eingegrenzt/).innerText()).toBe('Eingegrenzt: Sprache: Türkisch');
    // The answers to the questions say it too; the dot votes follow only the place, so they name no language.
    expect(await page.locator('section[aria-labelledby=questions-title]').getByText(/^Eingegrenzt/).innerText()).toBe('Eingegrenzt: Sprache: Türkisch');
    expect(await page.locator('section[aria-labelledby=dot-votes-title]').getByText(/^Eingegrenzt/).count()).toBe(0);
    // The caption is read before the numbers, and fits the phone's width.
    const caption = await channelFigure.getByText(/^Eingegrenzt/).boundingBox();
    expect(caption!.x + caption!.width).toBeLessThanOrEqual(390);

    // The counts per QR poster follow too: of the eleven Turkish questionnaires six came from the poster.
    const posters = page.getByRole('table', { name: 'Online-Fragebögen nach dem Plakat, von dem sie geöffnet wurden' });
    const posterRow = (name: string) => posters.locator('tr', { has: page.locator('th', { hasText: name }) }).locator('td').last();
    await expect.poll(() => posterRow('Zusammen').innerText(), { timeout: 10_000 }).toBe('11');
    expect(await posterRow('Bücherei Gronau').innerText()).toBe('6');
    expect(await posterRow('Ohne Plakat').innerText()).toBe('5');
    expect(await page.locator('section[aria-labelledby=poster-counts-title]').getByText(/^Eingegrenzt/).innerText()).toBe('Eingegrenzt: Sprache: Türkisch');

    // Reset: the whole city again, and the caption goes.
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).first().click();
    await expect.poll(() => row('Online-Befragung').allInnerTexts(), { timeout: 10_000 }).toEqual(['15', '15']);
    expect(await channelFigure.getByText(/^Eingegrenzt/).count()).toBe(0);
    await expect.poll(() => posterRow('Zusammen').innerText(), { timeout: 10_000 }).toBe('20');
  });

  it('while the figures for a new choice load, those still on screen say which choice they count, and the questionnaires name their channel', async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['freizeit'] });
    for (let i = 0; i < 6; i += 1) buildResponse(h.db, { channel: 'paper', answers: { 'leisure-situation': 2 } });
    for (let i = 0; i < 7; i += 1) buildResponse(h.db, { answers: { 'leisure-situation': 4 } });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    // The answers for the paper questionnaires are held back until the test lets them through: a slow network, or a large file.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname.startsWith('/api/') && url.searchParams.get('channel') === 'paper',
      async (route) => {
        await held;
        await route.continue();
      },
    );
    await signInAs(page, h.baseUrl, group.username, `/auswertung/p/${h.slug}`);
    const questions = page.locator('section[aria-labelledby=questions-title]');
    const channelFigure = page.getByRole('figure', { name: 'Beiträge nach Kanal', exact: true });
    await expect.poll(() => questions.locator('p.hint').first().innerText(), { timeout: 10_000 }).toMatch(/^\d+ Fragebögen \(online und auf Papier\)/);
    const everyone = await questions.locator('p.hint').first().innerText();

    await page.getByText('Befragte eingrenzen').first().click();
    await page.locator('#filter-channel').selectOption('paper');
    // The whole city's figures stay while the paper ones load, saying they are not yet narrowed, and greyed.
    await expect.poll(() => questions.getByRole('status').filter({ hasText: /^Noch die Zahlen/ }).innerText(), { timeout: 10_000 }).toBe('Noch die Zahlen ohne Eingrenzung; die Zahlen für die neue Auswahl werden geladen …');
    expect(await questions.locator('p.hint').first().innerText()).toBe(everyone);
    expect(await questions.getByText(/^Eingegrenzt/).count()).toBe(0);
    expect(await channelFigure.getByText(/^Noch die Zahlen ohne Eingrenzung/).count()).toBe(1);
    expect(await channelFigure.evaluate((figure) => getComputedStyle(figure).filter)).toBe('grayscale(1)');

    release();
    await expect.poll(() => questions.locator('p.hint').first().innerText(), { timeout: 10_000 }).toMatch(/^\d+ Fragebögen \(auf Papier\)/);
    await expect.poll(() => questions.getByText(/^Eingegrenzt/).innerText()).toMatch(/^Eingegrenzt: Kanal: /);
    await expect.poll(() => channelFigure.getByText(/^Eingegrenzt/).innerText(), { timeout: 10_000 }).toMatch(/^Eingegrenzt: Kanal: /);
    expect(await page.getByText(/^Noch die Zahlen/).count()).toBe(0);
    expect(await channelFigure.evaluate((figure) => getComputedStyle(figure).filter)).toBe('none');
  });
});
