import { z } from 'zod';
import { MAX_CONTRIBUTION_LENGTH, MAX_SHORT_TEXT_LENGTH, MAX_SYNC_BATCH_ITEMS } from '../domain.ts';
import { isoDateSchema, keySchema, noteKindSchema, uuidSchema } from '../domain.schema.ts';
import { languageSchema } from '../languages.schema.ts';
import { responseSubmissionSchema } from '../survey/answers.schema.ts';
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
 * and is written to the audit log. A refused edit's answer carries the note the server holds now
 * (`current`, its text masked as after moderation), so the tablet can show it beside the edit.
 *
 * Old names, accepted for good: version 1 of the tablet app called a market day a "session" and
 * the Stadtteil `district` (a word that now means the statistical district only). A tablet may
 * hold unsent items in its outbox for weeks and resends them byte for byte, so the sync route
 * reads every item through `fromVersion1` (a `z.preprocess` before the item schema), which
 * renames these and nothing else:
 *
 * | version 1                 | current                     | in                          |
 * |---------------------------|-----------------------------|-----------------------------|
 * | `type: 'session'`         | `type: 'marketDay'`         | the market day item         |
 * | `sessionId`               | `marketDayId`               | note, dot vote, paper items |
 * | `district`                | `stadtteil`                 | market day and note items   |
 *
 * An item names each under one of the two names; one that sends both gets `invalid` (the old
 * name is then an unknown key). The server hashes every item in its version-1 form, so the same
 * item under the old or the new names is a `duplicate`, never a conflict, and hashes stored
 * before the renames hold. The answers keep their version-1 shape on the old addresses
 * (`GET /api/stall/sessions…`, see the route map), which older tablets still call.
 */

/** The version-1 field names and their current names (see above); `type: 'session'` is the market day. */
export const VERSION_1_FIELDS = { sessionId: 'marketDayId', district: 'stadtteil' } as const;

/** An item as the current contract names it, whichever version of the app sent it. */
export function fromVersion1(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const item: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (item.type === 'session') item.type = 'marketDay';
  for (const [old, current] of Object.entries(VERSION_1_FIELDS)) {
    if (Object.hasOwn(item, old) && !Object.hasOwn(item, current)) {
      item[current] = item[old];
      delete item[old];
    }
  }
  return item;
}

