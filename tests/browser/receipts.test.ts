import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import decodeQR from '@paulmillr/qr/decode.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { contributionOutcomes, contributions, fieldsOfAction, measures } from '../../db/schema.ts';
import { findUserByUsername } from '../../server/features/auth/auth.repo.ts';
import { recordContribution } from '../../server/features/contributions/contributions.service.ts';
import { setStatuses } from '../../server/features/measures/measures.service.ts';
import { deleteProcess } from '../../server/features/processes/process-admin.service.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { contentHash } from '../../server/hash.ts';
import { DEFAULT_MEASURE_STATUSES } from '../../shared/measures.ts';
import { formatReceiptCode, makeReceiptCode } from '../../shared/receipts/code.ts';
import { takeUpInMeasure } from '../factories/measures.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, startHarness, switchLanguage, type BrowserHarness } from './harness.ts';

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 1280, height: 800 };
/** Set SCREENSHOTS=folder to keep what the test saw. */
const SHOTS = process.env.SCREENSHOTS;

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function expectNoAxeViolations(page: Page) {
  expect(formatViolations(await axeViolations(page))).toBe('');
}

/** An element's own `lang` and `dir` attributes. */
const langAndDir = (element: Element) => [element.getAttribute('lang'), element.getAttribute('dir')];
const documentLanguage = (page: Page) => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);

