// Reference data about who lives in a Stadtteil, as the Zensus 2022 counts it. Constants only
// (no zod), so a client chunk can read them. Which survey questions participation is compared
// with is the survey's own mark (`census` of a question, `CENSUS_COMPARISONS` in survey/definition.ts).

/**
 * The parts of a Stadtteil's population an import may give, each summing to the total:
 * - `age`: the Zensus's five age classes (the stall's age bands; a survey's age question maps its options to them);
 * - `nationality`: Germans and foreign nationals (Zensus: Staatsangehörigkeit deutsch / nicht deutsch);
 * - `immigration`: immigration history (Zensus 2022: Einwanderungsgeschichte) — none, immigrated
 *   themselves, or descendants of two immigrated parents.
 */
export const POPULATION_DIMENSIONS = {
  age: ['under-18', '18-29', '30-49', '50-64', '65-plus'],
  nationality: ['german', 'foreign'],
  immigration: ['none', 'immigrated', 'descendants'],
} as const;
export type PopulationDimension = keyof typeof POPULATION_DIMENSIONS;
export type PopulationCategory<D extends PopulationDimension = PopulationDimension> = (typeof POPULATION_DIMENSIONS)[D][number];

/** German names of the categories, as the CSV's headers and the pages write them. */
export const POPULATION_CATEGORY_LABELS: Readonly<Record<PopulationDimension, Readonly<Record<string, string>>>> = {
  age: { 'under-18': 'unter 18', '18-29': '18 bis 29', '30-49': '30 bis 49', '50-64': '50 bis 64', '65-plus': '65 und älter' },
  nationality: { german: 'Deutsche', foreign: 'Ausländer' },
  immigration: { none: 'Ohne Einwanderungsgeschichte', immigrated: 'Selbst eingewandert', descendants: 'Nachkommen von Eingewanderten' },
};

export const POPULATION_DIMENSION_LABELS: Readonly<Record<PopulationDimension, string>> = {
  age: 'Altersgruppen',
  nationality: 'Staatsangehörigkeit',
  immigration: 'Einwanderungsgeschichte',
};
