import type { Db } from '../../db/index.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { buildProcess } from '../factories/processes.ts';

/**
 * Respondent filters the default process cannot have, each with the error code it is refused with
 * (a 400): an unknown language, a malformed or unknown band, a Stadtteil only another process has
 * (`withOtherProcessStadtteil` makes it), a Stadtteil outside the chosen district. As query strings
 * without the leading `?`.
 */
export const FOREIGN_FILTERS = [
  ['language=xx', 'validation_failed'],
  ['band=years-in-germany', 'validation_failed'],
  ['band=years-in-germany:seit-gestern', 'unknown_band'],
  ['band=religion:keine', 'unknown_band'],
  ['stadtteil=nur-dort', 'unknown_stadtteil'],
  ['district=bezirk-1&stadtteil=refrath', 'unknown_stadtteil'],
] as const;

/** Another process with a Stadtteil `nur-dort` the default process lacks; its slug. */
export function withOtherProcessStadtteil(db: Db): string {
  const other = buildProcess(db);
  const otherId = findProcessBySlug(db, other)!.id;
  db.$client
    .prepare("insert into stadtteile (process_id, district_id, key, nr, name, name_variants) select process_id, id, 'nur-dort', 99, 'Nur dort', '[]' from districts where process_id = ? limit 1")
    .run(otherId);
  return other;
}
