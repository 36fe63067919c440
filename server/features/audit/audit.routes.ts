import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { badRequest } from '../../errors.ts';
import { findProcessBySlug } from '../processes/processes.repo.ts';
import { nameSubjects } from './audit.presenter.ts';
import { auditVocabulary, findDeletedProcess, listAudit } from './audit.repo.ts';

const ADMIN = { access: { roles: ['admin'] as const } };

/** The audit log for admins: who did what when, filtered and paged backwards. */
export function auditRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/admin/audit'),
      config: ADMIN,
      handler: async (request) => {
        const slug = request.query.process;
        // A deleted process's entries stay in the log, and so does the way to filter for them.
        const process = slug === undefined ? undefined : (findProcessBySlug(db, slug) ?? findDeletedProcess(db, slug));
        if (slug !== undefined && !process) throw badRequest('unknown_process', `No process ${slug}`, [{ path: 'querystring.process', message: 'unknown slug' }]);
        const { entries, nextBefore } = listAudit(db, request.query, process);
        return { entries: nameSubjects(db, entries), nextBefore, ...auditVocabulary(db) };
      },
    });
  };
}
