import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedSurvey } from '../../shared/api/survey.ts';
import { allQuestions } from '../../shared/survey/definition.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildDotVoteItem, buildMarketDayItem } from '../factories/stall.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { signIn as signInAgent } from '../helpers/app.ts';
import { axeViolations, formatViolations, startHarness, type BrowserHarness } from './harness.ts';

const RANKED = ['arbeit', 'bildung', 'teilhabe', 'freizeit'];
/** Text as read, with the no-break space of "15 %" as a plain one. */
const plain = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');
const RESPONDENTS = 50;

/** Respondent i's answers: a scale spread 6·1, 6·2, 8·3, 10·4, 10·5, 5 "keine Angabe" and 5 left out; a few rare choices that must stay withheld. */
function answersOf(i: number): Record<string, unknown> {
  const scale = i < 6 ? 1 : i < 12 ? 2 : i < 20 ? 3 : i < 30 ? 4 : i < 40 ? 5 : i < 45 ? null : undefined;
  const support = [...(i < 20 ? ['recognition'] : []), ...(i >= 10 && i < 22 ? ['job-german'] : []), ...(i >= 40 && i < 43 ? ['counselling'] : [])];
  // The first 25 put Arbeit first; the rest rotate; everybody ranks three of four.
  const order = i < 25 ? RANKED : [...RANKED.slice(i % 4), ...RANKED.slice(0, i % 4)];
  return {
    'work-situation': scale,
    ...(support.length > 0 ? { 'work-support': support } : {}),
    priorities: order.slice(0, 3),
    'age-band': i < 15 ? '18-29' : i < 40 ? '30-49' : i < 44 ? '65-plus' : undefined,
    'years-in-germany': i < 12 ? '2-5' : 'over-10',
    // 10·1, 15·2, 10·3, 7·4, 3·6 people in the household, 5 left out.
    ...(i < 45 ? { 'household-size': i < 10 ? 1 : i < 25 ? 2 : i < 35 ? 3 : i < 42 ? 4 : 6 } : {}),
  };
}

