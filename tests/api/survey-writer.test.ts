import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../db/index.ts';
import { seedDefaultProcess, seedDefaultSurvey } from '../../db/seed/index.ts';
import type { OnlineResponse } from '../../server/features/survey/survey.service.ts';
import { prepareText, type PreparedText } from '../../server/features/contributions/contributions.service.ts';
import { suggestContext } from '../../server/features/suggest/suggest.service.ts';
import { createSurveyWriter, type SurveyWriter } from '../../server/write-worker/writer.ts';
import { buildSubmission, goodAnswers } from '../factories/survey.ts';

// The survey's writer on a real file: a worker thread with a connection of its own stores the
// responses in group transactions while the event loop's connection reads and writes beside it.
describe("the survey's write worker", () => {
  let dir: string;
  let db: Db;
  let processId: string;
  const writers: SurveyWriter[] = [];
  const open = (options: { windowMs?: number; idleMs?: number; walKeepBytes?: number } = {}) => {
    const writer = createSurveyWriter(db, { ...options, windowMs: options.windowMs ?? 2 });
    writers.push(writer);
    return writer;
  };
  const response = (): OnlineResponse => {
    const { id, surveyVersion, answers } = buildSubmission();
    return { processId, response: { id, surveyVersion, language: 'tr', answers }, flags: [] };
  };
  const stored = (id: string) => db.$client.prepare('SELECT count(*) FROM responses WHERE client_id = ?').pluck().get(id);
  const walBytes = () => statSync(join(dir, 'writer.sqlite-wal')).size;
  /** Sends `count` responses at once and waits until all are stored. */
  const burst = async (writer: SurveyWriter, count: number) => {
    const inputs = Array.from({ length: count }, () => response());
    const results = await Promise.all(inputs.map((input) => writer.store(input)));
    expect(results.map((result) => result.status)).toEqual(inputs.map(() => 'stored'));
    return inputs;
  };
  // The server cuts the WAL file at 4 MiB (some 1,000 responses in a burst); a smaller limit keeps the tests short.
  const walLimit = 512 * 1024;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mitreden-writer-'));
    db = openDatabase(join(dir, 'writer.sqlite'));
    seedDefaultProcess(db);
    seedDefaultSurvey(db);
    processId = db.$client.prepare("SELECT id FROM processes WHERE slug = 'integrationskonzept'").pluck().get() as string;
  });
  afterEach(async () => {
    await Promise.all(writers.splice(0).map((writer) => writer.close()));
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores responses sent together in a few shared transactions, each readable at once from the server’s own connection', async () => {
    const writer = open({ windowMs: 20 });
    const inputs = Array.from({ length: 30 }, () => response());
    const results = await Promise.all(inputs.map((input) => writer.store(input)));
    expect(results.map((result) => result.status)).toEqual(inputs.map(() => 'stored'));
    for (const input of inputs) expect(stored(input.response.id)).toBe(1);
    expect(writer.stats()).toMatchObject({ pieces: 30, worker: true });
    expect(writer.stats().batches).toBeLessThan(30);
  });

  it('copies committed responses from the WAL into the database file beside the worker, long before SQLite’s own checkpoint would', async () => {
    const writer = open();
    const file = join(dir, 'writer.sqlite');
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const before = statSync(file).size;
    // A few responses fill far fewer than the 1,000 WAL pages at which a connection checkpoints by itself.
    const results = await Promise.all(Array.from({ length: 10 }, () => writer.store(response())));
    expect(results.map((result) => result.status)).toEqual(Array(10).fill('stored'));
    await expect.poll(() => statSync(file).size, { timeout: 5_000 }).toBeGreaterThan(before);
    // The checkpointer's pass is counted when its answer arrives, which may come just after the file grew.
    await expect.poll(() => writer.stats().checkpoints, { timeout: 5_000 }).toBeGreaterThan(0);
  });

  it('gives the disk back after a burst: once no response came for a moment, the WAL file is cut to its limit', async () => {
    const writer = open({ walKeepBytes: walLimit });
    const inputs = await burst(writer, 300);
    // SQLite reuses the WAL file rather than shrinking it: the burst left it larger than the limit.
    expect(walBytes()).toBeGreaterThan(walLimit);
    await expect.poll(walBytes, { timeout: 10_000 }).toBeLessThanOrEqual(walLimit);
    for (const input of inputs) expect(stored(input.response.id)).toBe(1);
  });

  it('cuts the WAL file once a reader that kept it in use ends, without another response', async () => {
    const writer = open({ walKeepBytes: walLimit });
    await burst(writer, 300);
    // A long read (an export, say) still uses the WAL when writes pause.
    const reader = new Database(join(dir, 'writer.sqlite'), { readonly: true });
    reader.exec('BEGIN');
    expect(reader.prepare('SELECT count(*) FROM responses').pluck().get()).toBe(300);
    await expect.poll(() => writer.stats().quietPasses, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(walBytes()).toBeGreaterThan(walLimit);
    reader.exec('COMMIT');
    reader.close();
    await expect.poll(walBytes, { timeout: 10_000 }).toBeLessThanOrEqual(walLimit);
  });

  it('judges a response by what was stored before it in the same transaction: a second copy is a duplicate, other content a conflict', async () => {
    const writer = open({ windowMs: 20 });
    const first = response();
    const other = { ...first, response: { ...first.response, answers: { ...goodAnswers(), 'work-idea': 'Etwas ganz anderes.' } } };
    const results = await Promise.all([writer.store(first), writer.store(first), writer.store(other)]);
    expect(results.map((result) => result.status)).toEqual(['stored', 'duplicate', 'conflict']);
    expect(writer.stats().batches).toBe(1);
  });

  it('waits for the write lock of the event loop’s connection and stores its responses after that transaction', async () => {
    const writer = open();
    const other = new Database(join(dir, 'writer.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    const input = response();
    let settled = false;
    const result = writer.store(input).finally(() => (settled = true));
    // The worker is inside the batch's transaction, which cannot commit while the lock is held: it is waiting for it.
    await expect.poll(() => settled || writer.stats().writing, { timeout: 5_000 }).toBe(true);
    expect(settled).toBe(false);
    other.exec('COMMIT');
    other.close();
    expect((await result).status).toBe('stored');
    expect(stored(input.response.id)).toBe(1);
  });

  it('commits what is queued when it closes, and refuses what comes after', async () => {
    const writer = open({ windowMs: 50 });
    const inputs = Array.from({ length: 10 }, () => response());
    const pending = inputs.map((input) => writer.store(input));
    await writer.close();
    expect((await Promise.all(pending)).map((result) => result.status)).toEqual(inputs.map(() => 'stored'));
    for (const input of inputs) expect(stored(input.response.id)).toBe(1);
    await expect(writer.store(response())).rejects.toMatchObject({ statusCode: 503, code: 'shutting_down' });
  });

  it('ends its thread when idle and starts it again for the next response', async () => {
    const writer = open({ idleMs: 100 });
    expect((await writer.store(response())).status).toBe('stored');
    expect(writer.stats().worker).toBe(true);
    await expect.poll(() => writer.stats().worker, { timeout: 5_000 }).toBe(false);
    const later = response();
    expect((await writer.store(later)).status).toBe('stored');
    expect(stored(later.response.id)).toBe(1);
  });

  it('stores the same masked texts and proposals whether the event loop prepared them or the worker did, and never a preparation of another text', async () => {
    const writer = open();
    const answers = {
      ...goodAnswers(),
      'work-idea': 'Ruf mich an: 0171 2345678 oder max@example.org',
      'living-together': 'Am Wochenende fehlt ein Treffpunkt für Jugendliche.',
    };
    const withAnswers = (): OnlineResponse => {
      const input = response();
      return { ...input, response: { ...input.response, answers } };
    };
    const texts = [answers['work-idea'], answers['living-together'], 'Mentoring für Gründerinnen'];
    const context = suggestContext(db, processId);
    const prepare = (text: string, fieldsOfAction: string[]) => prepareText({ processId, text, language: 'tr', fieldsOfAction, stadtteilKey: null }, () => context);
    // As the event loop prepares them, and (for other texts, e.g. before trimming) what must not be taken for these.
    const prepared: PreparedText[] = texts.map((text) => prepare(text, []));
    const unrelated: PreparedText[] = texts.map((text) => ({ text: ` ${text} `, masked: { text: 'FALSCH', masked: [] }, suggestion: null }));
    // The worker takes the event loop's work where it is this very text: a marked preparation shows it was used.
    const marked: PreparedText[] = [{ ...prepared[1]!, masked: { text: 'VORBEREITET', masked: [] } }];
    const inputs = [withAnswers(), { ...withAnswers(), prepared }, { ...withAnswers(), prepared: unrelated }, { ...withAnswers(), prepared: marked }];
    for (const input of inputs) expect((await writer.store(input)).status).toBe('stored');
    const voices = (id: string) =>
      db.$client
        .prepare(
          `SELECT c.question_key, c.masked_text, c.flags, c.stadtteil_key, c.stadtteil_source,
                  (SELECT group_concat(t.field_key || ':' || t.source || ':' || ifnull(t.score, ''), ',') FROM contribution_tags t WHERE t.contribution_id = c.id) tags
           FROM contributions c JOIN responses r ON r.id = c.response_id WHERE r.client_id = ? ORDER BY c.question_key`,
        )
        .all(id);
    const [alone, eventLoop, other, used] = inputs.map((input) => voices(input.response.id));
    expect(alone).toHaveLength(3);
    expect(JSON.stringify(alone)).toContain('[Telefon entfernt]');
    expect(eventLoop).toEqual(alone);
    expect(other).toEqual(alone);
    expect(used!.map((voice) => (voice as { masked_text: string }).masked_text)).toContain('VORBEREITET');
  });

  it('starts its thread when warmed, before any response arrives', async () => {
    const writer = open();
    expect(writer.stats().worker).toBe(false);
    writer.warm();
    expect(writer.stats().worker).toBe(true);
  });
});
