import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/index.ts';
import { addressKey } from '../../address.ts';
import type { Config } from '../../config.ts';
import { contract } from '../../contract.ts';
import { lookupReceipt } from './receipts.service.ts';

export function receiptRoutes(db: Db, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    app.route({
      ...contract('GET /api/receipts/:code'),
      config: {
        access: 'public',
        // Guessing is what this limit is for, so it counts per address even for a signed-in
        // caller (a session would be a fresh budget per sign-in), malformed codes included: the
        // hook runs before validation. In memory only; the address is never stored.
        rateLimit: { max: config.RECEIPT_LOOKUPS_PER_HOUR, timeWindow: '1 hour', keyGenerator: (request) => `receipt:${addressKey(request.ip)}` },
      },
      handler: async (request, reply) => {
        // A receipt's outcome changes as measures move on; never served from a cache.
        reply.header('cache-control', 'no-store');
        return lookupReceipt(db, request.params.code);
      },
    });
  };
}
