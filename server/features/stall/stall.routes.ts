import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { stallNoteListSchema, stallSessionListSchema, stallSessionParamsSchema, stallSessionsQuerySchema, syncRequestSchema, syncResponseSchema } from '../../../shared/api/stall.ts';
import { requireAuth, type Access } from '../../plugins/access.ts';
import * as service from './stall.service.ts';

const STALL_STAFF: Access = { roles: ['staff', 'admin'] };

export function stallRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/stall/sync',
      {
        config: { access: STALL_STAFF },
        schema: {
          tags: ['stall'],
          description: 'Batch upload from a tablet. Each item is judged alone and upserted by its UUID: stored, duplicate (same id, same content), conflict (same id, other content; the stored one is kept; `forbidden` for an edit of a note another staff account captured) or invalid.',
          body: syncRequestSchema,
          response: { 200: syncResponseSchema },
        },
      },
      async (request) => {
        const { user } = requireAuth(request);
        return { results: await service.syncBatch(db, { userId: user.id, role: user.role }, request.body.items, request.log) };
      },
    );

    app.get(
      '/api/stall/sessions',
      { config: { access: STALL_STAFF }, schema: { tags: ['stall'], querystring: stallSessionsQuerySchema, response: { 200: stallSessionListSchema } } },
      async (request) => ({ sessions: service.listSessions(db, request.query.processSlug) }),
    );

    app.get(
      '/api/stall/sessions/:id/notes',
      {
        config: { access: STALL_STAFF },
        schema: {
          tags: ['stall'],
          description: 'The notes of a market day for the tablet\'s list, with their version; only the capturing account and admins get the text as captured and may edit.',
          params: stallSessionParamsSchema,
          response: { 200: stallNoteListSchema },
        },
      },
      async (request) => ({ notes: service.notesOfSession(db, request.params.id, requireAuth(request).user) }),
    );
  };
}
