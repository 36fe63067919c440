import { createHash, randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema.ts';
import type { Figure } from '../../shared/api/question-results.ts';
import { snapshotDocumentSchema, type PublicSnapshot, type SnapshotDocument } from '../../shared/api/snapshots.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/**
 * Released results: an admin releases a snapshot of chosen questions; the server freezes the
 * suppressed figures as canonical JSON, and every later read (page, JSON, CSV) serves exactly
 * that, whatever responses arrive afterwards.
 */

let t: TestApp;
let admin: Agent;
let group: Agent;

const THRESHOLD = 5;
const base = () => `/api/processes/${t.slug}`;
const adminBase = () => `/api/admin/processes/${t.slug}`;

/** Scale answers to `work-situation`: 12 × 4, 9 × 5, 6 × 3, 2 × 1 (a small group to suppress), none of 2. */
function answerMany(counts: Record<number, number>, stadtteil = 'gronau') {
  for (const [step, n] of Object.entries(counts)) {
    for (let i = 0; i < n; i += 1) buildResponse(t.db, { stadtteil, answers: { 'work-situation': Number(step), 'age-band': i % 2 === 0 ? '30-49' : '18-29' } });
  }
}

const release = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  title: { de: 'Erste Ergebnisse der Umfrage', ar: 'النتائج الأولى' },
  intro: { de: 'Stand nach den ersten Wochen.' },
  selection: { questions: ['work-situation', 'age-band', 'district'], dotVotes: true },
  ...overrides,
});

/** Every figure in a document: published counts and statistics, and withheld ones. */
function figuresIn(value: unknown, found: Figure[] = []): Figure[] {
  if (Array.isArray(value)) for (const item of value) figuresIn(item, found);
  else if (value && typeof value === 'object') {
    if ('suppressed' in value && 'count' in value) found.push(value as Figure);
    for (const child of Object.values(value)) figuresIn(child, found);
  }
  return found;
}

beforeEach(async () => {
  t = await buildTestApp();
  await buildUser(t.db, { role: 'admin', username: 'admin' });
  await buildUser(t.db, { role: 'working_group', username: 'ag', fieldsOfAction: ['arbeit'] });
  admin = await signIn(t.app, 'admin', 'correct horse battery staple');
  group = await signIn(t.app, 'ag', 'correct horse battery staple');
  answerMany({ 4: 12, 5: 9, 3: 6, 1: 2 });
});

afterEach(async () => {
  await t.close();
});

describe('releasing a snapshot', () => {
  it('is for admins only; residents read what is released without signing in', async () => {
    const body = release();
    expect((await t.app.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: body })).statusCode).toBe(401);
    expect((await group.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: body })).statusCode).toBe(403);
    expect((await group.inject({ method: 'POST', url: `${adminBase()}/snapshots/preview`, payload: body })).statusCode).toBe(403);
    const released = await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: body });
    expect(released.statusCode).toBe(201);
    const list = await t.app.inject({ url: `${base()}/snapshots` });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject([{ id: body.id, title: body.title, questions: 3, dotVotes: true }]);
    expect((await t.app.inject({ url: `${base()}/snapshots/${body.id}` })).json().status).toBe('released');
    expect((await t.app.inject({ url: `${base()}/snapshots/${randomUUID()}` })).statusCode).toBe(404);
  });

  it('is idempotent by the client UUID: the same release again is the same snapshot, other content under that id is a conflict', async () => {
    const body = release();
    const first = await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: body });
    answerMany({ 5: 7 });
    const again = await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: body });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const other = await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: { ...body, title: { de: 'Anders' } } });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('snapshot_conflict');
    expect((await t.app.inject({ url: `${base()}/snapshots` })).json()).toHaveLength(1);
  });

  it('refuses a question the survey does not have, a missing German title and an empty selection, naming them', async () => {
    const unknown = await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: release({ selection: { questions: ['no-such-question'], dotVotes: false } }) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('no-such-question');
    const noGerman = await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: release({ title: { en: 'Only English' } }) });
    expect(noGerman.statusCode).toBe(400);
    const empty = await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: release({ selection: { questions: [], dotVotes: false } }) });
    expect(empty.statusCode).toBe(400);
    expect((await t.app.inject({ url: `${base()}/snapshots` })).json()).toEqual([]);
  });
});

