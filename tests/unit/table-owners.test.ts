import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema.ts';

/**
 * One owner per table: the feature (`server/features/<owner>/`) whose files alone insert, update
 * or delete its rows. Every other feature goes through the owner's service. `null`: no server
 * code writes the table at all; triggers keep it (migrations 0010 and 0013). `cite_counters` is
 * counted up by a trigger per voice and by the contributions feature for a bulk write. ARCHITECTURE.md
 * ("One owner per table") shows the same map.
 */
const OWNERS: Readonly<Record<string, string | null>> = {
  processes: 'processes',
  phases: 'processes',
  fields_of_action: 'processes',
  districts: 'processes',
  stadtteile: 'processes',
  population_groups: 'processes',
  surveys: 'survey',
  survey_translation_reviews: 'survey',
  survey_drafts: 'survey',
  responses: 'survey',
  answers: 'survey',
  users: 'auth',
  sessions: 'auth',
  server_secrets: 'auth',
  // Written by the seed (db/seed/) alone: whether this database's default process was seeded or declined.
  settings: null,
  market_days: 'stall',
  dot_votes: 'stall',
  removed_market_days: 'stall',
  posters: 'paper',
  guiding_goals: 'measures',
  measure_statuses: 'measures',
  measures: 'measures',
  measure_changes: 'measures',
  measure_result_links: 'measures',
  measure_contributions: 'measures',
  contribution_outcomes: 'measures',
  contributions: 'contributions',
  contribution_tags: 'contributions',
  contribution_translations: 'contributions',
  receipts: 'receipts',
  result_snapshots: 'snapshots',
  suggest_models: 'suggest',
  audit_log: 'audit',
  legal_settings: 'legal',
  // Counted up by the trigger of migration 0013 per voice, or by the contributions feature for many voices at once (reserveCiteNumbers).
  cite_counters: 'contributions',
  admin_versions: null,
  contributions_fts: null,
};

const ROOT = resolve(import.meta.dirname, '../..');

/** Schema export name → SQL table name. */
const TABLES = new Map(Object.entries(schema).flatMap(([name, value]) => (is(value, SQLiteTable) ? [[name, getTableName(value)] as const] : [])));
const SQL_NAMES = new Set(Object.keys(OWNERS));

const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1');

/** Every write a source file makes, by SQL table name: drizzle calls, `preparedInsert`/`preparedBulkInsert`, and SQL text (also with `${table}`). */
function writesIn(source: string): Array<{ table: string; how: string }> {
  const code = withoutComments(source);
  const found: Array<{ table: string; how: string }> = [];
  const byExport = (name: string, how: string) => {
    const table = TABLES.get(name);
    if (table) found.push({ table, how });
  };
  for (const [how, verb, name] of code.matchAll(/\.(insert|update|delete)\(\s*(\w+)\s*[,)]/g)) byExport(name!, how.replace(/\s+/g, '') || verb!);
  for (const [how, name] of code.matchAll(/prepared(?:Bulk)?Insert(?:<[^>]*>)?\(\s*(\w+)/g)) byExport(name!, how);
  for (const [how, name] of code.matchAll(/\b(?:insert\s+(?:or\s+\w+\s+)?into|replace\s+into|update|delete\s+from)\s+\$\{\s*(\w+)\s*\}/gi)) byExport(name!, how);
  for (const [how, name] of code.matchAll(/\b(?:insert\s+(?:or\s+\w+\s+)?into|replace\s+into|update|delete\s+from)\s+[`"[]?(\w+)/gi)) {
    if (SQL_NAMES.has(name!.toLowerCase())) found.push({ table: name!.toLowerCase(), how });
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

const featureOf = (file: string) => /^server\/features\/([^/]+)\//.exec(file)?.[1] ?? null;

describe('one owner per table', () => {
  it('names an owner (or none) for every table of the schema', () => {
    expect([...TABLES.values()].filter((table) => !(table in OWNERS))).toEqual([]);
  });

  it('finds drizzle writes, prepared inserts and writes in SQL text, and nothing in comments', () => {
    const sample = [
      'tx.insert(contributions).values(row);',
      'db.update(contributionTags).set({ source });',
      "db.delete(dotVotes).where(eq(dotVotes.id, id));",
      "const insert = preparedInsert(marketDays, ['id']);",
      "const insertMany = preparedBulkInsert<typeof posters, 'id'>(posters, ['id']);",
      "db.run(sql`update ${responses} set flags = '[]'`);",
      "sqlite.prepare('DELETE FROM contribution_translations WHERE contribution_id = ?');",
      "sqlite.exec('insert or ignore into users (id) values (1)');",
      '// update contributions set text = 1',
      '/* db.insert(answers) */',
      'db.select().from(contributions);',
    ].join('\n');
    expect(writesIn(sample).map((write) => write.table)).toEqual(['contributions', 'contribution_tags', 'dot_votes', 'market_days', 'posters', 'responses', 'contribution_translations', 'users']);
  });

  it('lets only the owning feature write each table', () => {
    const writers = new Map<string, Set<string>>();
    const strangers: string[] = [];
    for (const path of sourceFiles(join(ROOT, 'server'))) {
      const file = relative(ROOT, path).split('\\').join('/');
      for (const { table, how } of writesIn(readFileSync(path, 'utf8'))) {
        writers.set(table, (writers.get(table) ?? new Set()).add(file));
        if (featureOf(file) !== OWNERS[table]) strangers.push(`${file} writes ${table} (${how}); its owner is ${OWNERS[table] ?? 'no server code'}`);
      }
    }
    expect(strangers).toEqual([]);
    // The scan sees the writes that exist, so an empty list above means something.
    for (const table of ['contributions', 'contribution_tags', 'contribution_translations', 'market_days', 'dot_votes', 'responses', 'audit_log']) {
      expect(writers.get(table)?.size ?? 0, table).toBeGreaterThan(0);
    }
  });
});
