/**
 * The messages between the server and the survey's write worker (./writer.ts ↔ ./worker.ts):
 * a batch of online responses goes in, and once its transaction committed (or failed) one reply
 * comes back with each response's outcome in the batch's order, or with the error that failed
 * the transaction as a whole (nothing of it stored).
 */
import type { OnlineResponse, SubmitResponseResult } from '../features/survey/survey.service.ts';
import type { WireError } from '../read-worker/protocol.ts';

export interface WriteBatch {
  id: number;
  items: OnlineResponse[];
}

export type WriteOutcome = { result: SubmitResponseResult } | { error: WireError };

export type WriteReply = { id: number; outcomes: WriteOutcome[] } | { id: number; error: WireError };

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
