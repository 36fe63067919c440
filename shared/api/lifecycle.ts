import { z } from 'zod';
import { channelSchema, noteKindSchema } from '../domain.schema.ts';

/** Contributions of one channel and kind whose personal parts the retention deletion removes. */
export const retentionCountSchema = z.object({
  channel: channelSchema,
  kind: noteKindSchema.nullable(),
  /** Unmasked originals that differ from their masked text and will be overwritten by it. */
  originals: z.number().int(),
  /** Lists of words a moderator masked by hand, which are as personal as the original. */
  maskedNameLists: z.number().int(),
  /** Contributions touched: each counted once even when it has both. */
  contributions: z.number().int(),
});

/** The dry run: what deleting now would remove, and whether the retention date has passed. */
export const retentionPreviewSchema = z.object({
  retentionUntil: z.string().nullable(),
  today: z.string(),
  /** True once the retention date has passed: the server then deletes on its own, hourly. */
  due: z.boolean(),
  counts: z.array(retentionCountSchema),
  total: z.number().int(),
});
export type RetentionPreview = z.infer<typeof retentionPreviewSchema>;

/**
 * Deleting now names the total the admin saw in the dry run; when contributions arrived or changed
 * in between, the server refuses (409) and the admin looks at the new figures first.
 */
export const retentionRunRequestSchema = z.strictObject({ expectedTotal: z.number().int().min(0) });
export const retentionRunResultSchema = z.object({ purged: z.number().int() });

/** One entry of the append-only audit log as admins read it. */
export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  /** The account's name, or null for the server itself (retention) and the command line. */
  username: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  /**
   * What the entry is about, named as it is now (an account by its name, a process, measure or
   * released results by their German title, a contribution by its cite id, a tablet by its name);
   * `deleted` when it is gone (then the name it had, where the entry kept it). `process` is the
   * title of the process a contribution, measure, Leitziel or release belongs to. `questions`:
   * for released results, each question's German title by its key as the release froze it (the
   * questionnaire may have changed since). Null for entries about nothing in particular (a tablet
   * sync).
   */
  subject: z
    .object({ name: z.string().nullable(), deleted: z.boolean(), process: z.string().nullable(), questions: z.record(z.string(), z.string()).optional() })
    .nullable(),
  details: z.unknown(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** Filters of the audit log: who, what, when; paged backwards by id. */
export const auditQuerySchema = z.strictObject({
  username: z.string().trim().min(1).max(64).optional(),
  action: z.string().trim().min(1).max(64).optional(),
  entity: z.string().trim().min(1).max(64).optional(),
  entityId: z.string().trim().min(1).max(200).optional(),
  /**
   * A process by its slug: only entries about it or about something in it (its settings, survey,
   * exports, contributions, measures, Leitziele, market days, released results) and accounts
   * created or changed with it among their processes. Entries about nothing in a process (sign-ins,
   * tablets, legal details, other accounts) show only without this filter. An unknown slug is a 400.
   */
  process: z.string().trim().min(1).max(64).optional(),
  /** First and last day (UTC), both included. */
  from: day.optional(),
  to: day.optional(),
  /** Only entries older than this id: the `nextBefore` of the previous page. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
  /** Every action and entity the log holds, for the filter pickers. */
  actions: z.array(z.string()),
  entities: z.array(z.string()),
  /** Processes deleted for good, newest deletion first, as their deletion's entry kept them: their entries stay filterable. */
  deletedProcesses: z.array(z.object({ slug: z.string(), title: z.string().nullable() })),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
