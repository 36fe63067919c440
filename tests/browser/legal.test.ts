import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcess } from '../factories/processes.ts';
import { buildUser } from '../factories/users.ts';
import { axeViolations, brokenWords, formatViolations, signInAs, startHarness, type BrowserHarness } from './harness.ts';

const PHONE = { width: 390, height: 844 };
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';

describe('Impressum, Datenschutz and Barrierefreiheit', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('say plainly what the city has not entered yet, and the admin home warns about the empty Impressum', async () => {
    // An instance where nobody entered them yet, whatever ran before in this file.
    h.db.$client.prepare('delete from legal_settings').run();
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/impressum?lang=de`);
    await page.getByRole('heading', { level: 1, name: 'Impressum' }).waitFor();
    await expect.poll(() => page.getByText('Das Impressum ist noch unvollständig').count()).toBe(1);
    expect(await page.getByText('Noch nicht eingetragen: Die Stadt hat diese Angabe noch nicht gemacht.').count()).toBe(4);
    await page.goto(`${h.baseUrl}/barrierefreiheit?lang=de`);
    await page.getByText('Diese Website ist mit den Anforderungen der BITV 2.0 teilweise vereinbar.').waitFor();
    await page.getByText('Die Stadt hat noch nicht eingetragen, wann die Erklärung erstellt wurde.').waitFor();
    // Datenschutz: the staff accounts' legal basis is said to be missing, not invented.
    await page.goto(`${h.baseUrl}/datenschutz?lang=de`);
    const basisHeading = page.getByRole('heading', { level: 2, name: 'Rechtsgrundlage' });
    await basisHeading.waitFor();
    expect(await basisHeading.locator('xpath=following-sibling::*[2]').innerText()).toBe('Noch nicht eingetragen: Die Stadt hat diese Angabe noch nicht gemacht.');

    const admin = await buildUser(h.db, { role: 'admin' });
    const { page: adminPage } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(adminPage, h.baseUrl, admin.username, '/admin');
    const notice = adminPage.locator('.notice.warn', { hasText: 'Das Impressum ist unvollständig' });
    await notice.waitFor();
    await notice.getByRole('link', { name: 'Rechtliche Angaben eintragen' }).click();
    await adminPage.waitForURL('**/admin/rechtliches');
    await adminPage.getByRole('heading', { level: 1, name: 'Rechtliche Angaben' }).waitFor();
  });

  it('an admin fills the form; the pages show it as entered in German and in Arabic, and every public page links to them', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin');
    await page.getByRole('link', { name: 'Rechtliche Angaben: Impressum, Datenschutz, Barrierefreiheit' }).click();
    await page.waitForURL('**/admin/rechtliches');
    await page.getByLabel('Name der Stelle (Pflicht)').fill('Stadt Musterstadt');
    await page.getByLabel('Postanschrift (Pflicht)').fill('Rathausplatz 1\n12345 Musterstadt');
    await page.getByLabel('Vertreten durch (Pflicht)').fill('Bürgermeisterin Erika Muster');
    // An address without „@“ is named in German at the field, marked invalid, the focus in it, and nothing is sent; not the browser's bubble.
    const email = page.getByLabel('E-Mail-Adresse (Pflicht)');
    const sent: string[] = [];
    page.on('request', (request) => void (request.method() === 'PUT' && sent.push(request.url())));
    await email.fill('mitreden.musterstadt.example');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('alert').getByText('Die E-Mail-Adresse ist keine gültige Adresse', { exact: false }).waitFor();
    await expect.poll(() => email.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await email.evaluate((input) => document.getElementById(input.getAttribute('aria-describedby')!)?.textContent)).toMatch(/^Die E-Mail-Adresse ist keine gültige Adresse/);
    expect(sent).toEqual([]);
    await email.fill('mitreden@musterstadt.example');
    await page.getByLabel('Telefon').fill('+49 123 4567-0');
    await page.getByLabel('Datenschutzbeauftragte Stelle: Name oder Stelle und Kontakt').fill('Datenschutzbeauftragter, Rathausplatz 1');
    await page.getByLabel('Zuständige Datenschutz-Aufsichtsbehörde mit Anschrift').fill('Landesbeauftragte für Datenschutz NRW\nKavalleriestraße 2–4\n40213 Düsseldorf');
    await page.getByLabel('Rechtsgrundlage für die Konten der Mitarbeitenden').fill('Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 DSG NRW');
    await page.getByLabel('Kontakt für gemeldete Barrieren (Feedback)').fill('barrierefrei@musterstadt.example');
    await page.getByLabel('Durchsetzungsverfahren: Schlichtungs- oder Ombudsstelle mit Anschrift').fill('Ombudsstelle für barrierefreie Informationstechnik NRW');
    await page.getByLabel('Datum der Erklärung (erstellt oder zuletzt geprüft)').fill('2026-11-30');
    await page.getByLabel('Nicht barrierefreie Inhalte und warum').fill('Die Diagramme der Auswertung haben noch keine Tabellenfassung.');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Rechtliche Angaben gespeichert.').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBeNull();
    const adminViolations = await axeViolations(page);
    expect(adminViolations, formatViolations(adminViolations)).toEqual([]);
    await page.goto(`${h.baseUrl}/admin`);
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await page.getByRole('link', { name: 'Rechtliche Angaben: Impressum, Datenschutz, Barrierefreiheit' }).waitFor();
    expect(await page.getByText('Das Impressum ist unvollständig').count()).toBe(0);

    const { page: phone } = await h.newPage({ viewport: PHONE });
    // German: the city's entries as entered, marked German, the address's lines kept.
    await phone.goto(`${h.baseUrl}/impressum?lang=de`);
    const operator = phone.locator('.legal-value', { hasText: 'Stadt Musterstadt' });
    await operator.waitFor();
    expect(await operator.getAttribute('lang')).toBe('de');
    expect(await phone.locator('.legal-value', { hasText: 'Rathausplatz 1' }).innerText()).toBe('Rathausplatz 1\n12345 Musterstadt');
    expect(await phone.getByRole('link', { name: 'mitreden@musterstadt.example' }).getAttribute('href')).toBe('mailto:mitreden@musterstadt.example');
    expect(await phone.getByText('Noch nicht eingetragen').count()).toBe(0);
    for (const path of ['/impressum', '/datenschutz', '/barrierefreiheit']) {
      await phone.goto(`${h.baseUrl}${path}?lang=de`);
      await phone.locator('.legal-value').first().waitFor();
      const violations = await axeViolations(phone);
      expect(violations, `${path}\n${formatViolations(violations)}`).toEqual([]);
    }
    // Datenschutz: the rights, the authority as entered, and the survey's own privacy notice.
    await phone.goto(`${h.baseUrl}/datenschutz?lang=de`);
    await phone.getByText('Auskunft über Ihre Daten (Art. 15 DSGVO)').waitFor();
    await phone.getByText('Widerspruch gegen die Verarbeitung (Art. 21 DSGVO)').waitFor();
    await phone.locator('.legal-value', { hasText: 'Landesbeauftragte für Datenschutz NRW' }).waitFor();
    await phone.getByText('Zu Ihren Antworten und Beiträgen speichern wir keine IP-Adresse').waitFor();
    // The legal basis for staff accounts, as the city entered it, under its own heading.
    await phone.getByRole('heading', { level: 2, name: 'Rechtsgrundlage' }).waitFor();
    await phone.getByText('Die Daten der Mitarbeitenden, die sich mit einem Konto anmelden, verarbeitet Mitreden auf dieser Rechtsgrundlage:').waitFor();
    await phone.locator('.legal-value', { hasText: 'Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 DSG NRW' }).waitFor();
    await phone.getByRole('heading', { level: 2, name: 'Rechtsgrundlage' }).scrollIntoViewIfNeeded();
    await phone.screenshot({ path: `${SCREENSHOTS}/datenschutz-de-390.png` });
    const notice = phone.getByRole('link', { name: 'Integrationskonzept Bergisch Gladbach' });
    expect(await notice.getAttribute('href')).toBe(`/p/${h.slug}/umfrage?lang=de`);
    // Barrierefreiheit: status, limitations, date, method, contact, enforcement.
    await phone.goto(`${h.baseUrl}/barrierefreiheit?lang=de`);
    await phone.getByText('Erstellt oder zuletzt geprüft am 30. November 2026.').waitFor();
    await phone.getByText('Methode: Selbstbewertung.').waitFor();
    await phone.locator('.legal-value', { hasText: 'Die Diagramme der Auswertung haben noch keine Tabellenfassung.' }).waitFor();
    await phone.locator('.legal-value', { hasText: 'Ombudsstelle für barrierefreie Informationstechnik NRW' }).waitFor();

    // Arabic Datenschutz: the heading and sentence in Arabic, the entered basis German and left to right.
    await phone.goto(`${h.baseUrl}/datenschutz?lang=ar`);
    await phone.getByRole('heading', { level: 2, name: 'الأساس القانوني' }).waitFor();
    const basis = phone.locator('.legal-value', { hasText: 'Art. 6 Abs. 1 Buchst. e DSGVO' });
    expect([await basis.getAttribute('lang'), await basis.getAttribute('dir')]).toEqual(['de', 'ltr']);
    const arabicPrivacyViolations = await axeViolations(phone);
    expect(arabicPrivacyViolations, formatViolations(arabicPrivacyViolations)).toEqual([]);
    await basis.scrollIntoViewIfNeeded();
    await phone.screenshot({ path: `${SCREENSHOTS}/datenschutz-ar-390.png` });
    // Arabic: the framing in Arabic, right to left; the entries still German.
    await phone.goto(`${h.baseUrl}/barrierefreiheit?lang=ar`);
    await phone.getByRole('heading', { level: 1, name: 'بيان إمكانية الوصول' }).waitFor();
    expect(await phone.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    await phone.getByText('هذا الموقع متوافق جزئيًا مع متطلبات BITV 2.0.').waitFor();
    const limitation = phone.locator('.legal-value', { hasText: 'Tabellenfassung' });
    expect([await limitation.getAttribute('lang'), await limitation.getAttribute('dir')]).toEqual(['de', 'ltr']);
    const arabicViolations = await axeViolations(phone);
    expect(arabicViolations, formatViolations(arabicViolations)).toEqual([]);

    // The survey's pages carry the three links in their footer, in the survey's language, each a 44 px target that keeps the language.
    await phone.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=ar`);
    const legalNav = phone.getByRole('navigation', { name: 'معلومات قانونية' });
    await legalNav.waitFor();
    for (const [name, path] of [['بيانات الناشر', '/impressum'], ['حماية البيانات', '/datenschutz'], ['إمكانية الوصول', '/barrierefreiheit']] as const) {
      const link = legalNav.getByRole('link', { name });
      expect(await link.getAttribute('href')).toBe(`${path}?lang=ar`);
      const box = await link.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.width).toBeGreaterThanOrEqual(44);
    }
    // No sideways scrolling at 320 px, footer included.
    const { page: narrow } = await h.newPage({ viewport: { width: 320, height: 700 } });
    await narrow.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=de`);
    const german = narrow.getByRole('navigation', { name: 'Rechtliches' });
    await german.getByRole('link', { name: 'Barrierefreiheit' }).click();
    await narrow.waitForURL('**/barrierefreiheit?lang=de');
    await narrow.locator('.legal-value').first().waitFor();
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  });

  it('an admin saving a stale form is told someone saved meanwhile, loads the current state over her input and then saves', async () => {
    const [first, second] = [await buildUser(h.db, { role: 'admin' }), await buildUser(h.db, { role: 'admin' })];
    const { page: early } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    const { page: stale } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    // Both open the form on the same state.
    for (const [page, admin] of [[early, first], [stale, second]] as const) {
      await signInAs(page, h.baseUrl, admin.username, '/admin/rechtliches');
      await page.getByRole('heading', { level: 1, name: 'Rechtliche Angaben' }).waitFor();
      await page.getByLabel('Telefon').waitFor();
    }
    await early.getByLabel('Telefon').fill('+49 2202 14-1');
    await early.getByLabel('Datenschutzbeauftragte Stelle: Name oder Stelle und Kontakt').fill('Behördlicher Datenschutz, Zimmer 12');
    await early.getByRole('button', { name: 'Speichern' }).click();
    await early.getByText('Rechtliche Angaben gespeichert.').waitFor();

    // The second form still rests on the old version: refused, her input kept, the notice focused.
    await stale.getByLabel('Telefon').fill('+49 2202 14-2');
    await stale.getByLabel('Nicht barrierefreie Inhalte und warum').fill('Die Karte der Stadtteile hat noch keine Textfassung.');
    await stale.getByRole('button', { name: 'Speichern' }).click();
    const refused = stale.getByRole('alert').filter({ hasText: 'Nicht gespeichert: Eine andere Person hat die rechtlichen Angaben inzwischen geändert.' });
    await refused.waitFor();
    await expect.poll(() => stale.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Nicht gespeichert');
    expect(await stale.getByText('Rechtliche Angaben gespeichert.').count()).toBe(0);
    expect(await stale.getByLabel('Telefon').inputValue()).toBe('+49 2202 14-2');
    const refusedViolations = await axeViolations(stale);
    expect(refusedViolations, formatViolations(refusedViolations)).toEqual([]);
    expect(h.db.$client.prepare('select phone from legal_settings').pluck().get()).toBe('+49 2202 14-1');

    // „Aktuellen Stand laden“: the other admin's change comes in, hers stays over it, the field both changed is named.
    await refused.getByRole('button', { name: 'Aktuellen Stand laden' }).click();
    const loaded = stale.getByRole('alert').filter({ hasText: 'Aktueller Stand geladen, Ihre Änderungen sind wieder eingetragen.' });
    await loaded.waitFor();
    await loaded.getByText('Telefon – gespeichert ist: +49 2202 14-1').waitFor();
    expect(await stale.getByLabel('Datenschutzbeauftragte Stelle: Name oder Stelle und Kontakt').inputValue()).toBe('Behördlicher Datenschutz, Zimmer 12');
    expect(await stale.getByLabel('Telefon').inputValue()).toBe('+49 2202 14-2');
    expect(await stale.getByLabel('Nicht barrierefreie Inhalte und warum').inputValue()).toBe('Die Karte der Stadtteile hat noch keine Textfassung.');
    const loadedViolations = await axeViolations(stale);
    expect(loadedViolations, formatViolations(loadedViolations)).toEqual([]);
    await stale.screenshot({ path: `${SCREENSHOTS}/legal-conflict-1280.png`, fullPage: true });

    await stale.getByRole('button', { name: 'Speichern' }).click();
    await stale.getByText('Rechtliche Angaben gespeichert.').waitFor();
    expect(await stale.getByRole('alert').count()).toBe(0);
    expect(h.db.$client.prepare('select phone, data_protection_officer as officer, known_limitations as limits from legal_settings').get()).toEqual({
      phone: '+49 2202 14-2',
      officer: 'Behördlicher Datenschutz, Zimmer 12',
      limits: 'Die Karte der Stadtteile hat noch keine Textfassung.',
    });
  });

  // Before, the footer said „Barrierefreiheit“ and led to a page headed „Barriere-Freiheit“: in Leichte Sprache a link
  // names the page as the page names itself, the long word split.
  it('names the retention date of an archived process too, whose voices are still kept; its survey is no longer offered', async () => {
    const archived = buildProcess(h.db, { title: 'Klimaplan 2025' });
    h.db.$client.prepare("update processes set status = 'archived', retention_until = '2027-06-30' where slug = ?").run(archived);
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/datenschutz?lang=de`);
    const retention = page.getByRole('heading', { level: 2, name: 'Wie lange wir Originaltexte speichern' });
    await retention.waitFor();
    // Only public processes were listed: residents who took part in an archived one read nothing of when their texts go.
    await page.getByRole('listitem').filter({ hasText: 'Klimaplan 2025: Löschdatum 30. Juni 2027.' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Integrationskonzept Bergisch Gladbach:' }).waitFor();
    expect(await page.getByRole('link', { name: 'Klimaplan 2025' }).count()).toBe(0);
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it('names each page in Leichte Sprache as its heading does, in the footer of the start page and of the survey', async () => {
    const { page } = await h.newPage({ viewport: PHONE });
    for (const start of ['/?lang=de-easy', `/p/${h.slug}/umfrage?lang=de-easy`]) {
      for (const path of ['/impressum', '/datenschutz', '/barrierefreiheit']) {
        await page.goto(`${h.baseUrl}${start}`);
        const link = page.locator(`footer a[href="${path}?lang=de-easy"]`);
        const name = await link.innerText();
        await link.click();
        await page.waitForURL(`**${path}?lang=de-easy`);
        await expect.poll(() => page.locator('h1').innerText(), { message: `${start} → ${path}` }).toBe(name);
      }
    }
  });

  // Before, „Durchsetzungsverfahren“ broke as „Durchsetzungsverfahre|n“ on a 360 px phone.
  it('breaks no heading of the Erklärung zur Barrierefreiheit in the middle of a word on a 360 px phone, and still names it whole', async () => {
    const { page } = await h.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${h.baseUrl}/barrierefreiheit?lang=de`);
    const heading = page.getByRole('heading', { level: 2, name: 'Durchsetzungsverfahren', exact: true });
    await heading.waitFor();
    for (const each of await page.locator('main :is(h1, h2, h3)').all()) expect(await brokenWords(each), await each.innerText()).toEqual([]);
  });
});