/** Borda points as the page should rank them, counted here from the answers themselves. */
function expectedRanking(): string[] {
  const points = new Map(RANKED.map((key) => [key, 0]));
  for (let i = 0; i < RESPONDENTS; i += 1) {
    (answersOf(i).priorities as string[]).forEach((key, place) => points.set(key, points.get(key)! + RANKED.length - place));
  }
  return [...points.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
}

describe('Auswertung: a chart per closed question, in Chromium', () => {
  let h: BrowserHarness;
  let survey: PublishedSurvey;
  let admin: string;

  beforeAll(async () => {
    h = await startHarness();
    // Version 2 asks for the household's size as a number, through the survey editor's routes.
    const editor = await signInAgent(h.app, (await buildUser(h.db, { role: 'admin' })).username, TEST_PASSWORD);
    const surveyUrl = `/api/admin/processes/${h.slug}/survey`;
    const draft = (await editor.inject({ method: 'GET', url: `${surveyUrl}/draft` })).json() as { revision: number; texts: unknown; definition: PublishedSurvey };
    const last = draft.definition.sections.at(-1)!;
    const household = { key: 'household-size', type: 'number', required: false, min: 1, max: 12, title: { de: 'Wie viele Menschen leben in Ihrem Haushalt?' } };
    const definition = { ...draft.definition, sections: [...draft.definition.sections.slice(0, -1), { ...last, questions: [...last.questions, household] }] };
    const saved = await editor.inject({ method: 'PUT', url: `${surveyUrl}/draft`, payload: { revision: draft.revision, definition, texts: draft.texts } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await editor.inject({ method: 'POST', url: `${surveyUrl}/publish`, payload: { revision: saved.json().revision } })).statusCode).toBe(201);
    for (let i = 0; i < RESPONDENTS; i += 1) {
      buildResponse(h.db, {
        surveyVersion: 2,
        answers: answersOf(i),
        channel: i < 10 ? 'paper' : 'online',
        language: i < 2 ? 'tr' : 'de',
        stadtteil: i < 20 ? 'gronau' : i < 40 ? 'bensberg' : 'refrath',
      });
    }
    // A market day's fields-of-action board: 12 dots for Arbeit, 3 for Bildung, 8 for Teilhabe.
    const staff = await buildUser(h.db, { role: 'staff' });
    const agent = await signInAgent(h.app, staff.username, TEST_PASSWORD);
    const day = buildMarketDayItem({ date: '2026-06-12', place: 'Wochenmarkt Bensberg', stadtteil: 'bensberg' });
    const votes = [
      ...Array.from({ length: 12 }, () => buildDotVoteItem(day.id, { option: 'arbeit' })), ...Array.from({ length: 3 }, () => buildDotVoteItem(day.id, { option: 'bildung' })),
      ...Array.from({ length: 8 }, () => buildDotVoteItem(day.id, { option: 'teilhabe' })),
    ];
    // Freizeit's dots on four more market days, each in a Stadtteil of its own: the table gets a column per Stadtteil.
    const moreDays = ['gronau', 'refrath', 'herkenrath', 'hand'].map((stadtteil, i) => buildMarketDayItem({ date: `2026-06-${13 + i}`, place: `Markt ${stadtteil}`, stadtteil }));
    const moreVotes = moreDays.flatMap((other) => Array.from({ length: 6 }, () => buildDotVoteItem(other.id, { option: 'freizeit' })));
    const synced = await agent.inject({ method: 'POST', url: '/api/stall/sync', payload: { items: [day, ...votes, ...moreDays, ...moreVotes] } });
    expect(synced.statusCode, synced.body).toBe(200);
    admin = (await buildUser(h.db, { role: 'admin' })).username;
    survey = (await (await fetch(`${h.baseUrl}/api/processes/${h.slug}/survey`)).json()) as PublishedSurvey;
  });
  afterAll(() => h?.close());

  const closedQuestions = () => allQuestions(survey).filter((question) => question.type !== 'text');
  const titleOf = (key: string) => allQuestions(survey).find((question) => question.key === key)!.title.de;

  async function open(width: number, query = '') {
    const { page } = await h.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${h.baseUrl}/login?next=${encodeURIComponent(`/auswertung/p/${h.slug}${query}`)}`);
    await page.getByLabel('Benutzername').fill(admin);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`**/auswertung/p/${h.slug}**`);
    await questionFigure(page, 'work-situation').waitFor();
    return page;
  }
  const questionFigure = (page: Page, key: string) => page.getByRole('figure', { name: titleOf(key), exact: true });
  const overflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);

  for (const width of [390, 1280]) {
    it(`at ${width} px draws every closed question with its chart, n, table and summary; no count under 5 is shown; axe finds nothing`, async () => {
      const page = await open(width);
      for (const question of closedQuestions()) {
        const figure = questionFigure(page, question.key);
        expect(await figure.count(), question.key).toBe(1);
        expect(await figure.locator('.stack, .bars').count(), `chart of ${question.key}`).toBeGreaterThan(0);
        expect(await figure.getByRole('table').count(), `table of ${question.key}`).toBe(1);
        // Counts before their words; where one is withheld, every word before its figure („mit Antwort: verdeckt“).
        expect(await figure.locator('.question-meta').innerText()).toMatch(
          /(\d+ Personen gefragt · \d+ mit Antwort(: \d+ mit einer Stufe, \d+ mit „keine Angabe“)? · \d+ ausgelassen|Gefragt: (\d+|< 5|verdeckt) · mit Antwort: (\d+|< 5|verdeckt)(, davon mit einer Stufe: (\d+|< 5|verdeckt), mit „keine Angabe“: (\d+|< 5|verdeckt))? · ausgelassen: (\d+|< 5|verdeckt))$/,
        );
        // The figure's description, read out with its name, is the one-sentence summary.
        const summaryId = await figure.getAttribute('aria-describedby');
        expect(await page.locator(`#${summaryId}`).innerText()).toMatch(/^[A-ZÄÖÜ0-9].{20,}\.$/);
      }
      // Every published count on the page is at least the threshold; the rest read "< 5" or "verdeckt".
      const counts = await page.locator('main td.count').allInnerTexts();
      expect(counts.length).toBeGreaterThan(30);
      for (const text of counts) expect(Number(/^\d+/.exec(text)![0]), text).toBeGreaterThanOrEqual(5);
      // A withheld statistic never reads „< 5“, which beside a median reads as a value.
      for (const text of await page.locator('main td.suppressed').allInnerTexts()) expect(text).toMatch(/^(< 5|verdeckt|verdeckt \(unter 5 Antworten\))$/);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      // Every control of the filters and the cross-table is a 44 px target.
      for (const control of await page.locator('.results-filters summary, .results-filters select, .results-filters button, #crosstab-question, #crosstab-by').all()) {
        if (await control.isVisible()) expect((await control.boundingBox())!.height, await control.evaluate((el) => el.id || el.textContent)).toBeGreaterThanOrEqual(44);
      }
      expect(formatViolations(await axeViolations(page))).toBe('');
      for (const key of ['work-situation', 'work-support', 'priorities', 'age-band']) await screenshot(questionFigure(page, key), `question-results-${width}-${key}`);
      await screenshot(page.getByRole('region', { name: 'Filter' }), `question-results-${width}-filters`);
    });
  }

  it('shows a scale as one bar of shares with "keine Angabe" apart and the median, multiple choice as shares of those asked, a ranking by Borda points', async () => {
    const page = await open(1280);
    const scale = questionFigure(page, 'work-situation');
    const table = scale.getByRole('table');
    expect(plain(await table.getByRole('row', { name: /^1 – / }).getByRole('cell').innerText())).toBe('6 (15 %)');
    expect(plain(await table.getByRole('row', { name: /^5 – / }).getByRole('cell').innerText())).toBe('10 (25 %)');
    expect(await table.getByRole('row', { name: 'keine Angabe' }).getByRole('cell').innerText()).toBe('5');
    expect(await table.getByRole('row', { name: 'Median' }).getByRole('cell').innerText()).toBe('3,5');
    expect(await scale.locator('.question-summary').innerText()).toContain('ist 3,5; 5 machten keine Angabe.');
    // The header splits the 45 answers into the 40 who chose a step and the 5 "keine Angabe"; the sentence's base is those 40, in the same words.
    expect(await scale.locator('.question-meta').innerText()).toContain('50 Personen gefragt · 45 mit Antwort: 40 mit einer Stufe, 5 mit „keine Angabe“ · 5 ausgelassen');
    expect(plain(await scale.locator('.question-summary').innerText())).toMatch(/^50 % der 40 Befragten mit einer Stufe wählten 4 oder 5 /);
    // Segments as wide as their shares of the 40 who chose a step, lowest step first, numbered.
    const segment = (step: number) => scale.locator(`.stack-segment[data-step="${step}"]`);
    const [one, five] = [(await segment(1).boundingBox())!, (await segment(5).boundingBox())!];
    expect(five.width / one.width).toBeCloseTo(10 / 6, 1);
    expect(one.x).toBeLessThan(five.x);
    expect(plain(await segment(5).locator('text').textContent())).toMatch(/^5\s*25 %$/);

    const multi = questionFigure(page, 'work-support');
    const option = (key: string) => (survey.sections.flatMap((s) => s.questions).find((q) => q.key === 'work-support') as { options: Array<{ key: string; label: { de: string } }> }).options.find((o) => o.key === key)!.label.de;
    // 20 of the 50 who were asked; 3 chose counselling: withheld, with its reason beside the table.
    expect(plain(await multi.getByRole('row', { name: option('recognition') }).getByRole('cell').innerText())).toBe('20 (40 %)');
    const counselling = multi.getByRole('row', { name: option('counselling') }).getByRole('cell');
    expect(await counselling.innerText()).toBe('< 5');
    const reason = await counselling.getAttribute('aria-describedby');
    expect(await page.locator(`#${reason}`).innerText()).toContain('weniger als 5 Personen');
    expect(await multi.locator('.question-summary').innerText()).toMatch(/von 40\s%.* der 50 Befragten, denen die Frage gestellt wurde; 25 ließen sie aus\.$/);

    const ranking = questionFigure(page, 'priorities');
    const labels = new Map(RANKED.map((key) => [key, (allQuestions(survey).find((q) => q.key === 'priorities') as { options: Array<{ key: string; label: { de: string } }> }).options.find((o) => o.key === key)!.label.de]));
    expect(await ranking.locator('.bar-label').allInnerTexts()).toEqual(expectedRanking().map((key) => labels.get(key)));
    expect(await ranking.getByRole('columnheader').allInnerTexts()).toEqual(['Antwort', 'Punkte', 'mittlerer Platz', 'auf Platz 1', 'platziert']);

    // Right to left the stack starts at the right.
    await page.evaluate(() => (document.documentElement.dir = 'rtl'));
    const [rtlOne, rtlFive] = [(await segment(1).boundingBox())!, (await segment(5).boundingBox())!];
    expect(rtlOne.x).toBeGreaterThan(rtlFive.x);
    await screenshot(scale, 'question-results-scale-rtl');
    await page.evaluate(() => (document.documentElement.dir = 'ltr'));

    // Without colour the segments keep their numbers and the bars their values.
    await page.emulateMedia({ forcedColors: 'active' });
    expect(await segment(5).locator('text').textContent()).toMatch(/^5/);
    // High contrast drops the shades: segments in the background colour, their numbers in the text colour.
    const textColour = await page.evaluate(() => getComputedStyle(document.body).color);
    expect(await segment(5).locator('text').evaluate((text) => getComputedStyle(text).fill)).toBe(textColour);
    expect(await segment(5).locator('rect').evaluate((rect) => getComputedStyle(rect).fill)).not.toBe(textColour);
  });

  it('on a 390 px phone fits the ranking\'s table without a sideways swipe: each answer above its four numbers, still a table to a screen reader', async () => {
    const { page, context } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${h.baseUrl}/login?next=${encodeURIComponent(`/auswertung/p/${h.slug}`)}`);
    await page.getByLabel('Benutzername').fill(admin);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`**/auswertung/p/${h.slug}**`);
    const figure = questionFigure(page, 'priorities');
    const table = figure.getByRole('table');
    await table.waitFor({ timeout: 30_000 });
    await table.scrollIntoViewIfNeeded();
    // The table's frame (its scroll region) is no wider than its content: nothing to swipe to, and no line saying so.
    const region = figure.getByRole('region', { name: /^Tabelle: / });
    expect(await region.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    expect(await figure.locator('.scroll-cue').count()).toBe(0);
    expect((await region.boundingBox())!.width).toBeLessThanOrEqual(390);
    // Each answer's numbers stand below its name, side by side under their column headers.
    const first = table.getByRole('row').nth(1);
    const name = (await first.getByRole('rowheader').boundingBox())!;
    const cells = await Promise.all((await first.getByRole('cell').all()).map(async (cell) => (await cell.boundingBox())!));
    expect(cells).toHaveLength(4);
    for (const cell of cells) expect(cell.y).toBeGreaterThanOrEqual(name.y + name.height - 1);
    const headers = await Promise.all((await table.getByRole('columnheader').all()).slice(1).map(async (header) => (await header.boundingBox())!));
    cells.forEach((cell, index) => expect(Math.abs(cell.x + cell.width - (headers[index]!.x + headers[index]!.width)), `column ${index + 2}`).toBeLessThanOrEqual(1));
    // What Chromium gives a screen reader: the same table of column headers, row headers and cells as on a wide screen.
    const session = await context.newCDPSession(page);
    await session.send('DOM.enable');
    await session.send('Accessibility.enable');
    const { root } = await session.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#q-priorities table' });
    const roles = async (role: string) => (await session.send('Accessibility.queryAXTree', { nodeId, role })).nodes.map((node) => String(node.name?.value ?? ''));
    expect(await roles('table')).toHaveLength(1);
    expect(await roles('columnheader')).toEqual(['Antwort', 'Punkte', 'mittlerer Platz', 'auf Platz 1', 'platziert']);
    expect(await roles('rowheader')).toHaveLength(RANKED.length + 1);
    expect(await roles('cell')).toHaveLength(4 * (RANKED.length + 1));
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await screenshot(figure, 'question-results-390-ranking');
  });

  it('shows a number question as bins; small bins withheld, and with them its quartiles, median and mean, which would say how the withheld split', async () => {
    const page = await open(390);
    const figure = questionFigure(page, 'household-size');
    const table = figure.getByRole('table');
    expect(await figure.locator('.bar-label').allInnerTexts()).toEqual(['1–2', '3–4', '5–6', '7–8', '9–10', '11–12']);
    expect(plain(await table.getByRole('row', { name: '1–2' }).getByRole('cell').innerText())).toBe('25 (56 %)');
    // 3 in 5–6 and none above: withheld, and 17 in 3–4 with them, since 45 − 25 would leave the 3.
    expect(await table.getByRole('row', { name: '5–6' }).getByRole('cell').innerText()).toBe('< 5');
    expect(await table.getByRole('row', { name: '3–4' }).getByRole('cell').innerText()).toBe('verdeckt');
    const statistic = async (name: string) => table.getByRole('row', { name }).getByRole('cell').innerText();
    // Beside 20 people in withheld bins, each statistic would narrow down how they split (a quartile of 3 says at least 9 in 3–4).
    expect([await statistic('kleinste Angabe'), await statistic('unteres Quartil'), await statistic('Median'), await statistic('oberes Quartil'), await statistic('Mittelwert')]).toEqual(Array(5).fill('verdeckt'));
    // The largest answer, given by three, rests on too few: said in words, not „< 5“ (read as a value).
    expect(await statistic('größte Angabe')).toBe('verdeckt (unter 5 Antworten)');
    expect(await figure.locator('.question-meta').innerText()).toContain('50 Personen gefragt · 45 mit Antwort · 5 ausgelassen');
    expect(await figure.locator('.question-summary').innerText()).toBe('Einzelne Bereiche sind verdeckt und darum auch Median, Quartile, Mittelwert, kleinste und größte Angabe, damit niemand erkennbar wird; 5 machten keine Angabe.');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await screenshot(figure, 'question-results-390-number');
  });

  it('keeps the filters in the address, so a shared link shows the same view, and shows the server refusing a filter that leaves too few', async () => {
    const page = await open(390);
    // By keyboard: the folded filters open with Enter.
    const summary = page.locator('.filter-details > summary');
    expect((await summary.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await summary.focus();
    await page.keyboard.press('Enter');
    const channel = page.locator('.results-filters').getByLabel('Kanal', { exact: true });
    await channel.waitFor();
    await channel.selectOption('paper');
    await page.waitForURL(/[?&]channel=paper/);
    const respondents = page.getByRole('region', { name: 'Antworten auf die Fragen' }).locator('p.hint').first();
    await expect.poll(() => respondents.innerText()).toMatch(/^10 Fragebögen/);

    const shared = await open(1280, `?channel=paper`);
    expect(await shared.locator('.results-filters').getByLabel('Kanal', { exact: true }).inputValue()).toBe('paper');
    await expect.poll(() => shared.getByRole('region', { name: 'Antworten auf die Fragen' }).locator('p.hint').first().innerText()).toMatch(/^10 Fragebögen/);
    expect(await shared.locator('.filter-details').getAttribute('open')).not.toBeNull();

    const downloads = page.getByRole('region', { name: 'Herunterladen', exact: true });

    // Two questionnaires in Turkish: the server refuses, the page says why and offers the way back.
    await page.getByLabel('Sprache des Fragebogens').selectOption('tr');
    const alert = page.getByRole('region', { name: 'Antworten auf die Fragen' }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Diese Filter lassen sich nicht anwenden');
    const direct = await page.request.get(`${h.baseUrl}/api/processes/${h.slug}/results/questions?channel=paper&language=tr`);
    expect(direct.status()).toBe(422);
    // In German, without the server's English sentence.
    expect(await alert.innerText()).toContain('Sie lassen weniger als 5 Befragte übrig');
    expect(await alert.innerText()).not.toContain(((await direct.json()) as { error: { message: string } }).error.message);
    expect(await page.locator('main td.count').count()).toBeGreaterThan(0); // the other sections stay
    // The files are not refused for these filters (they leave the questions out and say why): the buttons stay.
    expect(await downloads.getByRole('link').count()).toBe(4);
    expect((await page.request.get(`${h.baseUrl}/api/processes/${h.slug}/exports/csv?channel=paper&language=tr`)).status()).toBe(200);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await screenshot(page.getByRole('region', { name: 'Antworten auf die Fragen' }), 'question-results-refused-390');
    await alert.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await page.waitForURL((url) => !url.search.includes('language'));
    await questionFigure(page, 'work-situation').waitFor();
  });

  it('breaks a question down by channel or a demographic question, and adds up the dot votes by field and Stadtteil', async () => {
    const page = await open(1280);
    const crosstab = page.getByRole('region', { name: 'Kreuztabelle' });
    await crosstab.getByLabel('Frage', { exact: true }).selectOption('work-situation');
    await crosstab.getByLabel('aufgeschlüsselt nach').selectOption('channel');
    await page.waitForURL(/xby=channel/);
    const table = crosstab.getByRole('table');
    await expect.poll(() => table.getByRole('columnheader').allInnerTexts()).toEqual(['Stufe', 'Online-Befragung', 'Papierfragebogen', 'Gesamt']);
    // Nobody online chose 1: withheld as under the threshold, never a bare 0.
    expect((await table.getByRole('row', { name: /^1 – / }).getByRole('cell').allInnerTexts())[0]).toBe('< 5');
    expect(await table.getByRole('row', { name: 'keine Angabe' }).count()).toBe(1);
    // „Gesamt“ has the median of all 40 who chose a step (6·1, 6·2, 8·3, 10·4, 10·5), not an empty cell.
    expect((await table.getByRole('row', { name: /^Median/ }).getByRole('cell').allInnerTexts()).at(-1)).toBe('3,5');

    await crosstab.getByLabel('aufgeschlüsselt nach').selectOption('question:years-in-germany');
    await expect.poll(() => crosstab.getByRole('figure').getByRole('heading').innerText()).toContain(titleOf('years-in-germany'));
    expect(await crosstab.locator('.stack').count()).toBeGreaterThan(0);
    // A step's share is of the column's step answers, „keine Angabe“ apart: over 10 years, 8 of the 28 who chose a step (33 answered, 5 „keine Angabe“).
    const overTen = (await table.getByRole('columnheader').allInnerTexts()).indexOf('Mehr als 10 Jahre') - 1;
    const cellsOf = async (row: RegExp | string) => table.getByRole('row', { name: row }).getByRole('cell').allInnerTexts();
    await expect.poll(async () => (await cellsOf(/^3\b/))[overTen]?.replace(/\s/g, ' ')).toBe('8 (29 %)');
    expect((await cellsOf('keine Angabe'))[overTen]).toBe('5');
    expect((await cellsOf(/^3\b/)).at(-1)).toBe('8');
    expect(formatViolations(await axeViolations(page))).toBe('');
    await screenshot(crosstab, 'question-results-crosstab-1280');

    const dots = page.getByRole('region', { name: 'Klebepunkte an den Markttagen' });
    const byField = dots.getByRole('table', { name: 'Klebepunkte nach Handlungsfeld und Stadtteil' });
    await byField.waitFor();
    const work = await byField.getByRole('row', { name: /^Arbeit/ }).getByRole('cell').allInnerTexts();
    expect(work.at(-1)).toBe('12');
    expect(await byField.getByRole('row', { name: /^Bildung/ }).getByRole('cell').allInnerTexts()).toContain('< 5');
    await screenshot(dots, 'question-results-dots-1280');
  });

  it('breaks a question down under a chosen field of action too: the table, not the server\'s refusal „The request does not match the expected format“', async () => {
    const page = await open(1024, '?field=arbeit');
    const crosstab = page.getByRole('region', { name: 'Kreuztabelle' });
    await crosstab.getByLabel('Frage', { exact: true }).selectOption('work-situation');
    await crosstab.getByLabel('aufgeschlüsselt nach').selectOption('channel');
    await page.waitForURL(/field=arbeit.*xby=channel|xby=channel.*field=arbeit/);
    await expect.poll(() => crosstab.getByRole('table').getByRole('columnheader').allInnerTexts()).toEqual(['Stufe', 'Online-Befragung', 'Papierfragebogen', 'Gesamt']);
    expect(await crosstab.getByRole('alert').count()).toBe(0);
    expect(await crosstab.innerText()).not.toContain('The request');
    // Under the field the demographic questions are still there to break its question down by: how did the 18–29-year-olds answer?
    await crosstab.getByLabel('aufgeschlüsselt nach').selectOption({ label: titleOf('age-band') });
    await page.waitForURL(/xby=question%3Aage-band|xby=question:age-band/);
    await expect.poll(() => crosstab.getByRole('figure').getByRole('heading').innerText()).toContain(titleOf('age-band'));
    const table = crosstab.getByRole('table');
    await expect.poll(() => table.getByRole('columnheader').allInnerTexts()).toContain('18 bis 29 Jahre');
    expect(await crosstab.getByRole('alert').count()).toBe(0);
    expect((await table.getByRole('row', { name: /^Median/ }).getByRole('cell').allInnerTexts()).at(-1)).toBe('3,5');
    expect(await overflow(page)).toBe(0);
    await screenshot(crosstab, 'question-results-crosstab-field-1024');
  });

  it('says why the dot votes are empty under a sub-field or a Stadtbezirk without a market day, instead of „Noch keine Klebepunkte gezählt“, and whose market days a Stadtbezirk\'s sum holds', async () => {
    const { page } = await h.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(`${h.baseUrl}/login?next=${encodeURIComponent(`/auswertung/p/${h.slug}?field=bildung-schulisch`)}`);
    await page.getByLabel('Benutzername').fill(admin);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`**/auswertung/p/${h.slug}**`);
    const dots = page.getByRole('region', { name: 'Klebepunkte an den Markttagen' });
    // The posters ask about the top fields: Bildung's 3 dots are there, under „Bildung“.
    await expect
      .poll(() => dots.locator('p:not(#dot-votes-filters)').allInnerTexts(), { timeout: 10_000 })
      .toEqual(['Keine eigenen Klebepunkte für „Schulische Bildung“: Die Plakate der Markttage fragen nach den obersten Handlungsfeldern, Punkte dafür zählen bei „Bildung“. Wählen Sie oben „Bildung“, um sie zu sehen.']);
    await screenshot(dots, 'question-results-dots-subfield-1024');
    // Bezirk 3 (Romaney, Herrenstrunden, Sand) had no market day; the others had dots.
    await page.goto(`${h.baseUrl}/auswertung/p/${h.slug}?district=bezirk-3`);
    await expect.poll(() => dots.locator('p:not(#dot-votes-filters):not(.narrowed-note)').allInnerTexts(), { timeout: 10_000 }).toEqual(['Keine Klebepunkte in Bezirk 3: Dort war kein Markttag mit Klebepunkten.']);
    // The place they follow stands under the heading, in the downloads' words.
    expect(await dots.locator('.narrowed-note').innerText()).toBe('Eingegrenzt: Stadtbezirk: Bezirk 3');
    // Bezirk 5 (Bensberg): its market day's dots only, and the figure says so instead of „Alle Markttage zusammen“.
    await page.goto(`${h.baseUrl}/auswertung/p/${h.slug}?district=bezirk-5`);
    const byField = page.getByRole('figure', { name: 'Klebepunkte nach Handlungsfeld' });
    await expect.poll(() => byField.locator('.question-meta').innerText(), { timeout: 10_000 }).toBe('Die Markttage in Bezirk 5 zusammen; die Tabelle schlüsselt nach Stadtteil des Markttags auf.');
    expect(await byField.getByRole('table').getByRole('columnheader').allInnerTexts()).toEqual(['Handlungsfeld', 'Bensberg', 'Gesamt']);
    // Beside this narrow table the bars' labels broke inside a word („Mitbestimmun|g“).
    await expectWholeWords(byField.locator('.bar-label'));
    await screenshot(dots, 'question-results-dots-district-1024');
    await page.goto(`${h.baseUrl}/auswertung/p/${h.slug}`);
    await dots.getByRole('table', { name: 'Klebepunkte nach Handlungsfeld und Stadtteil' }).waitFor();
    expect(await dots.innerText()).not.toContain('Noch keine Klebepunkte');
    expect(await byField.locator('.question-meta').innerText()).toBe('Alle Markttage zusammen; die Tabelle schlüsselt nach Stadtteil des Markttags auf.');
  });

  it('says which filters apply to the dot votes: the Stadtteil narrows them to its market days, channel, language and a personal detail are named as not applying', async () => {
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${h.baseUrl}/login?next=${encodeURIComponent(`/auswertung/p/${h.slug}?stadtteil=bensberg&channel=paper&band=age-band:30-49`)}`);
    await page.getByLabel('Benutzername').fill(admin);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`**/auswertung/p/${h.slug}**`);
    const dots = page.getByRole('region', { name: 'Klebepunkte an den Markttagen' });
    // The notice, not the status „Klebepunkte werden geladen …“ beside it while the dots load.
    const notice = dots.locator('.notice[role="status"]');
    expect(await dots.locator('#dot-votes-filters').innerText()).toBe(
      'Für die Klebepunkte gelten von den Filtern oben das Handlungsfeld, der Stadtbezirk und der Stadtteil (der Ort des Markttags) – nicht Kanal, Sprache oder eine Angabe zur Person: Wer am Stand klebt, gibt nichts davon an.',
    );
    await expect
      .poll(() => notice.innerText(), { timeout: 30_000 })
      .toBe(
        'Die Filter Kanal und Gruppe (Angabe zur Person) gelten nicht für die Klebepunkte. Sie werden nur am Stand geklebt, nicht online oder auf Papier. ' +
          'Wer klebt, macht keine Angaben zur Person. Unten stehen die Punkte aller Menschen am Stand, nicht nur dieser Gruppe.',
      );
    // Bensberg's market day alone: its 12 + 3 + 8 dots, not the Freizeit dots of Gronau, Refrath, Herkenrath and Hand.
    const byField = page.getByRole('figure', { name: 'Klebepunkte nach Handlungsfeld' });
    await expect.poll(() => byField.locator('.question-meta').innerText(), { timeout: 30_000 }).toBe('Die Markttage in Bensberg zusammen; die Tabelle schlüsselt nach Stadtteil des Markttags auf.');
    expect(await byField.getByRole('table').getByRole('columnheader').allInnerTexts()).toEqual(['Handlungsfeld', 'Bensberg', 'Gesamt']);
    expect(await dots.locator('.dot-board-wrap').count()).toBe(1);
    // The filter form says it too.
    expect(await page.locator('.filter-scope').textContent()).toContain('für die Klebepunkte nur Stadtbezirk und Stadtteil');
    expect(formatViolations(await axeViolations(page))).toBe('');
    await screenshot(dots, 'question-results-dots-filters-390');
    // One filter: its verb agrees („Der Filter … gilt“), and without a group chosen no „nicht nur dieser Gruppe“.
    await page.goto(`${h.baseUrl}/auswertung/p/${h.slug}?channel=online`);
    await expect
      .poll(() => notice.innerText(), { timeout: 30_000 })
      .toBe('Der Filter Kanal gilt nicht für die Klebepunkte. Sie werden nur am Stand geklebt, nicht online oder auf Papier. Unten stehen die Punkte aller Menschen am Stand.');
    await page.goto(`${h.baseUrl}/auswertung/p/${h.slug}?language=tr`);
    await expect
      .poll(() => notice.innerText(), { timeout: 30_000 })
      .toBe('Der Filter Sprache des Fragebogens gilt nicht für die Klebepunkte. Sie gehören zu keinem Fragebogen, also auch zu keiner Sprache. Unten stehen die Punkte aller Menschen am Stand.');
    await screenshot(dots, 'question-results-dots-language-390');
  });

  it('at 1024 px gives the dot-vote bars room: no field name broken inside a word, the table of five Stadtteile under the bars', async () => {
    const page = await open(1024);
    const figure = page.getByRole('figure', { name: 'Klebepunkte nach Handlungsfeld' });
    const table = figure.getByRole('table', { name: 'Klebepunkte nach Handlungsfeld und Stadtteil' });
    await table.waitFor();
    expect(await table.getByRole('columnheader').count()).toBe(7);
    const labels = figure.locator('.bar-label');
    expect(await labels.allInnerTexts()).toEqual(['Arbeit & Beschäftigung', 'Bildung', 'Teilhabe und politische Mitbestimmung', 'Freizeit & Kultur']);
    await expectWholeWords(labels);
    const bars = (await figure.locator('.bars').boundingBox())!;
    expect((await table.boundingBox())!.y).toBeGreaterThanOrEqual(bars.y + bars.height);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(figure, 'question-results-dots-1024');
  });

  it('takes a working group by keyboard from „Auf dieser Seite“ to the quotes and from the question index to one question, keeping the filters in the address', async () => {
    const page = await open(1280, '?channel=paper');
    const inView = (locator: Locator) => locator.evaluate((el) => { const box = el.getBoundingClientRect(); return box.top >= 0 && box.top < window.innerHeight / 2; });
    const nav = page.getByRole('navigation', { name: 'Auf dieser Seite' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Zahlen', 'Herunterladen', 'Antworten auf die Fragen', 'Kreuztabelle', 'Klebepunkte an den Markttagen', 'Antworten je QR-Plakat', 'Zitate']);
    for (const link of await nav.getByRole('link').all()) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    const quotes = page.getByRole('heading', { name: 'Zitate', level: 2 });
    expect(await inView(quotes)).toBe(false);
    await nav.getByRole('link', { name: 'Zitate' }).focus();
    await page.keyboard.press('Enter');
    // The page scrolls smoothly (unless reduced motion is asked for): a few seconds over many screens.
    await expect.poll(() => inView(quotes), { timeout: 10_000 }).toBe(true);
    expect(new URL(page.url()).search).toBe('?channel=paper');

    const index = page.getByRole('region', { name: 'Antworten auf die Fragen' }).locator('details.question-index');
    const closed = closedQuestions().filter((question) => !question.sensitive && question.type !== 'stadtteil');
    await index.locator('summary').click();
    expect(await index.locator('summary').innerText()).toBe(`Alle Fragen im Überblick (${closed.length})`);
    const last = closed.at(-1)!;
    await index.getByRole('link', { name: last.title.de, exact: true }).click();
    await expect.poll(() => inView(questionFigure(page, last.key)), { timeout: 10_000 }).toBe(true);
    expect(formatViolations(await axeViolations(page))).toBe('');
  });
});

/** Each label at least as wide as its longest word: none broken inside a word. */
async function expectWholeWords(labels: Locator) {
  for (const label of await labels.all()) {
    // Beside a wide table the bars were once squeezed to a letter per line.
    const { width, longestWord } = await label.evaluate((el) => {
      const probe = document.createElement('span');
      probe.style.cssText = 'position:absolute;white-space:nowrap;font:inherit';
      el.append(probe);
      const longest = Math.max(...el.textContent!.split(/\s+/).map((word) => ((probe.textContent = word), probe.getBoundingClientRect().width)));
      probe.remove();
      return { width: el.getBoundingClientRect().width, longestWord: longest };
    });
    expect(width, await label.innerText()).toBeGreaterThanOrEqual(longestWord - 0.5);
  }
}

/** With SCREENSHOT_DIR set, saves a part of the page to look at. */
async function screenshot(part: Locator, name: string) {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await part.screenshot({ path: `${dir}/${name}.png` });
}
