import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index.ts';
import { deferSearchIndex } from '../../db/search-index.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildNoteItem, buildMarketDayItem } from '../factories/stall.ts';
import { buildSubmission, goodAnswers, solvePow } from '../factories/survey.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type TestApp } from '../helpers/app.ts';

/**
 * The quote search's index of new voices is written once per write transaction (migration 0025,
 * db/search-index.ts). What a user would notice if it went wrong: a stored voice that the quote
 * search cannot find, or one found under another text.
 */
describe('the search index written once per transaction', () => {
  let t: TestApp;
  /** A second connection: what any other reader of the file sees. */
  let observer: Database.Database;

  beforeEach(async () => {
    t = await buildTestApp({}, { surveyGuard: { powCost: 1, powCounterMin: 1, powCounterMax: 2 } });
    observer = new Database(t.databasePath, { readonly: true });
  });
  afterEach(async () => {
    observer.close();
    await t.close();
  });

  /** The texts the index finds for a query, by another connection. */
  const found = (query: string) =>
    (observer.prepare('SELECT c.text FROM contributions_fts f JOIN contributions c ON c.rowid = f.rowid WHERE contributions_fts MATCH ? ORDER BY c.text').all(query) as Array<{ text: string }>).map(
      (row) => row.text,
    );
  const leftOver = () => observer.prepare('SELECT (SELECT count(*) FROM search_index_deferral) + (SELECT count(*) FROM search_index_pending) AS n').pluck().get();

  it('finds every free text of concurrent survey submissions as soon as they are answered 201', async () => {
    const submissions = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const challenge = (await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/challenge` })).json();
        return buildSubmission({ answers: { ...goodAnswers(), 'work-idea': `Sprachcafé Nummer${i} am Abend` }, altcha: await solvePow(challenge) });
      }),
    );
    const answers = await Promise.all(submissions.map((payload) => t.app.inject({ method: 'POST', url: `/api/processes/${t.slug}/responses`, payload })));
    expect(answers.map((answer) => answer.statusCode)).toEqual(submissions.map(() => 201));
    for (let i = 0; i < 12; i += 1) expect(found(`Nummer${i}`)).toEqual([`Sprachcafé Nummer${i} am Abend`]);
    // Each submission's other two texts as well: 36 voices, each indexed once.
    expect(found('Nachbarschaftsfeste')).toHaveLength(12);
    expect(observer.prepare('SELECT count(*) FROM contributions_fts').pluck().get()).toBe(observer.prepare('SELECT count(*) FROM contributions').pluck().get());
    expect(leftOver()).toBe(0);
  });

  it('finds a stall sync’s notes right after the sync, and not a note the sync refused', async () => {
    const user = await buildUser(t.db, { role: 'staff' });
    const staff = await signIn(t.app, user.username, user.password);
    const marketDay = buildMarketDayItem();
    const notes = Array.from({ length: 30 }, (_, i) => buildNoteItem({ marketDayId: marketDay.id, text: `Marktnotiz Nummer${i} zum Treffpunkt` }));
    const refused = buildNoteItem({ text: 'Abgelehnte Notiz', fieldsOfAction: ['no-such-field'] });
    const response = await staff.inject({ method: 'POST', url: '/api/stall/sync', payload: { items: [marketDay, ...notes, refused] } });
    expect(response.statusCode, response.body).toBe(200);
    expect(found('Marktnotiz')).toHaveLength(30);
    expect(found('Abgelehnte')).toEqual([]);
    expect(leftOver()).toBe(0);
  });

  it('keeps a voice rolled back within the transaction out of the index, and indexes the rest even when the work throws and is caught', () => {
    const sqlite = t.db.$client;
    sqlite.transaction(() => {
      try {
        deferSearchIndex(sqlite, () => {
          buildContribution(t.db, { text: 'Bleibt gespeichert' });
          sqlite.exec('SAVEPOINT piece');
          buildContribution(t.db, { text: 'Zurückgerollt' });
          sqlite.exec('ROLLBACK TO piece; RELEASE piece');
          // A translation made in the same transaction is indexed with its voice.
          const id = buildContribution(t.db, { text: 'Mit Übersetzung', language: 'tr' });
          sqlite
            .prepare("INSERT INTO contribution_translations (contribution_id, text, masked_text, translated_at) VALUES (?, 'Deutsche Fassung', 'Deutsche Fassung', '2026-11-30')")
            .run(id);
          throw new Error('a later step failed');
        });
      } catch {
        // The caller goes on and commits what it wrote.
      }
    })();
    expect(found('gespeichert')).toEqual(['Bleibt gespeichert']);
    expect(found('Zurückgerollt')).toEqual([]);
    expect(found('Fassung')).toEqual(['Mit Übersetzung']);
    expect(leftOver()).toBe(0);
    // Outside a deferral every writer indexes at once, as before.
    buildContribution(t.db, { text: 'Sofort gefunden' });
    expect(found('Sofort')).toEqual(['Sofort gefunden']);
    expect(() => deferSearchIndex(sqlite, () => undefined)).toThrow(/inside a write transaction/);
  });

  it('indexes at start what a deferral left pending in a file written by another tool', async () => {
    const id = buildContribution(t.db, { text: 'Von Hand verschoben' });
    // As if a tool had committed in the middle of a deferral: the row unindexed, the deferral on.
    t.db.$client.exec(`DELETE FROM contributions_fts WHERE rowid = (SELECT rowid FROM contributions WHERE id = '${id}');
      INSERT INTO search_index_deferral (id) VALUES (1);
      INSERT INTO search_index_pending (contribution_rowid) SELECT rowid FROM contributions WHERE id = '${id}'`);
    expect(found('verschoben')).toEqual([]);
    openDatabase(t.databasePath).$client.close();
    expect(found('verschoben')).toEqual(['Von Hand verschoben']);
    expect(leftOver()).toBe(0);
  });
});
