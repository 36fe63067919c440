import { z } from 'zod';
import { uuidSchema } from '../domain.schema.ts';
import { languageSchema } from '../languages.schema.ts';
import { POSTER_ID_PATTERN } from '../poster-address.ts';
import { MAX_ALTCHA_LENGTH, MAX_HONEYPOT_LENGTH } from './answers.ts';

// The zod schema of a survey response as sent, apart from the answer rules in answers.ts, which
// the resident's survey pages run and which must not bring zod with them. Imported by the route
// map (server) and the stall's paper entry contract; `validateAnswers` checks the answers inside.

/**
 * Body of `POST /api/processes/:slug/responses`. Answers are only checked for being an
 * object here; `validateAnswers` checks them against the survey version so that its
 * errors can name question keys.
 */
export const responseSubmissionSchema = /* @__PURE__ */ z.strictObject({
  /** Made by the client, so a resend after a lost connection is recognised as the same response. */
  id: uuidSchema,
  surveyVersion: /* @__PURE__ */ z.int().min(1),
  language: languageSchema,
  answers: /* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), /* @__PURE__ */ z.unknown()),
  /** Milliseconds between opening the survey and sending, as the client measured them; very fast is suspicious. */
  elapsedMs: /* @__PURE__ */ z.int().min(0),
  /** Honeypot: a field residents never see. Clean when empty. */
  website: /* @__PURE__ */ z.string().max(MAX_HONEYPOT_LENGTH).default(''),
  /** ALTCHA proof-of-work payload, when the server asked for one. */
  altcha: /* @__PURE__ */ z.string().min(1).max(MAX_ALTCHA_LENGTH).optional(),
  /** The QR poster the survey was opened from (`?plakat=`); counted per poster, never tied to a person. */
  poster: /* @__PURE__ */ z.string().regex(POSTER_ID_PATTERN).optional(),
});
export type ResponseSubmission = z.infer<typeof responseSubmissionSchema>;
export type ResponseSubmissionInput = z.input<typeof responseSubmissionSchema>;
