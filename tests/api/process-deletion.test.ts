import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { buildProcess } from '../factories/processes.ts';
import { takeUpInMeasure } from '../factories/measures.ts';
import { buildDotVoteItem, buildMarketDayItem, buildNoteItem } from '../factories/stall.ts';
import { buildSubmission, goodAnswers } from '../factories/survey.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/** Every table that holds rows of a process, directly or through a parent, with how to count one process's rows in it. */
const PER_PROCESS: Record<string, string> = {
  phases: 'process_id = $p',
  fields_of_action: 'process_id = $p',
  districts: 'process_id = $p',
  stadtteile: 'process_id = $p',
  population_groups: 'process_id = $p',
  surveys: 'process_id = $p',
  survey_drafts: 'process_id = $p',
  market_days: 'process_id = $p',
  removed_market_days: 'process_id = $p',
  dot_votes: 'market_day_id in (select id from market_days where process_id = $p)',
  posters: 'process_id = $p',
  responses: 'process_id = $p',
  answers: 'response_id in (select id from responses where process_id = $p)',
  contributions: 'process_id = $p',
  contribution_tags: 'contribution_id in (select id from contributions where process_id = $p)',
  contribution_translations: 'contribution_id in (select id from contributions where process_id = $p)',
  contribution_outcomes: 'process_id = $p',
  contributions_fts: 'rowid in (select rowid from contributions where process_id = $p)',
  receipts: 'process_id = $p',
  cite_counters: 'process_id = $p',
  result_snapshots: 'process_id = $p',
  suggest_models: 'process_id = $p',
  guiding_goals: 'process_id = $p',
  measure_statuses: 'process_id = $p',
  measures: 'process_id = $p',
  measure_changes: 'process_id = $p',
  measure_contributions: 'measure_id in (select id from measures where process_id = $p)',
  measure_result_links: 'measure_id in (select id from measures where process_id = $p)',
};

