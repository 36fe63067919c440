/**
 * The project's root folder, where `package.json` lives. Files the server reads at run time
 * (migrations, catalogs, fonts, the suggester's model, the built client) are found from here, so
 * the same code works from its sources (under `tsx` and vitest) and bundled into `dist/server/`
 * (`npm start`, see scripts/server-build.ts), where `import.meta.url` names the bundle.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const PROJECT_ROOT = findRoot(import.meta.dirname);

/** A path inside the project, e.g. `fromRoot('db', 'migrations')`. */
export function fromRoot(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
