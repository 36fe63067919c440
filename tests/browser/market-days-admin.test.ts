import type { Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncBatch } from '../../server/features/stall/stall.service.ts';
import { createProcess } from '../../server/features/processes/process-admin.service.ts';
import { buildProcess, climateStructure } from '../factories/processes.ts';
import { buildMarketDayItem, buildNoteItem } from '../factories/stall.ts';
import { goodAnswers } from '../factories/survey.ts';
import { buildUser } from '../factories/users.ts';
import { axeViolations, formatViolations, signInAs, startHarness, switchLanguage, type BrowserHarness } from './harness.ts';

/**
 * The admin's market days („Markttage“) in a process that is not the default one: plan one,
 * correct the Stadtteil of one a tablet created (its notes follow), remove an empty one, with
 * status messages, labels and keyboard; and a market day planned there shows on the stall tablet.
 */
describe('market days in the admin area', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  const stadtteilOf = (id: string) => (h.db.$client.prepare('select stadtteil_key as k from contributions where id = ?').get(id) as { k: string | null }).k;

  /** Every button, link, field and select the page shows is at least 44 px each way. */
  const smallTargets = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('main button, main a, main input, main select')]
        .map((element) => ({ element, box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
        .map(({ element, box }) => `${element.tagName} "${element.textContent?.trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`),
    );

  it('plans, corrects and removes market days of a second process, and the tablet lists one planned', async () => {
    const slug = buildProcess(h.db, { slug: 'klimaschutz', title: 'Klimaschutz mitgestalten' });
    const admin = await buildUser(h.db, { role: 'admin' });
    const staff = await buildUser(h.db, { role: 'staff' });
    // A tablet created a market day with the wrong Stadtteil and captured two notes on it.
    const day = buildMarketDayItem({ processSlug: slug, stadtteil: 'bensberg', place: 'Wochenmarkt Refrath' });
    const notes = [buildNoteItem({ processSlug: slug, marketDayId: day.id, stadtteil: 'bensberg' }), buildNoteItem({ processSlug: slug, marketDayId: day.id, stadtteil: 'bensberg' })];
    const synced = await syncBatch(h.db, { userId: staff.id, role: 'staff' }, [day, ...notes]);
    expect(synced.map((result) => result.status)).toEqual(['stored', 'stored', 'stored']);

    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin');
    await page.locator('section.card', { hasText: 'Klimaschutz mitgestalten' }).getByRole('link', { name: 'Markttage: planen, Datum, Ort und Stadtteil korrigieren' }).click();
    await page.waitForURL(`**/admin/p/${slug}/markttage`);
    await page.getByRole('heading', { name: 'Markttage: Klimaschutz mitgestalten' }).waitFor();

    const tabletDay = page.getByRole('listitem', { name: 'Sa., 9. Mai 2026 · Wochenmarkt Refrath' });
    await tabletDay.waitFor();
    expect(await tabletDay.innerText()).toContain('Bensberg');
    expect(await tabletDay.innerText()).toContain('2 Notizen · 0 Papierfragebögen · 0 Klebepunkte');
    expect(await tabletDay.innerText()).toContain(`${staff.username} (Marktstand-Team)`);
    // Something was captured: no way to remove it, and it says why.
    expect(await tabletDay.getByRole('button', { name: 'Entfernen' }).count()).toBe(0);
    expect(await tabletDay.innerText()).toContain('Entfernen nicht möglich');

    // Planning without a date says so and puts the focus in the date field.
    const plan = page.getByRole('region', { name: 'Neuen Markttag planen' });
    await plan.getByRole('button', { name: 'Markttag planen' }).click();
    await page.getByRole('alert').getByText('Bitte geben Sie das Datum des Markttags an.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('new-date');
    expect(await plan.getByLabel('Datum').getAttribute('aria-invalid')).toBe('true');
    // The message is the date field's description: a screen reader reads it with the field the focus is in.
    const description = (field: string) => plan.getByLabel(field).evaluate((input) => (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent?.trim()).join(' '));
    expect(await description('Datum')).toBe('Bitte geben Sie das Datum des Markttags an.');
    // With a date but no place, the place's message goes with the place field, after its example.
    await plan.getByLabel('Datum').fill('2026-06-13');
    await plan.getByRole('button', { name: 'Markttag planen' }).click();
    await page.getByRole('alert').getByText('Bitte geben Sie den Ort des Markttags an.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('new-place');
    expect(await description('Ort')).toMatch(/ Bitte geben Sie den Ort des Markttags an\.$/);
    expect(await description('Datum')).toBe('');

    // Planned with the keyboard: Enter in the place field sends the form.
    await plan.getByLabel('Datum').fill('2026-06-13');
    await plan.getByLabel('Stadtteil').selectOption({ label: 'Refrath' });
    await plan.getByLabel('Ort').fill('Stadtteilfest Refrath');
    await plan.getByLabel('Ort').press('Enter');
    await page.getByRole('status').getByText('Markttag Sa., 13. Juni 2026 · Stadtteilfest Refrath geplant.', { exact: false }).waitFor();
    await page.getByRole('heading', { name: '2 Markttage' }).waitFor();
    expect(await plan.getByLabel('Ort').inputValue()).toBe('');

    // Opened and given up with the keyboard: the focus goes into the form and back to its button.
    await tabletDay.getByRole('button', { name: 'Korrigieren' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('edit-date');
    await tabletDay.getByRole('button', { name: 'Abbrechen' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Korrigieren');

    // The tablet's market day to Refrath: its two notes follow.
    await tabletDay.getByRole('button', { name: 'Korrigieren' }).click();
    const form = page.getByRole('form', { name: 'Markttag Sa., 9. Mai 2026 · Wochenmarkt Refrath korrigieren' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('edit-date');
    await form.getByLabel('Stadtteil').selectOption({ label: 'Refrath' });
    await page.screenshot({ path: '/tmp/market-days-1280-correct.png', fullPage: true });
    await form.getByRole('button', { name: 'Korrektur speichern' }).click();
    await page.getByRole('status').getByText('Markttag Sa., 9. Mai 2026 · Wochenmarkt Refrath korrigiert. 2 Notizen sind jetzt unter „Refrath“ abgelegt.').waitFor();
    await expect.poll(() => tabletDay.innerText()).toContain('Refrath\n');
    expect(notes.map((note) => stadtteilOf(note.id))).toEqual(['refrath', 'refrath']);

    // The planned one is empty: removed after a confirmation.
    const planned = page.getByRole('listitem', { name: 'Sa., 13. Juni 2026 · Stadtteilfest Refrath' });
    await planned.getByRole('button', { name: 'Entfernen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Markttag entfernen?' });
    await dialog.getByRole('button', { name: 'Markttag entfernen' }).click();
    await page.getByRole('status').getByText('Markttag Sa., 13. Juni 2026 · Stadtteilfest Refrath entfernt.').waitFor();
    await page.getByRole('heading', { name: '1 Markttag' }).waitFor();

    expect(formatViolations(await axeViolations(page))).toBe('');
    expect(await smallTargets(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/market-days-1280.png', fullPage: true });

    // On a phone: nothing wider than the screen, targets still 44 px.
    const phone = (await h.newPage({ viewport: { width: 390, height: 844 } })).page;
    await signInAs(phone, h.baseUrl, admin.username, `/admin/p/${slug}/markttage`);
    await phone.getByRole('listitem', { name: 'Sa., 9. Mai 2026 · Wochenmarkt Refrath' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await smallTargets(phone)).toEqual([]);
    await phone.screenshot({ path: '/tmp/market-days-390.png', fullPage: true });
    // In English, as staff may switch: the page's words and counts follow.
    await switchLanguage(phone, 'en');
    await phone.getByRole('heading', { name: 'Market days: Klimaschutz mitgestalten' }).waitFor();
    expect(await phone.getByRole('listitem', { name: /9 May 2026 · Wochenmarkt Refrath/ }).innerText()).toContain('2 notes · 0 paper questionnaires · 0 dot votes');
    await phone.getByRole('region', { name: 'Plan a new market day' }).getByRole('button', { name: 'Plan market day' }).waitFor();

    // The default process, reached through the picker: a market day planned there is on the tablet's list.
    await page.getByRole('navigation', { name: 'Verfahren wählen' }).getByRole('link', { name: 'Integrationskonzept Bergisch Gladbach' }).click();
    await page.waitForURL(`**/admin/p/${h.slug}/markttage`);
    const planDefault = page.getByRole('region', { name: 'Neuen Markttag planen' });
    await planDefault.getByLabel('Datum').fill('2026-06-20');
    await planDefault.getByLabel('Ort').fill('Wochenmarkt Gronau');
    await planDefault.getByLabel('Stadtteil').selectOption({ label: 'Gronau' });
    await planDefault.getByRole('button', { name: 'Markttag planen' }).click();
    await page.getByRole('status').getByText('Wochenmarkt Gronau geplant', { exact: false }).waitFor();

    // The audit log says who changed what, in words.
    await page.goto(`${h.baseUrl}/admin/protokoll`);
    const corrected = page.locator('.audit-table tbody tr').filter({ hasText: 'Markttag „2026-05-09 · Wochenmarkt Refrath“ korrigiert' });
    await corrected.waitFor();
    const lines = (await corrected.locator('.audit-details li').allInnerTexts()).map((line) => line.replace(/\s+/g, ' ').replace(' → wird zu ', ' → '));
    expect(lines).toEqual(expect.arrayContaining(['Stadtteil: Bensberg → Refrath', 'Notizen in den neuen Stadtteil übernommen: 2']));
    expect(await corrected.textContent()).toContain(admin.username);
    await page.locator('.audit-table tbody tr').filter({ hasText: 'Markttag „2026-06-13 · Stadtteilfest Refrath“ entfernt' }).waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');

    const tablet = (await h.newPage({ viewport: { width: 1280, height: 800 } })).page;
    await signInAs(tablet, h.baseUrl, staff.username, '/stand');
    await tablet.getByRole('link', { name: /Wochenmarkt Gronau/ }).waitFor();
  });

  it('merges a market day two tablets created: the page points the twin out, moves what was captured, and the tablet still on it is shown the way', async () => {
    const slug = buildProcess(h.db, { slug: 'markttag-doppelt', title: 'Markttag doppelt angelegt' });
    const admin = await buildUser(h.db, { role: 'admin' });
    const staff = await buildUser(h.db, { role: 'staff' });
    // Two tablets without network at the same stall: each created the market day.
    const kept = buildMarketDayItem({ processSlug: slug, date: '2026-05-09', place: 'Wochenmarkt Bensberg', stadtteil: 'bensberg' });
    const twice = buildMarketDayItem({ processSlug: slug, date: '2026-05-09', place: 'Markt Bensberg', stadtteil: 'bensberg', staff: ['Mira'] });
    const notes = [kept, kept, twice, twice, twice].map((day) => buildNoteItem({ processSlug: slug, marketDayId: day.id }));
    const synced = await syncBatch(h.db, { userId: staff.id, role: 'staff' }, [kept, twice, ...notes]);
    expect(synced.every((result) => result.status === 'stored')).toBe(true);

    const { page } = await h.newPage({ viewport: { width: 768, height: 1024 } });
    await signInAs(page, h.baseUrl, admin.username, `/admin/p/${slug}/markttage`);
    const twin = page.getByRole('listitem', { name: 'Sa., 9. Mai 2026 · Markt Bensberg' });
    await twin.getByText('Am selben Tag gibt es auch Sa., 9. Mai 2026 · Wochenmarkt Bensberg. Doppelt angelegt? Dann führen Sie die beiden zusammen.').waitFor();
    await twin.getByRole('button', { name: 'Zusammenführen …' }).click();
    const form = page.getByRole('form', { name: 'Markttag Sa., 9. Mai 2026 · Markt Bensberg mit einem anderen zusammenführen' });
    const into = form.getByLabel('Alles hier Erfasste übernehmen in');
    // The choice takes the focus, the twin of the same day chosen.
    await expect.poll(() => into.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await into.locator('option:checked').innerText()).toMatch(/^Sa\., 9\. Mai 2026 · Wochenmarkt Bensberg \(Bensberg; 2 Notizen/);
    expect(formatViolations(await axeViolations(page))).toBe('');
    expect(await smallTargets(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/market-days-768-merge.png', fullPage: true });
    // On a phone the choice, with its long names, stays within the screen.
    const phone = (await h.newPage({ viewport: { width: 390, height: 844 } })).page;
    await signInAs(phone, h.baseUrl, admin.username, `/admin/p/${slug}/markttage`);
    await phone.getByRole('listitem', { name: 'Sa., 9. Mai 2026 · Markt Bensberg' }).getByRole('button', { name: 'Zusammenführen …' }).click();
    await phone.getByLabel('Alles hier Erfasste übernehmen in').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await smallTargets(phone)).toEqual([]);
    await phone.screenshot({ path: '/tmp/market-days-390-merge.png', fullPage: true });
    await form.getByRole('button', { name: 'Zusammenführen', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Markttage zusammenführen?' });
    await dialog.getByText(/Alles auf Sa\., 9\. Mai 2026 · Markt Bensberg Erfasste \(3 Notizen · 0 Papierfragebögen · 0 Klebepunkte\) geht an Sa\., 9\. Mai 2026 · Wochenmarkt Bensberg\./).waitFor();
    await dialog.getByRole('button', { name: 'Zusammenführen', exact: true }).click();
    await page.getByRole('status').getByText('Sa., 9. Mai 2026 · Markt Bensberg ist mit Sa., 9. Mai 2026 · Wochenmarkt Bensberg zusammengeführt: 3 Notizen · 0 Papierfragebögen · 0 Klebepunkte übernommen.').waitFor();
    await expect.poll(() => page.locator('.market-day-list > li').count()).toBe(1);
    const left = page.getByRole('listitem', { name: 'Sa., 9. Mai 2026 · Wochenmarkt Bensberg' });
    expect(await left.innerText()).toContain('5 Notizen');
    expect(await left.innerText()).toContain('Aylin, Jonas, Mira');
    expect(formatViolations(await axeViolations(page))).toBe('');

    await page.goto(`${h.baseUrl}/admin/protokoll`);
    const merged = page.locator('.audit-table tbody tr').filter({ hasText: 'Markttag „2026-05-09 · Wochenmarkt Bensberg“ mit einem doppelt angelegten zusammengeführt' });
    await merged.waitFor();
    const lines = (await merged.locator('.audit-details li').allInnerTexts()).map((line) => line.replace(/\s+/g, ' '));
    expect(lines).toEqual(expect.arrayContaining(['Zusammengeführt und entfernt: 2026-05-09 · Markt Bensberg', 'Notizen: 3']));

    // The tablet that created the twin opens its page: it says where everything went and leads there.
    const tablet = (await h.newPage({ viewport: { width: 800, height: 1280 } })).page;
    await signInAs(tablet, h.baseUrl, staff.username, '/stand');
    await tablet.getByLabel('Verfahren').selectOption({ label: 'Markttag doppelt angelegt' });
    await tablet.getByRole('link', { name: /Wochenmarkt Bensberg/ }).waitFor();
    await tablet.goto(`${h.baseUrl}/stand/markttag/${twice.id}/punkte`);
    await tablet.getByRole('heading', { name: 'Dieser Markttag wurde zusammengeführt' }).waitFor();
    await tablet.getByText(/Ein Admin hat ihn mit dem Markttag Wochenmarkt Bensberg am Samstag, 9\. Mai 2026 zusammengeführt/).waitFor();
    expect(formatViolations(await axeViolations(tablet))).toBe('');
    await tablet.screenshot({ path: '/tmp/stall-800-merged.png', fullPage: true });
    await tablet.getByRole('link', { name: 'Weiter zum Markttag Wochenmarkt Bensberg' }).click();
    await tablet.waitForURL(`**/stand/markttag/${kept.id}/punkte`);
    await tablet.getByRole('heading', { name: /^Wochenmarkt Bensberg/ }).waitFor();
  });

  it('corrects the date of a market day: the page and the audit log say how many paper questionnaires moved with it', async () => {
    const slug = buildProcess(h.db, { slug: 'markttag-datum', title: 'Markttag mit falschem Datum' });
    const admin = await buildUser(h.db, { role: 'admin' });
    const staff = await buildUser(h.db, { role: 'staff' });
    const day = buildMarketDayItem({ processSlug: slug, date: '2026-05-09', place: 'Wochenmarkt Bensberg' });
    const paper = { type: 'paperResponse' as const, id: randomUUID(), marketDayId: day.id, response: { surveyVersion: 1, language: 'de' as const, answers: goodAnswers() } };
    const synced = await syncBatch(h.db, { userId: staff.id, role: 'staff' }, [day, paper]);
    expect(synced.map((result) => result.status)).toEqual(['stored', 'stored']);

    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin.username, `/admin/p/${slug}/markttage`);
    const listed = page.getByRole('listitem', { name: 'Sa., 9. Mai 2026 · Wochenmarkt Bensberg' });
    await listed.getByRole('button', { name: 'Korrigieren' }).click();
    const form = page.getByRole('form', { name: 'Markttag Sa., 9. Mai 2026 · Wochenmarkt Bensberg korrigieren' });
    await form.getByLabel('Datum').fill('2026-05-16');
    await form.getByRole('button', { name: 'Korrektur speichern' }).click();
    await page.getByRole('status').getByText('Markttag Sa., 16. Mai 2026 · Wochenmarkt Bensberg korrigiert. 1 Papierfragebogen ist jetzt auf Sa., 16. Mai 2026 datiert, mit seinen Freitexten.').waitFor();
    await page.getByRole('listitem', { name: 'Sa., 16. Mai 2026 · Wochenmarkt Bensberg' }).waitFor();
    await page.screenshot({ path: '/tmp/market-days-1280-date.png', fullPage: true });
    expect(formatViolations(await axeViolations(page))).toBe('');

    await page.goto(`${h.baseUrl}/admin/protokoll`);
    const corrected = page.locator('.audit-table tbody tr').filter({ hasText: 'Markttag „2026-05-16 · Wochenmarkt Bensberg“ korrigiert' });
    await corrected.waitFor();
    const lines = (await corrected.locator('.audit-details li').allInnerTexts()).map((line) => line.replace(/\s+/g, ' ').replace(' → wird zu ', ' → '));
    expect(lines).toEqual(expect.arrayContaining(['Papierfragebögen auf das neue Datum verschoben: 1']));
  });

  it('lists on the tablet the market days planned ahead as „Geplante Markttage“, the nearest first, and only past ones as „Frühere Markttage“', async () => {
    const slug = buildProcess(h.db, { slug: 'spielplaetze', title: 'Spielplätze und Jugendräume' });
    const staff = await buildUser(h.db, { role: 'staff' });
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const items = [
      buildMarketDayItem({ processSlug: slug, date: day(60), place: 'Sommerfest Altstadt' }),
      buildMarketDayItem({ processSlug: slug, date: day(30), place: 'Wochenmarkt Lindenplatz' }),
      buildMarketDayItem({ processSlug: slug, date: day(-30), place: 'Herbstmarkt Oberhausen' }),
    ];
    expect((await syncBatch(h.db, { userId: staff.id, role: 'staff' }, items)).map((result) => result.status)).toEqual(['stored', 'stored', 'stored']);

    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, staff.username, '/stand');
    await page.getByLabel('Verfahren').selectOption({ label: 'Spielplätze und Jugendräume' });
    const listUnder = (heading: string) => page.locator(`h2:text-is("${heading}") + ul.market-day-list`).locator('strong');
    await expect.poll(() => listUnder('Geplante Markttage').allInnerTexts()).toEqual(['Wochenmarkt Lindenplatz', 'Sommerfest Altstadt']);
    expect(await listUnder('Frühere Markttage').allInnerTexts()).toEqual(['Herbstmarkt Oberhausen']);
    await page.screenshot({ path: '/tmp/stall-planned-1280.png', fullPage: true });
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it("gives as the place's example a market in the process's own city, not in Bergisch Gladbach", async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    // Leverkusen's process: its own Stadtteile (Wiesdorf, Opladen), none of the default process's.
    createProcess(h.db, { id: randomUUID(), slug: 'klima', status: 'draft', structure: climateStructure() }, admin.id);
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin/p/klima/markttage');
    const place = page.getByRole('region', { name: 'Neuen Markttag planen' }).getByLabel('Ort');
    await place.waitFor();
    const hint = await page.locator(`#${await place.getAttribute('aria-describedby')}`).innerText();
    expect(hint).toBe('Zum Beispiel „Wochenmarkt Wiesdorf, Marktplatz“');
  });
});
