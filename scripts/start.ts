/**
 * `npm start`: builds the client if it is missing or its sources changed, opens (and migrates) the database,
 * seeds the default process on its first start unless SEED_DEFAULT_PROCESS=false (and fills in languages its unedited texts lack), and serves API and client from one process.
 */
import { closeDatabase } from '../db/index.ts';
import { completeDefaultProcessTexts, seedDefaultProcess, seedDefaultSurvey } from '../db/seed/index.ts';
import { buildApp, DEFAULT_CLIENT_DIR } from '../server/app.ts';
import { countAdmins } from '../server/features/auth/auth.repo.ts';
import { resolve } from 'node:path';
import { ensureClientBuilt } from './client-build.ts';
import { configOrExit, openDatabaseOrExit, shellWord } from './_cli.ts';

const config = configOrExit();

// The database first: a damaged file or another application's stops the start with a message saying what to do, before anything else runs.
const db = openDatabaseOrExit(config.DATABASE_PATH);

// SERVE_CLIENT=false serves the API alone (a test of the server, a separate web server for the pages).
if (config.SERVE_CLIENT) await ensureClientBuilt(DEFAULT_CLIENT_DIR, (message) => console.log(message));
const seeded = seedDefaultProcess(db, config.SEED_DEFAULT_PROCESS);
const completed = completeDefaultProcessTexts(db);
seedDefaultSurvey(db);
const { app } = await buildApp({ config, db, clientDir: config.SERVE_CLIENT ? DEFAULT_CLIENT_DIR : null });
if (seeded) app.log.info('Seeded the default process "Integrationskonzept Bergisch Gladbach"');
if (completed) app.log.info({ texts: completed }, "Added the missing languages to the default process's unedited German texts");
if (countAdmins(db) === 0) {
  // The command names this server's database file: without it, `npm run user:create` would write to the default one.
  app.log.warn(
    `No admin account exists yet. Create one with:  MITREDEN_PASSWORD='a long passphrase' DATABASE_PATH=${shellWord(resolve(config.DATABASE_PATH))} npm run user:create -- --username admin --role admin   (or leave out MITREDEN_PASSWORD to be asked)`,
  );
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  // Finish requests in flight, then fold the WAL into the database file.
  await app.close();
  closeDatabase(db);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

try {
  await app.listen({ port: config.PORT, host: config.HOST });
} catch (error) {
  // A port another server holds, a port below 1024 without the right, an address this machine does not have.
  const code = (error as { code?: string }).code;
  if (!['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN'].includes(code ?? '')) throw error;
  console.error(`Cannot listen on ${config.HOST}:${config.PORT}: ${(error as Error).message}.`);
  console.error(code === 'EADDRINUSE' ? 'Another server uses this port: stop it, or set PORT to a free one.' : 'Set HOST to an address of this machine (127.0.0.1, or 0.0.0.0 for the LAN) and PORT to a port this user may open.');
  await app.close();
  closeDatabase(db);
  process.exit(1);
}
