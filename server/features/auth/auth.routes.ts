import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import { contract } from '../../contract.ts';
import { SIGNED_IN, requireAuth } from '../../plugins/access.ts';
import { presentMe } from './auth.presenter.ts';
import { SESSION_COOKIE, type AuthService } from './auth.service.ts';
import { deviceCookieName, LOGIN_LIMITS } from './login-throttle.ts';

export function authRoutes(auth: AuthService, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('POST /api/auth/login'),
      config: { access: 'public' },
      handler: async (request, reply) => {
        const deviceCookie = deviceCookieName(request.body.username);
        const { token, session, user, deviceCookie: deviceValue } = await auth.login(request.body.username, request.body.password, request.ip, {
          cookie: request.cookies[deviceCookie],
          name: request.body.deviceName,
          session: request.cookies[SESSION_COOKIE],
        });
        const secure = config.COOKIE_SECURE === 'auto' ? request.protocol === 'https' : config.COOKIE_SECURE === 'true';
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure,
          expires: new Date(session.expiresAt),
        });
        // The device cookie only ever goes back to the sign-in route; it proves "signed in here before", nothing more.
        reply.setCookie(deviceCookie, deviceValue, {
          path: '/api/auth/login',
          httpOnly: true,
          sameSite: 'strict',
          secure,
          maxAge: LOGIN_LIMITS.deviceCookieDays * 86_400,
        });
        return presentMe(user, session.csrfToken);
      },
    });

    app.route({
      ...contract('POST /api/auth/logout'),
      config: { access: SIGNED_IN },
      handler: async (request, reply) => {
        const { sessionId, user } = requireAuth(request);
        auth.logout(sessionId, user.id);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send();
      },
    });

    app.route({
      ...contract('GET /api/auth/me'),
      config: { access: SIGNED_IN },
      handler: async (request) => {
        const { user, csrfToken } = requireAuth(request);
        return presentMe(user, csrfToken);
      },
    });
  };
}
