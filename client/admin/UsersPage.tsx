import { useRef, useState } from 'preact/hooks';
import { createUserRequestSchema, type FieldOption, type SessionInfo, type User } from '../../shared/api/auth.ts';
import type { ProcessStatus } from '../../shared/api/process-admin.ts';
import { MAX_SHORT_TEXT_LENGTH, MIN_PASSWORD_LENGTH, ROLES, type Role } from '../../shared/domain.ts';
import { ApiError, call } from '../api.ts';
import { ConfirmDialog, type ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi } from '../ui/useApi.ts';
import { EditAccountDialog } from './EditAccountDialog.tsx';
import { FieldPicker, ProcessChoice, useOnlyProcessTicked } from './FieldPicker.tsx';
import { fromApiError, fromIssues, problemsAtInputs, workingGroupGaps, type AccountErrors } from './accountErrors.ts';
import { FieldProblem, invalidAt, ProblemsAt } from './FieldProblems.tsx';
import './accounts.css';
import { t, tn } from './messages.ts';
import { ROLE_NAMES } from './role-names.ts';
import { staffLocale } from '../i18n/staff.ts';
import { staffText } from '../ui/labels.ts';
import { NamedControl } from '../ui/NamedControl.tsx';

const dateTime = () => (new Intl.DateTimeFormat(staffLocale(), { dateStyle: 'medium', timeStyle: 'short' }));

