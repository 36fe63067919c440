import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError } from '../api.ts';
import { homeOf, login } from '../session.ts';
import { MAX_DEVICE_NAME_LENGTH } from '../../shared/domain.ts';
import { Layout, Loading } from '../ui/Layout.tsx';
import { t } from '../ui/messages.ts';

/** The device's name stays on the device, so the next sign-in on the same tablet offers it again. */
const DEVICE_NAME_KEY = 'mitreden.deviceName';
function rememberedDeviceName(): string {
  try {
    return localStorage.getItem(DEVICE_NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * Only relative paths of our own site are followed after sign-in, and never the sign-in page
 * itself (`?next=/login…` would leave the page saying "Angemeldet …" for good): then the user's
 * own area.
 */
function safeNext(next: string | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  const path = new URL(next, location.origin).pathname.replace(/\/+$/, '');
  return path === '/login' ? null : next;
}

export function LoginPage() {
  const { route, query } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Signed in, on the way to the area (whose code may still be loading): the form is done with.
  const [signedIn, setSignedIn] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      const deviceName = String(form.get('deviceName') ?? '').trim();
      const user = await login(String(form.get('username') ?? ''), String(form.get('password') ?? ''), deviceName);
      try {
        localStorage.setItem(DEVICE_NAME_KEY, deviceName);
      } catch {
        // Private mode without storage: the name is simply asked again next time.
      }
      setSignedIn(true);
      route(safeNext(query.next) ?? homeOf(user.role));
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? t('loginPage.usernameOrPasswordIs')
          : err instanceof ApiError && err.status === 429
            ? err.message
            : t('loginPage.signingInDidNot'),
      );
    } finally {
      setBusy(false);
    }
  }

  if (signedIn) {
    return (
      <Layout title={t('loginPage.signIn')}>
        <h1>{t('loginPage.signIn')}</h1>
        <Loading label={t('loginPage.signedInOpening')} />
      </Layout>
    );
  }

  return (
    <Layout title={t('loginPage.signIn')}>
      <h1>{t('loginPage.signIn')}</h1>
      <p>{t('loginPage.forStaffAtThe')}</p>
      {error && (
        <div class="notice error" role="alert">
          <p>{error}</p>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="username">{t('loginPage.username')}</label>
          <input id="username" name="username" type="text" autoComplete="username" autoCapitalize="none" required />
        </div>
        <div class="field">
          <label for="password">{t('loginPage.password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <div class="field">
          <label for="device-name">{t('loginPage.nameOfThisDevice')}</label>
          <input
            id="device-name"
            name="deviceName"
            type="text"
            dir="auto"
            autoComplete="off"
            maxLength={MAX_DEVICE_NAME_LENGTH}
            defaultValue={rememberedDeviceName()}
            aria-describedby="device-name-hint"
          />
          <span id="device-name-hint" class="hint">
            {t('loginPage.forExampleTabletStall')}
          </span>
        </div>
        <div class="actions">
          <button class="button" type="submit" disabled={busy}>
            {busy ? t('loginPage.signingIn') : t('loginPage.signIn')}
          </button>
        </div>
      </form>
    </Layout>
  );
}
