/**
 * `npm run demo -- [--database ./data/demo.sqlite] [--responses 400] [--notes 240] [--seed 7]`
 *
 * The database is `--database`, else `DATABASE_PATH` when it is set (as for every other command),
 * else `./data/demo.sqlite` — never the server's default file.
 *
 * Fills a fresh database with a believable participation: online survey responses from all
 * Stadtteile and languages, market days with staff notes (some untagged, for the moderation
 * queue) and dot votes; then what the working groups made of them: a guiding goal and measures
 * per field of action (statuses, milestones, council papers, the survey figures they answer) and
 * an outcome for many contributions (taken up, not pursued with a reason, passed on), so a
 * receipt code shows a resident what became of a voice. All through the same services the API
 * uses. For trying Mitreden out,
 * training staff and showing working groups what their results will look like; then start it
 * with `DATABASE_PATH=./data/demo.sqlite npm start`. It refuses, before writing anything, a
 * database that already holds responses, contributions, accounts or other processes, so it never
 * mixes invented voices into a real participation (also one whose survey has not opened yet).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabaseOrExit, readOptions } from './_cli.ts';
import { z } from 'zod';
import { closeDatabase } from '../db/index.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess, seedDefaultSurvey } from '../db/seed/index.ts';
import { createUser } from '../server/features/auth/auth.service.ts';
import { findContribution } from '../server/features/contributions/contributions.repo.ts';
import { createGuidingGoal, createMeasure } from '../server/features/measures/measures.service.ts';
import { listForOutcomes } from '../server/features/measures/measures.repo.ts';
import { setOutcome } from '../server/features/measures/outcomes.ts';
import { codeOfResponse } from '../server/features/receipts/receipts.repo.ts';
import { releaseSnapshot } from '../server/features/snapshots/snapshots.service.ts';
import { createReadPool } from '../server/read-worker/pool.ts';
import { findProcessBySlug } from '../server/features/processes/processes.repo.ts';
import { syncBatch } from '../server/features/stall/stall.service.ts';
import { listStadtteilKeys, findLatestPublishedSurvey } from '../server/features/survey/survey.repo.ts';
import { submitResponse } from '../server/features/survey/survey.service.ts';
import { localDay } from '../server/time.ts';
import type { SyncItem } from '../shared/api/stall.ts';
import { formatReceiptCode, receiptPath } from '../shared/receipts/code.ts';
import { PLACE_OUTSIDE, PLACE_UNKNOWN } from '../shared/domain.ts';
import type { Language } from '../shared/languages.ts';
import { allQuestions, type SurveyQuestion } from '../shared/survey/definition.ts';
import { DEMO_GOALS, NOT_PURSUED_REASONS, PASSED_TO } from './_demo-measures.ts';
import { LANGUAGE_MIX, prng } from './_invented.ts';

const USAGE = 'Usage: npm run demo -- [--database FILE] [--responses N] [--notes N] [--seed N]';

const { values } = readOptions(USAGE, (args) => parseArgs({
  args,
  options: {
    database: { type: 'string', default: process.env.DATABASE_PATH || './data/demo.sqlite' },
    responses: { type: 'string', default: '400' },
    notes: { type: 'string', default: '240' },
    seed: { type: 'string', default: '7' },
  },
}));
const parsed = z
  .object({
    database: z.string().min(1),
    responses: z.coerce.number().int().min(0).max(100_000),
    notes: z.coerce.number().int().min(0).max(100_000),
    seed: z.coerce.number().int(),
  })
  .safeParse(values);
if (!parsed.success) {
  console.error(USAGE);
  for (const issue of parsed.error.issues) console.error(`  --${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
}
const args = parsed.data;

const random = prng(args.seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (p: number) => random() < p;
function weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
  let roll = random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [item, weight] of entries) if ((roll -= weight) < 0) return item;
  return entries[entries.length - 1]![0];
}
function uuid(): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
function daysAgo(days: number): string {
  return localDay(new Date(Date.now() - days * 86_400_000));
}

/** Realistic statements per language with their fields of action: the suggester's labelled evaluation set. */
type Statement = { text: string; fields: string[] };
const FIXTURES = resolve(import.meta.dirname, '..', 'tests', 'fixtures', 'suggest');
const statements = (language: string): Statement[] => JSON.parse(readFileSync(join(FIXTURES, `${language}.json`), 'utf8')) as Statement[];
const texts = new Map(LANGUAGE_MIX.map(([language]) => [language, statements(language)]));

