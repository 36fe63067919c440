import type { Db } from '../../../db/index.ts';
import { conflict, notFound } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import * as authRepo from '../auth/auth.repo.ts';
import { listAllFields } from '../processes/processes.repo.ts';

export function listUsers(db: Db) {
  return authRepo.listUsers(db, new Date().toISOString());
}

/** The fields of action an account may be given, each key once (the first process's label wins). */
export function listFieldOptions(db: Db) {
  const byKey = new Map<string, { key: string; label: string; parentKey: string | null }>();
  for (const field of listAllFields(db)) {
    if (!byKey.has(field.key)) byKey.set(field.key, { key: field.key, label: field.label.de, parentKey: field.parentKey });
  }
  return [...byKey.values()];
}

export function listSessions(db: Db) {
  return authRepo.listLiveSessions(db, new Date().toISOString());
}

/** Signs out one device, e.g. a lost tablet. */
export function revokeSession(db: Db, sessionId: string, actorId: number) {
  db.transaction((tx) => {
    if (!authRepo.revokeSession(tx, sessionId, new Date().toISOString())) throw notFound('Session');
    appendAudit(tx, { userId: actorId, action: 'session_revoked', entity: 'session', entityId: sessionId.slice(0, 12) });
  });
}

/** Disabling a user signs out all their devices at once. */
export function setUserDisabled(db: Db, userId: number, disabled: boolean, actorId: number) {
  db.transaction((tx) => {
    const user = authRepo.findUserById(tx, userId);
    if (!user) throw notFound('User');
    if (disabled && user.role === 'admin' && !user.disabledAt && authRepo.countAdmins(tx) <= 1) {
      throw conflict('last_admin', 'The last active admin cannot be disabled');
    }
    const now = new Date().toISOString();
    authRepo.updateUser(tx, userId, { disabledAt: disabled ? now : null });
    if (disabled) authRepo.revokeUserSessions(tx, userId, now);
    appendAudit(tx, { userId: actorId, action: disabled ? 'user_disabled' : 'user_enabled', entity: 'user', entityId: String(userId) });
  });
}
