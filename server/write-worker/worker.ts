/**
 * The survey's write worker: a thread with a read-write connection of its own that stores the
 * online responses the event loop hands it (./writer.ts), each batch in one group transaction
 * (`runGroupTransaction`: one IMMEDIATE transaction, a savepoint per response, the search index
 * written once, one COMMIT with `synchronous=FULL`). It answers only after the COMMIT.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runGroupTransaction, type Outcome } from '../../db/group-commit.ts';
import { openDatabase } from '../../db/index.ts';
import { storeOnlineResponse, type SubmitResponseResult } from '../features/survey/survey.service.ts';
import { toWire } from '../read-worker/protocol.ts';
import type { WriteBatch, WriteOutcome, WriteReply } from './protocol.ts';
import { aroundSurveyBatch } from './batch.ts';

const port = parentPort!;
const { path, autocheckpointPages, writing } = workerData as { path: string; autocheckpointPages: number; writing: SharedArrayBuffer };
/** Read by the writer's `stats()` without a message: 1 while a batch's transaction runs (or waits for the write lock). */
const inTransaction = new Int32Array(writing);
// The server opened, checked and migrated the file before it started this worker.
const db = openDatabase(path, { migrate: false, check: false });
// The checkpointer beside this thread copies the WAL into the file (./checkpointer.ts); this connection's own checkpoint is the safety net.
db.$client.pragma(`wal_autocheckpoint = ${autocheckpointPages}`);
const around = aroundSurveyBatch(db);

const outcomeOf = (outcome: Outcome): WriteOutcome =>
  outcome.ok ? { result: outcome.value as SubmitResponseResult } : { error: toWire(outcome.error) };

port.on('message', ({ id, items }: WriteBatch) => {
  let reply: WriteReply;
  Atomics.store(inTransaction, 0, 1);
  try {
    const outcomes = runGroupTransaction(
      db,
      items.map((item) => (tx) => storeOnlineResponse(tx, item)),
      around,
    );
    reply = { id, outcomes: outcomes.map(outcomeOf) };
  } catch (error) {
    reply = { id, error: toWire(error) };
  }
  Atomics.store(inTransaction, 0, 0);
  port.postMessage(reply);
});
