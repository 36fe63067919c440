import type { Db } from '../../../db/index.ts';
import type { UpdateUserRequest } from '../../../shared/api/auth.ts';
import { conflict, notFound } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import * as authRepo from '../auth/auth.repo.ts';
import { assertKnownAssignments } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/passwords.ts';
import { listAllFields, listProcesses } from '../processes/processes.repo.ts';

export function listUsers(db: Db) {
  return authRepo.listUsers(db, new Date().toISOString());
}

/** The fields of action an account may be given, each key once (the first process's label wins), with the processes that have it. */
export function listFieldOptions(db: Db) {
  const processes = listProcesses(db);
  const slugOf = new Map(processes.map((process) => [process.id, process.slug]));
  const rank = new Map(processes.map((process, index) => [process.id, index]));
  const byKey = new Map<string, { key: string; label: string; parentKey: string | null; processes: string[] }>();
  // In the processes' own order (oldest first; the query orders by process id, which is random), each process's fields in its order.
  const fields = listAllFields(db).sort((a, b) => (rank.get(a.processId) ?? 0) - (rank.get(b.processId) ?? 0));
  for (const field of fields) {
    let option = byKey.get(field.key);
    if (!option) byKey.set(field.key, (option = { key: field.key, label: field.label.de, parentKey: field.parentKey, processes: [] }));
    const slug = slugOf.get(field.processId);
    if (slug && !option.processes.includes(slug)) option.processes.push(slug);
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

/**
 * Changes an account. Disabling signs out all its devices at once; the last active admin can be
 * neither disabled nor given another role. Every change is audited with what changed (never a secret).
 */
export function updateUser(db: Db, userId: number, patch: UpdateUserRequest, actorId: number) {
  db.transaction((tx) => {
    const user = authRepo.findUserById(tx, userId);
    if (!user) throw notFound('User');
    assertKnownAssignments(tx, patch, user.processes);
    const activeAdmin = user.role === 'admin' && !user.disabledAt;
    const losesAdmin = (patch.disabled === true && !user.disabledAt) || (patch.role !== undefined && patch.role !== 'admin');
    if (activeAdmin && losesAdmin && authRepo.countAdmins(tx) <= 1) {
      throw conflict('last_admin', 'The last active admin must stay an active admin');
    }
    const now = new Date().toISOString();
    const role = patch.role ?? user.role;
    const changes: Parameters<typeof authRepo.updateUser>[2] = {};
    if (patch.disabled !== undefined) changes.disabledAt = patch.disabled ? (user.disabledAt ?? now) : null;
    if (patch.displayName !== undefined) changes.displayName = patch.displayName || null;
    if (patch.role !== undefined) changes.role = patch.role;
    if (role !== 'working_group') {
      if (user.fieldsOfAction.length > 0) changes.fieldsOfAction = [];
      if (user.processes.length > 0) changes.processes = [];
    } else {
      if (patch.fieldsOfAction) changes.fieldsOfAction = [...new Set(patch.fieldsOfAction)];
      if (patch.processes) changes.processes = [...new Set(patch.processes)];
    }
    authRepo.updateUser(tx, userId, changes);
    if (patch.disabled === true) authRepo.revokeUserSessions(tx, userId, now);
    if (patch.disabled !== undefined && (patch.disabled === true) !== Boolean(user.disabledAt)) {
      appendAudit(tx, { userId: actorId, action: patch.disabled ? 'user_disabled' : 'user_enabled', entity: 'user', entityId: String(userId) });
    }
    const { disabledAt: _disabled, ...rest } = changes;
    if (Object.keys(rest).length > 0) {
      appendAudit(tx, {
        userId: actorId,
        action: 'user_updated',
        entity: 'user',
        entityId: String(userId),
        details: { username: user.username, before: pick(user, Object.keys(rest)), after: rest },
      });
    }
  });
}

function pick(row: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, row[key]]));
}

/** Sets a new password for someone who forgot theirs and signs out every device of theirs. */
export async function resetPassword(db: Db, userId: number, password: string, actorId: number) {
  if (!authRepo.findUserById(db, userId)) throw notFound('User');
  const passwordHash = await hashPassword(password);
  db.transaction((tx) => {
    const user = authRepo.findUserById(tx, userId);
    if (!user) throw notFound('User');
    const now = new Date().toISOString();
    authRepo.updateUser(tx, userId, { passwordHash });
    const signedOut = authRepo.revokeUserSessions(tx, userId, now);
    appendAudit(tx, { userId: actorId, action: 'password_reset', entity: 'user', entityId: String(userId), details: { username: user.username, signedOut } });
  });
}
