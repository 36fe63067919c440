import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';

export interface FrameProps {
  /** The page's name for the browser tab; leave it out when the content names the tab itself. */
  title?: string;
  skipLabel: string;
  /** What the header shows beside the brand (account links, the survey's language switcher). */
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
