import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError } from '../api.ts';
import { homeOf, login } from '../session.ts';
import { Layout } from '../ui/Layout.tsx';

/** Only relative paths of our own site are followed after sign-in. */
function safeNext(next: string | undefined): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export function LoginPage() {
  const { route, query } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      const user = await login(String(form.get('username') ?? ''), String(form.get('password') ?? ''));
      route(safeNext(query.next) ?? homeOf(user.role));
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? 'Benutzername oder Passwort ist falsch.'
          : err instanceof ApiError && err.status === 429
            ? err.message
            : 'Anmelden hat nicht geklappt. Bitte prüfen Sie die Verbindung.',
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Layout title="Anmelden">
      <h1>Anmelden</h1>
      <p>Für Mitarbeitende am Marktstand, Arbeitsgruppen und die Verwaltung. Für die Umfrage brauchen Sie kein Konto.</p>
      {error && (
        <div class="notice error" role="alert">
          <p>{error}</p>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="username">Benutzername</label>
          <input id="username" name="username" type="text" autoComplete="username" autoCapitalize="none" required />
        </div>
        <div class="field">
          <label for="password">Passwort</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <div class="actions">
          <button class="button" type="submit" disabled={busy}>
            {busy ? 'Wird angemeldet …' : 'Anmelden'}
          </button>
        </div>
      </form>
    </Layout>
  );
}
