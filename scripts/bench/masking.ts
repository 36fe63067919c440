/**
 * Masking of personal data (shared/privacy/mask.ts), `npm run bench -- masking`:
 *
 * 1. Recall on the written variants of tests/fixtures/masking.json (e-mails written to get past
 *    filters, phone numbers with dots, spaced digits, Arabic-Indic and Persian digits or in words,
 *    IBANs grouped every which way, streets in lower case, names after a form of address or in a
 *    self-introduction, and the nine languages' conventions):
 *    the share of expected stretches touched by a mask (recall) and covered whole by one mask
 *    (whole: no tail such as "DE89-3704-[Telefon entfernt]" left readable), and the share of
 *    ordinary sentences (dates, prices, bus lines, postcodes, years, counts) changed at all.
 * 2. Time on adversarial inputs of 4,000 characters, each beside a ceiling measured in the same
 *    run on the same input: `toLowerCase()` plus one linear scan /[\p{L}\p{N}]+/gu.
 * 3. A staff sync of the worst batch (240 notes of 4,000 adversarial characters) through the
 *    real app listening on loopback, while a client in a worker thread asks /api/health every
 *    10 ms: the health check's p50/p99 during the sync beside its p99 on an idle server.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess } from '../../db/seed/index.ts';
import { buildApp } from '../../server/app.ts';
import { configSchema } from '../../server/config.ts';
import { createUser } from '../../server/features/auth/auth.service.ts';
import type { NoteItem, MarketDayItem } from '../../shared/api/stall.ts';
import { MAX_CONTRIBUTION_LENGTH } from '../../shared/domain.ts';
import type { MaskKind } from '../../shared/privacy/mask-tokens.ts';
import { maskPersonalData } from '../../shared/privacy/mask.ts';
import { fmt, percentile } from './_util.ts';

export interface Variant {
  language: string;
  kind: MaskKind;
  text: string;
  /** The stretches of `text` that must be masked, each whole. */
  spans: string[];
}

export interface Ordinary {
  language: string;
  text: string;
}

export interface MaskingFixtures {
  variants: Variant[];
  ordinary: Ordinary[];
}

export interface MaskingEvaluation {
  variants: number;
  spans: number;
  /** Share of expected stretches that a mask touches. */
  recall: number;
  /** Share of expected stretches that one mask covers from end to end. */
  whole: number;
  ordinary: number;
  /** Share of ordinary sentences changed by masking. */
  falsePositiveRate: number;
  /** Variants with a stretch not masked whole, and ordinary sentences changed, for the report. */
  misses: Array<{ text: string; masked: string }>;
  changed: Array<{ text: string; masked: string }>;
  byKind: Record<string, { spans: number; whole: number }>;
}

export function loadMaskingFixtures(): MaskingFixtures {
  return JSON.parse(readFileSync(new URL('../../tests/fixtures/masking.json', import.meta.url), 'utf8')) as MaskingFixtures;
}

export function evaluateMasking(fixtures: MaskingFixtures = loadMaskingFixtures()): MaskingEvaluation {
  let spans = 0;
  let touched = 0;
  let whole = 0;
  const misses: MaskingEvaluation['misses'] = [];
  const byKind: MaskingEvaluation['byKind'] = {};
  for (const variant of fixtures.variants) {
    const result = maskPersonalData(variant.text);
    const kind = (byKind[variant.kind] ??= { spans: 0, whole: 0 });
    let from = 0;
    let missed = false;
    for (const expected of variant.spans) {
      const start = variant.text.indexOf(expected, from);
      if (start < 0) throw new Error(`fixture: "${expected}" is not in "${variant.text}"`);
      const end = start + expected.length;
      from = end;
      spans += 1;
      kind.spans += 1;
      if (result.masked.some((span) => span.start < end && start < span.end)) touched += 1;
      if (result.masked.some((span) => span.start <= start && end <= span.end)) {
        whole += 1;
        kind.whole += 1;
      } else missed = true;
    }
    if (missed) misses.push({ text: variant.text, masked: result.text });
  }
  const changed = fixtures.ordinary.map((sentence) => ({ text: sentence.text, masked: maskPersonalData(sentence.text).text })).filter((row) => row.masked !== row.text);
  return {
    variants: fixtures.variants.length,
    spans,
    recall: touched / spans,
    whole: whole / spans,
    ordinary: fixtures.ordinary.length,
    falsePositiveRate: changed.length / fixtures.ordinary.length,
    misses,
    changed,
    byKind,
  };
}

