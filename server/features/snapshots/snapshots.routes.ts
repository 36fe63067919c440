import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { snapshotJsonSchema, type SnapshotDocument } from '../../../shared/api/snapshots.ts';
import { contract } from '../../contract.ts';
import { requireAuth } from '../../plugins/access.ts';
import type { ReadPool } from '../../read-worker/pool.ts';
import { getProcess, getVisibleProcessWithParts } from '../processes/processes.service.ts';
import { snapshotCsv } from './snapshots.csv.ts';
import * as service from './snapshots.service.ts';

const ADMIN = { access: { roles: ['admin'] as const } };
const PUBLIC = { access: 'public' as const };

/** Where this server is reached, as the admin's browser reached it (behind a proxy: `TRUST_PROXY`): the document names its schema's address under it. */
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
/** Residents see released results of public and archived processes; a draft's are as unknown as the draft. */
const visible = (db: Db, slug: string) => getVisibleProcessWithParts(db, slug).process;

/** The JSON Schema of the document, made once from its zod schema. */
const documentJsonSchema = JSON.stringify(snapshotJsonSchema());

export function snapshotRoutes(db: Db, reads: ReadPool): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/processes/:slug/snapshots'),
      config: PUBLIC,
      handler: async (request) => service.listReleased(db, visible(db, request.params.slug)),
    });

    app.route({
      ...contract('GET /api/processes/:slug/results-notice'),
      config: PUBLIC,
      handler: async (request) => service.resultsNotice(db, visible(db, request.params.slug)),
    });

    app.route({
      ...contract('GET /api/processes/:slug/snapshots/:id'),
      config: PUBLIC,
      handler: async (request) => service.getSnapshot(db, visible(db, request.params.slug), request.params.id),
    });

    app.route({
      ...contract('GET /api/processes/:slug/snapshots/:id/data.json'),
      config: PUBLIC,
      handler: async (request, reply) => {
        const process = visible(db, request.params.slug);
        const stored = service.snapshotBytes(db, process, request.params.id);
        const etag = `"${stored.sha256}"`;
        reply.header('etag', etag).header('cache-control', 'no-cache');
        if (request.headers['if-none-match'] === etag) return reply.code(304).send();
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="ergebnisse-${process.slug}-${stored.releasedOn}.json"`)
          .send(stored.content);
      },
    });

    app.route({
      ...contract('GET /api/processes/:slug/snapshots/:id/data.csv'),
      config: PUBLIC,
      handler: async (request, reply) => {
        const process = visible(db, request.params.slug);
        const stored = service.snapshotBytes(db, process, request.params.id);
        const language = request.query.lang ?? 'de';
        return reply
          .type('text/csv; charset=utf-8')
          .header('cache-control', 'no-cache')
          .header('content-disposition', `attachment; filename="ergebnisse-${process.slug}-${stored.releasedOn}-${language}.csv"`)
          .send(snapshotCsv(JSON.parse(stored.content) as SnapshotDocument, language));
      },
    });

    app.route({
      ...contract('GET /api/schemas/result-snapshot.json'),
      config: PUBLIC,
      handler: async (_request, reply) => reply.type('application/schema+json; charset=utf-8').header('cache-control', 'public, max-age=3600').send(documentJsonSchema),
    });

    app.route({
      ...contract('GET /api/admin/processes/:slug/snapshots'),
      config: ADMIN,
      handler: async (request) => service.listForAdmin(db, getProcess(db, request.params.slug)),
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/snapshots/preview'),
      config: ADMIN,
      handler: async (request) => service.previewSnapshot(reads, getProcess(db, request.params.slug), request.body, originOf(request)),
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/snapshots'),
      config: ADMIN,
      handler: async (request, reply) => {
        const { snapshot, created } = await service.releaseSnapshot(db, reads, getProcess(db, request.params.slug), requireAuth(request).user, request.body, originOf(request));
        return reply.code(created ? 201 : 200).send(snapshot);
      },
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/snapshots/:id/withdraw'),
      config: ADMIN,
      handler: async (request) => service.withdrawSnapshot(db, getProcess(db, request.params.slug), requireAuth(request).user, request.params.id, request.body.reason),
    });

    app.route({
      ...contract('PUT /api/admin/processes/:slug/data-licence'),
      config: ADMIN,
      handler: async (request) => service.setDataLicence(db, getProcess(db, request.params.slug), requireAuth(request).user, request.body.licence),
    });
  };
}
