import { useEffect, useRef } from 'preact/hooks';
import { t } from './messages.ts';

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
  const ref = useRef<HTMLDialogElement>(null);
  /** The request the dialog was opened for, and the one the page asks for now. */
  const shown = useRef<ConfirmRequest | null>(null);
  const latest = useRef(request);
  latest.current = request;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) {
      dialog.showModal();
      shown.current = request;
    }
    if (!request && dialog.open) dialog.close();
  }, [request]);

  /**
   * The browser says „closed“ a moment after „Abbrechen“ or Escape. By then the page may have asked
   * again (a quick Enter on the same button): that close belongs to the question before, so it
   * neither ends the new one nor keeps it from opening.
   */
  const closed = () => {
    if (!ref.current?.open && latest.current === shown.current) onClose();
  };

  return (
    <dialog ref={ref} class="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-body" onClose={closed}>
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
