import { PLACE_OUTSIDE } from '../../shared/domain.ts';
import { currentProcess } from './state.ts';

export { StadtteilSelect } from '../ui/StadtteilSelect.tsx';

/** The Stadtteil's name for a key; "außerhalb" for someone from outside the city. */
export function stadtteilName(key: string | null): string | null {
  if (!key) return null;
  if (key === PLACE_OUTSIDE) return 'außerhalb';
  for (const district of currentProcess.value?.districts ?? []) {
    const found = district.stadtteile.find((s) => s.key === key);
    if (found) return found.name;
  }
  return key;
}

/** What staff pick for a voice or a stall: a Stadtteil, "nicht genannt" or outside the city. */
export const STAFF_DISTRICT_CHOICES = { emptyLabel: 'nicht genannt', extra: [{ value: PLACE_OUTSIDE, label: 'außerhalb der Stadt' }] } as const;
