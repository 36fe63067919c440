import { and, desc, eq, gt, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { preparedQuery, type DbOrTx } from '../../../db/index.ts';
import { serverSecrets, sessions, users } from '../../../db/schema.ts';
import type { Role } from '../../../shared/domain.ts';

export type UserRow = typeof users.$inferSelect;

export function findUserByUsername(db: DbOrTx, username: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.username, username)).get();
}

export function findUserById(db: DbOrTx, id: number): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function insertUser(
  db: DbOrTx,
  user: { username: string; displayName?: string | null; passwordHash: string; role: Role; fieldsOfAction: string[]; processes: string[] },
): UserRow {
  return db.insert(users).values(user).returning().get();
}

export function updateUser(db: DbOrTx, id: number, patch: Partial<Pick<UserRow, 'passwordHash' | 'disabledAt' | 'role' | 'fieldsOfAction' | 'processes' | 'displayName'>>): void {
  db.update(users).set(patch).where(eq(users.id, id)).run();
}

/** The accounts whose processes name this slug (working groups), by name. */
export function listUsersScopedTo(db: DbOrTx, slug: string): UserRow[] {
  return db
    .select()
    .from(users)
    .where(sql`exists (select 1 from json_each(${users.processes}) where json_each.value = ${slug})`)
    .orderBy(users.username)
    .all();
}

export function listUsers(db: DbOrTx, now: string) {
  return db
    .select({
      user: users,
      // Spelled out in full: drizzle writes ${'${users.id}'} as a bare "id", which inside the subquery meant the session's own id (always 0).
      activeSessions: sql<number>`(select count(*) from "sessions" s where s.user_id = "users"."id" and s.revoked_at is null and s.expires_at > ${now})`,
    })
    .from(users)
    .orderBy(users.username)
    .all();
}

export function countAdmins(db: DbOrTx): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
    .get();
  return row?.n ?? 0;
}

export function insertSession(
  db: DbOrTx,
  session: { id: string; userId: number; csrfToken: string; lastSeenAt: string; expiresAt: string; deviceName?: string | null; device?: string | null },
): void {
  db.insert(sessions).values(session).run();
}

/**
 * Ends the live sessions of an account that a new sign-in replaces: those of the same device (the
 * browser's device cookie) and the one whose cookie the browser still sent. Returns the name the
 * device was given last, for a sign-in that names none.
 */
export function replaceSessions(db: DbOrTx, userId: number, replaced: { device: string; sessionId: string | null }, now: string): string | null {
  const same = or(eq(sessions.device, replaced.device), replaced.sessionId ? eq(sessions.id, replaced.sessionId) : undefined);
  const live = and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), same);
  const named = db.select({ name: sessions.deviceName }).from(sessions).where(and(live, isNotNull(sessions.deviceName))).orderBy(desc(sessions.createdAt)).limit(1).get();
  db.update(sessions).set({ revokedAt: now }).where(live).run();
  return named?.name ?? null;
}

const liveSession = preparedQuery((db) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder('id')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('now')), isNull(users.disabledAt)))
    .prepare(),
);

/** A live session with its user: not revoked, not expired, user not disabled. Asked on every signed-in request, so prepared once. */
export function findLiveSession(db: DbOrTx, id: string, now: string) {
  return liveSession(db).get({ id, now });
}

export function touchSession(db: DbOrTx, id: string, now: string): void {
  db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id)).run();
}

export function revokeSession(db: DbOrTx, id: string, now: string): boolean {
  const result = db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .run();
  return result.changes > 0;
}

export function revokeUserSessions(db: DbOrTx, userId: number, now: string): number {
  return db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .run().changes;
}

export function listLiveSessions(db: DbOrTx, now: string) {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(sessions.lastSeenAt)
    .all();
}

/** The named secret, made with `make` the first time (two processes starting at once agree on the first one written). */
export function secret(db: DbOrTx, name: string, make: () => string): string {
  db.insert(serverSecrets).values({ name, value: make() }).onConflictDoNothing().run();
  return db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, name)).get()!.value;
}
