import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createUserRequestSchema,
  fieldOptionListSchema,
  sessionInfoListSchema,
  sessionParamsSchema,
  userListSchema,
  resetPasswordRequestSchema,
  updateUserRequestSchema,
  userParamsSchema,
  userSchema,
} from '../../../shared/api/auth.ts';
import type { Db } from '../../../db/index.ts';
import { requireAuth } from '../../plugins/access.ts';
import { presentUser } from '../auth/auth.presenter.ts';
import { createUser } from '../auth/auth.service.ts';
import * as service from './users.service.ts';

const ADMIN = { access: { roles: ['admin'] as const } };

export function userRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/admin/users', { config: ADMIN, schema: { tags: ['admin'], response: { 200: userListSchema } } }, async () =>
      service.listUsers(db).map(({ user, activeSessions }) => presentUser(user, activeSessions)),
    );

    app.post(
      '/api/admin/users',
      { config: ADMIN, schema: { tags: ['admin'], body: createUserRequestSchema, response: { 201: userSchema } } },
      async (request, reply) => {
        const user = await createUser(db, request.body, requireAuth(request).user.id);
        return reply.code(201).send(presentUser(user, 0));
      },
    );

    app.patch(
      '/api/admin/users/:id',
      {
        config: ADMIN,
        schema: {
          tags: ['admin'],
          params: userParamsSchema,
          body: updateUserRequestSchema,
        },
      },
      async (request, reply) => {
        service.updateUser(db, request.params.id, request.body, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/admin/users/:id/password',
      { config: ADMIN, schema: { tags: ['admin'], params: userParamsSchema, body: resetPasswordRequestSchema } },
      async (request, reply) => {
        await service.resetPassword(db, request.params.id, request.body.password, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    );

    app.get('/api/admin/fields-of-action', { config: ADMIN, schema: { tags: ['admin'], response: { 200: fieldOptionListSchema } } }, async () =>
      service.listFieldOptions(db),
    );

    app.get('/api/admin/sessions', { config: ADMIN, schema: { tags: ['admin'], response: { 200: sessionInfoListSchema } } }, async (request) => {
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
    });

    app.delete(
      '/api/admin/sessions/:id',
      { config: ADMIN, schema: { tags: ['admin'], params: sessionParamsSchema } },
      async (request, reply) => {
        service.revokeSession(db, request.params.id, requireAuth(request).user.id);
        return reply.code(204).send();
      },
    );
  };
}
