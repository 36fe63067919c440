import type { Db } from '../../db/index.ts';
import type { Role } from '../../shared/domain.ts';
import { listProcesses } from '../../server/features/processes/processes.repo.ts';
import { createUser } from '../../server/features/auth/auth.service.ts';

let counter = 0;
export const TEST_PASSWORD = 'correct horse battery staple';

/** A user of the given role with the shared test password; fills in the rest (a working group works on every process not archived when it is made). */
export async function buildUser(db: Db, overrides: { role?: Role; username?: string; fieldsOfAction?: string[]; processes?: string[]; password?: string } = {}) {
  counter += 1;
  const role = overrides.role ?? 'staff';
  const password = overrides.password ?? TEST_PASSWORD;
  const working = role === 'working_group';
  const user = await createUser(
    db,
    {
      username: overrides.username ?? `${role.replace('_', '-')}-${counter}`,
      role,
      password,
      fieldsOfAction: overrides.fieldsOfAction ?? (working ? ['arbeit'] : []),
      processes: overrides.processes ?? (working ? listProcesses(db).filter((process) => process.status !== 'archived').map((process) => process.slug) : []),
    },
    null,
  );
  return { ...user, password };
}
