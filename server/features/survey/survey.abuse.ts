import { CappedMap, createChallenge, randomInt } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { MIN_FILL_TIME_PER_ANSWER_MS, minFillTimeMs, type PowChallenge, type ResponseFlag } from '../../../shared/api/survey.ts';
import { countAnswered, type ResponseSubmission } from '../../../shared/survey/answers.ts';
import { powVerifier, type PowPayload, type PowSecrets } from './pow.ts';

/**
 * Abuse protection without tracking: nothing here looks at or keeps who sent a response.
 * Three soft checks (honeypot, minimum fill time, an ALTCHA proof of work) only flag a
 * response; the caller stores it anyway, so a bot cannot tell which check it failed.
 * The minimum fill time depends on how many questions were answered (`minFillTimeMs`),
 * so a quick but real resident who answers a few questions is not left out of the counts.
 */
export interface SurveyGuardOptions {
  /** Per answered question: answers faster than this times their number (at least the floor), as the client measured them, are flagged `too_fast`. */
  minFillTimePerAnswerMs?: number;
  /** PBKDF2 iterations per attempt and the range of attempts a solver needs: the work a phone does once. */
  powCost?: number;
  powCounterMin?: number;
  powCounterMax?: number;
  /** How long a challenge stays valid; the client fetches a new one when its solution got old. */
  challengeTtlSeconds?: number;
}

/** What the asynchronous part of the checks found; `claim` adds what must be decided synchronously. */
export interface Inspection {
  flags: ResponseFlag[];
  /** The verified challenge's nonce, to be remembered once the response is stored. */
  challengeId: string | null;
}

export interface SurveyGuard {
  createChallenge(): Promise<PowChallenge>;
  inspect(submission: ResponseSubmission): Promise<Inspection>;
  /**
   * Final flags, decided synchronously right before the response goes to be stored: a solved
   * challenge seen for the first time is claimed at once (`claimed`), so two requests racing
   * with one challenge cannot both pass as fresh; a challenge claimed before is `pow_reused`.
   */
  claim(inspection: Inspection): { flags: ResponseFlag[]; claimed: boolean };
  /** Forgets a challenge this request claimed whose response was not stored after all (a resend of it may use it again). */
  release(inspection: Inspection): void;
}

const POW_ALGORITHM = 'PBKDF2/SHA-256';
/** Solved challenges remembered against replay; old entries fall out first, and they expire anyway. */
const MAX_REMEMBERED_CHALLENGES = 100_000;

function decodePayload(encoded: string): PowPayload | null {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    if (typeof decoded !== 'object' || decoded === null) return null;
    const { challenge, solution } = decoded as Partial<PowPayload>;
    if (typeof challenge !== 'object' || challenge === null || typeof solution !== 'object' || solution === null) return null;
    if (typeof challenge.parameters !== 'object' || challenge.parameters === null || typeof challenge.parameters.nonce !== 'string') return null;
    return { challenge, solution };
  } catch {
    return null;
  }
}

/**
 * One guard per app. Its HMAC secrets are kept in the database (`server_secrets`, see
 * `surveyRoutes`), so a challenge solved, or an answer left unsent, before a restart still counts
 * after it. The solved challenges it remembers against replay live in memory only: after a
 * restart a challenge solved before may be used once more (ARCHITECTURE.md, "The survey").
 */
export function createSurveyGuard(secrets: PowSecrets, options: SurveyGuardOptions = {}): SurveyGuard {
  const perAnswerMs = options.minFillTimePerAnswerMs ?? MIN_FILL_TIME_PER_ANSWER_MS;
  const cost = options.powCost ?? 1_000;
  const counterMin = options.powCounterMin ?? 300;
  const counterMax = options.powCounterMax ?? 1_500;
  const ttlSeconds = options.challengeTtlSeconds ?? 2 * 60 * 60;
  const { hmacSignatureSecret, hmacKeySignatureSecret } = secrets;
  const used = new CappedMap<string, true>({ maxSize: MAX_REMEMBERED_CHALLENGES });
  const verify = powVerifier(secrets);

  return {
    async createChallenge() {
      // Deterministic mode: the server knows the answer's key and signs it, so verifying costs one HMAC.
      const challenge = await createChallenge({
        algorithm: POW_ALGORITHM,
        cost,
        counter: randomInt(counterMax, counterMin),
        deriveKey,
        expiresAt: new Date(Date.now() + ttlSeconds * 1000),
        hmacSignatureSecret,
        hmacKeySignatureSecret,
      });
      return challenge as PowChallenge;
    },

    async inspect(submission) {
      const flags: ResponseFlag[] = [];
      if (submission.website.trim() !== '') flags.push('honeypot');
      if (submission.elapsedMs < minFillTimeMs(countAnswered(submission.answers), perAnswerMs)) flags.push('too_fast');
      if (submission.altcha === undefined) {
        flags.push('pow_missing');
        return { flags, challengeId: null };
      }
      const payload = decodePayload(submission.altcha);
      let verified = false;
      if (payload) {
        try {
          verified = await verify(payload);
        } catch {
          // A payload crafted to make the verifier throw is just another invalid solution.
          verified = false;
        }
      }
      if (!verified || !payload) {
        flags.push('pow_invalid');
        return { flags, challengeId: null };
      }
      return { flags, challengeId: payload.challenge.parameters.nonce };
    },

    claim(inspection) {
      if (inspection.challengeId === null) return { flags: inspection.flags, claimed: false };
      if (used.has(inspection.challengeId)) return { flags: [...inspection.flags, 'pow_reused'], claimed: false };
      used.set(inspection.challengeId, true);
      return { flags: inspection.flags, claimed: true };
    },

    release(inspection) {
      if (inspection.challengeId !== null) used.delete(inspection.challengeId);
    },
  };
}
