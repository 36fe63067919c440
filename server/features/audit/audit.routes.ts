import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { nameSubjects } from './audit.presenter.ts';
import { auditVocabulary, listAudit } from './audit.repo.ts';

const ADMIN = { access: { roles: ['admin'] as const } };

/** The audit log for admins: who did what when, filtered and paged backwards. */
export function auditRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/admin/audit'),
      config: ADMIN,
      handler: async (request) => {
        const { entries, nextBefore } = listAudit(db, request.query);
        return { entries: nameSubjects(db, entries), nextBefore, ...auditVocabulary(db) };
      },
    });
  };
}
