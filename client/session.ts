import { signal } from '@preact/signals';
import type { Me } from '../shared/api/auth.ts';
import { ApiError, call, setCsrfToken } from './api.ts';

/** The signed-in user; `undefined` while not yet asked, `null` when signed out. */
export const me = signal<Me | null | undefined>(undefined);

/**
 * Who signed in on this device last, while the server cannot be asked (the stall offline):
 * the header names them instead of offering a sign-in that cannot work without a network.
 */
export const offlineUser = signal<Pick<Me, 'username' | 'displayName' | 'role'> | null>(null);

export async function loadMe(): Promise<Me | null> {
  try {
    const result = await call('GET /api/auth/me');
    setCsrfToken(result.csrfToken);
    me.value = result;
    offlineUser.value = null;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    setCsrfToken(null);
    me.value = null;
    offlineUser.value = null;
  }
  return me.value ?? null;
}

export async function login(username: string, password: string, deviceName = ''): Promise<Me> {
  const result = await call('POST /api/auth/login', { body: { username, password, ...(deviceName.trim() ? { deviceName: deviceName.trim() } : {}) } });
  setCsrfToken(result.csrfToken);
  me.value = result;
  return result;
}

const signOutChecks: Array<() => Promise<string | null>> = [];
/** An area's warning before signing out (the stall's unsent captures): null when there is nothing to say. */
export function onSignOut(check: () => Promise<string | null>): void {
  signOutChecks.push(check);
}

/** The areas' warnings before signing out, for the person to confirm; empty when there are none. */
export async function signOutWarnings(): Promise<string[]> {
  const said = await Promise.all(signOutChecks.map((check) => check().catch(() => null)));
  return said.filter((warning): warning is string => warning !== null);
}

/**
 * Ends the session on the server, then here. Without a connection the server cannot be told, so
 * the session stays as it is (signed in, also in the header) and the error goes to the caller:
 * a tablet handed over must not look signed out while its cookie still signs it in.
 */
export async function logout(): Promise<void> {
  try {
    await call('POST /api/auth/logout');
  } catch (err) {
    // The session is gone on the server anyway (expired, or signed out in another tab).
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
  }
  setCsrfToken(null);
  me.value = null;
}

export function homeOf(role: Me['role']): string {
  return role === 'staff' ? '/stand' : role === 'working_group' ? '/auswertung' : '/admin';
}
