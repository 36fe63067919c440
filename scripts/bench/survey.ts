/**
 * The resident survey: "`npm run bench` prints the survey page's gzipped JS and total transfer,
 * and submissions per second with their p99 next to a bare Fastify + better-sqlite3 insert of
 * the same row measured in the same run."
 *
 * Page weight: the real server on a temp SQLite file and Debian's Chromium, as the browser
 * tests start them (tests/browser/harness.ts: phone viewport, fresh context), open the survey
 * link and record every response until the start screen is there and the network is idle.
 * The JavaScript is split by the build's module graph (dist/client/.vite/manifest.json) into
 * what the first page needs and what loads in the background afterwards.
 *
 * Submissions: the real app and a bare Fastify app, each listening on loopback, get the same
 * valid bodies over HTTP from a load generator in a worker thread (_post-load.mjs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Response } from 'playwright-core';
import type { Manifest } from 'vite';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess, seedDefaultSurvey } from '../../db/seed/index.ts';
import { buildApp, DEFAULT_CLIENT_DIR } from '../../server/app.ts';
import { configSchema } from '../../server/config.ts';
import { contentHash } from '../../server/hash.ts';
import { localDay } from '../../server/time.ts';
import { startHarness } from '../../tests/browser/harness.ts';
import { buildSubmission, solvePow } from '../../tests/factories/survey.ts';
import { fmt, kB, percentile } from './_util.ts';

/** The goal: the first survey page needs at most 15 kB (15,000 bytes) of gzipped JavaScript. */
const JS_BUDGET_BYTES = 15_000;
/** What the first page must show (client/survey/messages.ts, German: the harness's browser is de-DE). */
const START_BUTTON = 'Umfrage starten';
/** The survey's start screen: part of the entry since the slow-link work (client/main.tsx); counted as its own chunk where a build still splits it off. */
const SURVEY_CHUNK = 'survey/SurveyArea.tsx';

const SUBMISSIONS = 2_000;
const WARM_UP = 100;
/** Requests in flight at once, like a handful of phones sending at the same moment. */
const IN_FLIGHT = 8;
const MAX_MS = 15_000;
/** The two sides take turns in this many rounds, so a busy moment of the machine falls on both. */
const ROUNDS = 4;

const ROOT = resolve(import.meta.dirname, '..', '..');

export async function run(): Promise<void> {
  await pageWeight();
  await submissions();
}

// ---------------------------------------------------------------------------------------------
// Page weight

interface Loaded {
  url: string;
  path: string;
  resourceType: string;
  /** Content-Encoding as sent, or null for a plain body. */
  encoding: string | null;
  /** The body as it went over the wire (encoded), and its response headers. */
  sentBytes: number;
  headerBytes: number;
  /** The decoded body. */
  body: Buffer;
}

/** The newest modification time of the client's sources and the build config. */
function newestSource(): number {
  const files = ['client', 'shared'].flatMap((folder) => readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' }).map((file) => join(ROOT, folder, file)));
  return Math.max(...[...files, join(ROOT, 'vite.config.ts')].map((file) => statSync(file).mtimeMs));
}

/** Builds the client when dist/client is missing, older than its sources, or has no compressed copies. */
export function ensureClient(): void {
  const index = join(DEFAULT_CLIENT_DIR, 'index.html');
  const manifest = join(DEFAULT_CLIENT_DIR, '.vite', 'manifest.json');
  let why: string | null = null;
  if (!existsSync(index) || !existsSync(manifest)) why = 'dist/client is missing';
  else if (!existsSync(`${index}.gz`)) why = 'dist/client has no .br/.gz copies (built before they were made)';
  else if (statSync(manifest).mtimeMs < newestSource()) why = 'dist/client is older than client/, shared/ or vite.config.ts';
  if (!why) return;
  console.log(`${why}: running vite build …`);
  const started = performance.now();
  execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`built the client in ${fmt((performance.now() - started) / 1000)} s`);
}

