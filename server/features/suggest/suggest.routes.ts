import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { getProcess, listProcesses } from '../processes/processes.service.ts';
import { notFound } from '../../errors.ts';
import { shippedLinearModel } from './linear-model.ts';
import { currentModel, suggestContext, suggestFor } from './suggest.service.ts';

const STAFF = { access: { roles: ['staff', 'admin'] as const } };

export function suggestRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    // Read the shipped linear model now, at start, rather than on the first voice.
    shippedLinearModel();
    // Public on purpose: it reveals nothing but the taxonomy and the learned word weights.
    app.route({
      ...contract('POST /api/suggest'),
      config: { access: 'public' },
      handler: async (request) => {
        const process = request.body.processSlug ? getProcess(db, request.body.processSlug) : listProcesses(db)[0];
        if (!process) throw notFound('Process');
        return suggestFor(suggestContext(db, process.id), request.body.text, request.body.language);
      },
    });

    // Tablets fetch the learned model while online and suggest offline with it.
    app.route({
      ...contract('GET /api/processes/:slug/suggest-model'),
      config: STAFF,
      handler: async (request) => currentModel(db, getProcess(db, request.params.slug).id),
    });
  };
}
