import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { slugParamsSchema } from '../../../shared/api/processes.ts';
import {
  MAX_XLSFORM_BYTES,
  XLSX_MEDIA_TYPE,
  publishResultSchema,
  publishSurveySchema,
  replaceSurveyVersionSchema,
  saveSurveyDraftSchema,
  surveyDraftSchema,
  surveyVersionListSchema,
  surveyVersionSchema,
  versionParamsSchema,
  xlsformExportQuerySchema,
  xlsformImportQuerySchema,
  xlsformImportResultSchema,
} from '../../../shared/api/survey-versions.ts';
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

    app.get(
      '/api/admin/processes/:slug/survey/versions',
      { config: ADMIN, schema: { tags: ['admin'], params: slugParamsSchema, response: { 200: surveyVersionListSchema } } },
      async (request) => service.listVersions(db, request.params.slug),
    );

    app.get(
      '/api/admin/processes/:slug/survey/versions/:version',
      { config: ADMIN, schema: { tags: ['admin'], params: versionParamsSchema, response: { 200: surveyVersionSchema } } },
      async (request) => service.getVersion(db, request.params.slug, request.params.version),
    );

    app.put(
      '/api/admin/processes/:slug/survey/versions/:version',
      { config: ADMIN, schema: { tags: ['admin'], params: versionParamsSchema, body: replaceSurveyVersionSchema, response: { 200: surveyVersionSchema } } },
      async (request) => service.replaceVersion(db, request.params.slug, request.params.version, request.body, requireAuth(request).user.id),
    );

    app.get(
      '/api/admin/processes/:slug/survey/draft',
      { config: ADMIN, schema: { tags: ['admin'], params: slugParamsSchema, response: { 200: surveyDraftSchema } } },
      async (request) => service.getDraft(db, request.params.slug),
    );

    app.put(
      '/api/admin/processes/:slug/survey/draft',
      { config: ADMIN, schema: { tags: ['admin'], params: slugParamsSchema, body: saveSurveyDraftSchema, response: { 200: surveyDraftSchema } } },
      async (request) => service.saveDraft(db, request.params.slug, request.body, requireAuth(request).user.id),
    );

    app.post(
      '/api/admin/processes/:slug/survey/publish',
      { config: ADMIN, schema: { tags: ['admin'], params: slugParamsSchema, body: publishSurveySchema, response: { 201: publishResultSchema } } },
      async (request, reply) => reply.code(201).send(service.publishDraft(db, request.params.slug, request.body.revision, requireAuth(request).user.id)),
    );

    app.get(
      '/api/admin/processes/:slug/survey/xlsform',
      { config: ADMIN, schema: { tags: ['admin'], params: slugParamsSchema, querystring: xlsformExportQuerySchema } },
      async (request, reply) => {
        const { data, fileName } = await service.exportXlsformFile(db, request.params.slug, request.query.version);
        return reply.header('content-type', XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(data);
      },
    );

    app.post(
      '/api/admin/processes/:slug/survey/xlsform',
      {
        config: ADMIN,
        bodyLimit: MAX_XLSFORM_BYTES,
        schema: { tags: ['admin'], params: slugParamsSchema, querystring: xlsformImportQuerySchema, response: { 200: xlsformImportResultSchema } },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body)) {
          throw new AppError(415, 'unsupported_media_type', `Send the .xlsx file itself as the body, as ${XLSX_MEDIA_TYPE}`);
        }
        return service.importXlsformFile(db, request.params.slug, request.body, request.query, requireAuth(request).user.id);
      },
    );
  };
}
