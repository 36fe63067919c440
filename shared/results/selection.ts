import { fillPlaceholders } from '../i18n/catalog.ts';
import results from '../i18n/results/de.json' with { type: 'json' };

/**
 * A selection of respondents in words, one part a filter: „Stadtbezirk: Bezirk 2“, „Sprache:
 * Türkisch“, „Angabe der Befragten „Seit wann leben Sie in Deutschland?“: 2 bis 5 Jahre“. The
 * results page says it under its narrowed figures („Eingegrenzt: …“, in the staff's language,
 * client/results/ResultsFilters.tsx) and the downloads under their titles (German,
 * server/features/results/): one wording, one order, from the results catalog (`figures.narrowed*`).
 */
export type SelectionKey = 'figures.narrowedDistrict' | 'figures.narrowedStadtteil' | 'figures.narrowedChannel' | 'figures.narrowedLanguage' | 'figures.narrowedBand';

/** How the parts speak: German by default (the downloads), or the page's message lookup. */
export type SaySelection = (key: SelectionKey, params: Record<string, string>) => string;

const german: SaySelection = (key, params) => fillPlaceholders(results[key], params);

/** The names of what each filter chose, as the caller shows them; a filter not set is left out. */
export interface SelectionNames {
  district?: string | undefined;
  stadtteil?: string | undefined;
  channel?: string | undefined;
  language?: string | undefined;
  /** A demographic band: the question's title and the chosen option (several already joined by the caller). */
  band?: { question: string; option: string } | undefined;
}

export function selectionParts(names: SelectionNames, say: SaySelection = german): string[] {
  const parts: string[] = [];
  if (names.district !== undefined) parts.push(say('figures.narrowedDistrict', { name: names.district }));
  if (names.stadtteil !== undefined) parts.push(say('figures.narrowedStadtteil', { name: names.stadtteil }));
  if (names.channel !== undefined) parts.push(say('figures.narrowedChannel', { name: names.channel }));
  if (names.language !== undefined) parts.push(say('figures.narrowedLanguage', { name: names.language }));
  if (names.band) parts.push(say('figures.narrowedBand', names.band));
  return parts;
}
