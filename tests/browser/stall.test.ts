import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskByHand } from '../../server/features/moderation/moderation.service.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { removeMarketDay } from '../../server/features/stall/market-days.service.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, nextFrame, stallOutbox, startHarness, type BrowserHarness } from './harness.ts';

/** Set SCREENSHOTS=folder to keep what the tests saw. */
const SHOTS = process.env.SCREENSHOTS;

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

  /** The server stores the next batch but its answer is lost on the way back; every sync after it fails, until `unroute`. */
  async function loseAnswerThenNetwork(page: Page) {
    let answerLost = false;
    await page.route('**/api/stall/sync', async (route) => {
      if (answerLost) return route.abort('connectionreset');
      answerLost = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
  }

  /** A staff member signed in on a fresh tablet, on the stall's start page with the process loaded. */
  async function openStall(viewport: { width: number; height: number } = TABLET, options: { hasTouch?: boolean } = {}) {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page, context } = await h.newPage({ viewport, ...options });
    await signIn(page, user.username);
    await page.waitForURL('**/stand');
    await page.getByLabel('Stadtteil').locator('option[value="bensberg"]').waitFor({ state: 'attached' });
    return { user, page, context };
  }

  /** A market day, then the account's session ends (an admin signed the tablet out, or it ran out) and a voice is captured: it waits. */
  async function captureAfterSessionEnded(page: Page, user: { id: number }, place: string, text: string) {
    const marketDayId = await createMarketDay(page, place);
    await badge(page).getByText('Alles gesendet').waitFor();
    h.db.$client.prepare("update sessions set revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') where user_id = ?").run(user.id);
    await page.getByLabel('Was wurde gesagt?').fill(text);
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('link', { name: 'Bitte neu anmelden' }).waitFor();
    return marketDayId;
  }

  /** Signs in through the sync bar's link and lands back on the market day. */
  async function signInAgain(page: Page, username: string, marketDayId: string) {
    await page.getByRole('link', { name: 'Bitte neu anmelden' }).click();
    await page.getByLabel('Benutzername').fill(username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`**/stand/markttag/${marketDayId}`);
  }

  async function createMarketDay(page: Page, place: string) {
    await page.getByLabel('Ort', { exact: true }).fill(place);
    await page.getByLabel('Stadtteil').selectOption('bensberg');
    await page.getByLabel('Im Dienst').fill('Aylin, Jonas');
    await page.getByRole('button', { name: 'Markttag anlegen' }).click();
    await page.getByRole('heading', { name: place }).waitFor();
    const id = page.url().split('/markttag/')[1]!.split('/')[0]!;
    return id;
  }

  it('names each page of the stall in the browser tab: the list, a market day\'s tab with its place and date, the loose notes', async () => {
    const { page, context } = await openStall();
    const title = () => page.title();
    await expect.poll(title).toBe('Markttag wählen – Marktstand – Mitreden');
    await createMarketDay(page, 'Wochenmarkt Tabtitel');
    await expect.poll(title).toMatch(/^Notizen: Wochenmarkt Tabtitel, \d{1,2}\.\d{1,2}\.\d{4} – Marktstand – Mitreden$/);
    await page.getByRole('link', { name: 'Klebepunkte' }).click();
    await expect.poll(title).toMatch(/^Klebepunkte: Wochenmarkt Tabtitel, /);
    await page.getByRole('link', { name: 'Papierbogen' }).click();
    await expect.poll(title).toMatch(/^Papierbogen: Wochenmarkt Tabtitel, /);
    await page.goto(`${h.baseUrl}/stand/notizen`);
    await expect.poll(title).toBe('Notizen aus Konferenz oder Arbeitsgruppe – Marktstand – Mitreden');
    await context.close();
  });

  it('captures a market day, 20 notes, 10 dot votes and a paper questionnaire offline, keeps them over a reload and syncs them exactly once', async () => {
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
    const marketDayId = await createMarketDay(page, 'Wochenmarkt Bensberg');
    await badge(page).getByText('1 wartet auf Senden').waitFor();

    for (let i = 1; i <= 20; i += 1) {
      await page.getByLabel('Was wurde gesagt?').fill(`Notiz ${i}: Mehr Sprachkurse am Abend im Bürgerhaus`);
      if (i % 4 === 0) await page.getByRole('radio', { name: 'Anliegen' }).check();
      if (i % 3 === 0) await page.getByRole('checkbox', { name: 'Arbeit & Beschäftigung', exact: true }).check();
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      await page.getByRole('heading', { name: `Notizen dieses Markttags (${i})` }).waitFor();
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
    expect(count('select count(*) n from market_days where id = ?', marketDayId)).toBe(0);

    // Every count the board shows while the tablet sends, in order: the dots leave the queue and enter the
    // stored tally in one step, so the count may never drop to the server's old figure and come back.
    await page.evaluate(() => {
      const shown: string[] = [];
      (window as unknown as { shownTally: string[] }).shownTally = shown;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="tally-arbeit"]')?.textContent;
        if (text != null && text !== shown.at(-1)) shown.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await context.setOffline(false);
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    const stored = () => ({
      marketDays: count('select count(*) n from market_days where id = ?', marketDayId),
      notes: count("select count(*) n from contributions where market_day_id = ? and channel = 'stall'", marketDayId),
      concerns: count("select count(*) n from contributions where market_day_id = ? and kind = 'concern'", marketDayId),
      arbeitTags: count("select count(*) n from contribution_tags t join contributions c on c.id = t.contribution_id where c.market_day_id = ? and t.field_key = 'arbeit' and t.source = 'staff'", marketDayId),
      arbeit: count("select coalesce(sum(delta), 0) n from dot_votes where market_day_id = ? and option_key = 'arbeit'", marketDayId),
      bildung: count("select coalesce(sum(delta), 0) n from dot_votes where market_day_id = ? and option_key = 'bildung'", marketDayId),
      votes: count('select count(*) n from dot_votes where market_day_id = ?', marketDayId),
      papers: count("select count(*) n from responses where market_day_id = ? and channel = 'paper'", marketDayId),
    });
    const expected = { marketDays: 1, notes: 20, concerns: 5, arbeitTags: 6, arbeit: 5, bildung: 3, votes: 10, papers: 1 };
    expect(stored()).toEqual(expected);
    await expect.poll(() => page.getByTestId('tally-arbeit').innerText()).toMatch(/^5/);
    const shown = await page.evaluate(() => (window as unknown as { shownTally: string[] }).shownTally);
    expect(shown.filter((text) => !/^5/.test(text))).toEqual([]);

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
    expect(await stallOutbox(page)).toEqual([]);
    expect(sent).toEqual([]);
    expect(stored()).toEqual(expected);
  });

  it('keeps the queue when the login expired, asks to sign in again and sends after signing in', async () => {
    const { user, page } = await openStall({ width: 800, height: 1280 });
    const marketDayId = await captureAfterSessionEnded(page, user, 'Stadtfest Refrath', 'Spielplatz am Rathaus braucht Schatten');
    await badge(page).getByText('1 wartet auf Senden').waitFor();
    expect(count('select count(*) n from contributions where market_day_id = ?', marketDayId)).toBe(0);
    await expectNoAxeViolations(page);

    await signInAgain(page, user.username, marketDayId);
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    expect(count('select count(*) n from contributions where market_day_id = ?', marketDayId)).toBe(1);
  });

  it('sends what one account captured only as that account: the next account signed in on the tablet is told, and takes it over only when it says so', async () => {
    const { user, page } = await openStall({ width: 800, height: 1280 });
    const marketDayId = await captureAfterSessionEnded(page, user, 'Wochenmarkt Gronau', 'Die Bücherei soll samstags länger offen sein');

    // A colleague signs in on the same tablet: the voice stays unsent, and the sync bar says whose it is.
    const colleague = await buildUser(h.db, { role: 'staff' });
    await signInAgain(page, colleague.username, marketDayId);
    const waiting = page.getByText(`1 Eintrag hat ${user.username} auf diesem Tablet erfasst`);
    await waiting.waitFor();
    await badge(page).getByText('1 wartet auf Senden').waitFor();
    expect(count('select count(*) n from contributions where market_day_id = ?', marketDayId)).toBe(0);
    await expectNoAxeViolations(page);

    // Taken over on purpose, it is stored once, under the colleague's account.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Mit meinem Konto senden' }).click();
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    expect(h.db.$client.prepare('select u.username from contributions c join users u on u.id = c.created_by where c.market_day_id = ?').all(marketDayId)).toEqual([{ username: colleague.username }]);
    await waiting.waitFor({ state: 'detached' });
  });

  it('warns before signing out with unsent captures, and without a connection stays signed in and says why', async () => {
    const { user, page, context } = await openStall({ width: 800, height: 1280 });
    await createMarketDay(page, 'Stadtfest Bensberg');
    await badge(page).getByText('Alles gesendet').waitFor();
    const header = page.getByRole('navigation', { name: 'Hauptnavigation' });

    // The server refuses for a while: the voice waits, and signing out asks first.
    await page.route('**/api/stall/sync', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"x"}}' }));
    await page.getByLabel('Was wurde gesagt?').fill('Mehr Bänke am Markt');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await badge(page).getByText('1 wartet auf Senden').waitFor();
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await header.getByRole('button', { name: 'Abmelden' }).click();
    await expect.poll(() => asked).toEqual([expect.stringContaining('1 Eintrag, den Sie erfasst haben, ist noch nicht gesendet')]);
    await header.getByText(`Angemeldet als ${user.displayName ?? user.username}`).waitFor();

    // Without a connection the server cannot end the session: the header keeps saying who is signed in.
    await page.unroute('**/api/stall/sync');
    await context.setOffline(true);
    page.once('dialog', (dialog) => void dialog.accept());
    await header.getByRole('button', { name: 'Abmelden' }).click();
    await header.getByRole('alert').getByText('Abmelden geht nur mit Verbindung zum Server').waitFor();
    expect(await header.getByText(/^Angemeldet als/).isVisible()).toBe(true);
    await context.setOffline(false);
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
  });

  it('stores no blank paper questionnaire, names a problem in German at its field, and counts a double tap once', async () => {
    const { page } = await openStall({ width: 800, height: 1280 });
    // A market day without a place: the cursor goes to the place, which names the problem.
    await page.getByRole('button', { name: 'Markttag anlegen' }).click();
    const place = page.getByLabel('Ort', { exact: true });
    await expect.poll(() => place.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await place.getAttribute('aria-describedby')).toBe('market-day-error');
    const marketDayId = await createMarketDay(page, 'Wochenmarkt Paffrath');
    await page.getByRole('link', { name: 'Papierbogen' }).click();
    const save = page.getByRole('button', { name: 'Fragebogen speichern' });
    await save.click();
    await page.getByText('Nichts eingetragen – ein leerer Fragebogen wird nicht gespeichert').waitFor();

    const support = page.getByRole('group', { name: /Was würde Ihnen oder anderen helfen/ });
    await support.getByRole('checkbox', { name: 'Anderes' }).check();
    await save.click();
    await page.getByText('Bitte prüfen: 1 Frage (rot markiert).').waitFor();
    // The problem and the field to fill name the option as its tick box does („Anderes“, the questionnaire's own word).
    await support.getByText('„Anderes“ ist angekreuzt, aber der Text dazu fehlt').waitFor();
    // The cursor is in the field to fill, and the field names the problem to a screen reader.
    const otherText = page.getByLabel('Anderes, und zwar', { exact: true });
    await expect.poll(() => otherText.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await otherText.getAttribute('aria-describedby')).toBeTruthy();
    await expectNoAxeViolations(page);

    await otherText.fill('Kinderbetreuung während des Kurses');
    await save.dblclick();
    await page.getByText('Fragebogen gespeichert').waitFor();
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    expect(count("select count(*) n from responses where market_day_id = ? and channel = 'paper'", marketDayId)).toBe(1);

    // On a slow tablet the second tap of a double tap can come after the first has saved and emptied the form:
    // it changes nothing, and the confirmation stays („Nichts eingetragen“ in its place would leave staff unsure).
    await save.click();
    await nextFrame(page);
    expect(await page.locator('.save-message').textContent()).toMatch(/^Fragebogen gespeichert/);
    expect(await page.getByText(/^Nichts eingetragen/).count()).toBe(0);
    // Once staff touch the form again, Save of an empty form says so.
    await page.getByLabel('Sprache des Fragebogens').selectOption('en');
    await save.click();
    await page.getByText(/^Nichts eingetragen/).waitFor();
    expect(count("select count(*) n from responses where market_day_id = ? and channel = 'paper'", marketDayId)).toBe(1);
  });

  for (const pointer of ['touch', 'mouse'] as const) {
    it(`does not let the late second ${pointer === 'touch' ? 'tap of a double tap' : 'click of a double click'} tick an answer of the next paper questionnaire`, async () => {
      const { page, context } = await openStall({ width: 800, height: 1280 }, { hasTouch: pointer === 'touch' });
      const tap = (target: Locator) => (pointer === 'touch' ? target.tap() : target.click());
      const tapAt = ({ x, y }: { x: number; y: number }) => (pointer === 'touch' ? page.touchscreen.tap(x, y) : page.mouse.click(x, y));
      // A late second tap is a tap at the same spot; a double click's second click comes with a click count of 2.
      const lateTapAt = async ({ x, y }: { x: number; y: number }) => {
        if (pointer === 'touch') return page.touchscreen.tap(x, y);
        await page.mouse.move(x, y);
        await page.mouse.down({ clickCount: 2 });
        await page.mouse.up({ clickCount: 2 });
      };
      // Without motion the page stands where it scrolls to as soon as it saved: the late tap lands there, as it does mid-scroll.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const marketDayId = await createMarketDay(page, 'Wochenmarkt Refrath');
      await page.getByRole('link', { name: 'Papierbogen' }).click();
      const save = page.getByRole('button', { name: 'Fragebogen speichern' });
      const wish = page.getByRole('group', { name: /Was würde Ihnen oder anderen helfen/ }).getByRole('checkbox', { name: 'Deutschkurse für den Beruf' });
      const papers = () => count("select count(*) n from responses where market_day_id = ? and channel = 'paper'", marketDayId);
      // What is ticked: on a new questionnaire every question „nicht angekreuzt“, nothing else.
      const ticked = () => page.evaluate(() => [...document.querySelectorAll<HTMLInputElement>('.paper-form input:checked')].map((input) => input.closest('label')?.textContent ?? input.id));
      const saved = page.getByText(/^Fragebogen gespeichert/);
      // Offline, so the form above the answers stays as it is between the two saves: sent, the confirmation would
      // say „gespeichert und gesendet“ instead of „wird gesendet“, on one line or two, and move every answer.
      await save.waitFor();
      await context.setOffline(true);

      // How high up the screen the button can come: the page scrolled to its end.
      await page.evaluate(() => window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }));
      const highest = await save.evaluate((element) => element.getBoundingClientRect().bottom);

      // The first questionnaire: once it is saved the form's start is at the top of the screen. An answer of the
      // question shown first, not ticked, that shares a column with the button: where the late tap is to land.
      await tap(wish);
      await tap(save);
      await saved.waitFor();
      await expect.poll(async () => (await ticked()).every((label) => label === 'nicht angekreuzt')).toBe(true);
      const button = (await save.boundingBox())!;
      const answers = await page.locator('.paper-form label:has(input:not(:checked))').evaluateAll((labels) =>
        labels.map((label) => label.getBoundingClientRect()).map((box) => ({ left: box.left, right: box.right, top: box.top, bottom: box.bottom })),
      );
      const target = answers.find((box) => box.top > highest && box.bottom < 1280 && box.left < button.x + button.width - 10 && box.right > button.x + 10)!;
      expect(target).toBeTruthy();
      const spot = { x: (Math.max(target.left, button.x) + Math.min(target.right, button.x + button.width)) / 2, y: (target.top + target.bottom) / 2 };
      // Whether the answer under the spot is ticked (null: no answer there).
      const underSpot = () => page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.paper-form label')?.querySelector('input')?.checked ?? null, spot);

      // The second: saved by a tap with the button where that answer will stand.
      await tap(wish);
      await save.scrollIntoViewIfNeeded();
      // Scrolled until the button's middle is at the spot (again, should the page above it still move).
      await expect
        .poll(async () => {
          const box = (await save.boundingBox())!;
          const off = box.y + box.height / 2 - spot.y;
          if (Math.abs(off) >= 1) await page.evaluate((by) => window.scrollBy({ top: by, behavior: 'instant' }), off);
          return Math.abs(off) < 1;
        })
        .toBe(true);
      await tapAt(spot);
      // Saved: the form is empty again.
      await expect.poll(() => wish.isChecked()).toBe(false);
      const fresh = await ticked();
      expect(fresh.every((label) => label === 'nicht angekreuzt')).toBe(true);

      // The late tap lands on that answer of the next questionnaire, and changes nothing: no tick, no focus, the confirmation stays.
      expect(await underSpot()).toBe(false);
      await lateTapAt(spot);
      await nextFrame(page);
      expect(await ticked()).toEqual(fresh);
      expect(await page.evaluate(() => document.activeElement?.closest('.paper-form input, .paper-form textarea') ?? null)).toBeNull();
      expect(await page.locator('.save-message').textContent()).toMatch(/^Fragebogen gespeichert/);

      // A deliberate tap counts at once: elsewhere, and with a mouse a single click at that very spot.
      await tap(wish);
      await expect.poll(() => wish.isChecked()).toBe(true);
      if (pointer === 'mouse') {
        // The form's start at the top again, as after the save: the same answer under the spot.
        await save.evaluate((element) => element.closest('form')!.scrollIntoView({ block: 'start', behavior: 'instant' }));
        expect(await underSpot()).toBe(false);
        await tapAt(spot);
        await expect.poll(underSpot).toBe(true);
      }
      await context.setOffline(false);
      await expect.poll(papers, { timeout: 30_000 }).toBe(2);
    });
  }

  it('shows the confirmation of a saved paper questionnaire on a phone, below the sync bar, with the next questionnaire under it', async () => {
    const { page } = await openStall({ width: 390, height: 844 });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await createMarketDay(page, 'Wochenmarkt Refrath');
    await page.getByRole('link', { name: 'Papierbogen' }).click();
    await page.getByRole('group', { name: /Was würde Ihnen oder anderen helfen/ }).getByRole('checkbox', { name: 'Deutschkurse für den Beruf' }).check();
    await page.getByRole('button', { name: 'Fragebogen speichern' }).click();
    const message = page.locator('.save-message');
    await expect.poll(() => message.textContent()).toMatch(/^Fragebogen gespeichert/);
    const bar = (await page.locator('.sync-bar').boundingBox())!;
    const shown = (await message.boundingBox())!;
    expect(shown.y).toBeGreaterThanOrEqual(bar.y + bar.height);
    expect(shown.y + shown.height).toBeLessThanOrEqual(844);
    expect(await page.getByLabel('Sprache des Fragebogens').isVisible()).toBe(true);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'stall-paper-saved-390.png') });
  });

  it('keeps the confirmation of a saved note when the second tap of a double tap comes after the first has saved', async () => {
    const { page } = await openStall({ width: 800, height: 1280 });
    const marketDayId = await createMarketDay(page, 'Wochenmarkt Bensberg');
    await page.getByLabel('Was wurde gesagt?').fill('Mehr Bänke im Park');
    const save = page.getByRole('button', { name: 'Speichern', exact: true });
    await save.click();
    await page.getByText(/^Notiz gespeichert/).waitFor();
    await save.click();
    await nextFrame(page);
    expect(await page.getByText(/^Notiz gespeichert/).count()).toBe(1);
    expect(await page.getByText('Bitte zuerst etwas eintippen.').count()).toBe(0);
    // Staff took up a note to change and gave that up: the form is not just saved any more, Save asks for a text.
    await page.getByRole('button', { name: /^Ändern: Mehr Bänke/ }).click();
    await page.getByRole('button', { name: 'Ändern abbrechen' }).click();
    await expect.poll(() => page.getByLabel('Was wurde gesagt?', { exact: true }).inputValue()).toBe('');
    await save.click();
    await page.getByText('Bitte zuerst etwas eintippen.').waitFor();
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    expect(count('select count(*) n from contributions where market_day_id = ?', marketDayId)).toBe(1);
  });

  it('keeps a half-typed note when staff change an earlier one, and over a reload', async () => {
    const { page } = await openStall({ width: 800, height: 1280 });
    await createMarketDay(page, 'Wochenmarkt Refrath');
    await page.getByLabel('Was wurde gesagt?').fill('Ein Treffpunkt für Jugendliche am Bahnhof');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByText('gesendet', { exact: true }).waitFor();

    // Half-typed, then "Ändern" on the earlier note, then given up: the half-typed voice is back.
    await page.getByLabel('Was wurde gesagt?').fill('Sprachcafé im Stadtteilhaus');
    await page.getByRole('checkbox', { name: 'Bildung', exact: true }).check();
    await page.getByRole('button', { name: /^Ändern: Ein Treffpunkt/ }).click();
    expect(await page.getByLabel('Notiz ändern: Was wurde gesagt?').inputValue()).toBe('Ein Treffpunkt für Jugendliche am Bahnhof');
    await page.getByRole('button', { name: 'Ändern abbrechen' }).click();
    await expect.poll(() => page.getByLabel('Was wurde gesagt?', { exact: true }).inputValue()).toBe('Sprachcafé im Stadtteilhaus');
    expect(await page.getByRole('checkbox', { name: 'Bildung', exact: true }).isChecked()).toBe(true);

    // A reload (or the tablet dropping the page) keeps it too.
    await expect.poll(() => page.evaluate(async () => {
      const request = indexedDB.open('mitreden-stall');
      const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
      const stored = await new Promise<unknown>((resolve) => {
        const get = db.transaction('meta').objectStore('meta').get('drafts');
        get.onsuccess = () => resolve(get.result);
      });
      db.close();
      return Object.values((stored as { notes?: Record<string, { text: string; editing: unknown }> } | undefined)?.notes ?? {}).map((draft) => [draft.text, draft.editing]);
    })).toEqual([['Sprachcafé im Stadtteilhaus', null]]);
    await page.reload();
    await expect.poll(() => page.getByLabel('Was wurde gesagt?', { exact: true }).inputValue()).toBe('Sprachcafé im Stadtteilhaus');
  });

  it('offers tag suggestions, and edits a note after it was sent: the server keeps one row at version 2', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: TABLET });
    await signIn(page, user.username, '/stand/notizen');
    await page.waitForURL('**/stand/notizen');
    await page.getByRole('radio', { name: 'Arbeitsgruppe' }).check();
    await page.getByLabel('Was wurde gesagt?').fill('Mehr Beratung für Selbstständige');
    // The suggester marks a field while typing; it takes a tap to accept, nothing is ticked by itself.
    const suggestion = page.getByRole('checkbox', { name: 'Arbeit & Beschäftigung Vorschlag', exact: true });
    await suggestion.waitFor();
    expect(await suggestion.isChecked()).toBe(false);
    await suggestion.check();
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

  it('lands in the stall area after the first sign-in at /stand in a fresh browser', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: TABLET });
    await page.goto(`${h.baseUrl}/stand`);
    await page.waitForURL('**/login?next=%2Fstand');
    await page.getByLabel('Benutzername').fill(user.username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL('**/stand');
    await page.getByRole('heading', { name: 'Markttag wählen' }).waitFor();
    // Settled: the stall synced once and is ready offline, and it is still the stall, not the login form.
    await badge(page).getByText('Alles gesendet').waitFor();
    await page.getByText('Offline bereit', { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/stand');
    expect(await page.getByLabel('Passwort').count()).toBe(0);
    await page.getByText(`Angemeldet als ${user.username}`).waitFor();
  });

  it('puts the sign-in form away as soon as the sign-in worked, while the stall area is still loading', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: TABLET });
    // The stall area's code is held back until the page has been looked at, as on a slow market Wi-Fi.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/StallArea-*.js', async (route) => {
      await held;
      await route.continue();
    });
    await signIn(page, user.username);
    await page.getByRole('status').getByText('Angemeldet. Ihr Bereich wird geöffnet …').waitFor();
    expect(await page.getByLabel('Passwort').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Anmelden' }).count()).toBe(0);
    release();
    await page.getByRole('heading', { name: 'Markttag wählen' }).waitFor();
  });

  it('keeps text, fields of action and Save in one screen in portrait and landscape, also with the keyboard open', async () => {
    const { page } = await openStall({ width: 800, height: 1280 });
    await createMarketDay(page, 'Wochenmarkt Gronau');

    /** Whether each control is fully visible between the sticky sync bar and the bottom of the viewport. */
    const hidden = (selectors: string[]) =>
      page.evaluate((list) => {
        const top = document.querySelector('.sync-bar')?.getBoundingClientRect().bottom ?? 0;
        return list.flatMap((selector) =>
          [...document.querySelectorAll<HTMLElement>(selector)]
            .filter((element) => {
              const box = element.getBoundingClientRect();
              return box.top < top - 1 || box.bottom > window.innerHeight + 1 || box.height === 0;
            })
            .map((element) => `${selector} "${(element.textContent ?? '').trim().slice(0, 30)}"`),
        );
      }, selectors);
    const essentials = ['.note-text', '.note-form button.save', '.capture-main .chip'];
    const everything = [...essentials, '.capture-side .chip', '.capture-side select'];

    // [width, height, keyboard height]: a 10-inch tablet upright and sideways, then with the on-screen keyboard taking its share.
    for (const [width, height, keyboard] of [
      [800, 1280, 0],
      [1280, 800, 0],
      [800, 1280, 420],
      [1280, 800, 330],
    ] as const) {
      const text = page.getByLabel('Was wurde gesagt?');
      await text.evaluate((element) => element.blur());
      await page.setViewportSize({ width, height });
      await page.evaluate(() => window.scrollTo(0, 0));
      // Staff tap the text field; with an on-screen keyboard it then takes the lower part of the screen.
      await text.click();
      if (keyboard) await page.setViewportSize({ width, height: height - keyboard });
      await text.fill('Mehr Beratung für Selbstständige');
      await page.getByRole('checkbox', { name: 'Arbeit & Beschäftigung Vorschlag', exact: true }).waitFor();
      // The form has moved into view (if it had to) once Save is inside the viewport.
      await expect.poll(() => hidden(['.note-form button.save', '.note-text']), { timeout: 5_000 }).toEqual([]);
      expect(await hidden(keyboard ? essentials : everything), `${width}×${height}, keyboard ${keyboard}`).toEqual([]);
      await expectNoAxeViolations(page);
      await text.fill('');
    }
  });

  it('stores an unclassified note as "nicht angegeben" and takes the Stadtteil the text names unless staff chose one', async () => {
    const { page } = await openStall();
    const marketDayId = await createMarketDay(page, 'Wochenmarkt Bensberg');
    expect(await page.getByRole('radio', { name: 'nicht angegeben' }).isChecked()).toBe(true);

    const save = async (text: string) => {
      await page.getByLabel('Was wurde gesagt?').fill(text);
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      await page.getByRole('status').getByText('Notiz gespeichert').waitFor();
      await page.getByRole('listitem').filter({ hasText: text }).waitFor();
    };
    // Saved at once, before the suggestions had time to show: the text is still read for a Stadtteil.
    await save('Skatepark für Moitzfeld!!!');
    await page.getByLabel('Was wurde gesagt?').fill('Mehr Bänke in Refrath');
    await page.getByText('(aus dem Text)').waitFor();
    expect(await page.getByLabel(/^Stadtteil/).inputValue()).toBe('refrath');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('listitem').filter({ hasText: 'Mehr Bänke in Refrath' }).waitFor();
    await page.getByLabel('Was wurde gesagt?').fill('Der Spielplatz in Moitzfeld, gesagt von jemandem aus Gronau');
    await page.getByLabel(/^Stadtteil/).selectOption('gronau');
    await page.getByRole('radio', { name: 'Anliegen' }).check();
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await save('Mehr Sprachkurse am Abend');
    await expect.poll(() => count('select count(*) n from contributions where market_day_id = ?', marketDayId), { timeout: 15_000 }).toBe(4);
    const rows = h.db.$client.prepare('select text, kind, stadtteil_key from contributions where market_day_id = ? order by text').all(marketDayId);
    expect(rows).toEqual([
      { text: 'Der Spielplatz in Moitzfeld, gesagt von jemandem aus Gronau', kind: 'concern', stadtteil_key: 'gronau' },
      { text: 'Mehr Bänke in Refrath', kind: null, stadtteil_key: 'refrath' },
      { text: 'Mehr Sprachkurse am Abend', kind: null, stadtteil_key: 'bensberg' },
      { text: 'Skatepark für Moitzfeld!!!', kind: null, stadtteil_key: 'moitzfeld' },
    ]);
    await page.getByText('Art nicht angegeben', { exact: false }).first().waitFor();
  });

  it('suggests fields for an Arabic note without a conversation language', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: TABLET });
    await signIn(page, user.username, '/stand/notizen');
    await page.waitForURL('**/stand/notizen');
    expect(await page.getByLabel('Sprache des Gesprächs').inputValue()).toBe('');
    await page.getByLabel('Was wurde gesagt?').fill('أبحث عن عمل منذ سنتين ولا أجد شيئاً');
    await page.getByRole('checkbox', { name: 'Arbeit & Beschäftigung Vorschlag', exact: true }).waitFor();
  });

  it('names the signed-in staff member in the header when it starts offline', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page, context } = await h.newPage({ viewport: TABLET });
    await signIn(page, user.username);
    await page.waitForURL('**/stand');
    await waitForServiceWorker(page);
    await page.getByText('Offline bereit', { exact: true }).waitFor();
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Markttag wählen' }).waitFor();
    await page.getByText(`Angemeldet als ${user.username} (offline)`).waitFor();
    // The footer names the city it named online, from the list this tablet kept.
    await page.getByText('Mitreden ist eine Beteiligungsplattform der Stadt Bergisch Gladbach.', { exact: false }).waitFor();
    expect(await page.getByRole('link', { name: 'Anmelden (Mitarbeitende)' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await context.setOffline(false);
    await page.getByText(`Angemeldet als ${user.username}`, { exact: true }).waitFor({ timeout: 30_000 });
  });

  it('says „Offline“ after a reload without network, not that the server is unreachable, and „Server nicht erreichbar“ only when it is', async () => {
    const { user, page, context } = await openStall({ width: 1024, height: 768 });
    await waitForServiceWorker(page);
    await page.getByText('Offline bereit', { exact: true }).waitFor();
    await createMarketDay(page, 'Wochenmarkt Herkenrath');
    await badge(page).getByText('Alles gesendet').waitFor();
    const bar = page.getByRole('region', { name: 'Sendestatus' });
    await context.setOffline(true);
    await page.getByLabel('Was wurde gesagt?').fill('Ein Bücherschrank an der Haltestelle');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await badge(page).getByText('1 wartet auf Senden').waitFor();

    // The service worker serves the app; Chromium may call the reloaded page online, but no request gets out.
    await page.reload();
    await page.getByText(`Angemeldet als ${user.username} (offline)`).waitFor();
    await expect.poll(() => badge(page).innerText(), { timeout: 10_000 }).toMatch(/^1 wartet auf Senden.* · Offline$/s);
    // Still so after the tablet asked the server again (every 5 s while it works offline), where the browser calls the
    // reloaded page online (Debian's Chromium 156.0.8078.73 did, 156.0.8078.114 does not); one that says it is offline is not asked in vain.
    if (await page.evaluate(() => navigator.onLine)) await page.waitForEvent('requestfailed', { predicate: (request) => request.url().endsWith('/api/auth/me'), timeout: 15_000 });
    expect(await bar.innerText()).not.toContain('nicht erreichbar');
    expect(await badge(page).innerText()).toMatch(/ · Offline$/);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'stall-offline-reload-1024.png') });

    // Back online the note leaves; then the network is there but the server does not answer: that is what the bar says.
    await context.setOffline(false);
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    await page.route('**/api/stall/sync', (route) => route.abort('connectionrefused'));
    await page.getByLabel('Was wurde gesagt?').fill('Eine Toilette am Marktplatz');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await bar.getByText('Letzter Sendeversuch: Server nicht erreichbar').waitFor({ timeout: 10_000 });
    expect(await badge(page).innerText()).not.toContain('Offline');
    await page.unroute('**/api/stall/sync');
  });

  it('keeps the market day\'s notes listed after a reload and on a fresh tablet, sent ones marked, and corrects one under the version rules', async () => {
    const { user, page } = await openStall();
    const marketDayId = await createMarketDay(page, 'Wochenmarkt Schildgen');
    for (const text of ['Mehr Bänke am Markt', 'Abends fährt kein Bus']) {
      await page.getByLabel('Was wurde gesagt?').fill(text);
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      await page.getByRole('listitem').filter({ hasText: text }).waitFor();
    }
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });

    const listed = (p: Page) => p.locator('.recent-notes li');
    await page.reload();
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (2)' }).waitFor();
    expect(await listed(page).filter({ hasText: 'gesendet' }).count()).toBe(2);

    // Another tablet (or this one after its storage was cleared) lists the market day's notes from the server.
    const { page: fresh } = await h.newPage({ viewport: TABLET });
    await signIn(fresh, user.username, `/stand/markttag/${marketDayId}`);
    await fresh.waitForURL(`**/stand/markttag/${marketDayId}`);
    await fresh.getByRole('heading', { name: /Notizen dieses Markttags \(2\)/ }).waitFor({ timeout: 15_000 });
    await listed(fresh).filter({ hasText: 'Abends fährt kein Bus' }).getByText('gesendet', { exact: true }).waitFor();
    await fresh.getByRole('button', { name: 'Ändern: Abends fährt kein Bus' }).click();
    await fresh.getByLabel(/Was wurde gesagt\?/).fill('Abends fährt kein Bus nach Schildgen');
    await fresh.getByRole('button', { name: 'Änderung speichern' }).click();
    const row = () => h.db.$client.prepare("select text, version from contributions where text like 'Abends fährt kein Bus%'").get();
    await expect.poll(row, { timeout: 15_000 }).toEqual({ text: 'Abends fährt kein Bus nach Schildgen', version: 2 });
    await badge(fresh).getByText('Alles gesendet').waitFor();
    await expectNoAxeViolations(fresh);

    // The first tablet still holds version 1: its correction does not overwrite the newer one unseen.
    await page.reload();
    await listed(page).filter({ hasText: 'Abends fährt kein Bus nach Schildgen' }).waitFor({ timeout: 15_000 });
    h.db.$client.prepare("update contributions set version = version + 1, text = 'Abends fährt kein Bus (geprüft)', masked_text = 'Abends fährt kein Bus (geprüft)' where text like 'Abends fährt kein Bus%'").run();
    await page.getByRole('button', { name: /^Ändern: Abends fährt kein Bus nach Schildgen/ }).click();
    await page.getByLabel(/Was wurde gesagt\?/).fill('Abends fährt gar kein Bus');
    await page.getByRole('button', { name: 'Änderung speichern' }).click();
    await page.getByText('nicht angenommen', { exact: true }).waitFor({ timeout: 15_000 });
    expect(row()).toEqual({ text: 'Abends fährt kein Bus (geprüft)', version: 3 });
    // The tablet says why in its own words, not the server's English, and shows what the server holds now.
    const bar = await page.getByTestId('sync-badge').locator('xpath=..').innerText();
    expect(bar).not.toContain('Server: ');
    expect(bar).not.toContain('in the meantime');
    expect(bar).toMatch(/Auf dem Server:\s+Abends fährt kein Bus \(geprüft\)\s+Ihre Änderung:\s+Abends fährt gar kein Bus/);
    // Staff read that it changed meanwhile and send theirs anyway: it goes over the version the server holds now, once.
    await page.getByRole('button', { name: 'Erneut senden' }).click();
    const mine = () => h.db.$client.prepare("select text, version from contributions where text like 'Abends fährt%'").all();
    await expect.poll(mine, { timeout: 15_000 }).toEqual([{ text: 'Abends fährt gar kein Bus', version: 4 }]);
    await badge(page).getByText('Alles gesendet').waitFor();
  });

  /**
   * Staff capture notes naming a neighbour and they are sent; a moderator then masks the name in
   * each (version 2); the tablet, offline and still at version 1, changes each one: back online,
   * every change comes back refused, with the server's note.
   */
  async function conflictingEdits({ page, context }: { page: Page; context: BrowserContext }, texts: string[], change: (text: string) => string) {
    await createMarketDay(page, `Markt ${texts[0]!.slice(0, 12)}`);
    for (const text of texts) {
      await page.getByLabel('Was wurde gesagt?').fill(text);
      await page.getByRole('checkbox', { name: /^Bildung/ }).check();
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      await page.locator('.recent-notes li').filter({ hasText: text }).waitFor();
    }
    // The badge may still say „Alles gesendet“ of the notes before the last one: the server's rows say it.
    const stored = () => texts.filter((text) => count('select count(*) n from contributions where text = ?', text) === 1).length;
    await expect.poll(stored, { timeout: 30_000 }).toBe(texts.length);
    const admin = await buildUser(h.db, { role: 'admin' });
    const process = findProcessBySlug(h.db, h.slug)!;
    for (const text of texts) {
      const { id } = h.db.$client.prepare('select id from contributions where text = ?').get(text) as { id: string };
      const start = text.indexOf('Yilmaz');
      maskByHand(h.db, process, id, { version: 1, ranges: [{ start, end: start + 'Yilmaz'.length }] }, admin.id);
    }
    // Changed offline, from the version the tablet holds.
    await context.setOffline(true);
    for (const text of texts) {
      await page.getByRole('button', { name: `Ändern: ${text.slice(0, 40)}` }).click();
      await page.getByLabel(/Was wurde gesagt\?/).fill(change(text));
      await page.getByRole('checkbox', { name: /^Arbeit & Beschäftigung/ }).check();
      await page.getByRole('button', { name: 'Änderung speichern' }).click();
      await page.locator('.recent-notes li').filter({ hasText: change(text) }).waitFor();
    }
    await context.setOffline(false);
    await page.getByText(`${texts.length} ${texts.length === 1 ? 'Eintrag wurde' : 'Einträge wurden'}`, { exact: false }).waitFor({ timeout: 30_000 });
  }

  /** One refused entry in the sync bar, by its own text. */
  const refusal = (page: Page, mine: string) => page.locator('.rejected').filter({ hasText: mine });

  /** The labels and texts of a refusal's comparison, in reading order. */
  const versions = (page: Page, mine: string) => refusal(page, mine).locator('dt, .note-version-text').allInnerTexts();

  it('shows the server\'s note beside a refused edit, also offline, and each choice does what it says', async () => {
    const { page, context } = await openStall({ width: 800, height: 1280 });
    await waitForServiceWorker(page);
    const texts = ['Ayşe Yilmaz wünscht sich mehr Sprachkurse am Abend', 'Mehmet Yilmaz sucht Arbeit im Handwerk', 'Elif Yilmaz braucht einen Kitaplatz'];
    const change = (text: string) => `${text}, gern auch am Wochenende`;
    const masked = (text: string) => text.replace('Yilmaz', '[Name entfernt]');
    await conflictingEdits({ page, context }, texts, change);
    // The moderator masked only the copy working groups read: the originals still name the notes.
    const ids = new Map(texts.map((text) => [text, (h.db.$client.prepare('select id from contributions where text = ?').get(text) as { id: string }).id]));
    const row = (text: string) => h.db.$client.prepare('select text, masked_text, version from contributions where id = ?').get(ids.get(text)) as { text: string; masked_text: string; version: number };

    // The server's note first, under its label, then staff's own: text and the fields that differ.
    for (const text of texts) expect(await versions(page, change(text))).toEqual(['Auf dem Server:', masked(text), 'Ihre Änderung:', change(text)]);
    const [serverSide, mineSide] = await refusal(page, change(texts[0]!)).locator('dd').all();
    expect(await serverSide!.innerText()).toContain('Handlungsfelder: Bildung');
    expect(await mineSide!.innerText()).toContain('Handlungsfelder: Bildung, Arbeit & Beschäftigung');
    // Side by side on the tablet held upright.
    const [serverBox, mineBox] = await Promise.all([serverSide!.boundingBox(), mineSide!.boundingBox()]);
    expect(mineBox!.x).toBeGreaterThan(serverBox!.x + serverBox!.width - 1);
    await expectNoAxeViolations(page);

    // Offline, after a reload: what the refusal recorded is still shown.
    await context.setOffline(true);
    await page.reload();
    await refusal(page, change(texts[0]!)).waitFor();
    for (const text of texts) expect(await versions(page, change(text))).toEqual(['Auf dem Server:', masked(text), 'Ihre Änderung:', change(text)]);

    // „Verwerfen“: the server's note stays, and the list shows it again, offline too.
    page.once('dialog', (dialog) => void dialog.accept());
    await refusal(page, change(texts[2]!)).getByRole('button', { name: 'Verwerfen' }).click();
    await page.locator('.recent-notes li').filter({ hasText: masked(texts[2]!) }).waitFor();
    expect(await refusal(page, change(texts[2]!)).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('sync-bar'))).toBe(true);

    // „Übernehmen und bearbeiten“: the server's note in the form, staff's own edit under it, the focus in the text.
    await refusal(page, change(texts[0]!)).getByRole('button', { name: 'Übernehmen und bearbeiten' }).click();
    const field = page.getByLabel(/Was wurde gesagt\?/);
    await expect.poll(() => field.inputValue()).toBe(masked(texts[0]!));
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await page.getByRole('checkbox', { name: /^Arbeit & Beschäftigung/ }).isChecked()).toBe(false);
    const aside = page.locator('.refused-edit');
    expect(await aside.innerText()).toContain(change(texts[0]!));
    // A screen reader hears staff's own edit as the description of the field they merge it into.
    expect(await field.getAttribute('aria-describedby')).toBe(await aside.getAttribute('id'));
    expect(await refusal(page, change(texts[0]!)).count()).toBe(0);
    const merged = `${masked(texts[0]!)} und am Wochenende`;
    await field.fill(merged);
    await page.getByRole('checkbox', { name: /^Arbeit & Beschäftigung/ }).check();
    await page.getByRole('button', { name: 'Änderung speichern' }).click();
    await page.locator('.recent-notes li').filter({ hasText: merged }).waitFor();
    expect(await aside.count()).toBe(0);

    // „Erneut senden“: staff's text goes over the server's note; the name the moderator masked stays masked.
    await refusal(page, change(texts[1]!)).getByRole('button', { name: 'Erneut senden' }).click();
    await context.setOffline(false);
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    await expect.poll(() => row(texts[1]!)).toMatchObject({ text: change(texts[1]!), version: 3 });
    expect(row(texts[1]!).masked_text).toBe(masked(change(texts[1]!)));
    expect(row(texts[0]!)).toMatchObject({ text: merged, masked_text: merged, version: 3 });
    expect(row(texts[2]!)).toMatchObject({ text: texts[2], masked_text: masked(texts[2]!), version: 2 });
    expect(await page.locator('.rejected').count()).toBe(0);

    // After the sync the list reads the server's notes again: the note given up over stays as the
    // server holds it, as „Verwerfen“ showed it offline; the name the moderator masked does not come back.
    await page.reload();
    const notes = page.locator('.recent-notes li');
    await notes.filter({ hasText: merged }).waitFor();
    await notes.filter({ hasText: masked(texts[2]!) }).waitFor();
    expect(await notes.filter({ hasText: texts[2]! }).count()).toBe(0);
  });

  it('shows the two versions one below the other on a phone, with large targets', async () => {
    const { page, context } = await openStall({ width: 390, height: 844 });
    const text = 'Ayşe Yilmaz fragt nach dem Bus am Sonntag';
    await conflictingEdits({ page, context }, [text], (original) => `${original} und am Feiertag`);
    expect(await versions(page, `${text} und am Feiertag`)).toEqual(['Auf dem Server:', text.replace('Yilmaz', '[Name entfernt]'), 'Ihre Änderung:', `${text} und am Feiertag`]);
    const [serverSide, mineSide] = await refusal(page, `${text} und am Feiertag`).locator('dd').all();
    const [serverBox, mineBox] = await Promise.all([serverSide!.boundingBox(), mineSide!.boundingBox()]);
    expect(mineBox!.y).toBeGreaterThan(serverBox!.y + serverBox!.height - 1);
    // While a decision waits, the bar stands in the page at its full height: nothing to scroll inside it.
    expect(await page.locator('.sync-bar').evaluate((bar) => bar.scrollHeight <= bar.clientHeight + 1 && getComputedStyle(bar).position === 'static')).toBe(true);
    await expectNoAxeViolations(page);
    await refusal(page, `${text} und am Feiertag`).scrollIntoViewIfNeeded();
    await refusal(page, `${text} und am Feiertag`).getByRole('button', { name: 'Übernehmen und bearbeiten' }).click();
    await expect.poll(() => page.getByLabel(/Was wurde gesagt\?/).inputValue()).toBe(text.replace('Yilmaz', '[Name entfernt]'));
    await expectNoAxeViolations(page);
  });

  /** Reads a store of the tablet's database as the app left it, with the database's version. */
  function readStore(page: Page, store: string) {
    return page.evaluate(
      (store) =>
        new Promise<{ version: number; stores: string[]; rows: Array<Record<string, unknown>> }>((resolve, reject) => {
          const open = indexedDB.open('mitreden-stall');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const request = db.transaction(store).objectStore(store).getAll();
            request.onsuccess = () => resolve({ version: db.version, stores: [...db.objectStoreNames], rows: request.result });
            request.onerror = () => reject(request.error);
          };
        }),
      store,
    );
  }

  /**
   * A tablet database of an older schema version exactly as that version laid it out (versions 2
   * and 3 have the same stores: the queue, settings, market days under their old name `sessions`,
   * notes), filled with the given rows, as tablets in the field hold it before the update.
   */
  function seedOldDatabase(page: Page, version: 2 | 3, rows: { outbox: unknown[]; sessions: unknown[]; notes: unknown[]; meta?: Array<[string, unknown]> }) {
    return page.evaluate(
      ({ version, rows }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('mitreden-stall', version);
          open.onupgradeneeded = () => {
            const db = open.result;
            db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('byItemId', 'item.id');
            db.createObjectStore('meta');
            db.createObjectStore('sessions', { keyPath: 'id' }).createIndex('byProcess', 'processSlug');
            db.createObjectStore('notes', { keyPath: 'id' }).createIndex('byGroup', 'group');
          };
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['outbox', 'sessions', 'notes', 'meta'], 'readwrite');
            for (const entry of rows.outbox) tx.objectStore('outbox').add(entry);
            for (const marketDay of rows.sessions) tx.objectStore('sessions').put(marketDay);
            for (const note of rows.notes) tx.objectStore('notes').put(note);
            for (const [key, value] of rows.meta ?? []) tx.objectStore('meta').put(value, key);
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      { version, rows },
    );
  }

  it('upgrades a tablet database of version 2 with unsent items without losing them', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: TABLET });
    await page.goto(`${h.baseUrl}/login`);
    const marketDayId = crypto.randomUUID();
    const noteId = crypto.randomUUID();
    // Version 2 exactly as tablets in the field hold it: a market day and a note, both still queued.
    const session = { type: 'session', id: marketDayId, processSlug: h.slug, date: '2026-05-09', place: 'Wochenmarkt Paffrath', district: 'paffrath', staff: [] };
    const note = { type: 'note', id: noteId, processSlug: h.slug, sessionId: marketDayId, channel: 'stall', text: 'Noch vor dem Update erfasst', kind: 'idea', fieldsOfAction: ['arbeit'], district: 'paffrath', capturedAt: '2026-05-09T09:00:00.000Z', ageBand: null, language: null };
    const queuedAt = '2026-05-09T09:00:00.000Z';
    await seedOldDatabase(page, 2, {
      outbox: [session, note].map((item) => ({ item, state: 'pending', attempted: false, queuedAt })),
      sessions: [{ id: marketDayId, processSlug: h.slug, date: '2026-05-09', place: 'Wochenmarkt Paffrath', district: 'paffrath', staff: [], noteCount: 0, paperCount: 0, tally: {}, local: true }],
      notes: [{ id: noteId, group: marketDayId, item: note, version: 1, savedAt: queuedAt }],
    });

    await signIn(page, user.username, `/stand/markttag/${marketDayId}`);
    await page.waitForURL(`**/stand/markttag/${marketDayId}`);
    await page.getByRole('listitem').filter({ hasText: 'Noch vor dem Update erfasst' }).getByRole('button', { name: /^Ändern/ }).waitFor();
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    expect(count('select count(*) n from market_days where id = ?', marketDayId)).toBe(1);
    expect(h.db.$client.prepare('select text, kind, stadtteil_key from contributions where id = ?').get(noteId)).toEqual({ text: 'Noch vor dem Update erfasst', kind: 'idea', stadtteil_key: 'paffrath' });
    const notes = await readStore(page, 'notes');
    expect(notes.version).toBe(4);
    expect(notes.rows.find((note) => note.id === noteId)).toMatchObject({ origin: 'tablet', editable: true, item: { marketDayId, stadtteil: 'paffrath' } });
  });

  it('upgrades a tablet database of version 3 (market days as sessions) with unsent, half-sent and rejected items: nothing lost, nothing counted twice', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: TABLET });
    await page.goto(`${h.baseUrl}/login`);
    const marketDayId = crypto.randomUUID();
    const [noteId, sentVoteId, unsentVoteId, rejectedId] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const session = { type: 'session', id: marketDayId, processSlug: h.slug, date: '2026-05-16', place: 'Wochenmarkt Hand', district: 'hand', staff: ['Aylin'] };
    const sentVote = { type: 'dotVote', id: sentVoteId, sessionId: marketDayId, option: 'arbeit', delta: 1 };
    // Before the update the tablet sent the market day and one dot vote, and the answer never arrived:
    // the server holds both, the tablet still has them queued as attempted.
    const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: TEST_PASSWORD } });
    const sent = await h.app.inject({
      method: 'POST',
      url: '/api/stall/sync',
      headers: { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json().csrfToken },
      payload: { items: [session, sentVote] },
    });
    expect(sent.json().results.map((result: { status: string }) => result.status)).toEqual(['stored', 'stored']);
    // The survey a version-3 tablet kept for paper questionnaires of another process, with version-1 names.
    const keptSurvey = JSON.parse(
      (await h.app.inject({ method: 'GET', url: `/api/processes/${h.slug}/survey` })).body
        .replaceAll('"type":"stadtteil"', '"type":"district"')
        .replace('"stadtteilOutside":', '"districtOutside":')
        .replace('"stadtteilUnknown":', '"districtUnknown":'),
    ) as Record<string, unknown>;
    expect(JSON.stringify(keptSurvey)).toContain('"type":"district"');

    // Version 3 exactly as tablets in the field hold it: market days in `sessions`, items under their version-1 names.
    const note = { type: 'note', id: noteId, processSlug: h.slug, sessionId: marketDayId, channel: 'stall', text: 'Vor dem Update offline erfasst', kind: 'concern', fieldsOfAction: ['bildung'], district: 'hand', capturedAt: '2026-05-16T09:00:00.000Z', ageBand: null, language: null };
    const unsentVote = { type: 'dotVote', id: unsentVoteId, sessionId: marketDayId, option: 'arbeit', delta: 1 };
    const rejected = { type: 'note', id: rejectedId, processSlug: h.slug, sessionId: marketDayId, channel: 'stall', text: 'Aus einem Stadtteil, den es nicht gibt', kind: null, fieldsOfAction: [], district: 'atlantis', capturedAt: '2026-05-16T09:05:00.000Z' };
    const queuedAt = '2026-05-16T09:00:00.000Z';
    await seedOldDatabase(page, 3, {
      outbox: [
        { item: session, state: 'pending', attempted: true, queuedAt },
        { item: sentVote, state: 'pending', attempted: true, queuedAt },
        { item: note, state: 'pending', attempted: false, queuedAt },
        { item: unsentVote, state: 'pending', attempted: false, queuedAt },
        { item: rejected, state: 'invalid', attempted: true, queuedAt, error: { code: 'unknown_district', message: 'No Stadtteil atlantis in this process' } },
      ],
      sessions: [{ id: marketDayId, processSlug: h.slug, date: '2026-05-16', place: 'Wochenmarkt Hand', district: 'hand', staff: ['Aylin'], noteCount: 0, paperCount: 0, tally: {}, board: null, local: true }],
      notes: [note, rejected].map((item) => ({ id: item.id, group: marketDayId, item, version: 1, savedAt: queuedAt, origin: 'tablet', editable: true })),
      meta: [['survey:altes-verfahren', keptSurvey]],
    });

    await signIn(page, user.username, `/stand/markttag/${marketDayId}`);
    await page.waitForURL(`**/stand/markttag/${marketDayId}`);
    await page.getByRole('heading', { name: 'Wochenmarkt Hand' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Vor dem Update offline erfasst' }).waitFor();
    // The rejected note stays on the tablet, its reason in today's words; everything else is sent, and
    // the badge counts the one that waits for a decision rather than saying „Alles gesendet“.
    await page.getByText('Den Stadtteil kennt der Server nicht.').waitFor({ timeout: 30_000 });
    await expect.poll(() => badge(page).innerText(), { timeout: 30_000 }).toMatch(/^1 Eintrag braucht Ihre Entscheidung · zuletzt gesendet/);

    expect(count('select count(*) n from market_days where id = ?', marketDayId)).toBe(1);
    expect(h.db.$client.prepare('select kind, stadtteil_key, market_day_id from contributions where id = ?').get(noteId)).toEqual({ kind: 'concern', stadtteil_key: 'hand', market_day_id: marketDayId });
    expect(count('select count(*) n from contributions where id = ?', rejectedId)).toBe(0);
    // The half-sent dot vote answered as a duplicate: two dots, not three.
    expect(h.db.$client.prepare('select count(*) n, sum(delta) total from dot_votes where market_day_id = ?').get(marketDayId)).toEqual({ n: 2, total: 2 });
    await page.getByRole('link', { name: 'Klebepunkte' }).click();
    await expect.poll(() => page.getByTestId('tally-arbeit').innerText()).toMatch(/^2/);

    const outbox = await readStore(page, 'outbox');
    expect(outbox.version).toBe(4);
    expect(outbox.stores).not.toContain('sessions');
    expect(outbox.rows).toEqual([
      expect.objectContaining({ state: 'invalid', item: expect.objectContaining({ id: rejectedId, marketDayId, stadtteil: 'atlantis' }), error: expect.objectContaining({ code: 'unknown_stadtteil' }) }),
    ]);
    expect(outbox.rows[0]!.item).not.toHaveProperty('district');
    const marketDays = await readStore(page, 'marketDays');
    expect(marketDays.rows.filter((day) => day.id === marketDayId)).toEqual([expect.objectContaining({ stadtteil: 'hand', local: false })]);
    expect(marketDays.rows.filter((day) => 'district' in day)).toEqual([]);
    const meta = await readStore(page, 'meta');
    const surveys = meta.rows.filter((value) => value !== null && typeof value === 'object' && 'sections' in value);
    expect(surveys.length).toBeGreaterThanOrEqual(2);
    for (const survey of surveys) {
      expect(JSON.stringify(survey)).not.toMatch(/"type":"district"|districtOutside|districtUnknown/);
      expect(JSON.stringify(survey)).toContain('"type":"stadtteil"');
    }
  });

  it('counts dot votes for a market day\'s own poster question and shows them in the results', async () => {
    const { page } = await openStall({ width: 800, height: 1280 });
    await page.getByLabel('Ort', { exact: true }).fill('Wochenmarkt Hand');
    await page.getByText('Eigene Frage für die Klebepunkte (Plakat)').click();
    await page.getByLabel('Frage auf dem Plakat').fill('Wo treffen Sie sich am liebsten?');
    await page.getByLabel('Antworten auf dem Plakat').fill('Im Park\nIm Café\n\nIm Verein');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Markttag anlegen' }).click();
    await page.getByRole('heading', { name: 'Wochenmarkt Hand' }).waitFor();
    const marketDayId = page.url().split('/markttag/')[1]!.split('/')[0]!;
    await page.getByRole('link', { name: 'Klebepunkte' }).click();
    await page.getByText('Wo treffen Sie sich am liebsten?').waitFor();
    for (let i = 0; i < 3; i += 1) await page.getByRole('button', { name: '+1 Im Café' }).click();
    await page.getByRole('button', { name: '+1 Im Verein' }).click();
    expect(await page.getByRole('button', { name: '+1 Arbeit & Beschäftigung' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    expect(h.db.$client.prepare('select option_key, sum(delta) n from dot_votes where market_day_id = ? group by option_key order by option_key').all(marketDayId)).toEqual([
      { option_key: 'option-2', n: 3 },
      { option_key: 'option-3', n: 1 },
    ]);

    const admin = await buildUser(h.db, { role: 'admin' });
    const { page: results } = await h.newPage();
    await signIn(results, admin.username, '/auswertung');
    const table = results.getByRole('table', { name: /Wo treffen Sie sich am liebsten\?/ });
    await table.waitFor();
    // Three dots are under the threshold of 5: dots are counted under the same rule as people.
    expect(await table.getByRole('row', { name: /Im Café/ }).innerText()).toMatch(/< 5$/);
    expect(formatViolations(await axeViolations(results))).toBe('');
  });

  for (const viewport of [{ width: 800, height: 1280 }, { width: 390, height: 844 }]) {
    it(`counts quick taps on the Klebepunkte board for the option under the finger: nothing moves while a tap is sent, at ${viewport.width}×${viewport.height}`, async () => {
      const { page } = await openStall(viewport);
      const marketDayId = await createMarketDay(page, `Wochenmarkt Takt ${viewport.width}`);
      await page.getByRole('link', { name: 'Klebepunkte' }).click();
      const plus = page.getByRole('button', { name: '+1 Bildung', exact: true });
      await plus.scrollIntoViewIfNeeded();
      await badge(page).getByText('Alles gesendet').waitFor();
      // Where the button is in every frame from the first tap until all is sent again.
      await page.evaluate(() => {
        const button = document.querySelector<HTMLElement>('button[aria-label="+1 Bildung"]')!;
        const tops: number[] = [];
        (window as unknown as { buttonTops: number[] }).buttonTops = tops;
        const record = () => {
          tops.push(Math.round(button.getBoundingClientRect().top));
          requestAnimationFrame(record);
        };
        requestAnimationFrame(record);
      });
      const box = (await plus.boundingBox())!;
      // Five taps on the same spot, as quickly as a busy stall taps, each sent as it comes.
      for (let tap = 0; tap < 5; tap += 1) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await expect.poll(() => page.getByTestId('tally-bildung').innerText()).toMatch(/^5/);
      await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
      const tops = await page.evaluate(() => [...new Set((window as unknown as { buttonTops: number[] }).buttonTops)]);
      expect(tops).toEqual([Math.round(box.y)]);
      expect(h.db.$client.prepare('select option_key, sum(delta) n from dot_votes where market_day_id = ? group by option_key').all(marketDayId)).toEqual([{ option_key: 'bildung', n: 5 }]);
    });
  }

  it('refuses in German what the tablet resends of a removed market day, never retries it on its own, and sends the note to the market day staff choose', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await openStall();
    const other = await createMarketDay(page, 'Wochenmarkt Moitzfeld');
    await badge(page).getByText('Alles gesendet').waitFor();
    await page.getByRole('link', { name: 'Alle Markttage' }).click();

    // The server stores the next market day, but its answer is lost on the way back, and then the
    // market's network is gone for a while: the tablet still holds the market day as unsent.
    await loseAnswerThenNetwork(page);
    const removed = await createMarketDay(page, 'Versehentlich angelegt');
    await expect.poll(() => count('select count(*) n from market_days where id = ?', removed)).toBe(1);
    // Meanwhile an admin removes it, as nothing was captured on it yet; on the tablet a voice is captured on it.
    removeMarketDay(h.db, h.slug, removed, admin.id);
    await page.getByLabel('Was wurde gesagt?', { exact: true }).fill('Mehr Schatten auf dem Marktplatz');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await badge(page).getByText('2 warten auf Senden').waitFor();

    const sent: string[][] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/stall/sync')) sent.push((request.postDataJSON() as { items: Array<{ id: string }> }).items.map((item) => item.id));
    });
    await page.unroute('**/api/stall/sync');

    // The resent market day and the note are refused, each with what to do, in German.
    const refusals = page.locator('.rejected-list');
    await page.getByText('2 Einträge wurden nicht angenommen').waitFor({ timeout: 30_000 });
    await refusals.getByText('Dieser Markttag wurde in der Verwaltung entfernt und wird nicht wieder angelegt.', { exact: false }).waitFor();
    await refusals.getByText('Der Markttag dieses Eintrags wurde in der Verwaltung entfernt.', { exact: false }).waitFor();
    expect(await refusals.getByRole('button', { name: 'Erneut senden' }).count()).toBe(0);
    expect(count('select count(*) n from market_days where id = ?', removed)).toBe(0);
    expect(count("select count(*) n from contributions where text = 'Mehr Schatten auf dem Marktplatz'")).toBe(0);
    // The removed market day leaves the tablet's list; nothing more is captured on it.
    await page.getByRole('link', { name: 'Zur Auswahl der Markttage' }).click();
    await page.getByRole('link', { name: /Wochenmarkt Moitzfeld/ }).waitFor();
    expect(await page.getByRole('link', { name: /Versehentlich angelegt/ }).count()).toBe(0);
    await expectNoAxeViolations(page);

    // A capture on the other market day is sent; the refused entries do not go with it.
    const refusedIds = sent.flat();
    await page.getByRole('link', { name: /Wochenmarkt Moitzfeld/ }).click();
    await page.getByLabel('Was wurde gesagt?', { exact: true }).fill('Ein Trinkbrunnen am Busbahnhof');
    const before = sent.length;
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await expect.poll(() => count("select count(*) n from contributions where text = 'Ein Trinkbrunnen am Busbahnhof'")).toBe(1);
    expect(sent.slice(before).flat().filter((id) => refusedIds.includes(id))).toEqual([]);

    // Staff send the note to the other market day and give up the removed one.
    await refusals.getByLabel('Anderer Markttag').selectOption(other);
    await refusals.getByRole('button', { name: 'Dorthin verschieben und senden' }).click();
    await expect.poll(() => count("select count(*) n from contributions where text = 'Mehr Schatten auf dem Marktplatz' and market_day_id = ?", other)).toBe(1);
    await page.getByText('1 Eintrag wurde nicht angenommen').waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await refusals.getByRole('button', { name: 'Verwerfen' }).click();
    await refusals.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (2)' }).waitFor();
    await page.locator('.recent-notes').getByText('Mehr Schatten auf dem Marktplatz').waitFor();
    expect(count('select count(*) n from market_days where id = ?', removed)).toBe(0);
  });

  for (const viewport of [TABLET, { width: 768, height: 1024 }]) {
    it(`says on a removed market day's own page what happened and what to do, and the sync bar counts what needs a decision instead of „Alles gesendet“, at ${viewport.width}×${viewport.height}`, async () => {
      const admin = await buildUser(h.db, { role: 'admin' });
      const { page, context } = await openStall(viewport);
      const other = await createMarketDay(page, `Wochenmarkt Refrath ${viewport.width}`);
      await badge(page).getByText('Alles gesendet').waitFor();
      await page.getByRole('link', { name: 'Alle Markttage' }).click();
      const removed = await createMarketDay(page, `Versehentlich angelegt ${viewport.width}`);
      await badge(page).getByText('Alles gesendet').waitFor();
      await expect.poll(() => count('select count(*) n from market_days where id = ?', removed)).toBe(1);
      // An admin removes it while nothing is captured on it; the tablet, without network, takes two voices on it.
      removeMarketDay(h.db, h.slug, removed, admin.id);
      await context.setOffline(true);
      for (const text of [`Ein Sonnensegel über dem Markt ${viewport.width}`, `Mehr Fahrradständer ${viewport.width}`]) {
        await page.getByLabel('Was wurde gesagt?', { exact: true }).fill(text);
        await page.getByRole('button', { name: 'Speichern', exact: true }).click();
        await page.locator('.recent-notes').getByText(text).waitFor();
      }
      await badge(page).getByText('2 warten auf Senden').waitFor();
      await context.setOffline(false);

      // The refusal arrives while staff are on the market day's page: it says what happened and what to do.
      await page.getByRole('heading', { name: 'Dieser Markttag wurde entfernt', level: 1 }).waitFor({ timeout: 30_000 });
      await page.getByText('Eine Administratorin oder ein Administrator der Stadt hat diesen Markttag in der Verwaltung entfernt.', { exact: false }).waitFor();
      await page.getByText('2 Einträge, die auf ihm erfasst wurden, gehen nicht verloren', { exact: false }).waitFor();
      await page.getByText('dort „Anderer Markttag“ wählen und „Dorthin verschieben und senden“ tippen', { exact: false }).waitFor();
      expect(await page.getByText('Markttag nicht gefunden').count()).toBe(0);
      // The sync bar does not claim everything was sent: it counts what waits for a decision, in its status (read out politely).
      await expect.poll(() => badge(page).innerText()).toMatch(/^2 Einträge brauchen Ihre Entscheidung/);
      expect(await badge(page).getAttribute('role')).toBe('status');
      await expectNoAxeViolations(page);
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `stall-removed-market-day-${viewport.width}.png`), fullPage: true });

      // One note goes to the other market day; the page and the badge count the one left.
      const refusals = page.locator('.rejected-list');
      await refusals.getByLabel('Anderer Markttag').first().selectOption(other);
      await refusals.getByRole('button', { name: 'Dorthin verschieben und senden' }).first().click();
      await expect.poll(() => count('select count(*) n from contributions where market_day_id = ?', other)).toBe(1);
      await page.getByText('1 Eintrag, der auf ihm erfasst wurde, geht nicht verloren', { exact: false }).waitFor();
      await expect.poll(() => badge(page).innerText()).toMatch(/^1 Eintrag braucht Ihre Entscheidung/);
      // The other one is given up: nothing of the market day waits any more, and now everything is sent.
      page.once('dialog', (dialog) => void dialog.accept());
      await refusals.getByRole('button', { name: 'Verwerfen' }).click();
      await page.getByText('Von diesem Markttag wartet auf diesem Tablet nichts mehr.').waitFor();
      await badge(page).getByText('Alles gesendet').waitFor();
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `stall-removed-market-day-decided-${viewport.width}.png`), fullPage: true });
      await page.getByRole('link', { name: 'Zur Auswahl der Markttage' }).click();
      await page.getByRole('link', { name: new RegExp(`Wochenmarkt Refrath ${viewport.width}`) }).waitFor();
      expect(await page.getByRole('link', { name: new RegExp(`Versehentlich angelegt ${viewport.width}`) }).count()).toBe(0);
    });
  }

  it('counts a paper questionnaire whose answer was lost once: in the server\'s count, not again as unsent', async () => {
    const { page } = await openStall();
    const marketDayId = await createMarketDay(page, 'Wochenmarkt Lückerath');
    await badge(page).getByText('Alles gesendet').waitFor();
    await page.getByRole('link', { name: 'Papierbogen' }).click();
    const paperCount = page.getByTestId('paper-count');
    await expect.poll(() => paperCount.innerText()).toBe('0 Papierfragebögen');

    // The server stores the questionnaire, but its answer is lost, and the network stays bad for the sync.
    await loseAnswerThenNetwork(page);
    await page.getByRole('group', { name: /Chancen, eine passende Arbeit/ }).getByRole('radio', { name: '3', exact: true }).check();
    await page.getByRole('button', { name: 'Fragebogen speichern' }).click();
    await page.getByText('Fragebogen gespeichert').waitFor();
    await expect.poll(() => count("select count(*) n from responses where market_day_id = ? and channel = 'paper'", marketDayId)).toBe(1);
    await badge(page).getByText('1 wartet auf Senden').waitFor();

    // The tablet reads the market day's list again: the questionnaire is in the server's count and still in the outbox.
    await page.reload();
    await expect.poll(() => paperCount.innerText()).toBe('1 Papierfragebogen');
    await badge(page).getByText('1 wartet auf Senden').waitFor();
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'stall-paper-count-lost-answer-1280.png'), fullPage: true });

    // The network is back: the resend is a duplicate, and the count stays one.
    await page.unroute('**/api/stall/sync');
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    expect(await paperCount.innerText()).toBe('1 Papierfragebogen');
    expect(count("select count(*) n from responses where market_day_id = ? and channel = 'paper'", marketDayId)).toBe(1);
  });

  it('counts a note whose answer was lost once in the list of market days: in the server\'s count, not again as unsent', async () => {
    const { page } = await openStall({ width: 1024, height: 768 });
    const marketDayId = await createMarketDay(page, 'Wochenmarkt Hebborn');
    await badge(page).getByText('Alles gesendet').waitFor();

    // The server stores the note, but its answer is lost, and the network stays bad for the sync.
    await loseAnswerThenNetwork(page);
    await page.getByLabel('Was wurde gesagt?', { exact: true }).fill('Ein Wickelraum im Rathaus');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await expect.poll(() => count('select count(*) n from contributions where market_day_id = ?', marketDayId), { timeout: 10_000 }).toBe(1);
    await badge(page).getByText('1 wartet auf Senden').waitFor();

    // The tablet reads the list of market days again: the note is in the server's count and still in the outbox.
    await page.reload();
    await badge(page).getByText('1 wartet auf Senden').waitFor();
    await page.getByRole('link', { name: 'Alle Markttage' }).click();
    const line = page.getByRole('link', { name: /Wochenmarkt Hebborn/ });
    // (A list read before the reload may say „(+1 nicht gesendet)“ a moment: the note was sent after it asked.)
    await expect.poll(() => line.innerText(), { timeout: 10_000 }).toMatch(/· 1 Notiz$/);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'stall-note-count-lost-answer-1024.png'), fullPage: true });

    // The network is back: the resend is a duplicate, and the count stays one.
    await page.unroute('**/api/stall/sync');
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    await expect.poll(() => line.innerText()).toMatch(/· 1 Notiz$/);
    expect(count('select count(*) n from contributions where market_day_id = ?', marketDayId)).toBe(1);
  });

  for (const viewport of [TABLET, { width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
    it(`names each note's Stadtteil and language in words and counts the paper questionnaires stored and unsent at ${viewport.width}×${viewport.height}`, async () => {
      const { page, context } = await openStall(viewport);
      const marketDayId = await createMarketDay(page, `Wochenmarkt Gronau ${viewport.width}`);
      await badge(page).getByText('Alles gesendet').waitFor();

      await page.getByLabel('Was wurde gesagt?', { exact: true }).fill('Mehr Sprachkurse am Abend');
      await page.locator('#note-stadtteil-' + marketDayId).selectOption('refrath');
      await page.getByLabel('Sprache des Gesprächs').selectOption('tr');
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      await page.getByRole('heading', { name: 'Notizen dieses Markttags (1)' }).waitFor();
      await page.getByLabel('Was wurde gesagt?', { exact: true }).fill('Ein Spielplatz am Markt');
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      await page.getByRole('heading', { name: 'Notizen dieses Markttags (2)' }).waitFor();
      const notes = page.locator('.recent-notes li');
      // Newest first: the second note took the market day's Stadtteil and names no language.
      await expect.poll(() => notes.nth(1).locator('.note-place').innerText()).toBe('Stadtteil: Refrath · Sprache: Türkisch');
      expect(await notes.nth(0).locator('.note-place').innerText()).toBe('Stadtteil: Bensberg');
      // Compact: one line each, not cut off.
      const place = await notes.nth(1).locator('.note-place').evaluate((element) => ({ height: element.getBoundingClientRect().height, overflow: element.scrollWidth > element.clientWidth }));
      expect(place.overflow).toBe(false);
      expect(place.height).toBeLessThan(40);
      await expectNoAxeViolations(page);

      await page.getByRole('link', { name: 'Papierbogen' }).click();
      const paperCount = page.getByTestId('paper-count');
      await expect.poll(() => paperCount.innerText()).toBe('0 Papierfragebögen');
      await context.setOffline(true);
      for (const rating of ['4', '2']) {
        await page.getByRole('group', { name: /Chancen, eine passende Arbeit/ }).getByRole('radio', { name: rating, exact: true }).check();
        await page.getByRole('button', { name: 'Fragebogen speichern' }).click();
        await page.getByText('Fragebogen gespeichert').waitFor();
      }
      await expect.poll(() => paperCount.innerText()).toBe('0 Papierfragebögen (+2 nicht gesendet)');
      await expectNoAxeViolations(page);
      await context.setOffline(false);
      await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
      await expect.poll(() => paperCount.innerText()).toBe('2 Papierfragebögen');
      expect(count("select count(*) n from responses where market_day_id = ? and channel = 'paper'", marketDayId)).toBe(2);
    });
  }
});
