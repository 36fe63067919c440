/** Cold start of the whole app on a fresh SQLite file: migrate, seed, build, first health answer; and its memory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { seedDefaultProcess } from '../../db/seed/index.ts';
import { buildApp } from '../../server/app.ts';
import { configSchema } from '../../server/config.ts';
import { fmt, mib } from './_util.ts';

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-bench-'));
  const started = performance.now();
  const db = openDatabase(join(dir, 'bench.sqlite'));
  seedDefaultProcess(db);
  const { app } = await buildApp({ config: configSchema.parse({ DATABASE_PATH: join(dir, 'bench.sqlite'), LOG_LEVEL: 'silent' }), db, logger: false });
  const health = await app.inject({ method: 'GET', url: '/api/health' });
  const elapsed = performance.now() - started;
  const n = 2000;
  const t0 = performance.now();
  for (let i = 0; i < n; i += 1) await app.inject({ method: 'GET', url: '/api/processes/integrationskonzept' });
  const perSecond = n / ((performance.now() - t0) / 1000);
  console.log(`cold start to first /api/health (${health.statusCode}): ${fmt(elapsed, 0)} ms`);
  console.log(`GET /api/processes/:slug in process: ${fmt(perSecond, 0)} requests/s`);
  console.log(`resident memory after start: ${mib(process.memoryUsage().rss)}`);
  await app.close();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
}
