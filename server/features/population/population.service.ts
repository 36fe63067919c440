import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { Db, DbOrTx } from '../../../db/index.ts';
import { isoDateSchema } from '../../../shared/domain.schema.ts';
import type { PopulationImport, PopulationImportResult, PopulationList, PopulationProblem, PopulationReferenceProblem } from '../../../shared/api/population.ts';
import { POPULATION_CATEGORY_LABELS, POPULATION_DIMENSION_LABELS, POPULATION_DIMENSIONS, type PopulationDimension } from '../../../shared/population.ts';
import { AppError, badRequest } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { loadProcessParts, type ProcessParts } from '../processes/processes.repo.ts';
import { getProcess } from '../processes/processes.service.ts';
import * as repo from './population.repo.ts';

const DIMENSIONS = Object.keys(POPULATION_DIMENSIONS) as PopulationDimension[];

/** A header as written, made comparable: lower case, one space, dashes and "bis" as "-". */
const normalizeHeader = (header: string) =>
  header
    .toLowerCase()
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/\s*(?:-|\bbis\b)\s*/g, '-')
    .replace(/^alter /, '')
    .trim();

type Column = { kind: 'stadtteil' } | { kind: 'total' } | { kind: 'part'; dimension: PopulationDimension; category: string };

const HEADERS = new Map<string, Column>([
  ['stadtteil', { kind: 'stadtteil' }],
  ['stadtteil-nr', { kind: 'stadtteil' }],
  ['nummer', { kind: 'stadtteil' }],
  ['einwohner', { kind: 'total' }],
  ['einwohnerinnen und einwohner', { kind: 'total' }],
  ['bevölkerung', { kind: 'total' }],
  ['insgesamt', { kind: 'total' }],
  ['0-17', { kind: 'part', dimension: 'age', category: 'under-18' }],
  ['65+', { kind: 'part', dimension: 'age', category: '65-plus' }],
  ['65 und mehr', { kind: 'part', dimension: 'age', category: '65-plus' }],
  ['ausländerinnen und ausländer', { kind: 'part', dimension: 'nationality', category: 'foreign' }],
  ['nichtdeutsche', { kind: 'part', dimension: 'nationality', category: 'foreign' }],
  ['mit einwanderungsgeschichte: selbst eingewandert', { kind: 'part', dimension: 'immigration', category: 'immigrated' }],
  ['mit einwanderungsgeschichte: nachkommen von eingewanderten', { kind: 'part', dimension: 'immigration', category: 'descendants' }],
]);
for (const dimension of DIMENSIONS) {
  for (const category of POPULATION_DIMENSIONS[dimension]) {
    HEADERS.set(normalizeHeader(POPULATION_CATEGORY_LABELS[dimension][category]!), { kind: 'part', dimension, category });
    HEADERS.set(category === 'none' ? 'ohne' : normalizeHeader(category), { kind: 'part', dimension, category });
  }
}
const KNOWN_COLUMNS = ['Stadtteil', 'Einwohner', ...DIMENSIONS.flatMap((dimension) => POPULATION_DIMENSIONS[dimension].map((category) => POPULATION_CATEGORY_LABELS[dimension][category]!))];

const PROVENANCE_LINE = /^#\s*(quelle|stichtag|lizenz|source|date|licen[cs]e)\s*:\s*(.*?)\s*$/i;


/** A file refused whole: the message counts the lines that need a correction (a header line with three unknown columns is one), the details name each problem. */
function invalidCsv(problems: PopulationProblem[]): AppError {
  const lines = new Set(problems.map((problem) => problem.line)).size;
  return new AppError(400, 'invalid_csv', `${lines} ${lines === 1 ? 'line needs' : 'lines need'} a correction`, problems);
}
export interface ParsedPopulation {
  figures: repo.StadtteilFigures[];
  /** What the file's `#` lines say. */
  provenance: { source?: string; referenceDate?: string; licence?: string };
}

