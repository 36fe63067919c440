import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { xml2js, type Element } from 'xml-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outcomeForContribution } from '../../server/features/measures/outcomes.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { DEFAULT_MEASURE_STATUSES } from '../../shared/measures.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

interface MeasureView {
  id: string;
  fieldKey: string;
  title: Record<string, string>;
  status: { key: string; label: Record<string, string> };
  progress: number;
  version: number;
  contributions: Array<{ citeId: string; text: string }>;
}

describe('measures and Leitziele', () => {
  let t: TestApp;
  let admin: Agent;
  let arbeit: Agent;
  const api = (path: string) => `/api/processes/${t.slug}${path}`;

  const createMeasure = async (agent: Agent, body: Record<string, unknown>) =>
    agent.inject({ method: 'POST', url: api('/measures'), payload: { id: randomUUID(), title: { de: 'Sprachkurse am Abend' }, fieldKey: 'arbeit', ...body } });
  const created = async (agent: Agent, body: Record<string, unknown> = {}) => {
    const response = await createMeasure(agent, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as MeasureView;
  };
  const publicPage = async (query = '') => {
    const response = await t.app.inject({ method: 'GET', url: api(`/measures${query}`) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { measures: MeasureView[]; total: number; statuses: Array<{ key: string }> };
  };

  beforeEach(async () => {
    t = await buildTestApp();
    admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    arbeit = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', username: 'ag-arbeit', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
  });
  afterEach(() => t.close());

  it('lets a working group edit the measures and Leitziele of its fields only; admins edit all', async () => {
    const own = await created(arbeit, { stadtteilKeys: ['gronau'] });
    expect(own.status.key).toBe('proposed');
    expect((await createMeasure(arbeit, { fieldKey: 'freizeit' })).statusCode).toBe(403);
    const other = await created(admin, { fieldKey: 'freizeit', title: { de: 'Mehr Bänke im Park' } });

    // Another field's measure: not to change, not to delete, not to move one's own into.
    expect((await arbeit.inject({ method: 'PATCH', url: api(`/measures/${other.id}`), payload: { version: 1, progress: 50 } })).statusCode).toBe(403);
    expect((await arbeit.inject({ method: 'DELETE', url: api(`/measures/${other.id}`) })).statusCode).toBe(403);
    expect((await arbeit.inject({ method: 'PATCH', url: api(`/measures/${own.id}`), payload: { version: 1, fieldKey: 'freizeit' } })).statusCode).toBe(403);
    const goal = (fieldKey: string) => ({ id: randomUUID(), fieldKey, text: { de: 'Gute Arbeit für alle' } });
    expect((await arbeit.inject({ method: 'POST', url: api('/guiding-goals'), payload: goal('freizeit') })).statusCode).toBe(403);
    const ownGoal = await arbeit.inject({ method: 'POST', url: api('/guiding-goals'), payload: goal('arbeit') });
    expect(ownGoal.statusCode).toBe(201);

    // Its own: yes, with the Leitziel it serves.
    const changed = await arbeit.inject({ method: 'PATCH', url: api(`/measures/${own.id}`), payload: { version: 1, progress: 40, statusKey: 'adopted', guidingGoalId: ownGoal.json().id } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ progress: 40, status: { key: 'adopted' }, version: 2 });
    // An edit that started from an older version is refused, not lost.
    const stale = await admin.inject({ method: 'PATCH', url: api(`/measures/${own.id}`), payload: { version: 1, progress: 90 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('measure_conflict');
    // Admins edit any field's.
    expect((await admin.inject({ method: 'PATCH', url: api(`/measures/${other.id}`), payload: { version: 1, progress: 100, statusKey: 'done' } })).statusCode).toBe(200);

    // The editor says which fields one may edit: a working group its own (with children), an admin all.
    const editor = await arbeit.inject({ method: 'GET', url: `/api/processes/${t.slug}/measure-editor` });
    expect(editor.json()).toMatchObject({ editableFields: ['arbeit'], canEditStatuses: false });
    expect((await admin.inject({ method: 'GET', url: `/api/processes/${t.slug}/measure-editor` })).json().editableFields).toContain('freizeit');
  });

  it('lets a working group rest a measure on its own fields\' questions and those of no field, not on another field\'s', async () => {
    // work-situation is Arbeit's question, school-children Bildung's, district (the Stadtteil) no field's.
    const own = await created(arbeit, { resultLinks: [{ kind: 'question', ref: 'work-situation', optionKey: '' }, { kind: 'question', ref: 'district', optionKey: '' }] });
    const foreign = await createMeasure(arbeit, { resultLinks: [{ kind: 'question', ref: 'school-children', optionKey: '' }] });
    expect(foreign.statusCode).toBe(403);
    const added = await arbeit.inject({ method: 'PATCH', url: api(`/measures/${own.id}`), payload: { version: 1, resultLinks: [{ kind: 'question', ref: 'work-situation', optionKey: '' }, { kind: 'question', ref: 'school-children', optionKey: '' }] } });
    expect(added.statusCode).toBe(403);
    // An admin may link any; the group keeps editing the measure with that link in place.
    const linked = await admin.inject({ method: 'PATCH', url: api(`/measures/${own.id}`), payload: { version: 1, resultLinks: [{ kind: 'question', ref: 'school-children', optionKey: '' }] } });
    expect(linked.statusCode, linked.body).toBe(200);
    const kept = await arbeit.inject({ method: 'PATCH', url: api(`/measures/${own.id}`), payload: { version: 2, progress: 10, resultLinks: [{ kind: 'question', ref: 'school-children', optionKey: '' }] } });
    expect(kept.statusCode, kept.body).toBe(200);
  });

  it('lets a measure rest on a Leitziel of its field, of the field above it or of a sub-field, and no other', async () => {
    const goalOf = async (fieldKey: string) => {
      const response = await admin.inject({ method: 'POST', url: api('/guiding-goals'), payload: { id: randomUUID(), fieldKey, text: { de: `Leitziel ${fieldKey}` } } });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const [bildung, schulisch, arbeitGoal] = [await goalOf('bildung'), await goalOf('bildung-schulisch'), await goalOf('arbeit')];
    // „Bildung“ names a Leitziel of „Schulische Bildung“, and „Außerschulische Bildung“ one of „Bildung“.
    const parent = await created(admin, { fieldKey: 'bildung', guidingGoalId: schulisch });
    await created(admin, { fieldKey: 'bildung-ausserschulisch', guidingGoalId: bildung });
    // Not a sibling's, not another field's.
    for (const [fieldKey, guidingGoalId] of [['bildung-ausserschulisch', schulisch], ['arbeit', bildung], ['bildung', arbeitGoal]] as const) {
      const refused = await createMeasure(admin, { fieldKey, guidingGoalId });
      expect(refused.statusCode, `${fieldKey} ${guidingGoalId}`).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'guiding_goal_of_other_field', details: { fieldKey } });
    }
    // Moved to a field its Leitziel does not fit: refused, and nothing changes; moved with a fitting one, or to the sub-field, it is stored.
    const moved = await admin.inject({ method: 'PATCH', url: api(`/measures/${parent.id}`), payload: { version: 1, fieldKey: 'arbeit' } });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.code).toBe('guiding_goal_of_other_field');
    const toSub = await admin.inject({ method: 'PATCH', url: api(`/measures/${parent.id}`), payload: { version: 1, fieldKey: 'bildung-schulisch' } });
    expect(toSub.statusCode, toSub.body).toBe(200);
    const withGoal = await admin.inject({ method: 'PATCH', url: api(`/measures/${parent.id}`), payload: { version: 2, fieldKey: 'arbeit', guidingGoalId: arbeitGoal } });
    expect(withGoal.statusCode, withGoal.body).toBe(200);
    expect(withGoal.json()).toMatchObject({ fieldKey: 'arbeit', guidingGoalId: arbeitGoal, version: 3 });
  });

  it('refuses what the process does not have, and a resend of a create stores it once', async () => {
    for (const [body, code] of [
      [{ fieldKey: 'nope' }, 'unknown_field'],
      [{ stadtteilKeys: ['atlantis'] }, 'unknown_stadtteil'],
      [{ statusKey: 'maybe' }, 'unknown_status'],
      [{ guidingGoalId: randomUUID() }, 'unknown_guiding_goal'],
      [{ resultLinks: [{ kind: 'question', ref: 'no-such-question' }] }, 'unknown_result'],
    ] as const) {
      const response = await createMeasure(admin, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe(code);
    }
    expect((await createMeasure(admin, { progress: 101 })).statusCode).toBe(400);
    expect((await createMeasure(admin, { budgetCents: -1 })).statusCode).toBe(400);
    const id = randomUUID();
    expect((await createMeasure(admin, { id })).statusCode).toBe(201);
    expect((await createMeasure(admin, { id })).statusCode).toBe(200);
    expect((await publicPage()).total).toBe(1);
  });

  it('keeps every change in the history and shows the public change log without names', async () => {
    const measure = await created(arbeit);
    await arbeit.inject({ method: 'PATCH', url: api(`/measures/${measure.id}`), payload: { version: 1, statusKey: 'adopted', councilDocument: '0123/2026', councilDecidedOn: '2026-11-25', budgetCents: 1_250_000 } });
    const publicLog = (await t.app.inject({ method: 'GET', url: api(`/measures/changes?entity=${measure.id}`) })).json();
    expect(publicLog.changes.map((change: { action: string }) => change.action)).toEqual(['updated', 'created']);
    const update = publicLog.changes[0];
    expect(update.by).toBeNull();
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { field: 'statusKey', before: expect.objectContaining({ de: 'vorgeschlagen', ar: 'مقترح' }), after: expect.objectContaining({ de: 'beschlossen' }) },
        { field: 'budgetCents', before: null, after: expect.objectContaining({ de: '12.500,00\u00a0€', en: '€12,500.00' }) },
        { field: 'councilDocument', before: null, after: expect.objectContaining({ de: '0123/2026' }) },
      ]),
    );
    expect(JSON.stringify(publicLog)).not.toContain('ag-arbeit');
    const staffLog = (await admin.inject({ method: 'GET', url: api('/measure-changes') })).json();
    expect(staffLog.changes[0].by).toBe('ag-arbeit');

    // A deleted measure's history stays, and the database refuses to rewrite it.
    expect((await arbeit.inject({ method: 'DELETE', url: api(`/measures/${measure.id}`) })).statusCode).toBe(204);
    const afterDelete = (await t.app.inject({ method: 'GET', url: api('/measures/changes') })).json();
    expect(afterDelete.changes.map((change: { action: string }) => change.action)).toEqual(['deleted', 'updated', 'created']);
    expect(() => t.db.$client.prepare("update measure_changes set action = 'created'").run()).toThrow(/append-only/);
  });

  it('gives a working group the staff change log, with names, of its own fields only, a measure moved out of them up to the move', async () => {
    const own = await created(arbeit, { title: { de: 'Sprachkurse am Abend' } });
    const other = await created(admin, { fieldKey: 'freizeit', title: { de: 'Mehr Bänke im Park' } });
    expect((await admin.inject({ method: 'POST', url: api('/guiding-goals'), payload: { id: randomUUID(), fieldKey: 'teilhabe', text: { de: 'Alle reden mit' } } })).statusCode).toBe(201);
    // A measure of Arbeit that an admin moves to Freizeit, then edits there.
    const moved = await created(arbeit, { title: { de: 'Jobbörse im Park' } });
    expect((await admin.inject({ method: 'PATCH', url: api(`/measures/${moved.id}`), payload: { version: 1, fieldKey: 'freizeit' } })).statusCode).toBe(200);
    expect((await admin.inject({ method: 'PATCH', url: api(`/measures/${moved.id}`), payload: { version: 2, progress: 40 } })).statusCode).toBe(200);
    const log = async (agent: Agent, query = '') => {
      const response = await agent.inject({ method: 'GET', url: api(`/measure-changes${query}`) });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as { changes: Array<{ entityId: string; action: string; by: string | null }> }).changes.map((change) => `${change.entityId}:${change.action}`);
    };
    expect(await log(arbeit)).toEqual([`${moved.id}:updated`, `${moved.id}:created`, `${own.id}:created`]);
    expect(JSON.stringify(await arbeit.inject({ method: 'GET', url: api('/measure-changes') }).then((r) => r.json()))).not.toMatch(/Bänke|Alle reden mit/);
    expect(await log(arbeit, `?entity=${other.id}`)).toEqual([]);
    // Admins read the whole process's history.
    expect(await log(admin)).toHaveLength(6);
  });

  it('puts a measure change into the Atom feed, in the language asked for, as valid Atom', async () => {
    const measure = await created(arbeit, { title: { de: 'Sprachkurse am Abend', ar: 'دورات لغة مسائية' }, translations: { ar: 'machine' } });
    await arbeit.inject({ method: 'PATCH', url: api(`/measures/${measure.id}`), payload: { version: 1, statusKey: 'in_progress', progress: 30 } });
    const feed = await t.app.inject({ method: 'GET', url: api('/measures/feed.atom') });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('application/atom+xml');

    // Atom 1.0 (RFC 4287): feed with id, title, updated, an author and a self link; each entry with id, title, updated and content.
    const root = xml2js(feed.body) as Element;
    const feedElement = root.elements!.find((element) => element.name === 'feed')!;
    expect(feedElement.attributes!.xmlns).toBe('http://www.w3.org/2005/Atom');
    const children = (element: Element, name: string) => (element.elements ?? []).filter((child) => child.name === name);
    const textOf = (element: Element, name: string) => children(element, name)[0]?.elements?.map((node) => node.text ?? node.cdata).join('') ?? '';
    for (const name of ['id', 'title', 'updated', 'author']) expect(children(feedElement, name), name).toHaveLength(1);
    expect(children(feedElement, 'link').some((link) => link.attributes!.rel === 'self')).toBe(true);
    expect(Number.isNaN(Date.parse(textOf(feedElement, 'updated')))).toBe(false);
    const entries = children(feedElement, 'entry');
    expect(entries).toHaveLength(2);
    const ids = entries.map((entry) => textOf(entry, 'id'));
    expect(new Set(ids).size).toBe(2);
    for (const entry of entries) for (const name of ['id', 'title', 'updated', 'content']) expect(children(entry, name), name).toHaveLength(1);
    expect(textOf(entries[0]!, 'title')).toBe('Maßnahme geändert: Sprachkurse am Abend');
    expect(textOf(entries[0]!, 'content')).toContain('Stand: vorgeschlagen → in Umsetzung');
    expect(textOf(entries[0]!, 'content')).toContain('Fortschritt: 0\u00a0% → 30\u00a0%');
    // The page's catalog breaks „Verant\u00adwortlich“ at its soft hyphen on a narrow phone; a feed reader lays out its own lines.
    await arbeit.inject({ method: 'PATCH', url: api(`/measures/${measure.id}`), payload: { version: 2, responsible: 'Volkshochschule' } });
    const responsible = (xml2js((await t.app.inject({ method: 'GET', url: api('/measures/feed.atom') })).body) as Element).elements!.find((element) => element.name === 'feed')!;
    expect(textOf(children(responsible, 'entry')[0]!, 'content')).toContain('Verantwortlich: (leer) → Volkshochschule');

    const arabic = await t.app.inject({ method: 'GET', url: api('/measures/feed.atom?lang=ar') });
    expect(arabic.body).toContain('دورات لغة مسائية');
    expect(arabic.body).toContain('قيد التنفيذ');
    expect((await t.app.inject({ method: 'GET', url: api('/measures/feed.atom?lang=xx') })).statusCode).toBe(400);
  });

  it('says in the Atom feed what a machine translated, as the pages do, carries the feed\'s language and marks a German text German', async () => {
    await created(arbeit, { title: { de: 'Sprachkurse am Abend' } });
    const catalog = (language: string): Record<string, string> => JSON.parse(readFileSync(new URL(`../../shared/i18n/public/${language}.json`, import.meta.url), 'utf8'));
    const read = async (query: string) => {
      const body = (await t.app.inject({ method: 'GET', url: api(`/measures/feed.atom${query}`) })).body;
      const feed = (xml2js(body) as Element).elements!.find((element) => element.name === 'feed')!;
      const all = (element: Element, name: string) => (element.elements ?? []).filter((child) => child.name === name);
      const text = (element: Element, name: string) => all(element, name)[0]!.elements!.map((node) => node.text ?? node.cdata).join('');
      const entry = all(feed, 'entry')[0]!;
      return { lang: feed.attributes!['xml:lang'], subtitle: text(feed, 'subtitle'), summary: text(entry, 'summary'), content: text(entry, 'content') };
    };

    // Arabic is machine translated (shared/i18n/status.json): the feed says so, once for the feed and in each entry.
    const arabic = await read('?lang=ar');
    expect(arabic.lang).toBe('ar');
    expect(arabic.subtitle).toContain(catalog('ar').machine);
    expect(arabic.summary).toContain(catalog('ar').machineTranslated);
    expect(arabic.content).toContain(catalog('ar').machine);
    // Right to left, and the title nobody translated is German, read so.
    expect(arabic.content).toMatch(/^<div lang="ar" dir="rtl">/);
    expect(arabic.content).toContain('<span lang="de" dir="ltr">Sprachkurse am Abend</span>');

    // German and Leichte Sprache are checked by people: no such words.
    for (const [query, language] of [['', 'de'], ['?lang=de-easy', 'de-easy']] as const) {
      const feed = await read(query);
      expect(feed.lang).toBe('de');
      for (const part of [feed.subtitle, feed.summary, feed.content]) {
        expect(part).not.toContain(catalog(language).machine);
        expect(part).not.toContain(catalog(language).machineTranslated);
      }
    }
    // In the German feed the German title is the feed's own language: no mark.
    expect((await read('')).content).toContain('<li>Titel: Sprachkurse am Abend</li>');
  });

  it('writes a per cent, an amount, a day and a document number in the change log and the feed each language\'s way, not as German text', async () => {
    const measure = await created(arbeit, { budgetCents: 1_250_000, milestones: [{ date: '2027-02-01', label: { de: 'Erste Kurse' }, done: false }] });
    await arbeit.inject({ method: 'PATCH', url: api(`/measures/${measure.id}`), payload: { version: 1, progress: 40, councilDocument: '0815/2026', councilDecidedOn: '2026-11-12' } });
    const log = (await t.app.inject({ method: 'GET', url: api('/measures/changes') })).json() as { changes: Array<{ changes: Array<{ field: string; before: Record<string, string> | null; after: Record<string, string> | null }> }> };
    const [edit, create] = log.changes;
    const after = (change: typeof edit, field: string) => change!.changes.find((item) => item.field === field)!.after!;
    // As the measure's card writes them in each language (client/pages/MeasuresPage.tsx): Intl with the language.
    expect(after(create, 'budgetCents')).toMatchObject({ de: '12.500,00\u00a0€', en: '€12,500.00', uk: new Intl.NumberFormat('uk', { style: 'currency', currency: 'EUR' }).format(12_500) });
    expect(after(edit, 'progress')).toMatchObject({ de: '40\u00a0%', en: '40%', tr: '%40' });
    expect(after(edit, 'councilDecidedOn')).toMatchObject({ de: '12. November 2026', en: 'November 12, 2026', ar: '12 نوفمبر 2026' });
    expect(after(edit, 'councilDocument')).toMatchObject({ de: '0815/2026', ar: '0815/2026', uk: '0815/2026' });
    // A milestone's day too; its label stays the language it was written in.
    expect(after(create, 'milestones')).toEqual({ de: '1. Februar 2027: Erste Kurse' });

    // In the English feed nothing of it is marked German, and it reads as the English page does.
    const english = (await t.app.inject({ method: 'GET', url: api('/measures/feed.atom?lang=en') })).body;
    expect(english).toContain('<li>Progress: 0% → 40%</li>');
    expect(english).toContain('<li>Council decision on: (empty) → November 12, 2026</li>');
    expect(english).toContain('<li>Budget: €12,500.00</li>');
    expect(english).not.toMatch(/<span lang="de" dir="ltr">[^<]*(%|€|2026)/);
  });

  it('serves the public measures page filtered, with linked contributions masked and hidden ones left out', async () => {
    const shown = buildContribution(t.db, { text: 'Schreiben Sie mir an max@example.de, Kurse abends bitte', fieldsOfAction: ['arbeit'] });
    const hidden = buildContribution(t.db, { text: 'Noch ein Wunsch zu Kursen', fieldsOfAction: ['arbeit'] });
    const measure = await created(arbeit, { stadtteilKeys: ['gronau'], progress: 20 });
    await created(admin, { fieldKey: 'freizeit', title: { de: 'Mehr Bänke im Park' }, progress: 100, statusKey: 'done' });
    for (const id of [shown, hidden]) {
      expect((await arbeit.inject({ method: 'PUT', url: api(`/contributions/${id}/outcome`), payload: { kind: 'taken_up', measureIds: [measure.id] } })).statusCode).toBe(200);
    }
    t.db.$client.prepare("update contributions set status = 'hidden' where id = ?").run(hidden);

    const all = await publicPage();
    expect(all.total).toBe(2);
    const first = all.measures.find((item) => item.id === measure.id)!;
    expect(first.contributions).toEqual([{ citeId: expect.stringMatching(/^B-\d+$/), text: 'Schreiben Sie mir an [E-Mail entfernt], Kurse abends bitte', language: 'de' }]);
    expect(JSON.stringify(all)).not.toContain('max@example.de');
    expect(JSON.stringify(all)).not.toContain('ag-arbeit');
    expect((await publicPage('?field=freizeit')).measures.map((item) => item.title.de)).toEqual(['Mehr Bänke im Park']);
    expect((await publicPage('?stadtteil=gronau')).measures.map((item) => item.id)).toEqual([measure.id]);
    expect((await publicPage('?status=done')).measures).toHaveLength(1);
    expect((await publicPage('?progressMin=1&progressMax=99')).measures.map((item) => item.id)).toEqual([measure.id]);
    // A draft process is as unknown in public as one that does not exist.
    const process = findProcessBySlug(t.db, t.slug)!;
    t.db.$client.prepare("update processes set status = 'draft' where id = ?").run(process.id);
    expect((await t.app.inject({ method: 'GET', url: api('/measures') })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: api('/measures/feed.atom') })).statusCode).toBe(404);
  });

  it("keeps the fields and Stadtteile measures and Leitziele name in the process's structure", async () => {
    await created(admin, { fieldKey: 'teilhabe', stadtteilKeys: ['paffrath'] });
    await admin.inject({ method: 'POST', url: api('/guiding-goals'), payload: { id: randomUUID(), fieldKey: 'bildung', text: { de: 'Bildung für alle' } } });
    const structure = (await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}` })).json().structure;
    structure.fieldsOfAction = structure.fieldsOfAction.filter((field: { key: string }) => !['teilhabe', 'bildung'].includes(field.key));
    structure.districts = structure.districts.map((district: { stadtteile: Array<{ key: string }> }) => ({ ...district, stadtteile: district.stadtteile.filter((s) => s.key !== 'paffrath') }));
    const refused = await admin.inject({ method: 'PUT', url: `/api/admin/processes/${t.slug}/structure`, payload: structure });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details).toEqual([
      expect.objectContaining({ path: 'body.fieldsOfAction', keys: expect.arrayContaining(['teilhabe', 'bildung']) }),
      expect.objectContaining({ path: 'body.districts', keys: ['paffrath'] }),
    ]);
  });

  it('lets admins set the status list, but not drop a status a measure still has', async () => {
    await created(admin, { statusKey: 'adopted' });
    const statuses = [
      { key: 'idee', label: { de: 'Idee', en: 'idea' }, concluded: false },
      { key: 'adopted', label: { de: 'beschlossen' }, concluded: false },
      { key: 'fertig', label: { de: 'fertig' }, concluded: true },
    ];
    const put = (list: unknown) => admin.inject({ method: 'PUT', url: `/api/admin/processes/${t.slug}/measure-statuses`, payload: { statuses: list } });
    expect((await put(statuses)).statusCode).toBe(200);
    expect((await publicPage()).statuses.map((status) => status.key)).toEqual(['idee', 'adopted', 'fertig']);
    const dropped = await put(statuses.filter((status) => status.key !== 'adopted'));
    expect(dropped.statusCode).toBe(409);
    expect(dropped.json().error.details.keys).toEqual(['adopted']);
    expect((await put([statuses[0], statuses[0]])).statusCode).toBe(400);
  });

  it('stores status labels in several languages with their translation status, and refuses a bad list without changing the stored one', async () => {
    const put = (list: unknown) => admin.inject({ method: 'PUT', url: `/api/admin/processes/${t.slug}/measure-statuses`, payload: { statuses: list } });
    const statuses = [
      { key: 'geplant', label: { de: 'geplant', tr: 'planlandı', ar: 'مخطط له', uk: 'заплановано' }, translations: { tr: 'reviewed', ar: 'machine' }, concluded: false },
      { key: 'fertig', label: { de: 'umgesetzt', en: 'implemented' }, concluded: true },
    ];
    const saved = await put(statuses);
    expect(saved.statusCode, saved.body).toBe(200);
    const expected = [
      { key: 'geplant', label: { de: 'geplant', tr: 'planlandı', ar: 'مخطط له', uk: 'заплановано' }, translations: { tr: 'reviewed', ar: 'machine' }, concluded: false },
      { key: 'fertig', label: { de: 'umgesetzt', en: 'implemented' }, translations: {}, concluded: true },
    ];
    expect(saved.json()).toEqual(expected);
    expect((await publicPage()).statuses).toEqual(expected);
    const measure = await created(admin, { statusKey: 'geplant' });
    expect(measure.status).toEqual(expected[0]);
    // The Atom feed names the status in the reader's language, German marked German where it has none.
    expect((await admin.inject({ method: 'PATCH', url: api(`/measures/${measure.id}`), payload: { version: 1, statusKey: 'fertig' } })).statusCode).toBe(200);
    const turkishFeed = (await t.app.inject({ method: 'GET', url: api('/measures/feed.atom?lang=tr') })).body;
    expect(turkishFeed).toContain('planlandı');
    expect(turkishFeed).toContain('Durum: planlandı → <span lang="de" dir="ltr">umgesetzt</span>');
    // The default list, as the editor shows it, saves back: its keys have underscores.
    expect((await put([...DEFAULT_MEASURE_STATUSES, ...expected])).statusCode).toBe(200);
    expect((await put(expected)).statusCode).toBe(200);

    const bad = [
      // a label longer than a short text may be
      [{ ...statuses[1], label: { de: 'umgesetzt', tr: 'x'.repeat(201) } }],
      // a language the platform does not know
      [{ ...statuses[1], label: { de: 'umgesetzt', fr: 'réalisé' } }],
      // a translation status for an unknown language, or an unknown status
      [{ ...statuses[1], translations: { fr: 'reviewed' } }],
      [{ ...statuses[1], translations: { tr: 'guessed' } }],
      // the same key twice
      [statuses[0], { ...statuses[1], key: 'geplant' }],
      // no German label
      [{ ...statuses[1], label: { en: 'implemented' } }],
      // a key that is no key
      [{ ...statuses[1], key: 'In Arbeit' }],
    ];
    for (const list of bad) {
      const refused = await put(list);
      expect(refused.statusCode, JSON.stringify(list)).toBe(400);
      expect(refused.json()).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
    }
    expect((await publicPage()).statuses).toEqual(expected);
  });
});

describe('outcomes: every input gets an answer', () => {
  let t: TestApp;
  let admin: Agent;
  let arbeit: Agent;
  let freizeit: Agent;
  const api = (path: string) => `/api/processes/${t.slug}${path}`;
  const setOutcome = (agent: Agent, id: string, payload: Record<string, unknown>) => agent.inject({ method: 'PUT', url: api(`/contributions/${id}/outcome`), payload });
  const report = async (agent: Agent) => {
    const response = await agent.inject({ method: 'GET', url: api('/outcomes/report') });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { groups: Array<{ name: string; total: number; open: number; fields: Array<{ key: string; total: number; open: number }>; openItems: Array<{ id: string; text: string }> }> };
  };

  beforeEach(async () => {
    t = await buildTestApp();
    admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    arbeit = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', username: 'ag-arbeit', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
    freizeit = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', username: 'ag-freizeit', fieldsOfAction: ['freizeit'] })).username, TEST_PASSWORD);
  });
  afterEach(() => t.close());

  it('shows a working group deciding an outcome the moderators’ German rendering of a voice in another language, masked, as the quotes do', async () => {
    const arabic = buildContribution(t.db, { text: 'نحتاج دورات لغة في المساء، اتصل بي على 0171 2345678', language: 'ar', fieldsOfAction: ['arbeit'] });
    const german = buildContribution(t.db, { text: 'Praktika für Ältere', fieldsOfAction: ['arbeit'] });
    const rendered = await admin.inject({
      method: 'POST',
      url: `/api/admin/processes/${t.slug}/contributions/${arabic}/german`,
      payload: { version: 1, text: 'Wir brauchen Sprachkurse am Abend, ruf mich an unter 0171 2345678' },
    });
    expect(rendered.statusCode, rendered.body).toBe(204);
    const list = (await arbeit.inject({ method: 'GET', url: api('/outcomes?state=open') })).json() as { items: Array<{ id: string; text: string; german: { text: string; source: string } | null }> };
    const byId = new Map(list.items.map((item) => [item.id, item]));
    expect(byId.get(arabic)!.german).toEqual({ text: expect.stringContaining('Wir brauchen Sprachkurse am Abend'), source: 'human' });
    // Masked as the original is: the phone number is in neither.
    expect(byId.get(arabic)!.german!.text).not.toContain('2345678');
    expect(byId.get(arabic)!.text).not.toContain('2345678');
    expect(byId.get(german)!.german).toBeNull();
  });

  it('lists the inputs without an outcome per working group, and each decision takes one off', async () => {
    const work = ['Abendkurse', 'Jobcenter näher', 'Praktika für Ältere'].map((text) => buildContribution(t.db, { text, fieldsOfAction: ['arbeit'] }));
    const leisure = ['Mehr Bänke', 'Kino im Park'].map((text) => buildContribution(t.db, { text, fieldsOfAction: ['freizeit'] }));
    buildContribution(t.db, { text: 'Nur vorgeschlagen' }); // the suggester's tag only: no group reads it yet

    const before = await report(admin);
    expect(before.groups.map((group) => [group.name, group.total, group.open])).toEqual([
      ['ag-arbeit', 3, 3],
      ['ag-freizeit', 2, 2],
    ]);

    const measure = (
      await arbeit.inject({ method: 'POST', url: api('/measures'), payload: { id: randomUUID(), fieldKey: 'arbeit', title: { de: 'Abendkurse an der VHS' } } })
    ).json() as { id: string };
    const taken = await setOutcome(arbeit, work[0]!, { kind: 'taken_up', measureIds: [measure.id] });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json()).toMatchObject({ kind: 'taken_up', measures: [{ id: measure.id, title: { de: 'Abendkurse an der VHS' }, status: { key: 'proposed' }, progress: 0 }] });
    expect((await setOutcome(arbeit, work[1]!, { kind: 'passed_on', passedTo: 'Jobcenter Rhein-Berg' })).statusCode).toBe(200);
    expect((await setOutcome(arbeit, work[2]!, { kind: 'not_pursued', reason: 'Liegt nicht in der Zuständigkeit der Stadt.' })).statusCode).toBe(200);

    // Another group's input, and a measure of another field, are not the group's to decide.
    expect((await setOutcome(arbeit, leisure[0]!, { kind: 'not_pursued', reason: 'nein' })).statusCode).toBe(403);
    expect((await setOutcome(freizeit, work[0]!, { kind: 'open' })).statusCode).toBe(403);
    expect((await setOutcome(freizeit, leisure[0]!, { kind: 'taken_up', measureIds: [measure.id] })).statusCode).toBe(403);
    expect((await setOutcome(arbeit, work[0]!, { kind: 'taken_up', measureIds: ['no-such-measure'] })).statusCode).toBe(400);
    expect((await setOutcome(arbeit, work[0]!, { kind: 'not_pursued', reason: '' })).statusCode).toBe(400);

    const after = await report(admin);
    expect(after.groups.map((group) => [group.name, group.total, group.open])).toEqual([
      ['ag-arbeit', 3, 0],
      ['ag-freizeit', 2, 2],
    ]);
    expect(after.groups[1]!.openItems.map((item) => item.text).sort()).toEqual(['Kino im Park', 'Mehr Bänke']);
    expect(after.groups[1]!.fields).toEqual([{ key: 'freizeit', total: 2, open: 2 }]);
    // A working group sees its own line only.
    expect((await report(freizeit)).groups.map((group) => group.name)).toEqual(['ag-freizeit']);

    // The staff's list: open or decided, with the outcome.
    const decided = (await arbeit.inject({ method: 'GET', url: api('/outcomes?state=decided') })).json();
    expect(decided.total).toBe(3);
    expect(decided.items.map((item: { outcome: { kind: string } }) => item.outcome.kind).sort()).toEqual(['not_pursued', 'passed_on', 'taken_up']);
    // Each with its month, never the day it was given.
    for (const item of decided.items) {
      expect(item.month).toMatch(/^\d{4}-\d{2}$/);
      expect(item).not.toHaveProperty('capturedOn');
    }
    expect((await arbeit.inject({ method: 'GET', url: api('/outcomes?field=freizeit') })).statusCode).toBe(403);

    // What the receipt page reads: the outcome and its measures, no person.
    const processId = findProcessBySlug(t.db, t.slug)!.id;
    expect(outcomeForContribution(t.db, processId, work[2]!)).toEqual({ kind: 'not_pursued', reason: 'Liegt nicht in der Zuständigkeit der Stadt.', passedTo: null, decidedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), measures: [] });
    expect(outcomeForContribution(t.db, processId, work[1]!)).toMatchObject({ kind: 'passed_on', passedTo: 'Jobcenter Rhein-Berg' });
    expect(outcomeForContribution(t.db, processId, leisure[0]!)).toEqual({ kind: 'open', reason: null, passedTo: null, decidedOn: null, measures: [] });
    expect(outcomeForContribution(t.db, processId, randomUUID())).toBeNull();
    expect(JSON.stringify(outcomeForContribution(t.db, processId, work[0]!))).not.toContain('ag-arbeit');

    // Removing the measure gives its inputs back to the report: none is left pointing at nothing.
    expect((await arbeit.inject({ method: 'DELETE', url: api(`/measures/${measure.id}`) })).statusCode).toBe(204);
    expect(outcomeForContribution(t.db, processId, work[0]!)!.kind).toBe('open');
    expect((await report(arbeit)).groups[0]!.open).toBe(1);
  });

  it("keeps another group's measure on a contribution: a contradicting decision is a 409", async () => {
    const both = buildContribution(t.db, { text: 'Arbeit und Freizeit verbinden', fieldsOfAction: ['arbeit', 'freizeit'] });
    const leisureMeasure = (
      await freizeit.inject({ method: 'POST', url: api('/measures'), payload: { id: randomUUID(), fieldKey: 'freizeit', title: { de: 'Freizeitangebote' } } })
    ).json() as { id: string };
    expect((await setOutcome(freizeit, both, { kind: 'taken_up', measureIds: [leisureMeasure.id] })).statusCode).toBe(200);
    const refused = await setOutcome(arbeit, both, { kind: 'not_pursued', reason: 'passt nicht' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('taken_up_elsewhere');
    expect(outcomeForContribution(t.db, findProcessBySlug(t.db, t.slug)!.id, both)!.measures.map((item) => item.id)).toEqual([leisureMeasure.id]);
  });
});
