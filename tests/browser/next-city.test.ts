import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcess } from '../factories/processes.ts';
import { buildUser } from '../factories/users.ts';
import { deleteProcess } from '../../server/features/processes/process-admin.service.ts';
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

describe('the next city: a new process for another city than the default process’s', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('drops the suggested city’s names in the other languages once its German name is typed over, so the English and Arabic survey name the new city', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin/verfahren/neu');
    const city = page.getByLabel('Stadt', { exact: true });
    // Suggested from the process every other shares, with its names in the other languages.
    await expect.poll(() => city.inputValue()).toBe('Bergisch Gladbach');
    await page.getByLabel('Titel (Deutsch)').fill('Spielplätze und Jugendräume');
    await page.getByLabel('Beschreibung (Deutsch)').fill('Wo spielen Kinder gern, wo fehlt ein Treffpunkt für Jugendliche?');
    await page.getByLabel('Handlungsfeld 1', { exact: true }).fill('Jugendräume');
    await page.getByRole('checkbox', { name: 'English' }).check();
    await page.getByRole('checkbox', { name: 'العربية' }).check();
    const english = page.locator('details.translation', { hasText: 'English' });
    await english.locator('summary').click();
    const englishCity = english.getByLabel('Stadt (English)');
    expect(await englishCity.inputValue()).toBe('Bergisch Gladbach');

    await city.fill('Lindenfeld');
    // The other city's names are not this city's: the English one is empty (German is shown), and not counted as translated.
    expect(await englishCity.inputValue()).toBe('');
    expect(await english.locator('summary').textContent()).toContain('0 von');
    // Back to the suggested name, its names come back; typed over again, they go again.
    await city.fill('Bergisch Gladbach');
    expect(await englishCity.inputValue()).toBe('Bergisch Gladbach');
    await city.fill('Lindenfeld');
    expect(await englishCity.inputValue()).toBe('');
    await page.screenshot({ path: '/tmp/next-city-new-process-1280.png' });

    await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
    await page.waitForURL('**/admin/p/spielplaetze-und-jugendraeume/struktur?neu=1');
    const stored = h.db.$client.prepare("select city from processes where slug = 'spielplaetze-und-jugendraeume'").get() as { city: string };
    expect(JSON.parse(stored.city)).toEqual({ de: 'Lindenfeld' });

    // The survey's texts name the controller and the city in every language by the new city's name.
    await page.goto(`${h.baseUrl}/admin/p/spielplaetze-und-jugendraeume/umfrage`);
    await page.getByLabel('Texte bearbeiten in').selectOption('en');
    const outside = page.getByLabel('Stadtteil-Frage: wohnt außerhalb (English)');
    await expect.poll(() => outside.inputValue()).toBe('I live outside Lindenfeld');
    const englishTexts = await page.locator('[id^="texts-"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value).join('\n'));
    expect(englishTexts).toContain('City of Lindenfeld');
    expect(englishTexts).not.toContain('Bergisch Gladbach');
    await page.getByLabel('Texte bearbeiten in').selectOption('ar');
    await expect.poll(() => page.getByLabel('Stadtteil-Frage: wohnt außerhalb (العربية)').inputValue()).toContain('Lindenfeld');
    const arabicTexts = await page.locator('[id^="texts-"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value).join('\n'));
    expect(arabicTexts).not.toContain('بيرغيش غلادباخ');
  });
});

