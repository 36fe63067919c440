import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildContribution } from '../factories/contributions.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildUser } from '../factories/users.ts';
import { axeViolations, formatViolations, signInAs, skippedHeadingLevels, startHarness, type BrowserHarness } from './harness.ts';

describe('admin: setting up a new process', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('creates a process with German and English texts, fields and Stadtteile from a CSV, publishes it, and residents find it on the start page', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 800, height: 1280 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin');
    // The admin start lists every process with its status; like every admin page it passes axe.
    await page.getByRole('heading', { name: /Integrationskonzept Bergisch Gladbach/ }).waitFor();
    expect(await page.locator('.status-badge').first().innerText()).toBe('öffentlich');
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.getByRole('link', { name: 'Neues Verfahren anlegen' }).click();
    await page.waitForURL('**/admin/verfahren/neu');
    // Each part of the form is a heading (H2) in the page's outline, the CSV import's H3 under „Stadtbezirke und Stadtteile“.
    await page.getByRole('heading', { level: 2, name: 'Stadtbezirke und Stadtteile' }).waitFor();
    expect(await skippedHeadingLevels(page)).toEqual([]);

    await page.getByLabel('Titel (Deutsch)').fill('Jugendbefragung Süd 2027');
    // The address follows the title until it is edited by hand.
    expect(await page.getByLabel('Adresse').inputValue()).toBe('jugendbefragung-sued-2027');
    await page.getByLabel('Beschreibung (Deutsch)').fill('Was junge Menschen im Süden der Stadt brauchen.');
    await page.getByRole('checkbox', { name: 'English' }).check();

    await page.locator('#field-0').fill('Schule und Ausbildung');
    await expect.poll(() => page.locator('#field-0-key').textContent()).toContain('schule-und-ausbildung');
    await page.getByRole('button', { name: 'Unterthema hinzufügen zu Schule und Ausbildung' }).click();
    await page.locator('#field-0-0').fill('Schulweg');
    await page.getByRole('button', { name: 'Handlungsfeld hinzufügen' }).click();
    await page.locator('#field-1').fill('Freizeit');
    // Each field's input has a name of its own, the one the form's problems use, not „Handlungsfeld“ for all.
    expect(await page.getByLabel('Handlungsfeld 2', { exact: true }).inputValue()).toBe('Freizeit');
    expect(await page.getByLabel('Handlungsfeld 1, Unterthema 1', { exact: true }).inputValue()).toBe('Schulweg');
    expect(await page.getByLabel('Handlungsfeld', { exact: true }).count()).toBe(0);
    await page.getByRole('radio', { name: 'aktuelle Phase (Phase 2)' }).waitFor({ state: 'attached' });

    const english = page.locator('details.translation', { hasText: 'English' });
    await english.locator('summary').click();
    await english.getByLabel('Titel (English)').fill('Youth survey South 2027');
    // The city came with its names from the process every other shares; the English one counts as translated.
    expect(await english.getByLabel('Stadt (English)').inputValue()).toBe('Bergisch Gladbach');
    expect(await english.locator('summary').textContent()).toContain('2 von 8 Texten');
    await english.getByLabel('Handlungsfeld 1, Unterthema 1: Schulweg (English)').fill('Way to school');
    // A field described in the residents' words is what the stall's suggestions read; its translation appears once there is German.
    expect(await english.getByLabel('Handlungsfeld 2, Beschreibung: Freizeit (English)').count()).toBe(0);
    await page.getByLabel('Beschreibung von Handlungsfeld 2', { exact: true }).fill('Sport, Jugendzentrum, Skaten');
    await english.getByLabel('Handlungsfeld 2, Beschreibung: Freizeit (English)').fill('Sports, youth centre, skating');
    expect(await english.locator('summary').textContent()).toContain('4 von 9 Texten');

    await page.getByLabel('CSV-Datei wählen').setInputFiles({ name: 'stadtteile.csv', mimeType: 'text/csv', buffer: Buffer.from('Nummer;Name;Bezirk\n51;Bensberg;Bezirk 5\n52;Moitzfeld;Bezirk 5\n61;Refrath;Bezirk 6\n') });
    await page.getByText('3 Stadtteile in 2 Bezirken gelesen.', { exact: false }).waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.screenshot({ path: '/tmp/process-editor-800.png', fullPage: true });

    await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
    await page.waitForURL('**/admin/p/jugendbefragung-sued-2027/struktur?neu=1');
    await page.getByText('Angelegt als Entwurf', { exact: false }).waitFor();
    // Nothing refers to the new fields yet: a mistyped one can still be renamed (its key follows) and removed.
    expect(await page.locator('#field-1-key').textContent()).not.toContain('in Gebrauch');
    await page.getByRole('button', { name: 'Entfernen Freizeit' }).waitFor();
    const stored = h.db.$client.prepare("select status, title, languages from processes where slug = 'jugendbefragung-sued-2027'").get() as { status: string; title: string; languages: string };
    expect(stored.status).toBe('draft');
    expect(JSON.parse(stored.title)).toEqual({ de: 'Jugendbefragung Süd 2027', en: 'Youth survey South 2027' });
    expect(h.db.$client.prepare("select count(*) as n from stadtteile s join processes p on p.id = s.process_id where p.slug = 'jugendbefragung-sued-2027'").get()).toEqual({ n: 3 });
    const described = h.db.$client.prepare("select f.description from fields_of_action f join processes p on p.id = f.process_id where p.slug = 'jugendbefragung-sued-2027' and f.key = 'freizeit'").get() as { description: string };
    expect(JSON.parse(described.description)).toEqual({ de: 'Sport, Jugendzentrum, Skaten', en: 'Sports, youth centre, skating' });

    // A draft is not on the start page.
    const resident = await h.newPage({ viewport: { width: 390, height: 844 } });
    await resident.page.goto(h.baseUrl + '/');
    await resident.page.getByRole('heading', { level: 2 }).first().waitFor();
    expect(await resident.page.getByRole('heading', { name: 'Jugendbefragung Süd 2027' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.getByRole('dialog', { name: 'Verfahren veröffentlichen?' }).getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.getByText('Veröffentlicht: Das Verfahren steht auf der Startseite.').waitFor();

    await resident.page.reload();
    await resident.page.getByRole('heading', { name: 'Jugendbefragung Süd 2027' }).waitFor();
    await resident.page.goto(h.baseUrl + '/?lang=en');
    await resident.page.getByRole('heading', { name: 'Youth survey South 2027' }).waitFor();

    // A working group for Arbeit has no field in this process: its results page says so instead of empty tables.
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit'] });
    const { page: groupPage } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(groupPage, h.baseUrl, group.username, '/auswertung/p/jugendbefragung-sued-2027');
    await groupPage.getByText('Ihr Konto hat in diesem Verfahren kein Handlungsfeld', { exact: false }).waitFor();
    expect(await groupPage.getByRole('table').count()).toBe(0);
    expect(formatViolations(await axeViolations(groupPage))).toBe('');

    // Fields are a working group's by the tree, not by how their keys are spelt: "Schulweg" (key
    // schulweg) is a sub-field of Schule und Ausbildung, and a group for "schule" has no field here.
    const school = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['schule-und-ausbildung'] });
    const { page: schoolPage } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(schoolPage, h.baseUrl, school.username, '/auswertung/p/jugendbefragung-sued-2027');
    await schoolPage.getByLabel('Handlungsfeld', { exact: true }).waitFor();
    expect(await schoolPage.getByLabel('Handlungsfeld', { exact: true }).locator('option').allInnerTexts()).toEqual(['alle meine Handlungsfelder', 'Schule und Ausbildung', '– Schulweg']);
    // "schule" as another process could name a field (accounts are checked against every process's fields).
    const prefix = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit'] });
    h.db.$client.prepare(`update users set fields_of_action = '["schule"]' where username = ?`).run(prefix.username);
    const { page: prefixPage } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(prefixPage, h.baseUrl, prefix.username, '/auswertung/p/jugendbefragung-sued-2027');
    await prefixPage.getByText('Ihr Konto hat in diesem Verfahren kein Handlungsfeld', { exact: false }).waitFor();
    // The pages beside the figures say it in German too, not in the API's English.
    for (const path of ['massnahmen', 'verbleib']) {
      await prefixPage.goto(`${h.baseUrl}/auswertung/p/jugendbefragung-sued-2027/${path}`);
      await prefixPage.getByRole('alert').getByText('Ihr Konto hat in diesem Verfahren kein Handlungsfeld', { exact: false }).waitFor();
      await prefixPage.screenshot({ path: `/tmp/no-field-${path}-390.png` });
    }
  });

  it('names the process in the browser tab of each of its admin and results pages, so two processes open in two tabs are told apart', async () => {
    const slug = buildProcess(h.db, { slug: 'tabtitel-sued', title: 'Tabtitel Süd' });
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 1024, height: 768 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin');
    const pages = [
      [`/admin/p/${slug}/moderation`, 'Moderation'],
      [`/admin/p/${slug}/verfahren`, 'Verfahren'],
      [`/admin/p/${slug}/struktur`, 'Verfahren einrichten'],
      [`/admin/p/${slug}/umfrage`, 'Fragebogen bearbeiten'],
      [`/admin/p/${slug}/ergebnisse`, 'Ergebnisse veröffentlichen'],
      [`/admin/p/${slug}/einwohner`, 'Einwohnerzahlen'],
      [`/admin/p/${slug}/markttage`, 'Markttage'],
      [`/auswertung/p/${slug}`, 'Auswertung'],
      [`/auswertung/p/${slug}/beteiligung`, 'Beteiligung'],
      [`/auswertung/p/${slug}/massnahmen`, 'Maßnahmen'],
      [`/auswertung/p/${slug}/verbleib`, 'Verbleib der Beiträge'],
    ] as const;
    for (const [path, name] of pages) {
      await page.goto(h.baseUrl + path);
      await expect.poll(() => page.title(), { message: path, timeout: 10_000 }).toBe(`${name} – Tabtitel Süd – Mitreden`);
    }
    // The same page of the default process, in another tab, says its own process.
    const { page: other } = await h.newPage({ viewport: { width: 1024, height: 768 } });
    await signInAs(other, h.baseUrl, admin.username, '/admin/p/integrationskonzept/moderation');
    await expect.poll(() => other.title(), { timeout: 10_000 }).toBe('Moderation – Integrationskonzept Bergisch Gladbach – Mitreden');
  });

  it('keeps the current phase on the same phase when an earlier phase is removed', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin.username, `/admin/p/${h.slug}/struktur`);
    const current = (n: number) => page.getByRole('radio', { name: `aktuelle Phase (Phase ${n})` });
    await current(3).check();
    const third = await page.locator('#phase-2').inputValue();
    await page.getByRole('button', { name: 'Entfernen Phase 1' }).click();
    // The phase that was current is now Phase 2 and still the current one, not the phase after it.
    await expect.poll(() => page.locator('#phase-1').inputValue()).toBe(third);
    expect(await current(2).isChecked()).toBe(true);
    expect(await current(3).isChecked()).toBe(false);
    await page.locator('#phase-1').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/process-editor-phase-removed-1280.png' });
    // Removing the current phase itself makes the one taking its place current.
    await page.getByRole('button', { name: 'Entfernen Phase 2' }).click();
    await expect.poll(() => current(2).isChecked()).toBe(true);
  });

  it("enters a phase's dates and description, in German and English, and residents read them on the process page", async () => {
    const slug = buildProcess(h.db, { slug: 'phasen-mit-daten', title: 'Phasen mit Daten' });
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin.username, `/admin/p/${slug}/struktur`);
    // Each phase has its dates and description under names of their own, the ones the form's problems use.
    await page.getByLabel('Beginn von Phase 1', { exact: true }).fill('2027-07-01');
    await page.getByLabel('Ende von Phase 1', { exact: true }).fill('2027-03-31');
    await page.getByLabel('Beschreibung von Phase 1', { exact: true }).fill('Fragebogen online, auf Papier und an Infoständen.');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('alert').getByText('Ende von Phase 1: Eine Phase kann nicht enden, bevor sie beginnt.', { exact: false }).waitFor();
    // By keyboard the dates follow the phase's title, the description them.
    await page.locator('#phase-0').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('phase-0-starts');
    await page.getByLabel('Beginn von Phase 1', { exact: true }).fill('2027-03-01');
    // The description's translation sits with the other texts' and counts towards them.
    const english = page.locator('details.translation', { hasText: 'English' });
    await english.locator('summary').click();
    const translation = english.getByLabel(/^Phase 1, Beschreibung: .* \(English\)$/);
    await translation.fill('Questionnaire online, on paper and at information stands.');
    for (const label of ['Beginn von Phase 1', 'Ende von Phase 1', 'Beschreibung von Phase 1']) {
      expect((await page.getByLabel(label, { exact: true }).boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
    await page.getByLabel('Beginn von Phase 1', { exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/process-editor-phase-dates-1280.png' });
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByText('Gespeichert', { exact: false }).first().waitFor();

    await page.reload();
    await expect.poll(() => page.getByLabel('Beginn von Phase 1', { exact: true }).inputValue()).toBe('2027-03-01');
    expect(await page.getByLabel('Ende von Phase 1', { exact: true }).inputValue()).toBe('2027-03-31');
    expect(await page.getByLabel('Beschreibung von Phase 1', { exact: true }).inputValue()).toBe('Fragebogen online, auf Papier und an Infoständen.');
    expect(await page.getByLabel('Beginn von Phase 2', { exact: true }).inputValue()).toBe('');

    const resident = await h.newPage({ viewport: { width: 390, height: 844 } });
    await resident.page.goto(`${h.baseUrl}/p/${slug}`);
    const first = resident.page.locator('ol.phases > li').first();
    await first.getByText('1. März 2027 bis 31. März 2027').waitFor();
    await first.getByText('Fragebogen online, auf Papier und an Infoständen.').waitFor();
    // A phase without dates or description says none.
    expect(await resident.page.locator('ol.phases > li').nth(1).locator('.phase-dates, p').count()).toBe(0);
    await first.scrollIntoViewIfNeeded();
    await resident.page.screenshot({ path: '/tmp/process-page-phase-dates-390.png' });
    expect(formatViolations(await axeViolations(resident.page))).toBe('');
    await resident.page.goto(`${h.baseUrl}/p/${slug}?lang=en`);
    await first.getByText('March 1, 2027 to March 31, 2027').waitFor();
    await first.getByText('Questionnaire online, on paper and at information stands.').waitFor();
  });

  it('asks before a public process goes back to draft, which hides it from everyone but admins', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const status = () => (h.db.$client.prepare('select status from processes where slug = ?').get(h.slug) as { status: string }).status;
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin.username, `/admin/p/${h.slug}/struktur`);
    await page.getByRole('button', { name: 'Zurück zum Entwurf' }).click();
    const dialog = page.getByRole('dialog', { name: 'Verfahren zurück in den Entwurf?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Beitragscodes');
    await page.screenshot({ path: '/tmp/process-editor-back-to-draft-1280.png' });
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    expect(status()).toBe('public');

    await page.getByRole('button', { name: 'Zurück zum Entwurf' }).click();
    await dialog.getByRole('button', { name: 'Zurück zum Entwurf' }).click();
    await page.getByText('Zurück im Entwurf: nur Admins sehen es.').waitFor();
    expect(status()).toBe('draft');
    // Published again for the other tests, through its own question.
    await page.getByRole('button', { name: 'Veröffentlichen', exact: true }).click();
    await page.getByRole('dialog', { name: 'Verfahren veröffentlichen?' }).getByRole('button', { name: 'Veröffentlichen' }).click();
    await expect.poll(status).toBe('public');
  });

  it('archives and publishes again by keyboard on a tablet: the keyboard stays at „Sichtbarkeit“, which says what happened', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const slug = buildProcess(h.db);
    const status = () => (h.db.$client.prepare('select status from processes where slug = ?').get(slug) as { status: string }).status;
    const { page } = await h.newPage({ viewport: { width: 820, height: 1180 } });
    await signInAs(page, h.baseUrl, admin.username, `/admin/p/${slug}/struktur`);
    const visibility = page.getByRole('region', { name: 'Sichtbarkeit' });
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    // The pressed button goes with the status it set; the focus fell to the page's start, and the note was at the top, screens away.
    await visibility.getByRole('button', { name: 'Archivieren' }).focus();
    await page.keyboard.press('Enter');
    const archive = page.getByRole('dialog', { name: 'Verfahren archivieren?' });
    await archive.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await visibility.getByText('Archiviert: Das Verfahren ist von der Startseite genommen, die Auswertung bleibt.').waitFor();
    expect(status()).toBe('archived');
    await expect.poll(focused).toBe('Sichtbarkeit');
    expect(await visibility.getByText('Archiviert:', { exact: false }).isVisible()).toBe(true);
    await page.screenshot({ path: '/tmp/process-editor-archived-820.png' });
    // Tab goes on to the section's buttons, not from the page's start.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Veröffentlichen');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Verfahren veröffentlichen?' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await visibility.getByText('Veröffentlicht: Das Verfahren steht auf der Startseite.').waitFor();
    await expect.poll(status).toBe('public');
    await expect.poll(focused).toBe('Sichtbarkeit');
    expect(await visibility.getByText('Archiviert:', { exact: false }).count()).toBe(0);
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it('names in German, by the labels of the form, what a new process still lacks, before anything is sent', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 1024, height: 768 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin/verfahren/neu');
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/admin/processes')) sent.push(request.url());
    });
    await page.getByLabel('Titel (Deutsch)').waitFor();
    await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Titel (Deutsch): Bitte ausfüllen.').waitFor();
    const items = await alert.getByRole('listitem').allTextContents();
    expect(items).toEqual([
      'Adresse: Bitte eine Adresse aus Kleinbuchstaben, Ziffern und einzelnen Bindestrichen angeben, z. B. „klimaschutz-2027“.',
      'Titel (Deutsch): Bitte ausfüllen.',
      'Beschreibung (Deutsch): Bitte ausfüllen.',
      'Handlungsfeld 1: Bitte ausfüllen.',
    ]);
    // Focus is on the list, so a screen reader and a keyboard user start there.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');

    await page.getByLabel('Titel (Deutsch)').fill('Klimaschutz mitgestalten');
    await page.getByLabel('Beschreibung (Deutsch)').fill('Wie wird die Stadt klimaneutral?');
    await page.locator('#field-0').fill('Mobilität');
    await page.getByRole('button', { name: 'Handlungsfeld hinzufügen' }).click();
    await page.locator('#field-1').fill('Mobilitaet');
    await page.getByLabel('Umfrage öffnet am', { exact: false }).fill('2027-05-01');
    await page.getByLabel('Umfrage schließt nach dem', { exact: false }).fill('2027-04-01');
    await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
    await alert.getByText('Die Umfrage kann nicht schließen', { exact: false }).waitFor();
    expect(await alert.getByRole('listitem').allTextContents()).toEqual([
      'Die Umfrage kann nicht schließen, bevor sie öffnet: Bitte die Daten prüfen.',
      'Zwei Handlungsfelder oder Unterthemen haben denselben Namen (Schlüssel „mobilitaet“). Bitte einem einen anderen Namen geben.',
    ]);
    expect(await alert.textContent()).not.toMatch(/body\.|structure\.|Too small|expected/);
    expect(sent).toEqual([]);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.screenshot({ path: '/tmp/process-editor-problems.png' });
  });

  it('marks each input a problem is about, says the problem below it, and the list at the top leads to it (390 px)', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin/verfahren/neu');
    await page.getByLabel('Titel (Deutsch)').fill('Klimaplan Musterstadt');
    await page.getByLabel('Beschreibung (Deutsch)').fill('Wie wird Musterstadt klimaneutral?');
    await page.getByLabel('Beginn von Phase 1').fill('2027-05-01');
    await page.getByLabel('Ende von Phase 1').fill('2027-04-01');
    await page.getByRole('button', { name: 'Bezirk hinzufügen' }).click();
    await page.getByLabel('Bezirk 1', { exact: true }).fill('Mitte');
    await page.getByRole('button', { name: 'Stadtteil hinzufügen zu Mitte' }).click();
    await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Handlungsfeld 1: Bitte ausfüllen.').waitFor();

    /** The input's own problem, as a screen reader reads it with the input: marked invalid, and the message among its descriptions, shown below it. */
    const problemOf = (selector: string) =>
      page.locator(selector).evaluate((input) =>
        input.getAttribute('aria-invalid') === 'true'
          ? (input.getAttribute('aria-describedby') ?? '')
              .split(' ')
              .map((id) => document.getElementById(id))
              .filter((element) => element?.classList.contains('error-text'))
              .map((element) => element!.textContent)
              .join(' ')
          : null,
      );
    expect(await problemOf('#field-0')).toBe('Handlungsfeld 1: Bitte ausfüllen.');
    expect(await problemOf('#phase-0-ends')).toBe('Ende von Phase 1: Eine Phase kann nicht enden, bevor sie beginnt. Bitte die Daten prüfen.');
    expect(await problemOf('#stadtteil-0-0')).toBe('Bezirk 1, Stadtteil 1: Bitte ausfüllen.');
    // The inputs without a problem are not marked.
    expect(await problemOf('#process-title-de')).toBeNull();
    expect(await problemOf('#phase-0-starts')).toBeNull();
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(3);
    await expect.poll(() => page.locator('#field-0 ~ .error-text').isVisible()).toBe(true);

    // The list at the top is where the focus is; each entry leads to its input, far below on a phone.
    for (const [text, id] of [
      ['Handlungsfeld 1: Bitte ausfüllen.', 'field-0'],
      ['Bezirk 1, Stadtteil 1: Bitte ausfüllen.', 'stadtteil-0-0'],
    ] as const) {
      await alert.getByRole('link', { name: text }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(id);
      await expect.poll(() => page.locator(`#${id}`).evaluate((input) => input.getBoundingClientRect().top >= 0 && input.getBoundingClientRect().bottom <= innerHeight)).toBe(true);
    }
    expect(page.url()).toMatch(/\/admin\/verfahren\/neu$/);
    expect(formatViolations(await axeViolations(page))).toBe('');

    // Corrected, the next save leaves no mark behind.
    await page.locator('#field-0').fill('Mobilität');
    await page.getByLabel('Ende von Phase 1').fill('2027-06-30');
    await page.locator('#stadtteil-0-0').fill('Altstadt');
    await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
    await page.waitForURL('**/admin/p/klimaplan-musterstadt/struktur?neu=1');
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
  });

  it('names the lines of a CSV that need a correction and keeps the list as it was', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin/p/integrationskonzept/struktur');
    const caption = page.getByText(/^\d+ Stadtteile in \d+ Bezirken$/);
    await caption.waitFor();
    const before = await caption.textContent();
    expect(before).toBe('25 Stadtteile in 6 Bezirken');
    await page.getByLabel('CSV-Datei wählen').setInputFiles({ name: 'falsch.csv', mimeType: 'text/csv', buffer: Buffer.from('Nummer;Name;Bezirk\n11;Schildgen;Bezirk 1\n;Ohne Nummer;Bezirk 1\n') });
    await page.getByText('Zeile 3: Nummer, Name und Bezirk müssen alle ausgefüllt sein.').waitFor();
    // The file input's own button is a 44 px target like every other.
    expect((await page.getByLabel('CSV-Datei wählen').boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await caption.textContent()).toBe(before);
    expect(formatViolations(await axeViolations(page))).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: '/tmp/process-editor-390.png', fullPage: true });
  });

  it('adds, renames and removes Stadtteile in the editor; one a note names stays, also against a CSV without it, and the log names each change', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const slug = buildProcess(h.db);
    buildContribution(h.db, { process: slug, stadtteil: 'schildgen', fieldsOfAction: ['arbeit'] });
    const { page } = await h.newPage({ viewport: { width: 768, height: 1024 } });
    await signInAs(page, h.baseUrl, admin.username, `/admin/p/${slug}/struktur`);
    const district = page.getByRole('group', { name: 'Bezirk 1: Bezirk 1' });
    await district.waitFor();
    // Schildgen is named by a note: no removing it, nor its district, and the form says why.
    expect(await district.getByRole('button', { name: 'Entfernen Schildgen' }).count()).toBe(0);
    expect(await district.locator('#stadtteil-0-0-key').textContent()).toContain('in Gebrauch: umbenennen ja, entfernen nein');
    expect(await district.getByRole('button', { name: 'Entfernen Bezirk 1' }).count()).toBe(0);
    await district.getByText('Bleibt: Stadtteile darin sind in Gebrauch.').waitFor();

    // Renamed, Katterbach keeps its key (and with it its figures); Hand goes; a new one gets the next number and a key from its name.
    await page.getByLabel('Bezirk 1, Stadtteil 2', { exact: true }).fill('Katterbach-Nord');
    expect(await page.locator('#stadtteil-0-1-key').textContent()).toContain('katterbach');
    await district.getByRole('button', { name: 'Entfernen Hand' }).click();
    await district.getByRole('button', { name: 'Stadtteil hinzufügen zu Bezirk 1' }).click();
    expect(await page.getByRole('textbox', { name: 'Nr. (Bezirk 1, Stadtteil 5)', exact: true }).inputValue()).toBe('15');
    await page.getByLabel('Bezirk 1, Stadtteil 5', { exact: true }).fill('Neuer Ort');
    expect(await page.locator('#stadtteil-0-4-key').textContent()).toContain('neuer-ort');
    // A district without a name is named by its place in the form, before anything is sent.
    await page.getByRole('button', { name: 'Bezirk hinzufügen' }).click();
    // The count says each number in its own form: „1 Stadtteil“, „1 Bezirk“.
    await page.getByText('25 Stadtteile in 7 Bezirken').waitFor();
    await page.getByRole('button', { name: 'Stadtteil hinzufügen zu Bezirk 7' }).click();
    await page.getByText('26 Stadtteile in 7 Bezirken').waitFor();
    await page.getByRole('button', { name: 'Entfernen Bezirk 7, Stadtteil 1' }).click();
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Bezirk 7: Bitte ausfüllen.').waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.getByRole('button', { name: 'Entfernen Bezirk 7' }).click();
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByText('Gespeichert.').waitFor();
    const names = h.db.$client.prepare("select key, name, population from stadtteile where process_id = (select id from processes where slug = ?) and key in ('katterbach', 'hand', 'neuer-ort') order by key").all(slug);
    expect(names).toEqual([
      { key: 'katterbach', name: 'Katterbach-Nord', population: expect.any(Number) },
      { key: 'neuer-ort', name: 'Neuer Ort', population: null },
    ]);
    const logged = h.db.$client.prepare("select details from audit_log where action = 'process_structure_updated' and entity_id = ? order by id desc limit 1").pluck().get(slug) as string;
    expect(JSON.parse(logged)).toMatchObject({ stadtteileAdded: ['Neuer Ort'], stadtteileRenamed: ['Katterbach → Katterbach-Nord'], stadtteileRemoved: ['Hand'] });

    // A CSV that leaves Schildgen out is read into the form, and saving it is refused, naming Schildgen.
    await page.getByLabel('CSV-Datei wählen').setInputFiles({ name: 'ohne.csv', mimeType: 'text/csv', buffer: Buffer.from('Nummer;Name;Bezirk\n12;Katterbach;Bezirk 1\n') });
    await page.getByText('1 Stadtteil in 1 Bezirk gelesen.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await alert.getByText('sie bleiben deshalb (umbenennen geht): Schildgen.', { exact: false }).waitFor();
    expect(h.db.$client.prepare("select count(*) from stadtteile where process_id = (select id from processes where slug = ?)").pluck().get(slug)).toBe(25);
    // The statistics office's file again, with the new name: Katterbach-Nord is known by its number and keeps its key and figures.
    await page.getByLabel('CSV-Datei wählen').setInputFiles({ name: 'amt.csv', mimeType: 'text/csv', buffer: Buffer.from('Nummer;Name;Bezirk\n11;Schildgen;Bezirk 1\n12;Katterbach-Nord;Bezirk 1\n') });
    await page.getByText('2 Stadtteile in 1 Bezirk gelesen.', { exact: false }).waitFor();
    expect(await page.locator('#stadtteil-0-1-key').textContent()).toMatch(/Schlüssel:\s*katterbach$/);
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByText('Gespeichert.').waitFor();
    expect(h.db.$client.prepare("select key, name, population from stadtteile where process_id = (select id from processes where slug = ?) order by nr").all(slug)).toEqual([
      { key: 'schildgen', name: 'Schildgen', population: expect.any(Number) },
      { key: 'katterbach', name: 'Katterbach-Nord', population: expect.any(Number) },
    ]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: '/tmp/process-editor-stadtteile-768.png', fullPage: true });
  });

  it('keeps a field description’s translations when its German is emptied, and asks for the German before saving', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const slug = buildProcess(h.db);
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin.username, `/admin/p/${slug}/struktur`);
    const german = page.getByLabel('Beschreibung von Handlungsfeld 1', { exact: true });
    await german.fill('Arbeit, Job, Ausbildung');
    const english = page.locator('details.translation', { hasText: 'Übersetzung: English' });
    await english.locator('summary').click();
    const translation = english.getByLabel('Handlungsfeld 1, Beschreibung:', { exact: false });
    await translation.fill('Work, job, apprenticeship');
    // Emptying the German (to retype it, say) loses no translation.
    await german.fill('');
    expect(await translation.inputValue()).toBe('Work, job, apprenticeship');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('alert').getByText('Beschreibung von Handlungsfeld 1: Bitte ausfüllen.').waitFor();
    await german.fill('Arbeit, Beruf, Ausbildung');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByText('Gespeichert.').waitFor();
    const stored = h.db.$client.prepare("select description from fields_of_action where process_id = (select id from processes where slug = ?) order by sort_order limit 1").pluck().get(slug) as string;
    expect(JSON.parse(stored)).toMatchObject({ de: 'Arbeit, Beruf, Ausbildung', en: 'Work, job, apprenticeship' });
    // With no words in any language the description goes.
    await german.fill('');
    await translation.fill('');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await expect.poll(() => h.db.$client.prepare("select description from fields_of_action where process_id = (select id from processes where slug = ?) order by sort_order limit 1").pluck().get(slug)).toBeNull();
  });

  it('asks before a link leaves the process or survey editor with unsaved changes, and lets a saved or untouched one go', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const slug = buildProcess(h.db);
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin/verfahren/neu');
    await page.getByLabel('Titel (Deutsch)').fill('Klimaschutz mitgestalten');
    const header = page.getByRole('banner').getByRole('link', { name: 'Administration' });
    await header.click();
    const dialog = page.getByRole('dialog', { name: 'Änderungen verwerfen?' });
    await dialog.waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    // Staying keeps what was typed.
    expect(new URL(page.url()).pathname).toBe('/admin/verfahren/neu');
    expect(await page.getByLabel('Titel (Deutsch)').inputValue()).toBe('Klimaschutz mitgestalten');
    await header.click();
    await dialog.getByRole('button', { name: 'Verwerfen und Seite verlassen' }).click();
    await page.waitForURL(`${h.baseUrl}/admin`);

    // An untouched editor lets its links go; a saved change too.
    await page.goto(`${h.baseUrl}/admin/p/${slug}/struktur`);
    await page.getByRole('link', { name: 'Fragebogen bearbeiten' }).click();
    await page.waitForURL(`**/admin/p/${slug}/umfrage`);
    const back = page.getByRole('link', { name: 'Zurück: Verfahren einrichten' });
    await back.click();
    await page.waitForURL(`**/admin/p/${slug}/struktur`);
    await page.getByLabel('Titel (Deutsch)').fill('Verfahren mit neuem Titel');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByText('Gespeichert.').waitFor();
    await page.getByRole('link', { name: 'Fragebogen bearbeiten' }).click();
    await page.waitForURL(`**/admin/p/${slug}/umfrage`);

    // The survey editor asks too, until the draft is saved.
    await page.locator('#s0-title').fill('Ein neuer Abschnittstitel');
    await back.click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    expect(await page.locator('#s0-title').inputValue()).toBe('Ein neuer Abschnittstitel');
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await page.getByText('Entwurf gespeichert', { exact: false }).waitFor();
    await back.click();
    await page.waitForURL(`**/admin/p/${slug}/struktur`);
  });

  it('refuses a save on „Einrichten“ after „Verfahren“ saved in another tab, says so in German and loads the current values', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const slug = buildProcess(h.db);
    const stored = () => h.db.$client.prepare('select suppression_threshold as threshold, retention_until as retention from processes where slug = ?').get(slug);
    const { page: setUp, context } = await h.newPage({ viewport: { width: 800, height: 1024 } });
    await signInAs(setUp, h.baseUrl, admin.username, `/admin/p/${slug}/struktur`);
    await setUp.locator('#process-threshold').waitFor();
    const settings = await context.newPage();
    await settings.goto(`${h.baseUrl}/admin/p/${slug}/verfahren`);
    const settingsForm = settings.locator('form').filter({ has: settings.locator('#threshold') });
    // A threshold below 5 is named in German at its field, marked invalid, the focus in it, and nothing saved; not the browser's bubble.
    const threshold = settingsForm.locator('#threshold');
    await threshold.fill('3');
    await settingsForm.getByRole('button', { name: 'Speichern' }).click();
    await settings.getByRole('alert').getByText('Die kleinste veröffentlichte Zahl muss eine ganze Zahl von 5 bis 100 sein. Nicht gespeichert.').waitFor();
    await expect.poll(() => threshold.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await threshold.getAttribute('aria-invalid')).toBe('true');
    expect(await threshold.evaluate((input) => document.getElementById(input.getAttribute('aria-describedby')!)?.textContent?.trim())).toMatch(/^Die kleinste veröffentlichte Zahl/);
    expect(stored()).toEqual({ threshold: 5, retention: null });
    await threshold.fill('9');
    await settingsForm.getByRole('button', { name: 'Speichern' }).click();
    await settings.getByText('Gespeichert.', { exact: true }).waitFor();
    expect(stored()).toEqual({ threshold: 9, retention: null });
    expect(await threshold.getAttribute('aria-invalid')).toBeNull();

    // The first tab still shows the threshold it loaded: its save would have put it back.
    expect(await setUp.locator('#process-threshold').inputValue()).toBe('5');
    await setUp.locator('#process-retention').fill('2030-01-31');
    await setUp.locator('form.process-editor').getByRole('button', { name: 'Speichern' }).click();
    const notice = setUp.getByRole('alert').filter({ hasText: 'Das Verfahren wurde inzwischen geändert' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('Nicht gespeichert');
    expect(stored()).toEqual({ threshold: 9, retention: null });
    expect(formatViolations(await axeViolations(setUp))).toBe('');

    // The input stays; the current state comes in under it, the retention date typed here on top.
    expect(await setUp.locator('#process-retention').inputValue()).toBe('2030-01-31');
    await notice.getByRole('button', { name: 'Aktuellen Stand laden' }).click();
    await expect.poll(() => setUp.locator('#process-threshold').inputValue()).toBe('9');
    expect(await setUp.locator('#process-retention').inputValue()).toBe('2030-01-31');
    await setUp.locator('form.process-editor').getByRole('button', { name: 'Speichern' }).click();
    await setUp.getByText('Gespeichert.', { exact: true }).waitFor();
    expect(stored()).toEqual({ threshold: 9, retention: '2030-01-31' });

    // And the other way round: „Verfahren“, still showing what it loaded, is refused too, and keeps its 7 over the stored state.
    await settingsForm.locator('#threshold').fill('7');
    await settingsForm.getByRole('button', { name: 'Speichern' }).click();
    const settingsNotice = settings.getByRole('alert').filter({ hasText: 'Das Verfahren wurde inzwischen geändert' });
    await settingsNotice.getByText('Ihre Eingaben stehen noch im Formular.', { exact: false }).waitFor();
    expect(await settingsForm.locator('#threshold').inputValue()).toBe('7');
    await settingsNotice.getByRole('button', { name: 'Aktuellen Stand laden' }).click();
    await expect.poll(() => settings.locator('#retention').inputValue()).toBe('2030-01-31');
    expect(await settingsForm.locator('#threshold').inputValue()).toBe('7');
    expect(stored()).toEqual({ threshold: 9, retention: '2030-01-31' });
    await settingsForm.getByRole('button', { name: 'Speichern' }).click();
    await settings.getByText('Gespeichert.', { exact: true }).waitFor();
    expect(stored()).toEqual({ threshold: 7, retention: '2030-01-31' });
  });

  it('on „Verfahren“, names a survey closing before it opens in German at „Umfrage schließt nach dem“, and saves nothing', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const slug = buildProcess(h.db);
    const stored = () => h.db.$client.prepare('select opens_on as opensOn, closes_on as closesOn from processes where slug = ?').get(slug);
    const before = stored();
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, admin.username, `/admin/p/${slug}/verfahren`);
    const form = page.locator('form').filter({ has: page.locator('#closes') });
    await form.getByLabel('Umfrage öffnet am (leer: sofort)').fill('2027-03-01');
    const closes = form.getByLabel('Umfrage schließt nach dem (leer: offen bis auf Weiteres)');
    await closes.fill('2027-02-01');
    await form.getByRole('button', { name: 'Speichern' }).click();
    // Said in German, not the server's English „The request does not match the expected format“, and at the field: marked, described by it, the focus in it.
    await page.getByRole('alert').getByText('Die Umfrage kann nicht schließen, bevor sie öffnet', { exact: false }).waitFor();
    expect(await page.locator('main').innerText()).not.toContain('expected format');
    await expect.poll(() => closes.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await closes.getAttribute('aria-invalid')).toBe('true');
    expect(await closes.evaluate((input) => document.getElementById(input.getAttribute('aria-describedby')!)?.textContent?.trim())).toMatch(/^Die Umfrage kann nicht schließen, bevor sie öffnet.*Nicht gespeichert\.$/);
    expect(stored()).toEqual(before);

    // Corrected, it saves, and the field is no longer marked.
    await closes.fill('2027-04-30');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Gespeichert.', { exact: true }).waitFor();
    expect(stored()).toEqual({ opensOn: '2027-03-01', closesOn: '2027-04-30' });
    expect(await closes.getAttribute('aria-invalid')).toBeNull();
  });

  describe('two admins on „Einrichten“ of one process', () => {
    const stored = (slug: string) =>
      h.db.$client
        .prepare(
          `select json_extract(p.title, '$.de') as title, p.suppression_threshold as threshold, p.retention_until as retention,
             (select json_group_array(json_extract(ph.title, '$.de')) from (select title from phases where process_id = p.id order by nr) ph) as phases
           from processes p where p.slug = ?`,
        )
        .get(slug) as { title: string; threshold: number; retention: string | null; phases: string };
    const open = async (slug: string) => {
      const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
      await signInAs(page, h.baseUrl, (await buildUser(h.db, { role: 'admin' })).username, `/admin/p/${slug}/struktur`);
      await page.locator('#process-threshold').waitFor();
      return page;
    };
    /** Fills the form's fields (by selector) and saves, in the page the admin looks at (one in the background does not scroll). */
    const saveWith = async (page: Page, fills: Record<string, string>) => {
      await page.bringToFront();
      for (const [selector, value] of Object.entries(fills)) await page.locator(selector).fill(value);
      await page.locator('form.process-editor').getByRole('button', { name: 'Speichern', exact: true }).click();
    };
    /** A screenshot of the notice as the admin sees it, focused (the page scrolls to it smoothly; the picture does not wait on where that stops). */
    const inView = async (page: Page, path: string) => {
      const notice = page.locator('.notice.error');
      await expect.poll(() => notice.evaluate((box) => box === document.activeElement)).toBe(true);
      await notice.evaluate((box) => box.scrollIntoView({ block: 'nearest', behavior: 'instant' }));
      await page.screenshot({ path });
    };

    it("keeps A's input over B's save to other fields: „Aktuellen Stand laden“ brings B's changes in under A's, and A's next save holds both", async () => {
      const slug = buildProcess(h.db);
      const a = await open(slug);
      const b = await open(slug);
      const phases = JSON.parse(stored(slug).phases) as string[];
      // B changes the threshold and the first phase, and saves.
      await saveWith(b, { '#process-threshold': '9', '#phase-0': 'Befragung auf dem Markt' });
      await b.getByText('Gespeichert.', { exact: true }).waitFor();

      // A, still on what it loaded, changes the title and the second phase: refused, the input stays.
      await saveWith(a, { '#process-title-de': 'Schulwege sicher machen', '#phase-1': 'Auswertung im Rat' });
      const notice = a.getByRole('alert').filter({ hasText: 'Das Verfahren wurde inzwischen geändert' });
      await notice.getByText('Ihre Eingaben stehen noch im Formular.', { exact: false }).waitFor();
      // The notice takes the focus, so a screen reader reads it and Tab reaches its button next.
      await expect.poll(() => a.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
      expect(await a.locator('#process-title-de').inputValue()).toBe('Schulwege sicher machen');
      expect(await a.locator('#phase-1').inputValue()).toBe('Auswertung im Rat');
      expect(await a.locator('#process-threshold').inputValue()).toBe('5');
      expect(stored(slug)).toMatchObject({ title: `Verfahren ${slug}`, threshold: 9 });
      await inView(a, '/tmp/process-changed-refused-1280.png');

      await a.keyboard.press('Tab');
      await a.keyboard.press('Enter');
      const loaded = a.getByRole('alert').filter({ hasText: 'Aktueller Stand geladen, Ihre Änderungen sind wieder eingetragen.' });
      await loaded.waitFor();
      expect(await loaded.getByText('Dies wurde auch dort geändert', { exact: false }).count()).toBe(0);
      expect(await a.locator('#process-threshold').inputValue()).toBe('9');
      expect(await a.locator('#phase-0').inputValue()).toBe('Befragung auf dem Markt');
      expect(await a.locator('#process-title-de').inputValue()).toBe('Schulwege sicher machen');
      expect(await a.locator('#phase-1').inputValue()).toBe('Auswertung im Rat');
      expect(formatViolations(await axeViolations(a))).toBe('');

      await saveWith(a, {});
      await a.getByText('Gespeichert.', { exact: true }).waitFor();
      expect(await loaded.count()).toBe(0);
      const after = stored(slug);
      expect(after).toMatchObject({ title: 'Schulwege sicher machen', threshold: 9 });
      expect(JSON.parse(after.phases)).toEqual(['Befragung auf dem Markt', 'Auswertung im Rat', ...phases.slice(2)]);
    });

    it('names a field both changed with what is stored, keeps A’s value there and B’s elsewhere, and A’s save holds that', async () => {
      const slug = buildProcess(h.db);
      const a = await open(slug);
      const b = await open(slug);
      await saveWith(b, { '#process-title-de': 'Titel von B', '#process-threshold': '9' });
      await b.getByText('Gespeichert.', { exact: true }).waitFor();

      await saveWith(a, { '#process-title-de': 'Titel von A', '#process-retention': '2031-06-30' });
      await a.getByRole('alert').filter({ hasText: 'Das Verfahren wurde inzwischen geändert' }).getByRole('button', { name: 'Aktuellen Stand laden' }).click();
      const loaded = a.getByRole('alert').filter({ hasText: 'Aktueller Stand geladen' });
      await loaded.getByText('Dies wurde auch dort geändert; im Formular steht Ihre Eingabe:').waitFor();
      expect(await loaded.getByRole('listitem').allInnerTexts()).toEqual(['Titel – gespeichert ist: Titel von B']);
      await expect.poll(() => a.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Aktueller Stand geladen');
      expect(await a.locator('#process-title-de').inputValue()).toBe('Titel von A');
      expect(await a.locator('#process-threshold').inputValue()).toBe('9');
      expect(await a.locator('#process-retention').inputValue()).toBe('2031-06-30');
      await inView(a, '/tmp/process-changed-loaded-1280.png');

      await saveWith(a, {});
      await a.getByText('Gespeichert.', { exact: true }).waitFor();
      expect(stored(slug)).toMatchObject({ title: 'Titel von A', threshold: 9, retention: '2031-06-30' });
    });
  });

  it('says on the process page, and when publishing it, that no version of its survey is published yet', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 768, height: 1024 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin/verfahren/neu');
    await page.getByLabel('Titel (Deutsch)').fill('Radverkehr 2027');
    await page.getByLabel('Beschreibung (Deutsch)').fill('Wo fahren Sie gern Rad, wo nicht?');
    await page.locator('#field-0').fill('Radwege');
    await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
    await page.waitForURL('**/admin/p/radverkehr-2027/struktur?neu=1');
    const visibility = page.getByRole('region', { name: 'Sichtbarkeit' });
    const note = 'Noch ist keine Version des Fragebogens veröffentlicht';
    await visibility.getByText(note, { exact: false }).waitFor();
    await visibility.getByRole('button', { name: 'Veröffentlichen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Verfahren veröffentlichen?' });
    await dialog.getByText(note, { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    expect(formatViolations(await axeViolations(page))).toBe('');

    // A process whose survey has a published version says nothing of the kind.
    const slug = buildProcess(h.db);
    const draftRead = page.waitForResponse((response) => response.url().endsWith(`/api/admin/processes/${slug}/survey/draft`));
    await page.goto(`${h.baseUrl}/admin/p/${slug}/struktur`);
    await visibility.getByRole('button', { name: 'Archivieren' }).waitFor();
    expect((await draftRead).ok()).toBe(true);
    expect(await page.getByText(note, { exact: false }).count()).toBe(0);
  });
});
