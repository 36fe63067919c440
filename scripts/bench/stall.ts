/**
 * Tablet sync: 5,000 notes in batches of 250 over loopback HTTP, through the real app on a temp
 * SQLite file, then the same again (all duplicates); beside a bare Fastify + better-sqlite3 route
 * that inserts the same notes, one transaction per batch with synchronous=FULL (_bare.ts).
 * Target: the 5,000 notes stored in at most 1 s. Three rounds (`BENCH_STALL_ROUNDS`), each a new
 * market day of new notes; the ratio is over the sum of all rounds, the time the best round's.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess } from '../../db/seed/index.ts';
import { buildApp } from '../../server/app.ts';
import { configSchema } from '../../server/config.ts';
import { createUser } from '../../server/features/auth/auth.service.ts';
import type { NoteItem, MarketDayItem, SyncItem } from '../../shared/api/stall.ts';
import { bareNotesApp, listen } from './_bare.ts';
import { fmt, percentile } from './_util.ts';

const NOTES = 5_000;
const BATCH = 250;
const FIELDS = ['arbeit', 'bildung', 'teilhabe', 'freizeit'];
const TARGET_SECONDS = 1;
/** Rounds of bare, first sync and resend in turn, so a busy moment of the shared machine falls on every side. */
const ROUNDS = Number(process.env.BENCH_STALL_ROUNDS ?? 3);

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-bench-stall-'));
  const path = join(dir, 'bench.sqlite');
  const db = openDatabase(path);
  seedDefaultProcess(db);
  const { app } = await buildApp({ config: configSchema.parse({ DATABASE_PATH: path, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000' }), db, logger: false });
  const bare = await bareNotesApp(join(dir, 'bare.sqlite'), 'full');
  try {
    const realUrl = `${await listen(app)}/api/stall/sync`;
    const bareUrl = `${await listen(bare.app)}/sync`;
    const password = 'bench passphrase for the stall';
    await createUser(db, { username: 'bench-staff', password, role: 'staff' }, null);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench-staff', password } });
    const setCookie = login.headers['set-cookie'];
    const headers = { cookie: String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!, 'x-csrf-token': login.json().csrfToken as string };

    /** A market day with its notes in batches, fresh ids each round (a round's notes are new to the server). */
    function newMarketDay(): { marketDay: MarketDayItem; batches: SyncItem[][] } {
      const marketDay: MarketDayItem = { type: 'marketDay', id: randomUUID(), processSlug: DEFAULT_PROCESS_SLUG, date: '2026-05-09', place: 'Wochenmarkt Bensberg', stadtteil: 'bensberg', staff: ['Bench'] };
      const notes: NoteItem[] = Array.from({ length: NOTES }, (_, i) => ({
        type: 'note',
        id: randomUUID(),
        processSlug: DEFAULT_PROCESS_SLUG,
        marketDayId: marketDay.id,
        channel: 'stall',
        text: `Notiz ${i}: Mehr Sprachkurse am Abend und ein Treffpunkt für Familien im Stadtteil, erreichbar unter test${i}@example.org.`,
        kind: 'idea',
        fieldsOfAction: [FIELDS[i % FIELDS.length]!],
        stadtteil: 'bensberg',
        capturedAt: new Date(Date.UTC(2026, 4, 9, 8) + i * 1000).toISOString(),
      }));
      const batches: SyncItem[][] = [[marketDay, ...notes.slice(0, BATCH - 1)]];
      for (let i = BATCH - 1; i < NOTES; i += BATCH) batches.push(notes.slice(i, i + BATCH));
      return { marketDay, batches };
    }

    async function pass(label: string, url: string, batches: SyncItem[][], expected: string): Promise<{ seconds: number; latencies: number[] }> {
      const latencies: number[] = [];
      const started = performance.now();
      for (const items of batches) {
        const t0 = performance.now();
        const response = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ items }) });
        const body = (await response.json()) as { results: Array<{ status: string }> };
        latencies.push(performance.now() - t0);
        if (response.status !== 200 || body.results.some((r) => r.status !== expected && r.status !== 'duplicate')) {
          throw new Error(`${label}: unexpected answer ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
        }
      }
      return { seconds: (performance.now() - started) / 1000, latencies };
    }
    const print = (label: string, runs: Array<{ seconds: number; latencies: number[] }>) => {
      const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
      const seconds = runs.map((run) => run.seconds);
      console.log(
        `  ${label.padEnd(58)} ${fmt(Math.min(...seconds), 2).padStart(5)} s best, ${fmt(seconds.reduce((a, b) => a + b, 0) / seconds.length, 2).padStart(5)} s mean  ` +
          `${fmt(NOTES / Math.min(...seconds), 0).padStart(6)} notes/s   batch p50 ${fmt(percentile(latencies, 50), 0).padStart(4)} ms   p99 ${fmt(percentile(latencies, 99), 0).padStart(4)} ms`,
      );
    };

    const days = Array.from({ length: ROUNDS }, newMarketDay);
    console.log(`${NOTES.toLocaleString('en-US')} notes of one market day in ${days[0]!.batches.length} batches of ${BATCH}, one after the other over loopback HTTP; ${ROUNDS} rounds, the sides taking turns:`);
    const bareRuns: Array<{ seconds: number; latencies: number[] }> = [];
    const first: typeof bareRuns = [];
    const resend: typeof bareRuns = [];
    for (const day of days) {
      bareRuns.push(await pass('bare', bareUrl, day.batches, 'stored'));
      first.push(await pass('first sync', realUrl, day.batches, 'stored'));
      resend.push(await pass('resend', realUrl, day.batches, 'duplicate'));
    }
    print('bare Fastify + better-sqlite3 (synchronous=FULL)', bareRuns);
    print('Mitreden POST /api/stall/sync, first sync (stored)', first);
    print('Mitreden POST /api/stall/sync, resend (duplicates)', resend);
    const bareTotal = bareRuns.reduce((sum, run) => sum + run.seconds, 0);
    const total = first.reduce((sum, run) => sum + run.seconds, 0);
    const best = Math.min(...first.map((run) => run.seconds));
    console.log(
      `  Mitreden stores them in ${fmt(best, 2)} s at best (target ≤ ${TARGET_SECONDS} s: ${best <= TARGET_SECONDS ? 'met' : 'NOT met'}), ` +
        `${fmt((100 * bareTotal) / total, 0)} % of the bare insert's rate over all rounds (which masks, validates and suggests nothing)`,
    );
    const rows = db.$client.prepare(`select count(*) n from contributions where market_day_id in (${days.map(() => '?').join(',')})`).get(...days.map((day) => day.marketDay.id)) as { n: number };
    console.log(`  notes stored after all passes: ${rows.n.toLocaleString('en-US')} (${ROUNDS} × ${NOTES.toLocaleString('en-US')})`);
  } finally {
    await app.close();
    await bare.close();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}
