import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SURVEY, SURVEY_TEXTS } from '../../db/seed/default-survey.ts';
import { insertSurvey } from '../../server/features/survey/survey.repo.ts';
import { fillPlaceholders } from '../../shared/i18n/catalog.ts';
import { LANGUAGES, type Language } from '../../shared/languages.ts';
import type { SurveyDefinition } from '../../shared/survey/definition.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, controlNames, formatViolations, startHarness, strayPunctuationSpace, switchLanguage, type BrowserHarness } from './harness.ts';

/** The survey's words in a language, as its catalog has them (shared/i18n/survey/). */
const catalog = (language: Language): Record<string, string> => JSON.parse(readFileSync(new URL(`../../shared/i18n/survey/${language}.json`, import.meta.url), 'utf8'));

/** The survey's own words the test clicks, per language. */
const WORDS = Object.fromEntries(
  (['de', 'tr', 'ar', 'uk'] as const).map((language) => {
    const words = catalog(language);
    const progress = fillPlaceholders(words.progress!, { n: 1, total: 9 });
    return [language, { start: words.start!, next: words.next!, back: words.back!, submit: words.submit!, review: words.reviewTitle!, restored: words.restored!, progress }];
  }),
) as Record<'de' | 'tr' | 'ar' | 'uk', Record<'start' | 'next' | 'back' | 'submit' | 'review' | 'progress' | 'restored', string>>;
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

type Question = SurveyDefinition['sections'][number]['questions'][number];

