import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDefaultProcess } from '../../db/seed/index.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

describe('public process API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('lists the default process', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/processes' });
    expect(response.statusCode).toBe(200);
    const list = response.json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ slug: t.slug, title: { de: 'Integrationskonzept Bergisch Gladbach' }, currentPhase: 2 });
  });

  it('shows 25 Stadtteile in 6 districts, the fields of action with Bildung and its two children, and 4 phases', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}` });
    expect(response.statusCode).toBe(200);
    const process = response.json();
    expect(process.districts).toHaveLength(6);
    const stadtteile = process.districts.flatMap((d: { stadtteile: unknown[] }) => d.stadtteile);
    expect(stadtteile).toHaveLength(25);
    expect(process.districts[1].stadtteile.map((s: { name: string }) => s.name)).toEqual(['Stadtmitte', 'Hebborn', 'Heidkamp', 'Gronau']);
    for (const district of process.districts) {
      for (const stadtteil of district.stadtteile) expect(stadtteil.nr.startsWith(String(district.nr))).toBe(true);
    }
    expect(stadtteile.find((s: { key: string }) => s.key === 'baerbroich')).toMatchObject({ name: 'Bärbroich', nr: '43', populationStatus: 'unverified' });
    expect(process.fieldsOfAction.map((f: { key: string }) => f.key)).toEqual(['arbeit', 'bildung', 'teilhabe', 'freizeit']);
    const bildung = process.fieldsOfAction.find((f: { key: string }) => f.key === 'bildung');
    expect(bildung.children.map((c: { key: string; label: { de: string } }) => [c.key, c.label.de])).toEqual([
      ['bildung-schulisch', 'Schulische Bildung'],
      ['bildung-ausserschulisch', 'Außerschulische Bildung'],
    ]);
    expect(process.phases.map((p: { nr: number; status: string }) => [p.nr, p.status])).toEqual([
      [1, 'done'],
      [2, 'current'],
      [3, 'upcoming'],
      [4, 'upcoming'],
    ]);
    expect(process.languages).toEqual(['de', 'de-easy', 'en', 'tr', 'uk', 'ar', 'pl', 'it', 'ru']);
  });

  it("hands out the process's own texts in all nine languages", async () => {
    const process = (await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}` })).json();
    const texts = [
      process.title,
      process.description,
      ...process.phases.map((p: { title: unknown }) => p.title),
      ...process.fieldsOfAction.flatMap((f: { label: unknown; children?: Array<{ label: unknown }> }) => [f.label, ...(f.children ?? []).map((c) => c.label)]),
    ];
    expect(texts).toHaveLength(2 + 4 + 6);
    for (const text of texts) expect(Object.keys(text)).toEqual(['de', 'de-easy', 'en', 'tr', 'uk', 'ar', 'pl', 'it', 'ru']);
    expect(process.title.ar).toBe('مفهوم الاندماج في بيرغيش غلادباخ');
    expect(process.phases[1].title['de-easy']).toBe('Alle in der Stadt können mit-reden');
    const list = (await t.app.inject({ method: 'GET', url: '/api/processes' })).json();
    expect(list[0].title.tr).toBe('Bergisch Gladbach Uyum (Entegrasyon) Konsepti');
  });

  it('answers 404 in the error shape for an unknown process', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/processes/gibt-es-nicht' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('seeds only once', () => {
    expect(seedDefaultProcess(t.db)).toBe(false);
    expect(t.db.$client.prepare('select count(*) n from stadtteile').get()).toEqual({ n: 25 });
  });
});
