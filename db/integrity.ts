import Database from 'better-sqlite3';

/** SQLite's answers for a file that is damaged or no database at all. */
export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/**
 * Runs SQLite's own check on an open connection and returns its findings, or nothing when the
 * file is sound. `quick` checks every page and the b-tree structure in O(N); `integrity` also
 * matches every index against its table (what a backup must pass before anyone relies on it).
 */
export function checkDatabase(sqlite: Database.Database, kind: 'quick' | 'integrity' = 'quick'): string[] {
  try {
    const rows = sqlite.pragma(kind === 'quick' ? 'quick_check(20)' : 'integrity_check(20)', { simple: false }) as Array<Record<string, string>>;
    // The first line of a report names the schema ("*** in database main ***"); the findings follow.
    const findings = rows.flatMap((row) => (Object.values(row)[0] ?? '').split('\n')).filter((line) => line !== '' && !line.startsWith('***'));
    return findings.length === 1 && findings[0] === 'ok' ? [] : findings;
  } catch (error) {
    if (isCorruptionError(error) || error instanceof Database.SqliteError) return [(error as Error).message];
    throw error;
  }
}

/** Checks a database file on a connection of its own (fresh from disk, read only); findings as above. */
export function checkDatabaseFile(path: string, kind: 'quick' | 'integrity' = 'quick'): string[] {
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(path, { readonly: true, fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    return checkDatabase(sqlite, kind);
  } catch (error) {
    if (isCorruptionError(error) || error instanceof Database.SqliteError) return [(error as Error).message];
    throw error;
  } finally {
    sqlite?.close();
  }
}

/**
 * Turns a copy of the database (a backup, a restore's temporary file) from WAL to rollback mode, so
 * it stays one file: in WAL mode every later reader, also a read-only check, leaves a -wal and -shm beside it.
 */
export function useRollbackJournal(path: string): void {
  const sqlite = new Database(path, { fileMustExist: true });
  try {
    sqlite.pragma('journal_mode = DELETE');
  } finally {
    sqlite.close();
  }
}

/** A database that failed SQLite's check: the message says what was found and what to do, without a stack. */
export class DatabaseDamagedError extends Error {
  constructor(
    readonly path: string,
    readonly findings: string[],
  ) {
    super(
      [
        `The database ${path} is damaged; Mitreden does not open it (neither the server nor a command), so nothing more gets lost or mixed up.`,
        `SQLite found: ${findings.slice(0, 5).join('; ')}${findings.length > 5 ? ` (and ${findings.length - 5} more)` : ''}`,
        'Restore the latest backup with the server stopped:  npm run restore -- ./backups/mitreden-YYYY-MM-DD.sqlite',
      ].join('\n'),
    );
    this.name = 'DatabaseDamagedError';
  }
}
