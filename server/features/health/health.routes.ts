import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import type { DatabaseCheck } from './database-check.ts';

/** 200 only when the database answers a query and passed its latest check; load balancers and the tablet's sync check use it. */
export function healthRoutes(db: Db, check: DatabaseCheck): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/health'),
      config: { access: 'public', rateLimit: false },
      handler: async (request, reply) => {
        if (check.findings.length > 0) {
          return reply.code(503).send({ error: { code: 'database_damaged', message: 'The database failed its integrity check; restore the latest backup' } });
        }
        try {
          db.$client.prepare('select 1').get();
          return { status: 'ok' as const };
        } catch (err) {
          request.log.error({ err }, 'database does not answer');
          return reply.code(503).send({ error: { code: 'database_unavailable', message: 'The database does not answer' } });
        }
      },
    });
  };
}
