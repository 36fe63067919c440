/**
 * The ceilings the benchmarks print beside Mitreden's figures: a bare Fastify route that stores
 * what Mitreden stores, as plain better-sqlite3 inserts in a file with WAL. No validation, no
 * proof of work, no masking, no suggester, no ORM. Three ways to commit:
 *
 * - `full`: synchronous=FULL, one commit (one fsync) per request, what Mitreden did before
 *   group commit;
 * - `normal`: synchronous=NORMAL, one commit per request; WAL then fsyncs only at checkpoints,
 *   so an acknowledged write can be lost in a power cut: faster than Mitreden may ever be;
 * - `full-group`: synchronous=FULL, the writes of all requests that arrive within 2 ms in one
 *   transaction, each answered after that commit: the ceiling of Mitreden's own way.
 */
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { contentHash } from '../../server/hash.ts';
import { localDay } from '../../server/time.ts';

export type CommitMode = 'full' | 'normal' | 'full-group';

export const COMMIT_MODES: Record<CommitMode, string> = {
  full: 'synchronous=FULL, a commit per request',
  normal: 'synchronous=NORMAL, a commit per request',
  'full-group': 'synchronous=FULL, 2 ms group commit',
};

const GROUP_WINDOW_MS = 2;

export interface Bare {
  app: FastifyInstance;
  close: () => Promise<void>;
}

/** Runs `write` for each request: at once (`full`, `normal`) or with the others of the next 2 ms in one transaction. */
function committer(sqlite: Database.Database, mode: CommitMode) {
  if (mode !== 'full-group') return (write: () => void) => Promise.resolve(write());
  let queue: Array<{ write: () => void; done: () => void }> = [];
  const commit = sqlite.transaction((batch: typeof queue) => batch.forEach((item) => item.write()));
  return (write: () => void) =>
    new Promise<void>((done) => {
      if (queue.length === 0) {
        setTimeout(() => {
          const batch = queue;
          queue = [];
          commit.immediate(batch);
          batch.forEach((item) => item.done());
        }, GROUP_WINDOW_MS);
      }
      queue.push({ write, done });
    });
}

function open(path: string, mode: CommitMode): Database.Database {
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(mode === 'normal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
  return sqlite;
}

/** A survey response as one row: the columns of `responses` (same index) plus the answers as one JSON text. */
export async function bareSurveyApp(path: string, mode: CommitMode, row: { processId: string; surveyId: number }): Promise<Bare> {
  const sqlite = open(path, mode);
  sqlite.exec(`CREATE TABLE responses (
    id text PRIMARY KEY NOT NULL, process_id text NOT NULL, survey_id integer NOT NULL, survey_version integer NOT NULL,
    channel text NOT NULL, language text NOT NULL, stadtteil_key text, market_day_id text, submitted_on text NOT NULL,
    content_hash text NOT NULL, flags text DEFAULT '[]' NOT NULL, answers text NOT NULL)`);
  sqlite.exec('CREATE INDEX responses_process ON responses (process_id, channel)');
  const insert = sqlite.prepare(
    `INSERT INTO responses (id, process_id, survey_id, survey_version, channel, language, stadtteil_key, submitted_on, content_hash, answers)
     VALUES (?, ?, ?, ?, 'online', ?, ?, ?, ?, ?)`,
  );
  const commit = committer(sqlite, mode);
  const app = Fastify({ logger: false });
  app.post('/responses', async (request, reply) => {
    const body = request.body as { id: string; surveyVersion: number; language: string; answers: Record<string, unknown> };
    const district = typeof body.answers.district === 'string' ? body.answers.district : null;
    await commit(() =>
      insert.run(body.id, row.processId, row.surveyId, body.surveyVersion, body.language, district, localDay(), contentHash(body.answers), JSON.stringify(body.answers)),
    );
    return reply.code(201).send({ id: body.id });
  });
  return { app, close: closeBoth(app, sqlite) };
}

/** A batch of stall notes: one row per note (the columns a note fills in `contributions`), the batch in one transaction. */
export async function bareNotesApp(path: string, mode: CommitMode): Promise<Bare> {
  const sqlite = open(path, mode);
  sqlite.exec(`CREATE TABLE notes (
    id text PRIMARY KEY NOT NULL, process_slug text NOT NULL, market_day_id text, channel text NOT NULL, kind text,
    text text NOT NULL, stadtteil_key text, captured_on text NOT NULL, content_hash text NOT NULL, fields text NOT NULL)`);
  sqlite.exec('CREATE INDEX notes_market_day ON notes (market_day_id)');
  const insert = sqlite.prepare(
    'INSERT INTO notes (id, process_slug, market_day_id, channel, kind, text, stadtteil_key, captured_on, content_hash, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  type Note = { id: string; type: string; processSlug: string; marketDayId?: string; channel?: string; kind?: string; text?: string; stadtteil?: string | null; capturedAt?: string; fieldsOfAction?: string[] };
  const store = sqlite.transaction((items: Note[]) => {
    for (const note of items) {
      if (note.type !== 'note') continue;
      insert.run(note.id, note.processSlug, note.marketDayId ?? null, note.channel ?? 'stall', note.kind ?? null, note.text ?? '', note.stadtteil ?? null, localDay(new Date(note.capturedAt ?? Date.now())), contentHash(note), JSON.stringify(note.fieldsOfAction ?? []));
    }
  });
  const commit = committer(sqlite, mode);
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
  app.post('/sync', async (request) => {
    const { items } = request.body as { items: Note[] };
    await commit(() => store(items));
    return { results: items.map((item) => ({ id: item.id, status: 'stored' })) };
  });
  return { app, close: closeBoth(app, sqlite) };
}

function closeBoth(app: FastifyInstance, sqlite: Database.Database) {
  return async () => {
    await app.close();
    sqlite.close();
  };
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('not listening');
  return `http://127.0.0.1:${address.port}`;
}
