import { PLACE_OUTSIDE } from '../../shared/domain.ts';
import { OUTSIDE_LABEL, placeName, stadtteilNames } from '../ui/labels.ts';
import { currentProcess } from './state.ts';

export { StadtteilSelect } from '../ui/StadtteilSelect.tsx';

/** The Stadtteil's name for a key in the current process; "außerhalb der Stadt" for someone from outside the city. */
export function stadtteilName(key: string | null): string | null {
  return placeName(key, stadtteilNames(currentProcess.value?.districts ?? []));
}

/** What staff pick for a voice or a stall: a Stadtteil, "nicht genannt" or outside the city. */
export const STAFF_STADTTEIL_CHOICES = { emptyLabel: 'nicht genannt', extra: [{ value: PLACE_OUTSIDE, label: OUTSIDE_LABEL }] } as const;
