import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { processDetailSchema, processSummarySchema, slugParamsSchema } from '../../../shared/api/processes.ts';
import type { Db } from '../../../db/index.ts';
import { presentDetail, presentSummary } from './processes.presenter.ts';
import * as service from './processes.service.ts';

export function processRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/processes',
      { config: { access: 'public' }, schema: { tags: ['processes'], response: { 200: z.array(processSummarySchema) } } },
      async () => service.listProcesses(db).map((row) => presentSummary(row, service.isSurveyOpen(row))),
    );

    app.get(
      '/api/processes/:slug',
      { config: { access: 'public' }, schema: { tags: ['processes'], params: slugParamsSchema, response: { 200: processDetailSchema } } },
      async (request) => {
        const { process, parts } = service.getProcessWithParts(db, request.params.slug);
        return presentDetail(process, parts, service.isSurveyOpen(process));
      },
    );
  };
}
