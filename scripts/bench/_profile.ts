/**
 * Not a benchmark: a CPU profile of the server while it is under the benchmark's load, for
 * finding where the time goes. `npx tsx scripts/bench/_profile.ts survey|stall [out.cpuprofile]`
 * runs the real app in this process (under the server's V8 flags, as `npm run bench`) and the load (autocannon, or the stall batches) beside it
 * (`GROUP_COMMIT_MS`, `PROFILE_SUBMISSIONS`, `PROFILE_RUNS` from the environment; `SURVEY_WRITE_WORKER=0`
 * runs the survey's group commit on the event loop, so one profile holds the whole write path),
 * with V8's sampling profiler on only while the load runs, then prints the self time by function
 * and by package. Open the written .cpuprofile in Chrome's DevTools for the call tree.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess, seedDefaultSurvey } from '../../db/seed/index.ts';
import { buildApp } from '../../server/app.ts';
import { configSchema } from '../../server/config.ts';
import { createUser } from '../../server/features/auth/auth.service.ts';
import { buildSubmission, solvePow } from '../../tests/factories/survey.ts';
import { listen } from './_bare.ts';
import { postLoad } from './_load.ts';
import { underServerFlags } from './_util.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url;
  const root = new URL('../../', import.meta.url).href;
  return url ? url.replace(root, '') : '(native)';
}

function report(profile: Profile, top = 40): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame;
    const name = `${frame.functionName || '(anonymous)'}  ${where(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    byPlace.set(where(frame.url), (byPlace.get(where(frame.url)) ?? 0) + micros);
  }
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${name}`);
  };
  console.log(`total sampled ${(total / 1000).toFixed(0)} ms`);
  print('self time by package / file', byPlace);
  print('self time by function', byFunction);
}

/** Inclusive time of every function whose name matches, summed over the tree without double counting nested calls. */
export function inclusive(profile: Profile, match: (node: ProfileNode) => boolean): number {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const sum = (id: number, inside: boolean): number => {
    const node = byId.get(id)!;
    const now = inside || match(node);
    return (now ? (self.get(id) ?? 0) : 0) + (node.children ?? []).reduce((acc, child) => acc + sum(child, now), 0);
  };
  return sum(profile.nodes[0]!.id, false);
}

async function profiled<T>(work: () => Promise<T>, out: string): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const result = await work();
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
  writeFileSync(out, JSON.stringify(profile));
  report(profile);
  const share = (name: string, match: (node: ProfileNode) => boolean) => {
    const total = profile.timeDeltas.reduce((a, b) => a + b, 0);
    console.log(`  inclusive ${name}: ${((100 * inclusive(profile, match)) / total).toFixed(1)} %`);
  };
  console.log('');
  for (const name of ['commitBatch', 'inspect', 'submitResponse', 'recordContribution', 'prepareText', 'validateAnswers', 'syncBatch', 'prepareItems', 'judgeNote', 'recordContributions', 'flush']) {
    share(name, (node) => node.callFrame.functionName === name);
  }
  share('fastify-type-provider-zod', (node) => node.callFrame.url.includes('fastify-type-provider-zod'));
  share('zod', (node) => node.callFrame.url.includes('node_modules/zod/'));
  breakdown(profile);
  return result;
}

/**
 * Where each sample's time went, by who asked for it: SQLite (a statement's run, split into the
 * transaction's BEGIN/COMMIT, which writes the WAL and waits for its fsync, and the statements),
 * our code by part, the HTTP side (Fastify and its plugins, zod, Node's http), GC and idle. A
 * sample belongs to the first of our named parts any frame of its stack matches, else to the
 * place of its innermost frame that has one (so what Fastify does inside our handler's reply is
 * Fastify's, and what our code does inside a Fastify hook is ours).
 */
function breakdown(profile: Profile): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const has = (part: string) => (frame: ProfileNode['callFrame']) => frame.url.includes(part);
  const named = (...names: string[]) => (frame: ProfileNode['callFrame']) => names.includes(frame.functionName);
  const parts: Array<[string, (frame: ProfileNode['callFrame']) => boolean]> = [
    ['masking (ours)', has('privacy/mask')],
    ['suggester (ours)', (frame) => frame.url.includes('shared/suggest') || frame.url.includes('suggest.service')],
    ['proof of work check (ours)', (frame) => frame.url.includes('survey/pow.ts') || frame.url.includes('survey.abuse')],
    ['answer validation and text normalising (ours)', (frame) => frame.url.includes('survey/answers.ts') || frame.url.includes('text/normalize')],
    ['content hashes (ours)', has('server/hash.ts')],
  ];
  const places: Array<[string, (frame: ProfileNode['callFrame']) => boolean]> = [
    ['zod (request schema)', has('node_modules/zod/')],
    ['drizzle (encoding values)', has('node_modules/drizzle-orm/')],
    ['Fastify and its plugins', (frame) => /node_modules\/(fastify|find-my-way|avvio|@fastify|fast-json|toad-cache|secure-json-parse)/.test(frame.url)],
    ["Node's http, net and streams", (frame) => /^node:(_http|net|internal\/(streams|stream_base|http)|events|stream)/.test(frame.url)],
    ['rows, ids, receipts, caches, group commit (ours, JS)', (frame) => /\/(server|db|shared)\//.test(frame.url) && !frame.url.includes('node_modules')],
  ];
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    all += micros;
    const frames: Array<ProfileNode['callFrame']> = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) frames.push(byId.get(at)!.callFrame);
    const leaf = frames[0]!;
    let group: string;
    if (leaf.functionName === '(idle)') group = 'idle (waiting for the network)';
    else if (leaf.functionName === '(garbage collector)') group = 'garbage collector';
    else if (leaf.url === '' && named('run', 'get', 'all', 'iterate', 'exec')(leaf)) group = frames[1]?.functionName === 'sqliteTransaction' ? 'SQLite: BEGIN/COMMIT (WAL write, fsync)' : 'SQLite: statements';
    else {
      const part = parts.find(([, test]) => frames.some(test));
      const place = part ? undefined : frames.map((frame) => places.find(([, test]) => test(frame))).find(Boolean);
      group = (part ?? place)?.[0] ?? 'other (V8, timers, native)';
    }
    totals.set(group, (totals.get(group) ?? 0) + micros);
  });
  console.log('\nbreakdown (sampled time, first matching group)');
  for (const [group, micros] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`  ${((100 * micros) / all).toFixed(1).padStart(5)} %  ${group}`);
}