describe('deleting a process', () => {
  let t: TestApp;
  let admin: Agent;
  let staff: Agent;
  let doomed: string;
  let doomedId: string;
  /** Voices each process heard (the survey's free-text answers and the stall's note). */
  let voices: number;

  const rowsOf = (processId: string) =>
    Object.fromEntries(Object.entries(PER_PROCESS).map(([table, where]) => [table, (t.db.$client.prepare(`select count(*) n from ${table} where ${where.replaceAll('$p', '?')}`).get(...where.split('$p').slice(1).map(() => processId)) as { n: number }).n]));
  const citeNumbers = (processId: string) => t.db.$client.prepare('select id, cite_seq from contributions where process_id = ? order by cite_seq').all(processId);
  const deletion = (agent: Agent, slug: string) => agent.inject({ method: 'GET', url: `/api/admin/processes/${slug}/deletion` });
  const remove = (agent: Agent, slug: string, confirmation: unknown) => agent.inject({ method: 'DELETE', url: `/api/admin/processes/${slug}`, payload: { confirmation } });

  /** Residents and staff take part in a process through every channel; admins add a measure, a Leitziel, a poster and released results. */
  async function takePart(slug: string): Promise<void> {
    const processId = findProcessBySlug(t.db, slug)!.id;
    for (let i = 0; i < 3; i += 1) {
      const response = await t.app.inject({ method: 'POST', url: `/api/processes/${slug}/responses`, payload: buildSubmission({ answers: { ...goodAnswers(), 'work-idea': `${slug}: Idee ${i}` } }) });
      expect(response.statusCode, response.body).toBe(201);
    }
    const marketDay = buildMarketDayItem({ stadtteil: 'refrath' });
    const sync = await staff.inject({
      method: 'POST',
      url: '/api/stall/sync',
      payload: {
        items: [
          { ...marketDay, processSlug: slug },
          buildNoteItem({ processSlug: slug, marketDayId: marketDay.id, text: `${slug}: Notiz vom Stand`, fieldsOfAction: ['arbeit'] }),
          buildDotVoteItem(marketDay.id, { option: 'arbeit' }),
          { type: 'paperResponse', id: randomUUID(), marketDayId: marketDay.id, response: { surveyVersion: 1, language: 'de', answers: { ...goodAnswers(), 'work-idea': `${slug}: Papier` } } },
        ],
      },
    });
    expect(sync.json().results.map((result: { status: string }) => result.status)).toEqual(['stored', 'stored', 'stored', 'stored']);
    // A market day planned by mistake and removed: its id is remembered until the process goes.
    const mistake = randomUUID();
    expect((await admin.inject({ method: 'POST', url: `/api/admin/processes/${slug}/market-days`, payload: { id: mistake, date: '2026-07-04', place: 'Versehen', stadtteil: null } })).statusCode).toBe(201);
    expect((await admin.inject({ method: 'DELETE', url: `/api/admin/processes/${slug}/market-days/${mistake}` })).statusCode).toBe(204);
    const contribution = t.db.$client.prepare('select id from contributions where process_id = ? order by cite_seq limit 1').get(processId) as { id: string };
    const measureId = takeUpInMeasure(t.db, processId, contribution.id);
    const sql = t.db.$client;
    sql.prepare("insert into measure_changes (process_id, entity, entity_id, action, at, after) values (?, 'measure', ?, 'created', '2026-11-20T10:00:00.000Z', '{}')").run(processId, measureId);
    sql.prepare("insert into measure_result_links (measure_id, kind, ref) values (?, 'question', 'work-support')").run(measureId);
    sql.prepare("insert into guiding_goals (id, process_id, field_key, text, updated_at) values (?, ?, 'arbeit', '{\"de\":\"Arbeit für alle\"}', '2026-11-20T10:00:00.000Z')").run(randomUUID(), processId);
    // A poster of the market day, and a response sent from it: rows that point to each other without a cascade.
    const posterId = `pl${randomUUID().slice(0, 6)}`;
    sql.prepare("insert into posters (id, process_id, market_day_id, place, languages, created_on) values (?, ?, ?, 'Markt', '[\"de\"]', '2026-11-20')").run(posterId, processId, marketDay.id);
    sql.prepare('update responses set poster_id = ? where id = (select id from responses where process_id = ? limit 1)').run(posterId, processId);
    sql.prepare("insert into result_snapshots (id, process_id, content, sha256, released_on) values (?, ?, '{}', 'x', '2026-11-20')").run(randomUUID(), processId);
    sql.prepare("insert into contribution_translations (contribution_id, language, text, masked_text, translated_at) select id, 'de', 'Notiz', 'Notiz', '2026-11-20T10:00:00.000Z' from contributions where process_id = ? limit 1").run(processId);
  }

  beforeEach(async () => {
    t = await buildTestApp();
    admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    staff = await signIn(t.app, (await buildUser(t.db, { role: 'staff' })).username, TEST_PASSWORD);
    doomed = buildProcess(t.db, { slug: 'klimaplan', title: 'Klimaplan Musterhausen' });
    doomedId = findProcessBySlug(t.db, doomed)!.id;
    await takePart(t.slug);
    await takePart(doomed);
    voices = rowsOf(doomedId).contributions ?? 0;
  });
  afterEach(() => t.close());

  it('says what will go, removes all of it in one go, and leaves the other process exactly as it was', async () => {
    const onlyHere = await buildUser(t.db, { role: 'working_group', username: 'ag-klima', processes: [doomed], fieldsOfAction: ['arbeit'] });
    const both = await buildUser(t.db, { role: 'working_group', username: 'ag-beide', processes: [t.slug, doomed], fieldsOfAction: ['arbeit'] });
    await admin.inject({ method: 'PUT', url: `/api/admin/processes/${doomed}/status`, payload: { status: 'archived' } });
    const otherId = findProcessBySlug(t.db, t.slug)!.id;
    const otherBefore = { rows: rowsOf(otherId), cites: citeNumbers(otherId), admin: (await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}` })).json() };
    expect(Object.entries(rowsOf(doomedId)).filter(([, n]) => n === 0).map(([table]) => table)).toEqual(['population_groups', 'survey_drafts', 'suggest_models', 'measure_statuses']);

    const preview = await deletion(admin, doomed);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({
      slug: doomed,
      title: 'Klimaplan Musterhausen',
      status: 'archived',
      counts: { responses: 4, contributions: voices, dotVotes: 1, marketDays: 1, posters: 1, measures: 1, guidingGoals: 1, snapshots: 1, surveyVersions: 1 },
      workingGroups: [
        { username: 'ag-beide', displayName: null, onlyThis: false },
        { username: 'ag-klima', displayName: null, onlyThis: true },
      ],
      refusal: null,
    });

    const deleted = await remove(admin, doomed, '  klimaplan musterhausen ');
    expect(deleted.statusCode, deleted.body).toBe(204);

    expect(Object.values(rowsOf(doomedId)).every((n) => n === 0), JSON.stringify(rowsOf(doomedId))).toBe(true);
    expect(t.db.$client.prepare('select count(*) n from processes where id = ?').get(doomedId)).toEqual({ n: 0 });
    // The search index holds exactly the remaining voices, and nothing is left pending.
    expect(t.db.$client.prepare('select (select count(*) from contributions_fts) fts, (select count(*) from contributions) voices, (select count(*) from search_index_pending) pending').get()).toEqual({ fts: voices, voices, pending: 0 });
    expect(t.db.$client.prepare('pragma foreign_key_check').all()).toEqual([]);
    expect({ rows: rowsOf(otherId), cites: citeNumbers(otherId), admin: (await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}` })).json() }).toEqual(otherBefore);

    expect((await admin.inject({ method: 'GET', url: '/api/admin/processes' })).json().map((process: { slug: string }) => process.slug)).toEqual([t.slug]);
    expect((await t.app.inject({ method: 'GET', url: `/api/processes/${doomed}` })).statusCode).toBe(404);

    // Working groups lose it: one keeps the other process, the other keeps none (and no field only the deleted one had).
    const account = (id: number) => t.db.$client.prepare('select processes, fields_of_action fields from users where id = ?').get(id);
    expect(account(both.id)).toEqual({ processes: JSON.stringify([t.slug]), fields: '["arbeit"]' });
    expect(account(onlyHere.id)).toEqual({ processes: '[]', fields: '["arbeit"]' });

    // One audit entry keeps what went and who lost it, and nothing residents said.
    const entry = t.db.$client.prepare("select user_id userId, entity, entity_id entityId, details from audit_log where action = 'process_deleted'").get() as { details: string };
    expect({ ...entry, details: JSON.parse(entry.details) }).toEqual({
      userId: expect.any(Number),
      entity: 'process',
      entityId: doomed,
      details: {
        processId: doomedId,
        title: 'Klimaplan Musterhausen',
        status: 'archived',
        deleted: { responses: 4, contributions: voices, dotVotes: 1, marketDays: 1, posters: 1, measures: 1, guidingGoals: 1, snapshots: 1, surveyVersions: 1 },
        workingGroups: ['ag-beide', 'ag-klima'],
      },
    });
    expect(entry.details).not.toContain('Notiz vom Stand');
    const log = (await admin.inject({ method: 'GET', url: '/api/admin/audit?action=process_deleted' })).json();
    expect(log.entries[0].subject).toEqual({ name: 'Klimaplan Musterhausen', deleted: true, process: null });

    // A second DELETE of the gone process: 404 in the error shape, nothing else changes.
    const again = await remove(admin, doomed, doomed);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    expect(t.db.$client.prepare("select count(*) n from audit_log where action = 'process_deleted'").get()).toEqual({ n: 1 });
  });

  it('names the deleted process in its earlier entries, the exports taken of its data among them', async () => {
    const exported = await admin.inject({ method: 'GET', url: `/api/processes/${doomed}/exports/csv` });
    expect(exported.statusCode).toBe(200);
    await admin.inject({ method: 'PUT', url: `/api/admin/processes/${doomed}/status`, payload: { status: 'archived' } });
    expect((await remove(admin, doomed, doomed)).statusCode).toBe(204);

    const log = (await admin.inject({ method: 'GET', url: '/api/admin/audit?limit=200' })).json();
    const about = (action: string) => log.entries.filter((entry: { action: string; details: { filename?: string } | null }) => entry.action === action && (action !== 'export' || entry.details?.filename?.includes(doomed)));
    // The export of its data, written before: named by the process it came from, which is gone.
    expect(about('export').map((entry: { entityId: string; subject: unknown }) => ({ entityId: entry.entityId, subject: entry.subject }))).toEqual([
      { entityId: doomedId, subject: { name: 'Klimaplan Musterhausen', deleted: true, process: null } },
    ]);
    expect(about('process_status_changed').map((entry: { subject: unknown }) => entry.subject)).toEqual([{ name: 'Klimaplan Musterhausen', deleted: true, process: null }]);
    // Its market day, by the date and place the entry kept, in the process it belonged to.
    expect(about('market_day_removed').map((entry: { subject: { process: string | null } }) => entry.subject.process)).toEqual(['Klimaplan Musterhausen', 'Integrationskonzept Bergisch Gladbach']);

    // Its entries are still found by its address; an address no process ever had is still refused.
    const filtered = await admin.inject({ method: 'GET', url: `/api/admin/audit?process=${doomed}&limit=200` });
    expect(filtered.statusCode, filtered.body).toBe(200);
    const kinds = filtered.json().entries.map((entry: { action: string }) => entry.action);
    expect(kinds).toEqual(expect.arrayContaining(['process_deleted', 'process_status_changed', 'export', 'market_day_removed', 'market_day_planned']));
    expect(filtered.json().entries.every((entry: { action: string; details: { process?: string; filename?: string } | null }) => entry.action !== 'export' || entry.details?.filename?.includes(doomed))).toBe(true);
    expect((await admin.inject({ method: 'GET', url: '/api/admin/audit?process=nie-dagewesen' })).json().error.code).toBe('unknown_process');
    // The picker learns the deleted process with every page of the log, by the title its deletion kept.
    expect(filtered.json().deletedProcesses).toEqual([{ slug: doomed, title: 'Klimaplan Musterhausen' }]);
  });

  it('refuses without the slug or title typed, and a public process residents took part in until it is archived', async () => {
    for (const confirmation of ['', 'klima', 'Integrationskonzept Bergisch Gladbach']) {
      const refused = await remove(admin, doomed, confirmation);
      expect(refused.statusCode, confirmation).toBe(400);
      expect(refused.json().error.code).toBe('confirmation_mismatch');
    }
    const withoutBody = await admin.inject({ method: 'DELETE', url: `/api/admin/processes/${doomed}` });
    expect(withoutBody.statusCode).toBe(400);
    expect(withoutBody.json().error.code).toBe('validation_failed');

    expect((await deletion(admin, doomed)).json()).toMatchObject({ status: 'public', refusal: 'process_public' });
    const refused = await remove(admin, doomed, doomed);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({ error: { code: 'process_public', message: expect.stringContaining('archive it first') } });
    expect(rowsOf(doomedId).contributions).toBe(voices);
    expect(t.db.$client.prepare("select count(*) n from audit_log where action = 'process_deleted'").get()).toEqual({ n: 0 });

    await admin.inject({ method: 'PUT', url: `/api/admin/processes/${doomed}/status`, payload: { status: 'archived' } });
    expect((await remove(admin, doomed, doomed)).statusCode).toBe(204);
  });

  it('deletes a public process nobody has answered yet, such as the seeded default on a new city’s install', async () => {
    const fresh = buildProcess(t.db, { slug: 'noch-leer', title: 'Noch leer' });
    expect((await deletion(admin, fresh)).json()).toMatchObject({ status: 'public', refusal: null, counts: { responses: 0, contributions: 0, dotVotes: 0 } });
    expect((await remove(admin, fresh, fresh)).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/processes' })).json().map((process: { slug: string }) => process.slug)).toEqual([t.slug, doomed]);
  });

  it('leaves no word residents said in the database file or its WAL, nor in the search index', async () => {
    // A voice with words found nowhere else: its masked text, its original and the search index's tokens.
    const said = 'Frau Zwetschgenkuchenbäckerin vom Quarkstrudelweg, Rückruf unter 0176 55501234';
    const marketDay = buildMarketDayItem({ processSlug: doomed });
    const sync = await staff.inject({ method: 'POST', url: '/api/stall/sync', payload: { items: [marketDay, buildNoteItem({ processSlug: doomed, marketDayId: marketDay.id, text: said })] } });
    expect(sync.json().results.map((result: { status: string }) => result.status)).toEqual(['stored', 'stored']);
    // Folded into the file as a quiet server does: the words are on the database file's pages now.
    t.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const onDisk = () => Buffer.concat([readFileSync(t.databasePath), readFileSync(`${t.databasePath}-wal`, { flag: 'a+' })]);
    const traces = (bytes: Buffer) => ['kuchenb', 'Quarkstrudel', 'quarkstrudel', '55501234', 'klimaplan: Notiz', 'klimaplan: Idee', 'klimaplan: Papier'].filter((word) => bytes.includes(word));
    expect(traces(onDisk())).toEqual(['kuchenb', 'Quarkstrudel', 'quarkstrudel', '55501234', 'klimaplan: Notiz', 'klimaplan: Idee', 'klimaplan: Papier']);

    await admin.inject({ method: 'PUT', url: `/api/admin/processes/${doomed}/status`, payload: { status: 'archived' } });
    expect((await remove(admin, doomed, doomed)).statusCode).toBe(204);

    // Right after the answer, before anything else folds the WAL: freed pages hold zeros, not the texts.
    expect(traces(onDisk())).toEqual([]);
    // The other process's voices are still there, searchable.
    expect(onDisk().includes('integrationskonzept: Notiz vom Stand')).toBe(true);
    const group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', processes: [t.slug], fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
    const found = await group.inject({ method: 'GET', url: `/api/processes/${t.slug}/quotes?q=Notiz` });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().quotes.map((quote: { text: string }) => quote.text)).toContain('integrationskonzept: Notiz vom Stand');
  });

  it('is for admins only, and a write needs the CSRF token', async () => {
    await admin.inject({ method: 'PUT', url: `/api/admin/processes/${doomed}/status`, payload: { status: 'archived' } });
    const group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group' })).username, TEST_PASSWORD);
    for (const agent of [staff, group]) {
      expect((await deletion(agent, doomed)).statusCode).toBe(403);
      const forbidden = await remove(agent, doomed, doomed);
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().error.code).toBe('forbidden');
    }
    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/processes/${doomed}`, payload: { confirmation: doomed } })).statusCode).toBe(401);
    const withoutCsrf = await admin.inject({ method: 'DELETE', url: `/api/admin/processes/${doomed}`, payload: { confirmation: doomed }, headers: { 'x-csrf-token': '' } });
    expect(withoutCsrf.statusCode).toBe(403);
    expect(rowsOf(doomedId).contributions).toBe(voices);
  });
});
