import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/index.ts';
import { checkDatabaseFile, isCorruptionError } from '../../../db/integrity.ts';

export interface DatabaseCheck {
  /** What the latest check found; empty while the database is sound. */
  readonly findings: readonly string[];
  /** Checks the file now (quick_check on a fresh read-only connection, so no cached page hides damage). */
  run(): readonly string[];
  /** A query failed: if SQLite called the file damaged, health says so at once and a check follows. */
  noteError(error: unknown): void;
}

/**
 * Watches the database while the server runs: a quick check every `intervalMinutes` (0 turns the
 * timer off) and at once when a query meets a damaged page. `/api/health` answers 503 while the
 * latest check failed, so a load balancer or an operator notices before residents do.
 * The start-up check is `openDatabase`'s own; a damaged file never gets this far.
 */
export function createDatabaseCheck(db: Db, path: string): DatabaseCheck {
  let findings: readonly string[] = [];
  const check: DatabaseCheck = {
    get findings() {
      return findings;
    },
    run() {
      findings = path === ':memory:' ? [] : checkDatabaseFile(path, 'quick');
      return findings;
    },
    noteError(error) {
      const cause = (error as { cause?: unknown } | null)?.cause;
      if (!isCorruptionError(error) && !isCorruptionError(cause)) return;
      findings = [(isCorruptionError(error) ? (error as Error).message : (cause as Error).message) || 'database disk image is malformed'];
      setImmediate(() => {
        if (db.$client.open) check.run();
      });
    },
  };
  return check;
}

/** Runs the check on its timer for as long as the app lives, and notes every error a request meets. */
export function watchDatabase(app: FastifyInstance, check: DatabaseCheck, intervalMinutes: number): void {
  app.addHook('onError', async (_request, _reply, error) => check.noteError(error));
  if (intervalMinutes <= 0) return;
  const timer = setInterval(() => {
    const found = check.run();
    if (found.length > 0) app.log.error({ findings: found }, 'the database failed its quick check');
  }, intervalMinutes * 60_000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
