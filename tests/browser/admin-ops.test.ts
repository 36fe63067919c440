import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../server/features/audit/audit.repo.ts';
import type { AuditAction, AuditEntity } from '../../shared/audit.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildUser } from '../factories/users.ts';
import { axeViolations, formatViolations, nextFrame, signInAs as signIn, startHarness, type BrowserHarness } from './harness.ts';

describe('admin: accounts, retention and the audit log', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('says so when an admin address names no page, with the way to the administration, instead of an empty page', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, h.baseUrl, admin.username, `/admin/p/${h.slug}/einrichten`);
    await page.getByRole('heading', { level: 1, name: 'Diese Seite gibt es nicht' }).waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.getByRole('link', { name: 'Zur Administration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
  });

  it('names on the administration’s start page how many contributions wait for review, and leads to them', async () => {
    buildContribution(h.db, { text: 'Mehr Sitzbänke am Marktplatz' });
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, h.baseUrl, admin.username, '/admin');
    const card = page.getByRole('region', { name: /Integrationskonzept Bergisch Gladbach/ });
    const waiting = card.getByRole('link', { name: /^\d+ (Beitrag wartet|Beiträge warten) auf Prüfung$/ });
    await waiting.waitFor();
    const count = Number(/^\d+/.exec(await waiting.innerText())![0]);
    expect(count).toBeGreaterThan(0);
    expect(await card.getByRole('link', { name: /^Leitziele und Maßnahmen/ }).getAttribute('href')).toBe(`/auswertung/p/${h.slug}/massnahmen`);
    expect(await card.getByRole('link', { name: /^Öffentliche Seite des Verfahrens/ }).getAttribute('href')).toBe(`/p/${h.slug}`);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await waiting.click();
    // The queue the link leads to shows the same number under „Zu prüfen“.
    await page.getByRole('button', { name: `Zu prüfen (${count})` }).waitFor();
  });

  it('asks before a working group becomes another role, naming the fields and processes it loses', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit'], processes: [h.slug] });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, h.baseUrl, admin.username, '/admin/konten');
    const roleOf = () => (h.db.$client.prepare('select role from users where username = ?').get(group.username) as { role: string }).role;

    await page.getByRole('button', { name: `Bearbeiten ${group.username}` }).click();
    const dialog = page.getByRole('dialog', { name: `Konto „${group.username}“ bearbeiten` });
    await dialog.getByLabel('Rolle').selectOption({ label: 'Marktstand-Team' });
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    const confirm = page.getByRole('dialog', { name: 'Zu „Marktstand-Team“ machen und Zuordnungen entfernen?' });
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain(
      `„${group.username}“ wird Marktstand-Team und verliert dabei seine Handlungsfelder (Arbeit & Beschäftigung) und seine Verfahren (Integrationskonzept Bergisch Gladbach).`,
    );
    expect(formatViolations(await axeViolations(page))).toBe('');
    // Cancelling keeps the account as it was, and the form open.
    await confirm.getByRole('button', { name: 'Abbrechen' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await dialog.getByLabel('Rolle').waitFor();
    expect(roleOf()).toBe('working_group');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await confirm.getByRole('button', { name: 'Rolle ändern und entfernen' }).click();
    await page.getByText(`Konto „${group.username}“ gespeichert.`).waitFor();
    expect(roleOf()).toBe('staff');
  });

  it('turns a staff account into a working group, resets its password, and finds both in the audit log', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const staff = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, h.baseUrl, admin.username, '/admin/konten');

    await page.getByRole('button', { name: `Bearbeiten ${staff.username}` }).click();
    const dialog = page.getByRole('dialog', { name: `Konto „${staff.username}“ bearbeiten` });
    await dialog.waitFor();
    await dialog.getByLabel('Rolle').selectOption({ label: 'Arbeitsgruppe' });
    await dialog.getByRole('checkbox', { name: 'Arbeit & Beschäftigung' }).check();
    expect(formatViolations(await axeViolations(page))).toBe('');
    for (const button of await dialog.getByRole('button').all()) expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText(`Konto „${staff.username}“ gespeichert.`).waitFor();
    await page.getByRole('row', { name: new RegExp(staff.username) }).getByText('Arbeit & Beschäftigung').waitFor();

    // A password too short is refused in German beside its field; a good one signs the account out everywhere.
    await page.getByRole('button', { name: `Bearbeiten ${staff.username}` }).click();
    await dialog.getByLabel('Neues Passwort').fill('kurz');
    await dialog.getByRole('button', { name: 'Passwort setzen' }).click();
    await dialog.getByText('Das Passwort braucht mindestens 12 Zeichen.').waitFor();
    await dialog.getByLabel('Neues Passwort').fill('ein ganz neues Passwort');
    await dialog.getByRole('button', { name: 'Passwort setzen' }).click();
    await page.getByText(`Neues Passwort für „${staff.username}“ gesetzt; das Konto ist auf allen Geräten abgemeldet.`).waitFor();
    const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: staff.username, password: 'ein ganz neues Passwort' } });
    expect(login.statusCode).toBe(200);

    await page.goto(`${h.baseUrl}/admin/protokoll`);
    await page.getByRole('heading', { name: 'Protokoll' }).waitFor();
    await page.getByLabel('Was').selectOption({ label: 'Passwort zurückgesetzt' });
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL('**/admin/protokoll?action=password_reset');
    const rows = page.locator('.audit-table tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(admin.username);
    expect(await rows.first().textContent()).not.toContain('ein ganz neues');
    expect(formatViolations(await axeViolations(page))).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: '/tmp/admin-ops-protokoll-390.png', fullPage: true });

    // The filter is in the address: opening it again shows the same view.
    await page.reload();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByLabel('Was').inputValue()).toBe('password_reset');
  });

  it('names every kind of entry of the audit log in words, never by its code', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const written: Partial<Record<AuditEntity, AuditAction[]>> = {
      process: ['process_created', 'process_structure_updated', 'process_status_changed', 'data_licence_set', 'population_imported'],
      survey: ['survey_published', 'survey_version_replaced'],
      survey_draft: ['survey_draft_saved'],
      result_snapshot: ['snapshot_released', 'snapshot_withdrawn'],
      contribution: ['contribution_outcome', 'contribution_translated'],
    };
    for (const [entity, actions] of Object.entries(written) as Array<[AuditEntity, AuditAction[]]>) for (const action of actions) appendAudit(h.db, { userId: null, action, entity, entityId: 'x' });
    const { page } = await h.newPage({ viewport: { width: 1024, height: 768 } });
    await signIn(page, h.baseUrl, admin.username, '/admin/protokoll');
    const rows = page.locator('.audit-table tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(12);
    const code = /^[a-z]+(_[a-z]+)+$/;
    expect((await page.getByLabel('Was').locator('option').allInnerTexts()).filter((text) => code.test(text.trim()))).toEqual([]);
    expect((await page.getByLabel('Woran').locator('option').allInnerTexts()).filter((text) => code.test(text.trim()))).toEqual([]);
    expect((await page.locator('.audit-table tbody td').allInnerTexts()).filter((text) => code.test(text.trim()))).toEqual([]);
  });

  it('shows the retention dry run per channel and deletes the originals only after a confirmation', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    buildContribution(h.db, { text: 'Ruft mich an unter 0176 12345678, dann erzähle ich mehr.', channel: 'stall' });
    buildContribution(h.db, { text: 'Schreibt an hilfe.gesucht@example.org wegen der Kurse.', channel: 'online' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, h.baseUrl, admin.username, '/admin/p/integrationskonzept/verfahren');

    const section = page.getByRole('region', { name: 'Löschung der Originaltexte' });
    const table = section.getByRole('table', { name: /Probelauf/ });
    await table.waitFor();
    const expected = (h.db.$client.prepare("select count(*) as n from contributions where text <> masked_text or masked_names <> '[]'").get() as { n: number }).n;
    expect(await table.getByRole('caption').textContent()).toContain(`${expected} Beiträge`);
    expect(await table.getByRole('row', { name: /Markt/ }).count()).toBeGreaterThan(0);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.screenshot({ path: '/tmp/admin-ops-retention-1280.png', fullPage: true });

    await section.getByRole('button', { name: 'Jetzt löschen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Originaltexte jetzt löschen?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    expect((h.db.$client.prepare("select count(*) as n from contributions where text <> masked_text").get() as { n: number }).n).toBeGreaterThan(0);

    // „Abbrechen“ and at once „Jetzt löschen“ again: the question opens again and stays open. The
    // browser's „closed“ of the first one, which comes a moment later, closed the second one before.
    await section.getByRole('button', { name: 'Jetzt löschen' }).click();
    await dialog.waitFor();
    await page.evaluate(() => {
      const buttons = [...document.querySelectorAll('button')];
      buttons.find((button) => button.textContent === 'Abbrechen' && button.closest('dialog[open]'))!.click();
      buttons.find((button) => button.textContent === 'Jetzt löschen')!.click();
    });
    await dialog.waitFor();
    await nextFrame(page);
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // By keyboard: the confirmation's „Abbrechen“ has the focus, Tab reaches „Endgültig löschen“.
    await section.getByRole('button', { name: 'Jetzt löschen' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await section.getByText(`Gelöscht: die Originale von ${expected} Beiträgen.`, { exact: false }).waitFor();
    await section.getByText('Probelauf: Es gibt nichts zu löschen.').waitFor();
    // The button went with the table; the keyboard is at the section's heading, not back at the top of the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Löschung der Originaltexte');
    expect((h.db.$client.prepare("select count(*) as n from contributions where text <> masked_text").get() as { n: number }).n).toBe(0);
  });
  it('asks before a retention date already past is saved, names how many originals go, and the section then names the date saved', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    buildContribution(h.db, { text: 'Meldet euch unter 0171 7654321, ich helfe beim Deutschkurs.', channel: 'stall' });
    buildContribution(h.db, { text: 'Schreibt mir an nachbarn.helfen@example.org, dann komme ich vorbei.', channel: 'online' });
    const retentionUntil = () => (h.db.$client.prepare("select retention_until as day from processes where slug = 'integrationskonzept'").get() as { day: string | null }).day;
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, h.baseUrl, admin.username, '/admin/p/integrationskonzept/verfahren');
    const section = page.getByRole('region', { name: 'Löschung der Originaltexte' });
    const date = page.getByLabel('Originaltexte löschen nach dem');
    const save = page.getByRole('button', { name: 'Speichern', exact: true });

    // A date to come is saved without a question, and the section names it.
    await date.fill('2099-12-31');
    await save.click();
    await section.getByText('Die Originale werden nach dem 31. Dezember 2099 gelöscht.').waitFor();
    expect(retentionUntil()).toBe('2099-12-31');

    // A date already past would have the server delete the originals within the hour: asked first, „Abbrechen“ keeps the stored date.
    await date.fill('2020-01-31');
    await save.click();
    const dialog = page.getByRole('dialog', { name: 'Löschfrist schon vorbei?' });
    await dialog.waitFor();
    const total = (h.db.$client.prepare("select count(*) as n from contributions where text <> masked_text or masked_names <> '[]'").get() as { n: number }).n;
    expect(await dialog.textContent()).toContain(`Der 31. Januar 2020 ist schon vorbei: Mit dieser Löschfrist löscht der Server die Originale von ${total} Beiträgen innerhalb einer Stunde endgültig`);
    await page.screenshot({ path: '/tmp/admin-ops-retention-past-1280.png' });
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    expect(retentionUntil()).toBe('2099-12-31');
    expect(await date.inputValue()).toBe('2020-01-31');

    await save.click();
    await dialog.getByRole('button', { name: 'Speichern und Originale löschen' }).click();
    await section.getByText('Die Löschfrist (31. Januar 2020) ist abgelaufen', { exact: false }).waitFor();
    expect(retentionUntil()).toBe('2020-01-31');
    expect(await section.getByText('31. Dezember 2099').count()).toBe(0);

    // On „Einrichten“ too, the same question before the date moves into the past; without a date, nothing is asked.
    await date.fill('');
    await save.click();
    await section.getByText('Für dieses Verfahren ist keine Löschfrist gesetzt.').waitFor();
    await page.goto(`${h.baseUrl}/admin/p/integrationskonzept/struktur`);
    await page.getByLabel('Originaltexte löschen nach dem').fill('2020-01-31');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    expect(retentionUntil()).toBeNull();
  });
});
