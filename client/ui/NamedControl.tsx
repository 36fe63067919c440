/**
 * The words inside a button or link whose visible words („Ändern“) need what they refer to when
 * heard without the page around them („: Arbeit“). The control's name reads as one text,
 * „Ändern: Arbeit“, the visible words first (WCAG 2.5.3). A visible text beside a visually hidden
 * one would not do: Chromium counts `.visually-hidden` (absolutely positioned) and every flex item
 * of a `.button` as a box of its own and puts a space between boxes' words, „Ändern : Arbeit“.
 * So the eye gets the visible words, hidden from screen readers, and a screen reader the whole
 * name in one visually hidden text.
 */
export function NamedControl({ visible, more }: { visible: string; more: string }) {
  return (
    <>
      <span aria-hidden="true">{visible}</span>
      <span class="visually-hidden">
        {visible}
        {more}
      </span>
    </>
  );
}
