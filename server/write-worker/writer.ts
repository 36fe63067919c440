/**
 * The survey's writer: where online responses are stored, in group commits (db/group-commit.ts).
 *
 * With a database file it is a worker thread (./worker.ts) with a read-write connection of its
 * own. The event loop parses, checks and answers requests; the worker runs the group
 * transactions — checking answers against the survey, masking and suggesting the free texts
 * the event loop left it, the inserts and the COMMIT with its fsync — so neither waits for the
 * other. The event loop sends each response as soon as the callback that parsed it is done,
 * also while the worker is busy; the worker's next transaction takes every batch that came during
 * the last one, without waiting for a message from the event loop in between. So under load each
 * transaction holds everything that came during the last one; when the worker is idle, the
 * first response waits `windowMs` for others (0 by default: none).
 *
 * Nothing changes for the caller: `store` settles after the COMMIT that holds the response, with
 * `submitResponse`'s result, or rejects when the transaction failed (nothing of it stored).
 * Other writers (the stall sync, admins) keep the event loop's connection; SQLite serialises
 * the two connections' writes (busy_timeout), and the admin tokens of db/cache.ts tell the
 * worker's caches of every change.
 *
 * Beside the worker runs a checkpointer (./checkpointer.ts): at most every `CHECKPOINT_EVERY_MS`
 * while batches commit it copies the WAL's pages into the database file, so the worker does not
 * stop for SQLite's own checkpoint (every 1,000 pages, several times a second under load).
 * Once no batch came for `QUIET_MS`, it folds a WAL file grown past `WAL_KEEP_BYTES` into the
 * database file and cuts it (`wal_checkpoint(TRUNCATE)`, never waiting for a lock), giving the
 * disk back after a burst; under load it never does.
 *
 * A worker that dies fails every batch sent to it and not yet answered (nothing of an
 * uncommitted transaction is stored, and a committed one answers a resend of the same ids as a
 * duplicate) and the next batch starts a new one. After `idleMs` without a response the worker
 * ends, giving its memory back (about
 * 30 MiB); the next response starts it again. Without a file (`:memory:`) or with `worker:
 * false`, the same group commit runs on the event loop's connection.
 */
import { Worker } from 'node:worker_threads';
import { createGroupCommit } from '../../db/group-commit.ts';
import type { Db } from '../../db/index.ts';
import { storeOnlineResponse, type OnlineResponse, type SubmitResponseResult } from '../features/survey/survey.service.ts';
import { AppError } from '../errors.ts';
import { fromWire } from '../read-worker/protocol.ts';
import { aroundSurveyBatch } from './batch.ts';
import type { CheckpointReply, CheckpointRequest, WriteBatch, WriteReply } from './protocol.ts';

export interface SurveyWriter {
  /** Stores one online response in the next group transaction; settles after its COMMIT. */
  store(input: OnlineResponse): Promise<SubmitResponseResult>;
  /**
   * Starts the worker now if it is not running, so the response that follows does not wait for
   * it: a resident's phone asks for the survey and its challenge long before it sends answers.
   */
  warm(): void;
  /** Commits what is queued, then ends the worker. */
  close(): Promise<void>;
  /**
   * Transactions committed (or failed) and responses in them so far (how many shared a commit),
   * the checkpointer's passes (and of them those once writes paused), whether a worker thread
   * runs now, and whether it is inside a batch's transaction now (perhaps waiting for the write
   * lock of another connection).
   */
  stats(): { batches: number; pieces: number; checkpoints: number; quietPasses: number; worker: boolean; writing: boolean };
}

export interface SurveyWriterOptions {
  /** How long the first response waits for others when the writer is idle (`GROUP_COMMIT_MS`). */
  windowMs: number;
  /** A worker thread of its own (the default with a file); `false` runs the group commit on the event loop. */
  worker?: boolean;
  /** Responses per transaction at most. */
  maxBatch?: number;
  /** The worker ends after this long without a response. */
  idleMs?: number;
  /** Once writes paused, a WAL file larger than this is cut (`WAL_KEEP_BYTES` by default). */
  walKeepBytes?: number;
  /** Told when the worker dies (the server's log); the next batch starts a new one. */
  onWorkerError?: (error: Error) => void;
}

