/**
 * The server's read workers: a small pool of threads (./worker.ts), each with its own read-only
 * connection, that run the heavy reads — the results' aggregates and per-question figures, the
 * rows of an export — off the event loop. So one working group's analysis over a million rows
 * never holds up another request, and an export streams from one statement in a stable order.
 *
 * `call(method, args)` runs a function of READ_CALLS there and resolves with its result;
 * `stream(method, args)` iterates a generator of READ_STREAMS there, batch by batch, as an async
 * generator: the next batch is asked for as soon as one arrives, so reading and writing overlap
 * and at most two batches are in memory. Leaving the loop early (a cancelled download) cancels
 * the stream in the worker, which closes its statement.
 *
 * Arguments and results cross the thread boundary by structured clone: plain data only. An
 * AppError thrown there (a 403, a 400) arrives here as the same AppError.
 *
 * With `size: 0` (the CLI, which is its own process anyway) the same functions run in this thread,
 * streams on a read-only connection of their own.
 */
import { Worker } from 'node:worker_threads';
import { closeDatabase, openReadOnlyDatabase, type Db } from '../../db/index.ts';
import { READ_CALLS, READ_STREAMS, type ReadCalls, type ReadStreams } from './methods.ts';
import { fromWire, type Reply, type Request } from './protocol.ts';

type CallArgs<K extends keyof ReadCalls> = Parameters<ReadCalls[K]>[1];
type CallResult<K extends keyof ReadCalls> = Awaited<ReturnType<ReadCalls[K]>>;
type StreamArgs<K extends keyof ReadStreams> = Parameters<ReadStreams[K]>[1];
type StreamRow<K extends keyof ReadStreams> = ReturnType<ReadStreams[K]> extends Iterable<infer T> ? T : never;

export interface ReadPool {
  call<K extends keyof ReadCalls>(method: K, args: CallArgs<K>): Promise<CallResult<K>>;
  stream<K extends keyof ReadStreams>(method: K, args: StreamArgs<K>): AsyncGenerator<StreamRow<K>>;
  close(): Promise<void>;
}

type Handler = (reply: Reply) => void;

interface Slot {
  worker: Worker;
  busy: number;
  handlers: Map<number, Handler>;
}

// From the sources (tsx, vitest) tsx compiles ./worker.ts through ../worker-entry.mjs; in the
// bundle of `npm start` (scripts/server-build.ts) the worker is read-worker.mjs beside it.
const ENTRY = import.meta.url.endsWith('.ts') ? new URL('../worker-entry.mjs', import.meta.url) : new URL('./read-worker.mjs', import.meta.url);
const MODULE = './read-worker/worker.ts';

/**
 * A read worker's V8 heap ceiling (old space), in MiB. A worker's live data is about 20 MiB (its
 * code, a statement, one batch); without a ceiling V8 lets a long stream's promoted garbage grow
 * to 45–60 MiB before it collects, with one it collects at about half that: the server's peak
 * while a 1M-row CSV streams fell from about 210 to 185 MiB (BENCHMARKS.md, "Memory of the
 * server"). 128 MiB is several times what any read method holds.
 */
const READ_WORKER_OLD_SPACE_MB = 128;

export function createReadPool(db: Db, options: { size: number }): ReadPool {
  const path = db.$client.name;
  if (options.size === 0 || path === ':memory:' || db.$client.memory) return inlinePool(db, path);
  const slots: Array<Slot | undefined> = new Array<Slot | undefined>(options.size).fill(undefined);
  let nextId = 1;
  let closed = false;

  const spawn = (index: number): Slot => {
    const worker = new Worker(ENTRY, { workerData: { path, module: MODULE }, resourceLimits: { maxOldGenerationSizeMb: READ_WORKER_OLD_SPACE_MB } });
    worker.unref();
    const slot: Slot = { worker, busy: 0, handlers: new Map() };
    worker.on('message', (reply: Reply) => slot.handlers.get(reply.id)?.(reply));
    const fail = (error: Error) => {
      if (slots[index] === slot) slots[index] = undefined;
      for (const [id, handler] of slot.handlers) handler({ id, error: { name: error.name, message: error.message, stack: error.stack } });
      slot.handlers.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`read worker stopped (exit code ${code})`)));
    return (slots[index] = slot);
  };

  /** The least busy worker, started on first use (and again after it died). */
  const pick = (): Slot => {
    if (closed) throw new Error('the read workers are closed');
    let best = 0;
    for (let i = 1; i < slots.length; i += 1) if ((slots[i]?.busy ?? 0) < (slots[best]?.busy ?? 0)) best = i;
    return slots[best] ?? spawn(best);
  };

  const send = (slot: Slot, request: Request) => slot.worker.postMessage(request);

  return {
    call(method, args) {
      const slot = pick();
      const id = nextId++;
      slot.busy += 1;
      return new Promise((resolve, reject) => {
        slot.handlers.set(id, (reply) => {
          slot.handlers.delete(id);
          slot.busy -= 1;
          if ('error' in reply) reject(fromWire(reply.error));
          else if ('result' in reply) resolve(reply.result as never);
        });
        send(slot, { type: 'call', id, method, args });
      });
    },

    async *stream(method, args) {
      const slot = pick();
      const id = nextId++;
      const arrived: Reply[] = [];
      let wake: (() => void) | null = null;
      slot.busy += 1;
      slot.handlers.set(id, (reply) => {
        arrived.push(reply);
        wake?.();
      });
      let finished = false;
      try {
        send(slot, { type: 'stream', id, method, args });
        for (;;) {
          while (arrived.length === 0) await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          const reply = arrived.shift()!;
          if ('error' in reply) {
            finished = true;
            throw fromWire(reply.error);
          }
          if (!('batch' in reply)) continue;
          if (reply.done) finished = true;
          // Ask for the next batch before writing this one: the worker reads while we write.
          else send(slot, { type: 'more', id });
          for (const row of reply.batch) yield row as never;
          if (reply.done) return;
        }
      } finally {
        slot.handlers.delete(id);
        slot.busy -= 1;
        if (!finished && slots.includes(slot)) send(slot, { type: 'cancel', id });
      }
    },

    async close() {
      closed = true;
      await Promise.all(slots.map((slot) => slot?.worker.terminate()));
      slots.fill(undefined);
    },
  };
}

/** The same calls in this thread; a stream on a read-only connection of its own, so the main connection stays free. */
function inlinePool(db: Db, path: string): ReadPool {
  return {
    async call(method, args) {
      return (READ_CALLS[method] as (db: Db, args: unknown) => never)(db, args);
    },
    async *stream(method, args) {
      const own = path === ':memory:' || path === '' ? db : openReadOnlyDatabase(path);
      try {
        yield* (READ_STREAMS[method] as (db: Db, args: unknown) => Iterable<never>)(own, args);
      } finally {
        if (own !== db) closeDatabase(own);
      }
    },
    async close() {},
  };
}
