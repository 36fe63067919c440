/**
 * Group commit: the writes of many concurrent requests share one transaction and so one
 * fsync. With `synchronous=FULL` every COMMIT waits for the disk; one per request caps a
 * server at the disk's flushes per second, one per few milliseconds does not.
 *
 * `run(work)` queues a synchronous piece of work. The first piece queued starts a timer of
 * `windowMs`; when it fires, everything queued by then runs in one IMMEDIATE transaction, each
 * piece in a savepoint of its own, and the transaction commits. Only then does each `run`
 * promise settle: a request answers 2xx after the COMMIT that holds its write, never before.
 *
 * - A piece that throws is rolled back to its savepoint and its promise rejects; the other
 *   pieces of the batch commit as if it had not been there.
 * - Pieces run one after the other on the one connection, in the order they were queued, so
 *   each sees what the earlier ones wrote (an id sent twice in one batch is a duplicate the
 *   second time, as if they had come apart).
 * - If the transaction as a whole fails (the COMMIT, or SQLite rolled everything back after a
 *   disk error), every promise of the batch rejects and nothing of it is stored.
 *
 * One writer per process: better-sqlite3 runs everything on the event loop, so the batch is one
 * synchronous step and nothing else writes in between. A second process on the same file waits
 * for the write lock (busy_timeout) like any other writer.
 */
import type Database from 'better-sqlite3';
import type { Db, Tx } from './index.ts';

export interface GroupCommitOptions {
  /** How long the first queued piece waits for others before the batch commits; 0 commits after the current I/O phase. */
  windowMs: number;
  /** Pieces per transaction at most; more wait for the next one, so a burst never blocks the event loop for long. */
  maxBatch?: number;
  /**
   * Wraps the pieces of a batch inside its transaction, for work done once per batch rather than
   * per piece (the app's: the search index written once, `deferSearchIndex`). A throw fails the batch.
   */
  aroundBatch?: <T>(pieces: () => T) => T;
}

export interface GroupCommit {
  /** Runs `work` in the next group transaction; settles after its COMMIT with what `work` returned or threw. */
  run<T>(work: (tx: Tx) => T): Promise<T>;
  /** Commits everything queued now, without waiting for the timer (at shutdown). */
  flush(): void;
  /** Transactions committed (or failed) and pieces run so far: how many requests shared a commit. */
  stats(): { batches: number; pieces: number };
}

interface Pending {
  work: (tx: Tx) => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** What one piece of a group transaction came to: its value, or what it threw (its savepoint rolled back). */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const DEFAULT_MAX_BATCH = 256;

/** Statements for the per-piece savepoint, prepared once per connection. */
const savepoints = new WeakMap<Database.Database, { begin: Database.Statement; release: Database.Statement; rollbackTo: Database.Statement }>();
function savepointStatements(sqlite: Database.Database) {
  let statements = savepoints.get(sqlite);
  if (!statements) {
    statements = {
      begin: sqlite.prepare('SAVEPOINT group_commit_piece'),
      release: sqlite.prepare('RELEASE group_commit_piece'),
      rollbackTo: sqlite.prepare('ROLLBACK TO group_commit_piece'),
    };
    savepoints.set(sqlite, statements);
  }
  return statements;
}

/**
 * Runs `works` in one IMMEDIATE transaction, each in a savepoint of its own, and commits: the
 * synchronous core of a group commit, shared by `createGroupCommit` and the survey's write
 * worker (server/write-worker/). Returns each piece's outcome in order; throws, with nothing
 * stored, when the transaction as a whole fails (the COMMIT, or SQLite rolled everything back).
 */
export function runGroupTransaction(db: Db, works: ReadonlyArray<(tx: Tx) => unknown>, aroundBatch: GroupCommitOptions['aroundBatch'] = (pieces) => pieces()): Outcome[] {
  const sqlite = db.$client;
  const savepoint = savepointStatements(sqlite);
  /** Runs one piece in its savepoint. A failure of the savepoint itself (not of the piece) aborts the batch. */
  const runPiece = (tx: Tx, work: (tx: Tx) => unknown): Outcome => {
    savepoint.begin.run();
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: work(tx) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // SQLite may have rolled back the whole transaction after an I/O or full-disk error: nothing
    // of this batch can commit then, so it fails as a whole rather than writing the rest alone.
    if (!sqlite.inTransaction) throw outcome.ok ? new Error('The transaction was rolled back by SQLite') : outcome.error;
    if (!outcome.ok) savepoint.rollbackTo.run();
    savepoint.release.run();
    return outcome;
  };
  return db.transaction((tx) => aroundBatch(() => works.map((work) => runPiece(tx, work))), { behavior: 'immediate' });
}

export function createGroupCommit(db: Db, options: GroupCommitOptions): GroupCommit {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const aroundBatch = options.aroundBatch;
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  const counts = { batches: 0, pieces: 0 };

  function schedule(delayMs: number): void {
    if (timer) return;
    timer = delayMs > 0 ? setTimeout(commitQueued, delayMs) : setImmediate(commitQueued);
  }

  function cancelTimer(): void {
    if (!timer) return;
    clearTimeout(timer as NodeJS.Timeout);
    clearImmediate(timer as NodeJS.Immediate);
    timer = null;
  }

  function commitBatch(batch: Pending[]): void {
    counts.batches += 1;
    counts.pieces += batch.length;
    let outcomes: Outcome[];
    try {
      outcomes = runGroupTransaction(
        db,
        batch.map((pending) => pending.work),
        aroundBatch,
      );
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }

  function takeBatch(): Pending[] {
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    return batch;
  }

  function commitQueued(): void {
    timer = null;
    const batch = takeBatch();
    // What is left goes in the next transaction, after the event loop has had a turn.
    if (queue.length > 0) schedule(0);
    if (batch.length > 0) commitBatch(batch);
  }

  return {
    run<T>(work: (tx: Tx) => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        schedule(options.windowMs);
      });
    },
    flush(): void {
      cancelTimer();
      while (queue.length > 0) commitBatch(takeBatch());
    },
    stats: () => ({ ...counts }),
  };
}
