/**
 * `npm run user:create -- --username NAME --role admin|staff|working_group [--field arbeit ...] [--process SLUG ...] [--display-name "…"]`
 * The password comes from MITREDEN_PASSWORD or is asked for without echo; there is no default password.
 * A working group needs at least one `--process`: it reads the results of those processes only.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { configOrExit, openDatabaseOrExit, readOptions } from './_cli.ts';
import { z } from 'zod';
import { closeDatabase } from '../db/index.ts';
import { passwordSchema, usernameSchema } from '../shared/api/auth.ts';
import { roleSchema } from '../shared/domain.schema.ts';
import { createUser } from '../server/features/auth/auth.service.ts';
import { listFieldKeys, listProcesses } from '../server/features/processes/processes.repo.ts';
import { AppError } from '../server/errors.ts';

const USAGE = 'Usage: npm run user:create -- --username NAME --role admin|staff|working_group [--field KEY ...] [--process SLUG ...] [--display-name "Name"]';

const { values } = readOptions(USAGE, (args) => parseArgs({
  args,
  options: {
    username: { type: 'string' },
    role: { type: 'string' },
    field: { type: 'string', multiple: true },
    process: { type: 'string', multiple: true },
    'display-name': { type: 'string' },
  },
}));

const args = z
  .object({ username: usernameSchema, role: roleSchema, field: z.array(z.string()).optional(), process: z.array(z.string()).optional(), 'display-name': z.string().optional() })
  .refine((given) => given.role !== 'working_group' || (given.process ?? []).length > 0, { path: ['process'], message: 'a working group needs at least one process (its slug, as in /p/SLUG)' })
  // Fields and processes scope a working group's reading; given to another role they would be dropped without a word.
  .refine((given) => given.role === 'working_group' || (given.field ?? []).length === 0, { path: ['field'], message: 'only a working group has fields of action; leave --field out, or use --role working_group' })
  .refine((given) => given.role === 'working_group' || (given.process ?? []).length === 0, { path: ['process'], message: 'only a working group is given processes (admins and staff work in all of them); leave --process out, or use --role working_group' })
  .safeParse(values);
if (!args.success) {
  console.error(USAGE);
  for (const issue of args.error.issues) console.error(`  --${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
}

// An account goes into the server's database: a file that is not there is a mistyped or forgotten
// DATABASE_PATH, and a new file would hold an account no server knows.
const databasePath = resolve(configOrExit().DATABASE_PATH);
if (!existsSync(databasePath)) {
  console.error(`There is no database at ${databasePath}.`);
  console.error("Set DATABASE_PATH to the server's database file (the start log names it), or start the server once to create it.");
  process.exit(1);
}

async function askPassword(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

let password = process.env.MITREDEN_PASSWORD;
if (!password) {
  if (!process.stdin.isTTY) {
    console.error('Set MITREDEN_PASSWORD or run this in a terminal to be asked for the password.');
    process.exit(2);
  }
  password = await askPassword('Password (at least 12 characters): ');
  const again = await askPassword('Repeat password: ');
  if (again !== password) {
    console.error('The passwords differ.');
    process.exit(2);
  }
}
const checked = passwordSchema.safeParse(password);
if (!checked.success) {
  console.error(`Password rejected: ${checked.error.issues[0]?.message}`);
  process.exit(2);
}

const db = openDatabaseOrExit(databasePath);
try {
  const user = await createUser(
    db,
    { username: args.data.username, role: args.data.role, password: checked.data, fieldsOfAction: args.data.field, processes: args.data.process, displayName: args.data['display-name'] },
    null,
  );
  console.log(`Created ${user.role} "${user.username}" in ${databasePath}.`);
} catch (err) {
  if (err instanceof AppError) {
    console.error(err.message);
    if (err.code === 'unknown_field_of_action') console.error(`Known keys: ${[...listFieldKeys(db)].sort().join(', ')}`);
    if (err.code === 'unknown_process') console.error(`Known processes: ${listProcesses(db).map((process) => process.slug).join(', ')}`);
    if (err.code === 'process_archived') console.error(`Processes open for new working groups: ${listProcesses(db).filter((process) => process.status !== 'archived').map((process) => process.slug).join(', ') || 'none'}`);
    process.exitCode = 1;
  } else throw err;
} finally {
  closeDatabase(db);
}
