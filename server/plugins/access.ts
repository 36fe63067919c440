import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROLES, type Role } from '../../shared/domain.ts';
import { AppError, forbidden, unauthorized } from '../errors.ts';
import { SESSION_COOKIE, tokensMatch, type AuthService } from '../features/auth/auth.service.ts';
import type { UserRow } from '../features/auth/auth.repo.ts';

/**
 * Every API route says who may call it, in its route config:
 * `access: 'public'` or `access: { roles: [...] }`. A route without it refuses to start,
 * so nothing becomes public by forgetting.
 */
export type Access = 'public' | { roles: readonly Role[] };

export const SIGNED_IN: Access = { roles: ROLES };

export interface AuthContext {
  user: UserRow;
  sessionId: string;
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access | undefined;
  /** The schemas it was registered with (the route map's entry, `shared/api/routes.ts`). */
  schema: unknown;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function registerAccessControl(app: FastifyInstance, auth: AuthService): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.decorateRequest('auth', null);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (route.url.startsWith('/api/') && access === undefined) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no access policy`);
    }
    for (const method of methods) routes.push({ method, url: route.url, access, schema: route.schema });
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    const found = token ? auth.resolve(token) : null;
    if (!found) throw unauthorized();
    if (!access.roles.includes(found.user.role)) throw forbidden();
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (!tokensMatch(found.session.csrfToken, typeof header === 'string' ? header : undefined)) {
        throw new AppError(403, 'csrf_token_invalid', 'Missing or wrong x-csrf-token header; reload the page and try again');
      }
    }
    request.auth = { user: found.user, sessionId: found.session.id, csrfToken: found.session.csrfToken };
  });

  return routes;
}

/** The signed-in caller of a protected route (the access hook has run). */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthorized();
  return request.auth;
}
