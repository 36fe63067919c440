import { POSTER_ID_PATTERN, POSTER_PARAM } from '../../shared/poster-address.ts';
import { LANGUAGES, type Language } from '../../shared/languages.ts';
import type { ResponseSubmissionInput } from '../../shared/survey/answers.ts';

/**
 * Save-and-resume on the resident's own device. Nothing reaches the server before "Absenden";
 * until then the answers, the page, the language and the response's id live in localStorage,
 * and they leave it only after the server confirmed the response (201 or 200).
 */

/**
 * What is sent, frozen at "Absenden" so every retry is the identical body the server can
 * recognise: the survey's submission contract without the proof of work, which may be renewed.
 */
export type SubmissionBody = Omit<ResponseSubmissionInput, 'altcha'>;

export interface Outbox {
  body: SubmissionBody;
  /** A solved proof of work and when its challenge expires (ms); volatile, so it may be renewed between retries. */
  altcha?: string;
  altchaExpiresAt?: number;
}

export interface Draft {
  format: 1;
  /** The response's id (a UUID made here), so a resend after a lost connection is recognised. */
  id: string;
  surveyVersion: number;
  language: Language;
  /** Section index, or the number of sections for the review page. */
  page: number;
  answers: Record<string, unknown>;
  /** When the resident started (ms since the epoch, on this device): the fill time the server asks for. */
  startedAt: number;
  /** The QR poster the survey was opened from; sent with the answers so responses are counted per poster. */
  poster?: string;
  outbox?: Outbox;
}

/** The poster the survey was opened from (`?plakat=`), when the address names one in the right form; a wrong one is left out, never sent. */
export function posterFromAddress(search: string): string | undefined {
  const id = new URLSearchParams(search).get(POSTER_PARAM);
  return id && POSTER_ID_PATTERN.test(id) ? id : undefined;
}

const keyOf = (slug: string) => `mitreden.survey.${slug}`;

function isDraft(value: unknown): value is Draft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Partial<Draft>;
  return (
    draft.format === 1 &&
    typeof draft.id === 'string' &&
    typeof draft.surveyVersion === 'number' &&
    (LANGUAGES as readonly unknown[]).includes(draft.language) &&
    typeof draft.page === 'number' &&
    typeof draft.answers === 'object' &&
    draft.answers !== null &&
    typeof draft.startedAt === 'number' &&
    (draft.poster === undefined || (typeof draft.poster === 'string' && POSTER_ID_PATTERN.test(draft.poster)))
  );
}

export function loadDraft(slug: string): Draft | null {
  try {
    const stored = localStorage.getItem(keyOf(slug));
    const parsed: unknown = stored ? JSON.parse(stored) : null;
    return isDraft(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** False when the device refuses (private mode, full storage): the survey still works, it just cannot resume. */
export function saveDraft(slug: string, draft: Draft): boolean {
  try {
    localStorage.setItem(keyOf(slug), JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(slug: string): void {
  try {
    localStorage.removeItem(keyOf(slug));
  } catch {
    // Nothing stored, nothing to remove.
  }
}

/** A v4 UUID; `crypto.randomUUID` exists only in secure contexts, so fall back to the same bits by hand. */
export function newResponseId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const sentKeyOf = (slug: string) => `mitreden.survey.${slug}.sent`;

/**
 * The day (the device's, YYYY-MM-DD) a response to this survey was last sent from this device:
 * no answer, no code, only that one was sent, so the link opened again says so instead of
 * looking as if nothing had arrived.
 */
export function sentOn(slug: string): string | null {
  try {
    const day = localStorage.getItem(sentKeyOf(slug));
    return day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null;
  } catch {
    return null;
  }
}

export function rememberSent(slug: string, now = new Date()): void {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  try {
    localStorage.setItem(sentKeyOf(slug), day);
  } catch {
    // Storage switched off: the link opened again simply starts afresh.
  }
}
