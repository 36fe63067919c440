import type { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MAX_SHORT_TEXT_LENGTH, MIN_PASSWORD_LENGTH } from '../../shared/domain.ts';
import { ApiError } from '../api.ts';

/** The fields of the new-account form; `form` is a problem that belongs to no single field. */
export type AccountField = 'username' | 'displayName' | 'password' | 'role' | 'fieldsOfAction' | 'form';
export type AccountErrors = Partial<Record<AccountField, string>>;

const FIELDS: readonly AccountField[] = ['username', 'displayName', 'password', 'role', 'fieldsOfAction'];

/** German text for one problem with one field, from the issue code the shared schema or the server gave. */
function say(field: AccountField, code: string, keys: readonly string[] = []): string {
  switch (field) {
    case 'username':
      if (code === 'taken') return 'Diesen Benutzernamen gibt es schon. Bitte wählen Sie einen anderen.';
      if (code === 'too_small') return 'Der Benutzername braucht mindestens 2 Zeichen.';
      if (code === 'too_big') return 'Der Benutzername darf höchstens 64 Zeichen haben.';
      return 'Nur Buchstaben ohne Umlaute, Ziffern, Punkt, Unterstrich und Bindestrich, ohne Leerzeichen.';
    case 'password':
      if (code === 'too_big') return `Das Passwort darf höchstens ${MAX_PASSWORD_LENGTH} Zeichen haben.`;
      return `Das Passwort braucht mindestens ${MIN_PASSWORD_LENGTH} Zeichen.`;
    case 'displayName':
      return `Der Name darf höchstens ${MAX_SHORT_TEXT_LENGTH} Zeichen haben.`;
    case 'role':
      return 'Bitte wählen Sie eine Rolle.';
    case 'fieldsOfAction':
      return keys.length > 0 ? `Unbekanntes Handlungsfeld: ${keys.join(', ')}. Bitte wählen Sie aus der Liste.` : 'Bitte wählen Sie Handlungsfelder aus der Liste.';
    default:
      return 'Das Konto konnte nicht angelegt werden.';
  }
}

function fieldOf(path: string): AccountField | null {
  const name = path.replace(/^body\./, '').split('.')[0] ?? '';
  return (FIELDS as readonly string[]).includes(name) ? (name as AccountField) : null;
}

/** The shared schema's verdict in the browser, one German message per field (the first problem wins). */
export function fromIssues(issues: readonly z.core.$ZodIssue[]): AccountErrors {
  const errors: AccountErrors = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path.join('.')) ?? 'form';
    errors[field] ??= say(field, issue.code);
  }
  return errors;
}

interface Detail {
  path?: string;
  message?: string;
  keys?: string[];
}

/** The server's answer, placed beside the field it is about, in German. */
export function fromApiError(err: unknown): AccountErrors {
  if (!(err instanceof ApiError)) return { form: 'Das Konto konnte nicht angelegt werden. Bitte versuchen Sie es noch einmal.' };
  if (err.status === 0) return { form: 'Keine Verbindung zum Server. Ihre Eingaben bleiben stehen; bitte versuchen Sie es gleich noch einmal.' };
  if (err.code === 'username_taken') return { username: say('username', 'taken') };
  const details = Array.isArray(err.details) ? (err.details as Detail[]) : [];
  const errors: AccountErrors = {};
  for (const detail of details) {
    const field = fieldOf(detail.path ?? '');
    if (!field) continue;
    const code = err.code === 'unknown_field_of_action' ? 'unknown' : /at least|too small|>=/i.test(detail.message ?? '') ? 'too_small' : /at most|too big|<=/i.test(detail.message ?? '') ? 'too_big' : 'invalid';
    errors[field] ??= say(field, code, detail.keys);
  }
  if (Object.keys(errors).length === 0) errors.form = err.status === 403 ? 'Nur Admins dürfen Konten anlegen.' : 'Das Konto konnte nicht angelegt werden. Bitte versuchen Sie es noch einmal.';
  return errors;
}
