/**
 * `npm run bench`: runs every benchmark in this folder (each module exports `run()`) and
 * prints its figures. Benchmarks measure speed and weight goals; tests never time anything.
 * `npm run bench -- survey stall` runs only the named ones.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts' && !file.startsWith('_'))
  .filter((file) => only.length === 0 || only.includes(basename(file, '.ts')))
  .sort();

for (const file of modules) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run?: () => Promise<void> };
  if (typeof mod.run !== 'function') continue;
  console.log(`\n## ${basename(file, '.ts')}`);
  await mod.run();
}
