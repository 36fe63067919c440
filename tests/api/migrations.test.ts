import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { processes } from '../../db/schema.ts';
import { completeDefaultProcessTexts, seedDefaultProcess } from '../../db/seed/index.ts';
import { PROCESS_CITY } from '../../db/seed/process-texts.ts';
import { DEFAULT_SURVEY } from '../../db/seed/default-survey.ts';
import type { SurveyDefinition } from '../../shared/survey/definition.ts';
import { parseReceiptCode } from '../../shared/receipts/code.ts';

const MIGRATIONS = resolve(import.meta.dirname, '../../db/migrations');

/** A process `p1` with a survey `1`, the rows most older databases below start from. */
const ONE_PROCESS_WITH_SURVEY = `
  insert into processes (id, slug, title, description, city, languages, current_phase) values ('p1', 'verfahren', '{"de":"V"}', '{"de":"V"}', 'Stadt', '["de"]', 1);
  insert into surveys (id, process_id, version, definition) values (1, 'p1', 1, '{}');
`;

/** A database as an older release left it: the migrations before `tag` applied, nothing after. */
function databaseBefore(dir: string, tag: string): Database.Database {
  const folder = join(dir, 'migrations');
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  const index = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(index, `migration ${tag}`).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, index) }));
  const sqlite = new Database(join(dir, 'old.sqlite'));
  migrate(drizzle({ client: sqlite }), { migrationsFolder: folder });
  return sqlite;
}

