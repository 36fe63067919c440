import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ar from '../../shared/i18n/default-process/ar.json';
import de from '../../shared/i18n/default-process/de.json';
import deEasy from '../../shared/i18n/default-process/de-easy.json';
import publicAr from '../../shared/i18n/public/ar.json';
import { buildResponse } from '../factories/responses.ts';
import { buildDotVoteItem, buildMarketDayItem } from '../factories/stall.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { signIn as signInAgent } from '../helpers/app.ts';
import { axeViolations, brokenWords, formatViolations, signInAs, startHarness, type BrowserHarness } from './harness.ts';

/**
 * Released results in the browser: an admin picks questions, previews and releases them; residents
 * read the snapshot in Arabic (right to left) and in Leichte Sprache on a phone, with the charts,
 * their tables and the downloads, and axe finds nothing. Later answers do not change what they see.
 */

const PHONE = { width: 390, height: 844 };
/** Text without the marks that keep a left-to-right piece („< 5“) whole in Arabic (U+2066…U+2069): invisible, not read aloud. */
const withoutIsolates = (text: string) => text.replace(/[\u2066-\u2069]/g, '');
const shot = async (page: Page, name: string) => {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${name}.png`, fullPage: true });
};

describe('released results', () => {
  let h: BrowserHarness;
  /** Released through the API before the tests, so the residents' tests do not rest on the admin's one. */
  let snapshotUrl = '';

  beforeAll(async () => {
    h = await startHarness();
    await buildUser(h.db, { role: 'admin', username: 'admin' });
    const steps: Record<number, number> = { 5: 11, 4: 14, 3: 7, 2: 5, 1: 2 };
    let i = 0;
    for (const [step, n] of Object.entries(steps)) {
      for (let k = 0; k < n; k += 1, i += 1) {
        buildResponse(h.db, {
          stadtteil: ['gronau', 'bensberg', 'refrath'][i % 3]!,
          language: (['de', 'ar', 'tr'] as const)[i % 3]!,
          answers: { 'work-situation': Number(step), 'age-band': ['18-29', '30-49', '50-64'][i % 3]!, priorities: i % 2 ? ['arbeit', 'bildung'] : ['bildung', 'teilhabe'] },
        });
      }
    }
    const admin = await signInAgent(h.app, 'admin', TEST_PASSWORD);
    const released = await admin.inject({
      method: 'POST',
      url: `/api/admin/processes/${h.slug}/snapshots`,
      payload: {
        id: randomUUID(),
        title: { de: 'Ergebnisse für Bürgerinnen und Bürger', ar: 'النتائج الأولى للاستبيان', 'de-easy': 'Die ersten Ergebnisse' },
        intro: { de: 'Was die ersten Wochen der Umfrage zeigen.', ar: 'ما تظهره الأسابيع الأولى من الاستبيان.', 'de-easy': 'Das haben die Menschen in den ersten Wochen gesagt.' },
        selection: { questions: ['work-situation', 'priorities', 'age-band'], dotVotes: true },
      },
    });
    expect(released.statusCode, released.body).toBe(201);
    snapshotUrl = `/p/${h.slug}/ergebnisse/${released.json().id}`;
  });
  afterAll(() => h?.close());

  it('is chosen, previewed and released by an admin, and listed on the public page', async () => {
    const { page } = await h.newPage({ viewport: { width: 1024, height: 900 } });
    await signInAs(page, h.baseUrl, 'admin', `/admin/p/${h.slug}/ergebnisse`);
    await page.getByRole('heading', { level: 1, name: /Ergebnisse veröffentlichen/ }).waitFor();
    // „Vorschau“ waits for what it needs and stays in the keyboard's way, saying what that is; Enter on it shows nothing yet.
    const previewButton = page.getByRole('button', { name: 'Vorschau' });
    const lacking = () => previewButton.evaluate((button) => (button.getAttribute('aria-disabled') === 'true' ? document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent : null));
    expect(await lacking()).toBe('Für die Vorschau fehlen noch ein Titel, eine Einleitung und mindestens eine Frage oder die Klebepunkte.');
    await page.getByLabel('Einleitung (Deutsch, Pflicht)').fill('Was die ersten Wochen der Umfrage zeigen.');
    // From the introduction by Tab only: past the other languages' fold and the questions to „Vorschau“.
    for (let i = 0; i < 40 && !(await previewButton.evaluate((button) => button === document.activeElement)); i += 1) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await lacking()).toBe('Für die Vorschau fehlen noch ein Titel und mindestens eine Frage oder die Klebepunkte.');
    expect(await page.getByRole('heading', { name: 'Vorschau (noch nicht veröffentlicht)' }).count()).toBe(0);
    await page.getByLabel('Titel (Deutsch, Pflicht)').fill('Erste Ergebnisse der Umfrage');
    await page.getByText('Titel und Einleitung in weiteren Sprachen (leer: Deutsch)').click();
    await page.locator('#snapshot-title-ar').fill('النتائج الأولى للاستبيان');
    await page.locator('#snapshot-intro-ar').fill('ما تظهره الأسابيع الأولى من الاستبيان.');
    await page.locator('#snapshot-title-de-easy').fill('Die ersten Ergebnisse');
    await page.locator('#snapshot-intro-de-easy').fill('Das haben die Menschen in den ersten Wochen gesagt.');
    for (const key of ['work-situation', 'priorities', 'age-band'] as const) {
      await page.getByRole('checkbox', { name: de.survey.questions[key].title }).check();
    }
    expect(await page.getByRole('button', { name: 'Freigeben', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Vorschau' }).click();
    await page.getByRole('heading', { level: 2, name: 'Vorschau (noch nicht veröffentlicht)' }).waitFor();
    await page.locator('.snapshot-preview .question-figure').nth(2).waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.getByRole('button', { name: 'Freigeben', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Freigeben' }).click();
    await page.getByText('Freigegeben: „Erste Ergebnisse der Umfrage“').waitFor();
    const link = page.getByRole('article', { name: 'Erste Ergebnisse der Umfrage' }).getByRole('link', { name: 'Öffentliche Seite' });
    const releasedUrl = (await link.getAttribute('href'))!;
    expect(releasedUrl).toMatch(new RegExp(`^/p/${h.slug}/ergebnisse/[0-9a-f-]{36}$`));

    const list = await h.newPage({ viewport: PHONE });
    await list.page.goto(`${h.baseUrl}/p/${h.slug}?lang=de`);
    await list.page.getByRole('link', { name: 'Ergebnisse ansehen' }).click();
    await list.page.getByRole('heading', { level: 2, name: 'Erste Ergebnisse der Umfrage' }).waitFor();
    expect(await list.page.getByRole('link', { name: 'Ergebnisse ansehen: Erste Ergebnisse der Umfrage' }).getAttribute('href')).toBe(`${releasedUrl}?lang=de`);
    expect(formatViolations(await axeViolations(list.page))).toBe('');
    // In Ukrainian, which the title was not given in, the link's German title is marked German inside the Ukrainian sentence.
    await list.page.goto(`${h.baseUrl}/p/${h.slug}/ergebnisse?lang=uk`);
    const open = list.page.getByRole('link', { name: 'Переглянути результати: Erste Ergebnisse der Umfrage' });
    expect(await open.getByText('Erste Ergebnisse der Umfrage').getAttribute('lang')).toBe('de');
    expect(await open.getAttribute('lang')).toBeNull();
  });

  it('asks before withdrawing a release, also when Enter is pressed in the reason’s field; „Abbrechen“ keeps it public', async () => {
    const admin = await signInAgent(h.app, 'admin', TEST_PASSWORD);
    const released = await admin.inject({
      method: 'POST',
      url: `/api/admin/processes/${h.slug}/snapshots`,
      payload: { id: randomUUID(), title: { de: 'Stand im Mai' }, intro: { de: 'Was bis Mai gesagt wurde.' }, selection: { questions: ['work-situation'], dotVotes: false } },
    });
    expect(released.statusCode, released.body).toBe(201);
    const id = released.json().id as string;
    const withdrawnOn = () => (h.db.$client.prepare('select withdrawn_on from result_snapshots where id = ?').get(id) as { withdrawn_on: string | null }).withdrawn_on;
    const { page } = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await signInAs(page, h.baseUrl, 'admin', `/admin/p/${h.slug}/ergebnisse`);
    const card = page.getByRole('article', { name: 'Stand im Mai' });
    const reason = card.getByLabel('Grund für das Zurückziehen (öffentlich sichtbar)');
    await reason.fill('Zahlen doppelt gezählt');
    // Enter in the field sends its form: it withdrew the release at once, for good, with the reason public.
    await reason.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Ergebnisse zurückziehen?' });
    await dialog.waitFor();
    expect(await dialog.locator('p').textContent()).toBe(
      '„Stand im Mai“ verschwindet von der Ergebnisseite, und die Daten zum Herunterladen sind nicht mehr abrufbar. Der Link sagt dann, dass die Ergebnisse zurückgezogen wurden: „Zahlen doppelt gezählt“. Das lässt sich nicht rückgängig machen.',
    );
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(withdrawnOn()).toBeNull();

    await card.getByRole('button', { name: 'Zurückziehen' }).click();
    await dialog.getByRole('button', { name: 'Zurückziehen' }).click();
    await card.getByText('Zurückgezogen am', { exact: false }).waitFor();
    expect(withdrawnOn()).not.toBeNull();
  });

  it('reads right to left in Arabic on a phone, with the survey’s own translations, charts, tables and downloads, and passes axe', async () => {
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}${snapshotUrl}?lang=ar`);
    await page.getByRole('heading', { level: 1, name: 'النتائج الأولى للاستبيان' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    // The question in the survey's Arabic, its table, and its summary in Arabic.
    const figure = page.locator('#q-work-situation');
    await figure.getByRole('heading', { name: ar.survey.questions['work-situation'].title }).waitFor();
    await figure.getByRole('table', { name: `جدول: ${ar.survey.questions['work-situation'].title}` }).waitFor();
    expect(await figure.locator('.question-summary').innerText()).toMatch(/الوسيط/);
    // A small group is withheld, in Arabic words around the "< 5".
    expect(withoutIsolates(await figure.locator('td.suppressed').first().innerText())).toBe('< 5');
    // The three questions as links in Arabic, folded under one line; the last one's link leads to its figure.
    const index = page.locator('details.question-index');
    expect(await index.locator('summary').innerText()).toBe('نظرة عامة على جميع الأسئلة (3)');
    await index.locator('summary').click();
    expect(await index.getByRole('link').allInnerTexts()).toEqual((['work-situation', 'priorities', 'age-band'] as const).map((key) => ar.survey.questions[key].title));
    await index.getByRole('link', { name: ar.survey.questions['age-band'].title }).click();
    await expect.poll(() => page.locator('#q-age-band').evaluate((el) => Math.abs(el.getBoundingClientRect().top) < 50), { timeout: 10_000 }).toBe(true);
    await page.getByRole('heading', { level: 2, name: 'من شارك' }).waitFor();
    await page.getByRole('link', { name: 'JSON مع المخطط' }).waitFor();
    expect(await page.getByRole('link', { name: 'CSV (جدول)' }).getAttribute('href')).toMatch(/data\.csv\?lang=ar$/);
    // Nothing wider than the phone but the tables' own scroll areas, each saying so in Arabic.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // On a 320 px phone at 200 % text the ranking's table (each answer above its numbers on a phone) is wider than the screen: it scrolls in its frame and says so in Arabic.
    await page.setViewportSize({ width: 320, height: 844 });
    const session = await page.context().newCDPSession(page);
    await session.send('Page.enable');
    await session.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    await page.locator('.scroll-cue').first().waitFor();
    const cues = await page.locator('.scroll-cue').allInnerTexts();
    expect(new Set(cues.map((cue) => cue.replace('⇆', '').trim()))).toEqual(new Set([publicAr.resultsScrollCue]));
    await session.send('Page.setFontSizes', { fontSizes: { standard: 16, fixed: 13 } });
    await page.setViewportSize(PHONE);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await shot(page, 'ergebnisse-ar-390');
  });

  // Before, the licence's German name sat bare in the Arabic sentence: a screen reader read „Datenlizenz Deutschland“ with Arabic sounds.
  it('marks the licence\'s German name and the attribution as German, left to right, in the Arabic and Ukrainian downloads; not on the German page', async () => {
    const { page } = await h.newPage({ viewport: PHONE });
    const licence = page.locator('#data-title + p bdi').first();
    const marks = (element: typeof licence) => element.evaluate((e) => [e.textContent, e.getAttribute('lang'), e.getAttribute('dir')]);
    for (const language of ['ar', 'uk'] as const) {
      await page.goto(`${h.baseUrl}${snapshotUrl}?lang=${language}`);
      await page.locator('#data-title').waitFor();
      const parts = page.locator('#data-title + p bdi');
      expect(await marks(parts.first()), language).toEqual(['Datenlizenz Deutschland – Namensnennung – Version 2.0', 'de', 'ltr']);
      expect(await marks(parts.nth(1)), language).toEqual(['Stadt Bergisch Gladbach', 'de', 'ltr']);
      // The licence's own text is German too: the link says so before it is followed.
      expect(await page.locator('a[rel~="license"]').getAttribute('hreflang'), language).toBe('de');
      expect(formatViolations(await axeViolations(page)), language).toBe('');
    }
    await page.goto(`${h.baseUrl}${snapshotUrl}?lang=de`);
    await page.locator('#data-title').waitFor();
    expect(await marks(licence)).toEqual(['Datenlizenz Deutschland – Namensnennung – Version 2.0', null, null]);
  });

  // Before, the chart showed „< 5“ while its table and the note explaining it showed the sign right of the 5, as Arabic text
  // turns a lone „<“ around: a resident could not tell whether the two meant the same.
  it('shows a withheld count in Arabic as „< 5“ with the sign left of the number in the chart, its table and the note alike', async () => {
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}${snapshotUrl}?lang=ar`);
    const figure = page.locator('#q-work-situation');
    await figure.locator('td.suppressed').first().waitFor();
    const sides = await figure.evaluate((root) => {
      const found: string[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent!;
        const sign = text.indexOf('<');
        if (sign < 0) continue;
        const left = (at: number) => {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          return range.getBoundingClientRect().left;
        };
        found.push(`${node.parentElement!.closest('td, li, .bar-row')?.tagName ?? 'P'}: ${left(sign) < left(text.indexOf('5', sign)) ? 'sign left' : 'sign right'}`);
      }
      return found;
    });
    // The bar, the table's cell and the note below the table.
    expect([...new Set(sides.map((side) => side.split(': ')[0]))]).toEqual(expect.arrayContaining(['DIV', 'TD', 'LI']));
    expect(sides.filter((side) => !side.endsWith('sign left'))).toEqual([]);
  });

  // Before, the words before the title and the title were two flex items of the button, each given half its width:
  // „Ergebnis|se ansehen:“ beside „Zwischensta|nd der Beteiligung“, in Arabic the colon alone on a line.
  it('reads the list’s „Ergebnisse ansehen: …“ as one sentence on a 360 px phone, no word broken, in German, Turkish and Arabic', async () => {
    const { page } = await h.newPage({ viewport: { width: 360, height: 740 } });
    for (const language of ['de', 'tr', 'ar']) {
      await page.goto(`${h.baseUrl}/p/${h.slug}/ergebnisse?lang=${language}`);
      const link = page.locator(`a.button[href^="${snapshotUrl}"]`).first();
      await link.waitFor();
      expect(await brokenWords(link), language).toEqual([]);
      // The colon stays on the line of the word it follows.
      const colonWithItsWord = await link.evaluate((element) => {
        const node = [...element.querySelectorAll('*'), element].flatMap((el) => [...el.childNodes]).find((child) => child.nodeType === Node.TEXT_NODE && child.textContent!.includes(':'))!;
        const top = (at: number) => {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          return Math.round(range.getBoundingClientRect().top);
        };
        const colon = node.textContent!.indexOf(':');
        return top(colon) === top(colon - 1);
      });
      expect(colonWithItsWord, language).toBe(true);
    }
  });

  it('says on the Polish list and release at 390 px that some texts are only in German, where a release has no Polish title; not on the German list', async () => {
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${h.baseUrl}/p/${h.slug}/ergebnisse?lang=pl`);
    await page.locator(`a.button[href^="${snapshotUrl}"]`).first().waitFor();
    // Its title and introduction stand in German: the page says why, before the first release.
    const note = page.getByText('Niektóre teksty są tu na razie tylko po niemiecku.');
    await note.waitFor();
    expect(await note.evaluate((element) => element.compareDocumentPosition(document.querySelector('main h2')!) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();
    // So does the release's own page, under its German heading and introduction.
    await page.goto(`${h.baseUrl}${snapshotUrl}?lang=pl`);
    await page.getByRole('heading', { level: 1, name: 'Ergebnisse für Bürgerinnen und Bürger' }).waitFor();
    await note.waitFor();
    await page.goto(`${h.baseUrl}/p/${h.slug}/ergebnisse?lang=de`);
    await page.locator(`a.button[href^="${snapshotUrl}"]`).first().waitFor();
    expect(await page.getByText('nur auf Deutsch').count()).toBe(0);
  });

  // Before, the way back to the process page was a 21 px line of text in Arabic, where its title fits one line.
  it('gives the list’s way back to the process page a target of 44 px on a phone', async () => {
    const { page } = await h.newPage({ viewport: { width: 360, height: 740 } });
    for (const language of ['ar', 'de']) {
      await page.goto(`${h.baseUrl}/p/${h.slug}/ergebnisse?lang=${language}`);
      const back = page.locator(`main a[href="/p/${h.slug}?lang=${language}"]`);
      await back.waitFor();
      expect((await back.boundingBox())!.height, language).toBeGreaterThanOrEqual(44);
    }
  });

  it('gives every fold on the released results a target of 44 px, the population figures\' sources too', async () => {
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}${snapshotUrl}?lang=ru`);
    await page.locator('.reference-toggle').waitFor();
    const heights = await page.locator('summary').evaluateAll((folds) => folds.map((fold) => [fold.textContent, fold.getBoundingClientRect().height] as const));
    expect(heights.filter(([, height]) => height < 44)).toEqual([]);
  });

  it('speaks Leichte Sprache on a phone and passes axe; later answers change nothing on it', async () => {
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}${snapshotUrl}?lang=de-easy`);
    await page.getByRole('heading', { level: 1, name: 'Die ersten Ergebnisse' }).waitFor();
    await page.locator('#q-work-situation').getByRole('heading', { name: deEasy.survey.questions['work-situation'].title }).waitFor();
    await page.getByText('Spätere Antworten ändern diese Zahlen nicht.', { exact: false }).waitFor();
    // How many were asked and answered, in words, not as a statistician's „n = 39 … ausgelassen“.
    const sample = await page.locator('#q-work-situation .question-meta').innerText();
    expect(sample).toMatch(/(\d+ Menschen gefragt · \d+ mit Antwort(: .+ mit einer Stufe, .+ mit „keine Angabe“)? · \d+ ohne Antwort|Gefragt: (\d+|< 5|verdeckt) · mit Antwort: (\d+|< 5|verdeckt)(\. Davon mit einer Stufe: .+\. Mit „keine Angabe“: .+)? · ohne Antwort: (\d+|< 5|verdeckt))$/);
    expect(sample).not.toMatch(/n = |ausgelassen/);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await shot(page, 'ergebnisse-de-easy-390');
    const before = await page.locator('main').innerText();

    for (let k = 0; k < 12; k += 1) buildResponse(h.db, { stadtteil: 'refrath', answers: { 'work-situation': 1 } });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Die ersten Ergebnisse' }).waitFor();
    await page.locator('#q-work-situation').waitFor();
    expect(await page.locator('main').innerText()).toBe(before);
  });
  // Before, the Arabic page read Gronau and Bensberg with Arabic sounds in the charts' tables (the other pages mark them German),
  // and its days of the population figures stood joined by a Latin „, “.
  it('marks the Stadtteile in the charts\' tables as German and lists the population figures\' days in the page\'s language, in Arabic; the German page needs no mark', async () => {
    const stadtteile = "update stadtteile set population_date = ? where process_id = (select id from processes where slug = ?)";
    h.db.$client.prepare(stadtteile).run('2025-06-30', h.slug);
    h.db.$client.prepare(`${stadtteile} and key = 'gronau'`).run('2024-12-31', h.slug);
    const staff = await buildUser(h.db, { role: 'staff' });
    const stall = await signInAgent(h.app, staff.username, TEST_PASSWORD);
    const days = ['gronau', 'bensberg'].map((stadtteil, i) => buildMarketDayItem({ date: `2026-06-${12 + i}`, place: `Markt ${stadtteil}`, stadtteil }));
    const votes = days.flatMap((day) => Array.from({ length: 12 }, () => buildDotVoteItem(day.id, { option: 'arbeit' })));
    expect((await stall.inject({ method: 'POST', url: '/api/stall/sync', payload: { items: [...days, ...votes] } })).statusCode).toBe(200);
    const admin = await signInAgent(h.app, 'admin', TEST_PASSWORD);
    const released = await admin.inject({
      method: 'POST',
      url: `/api/admin/processes/${h.slug}/snapshots`,
      payload: { id: randomUUID(), title: { de: 'Wo die Stimmen herkommen', ar: 'من أين تأتي الأصوات' }, intro: { de: 'Stadtteile und Punkte.' }, selection: { questions: ['district'], dotVotes: true } },
    });
    expect(released.statusCode, released.body).toBe(201);
    const url = `${h.baseUrl}/p/${h.slug}/ergebnisse/${released.json().id}`;
    const { page } = await h.newPage({ viewport: PHONE });
    const langOf = (table: string, name: string) => page.locator(table).getByRole('rowheader', { name, exact: true }).or(page.locator(table).getByRole('columnheader', { name, exact: true })).first().getAttribute('lang');
    const reference = page.locator('p').filter({ hasText: /Stichtag|بتاريخ/ });

    await page.goto(`${url}?lang=ar`);
    await page.getByRole('heading', { level: 1, name: 'من أين تأتي الأصوات' }).waitFor();
    expect(await langOf('#q-district table', 'Gronau')).toBe('de');
    expect(await langOf('.chart-figure:has(#dots-field-title) table', 'Bensberg')).toBe('de');
    const dayFormat = new Intl.DateTimeFormat('ar-u-nu-latn', { day: 'numeric', month: 'long', year: 'numeric' });
    const listed = new Intl.ListFormat('ar', { type: 'conjunction' }).format([dayFormat.format(new Date(2024, 11, 31)), dayFormat.format(new Date(2025, 5, 30))]);
    expect(await reference.innerText()).toContain(`بتاريخ ${listed}`);
    expect(await reference.innerText()).not.toMatch(/\d, \d/);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await shot(page, 'ergebnisse-stadtteile-ar-390');

    await page.goto(`${url}?lang=de`);
    await page.getByRole('heading', { level: 1, name: 'Wo die Stimmen herkommen' }).waitFor();
    expect(await langOf('#q-district table', 'Gronau')).toBeNull();
    expect(await langOf('.chart-figure:has(#dots-field-title) table', 'Bensberg')).toBeNull();
    expect(await reference.innerText()).toContain('Stichtag 31. Dezember 2024 und 30. Juni 2025.');
  });
});
