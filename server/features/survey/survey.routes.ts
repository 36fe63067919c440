import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import type { Config } from '../../config.ts';
import { formatReceiptCode } from '../../../shared/receipts/code.ts';
import { contract } from '../../contract.ts';
import type { SurveyWriter } from '../../write-worker/writer.ts';
import { keptSecrets } from '../auth/auth.service.ts';
import { getProcess } from '../processes/processes.service.ts';
import { createSurveyGuard, type SurveyGuardOptions } from './survey.abuse.ts';
import { presentSurvey } from './survey.presenter.ts';
import * as service from './survey.service.ts';

/** Names in `server_secrets` of the HMAC secrets that sign the proof of work's challenges. */
const POW_SIGNATURE_SECRET = 'altcha-signature-hmac';
const POW_KEY_SIGNATURE_SECRET = 'altcha-key-signature-hmac';

export function surveyRoutes(db: Db, writer: SurveyWriter, config: Config, guardOptions: SurveyGuardOptions = {}): FastifyPluginAsyncZod {
  return async (app) => {
    // Kept in the database, so a challenge solved before a restart (a resent answer) is still valid after it.
    const secrets = keptSecrets(db, [POW_SIGNATURE_SECRET, POW_KEY_SIGNATURE_SECRET]);
    const guard = createSurveyGuard({ hmacSignatureSecret: secrets[POW_SIGNATURE_SECRET], hmacKeySignatureSecret: secrets[POW_KEY_SIGNATURE_SECRET] }, guardOptions);

    app.route({
      ...contract('GET /api/processes/:slug/survey'),
      config: { access: 'public' },
      handler: async (request) => {
        const { process, survey, texts, districts, open } = service.getPublishedSurvey(db, request.params.slug, request.query.version);
        // The resident starts answering: the writer gets ready for the response that will follow.
        if (open) writer.warm();
        return presentSurvey(process, survey, texts, districts, open, request.query.lang);
      },
    });

    app.route({
      ...contract('GET /api/processes/:slug/challenge'),
      config: { access: 'public' },
      handler: async (request, reply) => {
        getProcess(db, request.params.slug);
        writer.warm();
        reply.header('cache-control', 'no-store');
        return guard.createChallenge();
      },
    });

    app.route({
      ...contract('POST /api/processes/:slug/responses'),
      config: { access: 'public', rateLimit: { max: config.RESPONSES_PER_MINUTE, timeWindow: '1 minute' } },
      // The answer ({ id, receipt }) is far below the 1 KB compression threshold: no compression hooks on the busiest write.
      compress: false,
      handler: async (request, reply) => {
        const result = await service.submitOnlineResponse(db, writer, guard, request.params.slug, request.body);
        const receipt = result.status === 'stored' || result.status === 'duplicate' ? (result.receipt && formatReceiptCode(result.receipt)) : null;
        if (result.status === 'stored') return reply.code(201).send({ id: result.id, receipt });
        if (result.status === 'duplicate') return reply.code(200).send({ id: result.id, receipt });
        throw service.submitErrorOf(result);
      },
    });

    app.route({
      ...contract('GET /api/admin/processes/:slug/responses/flagged-count'),
      config: { access: { roles: ['admin'] } },
      handler: async (request) => service.countFlaggedResponses(db, request.params.slug),
    });
  };
}
