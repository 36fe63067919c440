import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

/** Every command of the README that takes options or a file: its script and the npm name it tells. */
const COMMANDS = [
  ['export', 'export'],
  ['concept', 'concept'],
  ['survey-export', 'survey:export'],
  ['survey-import', 'survey:import'],
  ['population-import', 'population:import'],
  ['create-user', 'user:create'],
  ['demo-data', 'demo'],
  ['backup', 'backup'],
  ['restore', 'restore'],
  ['suggest-train', 'suggest:train'],
] as const;

describe('the commands, asked for help or given what they do not know', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A database that is not there: nothing may be created or changed by asking.
  const env = { ...process.env, DATABASE_PATH: join(dir, 'none.sqlite') };
  const command = (script: string, args: string[], settings: Record<string, string> = {}) =>
    run(process.execPath, ['--import', 'tsx', join(root, `scripts/${script}.ts`), ...args], { env: { ...env, ...settings }, cwd: root }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    );

  const MODEL = join(root, 'shared/suggest/linear-model.json');
  const modelWritten = statSync(MODEL).mtimeMs;

  it.each(COMMANDS)('%s: --help prints the usage and exits 0; an unknown option says so with the usage, exit 2, no stack trace', async (script, name) => {
    const [help, unknown] = await Promise.all([command(script, ['--help']), command(script, ['--no-such-option'])]);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(new RegExp(`^Usage: npm run ${name} -- `));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`Usage: npm run ${name} -- `);
    expect(unknown.stderr).not.toMatch(/^\s+at /m);
    // Neither run made a file of an option's name, nor the database.
    expect(existsSync(join(root, '--help'))).toBe(false);
    expect(existsSync(env.DATABASE_PATH)).toBe(false);
    // Nor did either retrain and rewrite the shipped model.
    expect(statSync(MODEL).mtimeMs).toBe(modelWritten);
  });

  it('user:create refuses fields and processes for a role that has none, instead of dropping them without a word', async () => {
    const runs = await Promise.all([
      command('create-user', ['--username', 'markt', '--role', 'staff', '--field', 'bildung'], { MITREDEN_PASSWORD: 'a long passphrase here' }),
      command('create-user', ['--username', 'chefin', '--role', 'admin', '--process', 'integrationskonzept'], { MITREDEN_PASSWORD: 'a long passphrase here' }),
    ]);
    expect(runs.map((result) => result.code)).toEqual([2, 2]);
    expect(runs[0]!.stderr).toContain('--field: only a working group has fields of action');
    expect(runs[1]!.stderr).toContain('--process: only a working group is given processes');
    for (const result of runs) expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(env.DATABASE_PATH)).toBe(false);
  });

  it('a bad setting ends npm start and every command with the variable, its value and what is wrong, exit 2, no stack trace', async () => {
    const runs = await Promise.all([
      command('start', [], { PORT: 'abc', SERVE_CLIENT: 'false' }),
      command('backup', [join(dir, 'backup.sqlite')], { SESSION_DAYS: '0', TRUST_PROXY: 'yes' }),
      command('create-user', ['--username', 'admin', '--role', 'admin'], { LOG_LEVEL: 'loud', MITREDEN_PASSWORD: 'a long passphrase here' }),
    ]);
    expect(runs.map((result) => result.code)).toEqual([2, 2, 2]);
    expect(runs[0]!.stderr).toContain('PORT="abc": ');
    expect(runs[1]!.stderr).toContain('TRUST_PROXY="yes": ');
    expect(runs[1]!.stderr).toContain('SESSION_DAYS="0": ');
    expect(runs[2]!.stderr).toContain('LOG_LEVEL="loud": ');
    for (const result of runs) {
      expect(result.stderr).toMatch(/^Invalid configuration/);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
    expect(existsSync(env.DATABASE_PATH)).toBe(false);
  }, 60_000);

  it('npm start on a port another server holds, or on a folder as its database, says so and exits 1, no stack trace', async () => {
    const holder = createServer();
    await new Promise<void>((listening) => holder.listen(0, '127.0.0.1', listening));
    const port = (holder.address() as { port: number }).port;
    const folder = join(dir, 'ein-ordner');
    mkdirSync(folder);
    try {
      const [taken, notAFile] = await Promise.all([
        command('start', [], { PORT: String(port), DATABASE_PATH: join(dir, 'taken.sqlite'), SERVE_CLIENT: 'false', LOG_LEVEL: 'silent' }),
        command('start', [], { PORT: '0', DATABASE_PATH: folder, SERVE_CLIENT: 'false', LOG_LEVEL: 'silent' }),
      ]);
      expect(taken.code, taken.stderr).toBe(1);
      expect(taken.stderr).toContain(`Cannot listen on 127.0.0.1:${port}`);
      expect(taken.stderr).toContain('set PORT to a free one');
      expect(notAFile.code, notAFile.stderr).toBe(1);
      expect(notAFile.stderr).toContain(`Cannot open the database ${folder}`);
      for (const result of [taken, notAFile]) expect(result.stderr).not.toMatch(/^\s+at /m);
    } finally {
      holder.close();
    }
  }, 60_000);

  it('export and concept into a folder that is not there say so before anything else, exit 2, no stack trace', async () => {
    const missing = join(dir, 'kein-ordner');
    const [exported, concept] = await Promise.all([
      command('export', ['--process', 'integrationskonzept', '--format', 'csv', '--out', join(missing, 'ergebnisse.csv')]),
      command('concept', ['--process', 'integrationskonzept', '--out', join(missing, 'konzept.docx')]),
    ]);
    expect(exported).toMatchObject({ code: 2, stderr: `Cannot write ${join(missing, 'ergebnisse.csv')}: there is no folder ${missing}.\n` });
    expect(concept).toMatchObject({ code: 2, stderr: `Cannot write ${join(missing, 'konzept.docx')}: there is no folder ${missing}.\n` });
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(env.DATABASE_PATH)).toBe(false);
  }, 60_000);
});
