// Per-question results, cross-tabulations and dot votes as functions `(db, args) => result`:
// no Fastify, no caller, so an export can run them in a worker thread on its own read
// connection. The caller decides access first (`readableFields`); these functions count in
// SQL (`question-results.repo.ts`), suppress (`shared/results/figures.ts`) and present.

import type { DbOrTx } from '../../../db/index.ts';
import type {
  ChoiceResult,
  NumberResult,
  Crosstab,
  CrosstabQuery,
  DotVoteQuery,
  DotVotes,
  Figure,
  QuestionResult,
  QuestionResults,
  QuestionResultsQuery,
  RankingResult,
  ResponseFilter,
  ScaleResult,
} from '../../../shared/api/question-results.ts';
import { RESPONSE_CHANNELS } from '../../../shared/api/question-results.ts';
import { PLACE_OUTSIDE, PLACE_UNKNOWN } from '../../../shared/domain.ts';
import { CHANNEL_LABELS, LANGUAGE_LABELS, OUTSIDE_LABEL, UNKNOWN_LABEL } from '../../../shared/results/labels.ts';
import { buildChoice, buildNumber, buildRanking, buildScale, dotVoteFigures, gridFigures, median, medianStatistic, Model, numberBins, type Reader } from '../../../shared/results/figures.ts';
import { allQuestions, conditionQuestions, OTHER_OPTION_KEY, type ShowIf, type ShowIfLeaf, type SurveyQuestion } from '../../../shared/survey/definition.ts';
import { sql, type SQL } from 'drizzle-orm';
import { AppError, badRequest, forbidden } from '../../errors.ts';
import { findProcessById, loadProcessParts, type ProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import * as stallRepo from '../stall/stall.repo.ts';
import * as repo from './question-results.repo.ts';
import { participationByPlace } from '../participation/participation.service.ts';

/** The question types with figures; text answers are quotes. */
type ClosedQuestion = Extract<SurveyQuestion, { type: 'single' | 'multi' | 'scale' | 'ranking' | 'stadtteil' | 'number' }>;
const isClosed = (question: SurveyQuestion): question is ClosedQuestion => question.type !== 'text';

export const OTHER_LABEL = 'Anderes';
export const NO_ANSWER_LABEL = 'keine Angabe';
/** A scale's "keine Angabe" as a row or column key. */
export const NO_ANSWER_KEY = repo.NO_ANSWER_KEY;
const DONT_KNOW_LABEL = 'weiß nicht';

interface Option {
  key: string;
  label: string;
  other: boolean;
}

/** One question across the published versions that have it. */
interface CatalogEntry {
  key: string;
  /** As the newest version that has it asks it. */
  question: ClosedQuestion;
  /** Version → the question as that version asks it (its `showIf` may differ). */
  byVersion: Map<number, SurveyQuestion>;
  /** Options of every version, the newest's order first; for the Stadtteil question, the process's places. */
  options: Option[];
}

interface Catalog {
  entries: CatalogEntry[];
  byKey: Map<string, CatalogEntry>;
  /** Every question of every version by key, closed or not (`showIf` may point at a text question). */
  anyByKey: Map<string, SurveyQuestion>;
}

function buildCatalog(db: DbOrTx, processId: string, parts: ProcessParts): Catalog {
  const entries = new Map<string, CatalogEntry>();
  const anyByKey = new Map<string, SurveyQuestion>();
  const definitions = repo.publishedDefinitions(db, processId);
  // Newest first, so an entry starts as the newest version asks it.
  for (const definition of [...definitions].reverse()) {
    for (const question of allQuestions(definition)) {
      if (!anyByKey.has(question.key)) anyByKey.set(question.key, question);
      if (!isClosed(question)) continue;
      let entry = entries.get(question.key);
      if (!entry) entries.set(question.key, (entry = { key: question.key, question, byVersion: new Map(), options: [] }));
      entry.byVersion.set(definition.version, question);
      if ('options' in question) {
        for (const option of question.options) if (!entry.options.some((o) => o.key === option.key)) entry.options.push({ key: option.key, label: option.label.de, other: false });
      }
    }
  }
  for (const entry of entries.values()) {
    const versions = [...entry.byVersion.values()];
    if (versions.some((q) => (q.type === 'single' || q.type === 'multi') && q.allowOther)) entry.options.push({ key: OTHER_OPTION_KEY, label: OTHER_LABEL, other: true });
    if (entry.question.type === 'stadtteil') {
      entry.options = [
        ...parts.stadtteile.map((s) => ({ key: s.key, label: s.name, other: false })),
        { key: PLACE_OUTSIDE, label: OUTSIDE_LABEL, other: false },
        { key: PLACE_UNKNOWN, label: DONT_KNOW_LABEL, other: false },
      ];
    }
  }
  // Survey order of the newest version, then questions only older versions had.
  const order = [...definitions].reverse().flatMap((definition) => allQuestions(definition).map((question) => question.key));
  const list = [...entries.values()].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  return { entries: list, byKey: entries, anyByKey };
}

const readable = (entry: CatalogEntry, fields: readonly string[]) => !entry.question.fieldOfAction || fields.includes(entry.question.fieldOfAction);

/** A question the caller asked for by key: 400 when the survey has no such closed question, 403 when it belongs to a field the caller may not read. */
function askedFor(catalog: Catalog, key: string, fields: readonly string[], path: string): CatalogEntry {
  const entry = catalog.byKey.get(key);
  if (!entry) throw badRequest('unknown_question', `The survey has no closed question ${key}`, [{ path, message: 'unknown question' }]);
  if (!readable(entry, fields)) throw forbidden();
  return entry;
}

function tooFew(threshold: number): AppError {
  return new AppError(
    422,
    'too_few_respondents',
    `This filter leaves fewer than ${threshold} respondents, or leaves out fewer than ${threshold} of those without it, so its figures could point at single people. Choose a wider filter.`,
    { threshold },
  );
}

/** The filters as the repo's scope: 400 for places the process does not have, 403/400 for a band on a question the caller may not read or that has no such option. */
function resolveScope(processId: string, parts: ProcessParts, catalog: Catalog, fields: readonly string[], filter: ResponseFilter): repo.RespondentScope {
  const scope: repo.RespondentScope = { processId, includeFlagged: filter.includeFlagged, channel: filter.channel, language: filter.language, version: filter.version };
  const placeOf = (key: string, path: 'district' | 'stadtteil'): { keys: string[]; unknown: boolean } => {
    if (key === PLACE_OUTSIDE) return { keys: [PLACE_OUTSIDE], unknown: false };
    if (key === PLACE_UNKNOWN) return { keys: [], unknown: true };
    if (path === 'stadtteil') {
      if (!parts.stadtteile.some((s) => s.key === key)) throw badRequest('unknown_stadtteil', `No Stadtteil ${key}`, [{ path, message: 'unknown Stadtteil' }]);
      return { keys: [key], unknown: false };
    }
    const district = parts.districts.find((d) => d.key === key);
    if (!district) throw badRequest('unknown_district', `No statistical district ${key}`, [{ path, message: 'unknown district' }]);
    return { keys: parts.stadtteile.filter((s) => s.districtId === district.id).map((s) => s.key), unknown: false };
  };
  if (filter.district && filter.stadtteil) {
    const inDistrict = placeOf(filter.district, 'district');
    const stadtteil = placeOf(filter.stadtteil, 'stadtteil');
    scope.place = { keys: stadtteil.keys.filter((key) => inDistrict.keys.includes(key)), unknown: stadtteil.unknown && inDistrict.unknown };
  } else if (filter.district) scope.place = placeOf(filter.district, 'district');
  else if (filter.stadtteil) scope.place = placeOf(filter.stadtteil, 'stadtteil');
  if (filter.band) {
    const entry = askedFor(catalog, filter.band.question, fields, 'band');
    if (!['single', 'multi', 'stadtteil'].includes(entry.question.type)) throw badRequest('invalid_band', `${entry.key} is no choice question`, [{ path: 'band', message: 'not a choice question' }]);
    if (!entry.options.some((option) => option.key === filter.band!.option)) throw badRequest('invalid_band', `${entry.key} has no option ${filter.band.option}`, [{ path: 'band', message: 'unknown option' }]);
    scope.band = filter.band;
  }
  return scope;
}

/** Refuses (422) a filter that leaves fewer respondents than the threshold, or leaves out fewer than the threshold of the respondents without it or without any one of its parts, since subtracting the two answers would show those few. */
function refuseSingling(counted: repo.Counted, threshold: number): void {
  if (counted.narrowing.length === 0) return;
  const versions = [...counted.versions.values()];
  const respondents = versions.reduce((sum, v) => sum + v.inScope, 0);
  if (respondents < threshold) throw tooFew(threshold);
  const wider = [versions.reduce((sum, v) => sum + v.base, 0), ...(counted.narrowing.length > 1 ? counted.narrowing.map((name) => versions.reduce((sum, v) => sum + (v.without[name] ?? 0), 0)) : [])];
  for (const base of wider) {
    const leftOut = base - respondents;
    if (leftOut > 0 && leftOut < threshold) throw tooFew(threshold);
  }
}

/**
 * Refuses (422 `too_few_respondents`, `which: "withheld"`) a band or a survey version whose count
 * the figures without it withhold for another count's sake (secondary suppression): filtered to
 * it, the respondents at the top of the answer would be that count, and with the unfiltered total
 * and the shown counts it gives the other withheld ones away. A band's count stands in its
 * question's figures under the other filters; the versions' counts partition the respondents, so
 * they are suppressed as one table (total = Σ versions) before one of them is shown. A count
 * withheld for itself, under the threshold, is refused by `refuseSingling` anyway.
 */
function refuseWithheldSlices(db: DbOrTx, scope: repo.RespondentScope, catalog: Catalog, threshold: number): void {
  if (scope.band) {
    const { band, ...wider } = scope;
    const entry = catalog.byKey.get(band.question);
    if (entry) {
      const counting = count(db, wider, catalog, [entry], threshold);
      const respondents = [...counting.respondents.values()].reduce((sum, n) => sum + n, 0);
      const result = questionResult(entry, counting, respondents, threshold);
      const figure = 'options' in result ? result.options.find((option) => option.key === band.option) : undefined;
      const shown = figure && 'count' in figure ? figure.count : undefined;
      if (shown?.suppressed && shown.reason !== 'below_threshold') throw withheldSlice(threshold);
    }
  }
  if (scope.version !== undefined) {
    const { version, ...wider } = scope;
    const perVersion = count(db, wider, catalog, [], threshold).respondents;
    const model = new Model();
    const versions = [...perVersion.keys()];
    const total = model.add([...perVersion.values()].reduce((sum, n) => sum + n, 0));
    const parts = versions.map((v) => model.add(perVersion.get(v)!));
    model.relate(total, parts);
    const figure = model.solve(threshold);
    const at = versions.indexOf(version);
    const shown = at < 0 ? undefined : figure(parts[at]!);
    if (shown?.suppressed && shown.reason !== 'below_threshold') throw withheldSlice(threshold);
  }
}

function withheldSlice(threshold: number): AppError {
  return new AppError(
    422,
    'too_few_respondents',
    `This filter keeps a band or survey version whose count the figures without it withhold so that a count under ${threshold} cannot be worked out from them; its figures would give that count away. Choose a wider filter.`,
    { threshold, which: 'withheld' },
  );
}

const valueKey = (value: string | number | null) => (value === null ? NO_ANSWER_KEY : String(value));

/** The answer groups of one question in one version, summed the ways the figures need. */
class Tally {
  /** Single values (single choice, Stadtteil, scale step or "keine Angabe"). */
  readonly scalar = new Map<string, number>();
  /** Entries of list answers (multiple choice, ranking), any place. */
  readonly listed = new Map<string, number>();
  /** Entries in first place. */
  readonly first = new Map<string, number>();
  /** Σ place (1 for first) per entry. */
  readonly placeSums = new Map<string, number>();
  /** Entries per place: `${position}:${key}` (0 for first). */
  readonly atPlace = new Map<string, number>();
  answered = 0;

  add(group: { position: number | null; value: string | number | null; n: number }): void {
    const key = valueKey(group.value);
    const bump = (map: Map<string, number>, by: number) => map.set(key, (map.get(key) ?? 0) + by);
    if (group.position === null) {
      bump(this.scalar, group.n);
      this.answered += group.n;
      return;
    }
    bump(this.listed, group.n);
    bump(this.placeSums, group.n * (group.position + 1));
    const place = `${group.position}:${key}`;
    this.atPlace.set(place, (this.atPlace.get(place) ?? 0) + group.n);
    if (group.position === 0) {
      bump(this.first, group.n);
      this.answered += group.n;
    }
  }
}

/** What a group's JSON holds: one value, or a list whose entries are places 0, 1, … */
function entriesOf(json: string): Array<{ position: number | null; value: string | number | null }> {
  const value = JSON.parse(json) as string | number | null | Array<string | number>;
  return Array.isArray(value) ? value.map((entry, position) => ({ position, value: entry })) : [{ position: null, value }];
}

/** Tallies by question and version. */
class Tallies {
  private readonly map = new Map<string, Map<number, Tally>>();
  /** `entries` reads a group's JSON (a partition's parts share one cache, since the whole and a Stadtbezirk read the same groups again). */
  constructor(groups: repo.AnswerGroup[], entries: typeof entriesOf = entriesOf) {
    for (const group of groups) {
      const tally = this.of(group.question, group.version);
      for (const entry of entries(group.value)) tally.add({ ...entry, n: group.n });
    }
  }
  of(question: string, version: number): Tally {
    let byVersion = this.map.get(question);
    if (!byVersion) this.map.set(question, (byVersion = new Map()));
    let tally = byVersion.get(version);
    if (!tally) byVersion.set(version, (tally = new Tally()));
    return tally;
  }
}

interface Counting {
  /** Respondents in scope per version (versions without any left out). */
  respondents: Map<number, number>;
  tallies: Tallies;
  /** Text question → version → respondents who wrote an answer. */
  texts: Map<string, Map<number, number>>;
  /** `question@version` → respondents for whom its combined `showIf` held. */
  held: Map<string, number>;
  cross: repo.CrossGroup[];
  columnRespondents: repo.ColumnRespondents[];
}

const combined = (showIf: ShowIf) => !('question' in showIf);

/**
 * Reads everything the entries' figures need in one statement (`countRespondents`; one more with
 * a text question behind a simple `showIf`), after refusing a filter that singles out a few.
 */
function count(db: DbOrTx, scope: repo.RespondentScope, catalog: Catalog, entries: CatalogEntry[], threshold: number, cross?: { question: string; columns: repo.ColumnSource }): Counting {
  const { keys, textKeys, conditions, typeOf } = askFor(catalog, entries);
  const crossEntry = cross ? catalog.byKey.get(cross.question) : undefined;
  const crossAsk = cross && crossEntry ? { ...cross, shown: shownCondition(crossEntry, typeOf) } : undefined;
  const counted = repo.countRespondents(db, scope, { questionKeys: [...keys], conditions, cross: crossAsk });
  refuseSingling(counted, threshold);
  const respondents = new Map([...counted.versions].filter(([, v]) => v.inScope > 0).map(([version, v]) => [version, v.inScope]));
  const held = new Map<string, number>();
  conditions.forEach((condition, index) => held.set(condition.key, counted.versions.get(condition.version)?.held[index] ?? 0));
  const texts = new Map<string, Map<number, number>>();
  if (textKeys.size > 0) {
    for (const row of repo.textAnswerCounts(db, scope, [...textKeys])) {
      if (!texts.has(row.question)) texts.set(row.question, new Map());
      texts.get(row.question)!.set(row.version, row.n);
    }
  }
  return { respondents, tallies: new Tallies(counted.groups), texts, held, cross: counted.cross, columnRespondents: counted.columnRespondents };
}

/** What the entries' figures read: answers to these questions, text answers to those (a simple `showIf` on a text question), and per version the combined conditions. */
function askFor(catalog: Catalog, entries: CatalogEntry[]) {
  const keys = new Set(entries.map((entry) => entry.key));
  const textKeys = new Set<string>();
  const conditions: Array<{ key: string; version: number; condition: SQL }> = [];
  const typeOf = (key: string) => catalog.anyByKey.get(key)?.type;
  for (const entry of entries) {
    for (const [version, question] of entry.byVersion) {
      if (!question.showIf) continue;
      // A combined condition is evaluated per respondent in SQL; a simple one is read off the tested question's tallies.
      if (combined(question.showIf)) {
        conditions.push({ key: `${entry.key}@${version}`, version, condition: repo.showIfCondition(question.showIf, typeOf) });
        continue;
      }
      const target = catalog.anyByKey.get(conditionQuestions(question.showIf)[0]!);
      if (target?.type === 'text') textKeys.add(target.key);
      else if (target) keys.add(target.key);
    }
  }
  return { keys, textKeys, conditions, typeOf };
}

/** Whether a respondent (`r`) was shown the entry's question: in a version that asks it, where its `showIf` held. */
function shownCondition(entry: CatalogEntry, typeOf: (key: string) => SurveyQuestion['type'] | undefined): SQL {
  const branches = [...entry.byVersion].map(([version, question]) => sql`when ${version} then ${question.showIf ? repo.showIfCondition(question.showIf, typeOf) : sql`1`}`);
  return sql`(case r.survey_version ${sql.join(branches, sql` `)} else 0 end)`;
}

/** Respondents of a version who were shown the question: everyone, or those for whom its `showIf` held. */
function shownIn(counting: Counting, key: string, question: SurveyQuestion, version: number): number {
  const everyone = counting.respondents.get(version) ?? 0;
  const showIf = question.showIf;
  if (!showIf) return everyone;
  if (combined(showIf)) return counting.held.get(`${key}@${version}`) ?? 0;
  // An answer to a question exists only where it was shown, so a stored answer that meets the condition is the condition met.
  const leaf = showIf as ShowIfLeaf;
  const target = counting.tallies.of(leaf.question, version);
  if ('equals' in leaf) return target.scalar.get(leaf.equals) ?? 0;
  if ('includes' in leaf) return target.listed.get(leaf.includes) ?? 0;
  return target.answered + (counting.texts.get(leaf.question)?.get(version) ?? 0);
}

function sumOver(entry: CatalogEntry, counting: Counting, read: (tally: Tally, version: number) => number): number {
  let sum = 0;
  for (const version of entry.byVersion.keys()) sum += read(counting.tallies.of(entry.key, version), version);
  return sum;
}

function scaleRange(entry: CatalogEntry) {
  const scales = [...entry.byVersion.values()].flatMap((q) => (q.type === 'scale' ? [q.scale] : []));
  const min = Math.min(...scales.map((s) => s.min));
  const max = Math.max(...scales.map((s) => s.max));
  return { min, max, steps: Array.from({ length: max - min + 1 }, (_, i) => min + i), allowNoAnswer: scales.some((s) => s.allowNoAnswer) };
}

/** A number question's answers over every version: value → respondents who gave it. */
function numberHistogram(entry: CatalogEntry, counting: Counting): Array<[number, number]> {
  const histogram = new Map<number, number>();
  for (const version of entry.byVersion.keys()) {
    for (const [key, n] of counting.tallies.of(entry.key, version).scalar) {
      const value = Number(key);
      if (Number.isFinite(value)) histogram.set(value, (histogram.get(value) ?? 0) + n);
    }
  }
  return [...histogram].sort((a, b) => a[0] - b[0]);
}

/** A number question's bins: between the bounds every version sets, else (widened) the answers' range; none without either. */
function binsOf(entry: CatalogEntry, histogram: Array<[number, number]>) {
  const asked = [...entry.byVersion.values()].flatMap((q) => (q.type === 'number' ? [q] : []));
  const lows = asked.map((q) => q.min);
  const highs = asked.map((q) => q.max);
  const lowSet = lows.every((n) => n !== undefined);
  const highSet = highs.every((n) => n !== undefined);
  const low = lowSet ? Math.min(...(lows as number[])) : histogram[0]?.[0];
  const high = highSet ? Math.max(...(highs as number[])) : histogram.at(-1)?.[0];
  if (low === undefined || high === undefined) return [];
  return numberBins(Math.min(low, high), Math.max(low, high), { low: !lowSet, high: !highSet });
}

const placesOf = (entry: CatalogEntry) => (entry.question.type === 'ranking' ? (entry.question.maxRanked ?? entry.question.options.length) : 0);

/**
 * Each Stadtteil's questionnaires as participation publishes them (`GET …/participation`: in all, and
 * per questionnaire channel): the same people as the Stadtteil question's answers under no filter
 * but place and channel, so its options are kept where participation shows the count and withheld
 * where it withholds it — else "Schildgen 10" here and „verdeckt“ there would tell, from the 13
 * voices beside it, that 3 notes came from Schildgen. Null under a filter that counts others, and
 * when none of `entries` is a Stadtteil question: every caller that computes a `questionResult`
 * passes its entries here, so none can forget the check.
 */
function publishedByParticipation(
  db: DbOrTx,
  process: ProcessRow,
  query: ResponseFilter,
  entries: readonly CatalogEntry[],
  figuresOf: () => ReturnType<typeof participationByPlace> = () => participationByPlace(db, process),
): ((option: string, count: number) => boolean | null) | null {
  if (!entries.some((entry) => entry.question.type === 'stadtteil')) return null;
  if (query.band || query.language || query.version !== undefined || query.includeFlagged) return null;
  const figures = figuresOf();
  const figureOf = (option: string): Figure | undefined => {
    if (option === PLACE_OUTSIDE) return query.channel ? undefined : figures.outside.responses;
    const area = figures.stadtteile.find((s) => s.key === option);
    return query.channel ? area?.channels.find((c) => c.channel === query.channel)?.voices : area?.responses;
  };
  return (option, count) => {
    const figure = figureOf(option);
    if (!figure) return null;
    if (figure.suppressed) return false;
    return figure.count === count ? true : null;
  };
}

/** One question's figures under the respondents in `counting`; `elsewhere` says how participation publishes a Stadtteil question's options. */
function questionResult(entry: CatalogEntry, counting: Counting, respondents: number, threshold: number, elsewhere: Elsewhere = null): QuestionResult {
  const model = new Model();
  const read = buildQuestion(model, entry, { counting, respondents, elsewhere }, threshold);
  return read(model.solve(threshold));
}

type Elsewhere = ReturnType<typeof publishedByParticipation>;

/** The respondents of one answer (the figures of a filter) as a question's figures count them. */
interface View {
  counting: Counting;
  respondents: number;
  elsewhere: Elsewhere;
  /** A number question's bins as the whole's figures have them (else from this view's answers). */
  bins?: Array<{ from: number; to: number }> | undefined;
}

/** What every question publishes of those asked. */
const baseOf = (figures: Pick<QuestionResult, 'shown' | 'answered' | 'leftOut'>) => ({ shown: figures.shown, answered: figures.answered, leftOut: figures.leftOut });

/**
 * Adds one question's counts and sums under the view's respondents to `model`, and reads its
 * figures off the solved model. The counts a question adds depend only on the question (and a
 * number question's bins), never on the answers, so the figures of the parts of a partition line
 * up count by count with those of the whole (see `partitionResults`).
 */
function buildQuestion(model: Model, entry: CatalogEntry, view: View, threshold: number): Reader<QuestionResult> {
  const { counting, respondents, elsewhere } = view;
  const { question } = entry;
  const versions = [...entry.byVersion.keys()].filter((version) => counting.respondents.has(version)).sort((a, b) => a - b);
  const counts = {
    respondents,
    shown: [...entry.byVersion].reduce((sum, [version, asked]) => sum + shownIn(counting, entry.key, asked, version), 0),
    answered: sumOver(entry, counting, (tally) => tally.answered),
  };
  const common = { key: entry.key, title: question.title.de, fieldOfAction: question.fieldOfAction ?? null, sensitive: question.sensitive ?? false, versions };
  const byOption = (map: (tally: Tally) => Map<string, number>) => entry.options.map((option) => sumOver(entry, counting, (tally) => map(tally).get(option.key) ?? 0));
  switch (question.type) {
    case 'single':
    case 'stadtteil':
    case 'multi': {
      const multiple = question.type === 'multi';
      const options = byOption((tally) => (multiple ? tally.listed : tally.scalar));
      const published = question.type === 'stadtteil' && elsewhere ? entry.options.map((option, at) => elsewhere(option.key, options[at]!)) : undefined;
      const read = buildChoice(model, { ...counts, options, multiple, ...(published ? { elsewhere: published } : {}) });
      return (figure) => {
        const figures = read(figure);
        const result: ChoiceResult = {
          ...common,
          type: question.type,
          ...baseOf(figures),
          options: entry.options.map((option, index) => ({ ...option, count: figures.options[index]! })),
        };
        return result;
      };
    }
    case 'scale': {
      const range = scaleRange(entry);
      const steps = range.steps.map((step) => sumOver(entry, counting, (tally) => tally.scalar.get(String(step)) ?? 0));
      const noAnswer = range.allowNoAnswer ? sumOver(entry, counting, (tally) => tally.scalar.get(NO_ANSWER_KEY) ?? 0) : null;
      const read = buildScale(model, { ...counts, steps, noAnswer, min: range.min }, threshold);
      return (figure) => {
        const figures = read(figure);
        const result: ScaleResult = {
          ...common,
          type: 'scale',
          ...baseOf(figures),
          min: range.min,
          max: range.max,
          minLabel: question.scale.minLabel.de,
          maxLabel: question.scale.maxLabel.de,
          steps: range.steps.map((value, index) => ({ value, count: figures.steps[index]! })),
          noAnswer: figures.noAnswer,
          median: figures.median,
        };
        return result;
      };
    }
    case 'number': {
      const histogram = numberHistogram(entry, counting);
      const bins = view.bins ?? binsOf(entry, histogram);
      const inBin = (value: number) => Math.max(0, Math.min(bins.length - 1, bins.findIndex((bin) => value <= bin.to)));
      const binCounts = bins.map(() => 0);
      for (const [value, n] of histogram) if (bins.length > 0) binCounts[value > bins.at(-1)!.to ? bins.length - 1 : inBin(value)]! += n;
      const read = buildNumber(model, { ...counts, histogram, bins: binCounts }, threshold);
      return (figure) => {
        const figures = read(figure);
        const result: NumberResult = {
          ...common,
          type: 'number',
          ...baseOf(figures),
          min: figures.min,
          q1: figures.q1,
          median: figures.median,
          q3: figures.q3,
          max: figures.max,
          mean: figures.mean,
          bins: bins.map((bin, index) => ({ ...bin, count: figures.bins[index]! })),
        };
        return result;
      };
    }
    case 'ranking': {
      const places = placesOf(entry);
      const placed = byOption((tally) => tally.listed);
      const rankSums = byOption((tally) => tally.placeSums);
      const read = buildRanking(
        model,
        {
          ...counts,
          first: byOption((tally) => tally.first),
          placed,
          rankSums,
          byPlace: entry.options.map((option) => Array.from({ length: places }, (_, position) => sumOver(entry, counting, (tally) => tally.atPlace.get(`${position}:${option.key}`) ?? 0))),
          // Place r earns places − r + 1: Σ over placements = placed × (places + 1) − Σ r.
          points: placed.map((n, index) => Math.max(0, n * (places + 1) - rankSums[index]!)),
        },
        threshold,
      );
      return (figure) => {
        const figures = read(figure);
        const result: RankingResult = {
          ...common,
          type: 'ranking',
          ...baseOf(figures),
          places,
          options: entry.options.map((option, index) => ({ key: option.key, label: option.label, ...figures.options[index]! })),
        };
        return result;
      };
    }
  }
}

/**
 * A dimension that splits the respondents into parts with no one in two. The figures filtered to
 * each part and the figures of the whole are linked tables: the whole's count of an option is the
 * sum of the parts' counts, so with every Stadtbezirk's figures and the city's, one withheld
 * count in a row would be the city's count less the others. And the cross-table by Stadtbezirk
 * publishes the same counts once more. So the parts' figures are suppressed in one model with the
 * whole's (`partitionResults`), and the filtered figures and the cross-table read from it.
 * A single-choice question's answers are such a dimension too (its bands, and the cross-table
 * by it); the entry stands for it.
 */
type Dimension = 'place' | 'channel' | 'language' | 'version' | CatalogEntry | Chosen;

/**
 * A band of a multiple-choice question („Familiensprachen: Arabisch“): those who chose the option,
 * and everyone else, whom no filter names. The bands of one question overlap, so each is a
 * partition of its own.
 */
interface Chosen {
  chosen: CatalogEntry;
  option: string;
}
const isChosen = (dimension: Dimension): dimension is Chosen => typeof dimension === 'object' && 'chosen' in dimension;

const SPLIT_COLUMN = { place: 'stadtteil_key', channel: 'channel', language: 'language', version: 'survey_version' } as const;

const splitOf = (dimension: Dimension): repo.SplitColumn =>
  typeof dimension === 'string' ? SPLIT_COLUMN[dimension] : isChosen(dimension) ? { question: dimension.chosen.key, option: dimension.option } : { question: dimension.key };

/** Whether a question's answers split the respondents: one answer each at most. */
const splitsRespondents = (entry: CatalogEntry | undefined): entry is CatalogEntry => entry?.question.type === 'single';

/** Every dimension a filter narrows the respondents along (a Stadtbezirk and a Stadtteil are both the place). */
function splitDimensions(filter: ResponseFilter, catalog: Catalog): Dimension[] {
  const set: Dimension[] = [];
  if (filter.district || filter.stadtteil) set.push('place');
  if (filter.channel) set.push('channel');
  if (filter.language) set.push('language');
  if (filter.version !== undefined) set.push('version');
  const band = filter.band ? catalog.byKey.get(filter.band.question) : undefined;
  if (band?.question.type === 'multi') set.push({ chosen: band, option: filter.band!.option });
  else if (splitsRespondents(band)) set.push(band);
  return set;
}

/** The filter without its narrowing along `dimension`. */
function widerFilter<Query extends ResponseFilter>(filter: Query, dimension: Dimension): Query {
  const { district, stadtteil, channel, language, version, band, ...rest } = filter;
  return {
    ...rest,
    ...(typeof dimension === 'object' ? {} : { band }),
    ...(dimension === 'place' ? {} : { district, stadtteil }),
    ...(dimension === 'channel' ? {} : { channel }),
    ...(dimension === 'language' ? {} : { language }),
    ...(dimension === 'version' ? {} : { version }),
  } as Query;
}

/** One part of a partition: the split column's values it holds, its filter, and whether any answer publishes its figures. */
interface Part {
  key: string;
  values: Array<string | null>;
  query: ResponseFilter;
  published: boolean;
}

/** The parts of a partition and its sums: `sum` null is the whole. */
interface Partition {
  parts: Part[];
  sums: Array<{ sum: number | null; parts: number[] }>;
}

const placePartKey = (kind: 'district' | 'stadtteil', key: string) => (key === PLACE_OUTSIDE || key === PLACE_UNKNOWN ? key : `${kind}:${key}`);

/**
 * The parts along `dimension` under the wider filter: every value a filter can name, and every
 * other value the responses hold (a language since taken off the process) as a part of the sums
 * that nothing publishes. The place has two levels: the Stadtteile, and the Stadtbezirke that add
 * them up; both add up to the whole with „außerhalb“ and „unbekannt“.
 */
function partitionOf(dimension: Dimension, process: ProcessRow, parts: ProcessParts, wider: ResponseFilter, seen: ReadonlyArray<string | null>): Partition {
  const list: Part[] = [];
  const add = (key: string, values: Array<string | null>, query: Partial<ResponseFilter>, published = true) => list.push({ key, values, query: { ...wider, ...query }, published }) - 1;
  const rest = (named: ReadonlyArray<string | null>) => seen.filter((value) => !named.includes(value)).map((value) => add(`~${String(value)}`, [value], {}, false));
  if (dimension === 'place') {
    const stadtteile = parts.stadtteile.map((s) => add(placePartKey('stadtteil', s.key), [s.key], { stadtteil: s.key }));
    const edges = [add(PLACE_OUTSIDE, [PLACE_OUTSIDE], { stadtteil: PLACE_OUTSIDE }), add(PLACE_UNKNOWN, [null], { stadtteil: PLACE_UNKNOWN }), ...rest([...parts.stadtteile.map((s) => s.key), PLACE_OUTSIDE, null])];
    const districts = parts.districts.map((district) => {
      const inside = parts.stadtteile.flatMap((s, index) => (s.districtId === district.id ? [index] : []));
      return { index: add(placePartKey('district', district.key), inside.map((index) => parts.stadtteile[index]!.key), { district: district.key }), inside: inside.map((index) => stadtteile[index]!) };
    });
    return {
      parts: list,
      sums: [
        { sum: null, parts: [...stadtteile, ...edges] },
        { sum: null, parts: [...districts.map((d) => d.index), ...edges] },
        ...districts.filter((d) => d.inside.length > 0).map((d) => ({ sum: d.index, parts: d.inside })),
        // The whole as the Stadtbezirke with one of them written out in its Stadtteile: a Stadtteil withheld alone there is the whole less the rest.
        ...districts.filter((d) => d.inside.length > 0).map((d) => ({ sum: null, parts: [...districts.filter((other) => other !== d).map((other) => other.index), ...d.inside, ...edges] })),
      ],
    };
  }
  if (isChosen(dimension)) {
    const chose = add(dimension.option, ['chosen'], { band: { question: dimension.chosen.key, option: dimension.option } });
    const others = add(`~${PLACE_UNKNOWN}`, [null], {}, false);
    return { parts: list, sums: [{ sum: null, parts: [chose, others, ...rest(['chosen', null])] }] };
  }
  if (typeof dimension === 'object') {
    // A band per option (the answer's JSON as `chosen` groups it), and those who did not answer, whom no filter names but the cross-table's „nicht beantwortet“.
    const options = dimension.options.map((option) => add(option.key, [JSON.stringify(option.key)], { band: { question: dimension.key, option: option.key } }));
    const unanswered = add(PLACE_UNKNOWN, [null], {}, false);
    return { parts: list, sums: [{ sum: null, parts: [...options, unanswered, ...rest([...dimension.options.map((option) => JSON.stringify(option.key)), null])] }] };
  }
  const named: string[] =
    dimension === 'channel' ? [...RESPONSE_CHANNELS] : dimension === 'language' ? [...process.languages] : seen.filter((value): value is string => value !== null);
  const indexes = named.map((value) => add(value, [value], dimension === 'version' ? { version: Number(value) } : { [dimension]: value }));
  return { parts: list, sums: [{ sum: null, parts: [...indexes, ...rest(named)] }] };
}

/** Which part a filter along the partition's dimension names (-1: none, as a Stadtteil outside the Stadtbezirk asked for). */
function partFor(partition: Partition, dimension: Dimension, filter: ResponseFilter): number {
  if (dimension === 'place') {
    const key = filter.district && filter.stadtteil ? (filter.district === filter.stadtteil ? filter.district : null) : filter.stadtteil ? placePartKey('stadtteil', filter.stadtteil) : placePartKey('district', filter.district!);
    if (key !== null) return partition.parts.findIndex((part) => part.published && part.key === key);
    // Both set: the Stadtteil, where it lies in the Stadtbezirk.
    const district = partition.parts.find((part) => part.key === placePartKey('district', filter.district!));
    return district?.values.includes(filter.stadtteil!) ? partition.parts.findIndex((part) => part.key === placePartKey('stadtteil', filter.stadtteil!)) : -1;
  }
  const value = typeof dimension === 'object' ? filter.band?.option : dimension === 'version' ? String(filter.version) : dimension === 'channel' ? filter.channel : filter.language;
  return partition.parts.findIndex((part) => part.published && part.key === value);
}

/** The figures of the whole and of every part, per question, suppressed as one model per question. */
interface PartitionFigures {
  partition: Partition;
  /** The respondents under the wider filter, all parts together. */
  whole: View;
  /** Each part's respondents. */
  views: View[];
  results: Map<string, { whole: QuestionResult; parts: QuestionResult[]; withheld: boolean[][] }>;
}

/** What the entries' figures need of the respondents in scope, per value of a split: `repo.countSplit` and `repo.textAnswerCounts`. */
interface SplitCounts {
  counted: Map<string | null, repo.SplitPart>;
  texts: ReturnType<typeof repo.textAnswerCounts>;
}

function countSplitOf(db: DbOrTx, context: SurveyContext, scope: repo.RespondentScope, entries: CatalogEntry[], split: repo.SplitColumn | readonly repo.SplitColumn[]): SplitCounts {
  const asked = askFor(context.catalog, entries);
  return {
    counted: repo.countSplit(db, scope, { questionKeys: [...asked.keys], conditions: asked.conditions }, split),
    texts: repo.textAnswerCounts(db, scope, [...asked.textKeys], split),
  };
}

/** The counts along one of two crossed dimensions, added up from the counts of their cells (`repo.marginOfSplit`). */
const marginOf = (crossed: SplitCounts, at: 0 | 1, dimension: Dimension): SplitCounts => ({
  counted: repo.marginOfSplit(crossed.counted, at, splitOf(dimension) === 'survey_version'),
  texts: repo.marginOfTextCounts(crossed.texts, at),
});

/**
 * Counts the entries' figures under `scope` once per value of the split (one statement), and
 * makes the view of any set of values: a part is the respondents with one of its values.
 */
function splitViews(db: DbOrTx, context: SurveyContext, scope: repo.RespondentScope, entries: CatalogEntry[], split: repo.SplitColumn | readonly repo.SplitColumn[], counts?: SplitCounts) {
  const { process, catalog } = context;
  const asked = askFor(catalog, entries);
  const { counted, texts } = counts ?? countSplitOf(db, context, scope, entries, split);
  const parsed = new Map<string, ReturnType<typeof entriesOf>>();
  const entries$ = (json: string) => {
    let entries = parsed.get(json);
    if (!entries) parsed.set(json, (entries = entriesOf(json)));
    return entries;
  };
  const countingOf = (values: ReadonlyArray<string | null>): Counting => {
    const respondents = new Map<number, number>();
    const held = new Map<string, number>();
    const groups: repo.AnswerGroup[] = [];
    const textCounts = new Map<string, Map<number, number>>();
    for (const value of values) {
      const part = counted.get(value);
      if (!part) continue;
      groups.push(...part.groups);
      for (const [version, counts] of part.versions) {
        respondents.set(version, (respondents.get(version) ?? 0) + counts.inScope);
        asked.conditions.forEach((condition, index) => {
          if (condition.version === version) held.set(condition.key, (held.get(condition.key) ?? 0) + counts.held[index]!);
        });
      }
    }
    const wanted = new Set(values);
    for (const row of texts) {
      if (!wanted.has(row.split)) continue;
      if (!textCounts.has(row.question)) textCounts.set(row.question, new Map());
      const byVersion = textCounts.get(row.question)!;
      byVersion.set(row.version, (byVersion.get(row.version) ?? 0) + row.n);
    }
    for (const [version, n] of respondents) if (n === 0) respondents.delete(version);
    return { respondents, tallies: new Tallies(groups, entries$), texts: textCounts, held, cross: [], columnRespondents: [] };
  };
  /** The view of the respondents with one of `values`; `query` says how participation publishes them (null: as no filter names them, not at all). */
  const viewOf = (values: ReadonlyArray<string | null>, query: ResponseFilter | null): View => {
    const counting = countingOf(values);
    const respondents = [...counting.respondents.values()].reduce((sum, n) => sum + n, 0);
    return { counting, respondents, elsewhere: query ? publishedByParticipation(db, process, query, entries, context.participationFigures) : null };
  };
  return { seen: [...counted.keys()], viewOf };
}

/** The views that hold no respondent, so 0 in each of their `size` counts from `starts`. */
function emptyViews(model: Model, views: ReadonlyArray<{ view: View }>, starts: readonly number[], size: number): boolean[] {
  return views.map(({ view }, at) => view.respondents === 0 && model.counts.slice(starts[at]!, starts[at]! + size).every((count) => count === 0));
}

/**
 * The parts a sum is linked to: where all of them but one hold no respondent (Online before the
 * first paper questionnaire, Bezirk 1 × Online when no one of Bezirk 1 answered on paper), that
 * one alone, whose counts are then the sum's, count by count. Kept in, each zero of the empty
 * part stood alone in its sum as withheld and took the other part's count with it: filtered to
 * Online every figure read „verdeckt“ beside the unfiltered page's same numbers. Such a zero
 * concerns no one, and a reader who reads it as 0 (the filters' respondent figures tell it:
 * 20,000 of 20,000 online) learns no more than the sum; the model protects the one part as it
 * protects the sum, against a reader who knows the rest is empty, so never less than before.
 * With two or more parts that hold someone the sum keeps every part, as before.
 */
function linkedParts(parts: readonly number[], empty: readonly boolean[]): readonly number[] {
  const holding = parts.filter((part) => !empty[part]);
  return holding.length === 1 ? holding : parts;
}

/**
 * One question's figures in several views suppressed as one model: the views with `fixed` as
 * published elsewhere (withheld there, withheld here; published there, published here), the
 * others free to take the secondary suppression that `sums` (over the views, count by count) need.
 */
function solveLinked(entry: CatalogEntry, views: ReadonlyArray<{ view: View; fixed: readonly boolean[] | null }>, sums: ReadonlyArray<{ sum: number; parts: readonly number[] }>, bins: View['bins'], threshold: number) {
  const model = new Model();
  const starts: number[] = [];
  let size = -1;
  const readers = views.map(({ view, fixed }) => {
    const start = model.counts.length;
    starts.push(start);
    const read = buildQuestion(model, entry, { ...view, bins }, threshold);
    const added = model.counts.length - start;
    if (size >= 0 && added !== size) throw new Error(`The figures of ${entry.key} differ in shape between two parts`);
    size = added;
    if (fixed) for (let offset = 0; offset < size; offset += 1) model.fix(start + offset, fixed[offset]!);
    return read;
  });
  const empty = emptyViews(model, views, starts, size);
  for (const sum of sums) {
    const parts = linkedParts(sum.parts, empty);
    for (let offset = 0; offset < size; offset += 1) model.link(starts[sum.sum]! + offset, parts.map((part) => starts[part]! + offset));
  }
  const figure = model.solve(threshold);
  return readers.map((read, at) => ({ result: read(figure), withheld: Array.from({ length: size }, (_, offset) => figure(starts[at]! + offset).suppressed) }));
}

/**
 * Counts the entries' figures under the wider filter once per value of the dimension's column,
 * and suppresses each question's figures of the whole and of every part together: the whole's as
 * its own figures publish them (fixed, so the unfiltered page and this model agree), the parts'
 * free to take the secondary suppression their sums need.
 */
function partitionResults(db: DbOrTx, context: SurveyContext, readableFields: readonly string[], wider: ResponseFilter, entries: CatalogEntry[], dimension: Dimension, counts?: SplitCounts): PartitionFigures {
  const { process, parts, catalog, threshold } = context;
  const scope = resolveScope(process.id, parts, catalog, readableFields, wider);
  const { seen, viewOf } = splitViews(db, context, scope, entries, splitOf(dimension), counts);
  const partition = partitionOf(dimension, process, parts, wider, seen);
  const whole = viewOf(seen, wider);
  // A part no filter names is published by no participation figure either.
  const partViews = partition.parts.map((part) => viewOf(part.values, part.published ? part.query : null));
  const results = new Map<string, { whole: QuestionResult; parts: QuestionResult[]; withheld: boolean[][] }>();
  for (const entry of entries) {
    // A number question's bins as the whole has them, so that every part counts the same bins.
    const bins = entry.question.type === 'number' ? binsOf(entry, numberHistogram(entry, whole.counting)) : undefined;
    const [alone] = solveLinked(entry, [{ view: whole, fixed: null }], [], bins, threshold);
    const solved = solveLinked(
      entry,
      [{ view: whole, fixed: alone!.withheld }, ...partViews.map((view) => ({ view, fixed: null }))],
      partition.sums.map((sum) => ({ sum: sum.sum === null ? 0 : sum.sum + 1, parts: sum.parts.map((part) => part + 1) })),
      bins,
      threshold,
    );
    results.set(entry.key, { whole: solved[0]!.result, parts: solved.slice(1).map((part) => part.result), withheld: solved.slice(1).map((part) => part.withheld) });
  }
  return { partition, whole, views: partViews, results };
}

const DIMENSION_ORDER = ['place', 'channel', 'language', 'version'];
const dimensionRank = (dimension: Dimension) =>
  typeof dimension === 'string' ? String(DIMENSION_ORDER.indexOf(dimension)) : isChosen(dimension) ? `9:${dimension.chosen.key}:${dimension.option}` : `9:${dimension.key}`;

interface Crossed {
  rows: PartitionFigures;
  columns: PartitionFigures;
  cells: Map<string, QuestionResult[][]>;
}

/**
 * Two partitions crossed (Stadtbezirk × Kanal): the figures of every cell, under filters along
 * both dimensions, suppressed per question as one model with the figures along each dimension
 * alone (each `partitionResults`, fixed as published): a cell's row and its column add up to
 * those, so the Stadtbezirk's figures less its cells in the other channels cannot give a
 * withheld one away. `cells[i][j]`: part i of the first partition, part j of the second.
 */
function crossedResults(db: DbOrTx, context: SurveyContext, readableFields: readonly string[], wider: ResponseFilter, entries: CatalogEntry[], first: Dimension, second: Dimension): Crossed {
  // One order for the two, whoever asks: the suppression's choices follow the order of its sums.
  if (dimensionRank(first) > dimensionRank(second)) {
    const turned = crossedResults(db, context, readableFields, wider, entries, second, first);
    return { rows: turned.columns, columns: turned.rows, cells: new Map([...turned.cells].map(([key, cells]) => [key, turned.columns.partition.parts.map((_, j) => cells.map((row) => row[j]!))])) };
  }
  const { process, parts, catalog, threshold } = context;
  const scope = resolveScope(process.id, parts, catalog, readableFields, wider);
  // One statement counts the cells; each partition's parts are their sums along the other.
  const crossedCounts = countSplitOf(db, context, scope, entries, [splitOf(first), splitOf(second)]);
  const rows = partitionResults(db, context, readableFields, wider, entries, first, marginOf(crossedCounts, 0, first));
  const columns = partitionResults(db, context, readableFields, wider, entries, second, marginOf(crossedCounts, 1, second));
  const { viewOf } = splitViews(db, context, scope, entries, [splitOf(first), splitOf(second)], crossedCounts);
  const P = rows.partition.parts;
  const Q = columns.partition.parts;
  const cellViews = P.map((row) =>
    Q.map((column) => viewOf(row.values.flatMap((a) => column.values.map((b) => JSON.stringify([a, b]))), row.published && column.published ? { ...row.query, ...column.query } : null)),
  );
  // Views: the rows' margins, the columns' margins (both fixed), then the cells row by row.
  const cellAt = (i: number, j: number) => P.length + Q.length + i * Q.length + j;
  const sums: Array<{ sum: number; parts: number[] }> = [];
  Q.forEach((_, j) => {
    for (const sum of rows.partition.sums) sums.push({ sum: sum.sum === null ? P.length + j : cellAt(sum.sum, j), parts: sum.parts.map((i) => cellAt(i, j)) });
  });
  P.forEach((_, i) => {
    for (const sum of columns.partition.sums) sums.push({ sum: sum.sum === null ? i : cellAt(i, sum.sum), parts: sum.parts.map((j) => cellAt(i, j)) });
  });
  const cells = new Map<string, QuestionResult[][]>();
  for (const entry of entries) {
    const bins = entry.question.type === 'number' ? binsOf(entry, numberHistogram(entry, rows.whole.counting)) : undefined;
    const byRow = rows.results.get(entry.key)!;
    const byColumn = columns.results.get(entry.key)!;
    const solved = solveLinked(
      entry,
      [
        ...byRow.withheld.map((withheld, i) => ({ view: rows.views[i]!, fixed: withheld })),
        ...byColumn.withheld.map((withheld, j) => ({ view: columns.views[j]!, fixed: withheld })),
        ...cellViews.flat().map((view) => ({ view, fixed: null })),
      ],
      sums,
      bins,
      threshold,
    );
    cells.set(entry.key, P.map((_, i) => Q.map((__, j) => solved[cellAt(i, j)]!.result)));
  }
  return { rows, columns, cells };
}

const respondentsFigure = (respondents: number, threshold: number): Figure =>
  respondents < threshold ? { count: null, suppressed: true, reason: 'below_threshold' } : { count: respondents, suppressed: false };

const appliedFilter = (filter: ResponseFilter) => ({
  ...(filter.district ? { district: filter.district } : {}),
  ...(filter.stadtteil ? { stadtteil: filter.stadtteil } : {}),
  ...(filter.channel ? { channel: filter.channel } : {}),
  ...(filter.language ? { language: filter.language } : {}),
  ...(filter.band ? { band: filter.band } : {}),
  ...(filter.version !== undefined ? { version: filter.version } : {}),
  includeFlagged: filter.includeFlagged,
});

export interface ResultsArgs<Query> {
  processId: string;
  /** The fields of action the caller may read, decided before (with `field`: that field and its children). */
  readableFields: string[];
  query: Query;
}

/** The process with its threshold, places and survey questions. */
function surveyOf(db: DbOrTx, processId: string) {
  const process = findProcessById(db, processId);
  if (!process) throw new AppError(404, 'not_found', 'Process not found');
  const parts = loadProcessParts(db, process.id);
  let figures: ReturnType<typeof participationByPlace> | undefined;
  /** The participation figures by place, read once per answer however many models ask (the Stadtteil question's options are kept or withheld as they are). */
  const participationFigures = () => (figures ??= participationByPlace(db, process));
  return { process, threshold: process.suppressionThreshold, parts, catalog: buildCatalog(db, process.id, parts), participationFigures };
}

type SurveyContext = ReturnType<typeof surveyOf>;

/**
 * Under a filter along one dimension (a Stadtbezirk, a channel, …), the figures as the part of
 * that dimension's partition: suppressed together with the other parts and the whole, so no
 * other filter's figures, the unfiltered ones or the cross-table give a withheld count away.
 * Null under no such filter, or under filters along several dimensions.
 */
function filteredResults(db: DbOrTx, context: SurveyContext, readableFields: readonly string[], query: QuestionResultsQuery, entries: CatalogEntry[]): QuestionResult[] | null {
  const dimensions = splitDimensions(query, context.catalog);
  if (dimensions.length === 1) {
    const dimension = dimensions[0]!;
    const family = partitionResults(db, context, readableFields, widerFilter(query, dimension), entries, dimension);
    const part = partFor(family.partition, dimension, query);
    if (part < 0) return null;
    return entries.map((entry) => family.results.get(entry.key)!.parts[part]!);
  }
  if (dimensions.length === 2) {
    // Two at once (Bezirk 1 and Papier): a cell of the two partitions crossed.
    const [first, second] = dimensions as [Dimension, Dimension];
    const crossed = crossedResults(db, context, readableFields, widerFilter(widerFilter(query, first), second), entries, first, second);
    const row = partFor(crossed.rows.partition, first, query);
    const column = partFor(crossed.columns.partition, second, query);
    if (row < 0 || column < 0) return null;
    return entries.map((entry) => crossed.cells.get(entry.key)![row]![column]!);
  }
  return null;
}

/**
 * A cross-table's columns along a dimension the filters name too, as the filters' figures: under
 * no filter along a partition, the parts of the dimension's partition; under one along another
 * (by Stadtbezirk, filtered to Papier), that filter's column of the two crossed. The question's
 * own figures (the row totals) come from the same model. Null otherwise (two filters, or one along
 * the same dimension).
 */
function linkedColumns(db: DbOrTx, context: SurveyContext, readableFields: readonly string[], query: CrosstabQuery, entry: CatalogEntry, dimension: Dimension) {
  const filters = splitDimensions(query, context.catalog);
  if (filters.length === 0) {
    const family = partitionResults(db, context, readableFields, query, [entry], dimension);
    const results = family.results.get(entry.key)!;
    return { partition: family.partition, parts: results.parts, own: results.whole, counting: family.whole.counting };
  }
  const other = filters[0]!;
  const same = dimensionRank(other) === dimensionRank(dimension);
  if (filters.length > 1 || same) return null;
  const crossed = crossedResults(db, context, readableFields, widerFilter(query, other), [entry], dimension, other);
  const column = partFor(crossed.columns.partition, other, query);
  if (column < 0) return null;
  return {
    partition: crossed.rows.partition,
    parts: crossed.cells.get(entry.key)!.map((row) => row[column]!),
    own: crossed.columns.results.get(entry.key)!.parts[column]!,
    counting: crossed.columns.views[column]!.counting,
  };
}

/** The figures of every closed question the caller may read (or of `query.question`, or of `query.field`'s questions). */
export function computeQuestionResults(db: DbOrTx, args: ResultsArgs<QuestionResultsQuery>): QuestionResults {
  const { query, readableFields } = args;
  const context = surveyOf(db, args.processId);
  const { process, threshold, parts, catalog } = context;
  const scope = resolveScope(process.id, parts, catalog, readableFields, query);
  refuseWithheldSlices(db, scope, catalog, threshold);
  const entries = query.question
    ? [askedFor(catalog, query.question, readableFields, 'question')]
    : catalog.entries.filter((entry) => (query.field ? entry.question.fieldOfAction !== undefined && readableFields.includes(entry.question.fieldOfAction) : readable(entry, readableFields)));
  // Under filters along one or two partitions the figures are a part's (`filteredResults`), which counts its answers
  // itself: here only the respondents, and the refusal of a filter that singles out a few.
  const partitioned = [1, 2].includes(splitDimensions(query, catalog).length);
  const counting = count(db, scope, catalog, partitioned ? [] : entries, threshold);
  const respondents = [...counting.respondents.values()].reduce((sum, n) => sum + n, 0);
  const alone = () => {
    const elsewhere = publishedByParticipation(db, process, query, entries);
    const answers = partitioned ? count(db, scope, catalog, entries, threshold) : counting;
    return entries.map((entry) => questionResult(entry, answers, respondents, threshold, elsewhere));
  };
  return {
    threshold,
    filter: appliedFilter(query),
    respondents: respondentsFigure(respondents, threshold),
    questions: (partitioned ? filteredResults(db, context, readableFields, query, entries) : null) ?? alone(),
    breakdowns: catalog.entries.filter(isBreakdown).map((entry) => ({ key: entry.key, title: entry.question.title.de })),
  };
}

/**
 * Refuses respondent filters exactly as `computeQuestionResults` refuses them before it counts an
 * answer — 400 for a place or band the survey lacks, 422 `too_few_respondents` for a filter that
 * leaves fewer than the threshold, leaves out fewer, or keeps a band's or version's withheld count —
 * without counting the answers: for figures that must not say more about these respondents than
 * the per-question figures do (the page's count of questionnaires).
 */
export function checkRespondentFilter(db: DbOrTx, args: ResultsArgs<ResponseFilter>): void {
  const { process, threshold, parts, catalog } = surveyOf(db, args.processId);
  const scope = resolveScope(process.id, parts, catalog, args.readableFields, args.query);
  refuseWithheldSlices(db, scope, catalog, threshold);
  count(db, scope, catalog, [], threshold);
}

/**
 * A question every results reader may break a cross-table down by: one of no field of action with
 * choices (the demographics). A Stadtteil question is the dimension `stadtteil`; a scale or a
 * ranking is what is broken down, not a breakdown.
 */
const isBreakdown = (entry: CatalogEntry) => !entry.question.fieldOfAction && (entry.question.type === 'single' || entry.question.type === 'multi');

interface Column {
  key: string;
  label: string;
}

/** The columns of a cross-tabulation and how a response's raw value finds its column. */
function columnsOf(
  by: CrosstabQuery['by'],
  process: ProcessRow,
  parts: ProcessParts,
  filter: ResponseFilter,
  dimensionEntry: CatalogEntry | null,
): { columns: Column[]; source: repo.ColumnSource; keysOf: (raw: string | null) => string[]; title: string } {
  const outside = { key: PLACE_OUTSIDE, label: OUTSIDE_LABEL };
  const unknown = { key: PLACE_UNKNOWN, label: UNKNOWN_LABEL };
  const placeKey = (raw: string | null) => (raw === PLACE_OUTSIDE ? PLACE_OUTSIDE : typeof raw === 'string' && parts.stadtteile.some((s) => s.key === raw) ? raw : PLACE_UNKNOWN);
  switch (by.dimension) {
    case 'district': {
      const districtOf = new Map(parts.stadtteile.map((s) => [s.key, parts.districts.find((d) => d.id === s.districtId)!.key]));
      return {
        columns: [...parts.districts.map((d) => ({ key: d.key, label: d.name })), outside, unknown],
        source: { column: 'stadtteil_key' },
        keysOf: (raw) => [districtOf.get(placeKey(raw)) ?? placeKey(raw)],
        title: 'Stadtbezirk',
      };
    }
    case 'stadtteil':
      return { columns: [...parts.stadtteile.map((s) => ({ key: s.key, label: s.name })), outside, unknown], source: { column: 'stadtteil_key' }, keysOf: (raw) => [placeKey(raw)], title: 'Stadtteil' };
    case 'channel':
      return {
        columns: RESPONSE_CHANNELS.filter((c) => !filter.channel || c === filter.channel).map((c) => ({ key: c, label: CHANNEL_LABELS[c] })),
        source: { column: 'channel' },
        keysOf: (raw) => [String(raw)],
        title: 'Kanal',
      };
    case 'language':
      return {
        columns: process.languages.filter((l) => !filter.language || l === filter.language).map((l) => ({ key: l, label: LANGUAGE_LABELS[l] })),
        source: { column: 'language' },
        keysOf: (raw) => [String(raw)],
        title: 'Sprache',
      };
    case 'question': {
      const entry = dimensionEntry!;
      const values: Column[] =
        entry.question.type === 'scale'
          ? [...scaleRange(entry).steps.map((step) => ({ key: String(step), label: String(step) })), ...(scaleRange(entry).allowNoAnswer ? [{ key: NO_ANSWER_KEY, label: NO_ANSWER_LABEL }] : [])]
          : entry.options.map(({ key, label }) => ({ key, label }));
      return {
        columns: [...values, { key: PLACE_UNKNOWN, label: 'nicht beantwortet' }],
        source: { question: entry.key },
        // Not answered: NULL; a list answer is in the column of each entry; "keine Angabe" of a scale in its own.
        keysOf: (raw) => (raw === null ? [PLACE_UNKNOWN] : entriesOf(raw).map((entry) => valueKey(entry.value))),
        title: entry.question.title.de,
      };
    }
  }
}

/** A closed question broken down by a dimension, suppressed with its totals and consistent with the question's own figures. */
export function computeCrosstab(db: DbOrTx, args: ResultsArgs<CrosstabQuery>): Crosstab {
  const { query, readableFields } = args;
  const context = surveyOf(db, args.processId);
  const { process, threshold, parts, catalog } = context;
  const entry = askedFor(catalog, query.question, readableFields, 'question');
  if (entry.question.type === 'number') throw badRequest('invalid_question', `${entry.key} is a number question: its results give its distribution in bins`, [{ path: 'question', message: 'a number question has no rows to break down' }]);
  let dimensionEntry: CatalogEntry | null = null;
  if (query.by.question !== null) {
    dimensionEntry = askedFor(catalog, query.by.question, readableFields, 'by');
    if (dimensionEntry.question.type === 'ranking' || dimensionEntry.question.type === 'number' || dimensionEntry.key === entry.key) {
      throw badRequest('invalid_dimension', 'Break a question down by a choice or scale question other than itself', [{ path: 'by', message: 'not a choice or scale question' }]);
    }
  }
  const scope = resolveScope(process.id, parts, catalog, readableFields, query);
  refuseWithheldSlices(db, scope, catalog, threshold);
  const { columns, source, keysOf, title } = columnsOf(query.by, process, parts, query, dimensionEntry);
  // The question's own figures and the table's cells come from the same rows, so both answers suppress alike.
  // By a dimension the filters name too (Stadtbezirk, Stadtteil, Kanal, Sprache, a single-choice question's bands), under no filter along one: each column is that filter's figures, suppressed with the others as one partition (`partitionResults`), which counts the cells itself.
  const dimension: Dimension | null =
    query.by.dimension === 'district' || query.by.dimension === 'stadtteil'
      ? 'place'
      : query.by.dimension === 'channel' || query.by.dimension === 'language'
        ? query.by.dimension
        : splitsRespondents(dimensionEntry ?? undefined)
          ? dimensionEntry
          : null;
  const linked = dimension ? linkedColumns(db, context, readableFields, query, entry, dimension) : null;
  // The whole of the partition is the question's own figures; counted again only to refuse a filter that singles out a few.
  const narrowed = scope.band !== undefined || scope.place !== undefined || scope.channel !== undefined || scope.language !== undefined || scope.version !== undefined;
  const ownCounts = linked && !narrowed ? linked.counting : count(db, scope, catalog, [entry], threshold, linked ? undefined : { question: entry.key, columns: source });
  const respondents = [...ownCounts.respondents.values()].reduce((sum, n) => sum + n, 0);
  // A Stadtteil question's options are withheld as the question's own figures withhold them, where participation publishes them too.
  const own = linked ? linked.own : questionResult(entry, ownCounts, respondents, threshold, publishedByParticipation(db, process, query, [entry]));

  // Rows: the question's options (first places for a ranking) or steps, with their totals from the question's own figures.
  type Row = { key: string; label: string; other: boolean; total: Figure; count: number };
  // A number question was refused above: it has no rows.
  let rows: Row[] = [];
  let stepRows: number[] | undefined;
  const sum = (read: (tally: Tally) => number) => sumOver(entry, ownCounts, read);
  if (own.type === 'scale') {
    rows = own.steps.map((step) => ({ key: String(step.value), label: String(step.value), other: false, total: step.count, count: sum((t) => t.scalar.get(String(step.value)) ?? 0) }));
    stepRows = rows.map((_, index) => index);
    if (own.noAnswer) rows.push({ key: NO_ANSWER_KEY, label: NO_ANSWER_LABEL, other: false, total: own.noAnswer, count: sum((t) => t.scalar.get(NO_ANSWER_KEY) ?? 0) });
  } else if (own.type === 'ranking') {
    rows = own.options.map((option) => ({ key: option.key, label: option.label, other: false, total: option.first, count: sum((t) => t.first.get(option.key) ?? 0) }));
  } else if (own.type !== 'number') {
    const listed = own.type === 'multi';
    rows = own.options.map((option) => ({ ...option, total: option.count, count: sum((t) => (listed ? t.listed : t.scalar).get(option.key) ?? 0) }));
  }

  const common = {
    threshold,
    filter: appliedFilter(query),
    respondents: respondentsFigure(respondents, threshold),
    question: { key: entry.key, type: entry.question.type, title: entry.question.title.de, fieldOfAction: entry.question.fieldOfAction ?? null },
    by: { dimension: query.by.dimension, question: query.by.question, title },
    measure: entry.question.type === 'ranking' ? ('first' as const) : ('respondents' as const),
    rows: rows.map(({ key, label, other }) => ({ key, label, other })),
    columns,
    // The row totals are the question's own figures, so „Gesamt“ has the question's own median, withheld as there.
    totalMedian: own.type === 'scale' ? own.median : null,
  };

  if (linked && dimension) {
    const byDimension = query.by.dimension;
    const columnResults = columns.map((column) => {
      const key = dimension === 'place' ? placePartKey(byDimension === 'district' ? 'district' : 'stadtteil', column.key) : column.key;
      return linked.parts[linked.partition.parts.findIndex((part) => part.key === key)]!;
    });
    const cellOf = (result: QuestionResult, row: number): Figure => {
      if (result.type === 'scale') return row < result.steps.length ? result.steps[row]!.count : result.noAnswer!;
      if (result.type === 'ranking') return result.options[row]!.first;
      if (result.type === 'number') throw new Error('a number question has no rows');
      return result.options[row]!.count;
    };
    return {
      ...common,
      cells: rows.map((_, row) => columnResults.map((result) => cellOf(result, row))),
      rowTotals: rows.map((row) => row.total),
      columnTotals: columnResults.map((result) => result.answered),
      total: own.answered,
      medians: own.type === 'scale' ? columnResults.map((result) => (result as ScaleResult).median) : null,
    };
  }

  const rowIndex = new Map(rows.map((row, index) => [row.key, index]));
  const columnIndex = new Map(columns.map((column, index) => [column.key, index]));
  const cells = rows.map(() => new Array<number>(columns.length).fill(0));
  const columnTotals = new Array<number>(columns.length).fill(0);
  for (const group of ownCounts.cross) {
    const entries = entriesOf(group.value);
    for (const key of new Set(keysOf(group.column))) {
      const column = columnIndex.get(key);
      if (column === undefined) continue;
      columnTotals[column]! += group.n;
      // A ranking counts its first place; a list answer each entry; any other its one value.
      for (const item of entries) {
        if (entry.question.type === 'ranking' && item.position !== 0) continue;
        const row = rowIndex.get(valueKey(item.value));
        if (row !== undefined) cells[row]![column]! += group.n;
      }
    }
  }
  // Per column everyone in it and those shown the question, known from the question's figures filtered to the column (or the tables by it).
  const columnBases = columns.map(() => ({ respondents: 0, shown: 0 }));
  for (const group of ownCounts.columnRespondents) {
    for (const key of new Set(keysOf(group.column))) {
      const column = columnIndex.get(key);
      if (column === undefined) continue;
      columnBases[column]!.respondents += group.respondents;
      columnBases[column]!.shown += group.shown;
    }
  }
  const answered = sum((t) => t.answered);
  const figures = gridFigures(
    {
      cells,
      rowTotals: rows.map((row) => row.count),
      columnTotals,
      total: answered,
      rowsPartition: entry.question.type !== 'multi',
      hiddenRowTotals: rows.map((row) => row.total.suppressed),
      hiddenTotal: own.answered.suppressed,
      columnBases,
      ...(stepRows ? { stepRows } : {}),
    },
    threshold,
  );
  const scale = own.type === 'scale' ? own : null;
  return {
    ...common,
    cells: figures.cells,
    rowTotals: figures.rowTotals,
    columnTotals: figures.columnTotals,
    total: figures.total,
    medians:
      scale && stepRows && figures.stepCounts && figures.stepFigures
        ? columns.map((_, c) =>
            medianStatistic(
              median(stepRows!.map((r) => cells[r]![c]!), scale.min),
              figures.stepFigures![c]!,
              figures.stepCounts![c]!,
              stepRows!.map((r) => figures.cells[r]![c]!),
              threshold,
            ),
          )
        : null,
  };
}

/** Market days a stall season may have; far above any real one. */
const MAX_MARKET_DAYS = 500;

/**
 * The dot votes of the market days the caller may read: poster questions (left out under a
 * field filter) and the fields-of-action boards with the caller's top-level fields, added up by
 * field and Stadtteil; suppressed as one model. Of the page's filters only the field of action and
 * the market day's place (Stadtbezirk, Stadtteil) apply: dots carry no channel, language or
 * personal detail. A −1 before its +1 never makes a count negative.
 */
export function computeDotVotes(db: DbOrTx, args: ResultsArgs<DotVoteQuery>): DotVotes {
  const { query, readableFields } = args;
  const { process, threshold, parts } = surveyOf(db, args.processId);
  const fields = parts.fields.filter((field) => field.parentKey === null && readableFields.includes(field.key)).map((field) => ({ key: field.key, label: field.label.de }));
  const nameOf = new Map(parts.stadtteile.map((s) => [s.key, s.name]));
  let inPlace: (key: string | null) => boolean = () => true;
  if (query.district || query.stadtteil) {
    const scope = resolveScope(process.id, parts, { entries: [], byKey: new Map(), anyByKey: new Map() }, readableFields, { district: query.district, stadtteil: query.stadtteil, includeFlagged: false });
    const place = scope.place!;
    inPlace = (key) => (key === null ? place.unknown : place.keys.includes(key));
  }
  const tallies = new Map<string, Map<string, number>>();
  for (const row of repo.dotVoteTallies(db, process.id)) {
    if (!tallies.has(row.marketDayId)) tallies.set(row.marketDayId, new Map());
    tallies.get(row.marketDayId)!.set(row.option, Math.max(0, row.dots));
  }
  const days = stallRepo
    .listMarketDays(db, process.id, MAX_MARKET_DAYS)
    .filter((day) => inPlace(day.stadtteilKey) && !(query.field && day.boardOptions))
    .map((day) => {
      const options = day.boardOptions ?? fields;
      const counts = options.map((option) => tallies.get(day.id)?.get(option.key) ?? 0);
      return { day, options, counts };
    })
    .filter((board) => board.counts.some((n) => n > 0));
  const columnKeys = [...new Set(days.filter((board) => !board.day.boardOptions).map((board) => board.day.stadtteilKey ?? PLACE_UNKNOWN))];
  const columns = [
    ...parts.stadtteile.filter((s) => columnKeys.includes(s.key)).map((s) => ({ key: s.key, label: s.name })),
    ...(columnKeys.includes(PLACE_OUTSIDE) ? [{ key: PLACE_OUTSIDE, label: OUTSIDE_LABEL }] : []),
    ...(columnKeys.includes(PLACE_UNKNOWN) ? [{ key: PLACE_UNKNOWN, label: UNKNOWN_LABEL }] : []),
  ];
  const figures = dotVoteFigures(
    {
      boards: days.map((board) => ({
        options: board.counts,
        grid: board.day.boardOptions ? null : { column: columns.findIndex((c) => c.key === (board.day.stadtteilKey ?? PLACE_UNKNOWN)), rows: board.options.map((_, index) => index) },
      })),
      rows: fields.length,
      columns: columns.length,
    },
    threshold,
  );
  return {
    threshold,
    boards: days.map((board, index) => ({
      marketDayId: board.day.id,
      date: board.day.date,
      place: board.day.place,
      stadtteil: board.day.stadtteilKey ? { key: board.day.stadtteilKey, label: nameOf.get(board.day.stadtteilKey) ?? OUTSIDE_LABEL } : null,
      question: board.day.boardOptions ? board.day.boardQuestion : null,
      options: board.options.map((option, o) => ({ key: option.key, label: option.label, count: figures.boards[index]!.options[o]! })),
      total: figures.boards[index]!.total,
    })),
    byStadtteil: { fields, stadtteile: columns, cells: figures.grid.cells, fieldTotals: figures.grid.rowTotals, stadtteilTotals: figures.grid.columnTotals, total: figures.grid.total },
  };
}
