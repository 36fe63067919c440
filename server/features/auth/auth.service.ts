import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, DbOrTx } from '../../../db/index.ts';
import type { Role } from '../../../shared/domain.ts';
import { AppError, badRequest, conflict } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { listAllFields, listFieldKeys, listProcesses } from '../processes/processes.repo.ts';
import * as repo from './auth.repo.ts';
import { LoginThrottle } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export const SESSION_COOKIE = 'mitreden_session';

export function sessionIdFromToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function tokensMatch(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Secrets the server keeps across restarts (`server_secrets`), by name: each made at random (32
 * bytes, hex) the first time, all in one transaction. Two processes starting at once on one
 * database agree on the first one written. The values stay in memory of the caller: never log,
 * send or export them.
 */
export function keptSecrets<Name extends string>(db: Db, names: readonly Name[]): Record<Name, string> {
  return db.transaction((tx) => Object.fromEntries(names.map((name) => [name, repo.secret(tx, name, () => randomBytes(32).toString('hex'))])) as Record<Name, string>);
}

export interface AuthServiceOptions {
  sessionDays: number;
}

export function createAuthService(db: Db, options: AuthServiceOptions) {
  const throttle = new LoginThrottle(Buffer.from(repo.secret(db, 'device-cookie-hmac', () => randomBytes(32).toString('base64url')), 'base64url'));

  return {
    /**
     * Signs in. `device.cookie` is this account's device cookie if the browser sent one (see
     * login-throttle.ts); `device.name` is what the person called this device, kept on the session;
     * `device.session` the session cookie the browser still holds. A browser that signs in again is
     * the same device: its earlier live sessions end, and it keeps its name unless it is given a new
     * one, so the list of signed-in devices names it once.
     */
    async login(username: string, password: string, client: string, device: { cookie?: string | undefined; name?: string | undefined; session?: string | undefined } = {}) {
      const attempt = await throttle.begin(username, client, device.cookie);
      const user = repo.findUserByUsername(db, username);
      const ok = await verifyPassword(user && !user.disabledAt ? user.passwordHash : null, password);
      if (!user || user.disabledAt || !ok) {
        appendAudit(db, { userId: user?.id ?? null, action: 'login_failed', entity: 'user', entityId: user ? String(user.id) : null });
        throw new AppError(401, 'invalid_credentials', 'Username or password is wrong');
      }
      await attempt.succeeded();
      const token = randomBytes(32).toString('base64url');
      const now = new Date();
      const nonce = throttle.knownDevice(username, device.cookie) ?? randomBytes(16).toString('base64url');
      const session = {
        id: sessionIdFromToken(token),
        userId: user.id,
        csrfToken: randomBytes(24).toString('base64url'),
        lastSeenAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + options.sessionDays * 86_400_000).toISOString(),
        deviceName: device.name?.trim() || null,
        device: createHash('sha256').update(nonce).digest('base64url'),
      };
      db.transaction((tx) => {
        const previousName = repo.replaceSessions(tx, user.id, { device: session.device, sessionId: device.session ? sessionIdFromToken(device.session) : null }, session.lastSeenAt);
        session.deviceName ??= previousName;
        repo.insertSession(tx, session);
        appendAudit(tx, { userId: user.id, action: 'login', entity: 'session', entityId: session.id.slice(0, 12) });
      });
      return { token, session, user, deviceCookie: throttle.issueDeviceCookie(username, nonce) };
    },

    logout(sessionId: string, userId: number) {
      db.transaction((tx) => {
        repo.revokeSession(tx, sessionId, new Date().toISOString());
        appendAudit(tx, { userId, action: 'logout', entity: 'session', entityId: sessionId.slice(0, 12) });
      });
    },

    /** The session behind a cookie token, or null when it is unknown, revoked, expired or its user disabled. */
    resolve(token: string) {
      const now = new Date().toISOString();
      const found = repo.findLiveSession(db, sessionIdFromToken(token), now);
      if (!found) return null;
      // Record activity at most once a minute: admins see which tablet was last active without a write per request.
      if (Date.parse(now) - Date.parse(found.session.lastSeenAt) > 60_000) repo.touchSession(db, found.session.id, now);
      return found;
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;

/**
 * Refuses (400) a field of action no process has and a process that does not exist, naming each,
 * and an archived process (`process_archived`) unless the account already works on it (`kept`):
 * an archived process takes no new working groups, one that has it keeps it.
 */
export function assertKnownAssignments(db: DbOrTx, assignments: { fieldsOfAction?: string[] | undefined; processes?: string[] | undefined }, kept: readonly string[] = []): void {
  const knownFields = listFieldKeys(db);
  const unknownFields = [...new Set(assignments.fieldsOfAction ?? [])].filter((key) => !knownFields.has(key));
  if (unknownFields.length > 0) {
    throw badRequest('unknown_field_of_action', `Unknown fields of action: ${unknownFields.join(', ')}`, [{ path: 'body.fieldsOfAction', message: 'unknown key', keys: unknownFields }]);
  }
  const processes = listProcesses(db);
  const knownProcesses = new Set(processes.map((process) => process.slug));
  const unknownProcesses = [...new Set(assignments.processes ?? [])].filter((slug) => !knownProcesses.has(slug));
  if (unknownProcesses.length > 0) {
    throw badRequest('unknown_process', `Unknown processes: ${unknownProcesses.join(', ')}`, [{ path: 'body.processes', message: 'unknown slug', keys: unknownProcesses }]);
  }
  const archived = new Set(processes.filter((process) => process.status === 'archived').map((process) => process.slug));
  const newlyArchived = [...new Set(assignments.processes ?? [])].filter((slug) => archived.has(slug) && !kept.includes(slug));
  if (newlyArchived.length > 0) {
    throw badRequest('process_archived', `Archived processes take no new working groups: ${newlyArchived.join(', ')}`, [{ path: 'body.processes', message: 'archived', keys: newlyArchived }]);
  }
  // Given together, each field must be one of the processes': a Bildung group of a process without Bildung would see nothing.
  if (assignments.fieldsOfAction?.length && assignments.processes?.length) {
    const ids = new Set(processes.filter((process) => assignments.processes!.includes(process.slug)).map((process) => process.id));
    const ofTheirs = new Set(listAllFields(db).filter((field) => ids.has(field.processId)).map((field) => field.key));
    const elsewhere = [...new Set(assignments.fieldsOfAction)].filter((key) => !ofTheirs.has(key));
    if (elsewhere.length > 0) {
      throw badRequest('field_not_in_process', `Fields of action none of the account's processes has: ${elsewhere.join(', ')}`, [{ path: 'body.fieldsOfAction', message: 'not in these processes', keys: elsewhere }]);
    }
  }
}

/** Used by the admin API and by `npm run user:create`. */
export async function createUser(
  db: Db,
  input: { username: string; displayName?: string | undefined; password: string; role: Role; fieldsOfAction?: string[] | undefined; processes?: string[] | undefined },
  actorId: number | null,
) {
  if (repo.findUserByUsername(db, input.username)) {
    throw conflict('username_taken', `A user named ${input.username} exists already`, [{ path: 'body.username', message: 'taken' }]);
  }
  assertKnownAssignments(db, input);
  const passwordHash = await hashPassword(input.password);
  return db.transaction((tx) => {
    const user = repo.insertUser(tx, {
      username: input.username,
      displayName: input.displayName ?? null,
      passwordHash,
      role: input.role,
      fieldsOfAction: input.role === 'working_group' ? [...new Set(input.fieldsOfAction ?? [])] : [],
      processes: input.role === 'working_group' ? [...new Set(input.processes ?? [])] : [],
    });
    // A working group's processes and fields of action (slugs and keys: never the password or its hash).
    const scope = user.role === 'working_group' ? { processes: user.processes, fieldsOfAction: user.fieldsOfAction } : {};
    appendAudit(tx, { userId: actorId, action: 'user_created', entity: 'user', entityId: String(user.id), details: { username: user.username, role: user.role, ...scope } });
    return user;
  });
}
