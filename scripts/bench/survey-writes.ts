/**
 * Survey submissions under load: "survey submissions at ≥ 50 % of a bare Fastify +
 * better-sqlite3 insert of the same row with synchronous=NORMAL, p99 < 50 ms at 50
 * connections — while keeping synchronous=FULL and answering 2xx only after the commit."
 *
 * The real app (group commit as configured by default) and three bare ceilings (_bare.ts:
 * FULL, NORMAL, FULL with a 2 ms group commit), each listening on loopback with its own SQLite
 * file, get valid bodies from wrk in a process of its own (_load.ts), 50 connections, for
 * `BENCH_ROUND_SECONDS` per round. The sides take turns in rounds, so a busy moment of the shared
 * machine falls on all of them; each figure is printed beside the ceilings and the ratios.
 *
 * wrk (`apt-get install -y wrk`) rather than autocannon: autocannon costs about 500 µs of CPU per
 * request here and tops out near 2,000 requests/s on two cores, so every bare side measured the
 * load generator (all three at the same ~1,940/s). Without wrk the bench falls back to
 * autocannon and says that its ceilings are capped.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess, seedDefaultSurvey } from '../../db/seed/index.ts';
import { buildApp } from '../../server/app.ts';
import { configSchema } from '../../server/config.ts';
import { buildSubmission, solvePow } from '../../tests/factories/survey.ts';
import { bareSurveyApp, COMMIT_MODES, listen, type CommitMode } from './_bare.ts';
import { hasWrk, postLoad, postLoadWrk, type LoadFigures } from './_load.ts';
import { fmt } from './_util.ts';

const CONNECTIONS = 50;
/** autocannon: submissions per side and round. */
const PER_ROUND = Number(process.env.BENCH_SUBMISSIONS_PER_ROUND ?? 2_000);
/** wrk: seconds per side and round, and the most answers per second the real app is given bodies for. */
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 3);
const MAX_REAL_RATE = 6_000;
const ROUNDS = 3;
/**
 * Submissions each side gets before the rounds. With 300 the first round was the slowest in every
 * run (1,380–1,488/s against 1,771–2,346/s in the later ones): the write worker's code was still
 * being compiled and its caches filled. With 3,000 the first round's p99 was still the worst in
 * every run on record (44–64 ms against 26–41 ms after it); with 8,000 it was 28 and 44 ms in two
 * runs, beside 27–32 ms after it (BENCHMARKS.md, 2026-12-04 evening). A server runs for days;
 * the rounds measure it warm.
 */
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 8_000);
/** The goal: Mitreden at half the bare NORMAL rate or more, p99 below 50 ms. */
const TARGET_SHARE = 0.5;
const TARGET_P99_MS = 50;

interface Side {
  label: string;
  url: string;
  runs: LoadFigures[];
  /** CPU time of this process (where every side's server runs, one at a time) while the side was loaded, µs. */
  cpuMicros: number;
}

/** Valid submissions, each with its own id and a solved challenge of the real app; not timed. */
async function prepareBodies(app: Awaited<ReturnType<typeof buildApp>>['app'], count: number): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const challenge = await app.inject({ method: 'GET', url: `/api/processes/${DEFAULT_PROCESS_SLUG}/challenge` });
    bodies.push(JSON.stringify(buildSubmission({ altcha: await solvePow(challenge.json()) })));
  }
  return bodies;
}

