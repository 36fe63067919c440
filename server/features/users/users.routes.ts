import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { requireAuth } from '../../plugins/access.ts';
import { presentUser } from '../auth/auth.presenter.ts';
import { createUser } from '../auth/auth.service.ts';
import * as service from './users.service.ts';

const ADMIN = { access: { roles: ['admin'] as const } };

export function userRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/admin/users'),
      config: ADMIN,
      handler: async () => service.listUsers(db).map(({ user, activeSessions }) => presentUser(user, activeSessions)),
    });

    app.route({
      ...contract('POST /api/admin/users'),
      config: ADMIN,
      handler: async (request, reply) => {
        const user = await createUser(db, request.body, requireAuth(request).user.id);
        return reply.code(201).send(presentUser(user, 0));
      },
    });

    app.route({
      ...contract('PATCH /api/admin/users/:id'),
      config: ADMIN,
      handler: async (request, reply) => {
        service.updateUser(db, request.params.id, request.body, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    });

    app.route({
      ...contract('POST /api/admin/users/:id/password'),
      config: ADMIN,
      handler: async (request, reply) => {
        await service.resetPassword(db, request.params.id, request.body.password, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    });

    app.route({
      ...contract('GET /api/admin/fields-of-action'),
      config: ADMIN,
      handler: async () => service.listFieldOptions(db),
    });

    app.route({
      ...contract('GET /api/admin/sessions'),
      config: ADMIN,
      handler: async (request) => {
        const current = requireAuth(request).sessionId;
        return service.listSessions(db).map(({ session, user }) => ({
          id: session.id,
          username: user.username,
          role: user.role,
          createdAt: session.createdAt,
          lastSeenAt: session.lastSeenAt,
          expiresAt: session.expiresAt,
          deviceName: session.deviceName,
          current: session.id === current,
        }));
      },
    });

    app.route({
      ...contract('DELETE /api/admin/sessions/:id'),
      config: ADMIN,
      handler: async (request, reply) => {
        service.revokeSession(db, request.params.id, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    });
  };
}
