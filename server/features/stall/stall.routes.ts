import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { requireAuth, type Access } from '../../plugins/access.ts';
import { presentVersion1MarketDays, presentVersion1Notes } from './stall.presenter.ts';
import * as marketDayAdmin from './market-days.service.ts';
import * as service from './stall.service.ts';

const STALL_STAFF: Access = { roles: ['staff', 'admin'] };
const ADMIN: Access = { roles: ['admin'] };

export function stallRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('POST /api/stall/sync'),
      config: { access: STALL_STAFF },
      handler: async (request) => {
        const { user } = requireAuth(request);
        return { results: await service.syncBatch(db, { userId: user.id, role: user.role }, request.body.items, request.log) };
      },
    });

    const listMarketDays = (request: { query: { processSlug: string; sentNotes?: string[] | undefined; sentDotVotes?: string[] | undefined } }) =>
      service.listMarketDays(db, request.query.processSlug, { notes: request.query.sentNotes, dotVotes: request.query.sentDotVotes });
    const marketDayNotes = (request: FastifyRequest & { params: { id: string } }) => service.marketDayNotes(db, request.params.id, requireAuth(request).user);

    app.route({
      ...contract('GET /api/stall/market-days'),
      config: { access: STALL_STAFF },
      handler: async (request) => ({ marketDays: listMarketDays(request), merged: service.mergedMarketDays(db, request.query.processSlug) }),
    });

    app.route({
      ...contract('GET /api/stall/market-days/:id/notes'),
      config: { access: STALL_STAFF },
      handler: async (request) => ({ notes: marketDayNotes(request) }),
    });

    // The admin area's market days: planned ahead, corrected, removed while empty (market-days.service.ts).
    app.route({
      ...contract('GET /api/admin/processes/:slug/market-days'),
      config: { access: ADMIN },
      handler: async (request) => ({ marketDays: marketDayAdmin.listAdminMarketDays(db, request.params.slug) }),
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/market-days'),
      config: { access: ADMIN },
      handler: async (request, reply) => {
        const { created, marketDay } = marketDayAdmin.planMarketDay(db, request.params.slug, request.body, requireAuth(request).user.id);
        return reply.code(created ? 201 : 200).send(marketDay);
      },
    });

    app.route({
      ...contract('PATCH /api/admin/processes/:slug/market-days/:id'),
      config: { access: ADMIN },
      handler: async (request) => marketDayAdmin.correctMarketDay(db, request.params.slug, request.params.id, request.body, requireAuth(request).user.id),
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/market-days/:id/merge'),
      config: { access: ADMIN },
      handler: async (request) => marketDayAdmin.mergeMarketDay(db, request.params.slug, request.params.id, request.body, requireAuth(request).user.id),
    });

    app.route({
      ...contract('DELETE /api/admin/processes/:slug/market-days/:id'),
      config: { access: ADMIN },
      handler: async (request, reply) => {
        marketDayAdmin.removeMarketDay(db, request.params.slug, request.params.id, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    });

    // Version 1 of the tablet app calls these: the same handlers, the answer under the old names.
    app.route({
      ...contract('GET /api/stall/sessions'),
      config: { access: STALL_STAFF },
      handler: async (request) => presentVersion1MarketDays(listMarketDays(request)),
    });

    app.route({
      ...contract('GET /api/stall/sessions/:id/notes'),
      config: { access: STALL_STAFF },
      handler: async (request) => presentVersion1Notes(marketDayNotes(request)),
    });
  };
}
