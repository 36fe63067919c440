import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcess } from '../factories/processes.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { signIn as apiSignIn } from '../helpers/app.ts';
import { axeViolations, formatViolations, signInAs, startHarness, type BrowserHarness } from './harness.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('the audit log in words', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('says in a sentence what each entry did and to what, lists its details, and shows no JSON or ids but for what is gone', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const bernd = await buildUser(h.db, { role: 'staff', username: 'bernd' });
    const agent = await apiSignIn(h.app, (await buildUser(h.db, { role: 'working_group', username: 'ag-arbeit', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
    const api = (path: string) => `/api/processes/${h.slug}${path}`;
    const kept = randomUUID();
    const gone = randomUUID();
    for (const [id, title] of [[kept, 'Sprachcafé im Stadtteilhaus'], [gone, 'Jobbörse im Rathaus']] as const) {
      expect((await agent.inject({ method: 'POST', url: api('/measures'), payload: { id, title: { de: title }, fieldKey: 'arbeit' } })).statusCode).toBe(201);
    }
    expect((await agent.inject({ method: 'PATCH', url: api(`/measures/${kept}`), payload: { version: 1, statusKey: 'adopted' } })).statusCode).toBe(200);
    expect((await agent.inject({ method: 'DELETE', url: api(`/measures/${gone}`) })).statusCode).toBe(204);
    const adminAgent = await apiSignIn(h.app, admin.username, TEST_PASSWORD);
    expect((await adminAgent.inject({ method: 'PATCH', url: `/api/admin/users/${bernd.id}`, payload: { disabled: true } })).statusCode).toBeLessThan(300);
    expect((await adminAgent.inject({ method: 'PATCH', url: `/api/admin/users/${bernd.id}`, payload: { role: 'working_group', fieldsOfAction: ['arbeit'], processes: [h.slug] } })).statusCode).toBeLessThan(300);
    const snapshot = { id: randomUUID(), title: { de: 'Erste Ergebnisse' }, intro: { de: 'Stand nach den ersten Wochen.' }, selection: { questions: ['work-situation', 'age-band'], dotVotes: false } };
    expect((await adminAgent.inject({ method: 'POST', url: `/api/admin/processes/${h.slug}/snapshots`, payload: snapshot })).statusCode).toBe(201);

    for (const width of [1280, 390]) {
      const { page } = await h.newPage({ viewport: { width, height: 900 } });
      await signInAs(page, h.baseUrl, admin.username, '/admin/protokoll');
      const rows = page.locator('.audit-table tbody tr');
      const row = (text: string) => rows.filter({ hasText: text });
      // What the details list shows: the arrow's words for screen readers left out.
      const shown = async (text: string) => (await row(text).locator('.audit-details li').allInnerTexts()).map((line) => line.replace(/\s+/g, ' ').replace(' → wird zu ', ' → '));
      await row('Maßnahme „Sprachcafé im Stadtteilhaus“ angelegt').waitFor();
      expect(await row('Maßnahme „Sprachcafé im Stadtteilhaus“ angelegt').textContent()).toContain('ag-arbeit');
      const status = row('Stand der Maßnahme „Sprachcafé im Stadtteilhaus“ geändert');
      expect(await shown('Stand der Maßnahme „Sprachcafé im Stadtteilhaus“ geändert')).toEqual(['Stand: vorgeschlagen → beschlossen']);
      // The arrow is read out as words.
      expect(await status.locator('.audit-details .visually-hidden').textContent()).toContain('wird zu');
      await row('Konto „bernd“ gesperrt').waitFor();
      expect(await shown('Konto „bernd“ geändert')).toContain('Rolle: Marktstand-Team → Arbeitsgruppe');
      // Fields of action and processes by their names, not their keys.
      await expect.poll(() => shown('Konto „bernd“ geändert')).toContain('Handlungsfelder: — → Arbeit & Beschäftigung');
      expect(await shown('Konto „bernd“ geändert')).toContain('Verfahren: — → Integrationskonzept Bergisch Gladbach');
      // Released results name their questions by their German texts (a long one shortened), not by their keys.
      await expect
        .poll(() => shown('Ergebnisse „Erste Ergebnisse“ freigegeben'))
        .toContain('Fragen: „Wie gut sind in Bergisch Gladbach die Chancen, eine …“, „Wie alt sind Sie?“');
      const deleted = row('Maßnahme „Jobbörse im Rathaus“ gelöscht');
      expect(await row('Maßnahme „Jobbörse im Rathaus“ angelegt').textContent()).toContain('inzwischen gelöscht');
      expect(await deleted.locator('.audit-details').textContent()).toContain(gone);

      // No JSON anywhere, and no id but the one of what is gone.
      const texts = await page.locator('.audit-table tbody td').allInnerTexts();
      expect(texts.filter((text) => /[{}[\]"]/.test(text))).toEqual([]);
      expect(texts.filter((text) => UUID.test(text) && !text.includes(`Kennung: ${gone}`))).toEqual([]);

      expect(formatViolations(await axeViolations(page))).toBe('');
      for (const control of await page.locator('main button, main select, main input, main a.button').all()) expect((await control.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      if (width === 390) expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

      // The filters still work, by kind and by account.
      await page.getByLabel('Was').selectOption({ label: 'Maßnahme angelegt' });
      await page.getByLabel('Konto').fill('ag-arbeit');
      await page.getByRole('button', { name: 'Filtern' }).click();
      await page.waitForURL('**/admin/protokoll?username=ag-arbeit&action=measure_created');
      await expect.poll(() => rows.count()).toBe(2);
    }
  });
  it('narrows the log to one process on a phone, keeps the choice in the address and names a new working group’s processes and fields', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const jugend = buildProcess(h.db, { slug: 'jugend', title: 'Jugend beteiligen' });
    const adminAgent = await apiSignIn(h.app, admin.username, TEST_PASSWORD);
    const created = await adminAgent.inject({ method: 'POST', url: '/api/admin/users', payload: { username: 'ag-jugend', password: 'a long enough passphrase', role: 'working_group', fieldsOfAction: ['arbeit'], processes: [jugend] } });
    expect(created.statusCode, created.body).toBe(201);
    const measure = randomUUID();
    expect((await adminAgent.inject({ method: 'POST', url: `/api/processes/${h.slug}/measures`, payload: { id: measure, title: { de: 'Lernpaten im Quartier' }, fieldKey: 'arbeit' } })).statusCode).toBe(201);

    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, admin.username, '/admin/protokoll');
    const rows = page.locator('.audit-table tbody tr');
    const account = rows.filter({ hasText: 'Konto „ag-jugend“ angelegt' });
    const measureRow = rows.filter({ hasText: 'Maßnahme „Lernpaten im Quartier“ angelegt' });
    await measureRow.waitFor();
    // Unfiltered, the new account's entry lists the working group's processes and fields of action by their names.
    await expect.poll(() => account.locator('.audit-details li').allInnerTexts()).toEqual(['Rolle: Arbeitsgruppe', 'Verfahren: Jugend beteiligen', 'Handlungsfelder: Arbeit & Beschäftigung']);

    const select = page.getByLabel('Verfahren', { exact: true });
    await select.selectOption({ label: 'Jugend beteiligen' });
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL('**/admin/protokoll?process=jugend');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringContaining('Konto „ag-jugend“ angelegt')]);
    await expect.poll(() => page.locator('#audit-process-hint').textContent()).toContain('stehen nur unter „alle“');
    expect(await select.getAttribute('aria-describedby')).toBe('audit-process-hint');

    // The address keeps the choice: opened anew, the page shows the same entries with the process chosen.
    await page.reload();
    await account.waitFor();
    await expect.poll(() => select.inputValue()).toBe('jugend');
    expect(await measureRow.count()).toBe(0);
    expect(formatViolations(await axeViolations(page))).toBe('');
    for (const control of await page.locator('main button, main select, main input, main a.button').all()) expect((await control.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // The default process holds the measure, not the other process's account.
    await select.selectOption({ label: 'Integrationskonzept Bergisch Gladbach' });
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL(`**/admin/protokoll?process=${h.slug}`);
    await measureRow.waitFor();
    expect(await account.count()).toBe(0);
    // „alle“ shows everything again.
    await select.selectOption({ label: 'alle' });
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/protokoll' && url.search === '');
    await account.waitFor();
    await measureRow.waitFor();
  });

  it('keeps a deleted process’s entries under its address, with the process named in the picker as deleted', async () => {
    const admin = await buildUser(h.db, { role: 'admin' });
    const adminAgent = await apiSignIn(h.app, admin.username, TEST_PASSWORD);
    const alt = buildProcess(h.db, { slug: 'altstadtfest', title: 'Altstadtfest planen' });
    expect((await adminAgent.inject({ method: 'POST', url: `/api/admin/processes/${alt}/market-days`, payload: { id: randomUUID(), date: '2026-07-04', place: 'Marktplatz', stadtteil: null } })).statusCode).toBe(201);
    expect((await adminAgent.inject({ method: 'DELETE', url: `/api/admin/processes/${alt}`, payload: { confirmation: alt } })).statusCode).toBe(204);

    const { page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, h.baseUrl, admin.username, `/admin/protokoll?process=${alt}`);
    const rows = page.locator('.audit-table tbody tr');
    await rows.filter({ hasText: 'Verfahren „Altstadtfest planen“ gelöscht' }).waitFor();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain('Marktplatz');
    // The picker says which process the page shows, by the title its deletion kept, rather than „alle“.
    const select = page.getByLabel('Verfahren', { exact: true });
    expect(await select.inputValue()).toBe(alt);
    expect(await select.locator('option:checked').textContent()).toBe('Altstadtfest planen (gelöscht)');

    // From the whole log, the picker offers it too: a data-protection officer finds the deleted process without knowing its address.
    await page.goto(`${h.baseUrl}/admin/protokoll`);
    await select.locator('option', { hasText: 'Altstadtfest planen (gelöscht)' }).waitFor({ state: 'attached' });
    await select.selectOption({ label: 'Altstadtfest planen (gelöscht)' });
    await page.getByRole('button', { name: 'Filtern', exact: true }).click();
    await page.waitForURL(`**/admin/protokoll?process=${alt}`);
    await rows.filter({ hasText: 'Verfahren „Altstadtfest planen“ gelöscht' }).waitFor();
    await expect.poll(() => rows.count()).toBe(2);
  });
});
