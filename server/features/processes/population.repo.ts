import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/index.ts';
import { populationGroups, stadtteile } from '../../../db/schema.ts';
import type { PopulationDimension } from '../../../shared/population.ts';

/**
 * The population figures are part of a process's Stadtteile (their columns and the groups per
 * Stadtteil), so the processes feature writes them; the population feature parses an import and
 * hands it over here.
 */
export interface StadtteilFigures {
  key: string;
  population: number;
  parts: Partial<Record<PopulationDimension, Record<string, number>>>;
}

export interface Provenance {
  source: string;
  referenceDate: string;
  licence: string;
}

/**
 * Replaces every population figure of a process with those given (inside the caller's
 * transaction): the Stadtteile named get their figures as `official`, every other Stadtteil none.
 */
export function replacePopulation(db: DbOrTx, processId: string, figures: readonly StadtteilFigures[], provenance: Provenance): void {
  db.update(stadtteile)
    .set({ population: null, populationStatus: null, populationSource: null, populationDate: null, populationLicence: null })
    .where(eq(stadtteile.processId, processId))
    .run();
  db.delete(populationGroups).where(eq(populationGroups.processId, processId)).run();
  for (const row of figures) {
    db.update(stadtteile)
      .set({ population: row.population, populationStatus: 'official', populationSource: provenance.source, populationDate: provenance.referenceDate, populationLicence: provenance.licence })
      .where(and(eq(stadtteile.processId, processId), eq(stadtteile.key, row.key)))
      .run();
    for (const [dimension, categories] of Object.entries(row.parts) as Array<[PopulationDimension, Record<string, number>]>) {
      for (const [category, count] of Object.entries(categories)) {
        db.insert(populationGroups).values({ processId, stadtteilKey: row.key, dimension, category, count }).run();
      }
    }
  }
}
