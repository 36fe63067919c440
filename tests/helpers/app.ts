import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { closeDatabase, openDatabase, type Db } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess, seedDefaultSurvey } from '../../db/seed/index.ts';
import { buildApp } from '../../server/app.ts';
import { configSchema, type Config } from '../../server/config.ts';
import type { DatabaseCheck } from '../../server/features/health/database-check.ts';
import type { RegisteredRoute } from '../../server/plugins/access.ts';
import type { SurveyGuardOptions } from '../../server/features/survey/survey.abuse.ts';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  routes: RegisteredRoute[];
  databaseCheck: DatabaseCheck;
  dir: string;
  databasePath: string;
  slug: string;
  close: () => Promise<void>;
}

type TestAppOptions = { clientDir?: string; logStream?: { write(line: string): void }; surveyGuard?: SurveyGuardOptions };

/** The real app on a real SQLite file in a fresh temp folder, seeded like a fresh start; without a client unless given one. */
export async function buildTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-test-'));
  const databasePath = join(dir, 'test.sqlite');
  const db = openDatabase(databasePath);
  seedDefaultProcess(db);
  seedDefaultSurvey(db);
  return startOn(dir, databasePath, db, env, options);
}

/**
 * The server started again on the same file, as after an update or a crash: `t`'s app and its
 * connection are closed (its folder stays), a new connection and a new app take over.
 */
export async function restartTestApp(t: TestApp, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  await t.app.close();
  closeDatabase(t.db);
  return startOn(t.dir, t.databasePath, openDatabase(t.databasePath), env, options);
}

async function startOn(dir: string, databasePath: string, db: Db, env: Record<string, string>, options: TestAppOptions): Promise<TestApp> {
  const config: Config = configSchema.parse({ DATABASE_PATH: databasePath, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000', ...env });
  const { app, routes, databaseCheck } = await buildApp({
    config,
    db,
    clientDir: options.clientDir ?? null,
    logger: options.logStream !== undefined,
    logStream: options.logStream,
    ...(options.surveyGuard ? { surveyGuard: options.surveyGuard } : {}),
  });
  return {
    app,
    db,
    routes,
    databaseCheck,
    dir,
    databasePath,
    slug: DEFAULT_PROCESS_SLUG,
    close: async () => {
      await app.close();
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A signed-in client: sends the session cookie and, on writes, the CSRF token. */
export interface Agent {
  cookie: string;
  csrfToken: string;
  inject: (options: InjectOptions) => Promise<LightMyRequestResponse>;
}

export async function signIn(app: FastifyInstance, username: string, password: string): Promise<Agent> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const setCookie = response.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)!.split(';')[0]!;
  const csrfToken = response.json().csrfToken as string;
  return {
    cookie,
    csrfToken,
    inject: (options) =>
      app.inject({
        ...options,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(options.headers ?? {}) },
      }),
  };
}
