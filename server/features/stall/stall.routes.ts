import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { requireAuth, type Access } from '../../plugins/access.ts';
import * as service from './stall.service.ts';

const STALL_STAFF: Access = { roles: ['staff', 'admin'] };

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

    app.route({
      ...contract('GET /api/stall/sessions'),
      config: { access: STALL_STAFF },
      handler: async (request) => ({ sessions: service.listSessions(db, request.query.processSlug) }),
    });

    app.route({
      ...contract('GET /api/stall/sessions/:id/notes'),
      config: { access: STALL_STAFF },
      handler: async (request) => ({ notes: service.notesOfSession(db, request.params.id, requireAuth(request).user) }),
    });
  };
}