interface Pending {
  input: OnlineResponse;
  resolve: (result: SubmitResponseResult) => void;
  reject: (error: unknown) => void;
}

const DEFAULT_MAX_BATCH = 256;
const DEFAULT_IDLE_MS = 10 * 60_000;
/** The worker's V8 heap ceiling (old space), MiB: it holds the suggester's model, the caches and one batch. */
const WRITE_WORKER_OLD_SPACE_MB = 128;
/** The checkpointer's heap holds one prepared statement. */
const CHECKPOINTER_OLD_SPACE_MB = 16;
/** While batches commit, the checkpointer copies the WAL into the file at most this often. */
const CHECKPOINT_EVERY_MS = 100;
/**
 * The worker checkpoints by itself once the WAL holds this many pages (16 MiB): a safety net should
 * the checkpointer fall behind, and the moment the WAL starts from its beginning again (SQLite
 * restarts it only when a writer finds every page copied, which under steady load only the writer
 * itself sees). By then the checkpointer has copied all but its last 100 ms.
 */
const WRITER_AUTOCHECKPOINT_PAGES = 4_000;
/** After this long without a batch the checkpointer's next pass is a quiet one (./checkpointer.ts). */
const QUIET_MS = 1_000;
/** A quiet pass cuts a WAL file larger than this: 1,000 pages, what SQLite's own checkpoint keeps under a trickle of writes. */
const WAL_KEEP_BYTES = 4 * 1024 * 1024;

// From the sources (tsx, vitest) tsx compiles each worker through ../worker-entry.mjs; in the
// bundle of `npm start` (scripts/server-build.ts) they are write-worker.mjs and
// write-checkpointer.mjs beside start.mjs, which holds this module as long as only the app
// imports it (the worker imports ./batch.ts).
const fromSources = import.meta.url.endsWith('.ts');
const threadOf = (bundled: string, module: string) =>
  fromSources ? { entry: new URL('../worker-entry.mjs', import.meta.url), module } : { entry: new URL(`./${bundled}.mjs`, import.meta.url), module };
const WORKER = threadOf('write-worker', './write-worker/worker.ts');
const CHECKPOINTER = threadOf('write-checkpointer', './write-worker/checkpointer.ts');

export function createSurveyWriter(db: Db, options: SurveyWriterOptions): SurveyWriter {
  const path = db.$client.name;
  if (options.worker === false || path === ':memory:' || db.$client.memory) return inlineWriter(db, options);
  return workerWriter(path, options);
}

/** The group commit on the event loop's own connection. */
function inlineWriter(db: Db, options: SurveyWriterOptions): SurveyWriter {
  const writes = createGroupCommit(db, {
    windowMs: options.windowMs,
    ...(options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch }),
    aroundBatch: aroundSurveyBatch(db),
  });
  return {
    store: (input) => writes.run((tx) => storeOnlineResponse(tx, input)),
    warm: () => {},
    close: async () => writes.flush(),
    stats: () => ({ ...writes.stats(), checkpoints: 0, quietPasses: 0, worker: false, writing: false }),
  };
}

