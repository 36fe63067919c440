/**
 * Installs the stall area as an app. Only the stall area calls this, so a resident's phone
 * opening the survey never downloads the service worker, its precache or the manifest.
 */
import { signal } from '@preact/signals';
import { t } from './messages.ts';

/**
 * The worker's scope is the whole site, because staff usually reach /stand from /login
 * without a page load, and a worker only takes over pages that were loaded inside its
 * scope. It still serves the app shell offline for /stand pages only (navigateFallbackAllowlist
 * in vite.config.ts) and never answers /api.
 */
export const WORKER_SCOPE = '/';

/** False when the browser may clear the tablet's storage under pressure; staff are told. */
export const storagePersisted = signal<boolean | null>(null);
export const workerError = signal<string | null>(null);
/** True once a service worker controls this page: from then on a reload works without network. */
export const workerReady = signal(false);

export function linkManifest(): void {
  if (document.querySelector('link[rel="manifest"]')) return;
  const link = document.createElement('link');
  link.rel = 'manifest';
  link.href = '/manifest.webmanifest';
  document.head.append(link);
}

export async function registerStallWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) {
    workerError.value = t('pwa.thisBrowserCannotKeep');
    return;
  }
  // A page the worker already serves (a reload, also offline) is ready at once, not after the update check.
  if (navigator.serviceWorker.controller) workerReady.value = true;
  // Listened for before registering: the worker may claim the page before its registration is looked at here.
  else navigator.serviceWorker.addEventListener('controllerchange', () => (workerReady.value = true), { once: true });
  await tryRegistering();
}

/** How long a tablet whose worker could not be installed waits before it tries again, unless the browser reports its network back first. */
const WORKER_RETRY_MS = 30_000;
let registering = false;
let retryArmed = false;
/** An attempt runs: from `register` until its worker is activated or turned redundant. */
let attempting = false;
/**
 * The browser reported its network back while an attempt ran (the Wi-Fi returned while the worker
 * was still fetching the app's files, before its install failed): that attempt's failure is then
 * followed by the next at once, not half a minute later.
 */
let onlineDuringAttempt = false;
addEventListener('online', () => {
  if (attempting) onlineDuringAttempt = true;
});

/**
 * One attempt to get the worker installed. Its script may not arrive (the market's Wi-Fi dropped
 * right after /stand opened: `register` fails), or its install may fail half-way (the Wi-Fi went
 * while it fetched the app's files: the installing worker turns `redundant`). Neither is waited for
 * through `navigator.serviceWorker.ready`, which a failed install leaves unanswered for good: the
 * installing worker's own state says how it went, `activated` (ready: a reload works without
 * network) or `redundant` (try again). So a tablet kept open, as „Noch nicht offline bereit – bitte
 * mit Verbindung geöffnet lassen“ asks, gets ready without a reload.
 */
async function tryRegistering(): Promise<void> {
  if (registering || workerReady.value) return;
  registering = true;
  attempting = true;
  onlineDuringAttempt = false;
  let registration: ServiceWorkerRegistration;
  try {
    registration = await navigator.serviceWorker.register('/sw.js', { scope: WORKER_SCOPE });
  } catch (err) {
    // Without TLS (other than on localhost) browsers refuse service workers: capture still works, reloading offline does not.
    workerError.value = t('pwa.offlineModeNotAvailable', { value: err instanceof Error ? err.message : String(err) });
    registering = false;
    retryLater();
    return;
  }
  workerError.value = null;
  registering = false;
  if (registration.active) {
    workerReady.value = true;
    return;
  }
  const worker = registration.installing ?? registration.waiting;
  if (!worker) return retryLater();
  const settle = () => {
    if (worker.state === 'activated') workerReady.value = true;
    else if (worker.state === 'redundant') {
      worker.removeEventListener('statechange', settle);
      // Replaced by a newer worker that is active already, or the install failed: then again, later.
      if (registration.active) workerReady.value = true;
      else retryLater();
    }
  };
  worker.addEventListener('statechange', settle);
  settle();
}

/**
 * Tries again when the browser reports its network back, or after half a minute (a Wi-Fi without a
 * way out leaves the browser "online" throughout, and a server that failed the install once may not
 * again), whichever comes first; at once when the network came back while the failed attempt
 * ran. Never in a tight loop: each attempt needs an `online` event of its own to be followed at once.
 */
function retryLater(): void {
  attempting = false;
  if (retryArmed || workerReady.value) return;
  if (onlineDuringAttempt) {
    onlineDuringAttempt = false;
    setTimeout(() => void tryRegistering(), 0);
    return;
  }
  retryArmed = true;
  const again = () => {
    clearTimeout(timer);
    removeEventListener('online', again);
    retryArmed = false;
    void tryRegistering();
  };
  const timer = setTimeout(again, WORKER_RETRY_MS);
  addEventListener('online', again);
}

/** Asks the browser not to evict the queue when space gets tight. */
export async function requestPersistentStorage(): Promise<void> {
  if (!navigator.storage?.persist) {
    storagePersisted.value = false;
    return;
  }
  try {
    storagePersisted.value = (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch {
    storagePersisted.value = false;
  }
}
