import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { htmlLang, LANGUAGE_NAMES, textDirection, type Language } from '../../shared/languages.ts';
import { withoutSoftHyphens } from '../../shared/text/soft-hyphen.ts';

export interface FrameProps {
  /** The page's name for the browser tab; leave it out when the content names the tab itself. */
  title?: string;
  skipLabel: string;
  /** What the header shows beside the brand (account links, the language switcher). */
  nav?: ComponentChildren;
  footer: ComponentChildren;
  /** The links to Impressum, Datenschutz and Barrierefreiheit in the page's language; every page residents see has them. */
  legal?: LegalLinks;
  /** A last line of the footer: on the residents' pages the staff's way to sign in, out of the header so a phone's first screen is the residents'. */
  footerEnd?: ComponentChildren;
  children: ComponentChildren;
}

/** The footer's links to the legal pages: their names and the list's name in the page's language, which the links keep (`?lang=`). */
export interface LegalLinks {
  label: string;
  imprint: string;
  privacy: string;
  accessibility: string;
  language: Language;
}

/**
 * Page frame: skip link, header, one <main>, footer. It knows nothing about sessions, so the
 * survey can use it without loading the signed-in user's state on a resident's phone.
 */
export function Frame({ title, skipLabel, nav, footer, legal, footerEnd, children }: FrameProps) {
  useEffect(() => {
    if (title !== undefined) document.title = withoutSoftHyphens(`${title} – Mitreden`);
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
        {legal && (
          <nav aria-label={legal.label}>
            <ul class="legal-links">
              <li>
                <a href={`/impressum?lang=${legal.language}`}>{legal.imprint}</a>
              </li>
              <li>
                <a href={`/datenschutz?lang=${legal.language}`}>{legal.privacy}</a>
              </li>
              <li>
                <a href={`/barrierefreiheit?lang=${legal.language}`}>{legal.accessibility}</a>
              </li>
            </ul>
          </nav>
        )}
        {footerEnd && <p class="footer-end">{footerEnd}</p>}
      </footer>
    </>
  );
}

/** Beside "Sprache" in every language but English, for whoever cannot read the page's language. */
const LANGUAGE_IN_ENGLISH = 'Language';

export interface LanguageSwitcherProps {
  /** The button's id; its list is `${id}-list`. */
  id: string;
  /** "Sprache" in the page's language; " · Language" follows unless the page is English. */
  label: string;
  languages: readonly Language[];
  value: Language;
  /** Called with another language than `value` when someone chooses it. */
  onChange: (language: Language) => void;
}

/** Where the focus is in an open list: on its button, or on a language's entry. */
type ListFocus = 'toggle' | Language | null;

/**
 * The open lists by switch id, with where their focus was, and the switches on the page. A page
 * drawn anew mounts a new header (a staff page's content replacing its loading frame): the new
 * switch opens as the old one was left, and takes the focus back where the old one had it, so
 * the list does not close under someone's fingers.
 */
const openLists = new Map<string, ListFocus>();
const mountedSwitches = new Map<string, number>();

/**
 * The language switch of the survey, the public pages and the staff frame: a button naming the
 * current language in its own name („Sprache · Language: Deutsch“; on a phone a globe and „Deutsch“,
 * with large text on a phone the globe alone, the rest left to screen readers, so the header stays
 * a short row or two instead of a quarter of the screen) that opens the list of the
 * languages, each in its own name, `lang` and direction, the current one marked `aria-current`.
 * A language changes only when someone chooses its entry (click, Enter, Space), never on the way
 * there, as a closed <select> did on each arrow key (WCAG 3.2.2). Arrow keys move between the
 * entries; Escape, choosing, a click elsewhere or tabbing away closes the list, and Escape and
 * choosing put the focus back on the button. The list stays open, with the focus where it was,
 * when the header is drawn anew (`openLists`).
 */
export function LanguageSwitcher({ id, label, languages, value, onChange }: LanguageSwitcherProps) {
  const [open, setOpenState] = useState(() => openLists.has(id));
  const setOpen = (next: boolean) => {
    if (next) openLists.set(id, openLists.get(id) ?? (document.activeElement === toggle.current ? 'toggle' : null));
    else openLists.delete(id);
    setOpenState(next);
  };
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    mountedSwitches.set(id, (mountedSwitches.get(id) ?? 0) + 1);
    // The header this one replaces took the focus with it: give it back where it was.
    const focus = openLists.get(id);
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (open && lost && focus) (focus === 'toggle' ? toggle.current : root.current?.querySelector<HTMLButtonElement>(`li button[data-language="${focus}"]`))?.focus();
    return () => {
      mountedSwitches.set(id, (mountedSwitches.get(id) ?? 1) - 1);
      // Gone for good, not replaced by a new header in the same drawing: the next page starts closed.
      setTimeout(() => {
        if (!mountedSwitches.get(id)) openLists.delete(id);
      });
    };
  }, []);
  const closeToToggle = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (!open) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      closeToToggle();
      return;
    }
    const entries = [...(root.current?.querySelectorAll<HTMLButtonElement>('li button') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLButtonElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: entries.length - 1 }[event.key];
    if (to === undefined || (at < 0 && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    entries[Math.max(0, Math.min(entries.length - 1, to))]?.focus();
  };
  return (
    <div
      class="language-switcher"
      ref={root}
      onKeyDown={onKeyDown}
      onFocusIn={(event) => {
        if (!openLists.has(id)) return;
        const target = event.target as HTMLElement;
        openLists.set(id, target === toggle.current ? 'toggle' : ((target.dataset.language as Language | undefined) ?? null));
      }}
      onFocusOut={(event) => {
        if (event.relatedTarget instanceof Node && !root.current?.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <button type="button" id={id} class="language-toggle" ref={toggle} aria-expanded={open} aria-controls={`${id}-list`} onClick={() => setOpen(!open)}>
        <svg class="language-globe" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <circle cx="12" cy="12" r="10" />
          <path d="M2 12h20M12 2c3 3 4.5 6.5 4.5 10S15 19 12 22M12 2C9 5 7.5 8.5 7.5 12S9 19 12 22" />
        </svg>
        <span class="language-label">
          {label}
          {value === 'en' ? '' : <> · <span lang="en">{LANGUAGE_IN_ENGLISH}</span></>}:{' '}
        </span>
        <span class="language-name">{LANGUAGE_NAMES[value]}</span>
      </button>
      <ul id={`${id}-list`} class="language-list" aria-labelledby={id} hidden={!open}>
        {languages.map((code) => (
          <li key={code}>
            <button
              type="button"
              lang={htmlLang(code)}
              data-language={code}
              aria-current={code === value ? 'true' : undefined}
              onClick={() => {
                closeToToggle();
                if (code !== value) onChange(code);
              }}
            >
              <span dir={textDirection(code)}>{LANGUAGE_NAMES[code]}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
