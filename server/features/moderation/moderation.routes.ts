import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { requireAuth } from '../../plugins/access.ts';
import { getProcess } from '../processes/processes.service.ts';
import { rebuildModel } from '../suggest/suggest.service.ts';
import { presentModerationItem } from './moderation.presenter.ts';
import * as service from './moderation.service.ts';

const ADMIN = { access: { roles: ['admin'] as const } };

export function moderationRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/admin/processes/:slug/moderation'),
      config: ADMIN,
      handler: async (request) => {
        const queue = service.moderationQueue(db, getProcess(db, request.params.slug), request.query);
        return {
          items: queue.rows.map((row) => presentModerationItem(row, queue.tags.get(row.id) ?? [], queue.suggestions.get(row.id)!, queue.translations.get(row.id) ?? null, queue.responseFlags.get(row.id) ?? [])),
          total: queue.total,
          counts: queue.counts,
        };
      },
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/contributions/:id/review'),
      config: ADMIN,
      handler: async (request, reply) => {
        service.review(db, getProcess(db, request.params.slug), request.params.id, request.body, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/contributions/:id/hide'),
      config: ADMIN,
      handler: async (request, reply) => {
        service.setHidden(db, getProcess(db, request.params.slug), request.params.id, request.body, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/contributions/:id/show'),
      config: ADMIN,
      handler: async (request, reply) => {
        service.setHidden(db, getProcess(db, request.params.slug), request.params.id, { version: request.body.version, reason: null }, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/contributions/:id/mask'),
      config: ADMIN,
      handler: async (request, reply) => {
        service.maskByHand(db, getProcess(db, request.params.slug), request.params.id, request.body, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/contributions/:id/german'),
      config: ADMIN,
      handler: async (request, reply) => {
        service.translate(db, getProcess(db, request.params.slug), request.params.id, request.body, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/contributions/bulk'),
      config: ADMIN,
      handler: async (request) => service.bulk(db, getProcess(db, request.params.slug), request.body, requireAuth(request).user.id),
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/suggest-model/rebuild'),
      config: ADMIN,
      handler: async (request) => ({ examples: db.transaction((tx) => rebuildModel(tx, getProcess(db, request.params.slug))) }),
    });
  };
}
