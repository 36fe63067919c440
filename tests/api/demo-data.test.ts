import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { seedDefaultProcess, seedDefaultSurvey } from '../../db/seed/index.ts';
import { buildResponse } from '../factories/responses.ts';

/** `npm run demo` fills an empty database through the real services, and never touches one with responses. */
describe('demo data', () => {
  let dir: string;
  let database: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mitreden-demo-'));
    database = join(dir, 'demo.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const run = () => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/demo-data.ts', '--database', database, '--responses', '40', '--notes', '30'], { encoding: 'utf8', stdio: 'pipe' });

  it('stores responses from many Stadtteile and languages, market days, notes and dot votes', () => {
    expect(run()).toContain('40 online responses');
    const db = new Database(database, { readonly: true });
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(one('select count(*) n from responses')).toBe(40);
    expect(one('select count(distinct language) n from responses')).toBeGreaterThan(3);
    expect(one('select count(distinct stadtteil_key) n from responses')).toBeGreaterThan(8);
    expect(one("select count(*) n from contributions where channel = 'stall'")).toBe(30);
    expect(one('select count(*) n from market_days')).toBe(6);
    expect(one('select count(*) n from dot_votes')).toBe(240);
    // Some notes are left untagged by staff, so the moderation queue has work with suggestions.
    expect(one("select count(*) n from contributions c where channel = 'stall' and not exists (select 1 from contribution_tags t where t.contribution_id = c.id and t.source <> 'suggested')")).toBeGreaterThan(0);
    db.close();
  });

  it('shows what became of the voices: measures under guiding goals, outcomes, a released snapshot, a receipt code that leads to one taken up', () => {
    const output = run();
    const db = new Database(database, { readonly: true });
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(one('select count(distinct field_key) n from guiding_goals')).toBe(5);
    expect(one('select count(*) n from measures where guiding_goal_id is null')).toBe(0);
    expect(one('select count(distinct status_key) n from measures')).toBeGreaterThan(2);
    const kinds = db.prepare('select kind, count(*) n from contribution_outcomes group by kind').all() as Array<{ kind: string; n: number }>;
    expect(kinds.map((row) => row.kind).sort()).toEqual(['not_pursued', 'passed_on', 'taken_up']);
    expect(one('select count(*) n from result_snapshots where withdrawn_on is null')).toBe(1);
    expect(one('select count(*) n from measure_contributions')).toBe(kinds.find((row) => row.kind === 'taken_up')!.n);
    const code = /taken up: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(output)![1]!.replaceAll('-', '');
    expect(
      one(`select count(*) n from receipts r join contributions c on c.response_id = r.response_id join contribution_outcomes o on o.contribution_id = c.id where r.code = '${code}' and o.kind = 'taken_up'`),
    ).toBeGreaterThan(0);
    db.close();
  });

  it('refuses a database that already holds responses, and leaves it as it was; without --database it is DATABASE_PATH', () => {
    const db = openDatabase(database);
    seedDefaultProcess(db);
    seedDefaultSurvey(db);
    buildResponse(db);
    buildResponse(db, { stadtteil: 'refrath' });
    closeDatabase(db);
    const runOnDatabasePath = () =>
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/demo-data.ts', '--responses', '40'], { encoding: 'utf8', stdio: 'pipe', env: { ...process.env, DATABASE_PATH: database } });
    expect(runOnDatabasePath).toThrow(/already holds 2 responses/);
    expect(run).toThrow(/already holds 2 responses/);
    const after = new Database(database, { readonly: true });
    expect(after.prepare('select count(*) n from responses').get()).toEqual({ n: 2 });
    expect(after.prepare('select count(*) n from market_days').get()).toEqual({ n: 0 });
    after.close();
  });

  it('refuses a real database before its survey opens (an account, no responses yet) and writes nothing into it, not even the default process', () => {
    const db = openDatabase(database);
    db.$client.prepare("insert into users (username, display_name, password_hash, role) values ('verwaltung', 'Verwaltung', 'x', 'admin')").run();
    closeDatabase(db);
    expect(run).toThrow(/already holds 1 accounts/);
    const after = new Database(database, { readonly: true });
    expect(after.prepare('select (select count(*) from processes) + (select count(*) from responses) + (select count(*) from market_days) n').get()).toEqual({ n: 0 });
    after.close();
  });
});