describe('receipts in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  /** A stall note as the sync records it, with the code a tablet made; returns the note's id and code. */
  function note(text: string, fields: string[], language: 'de' | 'ar' = 'de') {
    const process = findProcessBySlug(h.db, h.slug)!;
    const id = randomUUID();
    const { code } = recordContribution(h.db, {
      id,
      processId: process.id,
      channel: 'stall',
      text,
      language,
      capturedOn: '2026-05-09',
      stadtteilKey: 'bensberg',
      contentHash: contentHash({ id, text }),
      fieldsOfAction: fields,
      tagSource: 'staff',
      receipt: makeReceiptCode(),
    });
    return { id, code, processId: process.id };
  }

  it('shows a receipt with its outcome and linked measure in German and Arabic at 390 px, without personal data, axe clean', async () => {
    const taken = note('Abendkurse für Deutsch in Bensberg, ruft mich an: 0171 2345678', ['bildung']);
    takeUpInMeasure(h.db, taken.processId, taken.id);

    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(taken.code)}`);
    await page.getByRole('heading', { level: 1, name: 'Ihr Beitrag' }).waitFor();
    await page.getByText(formatReceiptCode(taken.code)).waitFor();
    await page.getByText('Abgegeben am 9. Mai 2026, am Marktstand.').waitFor();
    // The browser tab names the process the contribution went to, as the results page's does.
    await expect.poll(() => page.title()).toBe('Ihr Beitrag – Integrationskonzept Bergisch Gladbach – Mitreden');
    const quote = page.locator('blockquote');
    expect(await quote.innerText()).toContain('Abendkurse für Deutsch in Bensberg');
    expect(await quote.innerText()).not.toContain('2345678');
    await page.getByText('Aufgenommen in diese Maßnahmen:').waitFor();
    await page.getByText('Abendsprachkurse an der VHS').waitFor();
    await page.getByText('Stand: in Umsetzung').waitFor();
    expect(await page.locator('.receipt-measure progress').getAttribute('value')).toBe('40');
    await page.getByText('Entschieden am 21. November 2026.').waitFor();
    // No time of day anywhere on the page.
    expect(await page.locator('main').innerText()).not.toMatch(/\d{1,2}:\d{2}/);
    await expectNoAxeViolations(page);
    await shoot(page, 'receipt-de');

    await switchLanguage(page, 'ar');
    await page.getByRole('heading', { level: 1, name: 'مساهمتك' }).waitFor();
    expect(await documentLanguage(page)).toEqual(['ar', 'rtl']);
    await expect.poll(() => page.title()).toBe('مساهمتك – مفهوم الاندماج في بيرغيش غلادباخ – Mitreden');
    await page.getByText('دورات لغة مسائية في مدرسة تعليم الكبار').waitFor();
    await page.getByText('(ترجمة آلية)').waitFor();
    // The German text stays German and left to right inside the Arabic page.
    expect(await quote.getAttribute('lang')).toBe('de');
    expect(await quote.evaluate((element) => getComputedStyle(element).direction)).toBe('ltr');
    await expectNoAxeViolations(page);
    await shoot(page, 'receipt-ar');

    // A voice nobody decided on yet says so; the page opens in Arabic from the address.
    const open = note('نحتاج إلى دورات لغة للأمهات', []);
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${open.code.toLowerCase()}?lang=ar`);
    await page.getByText('لا يوجد رد بعد.', { exact: false }).waitFor();
    // A code typed in lower case and without dashes settles on its own address.
    await page.waitForURL(`**/p/${h.slug}/beitrag/${formatReceiptCode(open.code)}?lang=ar`);
    await expectNoAxeViolations(page);
    await shoot(page, 'receipt-ar-open');

    // The measure's title leads to its card on the measures page, which scrolls to it and takes the focus.
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(taken.code)}?lang=de`);
    await page.getByRole('link', { name: 'Abendsprachkurse an der VHS' }).click();
    await page.waitForURL(`**/p/${h.slug}/massnahmen?lang=de#m-*`);
    const card = page.locator('article.measure:focus');
    await card.waitFor();
    expect(await card.getByRole('heading', { level: 3 }).innerText()).toContain('Abendsprachkurse an der VHS');
    // In view: the page scrolled down to it (the card is far below the first screen at 390 px).
    await page.waitForFunction(() => {
      const focused = document.activeElement;
      return focused !== null && window.scrollY > 0 && focused.getBoundingClientRect().top < window.innerHeight;
    });
  });

  it('reads a measure\'s German title as German on a Ukrainian receipt page, its progress as words after it, not again in a label that cannot mark it German', async () => {
    const taken = note('Abendkurse für Deutsch in Bensberg', ['bildung']);
    takeUpInMeasure(h.db, taken.processId, taken.id);
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(taken.code)}?lang=uk`);
    const measure = page.locator('.receipt-measure');
    await measure.getByText('Виконано на 40\u00a0%').waitFor();
    // The measure has no Ukrainian title: its German one is marked German where it stands.
    expect(await measure.getByText('Abendsprachkurse an der VHS').getAttribute('lang')).toBe('de');
    // What a screen reader is given: the title as a link, the status and the progress as text; no progress bar named with the title again.
    const spoken = await measure.ariaSnapshot();
    expect(spoken).toContain('link "Abendsprachkurse an der VHS"');
    expect(spoken).toContain('Виконано на 40');
    expect(spoken).not.toContain('progressbar');
    expect(await page.locator('[aria-label*="Abendsprachkurse"]').count()).toBe(0);
    await expectNoAxeViolations(page);
  });

  it('says a working group\'s reason, whom a voice was passed on to and an untranslated measure title are in German, on a Turkish and an Arabic receipt at 390 px', async () => {
    const process = findProcessBySlug(h.db, h.slug)!;
    const declined = note('Abendkurse für Mütter, bitte', ['bildung']);
    h.db.insert(contributionOutcomes).values({ contributionId: declined.id, processId: process.id, kind: 'not_pursued', reason: 'Die VHS bietet solche Kurse schon an.', decidedOn: '2026-11-21' }).run();
    const passed = note('Mehr Busse nach Bensberg', ['bildung']);
    h.db.insert(contributionOutcomes).values({ contributionId: passed.id, processId: process.id, kind: 'passed_on', passedTo: 'Verkehrsausschuss', decidedOn: '2026-11-21' }).run();
    const taken = note('Abendkurse für Deutsch in Bensberg', ['bildung']);
    takeUpInMeasure(h.db, taken.processId, taken.id);

    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(declined.code)}?lang=tr`);
    const outcome = page.locator('.receipt-outcome');
    await outcome.getByText('Die VHS bietet solche Kurse schon an.').waitFor();
    // What a Turkish reader sees after the German reason: that it is German, in Turkish.
    expect(await outcome.innerText()).toContain('Die VHS bietet solche Kurse schon an. (Almanca)');
    await expectNoAxeViolations(page);
    await shoot(page, 'receipt-tr-not-pursued');

    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(passed.code)}?lang=ar`);
    await outcome.getByText('Verkehrsausschuss').waitFor();
    expect(await outcome.innerText()).toContain('(بالألمانية)');
    await shoot(page, 'receipt-ar-passed-on');

    // The measure has an Arabic title (machine translated), but none in Turkish: only the Turkish page says "German".
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(taken.code)}?lang=ar`);
    await page.locator('.receipt-measure').getByText('دورات لغة مسائية في مدرسة تعليم الكبار').waitFor();
    expect(await page.locator('.receipt-measure').innerText()).not.toContain('بالألمانية');
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(taken.code)}?lang=tr`);
    const measure = page.locator('.receipt-measure');
    await measure.getByText('Abendsprachkurse an der VHS').waitFor();
    expect(await measure.innerText()).toContain('(Almanca)');

    // In German and in Leichte Sprache nothing is said: everything there is German.
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(declined.code)}?lang=de-easy`);
    await outcome.getByText('Die VHS bietet solche Kurse schon an.').waitFor();
    expect(await outcome.innerText()).not.toContain('auf Deutsch');
  });

  it('marks a status and a field of action the process words only in German as German on the Arabic receipt and measures pages', async () => {
    // An admin's own status and a child field added with a German name only (the editors have no other field for them).
    const process = findProcessBySlug(h.db, h.slug)!;
    const admin = findUserByUsername(h.db, (await buildUser(h.db, { role: 'admin', username: 'stadt-staende' })).username)!;
    setStatuses(h.db, process, admin, [...DEFAULT_MEASURE_STATUSES.map((status) => ({ ...status })), { key: 'in_review', label: { de: 'in Prüfung' }, translations: {}, concluded: false }]);
    h.db.insert(fieldsOfAction).values({ processId: process.id, key: 'sprachfoerderung', parentKey: 'bildung', label: { de: 'Sprachförderung' }, sortOrder: 99 }).run();
    const taken = note('Mehr Sprachkurse für Mütter am Vormittag', ['bildung', 'sprachfoerderung']);
    const measureId = takeUpInMeasure(h.db, taken.processId, taken.id);
    h.db.update(measures).set({ fieldKey: 'sprachfoerderung', statusKey: 'in_review' }).where(eq(measures.id, measureId)).run();

    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(taken.code)}?lang=ar`);
    const status = page.locator('.receipt-measure .measure-status');
    await status.getByText('in Prüfung', { exact: true }).waitFor();
    expect(await status.innerText()).toBe('الحالة: in Prüfung');
    // Read as German where it stands, the Arabic words around it Arabic.
    expect(await status.getByText('in Prüfung', { exact: true }).evaluate(langAndDir)).toEqual(['de', 'ltr']);
    const fields = page.locator('.receipt-facts dd').first();
    expect(await fields.getByText('Sprachförderung', { exact: true }).evaluate(langAndDir)).toEqual(['de', 'ltr']);
    // The field that has an Arabic name is not marked German.
    expect(await fields.getByText('التعليم', { exact: true }).evaluate((element) => element.closest('[lang]')?.getAttribute('lang'))).toBe('ar');
    await expectNoAxeViolations(page);

    await page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=ar#m-${measureId}`);
    const card = page.locator(`#m-${measureId}`);
    await card.getByText('in Prüfung', { exact: true }).waitFor();
    expect(await card.getByText('in Prüfung', { exact: true }).evaluate(langAndDir)).toEqual(['de', 'ltr']);
    const heading = page.getByRole('heading', { level: 2, name: 'Sprachförderung' });
    expect(await heading.getByText('Sprachförderung').evaluate(langAndDir)).toEqual(['de', 'ltr']);
    // The filters offer them marked German too.
    expect(await page.locator('#filter-status option[value="in_review"]').getAttribute('lang')).toBe('de');
    expect(await page.locator('#filter-field option[value="sprachfoerderung"]').getAttribute('lang')).toBe('de');
    expect(await page.locator('#filter-status option[value="in_progress"]').getAttribute('lang')).toBeNull();
    await shoot(page, 'measures-ar-german-status');
  });

  it('shows a status in Arabic on the Arabic receipt page, right to left, and says when a machine translated it', async () => {
    const process = findProcessBySlug(h.db, h.slug)!;
    const admin = findUserByUsername(h.db, (await buildUser(h.db, { role: 'admin', username: 'stadt-uebersetzt' })).username)!;
    setStatuses(h.db, process, admin, [
      ...DEFAULT_MEASURE_STATUSES.map((status) => ({ ...status })),
      { key: 'in_review', label: { de: 'in Prüfung' }, translations: {}, concluded: false },
      { key: 'in_agreement', label: { de: 'in Abstimmung', ar: 'قيد التنسيق' }, translations: { ar: 'machine' }, concluded: false },
    ]);
    const taken = note('Bessere Busverbindung nach Refrath', ['bildung']);
    const measureId = takeUpInMeasure(h.db, taken.processId, taken.id);
    h.db.update(measures).set({ statusKey: 'in_agreement' }).where(eq(measures.id, measureId)).run();

    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(taken.code)}?lang=ar`);
    const status = page.locator('.receipt-measure .measure-status');
    await status.getByText('قيد التنسيق', { exact: true }).waitFor();
    // Not marked German: it reads in the page's language and direction.
    expect(await status.getByText('قيد التنسيق', { exact: true }).evaluate((element) => [element.closest('[lang]')?.getAttribute('lang'), getComputedStyle(element).direction])).toEqual(['ar', 'rtl']);
    expect(await status.innerText()).toBe('الحالة: قيد التنسيق (ترجمة آلية)');
    // In German the same status reads German, with no note.
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(taken.code)}?lang=de`);
    await status.getByText('in Abstimmung', { exact: true }).waitFor();
    expect(await status.innerText()).toBe('Stand: in Abstimmung');
  });

  it('keeps the example code whole and left to right in an Arabic sentence, in the hint and in the refusal of a malformed code', async () => {
    const { page } = await h.newPage({ viewport: { width: 320, height: 568 } });
    await page.goto(`${h.baseUrl}/p/${h.slug}?lang=ar`);
    const field = page.getByLabel('رمز المساهمة');
    await field.fill('K7M-4QX');
    await page.getByRole('button', { name: 'بحث', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    for (const sentence of [page.locator('#receipt-lookup-hint'), alert]) {
      const example = sentence.locator('bdi', { hasText: 'K7MQ-4X9P-3HTR' });
      // Isolated from the sentence and left to right, so its groups keep their order in a right-to-left line …
      expect(await example.getAttribute('dir')).toBe('ltr');
      // … and on one line, not split at a dash between two lines of the sentence.
      const box = (await example.boundingBox())!;
      const lineHeight = await example.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight));
      expect(box.height).toBeLessThan(lineHeight * 1.5);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(320);
    }
    // A screen reader reads the sentence with the code in it, as one text.
    expect(await field.evaluate((input) => input.getAttribute('aria-describedby'))).toBe('receipt-lookup-hint receipt-lookup-error');
    expect(await page.locator('#receipt-lookup-hint').innerText()).toContain('مثل K7MQ-4X9P-3HTR.');
  });

  it('says so for an unknown or malformed code and looks up a typed code from the process page', async () => {
    const known = note('Mehr Bänke am Busbahnhof', ['freizeit']);
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(makeReceiptCode())}`);
    await page.getByRole('alert').getByText('Zu diesem Code haben wir keinen Beitrag gefunden.', { exact: false }).waitFor();
    // Nothing found, but the address names the process: so does the browser tab.
    await expect.poll(() => page.title()).toBe('Ihr Beitrag – Integrationskonzept Bergisch Gladbach – Mitreden');
    await expectNoAxeViolations(page);
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/OOOO-1111`);
    await page.getByRole('alert').getByText('Das ist kein gültiger Code.', { exact: false }).waitFor();
    // A code read off a card with an O for a 0 is told which characters never occur, not only its length.
    await page.getByRole('alert').getByText('nie 0, O, 1, I oder L', { exact: false }).waitFor();

    await page.goto(`${h.baseUrl}/p/${h.slug}`);
    const field = page.getByLabel('Beitragscode');
    await field.fill('K7M-4QX');
    await page.getByRole('button', { name: 'Nachschlagen' }).click();
    await page.getByRole('alert').getByText('Das ist kein gültiger Code.', { exact: false }).waitFor();
    await field.fill(known.code.toLowerCase());
    await page.getByRole('button', { name: 'Nachschlagen' }).click();
    await page.getByText('Mehr Bänke am Busbahnhof').waitFor();
    await page.getByText('Noch keine Rückmeldung.', { exact: false }).waitFor();
    // The form and its button are gone: the answer's heading has the focus, so a screen reader reads on from there.
    await page.locator('h1:focus').waitFor();
    // So does the refusal of an unknown code typed in the form that answer offers.
    await page.goto(`${h.baseUrl}/p/${h.slug}`);
    await field.fill(formatReceiptCode(makeReceiptCode()));
    await page.getByRole('button', { name: 'Nachschlagen' }).click();
    await page.getByRole('alert').getByText('Zu diesem Code haben wir keinen Beitrag gefunden.', { exact: false }).waitFor();
    await page.locator('h1:focus').waitFor();
  });

  // Before, the Arabic receipt read „اتصلوا بي على [Telefon entfernt] من فضلكم“: German in the middle of the resident's own words.
  it('says what was removed from a voice in the page\'s language, on the Arabic receipt and on the Ukrainian measures page; German keeps the stored words', async () => {
    const voice = note('أنا سمير، اتصلوا بي على 0171 2345678 من فضلكم.', ['bildung'], 'ar');
    const measure = takeUpInMeasure(h.db, voice.processId, voice.id);
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(voice.code)}?lang=ar`);
    const quote = page.locator('blockquote');
    await quote.waitFor();
    expect(await quote.innerText()).toBe('أنا سمير، اتصلوا بي على [تم حذف رقم الهاتف] من فضلكم.');
    expect(await quote.locator('.masked').getAttribute('lang')).toBe('ar');
    await expectNoAxeViolations(page);

    await page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=uk#m-${measure}`);
    const taken = page.locator(`#m-${measure} .measure-contributions`);
    await taken.locator('summary').click();
    const quoted = taken.locator('q', { hasText: 'اتصلوا بي' });
    await quoted.waitFor();
    expect(await quoted.innerText()).toBe('أنا سمير، اتصلوا بي على [номер телефону видалено] من فضلكم.');
    // The Ukrainian words inside the Arabic quote are marked Ukrainian and run left to right.
    expect(await quoted.locator('.masked').evaluate(langAndDir)).toEqual(['uk', 'ltr']);

    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(voice.code)}?lang=de`);
    await quote.waitFor();
    expect(await quote.innerText()).toBe('أنا سمير، اتصلوا بي على [Telefon entfernt] من فضلكم.');
  });

  // Before, the fields were joined by a Latin comma: „التعليم, العمل والتوظيف“ on the Arabic page.
  it('names a voice\'s fields of action as a list of the page\'s language, in Arabic, Turkish and German', async () => {
    const both = note('Sprachkurse für Eltern am Abend', ['bildung', 'arbeit']);
    const labels = h.db.select().from(fieldsOfAction).where(eq(fieldsOfAction.processId, both.processId)).all();
    const label = (key: string, language: 'ar' | 'tr' | 'de') => labels.find((field) => field.key === key)!.label[language]!;
    const { page } = await h.newPage({ viewport: PHONE });
    const fields = page.locator('.receipt-facts div').first().locator('dd');
    for (const language of ['ar', 'tr', 'de'] as const) {
      await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(both.code)}?lang=${language}`);
      await page.locator('blockquote').waitFor();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
      // „العمل والتوظيف والتعليم“, „İş ve istihdam ve Eğitim“, „Arbeit & Beschäftigung und Bildung“: the fields in the order the page lists them.
      const list = new Intl.ListFormat(language, { type: 'conjunction' });
      expect([list.format([label('arbeit', language), label('bildung', language)]), list.format([label('bildung', language), label('arbeit', language)])]).toContain(await fields.innerText());
    }
  });

  it('does not promise a decision for a voice the moderation hid, in Arabic; one decided before it was hidden still says what became of it', async () => {
    const process = findProcessBySlug(h.db, h.slug)!;
    const hidden = note('Werbung: Sprachschule Muster, jetzt anrufen', ['bildung'], 'ar');
    const decided = note('Mehr Abendkurse in Bensberg', ['bildung']);
    h.db.insert(contributionOutcomes).values({ contributionId: decided.id, processId: process.id, kind: 'not_pursued', reason: 'Die VHS bietet solche Kurse schon an.', decidedOn: '2026-11-21' }).run();
    for (const { id } of [hidden, decided]) h.db.update(contributions).set({ status: 'hidden', hiddenReason: 'Werbung' }).where(eq(contributions.id, id)).run();

    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(hidden.code)}?lang=ar`);
    const voice = page.locator('.receipt-voice');
    await voice.getByText('أخفى فريق الإشراف هذه المساهمة', { exact: false }).waitFor();
    // Hidden voices reach no working group: "they read every contribution, the decision will stand here" would not come true.
    expect(await voice.innerText()).not.toContain('لا يوجد رد بعد');
    expect(await page.locator('.receipt-outcome').count()).toBe(0);
    await expectNoAxeViolations(page);
    await shoot(page, 'receipt-ar-hidden');

    await page.goto(`${h.baseUrl}/p/${h.slug}/beitrag/${formatReceiptCode(decided.code)}?lang=de`);
    await voice.getByText('Die Moderation hat diesen Beitrag ausgeblendet', { exact: false }).waitFor();
    await page.locator('.receipt-outcome').getByText('Die VHS bietet solche Kurse schon an.').waitFor();
  });

  it('tells a resident whose process was deleted since that its codes lead to no contribution any more, in German and Turkish', async () => {
    const slug = buildProcess(h.db, { slug: 'sommerfest-2026', title: 'Sommerfest 2026' });
    const processId = findProcessBySlug(h.db, slug)!.id;
    const id = randomUUID();
    const { code } = recordContribution(h.db, {
      id,
      processId,
      channel: 'stall',
      text: 'Mehr Schatten auf dem Festplatz',
      language: 'de',
      capturedOn: '2026-07-04',
      stadtteilKey: null,
      contentHash: contentHash({ id }),
      fieldsOfAction: ['freizeit'],
      tagSource: 'staff',
      receipt: makeReceiptCode(),
    });
    h.db.$client.prepare("update processes set status = 'archived' where id = ?").run(processId);
    await deleteProcess(h.db, slug, slug, (await buildUser(h.db, { role: 'admin' })).id);

    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${slug}/beitrag/${code}`);
    await page.getByRole('alert').getByText('Wurde das Verfahren inzwischen gelöscht, führen seine Codes zu keinem Beitrag mehr.', { exact: false }).waitFor();
    await switchLanguage(page, 'tr');
    await page.getByRole('alert').getByText('Süreç bu arada silindiyse, kodları artık bir katkıya götürmez.', { exact: false }).waitFor();
    await expectNoAxeViolations(page);
  });

  it('shows the code of a note just saved on the stall tablet, and a card whose QR code opens its receipt page', async () => {
    const user = await buildUser(h.db, { role: 'staff' });
    const { page, context } = await h.newPage({ viewport: TABLET });
    await page.goto(`${h.baseUrl}/login?next=${encodeURIComponent('/stand')}`);
    await page.getByLabel('Benutzername').fill(user.username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL('**/stand');
    await page.getByLabel('Ort', { exact: true }).fill('Wochenmarkt Bensberg');
    await page.getByLabel('Stadtteil').selectOption('bensberg');
    await page.getByRole('button', { name: 'Markttag anlegen' }).click();
    await page.getByRole('heading', { name: 'Wochenmarkt Bensberg' }).waitFor();

    // Offline, once the service worker holds the app (the card's QR module included): the tablet makes the code itself.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    });
    await context.setOffline(true);
    await page.getByLabel('Was wurde gesagt?').fill('Ein Jugendtreff in Bensberg fehlt');
    await page.getByLabel('Sprache des Gesprächs').selectOption('tr');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    const status = page.getByRole('status').filter({ hasText: 'Notiz gespeichert' });
    await status.waitFor();
    const shown = await page.locator('.receipt-big').innerText();
    expect(shown).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(await status.innerText()).toContain(`Code für die Person: ${shown}`);
    expect(await page.locator('.receipt-big').evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(28);
    await shoot(page, 'stall-code');

    await page.getByRole('button', { name: 'Karte mit QR-Code', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Karte für die Person' });
    await dialog.waitFor();
    await dialog.getByText(shown, { exact: true }).waitFor();
    // The card is the resident's: written in the language of the conversation, the dialog around it in the staff's.
    const card = dialog.locator('.receipt-card');
    expect(await card.getAttribute('lang')).toBe('tr');
    await card.getByText('Katkı kodunuz', { exact: true }).waitFor();
    await card.getByText('Katkınıza ne olduğunu burada görebilirsiniz:', { exact: true }).waitFor();
    await card.getByRole('img', { name: `${shown} katkısının sayfasına giden QR kodu` }).waitFor();
    await expectNoAxeViolations(page);
    await shoot(page, 'stall-card');
    // Read the QR code back as a phone camera would: drawn to pixels, then decoded.
    const pixels = await page.evaluate(async () => {
      const svg = document.querySelector('.receipt-dialog .receipt-qr')!;
      const image = new Image();
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 400;
      const context2d = canvas.getContext('2d')!;
      context2d.drawImage(image, 0, 0, 400, 400);
      return Array.from(context2d.getImageData(0, 0, 400, 400).data);
    });
    const url = decodeQR({ width: 400, height: 400, data: new Uint8Array(pixels) });
    expect(url).toBe(`${h.baseUrl}/p/${h.slug}/beitrag/${shown}?lang=tr`);
    await dialog.getByRole('button', { name: 'Schließen' }).click();

    // A conversation in Arabic gets an Arabic card, laid out right to left; the code and the address stay left to right.
    await page.getByLabel('Was wurde gesagt?').fill('Mehr Sprachkurse am Abend');
    await page.getByLabel('Sprache des Gesprächs').selectOption('ar');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await expect.poll(() => page.locator('.receipt-big').innerText()).not.toBe(shown);
    await page.getByRole('button', { name: 'Karte mit QR-Code', exact: true }).click();
    const arabic = page.getByRole('dialog', { name: 'Karte für die Person' }).locator('.receipt-card');
    await arabic.getByText('رمز مساهمتك', { exact: true }).waitFor();
    expect(await arabic.evaluate((element) => [element.getAttribute('lang'), getComputedStyle(element).direction])).toEqual(['ar', 'rtl']);
    expect(await arabic.locator('.receipt-card-code').evaluate((element) => getComputedStyle(element).direction)).toBe('ltr');
    await expectNoAxeViolations(page);
    await shoot(page, 'stall-card-ar');
    await page.getByRole('dialog', { name: 'Karte für die Person' }).getByRole('button', { name: 'Schließen' }).click();

    // Back online, the note arrives with the code the person took home.
    await context.setOffline(false);
    await expect.poll(() => h.db.$client.prepare("select code from receipts r join contributions c on c.id = r.contribution_id where c.text = 'Ein Jugendtreff in Bensberg fehlt'").get(), { timeout: 30_000 }).toEqual({ code: shown.replace(/-/g, '') });
    const { page: phone } = await h.newPage({ viewport: PHONE });
    await phone.goto(url);
    await phone.getByRole('heading', { level: 1, name: 'Katkınız' }).waitFor();
    await phone.getByText('Ein Jugendtreff in Bensberg fehlt').waitFor();
  });
});
