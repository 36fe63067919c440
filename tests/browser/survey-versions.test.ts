import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createProcess } from '../../server/features/processes/process-admin.service.ts';
import { buildProcess, climateStructure } from '../factories/processes.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildXlsform, youthSurveySheets } from '../factories/xlsform.ts';
import { axeViolations, formatViolations, signInAs, startHarness, type BrowserHarness } from './harness.ts';

describe('survey versions and XLSForm on the admin process page', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('an XLSForm whose German changed says which checked translations count as not checked again', async () => {
    const slug = buildProcess(h.db, { slug: 'xlsform-geprueft', title: 'Jugendbefragung Refrath' });
    const admin = await buildUser(h.db, { role: 'admin' });
    const dir = h.db.$client.name.replace(/[^/]+$/u, '');
    const youth = (german: string) => {
      const sheets = youthSurveySheets();
      sheets.survey = sheets.survey!.map((row) => (row.name === 'age' ? { ...row, 'label::Deutsch (de)': german } : row));
      sheets.settings = [{ ...sheets.settings![0]!, translations: 'en=reviewed uk=machine' }];
      return buildXlsform(sheets);
    };
    const [first, edited] = [join(dir, 'jugend-1.xlsx'), join(dir, 'jugend-2.xlsx')];
    writeFileSync(first, await youth('Wie alt bist du?'));
    writeFileSync(edited, await youth('Wie alt bist du jetzt?'));

    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${h.baseUrl}/login?next=/admin/p/${slug}/verfahren`);
    await page.getByLabel('Benutzername').fill(admin.username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { name: 'Fragebogen: Versionen und XLSForm' }).waitFor();
    const upload = async (file: string) => {
      await page.getByLabel('XLSForm-Datei (.xlsx) in den Entwurf laden').setInputFiles(file);
      await page.getByRole('button', { name: 'Hochladen' }).click();
    };
    await upload(first);
    await page.getByText('Die Datei ist jetzt der Entwurf', { exact: false }).waitFor();
    expect(await page.getByText('gelten wieder als nicht geprüft', { exact: false }).count()).toBe(0);

    // The same form with the German of a question changed; its settings still say en=reviewed.
    await upload(edited);
    const note = page.getByText('Der deutsche Text hat sich geändert oder ist nicht mehr der, gegen den zuletzt geprüft wurde: Die Übersetzungen der Sprachen English gelten wieder als nicht geprüft.', { exact: false });
    await note.waitFor();
    await note.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/xlsform-outdated-390.png' });
    expect(formatViolations(await axeViolations(page))).toBe('');
  });

  it('a new city’s process without a questionnaire leads from the process page to the survey editor, with no empty table of versions', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    createProcess(h.db, { id: randomUUID(), slug: 'klima-ohne-fragebogen', status: 'draft', structure: climateStructure() }, admin.id);
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin/p/klima-ohne-fragebogen/verfahren');
    const section = page.getByRole('region', { name: 'Fragebogen: Versionen und XLSForm' });
    await section.getByText('Noch keine Version veröffentlicht.').waitFor();
    expect(await section.getByRole('table').count()).toBe(0);
    const draft = section.locator('.survey-draft p').first();
    expect(await draft.innerText()).toBe('Dieses Verfahren hat noch keinen Fragebogen. Legen Sie ihn unter Fragebogen bearbeiten an oder laden Sie unten eine XLSForm-Datei hoch.');
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/survey-versions-none-1280.png' });
    expect(formatViolations(await axeViolations(page))).toBe('');
    await draft.getByRole('link', { name: 'Fragebogen bearbeiten' }).click();
    await page.waitForURL('**/admin/p/klima-ohne-fragebogen/umfrage');
    await page.getByRole('heading', { name: 'Fragebogen bearbeiten: Klimaschutz mitgestalten' }).waitFor();
  });

  it('uploads an XLSForm, names the row of what it cannot hold, publishes it as version 2 and offers each version as a download', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const dir = h.db.$client.name.replace(/[^/]+$/u, '');
    const broken = join(dir, 'datum.xlsx');
    const good = join(dir, 'jugend.xlsx');
    writeFileSync(broken, await buildXlsform(youthSurveySheets([{ type: 'date', name: 'birthday', 'label::Deutsch (de)': 'Geburtstag' }])));
    writeFileSync(good, await buildXlsform(youthSurveySheets()));

    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    // A chunk that fails to evaluate (a cycle between chunks, say) shows as a page error and a blank page.
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${h.baseUrl}/login?next=/admin/p/${h.slug}/verfahren`);
    await page.getByLabel('Benutzername').fill(admin.username);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { name: 'Fragebogen: Versionen und XLSForm' }).waitFor();
    await page.getByRole('link', { name: 'Version 1 herunterladen' }).waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');

    await page.getByLabel('XLSForm-Datei (.xlsx) in den Entwurf laden').setInputFiles(broken);
    await page.getByRole('button', { name: 'Hochladen' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Die Datei enthält Angaben, die der Fragebogen nicht aufnehmen kann; nichts wurde übernommen. Die Stellen:').waitFor();
    await alert.getByText('Tabelle „survey“, Zeile 13, Spalte type:').waitFor();
    // Worded in German by the code, not in the server's English.
    expect(await alert.innerText()).toContain('Der Typ „date“ wird nicht unterstützt');

    await page.getByLabel('XLSForm-Datei (.xlsx) in den Entwurf laden').setInputFiles(good);
    await page.getByLabel('Gleich als neue Version veröffentlichen').check();
    await page.getByRole('button', { name: 'Hochladen' }).click();
    await page.getByText('Veröffentlicht als Version 2.').waitFor();
    await page.getByText('form_title „Jugendbefragung“ wird nicht übernommen: Die Umfrage erscheint unter dem Titel des Verfahrens.').waitFor();
    await page.getByRole('link', { name: 'Version 2 herunterladen' }).waitFor();
    // The form has no Ukrainian of its own: only the texts around the questions (privacy notice, thank-you page) have it.
    const [, ukrainian, total] = /Українська: (\d+)\/(\d+)/u.exec(await page.getByRole('row', { name: /^2/ }).innerText())!;
    expect(Number(ukrainian)).toBeLessThan(Number(total) / 2);
    expect(formatViolations(await axeViolations(page))).toBe('');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Version 2 herunterladen' }).click();
    expect((await download).suggestedFilename()).toBe(`${h.slug}-fragebogen-v2.xlsx`);

    // The same file again, into the draft: the draft is version 2 as published, so version 3 is not offered, and the page says why.
    await page.getByLabel('XLSForm-Datei (.xlsx) in den Entwurf laden').setInputFiles(good);
    await page.getByRole('button', { name: 'Hochladen' }).click();
    await page.getByText('Die Datei ist jetzt der Entwurf (wird Version 3).').waitFor();
    const publish3 = page.getByRole('button', { name: 'Entwurf als Version 3 veröffentlichen' });
    await publish3.waitFor();
    expect(await publish3.isDisabled()).toBe(true);
    expect(await page.locator('#draft-unchanged').innerText()).toBe('Keine Änderungen seit Version 2 – es gibt nichts Neues zu veröffentlichen.');
    expect(formatViolations(await axeViolations(page))).toBe('');
    expect(pageErrors).toEqual([]);

    // A resident answers the imported version in English: the number field and the and/or condition work on the phone.
    const resident = (await h.newPage({ viewport: { width: 390, height: 844 } })).page;
    await resident.goto(`${h.baseUrl}/p/${h.slug}/umfrage?lang=en`);
    await resident.getByRole('button', { name: 'Start the survey', exact: true }).click();
    const age = resident.getByRole('textbox', { name: /How old are you\?/ });
    await age.fill('9');
    await resident.getByLabel('Yes', { exact: true }).check();
    const wish = resident.getByRole('textbox', { name: /What do you wish for from the club\?/ });
    await wish.waitFor();
    await resident.getByLabel('No', { exact: true }).check();
    await wish.waitFor({ state: 'detached' });
    await resident.getByRole('button', { name: 'Next', exact: true }).click();
    await resident.locator('#q-age-error').getByText('Please enter a number from 10 to 27.').waitFor();
    await age.fill('٢٠');
    await resident.getByRole('button', { name: 'Next', exact: true }).click();
    await resident.getByRole('heading', { name: 'Your opinion' }).waitFor();
    expect(formatViolations(await axeViolations(resident))).toBe('');
  });
});
