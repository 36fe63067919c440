import { randomUUID } from 'node:crypto';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskByHand } from '../../server/features/moderation/moderation.service.ts';
import { deleteProcess } from '../../server/features/processes/process-admin.service.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, nextFrame, signInAs, startHarness, type BrowserHarness } from './harness.ts';

/** A 10-inch tablet held sideways, as at the stall. */
const TABLET = { width: 1024, height: 768 };

/** What staff do fast on one tablet: reload mid-typing, a second tab, an external keyboard. */
describe('market stall tablet under quick hands', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  const count = (sql: string, ...params: unknown[]) => (h.db.$client.prepare(sql).get(...params) as { n: number }).n;
  const badge = (page: Page) => page.getByTestId('sync-badge');
  const noteText = (page: Page) => page.getByLabel('Was wurde gesagt?', { exact: true });
  /** Set SCREENSHOT_DIR=folder to keep what the tests saw. */
  const shoot = async (page: Page, name: string) => {
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${name}.png` });
  };

  /** A staff member signed in on a fresh tablet (whose clock may be set), on a new market day of today or the one given. */
  async function openMarketDay(place: string, clock?: Date, existing?: string) {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page, context } = await h.newPage({ viewport: TABLET });
    if (clock) await page.clock.setFixedTime(clock);
    await page.goto(`${h.baseUrl}/login?next=${encodeURIComponent('/stand')}`);
    await page.getByLabel('Benutzername').fill(user.username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL('**/stand');
    await page.getByLabel('Stadtteil').locator('option[value="bensberg"]').waitFor({ state: 'attached' });
    if (existing) {
      await page.getByRole('link', { name: new RegExp(place) }).click();
      await page.waitForURL(`**/stand/markttag/${existing}`);
      await badge(page).getByText('Alles gesendet').waitFor();
      return { page, context, marketDayId: existing };
    }
    await page.getByLabel('Ort', { exact: true }).fill(place);
    await page.getByLabel('Stadtteil').selectOption('bensberg');
    await page.getByRole('button', { name: 'Markttag anlegen' }).click();
    await page.getByRole('heading', { name: place }).waitFor();
    await badge(page).getByText('Alles gesendet').waitFor();
    const marketDayId = page.url().split('/markttag/')[1]!.split('/')[0]!;
    return { page, context, marketDayId };
  }

  /**
   * The race of a list and a sending: the server reads the list (`list`, a URL pattern) before what the tablet
   * sends arrives, and the list reaches the tablet only once `release` is called, after the sending's answer.
   * `sent` settles once that answer is on its way to the tablet. Later lists (which would read what was sent and
   * hide the fault) do not get through. `done` takes the routes away.
   */
  async function listOlderThanSending(context: BrowserContext, list: string) {
    let listRead!: () => void;
    const listWasRead = new Promise<void>((resolve) => (listRead = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let answered!: () => void;
    const sent = new Promise<void>((resolve) => (answered = resolve));
    let lists = 0;
    await context.route(list, async (route) => {
      lists += 1;
      if (lists > 1) return route.abort('failed');
      const response = await route.fetch();
      listRead();
      await released;
      await route.fulfill({ response });
    });
    await context.route('**/api/stall/sync', async (route) => {
      await listWasRead;
      await route.fulfill({ response: await route.fetch() });
      answered();
    });
    const done = async () => {
      await context.unroute(list);
      await context.unroute('**/api/stall/sync');
    };
    return { release, sent, done };
  }

  it('keeps what was typed the moment before a reload', async () => {
    const { page } = await openMarketDay('Wochenmarkt Bensberg');
    await noteText(page).fill('Mehr Bänke am Busbahnhof');
    // No pause: the tablet reloads while the last words are still being kept.
    await page.reload();
    await expect.poll(() => noteText(page).inputValue()).toBe('Mehr Bänke am Busbahnhof');
    // Once restored it is kept on the tablet as before: a second reload still has it.
    await page.reload();
    await expect.poll(() => noteText(page).inputValue()).toBe('Mehr Bänke am Busbahnhof');
    // Saved, it is no draft any more: a reload shows an empty form, and the note once.
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (1)' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (1)' }).waitFor();
    expect(await noteText(page).inputValue()).toBe('');
  });

  it('shows the other tablet\'s notes and Klebepunkte on the same market day when staff come back to the page, without a reload', async () => {
    const first = await openMarketDay('Wochenmarkt Zwei Tische');
    const second = await openMarketDay('Wochenmarkt Zwei Tische', undefined, first.marketDayId);
    await second.page.getByRole('heading', { name: 'Notizen dieses Markttags (0)' }).waitFor();
    const secondBoard = await second.context.newPage();
    await secondBoard.goto(`${h.baseUrl}/stand/markttag/${first.marketDayId}/punkte`);
    await badge(secondBoard).getByText('Alles gesendet').waitFor();
    expect(await secondBoard.getByTestId('tally-bildung').innerText()).toBe('0');

    await noteText(first.page).fill('Ein Sprachcafé am Samstag');
    await first.page.getByRole('button', { name: 'Speichern', exact: true }).click();
    const board = await first.context.newPage();
    await board.goto(`${h.baseUrl}/stand/markttag/${first.marketDayId}/punkte`);
    await board.getByRole('button', { name: '+1 Bildung', exact: true }).click();
    await board.getByRole('button', { name: '+1 Bildung', exact: true }).click();
    await badge(first.page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    await expect.poll(() => count("select coalesce(sum(delta), 0) n from dot_votes where market_day_id = ?", first.marketDayId)).toBe(2);

    // Staff at the second tablet switch back to the browser: its pages ask the server again.
    for (const page of [second.page, secondBoard]) await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await second.page.getByRole('heading', { name: 'Notizen dieses Markttags (1)' }).waitFor();
    expect(await second.page.getByText('Ein Sprachcafé am Samstag').count()).toBe(1);
    await expect.poll(() => secondBoard.getByTestId('tally-bildung').innerText()).toBe('2');
  });

  it('counts what waits right in two tabs, and sends each capture once', async () => {
    const { page: first, context, marketDayId } = await openMarketDay('Wochenmarkt Refrath');
    const second = await context.newPage();
    await second.goto(`${h.baseUrl}/stand/markttag/${marketDayId}/punkte`);
    await badge(second).getByText('Alles gesendet').waitFor();
    const sent: string[][] = [];
    for (const page of [first, second]) {
      page.on('request', (request) => {
        if (request.url().endsWith('/api/stall/sync')) sent.push((request.postDataJSON() as { items: Array<{ id: string }> }).items.map((item) => item.id));
      });
    }

    await context.setOffline(true);
    await noteText(first).fill('Ein Wickelraum im Rathaus');
    await first.getByRole('button', { name: 'Speichern', exact: true }).click();
    // The other tab's badge counts the note captured in the first, without a reload.
    await badge(second).getByText('1 wartet auf Senden').waitFor();
    await second.getByRole('button', { name: '+1 Bildung', exact: true }).click();
    await second.getByRole('button', { name: '+1 Bildung', exact: true }).click();
    await badge(first).getByText('3 warten auf Senden').waitFor();
    await first.getByRole('heading', { name: 'Notizen dieses Markttags (1)' }).waitFor();

    // Back online, both tabs want to send: each item leaves once, and both tabs end with the same count.
    await context.setOffline(false);
    await badge(first).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    await badge(second).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    await expect.poll(() => second.getByTestId('tally-bildung').innerText()).toBe('2');
    expect(count("select count(*) n from contributions where market_day_id = ? and channel = 'stall'", marketDayId)).toBe(1);
    expect(count("select coalesce(sum(delta), 0) n from dot_votes where market_day_id = ? and option_key = 'bildung'", marketDayId)).toBe(2);
    const ids = sent.flat();
    expect(ids.length).toBe(3);
    expect(new Set(ids).size).toBe(3);
  });

  it('shows each Klebepunkt once when the board asks the server again while the answer to its sending is still on its way', async () => {
    const { page, context, marketDayId } = await openMarketDay('Klebepunkte am Rathaus Gladbach');
    await page.goto(`${h.baseUrl}/stand/markttag/${marketDayId}/punkte`);
    await badge(page).getByText('Alles gesendet').waitFor();
    // The server stores what the tablet sends at once, but its answers come late (a market's Wi-Fi).
    let answer!: () => void;
    const answersHeld = new Promise<void>((resolve) => (answer = resolve));
    await context.route('**/api/stall/sync', async (route) => {
      const response = await route.fetch();
      await answersHeld;
      await route.fulfill({ response });
    });
    await page.getByRole('button', { name: '+1 Bildung', exact: true }).click();
    await page.getByRole('button', { name: '+1 Bildung', exact: true }).click();
    await expect.poll(() => count('select coalesce(sum(delta), 0) n from dot_votes where market_day_id = ?', marketDayId)).toBe(2);
    // Meanwhile another tablet's dot for Arbeit; staff come back to the page, which asks the server for the boards.
    h.db.$client.prepare("insert into dot_votes (id, market_day_id, option_key, delta) values (?, ?, 'arbeit', 1)").run(randomUUID(), marketDayId);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => page.getByTestId('tally-arbeit').innerText()).toBe('1');
    // The server's tally holds the two dots, and the tablet still holds them as unsent: shown once.
    expect(await page.getByTestId('tally-bildung').innerText()).toBe('2\n(+2 nicht gesendet)');
    await shoot(page, 'stall-board-answer-on-its-way-1024');
    answer();
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('tally-bildung').innerText()).toBe('2');
    expect(await page.getByTestId('tally-arbeit').innerText()).toBe('1');
    await context.unroute('**/api/stall/sync');
  });

  it('keeps the Klebepunkte just sent on the board when the boards the server read before they arrived come after the answer to their sending', async () => {
    const { page, context, marketDayId } = await openMarketDay('Klebepunkte am Bahnhof');
    await page.goto(`${h.baseUrl}/stand/markttag/${marketDayId}/punkte`);
    await badge(page).getByText('Alles gesendet').waitFor();
    await context.setOffline(true);
    await page.getByRole('button', { name: '+1 Bildung', exact: true }).click();
    await page.getByRole('button', { name: '+1 Bildung', exact: true }).click();
    await badge(page).getByText('2 warten auf Senden').waitFor();
    // Meanwhile another tablet's dot for Arbeit: it shows once the board has taken in the server's list.
    h.db.$client.prepare("insert into dot_votes (id, market_day_id, option_key, delta) values (?, ?, 'arbeit', 1)").run(randomUUID(), marketDayId);

    // Back online, the board asks for the server's boards and the queue is sent at once. The server reads the
    // boards before the dots arrive, and its answer reaches the tablet only after the answer to their sending.
    const race = await listOlderThanSending(context, '**/api/stall/market-days?*');
    await context.setOffline(false);
    await race.sent;
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    expect(count("select coalesce(sum(delta), 0) n from dot_votes where market_day_id = ? and option_key = 'bildung'", marketDayId)).toBe(2);
    race.release();
    await expect.poll(() => page.getByTestId('tally-arbeit').innerText()).toBe('1');
    expect(await page.getByTestId('tally-bildung').innerText()).toBe('2');
    await shoot(page, 'stall-board-list-older-than-sending-1024');
    await race.done();
  });

  it('keeps a change just sent in the list when the notes the server read before it arrived come after the answer to its sending', async () => {
    const { page, context, marketDayId } = await openMarketDay('Wochenmarkt Moitzfeld');
    await noteText(page).fill('Ein Wickelraum im Rathaus');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (1)' }).waitFor();
    // Stored on the server (the badge may still say „Alles gesendet“ from before the save for a moment).
    const stored = (text: string) => count('select count(*) n from contributions where market_day_id = ? and text = ?', marketDayId, text);
    await expect.poll(() => stored('Ein Wickelraum im Rathaus'), { timeout: 30_000 }).toBe(1);
    await badge(page).getByText('Alles gesendet').waitFor();
    // Another tablet at the stall captures a note: it shows here once the list has taken in the server's notes.
    const other = await openMarketDay('Wochenmarkt Moitzfeld', undefined, marketDayId);
    await noteText(other.page).fill('Mehr Sitzbänke am Markt');
    await other.page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await expect.poll(() => stored('Mehr Sitzbänke am Markt'), { timeout: 30_000 }).toBe(1);

    // Staff change their note and come back to the page at once: the list is asked for and the change sent. The
    // server reads its notes before the change arrives, and that list reaches the tablet after the change's answer.
    const race = await listOlderThanSending(context, `**/api/stall/market-days/${marketDayId}/notes`);
    await page.getByRole('button', { name: 'Ändern: Ein Wickelraum im Rathaus' }).click();
    await page.getByLabel(/Was wurde gesagt\?/).fill('Ein Wickelraum im Rathaus und in der Bücherei');
    await page.getByRole('button', { name: 'Änderung speichern' }).click();
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await race.sent;
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    expect(stored('Ein Wickelraum im Rathaus und in der Bücherei')).toBe(1);
    race.release();
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (2)' }).waitFor();
    const list = page.locator('.recent-notes');
    expect(await list.getByText('Ein Wickelraum im Rathaus und in der Bücherei').count()).toBe(1);
    expect(await list.getByText('Ein Wickelraum im Rathaus', { exact: true }).count()).toBe(0);
    await shoot(page, 'stall-notes-list-older-than-change-1024');
    await race.done();
  });

  it('saves a note with Ctrl+Enter from an external keyboard and goes on typing in the text field', async () => {
    const { page, marketDayId } = await openMarketDay('Wochenmarkt Stadtmitte');
    await noteText(page).click();
    // Enter alone is a new line of the same voice.
    await page.keyboard.type('Mehr Sprachkurse');
    await page.keyboard.press('Enter');
    await page.keyboard.type('auch am Abend');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (1)' }).waitFor();
    expect(await noteText(page).inputValue()).toBe('');
    expect(await noteText(page).evaluate((element) => element === document.activeElement)).toBe(true);
    const receipt = page.locator('.receipt-big');
    const firstCode = await receipt.innerText();
    // The next voice at once, then Ctrl+Enter held down: the repeats on the emptied field store nothing, and the
    // confirmation and the code to hand over stay.
    await page.keyboard.type('Ein Spielplatz in Gronau');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (2)' }).waitFor();
    await expect.poll(() => receipt.innerText()).not.toBe(firstCode);
    const secondCode = await receipt.innerText();
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('Control+Enter');
    await nextFrame(page);
    expect(await page.getByText('Bitte zuerst etwas eintippen').count()).toBe(0);
    expect(await page.getByText(/^Notiz gespeichert/).count()).toBe(1);
    expect(await receipt.innerText()).toBe(secondCode);
    // Typed and taken back, the field is empty by staff's own hand: Ctrl+Enter says why nothing is stored.
    await page.keyboard.type('x');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Enter');
    await page.getByText('Bitte zuerst etwas eintippen').waitFor();
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (2)' }).waitFor();
    // The text field the focus stays in is marked invalid and reads the message as its description.
    expect(await noteText(page).getAttribute('aria-invalid')).toBe('true');
    expect(await noteText(page).evaluate((element) => document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent)).toBe('Bitte zuerst etwas eintippen.');
    // Enter on a chip chooses nothing more than Space did, and saves nothing; Ctrl+Enter there saves.
    await page.keyboard.type('Lob für die Stadtbücherei');
    expect(await noteText(page).getAttribute('aria-invalid')).toBeNull();
    const praise = page.getByRole('radio', { name: 'Lob', exact: true });
    await praise.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await page.getByRole('radio', { name: '30–49', exact: true }).check();
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (3)' }).waitFor();
    expect(await noteText(page).evaluate((element) => element === document.activeElement)).toBe(true);
    // The badge may still say „Alles gesendet“ from before the last save: wait for the server to hold all three.
    const texts = () => (h.db.$client.prepare("select text from contributions where market_day_id = ? and channel = 'stall' order by text").all(marketDayId) as Array<{ text: string }>).map((row) => row.text);
    await expect.poll(texts).toEqual(['Ein Spielplatz in Gronau', 'Lob für die Stadtbücherei', 'Mehr Sprachkurse\nauch am Abend']);
    expect(count("select count(*) n from contributions where market_day_id = ? and kind = 'praise' and age_band is not null", marketDayId)).toBe(1);
  });

  it('says in readable colours on the blue header that signing out needs a connection', async () => {
    const { page, context } = await openMarketDay('Stadtfest Gronau');
    const header = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await context.setOffline(true);
    await header.getByRole('button', { name: 'Abmelden' }).click();
    await header.getByRole('alert').getByText('Abmelden geht nur mit Verbindung zum Server').waitFor();
    // Read in the sun at the stall: the message meets WCAG AA contrast on the header's blue.
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it('lists the notes captured on this tablet first in a morning, above those of the other tablet at the stall', async () => {
    // Markets are mornings: 9:30 in Bergisch Gladbach. The server keeps only the day of a note.
    const morning = new Date(`${new Date().toISOString().slice(0, 10)}T08:30:00Z`);
    const other = await openMarketDay('Wochenmarkt Schildgen', morning);
    for (const text of ['Mehr Radwege nach Köln', 'Ein Repair-Café im Bürgerhaus']) {
      await noteText(other.page).fill(text);
      await other.page.getByRole('button', { name: 'Speichern', exact: true }).click();
    }
    await badge(other.page).getByText('Alles gesendet').waitFor();

    const { page } = await openMarketDay('Wochenmarkt Schildgen', morning, other.marketDayId);
    await page.locator('.recent-notes li').nth(1).waitFor();
    await noteText(page).fill('Sprachcafé für Eltern');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (3)' }).waitFor();
    await expect.poll(() => page.locator('.recent-notes .recent-text').first().innerText()).toBe('Sprachcafé für Eltern');
  });

  it('stores a paper questionnaire once when staff press Enter in it with a keyboard: only its button saves it', async () => {
    const { page, marketDayId } = await openMarketDay('Wochenmarkt Paffrath');
    await page.getByRole('link', { name: 'Papierbogen' }).click();
    const rating = page.getByRole('group', { name: /Chancen, eine passende Arbeit/ }).getByRole('radio', { name: '4', exact: true });
    await rating.check();
    // Enter to confirm the choice, as many type: the browser would submit the form from here.
    await rating.press('Enter');
    await page.getByLabel(/Welche Idee haben Sie für Arbeit/).fill('Jobbörse auf dem Wochenmarkt');
    await page.getByRole('button', { name: 'Fragebogen speichern' }).click();
    await page.getByText('Fragebogen gespeichert', { exact: false }).waitFor();
    await badge(page).getByText('Alles gesendet').waitFor();
    expect(count("select count(*) n from responses where market_day_id = ? and channel = 'paper'", marketDayId)).toBe(1);
    // The one questionnaire holds both: the rating and the idea.
    expect(count('select count(*) n from answers a join responses r on r.id = a.response_id where r.market_day_id = ?', marketDayId)).toBe(1);
    expect(count("select count(*) n from contributions c join responses r on r.id = c.response_id where r.market_day_id = ? and c.text = 'Jobbörse auf dem Wochenmarkt'", marketDayId)).toBe(1);
  });

  /** The drafts as the tablet's storage (IndexedDB `mitreden-stall`, `meta` → `drafts`) holds them, or writes them there. */
  const storedDrafts = (page: Page, write?: unknown) =>
    page.evaluate(
      (value) =>
        new Promise<unknown>((resolve, reject) => {
          const opening = indexedDB.open('mitreden-stall');
          opening.onerror = () => reject(opening.error);
          opening.onsuccess = () => {
            const db = opening.result;
            const tx = db.transaction('meta', value === undefined ? 'readonly' : 'readwrite');
            const request = value === undefined ? tx.objectStore('meta').get('drafts') : tx.objectStore('meta').put(value, 'drafts');
            tx.oncomplete = () => {
              db.close();
              resolve(request.result);
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      write,
    );

  /**
   * The tab dies right after a save, before the emptied form reached the tablet's storage (it is
   * written a moment after each change): the next tab starts from the drafts as they were before
   * the save. Closing the page writes the emptied form, so the stale drafts are put back from a
   * page of the same site that does not run the stall, as the storage would have held them.
   */
  async function crashAfterSave(page: Page, before: unknown, next: string) {
    const context = page.context();
    await page.close();
    const revived = await context.newPage();
    await revived.goto(`${h.baseUrl}/robots.txt`);
    await storedDrafts(revived, before);
    await revived.goto(`${h.baseUrl}${next}`);
    return revived;
  }

  /** The server's answer to the sync that carries `text`. */
  const sentWith = (page: Page, text: string) =>
    page.waitForResponse((response) => response.url().endsWith('/api/stall/sync') && response.ok() && (response.request().postData() ?? '').includes(text));

  it('sends a note that comes back after the tab died right after its save as the same note, never a second one', async () => {
    const { page, marketDayId } = await openMarketDay('Wochenmarkt Schildgen');
    const said = 'Ein Trinkbrunnen am Marktplatz';
    await noteText(page).fill(said);
    await expect.poll(async () => JSON.stringify(await storedDrafts(page))).toContain(said);
    const before = await storedDrafts(page);
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (1)' }).waitFor();
    const stored = () => count('select count(*) n from contributions where market_day_id = ? and text = ?', marketDayId, said);
    await expect.poll(stored).toBe(1);

    const revived = await crashAfterSave(page, before, `/stand/markttag/${marketDayId}`);
    // The saved note is back in the form; staff, unsure whether it was kept, save it again.
    await expect.poll(() => noteText(revived).inputValue()).toBe(said);
    const resent = sentWith(revived, said);
    await revived.getByRole('button', { name: 'Speichern', exact: true }).click();
    await expect.poll(() => noteText(revived).inputValue()).toBe('');
    // The server has answered the sync that carried it again: still one note.
    await resent;
    expect(stored()).toBe(1);
    await revived.getByRole('heading', { name: 'Notizen dieses Markttags (1)' }).waitFor();
  });

  it('sends a paper questionnaire that comes back after the tab died right after its save as the same one, never a second one', async () => {
    const { page, marketDayId } = await openMarketDay('Wochenmarkt Hand');
    await page.getByRole('link', { name: 'Papierbogen' }).click();
    const idea = 'Sprachcafé in der Stadtbücherei';
    await page.getByLabel(/Welche Idee haben Sie für Arbeit/).fill(idea);
    await expect.poll(async () => JSON.stringify(await storedDrafts(page))).toContain(idea);
    const before = await storedDrafts(page);
    const paperPath = new URL(page.url()).pathname;
    await page.getByRole('button', { name: 'Fragebogen speichern' }).click();
    await page.getByText('Fragebogen gespeichert', { exact: false }).waitFor();
    const stored = () => count("select count(*) n from responses where market_day_id = ? and channel = 'paper'", marketDayId);
    await expect.poll(stored).toBe(1);

    const revived = await crashAfterSave(page, before, paperPath);
    const field = revived.getByLabel(/Welche Idee haben Sie für Arbeit/);
    await expect.poll(() => field.inputValue()).toBe(idea);
    const resent = sentWith(revived, idea);
    await revived.getByRole('button', { name: 'Fragebogen speichern' }).click();
    await revived.getByText('Fragebogen gespeichert', { exact: false }).waitFor();
    await resent;
    expect(stored()).toBe(1);
    expect(count('select count(*) n from contributions c join responses r on r.id = c.response_id where r.market_day_id = ? and c.text = ?', marketDayId, idea)).toBe(1);
  });

  /** How far the sticky sync bar reaches into the screen from its top, and where the element is: whatever lies above the bar's bottom is hidden under it. */
  const underSyncBar = (page: Page, element: ReturnType<Page['locator']>) =>
    element.evaluate((node) => Math.round(document.querySelector('.sync-bar')!.getBoundingClientRect().bottom - node.getBoundingClientRect().top));

  it('shows the change form below the sync bar, its label and „Änderung speichern“ too, however tall the bar has grown offline', async () => {
    const { page, context } = await openMarketDay('Wochenmarkt Lückerath');
    // Offline with captures waiting, the bar says more (offline, the storage hint): taller than when all is sent.
    await context.setOffline(true);
    for (const said of ['Mehr Licht im Park', 'Eine Bank am Spielplatz', 'Der Bus fährt zu selten', 'Ein Treffpunkt für Jugendliche']) {
      await noteText(page).fill(said);
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    }
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (4)' }).waitFor();
    await badge(page).getByText('4 warten auf Senden').waitFor();
    // The oldest note is at the bottom of the list: „Ändern“ there brings the form up.
    await page.getByRole('button', { name: 'Ändern: Mehr Licht im Park' }).click();
    const label = page.getByText('Notiz ändern: Was wurde gesagt?', { exact: true });
    const save = page.getByRole('button', { name: 'Änderung speichern' });
    await expect.poll(() => page.getByLabel('Notiz ändern: Was wurde gesagt?', { exact: true }).inputValue()).toBe('Mehr Licht im Park');
    // Scrolling is smooth: wait until it settled, then nothing of the form's top may lie under the bar.
    // Both measured at the same moment: on a slow run the first check could catch the scroll still moving.
    await expect.poll(async () => Math.max(await underSyncBar(page, label), await underSyncBar(page, save)), { timeout: 10_000 }).toBeLessThanOrEqual(0);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  });

  /** Whether the page still scrolls (smoothly, as the note form is brought up): its position changed over two frames. */
  const scrolling = (page: Page) =>
    page.evaluate(() => new Promise<boolean>((resolve) => {
      const y = window.scrollY;
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.scrollY !== y)));
    }));

  it('keeps the note form clear of the sync bar when the bar grows with the first note saved offline, at 1024×768 and 1280×800', async () => {
    const { page, context } = await openMarketDay('Wochenmarkt Herkenrath');
    const bar = page.locator('.sync-bar');
    const label = page.getByText('Was wurde gesagt?', { exact: true });
    const save = page.getByRole('button', { name: 'Speichern', exact: true });
    for (const [index, viewport] of [TABLET, { width: 1280, height: 800 }].entries()) {
      await page.setViewportSize(viewport);
      const before = (await bar.boundingBox())!.height;
      await context.setOffline(true);
      // Typing scrolls the form up under the bar; the save makes the bar say more (offline, the storage hint).
      await noteText(page).fill(`Mehr Schatten auf dem Marktplatz (${index + 1})`);
      await expect.poll(() => scrolling(page)).toBe(false);
      await save.click();
      await badge(page).getByText('1 wartet auf Senden').waitFor();
      await expect.poll(async () => (await bar.boundingBox())!.height).toBeGreaterThan(before + 20);
      // Whatever the bar's bottom, the form's label, its text and Save lie below it: nothing of them under the bar.
      await expect.poll(async () => Math.max(...(await Promise.all([label, noteText(page), save].map((element) => underSyncBar(page, element)))))).toBeLessThanOrEqual(0);
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      await shoot(page, `stall-bar-grown-${viewport.width}`);
      await context.setOffline(false);
      await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    }
  });

  it('says „Notiz gespeichert und gesendet“ once the server has the note, politely and with the focus left in the text', async () => {
    const { page, context } = await openMarketDay('Wochenmarkt Sand');
    const save = page.getByRole('button', { name: 'Speichern', exact: true });
    const status = (text: string) => page.getByRole('status').filter({ hasText: text });
    // Online the note leaves at once: the form says so, as the badge says „Alles gesendet“.
    await noteText(page).fill('Ein Wasserspender am Rathaus');
    await save.click();
    await status('Notiz gespeichert und gesendet.').waitFor();
    await badge(page).getByText('Alles gesendet').waitFor();

    // Offline it waits, and the form says that until the server took it.
    await context.setOffline(true);
    await noteText(page).fill('Mehr Fahrradständer am Bahnhof');
    await save.click();
    await status('Notiz gespeichert – wird gesendet, sobald es geht.').waitFor();
    await badge(page).getByText('1 wartet auf Senden').waitFor();
    await context.setOffline(false);
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    const sent = status('Notiz gespeichert und gesendet.');
    await sent.waitFor();
    // The same live region, read out politely; the code for the person stays in it, and the focus stays in the text.
    expect(await sent.getAttribute('aria-live')).toBe('polite');
    expect(await sent.innerText()).toContain(`Code für die Person: ${await page.locator('.receipt-big').innerText()}`);
    expect(await noteText(page).evaluate((element) => element === document.activeElement)).toBe(true);
    await shoot(page, 'stall-saved-and-sent-1024');
  });

  it('never says „gesendet“ of a refused change staff gave up, by „Verwerfen“ or „Übernehmen und bearbeiten“, and follows the merged one again', async () => {
    const { page, context, marketDayId } = await openMarketDay('Wochenmarkt Moitzfeld');
    const status = (text: string) => page.getByRole('status').filter({ hasText: text });
    const texts = ['Ayşe Yilmaz wünscht sich eine Bank am Spielplatz', 'Mehmet Yilmaz fragt nach dem Bus am Abend'];
    for (const text of texts) {
      await noteText(page).fill(text);
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      await page.locator('.recent-notes li').filter({ hasText: text }).waitFor();
    }
    const idOf = (text: string) => (h.db.$client.prepare('select id from contributions where text = ?').get(text) as { id: string } | undefined)?.id;
    await expect.poll(() => texts.every((text) => idOf(text) !== undefined), { timeout: 30_000 }).toBe(true);
    const ids = new Map(texts.map((text) => [text, idOf(text)!]));
    const row = (text: string) => h.db.$client.prepare('select id, text, masked_text, version from contributions where id = ?').get(ids.get(text)) as { id: string; text: string; masked_text: string; version: number };
    const admin = await buildUser(h.db, { role: 'admin' });
    const process = findProcessBySlug(h.db, h.slug)!;
    const masked = (text: string) => text.replace('Yilmaz', '[Name entfernt]');

    /** A moderator masks the name (the server's note is at version 2); the tablet, offline, changes version 1; back online the server refuses it. */
    async function refusedChange(text: string) {
      const start = text.indexOf('Yilmaz');
      maskByHand(h.db, process, ids.get(text)!, { version: 1, ranges: [{ start, end: start + 'Yilmaz'.length }] }, admin.id);
      await context.setOffline(true);
      // Listed as the tablet holds it, or masked once the list was read from the server again.
      const words = text.slice(text.indexOf('Yilmaz') + 'Yilmaz '.length);
      await page.locator('.recent-notes li').filter({ hasText: words }).getByRole('button', { name: /^Ändern/ }).click();
      await page.getByLabel(/Was wurde gesagt\?/).fill(`${text} am Sonntag`);
      await page.getByRole('button', { name: 'Änderung speichern' }).click();
      await status('Änderung gespeichert – wird gesendet, sobald es geht.').waitFor();
      await context.setOffline(false);
      await status('Änderung gespeichert, aber vom Server nicht angenommen – bitte oben entscheiden.').waitFor({ timeout: 30_000 });
      return page.locator('.rejected').filter({ hasText: `${text} am Sonntag` });
    }

    // „Verwerfen“: the change was not sent, and the form says so — not „gespeichert und gesendet“.
    const first = await refusedChange(texts[0]!);
    page.once('dialog', (dialog) => void dialog.accept());
    await first.getByRole('button', { name: 'Verwerfen' }).click();
    await badge(page).getByText('Alles gesendet').waitFor();
    await status('Änderung nicht gesendet – der Server behält seine Fassung.').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'gespeichert und gesendet' }).count()).toBe(0);
    await shoot(page, 'stall-change-given-up-1024');
    expect(row(texts[0]!)).toMatchObject({ text: texts[0], masked_text: masked(texts[0]!), version: 2 });

    // „Übernehmen und bearbeiten“: the same until staff save the merged note, which is then followed to the server.
    const second = await refusedChange(texts[1]!);
    await second.getByRole('button', { name: 'Übernehmen und bearbeiten' }).click();
    await expect.poll(() => page.getByLabel(/Was wurde gesagt\?/).inputValue()).toBe(masked(texts[1]!));
    await status('Änderung nicht gesendet – der Server behält seine Fassung.').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'gespeichert und gesendet' }).count()).toBe(0);
    const merged = `${masked(texts[1]!)} und am Sonntag`;
    await page.getByLabel(/Was wurde gesagt\?/).fill(merged);
    await page.getByRole('button', { name: 'Änderung speichern' }).click();
    await status('Änderung gespeichert und gesendet.').waitFor({ timeout: 30_000 });
    expect(row(texts[1]!)).toMatchObject({ text: merged, version: 3 });
    // Each note is on the server once.
    expect(count('select count(*) n from contributions where market_day_id = ?', marketDayId)).toBe(2);
  });

  /**
   * A note typed in the second tab of a market day and stored; a moderator masks the name in it
   * (version 2), the second tab changes version 1 offline (`text` and `added`), and back online the
   * server refuses the change: the second tab's form says so, and the first tab's sync bar shows it.
   */
  async function refusedChangeInSecondTab(place: string, text: string, added: string) {
    const { page: first, context, marketDayId } = await openMarketDay(place);
    const second = await context.newPage();
    await second.goto(`${h.baseUrl}/stand/markttag/${marketDayId}`);
    await badge(second).getByText('Alles gesendet').waitFor();
    await noteText(second).fill(text);
    await second.getByRole('button', { name: 'Speichern', exact: true }).click();
    const stored = () => h.db.$client.prepare('select id, text, version from contributions where market_day_id = ?').all(marketDayId) as Array<{ id: string; text: string; version: number }>;
    await expect.poll(() => stored().length, { timeout: 30_000 }).toBe(1);
    const { id } = stored()[0]!;
    const start = text.indexOf('Yilmaz');
    maskByHand(h.db, findProcessBySlug(h.db, h.slug)!, id, { version: 1, ranges: [{ start, end: start + 'Yilmaz'.length }] }, (await buildUser(h.db, { role: 'admin' })).id);
    await context.setOffline(true);
    await second.locator('.recent-notes li').filter({ hasText: text.split(' ').at(-1)! }).getByRole('button', { name: /^Ändern/ }).click();
    await second.getByLabel(/Was wurde gesagt\?/).fill(`${text} ${added}`);
    await second.getByRole('button', { name: 'Änderung speichern' }).click();
    const status = (words: string) => second.getByRole('status').filter({ hasText: words });
    await status('Änderung gespeichert – wird gesendet, sobald es geht.').waitFor();
    await context.setOffline(false);
    await status('Änderung gespeichert, aber vom Server nicht angenommen').waitFor({ timeout: 30_000 });
    const decision = first.locator('.rejected').filter({ hasText: added });
    await decision.waitFor({ timeout: 30_000 });
    return { first, second, id, stored, status, decision };
  }

  it('tells the second tab of a change staff gave up in the first: it says „nicht gesendet“ there, and neither tab sends it again', async () => {
    const text = 'Ayşe Yilmaz fragt nach einem Sprachcafé';
    const { first, second, id, stored, status } = await refusedChangeInSecondTab('Wochenmarkt Herkenrath', text, 'am Abend');
    const sent: string[] = [];
    for (const page of [first, second]) {
      page.on('request', (request) => {
        if (request.url().endsWith('/api/stall/sync')) sent.push(...(request.postDataJSON() as { items: Array<{ id: string }> }).items.map((item) => item.id));
      });
    }

    // Given up in the first tab: the second, where it was typed, no longer asks for a decision, and does not call it sent.
    first.once('dialog', (dialog) => void dialog.accept());
    await first.locator('.rejected').filter({ hasText: 'am Abend' }).getByRole('button', { name: 'Verwerfen' }).click();
    await status('Änderung nicht gesendet – der Server behält seine Fassung.').waitFor();
    await badge(second).getByText('Alles gesendet').waitFor();
    expect(await second.locator('.rejected').count()).toBe(0);
    expect(await second.getByRole('status').filter({ hasText: 'gespeichert und gesendet' }).count()).toBe(0);
    await shoot(second, 'stall-given-up-other-tab-1024');

    // The next note from the second tab goes out alone: the change given up stays given up, and the server keeps its note.
    await noteText(second).fill('Mehr Bänke am Markt');
    await second.getByRole('button', { name: 'Speichern', exact: true }).click();
    await status('Notiz gespeichert und gesendet.').waitFor({ timeout: 30_000 });
    expect(sent).not.toContain(id);
    expect(stored().find((row) => row.id === id)).toMatchObject({ text, version: 2 });
    expect(stored().length).toBe(2);
  });

  it('keeps a refused change refused, in both tabs, when the tablet\'s storage fails to give it up, and says so where staff decided', async () => {
    const text = 'Mehmet Yilmaz wünscht sich einen Wickeltisch';
    const { first, second, id, stored, status, decision } = await refusedChangeInSecondTab('Wochenmarkt Refrath', text, 'im Rathaus');
    const refused = 'Änderung gespeichert, aber vom Server nicht angenommen';
    // The tablet's storage is full the moment staff give the change up in the first tab: the queue's entry cannot be removed.
    const failRemoving = (on: boolean) =>
      first.evaluate((fail) => {
        const stores = IDBObjectStore.prototype as IDBObjectStore & { realDelete?: IDBObjectStore['delete'] };
        stores.realDelete ??= stores.delete;
        stores.delete = function (this: IDBObjectStore, key: IDBValidKey | IDBKeyRange) {
          if (fail && this.name === 'outbox') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return stores.realDelete!.call(this, key);
        };
      }, on);
    await failRemoving(true);
    first.on('dialog', (dialog) => void dialog.accept());
    await decision.getByRole('button', { name: 'Verwerfen' }).click();
    const alert = decision.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'Nicht verworfen – der Eintrag ist noch auf dem Tablet und wartet weiter auf Ihre Entscheidung. Verwerfen: Der Speicher des Tablets ist voll. Bitte nichts löschen und sofort mit dem Netz verbinden.',
    );
    await shoot(first, 'stall-give-up-failed-1024');
    // Still refused, in the bar of both tabs and in the form where it was typed: never „nicht gesendet“ while it waits for a decision.
    await badge(first).getByText('1 Eintrag braucht Ihre Entscheidung').waitFor();
    expect(await second.locator('.rejected').filter({ hasText: 'im Rathaus' }).count()).toBe(1);
    await status(refused).waitFor();
    for (const page of [first, second]) expect(await page.getByText('nicht gesendet', { exact: false }).count()).toBe(0);
    expect(formatViolations(await axeViolations(first))).toBe('');

    // „Übernehmen und bearbeiten“ fails alike: the form stays as it was, the change refused.
    await decision.getByRole('button', { name: 'Übernehmen und bearbeiten' }).click();
    await expect.poll(() => alert.textContent()).toContain('Nicht übernommen – Ihre Änderung ist noch auf dem Tablet');
    await status(refused).waitFor();
    expect(await first.getByText('nicht gesendet', { exact: false }).count()).toBe(0);

    // With room again, staff send it after all, and the server refuses it anew (a moderator masked more meanwhile):
    // the refused entry says why, not that an earlier giving up failed.
    await failRemoving(false);
    maskByHand(h.db, findProcessBySlug(h.db, h.slug)!, id, { version: 2, ranges: [{ start: 0, end: 'Mehmet'.length }] }, (await buildUser(h.db, { role: 'admin' })).id);
    await decision.getByRole('button', { name: 'Erneut senden' }).click();
    await status(refused).waitFor({ timeout: 30_000 });
    await decision.getByText('Auf dem Server:').waitFor();
    await expect.poll(() => decision.getByText('[Name entfernt] [Name entfernt] wünscht').count(), { timeout: 30_000 }).toBe(1);
    expect(await decision.getByRole('alert').count()).toBe(0);
    // Given up now: in both tabs, not sent, and the server keeps its note.
    await decision.getByRole('button', { name: 'Verwerfen' }).click();
    await status('Änderung nicht gesendet – der Server behält seine Fassung.').waitFor();
    await badge(first).getByText('Alles gesendet').waitFor();
    await badge(second).getByText('Alles gesendet').waitFor();
    expect(await first.getByRole('alert').count()).toBe(0);
    expect(stored()).toMatchObject([{ id, text, version: 3 }]);
  });

  it('takes staff from „nicht angenommen“ in the scrolled form to the decision in the sync bar, focus and all, at 768×1024', async () => {
    const { page, context, marketDayId } = await openMarketDay('Wochenmarkt Untereschbach');
    await page.setViewportSize({ width: 768, height: 1024 });
    const text = 'Mehmet Yilmaz wünscht sich einen Trinkbrunnen';
    await noteText(page).fill(text);
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    const stored = () => h.db.$client.prepare('select id from contributions where market_day_id = ?').get(marketDayId) as { id: string } | undefined;
    await expect.poll(() => stored()?.id, { timeout: 30_000 }).toBeDefined();
    const start = text.indexOf('Yilmaz');
    maskByHand(h.db, findProcessBySlug(h.db, h.slug)!, stored()!.id, { version: 1, ranges: [{ start, end: start + 'Yilmaz'.length }] }, (await buildUser(h.db, { role: 'admin' })).id);
    await context.setOffline(true);
    await page.locator('.recent-notes li').filter({ hasText: 'Trinkbrunnen' }).getByRole('button', { name: /^Ändern/ }).click();
    await page.getByLabel(/Was wurde gesagt\?/).fill(`${text} am Markt`);
    await page.getByRole('button', { name: 'Änderung speichern' }).click();
    // Staff went on down the long form (the side's chips and selects) while the tablet was offline.
    await page.getByRole('group', { name: /Alter/ }).scrollIntoViewIfNeeded();
    await context.setOffline(false);
    await page.getByRole('status').filter({ hasText: 'Änderung gespeichert, aber vom Server nicht angenommen' }).waitFor({ timeout: 30_000 });
    const decision = page.locator('.rejected').filter({ hasText: `${text} am Markt` });
    const inView = (locator: typeof decision) =>
      locator.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return box.top >= 0 && box.top < window.innerHeight;
      });
    await page.getByLabel(/Was wurde gesagt\?/).focus();
    // The decision stands above the form, out of sight: the form offers the way there.
    await page.getByRole('group', { name: /Alter/ }).scrollIntoViewIfNeeded();
    expect(await inView(decision)).toBe(false);
    const go = page.getByRole('button', { name: 'Zur Entscheidung', exact: true });
    expect(await inView(go)).toBe(true);
    expect((await go.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await shoot(page, 'stall-refused-scrolled-768');

    // By keyboard: the focus moves onto the refused entry, which is in view and named by what it is and why it was refused.
    await go.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => decision.evaluate((element) => element === document.activeElement)).toBe(true);
    // The page scrolls smoothly where motion is welcome: the entry arrives at the top of the screen, its focus ring in view.
    await expect.poll(() => inView(decision)).toBe(true);
    const name = await page.evaluate(() => document.getElementById(document.activeElement!.getAttribute('aria-labelledby') ?? '')?.textContent ?? '');
    expect(name).toContain(`${text} am Markt`);
    expect(name).toContain('geändert');
    await shoot(page, 'stall-refused-decision-768');
    // Its choices come next by Tab.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Erneut senden');
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it('keeps the half-typed note of one tab when staff type a paper questionnaire in another, for the tab the tablet opens next', async () => {
    const { page: notes, context, marketDayId } = await openMarketDay('Wochenmarkt Lückerath');
    // The second tab opened before the note was begun: what it holds of the first tab's drafts is nothing.
    const paper = await context.newPage();
    await paper.goto(`${h.baseUrl}/stand/markttag/${marketDayId}/papier`);
    const rating = paper.getByRole('group', { name: /Chancen, eine passende Arbeit/ }).getByRole('radio', { name: '4', exact: true });
    await rating.waitFor();
    await noteText(notes).fill('Eine Ruhebank vor der Apotheke');
    const kept = async () => {
      const drafts = (await storedDrafts(notes)) as { notes?: Record<string, { text: string }>; paper?: Record<string, { answers: Record<string, unknown> }> } | undefined;
      return { note: Object.entries(drafts?.notes ?? {}).find(([key]) => key.startsWith(marketDayId))?.[1].text ?? '', paper: Object.values(drafts?.paper ?? {}).some((draft) => Object.keys(draft.answers).length > 0) };
    };
    await expect.poll(kept).toEqual({ note: 'Eine Ruhebank vor der Apotheke', paper: false });
    await rating.check();
    await expect.poll(kept).toEqual({ note: 'Eine Ruhebank vor der Apotheke', paper: true });

    // The tablet dropped both tabs: the page it opens again brings back the note and the questionnaire.
    await paper.close();
    await notes.close();
    const next = await context.newPage();
    await next.goto(`${h.baseUrl}/stand/markttag/${marketDayId}`);
    await expect.poll(() => noteText(next).inputValue()).toBe('Eine Ruhebank vor der Apotheke');
    await next.getByRole('link', { name: 'Papierbogen' }).click();
    await expect.poll(() => next.getByRole('group', { name: /Chancen, eine passende Arbeit/ }).getByRole('radio', { name: '4', exact: true }).isChecked()).toBe(true);
  });

  /**
   * Two tabs of one market day at 1024×768 on `path` (below the market day's): staff type `typed[0]`
   * into `field` in the first, then open the second, while the first has its capture in hand, and
   * type `typed[1]` there. The tablet keeps both side by side under two ids (`kept`: the captures
   * its storage holds, with their ids), so neither is lost when it drops a tab; reloaded mid-typing,
   * each tab has its own back; then both are saved (`save`) and sent.
   */
  async function typeInTwoTabs(
    place: string,
    { path, field, typed, kept, save }: { path: string; field: (page: Page) => Locator; typed: readonly [string, string]; kept: (drafts: StoredDrafts | undefined) => { text: string; id: string | undefined }[]; save: (page: Page) => Promise<void> },
  ) {
    const { page: first, context, marketDayId } = await openMarketDay(place);
    const held = async () => {
      const captures = kept((await storedDrafts(first)) as StoredDrafts | undefined).filter((capture) => typed.includes(capture.text));
      return { typed: captures.map((capture) => capture.text).sort(), ids: new Set(captures.map((capture) => capture.id)).size };
    };
    const url = `${h.baseUrl}/stand/markttag/${marketDayId}${path}`;
    if (path) await first.goto(url);
    await field(first).fill(typed[0]);
    await expect.poll(held).toEqual({ typed: [typed[0]], ids: 1 });

    // The second tab takes up nothing the first has in hand: another capture, under its own id.
    const second = await context.newPage();
    await second.goto(url);
    await badge(second).getByText('Alles gesendet').waitFor();
    await field(second).fill(typed[1]);
    await expect.poll(held).toEqual({ typed: [...typed].sort(), ids: 2 });

    await first.reload();
    await second.reload();
    await expect.poll(() => field(first).inputValue()).toBe(typed[0]);
    await expect.poll(() => field(second).inputValue()).toBe(typed[1]);

    for (const page of [first, second]) await save(page);
    for (const page of [first, second]) await badge(page).getByText('Alles gesendet').waitFor();
    return { first, second, marketDayId };
  }
  type StoredDrafts = { notes?: Record<string, { text: string; begun?: { id: string } }>; paper?: Record<string, { id?: string; answers: Record<string, unknown> }> };

  it('sends two paper questionnaires typed in two tabs of one market day as two, each tab keeping its own sheet through a reload', async () => {
    const ideas = ['Sprachkurs am Abend im Jugendzentrum', 'Jobbörse im Bürgerhaus'] as const;
    const { first, second, marketDayId } = await typeInTwoTabs('Wochenmarkt Moitzfeld', {
      path: '/papier',
      field: (page) => page.getByLabel(/Welche Idee haben Sie für Arbeit/),
      typed: ideas,
      kept: (drafts) => Object.values(drafts?.paper ?? {}).flatMap((draft) => Object.values(draft.answers).flatMap((answer) => (typeof answer === 'string' ? [{ text: answer, id: draft.id }] : []))),
      save: async (page) => {
        await page.getByRole('button', { name: 'Fragebogen speichern' }).click();
        await page.getByText('Fragebogen gespeichert', { exact: false }).waitFor();
      },
    });
    // Both reach the server, neither refused as another questionnaire under the same id.
    const stored = () =>
      h.db.$client
        .prepare("select c.text, r.id from contributions c join responses r on r.id = c.response_id where r.market_day_id = ? and r.channel = 'paper' order by c.text")
        .all(marketDayId) as { text: string; id: string }[];
    await expect.poll(() => stored().map((row) => row.text)).toEqual([ideas[1], ideas[0]]);
    expect(new Set(stored().map((row) => row.id)).size).toBe(2);
    for (const page of [first, second]) expect(await page.getByText(/schon einen Fragebogen mit anderen Antworten/).count()).toBe(0);
  });

  it('sends two notes typed in two tabs of one market day as two, each tab keeping its own note through a reload', async () => {
    const said = ['Mehr Schatten auf dem Spielplatz', 'Ein Bücherschrank am Kirchplatz'] as const;
    const { first, second, marketDayId } = await typeInTwoTabs('Wochenmarkt Herkenrath', {
      path: '',
      field: noteText,
      typed: said,
      kept: (drafts) => Object.values(drafts?.notes ?? {}).map((draft) => ({ text: draft.text, id: draft.begun?.id })),
      save: async (page) => {
        await page.getByRole('button', { name: 'Speichern', exact: true }).click();
        await expect.poll(() => noteText(page).inputValue()).toBe('');
      },
    });
    // Both reach the server, neither refused as another note under the same id.
    const stored = () => h.db.$client.prepare("select text, id from contributions where market_day_id = ? and channel = 'stall' order by text").all(marketDayId) as { text: string; id: string }[];
    await expect.poll(() => stored().map((row) => row.text)).toEqual([said[1], said[0]]);
    expect(new Set(stored().map((row) => row.id)).size).toBe(2);
    for (const page of [first, second]) {
      await page.getByRole('heading', { name: 'Notizen dieses Markttags (2)' }).waitFor();
      expect(await page.getByText(/nicht angenommen/).count()).toBe(0);
    }
  });

  it('brings back a half-typed note the tablet kept before it kept notes by id, and sends it under the id it was begun with', async () => {
    const { page, marketDayId } = await openMarketDay('Wochenmarkt Sand');
    const said = 'Ein Wasserspender im Bürgerbüro';
    const id = randomUUID();
    const draft = { text: said, kind: null, fieldsOfAction: [], stadtteil: 'bensberg', stadtteilChosen: false, ageBand: null, language: null, channel: 'stall', editing: null, begun: { id, at: new Date().toISOString() } };
    // The tablet drops the tab and is updated: its storage holds the note as before, by market day alone.
    const updated = await crashAfterSave(page, { notes: { [marketDayId]: draft }, paper: {} }, `/stand/markttag/${marketDayId}`);
    await expect.poll(() => noteText(updated).inputValue()).toBe(said);
    // From now on it is kept by market day and id, once.
    const keys = async () => Object.keys(((await storedDrafts(updated)) as { notes: Record<string, unknown> }).notes);
    await expect.poll(keys).toEqual([`${marketDayId}#${id}`]);
    await updated.getByRole('button', { name: 'Speichern', exact: true }).click();
    await expect.poll(() => count('select count(*) n from contributions where id = ? and text = ?', id, said)).toBe(1);
  });

  it('gets ready for offline once the network is back, when the Wi-Fi dropped before the page could fetch its worker or while it installed', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page, context } = await h.newPage({ viewport: { width: 768, height: 1024 } });
    const notReady = page.getByText('Noch nicht offline bereit – bitte mit Verbindung geöffnet lassen', { exact: true });
    const ready = page.getByText('Offline bereit', { exact: true });
    /** The browser loses its network and gets it back, as when the market's Wi-Fi comes and goes: an `online` event. */
    const networkBack = async () => {
      await context.setOffline(true);
      await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
      await context.setOffline(false);
    };
    // Neither the worker's script nor the questionnaire arrives: the market's Wi-Fi went away right after /stand opened.
    await context.route('**/sw.js', (route) => route.abort('internetdisconnected'));
    await context.route(`**/api/processes/${h.slug}/survey`, (route) => route.abort('internetdisconnected'));
    await signInAs(page, h.baseUrl, user.username, '/stand');
    await notReady.waitFor();
    await page.getByText(/^Offline-Betrieb nicht verfügbar/).waitFor();
    // The line keeps its height when it turns to „Offline bereit“: a line fewer moved the Klebepunkte board under a tapping finger.
    const lineHeight = async () => (await page.locator('.offline-ready').boundingBox())!.height + (await page.locator('.offline-ready').boundingBox())!.y - (await page.getByTestId('sync-badge').boundingBox())!.y;
    const notReadyHeight = await lineHeight();
    // Back, the questionnaire and the script arrive, but the Wi-Fi goes again while the worker fetches the app's files: its install fails.
    await context.unroute('**/sw.js');
    await context.unroute(`**/api/processes/${h.slug}/survey`);
    const appFiles: string[] = [];
    await context.route('**/icons/stand-512.png', (route) => {
      appFiles.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await networkBack();
    await expect.poll(() => appFiles.length, { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active ?? null)).toBe(null);
    expect(await notReady.count()).toBe(1);
    // Staff kept the page open, as the bar asks: with the network back for good it gets ready, and the notice goes.
    await context.unroute('**/icons/stand-512.png');
    await networkBack();
    await ready.waitFor({ timeout: 60_000 });
    expect(await page.getByText(/^Offline-Betrieb nicht verfügbar/).count()).toBe(0);
    expect(await lineHeight()).toBe(notReadyHeight);
    // And it is: without network the reloaded page is the stall, not the browser's offline page, and the paper tab has its questionnaire.
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('sync-badge').waitFor();
    await ready.waitFor();
  }, 180_000);

  it('runs an Arabic note from the right while staff type it, a German one from the left, at 1280×800', async () => {
    const { page } = await openMarketDay('Wochenmarkt Gronau');
    await page.setViewportSize({ width: 1280, height: 800 });
    // The text field, also while it is labelled „Notiz ändern: Was wurde gesagt?“.
    const direction = () => page.getByLabel(/Was wurde gesagt\?/).evaluate((element) => getComputedStyle(element).direction);
    await noteText(page).fill('نحتاج إلى مقاعد أكثر في الحديقة، من فضلكم!');
    expect(await direction()).toBe('rtl');
    await shoot(page, 'stall-note-arabic-1280');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.locator('.recent-notes li').filter({ hasText: 'نحتاج إلى مقاعد' }).waitFor();
    await noteText(page).fill('Mehr Bänke im Park, bitte!');
    expect(await direction()).toBe('ltr');
    // Changing the Arabic note runs from the right too.
    await page.locator('.recent-notes li').filter({ hasText: 'نحتاج إلى مقاعد' }).getByRole('button', { name: /^Ändern/ }).click();
    await expect.poll(direction).toBe('rtl');
  });

  it('lists the market days to continue before the form to create one when there is none today, and one tap leads to that form', async () => {
    const slug = buildProcess(h.db, { title: 'Markttage ohne heute' });
    const processId = findProcessBySlug(h.db, slug)!.id;
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const insert = h.db.$client.prepare("insert into market_days (id, process_id, date, place, stadtteil_key, staff, content_hash) values (?, ?, ?, ?, 'gronau', '[]', 'x')");
    insert.run(randomUUID(), processId, day(7), 'Stadtteilfest Hebborn');
    insert.run(randomUUID(), processId, day(-7), 'Wochenmarkt Hebborn');
    insert.run(randomUUID(), processId, day(-14), 'Wochenmarkt Gronau');
    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: TABLET });
    await signInAs(page, h.baseUrl, user.username, '/stand');
    await page.getByLabel('Verfahren', { exact: true }).selectOption(slug);
    // First the new process's list (the default process's, still on screen a moment, has market days of today and may name a Gronau too).
    await page.getByText('Für heute gibt es noch keinen Markttag.', { exact: true }).waitFor();
    const earlier = page.getByRole('link', { name: /Wochenmarkt Gronau/ });
    await earlier.waitFor();
    await shoot(page, 'stall-market-days-1024');
    // The planned and the earlier days stand before the form; the planned one and the last earlier one are on the first screen to tap.
    const form = page.getByRole('heading', { name: 'Neuen Markttag anlegen' });
    const box = async (link: string) => (await page.getByRole('link', { name: new RegExp(link) }).boundingBox())!;
    const formTop = (await form.boundingBox())!.y;
    for (const link of ['Stadtteilfest Hebborn', 'Wochenmarkt Hebborn', 'Wochenmarkt Gronau']) {
      const { y, height } = await box(link);
      expect(y + height).toBeLessThanOrEqual(formTop);
    }
    expect((await box('Wochenmarkt Hebborn')).y + 44).toBeLessThanOrEqual(TABLET.height);
    expect(formatViolations(await axeViolations(page))).toBe('');

    // Today's market day is still one tap (or Enter) away: into the form's place, the date is today's.
    const toForm = page.getByRole('button', { name: 'Markttag für heute anlegen', exact: true });
    expect((await toForm.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await toForm.focus();
    await page.keyboard.press('Enter');
    const place = page.getByLabel('Ort', { exact: true });
    await expect.poll(() => place.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('Wochenmarkt Heidkamp');
    await page.getByLabel('Stadtteil').selectOption('gronau');
    await page.getByRole('button', { name: 'Markttag anlegen', exact: true }).click();
    await page.getByRole('heading', { name: 'Wochenmarkt Heidkamp' }).waitFor();
  });

  it('shows the large code for the person only beside the note it belongs to, not while staff change another one', async () => {
    const { page } = await openMarketDay('Wochenmarkt Moitzfeld');
    const panel = page.locator('.receipt-panel');
    const codeOf = (said: string) => page.locator('.recent-notes li').filter({ hasText: said }).locator('.note-receipt span').innerText();
    for (const said of ['Ein Zebrastreifen vor der Grundschule', 'Mehr Sitzbänke im Park']) {
      await noteText(page).fill(said);
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      await page.getByText(said, { exact: true }).waitFor();
    }
    const latest = await codeOf('Mehr Sitzbänke im Park');
    await expect.poll(() => panel.locator('.receipt-big').innerText()).toBe(latest);
    // The person of the first note is back and adds something: the large code must not be the other person's.
    await page.getByRole('button', { name: 'Ändern: Ein Zebrastreifen vor der Grundschule' }).click();
    await expect.poll(() => page.getByLabel('Notiz ändern: Was wurde gesagt?', { exact: true }).inputValue()).toBe('Ein Zebrastreifen vor der Grundschule');
    await panel.waitFor({ state: 'detached' });
    // Their own code stays at hand on their note's card.
    expect(await codeOf('Ein Zebrastreifen vor der Grundschule')).not.toBe(latest);
    await page.getByRole('button', { name: 'Ändern abbrechen' }).click();

    // A typo in the note just saved, its person still at the stall: the code shown is theirs and stays.
    const third = 'Ein Bücherschrank am Marktplatz';
    await noteText(page).fill(third);
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByText(third, { exact: true }).waitFor();
    const thirdCode = await codeOf(third);
    await expect.poll(() => panel.locator('.receipt-big').innerText()).toBe(thirdCode);
    await page.getByRole('button', { name: `Ändern: ${third}` }).click();
    await expect.poll(() => page.getByLabel('Notiz ändern: Was wurde gesagt?', { exact: true }).inputValue()).toBe(third);
    expect(await panel.locator('.receipt-big').innerText()).toBe(thirdCode);
  });

  it('counts the notes still waiting on this tablet in the list of market days too, apart from what the server has', async () => {
    const { page, context } = await openMarketDay('Wochenmarkt Kippekausen');
    const save = async (said: string) => {
      await noteText(page).fill(said);
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      await page.getByText(said, { exact: true }).waitFor();
    };
    // The first note is sent and the tablet has the server's list with it, before the connection drops:
    // „Alles gesendet“ alone may still show from the market day's own sync.
    const listedAfterSync = page.waitForResponse(
      async (response) =>
        response.request().method() === 'GET' &&
        new URL(response.url()).pathname === '/api/stall/market-days' &&
        ((await response.json()) as { marketDays: Array<{ place: string; noteCount: number }> }).marketDays.some((day) => day.place === 'Wochenmarkt Kippekausen' && day.noteCount === 1),
    );
    await save('Mehr Parkplätze für Fahrräder');
    await listedAfterSync;
    await badge(page).getByText('Alles gesendet').waitFor();
    await context.setOffline(true);
    await save('Eine öffentliche Toilette am Markt');
    await save('Längere Öffnungszeiten im Bürgerbüro');
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (3)' }).waitFor();
    // Back at the list, the market day's line says what is stored and what still waits here: not „1 Notiz“ alone.
    await page.getByRole('link', { name: 'Alle Markttage' }).click();
    const line = page.getByRole('link', { name: /Wochenmarkt Kippekausen/ });
    await expect.poll(() => line.innerText(), { timeout: 10_000 }).toContain('1 Notiz (+2 nicht gesendet)');
    await context.setOffline(false);
    await badge(page).getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    await expect.poll(() => line.innerText(), { timeout: 10_000 }).toContain('3 Notizen');
    expect(await line.innerText()).not.toContain('nicht gesendet');
  });

  it('lets staff read a refused note whole before they give it up, by keyboard too', async () => {
    // A second process, which an admin deletes while a tablet holds an unsent note of it.
    const slug = buildProcess(h.db, { title: 'Spielplätze 2026' });
    const user = await buildUser(h.db, { role: 'staff' });
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page, context } = await h.newPage({ viewport: TABLET });
    await signInAs(page, h.baseUrl, user.username, '/stand');
    await page.getByLabel('Verfahren', { exact: true }).selectOption(slug);
    await page.getByLabel('Stadtteil').locator('option[value="bensberg"]').waitFor({ state: 'attached' });
    await page.getByLabel('Ort', { exact: true }).fill('Spielplatzfest Bensberg');
    await page.getByLabel('Stadtteil').selectOption('bensberg');
    await page.getByRole('button', { name: 'Markttag anlegen' }).click();
    await page.getByRole('heading', { name: 'Spielplatzfest Bensberg' }).waitFor();
    await badge(page).getByText('Alles gesendet').waitFor();

    const said = 'Der Spielplatz an der Laurentiusstraße braucht Schatten, Bänke für die Großeltern und eine Toilette, die auch sonntags offen ist';
    await context.setOffline(true);
    await noteText(page).fill(said);
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByRole('heading', { name: 'Notizen dieses Markttags (1)' }).waitFor();
    await deleteProcess(h.db, slug, slug, admin.id);
    await context.setOffline(false);

    const refusal = page.locator('.rejected').filter({ hasText: 'Das Verfahren gibt es auf dem Server nicht (mehr).' });
    await refusal.waitFor({ timeout: 30_000 });
    // The list names the note by its start; its end („sonntags offen“) is what staff must read before „Verwerfen“.
    expect(await refusal.innerText()).not.toContain('sonntags offen');
    const disclosure = refusal.getByText('Ganzen Text zeigen', { exact: true });
    expect((await disclosure.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await disclosure.focus();
    await page.keyboard.press('Enter');
    await refusal.getByText(said, { exact: true }).waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
  });
});
