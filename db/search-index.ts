/**
 * The quote search's full-text index (`contributions_fts`) written once per write transaction
 * rather than once per contribution (migration 0025). FTS5 flushes what it holds in memory to a
 * new index segment at every savepoint, and a contribution's INSERT opens one for its triggers,
 * so the immediate trigger wrote one segment (and merged them) per voice. A writer that records
 * many voices in one transaction — the survey's group commit, a stall sync slice — runs them in
 * `deferSearchIndex`: new contributions are listed as pending, and before it returns they are
 * indexed in one statement. Everything happens inside the caller's transaction, so the index is
 * complete whenever anyone can read; a piece rolled back to its savepoint takes its pending rows
 * with it.
 */
import type Database from 'better-sqlite3';

interface Statements {
  defer: Database.Statement;
  index: Database.Statement;
  clearPending: Database.Statement;
  undefer: Database.Statement;
  leftOver: Database.Statement<[], { n: number }>;
}

const statementsByConnection = new WeakMap<Database.Database, Statements>();
/** Connections inside `deferSearchIndex` now: a nested call runs within the outer one. */
const deferring = new WeakSet<Database.Database>();

function statementsOf(sqlite: Database.Database): Statements {
  let statements = statementsByConnection.get(sqlite);
  if (!statements) {
    statements = {
      defer: sqlite.prepare('INSERT OR IGNORE INTO search_index_deferral (id) VALUES (1)'),
      // What the immediate triggers would have written: the masked text, and the German rendering where one exists.
      index: sqlite.prepare(
        `INSERT INTO contributions_fts (rowid, masked_text, german)
         SELECT c.rowid, c.masked_text, coalesce(t.masked_text, '')
         FROM search_index_pending p JOIN contributions c ON c.rowid = p.contribution_rowid
         LEFT JOIN contribution_translations t ON t.contribution_id = c.id`,
      ),
      clearPending: sqlite.prepare('DELETE FROM search_index_pending'),
      undefer: sqlite.prepare('DELETE FROM search_index_deferral'),
      leftOver: sqlite.prepare('SELECT (SELECT count(*) FROM search_index_deferral) + (SELECT count(*) FROM search_index_pending) AS n'),
    };
    statementsByConnection.set(sqlite, statements);
  }
  return statements;
}

/** Indexes the pending contributions and ends the deferral; a no-op for what is not pending. */
function indexPending(statements: Statements): void {
  statements.index.run();
  statements.clearPending.run();
  statements.undefer.run();
}

/**
 * Runs `work` (inside the caller's write transaction) with the search index of new contributions
 * written once at its end. The index is written even when `work` throws, unless SQLite rolled the
 * transaction back already: a caller that catches the error and commits must not leave the
 * deferral on.
 */
export function deferSearchIndex<T>(sqlite: Database.Database, work: () => T): T {
  if (deferring.has(sqlite)) return work();
  if (!sqlite.inTransaction) throw new Error('deferSearchIndex runs inside a write transaction');
  const statements = statementsOf(sqlite);
  statements.defer.run();
  deferring.add(sqlite);
  try {
    return work();
  } finally {
    deferring.delete(sqlite);
    if (sqlite.inTransaction) indexPending(statements);
  }
}

/**
 * Indexes what is pending so far inside `deferSearchIndex`, which stays on: a writer that
 * bounds its transaction by time (the stall sync's slices) writes the index in steps it can
 * see, rather than all of it at the end. Outside a deferral nothing is pending; a no-op.
 */
export function indexPendingNow(sqlite: Database.Database): void {
  if (!deferring.has(sqlite)) return;
  const statements = statementsOf(sqlite);
  statements.index.run();
  statements.clearPending.run();
}

/**
 * Indexes contributions a deferral left pending. It cannot happen through this module (the
 * deferral and its end share a transaction), but a file written by a crashed tool or edited by
 * hand is set right at start rather than searched incompletely.
 */
export function repairSearchIndex(sqlite: Database.Database): void {
  const statements = statementsOf(sqlite);
  if (statements.leftOver.get()!.n === 0) return;
  sqlite.transaction(() => indexPending(statements)).immediate();
}
