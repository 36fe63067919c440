import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByUsername } from '../../server/features/auth/auth.repo.ts';
import { findGuidingGoal, findMeasure } from '../../server/features/measures/measures.repo.ts';
import { createGuidingGoal, createMeasure, updateMeasure } from '../../server/features/measures/measures.service.ts';
import { setOutcome } from '../../server/features/measures/outcomes.ts';
import { translate } from '../../server/features/moderation/moderation.service.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { createGuidingGoalSchema, createMeasureSchema } from '../../shared/api/measures.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildUser } from '../factories/users.ts';
import { axeViolations, formatViolations, signInAs, startHarness, type BrowserHarness } from './harness.ts';

const PHONE = { width: 390, height: 844 };
const documentLanguage = (page: Page) => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);

describe('the public measures page', () => {
  let h: BrowserHarness;
  const goalId = '6a1c8f0e-1111-4aaa-8bbb-000000000001';
  const courses = '6a1c8f0e-1111-4aaa-8bbb-000000000002';
  const benches = '6a1c8f0e-1111-4aaa-8bbb-000000000003';

  beforeAll(async () => {
    h = await startHarness();
    const process = findProcessBySlug(h.db, h.slug)!;
    const admin = findUserByUsername(h.db, (await buildUser(h.db, { role: 'admin', username: 'verwaltung' })).username)!;
    createGuidingGoal(h.db, process, admin, createGuidingGoalSchema.parse({ id: goalId, fieldKey: 'arbeit', text: { de: 'Alle finden Arbeit, die zu ihnen passt.', ar: 'يجد الجميع عملاً يناسبهم.' }, translations: { ar: 'machine' } }));
    createMeasure(
      h.db,
      process,
      admin,
      createMeasureSchema.parse({
        id: courses,
        fieldKey: 'arbeit',
        guidingGoalId: goalId,
        title: { de: 'Sprachkurse am Abend', ar: 'دورات لغة مسائية' },
        description: { de: 'Kurse nach Feierabend in der VHS.', ar: 'دورات بعد العمل في مركز تعليم الكبار.' },
        translations: { ar: 'machine' },
        stadtteilKeys: ['gronau'],
        responsible: 'Volkshochschule',
        partners: ['Jobcenter'],
        milestones: [
          { date: '2026-09-01', label: { de: 'Konzept fertig', ar: 'اكتمال المفهوم' }, done: true },
          { date: '2027-02-01', label: { de: 'Erste Kurse' }, done: false },
        ],
        budgetCents: 1_250_000,
      }),
    );
    updateMeasure(h.db, process, admin, courses, { version: 1, statusKey: 'in_progress', progress: 40, councilDocument: '0815/2026', councilDecidedOn: '2026-10-20' });
    createMeasure(h.db, process, admin, createMeasureSchema.parse({ id: benches, fieldKey: 'freizeit', title: { de: 'Mehr Bänke im Park', en: 'More benches in the park' }, stadtteilKeys: ['paffrath'] }));
    const voice = buildContribution(h.db, { text: 'Abends Deutschkurse, schreiben Sie an max@example.de', fieldsOfAction: ['arbeit'] });
    setOutcome(h.db, process, admin, voice, { kind: 'taken_up', measureIds: [courses] });
  });
  afterAll(() => h?.close());

  /** A staff member's own page on the editor with one form open: two of these are two people editing the same thing. */
  const openEditorForm = async (username: string, editButton: string, formName: string) => {
    const { page } = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, h.baseUrl, username, `/auswertung/p/${h.slug}/massnahmen`);
    await page.getByRole('button', { name: editButton }).click();
    return { page, form: page.getByRole('form', { name: formName }) };
  };

  it('shows measures with status, progress as text and bar, milestones and history in German on a phone, filters by Stadtteil, and passes axe', async () => {
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}`);
    await page.getByRole('link', { name: 'Maßnahmen: was aus den Beiträgen wird' }).click();
    await page.getByRole('heading', { level: 1, name: /^Maßnahmen: / }).waitFor();
    // The browser tab names the process, as the results page's does: among a resident's tabs it is this process's measures.
    await expect.poll(() => page.title()).toBe('Maßnahmen – Integrationskonzept Bergisch Gladbach – Mitreden');
    const card = page.getByRole('article', { name: 'Sprachkurse am Abend' });
    await card.getByText('Stand: in Umsetzung').waitFor();
    await card.getByText('Fortschritt: 40 %').waitFor();
    expect(await card.locator('progress').getAttribute('value')).toBe('40');
    expect(await card.locator('progress').getAttribute('aria-hidden')).toBe('true');
    await card.getByText('Alle finden Arbeit, die zu ihnen passt.').waitFor();
    await card.getByText('Drucksache 0815/2026 vom 20. Oktober 2026').waitFor();
    await card.getByText('12.500,00 €').waitFor();
    await card.getByRole('listitem').filter({ hasText: 'Konzept fertig' }).getByText('erreicht').waitFor();
    await card.getByRole('listitem').filter({ hasText: 'Erste Kurse' }).getByText('geplant').waitFor();
    // The contribution it takes up: masked, with its cite id, nobody named.
    await card.getByText('Aufgegriffene Beiträge (1)').click();
    await card.getByText('Abends Deutschkurse, schreiben Sie an [E-Mail entfernt]').waitFor();
    expect(await page.content()).not.toContain('max@example.de');
    expect(await page.content()).not.toContain('verwaltung');
    // Its history, as the feed tells it.
    await card.getByText('Verlauf dieser Maßnahme').click();
    await card.getByText('Stand: vorgeschlagen → in Umsetzung').waitFor();
    await card.getByText('Fortschritt: 0 % → 40 %').waitFor();
    await page.getByRole('article', { name: 'Mehr Bänke im Park' }).waitFor();
    expect(await page.getByRole('link', { name: 'Änderungen als Feed abonnieren (Atom)' }).getAttribute('href')).toBe(`/api/processes/${h.slug}/measures/feed.atom?lang=de`);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.screenshot({ path: '/tmp/measures-de-390.png', fullPage: true });
    await card.screenshot({ path: '/tmp/measures-de-card.png' });

    await page.getByLabel('Stadtteil').selectOption('paffrath');
    await page.getByText('1 von 2 Maßnahmen').waitFor();
    expect(new URL(page.url()).searchParams.get('stadtteil')).toBe('paffrath');
    expect(await page.getByRole('article', { name: 'Sprachkurse am Abend' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await page.getByText('2 von 2 Maßnahmen').waitFor();
    // The filters survive a reload: they are in the address.
    await page.getByLabel('Stand').selectOption('in_progress');
    await page.reload();
    await page.getByText('1 von 2 Maßnahmen').waitFor();
    expect(await page.getByLabel('Stand').inputValue()).toBe('in_progress');
  });

  it('puts each filter beside its label on a phone, so the first field of action shows in the first screen, and keeps a long label word whole in Russian', async () => {
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=de`);
    const firstField = page.getByRole('heading', { level: 2 }).first();
    await firstField.waitFor();
    // Stacked, the four filters filled the 844 px screen and the first heading lay below it.
    const heading = (await firstField.boundingBox())!;
    expect(heading.y + heading.height).toBeLessThanOrEqual(PHONE.height);
    const label = (await page.getByText('Handlungsfeld', { exact: true }).boundingBox())!;
    const list = (await page.getByLabel('Handlungsfeld').boundingBox())!;
    expect(list.x).toBeGreaterThan(label.x + label.width);
    expect(Math.abs(list.y + list.height / 2 - (label.y + label.height / 2))).toBeLessThan(8);

    const narrow = await h.newPage({ viewport: { width: 360, height: 800 } });
    await narrow.page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=ru`);
    const russian = narrow.page.locator('label[for="filter-field"]');
    await expect.poll(() => russian.textContent(), { timeout: 10_000 }).toBe('Сфера деятельности');
    // „деятельности“ on one line: the label's column is as wide as its longest word.
    const lines = await russian.evaluate((element) => {
      const text = element.firstChild!;
      const range = document.createRange();
      const start = text.textContent!.indexOf('деятельности');
      range.setStart(text, start);
      range.setEnd(text, start + 'деятельности'.length);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    });
    expect(lines).toBe(1);
    expect(await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  });

  it('reads right to left in Arabic, marks machine-translated texts and keeps German ones German, and passes axe', async () => {
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=ar`);
    const card = page.getByRole('article', { name: 'دورات لغة مسائية' });
    await card.waitFor();
    expect(await documentLanguage(page)).toEqual(['ar', 'rtl']);
    await expect.poll(() => page.title()).toBe('الإجراءات – مفهوم الاندماج في بيرغيش غلادباخ – Mitreden');
    await card.getByText('الحالة: قيد التنفيذ').waitFor();
    await card.getByText('التقدم: 40 %').waitFor();
    expect(await card.getByText('ترجمة آلية').count()).toBeGreaterThan(0);
    // A measure without an Arabic title shows its German one, marked as German.
    const german = page.getByRole('article', { name: 'Mehr Bänke im Park' }).getByText('Mehr Bänke im Park', { exact: true });
    expect(await german.getAttribute('lang')).toBe('de');
    expect(await german.getAttribute('dir')).toBe('ltr');
    // So does its name in the Arabic sentences of the change log.
    const logged = page.locator('.change-head').filter({ hasText: 'إجراء جديد:' }).getByText('Mehr Bänke im Park', { exact: true });
    await logged.waitFor();
    expect(await logged.getAttribute('lang')).toBe('de');
    expect(await logged.getAttribute('dir')).toBe('ltr');
    expect(await page.getByRole('link', { name: 'الاشتراك في التغييرات كخلاصة (Atom)' }).getAttribute('href')).toBe(`/api/processes/${h.slug}/measures/feed.atom?lang=ar`);
    await page.getByRole('heading', { level: 2, name: 'التغييرات' }).waitFor();
    await page.getByText('تم تعديل الإجراء: دورات لغة مسائية').first().waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.screenshot({ path: '/tmp/measures-ar-390.png', fullPage: true });
    await card.screenshot({ path: '/tmp/measures-ar-card.png' });
    await page.screenshot({ path: '/tmp/measures-ar-top.png' });
  });

  it('says once at the top of the Polish page that some texts are only in German, and not on the German page', async () => {
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=pl`);
    await page.getByRole('heading', { level: 3, name: 'Sprachkurse am Abend' }).waitFor();
    // The measure has no Polish title: the page says why it is German, before the first field of action.
    const note = page.getByText('Niektóre teksty są tu na razie tylko po niemiecku.');
    await note.waitFor();
    expect(await note.count()).toBe(1);
    expect(await note.evaluate((element) => element.compareDocumentPosition(document.querySelector('main h2')!) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();

    await page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=de`);
    await page.getByRole('heading', { level: 3, name: 'Sprachkurse am Abend' }).waitFor();
    expect(await page.getByText('nur auf Deutsch').count()).toBe(0);
  });

  it('reads a translation nobody marked as a person\'s text, as the survey does: no "machine translated" on the page, "geprüft" in the editor', async () => {
    const { page } = await h.newPage({ viewport: PHONE });
    await page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=en`);
    const card = page.getByRole('article', { name: 'More benches in the park' });
    await card.getByText('More benches in the park', { exact: true }).waitFor();
    expect(await card.getByText('machine translated').count()).toBe(0);
    // What someone marked as machine translated still says so.
    await page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=ar`);
    await page.getByRole('article', { name: 'دورات لغة مسائية' }).getByText('ترجمة آلية').first().waitFor();

    await signInAs(page, h.baseUrl, 'verwaltung', `/auswertung/p/${h.slug}/massnahmen`);
    await page.getByRole('button', { name: '„Mehr Bänke im Park“ bearbeiten' }).click();
    const form = page.getByRole('form', { name: '„Mehr Bänke im Park“ bearbeiten' });
    await form.getByText('Übersetzungen').click();
    const english = form.getByRole('group', { name: 'English' });
    expect(await english.getByLabel('Stand der Übersetzung').inputValue()).toBe('reviewed');
  });

  it('lets a working group add a measure in its field, decide what became of an input, and shows both in public', async () => {
    await buildUser(h.db, { role: 'working_group', username: 'ag-freizeit', fieldsOfAction: ['freizeit'] });
    const voice = buildContribution(h.db, { text: 'Ein Kino unter freiem Himmel im Sommer', fieldsOfAction: ['freizeit'] });
    const { page } = await h.newPage({ viewport: PHONE });
    await signInAs(page, h.baseUrl, 'ag-freizeit', `/auswertung/p/${h.slug}/massnahmen`);
    await page.getByRole('heading', { level: 1, name: /^Leitziele und Maßnahmen/ }).waitFor();
    // Only its own field is offered.
    await page.getByRole('heading', { level: 2, name: 'Freizeit & Kultur' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Arbeit & Beschäftigung' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Neue Maßnahme: Freizeit & Kultur' }).click();
    const form = page.getByRole('form', { name: 'Neue Maßnahme' });
    await form.getByLabel('Titel (deutsch)').fill('Sommerkino im Stadtpark');
    await form.getByLabel('Stand', { exact: true }).selectOption('adopted');
    await form.getByLabel('Fortschritt in Prozent').fill('10');
    await form.getByLabel('Budget in Euro').fill('8.000');
    await form.getByRole('button', { name: 'Meilenstein hinzufügen' }).click();
    await form.getByLabel('Datum', { exact: true }).fill('2027-06-01');
    await form.getByLabel('Schritt', { exact: true }).fill('Erste Vorführung');
    // It rests on a survey result: the first the survey offers.
    await form.getByLabel('Ergebnis', { exact: true }).selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Ergebnis verknüpfen' }).click();
    await form.getByRole('button', { name: /^Umfrage: .* entfernen$/ }).waitFor();
    await form.getByRole('button', { name: 'Maßnahme anlegen' }).click();
    await page.getByText('„Sommerkino im Stadtpark“ angelegt.').waitFor();
    await page.getByRole('article', { name: 'Sommerkino im Stadtpark' }).getByText('beschlossen · 10 %').waitFor();
    await page.getByText('Neue Maßnahme: Sommerkino im Stadtpark · ag-freizeit').waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.screenshot({ path: '/tmp/measures-editor-390.png', fullPage: true });

    await page.getByRole('link', { name: 'Verbleib der Beiträge' }).click();
    await page.getByRole('heading', { level: 1, name: /^Verbleib der Beiträge/ }).waitFor();
    const row = page.getByRole('row', { name: /ag-freizeit/ });
    await row.getByRole('cell', { name: '1', exact: true }).first().waitFor();
    const card = page.getByRole('listitem').filter({ hasText: 'Ein Kino unter freiem Himmel im Sommer' });
    await page.getByRole('status').getByText('1 Beitrag ohne Verbleib').waitFor();
    // The voice's month, never its day (for a stall note the day names the market day).
    const line = await card.locator('p').first().innerText();
    expect(line).toMatch(/ · (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4} · /);
    expect(line).not.toMatch(/\d{1,2}\. /);
    await card.getByText('Verbleib festlegen').click();
    await card.getByLabel('aufgegriffen in Maßnahme(n)').check();
    await card.getByLabel('Sommerkino im Stadtpark').check();
    await card.getByRole('button', { name: 'Verbleib speichern' }).click();
    await card.getByText('Aufgegriffen in: „Sommerkino im Stadtpark“ (beschlossen, 10 %)').waitFor();
    // The form stays open: it says the save went through, until the next change to it.
    const saved = card.getByRole('status').getByText(/^Verbleib von B-\d+ gespeichert\.$/);
    await saved.waitFor();
    await card.getByLabel('Sommerkino im Stadtpark').uncheck();
    await saved.waitFor({ state: 'detached' });
    await card.getByLabel('Sommerkino im Stadtpark').check();
    await row.getByRole('cell', { name: '0', exact: true }).waitFor();
    // The list keeps the card in place, and its count says what is left.
    await page.getByRole('status').getByText('0 Beiträge ohne Verbleib').waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    await page.screenshot({ path: '/tmp/measures-outcomes-390.png', fullPage: true });

    await page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?feld=freizeit`);
    const measure = page.getByRole('article', { name: 'Sommerkino im Stadtpark' });
    await measure.getByRole('heading', { level: 4, name: 'Beruht auf' }).waitFor();
    await measure.getByText(/^Umfrage: /).waitFor();
    await measure.getByText('Aufgegriffene Beiträge (1)').click();
    await measure.getByText('Ein Kino unter freiem Himmel im Sommer').waitFor();
    expect(await page.content()).not.toContain('ag-freizeit');
    expect(voice).toBeTruthy();
  });

  it('offers a Bildung measure the Leitziele of its sub-fields, named with their field, and keeps the one chosen while it still fits the field', async () => {
    const process = findProcessBySlug(h.db, h.slug)!;
    const admin = findUserByUsername(h.db, 'verwaltung')!;
    createGuidingGoal(h.db, process, admin, createGuidingGoalSchema.parse({ id: crypto.randomUUID(), fieldKey: 'bildung-schulisch', text: { de: 'Jedes Kind findet Hilfe bei den Hausaufgaben.' } }));
    createGuidingGoal(h.db, process, admin, createGuidingGoalSchema.parse({ id: crypto.randomUUID(), fieldKey: 'bildung', text: { de: 'Bildung öffnet allen die Türen.' } }));
    await buildUser(h.db, { role: 'working_group', username: 'ag-bildung', fieldsOfAction: ['bildung'] });
    const { page } = await h.newPage({ viewport: { width: 1024, height: 768 } });
    await signInAs(page, h.baseUrl, 'ag-bildung', `/auswertung/p/${h.slug}/massnahmen`);
    await page.getByRole('button', { name: 'Neue Maßnahme: Bildung', exact: true }).click();
    const form = page.getByRole('form', { name: 'Neue Maßnahme' });
    const goal = form.getByLabel('Leitziel', { exact: true });
    const offered = () => goal.locator('option').allInnerTexts();
    // Its own field's first, then the sub-field's, which says whose it is; never another field's.
    expect(await offered()).toEqual(['kein Leitziel', 'Bildung öffnet allen die Türen.', 'Jedes Kind findet Hilfe bei den Hausaufgaben. (Leitziel von „Schulische Bildung“)']);
    await goal.selectOption({ label: 'Jedes Kind findet Hilfe bei den Hausaufgaben. (Leitziel von „Schulische Bildung“)' });
    await form.getByLabel('Titel (deutsch)').fill('Hausaufgabenhilfe in der Stadtbibliothek');
    // Moved to the sub-field the Leitziel belongs to, the choice stays; to the other sub-field it no longer fits and goes.
    await form.getByLabel('Handlungsfeld').selectOption({ label: 'Schulische Bildung' });
    expect(await goal.locator('option:checked').innerText()).toBe('Jedes Kind findet Hilfe bei den Hausaufgaben.');
    await form.getByLabel('Handlungsfeld').selectOption({ label: 'Außerschulische Bildung' });
    expect(await goal.locator('option:checked').innerText()).toBe('kein Leitziel');
    expect(await offered()).toEqual(['kein Leitziel', 'Bildung öffnet allen die Türen. (Leitziel von „Bildung“)']);
    await form.getByLabel('Handlungsfeld').selectOption({ label: 'Bildung' });
    await goal.selectOption({ label: 'Jedes Kind findet Hilfe bei den Hausaufgaben. (Leitziel von „Schulische Bildung“)' });
    await page.screenshot({ path: '/tmp/measures-goal-of-sub-field-1024.png' });
    await form.getByRole('button', { name: 'Maßnahme anlegen' }).click();
    await page.getByText('„Hausaufgabenhilfe in der Stadtbibliothek“ angelegt.').waitFor();
    // In public the measure names the Leitziel it rests on.
    await page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?feld=bildung`);
    await page.getByRole('article', { name: 'Hausaufgabenhilfe in der Stadtbibliothek' }).getByText('Jedes Kind findet Hilfe bei den Hausaufgaben.').waitFor();
  });

  it('shows a working group deciding what became of a voice in Turkish the moderators’ German rendering beside it, each in its language', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    await buildUser(h.db, { role: 'working_group', username: 'ag-bildung-verbleib', fieldsOfAction: ['bildung'] });
    const said = 'Çocuklar için ana dil dersleri okulda olmalı';
    const voice = buildContribution(h.db, { text: said, language: 'tr', fieldsOfAction: ['bildung'] });
    translate(h.db, findProcessBySlug(h.db, h.slug)!, voice, { version: 1, text: 'Herkunftssprachlicher Unterricht gehört in die Schule' }, admin.id);
    const { page } = await h.newPage({ viewport: { width: 1024, height: 800 } });
    await signInAs(page, h.baseUrl, 'ag-bildung-verbleib', `/auswertung/p/${h.slug}/verbleib`);
    const card = page.getByRole('listitem').filter({ hasText: said });
    await card.getByText('Deutsch, übersetzt vom Moderationsteam').waitFor();
    await card.getByText('Original (Türkisch)').waitFor();
    const german = card.locator('blockquote[lang="de"]');
    expect(await german.innerText()).toBe('Herkunftssprachlicher Unterricht gehört in die Schule');
    expect(await card.locator('blockquote[lang="tr"]').innerText()).toBe(said);
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it("shows a working group one measure's own history with who changed it, on the measure's card in the editor", async () => {
    await buildUser(h.db, { role: 'working_group', username: 'ag-arbeit-verlauf', fieldsOfAction: ['arbeit'] });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, 'ag-arbeit-verlauf', `/auswertung/p/${h.slug}/massnahmen`);
    const card = page.getByRole('article', { name: 'Sprachkurse am Abend' });
    await card.getByRole('button', { name: '„Sprachkurse am Abend“ bearbeiten' }).click();
    const form = page.getByRole('form', { name: '„Sprachkurse am Abend“ bearbeiten' });
    await form.getByLabel('Fortschritt in Prozent').fill('55');
    await form.getByRole('button', { name: 'Änderungen speichern' }).click();
    await page.getByText('„Sprachkurse am Abend“ gespeichert.').waitFor();

    await card.getByText('Verlauf dieser Maßnahme, mit Namen').click();
    const history = card.locator('.measure-history');
    // Newest first: the group's own edit, then the admin's, then how it began; each with who.
    await history.getByText('Fortschritt: 40 % → 55 %').waitFor();
    const heads = await history.locator('.change-head').allInnerTexts();
    expect(heads).toHaveLength(3);
    expect(heads[0]).toMatch(/Maßnahme geändert: Sprachkurse am Abend · ag-arbeit-verlauf$/);
    expect(heads[1]).toMatch(/Maßnahme geändert: Sprachkurse am Abend · verwaltung$/);
    expect(heads[2]).toMatch(/Neue Maßnahme: Sprachkurse am Abend · verwaltung$/);
    await history.getByText('Stand: vorgeschlagen → in Umsetzung').waitFor();
    // Only this measure's: nothing of the other measures or the Leitziele.
    expect(await history.innerText()).not.toContain('Mehr Bänke im Park');
    expect(await history.innerText()).not.toContain('Neues Leitziel');
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it("leads an admin from the admin home to the measures' editor with its statuses and to the outcomes of contributions", async () => {
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, 'verwaltung', '/admin');
    const process = page.getByRole('region', { name: /^Integrationskonzept/ });
    await process.getByRole('link', { name: /^Leitziele und Maßnahmen: / }).click();
    await page.getByRole('heading', { level: 1, name: /^Leitziele und Maßnahmen: / }).waitFor();
    await page.getByText('Stände der Maßnahmen festlegen (Administration)').waitFor();
    await page.goBack();
    await process.getByRole('link', { name: /^Verbleib der Beiträge: / }).click();
    await page.getByRole('heading', { level: 1, name: /^Verbleib der Beiträge: / }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Offene Beiträge je Arbeitsgruppe' }).waitFor();
  });

  it('asks before a half-written measure is thrown away by opening another form or by "Abbrechen", and keeps it when told to', async () => {
    await buildUser(h.db, { role: 'working_group', username: 'ag-arbeit-entwurf', fieldsOfAction: ['arbeit'] });
    const { page } = await h.newPage({ viewport: { width: 800, height: 1280 } });
    await signInAs(page, h.baseUrl, 'ag-arbeit-entwurf', `/auswertung/p/${h.slug}/massnahmen`);
    await page.getByRole('button', { name: 'Neue Maßnahme: Arbeit & Beschäftigung' }).click();
    const form = page.getByRole('form', { name: 'Neue Maßnahme' });
    await form.getByLabel('Titel (deutsch)').fill('Bewerbungstraining in mehreren Sprachen');
    // The group notices the Leitziel it needs is missing and opens its form: the draft is not lost silently.
    await page.getByRole('button', { name: 'Leitziel hinzufügen: Arbeit & Beschäftigung' }).click();
    const dialog = page.getByRole('dialog', { name: 'Eingaben verwerfen?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await form.getByLabel('Titel (deutsch)').inputValue()).toBe('Bewerbungstraining in mehreren Sprachen');
    // "Abbrechen" of the form asks too; "Verwerfen" closes it.
    await form.getByRole('button', { name: 'Abbrechen' }).click();
    await dialog.getByRole('button', { name: 'Verwerfen' }).click();
    await form.waitFor({ state: 'detached' });
    // An untouched form closes without asking.
    await page.getByRole('button', { name: 'Leitziel hinzufügen: Arbeit & Beschäftigung' }).click();
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await page.getByRole('button', { name: 'Leitziel hinzufügen: Arbeit & Beschäftigung' }).waitFor();
    expect(await dialog.count()).toBe(0);
  });

  it('keeps the keyboard where the member works: on an opened form\'s first field, and back on the button that opened it after saving, cancelling or removing', async () => {
    await buildUser(h.db, { role: 'working_group', username: 'ag-freizeit-tasten', fieldsOfAction: ['freizeit'] });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, 'ag-freizeit-tasten', `/auswertung/p/${h.slug}/massnahmen`);
    const focused = (locator: ReturnType<Page['locator']>) => expect.poll(() => locator.evaluate((element) => element === document.activeElement)).toBe(true);
    const newMeasure = page.getByRole('button', { name: 'Neue Maßnahme: Freizeit & Kultur' });
    await newMeasure.focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Neue Maßnahme' });
    await focused(form.getByLabel('Titel (deutsch)'));
    // Without a title (or with a budget that is no amount) the page says so in German at the field, marked invalid, the focus there;
    // not the browser's bubble, which a screen reader may not read and which is gone at the next key.
    const description = (field: ReturnType<Page['locator']>) => field.evaluate((element) => document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent?.trim());
    await form.getByRole('button', { name: 'Maßnahme anlegen' }).click();
    await form.getByRole('alert').getByText('Die Maßnahme braucht einen deutschen Titel.').waitFor();
    await focused(form.getByLabel('Titel (deutsch)'));
    expect(await form.getByLabel('Titel (deutsch)').getAttribute('aria-invalid')).toBe('true');
    expect(await description(form.getByLabel('Titel (deutsch)'))).toBe('Die Maßnahme braucht einen deutschen Titel.');
    expect(formatViolations(await axeViolations(page))).toBe('');
    // Typed straight away and saved: the keyboard is back on „Neue Maßnahme“, not at the page's start.
    await page.keyboard.type('Lesungen in vielen Sprachen');
    await form.getByRole('button', { name: 'Maßnahme anlegen' }).click();
    await page.getByText('„Lesungen in vielen Sprachen“ angelegt.').waitFor();
    await focused(newMeasure);
    // Editing and cancelling brings it back to that measure's „Bearbeiten“.
    const edit = page.getByRole('button', { name: '„Lesungen in vielen Sprachen“ bearbeiten' });
    await edit.click();
    const editForm = page.getByRole('form', { name: '„Lesungen in vielen Sprachen“ bearbeiten' });
    await focused(editForm.getByLabel('Titel (deutsch)'));
    await editForm.getByRole('button', { name: 'Abbrechen' }).click();
    await focused(edit);
    // Removed, its buttons are gone: the keyboard goes on from „Neue Maßnahme“ of its field.
    await page.getByRole('button', { name: '„Lesungen in vielen Sprachen“ entfernen' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Entfernen' }).click();
    await page.getByRole('heading', { name: 'Lesungen in vielen Sprachen' }).waitFor({ state: 'detached' });
    await focused(newMeasure);
    // A Leitziel's form alike.
    const addGoal = page.getByRole('button', { name: 'Leitziel hinzufügen: Freizeit & Kultur' });
    await addGoal.click();
    const goalText = page.getByRole('form', { name: 'Neues Leitziel' }).getByRole('textbox').first();
    await focused(goalText);
    await page.getByRole('form', { name: 'Neues Leitziel' }).getByRole('button', { name: 'Leitziel speichern' }).click();
    await page.getByRole('alert').getByText('Das Leitziel braucht einen deutschen Text.').waitFor();
    await focused(goalText);
    expect(await goalText.getAttribute('aria-invalid')).toBe('true');
    expect(await description(goalText)).toBe('Das Leitziel braucht einen deutschen Text.');
    await page.getByRole('form', { name: 'Neues Leitziel' }).getByRole('button', { name: 'Abbrechen' }).click();
    await focused(addGoal);
  });

  it("keeps a member's input when someone else saved the measure meanwhile, loads the stored state under it and saves without undoing the other change", async () => {
    const measureId = '6a1c8f0e-1111-4aaa-8bbb-000000000009';
    const process = findProcessBySlug(h.db, h.slug)!;
    const admin = findUserByUsername(h.db, 'verwaltung')!;
    createMeasure(h.db, process, admin, createMeasureSchema.parse({ id: measureId, fieldKey: 'arbeit', title: { de: 'Lernpaten für Auszubildende' }, responsible: 'IHK' }));
    await buildUser(h.db, { role: 'working_group', username: 'ag-arbeit-erste', fieldsOfAction: ['arbeit'] });
    await buildUser(h.db, { role: 'working_group', username: 'ag-arbeit-zweite', fieldsOfAction: ['arbeit'] });
    // Both open the same measure; the first saves a new progress and who is responsible.
    const openForm = (username: string) => openEditorForm(username, '„Lernpaten für Auszubildende“ bearbeiten', '„Lernpaten für Auszubildende“ bearbeiten');
    const first = await openForm('ag-arbeit-erste');
    const second = await openForm('ag-arbeit-zweite');
    await first.form.getByLabel('Fortschritt in Prozent').fill('30');
    await first.form.getByLabel('Verantwortlich').fill('IHK Köln');
    await first.form.getByRole('button', { name: 'Änderungen speichern' }).click();
    await first.page.getByText('„Lernpaten für Auszubildende“ gespeichert.').waitFor();

    // The second writes a description and another responsible, and saves against the old state.
    await second.form.getByLabel('Beschreibung (deutsch)').fill('Ehrenamtliche begleiten Auszubildende durch das erste Lehrjahr.');
    await second.form.getByLabel('Verantwortlich').fill('Handwerkskammer');
    await second.form.getByRole('button', { name: 'Änderungen speichern' }).click();
    const refused = second.form.getByRole('alert').filter({ hasText: 'Nicht gespeichert: Jemand hat diese Maßnahme inzwischen geändert.' });
    await refused.waitFor();
    // Nothing typed is lost, and the notice takes the focus.
    expect(await second.form.getByLabel('Beschreibung (deutsch)').inputValue()).toBe('Ehrenamtliche begleiten Auszubildende durch das erste Lehrjahr.');
    expect(await second.form.getByLabel('Verantwortlich').inputValue()).toBe('Handwerkskammer');
    expect(await refused.evaluate((box) => box === document.activeElement)).toBe(true);
    expect(formatViolations(await axeViolations(second.page))).toBe('');

    await refused.getByRole('button', { name: 'Aktuellen Stand laden' }).click();
    const loaded = second.form.getByRole('alert').filter({ hasText: 'Aktueller Stand geladen, Ihre Änderungen sind wieder eingetragen.' });
    await loaded.waitFor();
    // The first member's progress is in the form now; the second's input stays, with the stored value beside where both changed it.
    expect(await second.form.getByLabel('Fortschritt in Prozent').inputValue()).toBe('30');
    expect(await second.form.getByLabel('Verantwortlich').inputValue()).toBe('Handwerkskammer');
    expect(await second.form.getByLabel('Beschreibung (deutsch)').inputValue()).toBe('Ehrenamtliche begleiten Auszubildende durch das erste Lehrjahr.');
    await loaded.getByRole('listitem').filter({ hasText: 'Verantwortlich – gespeichert ist: IHK Köln' }).waitFor();
    expect(await loaded.getByRole('listitem').count()).toBe(1);
    expect(formatViolations(await axeViolations(second.page))).toBe('');
    await second.page.screenshot({ path: '/tmp/measures-conflict.png', fullPage: true });

    await second.form.getByRole('button', { name: 'Änderungen speichern' }).click();
    await second.page.getByText('„Lernpaten für Auszubildende“ gespeichert.').waitFor();
    const stored = findMeasure(h.db, measureId)!;
    expect(stored.responsible).toBe('Handwerkskammer');
    expect(stored.description).toEqual({ de: 'Ehrenamtliche begleiten Auszubildende durch das erste Lehrjahr.' });
    expect(stored.progress).toBe(30);
  });

  it("keeps a member's new wording of a Leitziel when someone else saved it meanwhile, and keeps the other's English text", async () => {
    const goal = '6a1c8f0e-1111-4aaa-8bbb-000000000010';
    const process = findProcessBySlug(h.db, h.slug)!;
    const admin = findUserByUsername(h.db, 'verwaltung')!;
    createGuidingGoal(h.db, process, admin, createGuidingGoalSchema.parse({ id: goal, fieldKey: 'arbeit', text: { de: 'Ausbildung für alle' } }));
    await buildUser(h.db, { role: 'working_group', username: 'ag-ziel-erste', fieldsOfAction: ['arbeit'] });
    await buildUser(h.db, { role: 'working_group', username: 'ag-ziel-zweite', fieldsOfAction: ['arbeit'] });
    const openForm = (username: string) => openEditorForm(username, 'Leitziel „Ausbildung für alle“ bearbeiten', 'Leitziel bearbeiten');
    const first = await openForm('ag-ziel-erste');
    const second = await openForm('ag-ziel-zweite');
    await first.form.getByText('Übersetzungen').click();
    await first.form.getByRole('group', { name: 'English' }).getByLabel('Leitziel').fill('Training for everyone');
    await first.form.getByRole('button', { name: 'Leitziel speichern' }).click();
    await first.page.getByText('Leitziel gespeichert.').waitFor();

    await second.form.getByLabel('Leitziel (deutsch)').fill('Eine Ausbildung für alle, die eine suchen');
    await second.form.getByRole('button', { name: 'Leitziel speichern' }).click();
    const refused = second.form.getByRole('alert').filter({ hasText: 'Nicht gespeichert: Jemand hat dieses Leitziel inzwischen geändert.' });
    await refused.waitFor();
    expect(await second.form.getByLabel('Leitziel (deutsch)').inputValue()).toBe('Eine Ausbildung für alle, die eine suchen');
    await refused.getByRole('button', { name: 'Aktuellen Stand laden' }).click();
    await second.form.getByRole('alert').filter({ hasText: 'Aktueller Stand geladen' }).waitFor();
    expect(await second.form.getByLabel('Leitziel (deutsch)').inputValue()).toBe('Eine Ausbildung für alle, die eine suchen');
    expect(formatViolations(await axeViolations(second.page))).toBe('');
    await second.form.getByRole('button', { name: 'Leitziel speichern' }).click();
    await second.page.getByText('Leitziel gespeichert.').waitFor();
    expect(findGuidingGoal(h.db, goal)!.text).toEqual({ de: 'Eine Ausbildung für alle, die eine suchen', en: 'Training for everyone' });
  });

  // Before, a German description on the Arabic page was a left-to-right span inside a right-to-left paragraph: each of its
  // lines hung from the right edge, a German text with a ragged left margin.
  it('lays a German-only description and Leitziel on the Arabic page out from the left, as German blocks, at 320 px', async () => {
    const process = findProcessBySlug(h.db, h.slug)!;
    const admin = findUserByUsername(h.db, 'verwaltung')!;
    const goal = '6a1c8f0e-1111-4aaa-8bbb-000000000031';
    createGuidingGoal(h.db, process, admin, createGuidingGoalSchema.parse({ id: goal, fieldKey: 'teilhabe', text: { de: 'Alle können in ihrer Sprache erfahren, was die Stadt entscheidet und wie sie mitreden.' } }));
    createMeasure(
      h.db,
      process,
      admin,
      createMeasureSchema.parse({
        id: '6a1c8f0e-1111-4aaa-8bbb-000000000032',
        fieldKey: 'teilhabe',
        guidingGoalId: goal,
        title: { de: 'Sprechstunde des Integrationsrats', ar: 'ساعات استقبال مجلس الاندماج' },
        description: { de: 'Einmal im Monat sitzt der Integrationsrat im Stadtteilhaus und hört zu; Dolmetschende kommen auf Wunsch mit.' },
        translations: { ar: 'machine' },
      }),
    );
    const { page } = await h.newPage({ viewport: { width: 320, height: 640 } });
    await page.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=ar`);
    const card = page.getByRole('article', { name: 'ساعات استقبال مجلس الاندماج' });
    await card.waitFor();
    const layout = (locator: ReturnType<Page['locator']>) =>
      locator.evaluate((element) => {
        // Where the lines start: a German block starts each line at its left edge.
        const box = element.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(element);
        const rects = [...range.getClientRects()];
        const starts = rects.map((rect) => Math.round(rect.left - box.left));
        const lines = new Set(rects.map((rect) => Math.round(rect.top))).size;
        return { lang: element.closest('[lang]')?.getAttribute('lang'), direction: getComputedStyle(element).direction, lines, starts: [...new Set(starts)] };
      });
    const description = card.locator('.measure-description > p');
    const leitziel = card.locator('.measure-facts dd').first();
    for (const block of [description, leitziel]) {
      const { lang, direction, lines, starts } = await layout(block);
      expect(lang).toBe('de');
      expect(direction).toBe('ltr');
      expect(lines).toBeGreaterThan(1);
      // Several lines at 320 px, every one of them starting at the left edge.
      expect(starts).toEqual([0]);
    }
  });
});
