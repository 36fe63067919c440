import type { LocalizedText } from '../../shared/languages.ts';
import { tx, txAttributes } from '../i18n/index.ts';

/**
 * A text of the process (a status, a field of action, a title) in the page's language; where it
 * has none, German, marked `lang="de"` `dir="ltr"`, so a screen reader reads it as German and a
 * right-to-left sentence keeps it whole.
 */
export function Tx({ text }: { text: LocalizedText }) {
  return <span {...txAttributes(text)}>{tx(text)}</span>;
}
