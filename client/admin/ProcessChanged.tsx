import { ApiError } from '../api.ts';
import { ConflictNotice } from '../ui/ConflictNotice.tsx';
import { t } from './messages.ts';

/** The server refused a save because the process was saved since the page loaded it (`409 process_changed`). */
export function isProcessChanged(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'process_changed';
}

/**
 * Says that a save was refused because the process changed meanwhile (on the other page or by
 * another admin) and offers the current state; the page's own changes are not kept.
 */
export function ProcessChangedNotice({ onReload }: { onReload: () => void }) {
  return <ConflictNotice message={t('processChanged.message')} action={t('processChanged.reload')} onAction={onReload} />;
}
