import { useEffect, useState } from 'preact/hooks';
import type { FieldOption, User } from '../../shared/api/auth.ts';
import { MAX_SHORT_TEXT_LENGTH, MIN_PASSWORD_LENGTH, ROLES, type Role } from '../../shared/domain.ts';
import { ApiError, call } from '../api.ts';
import type { ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { useModalDialog } from '../ui/useModalDialog.ts';
import { staffText } from '../ui/labels.ts';
import { fromApiError, problemsAtInputs, workingGroupGaps, type AccountErrors } from './accountErrors.ts';
import { FieldProblem, invalidAt, ProblemsAt } from './FieldProblems.tsx';
import { FieldPicker, ProcessChoice, useOnlyProcessTicked } from './FieldPicker.tsx';
import { ROLE_NAMES } from './role-names.ts';
import type { ProcessOption } from './UsersPage.tsx';
import { t } from './messages.ts';

/** Why the server refused a change, in German; the field-level messages come from accountErrors. */
function refusal(err: unknown): AccountErrors {
  if (err instanceof ApiError && err.code === 'last_admin') return { role: t('editAccountDialog.theLastActiveAdmin') };
  const errors = fromApiError(err);
  if (errors.form && Object.keys(errors).length === 1 && !(err instanceof ApiError && err.status === 0)) errors.form = t('editAccountDialog.theChangeWasNot');
  return errors;
}

/**
 * Changes one account in a modal dialog: its name, role, fields of action and processes, and, apart from
 * those, a new password for someone who forgot theirs (which signs out all their devices).
 */
export function EditAccountDialog({
  user,
  options,
  optionsError,
  optionsLoading,
  processes,
  processesError,
  processesLoading,
  onClose,
  onSaved,
  onConfirm,
}: {
  user: User | null;
  options: FieldOption[];
  optionsError: unknown;
  optionsLoading: boolean;
  processes: ProcessOption[];
  processesError: unknown;
  processesLoading: boolean;
  onClose: () => void;
  onSaved: (text: string) => void;
  /** Asks before a change that drops something (the page's confirmation dialog, over this one). */
  onConfirm: (request: ConfirmRequest) => void;
}) {
  const dialog = useModalDialog(user, onClose);
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [fields, setFields] = useState<string[]>([]);
  const [processSlugs, setProcessSlugs] = useState<string[]>([]);
  const roleChosen = useOnlyProcessTicked(processes, processSlugs, setProcessSlugs, user);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<AccountErrors>({});
  const [busy, setBusy] = useState(false);

  // Each account's dialog starts from what the account is.
  useEffect(() => {
    if (!user) return;
    setDisplayName(user.displayName ?? '');
    setRole(user.role);
    setFields(user.fieldsOfAction);
    setProcessSlugs(user.processes);
    setPassword('');
    setErrors({});
  }, [user]);

  function focusProblem() {
    requestAnimationFrame(() => dialog.ref.current?.querySelector<HTMLElement>('[aria-invalid="true"], .notice.error')?.focus());
  }

  /** Sends one change; on success says what happened and closes, on a refusal keeps everything typed and focuses the problem. */
  async function send(request: () => Promise<void>, done: string) {
    setBusy(true);
    try {
      await request();
      onSaved(done);
      onClose();
    } catch (err) {
      setErrors(refusal(err));
      focusProblem();
    } finally {
      setBusy(false);
    }
  }

  function save(event: Event) {
    event.preventDefault();
    if (!user) return;
    // A working group left without a process or a field of action would see nothing: asked for first, as on creating one.
    const gaps = workingGroupGaps(role, processSlugs, fields);
    if (Object.keys(gaps).length > 0) {
      setErrors(gaps);
      focusProblem();
      return;
    }
    const body = { displayName: displayName.trim() || null, role, ...(role === 'working_group' ? { fieldsOfAction: fields, processes: processSlugs } : {}) };
    const go = () => send(() => call('PATCH /api/admin/users/:id', { params: { id: user.id }, body }), t('editAccountDialog.accountSaved', { username: user.username }));
    // A working group that gets another role loses its fields and processes: say which, and ask first.
    if (user.role !== 'working_group' || role === 'working_group' || (user.fieldsOfAction.length === 0 && user.processes.length === 0)) return void go();
    const none = t('editAccountDialog.none');
    const fieldNames = user.fieldsOfAction.map((key) => options.find((option) => option.key === key)?.label ?? key);
    const processNames = user.processes.map((slug) => {
      const process = processes.find((entry) => entry.slug === slug);
      return process ? staffText(process.title) : slug;
    });
    onConfirm({
      title: t('editAccountDialog.dropQuestion', { role: ROLE_NAMES()[role] }),
      body: t('editAccountDialog.dropBody', {
        username: user.username,
        role: ROLE_NAMES()[role],
        fields: fieldNames.join(', ') || none,
        processes: processNames.join(', ') || none,
      }),
      confirmLabel: t('editAccountDialog.dropConfirm'),
      onConfirm: go,
    });
  }

  function resetPassword(event: Event) {
    event.preventDefault();
    if (!user) return;
    if ([...password].length < MIN_PASSWORD_LENGTH) {
      setErrors({ password: t('editAccountDialog.thePasswordNeedsAt', { minPasswordLength: MIN_PASSWORD_LENGTH }) });
      focusProblem();
      return;
    }
    void send(() => call('POST /api/admin/users/:id/password', { params: { id: user.id }, body: { password } }), t('editAccountDialog.newPasswordSetFor', { username: user.username }));
  }

  const at = problemsAtInputs('edit', errors);

  return (
    <dialog ref={dialog.ref} class="confirm-dialog account-dialog" aria-labelledby="edit-account-title" onClose={dialog.onClose}>
      {user && (
        <ProblemsAt.Provider value={at}>
          <h2 id="edit-account-title">{t('editAccountDialog.editAccount', { username: user.username })}</h2>
          {errors.form && (
            <p class="notice error" tabIndex={-1}>
              {errors.form}
            </p>
          )}
          <form onSubmit={save} noValidate aria-label={t('editAccountDialog.accountDetails')}>
            <div class="field">
              <label for="edit-displayName">{t('editAccountDialog.nameOptional')}</label>
              <input id="edit-displayName" type="text" dir="auto" autoComplete="off" maxLength={MAX_SHORT_TEXT_LENGTH} value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} {...invalidAt(at, 'edit-displayName')} />
              <FieldProblem id="edit-displayName" />
            </div>
            <div class="field">
              <label for="edit-role">{t('editAccountDialog.role')}</label>
              <select
                id="edit-role"
                value={role}
                onChange={(e) => {
                  const next = e.currentTarget.value as Role;
                  setRole(next);
                  // As on creating one: with one process open there is nothing to choose, the group works on it.
                  roleChosen(next);
                }}
                {...invalidAt(at, 'edit-role')}
              >
                {ROLES.map((option) => (
                  <option key={option} value={option}>
                    {ROLE_NAMES()[option]}
                  </option>
                ))}
              </select>
              <FieldProblem id="edit-role" />
            </div>
            {role === 'working_group' && <ProcessChoice idPrefix="edit" processes={processes.filter((process) => process.status !== 'archived' || user.processes.includes(process.slug))} processesError={processesError} processesLoading={processesLoading} selected={processSlugs} onChange={setProcessSlugs} error={errors.processes} />}
            {role === 'working_group' && <FieldPicker idPrefix="edit" options={options} optionsError={optionsError} optionsLoading={optionsLoading} processes={processSlugs} selected={fields} onChange={setFields} error={errors.fieldsOfAction} />}
            <div class="actions">
              <button type="button" class="button secondary" onClick={onClose}>
                {t('editAccountDialog.cancel')}
              </button>
              <button type="submit" class="button" disabled={busy}>
                {t('editAccountDialog.save')}
              </button>
            </div>
          </form>
          <form onSubmit={resetPassword} noValidate aria-labelledby="edit-password-title" class="password-reset">
            <h3 id="edit-password-title">{t('editAccountDialog.resetPassword')}</h3>
            <p class="hint" id="edit-password-hint">
              {t('editAccountDialog.forSomeoneWhoForgot')}
            </p>
            <div class="field">
              <label for="edit-password">{t('editAccountDialog.newPassword')}</label>
              <input
                id="edit-password"
                type="password"
                autoComplete="new-password"
                minLength={MIN_PASSWORD_LENGTH}
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
                {...invalidAt(at, 'edit-password', 'edit-password-hint')}
              />
              <FieldProblem id="edit-password" />
            </div>
            <div class="actions">
              <button type="submit" class="button danger" disabled={busy}>
                {t('editAccountDialog.setPassword')}
              </button>
            </div>
          </form>
        </ProblemsAt.Provider>
      )}
    </dialog>
  );
}
