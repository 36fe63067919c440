/**
 * A large participation for the scale benchmarks: by default 1,000,000 contributions and 200,000
 * survey responses with their answers to every question of the default survey, spread over the
 * Stadtteile, channels, languages and fields of action as a real participation is (some Stadtteile
 * answer far more than others, most responses come online, most notes from market stalls, a few
 * responses flagged, a few notes hidden, a tenth of the notes waiting untagged for moderation).
 *
 * Written straight into the SQLite file, not through the services: the schema and seed come from
 * `openDatabase` + the default seed, then one transaction of prepared INSERTs (synchronous=OFF,
 * a large page cache) fills the rows — about a minute on the 2-core development machine, where the
 * API would need hours. A seeded PRNG makes the same file every time.
 *
 * `bigDatabase()` keeps the file under the system's temp folder, named after the counts, the seed
 * and the generator's version, and reuses it while they are unchanged (benchmarks only read it, apart from
 * an audit row per export). From the command line:
 *
 *     npx tsx scripts/bench/_bigdata.ts [--out FILE] [--contributions 1000000] [--responses 200000] [--seed 11]
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { fromRoot } from '../../db/root.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess, seedDefaultSurvey } from '../../db/seed/index.ts';
import { PLACE_OUTSIDE, type Channel, type NoteKind } from '../../shared/domain.ts';
import type { Language } from '../../shared/languages.ts';
import { allQuestions, type SurveyDefinition, type SurveyQuestion } from '../../shared/survey/definition.ts';
import { LANGUAGE_MIX, prng } from '../_invented.ts';

export interface BigDataOptions {
  contributions: number;
  responses: number;
  seed: number;
}

export const BIG_DATA: BigDataOptions = { contributions: 1_000_000, responses: 200_000, seed: 11 };

/** Bump when the generated rows change meaning, so cached files are made again. */
const GENERATOR_VERSION = 1;
const ROOT = resolve(import.meta.dirname, '..', '..');


/** Picks from `[item, weight]` pairs in O(log n) with a table of cumulative weights. */
function weightedPicker<T>(random: () => number, entries: ReadonlyArray<readonly [T, number]>): () => T {
  const cumulative: number[] = [];
  let sum = 0;
  for (const [, weight] of entries) cumulative.push((sum += weight));
  return () => {
    const roll = random() * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! > roll) high = middle;
      else low = middle + 1;
    }
    return entries[low]![0];
  };
}


/**
 * Where the database file of these options lives; its name changes with the options, the
 * generator and the migrations (the journal's tags): two checkouts with different schemas never
 * open, and migrate, each other's file in the shared temporary directory.
 */
