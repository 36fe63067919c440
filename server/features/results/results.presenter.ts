import { citeId } from '../../../shared/api/quotes.ts';
import type { PublicContribution } from '../../../shared/api/moderation.ts';
import { RESPONSE_CHANNELS } from '../../../shared/api/question-results.ts';
import type { AggregateDimension, AggregateResult, AggregateTable } from '../../../shared/api/results.ts';
import { CHANNEL_LABELS, KIND_LABELS, LANGUAGE_LABELS } from '../../../shared/results/labels.ts';
import { coordinates, type SuppressedCrossTable } from '../../../shared/results/suppress.ts';
import { stripBidiControls } from '../../../shared/text/normalize.ts';
import type { ContributionRow } from '../contributions/contributions.repo.ts';
import type { ExportRowFacts } from './results.repo.ts';

type Values = Array<Array<{ key: string; label: string }>>;

function presentTable(table: SuppressedCrossTable, values: Values): AggregateTable {
  const sizes = values.map((list) => list.length);
  return {
    cells: table.cells.map((cell, index) => ({ keys: coordinates(index, sizes).map((position, d) => values[d]![position]!.key), ...cell })),
    margins: table.margins.map((margin, d) => margin.map((cell, position) => ({ key: values[d]![position]!.key, ...cell }))),
    total: table.total,
  };
}

export function presentAggregate(input: {
  threshold: number;
  dimensions: AggregateDimension[];
  values: Values;
  fields: string[];
  contributions: SuppressedCrossTable;
  responses: SuppressedCrossTable | null;
  responsesWithheld?: boolean;
}): AggregateResult {
  return {
    threshold: input.threshold,
    dimensions: input.dimensions,
    values: input.values,
    fields: input.fields,
    contributions: presentTable(input.contributions, input.values),
    responses: input.responses ? presentTable(input.responses, input.values) : null,
    responsesWithheld: input.responsesWithheld ?? false,
  };
}

/**
 * The "Art" of a contribution without one, in words, so that a filter in Excel offers it by name:
 * a questionnaire's free text is never sorted into idea, concern, question or praise; a note of
 * the market stall, a conference or a workshop may be left unsorted by the staff who wrote it.
 */
export const NO_KIND_LABELS = { response: 'ohne Art (Fragebogen)', note: 'ohne Art (nicht zugeordnet)' } as const;

const kindLabel = (row: Pick<ExportRowFacts, 'kind' | 'channel'>): string =>
  row.kind ? KIND_LABELS[row.kind] : (RESPONSE_CHANNELS as readonly string[]).includes(row.channel) ? NO_KIND_LABELS.response : NO_KIND_LABELS.note;

/** One contribution as an export prints it. Field by field: the masked text, the month, a coarse place. */
export interface ExportRow {
  /** "B-1042", as the quote browser and moderation show it. */
  citeId: string;
  month: string;
  fields: string;
  kind: string;
  channel: string;
  language: string;
  area: string;
  text: string;
  /** The moderators' German rendering of a voice in another language, masked; empty without one. */
  german: string;
}

export function presentExportRow(row: ExportRowFacts, area: string | null, fieldLabels: ReadonlyMap<string, string>): ExportRow {
  return {
    citeId: citeId(row.citeSeq!),
    month: row.day.slice(0, 7),
    fields: (row.fields?.split(',') ?? []).map((key) => fieldLabels.get(key) ?? key).join('; '),
    kind: kindLabel(row),
    channel: CHANNEL_LABELS[row.channel],
    language: row.language ? LANGUAGE_LABELS[row.language] : '',
    area: area ?? '',
    text: row.maskedText,
    german: row.german ?? '',
  };
}

/** Working groups get the masked text and the month, never the original or the exact day. */
export function presentPublicContribution(row: ContributionRow, area: string | null, fields: string[]): PublicContribution {
  return {
    id: row.id,
    citeId: citeId(row.citeSeq!),
    channel: row.channel,
    kind: row.kind,
    // Stored text carries no bidi override since migration 0007; the page must not depend on that.
    text: stripBidiControls(row.maskedText),
    language: row.language,
    fieldsOfAction: fields,
    area,
    capturedOn: row.capturedOn.slice(0, 7),
  };
}
