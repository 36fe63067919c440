import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/index.ts';
import type { Config } from '../../config.ts';
import { contract } from '../../contract.ts';
import { requireAuth } from '../../plugins/access.ts';
import type { ReadPool } from '../../read-worker/pool.ts';
import * as service from './paper.service.ts';

const STAFF = { access: { roles: ['staff', 'admin'] as const } };
const RESULTS = { access: { roles: ['working_group', 'admin'] as const } };

/** The survey on paper: the printable questionnaire, the QR posters and the responses counted per poster. */
export function paperRoutes(db: Db, reads: ReadPool, config: Config): FastifyPluginAsyncZod {
  // The address printed in the codes: the configured one, else the one this request came in at.
  const publicBase = (request: FastifyRequest) => config.PUBLIC_URL ?? `${request.protocol}://${request.host}`;
  // Inline, so a browser opens the PDF in its viewer with a print button; the name is what "save" suggests.
  const sendPdf = (reply: FastifyReply, { pdf, filename }: service.PdfFile) =>
    reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${filename}"`).header('cache-control', 'no-store').send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));

  return async (app) => {
    app.route({
      ...contract('GET /api/processes/:slug/survey/print'),
      config: { access: 'public' },
      handler: async (request, reply) =>
        sendPdf(reply, await reads.call('questionnairePdf', { slug: request.params.slug, query: request.query, publicBase: publicBase(request) })),
    });

    app.route({
      ...contract('GET /api/processes/:slug/posters'),
      config: STAFF,
      handler: async (request) => ({ posters: service.listPosters(db, request.params.slug) }),
    });

    app.route({
      ...contract('POST /api/processes/:slug/posters'),
      config: STAFF,
      handler: async (request, reply) => reply.code(201).send(service.createPoster(db, request.params.slug, request.body, requireAuth(request).user.id)),
    });

    app.route({
      ...contract('GET /api/processes/:slug/posters/:id/pdf'),
      config: STAFF,
      handler: async (request, reply) =>
        sendPdf(reply, await reads.call('posterPdf', { slug: request.params.slug, id: request.params.id, size: request.query.size, publicBase: publicBase(request) })),
    });

    app.route({
      ...contract('GET /api/processes/:slug/results/posters'),
      config: RESULTS,
      handler: async (request) => service.posterResults(db, request.params.slug, requireAuth(request).user, request.query),
    });
  };
}
