/**
 * The resident survey: "`npm run bench` prints the survey page's gzipped JS and total transfer".
 * Submissions under load are measured in survey-writes.ts.
 *
 * Page weight: the real server on a temp SQLite file and Debian's Chromium, as the browser
 * tests start them (tests/browser/harness.ts: phone viewport, fresh context), open the survey
 * link and record every response until the start screen is there and the network is idle.
 * The JavaScript is split by the build's module graph (dist/client/.vite/manifest.json) into
 * what the first page needs and what loads in the background afterwards.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Response } from 'playwright-core';
import type { Manifest } from 'vite';
import { DEFAULT_PROCESS_SLUG } from '../../db/seed/index.ts';
import { DEFAULT_CLIENT_DIR } from '../../server/app.ts';
import { startHarness } from '../../tests/browser/harness.ts';
import { fmt, kB } from './_util.ts';

/** The goal: the first survey page needs at most 15 kB (15,000 bytes) of gzipped JavaScript. */
const JS_BUDGET_BYTES = 15_000;
/** What the first page must show (shared/i18n/survey/de.json `start`: the harness's browser is de-DE). */
const START_BUTTON = 'Umfrage starten';
/** The survey's start screen: part of the entry since the slow-link work (client/main.tsx); counted as its own chunk where a build still splits it off. */
const SURVEY_CHUNK = 'survey/SurveyArea.tsx';

const ROOT = resolve(import.meta.dirname, '..', '..');

export async function run(): Promise<void> {
  await pageWeight();
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
