import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { homeOf, logout, me } from '../session.ts';

const ROLE_LABEL = { admin: 'Administration', staff: 'Marktstand', working_group: 'Auswertung' } as const;

/** Page frame: skip link, header with the signed-in user's area, one <main>, footer. */
export function Layout({ children, title }: { children: ComponentChildren; title: string }) {
  const { route } = useLocation();
  useEffect(() => {
    document.title = `${title} – Mitreden`;
  }, [title]);
  const user = me.value;
  return (
    <>
      <a class="skip-link" href="#main">
        Zum Inhalt springen
      </a>
      <header class="site-header">
        <div class="inner">
          <a class="brand" href="/">
            Mitreden
          </a>
          <nav class="site-nav" aria-label="Hauptnavigation">
            {user ? (
              <>
                <a href={homeOf(user.role)}>{ROLE_LABEL[user.role]}</a>
                <span>Angemeldet als {user.displayName ?? user.username}</span>
                <button
                  type="button"
                  class="button link"
                  onClick={async () => {
                    await logout();
                    route('/login');
                  }}
                >
                  Abmelden
                </button>
              </>
            ) : (
              <a href="/login">Anmelden (Mitarbeitende)</a>
            )}
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer class="site-footer">
        <p>
          Mitreden ist eine Beteiligungsplattform der Stadt Bergisch Gladbach. Ohne Tracking, ohne Werbung, ohne Daten an Dritte.
        </p>
      </footer>
    </>
  );
}

export function Loading({ label = 'Wird geladen …' }: { label?: string }) {
  return (
    <p role="status" aria-live="polite">
      {label}
    </p>
  );
}

export function ErrorNotice({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div class="notice error" role="alert">
      <p>{message}</p>
    </div>
  );
}
