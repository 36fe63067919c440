import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SURVEY, SURVEY_TEXTS } from '../../db/seed/default-survey.ts';
import { insertSurvey } from '../../server/features/survey/survey.repo.ts';
import type { SurveyDefinition } from '../../shared/survey/definition.ts';
import { axeViolations, formatViolations, startHarness, type BrowserHarness } from './harness.ts';

/** The survey's own words the test clicks, per language (from client/survey/messages.ts and its locales). */
const WORDS = {
  de: {
    start: 'Umfrage starten',
    next: 'Weiter',
    back: 'Zurück',
    submit: 'Absenden',
    review: 'Ihre Antworten prüfen',
    progress: 'Seite 1 von 9',
    restored: 'Ihre bisherigen Antworten wurden wiederhergestellt.',
  },
  tr: {
    start: 'Ankete başla',
    next: 'İleri',
    back: 'Geri',
    submit: 'Gönder',
    review: 'Cevaplarınızı kontrol edin',
    progress: 'Sayfa 1 / 9',
    restored: 'Önceki cevaplarınız geri yüklendi.',
  },
  ar: { start: 'ابدأ الاستطلاع', next: 'التالي', back: 'رجوع', submit: 'إرسال', review: 'راجع إجاباتك', progress: 'الصفحة 1 من 9', restored: 'تمت استعادة إجاباتك السابقة.' },
} as const;
type Lang = keyof typeof WORDS;

const heading = (page: Page) => page.locator('h1');

async function expectNoAxeViolations(page: Page) {
  expect(formatViolations(await axeViolations(page))).toBe('');
}

/** Clicks a button that moves to another page and waits until the new page's heading is there. */
async function moveOn(page: Page, name: string) {
  const before = await heading(page).innerText();
  await page.getByRole('button', { name, exact: true }).click();
  await expect.poll(() => heading(page).innerText()).not.toBe(before);
}

/** Answers what the given page offers of a small, fixed set of questions; other questions stay unanswered. */
async function answerPage(page: Page) {
  if (await page.locator('#q-work-situation').count()) {
    await page.locator('#q-work-situation-3').check();
    await page.locator('#q-work-support').check();
    await page.locator('#q-work-idea').fill('Mehr Sprachcafés am Abend.');
  }
  if (await page.locator('#q-school-children').count()) {
    await page.locator('#q-school-children').check();
    // Shown only for residents with school children: conditional display at work.
    await page.locator('#q-school-support').check();
  }
  if (await page.locator('#q-district').count()) await page.locator('#q-district').selectOption('gronau');
}

function storedResponses(h: BrowserHarness, language: string) {
  return h.db.$client.prepare('select id, language, stadtteil_key, channel, flags, submitted_on from responses where language = ?').all(language) as Array<{
    id: string;
    language: string;
    stadtteil_key: string;
    channel: string;
    flags: string;
    submitted_on: string;
  }>;
}

/** Pretends the resident started a while ago (the fill time is measured on the device); the reload picks it up. */
async function startedMinutesAgo(page: Page, slug: string) {
  await page.evaluate((key) => {
    const draft = JSON.parse(localStorage.getItem(key)!);
    draft.startedAt -= 5 * 60 * 1000;
    localStorage.setItem(key, JSON.stringify(draft));
  }, `mitreden.survey.${slug}`);
}

