import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcess } from '../factories/processes.ts';
import { buildUser } from '../factories/users.ts';
import { signInAs, startHarness, type BrowserHarness } from './harness.ts';

/**
 * The process and survey editors with the keyboard: „Entfernen“, „Nach oben“ and „Nach unten“
 * leave the focus where the admin works, not on the page's start, and „Nach unten“ pressed again
 * moves the same item further.
 */

/** Whether the control has the keyboard focus (set after the editor's render, so asked until it has). */
const hasFocus = (control: Locator) => control.evaluate((element) => element === document.activeElement);

/** Presses a control as a keyboard user does: focused, then Enter. */
async function press(control: Locator) {
  await control.focus();
  await control.press('Enter');
}

/** What a screen reader calls the focused element: a button's whole name, a field's label. */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return 'body';
    return (element.querySelector('.visually-hidden')?.textContent ?? element.textContent ?? '').trim();
  });

describe('keyboard focus in the editors', () => {
  let h: BrowserHarness;
  let admin = '';
  beforeAll(async () => {
    h = await startHarness();
    admin = (await buildUser(h.db, { role: 'admin' })).username;
  });
  afterAll(() => h?.close());

  it('after removing a phase, a field of action, a Stadtteil or a district of a new process, is on the item before or on its list’s „… hinzufügen“', async () => {
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin, '/admin/verfahren/neu');
    const form = page.getByRole('form', { name: 'Aufbau des Verfahrens' });
    await press(form.getByRole('button', { name: 'Phase hinzufügen' }));
    await press(form.getByRole('button', { name: 'Entfernen Phase 3' }));
    await expect.poll(() => focusedName(page)).toBe('Entfernen Phase 2');
    // With one phase left there is nothing to remove: the way on is to add one.
    await page.keyboard.press('Enter');
    await expect.poll(() => hasFocus(form.getByRole('button', { name: 'Phase hinzufügen' }))).toBe(true);

    await form.getByLabel('Handlungsfeld 1', { exact: true }).fill('Wohnen');
    await press(form.getByRole('button', { name: 'Handlungsfeld hinzufügen' }));
    await form.getByLabel('Handlungsfeld 2', { exact: true }).fill('Mobilität');
    await press(form.getByRole('button', { name: 'Entfernen Mobilität' }));
    await expect.poll(() => focusedName(page)).toBe('Unterthema hinzufügen zu Wohnen');

    await press(form.getByRole('button', { name: 'Bezirk hinzufügen' }));
    await form.getByLabel('Bezirk 1', { exact: true }).fill('Nord');
    await press(form.getByRole('button', { name: 'Stadtteil hinzufügen zu Nord' }));
    await press(form.getByRole('button', { name: 'Stadtteil hinzufügen zu Nord' }));
    await form.getByLabel('Bezirk 1, Stadtteil 2', { exact: true }).fill('Lindenhof');
    await press(form.getByRole('button', { name: 'Entfernen Lindenhof' }));
    await expect.poll(() => focusedName(page)).toBe('Entfernen Bezirk 1, Stadtteil 1');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedName(page)).toBe('Stadtteil hinzufügen zu Nord');
    await press(form.getByRole('button', { name: 'Entfernen Nord' }));
    await expect.poll(() => hasFocus(form.getByRole('button', { name: 'Bezirk hinzufügen' }))).toBe(true);
  });

  it('follows a question „Nach unten“ and „Nach oben“, and after removing a section’s last question is on the one before', async () => {
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin, `/admin/p/${h.slug}/umfrage`);
    const questions = page.locator('fieldset.editor-section').nth(1).locator('ol.question-list > li');
    await expect.poll(() => questions.count()).toBeGreaterThanOrEqual(3);
    const title = async (at: number) => (await questions.nth(at).locator('summary h3').innerText()).trim();
    const first = await title(0);
    const firstName = (await questions.nth(0).getByRole('button', { name: /^Nach unten: / }).locator('.visually-hidden').textContent())!.slice('Nach unten: '.length);

    await press(questions.nth(0).getByRole('button', { name: `Nach unten: ${firstName}` }));
    await expect.poll(() => focusedName(page)).toBe(`Nach unten: ${firstName}`);
    // Pressed again, the same question goes on down: the last now, where it can only go up, so the focus is on „Nach oben“, not on „Frage entfernen“.
    await page.keyboard.press('Enter');
    await expect.poll(() => title(2)).toBe(first);
    await expect.poll(() => focusedName(page)).toBe(`Nach oben: ${firstName}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => title(1)).toBe(first);
    await expect.poll(() => focusedName(page)).toBe(`Nach oben: ${firstName}`);

    const count = await questions.count();
    const last = questions.nth(count - 1);
    const lastName = (await last.getByRole('button', { name: /^Frage entfernen: / }).locator('.visually-hidden').textContent())!;
    const beforeName = (await questions.nth(count - 2).getByRole('button', { name: /^Frage entfernen: / }).locator('.visually-hidden').textContent())!;
    await press(last.getByRole('button', { name: lastName }));
    await expect.poll(() => questions.count()).toBe(count - 1);
    await expect.poll(() => focusedName(page)).toBe(beforeName);
  });

  it('after „… hinzufügen“, the keyboard is in the new item’s field: what is typed next is its name or text', async () => {
    const { page } = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await signInAs(page, h.baseUrl, admin, '/admin/verfahren/neu');
    const form = page.getByRole('form', { name: 'Aufbau des Verfahrens' });
    /** Presses the button, types as a keyboard user does, and says where the words went. */
    const addAndType = async (button: Locator, words: string, field: Locator) => {
      await press(button);
      await expect.poll(() => hasFocus(field)).toBe(true);
      await page.keyboard.type(words);
      return field.inputValue();
    };
    expect(await addAndType(form.getByRole('button', { name: 'Phase hinzufügen' }), 'Umsetzung', form.getByLabel('Phase 3', { exact: true }))).toBe('Umsetzung');
    await form.getByLabel('Handlungsfeld 1', { exact: true }).fill('Spielplätze');
    expect(await addAndType(form.getByRole('button', { name: 'Handlungsfeld hinzufügen' }), 'Treffpunkte', form.getByLabel('Handlungsfeld 2', { exact: true }))).toBe('Treffpunkte');
    expect(await addAndType(form.getByRole('button', { name: 'Unterthema hinzufügen zu Treffpunkte' }), 'Skatepark', form.locator('#field-1-0'))).toBe('Skatepark');
    expect(await addAndType(form.getByRole('button', { name: 'Bezirk hinzufügen' }), 'Stadtbezirk 1', form.getByLabel('Bezirk 1', { exact: true }))).toBe('Stadtbezirk 1');
    expect(await addAndType(form.getByRole('button', { name: 'Stadtteil hinzufügen zu Stadtbezirk 1' }), 'Gronau', form.getByLabel('Bezirk 1, Stadtteil 1', { exact: true }))).toBe('Gronau');

    await page.goto(`${h.baseUrl}/admin/p/${h.slug}/umfrage`);
    const first = page.locator('fieldset.editor-section').first();
    const questions = first.locator('ol.question-list > li');
    const count = await questions.count();
    await first.getByLabel('Fragetyp').selectOption('multi');
    const text = await addAndType(first.getByRole('button', { name: 'Frage hinzufügen' }), 'Was fehlt dir?', page.locator(`#s0q${count}-title`));
    expect(text).toBe('Was fehlt dir?');
    // The new question is on the screen (scrolled there smoothly), not below the editor's sticky buttons.
    const onScreen = () =>
      page.locator(`#s0q${count}-title`).evaluate((field) => {
        const box = field.getBoundingClientRect();
        const bar = document.querySelector('.editor-actions')!.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= Math.min(window.innerHeight, bar.top);
      });
    await expect.poll(onScreen).toBe(true);
    const sections = await page.locator('.add-question select').count();
    // The suggested „Abschnitt N“ is what the typing replaces.
    expect(await addAndType(page.getByRole('button', { name: 'Abschnitt hinzufügen' }), 'Treffpunkte', page.locator(`#s${sections}-title`))).toBe('Treffpunkte');
    const paragraphs = await page.locator('[id^="texts-thanks-p"]').count();
    expect(await addAndType(page.getByRole('button', { name: 'Absatz hinzufügen: Dankeseite' }), 'Bis bald!', page.locator(`#texts-thanks-p${paragraphs}`))).toBe('Bis bald!');
  });

  it('after publishing a version, and after an XLSForm upload, is on what was said, not on the page’s start', async () => {
    const slug = buildProcess(h.db);
    const { page } = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await signInAs(page, h.baseUrl, admin, `/admin/p/${slug}/umfrage`);
    const translations = page.getByRole('region', { name: 'Übersetzungen' });
    const download = page.waitForEvent('download');
    await translations.getByRole('link', { name: 'XLSForm zum Übersetzen herunterladen' }).click();
    const file = (await (await download).path())!;
    await translations.getByLabel('XLSForm-Datei (.xlsx) in den Entwurf laden').setInputFiles(file);
    await press(translations.getByRole('button', { name: 'Hochladen' }));
    await expect.poll(() => focusedName(page)).toMatch(/^Die Datei ist jetzt der Entwurf \(wird Version 2\)\./);

    // Saved first, as an admin checks the draft before publishing it: publishing saves nothing then.
    await page.locator('#s0-title').fill('Willkommen bei der Umfrage');
    await press(page.getByRole('button', { name: 'Entwurf speichern' }));
    await expect.poll(() => focusedName(page)).toMatch(/^Entwurf gespeichert/);
    await press(page.getByRole('button', { name: 'Version 2 veröffentlichen' }));
    // Languages not checked by a person: the page asks first.
    await page.getByRole('dialog').getByRole('button', { name: 'Trotzdem veröffentlichen' }).click();
    await expect.poll(() => focusedName(page)).toMatch(/^Veröffentlicht als Version 2\./);
  });

  it('after „Veröffentlichen“ or „Archivieren“ of a process, is at „Sichtbarkeit“, which says what happened, where the admin is', async () => {
    const slug = buildProcess(h.db);
    h.db.$client.prepare("update processes set status = 'draft' where slug = ?").run(slug);
    const { page } = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await signInAs(page, h.baseUrl, admin, `/admin/p/${slug}/struktur`);
    const visibility = page.getByRole('region', { name: 'Sichtbarkeit' });
    await press(visibility.getByRole('button', { name: 'Veröffentlichen', exact: true }));
    await page.getByRole('dialog', { name: 'Verfahren veröffentlichen?' }).getByRole('button', { name: 'Veröffentlichen' }).click();
    // The button pressed is gone once the process is public: the focus is at the section's heading, its sentence below it on the screen.
    await expect.poll(() => focusedName(page)).toBe('Sichtbarkeit');
    expect(await visibility.getByText('Veröffentlicht: Das Verfahren steht auf der Startseite.').isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedName(page)).toBe('Archivieren');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByRole('button', { name: 'Archivieren' }).click();
    await expect.poll(() => focusedName(page)).toBe('Sichtbarkeit');
    expect(await visibility.getByText(/^Archiviert: /).isVisible()).toBe(true);
  });

  it('on a laptop (1366×768), each control tabbed to in the survey editor stands above its sticky save buttons, not under them', async () => {
    const { page } = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await signInAs(page, h.baseUrl, admin, `/admin/p/${h.slug}/umfrage`);
    await page.getByLabel('Texte bearbeiten in').focus();
    /** Whether the focused control is in view and clear of the bar (or one of the bar's own). */
    const clear = () =>
      page.evaluate(() => {
        const focused = document.activeElement!;
        const bar = document.querySelector('.editor-actions')!;
        if (bar.contains(focused)) return true;
        const box = focused.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= bar.getBoundingClientRect().top;
      });
    for (let step = 0; step < 15; step += 1) {
      await page.keyboard.press('Tab');
      await expect.poll(clear, { message: `after Tab ${step + 1}: ${await focusedName(page)}` }).toBe(true);
    }
  });

  it('after a save, stays on the button pressed, or on what was said once „Entwurf speichern“ has nothing more to save', async () => {
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, admin, '/admin/konten');
    const form = page.getByRole('form', { name: 'Neues Konto' });
    await form.getByLabel('Benutzername').fill('stand.nord');
    await form.getByLabel('Passwort').fill('a long enough passphrase');
    await form.getByLabel('Rolle').selectOption({ label: 'Marktstand-Team' });
    const create = form.getByRole('button', { name: 'Konto anlegen' });
    await press(create);
    await page.getByText('Konto „stand.nord“ angelegt.').waitFor();
    await expect.poll(() => hasFocus(create)).toBe(true);

    await page.goto(`${h.baseUrl}/admin/p/${h.slug}/markttage`);
    await page.getByLabel('Datum').fill('2026-12-12');
    await page.getByLabel('Ort').fill('Wochenmarkt Nord');
    const plan = page.getByRole('button', { name: 'Markttag planen' });
    await press(plan);
    await page.getByText('Wochenmarkt Nord geplant.', { exact: false }).waitFor();
    await expect.poll(() => hasFocus(plan)).toBe(true);

    await page.goto(`${h.baseUrl}/admin/p/${h.slug}/struktur`);
    await page.getByLabel('Beschreibung (Deutsch)').fill('Wie wir zusammen leben wollen.');
    const save = page.getByRole('button', { name: 'Speichern', exact: true });
    await press(save);
    await page.getByText('Gespeichert.', { exact: true }).waitFor();
    await expect.poll(() => hasFocus(save)).toBe(true);

    // A file without its source: refused, said as an alert, and the keyboard is still at the button.
    await page.goto(`${h.baseUrl}/admin/p/${h.slug}/einwohner`);
    await page.getByLabel('CSV-Datei').setInputFiles({ name: 'einwohner.csv', mimeType: 'text/csv', buffer: Buffer.from('Stadtteil;Einwohner\nbensberg;1200\n') });
    const replace = page.getByRole('button', { name: 'Einwohnerzahlen ersetzen' });
    await press(replace);
    await page.getByRole('alert').getByText('Bitte Quelle, Stichtag und Lizenz angeben', { exact: false }).waitFor();
    await expect.poll(() => hasFocus(replace)).toBe(true);

    await page.goto(`${h.baseUrl}/admin/p/${h.slug}/umfrage`);
    await page.locator('#s0-title').fill('Willkommen bei der Umfrage');
    await press(page.getByRole('button', { name: 'Entwurf speichern' }));
    await expect.poll(() => focusedName(page)).toMatch(/^Entwurf gespeichert/);
  });

  it('releasing results: stays on „Vorschau“ while the preview loads, then goes to what was said after „Freigeben“ and „Zurückziehen“', async () => {
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin, `/admin/p/${h.slug}/ergebnisse`);
    await page.getByLabel('Titel (Deutsch, Pflicht)').fill('Erste Ergebnisse');
    await page.getByLabel('Einleitung (Deutsch, Pflicht)').fill('Was die ersten Wochen zeigen.');
    await page.locator('.snapshot-questions').getByRole('checkbox').first().check();
    const preview = page.getByRole('button', { name: 'Vorschau', exact: true });
    await press(preview);
    await page.getByRole('heading', { name: 'Vorschau (noch nicht veröffentlicht)' }).waitFor();
    await expect.poll(() => hasFocus(preview)).toBe(true);

    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByRole('button', { name: 'Freigeben' }).click();
    await expect.poll(() => focusedName(page)).toMatch(/^Freigegeben: „Erste Ergebnisse“/);

    // „Zurückziehen“ is reachable before a reason is typed and says what it waits for; Enter on it takes the focus to the reason.
    const reason = page.getByLabel('Grund für das Zurückziehen (öffentlich sichtbar)');
    const withdraw = page.getByRole('button', { name: 'Zurückziehen' });
    await reason.focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => hasFocus(withdraw)).toBe(true);
    expect(await withdraw.getAttribute('aria-disabled')).toBe('true');
    expect(await withdraw.evaluate((button) => document.getElementById(button.getAttribute('aria-describedby')!)?.textContent?.trim())).toBe('Mindestens 3 Zeichen.');
    await page.keyboard.press('Enter');
    await expect.poll(() => hasFocus(reason)).toBe(true);
    await reason.fill('Zahlen doppelt gezählt');
    await press(withdraw);
    await page.getByRole('dialog', { name: 'Ergebnisse zurückziehen?' }).getByRole('button', { name: 'Zurückziehen' }).click();
    await expect.poll(() => focusedName(page)).toMatch(/^Zurückgezogen\./);
  });
});
