/** What an editor's „Entfernen“, „Nach oben“ and „Nach unten“ act on: a list's item, or a survey's section. */
const ITEM = 'li, fieldset.editor-section';

/** A control's visible words („Entfernen“, „Nach unten“), without what only a screen reader hears (`NamedControl`). */
const visibleWords = (control: HTMLElement) => (control.querySelector('[aria-hidden="true"]') ?? control).textContent?.trim() ?? '';

/** The buttons of an item itself, not those of the items inside it (a field's sub-fields, a question's answers). */
const ownButtons = (item: Element) => [...item.querySelectorAll<HTMLButtonElement>('button')].filter((button) => button.closest(ITEM) === item);

/** The enabled button nearest to `position`, the one before it first: „Nach oben“ when „Nach unten“ is at the end of its list, rather than the „Entfernen“ after it. */
function nearestEnabled(buttons: HTMLButtonElement[], position: number): HTMLButtonElement | undefined {
  for (let distance = 0; distance < buttons.length; distance += 1) {
    for (const at of [position - distance, position + distance]) {
      const button = buttons[at];
      if (button && !button.disabled) return button;
    }
  }
  return undefined;
}

const FOCUSABLE = 'button:not(:disabled), select:not(:disabled), input:not(:disabled), textarea:not(:disabled), a[href]';

/** The first control after a list: its „… hinzufügen“. */
function firstControlAfter(list: Element): HTMLElement | null {
  for (let next = list.nextElementSibling; next; next = next.nextElementSibling) {
    const control = next.matches(FOCUSABLE) ? next : next.querySelector(FOCUSABLE);
    if (control instanceof HTMLElement) return control;
  }
  return null;
}

/**
 * Runs `change`, which removes the item holding `button` or moves it `by` places, and keeps the
 * keyboard where the admin was. The editors' items are keyed by their place, so without this the
 * focus fell to the page's start when the last item went (a keyboard user started the long form
 * over), and after „Nach unten“ it stayed at the old place, on the next item's button, so pressing
 * it again moved another item. Focus goes to the same control (by its visible words) of the item
 * now at the removed item's place, or of the moved item; after the last item, to the one before;
 * when that control is not there or disabled (the moved item is at the end), to the nearest of the
 * item's own, the one before first, else to the control after the list (its „… hinzufügen“).
 */
export function keepingFocus(button: HTMLElement, change: () => void, by = 0) {
  const item = button.closest(ITEM);
  const list = item?.parentElement;
  if (!item || !list) return change();
  const siblings = () => [...list.children].filter((child) => child.tagName === item.tagName && child.matches(ITEM));
  const place = siblings().indexOf(item) + by;
  const words = visibleWords(button);
  const position = ownButtons(item).indexOf(button as HTMLButtonElement);
  change();
  // After the render the change asked for: preact renders in a microtask, a timer runs after it.
  setTimeout(() => {
    const items = siblings();
    const target = items[Math.min(place, items.length - 1)];
    const buttons = target ? ownButtons(target) : [];
    const same = buttons.find((candidate) => visibleWords(candidate) === words && !candidate.disabled);
    const next = same ?? nearestEnabled(buttons, Math.min(position, buttons.length - 1)) ?? firstControlAfter(list);
    next?.focus();
  });
}

/**
 * After a „… hinzufügen“ (a question, a section, a phase, a field of action, a district, a
 * Stadtteil): the keyboard goes to the new item's field to be written first (by its id), shown in
 * the middle of the screen, above the survey editor's sticky buttons, a suggested name selected. Before,
 * the focus stayed on the button below the new item, so what a keyboard user typed next went
 * nowhere, and the new item was reached only by tabbing back through its buttons.
 */
export function focusAdded(id: string) {
  // After the render that adds it: preact renders in a microtask, a timer runs after it.
  setTimeout(() => {
    const field = document.getElementById(id);
    if (!field) return;
    field.focus({ preventScroll: true });
    // A suggested name („Abschnitt 3“) is selected: what is typed replaces it.
    if (field instanceof HTMLInputElement) field.select();
    // At once, not smoothly: typing right away would stop a smooth scroll with the field under the sticky buttons.
    field.scrollIntoView({ block: 'center', behavior: 'instant' });
  });
}
