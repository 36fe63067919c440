import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess, seedDefaultSurvey } from '../../db/seed/index.ts';
import { buildApp } from '../../server/app.ts';
import { configSchema } from '../../server/config.ts';
import { buildSubmission, solvePow } from '../../tests/factories/survey.ts';
import { postLoad } from './_load.ts';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

const N = Number(process.argv[2] ?? 3000);
const dir = mkdtempSync(join(tmpdir(), 'prof-'));
const databasePath = join(dir, 'm.sqlite');
const db = openDatabase(databasePath);
seedDefaultProcess(db);
seedDefaultSurvey(db);
const config = configSchema.parse({ DATABASE_PATH: databasePath, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000000', RESPONSES_PER_MINUTE: '1000000000' });
const { app } = await buildApp({ config, db, clientDir: null, logger: false, surveyGuard: { powCost: 1, powCounterMin: 1, powCounterMax: 2 } });
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;
let t = performance.now();
const bodies: string[] = [];
for (let i = 0; i < N; i++) {
  const c = await app.inject({ method: 'GET', url: `/api/processes/${DEFAULT_PROCESS_SLUG}/challenge` });
  bodies.push(JSON.stringify(buildSubmission({ altcha: await solvePow(c.json()) })));
}
console.log('bodies', performance.now() - t);
const session = new Session(); session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 200 }); await session.post('Profiler.start');
const r = await postLoad(`http://127.0.0.1:${port}/api/processes/${DEFAULT_PROCESS_SLUG}/responses`, bodies, { connections: 50 });
console.log(r);
const { profile } = await session.post('Profiler.stop'); writeFileSync('/tmp/perf/load.cpuprofile', JSON.stringify(profile));
await app.close();
