import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import type { AnswerErrorDetail } from '../../shared/api/survey.ts';
import { ApiError, call } from '../api.ts';
import type { Outbox } from './draft.ts';

/**
 * Sending a finished survey: loaded only when the resident presses "Absenden", so neither the
 * proof-of-work solver nor this code weighs on the first page.
 */

export type SendOutcome =
  /** Stored (now or by an earlier attempt); `receipt` is the response's code, null without free text. */
  | { kind: 'done'; receipt: string | null }
  | { kind: 'retry' }
  | { kind: 'invalid'; details: AnswerErrorDetail[] }
  | { kind: 'closed' }
  | { kind: 'conflict' }
  | { kind: 'failed' };

/** A solved challenge is renewed when it would expire this soon, so a resend after hours still carries valid work. */
const POW_MARGIN_MS = 10 * 60 * 1000;
const POW_TIMEOUT_MS = 60_000;

function retryable(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status === 429 || error.status >= 500;
}

/** Solves a fresh challenge; null when the server or the device cannot (the response is then sent without). */
async function proofOfWork(slug: string): Promise<{ altcha: string; expiresAt: number } | null> {
  const challenge = await call('GET /api/processes/:slug/challenge', { params: { slug } });
  try {
    const solution = await solveChallenge({ challenge, deriveKey, timeout: POW_TIMEOUT_MS });
    if (!solution) return null;
    return {
      altcha: btoa(JSON.stringify({ challenge, solution })),
      expiresAt: (challenge.parameters.expiresAt ?? 0) * 1000,
    };
  } catch {
    // No WebCrypto (an insecure http page) or an odd device: the server flags, not refuses.
    return null;
  }
}

/**
 * One attempt. The body is the one frozen at "Absenden"; only the proof of work may be
 * renewed, and it is kept in the outbox (via `keep`) so a reload does not solve it again.
 */
export async function sendOnce(slug: string, outbox: Outbox, keep: (outbox: Outbox) => void): Promise<SendOutcome> {
  let current = outbox;
  try {
    if (!current.altcha || (current.altchaExpiresAt ?? 0) - Date.now() < POW_MARGIN_MS) {
      const pow = await proofOfWork(slug);
      if (pow) {
        current = { ...current, altcha: pow.altcha, altchaExpiresAt: pow.expiresAt };
        keep(current);
      }
    }
    const body = current.altcha ? { ...current.body, altcha: current.altcha } : current.body;
    // 201 (stored) and 200 (an earlier attempt had arrived) both mean the response is safe.
    const { receipt } = await call('POST /api/processes/:slug/responses', { params: { slug }, body });
    return { kind: 'done', receipt };
  } catch (error) {
    if (retryable(error)) return { kind: 'retry' };
    const { status, code, details } = error as ApiError;
    if (status === 409) return code === 'survey_closed' ? { kind: 'closed' } : { kind: 'conflict' };
    if (status === 400 && code === 'invalid_answers' && Array.isArray(details)) return { kind: 'invalid', details: details as AnswerErrorDetail[] };
    return { kind: 'failed' };
  }
}
