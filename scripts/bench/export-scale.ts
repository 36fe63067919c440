/**
 * Results and exports at scale (issue #11, item 8), on the file of _bigdata.ts: 1,000,000
 * contributions and 200,000 responses with their answers.
 *
 * 1. The CSV export of everything an admin may read (about 900,000 contributions) over HTTP from
 *    the real app, beside a plain script that reads the same rows with the same statement and
 *    writes the same CSV straight to a file (target ≤ 1.3×); the two files' SHA-256 must match.
 *    The server runs as `npm start` does, in a child process (API only), so that its memory —
 *    event loop and read workers — is measured apart from the bench's own (the plain script, the
 *    client, the prober). Meanwhile: the server's peak RSS (target flat, ≤ 200 MB) and the p99 of
 *    other requests, asked by a worker thread every 20 ms (target ≤ 50 ms), beside the same p99
 *    when idle.
 * 2. The aggregates (by district; field × district; channel) beside a hand-written GROUP BY on
 *    the same file in the same run (target ≤ 1.5×).
 *
 * `npm run bench -- export-scale`; the database is generated on the first run (minutes) and kept
 * under the temp folder. `EXPORT_BENCH_AGGREGATES=0` leaves out part 2.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { stringify } from 'csv-stringify';
import { closeDatabase, openDatabase, openReadOnlyDatabase, type Db } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG } from '../../db/seed/index.ts';
import { createUser } from '../../server/features/auth/auth.service.ts';
import { findUserByUsername } from '../../server/features/auth/auth.repo.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { exportRows } from '../../server/features/results/results.export-data.ts';
import { CONTRIBUTION_COLUMNS, contributionCells, CSV_OPTIONS } from '../../server/features/results/results.csv.ts';
import { aggregates } from '../../server/features/results/results.selection.ts';
import type { AggregateDimension } from '../../shared/api/results.ts';
import { bigDatabase } from './_bigdata.ts';
import { startServer, stopServer } from '../../tests/helpers/server-process.ts';
import { fmt, mib, percentile } from './_util.ts';

const TARGET_HTTP_RATIO = 1.3;
const TARGET_RSS_BYTES = 200 * 1024 * 1024;
const TARGET_P99_MS = 50;
const TARGET_AGGREGATE_RATIO = 1.5;
const PASSWORD = 'bench passphrase for the exports';

export async function run(): Promise<void> {
  const path = bigDatabase();
  const db = openDatabase(path);
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-bench-export-'));
  try {
    if (!findUserByUsername(db, 'bench-admin')) await createUser(db, { username: 'bench-admin', password: PASSWORD, role: 'admin' }, null);
    await csvOverHttp(db, path, dir);
    if (process.env.EXPORT_BENCH_AGGREGATES !== '0') aggregatesBesideGroupBy(path);
  } finally {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Asks `url` every `everyMs` from a worker thread until stopped; the latencies in ms. */
function probe(url: string, everyMs: number) {
  const worker = new Worker(new URL('./_health-probe.mjs', import.meta.url), { workerData: { url, everyMs } });
  return {
    stop: () =>
      new Promise<number[]>((resolve, reject) => {
        worker.once('message', (message: { latenciesMs: number[] }) => resolve(message.latenciesMs.sort((a, b) => a - b)));
        worker.once('error', reject);
        worker.postMessage('stop');
      }).finally(() => worker.terminate()),
  };
}

/** A process's resident memory now and at its peak (VmHWM, reset by `resetPeak`), from /proc: the server with all its threads. */
function memoryOf(pid: number) {
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  return { rss: () => field('VmRSS'), peak: () => field('VmHWM'), resetPeak: () => writeFileSync(`/proc/${pid}/clear_refs`, '5') };
}

/** Downloads `url` into `file` with node:http (as curl would: bytes straight to the file); the time to the first byte in ms. */
function download(url: string, headers: Record<string, string>, file: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`export answered ${response.statusCode}`));
      let firstByte = 0;
      response.once('data', () => (firstByte = performance.now() - started));
      pipeline(response, createWriteStream(file)).then(() => resolve(firstByte), reject);
    }).once('error', reject);
  });
}

