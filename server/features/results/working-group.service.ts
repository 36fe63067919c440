import type { Db } from '../../../db/index.ts';
import { AppError, badRequest, forbidden } from '../../errors.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import { tagsFor } from '../contributions/contributions.repo.ts';
import { loadProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import type { PlaceNamer } from './place-names.ts';
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

/** Contributions for a working group: masked text only, and a place named as `nameArea` (`placeNamer`) allows. */
export function workingGroupContributions(db: Db, process: ProcessRow, fields: string[], nameArea: PlaceNamer) {
  const rows = repo.listForWorkingGroup(db, process.id, fields);
  const tags = tagsFor(db, rows.map((row) => row.id));
  return rows.map((row) => {
    const tagged = (tags.get(row.id) ?? []).filter((tag) => tag.source !== 'suggested' && fields.includes(tag.fieldKey)).map((tag) => tag.fieldKey);
    return { row, area: nameArea(row.stadtteilKey, tagged), fields: tagged };
  });
}
