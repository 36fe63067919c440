/**
 * `npm run bench`: runs every benchmark in this folder (each module exports `run()`) and
 * prints its figures. Benchmarks measure speed and weight goals; tests never time anything.
 * `npm run bench -- survey stall` runs only the named ones.
 *
 * Several benchmarks run the app in this process (survey-writes, stall, …), so this process runs
 * under the server's own V8 flags (`SERVER_NODE_FLAGS`, as `npm start` gives them): started
 * without them, it starts itself again with them. Under V8's default young generation the
 * survey's write path measured 10–25 % faster than the server as shipped (BENCHMARKS.md).
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { underServerFlags } from './_util.ts';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);

underServerFlags(import.meta.url);
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
