import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
] as const;

describe('the commands, asked for help or given what they do not know', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A database that is not there: nothing may be created or changed by asking.
  const env = { ...process.env, DATABASE_PATH: join(dir, 'none.sqlite') };
  const command = (script: string, args: string[]) =>
    run(process.execPath, ['--import', 'tsx', join(root, `scripts/${script}.ts`), ...args], { env, cwd: root }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    );

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
  });
});
