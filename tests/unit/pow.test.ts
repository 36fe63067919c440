import { createChallenge, solveChallenge, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { powVerifier, type PowPayload } from '../../server/features/survey/pow.ts';

const secrets = { hmacSignatureSecret: 'a'.repeat(64), hmacKeySignatureSecret: 'b'.repeat(64) };
const verify = powVerifier(secrets);

/** altcha-lib's own verdict, a throw counting as "not verified" as the survey guard counts it. */
async function altchaVerdict(payload: PowPayload): Promise<boolean> {
  try {
    return (await verifySolution({ ...payload, deriveKey, ...secrets })).verified;
  } catch {
    return false;
  }
}

async function ours(payload: PowPayload): Promise<boolean> {
  try {
    return await verify(payload);
  } catch {
    return false;
  }
}

async function solved(options: { expiresAt?: Date; keySignature?: boolean } = {}): Promise<PowPayload> {
  const challenge = await createChallenge({
    algorithm: 'PBKDF2/SHA-256',
    cost: 1,
    counter: 3,
    deriveKey,
    expiresAt: options.expiresAt ?? new Date(Date.now() + 60_000),
    hmacSignatureSecret: secrets.hmacSignatureSecret,
    ...(options.keySignature === false ? {} : { hmacKeySignatureSecret: secrets.hmacKeySignatureSecret }),
  });
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('no solution');
  return { challenge, solution };
}

/** A deep copy with `change` applied to it. */
function tampered(payload: PowPayload, change: (copy: { challenge: Challenge & Record<string, unknown>; solution: Record<string, unknown> }) => void): PowPayload {
  const copy = structuredClone(payload) as unknown as Parameters<typeof change>[0];
  change(copy);
  return copy as unknown as PowPayload;
}

describe('the survey guard verifies a proof of work exactly as altcha-lib does', () => {
  let valid: PowPayload;
  let other: PowPayload;
  beforeAll(async () => {
    valid = await solved();
    other = await solved();
  });

  it('accepts a solved challenge of ours and refuses what altcha-lib refuses', async () => {
    const params = (copy: { challenge: Challenge }) => copy.challenge.parameters as unknown as Record<string, unknown>;
    const cases: Record<string, PowPayload> = {
      valid,
      'without key signature (altcha-lib derives the key)': await solved({ keySignature: false }),
      expired: await solved({ expiresAt: new Date(Date.now() - 1_000) }),
      'signature upper case': tampered(valid, (c) => void (c.challenge.signature = c.challenge.signature!.toUpperCase())),
      'signature of another challenge': tampered(valid, (c) => void (c.challenge.signature = other.challenge.signature)),
      'signature missing': tampered(valid, (c) => void delete c.challenge.signature),
      'signature a number': tampered(valid, (c) => void ((c.challenge as Record<string, unknown>).signature = 12)),
      'nonce changed': tampered(valid, (c) => void (params(c).nonce = other.challenge.parameters.nonce)),
      'key signature of another challenge': tampered(valid, (c) => void (params(c).keySignature = other.challenge.parameters.keySignature)),
      'key signature removed': tampered(valid, (c) => void delete params(c).keySignature),
      'parameter added': tampered(valid, (c) => void (params(c).extra = 1)),
      'expiry moved': tampered(valid, (c) => void (params(c).expiresAt = Number(params(c).expiresAt) + 1)),
      'derived key of another challenge': tampered(valid, (c) => void (c.solution.derivedKey = other.solution.derivedKey)),
      'derived key upper case': tampered(valid, (c) => void (c.solution.derivedKey = String(c.solution.derivedKey).toUpperCase())),
      'derived key odd length': tampered(valid, (c) => void (c.solution.derivedKey = `${String(c.solution.derivedKey)}0`)),
      'derived key not hex': tampered(valid, (c) => void (c.solution.derivedKey = `zz${String(c.solution.derivedKey).slice(2)}`)),
      'derived key missing': tampered(valid, (c) => void delete c.solution.derivedKey),
      'counter negative': tampered(valid, (c) => void (c.solution.counter = -1)),
      'counter a fraction': tampered(valid, (c) => void (c.solution.counter = 2.5)),
      'counter above 2^32 - 1': tampered(valid, (c) => void (c.solution.counter = 2 ** 32)),
      'counter a string': tampered(valid, (c) => void (c.solution.counter = '3')),
    };
    const verdicts: Record<string, [boolean, boolean]> = {};
    for (const [name, payload] of Object.entries(cases)) verdicts[name] = [await ours(payload), await altchaVerdict(payload)];
    for (const [name, [mine, theirs]] of Object.entries(verdicts)) expect({ name, mine }).toEqual({ name, mine: theirs });
    expect(verdicts.valid).toEqual([true, true]);
    expect(verdicts['without key signature (altcha-lib derives the key)']).toEqual([true, true]);
    expect(Object.values(verdicts).filter(([mine]) => mine)).toHaveLength(2);
  });

  it('agrees with altcha-lib on any one value of the payload replaced or removed', async () => {
    const paths: string[][] = [];
    const walk = (value: unknown, path: string[]) => {
      paths.push(path);
      if (typeof value === 'object' && value !== null) for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    };
    walk(valid, []);
    const leafPaths = paths.filter((path) => path.length > 0);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: leafPaths.length - 1 }), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }), async (index, replacement) => {
        const path = leafPaths[index]!;
        const payload = tampered(valid, (copy) => {
          let parent = copy as unknown as Record<string, unknown>;
          for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
          if (replacement === undefined) delete parent[path.at(-1)!];
          else parent[path.at(-1)!] = replacement;
        });
        expect(await ours(payload)).toBe(await altchaVerdict(payload));
      }),
      { numRuns: 400 },
    );
  });
});
