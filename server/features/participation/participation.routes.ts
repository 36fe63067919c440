import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { contract } from '../../contract.ts';
import type { ReadPool } from '../../read-worker/pool.ts';
import { requireAuth } from '../../plugins/access.ts';
import { getProcess } from '../processes/processes.service.ts';
import { assertWorksOn } from '../results/working-group.service.ts';

/**
 * Staff read it too: the market-day form shows where participation is lowest ("where next").
 * Not per field of action: who took part is one figure for the whole process. A working group
 * reads it of the processes it works on.
 */
const PARTICIPATION = { access: { roles: ['staff', 'working_group', 'admin'] as const } };

export function participationRoutes(db: Db, reads: ReadPool): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/processes/:slug/participation'),
      config: PARTICIPATION,
      handler: async (request) => {
        const process = getProcess(db, request.params.slug);
        assertWorksOn(process, requireAuth(request).user);
        return reads.call('participation', { process });
      },
    });
  };
}
