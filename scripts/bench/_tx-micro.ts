/**
 * Not a benchmark: the CPU of the survey's group transaction alone (no HTTP, no fsync wait), per
 * submission, on two databases side by side in one process, rounds alternating: `MICRO_SQL_B`
 * (and `MICRO_SQL_A`) is SQL run on that side after seeding, to try a schema change before writing
 * its migration. `npx tsx scripts/bench/_tx-micro.ts [breakdown]` adds the time per statement
 * (wall time, so only on a quiet machine). `MICRO_BATCHES` batches of 50 per round.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createGroupCommit } from '../../db/group-commit.ts';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess, seedDefaultSurvey } from '../../db/seed/index.ts';
import { submitResponse } from '../../server/features/survey/survey.service.ts';
import { aroundSurveyBatch } from '../../server/write-worker/batch.ts';
import { buildSubmission } from '../../tests/factories/survey.ts';

const BATCH = 50;
const BATCHES = Number(process.env.MICRO_BATCHES ?? 60);
const breakdown = process.argv[2] === 'breakdown';

const stats = new Map<string, { n: number; ns: bigint }>();
if (breakdown) {
  const proto = (Database as unknown as { prototype: { prepare: (sql: string) => Database.Statement } }).prototype;
  const prepare = proto.prepare;
  proto.prepare = function (this: Database.Database, source: string) {
    const statement = prepare.call(this, source);
    const key = source.replace(/\s+/g, ' ').slice(0, 90);
    const methods = statement as unknown as Record<'run' | 'get' | 'all', (...args: unknown[]) => unknown>;
    for (const method of ['run', 'get', 'all'] as const) {
      const original = methods[method].bind(statement);
      methods[method] = (...args: unknown[]) => {
        const start = process.hrtime.bigint();
        try {
          return original(...args);
        } finally {
          const s = stats.get(key) ?? { n: 0, ns: 0n };
          s.n += 1;
          s.ns += process.hrtime.bigint() - start;
          stats.set(key, s);
        }
      };
    }
    return statement;
  };
}

const dir = mkdtempSync(join(tmpdir(), 'mitreden-micro-'));
function side(name: string, extra: string | undefined) {
  const db = openDatabase(join(dir, `${name}.sqlite`));
  seedDefaultProcess(db);
  seedDefaultSurvey(db);
  if (extra) db.$client.exec(extra);
  // The WAL grows by what each group commit wrote: pages per submission, a figure the machine's load does not move.
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.pragma('wal_autocheckpoint = 0');
  const processId = (db.$client.prepare('SELECT id FROM processes WHERE slug = ?').get(DEFAULT_PROCESS_SLUG) as { id: string }).id;
  const writes = createGroupCommit(db, { windowMs: 1000, aroundBatch: aroundSurveyBatch(db) });
  return { name, db, processId, writes, figures: [] as number[] };
}
type Side = ReturnType<typeof side>;

async function round(s: Side, n: number): Promise<number> {
  const inputs = Array.from({ length: n * BATCH }, () => {
    const b = buildSubmission();
    return { processId: s.processId, response: { id: b.id, surveyVersion: 1, language: 'tr' as const, answers: b.answers }, channel: 'online' as const, flags: [] };
  });
  stats.clear();
  const cpu = process.cpuUsage();
  for (let b = 0; b < n; b += 1) {
    const promises = inputs.slice(b * BATCH, (b + 1) * BATCH).map((input) => s.writes.run((tx) => submitResponse(tx, input)));
    s.writes.flush();
    for (const r of await Promise.all(promises)) if (r.status !== 'stored') throw new Error(JSON.stringify(r));
  }
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / (n * BATCH);
}

const sides = [side('A', process.env.MICRO_SQL_A), side('B', process.env.MICRO_SQL_B)];
for (const s of sides) await round(s, 10);
for (let i = 0; i < 6; i += 1) for (const s of sides) s.figures.push(await round(s, BATCHES));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const s of sides) console.log(`${s.name}: µs CPU per submission`, s.figures.map((f) => f.toFixed(0)).join(' '), ' median', median(s.figures).toFixed(0));
console.log('B/A', (median(sides[1]!.figures) / median(sides[0]!.figures)).toFixed(3));
if (breakdown) {
  const total = [...stats.values()].reduce((a, s) => a + s.ns, 0n);
  const per = BATCHES * BATCH;
  for (const [key, s] of [...stats].sort((a, b) => Number(b[1].ns - a[1].ns)).slice(0, 25))
    console.log(`${(Number(s.ns) / 1000 / per).toFixed(1).padStart(7)} µs/sub  ${(s.n / per).toFixed(2).padStart(5)}×  ${key}`);
  console.log('statements total µs/sub', (Number(total) / 1000 / per).toFixed(1));
}
for (const s of sides) {
  const responses = s.db.$client.prepare('SELECT count(*) n FROM responses').pluck().get() as number;
  const walBytes = statSync(join(dir, `${s.name}.sqlite-wal`)).size;
  s.db.$client.pragma('wal_checkpoint(TRUNCATE)');
  const fileBytes = (s.db.$client.pragma('page_count', { simple: true }) as number) * (s.db.$client.pragma('page_size', { simple: true }) as number);
  console.log(`${s.name}: ${responses} responses; WAL written ${(walBytes / responses / 1024).toFixed(2)} KiB per submission; file ${(fileBytes / responses).toFixed(0)} bytes per response`);
  closeDatabase(s.db);
}

rmSync(dir, { recursive: true, force: true });
