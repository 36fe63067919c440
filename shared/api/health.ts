import { z } from 'zod';

/** `GET /api/health` while the database answers and passes its checks (else 503 in the error shape). */
export const healthSchema = /* @__PURE__ */ z.object({ status: z.literal('ok') });
