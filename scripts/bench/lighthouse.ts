/**
 * Lighthouse on the residents' pages: `npm run bench -- lighthouse`.
 *
 * The real server on a temp SQLite file (the browser tests' harness: default process and
 * survey, built client) and Debian's Chromium, which Lighthouse drives over its DevTools port
 * under its default mobile profile (a mid-range phone, simulated slow 4G and a 4× slower CPU).
 * Every page a resident opens from a link or a poster is measured (receipt pages and the staff
 * areas are left out: robots.txt keeps them from search engines, which Lighthouse's SEO counts): performance, accessibility, best
 * practices and SEO, with the core figures (largest contentful paint, total blocking time,
 * cumulative layout shift). The ceiling, measured in the same run by the same Chromium: a bare
 * page (one heading and a paragraph, no script) served by a plain `node:http` server; the ratio
 * is each page's largest contentful paint to the bare page's.
 *
 * Goals (Lighthouse's own "good" band): performance ≥ 90, accessibility 100, best practices
 * 100, SEO ≥ 90, cumulative layout shift < 0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { CHROMIUM_PATH, startHarness } from '../../tests/browser/harness.ts';
import { fmt } from './_util.ts';
import { ensureClient } from './survey.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Category = (typeof CATEGORIES)[number];
const GOALS: Record<Category, number> = { performance: 90, accessibility: 100, 'best-practices': 100, seo: 90 };
const CLS_GOAL = 0.1;

const BARE_PAGE = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bare page</title><meta name="description" content="The bench's ceiling: a page with nothing to load."></head>
<body><main><h1>Bare page</h1><p>One heading and one paragraph, served by node:http: what this machine and Chromium give at best.</p></main></body></html>`;

interface Measured {
  name: string;
  scores: Record<Category, number>;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Audits of a category below its goal that failed, for the eye. */
  failing: string[];
}

/** Chromium with a DevTools port of its own choosing (read from the profile's DevToolsActivePort), a fresh profile, no background networking. */
async function launchChromium(): Promise<{ port: number; stop: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'mitreden-lighthouse-'));
  const child: ChildProcess = spawn(
    CHROMIUM_PATH,
    ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    // A process group of its own, so stopping it ends its helper processes too (they write into the profile).
    { stdio: 'ignore', detached: true },
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    }
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // A helper still closing a cache file: the empty profile stays in the temp folder, the figures are not affected.
    }
  };
  const portFile = join(profile, 'DevToolsActivePort');
  const deadline = Date.now() + 30_000;
  while (!existsSync(portFile) || readFileSync(portFile, 'utf8').split('\n')[0] === '') {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error('Chromium did not open its DevTools port');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { port: Number(readFileSync(portFile, 'utf8').split('\n')[0]), stop };
}

/** One page in a Chromium of its own, as a resident's phone opening the link for the first time. */
async function measure(name: string, url: string): Promise<Measured> {
  const chromium = await launchChromium();
  let result: Awaited<ReturnType<typeof lighthouse>>;
  try {
    result = await lighthouse(url, { port: chromium.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
  } finally {
    await chromium.stop();
  }
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse could not measure ${url}: ${lhr.runtimeError.message}`);
  const scores = Object.fromEntries(CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)])) as Record<Category, number>;
  const failing = CATEGORIES.filter((id) => scores[id] < GOALS[id]).flatMap((id) =>
    (lhr.categories[id]?.auditRefs ?? [])
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit && audit.score !== null && audit.score < 0.9 && !['informative', 'manual', 'notApplicable'].includes(audit.scoreDisplayMode))
      .map((audit) => `${id}: ${audit!.id}${audit!.displayValue ? ` (${audit!.displayValue})` : ''}`),
  );
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  return { name, scores, lcpMs: numeric('largest-contentful-paint'), tbtMs: numeric('total-blocking-time'), cls: numeric('cumulative-layout-shift'), failing };
}

export async function run(): Promise<void> {
  ensureClient();
  const h = await startHarness();
  const bare: Server = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(BARE_PAGE));
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareAddress = bare.address();
  const barePort = typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0;
  try {
    const slug = encodeURIComponent(h.slug);
    const pages: Array<[string, string]> = [
      ['start page /', '/'],
      ['process page /p/:slug', `/p/${slug}`],
      ['survey start /p/:slug/umfrage', `/p/${slug}/umfrage`],
      ['survey start in Arabic (?lang=ar)', `/p/${slug}/umfrage?lang=ar`],
      ['released results /p/:slug/ergebnisse', `/p/${slug}/ergebnisse`],
      ['measures /p/:slug/massnahmen', `/p/${slug}/massnahmen`],
    ];
    console.log(`Lighthouse 12.2.3 in Debian's Chromium, its mobile profile (simulated slow 4G, 4× CPU slowdown), the real server on a temp SQLite file`);
    const ceiling = await measure('bare page (node:http, no script)', `http://127.0.0.1:${barePort}/`);
    const rows = [ceiling];
    for (const [name, path] of pages) rows.push(await measure(name, h.baseUrl + path));
    const header = `  ${'page'.padEnd(40)} ${'perf'.padStart(5)} ${'a11y'.padStart(5)} ${'best'.padStart(5)} ${'seo'.padStart(5)}  ${'LCP'.padStart(8)} ${'÷ bare'.padStart(7)}  ${'TBT'.padStart(6)}  ${'CLS'.padStart(6)}`;
    console.log(header);
    for (const row of rows) {
      const { performance, accessibility, seo } = row.scores;
      console.log(
        `  ${row.name.padEnd(40)} ${String(performance).padStart(5)} ${String(accessibility).padStart(5)} ${String(row.scores['best-practices']).padStart(5)} ${String(seo).padStart(5)}  ${`${fmt(row.lcpMs / 1000, 2)} s`.padStart(8)} ${`${fmt(row.lcpMs / ceiling.lcpMs, 2)}×`.padStart(7)}  ${`${fmt(row.tbtMs, 0)} ms`.padStart(6)}  ${fmt(row.cls, 3).padStart(6)}`,
      );
      for (const failing of row === ceiling ? [] : row.failing) console.log(`      below the goal: ${failing}`);
    }
    const measured = rows.slice(1);
    const met = (category: Category) => measured.every((row) => row.scores[category] >= GOALS[category]);
    console.log(
      `  goals: ${CATEGORIES.map((id) => `${id} ${id === 'accessibility' || id === 'best-practices' ? '=' : '≥'} ${GOALS[id]} ${met(id) ? 'met' : 'NOT met'}`).join('; ')}; CLS < ${CLS_GOAL} ${measured.every((row) => row.cls < CLS_GOAL) ? 'met' : 'NOT met'} on every page`,
    );
  } finally {
    bare.close();
    await h.close();
  }
}