/** An item in the form version 1 named it: what the server hashes, so either form is the same item. */
export function toVersion1(item: { type: string; marketDayId?: string | undefined; stadtteil?: string | null | undefined }): Record<string, unknown> {
  const { marketDayId, stadtteil, ...rest } = item;
  return {
    ...rest,
    type: item.type === 'marketDay' ? 'session' : item.type,
    ...(marketDayId === undefined ? {} : { sessionId: marketDayId }),
    ...(stadtteil === undefined ? {} : { district: stadtteil }),
  };
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

export const marketDayItemSchema = /* @__PURE__ */ z.strictObject({
  type: /* @__PURE__ */ z.literal('marketDay'),
  id: uuidSchema,
  processSlug: keySchema,
  date: isoDateSchema,
  place: /* @__PURE__ */ z.string().overwrite(normalizeLine).min(1).max(MAX_SHORT_TEXT_LENGTH),
  /** The Stadtteil the stall stands in (a key, `outside`, `unknown`, or null); notes start from it. Version 1: `district`. */
  stadtteil: /* @__PURE__ */ keySchema.nullable(),
  /** Names of the staff on duty, as they want to appear. */
  staff: /* @__PURE__ */ z.array(/* @__PURE__ */ z.string().overwrite(normalizeLine).min(1).max(MAX_SHORT_TEXT_LENGTH)).max(MAX_STAFF_ON_DUTY).optional(),
  /** The poster question of this market day; without it (and from older tablets) the board offers the fields of action. */
  board: /* @__PURE__ */ boardSchema.optional(),
});
export type MarketDayItem = z.infer<typeof marketDayItemSchema>;

export const noteItemSchema = /* @__PURE__ */ z.strictObject({
  type: /* @__PURE__ */ z.literal('note'),
  id: uuidSchema,
  processSlug: keySchema,
  /** The market day the note was captured on; absent for conference and working-group notes. Version 1: `sessionId`. */
  marketDayId: /* @__PURE__ */ uuidSchema.optional(),
  channel: noteChannelSchema,
  /** Normalised on arrival (`normalizeFreeText`): no control or bidi override characters, NFC, trimmed. */
  text: /* @__PURE__ */ z.string().overwrite(normalizeFreeText).min(1).max(MAX_CONTRIBUTION_LENGTH),
  /** Idea, concern, …; null (or absent) when staff did not classify the note: "nicht angegeben". */
  kind: /* @__PURE__ */ noteKindSchema.nullable().optional(),
  fieldsOfAction: /* @__PURE__ */ z.array(keySchema).max(MAX_FIELDS_PER_NOTE),
  /** A Stadtteil key, `outside`, `unknown`, or null for "nicht genannt". Version 1: `district`. */
  stadtteil: /* @__PURE__ */ keySchema.nullable(),
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
});
export type NoteItem = z.infer<typeof noteItemSchema>;

export const dotVoteItemSchema = /* @__PURE__ */ z.strictObject({
  type: /* @__PURE__ */ z.literal('dotVote'),
  id: uuidSchema,
  /** Version 1: `sessionId`. */
  marketDayId: uuidSchema,
  option: keySchema,
  delta: /* @__PURE__ */ z.union([/* @__PURE__ */ z.literal(1), /* @__PURE__ */ z.literal(-1)]),
});
export type DotVoteItem = z.infer<typeof dotVoteItemSchema>;

/**
 * A paper questionnaire typed in by staff: the questionnaire part of a survey response
 * (`POST /api/processes/:slug/responses`), without the online anti-abuse fields. Its id is
 * the item's id. The process comes from the market day, or from `processSlug` without one.
 */
export const paperResponseItemSchema = /* @__PURE__ */ z.strictObject({
  type: /* @__PURE__ */ z.literal('paperResponse'),
  id: uuidSchema,
  /** Version 1: `sessionId`. */
  marketDayId: /* @__PURE__ */ uuidSchema.optional(),
  processSlug: /* @__PURE__ */ keySchema.optional(),
  response: /* @__PURE__ */ (/* @__PURE__ */ responseSubmissionSchema.pick({ surveyVersion: true, language: true, answers: true })).extend({ id: /* @__PURE__ */ uuidSchema.optional() }),
});
export type PaperResponseItem = z.infer<typeof paperResponseItemSchema>;

/** One item of a batch, under its current names; version-1 names are renamed first (`fromVersion1`). */
export const syncItemSchema = /* @__PURE__ */ z.preprocess(
  fromVersion1,
  /* @__PURE__ */ z.discriminatedUnion('type', [marketDayItemSchema, noteItemSchema, dotVoteItemSchema, paperResponseItemSchema]),
);
export type SyncItem = z.output<typeof syncItemSchema>;
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
        description: 'One of the item types marketDay (version 1: session), note, dotVote, paperResponse; validated one by one.',
      }),
    )
    .max(MAX_SYNC_BATCH_ITEMS),
});
export type SyncRequest = z.infer<typeof syncRequestSchema>;

/**
 * Each item's answer. `conflict` with code `market_day_removed`: the item is, or names, a market day
 * an admin removed; it is refused for good (never created again) and stays on the tablet, where
 * staff give it up or move a note or questionnaire to another market day (ARCHITECTURE.md).
 */
