import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { fieldKeysInUseQuery } from '../../server/features/processes/processes.repo.ts';
import type { AdminProcess, ProcessStructure } from '../../shared/api/process-admin.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';
import { statementsPrepared } from '../helpers/statements.ts';

function youthStructure(overrides: Partial<ProcessStructure> = {}): ProcessStructure {
  return {
    title: { de: 'Jugendbefragung 2027', en: 'Youth survey 2027' },
    description: { de: 'Was junge Menschen in Bergisch Gladbach brauchen.', en: 'What young people need.' },
    city: { de: 'Bergisch Gladbach' },
    languages: ['de', 'en'],
    phases: [{ title: { de: 'Befragung' } }, { title: { de: 'Auswertung' } }],
    currentPhase: 1,
    fieldsOfAction: [
      { key: 'schule', label: { de: 'Schule', en: 'School' }, children: [{ key: 'schulweg', label: { de: 'Schulweg' } }] },
      { key: 'freizeit', label: { de: 'Freizeit' } },
    ],
    districts: [
      { key: 'mitte', nr: 1, name: 'Mitte', stadtteile: [{ key: 'stadtmitte', nr: '11', name: 'Stadtmitte' }, { key: 'gronau', nr: '12', name: 'Gronau' }] },
    ],
    opensOn: null,
    closesOn: null,
    suppressionThreshold: 5,
    retentionUntil: null,
    ...overrides,
  };
}

