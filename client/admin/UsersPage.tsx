import { useRef, useState } from 'preact/hooks';
import { createUserRequestSchema, type FieldOption, type SessionInfo, type User } from '../../shared/api/auth.ts';
import { MAX_SHORT_TEXT_LENGTH, MIN_PASSWORD_LENGTH, ROLES, type Role } from '../../shared/domain.ts';
import { api, ApiError } from '../api.ts';
import { ConfirmDialog, type ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi } from '../ui/useApi.ts';
import { EditAccountDialog } from './EditAccountDialog.tsx';
import { FieldPicker } from './FieldPicker.tsx';
import { fromApiError, fromIssues, type AccountErrors, type AccountField } from './accountErrors.ts';
import './accounts.css';

export const ROLE_NAMES: Record<Role, string> = { admin: 'Admin', staff: 'Marktstand-Team', working_group: 'Arbeitsgruppe' };
const dateTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short' });

export function UsersPage() {
  const users = useApi<User[]>('/api/admin/users');
  const sessions = useApi<SessionInfo[]>('/api/admin/sessions');
  const fieldOptions = useApi<FieldOption[]>('/api/admin/fields-of-action');
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
      setMessage({ kind: 'error', text: err instanceof ApiError && err.status === 404 ? 'Dieses Gerät war schon abgemeldet.' : 'Das hat nicht geklappt. Bitte versuchen Sie es noch einmal.' });
    }
  }

  function signOut(session: SessionInfo) {
    const device = session.deviceName ? `„${session.deviceName}“` : 'Das Gerät ohne Namen';
    setConfirm({
      title: 'Gerät abmelden?',
      body: `${device} (${session.username}, angemeldet seit ${dateTime.format(new Date(session.createdAt))}) wird abgemeldet und braucht danach eine neue Anmeldung. Nicht gesendete Einträge bleiben auf dem Gerät.`,
      confirmLabel: 'Abmelden',
      onConfirm: () =>
        run(
          () => api(`/api/admin/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' }),
          `${session.deviceName ? `„${session.deviceName}“` : 'Das Gerät'} (${session.username}) ist abgemeldet.`,
          devicesHeading.current,
        ),
    });
  }

  function toggleDisabled(user: User) {
    const action = () => api(`/api/admin/users/${user.id}`, { method: 'PATCH', body: { disabled: !user.disabled } });
    if (user.disabled) {
      void run(action, `${user.username} ist wieder aktiv.`);
      return;
    }
    setConfirm({
      title: 'Konto sperren?',
      body: `${user.username} kann sich danach nicht mehr anmelden und wird auf ${user.activeSessions === 1 ? 'einem Gerät' : `allen ${user.activeSessions} Geräten`} abgemeldet.`,
      confirmLabel: 'Sperren',
      onConfirm: () => run(action, `${user.username} ist gesperrt und auf allen Geräten abgemeldet.`),
    });
  }

  return (
    <Layout title="Konten">
      <h1>Konten und Geräte</h1>
      <div aria-live="polite">{message && <p class={`notice ${message.kind}`}>{message.text}</p>}</div>
      <h2 ref={devicesHeading} tabIndex={-1}>
        Angemeldete Geräte
      </h2>
      <p class="hint">Ein verlorenes Tablet melden Sie hier ab; es braucht danach eine neue Anmeldung. Nicht gesendete Einträge bleiben auf dem Gerät.</p>
      {sessions.loading && !sessions.data && <Loading />}
      {sessions.error ? <ErrorNotice error={sessions.error} /> : null}
      {sessions.data && (
        <ScrollArea labelledBy="devices-caption">
          <table>
            <caption id="devices-caption" class="visually-hidden">
              Angemeldete Geräte
            </caption>
            <thead>
              <tr>
                <th scope="col">Gerät</th>
                <th scope="col">Konto</th>
                <th scope="col">Angemeldet seit</th>
                <th scope="col">Zuletzt aktiv</th>
                <th scope="col">Aktion</th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((session) => (
                <tr key={session.id}>
                  <th scope="row">{session.deviceName ? <bdi dir="auto">{session.deviceName}</bdi> : <span class="hint">ohne Namen</span>}</th>
                  <td>
                    {session.username} ({ROLE_NAMES[session.role]})
                  </td>
                  <td>{dateTime.format(new Date(session.createdAt))}</td>
                  <td>{dateTime.format(new Date(session.lastSeenAt))}</td>
                  <td>
                    {session.current ? (
                      'dieses Gerät'
                    ) : (
                      <button type="button" class="button secondary" onClick={() => signOut(session)}>
                        Abmelden
                        <span class="visually-hidden">
                          {' '}
                          {session.deviceName ?? 'Gerät ohne Namen'} ({session.username})
                        </span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      )}
      <h2>Konten</h2>
      {users.loading && !users.data && <Loading />}
      {users.error ? <ErrorNotice error={users.error} /> : null}
      {users.data && (
        <ScrollArea labelledBy="users-caption">
          <table>
            <caption id="users-caption" class="visually-hidden">
              Konten
            </caption>
            <thead>
              <tr>
                <th scope="col">Benutzername</th>
                <th scope="col">Rolle</th>
                <th scope="col">Handlungsfelder</th>
                <th scope="col">Geräte</th>
                <th scope="col">Aktionen</th>
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
                    {user.disabled && <span class="status-badge">gesperrt</span>}
                  </th>
                  <td>{ROLE_NAMES[user.role]}</td>
                  <td>{user.fieldsOfAction.map((key) => fieldLabel.get(key) ?? key).join(', ') || '–'}</td>
                  <td class="num">{user.activeSessions}</td>
                  <td class="row-actions">
                    <button type="button" class="button secondary" onClick={() => setEditing(user)}>
                      Bearbeiten
                      <span class="visually-hidden"> {user.username}</span>
                    </button>
                    <button type="button" class="button secondary" onClick={() => toggleDisabled(user)}>
                      {user.disabled ? 'Entsperren' : 'Sperren'}
                      <span class="visually-hidden"> {user.username}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      )}
      <NewAccountForm options={fieldOptions.data ?? []} optionsError={fieldOptions.error} onCreated={(text) => run(() => Promise.resolve(), text)} />
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      <EditAccountDialog
        user={editing}
        options={fieldOptions.data ?? []}
        optionsError={fieldOptions.error}
        onClose={() => setEditing(null)}
        onSaved={(text) => run(() => Promise.resolve(), text)}
      />
    </Layout>
  );
}

const EMPTY = { username: '', displayName: '', password: '', role: 'staff' as Role, fieldsOfAction: [] as string[] };

/**
 * The new-account form. What was typed stays after an error (the password too); each problem
 * is said in German beside its field, and focus moves to the first one.
 */
function NewAccountForm({ options, optionsError, onCreated }: { options: FieldOption[]; optionsError: unknown; onCreated: (text: string) => void }) {
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<AccountErrors>({});
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const set = <K extends keyof typeof EMPTY>(key: K, value: (typeof EMPTY)[K]) => setValues((previous) => ({ ...previous, [key]: value }));

  function showErrors(found: AccountErrors) {
    setErrors(found);
    // After the render: the first field with a problem takes the focus, so a screen reader reads its message.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .notice.error')?.focus());
  }

  async function submit(event: Event) {
    event.preventDefault();
    const body = {
      username: values.username.trim(),
      password: values.password,
      role: values.role,
      ...(values.displayName.trim() ? { displayName: values.displayName.trim() } : {}),
      ...(values.role === 'working_group' ? { fieldsOfAction: values.fieldsOfAction } : {}),
    };
    const checked = createUserRequestSchema.safeParse(body);
    if (!checked.success) {
      showErrors(fromIssues(checked.error.issues));
      return;
    }
    setBusy(true);
    try {
      await api('/api/admin/users', { method: 'POST', body: checked.data });
      setErrors({});
      setValues(EMPTY);
      onCreated(`Konto „${checked.data.username}“ angelegt.`);
    } catch (err) {
      showErrors(fromApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const invalid = (field: AccountField) => (errors[field] ? { 'aria-invalid': true as const } : {});
  const describedBy = (field: AccountField, hint?: string) => [hint, errors[field] ? `new-${field}-error` : null].filter(Boolean).join(' ') || undefined;
  const problem = (field: AccountField) =>
    errors[field] ? (
      <span id={`new-${field}-error`} class="error-text">
        {errors[field]}
      </span>
    ) : null;

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="new-account-title">
      <h2 id="new-account-title">Neues Konto</h2>
      {errors.form && (
        <p class="notice error" tabIndex={-1}>
          {errors.form}
        </p>
      )}
      <div class="field">
        <label for="new-username">Benutzername</label>
        <input
          id="new-username"
          type="text"
          required
          autoComplete="off"
          autoCapitalize="none"
          value={values.username}
          onInput={(e) => set('username', e.currentTarget.value)}
          aria-describedby={describedBy('username', 'new-username-hint')}
          {...invalid('username')}
        />
        <span id="new-username-hint" class="hint">
          Buchstaben ohne Umlaute, Ziffern, Punkt, Unterstrich oder Bindestrich, z. B. „stand.gronau“.
        </span>
        {problem('username')}
      </div>
      <div class="field">
        <label for="new-displayName">Name (optional)</label>
        <input
          id="new-displayName"
          type="text"
          autoComplete="off"
          dir="auto"
          maxLength={MAX_SHORT_TEXT_LENGTH}
          value={values.displayName}
          onInput={(e) => set('displayName', e.currentTarget.value)}
          aria-describedby={describedBy('displayName')}
          {...invalid('displayName')}
        />
        {problem('displayName')}
      </div>
      <div class="field">
        <label for="new-password">Passwort</label>
        <input
          id="new-password"
          type="password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          autoComplete="new-password"
          value={values.password}
          onInput={(e) => set('password', e.currentTarget.value)}
          aria-describedby={describedBy('password', 'new-password-hint')}
          {...invalid('password')}
        />
        <span id="new-password-hint" class="hint">
          Mindestens {MIN_PASSWORD_LENGTH} Zeichen. Geben Sie es der Person persönlich weiter.
        </span>
        {problem('password')}
      </div>
      <div class="field">
        <label for="new-role">Rolle</label>
        <select id="new-role" value={values.role} onChange={(e) => set('role', e.currentTarget.value as Role)} aria-describedby={describedBy('role')} {...invalid('role')}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_NAMES[role]}
            </option>
          ))}
        </select>
        {problem('role')}
      </div>
      {values.role === 'working_group' && (
        <FieldPicker
          idPrefix="new"
          options={options}
          optionsError={optionsError}
          selected={values.fieldsOfAction}
          onChange={(keys) => set('fieldsOfAction', keys)}
          error={errors.fieldsOfAction}
        />
      )}
      <div class="actions">
        <button class="button" type="submit" disabled={busy}>
          {busy ? 'Wird angelegt …' : 'Konto anlegen'}
        </button>
      </div>
    </form>
  );
}