/** The files (scripts and their styles) that the given chunks load through static imports. */
function staticClosure(manifest: Manifest, keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the Vite manifest`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return files;
}

async function record(response: Response): Promise<Loaded> {
  const request = response.request();
  const [headers, sizes, body] = await Promise.all([response.allHeaders(), request.sizes(), response.body()]);
  const url = new URL(response.url());
  return {
    url: response.url(),
    path: url.pathname + url.search,
    resourceType: request.resourceType(),
    encoding: headers['content-encoding'] ?? null,
    sentBytes: sizes.responseBodySize,
    headerBytes: sizes.responseHeadersSize,
    body,
  };
}

const gzip9 = (body: Buffer) => gzipSync(body, { level: 9 }).length;

interface Marks {
  startVisibleAt?: number;
}

async function pageWeight(): Promise<void> {
  ensureClient();
  const manifest = JSON.parse(readFileSync(join(DEFAULT_CLIENT_DIR, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entry) throw new Error('no entry in the Vite manifest');
  const firstPageFiles = staticClosure(manifest, manifest[SURVEY_CHUNK] ? [entry, SURVEY_CHUNK] : [entry]);

  const h = await startHarness();
  try {
    const { page } = await h.newPage();
    // The moment the start button is in the DOM (a mutation observer, before paint), on the page's clock.
    await page.addInitScript((label: string) => {
      const observer = new MutationObserver(() => {
        if (![...document.querySelectorAll('button')].some((button) => button.textContent?.includes(label))) return;
        (window as unknown as Marks).startVisibleAt = performance.now();
        observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true });
    }, START_BUTTON);
    const pending: Array<Promise<Loaded>> = [];
    page.on('response', (response) => void pending.push(record(response)));
    const path = `/p/${DEFAULT_PROCESS_SLUG}/umfrage`;
    await page.goto(h.baseUrl + path);
    await page.getByRole('button', { name: START_BUTTON }).waitFor();
    await page.waitForLoadState('networkidle');
    const loaded = await Promise.all(pending);
    const marks = await page.evaluate(() => ({
      startVisibleAt: (window as unknown as Marks).startVisibleAt ?? NaN,
      started: Object.fromEntries(performance.getEntriesByType('resource').map((entry) => [entry.name, entry.startTime])),
    }));
    const requestedAt = (item: Loaded) => marks.started[item.url] ?? 0;

    console.log(`${path} in Chromium (fresh context, 412×915, de-DE, loopback, no throttling): ${loaded.length} responses until the network was idle`);
    console.log(`start screen in the DOM at ${fmt(marks.startVisibleAt, 0)} ms after navigation start (unthrottled loopback: a reference for the request times below)`);

    const scripts = loaded.filter((item) => item.resourceType === 'script');
    // Compressed as sent, or gzip -9 where the server sent the body plain.
    const compressed = (item: Loaded) => (item.encoding ? item.sentBytes : gzip9(item.body));
    const row = (name: string, raw: string, sent: string, gzip: string, when: string) =>
      console.log(`  ${name.padEnd(34)} ${raw.padStart(9)} ${sent.padStart(15)} ${gzip.padStart(9)}   ${when}`);
    const table = (title: string, items: Loaded[]) => {
      console.log(title);
      row('file', 'raw', 'as sent', 'gzip -9', 'requested');
      for (const item of items.sort((a, b) => requestedAt(a) - requestedAt(b))) {
        const when = `${fmt(requestedAt(item), 0).padStart(4)} ms, ${requestedAt(item) < marks.startVisibleAt ? 'before' : 'after'} the start screen`;
        row(item.path.replace(/^\//, ''), kB(item.body.length), `${kB(compressed(item))} ${item.encoding ?? 'gz -9'}`, kB(gzip9(item.body)), when);
      }
      const sum = (f: (item: Loaded) => number) => items.reduce((total, item) => total + f(item), 0);
      const totals = { sent: sum(compressed), gzip: sum((item) => gzip9(item.body)) };
      row('total', kB(sum((item) => item.body.length)), kB(totals.sent), kB(totals.gzip), '');
      return totals;
    };
    const isFirst = (item: Loaded) => firstPageFiles.has(item.path.replace(/^\//, ''));
    const first = table('JavaScript needed for the first page (the entry, which holds SurveyArea, and its static imports, per the Vite manifest):', scripts.filter(isFirst));
    const background = table(
      'Other JavaScript the page loaded, in the background (not needed for the start screen: the question pages, named in the page\'s preload hints and fetched alongside it):',
      scripts.filter((item) => !isFirst(item)),
    );
    const encodings = [...new Set(scripts.filter(isFirst).map((item) => item.encoding ?? 'plain'))].join(', ');
    const verdict = first.gzip <= JS_BUDGET_BYTES ? `within (${kB(JS_BUDGET_BYTES - first.gzip)} to spare)` : `OVER by ${kB(first.gzip - JS_BUDGET_BYTES)}`;
    console.log(
      `first survey page: ${kB(first.gzip)} of gzipped JS (gzip -9 of each file; ${kB(first.sent)} as actually sent, ${encodings}); budget ${kB(JS_BUDGET_BYTES)}: ${verdict}; Preact's own baseline for such a page is about 7 kB`,
    );
    console.log(`all JS of the page incl. the background load: ${kB(first.gzip + background.gzip)} gzip -9 (${kB(first.sent + background.sent)} as sent)`);

    const kinds: Record<string, string> = { document: 'page', script: 'scripts', stylesheet: 'styles', fetch: 'API', xhr: 'API' };
    const byKind = new Map<string, number>();
    for (const item of loaded) {
      const kind = kinds[item.resourceType] ?? 'other';
      byKind.set(kind, (byKind.get(kind) ?? 0) + item.sentBytes);
    }
    const bodies = loaded.reduce((total, item) => total + item.sentBytes, 0);
    const headers = loaded.reduce((total, item) => total + item.headerBytes, 0);
    const allGzipped = loaded.reduce((total, item) => total + Math.min(item.body.length, gzip9(item.body)), 0);
    console.log(
      `total transfer: ${kB(bodies + headers)} as transferred (bodies as sent ${kB(bodies)}: ${[...byKind].map(([kind, bytes]) => `${kind} ${kB(bytes)}`).join(', ')}; headers ${kB(headers)})`,
    );
    console.log(`  the same bodies if each were gzip -9 (or sent as they are where that is smaller): ${kB(allGzipped)}`);
    for (const item of loaded.filter((item) => !item.encoding && item.body.length - gzip9(item.body) >= 1000)) {
      console.log(`  sent uncompressed: ${item.path} ${kB(item.sentBytes)} (gzip -9 would be ${kB(gzip9(item.body))})`);
    }
  } finally {
    await h.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Submissions

interface LoadResult {
  latenciesMs: number[];
  seconds: number;
  unexpected: number;
  failures: string[];
}

/** POSTs the bodies from a worker thread with IN_FLIGHT requests at a time; see _post-load.mjs. */
function postLoad(url: string, bodies: string[], maxMs: number): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(new URL('./_post-load.mjs', import.meta.url), {
      workerData: { url, bodies, concurrency: IN_FLIGHT, maxMs, expectStatus: 201 },
    });
    worker.once('message', (result: LoadResult) => resolvePromise(result));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`load worker exited with ${code}`)));
  });
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('not listening');
  return `http://127.0.0.1:${address.port}`;
}

