import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { htmlLang, LANGUAGE_NAMES, type Language } from '../../shared/languages.ts';

export interface FrameProps {
  /** The page's name for the browser tab; leave it out when the content names the tab itself. */
  title?: string;
  skipLabel: string;
  /** What the header shows beside the brand (account links, the language switcher). */
  nav?: ComponentChildren;
  footer: ComponentChildren;
  children: ComponentChildren;
}

/**
 * Page frame: skip link, header, one <main>, footer. It knows nothing about sessions, so the
 * survey can use it without loading the signed-in user's state on a resident's phone.
 */
export function Frame({ title, skipLabel, nav, footer, children }: FrameProps) {
  useEffect(() => {
    if (title !== undefined) document.title = `${title} – Mitreden`;
  }, [title]);
  return (
    <>
      <a class="skip-link" href="#main">
        {skipLabel}
      </a>
      <header class="site-header">
        <div class="inner">
          <a class="brand" href="/">
            Mitreden
          </a>
          {nav}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer class="site-footer">
        <p>{footer}</p>
      </footer>
    </>
  );
}

export interface LanguageSwitcherProps {
  id: string;
  /** "Sprache" in the page's language; " · Language" follows unless the page is English. */
  label: string;
  languages: readonly Language[];
  value: Language;
  onChange: (language: Language) => void;
}

/** The language switcher of the survey and the public pages: each language in its own name and `lang`. */
export function LanguageSwitcher({ id, label, languages, value, onChange }: LanguageSwitcherProps) {
  return (
    <div class="language-switcher">
      <label for={id}>
        {label}
        {value === 'en' ? '' : ' · Language'}
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value as Language)}>
        {languages.map((code) => (
          <option key={code} value={code} lang={htmlLang(code)}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
