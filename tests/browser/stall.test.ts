import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, startHarness, type BrowserHarness } from './harness.ts';

/** A 10-inch tablet held sideways. */
const TABLET = { width: 1280, height: 800 };

describe('market stall on a tablet in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  const count = (sql: string, ...params: unknown[]) => (h.db.$client.prepare(sql).get(...params) as { n: number }).n;
  const badge = (page: Page) => page.getByTestId('sync-badge');

  async function signIn(page: Page, username: string, next = '/stand') {
    await page.goto(`${h.baseUrl}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Benutzername').fill(username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
  }

  /** The service worker must have installed and taken control before the network goes away. */
  async function waitForServiceWorker(page: Page) {
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    });
  }

  /** Accessibility and glove-sized targets: every control in the stall area is at least 44 px each way. */
  async function expectNoAxeViolations(page: Page) {
    expect(formatViolations(await axeViolations(page))).toBe('');
    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.stall a, .stall button, .stall select, .stall textarea, .stall input:not([type=radio]):not([type=checkbox]), .stall .chip')]
        .map((element) => ({ element, box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
        .map(({ element, box }) => `${element.tagName} "${element.textContent?.trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`),
    );
    expect(small).toEqual([]);
  }

  async function createSession(page: Page, place: string) {
    await page.getByLabel('Ort').fill(place);
    await page.getByLabel('Stadtteil').selectOption('bensberg');
    await page.getByLabel('Im Dienst').fill('Aylin, Jonas');
    await page.getByRole('button', { name: 'Markttag anlegen' }).click();
    await page.getByRole('heading', { name: place }).waitFor();
    const id = page.url().split('/markttag/')[1]!.split('/')[0]!;
    return id;
  }

  it('captures a session, 20 notes, 10 dot votes and a paper questionnaire offline, keeps them over a reload and syncs them exactly once', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page, context } = await h.newPage({ viewport: TABLET });
    await signIn(page, user.username);
    await page.waitForURL('**/stand');
    await page.getByRole('heading', { name: 'Markttag wählen' }).waitFor();
    await page.getByLabel('Stadtteil').locator('option[value="bensberg"]').waitFor({ state: 'attached' });
    await waitForServiceWorker(page);
    // App shell, process and survey are on the tablet before the stall loses its network.
    await page.getByText('Offline bereit', { exact: true }).waitFor();
    await badge(page).getByText('Alles gesendet').waitFor();
    await expectNoAxeViolations(page);

    await context.setOffline(true);
    const sessionId = await createSession(page, 'Wochenmarkt Bensberg');
    await badge(page).getByText('1 wartet auf Senden').waitFor();

    for (let i = 1; i <= 20; i += 1) {
      await page.getByLabel('Was wurde gesagt?').fill(`Notiz ${i}: Mehr Sprachkurse am Abend im Bürgerhaus`);
      if (i % 4 === 0) await page.getByRole('radio', { name: 'Anliegen' }).check();
      if (i % 3 === 0) await page.getByRole('checkbox', { name: 'Arbeit & Beschäftigung', exact: true }).check();
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      await page.getByRole('heading', { name: `Auf diesem Tablet erfasst (${i})` }).waitFor();
    }
    await badge(page).getByText('21 warten auf Senden').waitFor();
    expect(await page.getByLabel('Was wurde gesagt?').inputValue()).toBe('');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Klebepunkte' }).click();
    for (let i = 0; i < 6; i += 1) await page.getByRole('button', { name: '+1 Arbeit & Beschäftigung' }).click();
    for (let i = 0; i < 3; i += 1) await page.getByRole('button', { name: '+1 Bildung', exact: true }).click();
    await page.getByRole('button', { name: '−1 Arbeit & Beschäftigung' }).click();
    await badge(page).getByText('31 warten auf Senden').waitFor();
    expect(await page.getByTestId('tally-arbeit').innerText()).toMatch(/^5/);
    expect(await page.getByTestId('tally-bildung').innerText()).toMatch(/^3/);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Papierbogen' }).click();
    await page.getByRole('group', { name: /Chancen, eine passende Arbeit/ }).getByRole('radio', { name: '4', exact: true }).check();
    await page.getByLabel(/Welche Idee haben Sie für Arbeit/).fill('Jobbörse auf dem Wochenmarkt');
    await page.getByRole('button', { name: 'Fragebogen speichern' }).click();
    await badge(page).getByText('32 warten auf Senden').waitFor();
    await expectNoAxeViolations(page);

    // Reload without network: the service worker serves the app, IndexedDB still holds the queue.
    await page.reload();
    await badge(page).getByText('32 warten auf Senden').waitFor();
    await page.getByRole('link', { name: 'Klebepunkte' }).click();
    expect(await page.getByTestId('tally-arbeit').innerText()).toMatch(/^5/);
    expect(count('select count(*) n from stall_sessions where id = ?', sessionId)).toBe(0);

    await context.setOffline(false);
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    const stored = () => ({
      sessions: count('select count(*) n from stall_sessions where id = ?', sessionId),
      notes: count("select count(*) n from contributions where stall_session_id = ? and channel = 'stall'", sessionId),
      concerns: count("select count(*) n from contributions where stall_session_id = ? and kind = 'concern'", sessionId),
      arbeitTags: count("select count(*) n from contribution_tags t join contributions c on c.id = t.contribution_id where c.stall_session_id = ? and t.field_key = 'arbeit' and t.source = 'staff'", sessionId),
      arbeit: count("select coalesce(sum(delta), 0) n from dot_votes where stall_session_id = ? and option_key = 'arbeit'", sessionId),
      bildung: count("select coalesce(sum(delta), 0) n from dot_votes where stall_session_id = ? and option_key = 'bildung'", sessionId),
      votes: count('select count(*) n from dot_votes where stall_session_id = ?', sessionId),
      papers: count("select count(*) n from responses where stall_session_id = ? and channel = 'paper'", sessionId),
    });
    const expected = { sessions: 1, notes: 20, concerns: 5, arbeitTags: 6, arbeit: 5, bildung: 3, votes: 10, papers: 1 };
    expect(stored()).toEqual(expected);
    expect(await page.getByTestId('tally-arbeit').innerText()).toMatch(/^5/);

    // Cutting and restoring the network again changes nothing: the pass the tablet runs when it
    // is back online ends with "Alles gesendet", and with nothing left in its outbox and no
    // batch sent, nothing more can reach the server.
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/stall/sync')) sent.push(request.url());
    });
    await context.setOffline(true);
    await badge(page).getByText('Offline').waitFor();
    await context.setOffline(false);
    await badge(page).getByText('Alles gesendet').waitFor();
    const outbox = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('mitreden-stall');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const count = open.result.transaction('outbox').objectStore('outbox').count();
            count.onsuccess = () => resolve(count.result);
            count.onerror = () => reject(count.error);
          };
        }),
    );
    expect(outbox).toBe(0);
    expect(sent).toEqual([]);
    expect(stored()).toEqual(expected);
  });

  it('keeps the queue when the login expired, asks to sign in again and sends after signing in', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: { width: 800, height: 1280 } });
    await signIn(page, user.username);
    await page.waitForURL('**/stand');
    await page.getByLabel('Stadtteil').locator('option[value="bensberg"]').waitFor({ state: 'attached' });
    const sessionId = await createSession(page, 'Stadtfest Refrath');
    await badge(page).getByText('Alles gesendet').waitFor();

    // An admin signs the tablet out (or the session runs out): the server answers 401 from now on.
    h.db.$client.prepare("update sessions set revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') where user_id = ?").run(user.id);
    await page.getByLabel('Was wurde gesagt?').fill('Spielplatz am Rathaus braucht Schatten');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('link', { name: 'Bitte neu anmelden' }).waitFor();
    await badge(page).getByText('1 wartet auf Senden').waitFor();
    expect(count('select count(*) n from contributions where stall_session_id = ?', sessionId)).toBe(0);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Bitte neu anmelden' }).click();
    await page.getByLabel('Benutzername').fill(user.username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`**/stand/markttag/${sessionId}`);
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    expect(count('select count(*) n from contributions where stall_session_id = ?', sessionId)).toBe(1);
  });

  it('offers tag suggestions, and edits a note after it was sent: the server keeps one row at version 2', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: TABLET });
    await signIn(page, user.username, '/stand/notizen');
    await page.waitForURL('**/stand/notizen');
    await page.getByRole('radio', { name: 'Arbeitsgruppe' }).check();
    await page.getByLabel('Was wurde gesagt?').fill('Mehr Beratung für Selbstständige');
    // The suggester offers a field while typing; it takes a tap to accept, nothing is ticked by itself.
    const suggestion = page.getByRole('button', { name: 'Arbeit & Beschäftigung Vorschlag' });
    await suggestion.waitFor();
    expect(await page.getByRole('checkbox', { name: 'Arbeit & Beschäftigung', exact: true }).isChecked()).toBe(false);
    await suggestion.click();
    expect(await page.getByRole('checkbox', { name: 'Arbeit & Beschäftigung', exact: true }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    const rows = () => h.db.$client.prepare("select text, version, channel from contributions where text like 'Mehr Beratung für Selbstständige%'").all();
    await expect.poll(rows, { timeout: 15_000 }).toEqual([{ text: 'Mehr Beratung für Selbstständige', version: 1, channel: 'workshop' }]);
    expect(h.db.$client.prepare("select t.field_key, t.source from contribution_tags t join contributions c on c.id = t.contribution_id where c.text = 'Mehr Beratung für Selbstständige'").all()).toEqual([
      { field_key: 'arbeit', source: 'staff' },
    ]);
    await page.getByText('gesendet', { exact: true }).waitFor();

    await page.getByRole('button', { name: /^Ändern: Mehr Beratung/ }).click();
    await page.getByLabel('Was wurde gesagt?').fill('Mehr Beratung für Selbstständige, auch auf Türkisch');
    await page.getByRole('button', { name: 'Änderung speichern' }).click();
    await expect.poll(rows, { timeout: 15_000 }).toEqual([{ text: 'Mehr Beratung für Selbstständige, auch auf Türkisch', version: 2, channel: 'workshop' }]);
    await badge(page).getByText('Alles gesendet').waitFor();
    await expectNoAxeViolations(page);
  });
});
