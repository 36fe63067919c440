import { z } from 'zod';
import { MAX_DEVICE_NAME_LENGTH, MAX_PASSWORD_LENGTH, MAX_SHORT_TEXT_LENGTH, MIN_PASSWORD_LENGTH } from '../domain.ts';
import { keySchema, roleSchema } from '../domain.schema.ts';
import { normalizeLine } from '../text/normalize.ts';

export const usernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, underscore and hyphen');

export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);

export const loginRequestSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  /** Optional name of this device, shown to admins in the list of signed-in devices; blank means none. */
  deviceName: z.string().trim().max(MAX_DEVICE_NAME_LENGTH).optional(),
});

export const meSchema = z.object({
  username: z.string(),
  displayName: z.string().nullable(),
  role: roleSchema,
  fieldsOfAction: z.array(z.string()).optional(),
  /** A working group's processes (slugs). */
  processes: z.array(z.string()).optional(),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meSchema>;

export const createUserRequestSchema = z.strictObject({
  username: usernameSchema,
  displayName: z.string().overwrite(normalizeLine).max(MAX_SHORT_TEXT_LENGTH).optional(),
  password: passwordSchema,
  role: roleSchema,
  fieldsOfAction: z.array(keySchema).max(50).optional(),
  /** A working group's processes by slug: it reads only these (none given, none). */
  processes: z.array(keySchema).max(200).optional(),
});

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string().nullable(),
  role: roleSchema,
  fieldsOfAction: z.array(z.string()),
  processes: z.array(z.string()),
  disabled: z.boolean(),
  createdAt: z.string(),
  activeSessions: z.number().int(),
});
export type User = z.infer<typeof userSchema>;

export const sessionInfoSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  deviceName: z.string().nullable(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

/** A field of action an account can be given: the keys of every process, each once. */
export const fieldOptionSchema = z.object({
  key: z.string(),
  label: z.string(),
  parentKey: z.string().nullable(),
  /** The processes (by slug) that have a field of this key: a working group gets only fields of its own processes. */
  processes: z.array(z.string()),
});
export type FieldOption = z.infer<typeof fieldOptionSchema>;

export const userListSchema = z.array(userSchema);
export const fieldOptionListSchema = z.array(fieldOptionSchema);
export const sessionInfoListSchema = z.array(sessionInfoSchema);
export const userParamsSchema = z.strictObject({ id: z.coerce.number().int().positive() });
/**
 * What an admin may change on an account, any subset: enabled or not, the name shown, the role and,
 * for a working group, its fields of action and its processes. A role other than `working_group`
 * clears both.
 */
export const updateUserRequestSchema = z
  .strictObject({
    disabled: z.boolean().optional(),
    displayName: z.string().overwrite(normalizeLine).max(MAX_SHORT_TEXT_LENGTH).nullable().optional(),
    role: roleSchema.optional(),
    fieldsOfAction: z.array(keySchema).max(50).optional(),
    processes: z.array(keySchema).max(200).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Name at least one thing to change' });
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

/** A new password an admin sets for someone who forgot theirs; every device of theirs is signed out. */
export const resetPasswordRequestSchema = z.strictObject({ password: passwordSchema });
/** A signed-in device, by the public id admins see in the list (never the session token). */
export const sessionParamsSchema = z.strictObject({ id: z.string().min(10).max(100) });
