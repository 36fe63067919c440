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
 * A code as people type or link it, in stored form: upper case, without dashes and spaces.
 * Null when it is not a code (wrong length, a character outside the alphabet).
 */
export function parseReceiptCode(input: string): string | null {
  const code = input.replace(/[\s\-‐‑‒–—]/g, '').toUpperCase();
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
