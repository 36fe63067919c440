import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { registerSurveyShell } from './survey-shell.ts';

/**
 * Text files the build writes `.br` and `.gz` copies of (the `precompress` plugin in
 * vite.config.ts uses the same list): their answer depends on the client's Accept-Encoding.
 */
const COMPRESSIBLE = /\.(?:js|css|html|svg|json|webmanifest)$/;

/**
 * Serves the built client. Hashed assets are cached for a year; the HTML shell, the
 * manifest and the service worker are revalidated on every load so an update reaches
 * tablets the next time they are online. Any other page path gets the app shell
 * (client-side routes such as /p/:slug/umfrage).
 *
 * A phone on a weak connection gets the Brotli or gzip copy the build made beside each text
 * file (`preCompressed`), so nothing is compressed per request and nothing is sent bigger
 * than it needs to be; a client that accepts neither gets the file itself.
 */
export async function registerStatic(app: FastifyInstance, clientDir: string): Promise<boolean> {
  if (!existsSync(join(clientDir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: clientDir,
    wildcard: true,
    index: ['index.html'],
    preCompressed: true,
    // Ours below; `send`'s own (`public, max-age=0`) would otherwise replace it.
    cacheControl: false,
    setHeaders(res, path) {
      if (/[\\/]assets[\\/]/.test(path)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      else res.setHeader('cache-control', 'no-cache');
      if (COMPRESSIBLE.test(path.replace(/\.(?:br|gz)$/, ''))) res.setHeader('vary', 'accept-encoding');
    },
  });
  registerSurveyShell(app, clientDir);
  return true;
}
