/**
 * The survey's write worker: a thread with a read-write connection of its own that stores the
 * online responses the event loop hands it (./writer.ts) in group transactions
 * (`runGroupTransaction`: one IMMEDIATE transaction, a savepoint per response, the search index
 * written once, one COMMIT with `synchronous=FULL`). It answers only after the COMMIT.
 *
 * The batches that arrive while a transaction runs wait in the thread's own queue, and the next
 * transaction takes them all (up to `maxBatch` responses) as soon as this one has answered: the
 * worker never waits for the event loop to send the next batch, which under load it would have
 * to do after every commit while the event loop was busy with requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runGroupTransaction, type Outcome } from '../../db/group-commit.ts';
import { openDatabase, type Tx } from '../../db/index.ts';
import { storeOnlineResponse, type SubmitResponseResult } from '../features/survey/survey.service.ts';
import { toWire } from '../read-worker/protocol.ts';
import type { BatchReply, WriteBatch, WriteOutcome, WriteReply } from './protocol.ts';
import { aroundSurveyBatch } from './batch.ts';

const port = parentPort!;
const { path, autocheckpointPages, writing, maxBatch } = workerData as { path: string; autocheckpointPages: number; writing: SharedArrayBuffer; maxBatch: number };
/** Read by the writer's `stats()` without a message: 1 while a batch's transaction runs (or waits for the write lock). */
const inTransaction = new Int32Array(writing);
// The server opened, checked and migrated the file before it started this worker.
const db = openDatabase(path, { migrate: false, check: false });
// The checkpointer beside this thread copies the WAL into the file (./checkpointer.ts); this connection's own checkpoint is the safety net.
db.$client.pragma(`wal_autocheckpoint = ${autocheckpointPages}`);
// Each response's savepoint journals the pages it changes that the transaction had changed before
// (SQLite's statement journal); past 64 KiB that journal goes to a temp file, about 60 writes per
// response. Kept in memory (at most the pages of one response), the thread's kernel time per
// response fell from 50–68 to 21–38 µs (BENCHMARKS.md, 2026-12-04 night), and the page images,
// residents' words among them, never reach a file. This connection runs only the survey's writes,
// so no large sort or temp table lands in memory through it.
db.$client.pragma('temp_store = MEMORY');
const around = aroundSurveyBatch(db);

const outcomeOf = (outcome: Outcome): WriteOutcome =>
  outcome.ok ? { result: outcome.value as SubmitResponseResult } : { error: toWire(outcome.error) };

/** Batches received and not yet in a transaction, in the order they came. */
let waiting: WriteBatch[] = [];
let scheduled = false;

/** Whole batches for the next transaction: at least one, and no more responses than `maxBatch` unless one batch alone has more. */
function takeBatches(): WriteBatch[] {
  let count = 0;
  let take = 0;
  while (take < waiting.length && (take === 0 || count + waiting[take]!.items.length <= maxBatch)) count += waiting[take++]!.items.length;
  const taken = waiting.slice(0, take);
  waiting = waiting.slice(take);
  return taken;
}

function commitWaiting(): void {
  scheduled = false;
  const batches = takeBatches();
  // What is left (a burst past `maxBatch`) goes in the next transaction, after the messages that came meanwhile.
  if (waiting.length > 0) schedule();
  if (batches.length === 0) return;
  let replies: BatchReply[];
  Atomics.store(inTransaction, 0, 1);
  try {
    const outcomes = runGroupTransaction(
      db,
      batches.flatMap((batch) => batch.items.map((item) => (tx: Tx) => storeOnlineResponse(tx, item))),
      around,
    );
    let offset = 0;
    replies = batches.map((batch) => {
      const mine = outcomes.slice(offset, offset + batch.items.length);
      offset += batch.items.length;
      return { id: batch.id, outcomes: mine.map(outcomeOf) };
    });
  } catch (error) {
    const wire = toWire(error);
    replies = batches.map((batch) => ({ id: batch.id, error: wire }));
  }
  Atomics.store(inTransaction, 0, 0);
  port.postMessage({ batches: replies } satisfies WriteReply);
}

/** After the messages that arrived during this turn have been received: they join the transaction. */
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(commitWaiting);
}

port.on('message', (batch: WriteBatch) => {
  waiting.push(batch);
  schedule();
});