describe('a released snapshot', () => {
  it('stays byte-identical after more responses arrive: page, JSON download and CSV alike', async () => {
    const body = release();
    const released = (await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: body })).json() as PublicSnapshot;
    const urls = [`${base()}/snapshots/${body.id}`, `${base()}/snapshots/${body.id}/data.json`, `${base()}/snapshots/${body.id}/data.csv`, `${base()}/snapshots/${body.id}/data.csv?lang=ar`];
    const before = await Promise.all(urls.map((url) => t.app.inject({ url })));
    const preview = async () => (await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots/preview`, payload: body })).json() as SnapshotDocument;
    const previewBefore = await preview();

    answerMany({ 1: 8, 2: 11 }, 'bensberg');
    answerMany({ 5: 6 }, 'refrath');

    const after = await Promise.all(urls.map((url) => t.app.inject({ url })));
    for (const [index, response] of after.entries()) {
      expect(response.statusCode, urls[index]).toBe(200);
      expect(response.rawPayload.equals(before[index]!.rawPayload), urls[index]).toBe(true);
    }
    // The same selection computed now differs: the test would notice a snapshot that follows the data.
    const previewAfter = await preview();
    expect(figuresIn(previewAfter.questions)).not.toEqual(figuresIn(previewBefore.questions));

    const json = after[1]!;
    const sha = createHash('sha256').update(json.rawPayload).digest('hex');
    expect(released.status === 'released' && released.sha256).toBe(sha);
    expect(json.headers.etag).toBe(`"${sha}"`);
    expect(json.headers['content-type']).toContain('application/json');
    expect(JSON.parse(json.payload)).toEqual(released.status === 'released' ? released.document : null);
    const notModified = await t.app.inject({ url: urls[1]!, headers: { 'if-none-match': `"${sha}"` } });
    expect(notModified.statusCode).toBe(304);
  });

  it('is stored as canonical JSON that the served JSON Schema describes, with its licence', async () => {
    const body = release();
    await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: body });
    const json = (await t.app.inject({ url: `${base()}/snapshots/${body.id}/data.json` })).payload;
    const document = snapshotDocumentSchema.parse(JSON.parse(json));
    // Canonical: keys sorted at every level, no white space.
    const sortedKeys = (value: unknown): boolean =>
      Array.isArray(value) ? value.every(sortedKeys) : value && typeof value === 'object' ? Object.keys(value).join() === Object.keys(value).sort().join() && Object.values(value).every(sortedKeys) : true;
    expect(sortedKeys(JSON.parse(json))).toBe(true);
    expect(json).not.toMatch(/\n|": /);
    expect(document.licence).toMatchObject({ id: 'dl-de/by-2-0', name: 'Datenlizenz Deutschland – Namensnennung – Version 2.0', url: 'https://www.govdata.de/dl-de/by-2-0' });
    expect(document.$schema).toMatch(/\/api\/schemas\/result-snapshot\.json$/);
    expect(document.questions.map((question) => question.key)).toEqual(['work-situation', 'age-band', 'district']);
    // The participation note is the results area's participation answer of that moment, cut to the note's parts.
    const participation = (await admin.inject({ url: `${base()}/participation` })).json();
    expect(document.participation).toEqual({
      threshold: participation.threshold,
      channels: participation.channels,
      reference: participation.reference,
      total: participation.total,
      city: participation.city,
      districts: participation.districts,
      summary: participation.summary,
    });
    expect(document.participation.reference.status).not.toBe('none');
    // The survey's own translations of the question texts.
    expect(document.texts['work-situation']!.title.ar).toBeTruthy();
    expect(document.texts['district']!.options['outside']!.tr).toBeTruthy();

    const schema = await t.app.inject({ url: '/api/schemas/result-snapshot.json' });
    expect(schema.statusCode).toBe(200);
    const parsed = schema.json() as { $schema: string; properties: Record<string, unknown>; required: string[] };
    expect(parsed.$schema).toContain('2020-12');
    expect(parsed.required).toEqual(expect.arrayContaining(['licence', 'questions', 'texts', 'releasedOn', 'threshold']));
  });

  it('holds suppression: no published figure counts 1 to threshold − 1, and the small groups are withheld', async () => {
    const body = release();
    await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: body });
    const document = JSON.parse((await t.app.inject({ url: `${base()}/snapshots/${body.id}/data.json` })).payload) as SnapshotDocument;
    const figures = figuresIn(document);
    expect(figures.length).toBeGreaterThan(20);
    for (const figure of figures) if (!figure.suppressed) expect(figure.count === 0 || figure.count >= THRESHOLD, JSON.stringify(figure)).toBe(true);
    const scale = document.questions.find((question) => question.key === 'work-situation')!;
    if (scale.type !== 'scale') throw new Error('not a scale');
    expect(scale.steps.find((step) => step.value === 1)!.count).toMatchObject({ suppressed: true, reason: 'below_threshold' });
    expect(scale.steps.find((step) => step.value === 4)!.count).toEqual({ count: 12, suppressed: false });
    // The CSV carries the same rule: a withheld figure has no value and says why.
    const rows = parse((await t.app.inject({ url: `${base()}/snapshots/${body.id}/data.csv` })).payload, { columns: true, bom: true }) as Array<Record<string, string>>;
    const notCounts = ['median', 'mean_rank', 'points', 'population', 'per_1000'];
    for (const row of rows) if (row.value !== '' && !notCounts.includes(row.measure!)) expect(Number(row.value) === 0 || Number(row.value) >= THRESHOLD, JSON.stringify(row)).toBe(true);
    // A district's rate per 1,000 residents stands only beside its published count of voices.
    for (const rate of rows.filter((row) => row.measure === 'per_1000')) {
      const voices = rows.find((row) => row.section === 'participation' && row.item === rate.item && row.measure === 'voices')!;
      expect(Number(voices.value), JSON.stringify(rate)).toBeGreaterThanOrEqual(THRESHOLD);
    }
    expect(rows.find((row) => row.question === 'work-situation' && row.item === '1')).toMatchObject({ value: '', withheld: 'below_threshold' });
  });

  it('is withdrawn by an admin: off the list, its link says so and why, its files are gone, and both steps are audited', async () => {
    const body = release();
    await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: body });
    const url = `${adminBase()}/snapshots/${body.id}/withdraw`;
    expect((await group.inject({ method: 'POST', url, payload: { reason: 'Fehler gefunden' } })).statusCode).toBe(403);
    expect((await admin.inject({ method: 'POST', url, payload: { reason: '' } })).statusCode).toBe(400);
    const withdrawn = await admin.inject({ method: 'POST', url, payload: { reason: 'Eine Frage war falsch übersetzt' } });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', reason: 'Eine Frage war falsch übersetzt', title: body.title });
    expect((await admin.inject({ method: 'POST', url, payload: { reason: 'noch einmal' } })).json().reason).toBe('Eine Frage war falsch übersetzt');

    expect((await t.app.inject({ url: `${base()}/snapshots` })).json()).toEqual([]);
    expect((await t.app.inject({ url: `${base()}/snapshots/${body.id}` })).json()).toMatchObject({ status: 'withdrawn', reason: 'Eine Frage war falsch übersetzt' });
    expect((await t.app.inject({ url: `${base()}/snapshots/${body.id}/data.json` })).statusCode).toBe(410);
    expect((await t.app.inject({ url: `${base()}/snapshots/${body.id}/data.csv` })).statusCode).toBe(410);
    const admins = (await admin.inject({ url: `${adminBase()}/snapshots` })).json();
    expect(admins.snapshots).toMatchObject([{ id: body.id, withdrawnReason: 'Eine Frage war falsch übersetzt', releasedBy: 'admin' }]);

    const actions = t.db.select().from(auditLog).all().filter((row) => row.entityId === body.id);
    expect(actions.map((row) => row.action)).toEqual(['snapshot_released', 'snapshot_withdrawn']);
    // The database itself refuses to change a released document.
    expect(() => t.db.$client.prepare('update result_snapshots set content = ? where id = ?').run('{}', body.id)).toThrow(/never changes/);
  });

  it('releases a number question: quartiles and bins frozen, a number fewer than the threshold gave withheld, in JSON and CSV', async () => {
    // Version 2 of the survey asks the household size, through the survey editor's routes.
    const surveyUrl = `${adminBase()}/survey`;
    const draft = (await admin.inject({ method: 'GET', url: `${surveyUrl}/draft` })).json();
    const last = draft.definition.sections.at(-1);
    const definition = {
      ...draft.definition,
      sections: [...draft.definition.sections.slice(0, -1), { ...last, questions: [...last.questions, { key: 'household-size', type: 'number', required: false, min: 1, max: 12, title: { de: 'Wie viele Menschen leben in Ihrem Haushalt?' } }] }],
    };
    const saved = await admin.inject({ method: 'PUT', url: `${surveyUrl}/draft`, payload: { revision: draft.revision, definition, texts: draft.texts } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await admin.inject({ method: 'POST', url: `${surveyUrl}/publish`, payload: { revision: saved.json().revision } })).json()).toEqual({ version: 2 });
    // 6 households of 2, 5 of 4, 5 of 9, 1 of 10 (a single household: its size is never published).
    for (const [size, n] of [[2, 6], [4, 5], [9, 5], [10, 1]] as const) {
      for (let i = 0; i < n; i += 1) buildResponse(t.db, { surveyVersion: 2, answers: { 'household-size': size } });
    }

    const body = release({ selection: { questions: ['household-size'], dotVotes: false } });
    const released = await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: body });
    expect(released.statusCode, released.body).toBe(201);
    const document = JSON.parse((await t.app.inject({ url: `${base()}/snapshots/${body.id}/data.json` })).payload) as SnapshotDocument;
    expect(snapshotDocumentSchema.safeParse(document).success).toBe(true);
    const result = document.questions.find((question) => question.key === 'household-size')!;
    if (result.type !== 'number') throw new Error(`not a number result: ${result.type}`);
    // Seventeen answers: the median is the 9th (4). The withheld bins hold nobody (the shown ones add up to all 17), so the statistics stand.
    expect(result.median).toEqual({ value: 4, suppressed: false });
    expect(result.min).toEqual({ value: 2, suppressed: false });
    expect(result.q3).toEqual({ value: 9, suppressed: false });
    // The largest answer is one household's: withheld; the bin holding it with five others is not.
    expect(result.max).toMatchObject({ suppressed: true });
    for (const figure of figuresIn(result)) if (!figure.suppressed) expect(figure.count === 0 || figure.count >= THRESHOLD, JSON.stringify(figure)).toBe(true);
    expect(result.bins.find((bin) => bin.from <= 10 && 10 <= bin.to)!.count).toEqual({ count: 6, suppressed: false });

    // Later answers change nothing released; the CSV carries the same figures and withholds alike.
    const csvUrl = `${base()}/snapshots/${body.id}/data.csv`;
    const csvBefore = (await t.app.inject({ url: csvUrl })).rawPayload;
    for (let i = 0; i < 6; i += 1) buildResponse(t.db, { surveyVersion: 2, answers: { 'household-size': 9 } });
    const csv = await t.app.inject({ url: csvUrl });
    expect(csv.rawPayload.equals(csvBefore)).toBe(true);
    const rows = (parse(csv.payload, { columns: true, bom: true }) as Array<Record<string, string>>).filter((row) => row.question === 'household-size');
    expect(rows.find((row) => row.measure === 'median')).toMatchObject({ value: '4' });
    expect(rows.find((row) => row.measure === 'max')).toMatchObject({ value: '' });
    expect(rows.find((row) => row.measure === 'max')!.withheld).not.toBe('');
  });

  it('carries the licence the process had when it was released', async () => {
    expect((await group.inject({ method: 'PUT', url: `${adminBase()}/data-licence`, payload: { licence: 'CC-BY-4.0' } })).statusCode).toBe(403);
    const first = release();
    await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: first });
    const set = await admin.inject({ method: 'PUT', url: `${adminBase()}/data-licence`, payload: { licence: 'CC-BY-4.0' } });
    expect(set.json()).toMatchObject({ licence: 'CC-BY-4.0' });
    expect((await admin.inject({ method: 'PUT', url: `${adminBase()}/data-licence`, payload: { licence: 'MIT' } })).statusCode).toBe(400);
    const second = release();
    await admin.inject({ method: 'POST', url: `${adminBase()}/snapshots`, payload: second });
    const licenceOf = async (id: string) => (JSON.parse((await t.app.inject({ url: `${base()}/snapshots/${id}/data.json` })).payload) as SnapshotDocument).licence.id;
    expect(await licenceOf(first.id)).toBe('dl-de/by-2-0');
    expect(await licenceOf(second.id)).toBe('CC-BY-4.0');
    expect((await t.app.inject({ url: `${base()}/results-notice` })).json()).toEqual({ released: 2, closesOn: null });
  });
});
