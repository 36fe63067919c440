import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { slugParamsSchema } from '../../../shared/api/processes.ts';
import { flaggedCountSchema, powChallengeSchema, publishedSurveySchema, submissionResultSchema, surveyQuerySchema } from '../../../shared/api/survey.ts';
import { responseSubmissionSchema } from '../../../shared/survey/answers.ts';
import type { Config } from '../../config.ts';
import { getProcess } from '../processes/processes.service.ts';
import { createSurveyGuard, type SurveyGuardOptions } from './survey.abuse.ts';
import { presentSurvey } from './survey.presenter.ts';
import * as service from './survey.service.ts';

export function surveyRoutes(db: Db, config: Config, guardOptions: SurveyGuardOptions = {}): FastifyPluginAsyncZod {
  return async (app) => {
    const guard = createSurveyGuard(guardOptions);

    app.get(
      '/api/processes/:slug/survey',
      { config: { access: 'public' }, schema: { tags: ['survey'], params: slugParamsSchema, querystring: surveyQuerySchema, response: { 200: publishedSurveySchema } } },
      async (request) => {
        const { process, survey, texts, districts, open } = service.getPublishedSurvey(db, request.params.slug);
        return presentSurvey(process, survey, texts, districts, open, request.query.lang);
      },
    );

    app.get(
      '/api/processes/:slug/challenge',
      { config: { access: 'public' }, schema: { tags: ['survey'], params: slugParamsSchema, response: { 200: powChallengeSchema } } },
      async (request, reply) => {
        getProcess(db, request.params.slug);
        reply.header('cache-control', 'no-store');
        return guard.createChallenge();
      },
    );

    app.post(
      '/api/processes/:slug/responses',
      {
        config: { access: 'public', rateLimit: { max: config.RESPONSES_PER_MINUTE, timeWindow: '1 minute' } },
        schema: {
          tags: ['survey'],
          params: slugParamsSchema,
          body: responseSubmissionSchema,
          response: { 200: submissionResultSchema, 201: submissionResultSchema },
        },
      },
      async (request, reply) => {
        const result = await service.submitOnlineResponse(db, guard, request.params.slug, request.body);
        if (result.status === 'stored') return reply.code(201).send({ id: result.id });
        if (result.status === 'duplicate') return reply.code(200).send({ id: result.id });
        throw service.submitErrorOf(result);
      },
    );

    app.get(
      '/api/admin/processes/:slug/responses/flagged-count',
      { config: { access: { roles: ['admin'] } }, schema: { tags: ['admin'], params: slugParamsSchema, response: { 200: flaggedCountSchema } } },
      async (request) => service.countFlaggedResponses(db, request.params.slug),
    );
  };
}
