/**
 * The WAL's checkpointer while the survey's write worker runs (./writer.ts starts and ends it with
 * the worker): a thread with a connection of its own that copies committed pages from the WAL into
 * the database file (`PRAGMA wal_checkpoint(PASSIVE)`) when the writer asks, so the write worker
 * does not stop for it. By default SQLite checkpoints in the connection that commits, once the WAL
 * holds 1,000 pages: under a burst of submissions that is the write worker, several times a
 * second, each time writing the pages back and syncing the file while the next batch waits.
 *
 * A PASSIVE checkpoint never waits for readers or writers and never blocks them: it copies what
 * was committed when it began, and the write worker goes on appending to the WAL meanwhile. The
 * write worker keeps a checkpoint of its own as a safety net (`WRITER_AUTOCHECKPOINT_PAGES`): it
 * then has only the pages since this thread's last pass to copy, and afterwards the WAL starts
 * from its beginning again. Plain better-sqlite3 and no ORM: this thread runs one statement.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CheckpointReply } from './protocol.ts';

const port = parentPort!;
const { path } = workerData as { path: string };
const sqlite = new Database(path, { fileMustExist: true });
// The pages go into the database file, synced before the WAL may be reused (as the server's own connection does).
sqlite.pragma('synchronous = FULL');
const checkpoint = sqlite.prepare('PRAGMA wal_checkpoint(PASSIVE)');

port.on('message', () => {
  let reply: CheckpointReply;
  try {
    const { log, checkpointed } = checkpoint.get() as { busy: number; log: number; checkpointed: number };
    reply = { log, checkpointed };
  } catch (error) {
    reply = { error: (error as Error).message };
  }
  port.postMessage(reply);
});
