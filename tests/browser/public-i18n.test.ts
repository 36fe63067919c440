import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_LABELS, PHASE_TITLES, PROCESS_DESCRIPTION, PROCESS_TITLE } from '../../db/seed/process-texts.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, formatViolations, startHarness, switchLanguage, type BrowserHarness } from './harness.ts';

/** `lang` and `dir` of the document. */
const documentLanguage = (page: Page) => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);

async function expectNoAxeViolations(page: Page) {
  expect(formatViolations(await axeViolations(page))).toBe('');
}

describe('public pages in the residents’ languages', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('shows the process page in Arabic for ?lang=ar, right to left, and carries the language into the survey and back', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.baseUrl}/p/${h.slug}?lang=ar`);
    await page.getByRole('heading', { level: 1, name: PROCESS_TITLE.ar }).waitFor();
    expect(await documentLanguage(page)).toEqual(['ar', 'rtl']);
    await page.getByText(PROCESS_DESCRIPTION.ar!).waitFor();
    await page.getByText(`حاليًا: المرحلة 2 من 4 – ${PHASE_TITLES[2]!.ar}`).waitFor();
    expect(await page.locator('[aria-current="step"] .phase-status').innerText()).toBe('المرحلة الحالية');
    await page.getByRole('listitem').filter({ hasText: FIELD_LABELS['bildung-schulisch']!.ar }).first().waitFor();
    await page.getByText('هذه الترجمة آلية ولم يراجعها إنسان بعد.').waitFor();
    // Proper names stay: the Stadtteile are German, and say so for screen readers.
    expect(await page.getByText('Bärbroich', { exact: true }).getAttribute('lang')).toBe('de');
    await page.getByRole('heading', { level: 3, name: 'المنطقة 4' }).waitFor();
    await page.getByRole('button', { name: 'اللغة · Language: العربية', exact: true }).waitFor();
    await expectNoAxeViolations(page);

    const survey = page.getByRole('link', { name: 'شارك في الاستطلاع الآن' });
    expect(await survey.getAttribute('href')).toBe(`/p/${h.slug}/umfrage?lang=ar`);
    await survey.click();
    await page.getByRole('button', { name: 'ابدأ الاستطلاع', exact: true }).waitFor();
    await page.locator('h1').getByText(PROCESS_TITLE.ar!).waitFor();
    expect(await documentLanguage(page)).toEqual(['ar', 'rtl']);
    await page.goto(`${h.baseUrl}/`);
    await page.getByRole('heading', { level: 1, name: 'شارك برأيك – بيرغيش غلادباخ' }).waitFor();
    expect(await documentLanguage(page)).toEqual(['ar', 'rtl']);
    await expectNoAxeViolations(page);
  });

  // Before, „(Stadtteile)“ sat bare in the Arabic and Ukrainian headings: a screen reader read the German word with Arabic or Ukrainian sounds.
  it('marks the German word „Stadtteile“ quoted in the Stadtteile heading as German, left to right, in the languages that quote it; not in German', async () => {
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    const heading = page.locator('h2', { hasText: 'Stadtteile' });
    for (const language of ['ar', 'uk', 'tr', 'en'] as const) {
      await page.goto(`${h.baseUrl}/p/${h.slug}?lang=${language}`);
      await heading.waitFor();
      const quoted = heading.locator('bdi');
      expect(await quoted.evaluate((word) => [word.textContent, word.getAttribute('lang'), word.getAttribute('dir')]), language).toEqual(['Stadtteile', 'de', 'ltr']);
      // The heading reads as before, the language's own word first.
      expect((await heading.innerText()).replace(/[\u2066-\u2069]/g, ''), language).toMatch(/^\S.* \(Stadtteile\)$/);
    }
    for (const language of ['de', 'de-easy'] as const) {
      await page.goto(`${h.baseUrl}/p/${h.slug}?lang=${language}`);
      await page.locator('h1').waitFor();
      expect(await page.locator('main h2 bdi[lang="de"]').count(), language).toBe(0);
    }
  });

  // Before, „Jetzt bei der Umfrage mit-machen“ broke at the hyphen on a 390 px phone: „mit-“ at a line's end, „machen“ on the next.
  it('keeps Leichte Sprache\'s hyphenated words whole on the process page\'s „Jetzt bei der Umfrage mit-machen“ on 390 and 360 px phones, its name unchanged', async () => {
    const takePart = JSON.parse(readFileSync(new URL('../../shared/i18n/public/de-easy.json', import.meta.url), 'utf8')).takePart as string;
    for (const width of [390, 360]) {
      const { page } = await h.newPage({ viewport: { width, height: 844 } });
      await page.goto(`${h.baseUrl}/p/${h.slug}?lang=de-easy`);
      const link = page.getByRole('link', { name: takePart, exact: true });
      await link.waitFor();
      // Each hyphenated word's first and last letter on one line.
      const split = await link.evaluate((element) => {
        const text = element.textContent!;
        const lineOf = (at: number) => {
          const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(), seen = 0; node; seen += node.textContent!.length, node = walker.nextNode()) {
            if (at < seen + node.textContent!.length) {
              const range = document.createRange();
              range.setStart(node, at - seen);
              range.setEnd(node, at - seen + 1);
              return Math.round(range.getBoundingClientRect().top);
            }
          }
          return -1;
        };
        return [...text.matchAll(/\p{L}+(?:-\p{L}+)+/gu)].filter((m) => lineOf(m.index) !== lineOf(m.index + m[0].length - 1)).map((m) => m[0]);
      });
      expect(split, `${width} px`).toEqual([]);
      expect(await link.innerText(), `${width} px`).toBe(takePart);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${width} px`).toBe(0);
    }
  });

  it('leads back from the survey to the process page in the survey’s language', async () => {
    const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    h.db.$client.prepare('update processes set closes_on = ? where slug = ?').run(yesterday, h.slug);
    try {
      const { page } = await h.newPage();
      await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=ar`);
      const back = page.getByRole('link', { name: 'إلى صفحة العملية' });
      expect(await back.getAttribute('href')).toBe(`/p/${h.slug}?lang=ar`);
      await back.click();
      await page.getByRole('heading', { level: 1, name: PROCESS_TITLE.ar }).waitFor();
      await page.getByText('الاستطلاع الإلكتروني غير مفتوح حاليًا.').waitFor();
      expect(await documentLanguage(page)).toEqual(['ar', 'rtl']);
    } finally {
      h.db.$client.prepare('update processes set closes_on = null where slug = ?').run(h.slug);
    }
  });

  it('speaks Turkish on the start page to a Turkish browser', async () => {
    const { page } = await h.newPage({ locale: 'tr-TR' });
    await page.goto(`${h.baseUrl}/`);
    await page.getByRole('heading', { level: 1, name: 'Söz sizde: Bergisch Gladbach' }).waitFor();
    expect(await documentLanguage(page)).toEqual(['tr', 'ltr']);
    await page.getByRole('heading', { level: 2, name: PROCESS_TITLE.tr }).waitFor();
    expect(await page.getByRole('link', { name: 'Sürece git' }).getAttribute('href')).toBe(`/p/${h.slug}?lang=tr`);
    expect(await page.getByRole('link', { name: 'Ankete git' }).getAttribute('href')).toBe(`/p/${h.slug}/umfrage?lang=tr`);
    expect(await page.title()).toBe('Başlangıç – Mitreden');
  });

  it('switches the process page’s language in place, and keeps the login page and the stall area German', async () => {
    const staff = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage();
    await page.goto(`${h.baseUrl}/p/${h.slug}`);
    await page.getByRole('heading', { level: 1, name: PROCESS_TITLE.de }).waitFor();
    expect(await documentLanguage(page)).toEqual(['de', 'ltr']);
    await expectNoAxeViolations(page);
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    await switchLanguage(page, 'uk');
    await page.getByRole('heading', { level: 1, name: PROCESS_TITLE.uk }).waitFor();
    await page.getByText(`Зараз: етап 2 з 4 – ${PHASE_TITLES[2]!.uk}`).waitFor();
    expect(await documentLanguage(page)).toEqual(['uk', 'ltr']);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('uk');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await page.getByRole('link', { name: 'Взяти участь в опитуванні' }).getAttribute('href')).toBe(`/p/${h.slug}/umfrage?lang=uk`);
    // Switching to Arabic and back to German in place turns the page around and back.
    await switchLanguage(page, 'ar');
    await page.getByRole('heading', { level: 1, name: PROCESS_TITLE.ar }).waitFor();
    expect(await documentLanguage(page)).toEqual(['ar', 'rtl']);
    await switchLanguage(page, 'uk');
    await page.getByRole('heading', { level: 1, name: PROCESS_TITLE.uk }).waitFor();

    // The staff sign-in link leads to a German login page, in the same tab, without a reload.
    await page.getByRole('link', { name: 'Увійти (для працівників)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    expect(await documentLanguage(page)).toEqual(['de', 'ltr']);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await page.locator('.site-footer').innerText()).toContain('Ohne Tracking');
    await page.getByLabel('Benutzername').fill(staff.username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL('**/stand**');
    await page.getByRole('heading', { level: 1, name: 'Markttag wählen' }).waitFor();
    expect(await documentLanguage(page)).toEqual(['de', 'ltr']);
    // A full load of the stall area stays German too, while the public pages remember Ukrainian.
    await page.goto(`${h.baseUrl}/stand`);
    await page.getByRole('heading', { level: 1, name: 'Markttag wählen' }).waitFor();
    expect(await documentLanguage(page)).toEqual(['de', 'ltr']);
    await page.goto(`${h.baseUrl}/login`);
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    expect(await documentLanguage(page)).toEqual(['de', 'ltr']);
    await page.goto(`${h.baseUrl}/`);
    await page.getByRole('heading', { level: 1, name: 'Ваш голос — Бергіш-Гладбах' }).waitFor();
    expect(await documentLanguage(page)).toEqual(['uk', 'ltr']);
  });

  it('keeps the process page German and says so in German when Türkçe cannot load because the connection dropped; back online the same choice works', async () => {
    const { page, context } = await h.newPage();
    await page.goto(`${h.baseUrl}/p/${h.slug}`);
    await page.getByRole('heading', { level: 1, name: PROCESS_TITLE.de }).waitFor();
    await context.setOffline(true);
    await switchLanguage(page, 'tr');
    await page.getByRole('status').getByText('Türkçe lässt sich gerade nicht laden: Die Verbindung fehlt. Bitte versuchen Sie es gleich noch einmal.').waitFor();
    // No Turkish switch over German words, and no Turkish voice for them.
    expect(await documentLanguage(page)).toEqual(['de', 'ltr']);
    await page.getByRole('button', { name: 'Sprache · Language: Deutsch', exact: true }).waitFor();
    await page.getByRole('heading', { level: 1, name: PROCESS_TITLE.de }).waitFor();
    expect(new URL(page.url()).searchParams.get('lang')).toBeNull();

    await context.setOffline(false);
    await switchLanguage(page, 'tr');
    await page.getByRole('heading', { level: 1, name: PROCESS_TITLE.tr }).waitFor();
    expect(await documentLanguage(page)).toEqual(['tr', 'ltr']);
    await page.getByRole('button', { name: 'Dil · Language: Türkçe', exact: true }).waitFor();
    expect(await page.getByRole('status').getByText('Türkçe').count()).toBe(0);
    await expectNoAxeViolations(page);
  });

  it('finds no axe violations on the start page in German and on the not-found page in Arabic', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.baseUrl}/`);
    await page.getByRole('heading', { level: 2, name: PROCESS_TITLE.de }).waitFor();
    expect(await documentLanguage(page)).toEqual(['de', 'ltr']);
    await expectNoAxeViolations(page);
    await page.goto(`${h.baseUrl}/gibt-es-nicht?lang=ar`);
    await page.getByRole('heading', { level: 1, name: 'الصفحة غير موجودة' }).waitFor();
    expect(await documentLanguage(page)).toEqual(['ar', 'rtl']);
    await expectNoAxeViolations(page);
  });
  it('marks a text shown in German for want of a translation as German, left to right, on the process page and in the survey', async () => {
    const db = h.db.$client;
    const before = db.prepare('select p.description, s.definition from processes p join surveys s on s.process_id = p.id where p.slug = ?').get(h.slug) as { description: string; definition: string };
    const question = (JSON.parse(before.definition) as { sections: Array<{ questions: Array<{ title: Record<string, string> }> }> }).sections[1]!.questions[0]!;
    db.prepare("update processes set description = json('{\"de\":\"Nur auf Deutsch beschrieben.\"}') where slug = ?").run(h.slug);
    db.prepare("update surveys set definition = json_remove(definition, '$.sections[1].questions[0].title.ar') where process_id = (select id from processes where slug = ?)").run(h.slug);
    try {
      const { page } = await h.newPage();
      await page.goto(`${h.baseUrl}/p/${h.slug}?lang=ar`);
      const description = page.getByText('Nur auf Deutsch beschrieben.', { exact: true });
      await description.waitFor();
      expect(await description.evaluate((element) => [element.getAttribute('lang'), element.getAttribute('dir')])).toEqual(['de', 'ltr']);
      // A translated text keeps the page's language and direction.
      expect(await page.getByRole('heading', { level: 1 }).evaluate((element) => [element.getAttribute('lang'), element.getAttribute('dir')])).toEqual([null, null]);

      await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=ar`);
      await page.getByRole('button', { name: 'ابدأ الاستطلاع', exact: true }).click();
      await page.getByRole('button', { name: 'التالي', exact: true }).click();
      const title = page.getByText(question.title.de!, { exact: true });
      await title.waitFor();
      expect(await title.evaluate((element) => [element.getAttribute('lang'), element.getAttribute('dir')])).toEqual(['de', 'ltr']);
    } finally {
      db.prepare('update processes set description = ? where slug = ?').run(before.description, h.slug);
      db.prepare('update surveys set definition = ? where process_id = (select id from processes where slug = ?)').run(before.definition, h.slug);
    }
  });

  it('marks a process\'s title and phases shown in German for want of a translation as German, on the start, process, measures and privacy pages (WCAG 3.1.2)', async () => {
    const db = h.db.$client;
    const process = db.prepare('select id, title from processes where slug = ?').get(h.slug) as { id: string; title: string };
    const phase = db.prepare('select title from phases where process_id = ? and nr = 2').get(process.id) as { title: string };
    db.prepare("update processes set title = json_remove(title, '$.tr') where id = ?").run(process.id);
    db.prepare("update phases set title = json_remove(title, '$.tr') where process_id = ? and nr = 2").run(process.id);
    const german = (locator: ReturnType<Page['locator']>) => locator.evaluate((element) => [element.getAttribute('lang'), element.getAttribute('dir')]);
    try {
      const { page } = await h.newPage();
      await page.goto(`${h.baseUrl}/?lang=tr`);
      const card = page.getByRole('heading', { level: 2, name: PROCESS_TITLE.de });
      await card.waitFor();
      expect(await german(card)).toEqual(['de', 'ltr']);

      await page.goto(`${h.baseUrl}/p/${h.slug}?lang=tr`);
      await page.getByRole('heading', { level: 1, name: PROCESS_TITLE.de }).waitFor();
      // The phase's German title inside the Turkish sentence, and only the title: „Aşama 2: …“ stays Turkish.
      const inPhases = page.locator('.phases strong bdi', { hasText: PHASE_TITLES[2]!.de! });
      await inPhases.waitFor();
      expect(await german(inPhases)).toEqual(['de', 'ltr']);
      expect(await page.locator('.phases strong').nth(1).getAttribute('lang')).toBeNull();
      const inCurrent = page.locator('main p bdi', { hasText: PHASE_TITLES[2]!.de! });
      expect(await german(inCurrent)).toEqual(['de', 'ltr']);
      // A phase translated keeps the page's language.
      expect(await page.locator('.phases strong bdi').first().getAttribute('lang')).toBeNull();

      await page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=tr`);
      const inHeading = page.locator('h1 bdi', { hasText: PROCESS_TITLE.de });
      await inHeading.waitFor();
      expect(await german(inHeading)).toEqual(['de', 'ltr']);
      expect(await german(page.locator('.breadcrumb a'))).toEqual(['de', 'ltr']);

      await page.goto(`${h.baseUrl}/datenschutz?lang=tr`);
      const listed = page.getByRole('link', { name: PROCESS_TITLE.de, exact: true });
      await listed.waitFor();
      expect(await german(listed)).toEqual(['de', 'ltr']);
      expect(await german(page.locator('main li bdi', { hasText: PROCESS_TITLE.de }))).toEqual(['de', 'ltr']);
      await expectNoAxeViolations(page);
    } finally {
      db.prepare('update processes set title = ? where id = ?').run(process.title, process.id);
      db.prepare('update phases set title = ? where process_id = ? and nr = 2').run(phase.title, process.id);
    }
  });

  it('marks the survey’s own texts shown in German for want of a translation (the privacy notice) as German, left to right', async () => {
    const db = h.db.$client;
    const where = 'process_id = (select id from processes where slug = ?)';
    const before = db.prepare(`select texts from surveys where ${where}`).get(h.slug) as { texts: string };
    const german = JSON.parse(before.texts) as { privacy: { title: { de: string }; paragraphs: Array<{ de: string }> } };
    db.prepare(`update surveys set texts = json_remove(texts, '$.privacy.title.ar', '$.privacy.paragraphs[0].ar') where ${where}`).run(h.slug);
    try {
      const { page } = await h.newPage();
      await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=ar`);
      await page.getByRole('button', { name: 'ابدأ الاستطلاع', exact: true }).waitFor();
      await page.locator('.privacy-full summary').click();
      const langDir = (element: Element) => [element.getAttribute('lang'), element.getAttribute('dir')];
      expect(await page.getByRole('heading', { level: 2, name: german.privacy.title.de }).evaluate(langDir)).toEqual(['de', 'ltr']);
      expect(await page.getByText(german.privacy.paragraphs[0]!.de, { exact: true }).evaluate(langDir)).toEqual(['de', 'ltr']);
      // A translated paragraph keeps the page's language and direction.
      expect(await page.locator('.privacy-full p').nth(1).evaluate(langDir)).toEqual([null, null]);
    } finally {
      db.prepare(`update surveys set texts = ? where ${where}`).run(before.texts, h.slug);
    }
  });
});

describe('an archived process for residents', () => {
  // A harness of its own: the public process with a closed survey would stand on the start page beside the default one.
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('says on an archived process’s page, on a phone, and on its survey, that the survey is over, in German and Arabic; a closed survey of a public process is closed „gerade“', async () => {
    const archived = buildProcess(h.db);
    h.db.$client.prepare("update processes set status = 'archived' where slug = ?").run(archived);
    const closed = buildProcess(h.db);
    h.db.$client.prepare("update processes set status = 'public', closes_on = '2020-01-31' where slug = ?").run(closed);
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    // „gerade nicht geöffnet“ told residents who came by an old link or poster to try again later.
    await page.goto(`${h.baseUrl}/p/${archived}`);
    await page.getByText('Dieses Verfahren ist abgeschlossen: Die Online-Umfrage ist beendet.').waitFor();
    expect(await page.getByText('gerade nicht geöffnet', { exact: false }).count()).toBe(0);
    await page.goto(`${h.baseUrl}/p/${archived}?lang=ar`);
    await page.getByText('انتهت هذه العملية: انتهى الاستطلاع الإلكتروني.').waitFor();
    await expectNoAxeViolations(page);
    await page.goto(`${h.baseUrl}/p/${closed}?lang=de`);
    await page.getByText('Die Online-Umfrage ist gerade nicht geöffnet.').waitFor();

    // A poster's link to the survey says the same.
    await page.goto(`${h.baseUrl}/p/${archived}/umfrage?lang=de`);
    await page.getByRole('heading', { level: 1, name: 'Die Umfrage ist beendet' }).waitFor();
    await page.getByText('Dieses Verfahren ist abgeschlossen; wir nehmen keine Antworten mehr an.', { exact: false }).waitFor();
    await page.goto(`${h.baseUrl}/p/${archived}/umfrage?lang=ar`);
    await page.getByRole('heading', { level: 1, name: 'انتهى الاستطلاع' }).waitFor();
    await expectNoAxeViolations(page);
    await page.goto(`${h.baseUrl}/p/${closed}/umfrage?lang=de`);
    await page.getByRole('heading', { level: 1, name: 'Die Umfrage ist gerade geschlossen' }).waitFor();
  });
});
