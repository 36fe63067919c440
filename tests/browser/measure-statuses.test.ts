import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByUsername } from '../../server/features/auth/auth.repo.ts';
import { createMeasure, updateMeasure } from '../../server/features/measures/measures.service.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { createMeasureSchema } from '../../shared/api/measures.ts';
import { buildUser } from '../factories/users.ts';
import { axeViolations, formatViolations, signInAs, startHarness, type BrowserHarness } from './harness.ts';

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 1280, height: 800 };

describe('status labels in every language of the process', () => {
  let h: BrowserHarness;
  const courses = '6a1c8f0e-2222-4aaa-8bbb-000000000001';
  const benches = '6a1c8f0e-2222-4aaa-8bbb-000000000002';

  beforeAll(async () => {
    h = await startHarness();
    const process = findProcessBySlug(h.db, h.slug)!;
    const admin = findUserByUsername(h.db, (await buildUser(h.db, { role: 'admin', username: 'verwaltung' })).username)!;
    createMeasure(h.db, process, admin, createMeasureSchema.parse({ id: courses, fieldKey: 'arbeit', title: { de: 'Sprachkurse am Abend', tr: 'Akşam dil kursları', ar: 'دورات لغة مسائية' } }));
    updateMeasure(h.db, process, admin, courses, { version: 1, statusKey: 'in_progress' });
    createMeasure(h.db, process, admin, createMeasureSchema.parse({ id: benches, fieldKey: 'freizeit', title: { de: 'Mehr Bänke im Park', tr: 'Parkta daha fazla bank', ar: 'مزيد من المقاعد في الحديقة' } }));
  });
  afterAll(() => h?.close());

  it('lets an admin give a status its Turkish and Arabic label, and residents read it in their language, a German-only label marked German', async () => {
    const { page } = await h.newPage({ viewport: TABLET });
    await signInAs(page, h.baseUrl, 'verwaltung', `/auswertung/p/${h.slug}/massnahmen`);
    await page.getByText('Stände der Maßnahmen festlegen (Administration)').click();
    const inProgress = page.getByRole('group', { name: 'Stand 3' });
    expect(await inProgress.getByLabel('Bezeichnung (Deutsch)').inputValue()).toBe('in Umsetzung');
    await inProgress.getByText('Übersetzungen').click();
    const turkish = inProgress.getByRole('group', { name: 'Türkçe' });
    await turkish.getByLabel('Bezeichnung', { exact: true }).fill('hayata geçiriliyor');
    const arabic = inProgress.getByRole('group', { name: 'العربية' }).getByLabel('Bezeichnung', { exact: true });
    expect(await arabic.getAttribute('dir')).toBe('rtl');
    expect(await arabic.getAttribute('lang')).toBe('ar');
    await arabic.fill('جارٍ الإنجاز');
    await inProgress.getByRole('group', { name: 'العربية' }).getByLabel('Stand der Übersetzung').selectOption('machine');
    // A new status, in German only.
    await page.getByRole('button', { name: 'Stand hinzufügen' }).click();
    const review = page.getByRole('group', { name: 'Stand 6' });
    await review.getByLabel('Schlüssel').fill('in_review');
    await review.getByLabel('Bezeichnung (Deutsch)').fill('in Prüfung');
    await page.screenshot({ path: '/tmp/statuses-editor-1280.png' });
    await inProgress.screenshot({ path: '/tmp/statuses-editor-row-1280.png' });
    await page.getByRole('button', { name: 'Stände speichern' }).click();
    await page.getByText('Stände gespeichert.').waitFor();
    expect(formatViolations(await axeViolations(page))).toBe('');

    const process = findProcessBySlug(h.db, h.slug)!;
    const admin = findUserByUsername(h.db, 'verwaltung')!;
    updateMeasure(h.db, process, admin, benches, { version: 1, statusKey: 'in_review' });

    const resident = (await h.newPage({ viewport: PHONE })).page;
    await resident.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=tr`);
    const turkishLabel = resident.getByRole('article', { name: 'Akşam dil kursları' }).getByText('hayata geçiriliyor', { exact: true });
    await turkishLabel.waitFor();
    expect(await turkishLabel.getAttribute('lang')).toBe('tr');
    // Nobody marked the Turkish label machine translated: no such note on the status.
    expect(await resident.getByRole('article', { name: 'Akşam dil kursları' }).locator('.measure-status').getByText('makine çevirisi').count()).toBe(0);

    await resident.goto(`${h.baseUrl}/p/${h.slug}/massnahmen?lang=ar`);
    const courseCard = resident.getByRole('article', { name: 'دورات لغة مسائية' });
    const arabicLabel = courseCard.getByText('جارٍ الإنجاز', { exact: true });
    await arabicLabel.waitFor();
    expect(await arabicLabel.getAttribute('lang')).toBe('ar');
    expect(await arabicLabel.getAttribute('dir')).toBe('rtl');
    expect(await courseCard.locator('.measure-status').evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    // Marked machine translated, as the admin said.
    expect(await courseCard.locator('.measure-status .machine-badge').count()).toBe(1);
    // The status with a German label only reads in German, marked German and left to right.
    const german = resident.getByRole('article', { name: 'مزيد من المقاعد في الحديقة' }).locator('.measure-status').getByText('in Prüfung', { exact: true });
    await german.waitFor();
    expect(await german.getAttribute('lang')).toBe('de');
    expect(await german.getAttribute('dir')).toBe('ltr');
    expect(formatViolations(await axeViolations(resident))).toBe('');
    await resident.screenshot({ path: '/tmp/statuses-measures-ar-390.png', fullPage: true });
    await courseCard.screenshot({ path: '/tmp/statuses-measures-ar-card-390.png' });
  });
});
