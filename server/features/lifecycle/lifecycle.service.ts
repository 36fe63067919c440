import type { FastifyInstance } from 'fastify';
import { cutWalSoon, type Db } from '../../../db/index.ts';
import { localDay } from '../../time.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import type { RetentionPreview } from '../../../shared/api/lifecycle.ts';
import { conflict } from '../../errors.ts';
import { countOriginals, purgeOriginals } from '../contributions/contributions.repo.ts';
import { listProcesses } from '../processes/processes.repo.ts';
import { getProcess } from '../processes/processes.service.ts';

/** Removes unmasked originals of every process whose retention date has passed. */
export async function enforceRetention(db: Db, today = localDay()): Promise<Array<{ slug: string; purged: number }>> {
  const done: Array<{ slug: string; purged: number }> = [];
  for (const process of listProcesses(db)) {
    if (!process.retentionUntil || process.retentionUntil >= today) continue;
    db.transaction((tx) => {
      const purged = purgeOriginals(tx, process.id);
      if (purged > 0) appendAudit(tx, { userId: null, action: 'originals_purged', entity: 'process', entityId: process.slug, details: { purged, retentionUntil: process.retentionUntil } });
      done.push({ slug: process.slug, purged });
    });
  }
  // The WAL's older frames still hold the originals: cut it now rather than when SQLite writes over them.
  if (done.some(({ purged }) => purged > 0)) await cutWalSoon(db);
  return done;
}

/** The dry run: what the retention deletion removes from a process today, per channel and kind. */
export function previewRetention(db: Db, slug: string, today = localDay()): RetentionPreview {
  const process = getProcess(db, slug);
  const counts = countOriginals(db, process.id);
  return {
    retentionUntil: process.retentionUntil,
    today,
    due: process.retentionUntil !== null && process.retentionUntil < today,
    counts,
    total: counts.reduce((sum, row) => sum + row.contributions, 0),
  };
}

/**
 * Deletes the personal parts now, before the retention date if an admin so decides. The admin names
 * the total of the dry run they looked at; if it changed meanwhile nothing is deleted (409).
 */
export async function runRetention(db: Db, slug: string, expectedTotal: number, actorId: number): Promise<{ purged: number }> {
  const result = db.transaction((tx) => {
    const process = getProcess(tx, slug);
    const counts = countOriginals(tx, process.id);
    const total = counts.reduce((sum, row) => sum + row.contributions, 0);
    if (total !== expectedTotal) {
      throw conflict('retention_changed', `The dry run counted ${expectedTotal} contributions, now there are ${total}: look at the new figures first`, { total });
    }
    const purged = purgeOriginals(tx, process.id);
    appendAudit(tx, {
      userId: actorId,
      action: 'originals_purged',
      entity: 'process',
      entityId: process.slug,
      details: { purged, retentionUntil: process.retentionUntil, early: process.retentionUntil === null || process.retentionUntil >= localDay(), counts },
    });
    return { purged };
  });
  if (result.purged > 0) await cutWalSoon(db);
  return result;
}

const HOUR = 60 * 60 * 1000;

/** Checks retention at start and every hour while the server runs. */
export function scheduleRetention(app: FastifyInstance, db: Db): void {
  const run = async () => {
    try {
      for (const { slug, purged } of await enforceRetention(db)) if (purged > 0) app.log.info({ slug, purged }, 'retention: removed unmasked originals');
    } catch (err) {
      app.log.error({ err }, 'retention check failed');
    }
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    // The purge itself is done before the server answers; only cutting the WAL afterwards may wait for another connection.
    void run();
    timer = setInterval(() => void run(), HOUR);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
