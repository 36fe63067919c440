import { z } from 'zod';
import { MAX_SHORT_TEXT_LENGTH } from '../domain.ts';
import { isoDateSchema } from '../domain.schema.ts';
import { normalizeFreeText, normalizeLine } from '../text/normalize.ts';

/**
 * Contracts of the instance's legal details (rechtliche Angaben): what the Impressum (§ 5 DDG),
 * the Datenschutzerklärung (Art. 13 DSGVO) and the Erklärung zur Barrierefreiheit (BITV 2.0 § 7)
 * show, as admins entered them at /admin/rechtliches. An empty text is "not entered yet": the
 * public pages say so instead of showing an invented value.
 */

/** A postal address, a contact block or an authority with its address: a few lines. */
export const MAX_LEGAL_BLOCK_LENGTH = 1000;
/** The known limitations of the accessibility statement: a few paragraphs. */
export const MAX_KNOWN_LIMITATIONS_LENGTH = 4000;
export const MAX_PHONE_LENGTH = 60;

const line = (max: number) => z.string().overwrite(normalizeLine).max(max);
const block = (max: number) => z.string().overwrite(normalizeFreeText).max(max);

const legalFields = {
  /** Anbieter: the body that runs the instance, e.g. „Stadt Musterstadt“. */
  operatorName: line(MAX_SHORT_TEXT_LENGTH),
  /** Its postal address, one line per line of the envelope. */
  operatorAddress: block(MAX_LEGAL_BLOCK_LENGTH),
  /** Vertreten durch: who represents the body (the mayor). */
  representedBy: line(MAX_SHORT_TEXT_LENGTH),
  /** An address for quick electronic contact; empty or an e-mail address. */
  email: line(MAX_SHORT_TEXT_LENGTH).pipe(z.union([z.literal(''), z.email()])),
  phone: line(MAX_PHONE_LENGTH),
  /** Datenschutzbeauftragte(r): name or office and how to reach them. */
  dataProtectionOfficer: block(MAX_LEGAL_BLOCK_LENGTH),
  /** Aufsichtsbehörde: the data protection authority residents may complain to (Art. 77 DSGVO). */
  supervisoryAuthority: block(MAX_LEGAL_BLOCK_LENGTH),
  /** Rechtsgrundlage for staff accounts: on which basis (Art. 6 DSGVO and the law behind it) the platform processes the data of the city's staff who sign in. */
  staffLegalBasis: block(MAX_LEGAL_BLOCK_LENGTH),
  /** Where residents report barriers (Feedback-Kontakt). */
  accessibilityContact: block(MAX_LEGAL_BLOCK_LENGTH),
  /** Durchsetzungsverfahren: the Schlichtungsstelle / enforcement body with its address. */
  enforcementBody: block(MAX_LEGAL_BLOCK_LENGTH),
  /** The day the accessibility statement was made or last reviewed; null until entered. */
  accessibilityStatementOn: isoDateSchema.nullable(),
  /** What is not accessible and why, in German. */
  knownLimitations: block(MAX_KNOWN_LIMITATIONS_LENGTH),
};

export type LegalField = keyof typeof legalFields;

/** The fields the Impressum cannot do without (§ 5 DDG for a body of public law): name, address, representative, e-mail. */
export const IMPRESSUM_REQUIRED = ['operatorName', 'operatorAddress', 'representedBy', 'email'] as const satisfies readonly LegalField[];

/** Every field of the legal details in the order the admin page and the audit log name them. */
export const LEGAL_FIELDS = Object.keys(legalFields) as LegalField[];

/** A save: every field, and the version the edit started from (0 while nothing was saved yet); an older one is a 409 `legal_conflict`. */
export const legalSettingsRequestSchema = /* @__PURE__ */ z.strictObject({
  ...legalFields,
  version: z.number().int().min(0),
});
export type LegalSettingsRequest = z.infer<typeof legalSettingsRequestSchema>;

/** The legal details as the public pages and the admin page read them. */
export const legalSettingsSchema = /* @__PURE__ */ z.object({
  operatorName: z.string(),
  operatorAddress: z.string(),
  representedBy: z.string(),
  email: z.string(),
  phone: z.string(),
  dataProtectionOfficer: z.string(),
  supervisoryAuthority: z.string(),
  staffLegalBasis: z.string(),
  accessibilityContact: z.string(),
  enforcementBody: z.string(),
  accessibilityStatementOn: z.string().nullable(),
  knownLimitations: z.string(),
  /** 0 while nothing was saved yet. */
  version: z.number().int(),
  /** When they were last saved (ISO timestamp), null before the first save. */
  updatedAt: z.string().nullable(),
  /** Whether every field the Impressum needs (`IMPRESSUM_REQUIRED`) is filled. */
  impressumComplete: z.boolean(),
});
export type LegalSettings = z.infer<typeof legalSettingsSchema>;
