import { z } from 'zod';
import { keySchema, uuidSchema } from '../domain.schema.ts';
import { MAX_SHORT_TEXT_LENGTH } from '../domain.ts';
import { LANGUAGES, type Language } from '../languages.ts';
import { languageSchema } from '../languages.schema.ts';
import { DATA_LICENCE_IDS } from '../results/licences.ts';
import { normalizeFreeText, normalizeLine } from '../text/normalize.ts';
import { participationSchema } from './participation.ts';
import { dotVotesSchema, figureSchema, questionResultSchema } from './question-results.ts';

/**
 * Released results ("Ergebnisse"): an admin chooses questions (and the dot votes), titles them
 * per language and releases them; the server computes and suppresses the figures once, stores
 * the document as canonical JSON (RFC 8785) with its SHA-256, and serves exactly those bytes
 * from then on. The document (`snapshotDocumentSchema`) is also the open-data download; its
 * JSON Schema is served at `GET /api/schemas/result-snapshot.json`.
 */

/** The version of the document's format; a new one gets a new schema address. */
export const SNAPSHOT_FORMAT = 'mitreden-result-snapshot/1';
export const SNAPSHOT_SCHEMA_PATH = '/api/schemas/result-snapshot.json';
export const MAX_SNAPSHOT_QUESTIONS = 100;
export const MAX_SNAPSHOT_INTRO_LENGTH = 2000;

/** A text an admin writes in German and, optionally, in the process's other languages. */
const textIn = (max: number, normalize: (text: string) => string) =>
  z
    .object({ de: z.string().overwrite(normalize).min(1).max(max) })
    .catchall(z.string().overwrite(normalize).max(max))
    .refine((value) => Object.keys(value).every((key) => (LANGUAGES as readonly string[]).includes(key)), { message: 'unknown language code' })
    .transform((value) => Object.fromEntries(Object.entries(value).filter(([, text]) => text !== '')) as { de: string } & Partial<Record<Language, string>>);

export const snapshotSelectionSchema = /* @__PURE__ */ z.strictObject({
  /** Closed questions of the survey, in the order the page shows them. */
  questions: z.array(keySchema).max(MAX_SNAPSHOT_QUESTIONS),
  /** The market days' dot votes by field of action and Stadtteil. */
  dotVotes: z.boolean(),
});
export type SnapshotSelection = z.infer<typeof snapshotSelectionSchema>;

export const snapshotReleaseSchema = /* @__PURE__ */ z.strictObject({
  /** Made by the admin's browser: sending the same release again is the same release. */
  id: uuidSchema,
  title: /* @__PURE__ */ textIn(MAX_SHORT_TEXT_LENGTH, normalizeLine),
  intro: /* @__PURE__ */ textIn(MAX_SNAPSHOT_INTRO_LENGTH, normalizeFreeText),
  selection: snapshotSelectionSchema.refine((value) => value.questions.length > 0 || value.dotVotes, { message: 'choose at least one question or the dot votes' }),
});
export type SnapshotRelease = z.input<typeof snapshotReleaseSchema>;

export const snapshotWithdrawSchema = /* @__PURE__ */ z.strictObject({
  reason: z.string().overwrite(normalizeLine).min(3).max(MAX_SHORT_TEXT_LENGTH),
});

export const snapshotParamsSchema = /* @__PURE__ */ z.strictObject({ slug: keySchema, id: uuidSchema });

export const dataLicenceSchema = /* @__PURE__ */ z.enum(DATA_LICENCE_IDS);
export const dataLicenceBodySchema = /* @__PURE__ */ z.strictObject({ licence: dataLicenceSchema });
export const dataLicenceSettingSchema = /* @__PURE__ */ z.object({ licence: dataLicenceSchema, name: z.string(), url: z.string() });

const localizedSchema = /* @__PURE__ */ z.object({ de: z.string() }).catchall(z.string()).describe('A text keyed by language code (de, de-easy, en, tr, uk, ar, pl, it, ru); German is always there.');

/**
 * Who took part against who lives there (`GET /api/processes/:slug/participation`), frozen with the
 * figures: the totals, the city-wide rate, the statistical districts with their rates, the summary
 * scores and where the population figures come from. A part of one answer, suppressed as one model.
 */
