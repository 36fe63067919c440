import type { ComponentChildren } from 'preact';

/**
 * A big tappable chip that is a real radio button or checkbox underneath: keyboard, screen
 * readers and forms work as usual, and the whole chip (at least 48 px high) is the target.
 */
export function Chip(props: { type: 'radio' | 'checkbox'; name: string; checked: boolean; onChange: (checked: boolean) => void; children: ComponentChildren }) {
  return (
    <label class="chip">
      <input type={props.type} name={props.name} checked={props.checked} onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)} />
      <span>{props.children}</span>
    </label>
  );
}

/** A labelled group of chips. */
export function ChipGroup({ legend, children, hint }: { legend: string; children: ComponentChildren; hint?: string }) {
  return (
    <fieldset class="chip-group">
      <legend>{legend}</legend>
      {hint && <p class="hint">{hint}</p>}
      <div class="chips">{children}</div>
    </fieldset>
  );
}