export const SYNC_STATUSES = ['stored', 'duplicate', 'conflict', 'invalid'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** What a note says, as the server answers it: in its list of a market day's notes and with a refused edit. */
function noteContentShape() {
  return {
    channel: noteChannelSchema,
    text: /* @__PURE__ */ z.string(),
    kind: /* @__PURE__ */ noteKindSchema.nullable(),
    fieldsOfAction: /* @__PURE__ */ z.array(/* @__PURE__ */ z.string()),
    stadtteil: /* @__PURE__ */ z.string().nullable(),
    ageBand: /* @__PURE__ */ ageBandSchema.nullable(),
    language: /* @__PURE__ */ languageSchema.nullable(),
  };
}

/**
 * A note as the server holds it, sent with the refusal of an edit (`version_conflict`,
 * `names_masked`, `forbidden`), so staff see what they would overwrite or give up before they
 * choose. Its text is the one after moderation, masked as working groups read it (automatic
 * masking and every name a moderator masked by hand), whoever asks: never the original. Its fields
 * of action are those the note is filed under (staff's and a moderator's, not machine proposals).
 */
export const conflictNoteSchema = /* @__PURE__ */ z.object(noteContentShape());
export type ConflictNote = z.infer<typeof conflictNoteSchema>;

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
  /** For a refused edit of a note (`version_conflict`, `names_masked`, `forbidden`): the note the server holds now (`version`), masked. Older tablets ignore it. */
  current: /* @__PURE__ */ conflictNoteSchema.optional(),
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

/** The most notes a tablet asks about in one request for the market-day list (`sentNotes`): a batch's worth. */
export const MAX_SENT_NOTES_ASKED = 100;
/** The most Klebepunkte a tablet asks about in one request for the market-day list (`sentDotVotes`). */
export const MAX_SENT_DOT_VOTES_ASKED = 100;

/** At most `max` ids, comma-separated (36 characters and a comma each), in a query. */
const idListSchema = (max: number) =>
  z
    .string()
    .max(max * 37)
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(uuidSchema).max(max))
    .optional();

export const marketDaysQuerySchema = /* @__PURE__ */ z.strictObject({
  processSlug: keySchema,
  /**
   * The ids of new notes the tablet holds as unsent, those sent once first (the answer was lost,
   * or the resend waits; or one is sent while the list is on its way), comma-separated: the answer
   * names those the server stored (`countedNoteIds`).
   */
  sentNotes: /* @__PURE__ */ idListSchema(MAX_SENT_NOTES_ASKED),
  /**
   * The ids of Klebepunkte the tablet holds as unsent, those sent once first, comma-separated: the
   * answer names those the server counted (`countedDotVoteIds`), so the board shows each dot once.
   */
  sentDotVotes: /* @__PURE__ */ idListSchema(MAX_SENT_DOT_VOTES_ASKED),
});

/** A market day with its board as the server counts it: the tablet adds its own unsent increments. */
export const marketDaySchema = /* @__PURE__ */ z.object({
  id: /* @__PURE__ */ z.string(),
  processSlug: /* @__PURE__ */ z.string(),
  date: /* @__PURE__ */ z.string(),
  place: /* @__PURE__ */ z.string(),
  stadtteil: /* @__PURE__ */ z.string().nullable(),
  staff: /* @__PURE__ */ z.array(/* @__PURE__ */ z.string()),
  noteCount: /* @__PURE__ */ z.int(),
  paperCount: /* @__PURE__ */ z.int(),
  /**
   * The client ids of the market day's paper questionnaires: a tablet counts one it still holds
   * as unsent (its answer was lost) once, in the server's count. Older tablets ignore it.
   */
  paperIds: /* @__PURE__ */ z.array(/* @__PURE__ */ z.string()),
  /**
   * Of the notes the tablet asked about (`sentNotes`), those stored on this market day, so in
   * `noteCount`: the tablet counts one it still holds as unsent once, there. Absent when it asked
   * about none here. Not every note's id, which a busy market day would send on every refresh.
   */
  countedNoteIds: /* @__PURE__ */ z.array(/* @__PURE__ */ z.string()).optional(),
  /**
   * Of the Klebepunkte the tablet asked about (`sentDotVotes`), those counted in this market day's
   * `tally`: the tablet adds its unsent ones to the tally, and one the server holds already (its
   * answer has not come yet, perhaps to another tab) would otherwise count twice. Absent when it
   * asked about none here.
   */
  countedDotVoteIds: /* @__PURE__ */ z.array(/* @__PURE__ */ z.string()).optional(),
  tally: /* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), /* @__PURE__ */ z.int()),
  /** The market day's poster question, or null when its board offers the fields of action. Older tablets ignore it. */
  board: /* @__PURE__ */ z
    .object({ question: /* @__PURE__ */ z.string(), options: /* @__PURE__ */ z.array(/* @__PURE__ */ z.object({ key: /* @__PURE__ */ z.string(), label: /* @__PURE__ */ z.string() })) })
    .nullable(),
});
export type MarketDay = z.infer<typeof marketDaySchema>;

