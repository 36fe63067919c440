/**
 * Drives HTTP load from a separate process: each body is POSTed once, `connections` requests
 * in flight. Returns the rate of answers and their latency percentiles as the load generator
 * measured them, and every status code seen.
 *
 * Two generators: `postLoad` runs autocannon (_autocannon.mjs), a Node program that needs about
 * 500 µs of CPU per request on this machine, so on two cores it tops out near 2,000 requests/s
 * and caps any server faster than that; `postLoadWrk` runs wrk (C, Debian's `wrk` package) with
 * _wrk.lua, about a tenth of that, for the survey bench, whose bare ceilings run at 2,000 to
 * 6,000 requests/s. wrk runs for a time rather than a number of requests.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface LoadFigures {
  /** Answers per second over the whole run. */
  perSecond: number;
  p50: number;
  p99: number;
  answers: number;
  seconds: number;
  /** Answers per status code, e.g. { "201": 5000 }. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
}

interface AutocannonResult {
  latency: { p50: number; p99: number };
  start: string;
  finish: string;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

const run = promisify(execFile);

export async function postLoad(url: string, bodies: readonly string[], options: { connections: number; headers?: Record<string, string> }): Promise<LoadFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-load-'));
  try {
    const bodiesFile = join(dir, 'bodies.jsonl');
    writeFileSync(bodiesFile, bodies.join('\n'));
    const jobFile = join(dir, 'job.json');
    writeFileSync(jobFile, JSON.stringify({ url, bodiesFile, connections: options.connections, headers: options.headers ?? {} }));
    const { stdout } = await run(process.execPath, [new URL('./_autocannon.mjs', import.meta.url).pathname, jobFile], { maxBuffer: 64 * 1024 * 1024 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as AutocannonResult;
    const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]));
    const answers = Object.values(statuses).reduce((sum, count) => sum + count, 0);
    const seconds = (Date.parse(result.finish) - Date.parse(result.start)) / 1000;
    return { perSecond: answers / seconds, p50: result.latency.p50, p99: result.latency.p99, answers, seconds, statuses, errors: result.errors + result.timeouts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether wrk is installed (`apt-get install -y wrk`). */
export function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk prints its usage and exits 1 after --version; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

interface WrkResult {
  requests: number;
  durationMicros: number;
  p50Micros: number;
  p99Micros: number;
  errors: number;
  statuses: Record<string, number>;
}

/**
 * POSTs `bodies` in order for `seconds` over `connections` connections of one wrk thread. A single
 * body holding `{{id}}` is a template that gets a fresh UUID per request (for the bare sides);
 * real bodies must be more than the run can send, or it sends the first ones again (200s).
 */
export async function postLoadWrk(url: string, bodies: readonly string[], options: { connections: number; seconds: number }): Promise<LoadFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-load-'));
  try {
    const bodiesFile = join(dir, 'bodies.jsonl');
    writeFileSync(bodiesFile, `${bodies.join('\n')}\n`);
    const script = new URL('./_wrk.lua', import.meta.url).pathname;
    const { stdout } = await run('wrk', ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', '30s', '-s', script, url], {
      env: { ...process.env, BODIES: bodiesFile },
      maxBuffer: 16 * 1024 * 1024,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as WrkResult;
    const answers = Object.values(result.statuses).reduce((sum, count) => sum + count, 0);
    const seconds = result.durationMicros / 1e6;
    return { perSecond: answers / seconds, p50: result.p50Micros / 1000, p99: result.p99Micros / 1000, answers, seconds, statuses: result.statuses, errors: result.errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
