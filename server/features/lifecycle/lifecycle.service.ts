import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/index.ts';
import { localDay } from '../../time.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { purgeOriginals } from '../contributions/contributions.repo.ts';
import { listProcesses } from '../processes/processes.repo.ts';

/** Removes unmasked originals of every process whose retention date has passed. */
export function enforceRetention(db: Db, today = localDay()): Array<{ slug: string; purged: number }> {
  const done: Array<{ slug: string; purged: number }> = [];
  for (const process of listProcesses(db)) {
    if (!process.retentionUntil || process.retentionUntil >= today) continue;
    db.transaction((tx) => {
      const purged = purgeOriginals(tx, process.id);
      if (purged > 0) appendAudit(tx, { userId: null, action: 'originals_purged', entity: 'process', entityId: process.slug, details: { purged, retentionUntil: process.retentionUntil } });
      done.push({ slug: process.slug, purged });
    });
  }
  return done;
}

const HOUR = 60 * 60 * 1000;

/** Checks retention at start and every hour while the server runs. */
export function scheduleRetention(app: FastifyInstance, db: Db): void {
  const run = () => {
    try {
      for (const { slug, purged } of enforceRetention(db)) if (purged > 0) app.log.info({ slug, purged }, 'retention: removed unmasked originals');
    } catch (err) {
      app.log.error({ err }, 'retention check failed');
    }
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    run();
    timer = setInterval(run, HOUR);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