/** Inputs of the maximum contribution length crafted against the finders' anchors and walks. */
export function adversarialInputs(length = MAX_CONTRIBUTION_LENGTH): Record<string, string> {
  const fill = (unit: string) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  return {
    'A-A-A-…': fill('A-'),
    'Aa-Bb-…straße': fill('Aa-Bb-').slice(0, length - 10) + 'straße 12',
    'digits and spaces': fill('0 '),
    'digit runs': fill('0176 1234 '),
    'many @': fill('a@'),
    'spaced @ and dots': fill('a @ b . '),
    'at/dot words': fill('x at y dot '),
    'local part dots': `${fill('a.').slice(0, length - 10)}@web.de`,
    'spaced letters': fill('m a x '),
    'IBAN starts': fill('DE89 '),
    'IBAN separators': fill('DE89-3704-'),
    'number words': fill('null eins '),
    'street words': fill('Hauptstraße '),
    'street + numbers': fill('hauptstrasse 12-'),
    'prepositions': fill('An der Am '),
    'ulica / улица': fill('ul. улица via '),
    'forms of address': fill('Frau Herr Dr. '),
    'introductions': fill('ich heiße Mein Name ist '),
    'brackets': fill('(0)('),
    'Arabic digits': fill('٠١٧٦ '),
  };
}

function medianMs(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}

function ceiling(text: string): void {
  text.toLowerCase();
  text.match(/[\p{L}\p{N}]+/gu);
}

export async function run(): Promise<void> {
  const evaluation = evaluateMasking();
  console.log(
    `test set: ${evaluation.variants} variants with ${evaluation.spans} stretches, ${evaluation.ordinary} ordinary sentences (tests/fixtures/masking.json)`,
  );
  console.log(`recall ${fmt(evaluation.recall * 100)} %, masked whole ${fmt(evaluation.whole * 100)} % (goal ≥ 95 %), ordinary sentences changed ${fmt(evaluation.falsePositiveRate * 100)} % (goal ≤ 2 %)`);
  for (const [kind, figures] of Object.entries(evaluation.byKind)) console.log(`  ${kind}: ${figures.whole}/${figures.spans} whole`);
  for (const miss of evaluation.misses) console.log(`  not whole: ${JSON.stringify(miss.text)} → ${JSON.stringify(miss.masked)}`);
  for (const change of evaluation.changed) console.log(`  changed: ${JSON.stringify(change.text)} → ${JSON.stringify(change.masked)}`);

  console.log(`\ntime per text of ${MAX_CONTRIBUTION_LENGTH.toLocaleString('en-US')} characters (median of 41 runs; goal ≤ 5 ms), beside toLowerCase() + one linear regex scan of the same text:`);
  const inputs = adversarialInputs();
  for (let warm = 0; warm < 10; warm += 1) for (const text of Object.values(inputs)) maskPersonalData(text);
  let worst = { name: '', ms: 0, ceiling: 0 };
  for (const [name, text] of Object.entries(inputs)) {
    const ms = medianMs(41, () => maskPersonalData(text));
    const base = medianMs(41, () => ceiling(text));
    if (ms > worst.ms) worst = { name, ms, ceiling: base };
    console.log(`  ${name.padEnd(20)} ${fmt(ms, 2)} ms   ceiling ${fmt(base, 3)} ms   ratio ${fmt(ms / base, 0)}×`);
  }
  console.log(`worst: ${worst.name} ${fmt(worst.ms, 2)} ms (goal ≤ 5 ms)`);

  await healthDuringWorstBatch(inputs);
}

const BATCH_NOTES = 240;
const HEALTH_EVERY_MS = 10;

/** The worst input for a note: the adversarial text that takes masking longest, cut to the maximum note length. */
function worstNoteTexts(inputs: Record<string, string>): string[] {
  // ASCII only, so 240 of them fit the 1 MiB body limit as the attack did (one byte a character).
  const ranked = Object.values(inputs)
    .filter((text) => /^[\x20-\x7e]*$/.test(text))
    .map((text) => ({ text, ms: medianMs(5, () => maskPersonalData(text)) }))
    .sort((a, b) => b.ms - a.ms);
  return Array.from({ length: BATCH_NOTES }, (_, i) => ranked[i % Math.min(3, ranked.length)]!.text);
}

