/**
 * The long form of tests/api/durability.test.ts: more SIGKILL cycles of the real server under
 * two survey and two stall-sync clients (`BENCH_CRASH_CYCLES`, default 60), then every
 * acknowledged write is looked up in the file and `integrity_check` is run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crashCycles } from '../../tests/helpers/durability.ts';
import { fmt } from './_util.ts';

export async function run(): Promise<void> {
  const cycles = Number(process.env.BENCH_CRASH_CYCLES ?? 60);
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-bench-crash-'));
  try {
    const report = await crashCycles({ dir, cycles, log: (line) => console.log(`  ${line}`) });
    console.log(
      `${report.cycles} SIGKILLs of the server under 2 survey + 2 sync clients in ${fmt(report.seconds)} s: ` +
        `${report.ackedResponses.toLocaleString('en-US')} responses and ${report.ackedNotes.toLocaleString('en-US')} notes acknowledged, ` +
        `lost ${report.lostResponses} responses and ${report.lostNotes} notes, ${report.partial} partial, integrity_check ${report.integrity}; ` +
        `${report.cutOff} requests cut off unanswered`,
    );
    if (report.lostResponses + report.lostNotes + report.partial > 0 || report.integrity !== 'ok') throw new Error('durability failed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
