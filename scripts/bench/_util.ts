/** Small helpers shared by the benchmarks. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS } from '../server-build.ts';

/**
 * Makes sure the script `url` runs under the server's V8 flags (`SERVER_NODE_FLAGS`, as `npm start`
 * gives them), since the app it measures runs in its process: without them, runs the script again
 * with them (and its arguments) and exits with its status. `process.execArgv` holds tsx's loader;
 * the flags go beside it.
 */
export function underServerFlags(url: string): void {
  if (SERVER_NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) return;
  const again = spawnSync(process.execPath, [...process.execArgv, ...SERVER_NODE_FLAGS, fileURLToPath(url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

export function fmt(value: number, digits = 1): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function mib(bytes: number): string {
  return `${fmt(bytes / 1024 / 1024)} MiB`;
}

/** Bytes in kB of 1,000 bytes, as Vite reports chunk sizes. */
export function kB(bytes: number): string {
  return `${fmt(bytes / 1000)} kB`;
}
