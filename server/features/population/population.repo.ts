import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { populationGroups } from '../../../db/schema.ts';

export { replacePopulation, type Provenance, type StadtteilFigures } from '../processes/population.repo.ts';

export function listPopulationGroups(db: DbOrTx, processId: string) {
  return db.select().from(populationGroups).where(eq(populationGroups.processId, processId)).all();
}
