import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { htmlLang, type Language, type LocalizedText } from '../../shared/languages.ts';
import { STAFF_TRANSLATION_STATUS } from '../../shared/i18n/status.ts';
import { ApiError } from '../api.ts';
import { applyLanguage } from '../i18n/index.ts';
import { STAFF_LANGUAGES, staffLanguage, switchStaffLanguage } from '../i18n/staff.ts';
import { homeOf, logout, me, offlineUser, signOutWarnings } from '../session.ts';
import { useFooterCity } from './footer-city.ts';
import { staffText } from './labels.ts';
import { Frame, LanguageSwitcher } from './Frame.tsx';
import { LanguageStatus } from './LanguageStatus.tsx';
import { t } from './messages.ts';

const ROLE_LABEL = () => ({ admin: t('layout.administration'), staff: t('layout.marketStall'), working_group: t('layout.results') } as const);

/**
 * The header's account part: the signed-in user's area and sign-out, or the way to sign in.
 * The signed-in part is in the staff language on every page (it is for staff) and says so with `lang`.
 */
export function AccountNav({ label, signIn }: { label: string; signIn: string }) {
  const { route } = useLocation();
  const [problem, setProblem] = useState<string | null>(null);
  const user = me.value;
  const signOut = async () => {
    setProblem(null);
    const warnings = await signOutWarnings();
    if (warnings.length > 0 && !window.confirm(warnings.join('\n\n'))) return;
    try {
      await logout();
    } catch (err) {
      setProblem(err instanceof ApiError && err.status === 0 ? t('layout.signOutNeedsConnection') : errorText(err));
      return;
    }
    route('/login');
  };
  return (
    <nav class="site-nav" aria-label={label}>
      {user ? (
        <>
          <a href={homeOf(user.role)} lang={htmlLang(staffLanguage.value)}>
            {ROLE_LABEL()[user.role]}
          </a>
          <span lang={htmlLang(staffLanguage.value)}>{t('layout.signedInAs', { name: user.displayName ?? user.username })}</span>
          <button
            type="button"
            class="button link"
            lang={htmlLang(staffLanguage.value)}
            onClick={() => void signOut()}
          >
            {t('layout.signOut')}
          </button>
          {problem && (
            <span class="error-text" role="alert" lang={htmlLang(staffLanguage.value)}>
              {problem}
            </span>
          )}
        </>
      ) : offlineUser.value ? (
        // Offline the server cannot be asked; the stall works under the identity last signed in here.
        <>
          <a href={homeOf(offlineUser.value.role)} lang={htmlLang(staffLanguage.value)}>
            {ROLE_LABEL()[offlineUser.value.role]}
          </a>
          <span lang={htmlLang(staffLanguage.value)}>{t('layout.signedInAsOffline', { name: offlineUser.value.displayName ?? offlineUser.value.username })}</span>
        </>
      ) : (
        <a href="/login">{signIn}</a>
      )}
    </nav>
  );
}

/**
 * Page frame for the staff, working-group and admin areas and the login page: in the staff
 * language (German unless someone chose English with the switch on this device), whatever
 * language a resident chose on a public page of the same tab before. The footer names the city
 * as the residents' pages do (`useFooterCity`). A page of one process (`/admin/p/:slug/…`,
 * `/auswertung/p/:slug/…`) passes that process's title, once it has loaded, and the browser tab
 * names both, „Moderation – Integrationskonzept Bergisch Gladbach – Mitreden“: two processes open in
 * two tabs are told apart, and a screen reader's first words say which process the page is of.
 */
export function Layout({ children, title, process }: { children: ComponentChildren; title: string; process?: LocalizedText }) {
  const language = staffLanguage.value;
  const city = useFooterCity();
  /** The language picked in the switch whose words could not come (offline), said in the page's language. */
  const [unreachable, setUnreachable] = useState<Language | null>(null);
  const pick = (next: Language) => void switchStaffLanguage(next).then((switched) => setUnreachable(switched ? null : next));
  // Before the browser paints: the document's language and direction change with the page's
  // text, so a screen reader never reads a German page in the language of the page before.
  useLayoutEffect(() => applyLanguage(language), [language]);
  return (
    <Frame
      title={process ? `${title} – ${staffText(process)}` : title}
      skipLabel={t('layout.skipToContent')}
      footer={city ? t('layout.mitredenIsAParticipation', { city }) : t('layout.mitredenIsAParticipationNoCity')}
      nav={
        <>
          <LanguageSwitcher id="staff-language" label={t('language.label')} languages={STAFF_LANGUAGES} value={language} onChange={pick} />
          <AccountNav label={t('layout.mainNavigation')} signIn={t('layout.signInStaff')} />
        </>
      }
    >
      <LanguageStatus unreachable={unreachable} message={(name) => t('language.unreachable', { language: name })} />
      {STAFF_TRANSLATION_STATUS[language] === 'machine' && <p class="hint">{t('layout.machineTranslated')}</p>}
      {children}
    </Frame>
  );
}

export function Loading({ label = t('layout.loading') }: { label?: string }) {
  return (
    <p role="status" aria-live="polite">
      {label}
    </p>
  );
}

/**
 * What staff read for a failed request: the page's own words for the error codes it knows
 * (`byCode`), else the staff words for a lost connection and for a working group in a process
 * without its fields, else the API's message.
 */
export function errorText(error: unknown, byCode: Record<string, string> = {}): string {
  if (error instanceof ApiError) {
    const own = byCode[error.code];
    if (own !== undefined) return own;
    // The API client's own words for a lost connection are German (it is shared with the survey); staff read theirs.
    if (error.code === 'network_error') return t('layout.noConnection');
    // A working group in a process without any of its fields reads why in its language, not the API's English.
    if (error.code === 'no_field_in_process') return t('layout.noFieldInProcess');
    if (error.code === 'process_not_assigned') return t('layout.processNotAssigned');
    // The API's generic refusals, which staff meet through a link cut short or changed by hand, or one meant for another account.
    if (error.code === 'validation_failed') return t('layout.validationFailed');
    if (error.code === 'forbidden') return t('layout.forbidden');
  }
  return error instanceof Error ? error.message : String(error);
}

export function ErrorNotice({ error }: { error: unknown }) {
  const message = errorText(error);
  return (
    <div class="notice error" role="alert">
      <p>{message}</p>
    </div>
  );
}
