import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { slugParamsSchema } from '../../../shared/api/processes.ts';
import { quotePageSchema, quotesQuerySchema } from '../../../shared/api/quotes.ts';
import { requireAuth } from '../../plugins/access.ts';
import { getProcess } from '../processes/processes.service.ts';
import { quotePage } from './quotes.service.ts';

/** Who reads quotes: the same as every other result. */
const RESULTS = { access: { roles: ['working_group', 'admin'] as const } };

export function quoteRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/processes/:slug/quotes',
      {
        config: RESULTS,
        schema: {
          tags: ['results'],
          description:
            'The quotes of the caller\'s fields of action (masked texts and German renderings), filtered, searched with FTS5 and grouped by field, with a cite id each. ' +
            'A place or demographic filter that narrows to fewer people than the threshold is refused with 422 too_few_respondents.',
          params: slugParamsSchema,
          querystring: quotesQuerySchema,
          response: { 200: quotePageSchema },
        },
      },
      async (request) => quotePage(db, getProcess(db, request.params.slug), requireAuth(request).user, request.query),
    );
  };
}
