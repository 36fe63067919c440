import type { Db } from '../../db/index.ts';
import type { Role } from '../../shared/domain.ts';
import { createUser } from '../../server/features/auth/auth.service.ts';

let counter = 0;
export const TEST_PASSWORD = 'correct horse battery staple';

/** A user of the given role with the shared test password; fills in the rest. */
export async function buildUser(db: Db, overrides: { role?: Role; username?: string; fieldsOfAction?: string[]; password?: string } = {}) {
  counter += 1;
  const role = overrides.role ?? 'staff';
  const password = overrides.password ?? TEST_PASSWORD;
  const user = await createUser(
    db,
    { username: overrides.username ?? `${role.replace('_', '-')}-${counter}`, role, password, fieldsOfAction: overrides.fieldsOfAction ?? (role === 'working_group' ? ['arbeit'] : []) },
    null,
  );
  return { ...user, password };
}
