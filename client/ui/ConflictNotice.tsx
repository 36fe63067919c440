import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * Says that a save was refused because someone saved in between (a 409) and offers the stored
 * state through one button; focused when it appears (again when `message` changes), so keyboard
 * and screen-reader users land on it. `children` say more, e.g. what the stored state holds.
 */
export function ConflictNotice({ message, action, onAction, children }: { message: string; action?: string; onAction?: () => void; children?: ComponentChildren }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [message]);
  return (
    <div class="notice error" role="alert" tabIndex={-1} ref={box}>
      <p>{message}</p>
      {children}
      {action && onAction && (
        <button type="button" class="button" onClick={onAction}>
          {action}
        </button>
      )}
    </div>
  );
}

/** Under a notice that the stored state was loaded: the fields both changed (`clashes`, in words), after `intro`; nothing when there are none. */
export function ClashList({ intro, clashes }: { intro: string; clashes: string[] }) {
  if (clashes.length === 0) return null;
  return (
    <>
      <p>{intro}</p>
      <ul>
        {clashes.map((clash) => (
          <li key={clash}>{clash}</li>
        ))}
      </ul>
    </>
  );
}
