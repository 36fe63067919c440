import { z } from 'zod';
import { MAX_CONTRIBUTION_LENGTH, MAX_SHORT_TEXT_LENGTH, MAX_SYNC_BATCH_ITEMS } from '../domain.ts';
import { isoDateSchema, keySchema, noteKindSchema, uuidSchema } from '../domain-schemas.ts';
import { languageSchema } from '../languages.ts';
import { responseSubmissionSchema } from '../survey/answers.ts';
import { receiptCodeSchema } from './receipts.ts';
import { normalizeFreeText, normalizeLine } from '../text/normalize.ts';

/**
 * The tablet sync contract (`POST /api/stall/sync`). Every item
 * carries a UUID made on the tablet; the server upserts by it, so a resend is harmless.
 * Items are strict: an unknown field makes the item `invalid` rather than being dropped,
 * because a dropped field would make a later identical resend look like a conflict. Ids are
 * compared in lower case; the result echoes the id as the tablet sent it.
 *
 * Editing a note (a note item with `baseVersion`): only the account that captured the note and
 * admins may; anyone else gets that item back as `conflict` with code `forbidden` (the batch
 * goes on). An edit never uncovers names a moderator masked by hand (they are masked again in
 * the new text, or the changed text is refused with `names_masked` where the masked words are no
 * longer known), never turns its fields into tags working groups read once a moderator decided
 * the fields (they become proposals), sends a changed text of a reviewed note back to review,
 * and is written to the audit log.
 *
 * Old field names: version 1 of the tablet app called the Stadtteil of a market day and of a
 * note `district`, a word that now means the statistical district only. The current name is
 * `stadtteil`; `district` stays accepted for good, because a tablet may hold unsent items in
 * its outbox for weeks and resends them byte for byte (`stadtteilOf` reads either). An item
 * names its Stadtteil under exactly one of the two. (The market day is still `session` on the
 * wire and in the table `stall_sessions`; see the glossary in ARCHITECTURE.md.)
 */

/** The Stadtteil of a market day or note: a key, a place sentinel, or null for "nicht genannt". */
const stadtteilFields = {
  stadtteil: /* @__PURE__ */ keySchema.nullable().optional(),
  /** The same under its version-1 name; see above. */
  district: /* @__PURE__ */ keySchema.nullable().optional(),
};
const namesOneStadtteil = (item: { stadtteil?: string | null; district?: string | null }) => (item.stadtteil === undefined) !== (item.district === undefined);
const ONE_STADTTEIL = { message: 'name the Stadtteil once, as stadtteil (or, from older tablets, district)', path: ['stadtteil'] };

/** The Stadtteil an item names, under its current or its version-1 name. */
export function stadtteilOf(item: { stadtteil?: string | null; district?: string | null }): string | null {
  return item.stadtteil !== undefined ? item.stadtteil : (item.district ?? null);
}

/** Channels a note may be captured in: the stall itself, or notes from a conference or working group. */
export const NOTE_CHANNELS = ['stall', 'conference', 'workshop'] as const;
export const noteChannelSchema = /* @__PURE__ */ z.enum(NOTE_CHANNELS);
export type NoteChannel = z.infer<typeof noteChannelSchema>;

/** Coarse age bands: enough for "who did we reach", too coarse to identify anyone. */
export const AGE_BANDS = ['under-18', '18-29', '30-49', '50-64', '65-plus'] as const;
export const ageBandSchema = /* @__PURE__ */ z.enum(AGE_BANDS);
export type AgeBand = z.infer<typeof ageBandSchema>;

export const MAX_STAFF_ON_DUTY = 20;
export const MAX_FIELDS_PER_NOTE = 20;

export const MAX_BOARD_OPTIONS = 12;
export const MAX_BOARD_OPTION_LENGTH = 80;

/**
 * A market day's own poster question for dot votes ("Klebepunkte"), with its options in poster
 * order. Keys are made on the tablet (`option-1` …) so dot votes can name them offline.
 */
export const boardSchema = /* @__PURE__ */ z.strictObject({
  question: /* @__PURE__ */ z.string().trim().min(1).max(MAX_SHORT_TEXT_LENGTH),
  options: /* @__PURE__ */ z
    .array(/* @__PURE__ */ z.strictObject({ key: keySchema, label: /* @__PURE__ */ z.string().trim().min(1).max(MAX_BOARD_OPTION_LENGTH) }))
    .min(2)
    .max(MAX_BOARD_OPTIONS)
    .refine((options) => new Set(options.map((option) => option.key)).size === options.length, { message: 'each option key once' }),
});
export type Board = z.infer<typeof boardSchema>;

