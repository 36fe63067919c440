import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildProcess } from '../factories/processes.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, nextFrame, signInAs as signIn, startHarness, type BrowserHarness } from './harness.ts';

/** Holds the admin's list of processes back (a slow connection) until the returned function is called. */
async function holdProcessesBack(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/admin\/processes$/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

describe('accounts and signed-in devices', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('names a tablet at sign-in, counts it under its account and signs it out only after a confirmation', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const staff = await buildUser(h.db, { role: 'staff' });
    const tablet = await h.newPage({ viewport: { width: 800, height: 1280 } });
    await signIn(tablet.page, h.baseUrl, staff.username, '/stand', 'Tablet Stand 2');
    // The next sign-in on the same tablet offers the name again.
    await tablet.page.goto(h.baseUrl + '/login');
    expect(await tablet.page.getByLabel('Name dieses Geräts (optional)').inputValue()).toBe('Tablet Stand 2');

    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, h.baseUrl, admin.username, '/admin/konten', 'Büro-PC');
    const row = page.getByRole('row', { name: /Tablet Stand 2/ });
    await row.waitFor();
    expect(await row.getByRole('cell').first().textContent()).toContain(staff.username);
    expect(await row.locator('bdi').getAttribute('dir')).toBe('auto');
    const staffRow = page.getByRole('row', { name: new RegExp(`^${staff.username} `) });
    expect(await staffRow.getByRole('cell').nth(3).textContent()).toBe('1');
    expect(formatViolations(await axeViolations(page))).toBe('');

    // "Abmelden" asks first; "Abbrechen" (focused first) leaves the tablet signed in.
    await row.getByRole('button', { name: /Abmelden/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Gerät abmelden?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('„Tablet Stand 2“');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Abbrechen');
    for (const button of await dialog.getByRole('button').all()) expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await h.app.inject({ method: 'GET', url: '/api/admin/sessions', headers: { cookie: await cookieOf(page, h.baseUrl) } })).json()).toHaveLength(2);

    await row.getByRole('button', { name: /Abmelden/ }).click();
    await dialog.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByText(`„Tablet Stand 2“ (${staff.username}) ist abgemeldet.`).waitFor();
    await row.waitFor({ state: 'detached' });
    await expect.poll(() => staffRow.getByRole('cell').nth(3).textContent()).toBe('0');
    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: await cookieOf(tablet.page, h.baseUrl) } });
    expect(me.statusCode).toBe(401);
  });

  it('asks before locking an account, naming its devices in German also when it has none, and signs a locked one out at once', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const idle = await buildUser(h.db, { role: 'staff' });
    const busy = await buildUser(h.db, { role: 'staff' });
    const tablet = await h.newPage({ viewport: { width: 800, height: 1280 } });
    await signIn(tablet.page, h.baseUrl, busy.username, '/stand');
    const { page } = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, h.baseUrl, admin.username, '/admin/konten');
    const dialog = page.getByRole('dialog', { name: 'Konto sperren?' });

    // No device: „auf allen 0 Geräten abgemeldet“ was the plural's „other“ form.
    await page.getByRole('button', { name: `Sperren ${idle.username}` }).click();
    expect(await dialog.locator('p').textContent()).toBe(`${idle.username} kann sich danach nicht mehr anmelden. Angemeldet ist das Konto gerade auf keinem Gerät.`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: `Sperren ${busy.username}` }).click();
    expect(await dialog.locator('p').textContent()).toBe(`${busy.username} kann sich danach nicht mehr anmelden und wird auf einem Gerät abgemeldet.`);
    await dialog.getByRole('button', { name: 'Sperren' }).click();
    await page.getByText(`${busy.username} ist gesperrt und auf allen Geräten abgemeldet.`).waitFor();
    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: await cookieOf(tablet.page, h.baseUrl) } });
    expect(me.statusCode).toBe(401);
  });

  it('lists a browser that signs in again once, not one „ohne Namen“ row per sign-in', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    for (let i = 0; i < 3; i += 1) await signIn(page, h.baseUrl, admin.username, '/admin/konten');
    const devices = page.getByRole('table', { name: 'Angemeldete Geräte' });
    const rows = devices.getByRole('row', { name: new RegExp(`${admin.username} `) });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('dieses Gerät');
  });

  it('picks a working group’s fields from a list, keeps the form on an error and says it in German beside the field', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    await buildUser(h.db, { role: 'staff', username: 'stand.gronau' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, h.baseUrl, admin.username, '/admin/konten');
    const form = page.getByRole('form', { name: 'Neues Konto' });
    await form.getByLabel('Benutzername').fill('stand.gronau');
    await form.getByLabel('Passwort').fill('a long enough passphrase');
    await form.getByLabel('Rolle').selectOption({ label: 'Arbeitsgruppe' });
    const picker = form.getByRole('group', { name: 'Handlungsfelder der Arbeitsgruppe' });
    // No raw keys to type: each field is a labelled checkbox.
    expect(await form.getByRole('textbox', { name: /Schlüssel/ }).count()).toBe(0);
    await picker.getByRole('checkbox', { name: 'Arbeit & Beschäftigung' }).check();
    // With one process there is nothing to choose: it is ticked as soon as the list of processes has come.
    const onlyProcess = form.getByRole('group', { name: 'Verfahren der Arbeitsgruppe' }).getByRole('checkbox', { name: 'Integrationskonzept Bergisch Gladbach' });
    await expect.poll(() => onlyProcess.isChecked(), { timeout: 10_000 }).toBe(true);
    // Each choice is a 44 px target (the label is part of it).
    for (const chip of await picker.locator('label').all()) expect((await chip.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await form.getByRole('button', { name: 'Konto anlegen' }).click();

    const username = form.getByLabel('Benutzername');
    await expect.poll(() => username.getAttribute('aria-invalid')).toBe('true');
    const error = form.getByText('Diesen Benutzernamen gibt es schon. Bitte wählen Sie einen anderen.');
    expect(await error.isVisible()).toBe(true);
    expect(await username.getAttribute('aria-describedby')).toContain(await error.getAttribute('id'));
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('new-username');
    // Everything typed is still there, the password too.
    expect(await form.getByLabel('Passwort').inputValue()).toBe('a long enough passphrase');
    expect(await picker.getByRole('checkbox', { name: 'Arbeit & Beschäftigung' }).isChecked()).toBe(true);
    expect(formatViolations(await axeViolations(page))).toBe('');

    // A password too short is caught in the browser by the shared schema, also in German.
    await form.getByLabel('Passwort').fill('kurz');
    await form.getByRole('button', { name: 'Konto anlegen' }).click();
    await form.getByText('Das Passwort braucht mindestens 12 Zeichen.').waitFor();
    expect(await form.getByLabel('Passwort').inputValue()).toBe('kurz');

    await username.fill('ag.arbeit');
    await form.getByLabel('Passwort').fill('a long enough passphrase');
    await form.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByText('Konto „ag.arbeit“ angelegt.').waitFor();
    const created = h.db.$client.prepare("select role, fields_of_action as f, processes as p from users where username = 'ag.arbeit'").get();
    expect(created).toEqual({ role: 'working_group', f: '["arbeit"]', p: `["${h.slug}"]` });
    await page.getByRole('row', { name: /ag\.arbeit/ }).getByText('Arbeit & Beschäftigung').waitFor();
    expect(await username.inputValue()).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: '/tmp/mod-accounts-konten-390.png', fullPage: true });
  });

  it('ticks the one process for a new working group also when the list of processes comes only after the role was picked', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    // A slow connection: the list of processes is held back until the admin has picked the role.
    const release = await holdProcessesBack(page);
    await signIn(page, h.baseUrl, admin.username, '/admin/konten');
    const form = page.getByRole('form', { name: 'Neues Konto' });
    await form.getByLabel('Rolle').selectOption({ label: 'Arbeitsgruppe' });
    const processes = form.getByRole('group', { name: 'Verfahren der Arbeitsgruppe' });
    await processes.waitFor();
    expect(await processes.getByRole('checkbox').count()).toBe(0);
    // The group says that its choices are on their way, not an empty list.
    const loading = processes.getByRole('status');
    expect(await loading.textContent()).toBe('Verfahren werden geladen …');
    release();
    const onlyProcess = processes.getByRole('checkbox', { name: 'Integrationskonzept Bergisch Gladbach' });
    await expect.poll(() => onlyProcess.isChecked(), { timeout: 10_000 }).toBe(true);
    expect(await loading.count()).toBe(0);
    // Undone by hand, it stays undone, also after the form has drawn itself again (Preact runs its
    // effects after the next frame, so the form is given two before it is read).
    await onlyProcess.uncheck();
    await form.getByRole('checkbox', { name: 'Arbeit & Beschäftigung' }).check();
    await nextFrame(page);
    expect(await onlyProcess.isChecked()).toBe(false);
  });

  it('keeps the next account’s dialog open when it is opened at once after the last one was closed with Escape', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const first = await buildUser(h.db, { role: 'staff' });
    const second = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, h.baseUrl, admin.username, '/admin/konten');
    await page.getByRole('button', { name: `Bearbeiten ${first.username}` }).click();
    await page.getByRole('dialog', { name: `Konto „${first.username}“ bearbeiten` }).waitFor();
    // Escape closes the dialog as `close()` does; the browser says „closed“ a task later, when the
    // admin may already be on the next account (both in one task here, so the order is certain).
    await page.evaluate((username) => {
      document.querySelector<HTMLDialogElement>('dialog[open]')!.close();
      [...document.querySelectorAll('button')].find((button) => button.querySelector('.visually-hidden')?.textContent === `Bearbeiten ${username}`)!.click();
    }, second.username);
    const secondDialog = page.getByRole('dialog', { name: `Konto „${second.username}“ bearbeiten` });
    await secondDialog.waitFor();
    await nextFrame(page);
    expect(await secondDialog.isVisible()).toBe(true);
    await secondDialog.getByRole('button', { name: 'Abbrechen' }).click();
    await secondDialog.waitFor({ state: 'hidden' });
  });

  it('forgets a tick still waiting for the list of processes when the edit dialog turns to another account', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const staff = await buildUser(h.db, { role: 'staff' });
    // A working group with no process (made before processes were chosen per group).
    const group = await buildUser(h.db, { role: 'working_group', processes: [] });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    const release = await holdProcessesBack(page);
    await signIn(page, h.baseUrl, admin.username, '/admin/konten');
    // The role is picked for one account while the list is still on its way, and the dialog is cancelled.
    await page.getByRole('button', { name: `Bearbeiten ${staff.username}` }).click();
    const staffDialog = page.getByRole('dialog', { name: `Konto „${staff.username}“ bearbeiten` });
    await staffDialog.getByLabel('Rolle').selectOption({ label: 'Arbeitsgruppe' });
    await staffDialog.getByRole('group', { name: 'Verfahren der Arbeitsgruppe' }).getByRole('status').waitFor();
    await staffDialog.getByRole('button', { name: 'Abbrechen' }).click();
    await staffDialog.waitFor({ state: 'hidden' });
    // Another account opens; then the list comes. Nobody picked a role for this one: nothing is ticked.
    await page.getByRole('button', { name: `Bearbeiten ${group.username}` }).click();
    const groupDialog = page.getByRole('dialog', { name: `Konto „${group.username}“ bearbeiten` });
    const processes = groupDialog.getByRole('group', { name: 'Verfahren der Arbeitsgruppe' });
    await processes.getByRole('status').waitFor();
    release();
    const onlyProcess = processes.getByRole('checkbox', { name: 'Integrationskonzept Bergisch Gladbach' });
    await onlyProcess.waitFor({ timeout: 10_000 });
    await nextFrame(page);
    expect(await onlyProcess.isChecked()).toBe(false);
  });

  it('makes no working group without a field of action, on creating it or when editing takes its last field away, and says why beside the fields', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, h.baseUrl, admin.username, '/admin/konten');
    const form = page.getByRole('form', { name: 'Neues Konto' });
    await form.getByLabel('Benutzername').fill('ag.ohne.feld');
    await form.getByLabel('Passwort').fill(TEST_PASSWORD);
    await form.getByLabel('Rolle').selectOption({ label: 'Arbeitsgruppe' });
    await form.getByRole('group', { name: 'Verfahren der Arbeitsgruppe' }).getByRole('checkbox', { name: 'Integrationskonzept Bergisch Gladbach' }).check();
    const fields = form.getByRole('group', { name: 'Handlungsfelder der Arbeitsgruppe' });
    expect(await fields.getByRole('checkbox', { checked: true }).count()).toBe(0);
    await form.getByRole('button', { name: 'Konto anlegen' }).click();
    // Before, the account was made, and its members found only „Ihr Konto hat in diesem Verfahren kein Handlungsfeld“.
    await form.getByText('Bitte mindestens ein Handlungsfeld wählen: Ohne Handlungsfeld sieht die Arbeitsgruppe nichts.').waitFor();
    const first = fields.getByRole('checkbox').first();
    await expect.poll(() => first.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => first.evaluate((box) => box === document.activeElement)).toBe(true);
    expect(await fields.getAttribute('aria-describedby')).toContain('new-fieldsOfAction-error');
    expect(h.db.$client.prepare("select count(*) as n from users where username = 'ag.ohne.feld'").get()).toEqual({ n: 0 });
    await fields.getByRole('checkbox', { name: 'Arbeit & Beschäftigung' }).check();
    await form.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByText('Konto „ag.ohne.feld“ angelegt.').waitFor();

    // Editing it: unticking its only field is refused the same way, and the account keeps its field.
    await page.getByRole('button', { name: 'Bearbeiten ag.ohne.feld' }).click();
    const dialog = page.getByRole('dialog', { name: 'Konto „ag.ohne.feld“ bearbeiten' });
    await dialog.getByRole('checkbox', { name: 'Arbeit & Beschäftigung' }).uncheck();
    await dialog.getByRole('button', { name: 'Speichern', exact: true }).click();
    await dialog.getByText('Bitte mindestens ein Handlungsfeld wählen: Ohne Handlungsfeld sieht die Arbeitsgruppe nichts.').waitFor();
    expect(await dialog.isVisible()).toBe(true);
    expect(h.db.$client.prepare("select fields_of_action as f from users where username = 'ag.ohne.feld'").get()).toEqual({ f: '["arbeit"]' });
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it('gives a working group the processes an admin ticks: it reads those only, and a process not ticked tells it why', async () => {
    const second = buildProcess(h.db, { slug: 'jugendbeteiligung', title: 'Jugendbeteiligung' });
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, h.baseUrl, admin.username, '/admin/konten');
    const form = page.getByRole('form', { name: 'Neues Konto' });
    await form.getByLabel('Benutzername').fill('ag.jugend');
    await form.getByLabel('Passwort').fill(TEST_PASSWORD);
    await form.getByLabel('Rolle').selectOption({ label: 'Arbeitsgruppe' });
    await form.getByRole('group', { name: 'Handlungsfelder der Arbeitsgruppe' }).getByRole('checkbox', { name: 'Arbeit & Beschäftigung' }).check();
    const processes = form.getByRole('group', { name: 'Verfahren der Arbeitsgruppe' });
    // Two processes: none is ticked for the admin, and the form will not make a group that sees nothing.
    expect(await processes.getByRole('checkbox', { checked: true }).count()).toBe(0);
    await form.getByRole('button', { name: 'Konto anlegen' }).click();
    await form.getByText('Bitte mindestens ein Verfahren wählen: Ohne Verfahren sieht die Arbeitsgruppe nichts.').waitFor();
    await expect.poll(() => processes.getByRole('checkbox').first().getAttribute('aria-invalid')).toBe('true');
    await processes.getByRole('checkbox', { name: 'Jugendbeteiligung' }).check();
    await form.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByText('Konto „ag.jugend“ angelegt.').waitFor();
    await page.getByRole('row', { name: /ag\.jugend/ }).getByRole('cell', { name: 'Jugendbeteiligung' }).waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');

    // The group reads the process it was given; the default one, whose fields are called the same, is closed to it.
    const group = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(group.page, h.baseUrl, 'ag.jugend', `/auswertung/p/${second}`);
    await group.page.getByRole('heading', { level: 1, name: 'Auswertung: Jugendbeteiligung' }).waitFor();
    await group.page.getByText('Sie sehen die Beiträge zu Ihren Handlungsfeldern.', { exact: false }).waitFor();
    await group.page.goto(`${h.baseUrl}/auswertung/p/${h.slug}`);
    await group.page.getByRole('heading', { level: 1, name: 'Auswertung: Integrationskonzept Bergisch Gladbach' }).waitFor();
    await group.page.getByText('Ihr Konto arbeitet nicht an diesem Verfahren mit, darum gibt es hier nichts auszuwerten.', { exact: false }).waitFor();
    expect(formatViolations(await axeViolations(group.page))).toBe('');
    // The process picker above offers the group its own process, and only that.
    const picker = group.page.getByRole('navigation', { name: 'Verfahren wählen' });
    expect(await picker.getByRole('link').allInnerTexts()).toEqual(['Jugendbeteiligung']);
    await picker.getByRole('link', { name: 'Jugendbeteiligung' }).click();
    await group.page.getByRole('heading', { level: 1, name: 'Auswertung: Jugendbeteiligung' }).waitFor();
    expect(await picker.count()).toBe(0);
  });
});

async function cookieOf(page: Page, baseUrl: string): Promise<string> {
  const cookies = await page.context().cookies(baseUrl);
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}