describe('setting up processes', () => {
  let t: TestApp;
  let admin: Agent;
  beforeEach(async () => {
    t = await buildTestApp();
    const user = await buildUser(t.db, { role: 'admin' });
    admin = await signIn(t.app, user.username, TEST_PASSWORD);
  });
  afterEach(() => t.close());

  it('counts each process’s own responses and contributions on its admin page, not another’s', async () => {
    for (let i = 0; i < 2; i += 1) buildResponse(t.db);
    for (let i = 0; i < 3; i += 1) buildContribution(t.db, { text: `Notiz ${i}` });
    expect((await admin.inject({ method: 'POST', url: '/api/admin/processes', payload: { id: randomUUID(), slug: 'jugend', structure: youthStructure() } })).statusCode).toBe(201);
    const count = (table: string, slug: string) =>
      (t.db.$client.prepare(`select count(*) n from ${table} where process_id = (select id from processes where slug = ?)`).get(slug) as { n: number }).n;
    const own = await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}` });
    expect(own.json()).toMatchObject({ responses: 2, contributions: count('contributions', t.slug) });
    expect(count('contributions', t.slug)).toBeGreaterThanOrEqual(3);
    const other = await admin.inject({ method: 'GET', url: '/api/admin/processes/jugend' });
    expect(other.json()).toMatchObject({ responses: 0, contributions: 0 });
  });

  it('counts on the administration’s start page the contributions each process’s moderation queue shows „Zu prüfen“, only when asked', async () => {
    for (let i = 0; i < 3; i += 1) buildContribution(t.db, { text: `Notiz ${i}` });
    expect((await admin.inject({ method: 'POST', url: '/api/admin/processes', payload: { id: randomUUID(), slug: 'jugend', structure: youthStructure() } })).statusCode).toBe(201);
    const queue = (await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/moderation` })).json() as { counts: { needs_review: number } };
    expect(queue.counts.needs_review).toBeGreaterThanOrEqual(3);

    const list = await admin.inject({ method: 'GET', url: '/api/admin/processes?awaitingReview=true' });
    expect(list.statusCode).toBe(200);
    const bySlug = new Map((list.json() as AdminProcess[]).map((process) => [process.slug, process.awaitingReview]));
    expect(bySlug.get(t.slug)).toBe(queue.counts.needs_review);
    expect(bySlug.get('jugend')).toBe(0);
    // The other pages that list the processes do not pay for the count.
    const plain = (await admin.inject({ method: 'GET', url: '/api/admin/processes' })).json() as AdminProcess[];
    expect(plain.every((process) => process.awaitingReview === undefined)).toBe(true);
    const bad = await admin.inject({ method: 'GET', url: '/api/admin/processes?awaitingReview=yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBeTypeOf('string');
  });

  it('creates a draft only admins see, answers a resend with the same process, and shows it on the start page once public', async () => {
    const id = randomUUID();
    const body = { id, slug: 'jugend', structure: youthStructure() };
    const created = await admin.inject({ method: 'POST', url: '/api/admin/processes', payload: body });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ slug: 'jugend', status: 'draft', responses: 0, structure: { fieldsOfAction: [{ key: 'schule', children: [{ key: 'schulweg' }] }, { key: 'freizeit' }] } });
    // Nothing refers to a new process's fields yet, so none is fixed.
    expect(created.json().fieldKeysInUse).toEqual([]);
    const resent = await admin.inject({ method: 'POST', url: '/api/admin/processes', payload: body });
    expect(resent.statusCode).toBe(200);
    expect(t.db.$client.prepare("select count(*) as n from processes where slug = 'jugend'").get()).toEqual({ n: 1 });

    const taken = await admin.inject({ method: 'POST', url: '/api/admin/processes', payload: { ...body, id: randomUUID() } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('slug_taken');

    const publicList = () => t.app.inject({ method: 'GET', url: '/api/processes' }).then((r) => (r.json() as Array<{ slug: string }>).map((p) => p.slug));
    expect(await publicList()).not.toContain('jugend');
    expect((await t.app.inject({ method: 'GET', url: '/api/processes/jugend' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/processes/jugend/survey' })).statusCode).toBe(404);

    const published = await admin.inject({ method: 'PUT', url: '/api/admin/processes/jugend/status', payload: { status: 'public' } });
    expect(published.json().status).toBe('public');
    expect(await publicList()).toEqual(['integrationskonzept', 'jugend']);
    const detail = (await t.app.inject({ method: 'GET', url: '/api/processes/jugend' })).json();
    expect(detail).toMatchObject({ title: { en: 'Youth survey 2027' }, languages: ['de', 'en'], status: 'public', districts: [{ name: 'Mitte', stadtteile: [{ name: 'Stadtmitte' }, { name: 'Gronau' }] }] });
    // No survey published yet: nothing to answer, so the start page offers none.
    expect(detail.surveyOpen).toBe(false);

    // A working group reads its own fields of this process; one whose fields it does not have is told so, not shown empty tables.
    const leisure = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['freizeit'] })).username, TEST_PASSWORD);
    expect((await leisure.inject({ method: 'GET', url: '/api/processes/jugend/aggregates?by=field' })).json().fields).toEqual(['freizeit']);
    const work = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
    for (const path of ['aggregates?by=field', 'exports/csv', 'quotes']) {
      const refused = await work.inject({ method: 'GET', url: `/api/processes/jugend/${path}` });
      expect(refused.statusCode, path).toBe(403);
      expect(refused.json().error.code, path).toBe('no_field_in_process');
    }
    expect((await work.inject({ method: 'GET', url: '/api/processes/integrationskonzept/aggregates?by=field' })).statusCode).toBe(200);

    const archived = await admin.inject({ method: 'PUT', url: '/api/admin/processes/jugend/status', payload: { status: 'archived' } });
    expect(archived.json().status).toBe('archived');
    const listed = (await t.app.inject({ method: 'GET', url: '/api/processes' })).json() as Array<{ slug: string; status: string }>;
    expect(listed.find((p) => p.slug === 'jugend')?.status).toBe('archived');

    const audit = t.db.$client.prepare("select action from audit_log where entity = 'process' and entity_id = 'jugend' order by id").all();
    expect(audit).toEqual([{ action: 'process_created' }, { action: 'process_status_changed' }, { action: 'process_status_changed' }]);
  });

  it('refuses a structure that contradicts itself, naming what, and creates nothing', async () => {
    const bad = youthStructure({
      languages: ['en'],
      phases: [{ title: { de: 'Befragung' }, startsOn: '2027-06-30', endsOn: '2027-03-01' }, { title: { de: 'Auswertung' } }],
      currentPhase: 3,
      fieldsOfAction: [{ key: 'schule', label: { de: 'Schule' }, children: [{ key: 'schule', label: { de: 'Schule' } }] }],
    });
    const response = await admin.inject({ method: 'POST', url: '/api/admin/processes', payload: { id: randomUUID(), slug: 'jugend', structure: bad } });
    expect(response.statusCode).toBe(400);
    const messages = JSON.stringify(response.json().error);
    expect(messages).toContain('German is always offered');
    expect(messages).toContain('there are only 2 phases');
    expect(response.json().error.details).toContainEqual(expect.objectContaining({ path: 'body.structure.phases.0.endsOn', message: 'a phase cannot end before it starts' }));
    expect(messages).toContain('field key schule appears twice');
    expect(t.db.$client.prepare("select count(*) as n from processes where slug = 'jugend'").get()).toEqual({ n: 0 });
  });

  it('keeps the city’s name per language: admins set it, residents’ answers carry it, German stands in for a language without one', async () => {
    // The default process is seeded with the city's name in its residents' languages.
    const seeded = (await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}` })).json();
    expect(seeded.city).toEqual({
      de: 'Bergisch Gladbach',
      'de-easy': 'Bergisch Gladbach',
      en: 'Bergisch Gladbach',
      tr: 'Bergisch Gladbach',
      uk: 'Бергіш-Гладбах',
      ar: 'بيرغيش غلادباخ',
      pl: 'Bergisch Gladbach',
      it: 'Bergisch Gladbach',
      ru: 'Бергиш-Гладбах',
    });

    const city = { de: 'Köln', en: 'Cologne', ar: 'كولونيا', uk: 'Кельн' };
    const created = await admin.inject({ method: 'POST', url: '/api/admin/processes', payload: { id: randomUUID(), slug: 'jugend', status: 'public', structure: youthStructure({ city: { ...city, it: '  Colonia ' } }) } });
    expect(created.statusCode, created.body).toBe(201);
    // Each name is stored trimmed, as every short text of the structure.
    expect(created.json().structure.city).toEqual({ ...city, it: 'Colonia' });
    expect((await admin.inject({ method: 'GET', url: '/api/admin/processes/jugend' })).json().structure.city).toEqual({ ...city, it: 'Colonia' });

    // Residents' answers: the list, the process, the measures page, the survey (German and the asked language only).
    const listed = (await t.app.inject({ method: 'GET', url: '/api/processes' })).json() as Array<{ slug: string; city: unknown }>;
    expect(listed.find((p) => p.slug === 'jugend')?.city).toEqual({ ...city, it: 'Colonia' });
    expect((await t.app.inject({ method: 'GET', url: '/api/processes/jugend' })).json().city).toEqual({ ...city, it: 'Colonia' });
    expect((await t.app.inject({ method: 'GET', url: '/api/processes/jugend/measures' })).json().process.city).toEqual({ ...city, it: 'Colonia' });
    const survey = await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/survey?lang=uk` });
    expect(survey.json().process.city).toEqual({ de: 'Bergisch Gladbach', uk: 'Бергіш-Гладбах' });
    // The measures' feed names the city in the feed's language, German where it has none.
    const feed = (lang: string) => t.app.inject({ method: 'GET', url: `/api/processes/jugend/measures/feed.atom?lang=${lang}` }).then((r) => r.body);
    expect(await feed('ar')).toContain('<rights>كولونيا</rights>');
    expect(await feed('ru')).toContain('<rights>Köln</rights>');

    // A translation taken away again reads German.
    const edited = await admin.inject({ method: 'PUT', url: '/api/admin/processes/jugend/structure', payload: youthStructure({ city: { de: 'Köln', ar: 'كولونيا' } }) });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/processes/jugend' })).json().city).toEqual({ de: 'Köln', ar: 'كولونيا' });

    // Refused, naming where: no German, a blank translation, an unknown language, a name that is too long, the old plain text.
    const refusals: Array<[unknown, string]> = [
      [{ ar: 'كولونيا' }, 'city.de'],
      [{ de: 'Köln', ar: '   ' }, 'city.ar'],
      [{ de: 'Köln', fr: 'Cologne' }, 'city'],
      [{ de: 'Köln', en: 'x'.repeat(201) }, 'city.en'],
      ['Köln', 'city'],
    ];
    for (const [bad, path] of refusals) {
      const refused = await admin.inject({ method: 'PUT', url: '/api/admin/processes/jugend/structure', payload: { ...youthStructure(), city: bad } });
      expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
      const { error } = refused.json();
      expect(error, JSON.stringify(bad)).toMatchObject({ code: 'validation_failed', message: expect.any(String), details: [expect.objectContaining({ path: `body.${path}` })] });
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/processes/jugend' })).json().city).toEqual({ de: 'Köln', ar: 'كولونيا' });
  });

  it('changes the structure and keeps population figures, but refuses to drop a Stadtteil or field that the data refers to', async () => {
    const before = (await admin.inject({ method: 'GET', url: '/api/admin/processes/integrationskonzept' })).json();
    const population = t.db.$client.prepare("select population from stadtteile where key = 'gronau'").pluck().get();
    expect(population).toBeGreaterThan(0);
    buildContribution(t.db, { stadtteil: 'gronau', fieldsOfAction: ['arbeit'] });

    const structure = structuredClone(before.structure) as ProcessStructure;
    structure.title = { ...structure.title, de: 'Integrationskonzept 2027' };
    structure.phases.push({ title: { de: 'Umsetzung' } });
    const renamed = await admin.inject({ method: 'PUT', url: '/api/admin/processes/integrationskonzept/structure', payload: structure });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().structure.phases).toHaveLength(before.structure.phases.length + 1);
    expect(t.db.$client.prepare("select population from stadtteile where key = 'gronau'").pluck().get()).toBe(population);

    const dropped = structuredClone(structure);
    dropped.districts = dropped.districts.map((district) => ({ ...district, stadtteile: district.stadtteile.filter((s) => s.key !== 'gronau') }));
    dropped.fieldsOfAction = dropped.fieldsOfAction.filter((field) => field.key !== 'arbeit');
    const refused = await admin.inject({ method: 'PUT', url: '/api/admin/processes/integrationskonzept/structure', payload: dropped });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'keys_in_use',
      details: [
        { path: 'body.fieldsOfAction', keys: expect.arrayContaining(['arbeit']) },
        { path: 'body.districts', keys: ['gronau'] },
      ],
    });
    expect(t.db.$client.prepare("select count(*) as n from stadtteile where key = 'gronau'").get()).toEqual({ n: 1 });
    expect(renamed.json().fieldKeysInUse).toContain('arbeit');
  });

  it('adds, renames and removes Stadtteile in the editor: names those in use, refuses dropping one a note names, and logs each change by name', async () => {
    expect((await admin.inject({ method: 'POST', url: '/api/admin/processes', payload: { id: randomUUID(), slug: 'jugend', structure: youthStructure() } })).statusCode).toBe(201);
    buildContribution(t.db, { process: 'jugend', stadtteil: 'gronau', fieldsOfAction: ['freizeit'] });
    const opened = (await admin.inject({ method: 'GET', url: '/api/admin/processes/jugend' })).json();
    // The editor learns which Stadtteile it must not offer to remove.
    expect(opened.stadtteilKeysInUse).toEqual(['gronau']);

    const structure = structuredClone(opened.structure) as ProcessStructure;
    const mitte = structure.districts[0]!;
    // Renamed: the key stays (the notes, figures and posters keep their Stadtteil); one added in a new district; one removed.
    mitte.stadtteile = [{ key: 'gronau', nr: '12', name: 'Gronau-Mitte' }];
    structure.districts.push({ key: 'nord', nr: 2, name: 'Nord', stadtteile: [{ key: 'nordfeld', nr: '21', name: 'Nordfeld' }] });
    const saved = await admin.inject({ method: 'PUT', url: '/api/admin/processes/jugend/structure', payload: structure });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().structure.districts).toEqual([
      { key: 'mitte', nr: 1, name: 'Mitte', stadtteile: [{ key: 'gronau', nr: '12', name: 'Gronau-Mitte', nameVariants: [] }] },
      { key: 'nord', nr: 2, name: 'Nord', stadtteile: [{ key: 'nordfeld', nr: '21', name: 'Nordfeld', nameVariants: [] }] },
    ]);
    const entry = t.db.$client.prepare("select details from audit_log where action = 'process_structure_updated' and entity_id = 'jugend' order by id desc limit 1").pluck().get() as string;
    expect(JSON.parse(entry)).toMatchObject({ stadtteile: 2, stadtteileAdded: ['Nordfeld'], stadtteileRenamed: ['Gronau → Gronau-Mitte'], stadtteileRemoved: ['Stadtmitte'] });

    // Removing the one a note names is refused, with its key, and nothing changes.
    const dropped = structuredClone(structure);
    dropped.districts = dropped.districts.filter((district) => district.key !== 'mitte');
    const refused = await admin.inject({ method: 'PUT', url: '/api/admin/processes/jugend/structure', payload: dropped });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'keys_in_use', details: [{ path: 'body.districts', keys: ['gronau'] }] });
    expect((await admin.inject({ method: 'GET', url: '/api/admin/processes/jugend' })).json().structure.districts).toHaveLength(2);
  });

  it('looks up in the voices only the Stadtteile a save removes, so a save costs what it changes, not what the process holds', async () => {
    buildResponse(t.db, { stadtteil: 'bensberg' });
    buildContribution(t.db, { stadtteil: 'bensberg', fieldsOfAction: ['arbeit'] });
    const structure = structuredClone((await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}` })).json().structure) as ProcessStructure;
    // Where the responses and notes were given: a read of every voice of the process unless only some keys are asked.
    const placesRead = async (changed: ProcessStructure) => {
      let status = 0;
      const statements = await statementsPrepared(t.db.$client, async () => {
        status = (await admin.inject({ method: 'PUT', url: `/api/admin/processes/${t.slug}/structure`, payload: changed })).statusCode;
      });
      expect(status).toBe(200);
      expect(statements.length).toBeGreaterThan(0);
      return statements.filter((source) => /\b(responses|contributions)\b/.test(source) && /\bstadtteil_key\b/.test(source));
    };
    structure.title = { ...structure.title, de: 'Integrationskonzept 2027' };
    expect(await placesRead(structure)).toEqual([]);
    // A Stadtteil added and removed again: only its key is looked up, and it is free.
    const extended = structuredClone(structure);
    extended.districts[0]!.stadtteile.push({ key: 'neuer-ort', nr: '99', name: 'Neuer Ort' });
    await placesRead(extended);
    const removed = await placesRead(structure);
    expect(removed).toHaveLength(1);
    expect(removed[0]).toContain('json_each');
  });

  it('names the fields in use per process, without walking the process’s contributions (the admin list asks it on every admin page)', async () => {
    const created = await admin.inject({ method: 'POST', url: '/api/admin/processes', payload: { id: randomUUID(), slug: 'jugend', structure: youthStructure() } });
    expect(created.statusCode).toBe(201);
    // Freizeit is tagged in the default process: that fixes nothing in this one, until one of its own voices carries it.
    buildContribution(t.db, { fieldsOfAction: ['freizeit'] });
    const inUse = async () => {
      const list = (await admin.inject({ method: 'GET', url: '/api/admin/processes' })).json() as Array<{ slug: string; fieldKeysInUse: string[] }>;
      return Object.fromEntries(list.map((process) => [process.slug, process.fieldKeysInUse]));
    };
    expect((await inUse()).jugend).toEqual([]);
    buildContribution(t.db, { process: 'jugend', stadtteil: 'gronau', fieldsOfAction: ['schulweg'] });
    expect((await inUse()).jugend).toEqual(['schulweg']);
    expect((await inUse())[t.slug]).toContain('freizeit');

    const process = t.db.$client.prepare("select id from processes where slug = 'jugend'").get() as { id: string };
    const plan = t.db.all<{ detail: string }>(sql`explain query plan ${fieldKeysInUseQuery(process.id)}`).map((row) => row.detail);
    // Contributions are only looked up by id from a tag, never searched or scanned by process.
    expect(plan.filter((line) => /^(SCAN|SEARCH) c\b/.test(line) && !line.includes('(id=?)'))).toEqual([]);
  });

  it('keeps a field that a working group’s account holds: renamed, the group would lose the process’s results', async () => {
    const created = await admin.inject({ method: 'POST', url: '/api/admin/processes', payload: { id: randomUUID(), slug: 'jugend', structure: youthStructure() } });
    expect(created.json().fieldKeysInUse).toEqual([]);
    await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['schulweg'] });
    const list = (await admin.inject({ method: 'GET', url: '/api/admin/processes' })).json() as Array<{ slug: string; fieldKeysInUse: string[] }>;
    expect(list.find((process) => process.slug === 'jugend')?.fieldKeysInUse).toEqual(['schulweg']);

    const renamed = youthStructure();
    renamed.fieldsOfAction[0]!.children = [{ key: 'weg-zur-schule', label: { de: 'Weg zur Schule' } }];
    const refused = await admin.inject({ method: 'PUT', url: '/api/admin/processes/jugend/structure', payload: renamed });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'keys_in_use', details: [{ path: 'body.fieldsOfAction', keys: ['schulweg'] }] });
    // A key an account holds fixes nothing in a process without that field (this group's `arbeit`).
    await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] });
    const kept = youthStructure({ fieldsOfAction: [{ key: 'schule', label: { de: 'Schule' }, children: [{ key: 'schulweg', label: { de: 'Der Schulweg' } }] }] });
    const saved = await admin.inject({ method: 'PUT', url: '/api/admin/processes/jugend/structure', payload: kept });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().fieldKeysInUse).toEqual(['schulweg']);
  });

  it('refuses a save from a page loaded before another save (Einrichten and Verfahren open side by side), changing nothing', async () => {
    const url = `/api/admin/processes/${t.slug}`;
    const loaded = (await admin.inject({ method: 'GET', url })).json<AdminProcess>();
    const audits = () => t.db.$client.prepare("select count(*) from audit_log where entity = 'process'").pluck().get() as number;

    // Verfahren saves a higher threshold; Einrichten, still showing what it loaded, then saves a retention date.
    const settings = await admin.inject({ method: 'PATCH', url: `${url}?revision=${loaded.revision}`, payload: { suppressionThreshold: 9 } });
    expect(settings.statusCode).toBe(200);
    const afterSettings = (await admin.inject({ method: 'GET', url })).json<AdminProcess>();
    expect(afterSettings.revision).not.toBe(loaded.revision);
    const before = audits();
    const stale = await admin.inject({ method: 'PUT', url: `${url}/structure?revision=${loaded.revision}`, payload: { ...loaded.structure, retentionUntil: '2030-01-31' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'process_changed', message: expect.any(String) } });
    expect((await admin.inject({ method: 'GET', url })).json<AdminProcess>()).toEqual(afterSettings);
    expect(audits()).toBe(before);

    // The other way round: Einrichten saves, then Verfahren from its older page is refused.
    const structure = await admin.inject({ method: 'PUT', url: `${url}/structure?revision=${afterSettings.revision}`, payload: { ...afterSettings.structure, closesOn: '2030-06-30' } });
    expect(structure.statusCode).toBe(200);
    const afterStructure = (await admin.inject({ method: 'GET', url })).json<AdminProcess>();
    expect(structure.json<AdminProcess>().revision).toBe(afterStructure.revision);
    const refused = await admin.inject({ method: 'PATCH', url: `${url}?revision=${afterSettings.revision}`, payload: { suppressionThreshold: 5, closesOn: null } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'process_changed' } });
    expect((await admin.inject({ method: 'GET', url })).json<AdminProcess>()).toEqual(afterStructure);
    expect(afterStructure.structure).toMatchObject({ suppressionThreshold: 9, closesOn: '2030-06-30', retentionUntil: null });

    // Reloaded, the same change goes through.
    expect((await admin.inject({ method: 'PATCH', url: `${url}?revision=${afterStructure.revision}`, payload: { suppressionThreshold: 5 } })).statusCode).toBe(200);
  });

  it('reads Stadtteile from a semicolon CSV with a BOM and reports every bad line by number', async () => {
    const csv = '\uFEFFNummer;Name;Bezirk\n11;Schildgen;Bezirk 1\n12;Katterbach;Bezirk 1\n21;Paffrath;Bezirk 2\n';
    const good = await admin.inject({ method: 'POST', url: '/api/admin/stadtteile-csv', headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(good.statusCode).toBe(200);
    expect(good.json().districts).toEqual([
      { key: 'bezirk-1', nr: 1, name: 'Bezirk 1', stadtteile: [{ key: 'schildgen', nr: '11', name: 'Schildgen' }, { key: 'katterbach', nr: '12', name: 'Katterbach' }] },
      { key: 'bezirk-2', nr: 2, name: 'Bezirk 2', stadtteile: [{ key: 'paffrath', nr: '21', name: 'Paffrath' }] },
    ]);

    const umlauts = await admin.inject({ method: 'POST', url: '/api/admin/stadtteile-csv', headers: { 'content-type': 'text/csv' }, payload: 'number,name,district\n31,Gronau-Süd,Bezirk 3\n' });
    expect(umlauts.json().districts[0].stadtteile[0].key).toBe('gronau-sued');

    const bad = await admin.inject({ method: 'POST', url: '/api/admin/stadtteile-csv', headers: { 'content-type': 'text/csv' }, payload: 'Nummer;Name;Bezirk\n11;Schildgen;Bezirk 1\n;Ohne Nummer;Bezirk 1\n11;Doppelt;Bezirk 1\n' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_csv', details: [{ line: 3, code: 'values_missing' }, { line: 4, code: 'number_twice', message: 'Stadtteil number 11 appears twice', values: { nr: '11' } }] });

    const noHeader = await admin.inject({ method: 'POST', url: '/api/admin/stadtteile-csv', headers: { 'content-type': 'text/csv' }, payload: '11;Schildgen\n' });
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().error.message).toContain('Nummer, Name and Bezirk');
  });

  it('is for admins only', async () => {
    const staff = await buildUser(t.db, { role: 'staff' });
    const agent = await signIn(t.app, staff.username, TEST_PASSWORD);
    expect((await agent.inject({ method: 'POST', url: '/api/admin/processes', payload: { id: randomUUID(), slug: 'jugend', structure: youthStructure() } })).statusCode).toBe(403);
    expect((await agent.inject({ method: 'GET', url: '/api/admin/processes' })).statusCode).toBe(403);
  });
});
