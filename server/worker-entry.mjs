// A worker thread's entry when the server runs from its sources (tsx, vitest, the CLI): plain
// JavaScript, so it starts the same everywhere. tsx compiles the worker named in
// `workerData.module` (relative to this folder) and what it imports in a namespace of its own,
// which does not clash with a loader the parent process already registered. In the bundle of
// `npm start` each worker is a file of its own (scripts/server-build.ts) and this one is not used.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.module, import.meta.url);
