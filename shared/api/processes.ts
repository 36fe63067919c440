import { z } from 'zod';
import { DEFAULT_SUPPRESSION_THRESHOLD, MAX_SUPPRESSION_THRESHOLD } from '../domain.ts';
import { keySchema } from '../domain.schema.ts';
import { languageSchema, localizedTextSchema } from '../languages.schema.ts';

export const slugParamsSchema = z.strictObject({ slug: keySchema });

export const phaseSchema = z.object({
  nr: z.number().int(),
  title: localizedTextSchema,
  description: localizedTextSchema.nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  status: z.enum(['done', 'current', 'upcoming']),
});

export interface FieldOfActionNode {
  key: string;
  label: z.infer<typeof localizedTextSchema>;
  /** What the field covers, as the admin described it; absent when nobody did. The stall's suggester reads it. */
  description?: z.infer<typeof localizedTextSchema>;
  children?: FieldOfActionNode[];
}
export const fieldOfActionSchema: z.ZodType<FieldOfActionNode> = z.lazy(() =>
  z.object({
    key: z.string(),
    label: localizedTextSchema,
    description: localizedTextSchema.optional(),
    children: z.array(fieldOfActionSchema).optional(),
  }),
);

export const stadtteilSchema = z.object({
  key: z.string(),
  nr: z.string(),
  name: z.string(),
  nameVariants: z.array(z.string()),
  population: z.number().int().nullable(),
  populationStatus: z.enum(['unverified', 'official']).nullable(),
  populationSource: z.string().nullable(),
  populationDate: z.string().nullable(),
});

export const districtSchema = z.object({
  key: z.string(),
  nr: z.number().int(),
  name: z.string(),
  stadtteile: z.array(stadtteilSchema),
});

export const processSummarySchema = z.object({
  slug: z.string(),
  title: localizedTextSchema,
  /** The city's name per language (`{ de: 'Bergisch Gladbach', ar: 'بيرغيش غلادباخ', … }`); a language without one reads German. */
  city: localizedTextSchema,
  currentPhase: z.number().int(),
  opensOn: z.string().nullable(),
  closesOn: z.string().nullable(),
  surveyOpen: z.boolean(),
  /** The day the originals of the process's contributions are replaced by their masked text (the Datenschutz page names it); null when none is set. */
  retentionUntil: z.string().nullable(),
  /** Archived processes stay readable (results, what became of the voices) but are off the start page. */
  status: z.enum(['public', 'archived']),
});

export const processDetailSchema = processSummarySchema.extend({
  description: localizedTextSchema,
  phases: z.array(phaseSchema),
  languages: z.array(languageSchema),
  fieldsOfAction: z.array(fieldOfActionSchema),
  districts: z.array(districtSchema),
  suppressionThreshold: z.number().int(),
});

export type Phase = z.infer<typeof phaseSchema>;
export type ProcessSummary = z.infer<typeof processSummarySchema>;
export type ProcessDetail = z.infer<typeof processDetailSchema>;
export type District = z.infer<typeof districtSchema>;
export type Stadtteil = z.infer<typeof stadtteilSchema>;

/** What an admin may change about a running process. The threshold never goes below the house minimum, `DEFAULT_SUPPRESSION_THRESHOLD`. */
export const processSettingsSchema = z
  .strictObject({
    currentPhase: z.number().int().min(1).max(20).optional(),
    opensOn: z.iso.date().nullable().optional(),
    closesOn: z.iso.date().nullable().optional(),
    suppressionThreshold: z.number().int().min(DEFAULT_SUPPRESSION_THRESHOLD).max(MAX_SUPPRESSION_THRESHOLD).optional(),
    retentionUntil: z.iso.date().nullable().optional(),
  })
  .refine((value) => !value.opensOn || !value.closesOn || value.opensOn <= value.closesOn, { message: 'opensOn must not be after closesOn', path: ['closesOn'] });
export type ProcessSettings = z.infer<typeof processSettingsSchema>;

export const processSummaryListSchema = z.array(processSummarySchema);
