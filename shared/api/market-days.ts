import { z } from 'zod';
import { MAX_SHORT_TEXT_LENGTH } from '../domain.ts';
import { isoDateSchema, keySchema, uuidSchema } from '../domain.schema.ts';
import { normalizeLine } from '../text/normalize.ts';

/**
 * Market days („Markttage“) in the admin area of a process (`/api/admin/processes/:slug/market-days`):
 * an admin plans them ahead (the tablets list them from `GET /api/stall/market-days`), corrects
 * the date, place or Stadtteil of any one, also one a tablet created, and removes one with nothing
 * captured. A correction names the version it started from, as a tablet's edit of a note does; a
 * tablet's resend of its older copy never undoes it (ARCHITECTURE.md, "The market stall").
 */

const placeSchema = /* @__PURE__ */ z.string().overwrite(normalizeLine).min(1).max(MAX_SHORT_TEXT_LENGTH);

/** Date, place and Stadtteil (a key of the process, `outside`, or null for none given). */
const marketDayFieldsShape = {
  date: isoDateSchema,
  place: placeSchema,
  stadtteil: /* @__PURE__ */ keySchema.nullable(),
};

/** Planning a market day: its id is made by the client, so sending it again is harmless (200 with the stored one). */
export const createMarketDaySchema = /* @__PURE__ */ z.strictObject({ id: uuidSchema, ...marketDayFieldsShape });
export type CreateMarketDay = z.infer<typeof createMarketDaySchema>;

/** A correction of date, place and Stadtteil, from the version the admin saw (`version_conflict` otherwise). */
export const updateMarketDaySchema = /* @__PURE__ */ z.strictObject({ baseVersion: /* @__PURE__ */ z.int().min(1), ...marketDayFieldsShape });
export type UpdateMarketDay = z.infer<typeof updateMarketDaySchema>;

export const marketDayAdminParamsSchema = /* @__PURE__ */ z.strictObject({ slug: keySchema, id: uuidSchema });

/** A market day as the admin list shows it: what was captured on it and which account created it. */
export const adminMarketDaySchema = /* @__PURE__ */ z.object({
  id: /* @__PURE__ */ z.string(),
  date: /* @__PURE__ */ z.string(),
  place: /* @__PURE__ */ z.string(),
  stadtteil: /* @__PURE__ */ z.string().nullable(),
  staff: /* @__PURE__ */ z.array(/* @__PURE__ */ z.string()),
  version: /* @__PURE__ */ z.int(),
  /** Notes captured on it, hidden ones included. */
  noteCount: /* @__PURE__ */ z.int(),
  /** Paper questionnaires typed in on it. */
  paperCount: /* @__PURE__ */ z.int(),
  /** Dot votes on its board (each +1 and −1 entry). */
  dotVoteCount: /* @__PURE__ */ z.int(),
  /** QR posters printed for it. */
  posterCount: /* @__PURE__ */ z.int(),
  /** The account that created it (its display name, else its user name); null once the account is deleted. */
  createdBy: /* @__PURE__ */ z.object({ username: /* @__PURE__ */ z.string(), displayName: /* @__PURE__ */ z.string().nullable(), role: /* @__PURE__ */ z.string() }).nullable(),
  createdAt: /* @__PURE__ */ z.string(),
});
export type AdminMarketDay = z.infer<typeof adminMarketDaySchema>;

export const adminMarketDayListSchema = /* @__PURE__ */ z.object({ marketDays: /* @__PURE__ */ z.array(adminMarketDaySchema) });
export type AdminMarketDayList = z.infer<typeof adminMarketDayListSchema>;

/**
 * The answer to a correction: the market day now, how many of its notes moved to the corrected
 * Stadtteil, and how many of its paper questionnaires moved to the corrected date.
 */
export const updateMarketDayResultSchema = /* @__PURE__ */ z.object({ marketDay: adminMarketDaySchema, notesMoved: /* @__PURE__ */ z.int(), papersMoved: /* @__PURE__ */ z.int() });
export type UpdateMarketDayResult = z.infer<typeof updateMarketDayResultSchema>;

/**
 * Merging a market day into another of the same process: two tablets created the same market day
 * offline, or an admin planned one a tablet had already created. Everything captured on the one
 * merged goes to `into`, which keeps its date, place and Stadtteil; the one merged is removed.
 */
export const mergeMarketDaySchema = /* @__PURE__ */ z.strictObject({ into: uuidSchema });
export type MergeMarketDay = z.infer<typeof mergeMarketDaySchema>;

/** The answer to a merge: the market day everything went into, and how much moved to it. */
export const mergeMarketDayResultSchema = /* @__PURE__ */ z.object({
  marketDay: adminMarketDaySchema,
  moved: /* @__PURE__ */ z.object({ notes: /* @__PURE__ */ z.int(), papers: /* @__PURE__ */ z.int(), dotVotes: /* @__PURE__ */ z.int(), posters: /* @__PURE__ */ z.int() }),
});
export type MergeMarketDayResult = z.infer<typeof mergeMarketDayResultSchema>;
