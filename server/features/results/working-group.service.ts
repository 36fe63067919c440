import type { Db } from '../../../db/index.ts';
import { AppError, badRequest, forbidden } from '../../errors.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import { tagsFor } from '../contributions/contributions.repo.ts';
import { loadProcessParts, type ProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import * as repo from './results.repo.ts';

/**
 * The fields a caller may read: a working group only in the processes its account names
 * (`process_not_assigned` elsewhere), and there only its own fields that the process has (a parent
 * field includes its children), an admin any. Asking for a field the process does not have is a 400
 * (`unknown_field`), for one outside one's own a 403, not an empty list; so is a working group's every read in a process without any of its fields
 * (`no_field_in_process`), where it would otherwise see empty, suppressed tables of nothing.
 */
export function readableFields(db: Db, process: ProcessRow, user: UserRow, requested: string | undefined): string[] {
  assertWorksOn(process, user);
  const fields = loadProcessParts(db, process.id).fields;
  const known = new Set(fields.map((field) => field.key));
  const withChildren = (key: string) => [key, ...fields.filter((field) => field.parentKey === key).map((field) => field.key)];
  const own = user.role === 'admin' ? fields.map((field) => field.key) : user.fieldsOfAction.flatMap(withChildren).filter((key) => known.has(key));
  if (own.length === 0 && user.role !== 'admin') throw new AppError(403, 'no_field_in_process', 'Your account has no field of action in this process');
  if (requested === undefined) return [...new Set(own)];
  // A key the process does not have is a typo, not a matter of rights: say so, as for an unknown district.
  if (!known.has(requested)) throw badRequest('unknown_field', `The process has no field of action ${requested}; its fields: ${[...known].join(', ')}`, [{ path: 'field', message: 'unknown field of action' }]);
  if (!own.includes(requested)) throw forbidden();
  return withChildren(requested);
}

/** A working group reads only the processes its account names (403 `process_not_assigned`); staff and admins every one. */
export function assertWorksOn(process: ProcessRow, user: UserRow): void {
  if (user.role === 'working_group' && !user.processes.includes(process.slug)) {
    throw new AppError(403, 'process_not_assigned', 'Your account does not work on this process; an admin can add it');
  }
}

/**
 * Names a voice's place only as precisely as the numbers allow: the Stadtteil when at least
 * `threshold` voices of the list come from it, else its statistical district when that has
 * enough, else nothing. `perStadtteil` counts the list's voices by Stadtteil key.
 */
export function areaNamer(parts: ProcessParts, perStadtteil: ReadonlyMap<string, number>, threshold: number): (stadtteilKey: string | null) => string | null {
  const districtOf = new Map(parts.stadtteile.map((s) => [s.key, parts.districts.find((d) => d.id === s.districtId)!]));
  const nameOf = new Map(parts.stadtteile.map((s) => [s.key, s.name]));
  const perDistrict = new Map<string, number>();
  for (const [key, count] of perStadtteil) {
    const district = districtOf.get(key);
    if (district) perDistrict.set(district.key, (perDistrict.get(district.key) ?? 0) + count);
  }
  return (stadtteilKey) => {
    const district = stadtteilKey ? districtOf.get(stadtteilKey) : undefined;
    if (!stadtteilKey || !district) return null;
    if ((perStadtteil.get(stadtteilKey) ?? 0) >= threshold) return nameOf.get(stadtteilKey)!;
    return (perDistrict.get(district.key) ?? 0) >= threshold ? district.name : null;
  };
}

/** Contributions for a working group: masked text only, and a place named as `areaNamer` allows. */
export function workingGroupContributions(db: Db, process: ProcessRow, fields: string[]) {
  const rows = repo.listForWorkingGroup(db, process.id, fields);
  const tags = tagsFor(db, rows.map((row) => row.id));
  const perStadtteil = new Map<string, number>();
  for (const row of rows) if (row.stadtteilKey) perStadtteil.set(row.stadtteilKey, (perStadtteil.get(row.stadtteilKey) ?? 0) + 1);
  const nameArea = areaNamer(loadProcessParts(db, process.id), perStadtteil, process.suppressionThreshold);
  return rows.map((row) => ({
    row,
    area: nameArea(row.stadtteilKey),
    fields: (tags.get(row.id) ?? []).filter((tag) => tag.source !== 'suggested' && fields.includes(tag.fieldKey)).map((tag) => tag.fieldKey),
  }));
}
