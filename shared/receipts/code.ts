/**
 * Receipt codes ("Beitragscode"): what a resident takes home from the survey or the market
 * stall to look up later what became of their voice (`/p/:slug/beitrag/:code`).
 *
 * The alphabet leaves out every character that reads like another: no 0/O, no 1/I/L. Lower case
 * is read as upper case, so a typed "k7mq" works. 31 characters, 12 of them: 31^12 ≈ 7.9·10^17
 * codes (59 bits). ARCHITECTURE.md ("Receipts") has the arithmetic that makes guessing hopeless
 * under the lookup limit. Shown in three groups of four (`K7MQ-4X9P-3HTR`); stored without dashes.
 *
 * Made by `crypto.getRandomValues` on the tablet (offline) and on the server alike. No zod here:
 * the stall and survey chunks import this and must not carry it.
 */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const RECEIPT_LENGTH = 12;
const GROUP = 4;

/** Bytes at or above this are drawn again, so each character is equally likely (248 = 8 · 31). */
const UNBIASED_LIMIT = 256 - (256 % RECEIPT_ALPHABET.length);

/** A stored code: exactly the alphabet, exactly the length. */
export const RECEIPT_CODE_PATTERN = new RegExp(`^[${RECEIPT_ALPHABET}]{${RECEIPT_LENGTH}}$`);

/** Fills the array with random bytes; `crypto.getRandomValues` in the browser and in Node. */
export type RandomFill = (bytes: Uint8Array) => Uint8Array;
const cryptoFill: RandomFill = (bytes) => globalThis.crypto.getRandomValues(bytes);

/** A new random code, 12 characters, no dashes. */
export function makeReceiptCode(fill: RandomFill = cryptoFill): string {
  let code = '';
  while (code.length < RECEIPT_LENGTH) {
    for (const byte of fill(new Uint8Array(RECEIPT_LENGTH * 2))) {
      if (byte >= UNBIASED_LIMIT) continue;
      code += RECEIPT_ALPHABET[byte % RECEIPT_ALPHABET.length];
      if (code.length === RECEIPT_LENGTH) break;
    }
  }
  return code;
}

/**
 * Letters of other scripts that look like a letter of the code, as a resident types them from a
 * card on the keyboard they have: a Ukrainian or Russian phone types Cyrillic „К“, „М“, „Т“, „Х“,
 * „Р“, „Н“ for K, M, T, X, P, H; a Greek one the same. Upper case, as they are after `toUpperCase`.
 */
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  А: 'A', В: 'B', С: 'C', Е: 'E', Н: 'H', Ј: 'J', К: 'K', М: 'M', Р: 'P', Ԛ: 'Q', Ѕ: 'S', Т: 'T', У: 'Y', Ԝ: 'W', Х: 'X',
  // Greek
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Κ: 'K', Μ: 'M', Ν: 'N', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};
const LOOKALIKE_PATTERN = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'g');

/**
 * A code as people type or link it, in stored form: upper case, without dashes and spaces.
 * Read as typed on any phone: full-width characters (NFKC), Arabic-Indic and Persian digits (an
 * Arabic keyboard types „٣“ for 3), and Cyrillic or Greek letters that look like the code's.
 * Read as copied from a sentence, a chat or a mail's link too: the full stop, comma, quotes or
 * brackets around it („K7MQ-4X9P-3HTR.“) and invisible direction marks (copied from an Arabic
 * page) are left off. Null when it is not a code (wrong length, a character outside the alphabet).
 */
export function parseReceiptCode(input: string): string | null {
  const code = input
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/[\s\-‐‑‒–—−]/g, '')
    .replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '')
    .replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) => String(digit.codePointAt(0)! & 0xf)) // both blocks start at a multiple of 16
    .toUpperCase()
    .replace(LOOKALIKE_PATTERN, (letter) => LOOKALIKES[letter]!);
  return RECEIPT_CODE_PATTERN.test(code) ? code : null;
}

/** `K7MQ4X9P3HTR` → `K7MQ-4X9P-3HTR`: how the code is shown, printed and linked (a code already grouped stays as it is). */
export function formatReceiptCode(code: string): string {
  const plain = code.replaceAll('-', '');
  const groups: string[] = [];
  for (let start = 0; start < plain.length; start += GROUP) groups.push(plain.slice(start, start + GROUP));
  return groups.join('-');
}

/** The public page of a receipt. */
export function receiptPath(slug: string, code: string): string {
  return `/p/${encodeURIComponent(slug)}/beitrag/${formatReceiptCode(code)}`;
}
