/**
 * The suggester's shipped linear model on the tablet (shared/suggest/linear.ts). Fetched in the
 * background once the stall has painted, as a build asset whose name carries its content hash
 * (cached for a year, a new training gives a new name), and kept in the tablet's storage for
 * offline days. Until it arrives the suggester works from its word lists and the taught model.
 * Only the raw file lives here; it is decoded in the lazily loaded suggestions chunk.
 */
import { signal } from '@preact/signals';
import modelUrl from '../../shared/suggest/linear-model.json?url';
import { fetchAsset } from '../api.ts';
import * as store from './store.ts';
import { reportStorageError } from './sync.ts';

export const linearModelFile = signal<unknown>(null);

export async function loadLinearModel(): Promise<void> {
  const stored = await store.readMeta('suggest-linear').catch(() => undefined);
  if (stored?.url === modelUrl) {
    linearModelFile.value = stored.file;
    return;
  }
  try {
    const file = await fetchAsset(modelUrl);
    await store.writeMeta('suggest-linear', { url: modelUrl, file }).catch(reportStorageError);
    linearModelFile.value = file;
  } catch {
    // Offline with an older model stored: better than none until the tablet is online again.
    if (stored) linearModelFile.value = stored.file;
  }
}

/** Runs `task` when the browser is idle after the first paint, so the model never delays the stall's start. */
export function afterFirstPaint(task: () => void): void {
  requestAnimationFrame(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 2000 });
    else setTimeout(task, 200);
  });
}
