import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { localDay } from '../../server/time.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, signInAs, stallOutbox, startHarness, type BrowserHarness } from './harness.ts';

/**
 * The survey on paper in Chromium: the QR code printed on a questionnaire opens paper entry on the
 * stall tablet for the version and language it was printed in; admins print questionnaires and
 * make QR posters. Screenshots go to SCREENSHOT_DIR when it is set.
 */

const TABLET = { width: 800, height: 1280 };

describe('the survey on paper', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  /** A staff member on the paper entry (version 1) of a new market day of the default process. */
  async function openPaperEntry(date: string, place: string, stadtteil: string, viewport: { width: number; height: number }) {
    const marketDay = randomUUID();
    h.db.$client
      .prepare("insert into market_days (id, process_id, date, place, stadtteil_key, staff, content_hash) values (?, ?, ?, ?, ?, '[]', 'x')")
      .run(marketDay, findProcessBySlug(h.db, h.slug)!.id, date, place, stadtteil);
    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport });
    await signInAs(page, h.baseUrl, user.username, `/stand/markttag/${marketDay}/papier?version=1`);
    return { page, marketDay };
  }

  const shoot = async (page: Page, name: string) => {
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/paper-${name}.png`, fullPage: true });
  };

  it('opens paper entry for the printed version and language from the QR address, on the one market day of today', async () => {
    // Version 2 is current; the questionnaire in hand was printed from version 1, in Arabic.
    const processId = findProcessBySlug(h.db, h.slug)!.id;
    h.db.$client
      .prepare("insert into surveys (process_id, version, definition, texts, published_at) select process_id, 2, json_set(definition, '$.version', 2), texts, published_at from surveys where process_id = ? and version = 1")
      .run(processId);
    const marketDay = randomUUID();
    h.db.$client
      .prepare("insert into market_days (id, process_id, date, place, stadtteil_key, staff, content_hash) values (?, ?, ?, 'Wochenmarkt Bensberg', 'bensberg', '[]', 'x')")
      .run(marketDay, processId, localDay());

    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: TABLET });
    await signInAs(page, h.baseUrl, user.username, `/stand/papier/${h.slug}/1?sprache=ar`);
    await page.waitForURL(`**/stand/markttag/${marketDay}/papier?version=1&sprache=ar`);
    await page.getByText('Fragebogen Version 1.').waitFor();
    expect(await page.getByLabel('Sprache des Fragebogens').inputValue()).toBe('ar');
    await shoot(page, 'stall-entry');
    expect(formatViolations(await axeViolations(page))).toBe('');

    // Printing for this market day: the questionnaire per language and a poster for the market day.
    await page.getByText('Drucken: Fragebogen und QR-Plakat für diesen Markttag').click();
    const arabic = page.getByRole('link', { name: 'PDF العربية' });
    expect(await arabic.getAttribute('href')).toBe(`/api/processes/${h.slug}/survey/print?lang=ar`);
    await page.getByRole('button', { name: 'Plakat anlegen' }).click();
    await page.getByText('Plakat „Wochenmarkt Bensberg“ angelegt').waitFor();
    const poster = await page.getByRole('link', { name: 'A3 Plakat Wochenmarkt Bensberg' }).getAttribute('href');
    expect(poster).toMatch(new RegExp(`^/api/processes/${h.slug}/posters/[a-z0-9]{10}/pdf\\?size=a3$`));
    const pdf = await page.request.get(`${h.baseUrl}${poster}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await shoot(page, 'stall-print');
    expect(formatViolations(await axeViolations(page))).toBe('');
  }, 120_000);

  it('lists the earlier market days to pick from, not crowded out by those planned ahead, and the planned ones apart, nearest first, with their year when it is another', async () => {
    const slug = buildProcess(h.db, { title: 'Papier ohne Markttag heute' });
    const processId = findProcessBySlug(h.db, slug)!.id;
    const insert = h.db.$client.prepare("insert into market_days (id, process_id, date, place, stadtteil_key, staff, content_hash) values (?, ?, ?, ?, 'gronau', '[]', 'x')");
    // No market day today (10 December 2026); two were, nine are planned (the season of next year).
    const planned = ['2026-12-19', '2027-01-09', '2027-01-16', '2027-01-23', '2027-01-30', '2027-02-06', '2027-02-13', '2027-02-20', '2027-02-27'];
    for (const [index, date] of planned.entries()) insert.run(randomUUID(), processId, date, `Geplant ${index + 1}`);
    insert.run(randomUUID(), processId, '2026-11-28', 'Wochenmarkt Gronau');
    insert.run(randomUUID(), processId, '2026-10-03', 'Herbstfest Refrath');

    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: { width: 1024, height: 768 } });
    await page.clock.setFixedTime(new Date('2026-12-10T10:00:00+01:00'));
    await signInAs(page, h.baseUrl, user.username, `/stand/papier/${slug}/1`);
    await page.getByRole('heading', { name: 'Papierfragebogen eingeben' }).waitFor();
    await page.getByText('Heute gibt es noch keinen Markttag.').waitFor();
    const listUnder = (heading: string) => page.locator(`h2:text-is("${heading}") + ul.market-day-list`).locator('a');
    await expect.poll(() => listUnder('Frühere Markttage').allInnerTexts()).toEqual(['Wochenmarkt Gronau\nSa., 28. November', 'Herbstfest Refrath\nSa., 3. Oktober']);
    // The nearest eight planned ones, the next year's with its year.
    expect(await listUnder('Geplante Markttage').allInnerTexts()).toEqual([
      'Geplant 1\nSa., 19. Dezember',
      'Geplant 2\nSa., 9. Januar 2027',
      'Geplant 3\nSa., 16. Januar 2027',
      'Geplant 4\nSa., 23. Januar 2027',
      'Geplant 5\nSa., 30. Januar 2027',
      'Geplant 6\nSa., 6. Februar 2027',
      'Geplant 7\nSa., 13. Februar 2027',
      'Geplant 8\nSa., 20. Februar 2027',
    ]);
    await shoot(page, 'stall-pick-market-day-1024');
    expect(formatViolations(await axeViolations(page))).toBe('');
    // A picked day opens its paper entry for the questionnaire's version.
    await listUnder('Frühere Markttage').first().click();
    await page.waitForURL('**/papier?version=1');
  }, 120_000);

  it('says where staff look that a blank questionnaire is not saved, when they tap „Fragebogen speichern“ at its end', async () => {
    const { page, marketDay } = await openPaperEntry('2026-05-23', 'Wochenmarkt Moitzfeld', 'moitzfeld', { width: 1024, height: 768 });
    const save = page.getByRole('button', { name: 'Fragebogen speichern' });
    await save.scrollIntoViewIfNeeded();
    await save.click();
    const message = page.getByText('Nichts eingetragen – ein leerer Fragebogen wird nicht gespeichert.', { exact: false });
    await message.waitFor();
    // On the screen, below the sync bar: not at the top of a form scrolled out of sight.
    const onScreen = () =>
      message.evaluate((node) => {
        const box = node.getBoundingClientRect();
        return box.top >= document.querySelector('.sync-bar')!.getBoundingClientRect().bottom && box.bottom <= window.innerHeight;
      });
    await expect.poll(onScreen, { timeout: 5_000 }).toBe(true);
    await shoot(page, 'stall-blank-1024');
    expect((h.db.$client.prepare('select count(*) n from responses where market_day_id = ?').get(marketDay) as { n: number }).n).toBe(0);
  }, 120_000);

  it('types each questionnaire in under the language its QR code names, also after one in another language was saved, and counts each once', async () => {
    const processId = findProcessBySlug(h.db, h.slug)!.id;
    const marketDay = randomUUID();
    h.db.$client
      .prepare("insert into market_days (id, process_id, date, place, stadtteil_key, staff, content_hash) values (?, ?, '2026-05-09', 'Stadtteilfest Gronau', 'gronau', '[]', 'x')")
      .run(marketDay, processId);
    const user = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: { width: 1024, height: 768 } });
    // What the QR code of a questionnaire leads to on this market day (PaperLinkPage's redirect).
    const scan = (language: string) => `/stand/markttag/${marketDay}/papier?version=1&sprache=${language}`;
    const language = page.getByLabel('Sprache des Fragebogens');
    const typeIn = async (stadtteil: string) => {
      await page.getByLabel(/In welchem Stadtteil wohnen Sie/).selectOption(stadtteil);
      await page.getByRole('button', { name: 'Fragebogen speichern' }).click();
      // Online it leaves at once, and the message follows it.
      await page.getByText('Fragebogen gespeichert und gesendet.', { exact: false }).waitFor();
    };

    await signInAs(page, h.baseUrl, user.username, scan('tr'));
    expect(await language.inputValue()).toBe('tr');
    await typeIn('gronau');
    // The next questionnaire in the stack is Ukrainian: its code is scanned, the form is still empty.
    await page.goto(`${h.baseUrl}${scan('uk')}`);
    await page.getByRole('heading', { name: 'Papierfragebogen eingeben' }).waitFor();
    expect(await language.inputValue()).toBe('uk');
    // Staff may still pick another language by hand; the list keeps it.
    await language.selectOption('de');
    expect(await language.inputValue()).toBe('de');
    await language.selectOption('uk');
    await typeIn('hand');
    await shoot(page, 'stall-languages');

    await expect
      .poll(() => h.db.$client.prepare("select language, stadtteil_key stadtteil from responses where market_day_id = ? and channel = 'paper' order by language").all(marketDay), { timeout: 30_000 })
      .toEqual([
        { language: 'tr', stadtteil: 'gronau' },
        { language: 'uk', stadtteil: 'hand' },
      ]);
  }, 120_000);

  it('runs what staff copy from an Arabic questionnaire from the right, the German answers from the left, and stores it as written', async () => {
    const { page, marketDay } = await openPaperEntry('2026-05-16', 'Wochenmarkt Hand', 'hand', { width: 1024, height: 768 });
    await page.getByLabel('Sprache des Fragebogens').selectOption('ar');
    const idea = page.getByLabel(/Welche Idee haben Sie für Arbeit/);
    const arabic = 'دورات لغة في المساء، 3 مرات في الأسبوع.';
    await idea.fill(arabic);
    const support = page.getByRole('group', { name: /Was würde Ihnen oder anderen helfen/ });
    await support.getByRole('checkbox', { name: 'Anderes' }).check();
    const other = page.getByLabel('Anderes, und zwar', { exact: true });
    await other.fill('رعاية الأطفال أثناء الدورة');
    /** The direction the field runs in (its text starts at the right edge when it is rtl). */
    const direction = (field: typeof idea) => field.evaluate((element) => getComputedStyle(element).direction);
    expect(await direction(idea)).toBe('rtl');
    expect(await direction(other)).toBe('rtl');
    await shoot(page, 'arabic-1024');
    // German typed into the same field runs from the left again.
    await other.fill('Kinderbetreuung während des Kurses');
    expect(await direction(other)).toBe('ltr');
    await other.fill('رعاية الأطفال أثناء الدورة');
    await page.getByRole('button', { name: 'Fragebogen speichern' }).click();
    await page.getByText('Fragebogen gespeichert und gesendet.', { exact: false }).waitFor({ timeout: 30_000 });
    const texts = () => (h.db.$client.prepare("select c.text from contributions c join responses r on r.id = c.response_id where r.market_day_id = ? order by c.text").all(marketDay) as Array<{ text: string }>).map((row) => row.text);
    await expect.poll(texts, { timeout: 30_000 }).toContain(arabic);
  }, 120_000);

  it('says „Fragebogen gespeichert und gesendet“ once the server has the questionnaire saved offline, politely', async () => {
    const { page, marketDay } = await openPaperEntry('2026-05-30', 'Wochenmarkt Schildgen', 'schildgen', { width: 1024, height: 768 });
    const status = (text: string) => page.getByRole('status').filter({ hasText: text });
    await page.getByLabel(/In welchem Stadtteil wohnen Sie/).selectOption('schildgen');
    await page.context().setOffline(true);
    await page.getByRole('button', { name: 'Fragebogen speichern' }).click();
    // Offline it waits on the tablet, and the form says so until the server took it.
    await status('Fragebogen gespeichert – wird gesendet, sobald es geht.').waitFor();
    await page.locator('.sync-bar').getByText('1 wartet auf Senden').waitFor();
    await page.context().setOffline(false);
    await page.locator('.sync-bar').getByText('Alles gesendet').waitFor({ timeout: 30_000 });
    const sent = status('Fragebogen gespeichert und gesendet.');
    await sent.waitFor();
    expect(await sent.getAttribute('aria-live')).toBe('polite');
    expect((h.db.$client.prepare("select count(*) n from responses where market_day_id = ? and channel = 'paper'").get(marketDay) as { n: number }).n).toBe(1);
    await shoot(page, 'stall-saved-and-sent');
  }, 120_000);

  it('shows a paper questionnaire the server refused in the sync bar in German, and stores each sheet once, whichever staff choose', async () => {
    const { page, marketDay } = await openPaperEntry('2026-06-06', 'Wochenmarkt Paffrath', 'paffrath', { width: 1024, height: 768 });
    const status = (text: string) => page.getByRole('status').filter({ hasText: text });
    const badge = page.getByTestId('sync-badge');
    const papers = () =>
      h.db.$client
        .prepare("select r.client_id id, a.value from responses r join answers a on a.response_id = r.id and a.question_key = 'district' where r.market_day_id = ? and r.channel = 'paper' order by r.id")
        .all(marketDay) as Array<{ id: string; value: string }>;
    const other = await buildUser(h.db, { role: 'staff' });
    const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: other.username, password: TEST_PASSWORD } });
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/stall/sync')) sent.push(...(request.postDataJSON() as { items: Array<{ id: string }> }).items.map((item) => item.id));
    });

    /**
     * Staff type a questionnaire in offline; meanwhile a second tablet sent another questionnaire under
     * its id (a draft both tabs had begun), which the server keeps; online, the server refuses the tablet's.
     */
    async function refusedQuestionnaire() {
      await page.getByLabel(/In welchem Stadtteil wohnen Sie/).selectOption('paffrath');
      await page.context().setOffline(true);
      await page.getByRole('button', { name: 'Fragebogen speichern' }).click();
      await status('Fragebogen gespeichert – wird gesendet, sobald es geht.').waitFor();
      const id = (await stallOutbox(page)).at(-1)!.item.id;
      const response = await h.app.inject({
        method: 'POST',
        url: '/api/stall/sync',
        headers: { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json().csrfToken },
        payload: { items: [{ type: 'paperResponse', id, marketDayId: marketDay, response: { surveyVersion: 1, language: 'de', answers: { district: 'hand' } } }] },
      });
      expect(response.json().results[0].status).toBe('stored');
      await page.context().setOffline(false);
      await status('Fragebogen gespeichert, aber vom Server nicht angenommen').waitFor({ timeout: 30_000 });
      await badge.getByText('1 Eintrag braucht Ihre Entscheidung').waitFor();
      return { id, decision: page.locator('.rejected').filter({ hasText: 'Papierfragebogen' }) };
    }

    // The first sheet is another one than the second tablet's: staff send it as a questionnaire of its own.
    const first = await refusedQuestionnaire();
    // What happened and what each choice does, in German; „Erneut senden“ is not offered, it would only be refused again.
    // Named so staff find the sheet: its language, how many answers it has and when it was typed.
    expect(await first.decision.locator('p').first().textContent()).toMatch(
      /^Papierfragebogen \(\u2068Deutsch\u2069, 1 Antwort, eingegeben \d{2}:\d{2}\): Der Server hat unter dieser Kennung schon einen Fragebogen mit anderen Antworten und behält ihn\.$/,
    );
    expect(await first.decision.getByText('Another response', { exact: false }).count()).toBe(0);
    expect(await first.decision.getByRole('button').allTextContents()).toEqual(['Als eigenen Fragebogen senden', 'Verwerfen']);
    const sendAsOwn = first.decision.getByRole('button', { name: 'Als eigenen Fragebogen senden' });
    expect(await sendAsOwn.getAttribute('aria-describedby')).toBeTruthy();
    expect((await sendAsOwn.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await shoot(page, 'refused');
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await sendAsOwn.click();
    await status('Fragebogen gespeichert und gesendet.').waitFor({ timeout: 30_000 });
    await badge.getByText('Alles gesendet').waitFor();
    expect(asked[0]).toContain('sonst wird er doppelt gezählt');
    // The server's questionnaire kept, the tablet's stored once beside it under an id of its own.
    const afterFirst = papers();
    expect(afterFirst.map((row) => row.value).sort()).toEqual(['"hand"', '"paffrath"']);
    expect(afterFirst.find((row) => row.id === first.id)?.value).toBe('"hand"');

    // The second sheet is the one the server has: staff discard the tablet's copy, and nothing more is stored.
    const second = await refusedQuestionnaire();
    await second.decision.getByRole('button', { name: 'Verwerfen' }).click();
    await status('Fragebogen verworfen – er wird nicht gesendet.').waitFor();
    await badge.getByText('Alles gesendet').waitFor();
    expect(papers().length).toBe(3);
    expect(papers().find((row) => row.id === second.id)?.value).toBe('"hand"');

    // After a reload nothing waits and nothing is sent again: each sheet is stored once.
    await page.reload();
    await badge.getByText('Alles gesendet').waitFor();
    await page.getByTestId('paper-count').getByText('3 Papierfragebögen', { exact: false }).waitFor();
    expect(papers().length).toBe(3);
    expect(sent.filter((id) => id === first.id || id === second.id)).toEqual([first.id, second.id]);
    expect(new Set(sent).size).toBe(sent.length);
  }, 120_000);

  it('numbers the questions of paper entry as the printed questionnaire does, the ones hidden by an answer included', async () => {
    const { page } = await openPaperEntry('2026-05-16', 'Wochenmarkt Refrath', 'refrath', { width: 768, height: 1024 });
    await page.getByRole('group', { name: '1. Wie gut sind in Bergisch Gladbach die Chancen, eine passende Arbeit oder Ausbildung zu finden?' }).waitFor();
    await page.getByRole('group', { name: '7. Gehen Kinder aus Ihrem Haushalt zur Schule?' }).waitFor();
    // Question 8 is asked only after „Ja“ to question 7; the one after it keeps its printed number 9.
    expect(await page.getByRole('group', { name: /^8\. / }).count()).toBe(0);
    await page.getByRole('group', { name: /^9\. Wie gut sind in Bergisch Gladbach die Möglichkeiten, mitzureden/ }).waitFor();
    await page.getByRole('group', { name: '7. Gehen Kinder aus Ihrem Haushalt zur Schule?' }).getByRole('radio', { name: 'Ja', exact: true }).check();
    await page.getByRole('group', { name: '8. Was würde die Schulzeit der Kinder noch besser machen?' }).waitFor();
    await page.getByLabel('17. In welchem Stadtteil wohnen Sie?', { exact: true }).waitFor();
  }, 120_000);

  it('offers the Stadtteile in the order the questionnaire prints them (the alphabet), not grouped by district', async () => {
    const { page } = await openPaperEntry('2026-05-09', 'Wochenmarkt Sand', 'sand', { width: 1024, height: 768 });
    const select = page.getByLabel('17. In welchem Stadtteil wohnen Sie?', { exact: true });
    await select.waitFor();
    const labels = await select.locator('option').allTextContents();
    // The sheet ticks „Alt-Refrath, Asselborn, Bärbroich, …“ down its columns, then „außerhalb“ and „weiß nicht“.
    const stadtteile = labels.slice(1, -2);
    expect(stadtteile.slice(0, 4)).toEqual(['Alt-Refrath', 'Asselborn', 'Bärbroich', 'Bensberg']);
    expect(stadtteile).toEqual([...stadtteile].sort(new Intl.Collator('de').compare));
    expect(stadtteile).toHaveLength(25);
    expect(labels[0]).toBe('nicht angekreuzt');
    expect(labels.slice(-2)).toEqual(['Ich wohne außerhalb von Bergisch Gladbach', 'Weiß ich nicht / keine Angabe']);
    expect(await select.locator('optgroup').count()).toBe(0);
    await select.selectOption({ label: 'Heidkamp' });
    expect(await select.inputValue()).toBe('heidkamp');
  }, 120_000);

  it('takes a ranking as the sheet has it, the number from the box beside each topic, in the printed order, and stores the topics by those numbers', async () => {
    const { page, marketDay } = await openPaperEntry('2026-05-02', 'Wochenmarkt Schildgen', 'schildgen', { width: 1024, height: 768 });
    const ranking = page.getByRole('group', { name: '15. Welche Themen sind Ihnen am wichtigsten? Bringen Sie sie in eine Reihenfolge.' });
    await ranking.waitFor();
    // The topics stand as printed, each with its box: the sheet is copied line by line.
    expect(await ranking.locator('label').allTextContents()).toEqual(['Arbeit & Beschäftigung', 'Bildung', 'Teilhabe und politische Mitbestimmung', 'Freizeit & Kultur']);
    // The resident wrote „2“ beside Arbeit, „1“ beside Bildung, nothing beside Teilhabe, „3“ beside Freizeit.
    await ranking.getByLabel('Arbeit & Beschäftigung').selectOption('2');
    await ranking.getByLabel('Bildung', { exact: true }).selectOption('1');
    await ranking.getByLabel('Freizeit & Kultur').selectOption('3');
    expect(await ranking.getByLabel('Arbeit & Beschäftigung').inputValue()).toBe('2');
    expect(await ranking.getByLabel('Teilhabe und politische Mitbestimmung').inputValue()).toBe('');
    // A number typed at the wrong topic moves: the topic that had it gives it up.
    await ranking.getByLabel('Teilhabe und politische Mitbestimmung').selectOption('3');
    expect(await ranking.getByLabel('Freizeit & Kultur').inputValue()).toBe('');
    await ranking.getByLabel('Teilhabe und politische Mitbestimmung').selectOption('');
    await ranking.getByLabel('Freizeit & Kultur').selectOption('3');
    await shoot(page, 'stall-ranking');
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.getByRole('button', { name: 'Fragebogen speichern' }).click();
    await page.getByText('Fragebogen gespeichert und gesendet.', { exact: false }).waitFor();
    await expect
      .poll(() =>
        h.db.$client
          .prepare("select a.value from answers a join responses r on r.id = a.response_id where r.market_day_id = ? and r.channel = 'paper' and a.question_key = 'priorities'")
          .all(marketDay),
        { timeout: 30_000 },
      )
      .toEqual([{ value: JSON.stringify(['bildung', 'arbeit', 'freizeit']) }]);
  }, 120_000);

  it('shows under each answer of an Arabic or Leichte Sprache sheet its printed words, so staff who read German match the sheet by its look', async () => {
    const { page } = await openPaperEntry('2026-04-25', 'Wochenmarkt Gronau', 'gronau', { width: 1024, height: 768 });
    await page.getByLabel('Sprache des Fragebogens').selectOption('ar');
    const support = page.getByRole('group', { name: /^2\. Was würde Ihnen oder anderen helfen/ });
    const chip = support.locator('label.chip', { hasText: 'Deutschkurse für den Beruf' });
    const printed = chip.locator('.as-printed');
    expect(await printed.textContent()).toBe('دورات لغة ألمانية للعمل');
    expect(await printed.getAttribute('lang')).toBe('ar');
    expect(await support.locator('label.chip', { hasText: 'Anderes' }).locator('.as-printed').textContent()).toBe('غير ذلك');
    const ranking = page.getByRole('group', { name: /^15\. / });
    expect(await ranking.getByLabel(/Bildung/).count()).toBe(1);
    expect(await ranking.locator('label', { hasText: 'Bildung' }).locator('.as-printed').textContent()).toBe('التعليم');
    // The German sheet shows German alone; Leichte Sprache its own words under the German ones.
    await page.getByLabel('Sprache des Fragebogens').selectOption('de');
    expect(await page.locator('.paper-form .as-printed').count()).toBe(0);
    await page.getByLabel('Sprache des Fragebogens').selectOption('de-easy');
    expect(await support.locator('label.chip', { hasText: 'Anerkennung von Berufsabschlüssen aus dem Ausland' }).locator('.as-printed').textContent()).toBe('Zeugnisse aus anderen Ländern gelten auch hier');
    await shoot(page, 'stall-as-printed');
    expect(formatViolations(await axeViolations(page))).toBe('');
  }, 120_000);

  it('lets admins print the questionnaire in every language and make a QR poster for a Stadtteil', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, admin.username, `/admin/p/${h.slug}/verfahren`);
    const section = page.getByRole('region', { name: 'Auf Papier: Fragebögen und QR-Plakate' });
    await section.getByRole('link', { name: 'Großdruck Türkçe' }).waitFor();
    expect(await section.getByRole('link', { name: /^PDF / }).count()).toBe(9);
    // Without a Stadtteil, the choice itself says so: marked, described by the message, the focus in it.
    const stadtteil = section.getByLabel('Stadtteil, in dem das Plakat hängt');
    await section.getByRole('button', { name: 'Plakat anlegen' }).click();
    await section.getByText('Bitte den Stadtteil wählen, in dem das Plakat hängt.').waitFor();
    await expect.poll(() => stadtteil.evaluate((select) => select === document.activeElement)).toBe(true);
    expect(await stadtteil.getAttribute('aria-invalid')).toBe('true');
    expect(await stadtteil.evaluate((select) => document.getElementById(select.getAttribute('aria-describedby')!)?.textContent)).toBe('Bitte den Stadtteil wählen, in dem das Plakat hängt.');
    await stadtteil.selectOption('gronau');
    await section.getByLabel('Sprache des QR-Codes (der Fragebogen öffnet in ihr)').selectOption('tr');
    await section.getByRole('checkbox', { name: 'Deutsch' }).check();
    await section.getByRole('button', { name: 'Plakat anlegen' }).click();
    await section.getByText('Plakat „Gronau“ angelegt').waitFor();
    await section.getByRole('link', { name: 'A4 Plakat Gronau' }).waitFor();
    expect(await stadtteil.getAttribute('aria-invalid')).toBeNull();
    await section.scrollIntoViewIfNeeded();
    await shoot(page, 'admin');
    expect(formatViolations(await axeViolations(page))).toBe('');
  }, 120_000);
});
