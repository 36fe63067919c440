/**
 * `npm start`'s first step: bundles the server into `dist/server/` with esbuild when the bundle is
 * missing or its sources changed since the last build (after a `git pull`), builds the client the
 * same way (unless SERVE_CLIENT=false), then exits; the server itself then runs as plain
 * JavaScript under `node` (`dist/server/start.mjs`).
 *
 * Why a bundle: under `tsx` every module is compiled at load and its loader stays resident, in the
 * server's thread and again in each read worker (about 35 MiB each). Bundled, the server listens
 * in about half the memory and a read worker costs little more than its database connection
 * (BENCHMARKS.md, "Memory of the server"). Packages stay outside the bundle (`node_modules` as
 * installed, native modules included); files read at run time are found from the project root
 * (db/root.ts). Development (`npm run dev`), the tests and the command-line scripts run the
 * sources under `tsx` as before.
 *
 * `npx tsx scripts/server-build.ts --force` builds even when the sources did not change.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { fromRoot } from '../db/root.ts';
import { ensureClientBuilt, sourceFingerprint } from './client-build.ts';
import { configOrExit } from './_cli.ts';

/**
 * Node's flags for the server (`npm start` in package.json and tests/helpers/server-process.ts
 * run it with them; tests/unit/server-build.test.ts checks they agree): a young generation of
 * 2 MiB semi-spaces instead of up to 16 MiB, in the event loop and in the read workers alike (V8
 * takes the flag for every thread). A server allocates little per request; the start-up's
 * garbage and a stream's short-lived rows then never spread over 32 MiB of new space per thread.
 * Listening 141 → 116 MiB, with a read worker 206 → 155 MiB (BENCHMARKS.md, "Memory of the server").
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2'];

/** Everything the server bundle is made of (migrations, catalogs and fonts are read at run time, not bundled). */
const SOURCES = ['server', 'db', 'shared', 'scripts/start.ts', 'scripts/client-build.ts', 'scripts/server-build.ts', 'package-lock.json', 'tsconfig.json'];
const STAMP = '.source-fingerprint';
export const SERVER_DIR = fromRoot('dist', 'server');

/** Bundles the server unless a bundle of the same sources is there. Returns whether it built. */
export async function ensureServerBuilt(options: { force?: boolean; log?: (message: string) => void } = {}): Promise<boolean> {
  const fingerprint = sourceFingerprint(SOURCES);
  const stamp = join(SERVER_DIR, STAMP);
  if (!options.force && existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint) return false;
  options.log?.(existsSync(stamp) ? 'The server changed since its last build: bundling it again…' : 'Bundling the server (first start)…');
  // Built beside the old bundle and swapped in whole, so a second start at the same moment never
  // runs half a bundle.
  const staging = `${SERVER_DIR}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  await build({
    entryPoints: {
      start: fromRoot('scripts', 'start.ts'),
      'read-worker': fromRoot('server', 'read-worker', 'worker.ts'),
      'write-worker': fromRoot('server', 'write-worker', 'worker.ts'),
      'write-checkpointer': fromRoot('server', 'write-worker', 'checkpointer.ts'),
    },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Modules imported on first use (the PDF and DOCX writers with pdfkit, docx, qrcode, bidi-js)
    // stay chunks of their own: bundled inline, their packages' imports would be hoisted to the
    // top and loaded at start.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  writeFileSync(join(staging, STAMP), fingerprint);
  rmSync(SERVER_DIR, { recursive: true, force: true });
  renameSync(staging, SERVER_DIR);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const log = (message: string) => console.log(message);
  await ensureServerBuilt({ force: process.argv.includes('--force'), log });
  // The client too, here and not in the server (scripts/start.ts only checks again): vite's build
  // would stay in the server's memory as long as it runs (440 MiB instead of 120 after an upgrade).
  if (configOrExit().SERVE_CLIENT) await ensureClientBuilt(fromRoot('dist', 'client'), log);
}
