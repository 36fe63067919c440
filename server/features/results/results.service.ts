import { setImmediate as nextTick } from 'node:timers/promises';
import type { Db } from '../../../db/index.ts';
import { RESPONSE_DIMENSIONS, type AggregateDimension, type AggregateQuery, type AggregateResult, type ResultsFilter } from '../../../shared/api/results.ts';
import type { Crosstab, CrosstabQuery, DotVoteQuery, DotVotes, QuestionResults, QuestionResultsQuery } from '../../../shared/api/question-results.ts';
import { computeCrosstab, computeDotVotes, computeQuestionResults } from './question-results.ts';
import { CHANNELS, NOTE_KINDS, PLACE_OUTSIDE, PLACE_UNKNOWN } from '../../../shared/domain.ts';
import { CHANNEL_LABELS, KIND_LABELS, LANGUAGE_LABELS, OUTSIDE_LABEL, UNKNOWN_LABEL } from '../../../shared/results/labels.ts';
import { suppressCrossTable } from '../../../shared/results/suppress.ts';
import { tabulate, type VoiceKeys } from '../../../shared/results/tabulate.ts';
import { allQuestions } from '../../../shared/survey/definition.ts';
import { badRequest, forbidden } from '../../errors.ts';
import { localDay } from '../../time.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import { areaNamer, readableFields } from '../moderation/working-group.service.ts';
import { loadProcessParts, type ProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import { presentAggregate, presentCountTable, presentExportRow, type CountTable, type ExportRow } from './results.presenter.ts';
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

interface Scope {
  process: ProcessRow;
  parts: ProcessParts;
  fields: string[];
  filter: ResultsFilter;
  voiceFilter: repo.VoiceFilter;
}

/** Who may see which fields, and the filters turned into what the repo understands; 403/400 before any data is read. */
function resolveScope(db: Db, process: ProcessRow, user: UserRow, filter: ResultsFilter, includeFlagged = false): Scope {
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

function loadVoices(db: Db, scope: Scope): { contributions: Voice[]; responses: Voice[] } {
  const { process, fields, voiceFilter } = scope;
  const fieldOfQuestion = new Map<string, string>();
  for (const definition of repo.listSurveyDefinitions(db, process.id)) {
    for (const question of allQuestions(definition)) if (question.fieldOfAction && fields.includes(question.fieldOfAction)) fieldOfQuestion.set(question.key, question.fieldOfAction);
  }
  return {
    contributions: repo.contributionFacts(db, process.id, fields, voiceFilter).map((row) => ({ ...row, fields: row.fields?.split(',') ?? [] })),
    responses: repo.responseFacts(db, process.id, [...fieldOfQuestion.keys()], voiceFilter).map((row) => ({
      ...row,
      kind: null,
      fields: [...new Set(row.questions.split(',').map((key) => fieldOfQuestion.get(key)!))],
    })),
  };
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
  switch (name) {
    case 'field':
      return { values: parts.fields.filter((f) => fields.includes(f.key)).map((f) => ({ key: f.key, label: f.label.de })), keysOf: (voice) => voice.fields };
    case 'district': {
      const values = [...parts.districts.map((d) => ({ key: d.key, label: d.name })), ...elsewhere];
      return { values: values.filter((v) => !filter.district || v.key === filter.district), keysOf: (voice) => [districtOf.get(placeKey(voice.stadtteilKey)) ?? placeKey(voice.stadtteilKey)] };
    }
    case 'stadtteil': {
      const values = [
        ...parts.stadtteile.filter((s) => !filter.district || s.districtId === district?.id).map((s) => ({ key: s.key, label: s.name })),
        ...elsewhere.filter((v) => !filter.district || v.key === filter.district),
      ];
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
        values: [...scope.process.languages.map((l) => ({ key: l, label: LANGUAGE_LABELS[l] })), { key: PLACE_UNKNOWN, label: UNKNOWN_LABEL }],
        keysOf: (voice) => [voice.language ?? PLACE_UNKNOWN],
      };
    case 'month':
      return { values: months(voices).map((m) => ({ key: m, label: m })), keysOf: (voice) => [voice.day.slice(0, 7)] };
  }
}

function aggregateScope(db: Db, scope: Scope, by: AggregateDimension[]): AggregateResult {
  const voices = loadVoices(db, scope);
  const dimensions = by.map((name) => dimension(name, scope, [...voices.contributions, ...voices.responses]));
  const values = dimensions.map((d) => d.values.map((v) => v.key));
  const threshold = scope.process.suppressionThreshold;
  const table = (list: Voice[]) => suppressCrossTable(tabulate(list.map((voice): VoiceKeys => dimensions.map((d) => d.keysOf(voice))), values), threshold);
  return presentAggregate({
    threshold,
    dimensions: by,
    values: dimensions.map((d) => d.values),
    fields: scope.fields,
    contributions: table(voices.contributions),
    responses: by.every((name) => RESPONSE_DIMENSIONS.includes(name)) ? table(voices.responses) : null,
  });
}

/** Suppressed counts for a working group's fields (or any, for an admin). */
export function aggregates(db: Db, process: ProcessRow, user: UserRow, query: AggregateQuery): AggregateResult {
  const { by, includeFlagged, ...filter } = query;
  return aggregateScope(db, resolveScope(db, process, user, filter, includeFlagged), by);
}

/** Rows fetched per query while an export streams; the connection is free between pages. */
const EXPORT_PAGE = 500;

/** Everything an export file holds, ready for the CSV, XLSX and PDF writers. */
export interface ExportSource {
  processTitle: string;
  /** "Arbeit & Beschäftigung", or the list of the caller's fields. */
  scopeLabel: string;
  fields: Array<{ key: string; label: string }>;
  exportedOn: string;
  threshold: number;
  /** Counts by statistical district and by channel, suppressed. */
  tables: CountTable[];
  /** The contributions, oldest first, page by page; with `onlyField` those under that field. A new iteration each call. */
  rows: (onlyField?: string) => AsyncGenerator<ExportRow>;
  filename: (extension: string) => string;
}

/** What a working group may take away: its contributions (masked, month, coarse place) and the suppressed tables. */
export function exportSource(db: Db, process: ProcessRow, user: UserRow, filter: ResultsFilter): ExportSource {
  const scope = resolveScope(db, process, user, filter);
  const { parts, fields, voiceFilter } = scope;
  const fieldList = parts.fields.filter((f) => fields.includes(f.key)).map((f) => ({ key: f.key, label: f.label.de }));
  const labelOf = new Map(fieldList.map((f) => [f.key, f.label]));
  const parentOf = new Map(parts.fields.map((f) => [f.key, f.parentKey]));
  const nameArea = areaNamer(parts, repo.countByStadtteil(db, process.id, fields, voiceFilter), process.suppressionThreshold);
  const exportedOn = localDay();

  async function* rows(onlyField?: string): AsyncGenerator<ExportRow> {
    let cursor: repo.ExportCursor | null = null;
    for (;;) {
      const page = repo.pageExportRows(db, process.id, fields, voiceFilter, cursor, EXPORT_PAGE, onlyField);
      for (const row of page) yield presentExportRow(row, nameArea(row.stadtteilKey), labelOf);
      if (page.length < EXPORT_PAGE) return;
      cursor = { day: page[page.length - 1]!.day, id: page[page.length - 1]!.id };
      // Let other requests use the database between pages.
      await nextTick();
    }
  }

  return {
    processTitle: process.title.de,
    scopeLabel: filter.field ? labelOf.get(filter.field)! : fieldList.filter((f) => !labelOf.has(parentOf.get(f.key) ?? '')).map((f) => f.label).join(', '),
    fields: fieldList,
    exportedOn,
    threshold: process.suppressionThreshold,
    tables: [
      presentCountTable('Stadtbezirk', aggregateScope(db, scope, ['district'])),
      presentCountTable('Kanal', aggregateScope(db, scope, ['channel'])),
    ],
    rows,
    filename: (extension) => `mitreden-${process.slug}-${filter.field ?? 'alle-handlungsfelder'}-${exportedOn}.${extension}`,
  };
}

/** Per-question figures: access first (403 for a field or question the caller may not read, or flagged responses for a non-admin), then counting. */
export function questionResults(db: Db, process: ProcessRow, user: UserRow, query: QuestionResultsQuery): QuestionResults {
  if (query.includeFlagged && user.role !== 'admin') throw forbidden();
  return computeQuestionResults(db, { processId: process.id, readableFields: readableFields(db, process, user, query.field), query });
}

/** A question broken down by a dimension, under the same access rule. */
export function crosstab(db: Db, process: ProcessRow, user: UserRow, query: CrosstabQuery): Crosstab {
  if (query.includeFlagged && user.role !== 'admin') throw forbidden();
  return computeCrosstab(db, { processId: process.id, readableFields: readableFields(db, process, user, undefined), query });
}

/** The dot votes of the market days: poster questions and the caller's fields of action. */
export function dotVotes(db: Db, process: ProcessRow, user: UserRow, query: DotVoteQuery): DotVotes {
  return computeDotVotes(db, { processId: process.id, readableFields: readableFields(db, process, user, query.field), query });
}
