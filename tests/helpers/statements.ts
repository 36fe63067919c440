import type Database from 'better-sqlite3';
import { vi } from 'vitest';

/**
 * The SQL of every statement `work` prepares on `sqlite` (drizzle prepares each query it runs): for
 * tests of what a request reads, e.g. that it does not count the same thing twice.
 */
export async function statementsPrepared(sqlite: Database.Database, work: () => unknown): Promise<string[]> {
  const prepare = sqlite.prepare.bind(sqlite);
  const statements: string[] = [];
  const spy = vi.spyOn(sqlite, 'prepare').mockImplementation((source: string) => {
    statements.push(source);
    return prepare(source);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return statements;
}
