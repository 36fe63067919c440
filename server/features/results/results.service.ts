import type { Db } from '../../../db/index.ts';
import { RESPONSE_DIMENSIONS, type AggregateDimension, type AggregateResult, type ResultsFilter } from '../../../shared/api/results.ts';
import type { Crosstab, CrosstabQuery, DotVoteQuery, DotVotes, QuestionResults, QuestionResultsQuery } from '../../../shared/api/question-results.ts';
import { computeCrosstab, computeDotVotes, computeQuestionResults } from './question-results.ts';
import { CHANNELS, NOTE_KINDS, PLACE_OUTSIDE, PLACE_UNKNOWN } from '../../../shared/domain.ts';
import { CHANNEL_LABELS, KIND_LABELS, LANGUAGE_LABELS, OUTSIDE_LABEL, UNKNOWN_LABEL } from '../../../shared/results/labels.ts';
import { breakdownOf, suppressBreakdown, suppressCrossTable, suppressTogether, type Breakdown, type CrossTable, type Range, type Relation, type SuppressedCrossTable } from '../../../shared/results/suppress.ts';
import { allQuestions } from '../../../shared/survey/definition.ts';
import { AppError, badRequest, forbidden } from '../../errors.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import { readableFields } from './working-group.service.ts';
import { loadProcessParts, type ProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import { presentAggregate } from './results.presenter.ts';
import * as repo from './results.repo.ts';

/** One counted voice, a contribution or a questionnaire, reduced to what dimensions read. */
interface Voice {
  channel: string;
  kind: string | null;
  language: string | null;
  stadtteilKey: string | null;
  day: string;
  fields: string[];
}

export interface Scope {
  process: ProcessRow;
  parts: ProcessParts;
  fields: string[];
  filter: ResultsFilter;
  voiceFilter: repo.VoiceFilter;
}

/**
 * Who may see which fields, and the filters turned into what the repo understands; 403/400 before
 * any data is read, 422 for a filter that keeps a withheld count (`refuseWithheldFilters`).
 */
export function resolveScope(db: Db, process: ProcessRow, user: UserRow, filter: ResultsFilter, includeFlagged = false, checked?: CheckedFilters): Scope {
  const scope = scopeOf(db, process, user, filter, includeFlagged);
  refuseWithheldOnce(db, scope, { district: filter.district, channel: filter.channel }, checked);
  return scope;
}

/**
 * The filters `refuseWithheldFilters` let through within one request, for a request that asks for
 * many tables under one filter (an export: its counts, the questions, each question by district):
 * the check counts the process's voices by the filtered dimensions, so it runs once, not per table.
 */
export type CheckedFilters = Set<string>;

/** What a filter narrows that the results tables also count by: a place, a channel, a language. */
export interface NarrowingFilter {
  district?: string | undefined;
  stadtteil?: string | undefined;
  channel?: string | undefined;
  language?: string | undefined;
  field?: string | undefined;
}

/**
 * Refuses (422 `too_few_respondents`) a filter that keeps a place, channel or language, or a
 * combination of them, whose count the tables by those dimensions withhold for another count's
 * sake (secondary suppression). The filtered figures add up to that count, and with a table's
 * total and shown cells it would give the other withheld ones away: Bezirk 3 withheld only because
 * "außerhalb" holds 3, its filtered total of 18 tells "außerhalb" exactly. (A count withheld for
 * itself, under the threshold, is withheld in the filtered figures as well.) Checked against every
 * table the caller can ask for without the filter: each combination of the filtered dimensions,
 * contributions and questionnaires.
 */
export function refuseWithheldFilters(db: Db, process: ProcessRow, user: UserRow, filter: NarrowingFilter, includeFlagged = false, checked?: CheckedFilters): void {
  refuseWithheldOnce(db, scopeOf(db, process, user, { ...(filter.field ? { field: filter.field } : {}) }, includeFlagged), filter, checked);
}

/** `refuseWithheld`, unless `checked` holds this filter already: what it depends on (the caller's fields, the flagged responses, the kept keys) names it. */
function refuseWithheldOnce(db: Db, scope: Scope, filter: NarrowingFilter, checked: CheckedFilters | undefined): void {
  const key = JSON.stringify([scope.process.id, scope.fields, scope.filter.field ?? null, scope.voiceFilter.includeFlagged, filter.stadtteil ?? null, filter.district ?? null, filter.channel ?? null, filter.language ?? null]);
  if (checked?.has(key)) return;
  refuseWithheld(db, scope, filter);
  checked?.add(key);
}

function refuseWithheld(db: Db, scope: Scope, filter: NarrowingFilter): void {
  const kept: Array<[AggregateDimension, string]> = [];
  if (filter.stadtteil) kept.push(['stadtteil', filter.stadtteil]);
  else if (filter.district) kept.push(['district', filter.district]);
  if (filter.channel) kept.push(['channel', filter.channel]);
  if (filter.language) kept.push(['language', filter.language]);
  if (kept.length === 0) return;
  // The tables the filter is checked against are those without it: the caller's fields, nothing else narrowed.
  const unfiltered: Scope = { ...scope, filter: { ...(scope.filter.field ? { field: scope.filter.field } : {}) }, voiceFilter: { includeFlagged: scope.voiceFilter.includeFlagged } };
  const threshold = scope.process.suppressionThreshold;
  // All the filter's dimensions first: the tables by fewer of them add its groups up (`readGroups`).
  for (let subset = (1 << kept.length) - 1; subset >= 1; subset -= 1) {
    const dimensions = kept.filter((_, index) => subset & (1 << index));
    const counts = countScope(db, unfiltered, dimensions.map(([name]) => name));
    const at = dimensions.map(([, key], d) => counts.values[d]!.findIndex((value) => value.key === key));
    // A key no table lists counts nobody: the filter's own checks refuse it.
    if (at.some((index) => index < 0)) continue;
    for (const which of ['contributions', 'responses'] as const) {
      const table = counts[which];
      if (!table) continue;
      const suppressed = suppressScopeTable(db, unfiltered, dimensions.map(([name]) => name), counts, which);
      const offset = at.reduce((sum, index, d) => sum * table.sizes[d]! + index, 0);
      const [cell, count] = at.length === 1 ? [suppressed.margins[0]![at[0]!]!, table.margins[0]![at[0]!]!] : [suppressed.cells[offset]!, table.cells[offset]!];
      // Withheld for itself (under the threshold), it is withheld in the filtered figures too; withheld for another's sake, they would show it.
      if (cell.suppressed && count >= threshold) throw withheldFilter(threshold);
    }
  }
}

function withheldFilter(threshold: number): AppError {
  return new AppError(
    422,
    'too_few_respondents',
    `This filter keeps a place, channel or language whose count the results tables withhold so that a count under ${threshold} cannot be worked out from them; its figures would give that count away. Choose a wider filter.`,
    { threshold, which: 'withheld' },
  );
}

function scopeOf(db: Db, process: ProcessRow, user: UserRow, filter: ResultsFilter, includeFlagged: boolean): Scope {
  if (includeFlagged && user.role !== 'admin') throw forbidden();
  const fields = readableFields(db, process, user, filter.field);
  const parts = loadProcessParts(db, process.id);
  let place: repo.PlaceFilter | undefined;
  if (filter.district === PLACE_OUTSIDE) place = { keys: [PLACE_OUTSIDE], unknown: false };
  else if (filter.district === PLACE_UNKNOWN) place = { keys: [], unknown: true };
  else if (filter.district) {
    const district = parts.districts.find((d) => d.key === filter.district);
    if (!district) throw badRequest('unknown_district', `No statistical district ${filter.district}`, [{ path: 'district', message: 'unknown district' }]);
    place = { keys: parts.stadtteile.filter((s) => s.districtId === district.id).map((s) => s.key), unknown: false };
  }
  return { process, parts, fields, filter, voiceFilter: { channel: filter.channel, place, includeFlagged } };
}

interface Dimension {
  values: Array<{ key: string; label: string }>;
  keysOf: (voice: Voice) => string[];
}

/** Every month from the first to the last a voice was given in, so a quiet month shows as such. */
function months(voices: Voice[]): string[] {
  const seen = voices.map((voice) => voice.day.slice(0, 7)).sort();
  const all: string[] = [];
  if (seen.length === 0) return all;
  let [year, month] = seen[0]!.split('-').map(Number) as [number, number];
  for (let key = seen[0]!; key <= seen[seen.length - 1]!; key = `${year}-${String(month).padStart(2, '0')}`) {
    all.push(key);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return all;
}

function dimension(name: AggregateDimension, scope: Scope, voices: Voice[]): Dimension {
  const { parts, filter, fields } = scope;
  const districtOf = new Map(parts.stadtteile.map((s) => [s.key, parts.districts.find((d) => d.id === s.districtId)!.key]));
  const placeKey = (key: string | null) => (key && districtOf.has(key) ? key : key === PLACE_OUTSIDE ? PLACE_OUTSIDE : PLACE_UNKNOWN);
  const elsewhere = [
    { key: PLACE_OUTSIDE, label: OUTSIDE_LABEL },
    { key: PLACE_UNKNOWN, label: UNKNOWN_LABEL },
  ];
  const district = parts.districts.find((d) => d.key === filter.district);
  // Under a place or language filter (a Stadtteil of „Befragte eingrenzen“ too) the values outside it
  // count nobody by definition: they are left out rather than listed as "< 5".
  const { place, language } = scope.voiceFilter;
  const inPlace = (key: string) => !place || (key === PLACE_UNKNOWN ? place.unknown : place.keys.includes(key));
  const districtInPlace = (key: string) => inPlace(key) || (!!place && parts.stadtteile.some((s) => place.keys.includes(s.key) && districtOf.get(s.key) === key));
  switch (name) {
    case 'field':
      return { values: parts.fields.filter((f) => fields.includes(f.key)).map((f) => ({ key: f.key, label: f.label.de })), keysOf: (voice) => voice.fields };
    case 'district': {
      const values = [...parts.districts.map((d) => ({ key: d.key, label: d.name })), ...elsewhere];
      return { values: values.filter((v) => (filter.district ? v.key === filter.district : districtInPlace(v.key))), keysOf: (voice) => [districtOf.get(placeKey(voice.stadtteilKey)) ?? placeKey(voice.stadtteilKey)] };
    }
    case 'stadtteil': {
      const values = [
        ...parts.stadtteile.filter((s) => !filter.district || s.districtId === district?.id).map((s) => ({ key: s.key, label: s.name })),
        ...elsewhere.filter((v) => !filter.district || v.key === filter.district),
      ].filter((v) => inPlace(v.key));
      return { values, keysOf: (voice) => [placeKey(voice.stadtteilKey)] };
    }
    case 'channel':
      return { values: CHANNELS.filter((c) => !filter.channel || c === filter.channel).map((c) => ({ key: c, label: CHANNEL_LABELS[c] })), keysOf: (voice) => [voice.channel] };
    case 'kind':
      return {
        values: [...NOTE_KINDS.map((k) => ({ key: k, label: KIND_LABELS[k] })), { key: PLACE_UNKNOWN, label: UNKNOWN_LABEL }],
        keysOf: (voice) => [voice.kind ?? PLACE_UNKNOWN],
      };
    case 'language':
      return {
        values: [...scope.process.languages.map((l) => ({ key: l, label: LANGUAGE_LABELS[l] })), { key: PLACE_UNKNOWN, label: UNKNOWN_LABEL }].filter((v) => !language || v.key === language),
        keysOf: (voice) => [voice.language ?? PLACE_UNKNOWN],
      };
    case 'month':
      return { values: months(voices).map((m) => ({ key: m, label: m })), keysOf: (voice) => [voice.day.slice(0, 7)] };
  }
}

/** The counts of a scope over dimensions before suppression, with the dimensions' values: what aggregates and the export tables present. */
export interface ScopeCounts {
  values: Array<Array<{ key: string; label: string }>>;
  contributions: CrossTable;
  responses: CrossTable | null;
}

/** The columns a dimension reads of a voice. */
const RAW_OF: Readonly<Record<AggregateDimension, repo.RawColumn | null>> = {
  field: null,
  district: 'stadtteil',
  stadtteil: 'stadtteil',
  channel: 'channel',
  kind: 'kind',
  language: 'language',
  month: 'month',
};

const voiceOf = (group: repo.VoiceGroup): Voice => ({
  channel: group.channel ?? '',
  kind: group.kind,
  language: group.language,
  stadtteilKey: group.stadtteil,
  day: group.month ? `${group.month}-01` : '',
  fields: group.field ? [group.field] : [],
});

/**
 * Tabulates counted groups as `tabulate` tabulates voices: `groups` hold one count per voice
 * (margins of every dimension but the field, the total, and the cells when there is no field
 * dimension); `pairs`, when a dimension is the field, one count per (voice, field) pair (that
 * dimension's margin and the cells). A group with a key outside a dimension's values is left out,
 * as `tabulate` leaves such a voice out.
 */
function tabulateGroups(dimensions: Dimension[], fieldIndex: number, values: string[][], groups: repo.VoiceGroup[], pairs: repo.VoiceGroup[]): CrossTable {
  const sizes = values.map((list) => list.length);
  const positions = values.map((list) => new Map(list.map((key, index) => [key, index])));
  const cells = new Array<number>(sizes.reduce((product, size) => product * size, 1)).fill(0);
  const margins = sizes.map((size) => new Array<number>(size).fill(0));
  let total = 0;
  const indexesOf = (group: repo.VoiceGroup, withField: boolean) => {
    const voice = voiceOf(group);
    return dimensions.map((d, i) => (i === fieldIndex && !withField ? -1 : (positions[i]!.get(d.keysOf(voice)[0] ?? '') ?? undefined)));
  };
  const offset = (indexes: number[]) => indexes.reduce((sum, index, d) => sum * sizes[d]! + index, 0);
  for (const group of groups) {
    const indexes = indexesOf(group, false);
    if (indexes.some((index) => index === undefined)) continue;
    total += group.n;
    indexes.forEach((index, d) => {
      if (d !== fieldIndex) margins[d]![index!]! += group.n;
    });
    if (fieldIndex === -1) cells[offset(indexes as number[])]! += group.n;
  }
  for (const pair of pairs) {
    const indexes = indexesOf(pair, true);
    if (indexes.some((index) => index === undefined)) continue;
    margins[fieldIndex]![indexes[fieldIndex]!]! += pair.n;
    cells[offset(indexes as number[])]! += pair.n;
  }
  return { sizes, cells, margins, total };
}

/**
 * The grouped reads of a scope, kept for as long as the scope object lives (one request): the
 * tables one request asks for over the same columns (a list's places by Stadtbezirk and by
 * Stadtteil, each under every field, the districts' sums beside the Stadtteile) read the voices
 * once instead of once per table. Groups over some of the columns of a read already made are that
 * read's groups added up (every voice has one value in each column), so the tables by each
 * dimension of a filter along two (`refuseWithheld`) read nothing more. A scope is never changed
 * once made; another filter is another scope.
 */
const groupReads = new WeakMap<Scope, Map<string, { columns: readonly repo.RawColumn[]; groups: repo.VoiceGroup[] }>>();

function readGroups(scope: Scope, source: 'contributions' | 'responses', columns: readonly repo.RawColumn[], byField: boolean, read: () => repo.VoiceGroup[]): repo.VoiceGroup[] {
  let reads = groupReads.get(scope);
  if (!reads) groupReads.set(scope, (reads = new Map()));
  const key = `${source} ${columns.join(',')} ${byField}`;
  let kept = reads.get(key);
  if (!kept) {
    const wider = [...reads].find(([other, entry]) => other.startsWith(`${source} `) && other.endsWith(` ${byField}`) && columns.every((column) => entry.columns.includes(column)))?.[1];
    // (Over no column at all SQLite answers one row even where nothing counts: read that.)
    kept = { columns, groups: wider && (columns.length > 0 || byField || wider.groups.length > 0) ? sumGroups(wider.groups, columns) : read() };
    reads.set(key, kept);
  }
  return kept.groups;
}

/** Groups over `columns` from groups over more columns: the other columns set to none and equal groups added up. */
function sumGroups(groups: readonly repo.VoiceGroup[], columns: readonly repo.RawColumn[]): repo.VoiceGroup[] {
  const sums = new Map<string, repo.VoiceGroup>();
  for (const group of groups) {
    const narrowed = { ...group };
    for (const column of repo.RAW_COLUMNS) if (!columns.includes(column)) narrowed[column] = null;
    const id = JSON.stringify([...repo.RAW_COLUMNS.map((column) => narrowed[column]), narrowed.field]);
    const sum = sums.get(id);
    if (sum) sum.n += group.n;
    else sums.set(id, narrowed);
  }
  return [...sums.values()];
}

/**
 * The counts of a scope over dimensions before suppression, counted in SQL: GROUP BY over the
 * columns the dimensions read (never a row per voice into JavaScript), then the few groups
 * mapped onto the dimensions' values.
 */
export function countScope(db: Db, scope: Scope, by: AggregateDimension[], options: { responses?: boolean } = {}): ScopeCounts {
  const columns = [...new Set(by.map((name) => RAW_OF[name]).filter((column) => column !== null))];
  const fieldIndex = by.indexOf('field');
  const withResponses = options.responses !== false && by.every((name) => RESPONSE_DIMENSIONS.includes(name));
  const contributionsBy = (pairs: boolean) => groupsOf(db, scope, 'contributions', columns, pairs);
  const responsesBy = (pairs: boolean) => groupsOf(db, scope, 'responses', columns, pairs);
  const contributionGroups = contributionsBy(false);
  const responseGroups = withResponses ? responsesBy(false) : [];
  const dimensions = by.map((name) => dimension(name, scope, [...contributionGroups, ...responseGroups].map(voiceOf)));
  const values = dimensions.map((d) => d.values.map((v) => v.key));
  const table = (groups: repo.VoiceGroup[], pairs: () => repo.VoiceGroup[]) => tabulateGroups(dimensions, fieldIndex, values, groups, fieldIndex === -1 ? [] : pairs());
  return {
    values: dimensions.map((d) => d.values),
    contributions: table(contributionGroups, () => contributionsBy(true)),
    responses: withResponses ? table(responseGroups, () => responsesBy(true)) : null,
  };
}

/** The scope's contributions or questionnaires counted by `columns` (and by field), read once per scope (`readGroups`). */
function groupsOf(db: Db, scope: Scope, source: 'contributions' | 'responses', columns: readonly repo.RawColumn[], pairs: boolean): repo.VoiceGroup[] {
  const { process, fields, voiceFilter } = scope;
  return readGroups(scope, source, columns, pairs, () => {
    if (source === 'contributions') return repo.groupContributions(db, process.id, fields, voiceFilter, columns, pairs);
    const fieldOfQuestion = new Map<string, string>();
    for (const definition of repo.listSurveyDefinitions(db, process.id)) {
      for (const question of allQuestions(definition)) if (question.fieldOfAction && fields.includes(question.fieldOfAction)) fieldOfQuestion.set(question.key, question.fieldOfAction);
    }
    return repo.groupResponses(db, process.id, fieldOfQuestion, voiceFilter, columns, pairs);
  });
}

/**
 * A table of the scope's counts over `by`, suppressed: each dimension's values withheld exactly
 * where the table of that dimension alone withholds them, and the total where any table of the
 * scope's voices does (`oneWayTables`).
 */
export function suppressScopeTable(db: Db, scope: Scope, by: readonly AggregateDimension[], counts: ScopeCounts, which: 'contributions' | 'responses'): SuppressedCrossTable {
  const table = counts[which]!;
  const decided = oneWayTables(db, scope, which);
  const margins = by.map((name, d) => counts.values[d]!.map((value) => decided.withheld(name, value.key)));
  return suppressCrossTable(table, scope.process.suppressionThreshold, { margins, total: decided.total, known: decided.known });
}

/** How the tables of one dimension of a scope's voices publish them: which values they withhold, whether the total, and what they tell of it then. */
interface OneWayTables {
  total: boolean;
  known: Range | undefined;
  withheld: (name: AggregateDimension, key: string) => boolean;
}

const oneWayReads = new WeakMap<Scope, Partial<Record<'contributions' | 'responses', OneWayTables>>>();

/** The one-dimensional tables of a scope solved as one: the Stadtbezirke with their Stadtteile (`place`), each other dimension by itself. */
type OneWayGroup = 'place' | Exclude<AggregateDimension, 'district' | 'stadtteil'>;
const groupOf = (name: AggregateDimension): OneWayGroup => (name === 'district' || name === 'stadtteil' ? 'place' : name);

/**
 * The one-dimensional tables of a scope's contributions or questionnaires, by each dimension,
 * suppressed together (`suppressTogether`): they all publish the same total. The Stadtbezirke
 * and their Stadtteile are one breakdown, each Stadtbezirk the sum of its Stadtteile: a
 * Stadtbezirk's 16 beside its four Stadtteile at "< 5", 4 each, is withheld in the table by
 * Stadtbezirk too. A table withholds the total only where all its values are withheld and the
 * total pins them, so at most the threshold for each of its values: only such tables are read
 * to decide it (a city's thousands of voices need none), all of them where the total is withheld
 * (then each one's range of it counts), and otherwise each by itself where a table by it is
 * asked for — from the groups the request has read already (`readGroups`).
 */
function oneWayTables(db: Db, scope: Scope, which: 'contributions' | 'responses'): OneWayTables {
  let kept = oneWayReads.get(scope);
  if (!kept) oneWayReads.set(scope, (kept = {}));
  const known = kept[which];
  if (known) return known;
  const threshold = scope.process.suppressionThreshold;
  const groups: OneWayGroup[] = which === 'contributions' ? ['place', 'channel', 'kind', 'language', 'month', 'field'] : ['place', 'channel', 'language', 'month', 'field'];
  const entries = new Map<OneWayGroup, { names: AggregateDimension[]; keys: string[][]; breakdown: Breakdown }>();
  const entryOf = (group: OneWayGroup) => {
    let entry = entries.get(group);
    if (entry) return entry;
    if (group === 'place') {
      const place = placeBreakdown(db, scope, which);
      entry = { names: ['district', 'stadtteil'], keys: [place.districts, place.stadtteile], breakdown: place.breakdown };
    } else {
      // (The months of either source are the table by month's values, so that one reads both.)
      const counts = countScope(db, scope, [group], { responses: which === 'responses' || group === 'month' });
      entry = { names: [group], keys: [counts.values[0]!.map((value) => value.key)], breakdown: breakdownOf(counts[which]!.margins[0]!, counts[which]!.total) };
    }
    entries.set(group, entry);
    return entry;
  };
  // At most how many values each table lists.
  const values: Record<OneWayGroup, () => number> = {
    place: () => scope.parts.stadtteile.length + 2,
    channel: () => CHANNELS.length,
    kind: () => NOTE_KINDS.length + 1,
    language: () => scope.process.languages.length + 1,
    field: () => scope.fields.length,
    month: () => monthSpan(db, scope),
  };
  const total = groupsOf(db, scope, which, [], false).reduce((sum, group) => sum + group.n, 0);
  let solvedGroups = groups.filter((group) => total <= threshold * values[group]());
  let together = suppressTogether(
    solvedGroups.map((group) => entryOf(group).breakdown),
    threshold,
  );
  if (together.total && solvedGroups.length < groups.length) {
    solvedGroups = groups;
    together = suppressTogether(
      groups.map((group) => entryOf(group).breakdown),
      threshold,
    );
  }
  const reasons = new Map(solvedGroups.map((group, at) => [group, together.reasons[at]!]));
  const decided: OneWayTables = {
    total: together.total,
    known: together.known,
    withheld: (name, key) => {
      const group = groupOf(name);
      const entry = entryOf(group);
      let list = reasons.get(group);
      // A table that could not withhold the total: by itself, the total kept.
      if (!list) reasons.set(group, (list = suppressBreakdown(entry.breakdown, threshold, { hidden: false })));
      const d = entry.names.indexOf(name);
      const index = entry.keys[d]!.indexOf(key);
      // A value no table of the dimension lists counts nobody: withheld as any empty count is.
      if (index < 0) return true;
      const offset = entry.keys.slice(0, d).reduce((sum, keys) => sum + keys.length, 0);
      return list[offset + index] !== null;
    },
  };
  kept[which] = decided;
  return decided;
}

/**
 * How many months the table by month of a scope can list at most: it lists every month from the
 * first voice to the last, of contributions and questionnaires alike, so from the earliest of the
 * process's contributions and questionnaires to the latest (read without counting anything).
 */
function monthSpan(db: Db, scope: Scope): number {
  const { first, last } = repo.voiceMonths(db, scope.process.id);
  if (!first || !last) return 0;
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  return index(last) - index(first) + 1;
}

/**
 * The Stadtbezirke and the Stadtteile of a scope's voices as one breakdown: the districts'
 * counts, the Stadtteile's, the total; each district the sum of its Stadtteile ("außerhalb" and
 * "ohne Angabe" are both), and the total the sum of either list.
 */
function placeBreakdown(db: Db, scope: Scope, which: 'contributions' | 'responses'): { breakdown: Breakdown; districts: string[]; stadtteile: string[] } {
  const { parts } = scope;
  const byDistrict = countScope(db, scope, ['district'], { responses: which === 'responses' });
  const byStadtteil = countScope(db, scope, ['stadtteil'], { responses: which === 'responses' });
  const districts = byDistrict[which]!;
  const stadtteile = byStadtteil[which]!;
  const districtOf = new Map<string, string>([
    ...parts.stadtteile.map((s) => [s.key, parts.districts.find((d) => d.id === s.districtId)!.key] as const),
    [PLACE_OUTSIDE, PLACE_OUTSIDE],
    [PLACE_UNKNOWN, PLACE_UNKNOWN],
  ]);
  const districtKeys = byDistrict.values[0]!.map((value) => value.key);
  const stadtteilKeys = byStadtteil.values[0]!.map((value) => value.key);
  const start = districtKeys.length;
  const counts = [...districts.margins[0]!, ...stadtteile.margins[0]!, districts.total];
  const last = counts.length - 1;
  const relations: Relation[] = [
    { sum: last, parts: districtKeys.map((_, index) => index) },
    { sum: last, parts: stadtteilKeys.map((_, index) => start + index) },
  ];
  districtKeys.forEach((district, d) => {
    const members = stadtteilKeys.flatMap((key, index) => (districtOf.get(key) === district ? [start + index] : []));
    if (members.length > 0) relations.push({ sum: d, parts: members });
  });
  return { breakdown: { counts, relations, coarse: start }, districts: districtKeys, stadtteile: stadtteilKeys };
}

/**
 * The scope's counts over `by`, suppressed; with `withoutResponses`, the questionnaires left out
 * (`responsesWithheld`) where the per-question figures refuse the scope's respondent filters.
 */
export function aggregateScope(db: Db, scope: Scope, by: AggregateDimension[], withoutResponses = false): AggregateResult {
  const counts = countScope(db, scope, by);
  const threshold = scope.process.suppressionThreshold;
  return presentAggregate({
    threshold,
    dimensions: by,
    values: counts.values,
    fields: scope.fields,
    contributions: suppressScopeTable(db, scope, by, counts, 'contributions'),
    responses: counts.responses && !withoutResponses ? suppressScopeTable(db, scope, by, counts, 'responses') : null,
    responsesWithheld: Boolean(counts.responses) && withoutResponses,
  });
}

/** Per-question figures: access first (403 for a field or question the caller may not read, or flagged responses for a non-admin), then counting. */
export function questionResults(db: Db, process: ProcessRow, user: UserRow, query: QuestionResultsQuery, checked?: CheckedFilters): QuestionResults {
  if (query.includeFlagged && user.role !== 'admin') throw forbidden();
  refuseWithheldFilters(db, process, user, query, query.includeFlagged, checked);
  return computeQuestionResults(db, { processId: process.id, readableFields: readableFields(db, process, user, query.field), query });
}

/** A question broken down by a dimension, under the same access rule. */
export function crosstab(db: Db, process: ProcessRow, user: UserRow, query: CrosstabQuery, checked?: CheckedFilters): Crosstab {
  if (query.includeFlagged && user.role !== 'admin') throw forbidden();
  refuseWithheldFilters(db, process, user, query, query.includeFlagged, checked);
  return computeCrosstab(db, { processId: process.id, readableFields: readableFields(db, process, user, undefined), query });
}

/** The dot votes of the market days: poster questions and the caller's fields of action. */
export function dotVotes(db: Db, process: ProcessRow, user: UserRow, query: DotVoteQuery): DotVotes {
  return computeDotVotes(db, { processId: process.id, readableFields: readableFields(db, process, user, query.field), query });
}
