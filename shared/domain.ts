/** The domain's words and limits as plain constants (their zod schemas: `domain.schema.ts`). */

/** How a voice reached us. Every response and contribution carries one. */
export const CHANNELS = ['online', 'stall', 'paper', 'conference', 'workshop'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The channels whose voices can come from a market day: the stall's notes and the paper questionnaires collected there. */
export const MARKET_DAY_CHANNELS: readonly Channel[] = ['stall', 'paper'];

/** Who set a tag: the resident, staff at capture, the suggester, or a moderator's review. */
export const TAG_SOURCES = ['self', 'staff', 'suggested', 'reviewed'] as const;
export type TagSource = (typeof TAG_SOURCES)[number];

export const ROLES = ['admin', 'staff', 'working_group'] as const;
export type Role = (typeof ROLES)[number];

export const NOTE_KINDS = ['idea', 'concern', 'question', 'praise'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

/**
 * Flags a contribution carries into the moderation queue: personal data the mask found, names a
 * moderator masked by hand, and a text or fields changed after a moderator's review.
 */
export const CONTRIBUTION_FLAGS = {
  personalDataMasked: 'personal_data_masked',
  namesMasked: 'names_masked',
  editedAfterReview: 'edited_after_review',
} as const;

/**
 * The place sentinels, the one pair for every place answer that is not a Stadtteil (or, in
 * results, not a statistical district): `outside` is someone from outside the city and is
 * stored as such; `unknown` (said so, or not said) is the value of forms, filters and results
 * but is stored as NULL, on every write path (`stadtteilToStore`). Results also key a voice
 * without a kind or language `unknown`.
 */
export const PLACE_OUTSIDE = 'outside';
export const PLACE_UNKNOWN = 'unknown';

/** A Stadtteil answer as the `stadtteil_key` columns hold it: a key, `outside`, or NULL for unknown. */
export function stadtteilToStore(key: string | null | undefined): string | null {
  return !key || key === PLACE_UNKNOWN ? null : key;
}

/** Limits shared by schemas, columns and form fields. */
export const MAX_CONTRIBUTION_LENGTH = 4000;
export const MAX_SHORT_TEXT_LENGTH = 200;
/** What staff call a device at sign-in ("Tablet Stand 2"). */
export const MAX_DEVICE_NAME_LENGTH = 60;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
export const MAX_SYNC_BATCH_ITEMS = 1000;
/** Arrays and objects inside each other in one request body: far above what any contract needs, far below what overflows the recursion of validation or the content hash. */
export const MAX_JSON_DEPTH = 32;
/** Cells with fewer voices than this are never published: a new process's threshold and the lowest an admin may set. */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;
export const MAX_SUPPRESSION_THRESHOLD = 100;

