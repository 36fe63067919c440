import { z } from 'zod';
import { CHANNELS, NOTE_KINDS, ROLES } from './domain.ts';

/**
 * The zod schemas of the domain's words. They live apart from the constants in `domain.ts`, so
 * that a client chunk that needs only a constant (the survey's pages) does not carry zod: import
 * this module from the server, the admin and staff areas, scripts and tests only.
 */
export const channelSchema = /* @__PURE__ */ z.enum(CHANNELS);
export const roleSchema = /* @__PURE__ */ z.enum(ROLES);
export const noteKindSchema = /* @__PURE__ */ z.enum(NOTE_KINDS);

/** Keys are lowercase ASCII slugs: stable in URLs, exports and tablets' queues. */
export const keySchema = /* @__PURE__ */ z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens');

/**
 * A UUID made by a client, in lower case: `6F1C…` and `6f1c…` are one id, so an upper-case resend
 * of a response or a sync item is recognised as the same (idempotency rests on it).
 */
export const uuidSchema = /* @__PURE__ */ z.uuid().overwrite((id) => id.toLowerCase());
/** A calendar day, YYYY-MM-DD. */
export const isoDateSchema = /* @__PURE__ */ z.iso.date();
