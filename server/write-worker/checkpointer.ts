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
 * from its beginning again. Plain better-sqlite3 and no ORM: this thread runs a few statements.
 *
 * SQLite reuses the WAL file rather than shrinking it, so after a burst it keeps its size (up to
 * 16 MiB, more behind a long read) until the server stops. Once writes paused (`quiet`), a WAL
 * file larger than `keepBytes` is folded into the database file and cut to nothing
 * (`wal_checkpoint(TRUNCATE)`). That mode takes the write lock and waits for readers; here it
 * waits for neither (busy timeout 0): with a writer at work it copies like PASSIVE and cuts
 * nothing, with a reader still in the WAL it copies everything and cuts nothing, and the writer
 * asks again later. A response arriving meanwhile waits the few milliseconds of the copy.
 */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CheckpointReply, CheckpointRequest } from './protocol.ts';

const port = parentPort!;
const { path, keepBytes } = workerData as { path: string; keepBytes: number };
const sqlite = new Database(path, { fileMustExist: true });
// The pages go into the database file, synced before the WAL may be reused (as the server's own connection does).
sqlite.pragma('synchronous = FULL');
const passive = sqlite.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const truncate = sqlite.prepare('PRAGMA wal_checkpoint(TRUNCATE)');
const walBytes = () => statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;

type Result = { busy: number; log: number; checkpointed: number };

/** TRUNCATE without waiting for the write lock or for readers: SQLite reports `busy` where it gave up. */
function truncateNow(): Result {
  sqlite.pragma('busy_timeout = 0');
  try {
    return truncate.get() as Result;
  } finally {
    sqlite.pragma('busy_timeout = 5000');
  }
}

port.on('message', ({ quiet }: CheckpointRequest) => {
  let reply: CheckpointReply;
  try {
    if (quiet && walBytes() > keepBytes) {
      const { log, checkpointed } = truncateNow();
      reply = { log, checkpointed, small: walBytes() <= keepBytes };
    } else {
      const { log, checkpointed } = passive.get() as Result;
      reply = { log, checkpointed, small: true };
    }
  } catch (error) {
    reply = { error: (error as Error).message };
  }
  port.postMessage(reply);
});