export const marketDayListSchema = /* @__PURE__ */ z.object({
  marketDays: /* @__PURE__ */ z.array(marketDaySchema),
  /**
   * Market days an admin merged into another (created twice), with the one each went into: a tablet
   * that still shows one opens the other instead. What it sends naming one is stored on the other.
   */
  merged: /* @__PURE__ */ z.array(/* @__PURE__ */ z.object({ id: /* @__PURE__ */ z.string(), into: /* @__PURE__ */ z.string() })),
});
export type MarketDayList = z.infer<typeof marketDayListSchema>;

/** The list as version 1 of the tablet app reads it (`GET /api/stall/sessions`): `sessions`, each with `district` for its Stadtteil. */
export const version1MarketDayListSchema = /* @__PURE__ */ z.object({
  sessions: /* @__PURE__ */ z.array(/* @__PURE__ */ marketDaySchema.omit({ stadtteil: true }).extend({ district: /* @__PURE__ */ z.string().nullable() })),
});
export type Version1MarketDayList = z.infer<typeof version1MarketDayListSchema>;

/**
 * A note of a market day as the server holds it (`GET /api/stall/market-days/:id/notes`), for the
 * tablet's list: also after a reload on another tablet or with cleared storage. `editable`
 * says whether the caller may correct it (the account that captured it, or an admin); others
 * get the masked text. The day only, never the time: the tablet keeps its own time if it has one.
 */
export const stallNoteSchema = /* @__PURE__ */ z.object({
  id: /* @__PURE__ */ z.string(),
  ...noteContentShape(),
  capturedOn: /* @__PURE__ */ z.string(),
  version: /* @__PURE__ */ z.int(),
  editable: /* @__PURE__ */ z.boolean(),
  /** The note's receipt code (stored form), so any tablet of the market day can show or print it again. */
  receipt: /* @__PURE__ */ z.string().nullable(),
});
export type StallNote = z.infer<typeof stallNoteSchema>;
export const stallNoteListSchema = /* @__PURE__ */ z.object({ notes: /* @__PURE__ */ z.array(stallNoteSchema) });
export type StallNoteList = z.infer<typeof stallNoteListSchema>;

/** The notes as version 1 of the tablet app reads them (`GET /api/stall/sessions/:id/notes`): the Stadtteil as `district`. */
export const version1StallNoteListSchema = /* @__PURE__ */ z.object({
  notes: /* @__PURE__ */ z.array(/* @__PURE__ */ stallNoteSchema.omit({ stadtteil: true }).extend({ district: /* @__PURE__ */ z.string().nullable() })),
});
export type Version1StallNoteList = z.infer<typeof version1StallNoteListSchema>;

/** A market day, as its notes are listed (`GET /api/stall/market-days/:id/notes`). */
export const marketDayParamsSchema = /* @__PURE__ */ z.strictObject({ id: uuidSchema });
