import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import { requireAuth } from '../../plugins/access.ts';
import { getProcess, getVisibleProcessWithParts } from '../processes/processes.service.ts';
import { measuresFeed } from './measures.feed.ts';
import * as service from './measures.service.ts';
import { outcomeList, outcomeReport, setOutcome } from './outcomes.ts';
import { assertWorksOn } from '../results/working-group.service.ts';

const PUBLIC = { access: 'public' as const };
/** Working groups for their fields, admins for all: the service decides per field. */
const EDITORS = { access: { roles: ['working_group', 'admin'] as const } };
const ADMIN = { access: { roles: ['admin'] as const } };
/** Entries of the feed: the latest changes, as feed readers poll. */
const FEED_ENTRIES = 50;

export function measureRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    const visible = (slug: string) => getVisibleProcessWithParts(db, slug).process;

    app.route({
      ...contract('GET /api/processes/:slug/measures'),
      config: PUBLIC,
      handler: async (request) => service.measuresPage(db, visible(request.params.slug), request.query),
    });

    app.route({
      ...contract('GET /api/processes/:slug/measures/changes'),
      config: PUBLIC,
      handler: async (request) => service.changeLog(db, visible(request.params.slug), request.query, false),
    });

    app.route({
      ...contract('GET /api/processes/:slug/measures/feed.atom'),
      config: PUBLIC,
      handler: async (request, reply) => {
        const process = visible(request.params.slug);
        const log = service.changeLog(db, process, { limit: FEED_ENTRIES }, false);
        const origin = `${request.protocol}://${request.host}`;
        return reply
          .type('application/atom+xml; charset=utf-8')
          .header('cache-control', 'public, max-age=300')
          .send(measuresFeed(process, log, request.query.lang ?? 'de', origin));
      },
    });

    app.route({
      ...contract('GET /api/processes/:slug/measure-editor'),
      config: EDITORS,
      handler: async (request) => {
        const process = getProcess(db, request.params.slug);
        const user = requireAuth(request).user;
        return { ...service.measuresPage(db, process, {}), editableFields: service.editableFields(db, process, user), canEditStatuses: user.role === 'admin' };
      },
    });

    app.route({
      ...contract('GET /api/processes/:slug/measure-changes'),
      config: EDITORS,
      handler: async (request) => {
        // With the names of who changed what: for those who work on the process, a working group its own fields' changes only.
        const process = getProcess(db, request.params.slug);
        const { user } = requireAuth(request);
        assertWorksOn(process, user);
        return service.changeLog(db, process, request.query, true, user.role === 'admin' ? undefined : service.editableFields(db, process, user));
      },
    });

    app.route({
      ...contract('POST /api/processes/:slug/measures'),
      config: EDITORS,
      handler: async (request, reply) => {
        const { measure, created } = service.createMeasure(db, getProcess(db, request.params.slug), requireAuth(request).user, request.body);
        return reply.code(created ? 201 : 200).send(measure);
      },
    });

    app.route({
      ...contract('PATCH /api/processes/:slug/measures/:id'),
      config: EDITORS,
      handler: async (request) => service.updateMeasure(db, getProcess(db, request.params.slug), requireAuth(request).user, request.params.id, request.body),
    });

    app.route({
      ...contract('DELETE /api/processes/:slug/measures/:id'),
      config: EDITORS,
      handler: async (request, reply) => {
        service.deleteMeasure(db, getProcess(db, request.params.slug), requireAuth(request).user, request.params.id);
        return reply.code(204).send();
      },
    });

    app.route({
      ...contract('POST /api/processes/:slug/guiding-goals'),
      config: EDITORS,
      handler: async (request, reply) => {
        const { goal, created } = service.createGuidingGoal(db, getProcess(db, request.params.slug), requireAuth(request).user, request.body);
        return reply.code(created ? 201 : 200).send(goal);
      },
    });

    app.route({
      ...contract('PATCH /api/processes/:slug/guiding-goals/:id'),
      config: EDITORS,
      handler: async (request) => service.updateGuidingGoal(db, getProcess(db, request.params.slug), requireAuth(request).user, request.params.id, request.body),
    });

    app.route({
      ...contract('DELETE /api/processes/:slug/guiding-goals/:id'),
      config: EDITORS,
      handler: async (request, reply) => {
        service.deleteGuidingGoal(db, getProcess(db, request.params.slug), requireAuth(request).user, request.params.id);
        return reply.code(204).send();
      },
    });

    app.route({
      ...contract('PUT /api/admin/processes/:slug/measure-statuses'),
      config: ADMIN,
      handler: async (request) => service.setStatuses(db, getProcess(db, request.params.slug), requireAuth(request).user, request.body.statuses),
    });

    app.route({
      ...contract('PUT /api/processes/:slug/contributions/:id/outcome'),
      config: EDITORS,
      handler: async (request) => setOutcome(db, getProcess(db, request.params.slug), requireAuth(request).user, request.params.id, request.body),
    });

    app.route({
      ...contract('GET /api/processes/:slug/outcomes'),
      config: EDITORS,
      handler: async (request) => outcomeList(db, getProcess(db, request.params.slug), requireAuth(request).user, request.query),
    });

    app.route({
      ...contract('GET /api/processes/:slug/outcomes/report'),
      config: EDITORS,
      handler: async (request) => outcomeReport(db, getProcess(db, request.params.slug), requireAuth(request).user),
    });
  };
}
