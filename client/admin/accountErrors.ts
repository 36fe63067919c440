import type { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MAX_SHORT_TEXT_LENGTH, MIN_PASSWORD_LENGTH, type Role } from '../../shared/domain.ts';
import { ApiError } from '../api.ts';
import { t } from './messages.ts';

/** The fields of the new-account form; `form` is a problem that belongs to no single field. */
export type AccountField = 'username' | 'displayName' | 'password' | 'role' | 'fieldsOfAction' | 'processes' | 'form';
export type AccountErrors = Partial<Record<AccountField, string>>;

const FIELDS: readonly AccountField[] = ['username', 'displayName', 'password', 'role', 'fieldsOfAction', 'processes'];

/** German text for one problem with one field, from the issue code the shared schema or the server gave. */
export function say(field: AccountField, code: string, keys: readonly string[] = []): string {
  switch (field) {
    case 'username':
      if (code === 'taken') return t('accountErrors.thisUsernameAlreadyExists');
      if (code === 'too_small') return t('accountErrors.usernameTooShort');
      if (code === 'too_big') return t('accountErrors.theUsernameMayHave');
      return t('accountErrors.onlyLettersWithoutUmlauts');
    case 'password':
      if (code === 'too_big') return t('accountErrors.thePasswordMayHave', { maxPasswordLength: MAX_PASSWORD_LENGTH });
      return t('accountErrors.thePasswordNeedsAt', { minPasswordLength: MIN_PASSWORD_LENGTH });
    case 'displayName':
      return t('accountErrors.theNameMayHave', { maxShortTextLength: MAX_SHORT_TEXT_LENGTH });
    case 'role':
      return t('accountErrors.pleaseChooseARole');
    case 'fieldsOfAction':
      if (code === 'elsewhere') return t('accountErrors.fieldNotInProcesses', { value: keys.join(', ') });
      if (code === 'too_small') return t('accountErrors.pleaseChooseAField');
      return keys.length > 0 ? t('accountErrors.unknownFieldOfAction', { value: keys.join(', ') }) : t('accountErrors.pleaseChooseFieldsOf');
    case 'processes':
      if (code === 'archived') return t('accountErrors.processArchived', { value: keys.join(', ') });
      return keys.length > 0 ? t('accountErrors.unknownProcess', { value: keys.join(', ') }) : t('accountErrors.pleaseChooseAProcess');
    default:
      return t('accountErrors.theAccountCouldNot');
  }
}

/**
 * What a working group lacks to see anything: a process, and a field of action of it. Both account
 * forms ask for them before sending (the API lets an account be parked without), so an admin does not
 * make a group whose members then find „Ihr Konto hat in diesem Verfahren kein Handlungsfeld“.
 */
export function workingGroupGaps(role: Role, processes: readonly string[], fields: readonly string[]): AccountErrors {
  if (role !== 'working_group') return {};
  return {
    ...(processes.length === 0 ? { processes: say('processes', 'too_small') } : {}),
    ...(fields.length === 0 ? { fieldsOfAction: say('fieldsOfAction', 'too_small') } : {}),
  };
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
  if (!(err instanceof ApiError)) return { form: t('accountErrors.theAccountCouldNot2') };
  if (err.status === 0) return { form: t('accountErrors.noConnectionToThe') };
  if (err.code === 'username_taken') return { username: say('username', 'taken') };
  const details = Array.isArray(err.details) ? (err.details as Detail[]) : [];
  const errors: AccountErrors = {};
  for (const detail of details) {
    const field = fieldOf(detail.path ?? '');
    if (!field) continue;
    const code = err.code === 'process_archived' ? 'archived' : err.code === 'field_not_in_process' ? 'elsewhere' : err.code === 'unknown_field_of_action' || err.code === 'unknown_process' ? 'unknown' : /at least|too small|>=/i.test(detail.message ?? '') ? 'too_small' : /at most|too big|<=/i.test(detail.message ?? '') ? 'too_big' : 'invalid';
    errors[field] ??= say(field, code, detail.keys);
  }
  if (Object.keys(errors).length === 0) errors.form = err.status === 403 ? t('accountErrors.onlyAdminsMayCreate') : t('accountErrors.theAccountCouldNot2');
  return errors;
}

/**
 * The problems by the id of the input each is about (`${prefix}-${field}`), for `ProblemsAt`,
 * `invalidAt` and `FieldProblem` (FieldProblems.tsx); a problem of the whole form stays at its top.
 */
export function problemsAtInputs(prefix: string, errors: AccountErrors): ReadonlyMap<string, string> {
  return new Map(FIELDS.flatMap((field) => (errors[field] ? [[`${prefix}-${field}`, errors[field]] as const] : [])));
}
