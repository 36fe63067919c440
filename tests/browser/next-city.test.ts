import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcess } from '../factories/processes.ts';
import { buildUser } from '../factories/users.ts';
import { axeViolations, formatViolations, signInAs, startHarness, type BrowserHarness } from './harness.ts';

describe('the next city: the seeded default process archived', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('lists the archived process after the others, marked „archiviert“, still reachable, and offers it to no new working group', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit'], processes: [h.slug] });
    buildProcess(h.db, { slug: 'klimaschutz', title: 'Klimaschutz mitgestalten' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, h.baseUrl, admin.username, `/admin/p/${h.slug}/struktur`);
    await page.getByRole('button', { name: 'Archivieren' }).click();
    await page.getByRole('dialog', { name: 'Verfahren archivieren?' }).getByRole('button', { name: 'Archivieren' }).click();
    await page.getByText('Archiviert: Das Verfahren ist von der Startseite genommen', { exact: false }).waitFor();

    // The admin home: the new process first, the archived one after it, marked and with its results.
    await page.goto(`${h.baseUrl}/admin`);
    const headings = page.locator('section.card h2');
    await expect.poll(() => headings.count()).toBe(2);
    expect(await headings.allInnerTexts()).toEqual([expect.stringContaining('Klimaschutz mitgestalten'), expect.stringMatching(/Integrationskonzept Bergisch Gladbach\s*archiviert/)]);
    await page.locator('section.card', { hasText: 'Integrationskonzept' }).getByRole('link', { name: 'Ergebnisse', exact: false }).first().waitFor();

    // Every process picker: the same order, the archived one marked and still reachable.
    await page.goto(`${h.baseUrl}/admin/p/klimaschutz/moderation`);
    const picker = page.getByRole('navigation', { name: 'Verfahren wählen' });
    await picker.waitFor();
    const links = picker.getByRole('link');
    expect(await links.allInnerTexts()).toEqual(['Klimaschutz mitgestalten', expect.stringMatching(/^Integrationskonzept Bergisch Gladbach\s*archiviert$/)]);
    await links.nth(1).click();
    await page.waitForURL(`**/admin/p/${h.slug}/moderation`);

    // A new working group is not offered the archived process; one that works on it still sees it, marked.
    await page.goto(`${h.baseUrl}/admin/konten`);
    const form = page.getByRole('form', { name: 'Neues Konto' });
    await form.getByLabel('Rolle').selectOption({ label: 'Arbeitsgruppe' });
    const choices = form.getByRole('group', { name: 'Verfahren der Arbeitsgruppe' }).getByRole('checkbox');
    await expect.poll(() => choices.count()).toBe(1);
    expect(await form.getByRole('group', { name: 'Verfahren der Arbeitsgruppe' }).innerText()).not.toContain('Integrationskonzept');
    await page.getByRole('button', { name: `Bearbeiten ${group.username}` }).click();
    const dialog = page.getByRole('dialog', { name: `Konto „${group.username}“ bearbeiten` });
    const kept = dialog.getByRole('group', { name: 'Verfahren der Arbeitsgruppe' }).getByRole('checkbox', { name: 'Integrationskonzept Bergisch Gladbach (archiviert)' });
    expect(await kept.isChecked()).toBe(true);
    expect(formatViolations(await axeViolations(page))).toBe('');
  });
});
