import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContribution } from '../factories/contributions.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser } from '../factories/users.ts';
import { signInAs, startHarness, type BrowserHarness } from './harness.ts';

/** The Auswertung's downloads follow the filters set on the page, as a working group sets them on a phone. */
describe('Auswertung downloads under „Befragte eingrenzen“ in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('the downloads carry the page\'s „Befragte eingrenzen“: with „Sprache: Türkisch“ set, the link, the file\'s name and its rows are the Turkish respondents\' and the hint says so', async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['freizeit'] });
    for (let i = 0; i < 6; i += 1) buildResponse(h.db, { language: 'tr', answers: { 'leisure-idea': `Türkçe öneri ${i}` } });
    for (let i = 0; i < 6; i += 1) buildResponse(h.db, { answers: { 'leisure-idea': `Deutscher Vorschlag ${i}` } });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, group.username, `/auswertung/p/${h.slug}`);
    const csvLink = page.getByRole('link', { name: 'CSV-Tabelle' });
    const hint = page.locator('#downloads-hint');
    await expect.poll(() => hint.innerText()).toContain('Nicht eingegrenzt: Die Dateien enthalten die Zahlen und Beiträge der ganzen Stadt.');
    expect(await csvLink.getAttribute('href')).toBe(`/api/processes/${h.slug}/exports/csv`);

    await page.getByText('Befragte eingrenzen').first().click();
    await page.getByLabel('Sprache des Fragebogens', { exact: true }).selectOption('tr');
    await expect.poll(() => csvLink.getAttribute('href')).toBe(`/api/processes/${h.slug}/exports/csv?language=tr`);
    await expect.poll(() => hint.innerText()).toContain('nur von diesen Befragten, nicht aus der ganzen Stadt');
    expect(await page.getByRole('link', { name: 'PDF-Zusammenfassung' }).getAttribute('href')).toBe(`/api/processes/${h.slug}/exports/pdf?language=tr`);

    const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^mitreden-integrationskonzept-freizeit-tr-\d{4}-\d{2}-\d{2}\.csv$/);
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.match(/Türkçe öneri/g)).toHaveLength(6);
    expect(csv).not.toContain('Deutscher Vorschlag');
  });

  it('offers no files for a filter the server refuses, and says why, instead of buttons that save the refusal as „true.json“', async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit'] });
    // Bezirk 6's 7 voices are withheld beside the 3 from outside the city (10 − 7 would tell them): a filter by it is refused.
    for (let i = 0; i < 20; i += 1) buildContribution(h.db, { text: `Ausbildung in Bensberg ${i}`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    for (let i = 0; i < 7; i += 1) buildContribution(h.db, { text: `Arbeit in Refrath ${i}`, fieldsOfAction: ['arbeit'], stadtteil: 'refrath' });
    for (let i = 0; i < 3; i += 1) buildContribution(h.db, { text: `Arbeit außerhalb ${i}`, fieldsOfAction: ['arbeit'], stadtteil: 'outside' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, group.username, `/auswertung/p/${h.slug}`);
    const downloads = page.getByRole('region', { name: 'Herunterladen', exact: true });
    await downloads.getByRole('link', { name: 'CSV-Tabelle' }).waitFor();
    // A name of its own for a file the server does not name (a bare `download` read „true“).
    expect(await downloads.getByRole('link', { name: 'CSV-Tabelle' }).getAttribute('download')).toBe(`mitreden-${h.slug}.csv`);

    await page.goto(`${h.baseUrl}/auswertung/p/${h.slug}?district=bezirk-6`);
    await page.getByRole('region', { name: 'Zahlen' }).getByRole('alert').waitFor();
    await expect.poll(() => downloads.innerText()).toContain('Für diese Eingrenzung gibt es keine Dateien');
    expect(await downloads.getByRole('link').count()).toBe(0);
    expect((await page.request.get(`${h.baseUrl}/api/processes/${h.slug}/exports/csv?district=bezirk-6`)).status()).toBe(422);
  });

});
