import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAuth } from '../../plugins/access.ts';
import { contract } from '../../contract.ts';
import type { Db } from '../../../db/index.ts';
import { presentDetail, presentSummary } from './processes.presenter.ts';
import { surveyAnswerable } from '../survey/survey.service.ts';
import * as service from './processes.service.ts';

export function processRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/processes'),
      config: { access: 'public' },
      handler: async () => service.listProcesses(db).map((row) => presentSummary(row, surveyAnswerable(db, row))),
    });

    app.route({
      ...contract('GET /api/processes/:slug'),
      config: { access: 'public' },
      handler: async (request) => {
        const { process, parts } = service.getVisibleProcessWithParts(db, request.params.slug);
        return presentDetail(process, parts, surveyAnswerable(db, process));
      },
    });

    app.route({
      ...contract('PATCH /api/admin/processes/:slug'),
      config: { access: { roles: ['admin'] } },
      handler: async (request) => {
        const process = service.updateSettings(db, request.params.slug, request.body, requireAuth(request).user.id, request.query.revision);
        const { parts } = service.getProcessWithParts(db, process.slug);
        return presentDetail(process, parts, surveyAnswerable(db, process));
      },
    });
  };
}
