/**
 * Crash cycles against the real server: `npm start`'s script as a child process on a SQLite
 * file, two survey clients and two stall-sync clients writing all the time, SIGKILL at a random
 * moment, start again, and so on. Afterwards the file must hold every write that was answered
 * 2xx, no response or note in part, and pass `integrity_check`. Used by
 * tests/api/durability.test.ts (CI) and scripts/bench/durability.ts (the long form).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess, seedDefaultSurvey } from '../../db/seed/index.ts';
import { createUser } from '../../server/features/auth/auth.service.ts';
import { buildSubmission } from '../factories/survey.ts';
import { startServer, stopServer } from './server-process.ts';

const STAFF = { username: 'crash-staff', password: 'a passphrase for the crash test' };
const NOTES_PER_BATCH = 20;
/** Answer rows and free texts of one default-survey response from the factory (tests/factories/survey.ts). */
const ANSWERS_PER_RESPONSE = 8;
const TEXTS_PER_RESPONSE = 3;

export interface CrashReport {
  cycles: number;
  /** Writes answered 2xx: survey responses and stall notes. */
  ackedResponses: number;
  ackedNotes: number;
  /** Of those, how many the file does not hold (must be 0). */
  lostResponses: number;
  lostNotes: number;
  /** Responses without all their answers and texts, notes without their tag (must be 0). */
  partial: number;
  integrity: string;
  /** Requests that got no answer because the server died under them. */
  cutOff: number;
  seconds: number;
}

const randomBetween = (min: number, max: number) => min + Math.random() * (max - min);

export async function crashCycles(options: { dir: string; cycles: number; log?: (line: string) => void }): Promise<CrashReport> {
  const started = performance.now();
  const databasePath = join(options.dir, 'crash.sqlite');
  const db = openDatabase(databasePath);
  seedDefaultProcess(db);
  seedDefaultSurvey(db);
  await createUser(db, { ...STAFF, role: 'staff' }, null);
  closeDatabase(db);

  const ackedResponses = new Set<string>();
  const ackedNotes = new Map<string, string>();
  let cutOff = 0;
  let cookie: string | null = null;
  let csrfToken = '';
  const marketDay = { type: 'marketDay', id: randomUUID(), processSlug: DEFAULT_PROCESS_SLUG, date: '2026-05-09', place: 'Wochenmarkt Bensberg', stadtteil: 'bensberg', staff: ['Test'] };

  for (let cycle = 0; cycle < options.cycles; cycle += 1) {
    const server = await startServer(databasePath);
    if (!cookie) {
      // The session lives in the database, so one sign-in serves every later run of the server.
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(STAFF) });
      if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
      cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
      csrfToken = ((await login.json()) as { csrfToken: string }).csrfToken;
    }
    let running = true;
    // The kill falls at a random moment after both kinds of write are flowing (the survey's write
    // worker starts with the server's first response), so every cycle cuts writes in flight.
    let surveyAcked = false;
    let syncAcked = false;
    let markFlowing = () => {};
    const flowing = new Promise<void>((resolveFlowing) => (markFlowing = () => surveyAcked && syncAcked && resolveFlowing()));
    const send = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      try {
        const response = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as unknown };
      } catch {
        // The server died with the request in flight: it was never acknowledged.
        cutOff += 1;
        return null;
      }
    };
    const surveyClient = async () => {
      while (running) {
        const submission = buildSubmission();
        const answer = await send(`/api/processes/${DEFAULT_PROCESS_SLUG}/responses`, submission);
        if (answer === null) return;
        if (answer.status !== 201) throw new Error(`survey: ${answer.status} ${JSON.stringify(answer.body)}`);
        ackedResponses.add(submission.id);
        surveyAcked = true;
        markFlowing();
      }
    };
    const syncClient = async () => {
      while (running) {
        const notes = Array.from({ length: NOTES_PER_BATCH }, () => {
          const id = randomUUID();
          return { type: 'note', id, processSlug: DEFAULT_PROCESS_SLUG, marketDayId: marketDay.id, channel: 'stall', text: `Notiz ${id}: mehr Sprachkurse am Abend.`, kind: 'idea', fieldsOfAction: ['arbeit'], stadtteil: 'bensberg', capturedAt: '2026-05-09T10:00:00.000Z' };
        });
        const answer = await send('/api/stall/sync', { items: [marketDay, ...notes] }, { cookie: cookie!, 'x-csrf-token': csrfToken });
        if (answer === null) return;
        if (answer.status !== 200) throw new Error(`sync: ${answer.status} ${JSON.stringify(answer.body)}`);
        const results = (answer.body as { results: Array<{ id: string; status: string }> }).results;
        for (const result of results.slice(1)) {
          if (result.status !== 'stored' && result.status !== 'duplicate') throw new Error(`sync item: ${JSON.stringify(result)}`);
          ackedNotes.set(result.id, notes.find((note) => note.id === result.id)!.text);
        }
        syncAcked = true;
        markFlowing();
      }
    };
    const clients = Promise.all([surveyClient(), surveyClient(), syncClient(), syncClient()]);
    await Promise.race([flowing, clients]);
    // A deliberate random moment, not a wait for a condition: where the kill falls is what the test varies.
    await new Promise((resolveTimer) => setTimeout(resolveTimer, randomBetween(100, 600)));
    await stopServer(server);
    running = false;
    await clients;
    options.log?.(`cycle ${cycle + 1}/${options.cycles}: ${ackedResponses.size} responses and ${ackedNotes.size} notes acknowledged so far, ${cutOff} requests cut off`);
  }

  // Open the file as the next start would (recovering from the WAL) and check it.
  const sqlite = new Database(databasePath);
  try {
    const integrity = sqlite.prepare('PRAGMA integrity_check').pluck().all().join('; ');
    const hasResponse = sqlite.prepare('SELECT count(*) FROM responses WHERE client_id = ?').pluck();
    const noteText = sqlite.prepare('SELECT text FROM contributions WHERE id = ?').pluck();
    const lostResponses = [...ackedResponses].filter((id) => hasResponse.get(id) !== 1).length;
    const lostNotes = [...ackedNotes].filter(([id, text]) => noteText.get(id) !== text).length;
    const partial = sqlite
      .prepare(
        `SELECT (SELECT count(*) FROM responses r WHERE (SELECT count(*) FROM answers a WHERE a.response_id = r.id) <> ${ANSWERS_PER_RESPONSE}
                   OR (SELECT count(*) FROM contributions c WHERE c.response_id = r.id) <> ${TEXTS_PER_RESPONSE})
              + (SELECT count(*) FROM contributions c WHERE c.channel = 'stall' AND NOT EXISTS (SELECT 1 FROM contribution_tags t WHERE t.contribution_id = c.id))`,
      )
      .pluck()
      .get() as number;
    return {
      cycles: options.cycles,
      ackedResponses: ackedResponses.size,
      ackedNotes: ackedNotes.size,
      lostResponses,
      lostNotes,
      partial,
      integrity,
      cutOff,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    sqlite.close();
  }
}
