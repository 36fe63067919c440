import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { applyLanguage } from '../i18n/index.ts';
import { homeOf, logout, me, offlineUser } from '../session.ts';
import { Frame } from './Frame.tsx';

const ROLE_LABEL = { admin: 'Administration', staff: 'Marktstand', working_group: 'Auswertung' } as const;

/**
 * The header's account part: the signed-in user's area and sign-out, or the way to sign in.
 * The signed-in part is German on every page (it is for staff) and says so with `lang`.
 */
export function AccountNav({ label, signIn }: { label: string; signIn: string }) {
  const { route } = useLocation();
  const user = me.value;
  return (
    <nav class="site-nav" aria-label={label}>
      {user ? (
        <>
          <a href={homeOf(user.role)} lang="de">
            {ROLE_LABEL[user.role]}
          </a>
          <span lang="de">Angemeldet als {user.displayName ?? user.username}</span>
          <button
            type="button"
            class="button link"
            lang="de"
            onClick={async () => {
              await logout();
              route('/login');
            }}
          >
            Abmelden
          </button>
        </>
      ) : offlineUser.value ? (
        // Offline the server cannot be asked; the stall works under the identity last signed in here.
        <>
          <a href={homeOf(offlineUser.value.role)} lang="de">
            {ROLE_LABEL[offlineUser.value.role]}
          </a>
          <span lang="de">Angemeldet als {offlineUser.value.displayName ?? offlineUser.value.username} (offline)</span>
        </>
      ) : (
        <a href="/login">{signIn}</a>
      )}
    </nav>
  );
}

/**
 * Page frame for the staff, working-group and admin areas and the login page: German, whatever
 * language a resident chose on a public page of the same tab before.
 */
export function Layout({ children, title }: { children: ComponentChildren; title: string }) {
  useEffect(() => applyLanguage('de'), []);
  return (
    <Frame
      title={title}
      skipLabel="Zum Inhalt springen"
      footer="Mitreden ist eine Beteiligungsplattform der Stadt Bergisch Gladbach. Ohne Tracking, ohne Werbung, ohne Daten an Dritte."
      nav={<AccountNav label="Hauptnavigation" signIn="Anmelden (Mitarbeitende)" />}
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