export const participationNoteSchema = /* @__PURE__ */ participationSchema.pick({ threshold: true, channels: true, reference: true, total: true, city: true, districts: true, summary: true });
export type ParticipationNote = z.infer<typeof participationNoteSchema>;

/**
 * The released document. Question texts are the survey's own translations (`texts`), the
 * figures carry German labels as the working groups' results do; a reader shows `texts[key]`
 * in its language and falls back to German.
 */
export const snapshotDocumentSchema = /* @__PURE__ */ z.object({
  $schema: z.string().describe('Where this document’s JSON Schema is served'),
  format: z.literal(SNAPSHOT_FORMAT),
  id: z.string().describe('The snapshot’s permanent id (UUID)'),
  process: z.object({ slug: z.string(), title: localizedSchema }),
  title: localizedSchema,
  intro: localizedSchema,
  releasedOn: z.iso.date().describe('The day the figures were computed and frozen'),
  licence: z.object({ id: dataLicenceSchema, name: z.string(), url: z.string(), attribution: z.string() }),
  threshold: z.number().int().describe('Counts under this number are withheld, and any that would give one away'),
  respondents: figureSchema.describe('Questionnaires counted (online and paper); responses flagged by the anti-abuse checks are never counted'),
  participation: participationNoteSchema,
  questions: z.array(questionResultSchema),
  /** Per question: its title, scale ends and option labels in every language the survey has. */
  texts: z.record(
    z.string(),
    z.object({ title: localizedSchema, minLabel: localizedSchema.optional(), maxLabel: localizedSchema.optional(), options: z.record(z.string(), localizedSchema) }),
  ),
  /** Field-of-action labels per language, for the dot votes. */
  fields: z.record(z.string(), localizedSchema),
  dotVotes: dotVotesSchema.nullable(),
});
export type SnapshotDocument = z.infer<typeof snapshotDocumentSchema>;

const snapshotMetaSchema = /* @__PURE__ */ z.object({
  id: z.string(),
  title: localizedSchema,
  intro: localizedSchema,
  releasedOn: z.string(),
  sha256: z.string(),
  questions: z.number().int(),
  dotVotes: z.boolean(),
});

/** One released snapshot in the public list. */
export const snapshotSummarySchema = snapshotMetaSchema;
export const snapshotSummaryListSchema = /* @__PURE__ */ z.array(snapshotSummarySchema);
export type SnapshotSummary = z.infer<typeof snapshotSummarySchema>;

/** A snapshot's permanent link: the document, or that it was withdrawn (and when and why). */
export const publicSnapshotSchema = /* @__PURE__ */ z.discriminatedUnion('status', [
  /* @__PURE__ */ z.object({ status: z.literal('released'), id: z.string(), sha256: z.string(), document: snapshotDocumentSchema }),
  /* @__PURE__ */ z.object({ status: z.literal('withdrawn'), id: z.string(), title: localizedSchema, releasedOn: z.string(), withdrawnOn: z.string(), reason: z.string() }),
]);
export type PublicSnapshot = z.infer<typeof publicSnapshotSchema>;

/** The admins' list: every snapshot, withdrawn ones too. */
export const adminSnapshotSchema = /* @__PURE__ */ snapshotMetaSchema.extend({
  releasedBy: z.string().nullable(),
  withdrawnOn: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
});
export const adminSnapshotListSchema = /* @__PURE__ */ z.object({ licence: dataLicenceSettingSchema, snapshots: z.array(adminSnapshotSchema) });
export type AdminSnapshot = z.infer<typeof adminSnapshotSchema>;

/** What the thank-you page needs: whether results are out, and when the survey closes. */
export const resultsNoticeSchema = /* @__PURE__ */ z.object({ released: z.number().int(), closesOn: z.string().nullable() });

export const snapshotLanguageQuerySchema = /* @__PURE__ */ z.strictObject({ lang: languageSchema.optional() });

/** The document's JSON Schema (draft 2020-12), served at `SNAPSHOT_SCHEMA_PATH` for re-users and validators. */
export function snapshotJsonSchema() {
  return {
    ...z.toJSONSchema(snapshotDocumentSchema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }),
    title: 'Mitreden: released results (Ergebnisse)',
    description: 'A snapshot of a participation process’s results as released: figures suppressed under the threshold, with their texts in every survey language and the licence.',
  };
}
