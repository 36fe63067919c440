import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { addressKey } from '../address.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

/**
 * A strict CSP: every script and style comes from our own origin, no inline script,
 * no plug-ins, no framing, no <base> tricks. No page makes a third-party request.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  upgradeInsecureRequests: null,
};

/**
 * Whose budget a request spends: a signed-in caller's session (tablets behind one NAT each have
 * their own), anyone else's address, IPv6 by its /64. `sessionOf` resolves a session cookie for
 * public routes too, where access control does not look at it.
 */
export function rateLimitKey(request: FastifyRequest, sessionOf: (request: FastifyRequest) => string | null): string {
  const session = request.auth?.sessionId ?? sessionOf(request);
  return session ? `session:${session}` : `address:${addressKey(request.ip)}`;
}

/**
 * The headers helmet sets, read off one run of its middleware against a recording response. With
 * this configuration they do not depend on the request (no nonces), so every answer gets the same;
 * helmet doing anything but setting or removing headers fails here, at start, not per request.
 */
export function securityHeaders(): Array<[string, string]> {
  const middleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    hsts: false, // set by the TLS reverse proxy, which knows whether https is really in front
  });
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string) => void headers.set(name, String(value)),
    // Only X-Powered-By, which Node's responses never carry.
    removeHeader: (name: string) => void headers.delete(name),
  };
  let finished = false;
  middleware({} as Parameters<typeof middleware>[0], recorder as unknown as Parameters<typeof middleware>[1], (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously');
  return [...headers];
}

export async function registerSecurity(app: FastifyInstance, config: Config, sessionOf: (request: FastifyRequest) => string | null): Promise<void> {
  // helmet's headers on every answer, worked out once (@fastify/helmet built its middleware anew for every request).
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
  // Counted in memory only: the client address is never written anywhere. The route hook runs
  // after access control's, so a protected route's session is known here.
  await app.register(rateLimit, {
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
    keyGenerator: (request) => rateLimitKey(request, sessionOf),
    allowList: (request) => !request.url.startsWith('/api/'),
    errorResponseBuilder: (_request, context) =>
      new AppError(429, 'rate_limited', `Too many requests, try again in ${Math.ceil(context.ttl / 1000)} s`),
  });
}
