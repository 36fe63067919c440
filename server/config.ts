import { z } from 'zod';

/** Configuration comes from the environment only, parsed once here (no behaviour hangs on NODE_ENV). */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/mitreden.sqlite'),
  /** Set when a TLS reverse proxy sits in front: cookies become Secure and the proxy's client address is trusted. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  /** Force the Secure cookie flag even without a proxy (direct https). */
  COOKIE_SECURE: z
    .enum(['auto', 'true', 'false'])
    .default('auto'),
  /** `npm start` builds (when needed) and serves the client; false serves the API alone. */
  SERVE_CLIENT: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((value) => value === 'true' || value === '1'),
  /**
   * The first `npm start` on a database seeds the default process (Integrationskonzept Bergisch
   * Gladbach); false starts a new city's database without it. Decided once per database and kept
   * there (`settings`): a later start never seeds it, whatever this says (db/seed/index.ts).
   */
  SEED_DEFAULT_PROCESS: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((value) => value === 'true' || value === '1'),
  /**
   * The address residents and tablets reach this server at (`https://mitreden.example.de`), printed in
   * the QR codes of the paper questionnaire and the posters. Without it, the address the request
   * came in at (behind a proxy, with `TRUST_PROXY`, the one the proxy names).
   */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Minutes between quick checks of the database while the server runs (0: only at start and when a query meets damage). */
  DATABASE_CHECK_MINUTES: z.coerce.number().min(0).default(60),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  /**
   * API requests per minute for each signed-in session, or for each address without one (IPv6 per
   * /64), counted in memory only. An address may be a whole school behind one NAT: a class of 30
   * loading and sending the survey makes about 100 requests.
   */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /**
   * Survey submissions per minute and address (a shared school or café network counts as one), in
   * memory only. 120 lets four classes send at once; bots are met by the proof of work and the other checks.
   */
  RESPONSES_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /**
   * Receipt lookups (`GET /api/receipts/:code`) per hour and address (IPv6 per /64), signed in or
   * not, in memory only. A class of 30 behind one school network each looks theirs up twice; a
   * guesser gets 1,440 tries a day, against 59 bits of code (ARCHITECTURE.md, "Receipts").
   */
  RECEIPT_LOOKUPS_PER_HOUR: z.coerce.number().int().min(1).default(60),
  /**
   * Survey submissions commit together: what arrives while the writer commits shares its next
   * transaction and fsync, and each answers after its commit (db/group-commit.ts). When the
   * writer is idle, the first waits this long for others; 0 (the default) sends it at once, since
   * under load the writer is never idle and a wait there only left it idle (BENCHMARKS.md).
   */
  GROUP_COMMIT_MS: z.coerce.number().int().min(0).max(50).default(0),
  /** 1: survey submissions are stored by a worker thread of their own; 0: on the event loop (a `:memory:` database always is). */
  SURVEY_WRITE_WORKER: z.coerce.number().int().min(0).max(1).default(1),
  /**
   * Threads that run the heavy reads (results, exports) off the event loop, each with its own
   * read-only connection (server/read-worker). 0 runs them on the event loop (not for production).
   */
  READ_WORKERS: z.coerce.number().int().min(0).max(8).default(2),
});

export type Config = z.infer<typeof configSchema>;

/** Settings that do not parse: the message names each variable, the value given and what was wrong, one per line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration (environment variables, see README.md "Configuration"):\n${lines.join('\n')}`);
  }
  return parsed.data;
}
