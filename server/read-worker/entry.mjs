// The read worker's entry: plain JavaScript, so it starts the same under `tsx` (the server), vitest
// and the CLI. tsx compiles ./worker.ts and what it imports in a namespace of its own, which does
// not clash with a loader the parent process already registered.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
