import { citeId } from '../../../shared/api/quotes.ts';
import type { AggregateDimension, AggregateResult, AggregateTable } from '../../../shared/api/results.ts';
import { CHANNEL_LABELS, KIND_LABELS, LANGUAGE_LABELS } from '../../../shared/results/labels.ts';
import { coordinates, type SuppressedCrossTable } from '../../../shared/results/suppress.ts';
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
}): AggregateResult {
  return {
    threshold: input.threshold,
    dimensions: input.dimensions,
    values: input.values,
    fields: input.fields,
    contributions: presentTable(input.contributions, input.values),
    responses: input.responses ? presentTable(input.responses, input.values) : null,
  };
}

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
}

export function presentExportRow(row: ExportRowFacts, area: string | null, fieldLabels: ReadonlyMap<string, string>): ExportRow {
  return {
    citeId: citeId(row.citeSeq!),
    month: row.day.slice(0, 7),
    fields: (row.fields?.split(',') ?? []).map((key) => fieldLabels.get(key) ?? key).join('; '),
    kind: row.kind ? KIND_LABELS[row.kind] : '',
    channel: CHANNEL_LABELS[row.channel],
    language: row.language ? LANGUAGE_LABELS[row.language] : '',
    area: area ?? '',
    text: row.maskedText,
  };
}
