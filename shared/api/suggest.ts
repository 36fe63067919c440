import { z } from 'zod';
import { keySchema } from '../domain.schema.ts';
import { suggestRequestSchema } from '../suggest/schema.ts';

/** `POST /api/suggest`: the text, its language if known, and the process whose fields to suggest (the default one without). */
export const suggestRouteRequestSchema = /* @__PURE__ */ z.strictObject({ ...suggestRequestSchema.shape, processSlug: keySchema.optional() });
