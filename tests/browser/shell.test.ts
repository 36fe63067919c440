import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, languageSwitch, signInAs, startHarness, type BrowserHarness } from './harness.ts';

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

  it('moves nothing on a phone while a public page waits for its data on a slow connection (layout shift under 0.1)', async () => {
    const pages = [
      { path: `/p/${h.slug}/umfrage`, ready: { role: 'button' as const, name: 'Umfrage starten' } },
      { path: `/p/${h.slug}/umfrage?lang=ar`, ready: { role: 'button' as const, name: 'ابدأ الاستطلاع' } },
      // The browser's language, not the address, picks English: the page must not paint German words first.
      { path: `/p/${h.slug}/umfrage`, locale: 'en-US', ready: { role: 'button' as const, name: 'Start the survey' } },
      { path: `/p/${h.slug}`, ready: { role: 'heading' as const, name: 'Integrationskonzept Bergisch Gladbach' } },
      { path: `/p/${h.slug}/ergebnisse`, ready: { role: 'heading' as const, name: /^Ergebnisse – / } },
      { path: `/p/${h.slug}/massnahmen`, ready: { role: 'heading' as const, name: /^Maßnahmen: / } },
      { path: '/', ready: { role: 'heading' as const, name: 'Integrationskonzept Bergisch Gladbach' } },
    ];
    const shifts: Record<string, number> = {};
    for (const { path, ready, locale } of pages) {
      const { page, context } = await h.newPage({ viewport: { width: 390, height: 844 }, ...(locale ? { locale } : {}) });
      // A phone's processor: four times slower than this machine's, as Lighthouse's mobile profile has it.
      await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
      // Every answer of the API comes 800 ms late, as on a crowded mobile network: the page paints its frame first and its content after.
      await page.route('**/api/**', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 800));
        await route.continue();
      });
      await page.addInitScript(() => {
        (window as unknown as { __shift: number }).__shift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
            if (!entry.hadRecentInput) (window as unknown as { __shift: number }).__shift += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(h.baseUrl + path);
      await page.getByRole(ready.role, { name: ready.name }).first().waitFor();
      await page.waitForLoadState('networkidle');
      shifts[`${path} (${locale ?? 'de-DE'})`] = await page.evaluate(() => (window as unknown as { __shift: number }).__shift);
      await context.close();
    }
    // Google's threshold of a good cumulative layout shift.
    expect(Object.entries(shifts).filter(([, shift]) => shift >= 0.1)).toEqual([]);
  });

  it('keeps the language list open, the focus where it was, when a staff page\'s content arrives while someone is in the list', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 1024, height: 768 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin');
    // The survey editor's draft answers only when the test lets it: the page shows its loading frame until then.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/admin/processes/*/survey/draft', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${h.baseUrl}/admin/p/${h.slug}/umfrage`);
    await page.getByRole('status').getByText('Wird geladen', { exact: false }).waitFor();
    const toggle = languageSwitch(page);
    await toggle.click();
    const list = page.getByRole('list', { name: /Language: / });
    await page.keyboard.press('ArrowDown');
    const english = list.getByRole('button', { name: 'English', exact: true });
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => english.evaluate((element) => element === document.activeElement)).toBe(true);

    release();
    await page.getByRole('heading', { level: 1, name: /^Fragebogen bearbeiten/ }).waitFor();
    // The header was drawn anew with the page: the list is still open, and the focus still on English.
    expect(await list.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => english.evaluate((element) => element === document.activeElement)).toBe(true);
    // And the keyboard goes on from there.
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Edit/ }).waitFor();
    expect(await list.isVisible()).toBe(false);
    expect(await toggle.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it("starts the survey page in the resident's language and direction, before any script runs", async () => {
    const arabic = await (await fetch(`${h.baseUrl}/p/${h.slug}/umfrage?lang=ar`)).text();
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    const turkish = await (await fetch(`${h.baseUrl}/p/${h.slug}/umfrage`, { headers: { 'accept-language': 'tr-TR,tr;q=0.9' } })).text();
    expect(turkish).toContain('<html lang="tr" dir="ltr">');
  });

  it('tells search engines which pages are public: robots.txt keeps staff areas, the API and receipts out', async () => {
    const response = await fetch(`${h.baseUrl}/robots.txt`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const lines = (await response.text()).split('\n');
    for (const rule of ['User-agent: *', 'Disallow: /admin', 'Disallow: /auswertung', 'Disallow: /stand', 'Disallow: /api/', 'Disallow: /p/*/beitrag/']) expect(lines).toContain(rule);
    const { page } = await h.newPage();
    await page.goto(`${h.baseUrl}/p/${h.slug}`);
    expect(await page.locator('meta[name="description"]').getAttribute('content')).toMatch(/^Mitreden: /);
  });

  it('keeps to its own content security policy on every area: Chromium reports no violation', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page, context } = await h.newPage({ viewport: { width: 1024, height: 768 } });
    const violations: string[] = [];
    const cdp = await context.newCDPSession(page);
    await cdp.send('Audits.enable');
    cdp.on('Audits.issueAdded', ({ issue }) => {
      const details = issue.details.contentSecurityPolicyIssueDetails;
      if (issue.code === 'ContentSecurityPolicyIssue') violations.push(`${page.url()}: ${details?.violatedDirective} ${details?.contentSecurityPolicyViolationType} at ${details?.sourceCodeLocation?.url}`);
    });
    await signInAs(page, h.baseUrl, admin.username, '/admin');
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    await page.goto(`${h.baseUrl}/stand`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.goto(`${h.baseUrl}/auswertung/p/${h.slug}`);
    await page.getByRole('heading', { level: 1, name: /^Auswertung/ }).waitFor();
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await page.getByRole('button', { name: 'Umfrage starten' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
  });
});
