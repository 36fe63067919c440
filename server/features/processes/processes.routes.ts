import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { processDetailSchema, processSettingsSchema, processSummaryListSchema, slugParamsSchema } from '../../../shared/api/processes.ts';
import { requireAuth } from '../../plugins/access.ts';
import type { Db } from '../../../db/index.ts';
import { presentDetail, presentSummary } from './processes.presenter.ts';
import { surveyAnswerable } from '../survey/survey.service.ts';
import * as service from './processes.service.ts';

export function processRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/processes',
      { config: { access: 'public' }, schema: { tags: ['processes'], response: { 200: processSummaryListSchema } } },
      async () => service.listProcesses(db).map((row) => presentSummary(row, surveyAnswerable(db, row))),
    );

    app.get(
      '/api/processes/:slug',
      { config: { access: 'public' }, schema: { tags: ['processes'], params: slugParamsSchema, response: { 200: processDetailSchema } } },
      async (request) => {
        const { process, parts } = service.getVisibleProcessWithParts(db, request.params.slug);
        return presentDetail(process, parts, surveyAnswerable(db, process));
      },
    );

    app.patch(
      '/api/admin/processes/:slug',
      {
        config: { access: { roles: ['admin'] } },
        schema: { tags: ['admin'], params: slugParamsSchema, body: processSettingsSchema, response: { 200: processDetailSchema } },
      },
      async (request) => {
        const process = service.updateSettings(db, request.params.slug, request.body, requireAuth(request).user.id);
        const { parts } = service.getProcessWithParts(db, process.slug);
        return presentDetail(process, parts, surveyAnswerable(db, process));
      },
    );
  };
}
