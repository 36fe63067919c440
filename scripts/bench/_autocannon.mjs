/* global process */
// Load generator of the benchmarks, in a process of its own (scripts/bench/_load.ts starts it),
// so the client's work never shares the server's event loop. It reads its job as JSON from the
// file named in argv[2]: POST each line of `bodiesFile` once to `url` over `connections`
// keep-alive connections with autocannon, then print autocannon's result as one JSON line.
// Plain JavaScript: it runs under plain node, without tsx.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** @type {{ url: string; bodiesFile: string; connections: number; headers?: Record<string, string> }} */
const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const bodies = readFileSync(job.bodiesFile, 'utf8').split('\n').filter(Boolean);
let next = 0;

const result = await autocannon({
  url: job.url,
  method: 'POST',
  connections: job.connections,
  amount: bodies.length,
  timeout: 30,
  headers: { 'content-type': 'application/json', ...job.headers },
  requests: [
    {
      setupRequest: (request) => {
        const body = bodies[next % bodies.length];
        next += 1;
        return { ...request, body };
      },
    },
  ],
});
process.stdout.write(`${JSON.stringify(result)}\n`);
