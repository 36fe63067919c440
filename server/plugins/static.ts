import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built client. Hashed assets are cached for a year; the HTML shell, the
 * manifest and the service worker are revalidated on every load so an update reaches
 * tablets the next time they are online. Any other page path gets the app shell
 * (client-side routes such as /p/:slug/umfrage).
 */
export async function registerStatic(app: FastifyInstance, clientDir: string): Promise<boolean> {
  if (!existsSync(join(clientDir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: clientDir,
    wildcard: true,
    index: ['index.html'],
    setHeaders(res, path) {
      if (/[\\/]assets[\\/]/.test(path)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      else res.setHeader('cache-control', 'no-cache');
    },
  });
  return true;
}
