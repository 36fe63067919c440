import { withAdminTokensRead } from '../../db/cache.ts';
import type { Db } from '../../db/index.ts';
import { deferSearchIndex } from '../../db/search-index.ts';

/**
 * What a group transaction of responses does once rather than per response: the search index of
 * their free texts written before the COMMIT, and the admin tokens of the caches read (the
 * responses write nothing an admin changes, and no other connection writes meanwhile).
 */
export function aroundSurveyBatch(db: Db): <T>(pieces: () => T) => T {
  return (pieces) => deferSearchIndex(db.$client, () => withAdminTokensRead(db, pieces));
}
