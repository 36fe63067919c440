import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { homeOf, logout, me } from '../session.ts';
import { Frame } from './Frame.tsx';

const ROLE_LABEL = { admin: 'Administration', staff: 'Marktstand', working_group: 'Auswertung' } as const;

/** Page frame for staff and public pages: the shared frame with the signed-in user's area in the header. */
export function Layout({ children, title }: { children: ComponentChildren; title: string }) {
  const { route } = useLocation();
  const user = me.value;
  return (
    <Frame
      title={title}
      skipLabel="Zum Inhalt springen"
      footer="Mitreden ist eine Beteiligungsplattform der Stadt Bergisch Gladbach. Ohne Tracking, ohne Werbung, ohne Daten an Dritte."
      nav={
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
      }
    >
      {children}
    </Frame>
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