/** A count as statistics offices write it: digits, optionally grouped by dots or spaces in thousands ("11.875"). */
function parseCount(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (/^\d+$/.test(compact) || /^\d{1,3}(?:\.\d{3})+$/.test(compact)) {
    const value = Number(compact.replace(/\./g, ''));
    return Number.isSafeInteger(value) ? value : null;
  }
  return null;
}

/**
 * Reads population figures per Stadtteil from a CSV and checks every line against the process's
 * Stadtteile: the Stadtteil is known (number, key, name or a name variant) and named once, every
 * count a whole number ≥ 0, each group of parts complete and adding up to `Einwohner`. Every
 * problem is reported with its line, a code and the values the admin area words it with in the
 * admin's language, and a German `message` for the command line (the file's columns are German);
 * nothing is half-read.
 */
export function parsePopulationCsv(text: string, parts: ProcessParts): ParsedPopulation {
  const provenance: ParsedPopulation['provenance'] = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let first = 0;
  while (first < lines.length && (lines[first]!.trim().startsWith('#') || lines[first]!.trim() === '')) {
    const match = PROVENANCE_LINE.exec(lines[first]!.trim());
    if (match && match[2]) {
      const name = match[1]!.toLowerCase();
      if (name === 'quelle' || name === 'source') provenance.source = match[2];
      else if (name === 'stichtag' || name === 'date') provenance.referenceDate = match[2];
      else provenance.licence = match[2];
    }
    first += 1;
  }
  // One delimiter, the header's: a German file may write "2510,5" in a semicolon-separated line.
  const headerText = lines[first] ?? '';
  const delimiter = [';', '\t', ','].reduce((best, candidate) => (headerText.split(candidate).length > headerText.split(best).length ? candidate : best), ';');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(lines.slice(first).join('\n'), { delimiter, skip_empty_lines: true, trim: true, relax_column_count: true, max_record_size: 10_000, info: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw badRequest('invalid_csv', `The file is not readable as CSV${line ? ` (line ${line + first})` : ''}`, [{ line: (line ?? 1) + first, code: 'unreadable', message: (err as Error).message } satisfies PopulationProblem]);
  }
  const lineOf = (record: { info: { lines: number } }) => record.info.lines + first;
  const [header, ...rows] = records;
  if (!header) throw badRequest('invalid_csv', 'The file has no header line', [{ line: first + 1, code: 'no_header', message: 'keine Kopfzeile' } satisfies PopulationProblem]);

  const problems: PopulationProblem[] = [];
  const headerLine = lineOf(header);
  const columns: Array<Column | null> = header.record.map((cell) => {
    const column = HEADERS.get(normalizeHeader(cell)) ?? null;
    if (!column && cell.trim() !== '') {
      problems.push({ line: headerLine, code: 'unknown_column', message: `unbekannte Spalte „${cell}“; bekannt sind: ${KNOWN_COLUMNS.join(', ')}`, values: { column: cell, known: KNOWN_COLUMNS.join(', ') } });
    }
    return column;
  });
  const find = (pick: (column: Column) => boolean) => columns.flatMap((column, at) => (column && pick(column) ? [at] : []));
  const stadtteilColumn = find((column) => column.kind === 'stadtteil');
  const totalColumn = find((column) => column.kind === 'total');
  for (const [column, found] of [['Stadtteil', stadtteilColumn], ['Einwohner', totalColumn]] as const) {
    if (found.length === 0) problems.push({ line: headerLine, code: 'column_missing', message: `die Spalte ${column} fehlt`, values: { column } });
    if (found.length > 1) problems.push({ line: headerLine, code: 'column_twice', message: `die Spalte ${column} steht zweimal da`, values: { column } });
  }
  const given = new Map<PopulationDimension, Map<string, number>>();
  for (const dimension of DIMENSIONS) {
    const categories = new Map<string, number>();
    for (const category of POPULATION_DIMENSIONS[dimension]) {
      const at = find((column) => column.kind === 'part' && column.dimension === dimension && column.category === category);
      const column = POPULATION_CATEGORY_LABELS[dimension][category]!;
      if (at.length > 1) problems.push({ line: headerLine, code: 'column_twice', message: `die Spalte ${column} steht zweimal da`, values: { column } });
      if (at.length > 0) categories.set(category, at[0]!);
    }
    if (categories.size === 0) continue;
    const missing = POPULATION_DIMENSIONS[dimension].filter((category) => !categories.has(category));
    if (missing.length > 0) {
      const columns = missing.map((category) => POPULATION_CATEGORY_LABELS[dimension][category]).join(', ');
      problems.push({ line: headerLine, code: 'parts_incomplete', message: `${POPULATION_DIMENSION_LABELS[dimension]}: alle Teile oder keiner; es fehlen: ${columns}`, values: { dimension, columns } });
    }
    given.set(dimension, categories);
  }
  if (problems.length > 0) throw invalidCsv(problems);

  const byName = new Map<string, string>();
  for (const row of parts.stadtteile) {
    for (const name of [row.nr, row.key, row.name, ...row.nameVariants]) byName.set(name.toLowerCase(), row.key);
  }
  const seen = new Map<string, number>();
  const figures: repo.StadtteilFigures[] = [];
  for (const row of rows) {
    const line = lineOf(row);
    const cell = (at: number) => (row.record[at] ?? '').trim();
    const name = cell(stadtteilColumn[0]!);
    const key = byName.get(name.toLowerCase());
    if (!key) {
      problems.push(
        name
          ? { line, code: 'unknown_stadtteil', message: `„${name}“ ist kein Stadtteil dieses Verfahrens (Nummer, Schlüssel oder Name)`, values: { name } }
          : { line, code: 'stadtteil_missing', message: 'der Stadtteil fehlt' },
      );
      continue;
    }
    if (seen.has(key)) {
      problems.push({ line, code: 'stadtteil_twice', message: `${name} steht schon in Zeile ${seen.get(key)}`, values: { name, line: String(seen.get(key)) } });
      continue;
    }
    seen.set(key, line);
    const totalText = cell(totalColumn[0]!);
    const total = parseCount(totalText);
    if (total === null) {
      problems.push(
        totalText
          ? { line, code: 'not_a_count', message: `Einwohner „${totalText}“ ist keine ganze Zahl ab 0`, values: { column: 'Einwohner', value: totalText } }
          : { line, code: 'count_missing', message: 'Einwohner fehlt', values: { column: 'Einwohner' } },
      );
      continue;
    }
    const figure: repo.StadtteilFigures = { key, population: total, parts: {} };
    for (const [dimension, categories] of given) {
      const texts = [...categories].map(([category, at]) => [category, cell(at)] as const);
      if (texts.every(([, text]) => text === '')) continue;
      const label = POPULATION_DIMENSION_LABELS[dimension];
      const empty = texts.filter(([, text]) => text === '').map(([category]) => POPULATION_CATEGORY_LABELS[dimension][category]);
      if (empty.length > 0) {
        problems.push({ line, code: 'parts_empty', message: `${label}: alle Teile oder keiner; leer: ${empty.join(', ')}`, values: { dimension, columns: empty.join(', ') } });
        continue;
      }
      const counts: Record<string, number> = {};
      let valid = true;
      for (const [category, text] of texts) {
        const count = parseCount(text);
        if (count === null) {
          const column = POPULATION_CATEGORY_LABELS[dimension][category]!;
          problems.push({ line, code: 'not_a_count', message: `${column} „${text}“ ist keine ganze Zahl ab 0`, values: { column, value: text } });
          valid = false;
        } else counts[category] = count;
      }
      if (!valid) continue;
      const sum = Object.values(counts).reduce((a, b) => a + b, 0);
      if (sum !== total) {
        problems.push({ line, code: 'parts_sum', message: `${label} ergeben zusammen ${sum}, Einwohner sind aber ${total}`, values: { dimension, sum: String(sum), total: String(total) } });
        continue;
      }
      figure.parts[dimension] = counts;
    }
    figures.push(figure);
  }
  if (rows.length === 0) problems.push({ line: headerLine + 1, code: 'no_rows', message: 'unter der Kopfzeile steht kein Stadtteil' });
  if (problems.length > 0) throw invalidCsv(problems);
  return { figures, provenance };
}

/**
 * Replaces the process's population figures with a file's, in one transaction, and writes the
 * audit entry (who, the provenance, how many Stadtteile, the file's SHA-256, the totals before
 * and after). Source, reference date and licence are required: from the request, else the file.
 */
export function importPopulation(db: Db, slug: string, input: PopulationImport, userId: number | null): PopulationImportResult {
  const process = getProcess(db, slug);
  const parts = loadProcessParts(db, process.id);
  const parsed = parsePopulationCsv(input.csv, parts);
  const source = input.source ?? parsed.provenance.source;
  const referenceDate = input.referenceDate ?? parsed.provenance.referenceDate;
  const licence = input.licence ?? parsed.provenance.licence;
  const missing: PopulationReferenceProblem[] = [
    ...(source ? [] : [{ field: 'source', code: 'source_missing', message: 'Quelle fehlt' } as const]),
    ...(referenceDate && isoDateSchema.safeParse(referenceDate).success
      ? []
      : [
          referenceDate
            ? ({ field: 'referenceDate', code: 'reference_date_invalid', message: `Stichtag ${referenceDate} ist kein Tag (JJJJ-MM-TT)`, values: { value: referenceDate } } as const)
            : ({ field: 'referenceDate', code: 'reference_date_missing', message: 'Stichtag fehlt (JJJJ-MM-TT)' } as const),
        ]),
    ...(licence ? [] : [{ field: 'licence', code: 'licence_missing', message: 'Lizenz fehlt' } as const]),
  ];
  if (missing.length > 0) throw badRequest('invalid_reference', missing.map((problem) => problem.message).join('; '), missing);
  const provenance = { source: source!, referenceDate: referenceDate!, licence: licence! };
  const population = parsed.figures.reduce((sum, row) => sum + row.population, 0);
  const dimensions = { age: 0, nationality: 0, immigration: 0 };
  for (const row of parsed.figures) for (const dimension of Object.keys(row.parts) as PopulationDimension[]) dimensions[dimension] += 1;
  const named = new Set(parsed.figures.map((row) => row.key));
  const withoutFigures = parts.stadtteile.filter((row) => !named.has(row.key)).map((row) => row.name);
  db.transaction((tx) => {
    const before = parts.stadtteile.filter((row) => row.population !== null);
    repo.replacePopulation(tx, process.id, parsed.figures, provenance);
    appendAudit(tx, {
      userId,
      action: 'population_imported',
      entity: 'process',
      entityId: process.id,
      details: {
        slug,
        ...provenance,
        stadtteile: parsed.figures.length,
        population,
        dimensions,
        withoutFigures,
        sha256: createHash('sha256').update(input.csv).digest('hex'),
        before: { stadtteile: before.length, population: before.reduce((sum, row) => sum + row.population!, 0), unverified: before.filter((row) => row.populationStatus !== 'official').length },
      },
    });
  });
  return { imported: parsed.figures.length, population, ...provenance, dimensions, withoutFigures };
}

/** The reference figures of every Stadtteil, for the admin page. */
export function listPopulation(db: DbOrTx, slug: string): PopulationList {
  const process = getProcess(db, slug);
  const parts = loadProcessParts(db, process.id);
  const groups = repo.listPopulationGroups(db, process.id);
  const districtKey = new Map(parts.districts.map((district) => [district.id, district.key]));
  return {
    stadtteile: parts.stadtteile.map((row) => {
      const partsOf = (dimension: PopulationDimension) => {
        const mine = groups.filter((group) => group.stadtteilKey === row.key && group.dimension === dimension);
        return mine.length === 0 ? null : Object.fromEntries(mine.map((group) => [group.category, group.count]));
      };
      return {
        key: row.key,
        nr: row.nr,
        name: row.name,
        district: districtKey.get(row.districtId) ?? '',
        population: row.population,
        status: row.populationStatus,
        source: row.populationSource,
        referenceDate: row.populationDate,
        licence: row.populationLicence,
        parts: { age: partsOf('age'), nationality: partsOf('nationality'), immigration: partsOf('immigration') },
      };
    }),
  };
}
