/**
 * A button's or link's words with each hyphenated one kept whole on its line where it fits: Leichte Sprache writes
 * compounds with a hyphen („mit-machen“, „Stadt-Teile“), and a line broken there („mit-|machen“) is as hard to read
 * there as a word cut in its middle. Each such word is a box of its own (`.whole-word`: inline-block, at most the
 * line's width, so a word longer than the line still wraps rather than reaching past the screen); one element
 * around all of them, so in a flex button the label stays one item. The text and its name read as before.
 */
export function WholeWords({ text }: { text: string }) {
  const parts = text.split(/(\p{L}+(?:-\p{L}+)+)/u);
  return <span>{parts.map((part, i) => (i % 2 === 1 ? <span key={i} class="whole-word">{part}</span> : part))}</span>;
}
