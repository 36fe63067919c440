import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crashCycles } from '../helpers/durability.ts';

const CYCLES = 20;

describe('durability under SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Each cycle starts the real server (npm start's script) as a child process; the time is mostly those starts.
  it(
    `keeps every acknowledged survey response and stall note, none in part, through ${CYCLES} kills of the server mid-write`,
    async () => {
      const report = await crashCycles({ dir, cycles: CYCLES });
      expect(report.ackedResponses).toBeGreaterThan(0);
      expect(report.ackedNotes).toBeGreaterThan(0);
      expect({ lostResponses: report.lostResponses, lostNotes: report.lostNotes, partial: report.partial, integrity: report.integrity }).toEqual({
        lostResponses: 0,
        lostNotes: 0,
        partial: 0,
        integrity: 'ok',
      });
    },
    600_000,
  );
});