const db = openDatabaseOrExit(args.database);
try {
  // Asked before anything is written: a real database before its survey opens holds no responses
  // yet, but its accounts, its processes or the voices of a market stall; the demo seeds nothing there.
  const count = (query: string, ...params: string[]) => (db.$client.prepare(query).get(...params) as { n: number }).n;
  const held = [
    [count('select count(*) n from responses'), 'responses'],
    [count('select count(*) n from contributions'), 'contributions'],
    [count("select count(*) n from users where username not like 'demo-%'"), 'accounts'],
    [count('select count(*) n from processes where slug <> ?', DEFAULT_PROCESS_SLUG), 'processes besides the default one'],
  ] as const;
  const found = held.filter(([n]) => n > 0);
  if (found.length > 0) {
    console.error(`${args.database} already holds ${found.map(([n, what]) => `${n} ${what}`).join(', ')}; the demo only fills an empty database.`);
    process.exit(2);
  }
  seedDefaultProcess(db);
  seedDefaultSurvey(db);
  const process_ = findProcessBySlug(db, DEFAULT_PROCESS_SLUG)!;
  const survey = findLatestPublishedSurvey(db, process_.id)!;
  const stadtteile = listStadtteilKeys(db, process_.id);
  // Some Stadtteile answer much more than others: the suppression has something to do.
  const stadtteilWeights = stadtteile.map((key, i) => [key, 1 + ((i * 7) % 11)] as const);
  const place = () => weighted<string>([...stadtteilWeights, [PLACE_UNKNOWN, 6], [PLACE_OUTSIDE, 2]]);

  function answerFor(question: SurveyQuestion, language: Language): unknown {
    switch (question.type) {
      case 'single':
        return pick(question.options).key;
      case 'multi':
        return question.options.filter(() => chance(0.3)).map((option) => option.key).slice(0, question.maxSelected ?? 3);
      case 'scale':
        return chance(0.1) && question.scale.allowNoAnswer ? null : question.scale.min + Math.floor(random() * (question.scale.max - question.scale.min + 1));
      case 'ranking':
        return [...question.options].sort(() => random() - 0.5).slice(0, question.maxRanked ?? 3).map((option) => option.key);
      case 'text': {
        if (!chance(0.45)) return undefined;
        const pool = texts.get(language)!;
        const own = question.fieldOfAction ? pool.filter((s) => s.fields.some((field) => field.startsWith(question.fieldOfAction!))) : pool;
        return pick(own.length > 0 ? own : pool).text.slice(0, question.maxLength ?? 2000);
      }
      case 'stadtteil':
        return place();
      case 'number': {
        const min = question.min ?? 0;
        return min + Math.floor(random() * ((question.max ?? min + 100) - min + 1));
      }
    }
  }

  let stored = 0;
  const questions = allQuestions(survey.definition);
  for (let i = 0; i < args.responses; i += 1) {
    const language = weighted(LANGUAGE_MIX);
    const answers: Record<string, unknown> = {};
    for (const question of questions) {
      if (question.sensitive && chance(0.3)) continue;
      if (!question.required && chance(0.15)) continue;
      const value = answerFor(question, language);
      if (value !== undefined) answers[question.key] = value;
    }
    // Answers to questions the resident's earlier answers hide are refused by the same rules the
    // API applies; drop what they name and send again, as a resident's phone would never show them.
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const result = submitResponse(db, {
        processId: process_.id,
        response: { id: uuid(), surveyVersion: survey.version, language, answers },
        channel: 'online',
        enforceWindow: false,
        submittedOn: daysAgo(Math.floor(random() * 42)),
      });
      if (result.status === 'stored') {
        stored += 1;
        break;
      }
      if (result.status !== 'invalid') break;
      for (const detail of (result.error.details ?? []) as Array<{ question?: string }>) if (detail.question) delete answers[detail.question];
    }
  }

  // Market days: one Saturday stall per Stadtteil, staff notes in the language of the conversation.
  const staff = await createUser(db, { username: `demo-markt-${randomBytes(3).toString('hex')}`, displayName: 'Demo Marktstand', password: randomBytes(24).toString('base64url'), role: 'staff' }, null);
  const MARKETS = [
    ['Wochenmarkt Bensberg', 'bensberg'],
    ['Wochenmarkt Refrath', 'refrath'],
    ['Wochenmarkt Stadtmitte', 'stadtmitte'],
    ['Markt in Paffrath', 'paffrath'],
    ['Dorffest Herkenrath', 'herkenrath'],
    ['Stadtteilfest Gronau', 'gronau'],
  ] as const;
  const items: SyncItem[] = [];
  const marketDays = MARKETS.filter(([, key]) => stadtteile.includes(key)).map(([placeName, stadtteil], i) => {
    const marketDay: SyncItem = { type: 'marketDay', id: uuid(), processSlug: DEFAULT_PROCESS_SLUG, date: daysAgo(3 + i * 7), place: placeName, stadtteil, staff: ['Aylin', 'Jonas'] };
    items.push(marketDay);
    return { id: marketDay.id, stadtteil };
  });
  for (let i = 0; i < args.notes && marketDays.length > 0; i += 1) {
    const marketDay = pick(marketDays);
    const language = chance(0.7) ? 'de' : weighted(LANGUAGE_MIX);
    const statement = pick(texts.get(language)!);
    items.push({
      type: 'note',
      id: uuid(),
      processSlug: DEFAULT_PROCESS_SLUG,
      marketDayId: marketDay.id,
      channel: 'stall',
      text: statement.text,
      kind: weighted([['idea', 5], ['concern', 4], ['question', 1], ['praise', 2]] as const),
      // Staff tag most notes on the spot; the rest wait in the moderation queue with a suggestion.
      fieldsOfAction: chance(0.65) ? statement.fields : [],
      stadtteil: chance(0.8) ? marketDay.stadtteil : chance(0.5) ? place() : null,
      language,
      capturedAt: new Date(Date.now() - Math.floor(random() * 40) * 86_400_000).toISOString(),
    });
  }
  for (const marketDay of marketDays) {
    for (let i = 0; i < 40; i += 1) {
      items.push({ type: 'dotVote', id: uuid(), marketDayId: marketDay.id, option: weighted([['arbeit', 5], ['bildung', 6], ['teilhabe', 3], ['freizeit', 4]] as const), delta: 1 });
    }
  }
  const results = [];
  for (let i = 0; i < items.length; i += 500) results.push(...(await syncBatch(db, { userId: staff.id, role: staff.role }, items.slice(i, i + 500))));
  const notStored = results.filter((result) => result.status !== 'stored');

  // The working groups' answer: a guiding goal and measures per field, and outcomes of voices.
  const admin = await createUser(db, { username: `demo-admin-${randomBytes(3).toString('hex')}`, displayName: 'Demo Integrationsbüro', password: randomBytes(24).toString('base64url'), role: 'admin' }, null);
  const measureIds = new Map<string, string[]>();
  for (const [g, goal] of DEMO_GOALS.entries()) {
    const guidingGoal = createGuidingGoal(db, process_, admin, { id: uuid(), fieldKey: goal.field, text: goal.text, translations: {}, sortOrder: g }).goal;
    const ids: string[] = [];
    for (const measure of goal.measures) {
      const created = createMeasure(db, process_, admin, {
        id: uuid(),
        fieldKey: goal.field,
        guidingGoalId: guidingGoal.id,
        title: measure.title,
        description: { de: measure.description },
        translations: {},
        stadtteilKeys: measure.stadtteile.filter((key) => stadtteile.includes(key)),
        responsible: measure.responsible,
        partners: measure.partners,
        statusKey: measure.status,
        progress: measure.progress,
        milestones: measure.milestones.map(([days, label, done]) => ({ date: daysAgo(days), label: { de: label }, done })),
        councilDocument: measure.council,
        councilDecidedOn: measure.council === null ? null : daysAgo(20),
        budgetCents: measure.budgetEuro === null ? null : measure.budgetEuro * 100,
        budgetNote: null,
        resultLinks: measure.answers.map(([question, option]) => ({ kind: 'question' as const, ref: question, optionKey: option })),
      });
      ids.push(created.measure.id);
    }
    measureIds.set(goal.field, ids);
  }
  // About half the voices each field reads get an outcome; the rest stay open, as mid-process.
  let decided = 0;
  const takenUp: string[] = [];
  for (const [field, ids] of measureIds) {
    const open = listForOutcomes(db, process_.id, [field], 'open', { offset: 0, limit: 10_000 }).rows;
    for (const contribution of open) {
      if (!chance(0.5)) continue;
      const roll = random();
      const request =
        roll < 0.75
          ? { kind: 'taken_up' as const, measureIds: [pick(ids)] }
          : roll < 0.9
            ? { kind: 'not_pursued' as const, reason: pick(NOT_PURSUED_REASONS) }
            : { kind: 'passed_on' as const, passedTo: pick(PASSED_TO) };
      setOutcome(db, process_, admin, contribution.id, request, daysAgo(Math.floor(random() * 10)));
      decided += 1;
      if (request.kind === 'taken_up') takenUp.push(contribution.id);
    }
  }
  // A first released snapshot of the results, as the city would publish mid-process. Its schema
  // address names the server; PUBLIC_URL as for `npm start`, else where `npm start` listens.
  const reads = createReadPool(db, { size: 0 });
  await releaseSnapshot(
    db,
    reads,
    process_,
    admin,
    {
      id: uuid(),
      title: { de: 'Zwischenstand der Beteiligung', en: 'Interim results of the participation' },
      intro: { de: 'Was Bürgerinnen und Bürger bisher online, auf Papier und an den Marktständen gesagt haben. Kleine Zahlen zeigen wir nicht.', en: 'What residents have said so far online, on paper and at the market stalls. We do not show small numbers.' },
      selection: { questions: ['work-situation', 'education-situation', 'participation-situation', 'leisure-situation', 'work-support', 'priorities'], dotVotes: true },
    },
    (process.env.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
  );
  await reads.close();
  // A questionnaire's receipt code whose voice was taken up: what a resident would look up.
  const showcaseResponse = takenUp.map((id) => findContribution(db, id)?.responseId).find((id) => id != null);
  const showcase = showcaseResponse ? codeOfResponse(db, showcaseResponse) : undefined;

  console.log(
    `Demo data in ${args.database}: ${stored} online responses, ${marketDays.length} market days with ${items.filter((item) => item.type === 'note').length} notes and ${marketDays.length * 40} dot votes, ` +
      `${DEMO_GOALS.length} guiding goals with ${DEMO_GOALS.reduce((sum, goal) => sum + goal.measures.length, 0)} measures, ${decided} contributions with an outcome, a released snapshot of the results` +
      (notStored.length > 0 ? ` (${notStored.length} items not stored: ${JSON.stringify(notStored.slice(0, 3))})` : ''),
  );
  if (showcase) console.log(`A resident's receipt code whose voice was taken up: ${formatReceiptCode(showcase)}, at ${receiptPath(DEFAULT_PROCESS_SLUG, showcase)}`);
  console.log(`Start it with: DATABASE_PATH=${args.database} npm start`);
} finally {
  closeDatabase(db);
}
