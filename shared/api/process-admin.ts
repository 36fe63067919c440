import { z } from 'zod';
import { DEFAULT_SUPPRESSION_THRESHOLD, MAX_SHORT_TEXT_LENGTH, MAX_SUPPRESSION_THRESHOLD } from '../domain.ts';
import { keySchema, uuidSchema } from '../domain.schema.ts';
import { languageSchema, localizedNameSchema, localizedTextSchema } from '../languages.schema.ts';

/** `draft` only admins see; `public` on the start page; `archived` over: off the start page, survey closed, results kept. */
export const PROCESS_STATUSES = ['draft', 'public', 'archived'] as const;
export const processStatusSchema = z.enum(PROCESS_STATUSES);
export type ProcessStatus = z.infer<typeof processStatusSchema>;

const name = z.string().trim().min(1).max(MAX_SHORT_TEXT_LENGTH);
const day = z.iso.date();

export const phaseInputSchema = z.strictObject({
  title: localizedTextSchema,
  description: localizedTextSchema.nullable().optional(),
  startsOn: day.nullable().optional(),
  endsOn: day.nullable().optional(),
});

/** What a field covers in the residents' words, per language: shown to staff and read by the suggester as cues. */
const fieldDescription = localizedTextSchema.nullable().optional();
export const subFieldInputSchema = z.strictObject({ key: keySchema, label: localizedTextSchema, description: fieldDescription });
/** A field of action with its sub-fields (one level, as the city's concept has them). */
export const fieldInputSchema = z.strictObject({ key: keySchema, label: localizedTextSchema, description: fieldDescription, children: z.array(subFieldInputSchema).max(30).optional() });

export const stadtteilInputSchema = z.strictObject({
  key: keySchema,
  nr: z.string().trim().min(1).max(16),
  name,
  nameVariants: z.array(name).max(20).optional(),
});
/** A statistical district with its Stadtteile. */
export const districtInputSchema = z.strictObject({
  key: keySchema,
  nr: z.number().int().min(0).max(9999),
  name,
  stadtteile: z.array(stadtteilInputSchema).max(200),
});
export type DistrictInput = z.infer<typeof districtInputSchema>;

/**
 * A process's structure as an admin sets it up: texts in its languages, phases, the tree of fields of
 * action and the city's geography. Keys stay as they are once used: they are what responses,
 * contributions, accounts and exports refer to.
 */
export const processStructureSchema = z
  .strictObject({
    title: localizedTextSchema,
    description: localizedTextSchema,
    /** The city's name per language (German required, the others' fallback). */
    city: localizedNameSchema(name),
    languages: z.array(languageSchema).min(1).max(20),
    phases: z.array(phaseInputSchema).min(1).max(20),
    currentPhase: z.number().int().min(1).max(20),
    fieldsOfAction: z.array(fieldInputSchema).min(1).max(30),
    districts: z.array(districtInputSchema).max(100),
    opensOn: day.nullable(),
    closesOn: day.nullable(),
    suppressionThreshold: z.number().int().min(DEFAULT_SUPPRESSION_THRESHOLD).max(MAX_SUPPRESSION_THRESHOLD),
    retentionUntil: day.nullable(),
  })
  .superRefine((value, ctx) => {
    if (!value.languages.includes('de')) ctx.addIssue({ code: 'custom', path: ['languages'], message: 'German is always offered' });
    if (value.currentPhase > value.phases.length) ctx.addIssue({ code: 'custom', path: ['currentPhase'], message: `there are only ${value.phases.length} phases` });
    if (value.opensOn && value.closesOn && value.opensOn > value.closesOn) ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'the survey cannot close before it opens' });
    value.phases.forEach((phase, index) => {
      if (phase.startsOn && phase.endsOn && phase.startsOn > phase.endsOn) ctx.addIssue({ code: 'custom', path: ['phases', index, 'endsOn'], message: 'a phase cannot end before it starts' });
    });
    const fieldKeys = value.fieldsOfAction.flatMap((field) => [field.key, ...(field.children ?? []).map((child) => child.key)]);
    for (const key of duplicates(fieldKeys)) ctx.addIssue({ code: 'custom', path: ['fieldsOfAction'], message: `field key ${key} appears twice` });
    for (const key of duplicates(value.districts.map((district) => district.key))) ctx.addIssue({ code: 'custom', path: ['districts'], message: `district key ${key} appears twice` });
    const stadtteile = value.districts.flatMap((district) => district.stadtteile);
    for (const key of duplicates(stadtteile.map((stadtteil) => stadtteil.key))) ctx.addIssue({ code: 'custom', path: ['districts'], message: `Stadtteil key ${key} appears twice` });
    for (const nr of duplicates(stadtteile.map((stadtteil) => stadtteil.nr))) ctx.addIssue({ code: 'custom', path: ['districts'], message: `Stadtteil number ${nr} appears twice` });
  });
export type ProcessStructure = z.infer<typeof processStructureSchema>;

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((value) => (seen.has(value) ? true : (seen.add(value), false))))];
}

