import { useLocation } from 'preact-iso';
import { useEffect, useRef } from 'preact/hooks';

/**
 * Keeps a form's unsaved changes from being lost unnoticed. While `unsaved`, closing or reloading
 * the tab gets the browser's own question, and a link to another page of the app (the header's
 * „Administration“, „Fragebogen bearbeiten“) is held back and `ask` is called with the step that
 * follows it anyway. The click is caught before the router's own listener (capture on the
 * document, the router listens on the window), so the router never sees a held-back click.
 */
export function useLeaveGuard(unsaved: boolean, ask: (leave: () => void) => void): void {
  const { route } = useLocation();
  const current = useRef({ unsaved, ask, route });
  current.current = { unsaved, ask, route };
  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (current.current.unsaved) event.preventDefault();
    };
    const click = (event: MouseEvent) => {
      if (!current.current.unsaved || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
      const link = event.composedPath().find((target): target is HTMLAnchorElement => target instanceof HTMLAnchorElement && target.href !== '');
      if (!link || link.origin !== location.origin || link.download || !/^(_?self)?$/i.test(link.target) || (link.getAttribute('href') ?? '').startsWith('#')) return;
      event.preventDefault();
      event.stopPropagation();
      const url = link.href.replace(location.origin, '');
      current.current.ask(() => current.current.route(url));
    };
    addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', click, true);
    return () => {
      removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', click, true);
    };
  }, []);
}
