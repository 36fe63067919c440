import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, stopServer, type ServerProcess } from '../helpers/server-process.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

/** `npm run user:create` as the start log tells it, with the environment it names. */
const createUser = (env: Record<string, string>, args: string[]) =>
  run(process.execPath, ['--import', 'tsx', join(root, 'scripts/create-user.ts'), ...args], { env: { ...process.env, ...env }, cwd: root }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );

/**
 * The next city starts Mitreden on a database of its own (`DATABASE_PATH`), and the start log says
 * how to make the first admin. Following it word for word must make an admin of this server, not
 * of the default file.
 */
describe('the first admin of a fresh database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden first admin '));
  let server: ServerProcess | undefined;
  afterAll(async () => {
    if (server) await stopServer(server, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('the start log names the server’s own database in the command, and following it gives an admin who can sign in', async () => {
    const databasePath = join(dir, 'musterhausen.sqlite');
    server = await startServer(databasePath);
    const hint = /No admin account exists yet\. Create one with:\s+(.+?)\s{3}/.exec(server.startLog)?.[1];
    expect(hint).toBeDefined();
    // The folder has spaces: the path is quoted so the shell reads it back whole.
    expect(hint).toContain(`DATABASE_PATH='${databasePath}' npm run user:create -- --username admin --role admin`);

    const fromHint = /DATABASE_PATH='([^']+)'/.exec(hint!)![1]!;
    const created = await createUser({ DATABASE_PATH: fromHint, MITREDEN_PASSWORD: 'musterhausen admin 2027' }, ['--username', 'admin', '--role', 'admin']);
    expect(created).toMatchObject({ code: 0, stdout: `Created admin "admin" in ${databasePath}.\n` });

    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'musterhausen admin 2027' }),
    });
    expect(login.status).toBe(200);
  });

  it('refuses a database file that is not there, names the path, and makes no file', async () => {
    const missing = join(dir, 'vertippt.sqlite');
    const result = await createUser({ DATABASE_PATH: missing, MITREDEN_PASSWORD: 'musterhausen admin 2027' }, ['--username', 'admin', '--role', 'admin']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`There is no database at ${missing}.`);
    expect(result.stderr).toContain('the start log names it');
    expect(existsSync(missing)).toBe(false);
  });

  it('starts a new city’s database without the default process, and a later start without the setting does not bring it', async () => {
    const databasePath = join(dir, 'ohne-beispiel.sqlite');
    const processesOf = async (url: string) => ((await (await fetch(`${url}/api/processes`)).json()) as Array<{ slug: string }>).map((process) => process.slug);
    const first = await startServer(databasePath, { SEED_DEFAULT_PROCESS: 'false' });
    try {
      expect(first.startLog).not.toContain('Seeded the default process');
      expect(await processesOf(first.url)).toEqual([]);
    } finally {
      await stopServer(first, 'SIGTERM');
    }
    // The setting forgotten on a restart: the database decided on its first start.
    const again = await startServer(databasePath);
    try {
      expect(again.startLog).not.toContain('Seeded the default process');
      expect(await processesOf(again.url)).toEqual([]);
    } finally {
      await stopServer(again, 'SIGTERM');
    }
  });
});
