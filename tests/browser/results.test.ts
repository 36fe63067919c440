import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContribution } from '../factories/contributions.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, startHarness, type BrowserHarness } from './harness.ts';

describe('Auswertung for a working group in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('shows suppressed count tables for the chosen field and downloads an export with the session; axe finds nothing', async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit', 'bildung'] });
    for (let i = 0; i < 6; i += 1) buildContribution(h.db, { text: `Mehr Ausbildungsplätze, Stimme ${i}`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    buildContribution(h.db, { text: 'Deutschkurs am Abend, schreibt an kurs@example.de', fieldsOfAction: ['bildung'], stadtteil: 'refrath' });
    const { page } = await h.newPage();
    await page.goto(h.baseUrl + '/login?next=/auswertung');
    await page.getByLabel('Benutzername').fill(group.username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL('**/auswertung');

    const byDistrict = page.getByRole('table', { name: 'Beiträge und Fragebögen nach Stadtbezirk' });
    await byDistrict.waitFor();
    await expect.poll(() => byDistrict.getByRole('row', { name: /Bezirk 5/ }).innerText()).toMatch(/Bezirk 5\s+6\s+< 5/);
    expect(await byDistrict.getByRole('columnheader').allInnerTexts()).toEqual(['Stadtbezirk', 'Beiträge', 'Fragebögen']);
    expect(await page.getByRole('table', { name: 'Beiträge und Fragebögen nach Kanal' }).getByRole('rowheader').first().innerText()).toBe('Online-Befragung');
    expect(formatViolations(await axeViolations(page))).toBe('');

    await page.getByLabel('Handlungsfeld').selectOption('bildung');
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
});