function workerWriter(path: string, options: SurveyWriterOptions): SurveyWriter {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  let worker: Worker | null = null;
  /** Responses not yet sent to the worker (for `windowMs` when it is idle, else until the event loop's turn ends). */
  let queue: Pending[] = [];
  /** Batches sent to the worker and not yet answered, by id. */
  const inFlight = new Map<number, Pending[]>();
  let nextId = 1;
  /** The pending hand-over of what is queued: a `windowMs` timer (idle worker), or `'soon'` (at the end of the current callback). */
  let timer: NodeJS.Timeout | 'soon' | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let closing: Promise<void> | null = null;
  /** Set once what was queued when closing began (and what came while it drained) is committed. */
  let closed = false;
  let drained: (() => void) | null = null;
  const counts = { batches: 0, pieces: 0, checkpoints: 0, quietPasses: 0 };
  /** Set by the worker while a batch's transaction runs (./worker.ts), readable while the worker's thread is blocked. */
  const writing = new Int32Array(new SharedArrayBuffer(4));
  let checkpointer: Worker | null = null;
  let checkpointing = false;
  let checkpointTimer: NodeJS.Timeout | null = null;
  let lastCheckpoint = -Infinity;
  /** A batch committed since the checkpointer's last pass began. */
  let uncheckpointed = false;
  let quietTimer: NodeJS.Timeout | null = null;
  /** A batch committed since the last quiet pass began, or that pass left the WAL file large. */
  let grown = false;
  /** The pass running now is a quiet one. */
  let quietPass = false;

  const failInFlight = (error: Error) => {
    const batches = [...inFlight.values()];
    inFlight.clear();
    for (const batch of batches) for (const pending of batch) pending.reject(error);
  };

  const startCheckpointer = (): Worker => {
    const started = new Worker(CHECKPOINTER.entry, {
      workerData: { path, module: CHECKPOINTER.module, keepBytes: options.walKeepBytes ?? WAL_KEEP_BYTES },
      resourceLimits: { maxOldGenerationSizeMb: CHECKPOINTER_OLD_SPACE_MB },
    });
    started.unref();
    started.on('message', (reply: CheckpointReply) => {
      // A pass of a checkpointer already ended (idle, closing) says nothing about the current one.
      if (checkpointer !== started) return;
      checkpointing = false;
      counts.checkpoints += 1;
      if (quietPass) counts.quietPasses += 1;
      // Nothing is lost when a pass fails: the pages stay in the WAL, and the next pass (or the worker's own checkpoint) copies them.
      if ('error' in reply) options.onWorkerError?.(new Error(`the WAL checkpoint failed: ${reply.error}`));
      else if (quietPass && !reply.small) {
        // A reader or a writer kept the WAL from being cut: the next quiet moment tries again.
        grown = true;
        armQuietTimer();
      }
      quietPass = false;
      scheduleCheckpoint();
    });
    const died = (error: Error) => {
      if (checkpointer !== started) return;
      checkpointer = null;
      checkpointing = false;
      // A quiet pass that died is tried again at the next quiet moment.
      if (quietPass) grown = true;
      quietPass = false;
      options.onWorkerError?.(error);
    };
    started.on('error', died);
    started.on('exit', (code) => died(new Error(`the survey's WAL checkpointer stopped (exit code ${code})`)));
    return started;
  };

  const pass = (quiet: boolean) => {
    checkpointing = true;
    quietPass = quiet;
    uncheckpointed = false;
    lastCheckpoint = performance.now();
    (checkpointer ??= startCheckpointer()).postMessage({ quiet } satisfies CheckpointRequest);
  };

  const checkpoint = () => {
    checkpointTimer = null;
    if (checkpointing || closed || !uncheckpointed) return;
    pass(false);
  };

  /** A quiet pass, if no batch came since the timer began and the WAL may have grown since the last one. */
  const quiet = () => {
    quietTimer = null;
    if (closed || !grown || inFlight.size > 0 || queue.length > 0) return;
    // A pass is running: it answers within milliseconds, so the quiet pass waits another while.
    if (checkpointing) return armQuietTimer();
    if (checkpointTimer) clearTimeout(checkpointTimer);
    checkpointTimer = null;
    grown = false;
    pass(true);
  };

  /** (Re)starts the wait for a quiet pass: `QUIET_MS` from now. */
  const armQuietTimer = () => {
    if (quietTimer) return void quietTimer.refresh();
    quietTimer = setTimeout(quiet, QUIET_MS);
    quietTimer.unref();
  };

  /** A pass `CHECKPOINT_EVERY_MS` after the last one began, if a batch committed since and none is running or waiting. */
  const scheduleCheckpoint = () => {
    if (!uncheckpointed || checkpointing || checkpointTimer || closed) return;
    checkpointTimer = setTimeout(checkpoint, Math.max(0, lastCheckpoint + CHECKPOINT_EVERY_MS - performance.now()));
    checkpointTimer.unref();
  };

  const stopCheckpointer = () => {
    if (checkpointTimer) clearTimeout(checkpointTimer);
    checkpointTimer = null;
    if (quietTimer) clearTimeout(quietTimer);
    quietTimer = null;
    quietPass = false;
    const last = checkpointer;
    checkpointer = null;
    checkpointing = false;
    return last?.terminate();
  };

  const start = (): Worker => {
    const started = new Worker(WORKER.entry, {
      workerData: { path, module: WORKER.module, autocheckpointPages: WRITER_AUTOCHECKPOINT_PAGES, writing: writing.buffer, maxBatch },
      resourceLimits: { maxOldGenerationSizeMb: WRITE_WORKER_OLD_SPACE_MB },
    });
    // An idle worker never keeps the process alive; one with a batch in it does (`send`), until it answers.
    started.unref();
    started.on('message', (reply: WriteReply) => {
      // A worker that was replaced (it died) answers nothing more; its batches were failed.
      if (worker !== started) return;
      counts.batches += 1;
      uncheckpointed = true;
      grown = true;
      scheduleCheckpoint();
      armQuietTimer();
      for (const answer of reply.batches) {
        const batch = inFlight.get(answer.id);
        if (!batch) continue;
        inFlight.delete(answer.id);
        counts.pieces += batch.length;
        if ('error' in answer) for (const pending of batch) pending.reject(fromWire(answer.error));
        else
          batch.forEach((pending, index) => {
            const outcome = answer.outcomes[index]!;
            if ('error' in outcome) pending.reject(fromWire(outcome.error));
            else pending.resolve(outcome.result);
          });
      }
      if (inFlight.size === 0) {
        started.unref();
        rested();
      }
    });
    const died = (error: Error) => {
      if (worker !== started) return;
      worker = null;
      // A worker that died inside a transaction never cleared its mark (SQLite rolled the transaction back).
      Atomics.store(writing, 0, 0);
      options.onWorkerError?.(error);
      failInFlight(error);
      // What had not been sent yet goes to a new worker.
      if (queue.length > 0) send();
      else rested();
    };
    started.on('error', died);
    started.on('exit', (code) => died(new Error(`the survey's write worker stopped (exit code ${code})`)));
    return started;
  };

  /** Hands everything queued to the worker, in batches of at most `maxBatch`. */
  const send = () => {
    timer = null;
    if (queue.length === 0) return;
    worker ??= start();
    worker.ref();
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      const id = nextId++;
      inFlight.set(id, batch);
      worker.postMessage({ id, items: batch.map((pending) => pending.input) } satisfies WriteBatch);
    }
  };

  /** Ends the worker after `idleMs` without a batch or a `warm`. */
  const restartIdleTimer = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimer = null;
      if (inFlight.size > 0 || queue.length > 0 || !worker) return;
      const idle = worker;
      worker = null;
      void idle.terminate();
      void stopCheckpointer();
    }, idleMs);
    idleTimer.unref();
  };

  /** Once the worker has answered everything sent to it: closing may end, or the idle wait begins. */
  const rested = () => {
    if (queue.length > 0 || timer) return;
    if (drained) return drained();
    restartIdleTimer();
  };

  return {
    store(input) {
      // While closing drains, a response that comes still joins it; after that the server is going away.
      if (closed) return Promise.reject(new AppError(503, 'shutting_down', 'The server is restarting; please send your answers again in a moment'));
      return new Promise<SubmitResponseResult>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        if (timer) return;
        // An idle worker: the first response waits `windowMs` for others. A busy one (or no window):
        // the response goes as soon as the callback that parsed it is done (with any others it
        // parsed), not at the end of the event loop's turn, and waits in the worker for its next
        // transaction. Sent a turn at a time, the responses a commit set free came back to the
        // worker in one lump: its transactions alternated between a large and a small batch, and
        // each thread sat idle while the other worked through the large one.
        if (options.windowMs > 0 && inFlight.size === 0) timer = setTimeout(send, options.windowMs);
        else {
          timer = 'soon';
          queueMicrotask(send);
        }
      });
    },
    warm() {
      if (closing) return;
      worker ??= start();
      if (inFlight.size === 0) restartIdleTimer();
    },
    close() {
      closing ??= (async () => {
        if (timer) {
          if (timer !== 'soon') clearTimeout(timer);
          send();
        }
        if (inFlight.size > 0 || queue.length > 0) await new Promise<void>((resolve) => (drained = resolve));
        closed = true;
        if (idleTimer) clearTimeout(idleTimer);
        const last = worker;
        worker = null;
        await Promise.all([last?.terminate(), stopCheckpointer()]);
      })();
      return closing;
    },
    stats: () => ({ ...counts, worker: worker !== null, writing: Atomics.load(writing, 0) === 1 }),
  };
}
