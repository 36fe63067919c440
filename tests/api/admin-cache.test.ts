import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PROCESS_SLUG } from '../../db/seed/index.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

/**
 * What admins change is served from memory and follows every write, whatever its path
 * (db/cache.ts: triggers write fresh tokens, every lookup compares them). What a resident would
 * notice otherwise: a process's old title, or a closed survey that still takes answers.
 */
describe('values cached until an admin changes them', () => {
  let t: TestApp;
  /** Another writer of the file: the sqlite3 shell, a second process. */
  let other: Database.Database;

  beforeEach(async () => {
    t = await buildTestApp();
    other = new Database(t.databasePath);
  });
  afterEach(async () => {
    other.close();
    await t.close();
  });

  /** An admin's change of the process's German title, by `connection` (another one unless said). */
  const retitle = (title: string, connection = other) => connection.prepare('UPDATE processes SET title = ? WHERE slug = ?').run(JSON.stringify({ de: title }), DEFAULT_PROCESS_SLUG);
  /** The German title the server's cache gives. */
  const titleNow = () => findProcessBySlug(t.db, DEFAULT_PROCESS_SLUG)!.title.de;

  it('follows a change another connection made, at the very next lookup', () => {
    expect(titleNow()).not.toBe('Neuer Titel');
    retitle('Neuer Titel');
    expect(titleNow()).toBe('Neuer Titel');
  });

  it('forgets a value it read inside a transaction that was rolled back', () => {
    const before = titleNow();
    const client = t.db.$client;
    client.exec('BEGIN');
    retitle('Nie gespeichert', client);
    expect(titleNow()).toBe('Nie gespeichert');
    client.exec('ROLLBACK');
    expect(titleNow()).toBe(before);
  });
});