describe('migrations of existing databases', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mitreden-migrate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('turns the stored sentinel `unknown` into NULL in every Stadtteil column and keeps who said it', () => {
    const old = databaseBefore(dir, '0003_unknown_stadtteil_is_null');
    old.exec(`
      insert into processes (id, slug, title, description, city, languages, current_phase) values ('p1', 'verfahren', '{"de":"V"}', '{"de":"V"}', 'Stadt', '["de"]', 1);
      insert into surveys (id, process_id, version, definition) values (1, 'p1', 1, '{}');
      insert into stall_sessions (id, process_id, date, place, stadtteil_key, content_hash) values
        ('s-unknown', 'p1', '2026-05-09', 'Markt', 'unknown', 'h'), ('s-gronau', 'p1', '2026-05-09', 'Markt', 'gronau', 'h');
      insert into responses (id, process_id, survey_id, survey_version, channel, language, stadtteil_key, submitted_on, content_hash) values
        ('r-unknown', 'p1', 1, 1, 'online', 'de', 'unknown', '2026-05-09', 'h'), ('r-outside', 'p1', 1, 1, 'online', 'de', 'outside', '2026-05-09', 'h');
      insert into contributions (id, process_id, channel, response_id, text, masked_text, stadtteil_key, stadtteil_source, captured_on, content_hash) values
        ('c-survey', 'p1', 'online', 'r-unknown', 'a', 'a', 'unknown', 'self', '2026-05-09', 'h'),
        ('c-moderated', 'p1', 'stall', null, 'b', 'b', null, 'reviewed', '2026-05-09', 'h'),
        ('c-gronau', 'p1', 'stall', null, 'c', 'c', 'gronau', 'staff', '2026-05-09', 'h');
    `);
    old.close();

    const db = openDatabase(join(dir, 'old.sqlite'));
    try {
      const rows = (table: string) => db.$client.prepare(`select id, stadtteil_key as stadtteil from ${table} order by id`).all();
      expect(rows('market_days')).toEqual([
        { id: 's-gronau', stadtteil: 'gronau' },
        { id: 's-unknown', stadtteil: null },
      ]);
      expect(rows('responses')).toEqual([
        { id: 'r-outside', stadtteil: 'outside' },
        { id: 'r-unknown', stadtteil: null },
      ]);
      expect(db.$client.prepare('select id, stadtteil_key as stadtteil, stadtteil_source as source from contributions order by id').all()).toEqual([
        { id: 'c-gronau', stadtteil: 'gronau', source: 'staff' },
        { id: 'c-moderated', stadtteil: null, source: 'reviewed' },
        { id: 'c-survey', stadtteil: null, source: 'self' },
      ]);
    } finally {
      closeDatabase(db);
    }
  });
  it('numbers the contributions of each process in the order they were recorded, indexes their masked text, and goes on counting from there', () => {
    const old = databaseBefore(dir, '0012_quote_cite_ids_and_translations');
    old.exec(`
      insert into processes (id, slug, title, description, city, languages, current_phase) values
        ('p1', 'eins', '{"de":"V"}', '{"de":"V"}', 'Stadt', '["de"]', 1), ('p2', 'zwei', '{"de":"V"}', '{"de":"V"}', 'Stadt', '["de"]', 1);
      insert into contributions (id, process_id, channel, text, masked_text, captured_on, content_hash) values
        ('z-late', 'p1', 'stall', 'spät max@example.de', 'spät [E-Mail entfernt]', '2026-05-10', 'h'),
        ('a-early', 'p1', 'stall', 'früh', 'früh', '2026-05-09', 'h'),
        ('m-same-day', 'p1', 'stall', 'Bürgerbüro', 'Bürgerbüro', '2026-05-10', 'h'),
        ('other', 'p2', 'stall', 'anderes Verfahren', 'anderes Verfahren', '2026-05-01', 'h');
    `);
    old.close();

    const db = openDatabase(join(dir, 'old.sqlite'));
    try {
      const numbers = () => db.$client.prepare('select id, cite_seq as seq from contributions order by process_id, cite_seq').all();
      expect(numbers()).toEqual([
        { id: 'a-early', seq: 1 },
        { id: 'z-late', seq: 2 },
        { id: 'm-same-day', seq: 3 },
        { id: 'other', seq: 1 },
      ]);
      db.$client.exec("insert into contributions (id, process_id, channel, text, masked_text, captured_on, content_hash) values ('new', 'p1', 'stall', 't', 't', '2026-05-11', 'h')");
      expect(db.$client.prepare("select cite_seq as seq from contributions where id = 'new'").get()).toEqual({ seq: 4 });
      const search = (q: string) => db.$client.prepare('select c.id from contributions_fts f join contributions c on c.rowid = f.rowid where contributions_fts match ? order by c.id').all(q);
      expect(search('burgerburo')).toEqual([{ id: 'm-same-day' }]);
      expect(search('example')).toEqual([]);
    } finally {
      closeDatabase(db);
    }
  });

  it('gives every voice recorded before receipts a code: one per questionnaire with free text, one per note', () => {
    const old = databaseBefore(dir, '0022_receipts');
    old.exec(`
      insert into processes (id, slug, title, description, city, languages, current_phase) values ('p1', 'verfahren', '{"de":"V"}', '{"de":"V"}', 'Stadt', '["de"]', 1);
      insert into surveys (id, process_id, version, definition) values (1, 'p1', 1, '{}');
      insert into responses (id, process_id, survey_id, survey_version, channel, language, submitted_on, content_hash) values
        ('r-texts', 'p1', 1, 1, 'online', 'de', '2026-05-09', 'h'), ('r-choices', 'p1', 1, 1, 'online', 'de', '2026-05-09', 'h');
      insert into contributions (id, process_id, channel, response_id, text, masked_text, captured_on, content_hash) values
        ('c-idea', 'p1', 'online', 'r-texts', 'a', 'a', '2026-05-09', 'h'),
        ('c-other', 'p1', 'online', 'r-texts', 'b', 'b', '2026-05-09', 'h'),
        ('c-note', 'p1', 'stall', null, 'c', 'c', '2026-05-09', 'h'),
        ('c-card', 'p1', 'conference', null, 'd', 'd', '2026-05-09', 'h');
    `);
    old.close();

    const db = openDatabase(join(dir, 'old.sqlite'));
    try {
      const rows = db.$client.prepare('select code, response_id as response, contribution_id as contribution from receipts order by response, contribution').all() as Array<{ code: string; response: string | null; contribution: string | null }>;
      expect(rows.map(({ response, contribution }) => response ?? contribution)).toEqual(['c-card', 'c-note', 'r-texts']);
      for (const { code } of rows) expect(parseReceiptCode(code)).toBe(code);
      expect(new Set(rows.map((row) => row.code)).size).toBe(3);
    } finally {
      closeDatabase(db);
    }
  });

  it('renames the market days and every column pointing to them, keeping rows, foreign keys, indexes and triggers', () => {
    const old = databaseBefore(dir, '0025_market_days');
    old.exec(`
      insert into processes (id, slug, title, description, city, languages, current_phase) values ('p1', 'verfahren', '{"de":"V"}', '{"de":"V"}', 'Stadt', '["de"]', 1);
      insert into surveys (id, process_id, version, definition) values (1, 'p1', 1, '{}');
      insert into stall_sessions (id, process_id, date, place, stadtteil_key, staff, board_question, board_options, content_hash) values
        ('md-1', 'p1', '2026-05-09', 'Wochenmarkt', 'gronau', '["Aylin"]', 'Wo?', '[{"key":"option-1","label":"Park"},{"key":"option-2","label":"Café"}]', 'h1');
      insert into responses (id, process_id, survey_id, survey_version, channel, language, stall_session_id, submitted_on, content_hash) values
        ('r-paper', 'p1', 1, 1, 'paper', 'de', 'md-1', '2026-05-09', 'h');
      insert into contributions (id, process_id, channel, stall_session_id, text, masked_text, captured_on, content_hash) values
        ('c-note', 'p1', 'stall', 'md-1', 'Mehr Bänke am Markt', 'Mehr Bänke am Markt', '2026-05-09', 'h'),
        ('c-loose', 'p1', 'conference', null, 'Abendkurse', 'Abendkurse', '2026-05-10', 'h');
      insert into dot_votes (id, stall_session_id, option_key, delta, created_at) values
        ('v1', 'md-1', 'option-1', 1, '2026-05-09T10:00:00Z'), ('v2', 'md-1', 'option-2', -1, '2026-05-09T10:01:00Z');
      insert into posters (id, process_id, stall_session_id, stadtteil_key, place, languages, created_on) values
        ('pl-market', 'p1', 'md-1', 'gronau', 'Wochenmarkt', '["de"]', '2026-05-01'), ('pl-library', 'p1', null, 'refrath', 'Bücherei', '["de"]', '2026-05-01');
      insert into receipts (code, process_id, contribution_id) values ('K7M2Q9RT4XW3', 'p1', 'c-note');
    `);
    old.close();

    const db = openDatabase(join(dir, 'old.sqlite'));
    try {
      const sqlite = db.$client;
      expect(sqlite.prepare('select id, process_id, stadtteil_key, staff, board_question, content_hash from market_days').all()).toEqual([
        { id: 'md-1', process_id: 'p1', stadtteil_key: 'gronau', staff: '["Aylin"]', board_question: 'Wo?', content_hash: 'h1' },
      ]);
      expect(sqlite.prepare('select id, market_day_id from responses').all()).toEqual([{ id: 'r-paper', market_day_id: 'md-1' }]);
      expect(sqlite.prepare('select id, market_day_id, cite_seq from contributions order by id').all()).toEqual([
        { id: 'c-loose', market_day_id: null, cite_seq: 2 },
        { id: 'c-note', market_day_id: 'md-1', cite_seq: 1 },
      ]);
      expect(sqlite.prepare('select id, market_day_id, delta from dot_votes order by id').all()).toEqual([
        { id: 'v1', market_day_id: 'md-1', delta: 1 },
        { id: 'v2', market_day_id: 'md-1', delta: -1 },
      ]);
      // The note's receipt still points to it.
      expect(sqlite.prepare('select code, contribution_id from receipts').all()).toEqual([{ code: 'K7M2Q9RT4XW3', contribution_id: 'c-note' }]);
      expect(sqlite.prepare('select id, market_day_id from posters order by id').all()).toEqual([
        { id: 'pl-library', market_day_id: null },
        { id: 'pl-market', market_day_id: 'md-1' },
      ]);
      // Nothing in the schema names the old table or columns any more.
      expect(sqlite.prepare("select type, name from sqlite_master where sql like '%stall_session%' or name in ('stall_sessions', 'contributions_session', 'dot_votes_session')").all()).toEqual([]);
      const foreignKeys = (table: string) =>
        (sqlite.prepare(`pragma foreign_key_list(${table})`).all() as Array<{ table: string; from: string; to: string; on_delete: string }>)
          .filter((key) => key.table === 'market_days')
          .map(({ from, to, on_delete }) => ({ from, to, on_delete }));
      expect(foreignKeys('responses')).toEqual([{ from: 'market_day_id', to: 'id', on_delete: 'NO ACTION' }]);
      expect(foreignKeys('contributions')).toEqual([{ from: 'market_day_id', to: 'id', on_delete: 'NO ACTION' }]);
      expect(foreignKeys('dot_votes')).toEqual([{ from: 'market_day_id', to: 'id', on_delete: 'CASCADE' }]);
      expect(foreignKeys('posters')).toEqual([{ from: 'market_day_id', to: 'id', on_delete: 'NO ACTION' }]);
      expect(sqlite.prepare('pragma foreign_key_check').all()).toEqual([]);
      const indexColumns = (name: string) => (sqlite.prepare(`pragma index_info(${name})`).all() as Array<{ name: string }>).map((column) => column.name);
      // Keyed on the renamed column; since 0040 it also carries the response, to count a market day's notes from the index.
      expect(indexColumns('contributions_market_day')).toEqual(['market_day_id', 'response_id']);
      expect(indexColumns('dot_votes_market_day')).toEqual(['market_day_id']);
      expect(sqlite.prepare("explain query plan select id from dot_votes where market_day_id = 'md-1'").all()).toEqual([
        expect.objectContaining({ detail: expect.stringContaining('dot_votes_market_day') }),
      ]);

      // The triggers still fire: a new contribution of the market day gets the next cite number and is found by search.
      sqlite.exec("insert into contributions (id, process_id, channel, market_day_id, text, masked_text, captured_on, content_hash) values ('c-new', 'p1', 'stall', 'md-1', 'Schattenplätze', 'Schattenplätze', '2026-05-11', 'h')");
      expect(sqlite.prepare("select cite_seq from contributions where id = 'c-new'").get()).toEqual({ cite_seq: 3 });
      expect(sqlite.prepare("select c.id from contributions_fts f join contributions c on c.rowid = f.rowid where contributions_fts match 'schattenplatze'").all()).toEqual([{ id: 'c-new' }]);
      // A dot vote must name a market day that exists, and deleting the market day takes its dot votes along.
      expect(() => sqlite.exec("insert into dot_votes (id, market_day_id, option_key, delta, created_at) values ('v3', 'missing', 'option-1', 1, '2026-05-09T10:02:00Z')")).toThrow(/FOREIGN KEY/);
      expect(() => sqlite.exec("insert into posters (id, process_id, market_day_id, place, languages, created_on) values ('pl-x', 'p1', 'missing', 'Markt', '[\"de\"]', '2026-05-02')")).toThrow(/FOREIGN KEY/);
      sqlite.exec("delete from responses; delete from posters; delete from contributions where market_day_id = 'md-1'; delete from market_days where id = 'md-1'");
      expect(sqlite.prepare('select count(*) n from dot_votes').get()).toEqual({ n: 0 });
    } finally {
      closeDatabase(db);
    }
  });
  it('keeps every answer when the answers table is rebuilt without rowid, and leaves online voices out of the market-day index and each receipt out of the other kind of owner’s index', () => {
    const old = databaseBefore(dir, '0027_lean_write_indexes');
    old.exec(`
      insert into processes (id, slug, title, description, city, languages, current_phase) values ('p1', 'verfahren', '{"de":"V"}', '{"de":"V"}', 'Stadt', '["de"]', 1);
      insert into surveys (id, process_id, version, definition) values (1, 'p1', 1, '{}');
      insert into market_days (id, process_id, date, place, content_hash) values ('md-1', 'p1', '2026-05-09', 'Markt', 'h');
      insert into responses (id, process_id, survey_id, survey_version, channel, language, submitted_on, content_hash) values
        ('r1', 'p1', 1, 1, 'online', 'de', '2026-05-09', 'h'), ('r2', 'p1', 1, 1, 'paper', 'de', '2026-05-09', 'h');
      insert into answers (response_id, question_key, value) values ('r1', 'age-band', '"30-49"'), ('r1', 'work-situation', '4'), ('r1', 'opinion', 'null'), ('r2', 'priorities', '["bildung","arbeit"]');
      insert into contributions (id, process_id, channel, response_id, market_day_id, text, masked_text, captured_on, content_hash) values
        ('c-online', 'p1', 'online', 'r1', null, 'a', 'a', '2026-05-09', 'h'), ('c-note', 'p1', 'stall', null, 'md-1', 'b', 'b', '2026-05-09', 'h');
      insert into receipts (code, process_id, response_id, contribution_id) values ('K7M2Q9RT4XW3', 'p1', 'r1', null), ('Q9RT4XW3K7M2', 'p1', null, 'c-note');
    `);
    old.close();

    const db = openDatabase(join(dir, 'old.sqlite'));
    try {
      const sqlite = db.$client;
      expect(sqlite.prepare('select response_id, question_key, value from answers order by response_id, question_key').all()).toEqual([
        { response_id: 'r1', question_key: 'age-band', value: '"30-49"' },
        { response_id: 'r1', question_key: 'opinion', value: 'null' },
        { response_id: 'r1', question_key: 'work-situation', value: '4' },
        { response_id: 'r2', question_key: 'priorities', value: '["bildung","arbeit"]' },
      ]);
      expect(sqlite.prepare("select sql from sqlite_master where name = 'answers'").get()).toEqual({ sql: expect.stringMatching(/WITHOUT ROWID$/) });
      expect(sqlite.prepare("select name from sqlite_master where name in ('answers_results', 'answers_without_rowid')").all()).toEqual([]);
      expect(sqlite.prepare('pragma foreign_key_check').all()).toEqual([]);
      // The per-question counts read the answers along the primary key, value included, without another b-tree.
      expect(sqlite.prepare("explain query plan select a.value from responses r join answers a on a.response_id = r.id and a.question_key = 'age-band' where r.process_id = 'p1'").all()).toContainEqual(
        expect.objectContaining({ detail: expect.stringMatching(/SEARCH a USING PRIMARY KEY \(response_id=\? AND question_key=\?\)/) }),
      );
      // The key still holds, and deleting a response still takes its answers along.
      expect(() => sqlite.exec("insert into answers (response_id, question_key, value) values ('r1', 'age-band', '\"50-64\"')")).toThrow(/UNIQUE/);
      expect(() => sqlite.exec("insert into answers (response_id, question_key, value) values ('missing', 'age-band', '1')")).toThrow(/FOREIGN KEY/);
      sqlite.exec("delete from contributions where response_id = 'r2'; delete from responses where id = 'r2'");
      expect(sqlite.prepare("select count(*) n from answers where response_id = 'r2'").get()).toEqual({ n: 0 });
      // A market day's notes are found through the index; an online voice is not in it.
      expect(sqlite.prepare("explain query plan select id from contributions where market_day_id = 'md-1'").all()).toEqual([
        expect.objectContaining({ detail: expect.stringContaining('contributions_market_day') }),
      ]);
      expect(sqlite.prepare("select id from contributions where market_day_id = 'md-1'").all()).toEqual([{ id: 'c-note' }]);
      expect(sqlite.prepare("select count(*) n from contributions indexed by contributions_market_day where market_day_id is not null").get()).toEqual({ n: 1 });
      // Receipts: still one code per questionnaire and per note, each index holding only its own kind.
      expect(sqlite.prepare('select code, response_id, contribution_id from receipts order by code').all()).toEqual([
        { code: 'K7M2Q9RT4XW3', response_id: 'r1', contribution_id: null },
        { code: 'Q9RT4XW3K7M2', response_id: null, contribution_id: 'c-note' },
      ]);
      expect(() => sqlite.exec("insert into receipts (code, process_id, response_id) values ('AAAAAAAAAAAA', 'p1', 'r1')")).toThrow(/UNIQUE/);
      expect(() => sqlite.exec("insert into receipts (code, process_id, contribution_id) values ('BBBBBBBBBBBB', 'p1', 'c-note')")).toThrow(/UNIQUE/);
      expect(sqlite.prepare('select count(*) n from receipts indexed by receipts_response where response_id is not null').get()).toEqual({ n: 1 });
      expect(sqlite.prepare("explain query plan select code from receipts where contribution_id = 'c-note'").all()).toEqual([
        expect.objectContaining({ detail: expect.stringContaining('receipts_contribution') }),
      ]);
    } finally {
      closeDatabase(db);
    }
  });

  it('gives every stored response its own id as the client’s id, so a resend of one answered before is still a duplicate, and finds responses by the client’s id through an index', () => {
    const old = databaseBefore(dir, '0029_response_client_ids');
    old.exec(`
      insert into processes (id, slug, title, description, city, languages, current_phase) values ('p1', 'verfahren', '{"de":"V"}', '{"de":"V"}', 'Stadt', '["de"]', 1);
      insert into surveys (id, process_id, version, definition) values (1, 'p1', 1, '{}');
      insert into responses (id, process_id, survey_id, survey_version, channel, language, submitted_on, content_hash) values
        ('0f8fad5b-d9cb-469f-a165-70867728950e', 'p1', 1, 1, 'online', 'de', '2026-05-09', 'h1'), ('7c9e6679-7425-40de-944b-e07fc1f90ae7', 'p1', 1, 1, 'paper', 'de', '2026-05-09', 'h2');
      insert into answers (response_id, question_key, value) values ('0f8fad5b-d9cb-469f-a165-70867728950e', 'age-band', '"30-49"');
    `);
    old.close();

    const db = openDatabase(join(dir, 'old.sqlite'));
    try {
      const sqlite = db.$client;
      expect(sqlite.prepare('select id, client_id from responses order by id').all()).toEqual([
        { id: '0f8fad5b-d9cb-469f-a165-70867728950e', client_id: '0f8fad5b-d9cb-469f-a165-70867728950e' },
        { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', client_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7' },
      ]);
      expect(sqlite.prepare("explain query plan select id, content_hash from responses where client_id = '7c9e6679-7425-40de-944b-e07fc1f90ae7'").all()).toEqual([
        expect.objectContaining({ detail: expect.stringContaining('responses_client') }),
      ]);
      expect(() => sqlite.exec("insert into responses (id, client_id, process_id, survey_id, survey_version, channel, language, submitted_on, content_hash) values ('new', '7c9e6679-7425-40de-944b-e07fc1f90ae7', 'p1', 1, 1, 'online', 'de', '2026-05-10', 'h3')")).toThrow(/UNIQUE/);
      expect(sqlite.prepare("select count(*) n from answers where response_id = '0f8fad5b-d9cb-469f-a165-70867728950e'").get()).toEqual({ n: 1 });
    } finally {
      closeDatabase(db);
    }
  });

  it('forgets what residents wrote under „Anderes“ for a sensitive question, and keeps that „Anderes“ was chosen', () => {
    const old = databaseBefore(dir, '0043_sensitive_other_texts');
    old.exec(ONE_PROCESS_WITH_SURVEY);
    old.exec(`
      insert into responses (id, client_id, process_id, survey_id, survey_version, channel, language, submitted_on, content_hash) values
        ('r1', 'r1', 'p1', 1, 1, 'online', 'de', '2026-05-09', 'h1');
      insert into answers (response_id, question_key, value) values
        ('r1', 'home-language', '{"other":"Tigrinya, mit meiner Tante Selam"}'),
        ('r1', 'home-languages', '["de",{"other":"Tigrinya"},"tr"]'),
        ('r1', 'age-band', '"30-49"'),
        ('r1', 'work-support', '["recognition","other"]'),
        ('r1', 'work-situation', '4');
    `);
    old.close();

    const db = openDatabase(join(dir, 'old.sqlite'));
    try {
      const values = db.$client.prepare("select question_key, value from answers where response_id = 'r1' order by question_key").all();
      expect(values).toEqual([
        { question_key: 'age-band', value: '"30-49"' },
        { question_key: 'home-language', value: '"other"' },
        { question_key: 'home-languages', value: '["de","other","tr"]' },
        { question_key: 'work-situation', value: '4' },
        { question_key: 'work-support', value: '["recognition","other"]' },
      ]);
      expect(JSON.stringify(db.$client.prepare('select * from answers').all())).not.toContain('Tigrinya');
    } finally {
      closeDatabase(db);
    }
  });

  it('gives every existing working group every process there is, so it keeps what it could read, and nobody else a process', () => {
    const old = databaseBefore(dir, '0030_working_group_processes');
    old.exec(`
      insert into processes (id, slug, title, description, city, languages, current_phase, created_at) values
        ('p2', 'spielplatz', '{"de":"S"}', '{"de":"S"}', 'Stadt', '["de"]', 1, '2026-06-01T00:00:00.000Z'),
        ('p1', 'verfahren', '{"de":"V"}', '{"de":"V"}', 'Stadt', '["de"]', 1, '2026-05-01T00:00:00.000Z');
      insert into users (username, password_hash, role, fields_of_action) values
        ('ag-arbeit', 'x', 'working_group', '["arbeit"]'), ('markt', 'x', 'staff', '[]'), ('admin', 'x', 'admin', '[]');
    `);
    old.close();

    const db = openDatabase(join(dir, 'old.sqlite'));
    try {
      expect(db.$client.prepare('select username, fields_of_action, processes from users order by id').all()).toEqual([
        { username: 'ag-arbeit', fields_of_action: '["arbeit"]', processes: '["verfahren","spielplatz"]' },
        { username: 'markt', fields_of_action: '[]', processes: '[]' },
        { username: 'admin', fields_of_action: '[]', processes: '[]' },
      ]);
    } finally {
      closeDatabase(db);
    }
  });

  it('turns each process’s city into its German name, and the default process then gets its names in the other languages', () => {
    const old = databaseBefore(dir, '0031_localized_city');
    old.exec(`
      insert into processes (id, slug, title, description, city, languages, current_phase) values
        ('p1', 'integrationskonzept', '{"de":"I"}', '{"de":"I"}', 'Bergisch Gladbach', '["de"]', 1),
        ('p2', 'klimaplan', '{"de":"K"}', '{"de":"K"}', 'Sankt Augustin', '["de"]', 1),
        ('p3', 'spielplatz', '{"de":"S"}', '{"de":"S"}', 'Stadt "am Fluss" \\ Süd', '["de"]', 1);
    `);
    old.close();

    const db = openDatabase(join(dir, 'old.sqlite'));
    try {
      expect(db.$client.prepare('select slug, city from processes order by slug').all()).toEqual([
        { slug: 'integrationskonzept', city: '{"de":"Bergisch Gladbach"}' },
        { slug: 'klimaplan', city: '{"de":"Sankt Augustin"}' },
        { slug: 'spielplatz', city: '{"de":"Stadt \\"am Fluss\\" \\\\ Süd"}' },
      ]);
      const cities = () => Object.fromEntries(db.select({ slug: processes.slug, city: processes.city }).from(processes).all().map((row) => [row.slug, row.city]));
      expect(cities()).toEqual({ integrationskonzept: { de: 'Bergisch Gladbach' }, klimaplan: { de: 'Sankt Augustin' }, spielplatz: { de: 'Stadt "am Fluss" \\ Süd' } });

      // The next start completes the default process's texts: its city in every language, the others untouched.
      expect(completeDefaultProcessTexts(db)).toBe(1);
      expect(cities()).toEqual({ integrationskonzept: PROCESS_CITY, klimaplan: { de: 'Sankt Augustin' }, spielplatz: { de: 'Stadt "am Fluss" \\ Süd' } });
      expect(PROCESS_CITY).toMatchObject({ de: 'Bergisch Gladbach', ar: 'بيرغيش غلادباخ', uk: 'Бергіш-Гладбах', ru: 'Бергиш-Гладбах' });
    } finally {
      closeDatabase(db);
    }
  });

  it('marks the stored default survey’s age and immigration questions for the comparison with the Zensus, also a version with answers, which stays unchangeable', () => {
    const old = databaseBefore(dir, '0033_census_comparison');
    // The default survey as stored before the marks existed, and a survey whose `age-band` asks other bands.
    const unmarked: SurveyDefinition = {
      ...DEFAULT_SURVEY,
      sections: DEFAULT_SURVEY.sections.map((section) => ({ ...section, questions: section.questions.map((question) => { const { census: _mark, ...rest } = question as typeof question & { census?: unknown }; return rest as typeof question; }) })),
    };
    const otherBands = { version: 1, languages: ['de'], translations: { de: 'reviewed' }, sections: [{ key: 's', title: { de: 'S' }, questions: [{ key: 'age-band', type: 'single', required: false, title: { de: 'Alter' }, options: [{ key: 'young', label: { de: 'jung' } }, { key: 'old', label: { de: 'alt' } }] }] }] };
    const insert = old.prepare('insert into surveys (id, process_id, version, definition) values (?, ?, ?, ?)');
    old.exec(`insert into processes (id, slug, title, description, city, languages, current_phase) values
      ('p1', 'integrationskonzept', '{"de":"I"}', '{"de":"I"}', '{"de":"B"}', '["de"]', 1), ('p2', 'andere', '{"de":"A"}', '{"de":"A"}', '{"de":"A"}', '["de"]', 1)`);
    insert.run(1, 'p1', 1, JSON.stringify(unmarked));
    insert.run(2, 'p2', 1, JSON.stringify(otherBands));
    old.prepare("insert into survey_drafts (process_id, definition, texts, revision, updated_at) values ('p1', ?, '{}', 1, '2026-05-09')").run(JSON.stringify(unmarked));
    old.exec(`insert into responses (id, client_id, process_id, survey_id, survey_version, channel, language, submitted_on, content_hash) values
      ('r1', 'r1', 'p1', 1, 1, 'online', 'de', '2026-05-09', 'h')`);
    old.close();

    const db = openDatabase(join(dir, 'old.sqlite'));
    try {
      const stored = (sql: string) => JSON.parse((db.$client.prepare(sql).get() as { definition: string }).definition) as unknown;
      expect(stored('select definition from surveys where id = 1')).toEqual(DEFAULT_SURVEY);
      expect(stored("select definition from survey_drafts where process_id = 'p1'")).toEqual(DEFAULT_SURVEY);
      expect(stored('select definition from surveys where id = 2')).toEqual(otherBands);
      expect(() => db.$client.exec("update surveys set definition = '{}' where id = 1")).toThrow(/cannot change/);
    } finally {
      closeDatabase(db);
    }
  });

  it('counts the default process of a database that has processes as seeded, so deleting it later does not bring it back', () => {
    const old = databaseBefore(dir, '0034_lifecycle');
    old.exec(`insert into processes (id, slug, title, description, city, languages, current_phase) values ('p2', 'klimaplan', '{"de":"K"}', '{"de":"K"}', '{"de":"Sankt Augustin"}', '["de"]', 1);`);
    old.close();
    const db = openDatabase(join(dir, 'old.sqlite'));
    try {
      expect(db.$client.prepare('select name, value from settings').all()).toEqual([{ name: 'default_process', value: 'seeded' }]);
      expect(seedDefaultProcess(db)).toBe(false);
      expect(db.select({ slug: processes.slug }).from(processes).all()).toEqual([{ slug: 'klimaplan' }]);
    } finally {
      closeDatabase(db);
    }
  });
});
