/** What a form's save came to: „Gespeichert.“ or the problem. */
export interface FormMessageText {
  kind: 'ok' | 'error';
  text: string;
}

/**
 * A form's last word in a live region: a success read politely, a problem as an alert. Its `id`
 * lets the field a problem is about name it as its description (`aria-describedby`).
 */
export function FormMessage({ id, message }: { id: string; message: FormMessageText | null }) {
  return (
    <div aria-live="polite">
      {message && (
        <p id={id} class={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : undefined}>
          {message.text}
        </p>
      )}
    </div>
  );
}
