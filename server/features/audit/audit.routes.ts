import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { auditPageSchema, auditQuerySchema } from '../../../shared/api/lifecycle.ts';
import { auditVocabulary, listAudit } from './audit.repo.ts';

const ADMIN = { access: { roles: ['admin'] as const } };

/** The audit log for admins: who did what when, filtered and paged backwards. */
export function auditRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/admin/audit', { config: ADMIN, schema: { tags: ['admin'], querystring: auditQuerySchema, response: { 200: auditPageSchema } } }, async (request) => ({
      ...listAudit(db, request.query),
      ...auditVocabulary(db),
    }));
  };
}
