import { useEffect } from 'preact/hooks';

/** How often an open market day asks the server for what the other tablets captured. */
const REFRESH_MS = 30_000;

/**
 * Runs `refresh` while the page is in view and the tablet online: every `REFRESH_MS`, when the page
 * comes back into view (staff switch back to the browser) and when the network returns. So two
 * tablets at one stall see each other's notes and Klebepunkte without a reload; the tablet's own
 * captures are shown at once anyway.
 */
export function useRefreshWhileOpen(refresh: () => void, deps: readonly unknown[]): void {
  useEffect(() => {
    const run = () => {
      if (document.visibilityState === 'visible' && navigator.onLine) refresh();
    };
    const timer = setInterval(run, REFRESH_MS);
    document.addEventListener('visibilitychange', run);
    window.addEventListener('online', run);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', run);
      window.removeEventListener('online', run);
    };
  }, deps);
}