async function csvOverHttp(db: Db, path: string, dir: string) {
  // The plain script: the same statement on a read-only connection of its own, the same CSV, straight to a file.
  const process_ = findProcessBySlug(db, DEFAULT_PROCESS_SLUG)!;
  const admin = findUserByUsername(db, 'bench-admin')!;
  const plainFile = join(dir, 'plain.csv');
  const plainStarted = performance.now();
  const reader = openReadOnlyDatabase(path);
  let plainRows = 0;
  try {
    async function* records() {
      yield CONTRIBUTION_COLUMNS.map((column) => column.header);
      for (const row of exportRows(reader, { process: process_, user: admin, filter: {} })) {
        plainRows += 1;
        yield contributionCells(row);
      }
    }
    await pipeline(Readable.from(records()), stringify(CSV_OPTIONS), createWriteStream(plainFile));
  } finally {
    closeDatabase(reader);
  }
  const plainSeconds = (performance.now() - plainStarted) / 1000;

  // The real server (`npm start`'s script, API only) in a process of its own, so its memory is measured apart from this one's.
  const server = await startServer(path);
  try {
    const base = server.url;
    const memory = memoryOf(server.child.pid!);
    // Listening, before any request: what the code and libraries loaded at start take.
    const rssStarted = memory.rss();
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-admin', password: PASSWORD }) });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const otherUrl = `${base}/api/health`;
    // A server that has served a read before: a read worker is running, as it would be in use.
    await (await fetch(`${base}/api/processes/${DEFAULT_PROCESS_SLUG}/dot-votes`, { headers: { cookie } })).arrayBuffer();
    const rssInUse = memory.rss();

    // Other requests' latency with nothing else running.
    const idleProbe = probe(otherUrl, 20);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idle = await idleProbe.stop();

    // The download over HTTP, with the server's RSS sampled and other requests probed meanwhile.
    memory.resetPeak();
    const rssBefore = memory.rss();
    let rssPeak = rssBefore;
    const benchBefore = process.memoryUsage.rss();
    let benchPeak = benchBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, memory.rss());
      benchPeak = Math.max(benchPeak, process.memoryUsage.rss());
    }, 50);
    const busyProbe = probe(otherUrl, 20);
    const httpFile = join(dir, 'http.csv');
    const started = performance.now();
    const firstByte = await download(`${base}/api/processes/${DEFAULT_PROCESS_SLUG}/exports/csv`, { cookie, 'accept-encoding': 'identity' }, httpFile);
    const httpSeconds = (performance.now() - started) / 1000;
    const busy = await busyProbe.stop();
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, memory.peak());
    const same = sha256(httpFile) === sha256(plainFile);

    const ratio = httpSeconds / plainSeconds;
    const p99 = percentile(busy, 99);
    const idleP99 = percentile(idle, 99);
    console.log(`CSV export of ${plainRows.toLocaleString('en-US')} contributions (everything an admin reads of 1,000,000):`);
    console.log(`  plain script, same statement and CSV straight to a file   ${fmt(plainSeconds, 2).padStart(7)} s`);
    console.log(
      `  GET /exports/csv over HTTP                                 ${fmt(httpSeconds, 2).padStart(7)} s   ratio ${fmt(ratio, 2)} (target ≤ ${TARGET_HTTP_RATIO}: ${ratio <= TARGET_HTTP_RATIO ? 'met' : 'not met'})   first byte after ${fmt(firstByte, 0)} ms   same bytes: ${same ? 'yes' : 'NO'}`,
    );
    console.log(
      `  server process RSS (event loop and read workers): ${mib(rssBefore)} before, peak ${mib(rssPeak)} during (+${mib(rssPeak - rssBefore)})   (target flat, ≤ ${mib(TARGET_RSS_BYTES)}: ${rssPeak <= TARGET_RSS_BYTES ? 'met' : 'not met'})`,
    );
    console.log(`  server process RSS idle: ${mib(rssStarted)} listening before any request, ${mib(rssInUse)} after a sign-in and one read (a read worker running)`);
    console.log(`  the bench's own process (plain script, client, prober): ${mib(benchBefore)} before, peak ${mib(benchPeak)}`);
    console.log(
      `  other requests (GET /api/health every 20 ms): p50 ${fmt(percentile(busy, 50))} ms, p99 ${fmt(p99)} ms, max ${fmt(busy.at(-1) ?? 0)} ms while streaming (${busy.length} requests); idle p99 ${fmt(idleP99)} ms (${idle.length} requests)   ratio ${fmt(p99 / Math.max(0.1, idleP99), 1)}   (target p99 ≤ ${TARGET_P99_MS} ms: ${p99 <= TARGET_P99_MS ? 'met' : 'not met'})`,
    );
  } finally {
    await stopServer(server, 'SIGTERM');
  }
}

