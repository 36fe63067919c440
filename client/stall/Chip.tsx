import type { ComponentChildren } from 'preact';
import { t } from './messages.ts';

/**
 * A big tappable chip that is a real radio button or checkbox underneath: keyboard, screen
 * readers and forms work as usual, and the whole chip (at least 48 px high) is the target.
 */
export function Chip(props: { type: 'radio' | 'checkbox'; name: string; checked: boolean; onChange: (checked: boolean) => void; children: ComponentChildren; suggested?: boolean }) {
  // A suggestion is marked on the chip itself (dashed, "Vorschlag"): nothing appears above or below, nothing moves.
  const marked = props.suggested && !props.checked;
  return (
    <label class={marked ? 'chip marked' : 'chip'}>
      <input type={props.type} name={props.name} checked={props.checked} onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)} />
      <span>{props.children}</span>
      {marked && <span class="chip-mark">{t('chip.suggestion')}</span>}
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