function total(runs: LoadFigures[]) {
  const answers = runs.reduce((sum, run) => sum + run.answers, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const statuses: Record<string, number> = {};
  for (const run of runs) for (const [code, count] of Object.entries(run.statuses)) statuses[code] = (statuses[code] ?? 0) + count;
  // The p50/p99 of all answers: autocannon gives percentiles per run, so take the worst round's (a bound, not a mean).
  return { perSecond: answers / seconds, p50: Math.max(...runs.map((run) => run.p50)), p99: Math.max(...runs.map((run) => run.p99)), answers, seconds, statuses, errors: runs.reduce((sum, run) => sum + run.errors, 0) };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-bench-survey-writes-'));
  const databasePath = join(dir, 'mitreden.sqlite');
  const db = openDatabase(databasePath);
  seedDefaultProcess(db);
  seedDefaultSurvey(db);
  // Rate limits out of the way; every other check runs as in production, group commit as configured by default.
  const config = configSchema.parse({ DATABASE_PATH: databasePath, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000000', RESPONSES_PER_MINUTE: '1000000000' });
  // A phone's proof of work takes ~0.4 s of CPU; the lowest cost and counter let the bench solve one per
  // submission beforehand. The server's check per submission is the same two HMACs whatever the cost.
  const { app } = await buildApp({ config, db, clientDir: null, logger: false, surveyGuard: { powCost: 1, powCounterMin: 1, powCounterMax: 2 } });
  const ids = db.$client
    .prepare('SELECT p.id processId, s.id surveyId FROM processes p JOIN surveys s ON s.process_id = p.id WHERE p.slug = ? AND s.version = 1')
    .get(DEFAULT_PROCESS_SLUG) as { processId: string; surveyId: number };
  const modes = Object.keys(COMMIT_MODES) as CommitMode[];
  const bares = await Promise.all(modes.map((mode) => bareSurveyApp(join(dir, `bare-${mode}.sqlite`), mode, ids)));
  try {
    const wrk = hasWrk();
    const perRound = wrk ? MAX_REAL_RATE * ROUND_SECONDS : PER_ROUND;
    const started = performance.now();
    const bodies = await prepareBodies(app, WARM_UP + ROUNDS * perRound);
    const prepared = `bodies with solved challenges prepared in ${fmt((performance.now() - started) / 1000)} s (not timed)`;
    console.log(
      wrk
        ? `Valid submissions of the default survey (Turkish, 3 free texts) for ${ROUND_SECONDS} s per side and round after ${WARM_UP} warm-up ones, ${CONNECTIONS} connections from wrk in its own process, ${ROUNDS} rounds taking turns; ${prepared}`
        : `${(ROUNDS * PER_ROUND).toLocaleString('en-US')} valid submissions of the default survey (Turkish, 3 free texts) per side after ${WARM_UP} warm-up ones, ${CONNECTIONS} connections from autocannon in its own process, ${ROUNDS} rounds taking turns; ${prepared}`,
    );
    if (!wrk) console.log('  wrk is not installed (apt-get install -y wrk): autocannon tops out near 2,000 requests/s here, so the bare ceilings below may be its own');
    console.log(`Mitreden: WAL, synchronous=FULL, group commit in the survey's write worker (each transaction holds what came during the last; GROUP_COMMIT_MS=${config.GROUP_COMMIT_MS} ms when idle); 2xx only after the commit`);
    const sides: Side[] = [
      { label: `Mitreden POST /api/processes/${DEFAULT_PROCESS_SLUG}/responses`, url: `${await listen(app)}/api/processes/${DEFAULT_PROCESS_SLUG}/responses`, runs: [], cpuMicros: 0 },
    ];
    for (const [index, mode] of modes.entries()) {
      sides.push({ label: `bare Fastify + better-sqlite3, ${COMMIT_MODES[mode]}`, url: `${await listen(bares[index]!.app)}/responses`, runs: [], cpuMicros: 0 });
    }
    // The bare sides store any id once: with wrk they get one body whose id is new in every request.
    const bareTemplate = [JSON.stringify(buildSubmission({ id: '{{id}}' }))];
    const load = (side: Side, real: readonly string[]) =>
      wrk
        ? postLoadWrk(side.url, side === sides[0] ? real : bareTemplate, { connections: CONNECTIONS, seconds: ROUND_SECONDS })
        : postLoad(side.url, real, { connections: CONNECTIONS });

    const warmUp = bodies.slice(0, WARM_UP);
    for (const side of sides) await postLoad(side.url, warmUp, { connections: CONNECTIONS });
    for (let round = 0; round < ROUNDS; round += 1) {
      const slice = bodies.slice(WARM_UP + round * perRound, WARM_UP + (round + 1) * perRound);
      for (const side of sides) {
        // What the last side wrote and did not sync (bare NORMAL syncs only at checkpoints) goes to disk now, untimed,
        // rather than during this side's run, where the kernel's writeback would slow its fsyncs.
        execFileSync('sync');
        const before = process.cpuUsage();
        side.runs.push(await load(side, slice));
        const used = process.cpuUsage(before);
        side.cpuMicros += used.user + used.system;
      }
    }

    const figures = sides.map((side) => {
      const figure = total(side.runs);
      return { label: side.label, ...figure, cpuPerAnswer: side.cpuMicros / figure.answers };
    });
    for (const figure of figures) {
      console.log(
        `  ${figure.label.padEnd(72)} ${fmt(figure.perSecond, 0).padStart(6)} /s   p50 ${fmt(figure.p50, 0).padStart(4)} ms   p99 ${fmt(figure.p99, 0).padStart(5)} ms   ` +
          `server CPU ${fmt(figure.cpuPerAnswer, 0).padStart(5)} µs per answer   ${JSON.stringify(figure.statuses)}`,
      );
    }
    console.log(`  Mitreden's rounds: ${sides[0]!.runs.map((run) => `${fmt(run.answers / run.seconds, 0)}/s p99 ${fmt(run.p99, 0)} ms`).join('; ')} (the p99 above is the worst round's)`);
    const [real, full, normal, group] = figures as [(typeof figures)[0], (typeof figures)[0], (typeof figures)[0], (typeof figures)[0]];
    const bareRates = [full, normal, group].map((figure) => figure.perSecond);
    if (Math.min(...bareRates) > 0.95 * Math.max(...bareRates)) {
      console.log('  the three bare ceilings are within 5 % of each other: the load generator, not the servers, set them (the share below is flattered)');
    }
    const share = real.perSecond / normal.perSecond;
    console.log(
      `  Mitreden reaches ${fmt(100 * share, 0)} % of bare NORMAL (target ≥ ${fmt(100 * TARGET_SHARE, 0)} %: ${share >= TARGET_SHARE ? 'met' : 'NOT met'}), ` +
        `${fmt((100 * real.perSecond) / full.perSecond, 0)} % of bare FULL, ${fmt((100 * real.perSecond) / group.perSecond, 0)} % of bare FULL + 2 ms group commit; ` +
        `p99 ${fmt(real.p99, 0)} ms (target < ${TARGET_P99_MS} ms: ${real.p99 < TARGET_P99_MS ? 'met' : 'NOT met'}), ${fmt(real.p99 / Math.max(1, normal.p99))}× bare NORMAL's`,
    );
    const unexpected = figures.filter((figure) => figure.errors > 0 || Object.keys(figure.statuses).some((code) => code !== '201'));
    if (unexpected.length > 0) throw new Error(`answers other than 201: ${unexpected.map((figure) => `${figure.label} ${JSON.stringify(figure.statuses)}, ${figure.errors} errors`).join('; ')}`);

    const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
    const responses = count('SELECT count(*) n FROM responses');
    const flagged = count(`SELECT count(*) n FROM responses WHERE flags <> '[]'`);
    const per = (table: string) => fmt(count(`SELECT count(*) n FROM ${table}`) / responses, 0);
    console.log(
      `  the real path stored ${responses.toLocaleString('en-US')} responses, ${flagged} flagged by a soft check; each is 1 response row, ${per('answers')} answer rows, ` +
        `${per('contributions')} contributions (masked, suggested) and ${per('contribution_tags')} tags; the bare one 1 row`,
    );
    if (flagged > 0) throw new Error('some submissions were flagged: the bench did not measure the path of a valid response');
  } finally {
    await app.close();
    await Promise.all(bares.map((bare) => bare.close()));
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}
