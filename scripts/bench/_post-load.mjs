// Load generator of the benchmarks. It runs in a worker thread, so the client's own work does
// not share the server's event loop: it POSTs the prepared JSON bodies to one URL over
// loopback HTTP with a fixed number of requests in flight, until every body is sent or the
// time is up, and reports each request's latency. Plain JavaScript: a worker does not get tsx.
/* global fetch */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ url: string; bodies: string[]; concurrency: number; maxMs: number; expectStatus: number }} */
const { url, bodies, concurrency, maxMs, expectStatus } = workerData;
const latenciesMs = [];
const failures = [];
let unexpected = 0;
let next = 0;
const started = performance.now();
const deadline = started + maxMs;

async function lane() {
  while (next < bodies.length && performance.now() < deadline) {
    const body = bodies[next];
    next += 1;
    const t0 = performance.now();
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await response.text();
      latenciesMs.push(performance.now() - t0);
      if (response.status !== expectStatus) {
        unexpected += 1;
        if (failures.length < 3) failures.push(`${response.status} ${text.slice(0, 200)}`);
      }
    } catch (error) {
      unexpected += 1;
      if (failures.length < 3) failures.push(String(error));
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, lane));
parentPort.postMessage({ latenciesMs, seconds: (performance.now() - started) / 1000, unexpected, failures });
