/** Tablet sync through the real app on a temp SQLite file: 5,000 notes in batches, then the same again (all duplicates). */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess } from '../../db/seed/index.ts';
import { buildApp } from '../../server/app.ts';
import { configSchema } from '../../server/config.ts';
import { createUser } from '../../server/features/auth/auth.service.ts';
import type { NoteItem, SessionItem, SyncItem } from '../../shared/api/stall.ts';
import { fmt, percentile } from './_util.ts';

const NOTES = 5_000;
const BATCH = 250;
const FIELDS = ['arbeit', 'bildung', 'teilhabe', 'freizeit'];

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-bench-stall-'));
  const path = join(dir, 'bench.sqlite');
  const db = openDatabase(path);
  seedDefaultProcess(db);
  const { app } = await buildApp({ config: configSchema.parse({ DATABASE_PATH: path, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000' }), db, logger: false });
  try {
    const password = 'bench passphrase for the stall';
    await createUser(db, { username: 'bench-staff', password, role: 'staff' }, null);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench-staff', password } });
    const setCookie = login.headers['set-cookie'];
    const headers = { cookie: String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!, 'x-csrf-token': login.json().csrfToken as string };

    const session: SessionItem = { type: 'session', id: randomUUID(), processSlug: DEFAULT_PROCESS_SLUG, date: '2026-05-09', place: 'Wochenmarkt Bensberg', stadtteil: 'bensberg', staff: ['Bench'] };
    const notes: NoteItem[] = Array.from({ length: NOTES }, (_, i) => ({
      type: 'note',
      id: randomUUID(),
      processSlug: DEFAULT_PROCESS_SLUG,
      sessionId: session.id,
      channel: 'stall',
      text: `Notiz ${i}: Mehr Sprachkurse am Abend und ein Treffpunkt für Familien im Stadtteil, erreichbar unter test${i}@example.org.`,
      kind: 'idea',
      fieldsOfAction: [FIELDS[i % FIELDS.length]!],
      stadtteil: 'bensberg',
      capturedAt: new Date(Date.UTC(2026, 4, 9, 8) + i * 1000).toISOString(),
    }));
    const batches: SyncItem[][] = [[session, ...notes.slice(0, BATCH - 1)]];
    for (let i = BATCH - 1; i < NOTES; i += BATCH) batches.push(notes.slice(i, i + BATCH));

    async function pass(label: string, expected: string): Promise<void> {
      const latencies: number[] = [];
      const started = performance.now();
      for (const items of batches) {
        const t0 = performance.now();
        const response = await app.inject({ method: 'POST', url: '/api/stall/sync', headers, payload: { items } });
        latencies.push(performance.now() - t0);
        const results = response.json().results as Array<{ status: string }>;
        if (response.statusCode !== 200 || results.some((r) => r.status !== expected)) throw new Error(`${label}: unexpected answer ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      console.log(
        `${label}: ${NOTES.toLocaleString('en-US')} notes in ${batches.length} batches of ${BATCH}: ${fmt(seconds, 2)} s, ${fmt(NOTES / seconds, 0)} notes/s, batch p50 ${fmt(percentile(latencies, 50), 0)} ms, p95 ${fmt(percentile(latencies, 95), 0)} ms`,
      );
    }

    await pass('first sync (stored)', 'stored');
    await pass('resend (duplicates)', 'duplicate');
    const rows = db.$client.prepare('select count(*) n from contributions where stall_session_id = ?').get(session.id) as { n: number };
    console.log(`rows after both passes: ${rows.n.toLocaleString('en-US')}`);
  } finally {
    await app.close();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}
