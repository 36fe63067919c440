/**
 * The bundle `npm start` runs (scripts/server-build.ts): the libraries the server loads on first
 * use stay out of what loads at start, and `npm start` passes the same Node flags as the test
 * helper that spawns the server.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../db/root.ts';
import { ensureServerBuilt, SERVER_DIR, SERVER_NODE_FLAGS } from '../../scripts/server-build.ts';

/** The packages a file and the bundle's files it imports statically import at load (not `import()`). */
function packagesLoadedBy(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?"([^"]+)";?$/gm)) {
    if (specifier!.startsWith('.')) for (const name of packagesLoadedBy(join(dirname(file), specifier!), seen)) packages.add(name);
    else if (!specifier!.startsWith('node:')) packages.add(specifier!);
  }
  return packages;
}

const ON_FIRST_USE = ['pdfkit', 'docx', 'exceljs', 'archiver', 'fflate', 'qrcode', 'bidi-js', '@node-rs/argon2', 'vite'];

describe('the server bundle', () => {
  it('loads the file-format libraries and argon2 only when first used, in the server and in a read worker', async () => {
    await ensureServerBuilt();
    for (const entry of ['start.mjs', 'read-worker.mjs']) {
      const loaded = packagesLoadedBy(join(SERVER_DIR, entry));
      expect(loaded.has('fastify') || loaded.has('better-sqlite3')).toBe(true);
      expect([...loaded].filter((name) => ON_FIRST_USE.includes(name)), entry).toEqual([]);
    }
  }, 60_000);

  it('runs under the same Node flags in `npm start` as in the tests that spawn it', () => {
    const { scripts } = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts['start']).toContain(`exec node ${SERVER_NODE_FLAGS.join(' ')} dist/server/start.mjs`);
  });
});