/**
 * One Fastify route that stores a submission as one row: the columns of `responses` (same
 * index) plus the answers as one JSON text, in a file with the app's pragmas for durability.
 * No validation, no proof of work, no answers/contributions tables, no ORM.
 */
async function bareApp(path: string, row: { processId: string; surveyId: number }) {
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.exec(`CREATE TABLE responses (
    id text PRIMARY KEY NOT NULL, process_id text NOT NULL, survey_id integer NOT NULL, survey_version integer NOT NULL,
    channel text NOT NULL, language text NOT NULL, stadtteil_key text, stall_session_id text, submitted_on text NOT NULL,
    content_hash text NOT NULL, flags text DEFAULT '[]' NOT NULL, answers text NOT NULL)`);
  sqlite.exec('CREATE INDEX responses_process ON responses (process_id, channel)');
  const insert = sqlite.prepare(
    `INSERT INTO responses (id, process_id, survey_id, survey_version, channel, language, stadtteil_key, submitted_on, content_hash, answers)
     VALUES (?, ?, ?, ?, 'online', ?, ?, ?, ?, ?)`,
  );
  const app = Fastify({ logger: false });
  app.post('/responses', async (request, reply) => {
    const body = request.body as { id: string; surveyVersion: number; language: string; answers: Record<string, unknown> };
    const district = typeof body.answers.district === 'string' ? body.answers.district : null;
    insert.run(body.id, row.processId, row.surveyId, body.surveyVersion, body.language, district, localDay(), contentHash(body.answers), JSON.stringify(body.answers));
    return reply.code(201).send({ id: body.id });
  });
  return { app, sqlite };
}

