/** The domain's words and limits as plain constants (their zod schemas: `domain-schemas.ts`). */

/** How a voice reached us. Every response and contribution carries one. */
export const CHANNELS = ['online', 'stall', 'paper', 'conference', 'workshop'] as const;
export type Channel = (typeof CHANNELS)[number];

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

/** District answers that are not a Stadtteil. */
export const DISTRICT_OUTSIDE = 'outside';
export const DISTRICT_UNKNOWN = 'unknown';

/** Limits shared by schemas, columns and form fields. */
export const MAX_CONTRIBUTION_LENGTH = 4000;
export const MAX_SHORT_TEXT_LENGTH = 200;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
export const MAX_SYNC_BATCH_ITEMS = 1000;
/** Cells with fewer voices than this are never published. */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;
