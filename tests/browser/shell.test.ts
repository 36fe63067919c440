import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, startHarness, type BrowserHarness } from './harness.ts';

describe('client shell in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('opens the start page and the process page with its phases', async () => {
    const { page } = await h.newPage();
    await page.goto(h.baseUrl + '/');
    await page.getByRole('heading', { name: 'Integrationskonzept Bergisch Gladbach' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['de', 'ltr']);
    await page.getByRole('link', { name: 'Zum Verfahren' }).click();
    await page.waitForURL(`**/p/${h.slug}?lang=de`);
    await page.getByText('Aktuell: Phase 2 von 4').waitFor();
    expect(await page.locator('[aria-current="step"]').innerText()).toContain('Beteiligungs- und Aktivierungsphase');
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it("serves the survey's shell, scripts and styles compressed, varying on Accept-Encoding", async () => {
    const { page } = await h.newPage();
    const served: Array<{ path: string; encoding: string | undefined; vary: string | undefined }> = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/api/')) return;
      const headers = response.headers();
      served.push({ path, encoding: headers['content-encoding'], vary: headers['vary'] });
    });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await page.getByRole('button', { name: 'Umfrage starten' }).waitFor();
    await page.waitForLoadState('networkidle');
    const texts = served.filter((file) => /\/umfrage$|\.(?:js|css|svg)$/.test(file.path));
    expect(texts.filter((file) => file.path.endsWith('.js')).length).toBeGreaterThanOrEqual(2);
    // The survey page's HTML names its preloads by the browser's language, so it varies on that too.
    expect(texts.filter((file) => file.encoding !== 'br' || !file.vary?.split(/,\s*/).includes('accept-encoding'))).toEqual([]);
  });

  it('signs in a staff member and sends them to the stall area; a wrong password shows an error', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage();
    await page.goto(h.baseUrl + '/login');
    await page.getByLabel('Benutzername').fill(user.username);
    await page.getByLabel('Passwort').fill('wrong password');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('alert').getByText('Benutzername oder Passwort ist falsch.').waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL('**/stand**');
    await page.getByText(`Angemeldet als ${user.username}`).waitFor();
  });

  it('sends a visitor of a protected area to the login page and back after signing in', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage();
    await page.goto(h.baseUrl + '/admin/konten');
    await page.waitForURL('**/login?next=**');
    await page.getByLabel('Benutzername').fill(admin.username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL('**/admin/konten');
    await page.getByRole('heading', { name: 'Konten und Geräte' }).waitFor();
    await page.getByRole('cell', { name: admin.username, exact: false }).first().waitFor();
  });

  it('opens the own area after signing in from a link back to the sign-in page itself (?next=/login)', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    for (const next of ['/login', '/login?next=%2Fadmin%2Fkonten', '/login/']) {
      const { page, context } = await h.newPage();
      await page.goto(`${h.baseUrl}/login?next=${encodeURIComponent(next)}`);
      await page.getByLabel('Benutzername').fill(admin.username);
      await page.getByLabel('Passwort').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
      expect(new URL(page.url()).pathname, next).toBe('/admin');
      await context.close();
    }
  });

  it('opens each area at the address printed on posters and in the handbook (/admin, /auswertung)', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage();
    await page.goto(`${h.baseUrl}/login?next=${encodeURIComponent('/admin')}`);
    await page.getByLabel('Benutzername').fill(admin.username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL('**/admin');
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    await page.goto(h.baseUrl + '/auswertung');
    await page.waitForURL(`**/auswertung/p/${h.slug}`);
    await page.getByRole('heading', { level: 1, name: /^Auswertung/ }).waitFor();
    expect(await page.getByText('Seite nicht gefunden').count()).toBe(0);
  });
});
