/**
 * Tablet sync: 5,000 notes in batches of 250 over loopback HTTP, through the real app on a temp
 * SQLite file, then the same again (all duplicates); beside a bare Fastify + better-sqlite3 route
 * that inserts the same notes, one transaction per batch with synchronous=FULL (_bare.ts).
 * Target: the 5,000 notes stored in at most 1 s.
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

    async function pass(label: string, url: string, expected: string): Promise<number> {
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
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      console.log(
        `  ${label.padEnd(58)} ${fmt(seconds, 2).padStart(5)} s  ${fmt(NOTES / seconds, 0).padStart(6)} notes/s   batch p50 ${fmt(percentile(latencies, 50), 0).padStart(4)} ms   p99 ${fmt(percentile(latencies, 99), 0).padStart(4)} ms`,
      );
      return seconds;
    }

    console.log(`${NOTES.toLocaleString('en-US')} notes of one market day in ${batches.length} batches of ${BATCH}, one after the other over loopback HTTP:`);
    const bareSeconds = await pass('bare Fastify + better-sqlite3 (synchronous=FULL)', bareUrl, 'stored');
    const seconds = await pass('Mitreden POST /api/stall/sync, first sync (stored)', realUrl, 'stored');
    await pass('Mitreden POST /api/stall/sync, resend (duplicates)', realUrl, 'duplicate');
    console.log(
      `  Mitreden stores them in ${fmt(seconds, 2)} s (target ≤ ${TARGET_SECONDS} s: ${seconds <= TARGET_SECONDS ? 'met' : 'NOT met'}), ` +
        `${fmt((100 * bareSeconds) / seconds, 0)} % of the bare insert's rate (which masks, validates and suggests nothing)`,
    );
    const rows = db.$client.prepare('select count(*) n from contributions where market_day_id = ?').get(marketDay.id) as { n: number };
    console.log(`  rows after both passes: ${rows.n.toLocaleString('en-US')}`);
  } finally {
    await app.close();
    await bare.close();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}
