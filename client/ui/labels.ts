/**
 * The staff UI's words for the domain, in one place: channels, kinds and languages come from
 * `shared/results/labels.ts` (the same words the Auswertung and the exports print), the field
 * tree and the Stadtteil names from the process. Staff pages are German, so labels are too.
 */
import type { District, FieldOfActionNode } from '../../shared/api/processes.ts';
import { PLACE_OUTSIDE, PLACE_UNKNOWN } from '../../shared/domain.ts';
import { OUTSIDE_LABEL } from '../../shared/results/labels.ts';

export { CHANNEL_LABELS, KIND_LABELS, LANGUAGE_LABELS, OUTSIDE_LABEL, UNKNOWN_LABEL } from '../../shared/results/labels.ts';

export interface FieldOption {
  key: string;
  label: string;
  /** 0 for a top-level field, 1 for its children. */
  depth: number;
}

/** Every field of action, children after their parent, with their German label and depth. */
export function flattenFields(nodes: FieldOfActionNode[], depth = 0): FieldOption[] {
  return nodes.flatMap((node) => [{ key: node.key, label: node.label.de, depth }, ...flattenFields(node.children ?? [], depth + 1)]);
}

/** The Stadtteil names of a process by key. */
export function stadtteilNames(districts: readonly District[]): Map<string, string> {
  return new Map(districts.flatMap((district) => district.stadtteile.map((stadtteil) => [stadtteil.key, stadtteil.name] as const)));
}

/** How a staff page names a place: the Stadtteil's name, "außerhalb der Stadt", or null when it is not known. */
export function placeName(key: string | null, names: ReadonlyMap<string, string>): string | null {
  if (!key || key === PLACE_UNKNOWN) return null;
  if (key === PLACE_OUTSIDE) return OUTSIDE_LABEL;
  return names.get(key) ?? key;
}
