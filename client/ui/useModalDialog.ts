import { useEffect, useRef } from 'preact/hooks';

/**
 * A modal `<dialog>` open while `request` is set: `ref` goes on the dialog, `onClose` on its
 * `onClose`. It opens with `showModal` (the browser keeps the focus inside, Escape closes, the focus
 * returns to what opened it) and closes when the page clears the request.
 *
 * The browser says „closed“ a task after the dialog closed („Abbrechen“, Escape). By then the page
 * may have asked again — a quick Enter on the same button, another account's „Bearbeiten“ — and
 * that close belongs to the request before: it neither ends the new one nor keeps it from opening.
 * Each new request, the same one asked again included, counts as another.
 */
export function useModalDialog<T>(request: T | null, onClose: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  /** How many times the request changed, as of this render; and the count the dialog was opened (or last asked) at. */
  const asked = useRef({ request, count: 0 });
  if (asked.current.request !== request) asked.current = { request, count: asked.current.count + 1 };
  const shown = useRef(-1);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request) {
      if (!dialog.open) dialog.showModal();
      shown.current = asked.current.count;
    } else if (dialog.open) {
      dialog.close();
    }
  }, [request]);

  const closed = () => {
    if (!ref.current?.open && asked.current.count === shown.current) onClose();
  };
  return { ref, onClose: closed };
}