/** Publishes version 2 of the default survey with one question changed. */
function publishVersion2(h: BrowserHarness, key: string, change: (question: Question) => Question) {
  const processId = (h.db.$client.prepare('select id from processes where slug = ?').get(h.slug) as { id: string }).id;
  const v2: SurveyDefinition = {
    ...DEFAULT_SURVEY,
    version: 2,
    sections: DEFAULT_SURVEY.sections.map((section) => ({ ...section, questions: section.questions.map((question) => (question.key === key ? change(question) : question)) })),
  };
  insertSurvey(h.db, { processId, version: 2, definition: v2, texts: SURVEY_TEXTS, publishedAt: new Date().toISOString() });
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
  return h.db.$client.prepare('select id, client_id, language, stadtteil_key, channel, flags, submitted_on from responses where language = ?').all(language) as Array<{
    id: string;
    client_id: string;
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

const surveyQuestion = (key: string) => DEFAULT_SURVEY.sections.flatMap((section) => section.questions).find((question) => question.key === key)!;
/** A question's title as the survey shows it in a language. */
const questionTitle = (key: string, language: Language) => surveyQuestion(key).title[language]!;
/** An option's label of a question, in Arabic. */
function questionLabel(key: string, option: string) {
  const question = surveyQuestion(key);
  return 'options' in question ? question.options.find((candidate) => candidate.key === option)!.label.ar! : option;
}

/** Whether the full stop of `word` („Abend.“) is drawn right of its last letter, as German reads. */
function fullStopAtEnd(locator: Locator, word: string) {
  return locator.evaluate((root, word) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(word);
      if (at < 0) continue;
      const rect = (start: number) => {
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + 1);
        return range.getBoundingClientRect();
      };
      const stop = rect(at + word.length - 1);
      const letter = rect(at + word.length - 2);
      return stop.left >= letter.right - 1;
    }
    throw new Error(`${word} not found`);
  }, word);
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
    await page.getByRole('button', { name: words.start, exact: true }).waitFor();
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
    // The promise of published results kept: a link to them and, with none released yet, when they come.
    await page.getByRole('link', { name: catalog(lang).toResults! }).waitFor();
    expect(await page.getByRole('link', { name: catalog(lang).toResults! }).getAttribute('href')).toBe(`/p/${h.slug}/ergebnisse?lang=${lang}`);
    await page.getByText(catalog(lang).resultsLater!).waitFor();
    if (options.axe) await expectNoAxeViolations(page);
    expect(await page.evaluate((key) => localStorage.getItem(key), `mitreden.survey.${h.slug}`)).toBeNull();
  }

  it('completes the survey in German, resumes after a reload half-way, and stores language and Stadtteil', async () => {
    const { page } = await h.newPage({ locale: 'de-DE' });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['de', 'ltr']);
    // The tab names the survey once.
    await page.getByRole('button', { name: 'Umfrage starten' }).waitFor();
    expect(await page.title()).toBe('Umfrage: Integrationskonzept Bergisch Gladbach – Mitreden');
    await complete(page, 'de', { axe: true, reloadAfter: 3 });
    const [response] = storedResponses(h, 'de');
    expect(response).toMatchObject({ language: 'de', stadtteil_key: 'gronau', channel: 'online', flags: '[]' });
    expect(response!.submitted_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const answers = h.db.$client.prepare('select question_key from answers where response_id = ? order by question_key').all(response!.id);
    expect(answers.map((row) => (row as { question_key: string }).question_key)).toEqual(['district', 'school-children', 'school-support', 'work-situation', 'work-support']);
    expect(h.db.$client.prepare('select text from contributions where response_id = ?').all(response!.id)).toEqual([{ text: 'Mehr Sprachcafés am Abend.' }]);

    // The thank-you page hands over the receipt of the free text: the code, a copy button and its page.
    const { code } = h.db.$client.prepare('select code from receipts where response_id = ?').get(response!.id) as { code: string };
    const shown = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
    const receipt = page.getByRole('region', { name: 'Ihr Beitragscode' });
    await receipt.getByText(shown, { exact: true }).waitFor();
    // On a phone the code is in view without scrolling, and a reload of the tab shows it again.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => scrollTo(0, 0));
    const codeBox = (await receipt.getByText(shown, { exact: true }).boundingBox())!;
    expect(codeBox.y + codeBox.height).toBeLessThanOrEqual(844);
    await page.reload();
    await receipt.getByText(shown, { exact: true }).waitFor();
    await heading(page).getByText(SURVEY_TEXTS.thanks.title.de).waitFor();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await receipt.getByRole('button', { name: 'Code kopieren' }).click();
    await receipt.getByText('Der Code ist kopiert.').waitFor();
    // The link names the code as it is shown, grouped once.
    expect(await receipt.getByRole('link', { name: 'Ihren Beitrag ansehen' }).getAttribute('href')).toBe(`/p/${h.slug}/beitrag/${shown}?lang=de`);
    await receipt.getByRole('link', { name: 'Ihren Beitrag ansehen' }).click();
    await page.waitForURL(`**/p/${h.slug}/beitrag/${shown}?lang=de`);
    await page.getByText('Mehr Sprachcafés am Abend.').waitFor();
    await page.getByText('Abgegeben am', { exact: false }).getByText('in der Online-Umfrage', { exact: false }).waitFor();
  });

  it('shows the receipt code whole on one line on the thank-you page of a 320×568 phone, in Ukrainian', async () => {
    const { page } = await h.newPage({ locale: 'uk-UA', viewport: { width: 320, height: 568 } });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=uk`);
    await complete(page, 'uk', { axe: false });
    // A code broken after its second dash reads as two: a resident copying it by hand may take the first line only.
    const code = page.locator('.receipt-note .receipt-code');
    await code.waitFor();
    const { height, lineHeight } = await code.evaluate((element) => ({ height: element.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(element).lineHeight) }));
    expect(height).toBeLessThan(1.5 * lineHeight);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  });

  it('speaks Turkish to a browser that prefers Turkish', async () => {
    const { page } = await h.newPage({ locale: 'tr-TR' });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await complete(page, 'tr', { axe: false, reloadAfter: 3 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('tr');
    expect(storedResponses(h, 'tr')).toMatchObject([{ language: 'tr', stadtteil_key: 'gronau', channel: 'online' }]);
  });

  it('says of a survey language nobody has ticked „geprüft“ that no person checked it, not that a machine made it: an admin may have typed it', async () => {
    const { page } = await h.newPage({ locale: 'tr-TR' });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await page.getByText('Bu çeviriyi henüz hiçbir insan kontrol etmedi. Hatalar içerebilir.').waitFor();
    expect(await page.locator('main').innerText()).not.toContain('makine');
  });

  it('lays Arabic out right to left after switching the language, with no axe violations on any page', async () => {
    const { page } = await h.newPage({ locale: 'de-DE' });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage`);
    await page.getByRole('button', { name: WORDS.de.start, exact: true }).waitFor();
    await switchLanguage(page, 'ar');
    await page.getByRole('button', { name: WORDS.ar.start, exact: true }).waitFor();
    // The texts of the survey itself follow (the JSON came in German and one language; Arabic is fetched on the switch).
    await page.locator('.privacy-full > summary').click();
    await page.getByRole('heading', { name: SURVEY_TEXTS.privacy.title.ar! }).waitFor();
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
    await page.getByRole('button', { name: WORDS.de.start, exact: true }).waitFor();
    await moveOn(page, WORDS.de.start);
    while ((await heading(page).innerText()) !== WORDS.de.review) {
      await answerPage(page);
      await moveOn(page, WORDS.de.next);
    }
    const before = storedResponses(h, 'de').length;
    await context.setOffline(true);
    await page.getByRole('button', { name: WORDS.de.submit, exact: true }).click();
    await page.getByText(/Gerade klappt die Verbindung nicht/).first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Jetzt erneut senden' }).waitFor();
    await page.getByText('Lassen Sie diese Seite bitte offen, bis Ihre Antworten gesendet sind.').waitFor();
    // The seconds count down on screen, while a screen reader keeps the sentence it heard once.
    await page.evaluate(() => {
      const seen: Array<[string, string]> = ((window as unknown as { countdown: Array<[string, string]> }).countdown = []);
      const record = () => {
        const spans = document.querySelectorAll('.survey-status .notice span');
        if (spans.length === 2) seen.push([spans[0]!.textContent ?? '', spans[1]!.textContent ?? '']);
      };
      new MutationObserver(record).observe(document.querySelector('.survey-status')!, { subtree: true, childList: true, characterData: true });
    });
    const secondsOf = (text: string) => Number(/(\d+)/.exec(text)?.[1]);
    await expect
      .poll(async () => (await page.evaluate(() => (window as unknown as { countdown: Array<[string, string]> }).countdown)).some(([shown, heard]) => secondsOf(shown) < secondsOf(heard)), { timeout: 60_000 })
      .toBe(true);
    expect(await page.locator('.survey-status [aria-hidden="true"]').count()).toBeLessThanOrEqual(1);
    const kept = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)!), `mitreden.survey.${h.slug}`);
    expect(kept.outbox.body.answers.district).toBe('gronau');
    expect(storedResponses(h, 'de')).toHaveLength(before);
    await context.setOffline(false);
    await heading(page).getByText(SURVEY_TEXTS.thanks.title.de).waitFor({ timeout: 60_000 });
    const after = storedResponses(h, 'de');
    expect(after).toHaveLength(before + 1);
    expect(after.map((row) => row.client_id)).toContain(kept.id);
  });

  it('names an unanswered required question in the chosen language and moves the focus to the summary', async () => {
    publishVersion2(h, 'work-situation', (question) => ({ ...question, required: true }));
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

/** The start button and the summary's "read everything" line, per survey language. */
const START_SCREEN = Object.fromEntries(LANGUAGES.map((language) => [language, { start: catalog(language).start!, more: catalog(language).privacyMore! }])) as Record<Language, { start: string; more: string }>;

describe('the survey on a resident’s phone: pages, history, texts', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  const phone = { width: 390, height: 844 };
  const open = async (lang = 'de') => {
    const { page, context } = await h.newPage({ viewport: phone });
    await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=${lang}`);
    return { page, context };
  };
  /** Moves on until the page with the given question is there. */
  const untilQuestion = async (page: Page, id: string, next: string) => {
    for (let i = 0; i < 10 && (await page.locator(`#${id}`).count()) === 0; i += 1) await moveOn(page, next);
  };
  const focusedText = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '');

  it('puts "Umfrage starten" in view on a 390×844 phone in all nine languages, the privacy notice summarised and the full text one tap away', async () => {
    for (const lang of LANGUAGES) {
      const { page, context } = await open(lang);
      const start = page.getByRole('button', { name: START_SCREEN[lang].start, exact: true });
      await start.waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      const box = (await start.boundingBox())!;
      expect(await page.evaluate(() => scrollY), lang).toBe(0);
      expect(box.y + box.height, `${lang}: the start button ends at ${box.y + box.height} px`).toBeLessThanOrEqual(phone.height);
      // The full notice is folded away, one tap from the summary.
      const firstParagraph = page.getByText(SURVEY_TEXTS.privacy.paragraphs[0]![lang] ?? SURVEY_TEXTS.privacy.paragraphs[0]!.de);
      expect(await firstParagraph.isVisible()).toBe(false);
      await page.getByText(START_SCREEN[lang].more, { exact: true }).click();
      await firstParagraph.waitFor();
      await expectNoAxeViolations(page);
      await context.close();
    }
  });

  it('puts "Umfrage starten" in view on a small 320×640 phone as well, in all nine languages', async () => {
    const small = { width: 320, height: 640 };
    const { page } = await h.newPage({ viewport: small });
    for (const lang of LANGUAGES) {
      await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=${lang}`);
      const start = page.getByRole('button', { name: START_SCREEN[lang].start, exact: true });
      await start.waitFor();
      const box = (await start.boundingBox())!;
      expect(box.y + box.height, `${lang}: the start button ends at ${box.y + box.height} px`).toBeLessThanOrEqual(small.height);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), lang).toBe(0);
    }
    await expectNoAxeViolations(page);
  });

  it('offers the survey as the primary action on the start page', async () => {
    const { page } = await h.newPage({ viewport: phone });
    await page.goto(`${h.baseUrl}/`);
    const survey = page.getByRole('link', { name: 'Zur Umfrage' });
    await survey.waitFor();
    expect(await survey.getAttribute('class')).toBe('button');
    expect(await page.getByRole('link', { name: 'Zum Verfahren' }).getAttribute('class')).toBe('button secondary');
    // First in reading order as well: the one open survey's „Zur Umfrage“ right after the heading, before the introduction.
    expect(await page.locator('main a').first().innerText()).toBe('Zur Umfrage');
    expect(await page.locator('h1 + .start-survey a').innerText()).toBe('Zur Umfrage');
    await expectNoAxeViolations(page);
  });

  it('makes every page a history entry: Back and Forward move between pages, and Back after sending sends nothing again', async () => {
    const { page } = await open('de');
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/responses')) posts.push(request.url());
    });
    await moveOn(page, WORDS.de.start);
    const opening = await heading(page).innerText();
    await untilQuestion(page, 'q-work-idea', WORDS.de.next);
    await answerPage(page);
    const first = await heading(page).innerText();
    await moveOn(page, WORDS.de.next);
    const second = await heading(page).innerText();
    await page.goBack();
    await expect.poll(() => heading(page).innerText()).toBe(first);
    expect(await page.locator('#q-work-idea').inputValue()).toBe('Mehr Sprachcafés am Abend.');
    await page.goForward();
    await expect.poll(() => heading(page).innerText()).toBe(second);
    // Back from the first page goes to the start screen, not off the survey.
    while ((await heading(page).innerText()) !== opening) await page.goBack();
    await page.goBack();
    await page.getByRole('button', { name: WORDS.de.start, exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/p/${h.slug}/umfrage`);
    await page.goForward();
    await expect.poll(() => heading(page).innerText()).toBe(opening);

    while ((await heading(page).innerText()) !== WORDS.de.review) {
      await answerPage(page);
      await moveOn(page, WORDS.de.next);
    }
    await startedMinutesAgo(page, h.slug);
    const before = storedResponses(h, 'de').length;
    // The review page is long: send from its bottom, as a resident does.
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    await page.getByRole('button', { name: WORDS.de.submit, exact: true }).click();
    await heading(page).getByText(SURVEY_TEXTS.thanks.title.de).waitFor({ timeout: 60_000 });
    // The thank-you page opens at its top, its heading focused (10).
    expect(await page.evaluate(() => scrollY)).toBe(0);
    expect(await focusedText(page)).toBe(SURVEY_TEXTS.thanks.title.de);
    expect(storedResponses(h, 'de')).toHaveLength(before + 1);

    await page.goBack();
    await page.getByRole('button', { name: WORDS.de.start, exact: true }).waitFor();
    await page.goBack();
    await page.getByRole('button', { name: WORDS.de.start, exact: true }).waitFor();
    expect(await page.getByRole('button', { name: WORDS.de.submit }).count()).toBe(0);
    expect(posts).toHaveLength(1);
    expect(storedResponses(h, 'de')).toHaveLength(before + 1);
    await expectNoAxeViolations(page);
  });

  it('goes back through the history with the survey\'s own „Zurück“: the phone\'s Back after it leaves the pages as after „Weiter“, never forward again', async () => {
    const { page } = await open('de');
    await moveOn(page, WORDS.de.start);
    const opening = await heading(page).innerText();
    await moveOn(page, WORDS.de.next);
    const second = await heading(page).innerText();
    await moveOn(page, WORDS.de.next);
    const entries = await page.evaluate(() => history.length);
    await moveOn(page, WORDS.de.back);
    expect(await heading(page).innerText()).toBe(second);
    await moveOn(page, WORDS.de.back);
    expect(await heading(page).innerText()).toBe(opening);
    // „Zurück“ went back through the history instead of adding pages to it.
    expect(await page.evaluate(() => history.length)).toBe(entries);
    // The phone's Back from the first page is the start screen, as it is after „Weiter“ (it walked forward through the pages again).
    await page.goBack();
    await page.getByRole('button', { name: WORDS.de.start, exact: true }).waitFor();
    // Forward comes back to the pages, in their order.
    await page.goForward();
    await expect.poll(() => heading(page).innerText()).toBe(opening);
    await page.goForward();
    await expect.poll(() => heading(page).innerText()).toBe(second);
  });

  it('says on the link opened again after sending that answers from this phone arrived, in Leichte Sprache, and lets someone else start afresh', async () => {
    const words = catalog('de-easy');
    const { page, context } = await open('de-easy');
    await moveOn(page, words.start!);
    while ((await heading(page).innerText()) !== words.reviewTitle) {
      await answerPage(page);
      await moveOn(page, words.next!);
    }
    await page.getByRole('button', { name: words.submit!, exact: true }).click();
    await heading(page).getByText(SURVEY_TEXTS.thanks.title['de-easy']!).waitFor({ timeout: 60_000 });
    const sent = storedResponses(h, 'de-easy').length;

    // The next day, say, the poster's QR code again: the start page says the answers arrived, no answer or code on it.
    const again = await context.newPage();
    await again.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=de-easy`);
    const today = new Intl.DateTimeFormat('de', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
    const notice = again.getByText(fillPlaceholders(words.sentBefore!, { date: today }), { exact: true });
    await notice.waitFor();
    expect(await again.getByText('Mehr Sprachcafés am Abend.').count()).toBe(0);
    await expectNoAxeViolations(again);
    // Someone else on the same phone starts as before, with nothing of the answers sent.
    await moveOn(again, words.start!);
    await untilQuestion(again, 'q-work-idea', words.next!);
    expect(await again.locator('#q-work-idea').inputValue()).toBe('');
    expect(storedResponses(h, 'de-easy')).toHaveLength(sent);
  });

  it('shows the "restored" notice once, on the page the resident comes back to', async () => {
    const { page } = await open('de');
    await moveOn(page, WORDS.de.start);
    await answerPage(page);
    await moveOn(page, WORDS.de.next);
    await page.reload();
    await page.getByText(WORDS.de.restored).waitFor();
    await expectNoAxeViolations(page);
    await moveOn(page, WORDS.de.next);
    expect(await page.getByText(WORDS.de.restored).count()).toBe(0);
    await moveOn(page, WORDS.de.back);
    expect(await page.getByText(WORDS.de.restored).count()).toBe(0);
  });

  it('sends nothing that answers nothing: the review page says so in the resident’s language and leads back to the first question', async () => {
    const { page } = await open('ar');
    await moveOn(page, WORDS.ar.start);
    for (let i = 0; i < 15 && (await page.getByRole('button', { name: WORDS.ar.submit, exact: true }).count()) === 0; i += 1) await moveOn(page, WORDS.ar.next);
    const before = storedResponses(h, 'ar').length;
    await page.getByRole('button', { name: WORDS.ar.submit, exact: true }).click();
    const empty = page.locator('.error-summary').getByRole('link', { name: 'لم تُجب عن أي سؤال بعد. يُرجى الإجابة عن سؤال واحد على الأقل قبل الإرسال.' });
    await empty.waitFor();
    await expectNoAxeViolations(page);
    expect(storedResponses(h, 'ar')).toHaveLength(before);
    await empty.click();
    await expect.poll(() => heading(page).innerText()).not.toBe(WORDS.ar.review);
    expect(await page.getByRole('button', { name: WORDS.ar.submit, exact: true }).count()).toBe(0);
    expect(await page.locator('#survey-progress-label').innerText()).toMatch(/1/);
  });

  it('leads back to the review after "Ändern", not through every later page', async () => {
    const { page } = await open('de');
    await moveOn(page, WORDS.de.start);
    for (let i = 0; i < 15 && (await heading(page).innerText()) !== WORDS.de.review; i += 1) {
      await answerPage(page);
      await moveOn(page, WORDS.de.next);
    }
    const sections = page.locator('.review-section');
    expect(await sections.count()).toBeGreaterThan(2);
    // "Ändern" on the first section, then "Weiter": the review again, with the change in it.
    const first = await sections.first().locator('h2').innerText();
    // Each "Ändern" is named after its section as one phrase, the visible word first: „Ändern: Arbeit“, not „Ändern : Arbeit“.
    const names = await controlNames(page);
    const titles = await sections.locator('h2').allInnerTexts();
    expect(names).toEqual(expect.arrayContaining(titles.map((title) => `Ändern: ${title}`)));
    expect(strayPunctuationSpace(names)).toEqual([]);
    await sections.first().getByRole('button', { name: `Ändern: ${first}`, exact: true }).click();
    await expect.poll(() => heading(page).innerText()).toBe(first);
    await moveOn(page, WORDS.de.next);
    expect(await heading(page).innerText()).toBe(WORDS.de.review);
    await page.getByRole('button', { name: WORDS.de.submit, exact: true }).waitFor();
    // A section further down: its page, then the review again, not the pages after it.
    const workSection = sections.filter({ has: page.getByText('Mehr Sprachcafés am Abend.') });
    const workTitle = await workSection.locator('h2').innerText();
    await workSection.getByRole('button', { name: /^Ändern/ }).click();
    await expect.poll(() => heading(page).innerText()).toBe(workTitle);
    await moveOn(page, WORDS.de.next);
    expect(await heading(page).innerText()).toBe(WORDS.de.review);
  });

  // Before, the hint under the ranking question asked the question again („Was ist Ihnen am wichtigsten? … Bringen Sie es in eine
  // Reihen-Folge.“ under „Welches Thema ist Ihnen am wichtigsten? … Bringen Sie die Themen in eine Reihen-Folge.“).
  it('says what to rank once, in the question, and in the hint only how: „Dazu-nehmen“, ↑ and ↓ by their names, and no limit where all four topics may be ranked (Leichte Sprache, German, English)', async () => {
    const expected = { 'de-easy': /\bam wichtigsten\b/g, de: /\bam wichtigsten\b/g, en: /\bmatters? most\b/g } as const;
    for (const [language, asked] of Object.entries(expected)) {
      const words = catalog(language as Language);
      const { page } = await open(language);
      await moveOn(page, words.start!);
      await untilQuestion(page, 'q-priorities', words.next!);
      const group = page.locator('fieldset:has(#q-priorities-ranking-hint)');
      const hint = await page.locator('#q-priorities-ranking-hint').innerText();
      // The question is asked once on screen.
      expect((await group.innerText()).match(asked)?.length, `${language}: ${hint}`).toBe(1);
      // The hint names the buttons as a screen reader hears them; all four topics may be ranked, so it names no limit („höchstens 4“ of four said nothing).
      for (const name of [words.rankingAdd!, words.rankingUp!, words.rankingDown!]) expect(hint, language).toContain(name);
      expect(hint, language).toContain('↑');
      expect(hint, language).not.toMatch(/\d/);
      expect((await group.getAttribute('aria-describedby'))!.split(' '), language).toContain('q-priorities-ranking-hint');
      if (language === 'de-easy') await page.screenshot({ path: '/tmp/survey-ranking-de-easy-390.png', fullPage: true });
    }
  });

  it('ranks with the keyboard only: the hint describes the question, each list is named, moves are announced and keep the focus', async () => {
    const { page } = await open('de');
    await moveOn(page, WORDS.de.start);
    await untilQuestion(page, 'q-priorities', WORDS.de.next);
    const group = page.locator('fieldset:has(#q-priorities-ranking-hint)');
    // The group is the question, described by its help and by how many places it has.
    const described = (await group.getAttribute('aria-describedby'))!.split(' ');
    expect(described).toContain('q-priorities-ranking-hint');
    expect(await page.locator('#q-priorities-ranking-hint').innerText()).toBe('Mit „Hinzufügen“ wählen Sie aus, mit ↑ („Nach oben“) und ↓ („Nach unten“) ändern Sie die Reihenfolge.');
    const rest = page.getByRole('list', { name: 'Noch nicht eingeordnet' });
    const addButtons = rest.getByRole('button', { name: /^Hinzufügen/ });
    const firstLabel = (await rest.locator('.ranking-label').first().innerText()).trim();
    const secondLabel = (await rest.locator('.ranking-label').nth(1).innerText()).trim();
    expect(await controlNames(page)).toContain(`Hinzufügen: ${firstLabel}`);
    // Two options added with the keyboard: Enter on each "Hinzufügen".
    await addButtons.first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('list', { name: 'Ihre Reihenfolge' }).locator('.ranking-label', { hasText: firstLabel }).waitFor();
    // The focus follows the added row in an effect after the render: once it has, the next key goes where the test puts it
    // (focusing the next button before that effect ran sent Enter to the first row instead, and the test waited in vain).
    const focusedRow = () => page.evaluate(() => document.activeElement?.closest('li')?.textContent ?? '');
    await expect.poll(focusedRow).toContain(firstLabel);
    await rest.getByRole('button', { name: new RegExp(`^Hinzufügen.*${secondLabel}`) }).focus();
    await page.keyboard.press('Enter');
    const chosen = page.getByRole('list', { name: 'Ihre Reihenfolge' });
    await chosen.locator('.ranking-label', { hasText: secondLabel }).waitFor();
    await expect.poll(focusedRow).toContain(secondLabel);
    // The second moved up with the keyboard: it is first now, the move is said, and the focus stays on its row.
    await chosen.getByRole('button', { name: new RegExp(`^Nach oben.*${secondLabel}`) }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => chosen.locator('.ranking-label').first().innerText()).toContain(secondLabel);
    await expect.poll(() => page.locator('[aria-live="polite"]').filter({ hasText: secondLabel }).count()).toBeGreaterThan(0);
    // The focus moves in an effect after the render that moved the row: wait for it rather than read it at once.
    await expect.poll(focusedRow).toContain(secondLabel);
    await expectNoAxeViolations(page);
  });

  it('asks for the text when "Anderes" is ticked without one, in the resident’s language', async () => {
    const { page } = await open('tr');
    await moveOn(page, WORDS.tr.start);
    await untilQuestion(page, 'q-work-support', WORDS.tr.next);
    await page.locator('#q-work-support-other-choice').check();
    await page.getByRole('button', { name: WORDS.tr.next, exact: true }).click();
    const message = '“Diğer” seçeneğini işaretlediniz. Lütfen ne demek istediğinizi kısaca alana yazın.';
    await page.locator('.error-summary').getByText(message, { exact: false }).waitFor();
    expect(await page.locator('#q-work-support-error').innerText()).toBe(message);
    await expectNoAxeViolations(page);
    await page.locator('.error-summary a').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-work-support-other');
    expect(await page.locator('#q-work-support-other').getAttribute('aria-invalid')).toBe('true');
    await page.locator('#q-work-support-other').fill('Mentorluk');
    await moveOn(page, WORDS.tr.next);
  });

  // Before, the Arabic survey laid a resident's German words out right to left: „.Mehr Sprachcafés am Abend“ in the text field,
  // on the review page and on the receipt's page, the full stop at the wrong end.
  it('lays a resident’s own words out in their own direction in the Arabic survey: German from the left, Arabic from the right', async () => {
    const { page } = await open('ar');
    await moveOn(page, WORDS.ar.start);
    await untilQuestion(page, 'q-work-idea', WORDS.ar.next);
    const direction = (selector: string) => page.locator(selector).evaluate((el) => getComputedStyle(el).direction);
    await page.locator('#q-work-idea').fill('دروس لغة في المساء.');
    expect(await direction('#q-work-idea')).toBe('rtl');
    await page.locator('#q-work-idea').fill('Mehr Sprachcafés am Abend.');
    expect(await direction('#q-work-idea')).toBe('ltr');
    await page.locator('#q-work-support-other-choice').check();
    await page.locator('#q-work-support-other').fill('Nachbarschaftshilfe.');
    expect(await direction('#q-work-support-other')).toBe('ltr');
    for (let i = 0; i < 15 && (await heading(page).innerText()) !== WORDS.ar.review; i += 1) await moveOn(page, WORDS.ar.next);
    const review = page.locator('.review-section dd');
    expect(await fullStopAtEnd(review.filter({ hasText: 'Mehr Sprachcafés am Abend.' }), 'Abend.')).toBe(true);
    expect(await fullStopAtEnd(review.filter({ hasText: 'Nachbarschaftshilfe.' }), 'hilfe.')).toBe(true);
    await page.getByRole('button', { name: WORDS.ar.submit, exact: true }).click();
    await page.getByRole('link', { name: catalog('ar').receiptLink! }).click({ timeout: 60_000 });
    const quote = page.locator('blockquote.receipt-text', { hasText: 'Mehr Sprachcafés am Abend.' });
    await quote.waitFor();
    expect(await fullStopAtEnd(quote, 'Abend.')).toBe(true);
    // Still marked as written in the survey's language, the language the resident chose.
    expect(await quote.getAttribute('lang')).toBe('ar');
  });

  // Before, the Stadtteil list of every language grouped its places under „Bezirk 1“ … „Bezirk 6“, German in the Arabic survey.
  it('groups the Stadtteile under the survey language\'s word for district, in Arabic and Turkish, the names marked German', async () => {
    for (const [lang, first] of [['ar', 'المنطقة 1'], ['tr', '1. Bölge']] as const) {
      const { page } = await open(lang);
      await moveOn(page, WORDS[lang].start);
      await untilQuestion(page, 'q-district', WORDS[lang].next);
      const groups = await page.locator('#q-district optgroup').evaluateAll((elements) => elements.map((element) => element.getAttribute('label')));
      expect(groups).toHaveLength(6);
      expect(groups[0]).toBe(first);
      expect(groups.filter((label) => label?.includes('Bezirk'))).toEqual([]);
      const places = await page.locator('#q-district optgroup option').evaluateAll((elements) => elements.map((element) => element.getAttribute('lang')));
      expect(new Set(places)).toEqual(new Set(['de']));
    }
  });

  // Before, the Arabic review page joined several choices with a Latin comma („…من الخارج, دورات لغة…“) into one line.
  it('lists several choices one to a line on the Arabic review page, a ranking numbered, and marks the Stadtteil German', async () => {
    const { page } = await open('ar');
    await moveOn(page, WORDS.ar.start);
    await untilQuestion(page, 'q-work-support', WORDS.ar.next);
    await page.locator('#q-work-support').check();
    await page.locator('#q-work-support-1').check();
    await page.locator('#q-work-support-other-choice').check();
    await page.locator('#q-work-support-other').fill('دروس مسائية');
    await untilQuestion(page, 'q-priorities', WORDS.ar.next);
    await page.locator('#q-priorities-bildung-add').click();
    await page.locator('#q-priorities-arbeit-add').click();
    await untilQuestion(page, 'q-district', WORDS.ar.next);
    await page.locator('#q-district').selectOption('gronau');
    for (let i = 0; i < 5 && (await heading(page).innerText()) !== WORDS.ar.review; i += 1) await moveOn(page, WORDS.ar.next);
    const answerTo = (key: string) => page.locator('.review-section div').filter({ has: page.locator('dt', { hasText: questionTitle(key, 'ar') }) }).locator('dd');
    const support = answerTo('work-support');
    const chosen = surveyQuestion('work-support');
    const label = (i: number) => ('options' in chosen ? chosen.options[i]!.label.ar! : '');
    expect(await support.locator('ul > li').allInnerTexts()).toEqual([label(0), label(1), `${SURVEY_TEXTS.labels.other.ar}: \u2068دروس مسائية\u2069`]);
    expect(await support.innerText()).not.toContain(',');
    const ranking = answerTo('priorities').locator('ol > li');
    expect(await ranking.allInnerTexts()).toEqual([questionLabel('priorities', 'bildung'), questionLabel('priorities', 'arbeit')]);
    const place = answerTo('district').locator('[lang="de"]');
    expect(await place.innerText()).toBe('Gronau');
    await expectNoAxeViolations(page);
  });

  it('counts what is left as people see characters, and says so instead of cutting a long paste', async () => {
    const { page } = await open('de');
    await moveOn(page, WORDS.de.start);
    await untilQuestion(page, 'q-work-idea', WORDS.de.next);
    const idea = page.locator('#q-work-idea');
    const count = page.locator('#q-work-idea ~ .char-count');
    await count.getByText('Noch 2000 von 2000 Zeichen').waitFor();
    await idea.fill('Mehr Bänke 👨‍👩‍👧‍👦🇩🇪');
    // 11 letters and spaces, one family, one flag: 13 characters as a person counts them.
    await count.getByText('Noch 1987 von 2000 Zeichen').waitFor();
    const pasted = 'x'.repeat(2004) + '👍';
    await idea.fill(pasted);
    await count.getByText('5 Zeichen zu viel. Bitte kürzen Sie den Text.').waitFor();
    // Nothing was cut off.
    expect(await idea.inputValue()).toBe(pasted);
    expect(await idea.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: WORDS.de.next, exact: true }).click();
    expect(await page.locator('#q-work-idea-error').innerText()).toBe('Der Text ist zu lang. Bitte kürzen Sie ihn.');
    await idea.fill('x'.repeat(1999) + '👨‍👩‍👧‍👦');
    await count.getByText('Noch 0 von 2000 Zeichen').waitFor();
    await moveOn(page, WORDS.de.next);
  });

  it('shows admins how many questionnaires each check flagged', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    buildResponse(h.db, { flags: ['too_fast'] });
    buildResponse(h.db, { flags: ['too_fast', 'pow_missing'] });
    buildResponse(h.db, { flags: ['honeypot'] });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${h.baseUrl}/login?next=/admin/p/${h.slug}/verfahren`);
    await page.getByLabel('Benutzername').fill(admin.username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByLabel('Passwort').press('Enter');
    await page.waitForURL(`**/admin/p/${h.slug}/verfahren`);
    const checks = page.getByRole('region', { name: 'Prüfungen der Fragebögen' });
    // What the database holds, responses of the tests before included.
    const count = (where: string) => (h.db.$client.prepare(`select count(*) n from responses where ${where}`).get() as { n: number }).n;
    const flaggedBy = (flag: string) => String(count(`exists (select 1 from json_each(flags) where value = '${flag}')`));
    expect(count("flags <> '[]'")).toBeGreaterThanOrEqual(3);
    await checks.getByText(`${count("flags <> '[]'")} von ${count('1=1')} Fragebögen sind markiert`, { exact: false }).waitFor();
    const row = (label: RegExp) => checks.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label }) }).getByRole('cell');
    expect(await row(/^Zu schnell ausgefüllt/).innerText()).toBe(flaggedBy('too_fast'));
    expect(await row(/^Verstecktes Feld/).innerText()).toBe(flaggedBy('honeypot'));
    expect(await row(/^Ohne Rechenaufgabe/).innerText()).toBe(flaggedBy('pow_missing'));
    expect(await row(/zweites Mal/).innerText()).toBe(flaggedBy('pow_reused'));
    expect(Number(flaggedBy('too_fast'))).toBeGreaterThanOrEqual(2);
    await expectNoAxeViolations(page);
  });
});

describe('a ranking of fewer places than options', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
    // Version 2 of the default survey ranks only the two topics that matter most of the four.
    publishVersion2(h, 'priorities', (question) => ({ ...question, maxRanked: 2 }));
  });
  afterAll(() => h?.close());

  it('says how many may be chosen, and offers no more once they are (German and Leichte Sprache at 390×844)', async () => {
    for (const language of ['de', 'de-easy'] as const) {
      const words = catalog(language);
      const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=${language}`);
      await moveOn(page, words.start!);
      for (let i = 0; i < 10 && (await page.locator('#q-priorities').count()) === 0; i += 1) await moveOn(page, words.next!);
      const hint = page.locator('#q-priorities-ranking-hint');
      expect(await hint.innerText(), language).toContain(language === 'de' ? 'höchstens 2' : 'höchstens 2 auswählen');
      const rest = page.locator('ul[aria-labelledby="q-priorities-ranking-rest"]');
      const add = rest.getByRole('button', { name: new RegExp(`^${words.rankingAdd!}`) });
      await add.first().click();
      await add.first().click();
      await expect.poll(() => add.first().isDisabled(), { message: language }).toBe(true);
    }
  });
});
