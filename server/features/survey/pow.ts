import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

/**
 * Checks a solved ALTCHA challenge (altcha-lib's format, made by its `createChallenge`) with
 * node:crypto and HMAC keys imported once. altcha-lib's `verifySolution` imports its key into
 * WebCrypto for every HMAC and runs each HMAC as an asynchronous job; under a class's worth of
 * submissions that was about a sixth of the survey route's time. The verdict is altcha-lib's
 * (tests/unit/pow.test.ts holds both side by side over valid and tampered payloads):
 *
 * 1. not past `expiresAt` (seconds);
 * 2. the challenge's `signature` is the HMAC-SHA-256 of its parameters as canonical JSON;
 * 3. the solution's `derivedKey` is lower-case hex of whole bytes and its `counter` an integer
 *    from 0 to 2^32 - 1;
 * 4. the parameters' `keySignature` is the HMAC-SHA-256 of the derived key's bytes.
 *
 * A challenge signed without a key signature (never one of ours) is left to altcha-lib, which
 * then derives the key again.
 */
export interface PowSecrets {
  hmacSignatureSecret: string;
  hmacKeySignatureSecret: string;
}

export interface PowPayload {
  challenge: Challenge;
  solution: Solution;
}

const MAX_UINT32 = 0xffffffff;
const LOWER_HEX_BYTES = /^(?:[0-9a-f]{2})+$/;

/** altcha-lib's canonical form: object keys sorted at every depth (not inside arrays), undefined values left out, `__proto__` kept as an own key. */
function sortKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .flatMap((key) => (record[key] === undefined ? [] : [[key, sortKeys(record[key])]])),
  );
}

/**
 * `JSON.stringify(sortKeys(value))` without the copy, for the flat objects challenges' parameters
 * are (strings, numbers, booleans, null); anything nested goes the general way. Runs for every
 * submission.
 */
function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(sortKeys(value));
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let json = '';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    // Anything but a string, number, boolean or null (an object, an array, a bigint …) goes the general way.
    if (item !== null && typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') return JSON.stringify(sortKeys(value));
    json += `${json ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(item)}`;
  }
  return `{${json}}`;
}

/** Whether `given` is exactly the hex text `expected`, compared in constant time. */
function sameHex(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  const bytes = Buffer.from(given, 'utf8');
  const wanted = Buffer.from(expected, 'utf8');
  return bytes.length === wanted.length && timingSafeEqual(bytes, wanted);
}

/** A verifier bound to the two secrets; each is imported as an HMAC key once. */
export function powVerifier(secrets: PowSecrets): (payload: PowPayload) => Promise<boolean> {
  // altcha-lib uses a secret's UTF-8 bytes as the key.
  const signatureKey: KeyObject = createSecretKey(Buffer.from(secrets.hmacSignatureSecret, 'utf8'));
  const keySignatureKey: KeyObject = createSecretKey(Buffer.from(secrets.hmacKeySignatureSecret, 'utf8'));
  const hmacHex = (key: KeyObject, data: string | Buffer) => createHmac('sha256', key).update(data).digest('hex');

  return async ({ challenge, solution }) => {
    const { parameters } = challenge;
    // The same comparison as altcha-lib's, whatever type a crafted payload puts there.
    const expiresAt = parameters.expiresAt as unknown as number | undefined;
    if (expiresAt && expiresAt < Date.now() / 1_000) return false;
    if (!challenge.signature) return false;
    if (!sameHex(challenge.signature, hmacHex(signatureKey, canonicalJson(parameters)))) return false;
    const { derivedKey, counter } = solution as { derivedKey?: unknown; counter?: unknown };
    if (typeof derivedKey !== 'string' || !LOWER_HEX_BYTES.test(derivedKey)) return false;
    if (!Number.isInteger(counter) || (counter as number) < 0 || (counter as number) > MAX_UINT32) return false;
    if (!parameters.keySignature) {
      return (await verifySolution({ challenge, solution, deriveKey, ...secrets })).verified;
    }
    return sameHex(parameters.keySignature, hmacHex(keySignatureKey, Buffer.from(derivedKey, 'hex')));
  };
}
