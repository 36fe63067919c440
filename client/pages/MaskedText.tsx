import type { ComponentChild } from 'preact';
import { htmlLang, textDirection, type Language } from '../../shared/languages.ts';
import { MASK_TOKENS, type MaskKind } from '../../shared/privacy/mask-tokens.ts';
import { t, type MessageKey } from './messages.ts';

const WORDS: Record<MaskKind, MessageKey> = { email: 'maskedEmail', phone: 'maskedPhone', iban: 'maskedIban', address: 'maskedAddress', name: 'maskedName' };
const KIND_OF = new Map(Object.entries(MASK_TOKENS).map(([kind, token]) => [token, kind as MaskKind]));
const TOKEN = new RegExp(Object.values(MASK_TOKENS).map((token) => token.replace(/[[\]]/g, '\\$&')).join('|'), 'g');

/**
 * A resident's masked text as the public pages show it: where personal data was removed, the stored
 * German token („[Telefon entfernt]“, which working groups and exports read) is said in the page's
 * language („[تم حذف رقم الهاتف]“), marked as such, so an Arabic or Ukrainian page has no German
 * in the middle of the resident's own words. The rest of the text is the resident's, as stored.
 */
export function MaskedText({ text, language }: { text: string; language: Language }) {
  const parts: ComponentChild[] = [];
  let at = 0;
  for (const match of text.matchAll(TOKEN)) {
    parts.push(
      text.slice(at, match.index),
      <span key={match.index} class="masked" lang={htmlLang(language)} dir={textDirection(language)}>
        {t(WORDS[KIND_OF.get(match[0])!])}
      </span>,
    );
    at = match.index + match[0].length;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}