describe('resident survey in Chromium', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  /** Start page → every section → review → send → thank-you, checking axe on each page when asked. */
  async function complete(page: Page, lang: Lang, options: { axe: boolean; reloadAfter?: number }) {
    const words = WORDS[lang];
    await heading(page).getByText(SURVEY_TEXTS.privacy.title[lang]!).waitFor();
    if (options.axe) await expectNoAxeViolations(page);
    await moveOn(page, words.start);
    await page.getByText(words.progress, { exact: true }).waitFor();
    let pages = 0;
    while ((await heading(page).innerText()) !== words.review) {
      await answerPage(page);
      if (options.axe) await expectNoAxeViolations(page);
      pages += 1;
      if (pages === options.reloadAfter) {
        const title = await heading(page).innerText();
        await startedMinutesAgo(page, h.slug);
        await page.reload();
        await page.getByText(words.restored).waitFor();
        expect(await heading(page).innerText()).toBe(title);
        // What was answered before the reload is still there.
        await moveOn(page, words.back);
        expect(await page.locator('#q-work-situation-3').isChecked()).toBe(true);
        expect(await page.locator('#q-work-idea').inputValue()).toBe('Mehr Sprachcafés am Abend.');
        await moveOn(page, words.next);
      }
      await moveOn(page, words.next);
      expect(pages).toBeLessThan(12);
    }
    expect(pages).toBe(8);
    if (options.axe) await expectNoAxeViolations(page);
    await page.getByRole('button', { name: words.submit, exact: true }).click();
    await heading(page).getByText(SURVEY_TEXTS.thanks.title[lang]!).waitFor({ timeout: 60_000 });
    // The way back to the process page keeps the survey's language.
    await page.locator(`a[href="/p/${h.slug}?lang=${lang}"]`).waitFor();
    if (options.axe) await expectNoAxeViolations(page);
    expect(await page.evaluate((key) => localStorage.getItem(key), `mitreden.survey.${h.slug}`)).toBeNull();
  }

  it('completes the survey in German, resumes after a reload half-way, and stores language and Stadtteil', async () => {
    const { page } = await h.newPage({ locale: 'de-DE' });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['de', 'ltr']);
    await complete(page, 'de', { axe: true, reloadAfter: 3 });
    const [response] = storedResponses(h, 'de');
    expect(response).toMatchObject({ language: 'de', stadtteil_key: 'gronau', channel: 'online', flags: '[]' });
    expect(response!.submitted_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const answers = h.db.$client.prepare('select question_key from answers where response_id = ? order by question_key').all(response!.id);
    expect(answers.map((row) => (row as { question_key: string }).question_key)).toEqual(['district', 'school-children', 'school-support', 'work-situation', 'work-support']);
    expect(h.db.$client.prepare('select text from contributions where response_id = ?').all(response!.id)).toEqual([{ text: 'Mehr Sprachcafés am Abend.' }]);
  });

  it('speaks Turkish to a browser that prefers Turkish', async () => {
    const { page } = await h.newPage({ locale: 'tr-TR' });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await complete(page, 'tr', { axe: false, reloadAfter: 3 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('tr');
    expect(storedResponses(h, 'tr')).toMatchObject([{ language: 'tr', stadtteil_key: 'gronau', channel: 'online' }]);
  });

  it('lays Arabic out right to left after switching the language, with no axe violations on any page', async () => {
    const { page } = await h.newPage({ locale: 'de-DE' });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await heading(page).getByText(SURVEY_TEXTS.privacy.title.de).waitFor();
    await page.getByLabel('Sprache · Language').selectOption('ar');
    await heading(page).getByText(SURVEY_TEXTS.privacy.title.ar!).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('ar');
    // The layout really mirrors: the start button sits at the right edge of the page.
    const box = (await page.getByRole('button', { name: WORDS.ar.start }).boundingBox())!;
    expect(box.x + box.width).toBeGreaterThan(300);
    await complete(page, 'ar', { axe: true });
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(storedResponses(h, 'ar')).toMatchObject([{ language: 'ar', stadtteil_key: 'gronau', channel: 'online' }]);
  });

  it('keeps the answers and retries when the connection drops while sending', async () => {
    const { page, context } = await h.newPage({ locale: 'it-IT' });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=de`);
    await heading(page).getByText(SURVEY_TEXTS.privacy.title.de).waitFor();
    await moveOn(page, WORDS.de.start);
    while ((await heading(page).innerText()) !== WORDS.de.review) {
      await answerPage(page);
      await moveOn(page, WORDS.de.next);
    }
    const before = storedResponses(h, 'de').length;
    await context.setOffline(true);
    await page.getByRole('button', { name: WORDS.de.submit, exact: true }).click();
    await page.getByText(/Gerade klappt die Verbindung nicht/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Jetzt erneut senden' }).waitFor();
    const kept = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)!), `mitreden.survey.${h.slug}`);
    expect(kept.outbox.body.answers.district).toBe('gronau');
    expect(storedResponses(h, 'de')).toHaveLength(before);
    await context.setOffline(false);
    await heading(page).getByText(SURVEY_TEXTS.thanks.title.de).waitFor({ timeout: 60_000 });
    const after = storedResponses(h, 'de');
    expect(after).toHaveLength(before + 1);
    expect(after.map((row) => row.id)).toContain(kept.id);
  });

  it('names an unanswered required question in the chosen language and moves the focus to the summary', async () => {
    const processId = (h.db.$client.prepare('select id from processes where slug = ?').get(h.slug) as { id: string }).id;
    const v2: SurveyDefinition = {
      ...DEFAULT_SURVEY,
      version: 2,
      sections: DEFAULT_SURVEY.sections.map((section) => ({
        ...section,
        questions: section.questions.map((question) => (question.key === 'work-situation' ? { ...question, required: true } : question)),
      })),
    };
    insertSurvey(h.db, { processId, version: 2, definition: v2, texts: SURVEY_TEXTS, publishedAt: new Date().toISOString() });
    const { page } = await h.newPage({ locale: 'ar' });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await moveOn(page, WORDS.ar.start);
    await moveOn(page, WORDS.ar.next);
    await page.getByRole('button', { name: WORDS.ar.next, exact: true }).click();
    const summary = page.locator('.error-summary');
    await summary.getByText('يُرجى التحقق من إجاباتك').waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectNoAxeViolations(page);
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-work-situation');
    expect(await page.locator('#q-work-situation-error').innerText()).toBe('يُرجى الإجابة عن هذا السؤال.');
    await page.locator('#q-work-situation-4').check();
    await moveOn(page, WORDS.ar.next);
  });
});
