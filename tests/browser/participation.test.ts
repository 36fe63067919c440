import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPopulation } from '../../server/features/population/population.service.ts';
import type { SurveyDefinition } from '../../shared/survey/definition.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser } from '../factories/users.ts';
import { axeViolations, formatViolations, signInAs, startHarness, switchLanguage, type BrowserHarness } from './harness.ts';

/**
 * Participation against population in Chromium: the results page on a 390 px phone (example
 * figures marked as such, the chart, the table, axe), the admin's CSV upload naming the lines of
 * a bad file, and "Wohin als Nächstes?" on the stall's market-day form.
 */
describe('Beteiligung im Vergleich zu den Einwohnern', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
    for (const [stadtteil, responses, notes] of [
      ['gronau', 12, 6],
      ['bensberg', 8, 5],
      ['refrath', 30, 10],
      ['stadtmitte', 6, 0],
    ] as const) {
      for (let i = 0; i < responses; i += 1) buildResponse(h.db, { stadtteil, answers: { 'age-band': i % 2 ? '18-29' : '30-49' } });
      for (let i = 0; i < notes; i += 1) buildContribution(h.db, { stadtteil, channel: 'stall' });
    }
  }, 60_000);
  afterAll(() => h?.close());

  /**
   * Each test starts from the seeded example figures, whatever ran before it: a test that imports
   * figures puts the seeded ones back afterwards (test-only SQL on the harness's database).
   */
  const withFiguresRestored = async (run: () => Promise<void>) => {
    const client = h.db.$client;
    const saved = client.prepare('select id, population, population_status, population_source, population_date, population_licence from stadtteile').all();
    const groups = client.prepare('select * from population_groups').all();
    try {
      await run();
    } finally {
      const restore = client.prepare(
        'update stadtteile set population = @population, population_status = @population_status, population_source = @population_source, population_date = @population_date, population_licence = @population_licence where id = @id',
      );
      const insertGroup = client.prepare('insert into population_groups (process_id, stadtteil_key, dimension, category, count) values (@process_id, @stadtteil_key, @dimension, @category, @count)');
      client.transaction(() => {
        for (const row of saved) restore.run(row);
        client.prepare('delete from population_groups').run();
        for (const row of groups) insertGroup.run(row);
      })();
    }
  };

  const path = () => `/auswertung/p/${h.slug}/beteiligung`;

  it('shows rates with their intervals on a 390 px phone, says the figures are unverified examples, and passes axe', async () => {
    const group = await buildUser(h.db, { role: 'working_group', fieldsOfAction: ['arbeit'] });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, group.username, path());
    await page.getByRole('heading', { name: /Wer hat teilgenommen/ }).waitFor();
    await expect.poll(() => page.getByRole('note').first().innerText()).toContain('Ungeprüfte Beispielzahlen');

    const table = page.getByRole('table', { name: 'Stimmen je 1.000 Einwohner nach Stadtteil: Zahlen' });
    // Refrath: 40 voices of 9,437 residents → 4,2 per 1,000, Wilson 3,1–5,8.
    await expect.poll(() => table.getByRole('row', { name: /^Refrath/ }).innerText()).toMatch(/9\.437\s*\*?\s+30\s+10\s+40\s+30\s+10\s+4,2 \(3,1–5,8\)/);
    expect(await table.getByRole('row', { name: /^Hand/ }).innerText()).toContain('< 5');
    expect(await page.getByRole('heading', { name: 'Wohin als Nächstes?' }).isVisible()).toBe(true);
    expect(await page.locator('.where-next li').count()).toBe(3);
    expect(await page.getByText('So wird gerechnet').isVisible()).toBe(true);
    await page.getByText('So wird gerechnet').click();
    expect(await page.locator('.method').innerText()).toContain('1 − ½ · Σ |pᵢ − qᵢ|');
    // Nothing but the tables' own frames scrolls sideways on the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Age and immigration name the survey's own questions marked for the comparison with the Zensus.
    await page.getByText('Das Alter aus der Frage „Wie alt sind Sie?“ des Fragebogens und das Alter, das Standteams bei einer Notiz vermerkt haben.').waitFor();
    await page.getByText('Frage „Seit wann leben Sie in Deutschland?“ des Fragebogens: Wer nicht „Seit meiner Geburt“ angibt, zählt als selbst eingewandert', { exact: false }).waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/beteiligung-390.png`, fullPage: true });

    // On a wide screen the chart keeps its width: the wide table stands below it, not beside it.
    await page.setViewportSize({ width: 1280, height: 900 });
    const chart = page.locator('.rate-chart').first();
    await expect.poll(async () => (await chart.boundingBox())!.width).toBeGreaterThan(600);
    const [chartBox, tableBox] = [await chart.boundingBox(), await table.boundingBox()];
    expect(tableBox!.y).toBeGreaterThan(chartBox!.y + chartBox!.height - 1);
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/beteiligung-1280.png`, fullPage: true });

    // Each Stadtteil's row reads on one line at a tablet's width: the table scrolls in its frame
    // instead of breaking "4,2 (3,1–5,8)" over two or three lines, which made the rows uneven.
    await page.setViewportSize({ width: 1024, height: 900 });
    const heights = await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getBoundingClientRect().height));
    expect(Math.max(...heights)).toBeLessThan(1.3 * Math.min(...heights));
  });

  it('says plainly that the comparison needs a marked question, and where an admin marks it, when the survey marks none; names the question in English too', async () => {
    const slug = buildProcess(h.db, { slug: 'ohne-vergleich' });
    // Test-only SQL: the copied survey without its marks (nobody answered it, so it may change).
    const row = h.db.$client.prepare('select s.id, s.definition from surveys s join processes p on p.id = s.process_id where p.slug = ?').get(slug) as { id: number; definition: string };
    const definition = JSON.parse(row.definition) as SurveyDefinition;
    for (const section of definition.sections) section.questions = section.questions.map((question) => ({ ...question, census: undefined }));
    h.db.$client.prepare('update surveys set definition = ? where id = ?').run(JSON.stringify(definition), row.id);
    const admin = await buildUser(h.db, { role: 'admin' });
    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, admin.username, `/auswertung/p/${slug}/beteiligung`);
    const hint = (id: string) => page.locator('section', { has: page.locator(`#participation-${id}`) }).locator('.hint');
    await expect.poll(() => hint('alter').innerText()).toContain('Der Fragebogen hat keine Frage für den Vergleich mit den Altersgruppen des Zensus');
    expect(await hint('alter').innerText()).toContain('im Fragebogen-Editor („Fragebogen bearbeiten“) bei der Frage unter „Vergleich mit dem Zensus“ ein');
    expect(await hint('einwanderung').innerText()).toContain('Der Fragebogen hat keine Frage für den Vergleich mit der Einwanderung laut Zensus, darum zählen alle Fragebögen hier als „ohne Angabe“.');
    expect(await page.getByText('Wie alt sind Sie?').count()).toBe(0);
    expect(formatViolations(await axeViolations(page))).toBe('');

    // The default process's page in English names its questions in English.
    await page.goto(`${h.baseUrl}/auswertung/p/${h.slug}/beteiligung`);
    await page.getByRole('heading', { name: /Wer hat teilgenommen/ }).waitFor();
    await switchLanguage(page, 'en');
    await page.getByText('The age from the questionnaire’s question “How old are you?”', { exact: false }).waitFor();
    await page.getByText('The questionnaire’s question “How long have you lived in Germany?”: whoever does not answer “Since I was born” counts', { exact: false }).waitFor();
    await switchLanguage(page, 'de');
  });

  it('lets an admin replace the figures from a CSV, naming the lines of a bad file first', () =>
    withFiguresRestored(async () => {
      const admin = await buildUser(h.db, { role: 'admin' });
      const { page } = await h.newPage({ viewport: { width: 1024, height: 900 } });
      await signInAs(page, h.baseUrl, admin.username, `/admin/p/${h.slug}/einwohner`);
      await page.getByRole('heading', { name: /Einwohnerzahlen:/ }).waitFor();
      expect(await page.getByRole('note').innerText()).toContain('25 Stadtteile haben ungeprüfte Beispielzahlen');
      expect(formatViolations(await axeViolations(page))).toBe('');
      // The figures' long source addresses wrap: the shares in the last columns are in view without scrolling sideways.
      const table = page.getByRole('table', { name: 'Einwohner je Stadtteil mit Quelle und Stand' });
      await table.waitFor();
      expect(await table.evaluate((element) => element.scrollWidth - element.parentElement!.clientWidth)).toBeLessThanOrEqual(0);
      expect(await table.getByRole('columnheader', { name: 'Quelle, Stichtag, Lizenz' }).evaluate((cell) => getComputedStyle(cell).textAlign)).toBe('start');

      // Sent without a file: the focus goes to the file field, marked invalid, whose description says what to do; a file chosen takes that back.
      await page.getByRole('button', { name: 'Einwohnerzahlen ersetzen' }).click();
      await page.getByRole('alert').getByText('Bitte eine CSV-Datei wählen.').waitFor();
      const fileField = page.getByLabel('CSV-Datei');
      await expect.poll(() => fileField.evaluate((input) => input === document.activeElement)).toBe(true);
      expect(await fileField.getAttribute('aria-invalid')).toBe('true');
      expect(await fileField.evaluate((input) => (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent?.trim()).at(-1))).toBe('Bitte eine CSV-Datei wählen.');
      expect(formatViolations(await axeViolations(page))).toBe('');

      const upload = async (csv: string) => {
        await page.getByLabel('CSV-Datei').setInputFiles({ name: 'einwohner.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
        await page.getByRole('button', { name: 'Einwohnerzahlen ersetzen' }).click();
      };
      await upload('Stadtteil;Einwohner;Deutsche;Ausländer\nGronau;6266;5000;1000\nAtlantis;5;5;0');
      expect(await fileField.getAttribute('aria-invalid')).toBeNull();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.innerText()).toContain('Zeile 2: Staatsangehörigkeit: Die Teile ergeben zusammen 6000, die Einwohnerzahl ist aber 6266.');
      expect(await alert.innerText()).toContain('Zeile 3: „Atlantis“ ist kein Stadtteil dieses Verfahrens');

      // In English, the admin reads the same problems in English; the file's German column names stay as written.
      await switchLanguage(page, 'en');
      await page.getByRole('button', { name: 'Replace population figures' }).waitFor();
      await page.getByLabel('CSV file').setInputFiles({ name: 'einwohner.csv', mimeType: 'text/csv', buffer: Buffer.from('Stadtteil;Einwohner;Deutsche\nGronau;6266;5000\nGronau;x\n') });
      await page.getByRole('button', { name: 'Replace population figures' }).click();
      await expect.poll(() => alert.innerText()).toContain('Line 1: Nationality: all columns or none; missing: Ausländer.');
      await page.getByLabel('CSV file').setInputFiles({ name: 'einwohner.csv', mimeType: 'text/csv', buffer: Buffer.from('Stadtteil;Einwohner;Deutsche;Ausländer\nGronau;6266;5000;1000\nGronau;x;;\nAtlantis;5;;\n') });
      await page.getByRole('button', { name: 'Replace population figures' }).click();
      await expect.poll(() => alert.innerText()).toContain('Line 2: Nationality: the parts add up to 6000, but the population is 6266.');
      const english = await alert.innerText();
      expect(english).toContain('Line 3: Gronau is already in line 2.');
      expect(english).toContain('Line 4: “Atlantis” is not a Stadtteil of this process (number, key or name).');
      expect(english).not.toMatch(/ergeben|fehlt|steht schon/);
      await alert.screenshot({ path: '/tmp/population-lines-en.png' });
      // The example file names the process's city and one of its Stadtteile.
      await page.getByText('Example of a file').click();
      expect(await page.locator('pre.csv-example').innerText()).toMatch(/^# Quelle: Zensus 2022, Stadt Bergisch Gladbach\n[\s\S]*\n\d+;11069;/);
      // A good file without source, reference date and licence: each is named.
      await page.getByLabel('CSV file').setInputFiles({ name: 'einwohner.csv', mimeType: 'text/csv', buffer: Buffer.from('Stadtteil;Einwohner\nGronau;6266\n') });
      await page.getByRole('button', { name: 'Replace population figures' }).click();
      await expect.poll(() => alert.innerText()).toContain('The source is missing.');
      expect(await alert.innerText()).toContain('The reference date is missing (YYYY-MM-DD).');
      expect(await alert.innerText()).toContain('The licence is missing.');
      expect(formatViolations(await axeViolations(page))).toBe('');
      await page.setViewportSize({ width: 390, height: 844 });
      await alert.scrollIntoViewIfNeeded();
      await page.screenshot({ path: '/tmp/population-problems-en-390.png' });
      await page.setViewportSize({ width: 1024, height: 900 });
      await switchLanguage(page, 'de');
      await page.getByRole('button', { name: 'Einwohnerzahlen ersetzen' }).waitFor();

      await page.getByLabel('Quelle', { exact: true }).fill('Zensus 2022');
      await page.getByLabel('Stichtag', { exact: true }).fill('2022-05-15');
      await page.getByLabel('Lizenz', { exact: true }).fill('dl-de/by-2-0');
      await upload('Stadtteil;Einwohner;Deutsche;Ausländer\nGronau;6266;4969;1297\nRefrath;9153;8200;953');
      await expect.poll(() => page.locator('.notice.ok').innerText()).toContain('Übernommen: 15.419 Einwohner in 2 Stadtteilen');
      const row = page.getByRole('table', { name: 'Einwohner je Stadtteil mit Quelle und Stand' }).getByRole('row', { name: /24 Gronau/ });
      await expect.poll(() => row.innerText()).toMatch(/6\.266\s+amtlich\s+Zensus 2022, 15\. Mai 2022, dl-de\/by-2-0/);
      expect(formatViolations(await axeViolations(page))).toBe('');
    }));

  it('shows staff where to go next on the market-day form, and a choice fills in the Stadtteil', () =>
    withFiguresRestored(async () => {
      importPopulation(h.db, h.slug, { csv: 'Stadtteil;Einwohner\nGronau;6266\nRefrath;9153', source: 'Zensus 2022', referenceDate: '2022-05-15', licence: 'dl-de/by-2-0' }, null);
      const staff = await buildUser(h.db, { role: 'staff' });
      const { page } = await h.newPage({ viewport: { width: 800, height: 1100 } });
      await signInAs(page, h.baseUrl, staff.username, '/stand');
      const hint = page.getByRole('region', { name: 'Wohin als Nächstes?' });
      await hint.waitFor();
      // Only Gronau and Refrath have figures now: Gronau (18 of 6,266: 2,9, at most 4,5)
      // before Refrath (40 of 9,153: 4,4, at most 5,9).
      expect(await hint.getByRole('button').allInnerTexts()).toEqual(['Gronau', 'Refrath']);
      expect(await hint.innerText()).toContain('4,4 (3,2–5,9) je 1.000');
      await hint.getByRole('button', { name: 'Refrath' }).click();
      expect(await page.getByLabel('Stadtteil').inputValue()).toBe('refrath');
      expect(formatViolations(await axeViolations(page))).toBe('');
    }));
});