async function healthDuringWorstBatch(inputs: Record<string, string>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-bench-masking-'));
  const path = join(dir, 'bench.sqlite');
  const db = openDatabase(path);
  seedDefaultProcess(db);
  const { app } = await buildApp({ config: configSchema.parse({ DATABASE_PATH: path, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000' }), db, logger: false });
  try {
    const password = 'bench passphrase for masking';
    await createUser(db, { username: 'bench-staff', password, role: 'staff' }, null);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-staff', password }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };

    const texts = worstNoteTexts(inputs);
    const batch = (): string => {
      const marketDay: MarketDayItem = { type: 'marketDay', id: randomUUID(), processSlug: DEFAULT_PROCESS_SLUG, date: '2026-05-09', place: 'Wochenmarkt Bensberg', stadtteil: 'bensberg' };
      // No fields of action: the suggester reads each note too, the most work a note can cause.
      const notes: NoteItem[] = texts.map((text, i) => ({
        type: 'note',
        id: randomUUID(),
        processSlug: DEFAULT_PROCESS_SLUG,
        marketDayId: marketDay.id,
        channel: 'stall',
        text,
        kind: 'idea',
        fieldsOfAction: [],
        stadtteil: null,
        capturedAt: new Date(Date.UTC(2026, 4, 9, 8) + i * 1000).toISOString(),
      }));
      return JSON.stringify({ items: [marketDay, ...notes] });
    };

    const idle = await probeHealth(base, async () => new Promise((resolve) => setTimeout(resolve, 1_000)));
    let syncMs = 0;
    let status = 0;
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const busy = await probeHealth(base, async () => {
      const started = performance.now();
      const response = await fetch(`${base}/api/stall/sync`, { method: 'POST', headers, body: batch() });
      status = response.status;
      await response.text();
      syncMs = performance.now() - started;
    });
    loopDelay.disable();
    const kib = Buffer.byteLength(batch()) / 1024;
    console.log(`\nworst batch: ${BATCH_NOTES} notes of ${MAX_CONTRIBUTION_LENGTH.toLocaleString('en-US')} adversarial characters (${fmt(kib, 0)} KiB), answered ${status} in ${fmt(syncMs, 0)} ms`);
    console.log(
      `health check every ${HEALTH_EVERY_MS} ms during the sync: ${busy.length} answers, p50 ${fmt(percentile(busy, 50))} ms, p99 ${fmt(percentile(busy, 99))} ms, max ${fmt(busy.at(-1) ?? 0)} ms (goal p99 < 100 ms)`,
    );
    console.log(`server's event-loop delay during the sync: p99 ${fmt(loopDelay.percentile(99) / 1e6)} ms, max ${fmt(loopDelay.max / 1e6)} ms`);
    console.log(`ceiling, idle server in the same run: ${idle.length} answers, p50 ${fmt(percentile(idle, 50))} ms, p99 ${fmt(percentile(idle, 99))} ms; ratio of the p99s ${fmt(percentile(busy, 99) / Math.max(0.01, percentile(idle, 99)))}×`);
  } finally {
    await app.close();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Health-check latencies (sorted, ms) from a worker thread while `during` runs. */
async function probeHealth(base: string, during: () => Promise<void>): Promise<number[]> {
  const worker = new Worker(new URL('./_health-probe.mjs', import.meta.url), { workerData: { url: `${base}/api/health`, everyMs: HEALTH_EVERY_MS } });
  const latencies = new Promise<number[]>((resolve, reject) => {
    worker.once('message', (message: { latenciesMs: number[] }) => resolve(message.latenciesMs));
    worker.once('error', reject);
  });
  await new Promise<void>((resolve) => worker.once('online', () => resolve()));
  // Let the probe send its first requests before the load starts.
  await new Promise((resolve) => setTimeout(resolve, 100));
  await during();
  worker.postMessage('stop');
  const sorted = (await latencies).sort((a, b) => a - b);
  await worker.terminate();
  return sorted;
}
