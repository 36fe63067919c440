import { useState } from 'preact/hooks';
import type { User } from '../../shared/api/auth.ts';
import { MIN_PASSWORD_LENGTH, type Role } from '../../shared/domain.ts';
import { api, ApiError } from '../api.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';

interface SessionInfo {
  id: string;
  username: string;
  role: Role;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}

const ROLE_NAMES: Record<Role, string> = { admin: 'Admin', staff: 'Marktstand-Team', working_group: 'Arbeitsgruppe' };
const dateTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short' });

export function UsersPage() {
  const users = useApi<User[]>('/api/admin/users');
  const sessions = useApi<SessionInfo[]>('/api/admin/sessions');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function run(action: () => Promise<unknown>, done: string) {
    setMessage(null);
    try {
      await action();
      setMessage({ kind: 'ok', text: done });
      users.reload();
      sessions.reload();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : String(err) });
    }
  }

  async function createUser(event: Event) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const role = String(form.get('role')) as Role;
    const fields = String(form.get('fields') ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean);
    await run(
      () =>
        api('/api/admin/users', {
          method: 'POST',
          body: {
            username: String(form.get('username') ?? ''),
            password: String(form.get('password') ?? ''),
            role,
            ...(form.get('displayName') ? { displayName: String(form.get('displayName')) } : {}),
            ...(role === 'working_group' ? { fieldsOfAction: fields } : {}),
          },
        }),
      'Konto angelegt.',
    );
    formElement.reset();
  }

  return (
    <Layout title="Konten">
      <h1>Konten und Geräte</h1>
      <div aria-live="polite">{message && <p class={`notice ${message.kind}`}>{message.text}</p>}</div>
      <h2>Angemeldete Geräte</h2>
      <p class="hint">Ein verlorenes Tablet melden Sie hier ab; es braucht danach eine neue Anmeldung. Nicht gesendete Einträge bleiben auf dem Gerät.</p>
      {sessions.loading && <Loading />}
      {sessions.error ? <ErrorNotice error={sessions.error} /> : null}
      {sessions.data && (
        <table>
          <caption class="visually-hidden">Angemeldete Geräte</caption>
          <thead>
            <tr>
              <th scope="col">Konto</th>
              <th scope="col">Angemeldet seit</th>
              <th scope="col">Zuletzt aktiv</th>
              <th scope="col">Aktion</th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.map((session) => (
              <tr key={session.id}>
                <td>
                  {session.username} ({ROLE_NAMES[session.role]})
                </td>
                <td>{dateTime.format(new Date(session.createdAt))}</td>
                <td>{dateTime.format(new Date(session.lastSeenAt))}</td>
                <td>
                  {session.current ? (
                    'dieses Gerät'
                  ) : (
                    <button
                      type="button"
                      class="button secondary"
                      onClick={() => run(() => api(`/api/admin/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' }), `${session.username} auf diesem Gerät abgemeldet.`)}
                    >
                      Abmelden<span class="visually-hidden"> ({session.username}, seit {dateTime.format(new Date(session.createdAt))})</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Konten</h2>
      {users.loading && <Loading />}
      {users.error ? <ErrorNotice error={users.error} /> : null}
      {users.data && (
        <table>
          <caption class="visually-hidden">Konten</caption>
          <thead>
            <tr>
              <th scope="col">Benutzername</th>
              <th scope="col">Rolle</th>
              <th scope="col">Handlungsfelder</th>
              <th scope="col">Geräte</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => (
              <tr key={user.id}>
                <td>{user.displayName ? `${user.displayName} (${user.username})` : user.username}</td>
                <td>{ROLE_NAMES[user.role]}</td>
                <td>{user.fieldsOfAction.join(', ') || '–'}</td>
                <td>{user.activeSessions}</td>
                <td>
                  <button
                    type="button"
                    class="button secondary"
                    onClick={() =>
                      run(
                        () => api(`/api/admin/users/${user.id}`, { method: 'PATCH', body: { disabled: !user.disabled } }),
                        user.disabled ? `${user.username} ist wieder aktiv.` : `${user.username} ist gesperrt und auf allen Geräten abgemeldet.`,
                      )
                    }
                  >
                    {user.disabled ? 'Entsperren' : 'Sperren'}
                    <span class="visually-hidden"> {user.username}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Neues Konto</h2>
      <form onSubmit={createUser}>
        <div class="field">
          <label for="new-username">Benutzername</label>
          <input id="new-username" name="username" type="text" required autoComplete="off" />
        </div>
        <div class="field">
          <label for="new-display">Name (optional)</label>
          <input id="new-display" name="displayName" type="text" autoComplete="off" />
        </div>
        <div class="field">
          <label for="new-password">Passwort</label>
          <input id="new-password" name="password" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" aria-describedby="new-password-hint" />
          <span id="new-password-hint" class="hint">Mindestens {MIN_PASSWORD_LENGTH} Zeichen. Geben Sie es der Person persönlich weiter.</span>
        </div>
        <div class="field">
          <label for="new-role">Rolle</label>
          <select id="new-role" name="role">
            <option value="staff">Marktstand-Team</option>
            <option value="working_group">Arbeitsgruppe</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <div class="field">
          <label for="new-fields">Handlungsfelder (nur Arbeitsgruppen, Schlüssel mit Komma getrennt)</label>
          <input id="new-fields" name="fields" type="text" placeholder="arbeit, bildung-schulisch" />
        </div>
        <div class="actions">
          <button class="button" type="submit">
            Konto anlegen
          </button>
        </div>
      </form>
    </Layout>
  );
}
