import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcess, setStatus } from '../../server/features/processes/process-admin.service.ts';
import { climateStructure } from '../factories/processes.ts';
import { buildUser } from '../factories/users.ts';
import { signInAs, startHarness, type BrowserHarness } from './harness.ts';

describe('stall tablet: suggestions for the next city’s process', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startHarness();
    const admin = await buildUser(h.db, { role: 'admin' });
    createProcess(h.db, { id: randomUUID(), slug: 'klima', status: 'draft', structure: climateStructure() }, admin.id);
    setStatus(h.db, 'klima', 'public', admin.id);
  });
  afterAll(() => h?.close());

  it('offers the field whose description names the note’s words, computed on the tablet', async () => {
    const staff = await buildUser(h.db, { role: 'staff' });
    const { page } = await h.newPage({ viewport: { width: 1280, height: 800 } });
    await signInAs(page, h.baseUrl, staff.username, '/stand');
    await page.getByLabel('Verfahren').selectOption('klima');
    await page.getByLabel('Stadtteil').locator('option[value="wiesdorf"]').waitFor({ state: 'attached' });
    await page.getByLabel('Ort', { exact: true }).fill('Wochenmarkt Wiesdorf');
    await page.getByLabel('Stadtteil').selectOption('wiesdorf');
    await page.getByRole('button', { name: 'Markttag anlegen' }).click();
    await page.getByRole('heading', { name: 'Wochenmarkt Wiesdorf' }).waitFor();

    await page.getByLabel('Was wurde gesagt?').fill('Wir brauchen mehr Radwege und bessere Busverbindungen');
    const suggestion = page.getByRole('checkbox', { name: 'Mobilität Vorschlag', exact: true });
    await suggestion.waitFor();
    // Offered, not ticked: staff accept it with one tap.
    expect(await suggestion.isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Energie Vorschlag', exact: true }).count()).toBe(0);
  });
});
