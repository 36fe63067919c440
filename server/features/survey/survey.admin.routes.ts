import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { MAX_XLSFORM_BYTES, XLSX_MEDIA_TYPE } from '../../../shared/api/survey-versions.ts';
import { contract } from '../../contract.ts';
import { AppError } from '../../errors.ts';
import { requireAuth } from '../../plugins/access.ts';
import * as service from './survey.versions.ts';

const ADMIN = { access: { roles: ['admin'] as const } };

/** Survey versions, the draft of the next one and the XLSForm files: admins only. */
export function surveyAdminRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    // The XLSForm upload is the .xlsx itself as the body (this plugin only), size-limited per route.
    app.addContentTypeParser([XLSX_MEDIA_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_XLSFORM_BYTES }, (_request, body, done) => {
      done(null, body);
    });

    app.route({
      ...contract('GET /api/admin/processes/:slug/survey/versions'),
      config: ADMIN,
      handler: async (request) => service.listVersions(db, request.params.slug),
    });

    app.route({
      ...contract('GET /api/admin/processes/:slug/survey/versions/:version'),
      config: ADMIN,
      handler: async (request) => service.getVersion(db, request.params.slug, request.params.version),
    });

    app.route({
      ...contract('PUT /api/admin/processes/:slug/survey/versions/:version'),
      config: ADMIN,
      handler: async (request) => service.replaceVersion(db, request.params.slug, request.params.version, request.body, requireAuth(request).user.id),
    });

    app.route({
      ...contract('GET /api/admin/processes/:slug/survey/draft'),
      config: ADMIN,
      handler: async (request) => service.getDraft(db, request.params.slug),
    });

    app.route({
      ...contract('PUT /api/admin/processes/:slug/survey/draft'),
      config: ADMIN,
      handler: async (request) => service.saveDraft(db, request.params.slug, request.body, requireAuth(request).user.id),
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/survey/publish'),
      config: ADMIN,
      handler: async (request, reply) => reply.code(201).send(service.publishDraft(db, request.params.slug, request.body.revision, requireAuth(request).user.id)),
    });

    app.route({
      ...contract('GET /api/admin/processes/:slug/survey/xlsform'),
      config: ADMIN,
      handler: async (request, reply) => {
        const { data, fileName } = await service.exportXlsformFile(db, request.params.slug, request.query.version);
        return reply.header('content-type', XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(data);
      },
    });

    app.route({
      ...contract('POST /api/admin/processes/:slug/survey/xlsform'),
      config: ADMIN,
      bodyLimit: MAX_XLSFORM_BYTES,
      handler: async (request) => {
        if (!Buffer.isBuffer(request.body)) {
          throw new AppError(415, 'unsupported_media_type', `Send the .xlsx file itself as the body, as ${XLSX_MEDIA_TYPE}`);
        }
        return service.importXlsformFile(db, request.params.slug, request.body, request.query, requireAuth(request).user.id);
      },
    });
  };
}
