import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { TRANSLATION_STATUS } from '../../shared/i18n/status.ts';
import { LANGUAGES, localize, type Language, type LocalizedText } from '../../shared/languages.ts';
import { currentLanguage } from '../i18n/index.ts';
import { chooseLanguage, fillParts } from '../i18n/translate.ts';
import { CityName } from '../ui/CityName.tsx';
import { LanguageStatus } from '../ui/LanguageStatus.tsx';
import { AccountNav } from '../ui/Layout.tsx';
import { me, offlineUser } from '../session.ts';
import { Frame, LanguageSwitcher } from '../ui/Frame.tsx';
import { showLanguage, t, type MessageKey } from './messages.ts';

/**
 * Page frame for residents (start page, process page, not-found page): the shared frame in the
 * visitor's language, with the survey's language switcher in the header. The language comes
 * from `?lang=`, else the choice made earlier in this tab, else the browser's preferences;
 * switching changes every text and `lang`/`dir` in place and writes `?lang=` into the address;
 * a language whose words cannot come (offline) is not switched to, and the page says so in its own.
 * Until the chosen language's words are there, the frame stays empty rather than flashing German.
 * The footer names `city` (the process's, or the one all listed processes share) in the page's
 * language, else in German marked so, and no city without one. `lead` comes before the note on a machine translation:
 * the start page's heading and its processes, so that „Zur Umfrage“ is on the first screen of a 320×568 phone at 200 % text.
 */
export function PublicLayout({
  title,
  process,
  city,
  lead,
  children,
}: {
  title: string;
  /** The process a page of it belongs to: the browser tab names it after the page („Maßnahmen – Integrationskonzept … – Mitreden“), in the page's language. */
  process?: LocalizedText | undefined;
  city?: LocalizedText | null | undefined;
  lead?: ComponentChildren;
  children: ComponentChildren;
}) {
  const mounted = useRef(true);
  const [ready, setReady] = useState(() => currentLanguage.value === chooseLanguage(LANGUAGES));
  /** A language picked whose words could not come (the connection dropped): the page keeps the one it speaks and says so. */
  const [unreachable, setUnreachable] = useState<Language | null>(null);
  useEffect(() => {
    mounted.current = true;
    void showLanguage(chooseLanguage(LANGUAGES), () => mounted.current).then(() => mounted.current && setReady(true));
    return () => {
      mounted.current = false;
    };
  }, []);
  if (!ready) return null;

  const language = currentLanguage.value;
  // Staff who signed in keep their area and sign-out in the header; for everyone else the staff's sign-in waits in the footer,
  // so on a 320 px phone the header is one row and a process's „Zur Umfrage“ on the first screen.
  const signedIn = Boolean(me.value ?? offlineUser.value);
  const change = async (next: Language) => {
    const shown = await showLanguage(next, () => mounted.current);
    if (!mounted.current) return;
    setUnreachable(shown ? null : next);
    if (!shown) return;
    const url = new URL(location.href);
    url.searchParams.set('lang', next);
    history.replaceState(history.state, '', url);
  };
  return (
    <Frame
      title={process ? `${title} – ${localize(process, language)}` : title}
      skipLabel={t('skip')}
      footer={city ? withCity('footer', city) : t('footerNoCity')}
      legal={{ label: t('legalNav'), imprint: t('imprintLink'), privacy: t('privacyLink'), accessibility: t('accessibilityLink'), language }}
      nav={
        <>
          <LanguageSwitcher id="page-language" label={t('language')} languages={LANGUAGES} value={language} onChange={(next) => void change(next)} />
          {signedIn && <AccountNav label={t('nav')} signIn={t('login')} />}
        </>
      }
      footerEnd={signedIn ? null : <a href="/login">{t('login')}</a>}
    >
      <LanguageStatus unreachable={unreachable} message={(name) => t('languageUnreachable', { language: name })} />
      {lead}
      {TRANSLATION_STATUS[language] === 'machine' && <p class="hint machine-note">{t('machine')}</p>}
      {children}
    </Frame>
  );
}

/** A message of the public catalog naming the city (`{city}`): its name in the page's language, or German marked as German. */
export function withCity(key: Extract<MessageKey, 'footer' | 'startHeading'>, city: LocalizedText) {
  return fillParts(t(key), { city: <CityName city={city} language={currentLanguage.value} /> });
}