/** Creating a process: a client-made id makes a resend harmless; it starts as a draft unless said otherwise. */
export const createProcessRequestSchema = z.strictObject({
  id: uuidSchema,
  slug: keySchema,
  status: z.enum(['draft', 'public']).default('draft'),
  structure: processStructureSchema,
});
export type CreateProcessRequest = z.infer<typeof createProcessRequestSchema>;

/**
 * `PUT …/structure` and `PATCH /api/admin/processes/:slug` take `?revision=` as `GET
 * /api/admin/processes/:slug` gave it: when the process was saved since (on the other page or by
 * another admin), the save is refused with `409 process_changed` and nothing changes. Without it
 * (scripts) the save is not checked.
 */
export const processRevisionQuerySchema = z.object({ revision: z.string().min(1).max(64).optional() });

export const processStatusRequestSchema = z.strictObject({ status: processStatusSchema });

/** What the admin area lists and edits: the structure with the process's slug, status and counts. */
/** `GET /api/admin/processes?awaitingReview=true`: with each process's moderation queue counted. */
export const adminProcessListQuerySchema = z.strictObject({
  awaitingReview: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
});

export const adminProcessSchema = z.object({
  id: z.string(),
  slug: z.string(),
  status: processStatusSchema,
  createdAt: z.string(),
  /** A fingerprint of the structure as stored: the pages that change it send it back (`?revision=`), and a save from an older one is refused. */
  revision: z.string(),
  structure: processStructureSchema,
  responses: z.number().int(),
  contributions: z.number().int(),
  /**
   * Contributions waiting in the moderation queue (its state `needs_review`, „Zu prüfen“): untagged,
   * only suggested, or flagged. Only in the list, and there only when asked (`?awaitingReview=true`).
   */
  awaitingReview: z.number().int().optional(),
  /** Keys of fields of action that contributions, the survey, measures or guiding goals refer to: they stay fixed. */
  fieldKeysInUse: z.array(z.string()),
  /**
   * Keys of Stadtteile that responses, contributions, market days, measures or posters refer to: they
   * cannot be removed (renaming keeps the key). Only on the one process's read, not in the list.
   */
  stadtteilKeysInUse: z.array(z.string()).optional(),
});
export type AdminProcess = z.infer<typeof adminProcessSchema>;
export const adminProcessListSchema = z.array(adminProcessSchema);

/** A CSV of Stadtteile (number, name, district) turned into districts, or refused with line numbers. */
/** `POST /api/admin/stadtteile-csv` takes the file as it is, `text/csv` (or `text/plain`). */
export const stadtteileCsvBodySchema = z.string();

export const stadtteileCsvResultSchema = z.object({ districts: z.array(districtInputSchema) });

/** What deleting a process removes, counted before the admin confirms (`GET /api/admin/processes/:slug/deletion`). */
export const processDeletionCountsSchema = z.object({
  responses: z.number().int(),
  /** Voices: free-text answers of the survey and notes of the stall and of paper. */
  contributions: z.number().int(),
  dotVotes: z.number().int(),
  marketDays: z.number().int(),
  posters: z.number().int(),
  measures: z.number().int(),
  guidingGoals: z.number().int(),
  /** Released results (snapshots), withdrawn ones included. */
  snapshots: z.number().int(),
  surveyVersions: z.number().int(),
});
export type ProcessDeletionCounts = z.infer<typeof processDeletionCountsSchema>;

/**
 * Why deleting is refused now: `process_public` for a public process residents have taken part in
 * (responses, voices or dot votes); archiving it first takes it off the start page and closes its survey.
 */
export const processDeletionRefusalSchema = z.enum(['process_public']);

export const processDeletionPreviewSchema = z.object({
  slug: z.string(),
  /** The German title: typing it (or the slug) confirms the deletion. */
  title: z.string(),
  status: processStatusSchema,
  counts: processDeletionCountsSchema,
  /** Working groups' accounts scoped to the process: each loses it; `onlyThis` ones keep no process at all. */
  workingGroups: z.array(z.object({ username: z.string(), displayName: z.string().nullable(), onlyThis: z.boolean() })),
  refusal: processDeletionRefusalSchema.nullable(),
});
export type ProcessDeletionPreview = z.infer<typeof processDeletionPreviewSchema>;

/** The admin types the process's slug or its German title, as on GitHub's repository deletion. */
export const deleteProcessRequestSchema = z.strictObject({ confirmation: z.string().max(1000) });

/**
 * A title as a keyboard types it: case, spaces at the ends and between words, and the kind of
 * dash aside (a title written with „–“ is typed with „-“ on most keyboards).
 */
const asTyped = (text: string) =>
  text
    .normalize('NFC')
    .replace(/[\u2010-\u2015\u2212]/gu, '-')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLocaleLowerCase('de');

/** Whether what the admin typed names the process: its slug or its German title, typed as a keyboard types it. Server and form share it. */
export function confirmsDeletion(typed: string, process: { slug: string; title: string }): boolean {
  const given = asTyped(typed);
  return given !== '' && (given === process.slug || given === asTyped(process.title));
}
