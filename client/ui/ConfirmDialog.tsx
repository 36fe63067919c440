import { t } from './messages.ts';
import { useModalDialog } from './useModalDialog.ts';

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => unknown;
}

/**
 * Asks before a step that cannot be taken back, in a modal `<dialog>`: the browser keeps focus
 * inside it, Escape cancels, and focus returns to the button that opened it. "Abbrechen" has
 * the focus first, so a stray Enter changes nothing.
 */
export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose: () => void }) {
  const dialog = useModalDialog(request, onClose);

  return (
    <dialog ref={dialog.ref} class="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-body" onClose={dialog.onClose}>
      {request && (
        <form method="dialog">
          <h2 id="confirm-title">{request.title}</h2>
          <p id="confirm-body">{request.body}</p>
          <div class="actions">
            <button type="submit" class="button secondary" value="cancel" autoFocus>
              {t('confirmDialog.cancel')}
            </button>
            <button
              type="submit"
              class="button danger"
              value="confirm"
              onClick={() => {
                void request.onConfirm();
              }}
            >
              {request.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