underServerFlags(import.meta.url);
const [which = 'survey', out = join(tmpdir(), `mitreden-${which}.cpuprofile`)] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'mitreden-profile-'));
const path = join(dir, 'profile.sqlite');
const db = openDatabase(path);
seedDefaultProcess(db);
seedDefaultSurvey(db);
const config = configSchema.parse({ DATABASE_PATH: path, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000000', RESPONSES_PER_MINUTE: '1000000000', GROUP_COMMIT_MS: process.env.GROUP_COMMIT_MS, SURVEY_WRITE_WORKER: process.env.SURVEY_WRITE_WORKER });
const { app } = await buildApp({ config, db, clientDir: null, logger: false, surveyGuard: { powCost: 1, powCounterMin: 1, powCounterMax: 2 } });
try {
  const base = await listen(app);
  if (which === 'survey') {
    const count = Number(process.env.PROFILE_SUBMISSIONS ?? 4_000);
    const bodies: string[] = [];
    for (let i = 0; i < count + 300; i += 1) {
      const challenge = await app.inject({ method: 'GET', url: `/api/processes/${DEFAULT_PROCESS_SLUG}/challenge` });
      bodies.push(JSON.stringify(buildSubmission({ altcha: await solvePow(challenge.json()) })));
    }
    const url = `${base}/api/processes/${DEFAULT_PROCESS_SLUG}/responses`;
    await postLoad(url, bodies.slice(0, 300), { connections: 50 });
    const figures = await profiled(() => postLoad(url, bodies.slice(300), { connections: 50 }), out);
    console.log(`\n${figures.perSecond.toFixed(0)}/s p99 ${figures.p99} ms ${JSON.stringify(figures.statuses)}`);
  } else {
    const password = 'bench passphrase for the stall';
    await createUser(db, { username: 'bench-staff', password, role: 'staff' }, null);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench-staff', password } });
    const setCookie = login.headers['set-cookie'];
    const headers = { cookie: String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!, 'x-csrf-token': login.json().csrfToken as string, 'content-type': 'application/json' };
    const marketDayId = randomUUID();
    const runs = Number(process.env.PROFILE_RUNS ?? 3);
    await profiled(async () => {
      for (let run = 0; run < runs; run += 1) {
        const notes = Array.from({ length: 5_000 }, (_, i) => ({
          type: 'note',
          id: randomUUID(),
          processSlug: DEFAULT_PROCESS_SLUG,
          marketDayId,
          channel: 'stall',
          text: `Notiz ${i}: Mehr Sprachkurse am Abend und ein Treffpunkt für Familien im Stadtteil, erreichbar unter test${i}@example.org.`,
          kind: 'idea',
          fieldsOfAction: [['arbeit', 'bildung', 'teilhabe', 'freizeit'][i % 4]],
          stadtteil: 'bensberg',
          capturedAt: new Date(Date.UTC(2026, 4, 9, 8) + i * 1000).toISOString(),
        }));
        const marketDay = { type: 'marketDay', id: marketDayId, processSlug: DEFAULT_PROCESS_SLUG, date: '2026-05-09', place: 'Wochenmarkt Bensberg', stadtteil: 'bensberg', staff: ['Bench'] };
        const batches = [[marketDay, ...notes.slice(0, 249)]];
        for (let i = 249; i < notes.length; i += 250) batches.push(notes.slice(i, i + 250));
        const started = performance.now();
        for (const items of batches) {
          const response = await fetch(`${base}/api/stall/sync`, { method: 'POST', headers, body: JSON.stringify({ items }) });
          if (response.status !== 200) throw new Error(`sync answered ${response.status}`);
          await response.arrayBuffer();
        }
        console.log(`run ${run + 1}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
      }
    }, out);
  }
} finally {
  await app.close();
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
}
