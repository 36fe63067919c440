/**
 * Keeps `dist/client` in step with the sources: `npm start` builds the client when it is
 * missing or when the client's sources changed since the last build (after a `git pull`),
 * so an upgraded server never serves yesterday's pages. The build writes a fingerprint of
 * what it was built from beside its output.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../db/root.ts';

const ROOT = PROJECT_ROOT;
/** Everything the client bundle is made of. */
const SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'];
const STAMP = '.source-fingerprint';

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

/** A hash over the names and contents of the files under `sources` (folders or files, relative to the project root). */
export function sourceFingerprint(sources: readonly string[]): string {
  const hash = createHash('sha256');
  for (const source of sources) {
    for (const file of filesUnder(source)) hash.update(file).update('\0').update(readFileSync(join(ROOT, file))).update('\0');
  }
  return hash.digest('hex');
}

/** Builds the client into `clientDir` unless a build of the same sources is already there. Returns whether it built. */
export async function ensureClientBuilt(clientDir: string, log: (message: string) => void): Promise<boolean> {
  const fingerprint = sourceFingerprint(SOURCES);
  const stamp = join(clientDir, STAMP);
  if (existsSync(join(clientDir, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint) return false;
  log(existsSync(join(clientDir, 'index.html')) ? 'The client changed since its last build: building it again…' : 'Building the client (first start)…');
  const { build } = await import('vite');
  await build({ logLevel: 'warn', configFile: join(ROOT, 'vite.config.ts') });
  writeFileSync(stamp, fingerprint);
  return true;
}