export function UsersPage() {
  const users = useApi('GET /api/admin/users');
  const sessions = useApi('GET /api/admin/sessions');
  const fieldOptions = useApi('GET /api/admin/fields-of-action');
  // Every process, drafts too: a working group can be set up before its process is published.
  const adminProcesses = useApi('GET /api/admin/processes');
  const processes = {
    data: adminProcesses.data?.map((process) => ({ slug: process.slug, title: process.structure.title, status: process.status })),
    error: adminProcesses.error,
    loading: adminProcesses.loading && !adminProcesses.data,
  };
  const optionsLoading = fieldOptions.loading && !fieldOptions.data;
  const processTitle = new Map((processes.data ?? []).map((process) => [process.slug, staffText(process.title)]));
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [editing, setEditing] = useState<User | null>(null);
  const devicesHeading = useRef<HTMLHeadingElement>(null);
  const fieldLabel = new Map((fieldOptions.data ?? []).map((option) => [option.key, option.label]));

  async function run(action: () => Promise<unknown>, done: string, afterwards?: HTMLElement | null) {
    setMessage(null);
    try {
      await action();
      setMessage({ kind: 'ok', text: done });
      users.reload();
      sessions.reload();
      // The button that was pressed may be gone with its row: keep the keyboard in the same part of the page.
      afterwards?.focus();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError && err.status === 404 ? t('usersPage.thisDeviceWasAlready') : t('usersPage.thatDidNotWork') });
    }
  }

  function signOut(session: SessionInfo) {
    const device = session.deviceName ? t('usersPage.text', { deviceName: session.deviceName }) : t('usersPage.theDeviceWithoutA');
    setConfirm({
      title: t('usersPage.signOutDevice'),
      body: t('usersPage.signedInSinceWill', { device, username: session.username, value: dateTime().format(new Date(session.createdAt)) }),
      confirmLabel: t('usersPage.signOut'),
      onConfirm: () =>
        run(
          () => call('DELETE /api/admin/sessions/:id', { params: { id: session.id } }),
          t('usersPage.isSignedOut', { value: session.deviceName ? t('usersPage.quotedName', { name: session.deviceName }) : t('usersPage.theDevice'), username: session.username }),
          devicesHeading.current,
        ),
    });
  }

  function toggleDisabled(user: User) {
    const action = () => call('PATCH /api/admin/users/:id', { params: { id: user.id }, body: { disabled: !user.disabled } });
    if (user.disabled) {
      void run(action, t('usersPage.isActiveAgain', { username: user.username }));
      return;
    }
    setConfirm({
      title: t('usersPage.lockAccount'),
      // German has no plural form for none: „auf allen 0 Geräten abgemeldet“ is said as „auf keinem Gerät“.
      body:
        user.activeSessions === 0
          ? t('usersPage.canNoLongerSignNoDevice', { username: user.username })
          : tn('usersPage.canNoLongerSign', user.activeSessions, { username: user.username }),
      confirmLabel: t('usersPage.lock'),
      onConfirm: () => run(action, t('usersPage.isLockedAndSigned', { username: user.username })),
    });
  }

  return (
    <Layout title={t('usersPage.accounts')}>
      <h1>{t('usersPage.accountsAndDevices')}</h1>
      <div aria-live="polite">{message && <p class={`notice ${message.kind}`}>{message.text}</p>}</div>
      <h2 ref={devicesHeading} tabIndex={-1}>
        {t('usersPage.signedInDevices')}</h2>
      <p class="hint">{t('usersPage.signOutALost')}</p>
      {sessions.loading && !sessions.data && <Loading />}
      {sessions.error ? <ErrorNotice error={sessions.error} /> : null}
      {sessions.data && (
        <ScrollArea labelledBy="devices-caption">
          <table>
            <caption id="devices-caption" class="visually-hidden">
              {t('usersPage.signedInDevices')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('usersPage.device')}</th>
                <th scope="col">{t('usersPage.account')}</th>
                <th scope="col">{t('usersPage.signedInSince')}</th>
                <th scope="col">{t('usersPage.lastActive')}</th>
                <th scope="col">{t('usersPage.action')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((session) => (
                <tr key={session.id}>
                  <th scope="row">{session.deviceName ? <bdi dir="auto">{session.deviceName}</bdi> : <span class="hint">{t('usersPage.withoutAName')}</span>}</th>
                  <td>
                    {session.username} ({ROLE_NAMES()[session.role]})
                  </td>
                  <td>{dateTime().format(new Date(session.createdAt))}</td>
                  <td>{dateTime().format(new Date(session.lastSeenAt))}</td>
                  <td>
                    {session.current ? (
                      t('usersPage.thisDevice')
                    ) : (
                      <button type="button" class="button secondary" onClick={() => signOut(session)}>
                        <NamedControl visible={t('usersPage.signOut')} more={` ${session.deviceName ?? t('usersPage.deviceWithoutAName')} (${session.username})`} />
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      )}
      <h2>{t('usersPage.accounts')}</h2>
      {users.loading && !users.data && <Loading />}
      {users.error ? <ErrorNotice error={users.error} /> : null}
      {users.data && (
        <ScrollArea labelledBy="users-caption">
          <table>
            <caption id="users-caption" class="visually-hidden">
              {t('usersPage.accounts')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('usersPage.username')}</th>
                <th scope="col">{t('usersPage.role')}</th>
                <th scope="col">{t('usersPage.fieldsOfAction')}</th>
                <th scope="col">{t('usersPage.processes')}</th>
                <th scope="col">{t('usersPage.devices')}</th>
                <th scope="col">{t('usersPage.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <th scope="row">
                    {user.displayName ? (
                      <>
                        <bdi dir="auto">{user.displayName}</bdi> ({user.username})
                      </>
                    ) : (
                      user.username
                    )}
                    {user.disabled && <span class="status-badge">{t('usersPage.locked')}</span>}
                  </th>
                  <td>{ROLE_NAMES()[user.role]}</td>
                  <td>{user.fieldsOfAction.map((key) => fieldLabel.get(key) ?? key).join(', ') || '–'}</td>
                  <td>{user.processes.map((slug) => processTitle.get(slug) ?? slug).join(', ') || '–'}</td>
                  <td class="num">{user.activeSessions}</td>
                  <td class="row-actions">
                    <button type="button" class="button secondary" onClick={() => setEditing(user)}>
                      <NamedControl visible={t('usersPage.edit')} more={` ${user.username}`} />
                    </button>
                    <button type="button" class="button secondary" onClick={() => toggleDisabled(user)}>
                      <NamedControl visible={user.disabled ? t('usersPage.unlock') : t('usersPage.lock')} more={` ${user.username}`} />
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      )}
      <NewAccountForm
        options={fieldOptions.data ?? []}
        optionsError={fieldOptions.error}
        optionsLoading={optionsLoading}
        processes={processes.data ?? []}
        processesError={processes.error}
        processesLoading={processes.loading}
        onCreated={(text) => run(() => Promise.resolve(), text)}
      />
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      <EditAccountDialog
        user={editing}
        options={fieldOptions.data ?? []}
        optionsError={fieldOptions.error}
        optionsLoading={optionsLoading}
        processes={processes.data ?? []}
        processesError={processes.error}
        processesLoading={processes.loading}
        onClose={() => setEditing(null)}
        onSaved={(text) => run(() => Promise.resolve(), text)}
        onConfirm={setConfirm}
      />
    </Layout>
  );
}

const EMPTY = { username: '', displayName: '', password: '', role: 'staff' as Role, fieldsOfAction: [] as string[], processes: [] as string[] };

/** The processes an account form offers a working group. */
export type ProcessOption = { slug: string; title: { de: string }; status: ProcessStatus };

/**
 * The new-account form. What was typed stays after an error (the password too); each problem
 * is said in German beside its field, and focus moves to the first one.
 */
function NewAccountForm({
  options,
  optionsError,
  optionsLoading,
  processes,
  processesError,
  processesLoading,
  onCreated,
}: {
  options: FieldOption[];
  optionsError: unknown;
  optionsLoading: boolean;
  processes: ProcessOption[];
  processesError: unknown;
  processesLoading: boolean;
  onCreated: (text: string) => void;
}) {
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<AccountErrors>({});
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const set = <K extends keyof typeof EMPTY>(key: K, value: (typeof EMPTY)[K]) => setValues((previous) => ({ ...previous, [key]: value }));
  const roleChosen = useOnlyProcessTicked(processes, values.processes, (slugs) => set('processes', slugs));

  function showErrors(found: AccountErrors) {
    setErrors(found);
    // After the render: the first field with a problem takes the focus, so a screen reader reads its message.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .notice.error')?.focus());
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const body = {
      username: values.username.trim(),
      password: values.password,
      role: values.role,
      ...(values.displayName.trim() ? { displayName: values.displayName.trim() } : {}),
      ...(values.role === 'working_group' ? { fieldsOfAction: values.fieldsOfAction, processes: values.processes } : {}),
    };
    const checked = createUserRequestSchema.safeParse(body);
    // A working group without a process or a field of action would see nothing: the form asks for both.
    const gaps = workingGroupGaps(values.role, values.processes, values.fieldsOfAction);
    if (!checked.success || Object.keys(gaps).length > 0) {
      showErrors({ ...(checked.success ? {} : fromIssues(checked.error.issues)), ...gaps });
      return;
    }
    setBusy(true);
    try {
      await call('POST /api/admin/users', { body: checked.data });
      setErrors({});
      setValues(EMPTY);
      onCreated(t('usersPage.accountCreated', { username: checked.data.username }));
    } catch (err) {
      showErrors(fromApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const at = problemsAtInputs('new', errors);

  return (
    <ProblemsAt.Provider value={at}>
      <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="new-account-title">
        <h2 id="new-account-title">{t('usersPage.newAccount')}</h2>
        {errors.form && (
          <p class="notice error" tabIndex={-1}>
            {errors.form}
          </p>
        )}
        <div class="field">
          <label for="new-username">{t('usersPage.username')}</label>
          <input
            id="new-username"
            type="text"
            required
            autoComplete="off"
            autoCapitalize="none"
            value={values.username}
            onInput={(e) => set('username', e.currentTarget.value)}
            {...invalidAt(at, 'new-username', 'new-username-hint')}
          />
          <span id="new-username-hint" class="hint">
            {t('usersPage.lettersWithoutUmlautsDigits')}
          </span>
          <FieldProblem id="new-username" />
        </div>
        <div class="field">
          <label for="new-displayName">{t('usersPage.nameOptional')}</label>
          <input
            id="new-displayName"
            type="text"
            autoComplete="off"
            dir="auto"
            maxLength={MAX_SHORT_TEXT_LENGTH}
            value={values.displayName}
            onInput={(e) => set('displayName', e.currentTarget.value)}
            {...invalidAt(at, 'new-displayName')}
          />
          <FieldProblem id="new-displayName" />
        </div>
        <div class="field">
          <label for="new-password">{t('usersPage.password')}</label>
          <input
            id="new-password"
            type="password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            autoComplete="new-password"
            value={values.password}
            onInput={(e) => set('password', e.currentTarget.value)}
            {...invalidAt(at, 'new-password', 'new-password-hint')}
          />
          <span id="new-password-hint" class="hint">
            {t('usersPage.atLeastCharactersHand', { minPasswordLength: MIN_PASSWORD_LENGTH })}
          </span>
          <FieldProblem id="new-password" />
        </div>
        <div class="field">
          <label for="new-role">{t('usersPage.role')}</label>
          <select
            id="new-role"
            value={values.role}
            onChange={(e) => {
              const role = e.currentTarget.value as Role;
              set('role', role);
              roleChosen(role);
            }}
            {...invalidAt(at, 'new-role')}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_NAMES()[role]}
              </option>
            ))}
          </select>
          <FieldProblem id="new-role" />
        </div>
        {values.role === 'working_group' && (
          <ProcessChoice idPrefix="new" processes={processes.filter((process) => process.status !== 'archived')} processesError={processesError} processesLoading={processesLoading} selected={values.processes} onChange={(slugs) => set('processes', slugs)} error={errors.processes} />
        )}
        {values.role === 'working_group' && (
          <FieldPicker
            idPrefix="new"
            options={options}
            optionsError={optionsError}
            optionsLoading={optionsLoading}
            processes={values.processes}
            selected={values.fieldsOfAction}
            onChange={(keys) => set('fieldsOfAction', keys)}
            error={errors.fieldsOfAction}
          />
        )}
        <div class="actions">
          {/* Not `disabled` while it saves: a disabled button loses the focus, and the keyboard would start over at the page's top. */}
          <button class="button" type="submit" aria-disabled={busy || undefined}>
            {busy ? t('usersPage.creating') : t('usersPage.createAccount')}
          </button>
        </div>
      </form>
    </ProblemsAt.Provider>
  );
}
