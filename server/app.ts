import { fromRoot } from '../db/root.ts';
import { constants as zlibConstants } from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../db/index.ts';
import type { Config } from './config.ts';
import { contract } from './contract.ts';
import { authRoutes } from './features/auth/auth.routes.ts';
import { createAuthService, SESSION_COOKIE } from './features/auth/auth.service.ts';
import { createDatabaseCheck, watchDatabase, type DatabaseCheck } from './features/health/database-check.ts';
import { healthRoutes } from './features/health/health.routes.ts';
import { processRoutes } from './features/processes/processes.routes.ts';
import { processAdminRoutes } from './features/processes/process-admin.routes.ts';
import type { SurveyGuardOptions } from './features/survey/survey.abuse.ts';
import { surveyRoutes } from './features/survey/survey.routes.ts';
import { surveyAdminRoutes } from './features/survey/survey.admin.routes.ts';
import { receiptRoutes } from './features/receipts/receipts.routes.ts';
import { stallRoutes } from './features/stall/stall.routes.ts';
import { userRoutes } from './features/users/users.routes.ts';
import { moderationRoutes } from './features/moderation/moderation.routes.ts';
import { suggestRoutes } from './features/suggest/suggest.routes.ts';
import { conceptRoutes } from './features/concept/concept.routes.ts';
import { participationRoutes } from './features/participation/participation.routes.ts';
import { populationRoutes } from './features/population/population.routes.ts';
import { legalRoutes } from './features/legal/legal.routes.ts';
import { resultsRoutes } from './features/results/results.routes.ts';
import { paperRoutes } from './features/paper/paper.routes.ts';
import { quoteRoutes } from './features/results/quotes.routes.ts';
import { lifecycleRoutes } from './features/lifecycle/lifecycle.routes.ts';
import { auditRoutes } from './features/audit/audit.routes.ts';
import { snapshotRoutes } from './features/snapshots/snapshots.routes.ts';
import { measureRoutes } from './features/measures/measures.routes.ts';
import { createReadPool } from './read-worker/pool.ts';
import { createSurveyWriter } from './write-worker/writer.ts';
import { scheduleRetention } from './features/lifecycle/lifecycle.service.ts';
import { registerAccessControl, type RegisteredRoute } from './plugins/access.ts';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from './plugins/errors.ts';
import { registerJsonParser } from './plugins/json.ts';
import { registerSecurity } from './plugins/security.ts';
import { registerStatic } from './plugins/static.ts';

export interface AppOptions {
  config: Config;
  db: Db;
  /** Folder of the built client; the API runs without it (tests). */
  clientDir?: string | null;
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
  /**
   * The survey's soft checks. A benchmark lowers the work a client must do for the proof of
   * work; what the server checks per submission (two HMACs) stays the same.
   */
  surveyGuard?: SurveyGuardOptions;
}

export interface App {
  app: FastifyInstance;
  routes: RegisteredRoute[];
  /** The running check of the database file behind `/api/health`. */
  databaseCheck: DatabaseCheck;
}

export const DEFAULT_CLIENT_DIR = fromRoot('dist', 'client');

/** Builds the whole app without listening, so tests can `inject` into the real thing. */
export async function buildApp(options: AppOptions): Promise<App> {
  const { config, db } = options;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.LOG_LEVEL,
            ...(options.logStream ? { stream: options.logStream } : {}),
            // Logs never hold a resident's address: the request serializer names no IP, port or user agent.
            serializers: {
              req: (request) => ({ method: request.method, url: request.url.split('?')[0], id: request.id }),
            },
          },
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    trustProxy: config.TRUST_PROXY,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerJsonParser(app);

  await app.register(cookie);
  // API answers go out compressed: the survey alone is about 80 KB of JSON in nine languages, sent
  // to phones on weak connections. Static files are compressed at build time and pass through
  // untouched (they already carry a Content-Encoding). Brotli at a middle quality: quality 11 is
  // meant for files compressed once, not for every request.
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } },
  });
  const auth = createAuthService(db, { sessionDays: config.SESSION_DAYS });
  await registerSecurity(app, config, (request) => {
    const token = request.cookies[SESSION_COOKIE];
    return token ? (auth.resolve(token)?.session.id ?? null) : null;
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Mitreden API', version: '1', description: 'Public API of Mitreden. Every error body is { error: { code, message, details? } }.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'mitreden_session' } } },
    },
    transform: jsonSchemaTransform,
  });

  // Survey submissions are stored by a write worker of their own, concurrent ones in one group
  // transaction with one fsync; what is queued commits before the database closes.
  const writer = createSurveyWriter(db, {
    windowMs: config.GROUP_COMMIT_MS,
    worker: config.SURVEY_WRITE_WORKER === 1,
    onWorkerError: (error) => app.log.error({ err: error }, "the survey's write worker stopped; the next submission starts a new one"),
  });
  app.addHook('onClose', async () => writer.close());

  const routes = registerAccessControl(app, auth);

  app.route({ ...contract('GET /api/docs'), config: { access: 'public' }, handler: async () => app.swagger() });
  const databaseCheck = createDatabaseCheck(db, config.DATABASE_PATH);
  watchDatabase(app, databaseCheck, config.DATABASE_CHECK_MINUTES);
  await app.register(healthRoutes(db, databaseCheck));
  await app.register(processRoutes(db));
  await app.register(processAdminRoutes(db));
  await app.register(surveyRoutes(db, writer, config, options.surveyGuard));
  await app.register(surveyAdminRoutes(db));
  await app.register(receiptRoutes(db, config));
  await app.register(authRoutes(auth, config));
  await app.register(userRoutes(db));
  await app.register(stallRoutes(db));
  await app.register(suggestRoutes(db));
  await app.register(moderationRoutes(db));
  // Heavy reads (results, exports) run on worker threads with their own read-only connections.
  const reads = createReadPool(db, { size: config.READ_WORKERS });
  app.addHook('onClose', async () => reads.close());
  await app.register(resultsRoutes(db, reads));
  await app.register(conceptRoutes(db, reads));
  await app.register(participationRoutes(db, reads));
  await app.register(populationRoutes(db));
  await app.register(paperRoutes(db, reads, config));
  await app.register(quoteRoutes(db));
  await app.register(lifecycleRoutes(db));
  await app.register(auditRoutes(db));
  await app.register(snapshotRoutes(db, reads));
  await app.register(measureRoutes(db));
  await app.register(legalRoutes(db));
  scheduleRetention(app, db);

  const clientDir = options.clientDir === undefined ? DEFAULT_CLIENT_DIR : options.clientDir;
  const servesClient = clientDir ? await registerStatic(app, clientDir) : false;

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // A file that is not there (a script of the build before a deploy, which an open page asks for) is a 404: the app
    // shell in its place made the browser refuse it as a module of type text/html, and the page stayed blank.
    const wantsFile = path.startsWith('/assets/') || /\.[a-z0-9]{1,12}$/i.test(path);
    const wantsPage = (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && !wantsFile;
    if (wantsPage && servesClient) {
      reply.header('cache-control', 'no-cache');
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({ error: { code: 'not_found', message: `No route for ${request.method} ${path}` } });
  });

  await app.ready();
  return { app, routes, databaseCheck };
}