export function bigDatabasePath(options: BigDataOptions = BIG_DATA): string {
  const journal = JSON.parse(readFileSync(fromRoot('db', 'migrations', 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  const migrations = journal.entries.map((entry) => entry.tag);
  const key = createHash('sha256').update(JSON.stringify({ ...options, GENERATOR_VERSION, migrations })).digest('hex').slice(0, 12);
  return join(tmpdir(), `mitreden-bigdata-${options.contributions}-${options.responses}-${key}.sqlite`);
}

/** The path of a filled database of these options, made now if it is not there yet. */
export function bigDatabase(options: BigDataOptions = BIG_DATA, log: (line: string) => void = console.log): string {
  const path = bigDatabasePath(options);
  if (existsSync(path)) return path;
  const partial = `${path}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const started = performance.now();
  log(`generating ${options.contributions.toLocaleString('en-US')} contributions and ${options.responses.toLocaleString('en-US')} responses into ${path} …`);
  fillBigDatabase(partial, options);
  renameSync(partial, path);
  log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return path;
}

/** Counts of what `fillBigDatabase` wrote. */
export interface BigDataFigures {
  processId: string;
  responses: number;
  answers: number;
  contributions: number;
  tags: number;
  marketDays: number;
  dotVotes: number;
}

/** Creates `path` (which must not exist) with the schema, the default process and survey, and the generated rows. */
export function fillBigDatabase(path: string, options: BigDataOptions = BIG_DATA): BigDataFigures {
  if (existsSync(path)) throw new Error(`${path} exists; the generator only fills a new file`);
  const db = openDatabase(path);
  seedDefaultProcess(db);
  seedDefaultSurvey(db);
  closeDatabase(db);

  const sqlite = new Database(path);
  try {
    sqlite.pragma('journal_mode = WAL');
    // A file made for measuring: nothing is lost if the machine stops midway, it is made again.
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -262144');
    sqlite.pragma('foreign_keys = OFF');
    const figures = sqlite.transaction(() => fill(sqlite, options))();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return figures;
  } finally {
    sqlite.close();
  }
}

function fill(sqlite: Database.Database, options: BigDataOptions): BigDataFigures {
  const random = prng(options.seed);
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const uuid = () => {
    const hex = Array.from({ length: 4 }, () => Math.floor(random() * 0x1_0000_0000).toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };

  const { id: processId } = sqlite.prepare('select id from processes where slug = ?').get(DEFAULT_PROCESS_SLUG) as { id: string };
  const survey = sqlite.prepare('select id, version, definition from surveys where process_id = ? order by version desc limit 1').get(processId) as { id: number; version: number; definition: string };
  const definition = JSON.parse(survey.definition) as SurveyDefinition;
  const stadtteile = (sqlite.prepare('select key from stadtteile where process_id = ? order by id').all(processId) as Array<{ key: string }>).map((row) => row.key);
  const fields = sqlite.prepare('select key, parent_key as parentKey from fields_of_action where process_id = ? order by sort_order').all(processId) as Array<{ key: string; parentKey: string | null }>;
  if (stadtteile.length === 0 || fields.length === 0) throw new Error('the default process has no Stadtteile or fields of action');

  // Some Stadtteile answer far more than others, a few voices come from outside or name no place:
  // small cells for the suppression to handle, big ones for the counts.
  const place = weightedPicker<string | null>(random, [...stadtteile.map((key, i) => [key, 1 + ((i * 7) % 11) * ((i * 3) % 5)] as const), [PLACE_OUTSIDE, 4], [null, 12]]);
  const language = weightedPicker(random, LANGUAGE_MIX);
  const responseChannel = weightedPicker<Channel>(random, [
    ['online', 82],
    ['paper', 18],
  ]);
  const noteChannel = weightedPicker<Channel>(random, [
    ['stall', 78],
    ['conference', 14],
    ['workshop', 8],
  ]);
  const kind = weightedPicker(random, [
    ['idea', 5],
    ['concern', 4],
    ['question', 1],
    ['praise', 2],
  ] as const satisfies ReadonlyArray<readonly [NoteKind, number]>);
  const field = weightedPicker(random, fields.map((f, i) => [f.key, f.parentKey ? 2 : 4 + (i % 3)] as const));
  const texts = new Map(
    LANGUAGE_MIX.map(([lang]) => [lang, (JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'suggest', `${lang}.json`), 'utf8')) as Array<{ text: string }>).map((s) => s.text)]),
  );
  // Half a year of participation, more towards its end.
  const FIRST_DAY = Date.UTC(2026, 5, 1);
  const DAYS = 183;
  const day = () => new Date(FIRST_DAY + Math.floor(Math.sqrt(random()) * DAYS) * 86_400_000).toISOString().slice(0, 10);
  const hash = () => uuid().replaceAll('-', '');

  // Market days: two a week, each in a Stadtteil; one in five with its own poster question.
  const insertMarketDay = sqlite.prepare(
    'insert into market_days (id, process_id, date, place, stadtteil_key, staff, board_question, board_options, content_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertDotVote = sqlite.prepare('insert into dot_votes (id, market_day_id, option_key, delta, created_at) values (?, ?, ?, ?, ?)');
  const topFields = fields.filter((f) => f.parentKey === null).map((f) => f.key);
  const POSTER = [
    { key: 'treffpunkte', label: 'Mehr Treffpunkte im Viertel' },
    { key: 'sprachkurse', label: 'Sprachkurse am Abend' },
    { key: 'beratung', label: 'Beratung in meiner Sprache' },
    { key: 'feste', label: 'Stadtteilfeste' },
  ];
  const sessions: Array<{ id: string; stadtteil: string; date: string }> = [];
  let dotVotes = 0;
  for (let i = 0; i < 52; i += 1) {
    const stadtteil = pick(stadtteile);
    const date = new Date(FIRST_DAY + Math.floor((i * DAYS) / 52) * 86_400_000).toISOString().slice(0, 10);
    const id = uuid();
    const poster = i % 5 === 4;
    insertMarketDay.run(id, processId, date, `Wochenmarkt ${stadtteil}`, stadtteil, JSON.stringify(['Aylin', 'Jonas']), poster ? 'Was wünschen Sie sich?' : null, poster ? JSON.stringify(POSTER) : null, hash());
    sessions.push({ id, stadtteil, date });
    const options = poster ? POSTER.map((o) => o.key) : topFields;
    const votes = 20 + Math.floor(random() * 180);
    for (let v = 0; v < votes; v += 1) {
      const option = pick(options);
      insertDotVote.run(uuid(), id, option, 1, `${date}T10:00:00.000Z`);
      // Now and then a dot put on by mistake is taken off again.
      if (chance(0.03)) insertDotVote.run(uuid(), id, option, -1, `${date}T10:05:00.000Z`);
      dotVotes += 1;
    }
  }

  // Responses and their answers, question by question as a resident's phone would send them.
  const insertResponse = sqlite.prepare(
    // The client's id as the stored id too, as responses from before migration 0029 are kept.
    'insert into responses (id, client_id, process_id, survey_id, survey_version, channel, language, stadtteil_key, submitted_on, content_hash, flags) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertAnswer = sqlite.prepare('insert into answers (response_id, question_key, value) values (?, ?, ?)');
  const questions = allQuestions(definition).filter((q) => q.type !== 'text');
  const textQuestions = allQuestions(definition).filter((q) => q.type === 'text');
  // Each field's ratings lean a different way, so the distributions differ from question to question.
  const lean = new Map(questions.map((q, i) => [q.key, (i % 5) - 2] as const));
  const answerOf = (question: SurveyQuestion, stadtteil: string | null): unknown => {
    switch (question.type) {
      case 'single':
        return pick(question.options.slice(0, 1 + Math.floor(random() * question.options.length))).key;
      case 'multi': {
        const limit = question.maxSelected ?? question.options.length;
        const chosen = question.options.filter((_, i) => chance(0.45 / (1 + i * 0.25))).map((o) => o.key);
        if (question.allowOther && !question.sensitive && chance(0.04)) chosen.push('other');
        return chosen.slice(0, limit);
      }
      case 'scale': {
        if (question.scale.allowNoAnswer && chance(0.08)) return null;
        const span = question.scale.max - question.scale.min;
        const centre = (random() + random() + random()) / 3 + (lean.get(question.key) ?? 0) * 0.08;
        return question.scale.min + Math.max(0, Math.min(span, Math.round(centre * span)));
      }
      case 'ranking': {
        const order = [...question.options].sort(() => random() - 0.5).map((o) => o.key);
        return order.slice(0, Math.min(question.maxRanked ?? order.length, 1 + Math.floor(random() * order.length)));
      }
      case 'stadtteil':
        return stadtteil ?? 'unknown';
      case 'text':
        return undefined;
    }
  };
  const responseIds: Array<{ id: string; channel: Channel; language: Language; stadtteil: string | null; day: string; flagged: boolean }> = [];
  let answerCount = 0;
  for (let i = 0; i < options.responses; i += 1) {
    const id = uuid();
    const stadtteil = place();
    const response = { id, channel: responseChannel(), language: language(), stadtteil, day: day(), flagged: chance(0.01) };
    insertResponse.run(id, id, processId, survey.id, survey.version, response.channel, response.language, stadtteil, response.day, hash(), response.flagged ? '["too_fast"]' : '[]');
    responseIds.push(response);
    const given = new Map<string, unknown>();
    for (const question of questions) {
      const showIf = question.showIf;
      // The default survey's conditions are single tests; a combined one (and/or/not) is taken as met.
      if (showIf && 'question' in showIf) {
        const earlier = given.get(showIf.question);
        const shown = 'equals' in showIf ? earlier === showIf.equals : 'includes' in showIf ? Array.isArray(earlier) && earlier.includes(showIf.includes) : earlier !== undefined;
        if (!shown) continue;
      }
      if (question.sensitive ? chance(0.3) : !question.required && chance(0.12)) continue;
      const value = answerOf(question, stadtteil);
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      given.set(question.key, value);
      insertAnswer.run(id, question.key, JSON.stringify(value));
      answerCount += 1;
    }
  }

  // Contributions: the free texts of the responses, then market-stall, conference and workshop notes.
  const insertContribution = sqlite.prepare(
    `insert into contributions (id, process_id, channel, response_id, question_key, market_day_id, kind, text, masked_text, language, stadtteil_key, stadtteil_source, captured_on, status, hidden_reason, content_hash)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTag = sqlite.prepare('insert into contribution_tags (contribution_id, field_key, source, score, created_at) values (?, ?, ?, ?, ?)');
  const fromResponses = Math.min(Math.round(options.contributions * 0.35), options.responses * textQuestions.length);
  let tags = 0;
  for (let i = 0; i < options.contributions; i += 1) {
    const id = uuid();
    const hidden = chance(0.02);
    let source: 'self' | 'staff' | 'suggested' | 'reviewed';
    let tagged: string;
    if (i < fromResponses) {
      const response = responseIds[Math.floor(random() * responseIds.length)]!;
      const question = pick(textQuestions);
      const text = pick(texts.get(response.language)!);
      insertContribution.run(id, processId, response.channel, response.id, question.key, null, null, text, text, response.language, response.stadtteil, response.stadtteil ? 'self' : null, response.day, hidden ? 'hidden' : 'visible', hidden ? 'offensive' : null, hash());
      source = question.fieldOfAction ? 'self' : chance(0.85) ? 'reviewed' : 'suggested';
      tagged = question.fieldOfAction ?? field();
    } else {
      const channel = noteChannel();
      const session = channel === 'stall' ? pick(sessions) : null;
      const lang = channel === 'stall' && chance(0.7) ? 'de' : language();
      const text = pick(texts.get(lang)!);
      const stadtteil = session && chance(0.8) ? session.stadtteil : place();
      const captured = session && chance(0.9) ? session.date : day();
      insertContribution.run(id, processId, channel, null, null, session?.id ?? null, kind(), text, text, lang, stadtteil, stadtteil ? 'staff' : null, captured, hidden ? 'hidden' : 'visible', hidden ? 'offensive' : null, hash());
      // A tenth of the notes wait in the moderation queue with only the suggester's guess.
      source = chance(0.1) ? 'suggested' : chance(0.6) ? 'staff' : 'reviewed';
      tagged = field();
    }
    const created = '2026-11-30T00:00:00.000Z';
    insertTag.run(id, tagged, source, source === 'suggested' ? 60 + Math.floor(random() * 40) : null, created);
    tags += 1;
    if (chance(0.25)) {
      const second = field();
      if (second !== tagged) {
        insertTag.run(id, second, source, source === 'suggested' ? 40 + Math.floor(random() * 40) : null, created);
        tags += 1;
      }
    }
  }
  return { processId, responses: options.responses, answers: answerCount, contributions: options.contributions, tags, marketDays: sessions.length, dotVotes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      contributions: { type: 'string', default: String(BIG_DATA.contributions) },
      responses: { type: 'string', default: String(BIG_DATA.responses) },
      seed: { type: 'string', default: String(BIG_DATA.seed) },
    },
  });
  const options = { contributions: Number(values.contributions), responses: Number(values.responses), seed: Number(values.seed) };
  if (values.out) {
    const started = performance.now();
    const figures = fillBigDatabase(values.out, options);
    console.log(JSON.stringify(figures), `${((performance.now() - started) / 1000).toFixed(1)} s`);
  } else {
    console.log(bigDatabase(options));
  }
}
