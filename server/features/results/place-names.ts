import type { Db } from '../../../db/index.ts';
import { countScope, suppressScopeTable, type Scope } from './results.service.ts';

/** Names a listed voice's place from its Stadtteil key and its fields of action (those of the list). */
export type PlaceNamer = (stadtteilKey: string | null, fields: readonly string[]) => string | null;

/** Counts of one place dimension by field of action: raw, and whether the tables publish them. */
interface PlaceTable {
  raw: (place: string, field?: string) => number;
  published: (place: string, field?: string) => boolean;
}

function placeTable(db: Db, scope: Scope, dimension: 'district' | 'stadtteil'): PlaceTable {
  const counts = countScope(db, scope, [dimension, 'field'], { responses: false });
  const table = counts.contributions;
  const suppressed = suppressScopeTable(db, scope, [dimension, 'field'], counts, 'contributions');
  const placeAt = new Map(counts.values[0]!.map((value, index) => [value.key, index]));
  const fieldAt = new Map(counts.values[1]!.map((value, index) => [value.key, index]));
  const width = table.sizes[1]!;
  const at = (place: string, field: string | undefined): [number, boolean] | null => {
    const row = placeAt.get(place);
    if (row === undefined) return null;
    if (field === undefined) return [table.margins[0]![row]!, !suppressed.margins[0]![row]!.suppressed];
    const column = fieldAt.get(field);
    if (column === undefined) return null;
    return [table.cells[row * width + column]!, !suppressed.cells[row * width + column]!.suppressed];
  };
  return { raw: (place, field) => at(place, field)?.[0] ?? 0, published: (place, field) => at(place, field)?.[1] ?? false };
}

/**
 * Names a listed voice's place no more precisely than the tables beside the list publish it, so
 * that counting the list's rows (a pivot of the CSV, paging through the quotes) never gives a
 * count the tables withhold:
 * - its statistical district only when the tables of the same voices by Stadtbezirk and by
 *   Stadtbezirk × Handlungsfeld publish the district and its cell under each of the voice's fields
 *   (a district withheld as "verdeckt" has no named voices, else they would count it; the voices
 *   without a name are then those the tables withhold together, „ohne Angabe“ and „außerhalb“);
 * - its Stadtteil only when its district is named and the tables by Stadtteil publish the
 *   Stadtteil and its cells in the same way, and the district's voices left without a Stadtteil
 *   are none or at least the threshold, overall and under each field: else "Bezirk 2" would
 *   point at the one Stadtteil of Bezirk 2 not named, with 1 voice. The smallest named Stadtteil
 *   of such a district is named by its district too, until the rest is large enough.
 * The tables are those of `scope` (its fields and filters), counted as the aggregates count them.
 * A voice with several fields counts in several cells; requiring each of them published keeps
 * it unnamed wherever one of them is withheld.
 */
export function placeNamer(db: Db, scope: Scope): PlaceNamer {
  const { parts, fields, process } = scope;
  const threshold = process.suppressionThreshold;
  const districts = placeTable(db, scope, 'district');
  const stadtteile = placeTable(db, scope, 'stadtteil');
  const districtOf = new Map(parts.stadtteile.map((s) => [s.key, parts.districts.find((d) => d.id === s.districtId)!]));
  const nameOf = new Map(parts.stadtteile.map((s) => [s.key, s.name]));
  const named = new Set<string>();
  for (const district of parts.districts) {
    if (!districts.published(district.key)) continue;
    const candidates = parts.stadtteile.filter((s) => s.districtId === district.id && stadtteile.published(s.key)).map((s) => s.key);
    const rest = (field?: string) =>
      districts.raw(district.key, field) - candidates.filter((key) => field === undefined || stadtteile.published(key, field)).reduce((sum, key) => sum + stadtteile.raw(key, field), 0);
    const tooFew = (field?: string) => {
      const left = rest(field);
      return left > 0 && left < threshold;
    };
    while (candidates.length > 0 && (tooFew() || fields.some((field) => districts.published(district.key, field) && tooFew(field)))) {
      const smallest = candidates.reduce((best, key) => (stadtteile.raw(key) < stadtteile.raw(best) ? key : best));
      candidates.splice(candidates.indexOf(smallest), 1);
    }
    for (const key of candidates) named.add(key);
  }
  return (stadtteilKey, voiceFields) => {
    const district = stadtteilKey ? districtOf.get(stadtteilKey) : undefined;
    if (!stadtteilKey || !district) return null;
    if (!districts.published(district.key) || !voiceFields.every((field) => districts.published(district.key, field))) return null;
    const stadtteilShown = named.has(stadtteilKey) && voiceFields.every((field) => stadtteile.published(stadtteilKey, field));
    return stadtteilShown ? nameOf.get(stadtteilKey)! : district.name;
  };
}