export const sessionItemSchema = /* @__PURE__ */ z.strictObject({
  type: /* @__PURE__ */ z.literal('session'),
  id: uuidSchema,
  processSlug: keySchema,
  date: isoDateSchema,
  place: /* @__PURE__ */ z.string().overwrite(normalizeLine).min(1).max(MAX_SHORT_TEXT_LENGTH),
  /** The Stadtteil the stall stands in; notes start from it. */
  ...stadtteilFields,
  /** Names of the staff on duty, as they want to appear. */
  staff: /* @__PURE__ */ z.array(/* @__PURE__ */ z.string().overwrite(normalizeLine).min(1).max(MAX_SHORT_TEXT_LENGTH)).max(MAX_STAFF_ON_DUTY).optional(),
  /** The poster question of this market day; without it (and from older tablets) the board offers the fields of action. */
  board: /* @__PURE__ */ boardSchema.optional(),
}).refine(namesOneStadtteil, ONE_STADTTEIL);
export type SessionItem = z.infer<typeof sessionItemSchema>;

export const noteItemSchema = /* @__PURE__ */ z.strictObject({
  type: /* @__PURE__ */ z.literal('note'),
  id: uuidSchema,
  processSlug: keySchema,
  sessionId: /* @__PURE__ */ uuidSchema.optional(),
  channel: noteChannelSchema,
  /** Normalised on arrival (`normalizeFreeText`): no control or bidi override characters, NFC, trimmed. */
  text: /* @__PURE__ */ z.string().overwrite(normalizeFreeText).min(1).max(MAX_CONTRIBUTION_LENGTH),
  /** Idea, concern, …; null (or absent) when staff did not classify the note: "nicht angegeben". */
  kind: /* @__PURE__ */ noteKindSchema.nullable().optional(),
  fieldsOfAction: /* @__PURE__ */ z.array(keySchema).max(MAX_FIELDS_PER_NOTE),
  /** A Stadtteil key, `outside`, `unknown`, or null for "nicht genannt". */
  ...stadtteilFields,
  capturedAt: /* @__PURE__ */ z.iso.datetime({ offset: true }),
  ageBand: /* @__PURE__ */ ageBandSchema.nullable().optional(),
  /** The language the conversation was held in. */
  language: /* @__PURE__ */ languageSchema.nullable().optional(),
  /** Present on an edit: the version of the stored note the edit started from. */
  baseVersion: /* @__PURE__ */ z.int().min(1).optional(),
  /**
   * The receipt code the tablet made for this note offline (`makeReceiptCode`) and may already
   * have shown or printed. Taken when free; when another voice has it (a chance of about 10^-12),
   * the note is stored all the same under a fresh code, which the result's `receipt` names. Not
   * part of the note's content: the hash leaves it out, so a resend is a duplicate whatever it
   * carries, and an edit never changes a code. Tablets before receipts send none and get one.
   */
  receipt: /* @__PURE__ */ receiptCodeSchema.optional(),
}).refine(namesOneStadtteil, ONE_STADTTEIL);
export type NoteItem = z.infer<typeof noteItemSchema>;

export const dotVoteItemSchema = /* @__PURE__ */ z.strictObject({
  type: /* @__PURE__ */ z.literal('dotVote'),
  id: uuidSchema,
  sessionId: uuidSchema,
  option: keySchema,
  delta: /* @__PURE__ */ z.union([/* @__PURE__ */ z.literal(1), /* @__PURE__ */ z.literal(-1)]),
});
export type DotVoteItem = z.infer<typeof dotVoteItemSchema>;

/**
 * A paper questionnaire typed in by staff: the questionnaire part of a survey response
 * (`POST /api/processes/:slug/responses`), without the online anti-abuse fields. Its id is
 * the item's id. The process comes from the session, or from `processSlug` without one.
 */
export const paperResponseItemSchema = /* @__PURE__ */ z.strictObject({
  type: /* @__PURE__ */ z.literal('paperResponse'),
  id: uuidSchema,
  sessionId: /* @__PURE__ */ uuidSchema.optional(),
  processSlug: /* @__PURE__ */ keySchema.optional(),
  response: /* @__PURE__ */ (/* @__PURE__ */ responseSubmissionSchema.pick({ surveyVersion: true, language: true, answers: true })).extend({ id: /* @__PURE__ */ uuidSchema.optional() }),
});
export type PaperResponseItem = z.infer<typeof paperResponseItemSchema>;

export const syncItemSchema = /* @__PURE__ */ z.discriminatedUnion('type', [sessionItemSchema, noteItemSchema, dotVoteItemSchema, paperResponseItemSchema]);
export type SyncItem = z.infer<typeof syncItemSchema>;
export type SyncItemType = SyncItem['type'];

/**
 * The batch is only checked for its envelope (each item an object with an id): the items
 * themselves are judged one by one against `syncItemSchema`, so one bad item never
 * rejects the others: each item is judged alone.
 */
