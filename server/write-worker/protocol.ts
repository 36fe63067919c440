/**
 * The messages between the server and the survey's write worker (./writer.ts ↔ ./worker.ts):
 * batches of online responses go in, as often as the event loop has some, and the worker stores
 * all that arrived while it was busy in its next transaction. Once that committed (or failed),
 * one reply comes back with each of its batches: each response's outcome in the batch's order,
 * or the error that failed the transaction as a whole (nothing of it stored).
 */
import type { OnlineResponse, SubmitResponseResult } from '../features/survey/survey.service.ts';
import type { WireError } from '../read-worker/protocol.ts';

export interface WriteBatch {
  id: number;
  items: OnlineResponse[];
}

export type WriteOutcome = { result: SubmitResponseResult } | { error: WireError };

/** A batch's outcomes, or the error that failed the transaction it was in. */
export type BatchReply = { id: number; outcomes: WriteOutcome[] } | { id: number; error: WireError };

/** One transaction's answer: every batch it held, in the order they came. */
export interface WriteReply {
  batches: BatchReply[];
}

/** A pass the writer asks of the checkpointer (./checkpointer.ts): `quiet` once writes paused, to give the WAL's disk space back. */
export interface CheckpointRequest {
  quiet: boolean;
}

/**
 * The checkpointer's answer: pages in the WAL and pages now in the database file, and for a quiet
 * pass whether the WAL file is within its size now (`false`: a reader kept it from being cut, try
 * again later); or why it failed.
 */
export type CheckpointReply = { log: number; checkpointed: number; small: boolean } | { error: string };