describe('the next city: an old bookmark while the only process is a draft', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
    // The admin has just created the city's process and not published it yet: the only one, a draft.
    h.db.$client.prepare("update processes set status = 'draft' where slug = ?").run(h.slug);
  });
  afterAll(() => h?.close());

  it('leads an admin from /admin/moderation, /admin/verfahren and /auswertung to the draft instead of saying there is no process', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin/moderation');
    const main = page.getByRole('main');
    await main.getByText('Es gibt noch kein veröffentlichtes Verfahren.').waitFor();
    expect(await main.getByRole('heading', { level: 1 }).innerText()).toBe('Moderation');
    expect(await main.getByRole('listitem').innerText()).toMatch(/^Integrationskonzept Bergisch Gladbach\s+Entwurf$/);
    expect(await main.innerText()).not.toContain('Es gibt noch kein Verfahren.');
    const draft = main.getByRole('link', { name: 'Integrationskonzept Bergisch Gladbach', exact: true });
    expect((await draft.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await draft.click();
    await page.waitForURL(`**/admin/p/${h.slug}/moderation`);

    for (const [from, to] of [['/admin/verfahren', `/admin/p/${h.slug}/verfahren`], ['/auswertung', `/admin/p/${h.slug}/struktur`]] as const) {
      await page.goto(h.baseUrl + from);
      await page.getByRole('main').getByText('Es gibt noch kein veröffentlichtes Verfahren.').waitFor();
      await page.getByRole('main').getByRole('link', { name: 'Integrationskonzept Bergisch Gladbach', exact: true }).click();
      await page.waitForURL(`**${to}`);
    }
  });

  it('tells a stall tablet that no process is published yet, and when one appears, instead of loading for ever', async () => {
    const staff = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: { width: 1024, height: 768 } });
    await signInAs(page, h.baseUrl, staff.username, '/stand');
    const main = page.getByRole('main');
    await main.getByRole('alert').getByText('Es gibt noch kein veröffentlichtes Beteiligungsverfahren. Sobald die Verwaltung eines veröffentlicht, erscheint es hier, wenn Sie die Seite neu laden.').waitFor();
    // Before, „Wird geladen …“ stood below it for good: nothing was coming.
    await expect.poll(() => main.getByText('Wird geladen', { exact: false }).count()).toBe(0);
    expect(await main.innerText()).not.toContain('Integrationskonzept');
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it('still tells a working group that its account has no process, not about drafts it cannot open', async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit'], processes: [h.slug] });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, group.username, '/auswertung');
    await page.getByRole('main').getByText('Ihrem Konto ist noch kein Verfahren zugeordnet.', { exact: false }).waitFor();
    expect(await page.getByRole('main').getByText('Entwurf').count()).toBe(0);
  });
});

describe('the next city: no process at all yet', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
    // The city's own database without the default process: deleted, as README's step 3 does.
    const admin = await buildUser(h.db, { role: 'admin' });
    await deleteProcess(h.db, h.slug, h.slug, admin.id);
  });
  afterAll(() => h?.close());

  it('leads an admin from /admin/moderation, /admin/verfahren and /auswertung to „Erstes Verfahren anlegen“', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin/moderation');
    for (const from of ['/admin/moderation', '/admin/verfahren', '/auswertung']) {
      await page.goto(h.baseUrl + from);
      const main = page.getByRole('main');
      await main.getByText('Es gibt noch kein Verfahren.').waitFor();
      const create = main.getByRole('link', { name: 'Erstes Verfahren anlegen' });
      await create.waitFor();
      expect((await create.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      expect(formatViolations(await axeViolations(page))).toBe('');
      await create.click();
      await page.waitForURL('**/admin/verfahren/neu');
      await page.getByLabel('Titel (Deutsch)').waitFor();
    }
  });

  it('says „Es gibt noch kein Verfahren.“ to an admin once, with the offer, and does not take it back while its drafts load', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin/moderation');
    // A slow answer about the drafts (a market's Wi-Fi), while the empty list of processes is already there.
    await page.route('**/api/admin/processes', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    // Whether the page, once it said there is no process, took it back (a reader loses the place they were reading).
    await page.addInitScript(() => {
      const w = window as unknown as { said?: boolean; tookBack?: boolean };
      new MutationObserver(() => {
        const says = document.querySelector('main')?.textContent?.includes('Es gibt noch kein Verfahren.') ?? false;
        if (says) w.said = true;
        else if (w.said) w.tookBack = true;
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(h.baseUrl + '/admin/moderation');
    await page.getByRole('main').getByRole('link', { name: 'Erstes Verfahren anlegen' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { tookBack?: boolean }).tookBack ?? false)).toBe(false);
  });

  it('offers a working group no process to create', async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: [], processes: [] });
    const { page } = await h.newPage({ viewport: { width: 1024, height: 768 } });
    await signInAs(page, h.baseUrl, group.username, '/auswertung');
    await page.getByRole('main').getByText('Ihrem Konto ist noch kein Verfahren zugeordnet.', { exact: false }).waitFor();
    expect(await page.getByRole('link', { name: 'Erstes Verfahren anlegen' }).count()).toBe(0);
  });
});