/** Valid submissions, each with its own id and a freshly solved challenge of the real app; not timed. */
async function prepareBodies(baseUrl: string, count: number): Promise<string[]> {
  const bodies: string[] = [];
  const worker = async () => {
    while (bodies.length < count) {
      const response = await fetch(`${baseUrl}/api/processes/${DEFAULT_PROCESS_SLUG}/challenge`);
      if (response.status !== 200) throw new Error(`challenge: ${response.status}`);
      bodies.push(JSON.stringify(buildSubmission({ altcha: await solvePow(await response.json()) })));
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return bodies.slice(0, count);
}

function summary(label: string, result: LoadResult) {
  if (result.unexpected > 0) throw new Error(`${label}: ${result.unexpected} answers other than 201, e.g. ${result.failures.join(' | ')}`);
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const perSecond = sorted.length / result.seconds;
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  console.log(
    `  ${label.padEnd(58)} ${fmt(perSecond, 0).padStart(6)} /s   p50 ${fmt(p50).padStart(5)} ms   p99 ${fmt(p99).padStart(5)} ms   (${sorted.length.toLocaleString('en-US')} in ${fmt(result.seconds, 2)} s)`,
  );
  return { perSecond, p99 };
}

async function submissions(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-bench-survey-'));
  const databasePath = join(dir, 'mitreden.sqlite');
  const db = openDatabase(databasePath);
  seedDefaultProcess(db);
  seedDefaultSurvey(db);
  // Rate limits out of the way; every other check runs as in production.
  const config = configSchema.parse({ DATABASE_PATH: databasePath, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000000', RESPONSES_PER_MINUTE: '1000000000' });
  // A phone's proof of work takes ~0.4 s of CPU here; a lower difficulty lets the bench solve one
  // per submission before the timed part. The server's check per submission is the same two HMACs.
  const { app } = await buildApp({ config, db, clientDir: null, logger: false, surveyGuard: { powCounterMin: 1, powCounterMax: 2 } });
  const ids = db.$client
    .prepare('SELECT p.id processId, s.id surveyId FROM processes p JOIN surveys s ON s.process_id = p.id WHERE p.slug = ? AND s.version = 1')
    .get(DEFAULT_PROCESS_SLUG) as { processId: string; surveyId: number };
  const bare = await bareApp(join(dir, 'bare.sqlite'), ids);
  try {
    const realUrl = await listen(app);
    const bareUrl = await listen(bare.app);

    const started = performance.now();
    const bodies = await prepareBodies(realUrl, WARM_UP + SUBMISSIONS);
    console.log(`\nsubmissions: ${SUBMISSIONS.toLocaleString('en-US')} valid bodies of the default survey (Turkish, 3 free texts), after ${WARM_UP} warm-up requests, at most ${MAX_MS / 1000} s per side;`);
    console.log(`  each body carries its own ALTCHA challenge of the real app, solved beforehand (${fmt((performance.now() - started) / 1000)} s, not timed);`);
    console.log(`  ${IN_FLIGHT} requests in flight over loopback HTTP from a worker thread, the two sides taking turns in ${ROUNDS} rounds; both databases in WAL with synchronous=FULL`);
    const sides = [
      { label: `Mitreden POST /api/processes/${DEFAULT_PROCESS_SLUG}/responses`, url: `${realUrl}/api/processes/${DEFAULT_PROCESS_SLUG}/responses` },
      { label: 'bare Fastify + better-sqlite3 INSERT of the same row', url: `${bareUrl}/responses` },
    ].map((side) => ({ ...side, total: { latenciesMs: [] as number[], seconds: 0, unexpected: 0, failures: [] as string[] } }));
    for (const side of sides) await postLoad(side.url, bodies.slice(0, WARM_UP), MAX_MS);
    const timed = bodies.slice(WARM_UP);
    const perRound = Math.ceil(timed.length / ROUNDS);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const { url, total } of sides) {
        const left = MAX_MS - total.seconds * 1000;
        if (left <= 0) continue;
        const result = await postLoad(url, timed.slice(round * perRound, (round + 1) * perRound), left);
        total.latenciesMs.push(...result.latenciesMs);
        total.seconds += result.seconds;
        total.unexpected += result.unexpected;
        total.failures.push(...result.failures);
      }
    }
    const [real, floor] = sides.map(({ label, total }) => summary(label, total)) as [ReturnType<typeof summary>, ReturnType<typeof summary>];
    console.log(`  Mitreden reaches ${fmt((100 * real.perSecond) / floor.perSecond, 0)} % of the bare insert's rate; its p99 is ${fmt(real.p99 / floor.p99)}× the bare one`);

    const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
    const responses = count('SELECT count(*) n FROM responses');
    const flagged = count(`SELECT count(*) n FROM responses WHERE flags <> '[]'`);
    const per = (table: string) => fmt(count(`SELECT count(*) n FROM ${table}`) / responses, 0);
    console.log(
      `  the real path stored ${responses.toLocaleString('en-US')} responses, ${flagged} flagged by a soft check (proof of work, fill time, honeypot); ` +
        `each is 1 response row, ${per('answers')} answer rows, ${per('contributions')} contributions and ${per('contribution_tags')} tags in one transaction, the bare one 1 row`,
    );
    if (flagged > 0) throw new Error('some submissions were flagged: the bench did not measure the path of a valid response');
  } finally {
    await app.close();
    await bare.app.close();
    bare.sqlite.close();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}
