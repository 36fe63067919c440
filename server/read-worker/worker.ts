/**
 * One read worker: a thread with its own read-only connection to the database file (WAL lets it
 * read while the server's connection writes). It runs the heavy reads — aggregates, results,
 * export rows — so the server's event loop stays free for other requests meanwhile.
 *
 * A stream gets a connection of its own for as long as it runs: better-sqlite3 keeps the
 * connection busy while a statement is being iterated, and calls must not wait for a download.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { closeDatabase, openReadOnlyDatabase, type Db } from '../../db/index.ts';
import { READ_CALLS, READ_STREAMS } from './methods.ts';
import { STREAM_BATCH, toWire, type Reply, type Request } from './protocol.ts';

const port = parentPort!;
const { path } = workerData as { path: string };
const db = openReadOnlyDatabase(path);
const streams = new Map<number, { rows: Iterator<unknown>; db: Db }>();

const post = (reply: Reply) => port.postMessage(reply);

function stop(id: number) {
  const stream = streams.get(id);
  if (!stream) return;
  streams.delete(id);
  try {
    stream.rows.return?.();
  } finally {
    closeDatabase(stream.db);
  }
}

function nextBatch(id: number) {
  const stream = streams.get(id);
  if (!stream) return;
  try {
    const batch: unknown[] = [];
    const transfer: ArrayBuffer[] = [];
    let done = false;
    while (batch.length < STREAM_BATCH) {
      const next = stream.rows.next();
      if (next.done) {
        done = true;
        break;
      }
      batch.push(next.value);
      // A chunk of bytes (a file made here) is a batch of its own, and its buffer moves rather than being copied.
      const bytes = (next.value as { bytes?: unknown } | null)?.bytes;
      if (bytes instanceof Uint8Array) {
        transfer.push(bytes.buffer as ArrayBuffer);
        break;
      }
    }
    if (done) stop(id);
    port.postMessage({ id, batch, done } satisfies Reply, transfer);
  } catch (error) {
    stop(id);
    post({ id, error: toWire(error) });
  }
}

port.on('message', (request: Request) => {
  switch (request.type) {
    case 'call':
      // A method may return a promise (one that loads its library on first use, as the PDFs do).
      try {
        const method = READ_CALLS[request.method as keyof typeof READ_CALLS] as (db: Db, args: unknown) => unknown;
        const result = method(db, request.args);
        if (result instanceof Promise) {
          const id = request.id;
          result.then(
            (value: unknown) => post({ id, result: value }),
            (error: unknown) => post({ id, error: toWire(error) }),
          );
        } else post({ id: request.id, result });
      } catch (error) {
        post({ id: request.id, error: toWire(error) });
      }
      return;
    case 'stream': {
      const own = openReadOnlyDatabase(path);
      try {
        const method = READ_STREAMS[request.method as keyof typeof READ_STREAMS] as (db: Db, args: unknown) => Iterable<unknown>;
        streams.set(request.id, { rows: method(own, request.args)[Symbol.iterator](), db: own });
      } catch (error) {
        closeDatabase(own);
        post({ id: request.id, error: toWire(error) });
        return;
      }
      nextBatch(request.id);
      return;
    }
    case 'more':
      nextBatch(request.id);
      return;
    case 'cancel':
      stop(request.id);
      return;
  }
});

port.on('close', () => {
  for (const id of [...streams.keys()]) stop(id);
  closeDatabase(db);
});
