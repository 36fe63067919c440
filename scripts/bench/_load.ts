/**
 * Drives HTTP load from a separate process (autocannon in _autocannon.mjs): each body is
 * POSTed once, `connections` requests in flight. Returns the rate of answers and their
 * latency percentiles as autocannon measured them, and every status code seen.
 */
import { execFile } from 'node:child_process';
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