/** The same counts written by hand: one GROUP BY per table on the same file, with the same visibility rules. */
const VISIBLE = `c.process_id = @process and c.status = 'visible'
  and exists (select 1 from contribution_tags t where t.contribution_id = c.id and t.source <> 'suggested' and t.field_key in (select value from json_each(@fields)))
  and not exists (select 1 from responses r where r.id = c.response_id and r.flags <> '[]')`;
const ANSWERED = `r.process_id = @process and r.flags = '[]'
  and exists (select 1 from answers a join json_each(@questions) q on q.key = a.question_key where a.response_id = r.id and a.value not in ('null', '""', '[]'))`;
const HAND_WRITTEN: Record<string, string[]> = {
  district: [`select s.district_id, count(*) from contributions c left join stadtteile s on s.process_id = c.process_id and s.key = c.stadtteil_key where ${VISIBLE} group by 1`, `select r.stadtteil_key, count(*) from responses r where ${ANSWERED} group by 1`],
  'field,district': [
    `select t.field_key, c.stadtteil_key, count(*) from contributions c join contribution_tags t on t.contribution_id = c.id and t.source <> 'suggested' and t.field_key in (select value from json_each(@fields)) where ${VISIBLE} group by 1, 2`,
    `select c.stadtteil_key, count(*) from contributions c where ${VISIBLE} group by 1`,
    `select p.field, r.stadtteil_key, count(*) from responses r join (select distinct a.response_id as id, q.value as field from answers a join json_each(@questions) q on q.key = a.question_key where a.value not in ('null', '""', '[]')) p on p.id = r.id where r.process_id = @process and r.flags = '[]' group by 1, 2`,
    `select r.stadtteil_key, count(*) from responses r where ${ANSWERED} group by 1`,
  ],
  channel: [`select c.channel, count(*) from contributions c where ${VISIBLE} group by 1`, `select r.channel, count(*) from responses r where ${ANSWERED} group by 1`],
};

function aggregatesBesideGroupBy(path: string) {
  const db = openReadOnlyDatabase(path);
  try {
    const process_ = findProcessBySlug(db, DEFAULT_PROCESS_SLUG)!;
    const admin = findUserByUsername(db, 'bench-admin')!;
    const fields = (db.$client.prepare('select key from fields_of_action where process_id = ?').all(process_.id) as Array<{ key: string }>).map((row) => row.key);
    const definition = JSON.parse((db.$client.prepare('select definition from surveys where process_id = ? order by version desc limit 1').get(process_.id) as { definition: string }).definition) as {
      sections: Array<{ questions: Array<{ key: string; fieldOfAction?: string }> }>;
    };
    const questions = Object.fromEntries(definition.sections.flatMap((section) => section.questions.filter((q) => q.fieldOfAction).map((q) => [q.key, q.fieldOfAction])));
    const params = { process: process_.id, fields: JSON.stringify(fields), questions: JSON.stringify(questions) };
    const time = (work: () => void) => {
      const started = performance.now();
      work();
      return (performance.now() - started) / 1000;
    };
    console.log('Aggregates over 1,000,000 contributions and 200,000 responses (admin, all fields), beside the same counts as hand-written GROUP BY:');
    for (const [by, statements] of Object.entries(HAND_WRITTEN)) {
      const prepared = statements.map((statement) => db.$client.prepare(statement));
      // Each side once to warm the page cache, then measured.
      const hand = () => prepared.forEach((statement) => statement.all(params));
      const ours = () => aggregates(db, process_, admin, { by: by.split(',') as AggregateDimension[], includeFlagged: false });
      hand();
      ours();
      const handSeconds = time(hand);
      const oursSeconds = time(ours);
      const ratio = oursSeconds / handSeconds;
      console.log(
        `  by ${by.padEnd(16)} aggregates ${fmt(oursSeconds, 2).padStart(6)} s   hand-written GROUP BY ${fmt(handSeconds, 2).padStart(6)} s   ratio ${fmt(ratio, 2)} (target ≤ ${TARGET_AGGREGATE_RATIO}: ${ratio <= TARGET_AGGREGATE_RATIO ? 'met' : 'not met'})`,
      );
    }
  } finally {
    closeDatabase(db);
  }
}
