/**
 * The real server as a child process, as `npm start` runs it (the bundle scripts/server-build.ts
 * makes of scripts/start.ts, under plain `node`) on a SQLite file, API only, on a free port. Used
 * by the crash cycles (./durability.ts) and the export benchmark, which measures the server's own
 * memory apart from its client's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT as ROOT } from '../../db/root.ts';
import { ensureServerBuilt, SERVER_DIR, SERVER_NODE_FLAGS } from '../../scripts/server-build.ts';

/** One build per process: the bundle is checked (and made when the sources changed) before the first start. */
let built: Promise<boolean> | undefined;

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** What the server logged until it listened (the seeding, the hint for the first admin). */
  startLog: string;
}

/** Starts the server on `databasePath` and resolves once it listens; `env` adds to or overrides its settings. */
export async function startServer(databasePath: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  await (built ??= ensureServerBuilt());
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(SERVER_DIR, 'start.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_PATH: databasePath,
      PORT: '0',
      SERVE_CLIENT: 'false',
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_MINUTE: '1000000',
      RESPONSES_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolvePromise({ child, url: match[1]!, startLog: output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4000)));
    child.once('exit', (code, signal) => reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output.slice(-2000)}`)));
  });
}

/** Ends the server: SIGKILL by default (a crash), SIGTERM to let it finish its requests and close the file. */
export function stopServer(server: ServerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolvePromise) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolvePromise();
    server.child.once('exit', () => resolvePromise());
    server.child.kill(signal);
  });
}
