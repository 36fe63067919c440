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
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: WORKER_SCOPE });
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) workerReady.value = true;
    else navigator.serviceWorker.addEventListener('controllerchange', () => (workerReady.value = true), { once: true });
  } catch (err) {
    // Without TLS (other than on localhost) browsers refuse service workers: capture still works, reloading offline does not.
    workerError.value = t('pwa.offlineModeNotAvailable', { value: err instanceof Error ? err.message : String(err) });
  }
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
