// Health-check prober of the masking benchmark. It runs in a worker thread, so its own timing does
// not wait on the server's event loop: it asks the health URL every `everyMs` (one request in
// flight at a time) and records each answer's latency until the parent posts "stop". Plain
// JavaScript: a worker does not get tsx.
/* global fetch, setTimeout */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ url: string; everyMs: number }} */
const { url, everyMs } = workerData;
const latenciesMs = [];
let stopped = false;
parentPort.once('message', () => {
  stopped = true;
});

while (!stopped) {
  const started = performance.now();
  const response = await fetch(url);
  await response.text();
  latenciesMs.push(performance.now() - started);
  const wait = everyMs - (performance.now() - started);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
}
parentPort.postMessage({ latenciesMs });
