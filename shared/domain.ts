import { z } from 'zod';

/** How a voice reached us. Every response and contribution carries one. */
export const CHANNELS = ['online', 'stall', 'paper', 'conference', 'workshop'] as const;
export const channelSchema = /* @__PURE__ */ z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

/** Who set a tag: the resident, staff at capture, the suggester, or a moderator's review. */
export const TAG_SOURCES = ['self', 'staff', 'suggested', 'reviewed'] as const;
export const tagSourceSchema = /* @__PURE__ */ z.enum(TAG_SOURCES);
export type TagSource = z.infer<typeof tagSourceSchema>;

export const ROLES = ['admin', 'staff', 'working_group'] as const;
export const roleSchema = /* @__PURE__ */ z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const NOTE_KINDS = ['idea', 'concern', 'question', 'praise'] as const;
export const noteKindSchema = /* @__PURE__ */ z.enum(NOTE_KINDS);
export type NoteKind = z.infer<typeof noteKindSchema>;

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

/** Keys are lowercase ASCII slugs: stable in URLs, exports and tablets' queues. */
export const keySchema = /* @__PURE__ */ z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens');

export const uuidSchema = /* @__PURE__ */ z.uuid();
/** A calendar day, YYYY-MM-DD. */
export const isoDateSchema = /* @__PURE__ */ z.iso.date();
