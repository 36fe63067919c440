// No zod here: the admin area reads these numbers without pulling the schemas into shared chunks.

/**
 * The fill-time check: a submission faster than `minFillTimeMs(answered)` (as the client
 * measured it) is kept but flagged `too_fast`. The minimum grows with what was answered,
 * so someone who taps through six questions in twelve seconds is counted, while a script
 * that sends a full questionnaire within a second or two is not. A quick reader needs
 * about two seconds to read a short question and tap; 1.5 s per answer leaves room for
 * the quickest and still catches machines.
 */
export const MIN_FILL_TIME_PER_ANSWER_MS = 1_500;
/** Nobody opens the survey, reads the privacy note and sends anything in less than this. */
export const MIN_FILL_TIME_FLOOR_MS = 3_000;
export function minFillTimeMs(answered: number, perAnswerMs = MIN_FILL_TIME_PER_ANSWER_MS): number {
  return Math.max(MIN_FILL_TIME_FLOOR_MS, answered * perAnswerMs);
}