export const syncRequestSchema = /* @__PURE__ */ z.strictObject({
  items: /* @__PURE__ */ z
    .array(
      /* @__PURE__ */ z.looseObject({ id: /* @__PURE__ */ z.string().min(1).max(100) }).meta({
        description: 'One of the item types session, note, dotVote, paperResponse; validated one by one.',
      }),
    )
    .max(MAX_SYNC_BATCH_ITEMS),
});
export type SyncRequest = z.infer<typeof syncRequestSchema>;

export const SYNC_STATUSES = ['stored', 'duplicate', 'conflict', 'invalid'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export const syncResultSchema = /* @__PURE__ */ z.object({
  id: /* @__PURE__ */ z.string(),
  status: /* @__PURE__ */ z.enum(SYNC_STATUSES),
  /** For notes: the version the server now holds (after a stored edit, or the one that won a conflict). */
  version: /* @__PURE__ */ z.int().optional(),
  /**
   * For notes stored, duplicate or edited: the receipt code the server holds (stored form). It
   * differs from the one the item carried only when that was taken: the tablet shows this one.
   */
  receipt: /* @__PURE__ */ z.string().optional(),
  error: /* @__PURE__ */ z
    .object({
      code: /* @__PURE__ */ z.string(),
      message: /* @__PURE__ */ z.string(),
      details: /* @__PURE__ */ z.unknown().optional(),
    })
    .optional(),
});
export type SyncResult = z.infer<typeof syncResultSchema>;

export const syncResponseSchema = /* @__PURE__ */ z.object({ results: /* @__PURE__ */ z.array(syncResultSchema) });
export type SyncResponse = z.infer<typeof syncResponseSchema>;

export const stallSessionsQuerySchema = /* @__PURE__ */ z.strictObject({ processSlug: keySchema });

/** A stall session with its board as the server counts it: the tablet adds its own unsent increments. */
export const stallSessionSchema = /* @__PURE__ */ z.object({
  id: /* @__PURE__ */ z.string(),
  processSlug: /* @__PURE__ */ z.string(),
  date: /* @__PURE__ */ z.string(),
  place: /* @__PURE__ */ z.string(),
  district: /* @__PURE__ */ z.string().nullable(),
  staff: /* @__PURE__ */ z.array(/* @__PURE__ */ z.string()),
  noteCount: /* @__PURE__ */ z.int(),
  paperCount: /* @__PURE__ */ z.int(),
  tally: /* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), /* @__PURE__ */ z.int()),
  /** The market day's poster question, or null when its board offers the fields of action. Older tablets ignore it. */
  board: /* @__PURE__ */ z
    .object({ question: /* @__PURE__ */ z.string(), options: /* @__PURE__ */ z.array(/* @__PURE__ */ z.object({ key: /* @__PURE__ */ z.string(), label: /* @__PURE__ */ z.string() })) })
    .nullable(),
});
export type StallSession = z.infer<typeof stallSessionSchema>;

export const stallSessionListSchema = /* @__PURE__ */ z.object({ sessions: /* @__PURE__ */ z.array(stallSessionSchema) });
export type StallSessionList = z.infer<typeof stallSessionListSchema>;

/**
 * A note of a market day as the server holds it (`GET /api/stall/sessions/:id/notes`), for the
 * tablet's list: also after a reload on another tablet or with cleared storage. `editable`
 * says whether the caller may correct it (the account that captured it, or an admin); others
 * get the masked text. The day only, never the time: the tablet keeps its own time if it has one.
 */
export const stallNoteSchema = /* @__PURE__ */ z.object({
  id: /* @__PURE__ */ z.string(),
  channel: noteChannelSchema,
  text: /* @__PURE__ */ z.string(),
  kind: /* @__PURE__ */ noteKindSchema.nullable(),
  fieldsOfAction: /* @__PURE__ */ z.array(/* @__PURE__ */ z.string()),
  district: /* @__PURE__ */ z.string().nullable(),
  ageBand: /* @__PURE__ */ ageBandSchema.nullable(),
  language: /* @__PURE__ */ languageSchema.nullable(),
  capturedOn: /* @__PURE__ */ z.string(),
  version: /* @__PURE__ */ z.int(),
  editable: /* @__PURE__ */ z.boolean(),
  /** The note's receipt code (stored form), so any tablet of the market day can show or print it again. */
  receipt: /* @__PURE__ */ z.string().nullable(),
});
export type StallNote = z.infer<typeof stallNoteSchema>;
export const stallNoteListSchema = /* @__PURE__ */ z.object({ notes: /* @__PURE__ */ z.array(stallNoteSchema) });
export type StallNoteList = z.infer<typeof stallNoteListSchema>;

/** A market day, as its notes are listed (`GET /api/stall/sessions/:id/notes`). */
export const stallSessionParamsSchema = /* @__PURE__ */ z.strictObject({ id: uuidSchema });
