import type { Me, User } from '../../../shared/api/auth.ts';
import type { UserRow } from './auth.repo.ts';

export function presentMe(user: UserRow, csrfToken: string): Me {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    ...(user.role === 'working_group' ? { fieldsOfAction: user.fieldsOfAction, processes: user.processes } : {}),
    csrfToken,
  };
}

export function presentUser(user: UserRow, activeSessions: number): User {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    fieldsOfAction: user.fieldsOfAction,
    processes: user.processes,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt,
    activeSessions,
  };
}
