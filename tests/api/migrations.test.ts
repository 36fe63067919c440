import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { parseReceiptCode } from '../../shared/receipts/code.ts';

const MIGRATIONS = resolve(import.meta.dirname, '../../db/migrations');

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
      expect(rows('stall_sessions')).toEqual([
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
});
