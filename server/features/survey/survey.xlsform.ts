// exceljs and fflate load on the first import or export of a form, not with the server.
import { readFileSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import { fromRoot } from '../../../db/root.ts';
import { PLACE_OUTSIDE, PLACE_UNKNOWN } from '../../../shared/domain.ts';
import { keySchema } from '../../../shared/domain.schema.ts';
import type { XlsformIssue, XlsformIssueCode } from '../../../shared/api/survey-versions.ts';
import { fillPlaceholders, flattenCatalog, type FlatCatalog } from '../../../shared/i18n/catalog.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language, type LocalizedText, type TranslationStatus } from '../../../shared/languages.ts';
import { translationStatusSchema } from '../../../shared/languages.schema.ts';
import { surveyDefinitionSchema } from '../../../shared/survey/definition.schema.ts';
import {
  CENSUS_COMPARISONS,
  type AgeClass,
  type QuestionOption,
  type ShowIf,
  type SingleQuestion,
  type SurveyDefinition,
  type SurveyQuestion,
  type SurveySection,
  type SurveyTexts,
} from '../../../shared/survey/definition.ts';

/**
 * XLSForm (https://xlsform.org) to the survey definition and back, the subset documented in
 * README ("Surveys as XLSForm"). Sheets `survey`, `choices`, `settings`. Types: `select_one`
 * (→ single; `… or_other` → allowOther), `select_multiple` (→ multi), `rank` (→ ranking),
 * `range` (→ scale), `integer` (→ number), `text`, `note` (first row of a group → the section's
 * intro), `begin_group`/`end_group` (→ sections). `select_one stadtteil` is the Stadtteil
 * question: its choices are the process's Stadtteile, never imported. Columns: `type`, `name`,
 * `label`/`hint` per language, `required`, `relevant`, `constraint`, `parameters`, and four of
 * our own: `field_of_action`, `sensitive`, `min_label`/`max_label` (the words at a scale's ends),
 * and `census` (the comparison with the Zensus a `select_one` is marked for: `age` or
 * `immigration`; on the choices sheet, each choice's Zensus age class, or `not-immigrated`).
 *
 * Nothing is dropped silently: what has no place in the survey is an error with its sheet and
 * row (the import refuses), what is understood but not stored is a note (the import goes on).
 */

export const STADTTEIL_LIST = 'stadtteil';

/** An issue before it has its place in the workbook: what it is about and what its wording names. */
interface Problem {
  code: XlsformIssueCode;
  params?: Record<string, string | number>;
}

/**
 * The admin area's English catalog words the issues for the command line and logs; the admin page
 * words them in the admin's language. Read with the first issue, not when the server starts.
 */
let english: FlatCatalog | undefined;

function issueAt(sheet: string, row: number | undefined, { code, params = {} }: Problem, column?: string): XlsformIssue {
  english ??= flattenCatalog(JSON.parse(readFileSync(fromRoot('shared', 'i18n', 'admin', 'en.json'), 'utf8')));
  const message = fillPlaceholders(english[`xlsformIssue.${code}`] ?? code, params);
  return { sheet, ...(row === undefined ? {} : { row }), ...(column ? { column } : {}), code, params, message };
}

/** The note an import gets when its German sets checked translations back to not checked (`importXlsformFile`). */
export function translationsOutdatedNote(languages: readonly Language[]): XlsformIssue {
  return issueAt('settings', undefined, { code: 'translationsOutdated', params: { languages: languages.join(', ') } }, 'translations');
}

/** XLSForm's metadata types: they would record times and devices, which Mitreden never stores. */
const META_TYPES = new Set(['start', 'end', 'today', 'deviceid', 'subscriberid', 'simserial', 'phonenumber', 'username', 'email', 'audit', 'start-geopoint']);
/** Generous for any questionnaire, small enough that a hostile file cannot make the server work for long. */
export const MAX_XLSFORM_ROWS = 5000;
const MAX_UNZIPPED_BYTES = 40 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 500;

export interface XlsformContext {
  /** The process's Stadtteile (keys and names), offered by the Stadtteil question. */
  stadtteile: ReadonlyArray<{ key: string; name: string }>;
  /** Keys of the process's fields of action, for `field_of_action`. */
  fieldKeys: readonly string[];
  /**
   * The survey's own labels of „wohnt außerhalb“ and „weiß nicht“, which an export writes into the
   * Stadtteil list: a list read back as exported is nothing to note.
   */
  stadtteilLabels?: { outside: Partial<Record<Language, string>>; unknown: Partial<Record<Language, string>> };
}

/** Two texts per language alike: the same languages with words, the same words. */
function sameTexts(a: Partial<Record<Language, string>>, b: Partial<Record<Language, string>>): boolean {
  const filled = (texts: Partial<Record<Language, string>>) => Object.entries(texts).filter(([, value]) => Boolean(value?.trim()));
  const left = filled(a);
  return left.length === filled(b).length && left.every(([language, value]) => b[language as Language]?.trim() === value!.trim());
}

/**
 * Whether a file's Stadtteil list is the one an export writes: the process's Stadtteile under their
 * German names and the survey's own labels of „wohnt außerhalb“ and „weiß nicht“. Anything else
 * in it (a renamed or translated Stadtteil, a label changed in the file) is not imported, and the
 * import says so.
 */
function stadtteilListAsExported(
  rows: ReadonlyArray<{ name: string; label: Partial<Record<Language, string>> }>,
  context: XlsformContext,
  languages: readonly Language[],
): boolean {
  const labels = context.stadtteilLabels;
  // An export writes the labels in the survey's languages, the file's columns.
  const inFile = (texts: Partial<Record<Language, string>>) => Object.fromEntries(languages.map((language) => [language, texts[language] ?? '']));
  if (!labels || rows.length !== context.stadtteile.length + 2) return false;
  const byName = new Map(rows.map((row) => [row.name, row.label]));
  if (byName.size !== rows.length) return false;
  const outside = byName.get(PLACE_OUTSIDE);
  const unknown = byName.get(PLACE_UNKNOWN);
  return (
    outside !== undefined &&
    unknown !== undefined &&
    sameTexts(outside, inFile(labels.outside)) &&
    sameTexts(unknown, inFile(labels.unknown)) &&
    context.stadtteile.every((stadtteil) => {
      const label = byName.get(stadtteil.key);
      return label !== undefined && sameTexts(label, { de: stadtteil.name });
    })
  );
}

export type XlsformImport =
  | {
      ok: true;
      definition: SurveyDefinition;
      notes: XlsformIssue[];
      /** `translations`: the statuses the settings sheet gives, null without the setting (every language then `reviewed`). */
      /**
       * `translations`: the statuses the settings sheet gives, null without the setting (every language then `reviewed`);
       * `reviewedWhenExported`: the languages an exported file says were checked when it was exported, null without the setting.
       */
      settings: { formTitle: string | null; version: string | null; translations: Partial<Record<Language, TranslationStatus>> | null; reviewedWhenExported: Language[] | null };
    }
  | { ok: false; errors: XlsformIssue[]; notes: XlsformIssue[] };

// ---------------------------------------------------------------------------------------------
// Reading the workbook

interface Row {
  number: number;
  cells: Map<string, string>;
}
interface Sheet {
  name: string;
  /** Column headers as written, by lower-case header. */
  headers: string[];
  rows: Row[];
}

function cellText(cell: ExcelJS.Cell): string {
  const { value } = cell;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'formula' in value) return value.result === undefined || value.result === null ? '' : String(value.result);
  return cell.text.trim();
}

function readSheet(worksheet: ExcelJS.Worksheet | undefined, name: string): Sheet | null {
  if (!worksheet) return null;
  const header = worksheet.getRow(1);
  const headers: string[] = [];
  header.eachCell({ includeEmpty: true }, (cell, column) => {
    headers[column] = cellText(cell);
  });
  const rows: Row[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    const cells = new Map<string, string>();
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const head = headers[column]?.trim();
      const text = cellText(cell);
      if (text !== '') cells.set(head ? head : `#${column}`, text);
    });
    if (cells.size > 0) rows.push({ number, cells });
  });
  return { name, headers: headers.filter((head) => head !== undefined).map((head) => head.trim()), rows };
}

/** A file that is not an .xlsx, or one that would unpack to far more than a questionnaire: an error the caller turns into a 400. */
export class UnreadableXlsformError extends Error {}

async function checkZip(data: Uint8Array): Promise<void> {
  const { unzipSync } = await import('fflate');
  let total = 0;
  let entries = 0;
  try {
    unzipSync(data, {
      filter(file) {
        total += file.originalSize;
        entries += 1;
        return false;
      },
    });
  } catch {
    throw new UnreadableXlsformError('The file is not an Excel workbook (.xlsx)');
  }
  if (entries === 0) throw new UnreadableXlsformError('The file is not an Excel workbook (.xlsx)');
  if (total > MAX_UNZIPPED_BYTES || entries > MAX_ZIP_ENTRIES) throw new UnreadableXlsformError('The workbook unpacks to more than a questionnaire can hold');
}

export async function loadWorkbook(data: Uint8Array): Promise<ExcelJS.Workbook> {
  await checkZip(data);
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableXlsformError('The file could not be read as an Excel workbook (.xlsx)');
  }
  return workbook;
}

// ---------------------------------------------------------------------------------------------
// Languages in column headers

/** `label::Deutsch (de)`, `label::de`, `label::English`: the language a column is in, or null. */
export function languageOfColumn(suffix: string): Language | null {
  const trimmed = suffix.trim();
  const code = /\(([^()]+)\)\s*$/u.exec(trimmed)?.[1]?.trim() ?? trimmed;
  const lower = code.toLowerCase();
  const byCode = LANGUAGES.find((language) => language === lower);
  if (byCode) return byCode;
  const byName = LANGUAGES.find((language) => LANGUAGE_NAMES[language].toLowerCase() === lower || ENGLISH_NAMES[language] === lower);
  return byName ?? null;
}

const ENGLISH_NAMES: Record<Language, string> = {
  de: 'german',
  'de-easy': 'easy german',
  en: 'english',
  tr: 'turkish',
  uk: 'ukrainian',
  ar: 'arabic',
  pl: 'polish',
  it: 'italian',
  ru: 'russian',
};

/** The header an export writes: `label::Deutsch (de)`, readable for translators and exact for machines. */
export function languageColumn(base: string, language: Language): string {
  return `${base}::${LANGUAGE_NAMES[language]} (${language})`;
}

const TEXT_COLUMNS = ['label', 'hint', 'min_label', 'max_label'] as const;
type TextColumn = (typeof TEXT_COLUMNS)[number];

interface ColumnMeaning {
  base: string;
  language: Language | null;
  /** For a text column with a language suffix that names no language we know. */
  unknownLanguage?: string;
}

function columnMeaning(header: string, defaultLanguage: Language): ColumnMeaning {
  const [base = '', ...rest] = header.split('::');
  const name = base.trim().toLowerCase().replace(/\s+/gu, '_');
  if (rest.length === 0) return { base: name, language: (TEXT_COLUMNS as readonly string[]).includes(name) ? defaultLanguage : null };
  const suffix = rest.join('::');
  const language = languageOfColumn(suffix);
  return language ? { base: name, language } : { base: name, language: null, unknownLanguage: suffix };
}

// ---------------------------------------------------------------------------------------------
// Names, yes/no, expressions

/** XLSForm names are often `snake_case`; keys are lower case with hyphens. `school_children` → `school-children`. */
export function keyOfName(name: string): string | null {
  const key = name.trim().toLowerCase().replace(/_/gu, '-');
  return keySchema.safeParse(key).success ? key : null;
}

function yesNo(value: string | undefined): boolean | null {
  if (value === undefined) return false;
  const lower = value.trim().toLowerCase();
  if (['yes', 'true', 'true()', '1', 'ja'].includes(lower)) return true;
  if (['no', 'false', 'false()', '0', 'nein', ''].includes(lower)) return false;
  return null;
}

type Token = { kind: 'ref'; name: string } | { kind: 'string'; value: string } | { kind: 'word'; value: string } | { kind: 'punct'; value: string };

function tokenize(expression: string): Token[] | Problem {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const rest = expression.slice(i);
    const space = /^\s+/u.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const ref = /^\$\{\s*([^}\s]+)\s*\}/u.exec(rest);
    const quoted = /^'([^']*)'|^"([^"]*)"/u.exec(rest);
    const word = /^[A-Za-z][A-Za-z0-9_-]*/u.exec(rest);
    const punct = /^(!=|=|\(|\)|,)/u.exec(rest);
    if (ref) tokens.push({ kind: 'ref', name: ref[1]! });
    else if (quoted) tokens.push({ kind: 'string', value: quoted[1] ?? quoted[2] ?? '' });
    else if (word) tokens.push({ kind: 'word', value: word[0].toLowerCase() });
    else if (punct) tokens.push({ kind: 'punct', value: punct[0] });
    else return { code: 'relevantUnreadable', params: { text: rest.slice(0, 12), position: i + 1 } };
    i += (ref ?? quoted ?? word ?? punct)![0].length;
  }
  return tokens;
}

/** What stops `parseRelevant` where it stands. */
class RelevantProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.code);
  }
}

type Leaf = { ref: string; op: '=' | '!=' | 'selected'; value: string };
type Expression = { leaf: Leaf } | { all: Expression[] } | { any: Expression[] } | { not: Expression };

/**
 * The documented subset of XLSForm's `relevant`: `${q} = 'x'`, `${q} != 'x'`, `${q} != ''`,
 * `${q} = ''`, `selected(${q}, 'x')`, `and`, `or`, `not(…)` and parentheses. A chain of one
 * operator is one node (`a and b and c`); a parenthesised part stays its own node.
 */
export function parseRelevant(expression: string): Expression | Problem {
  const tokens = tokenize(expression);
  if (!Array.isArray(tokens)) return tokens;
  let at = 0;
  const peek = () => tokens[at];
  const isWord = (value: string) => peek()?.kind === 'word' && (peek() as { value: string }).value === value;
  const isPunct = (value: string) => peek()?.kind === 'punct' && (peek() as { value: string }).value === value;
  const expect = (value: string) => {
    if (!isPunct(value)) throw new RelevantProblem({ code: 'relevantExpectedToken', params: { token: value } });
    at += 1;
  };
  const ref = (): string => {
    const token = peek();
    if (token?.kind !== 'ref') throw new RelevantProblem({ code: 'relevantExpectedQuestion', params: { example: '${name}' } });
    at += 1;
    return token.name;
  };
  const literal = (): string => {
    const token = peek();
    if (token?.kind !== 'string') throw new RelevantProblem({ code: 'relevantExpectedValue' });
    at += 1;
    return token.value;
  };
  const primary = (): Expression => {
    if (isWord('not')) {
      at += 1;
      expect('(');
      const inner = or();
      expect(')');
      return { not: inner };
    }
    if (isWord('selected')) {
      at += 1;
      expect('(');
      const name = ref();
      expect(',');
      const value = literal();
      expect(')');
      return { leaf: { ref: name, op: 'selected', value } };
    }
    if (isPunct('(')) {
      at += 1;
      const inner = or();
      expect(')');
      return inner;
    }
    const name = ref();
    const op = peek();
    if (op?.kind !== 'punct' || (op.value !== '=' && op.value !== '!=')) throw new RelevantProblem({ code: 'relevantExpectedOperator' });
    at += 1;
    return { leaf: { ref: name, op: op.value, value: literal() } };
  };
  const and = (): Expression => {
    const parts = [primary()];
    while (isWord('and')) {
      at += 1;
      parts.push(primary());
    }
    return parts.length === 1 ? parts[0]! : { all: parts };
  };
  const or = (): Expression => {
    const parts = [and()];
    while (isWord('or')) {
      at += 1;
      parts.push(and());
    }
    return parts.length === 1 ? parts[0]! : { any: parts };
  };
  try {
    const result = or();
    if (at < tokens.length) throw new RelevantProblem({ code: 'relevantTrailingText' });
    return result;
  } catch (error) {
    if (error instanceof RelevantProblem) return error.problem;
    throw error;
  }
}

/** Turns a parsed `relevant` into the survey's condition, given the questions before it. */
function conditionOf(expression: Expression, earlier: ReadonlyMap<string, SurveyQuestion>): ShowIf | Problem {
  if ('all' in expression || 'any' in expression) {
    const parts = 'all' in expression ? expression.all : expression.any;
    const mapped: ShowIf[] = [];
    for (const part of parts) {
      const condition = conditionOf(part, earlier);
      if (isProblem(condition)) return condition;
      mapped.push(condition);
    }
    return 'all' in expression ? { all: mapped } : { any: mapped };
  }
  if ('not' in expression) {
    const inner = conditionOf(expression.not, earlier);
    return isProblem(inner) ? inner : { not: inner };
  }
  const { ref, op, value } = expression.leaf;
  const key = keyOfName(ref);
  const target = key ? earlier.get(key) : undefined;
  const question = `\${${ref}}`;
  if (!key || !target) return { code: 'relevantNotEarlier', params: { question } };
  if (value === '') {
    if (op === 'selected') return { code: 'relevantSelectedEmpty' };
    const answered: ShowIf = { question: key, answered: true };
    return op === '!=' ? answered : { not: answered };
  }
  const option = keyOfName(value);
  if (!option) return { code: 'relevantNotChoiceName', params: { value } };
  if (target.type === 'single') {
    const equals: ShowIf = { question: key, equals: option };
    return op === '!=' ? { not: equals } : equals;
  }
  if (target.type === 'multi' && op === 'selected') return { question: key, includes: option };
  if (target.type === 'multi') return { code: 'relevantUseSelected', params: { instead: `selected(${question}, '${value}')` } };
  return { code: 'relevantOnValue', params: { question, type: XLSFORM_TYPE_OF[target.type] } };
}

function isProblem(value: object): value is Problem {
  return 'code' in value;
}

/** The XLSForm type a question of the survey is written as. */
const XLSFORM_TYPE_OF: Record<SurveyQuestion['type'], string> = {
  single: 'select_one',
  multi: 'select_multiple',
  ranking: 'rank',
  scale: 'range',
  text: 'text',
  number: 'integer',
  stadtteil: `select_one ${STADTTEIL_LIST}`,
};

/** The condition as XLSForm's `relevant`, the inverse of `conditionOf` (nested and/or in parentheses). */
export function relevantOf(showIf: ShowIf): string {
  const nested = (part: ShowIf) => ('all' in part || 'any' in part ? `(${relevantOf(part)})` : relevantOf(part));
  if ('all' in showIf) return showIf.all.map(nested).join(' and ');
  if ('any' in showIf) return showIf.any.map(nested).join(' or ');
  if ('not' in showIf) {
    const inner = showIf.not;
    if ('answered' in inner) return `\${${inner.question}} = ''`;
    if ('equals' in inner) return `\${${inner.question}} != '${inner.equals}'`;
    return `not(${relevantOf(inner)})`;
  }
  if ('equals' in showIf) return `\${${showIf.question}} = '${showIf.equals}'`;
  if ('includes' in showIf) return `selected(\${${showIf.question}}, '${showIf.includes}')`;
  return `\${${showIf.question}} != ''`;
}

/** `. >= 0 and . <= 120` (integer), `count-selected(.) <= 3` (select_multiple, rank), `string-length(.) <= 500` (text). */
function parseConstraint(type: SurveyQuestion['type'], constraint: string): Record<string, number> | Problem {
  const parts = constraint.split(/\s+and\s+/iu).map((part) => part.trim());
  const found: Record<string, number> = {};
  for (const part of parts) {
    const bound = /^(\.|count-selected\(\s*\.\s*\)|string-length\(\s*\.\s*\))\s*(<=|<|>=|>)\s*(-?\d+)$/u.exec(part);
    if (!bound) return { code: 'constraintUnsupported', params: { part } };
    const [, subject, op, raw] = bound;
    const n = Number(raw);
    const limit = op === '<' ? n - 1 : op === '>' ? n + 1 : n;
    const upper = op!.startsWith('<');
    if (subject === '.' && type === 'number') found[upper ? 'max' : 'min'] = limit;
    else if (subject!.startsWith('count-selected') && upper && (type === 'multi' || type === 'ranking')) found.maxCount = limit;
    else if (subject!.startsWith('string-length') && upper && type === 'text') found.maxLength = limit;
    else return { code: 'constraintNotForType', params: { part } };
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Import

const SURVEY_COLUMNS = new Set(['type', 'name', 'label', 'hint', 'required', 'relevant', 'constraint', 'parameters', 'field_of_action', 'sensitive', 'census', 'min_label', 'max_label']);
const CHOICES_COLUMNS = new Set(['list_name', 'name', 'label', 'census']);
/** The choices sheet's `census` of an option that means "not immigrated" (every other option of the list counts as immigrated). */
export const NOT_IMMIGRATED_CHOICE = 'not-immigrated';
const SETTINGS_COLUMNS = new Set(['form_title', 'form_id', 'version', 'default_language', 'translations', 'reviewed_when_exported']);

type Texts = Partial<Record<Language, string>>;

class Importer {
  errors: XlsformIssue[] = [];
  notes: XlsformIssue[] = [];
  languages: Language[] = [];
  defaultLanguage: Language = 'de';
  renamed = new Map<string, string>();

  error(sheet: string, row: number | undefined, problem: Problem, column?: string) {
    this.errors.push(issueAt(sheet, row, problem, column));
  }
  note(sheet: string, row: number | undefined, problem: Problem, column?: string) {
    this.notes.push(issueAt(sheet, row, problem, column));
  }

  /** Checks a sheet's columns: languages are noted in column order; a column we do not know is an error wherever a row fills it. */
  columns(sheet: Sheet, known: Set<string>) {
    for (const header of sheet.headers) {
      if (!header) continue;
      const meaning = columnMeaning(header, this.defaultLanguage);
      if (meaning.unknownLanguage !== undefined && (TEXT_COLUMNS as readonly string[]).includes(meaning.base)) {
        for (const row of sheet.rows) {
          if (row.cells.has(header)) this.error(sheet.name, row.number, { code: 'unknownLanguage', params: { language: meaning.unknownLanguage!, languages: LANGUAGES.join(', ') } }, header);
        }
        continue;
      }
      if (meaning.language && (TEXT_COLUMNS as readonly string[]).includes(meaning.base)) {
        if (!this.languages.includes(meaning.language)) this.languages.push(meaning.language);
        continue;
      }
      if (known.has(meaning.base) && !(TEXT_COLUMNS as readonly string[]).includes(meaning.base)) continue;
      for (const row of sheet.rows) {
        if (row.cells.has(header)) this.error(sheet.name, row.number, { code: 'unsupportedColumn', params: { column: header } }, header);
      }
    }
    for (const row of sheet.rows) {
      for (const column of row.cells.keys()) if (column.startsWith('#')) this.error(sheet.name, row.number, { code: 'valueWithoutHeader' }, column);
    }
  }

  texts(row: Row, base: TextColumn): Texts {
    const texts: Texts = {};
    for (const [header, value] of row.cells) {
      const meaning = columnMeaning(header, this.defaultLanguage);
      if (meaning.base === base && meaning.language) texts[meaning.language] = value;
    }
    return texts;
  }

  localized(sheet: string, row: Row, base: TextColumn, required: boolean): LocalizedText | undefined {
    const texts = this.texts(row, base);
    if (Object.keys(texts).length === 0 && !required) return undefined;
    if (!texts.de) {
      this.error(sheet, row.number, { code: 'noGermanText', params: { base } }, base);
      return undefined;
    }
    return texts as LocalizedText;
  }

  key(sheet: string, row: Row, column = 'name'): string | null {
    const name = row.cells.get(column) ?? '';
    if (!name) {
      this.error(sheet, row.number, { code: 'nameMissing' }, column);
      return null;
    }
    const key = keyOfName(name);
    if (!key) {
      this.error(sheet, row.number, { code: 'invalidName', params: { name } }, column);
      return null;
    }
    if (key !== name) this.renamed.set(name, key);
    return key;
  }
}

interface Pending {
  row: Row;
  question: SurveyQuestion;
  relevant?: string;
  listName?: string;
}

/** An XLSForm as a survey definition, or every reason it cannot be one. */
export function importXlsform(workbook: ExcelJS.Workbook, context: XlsformContext): XlsformImport {
  const importer = new Importer();
  const sheets = {
    survey: readSheet(workbook.getWorksheet('survey'), 'survey'),
    choices: readSheet(workbook.getWorksheet('choices'), 'choices'),
    settings: readSheet(workbook.getWorksheet('settings'), 'settings'),
  };
  workbook.eachSheet((sheet) => {
    if (!['survey', 'choices', 'settings'].includes(sheet.name) && sheet.actualRowCount > 0) importer.error(sheet.name, undefined, { code: 'foreignSheet' });
  });
  if (!sheets.survey) return { ok: false, errors: [issueAt('survey', undefined, { code: 'noSurveySheet' })], notes: [] };
  for (const sheet of Object.values(sheets)) {
    if (sheet && sheet.rows.length > MAX_XLSFORM_ROWS) return { ok: false, errors: [issueAt(sheet.name, undefined, { code: 'tooManyRows', params: { max: MAX_XLSFORM_ROWS } })], notes: [] };
  }

  // Settings first: default_language says what a plain `label` column is in.
  let formTitle: string | null = null;
  let version: string | null = null;
  let statuses: Partial<Record<Language, TranslationStatus>> | null = null;
  let reviewedWhenExported: Language[] | null = null;
  const settingsRow = sheets.settings?.rows[0];
  if (sheets.settings && settingsRow) {
    importer.columns(sheets.settings, SETTINGS_COLUMNS);
    for (const extra of sheets.settings.rows.slice(1)) importer.error('settings', extra.number, { code: 'extraSettingsRow' });
    const cell = (name: string) => [...settingsRow.cells].find(([header]) => header.trim().toLowerCase() === name)?.[1];
    const defaultLanguage = cell('default_language');
    if (defaultLanguage) {
      const language = languageOfColumn(defaultLanguage);
      if (language) importer.defaultLanguage = language;
      else importer.error('settings', settingsRow.number, { code: 'unknownLanguage', params: { language: defaultLanguage, languages: LANGUAGES.join(', ') } }, 'default_language');
    }
    formTitle = cell('form_title') ?? null;
    version = cell('version') ?? null;
    if (formTitle) importer.note('settings', settingsRow.number, { code: 'formTitleNotStored', params: { title: formTitle } }, 'form_title');
    if (version) importer.note('settings', settingsRow.number, { code: 'versionNotStored', params: { version } }, 'version');
    const translations = cell('translations');
    if (translations) {
      statuses = {};
      for (const part of translations.split(/[\s,;]+/u).filter(Boolean)) {
        const [code = '', status = ''] = part.split('=');
        const language = languageOfColumn(code);
        const parsed = translationStatusSchema.safeParse(status.trim());
        if (!language || !parsed.success) importer.error('settings', settingsRow.number, { code: 'invalidTranslationsEntry', params: { entry: part } }, 'translations');
        else statuses[language] = parsed.data;
      }
    }
    const exported = cell('reviewed_when_exported');
    if (exported) {
      reviewedWhenExported = [];
      for (const code of exported.split(/[\s,;]+/u).filter(Boolean)) {
        const language = languageOfColumn(code);
        if (language) reviewedWhenExported.push(language);
        else importer.error('settings', settingsRow.number, { code: 'unknownLanguage', params: { language: code, languages: LANGUAGES.join(', ') } }, 'reviewed_when_exported');
      }
    }
  }

  importer.columns(sheets.survey, SURVEY_COLUMNS);
  if (sheets.choices) importer.columns(sheets.choices, CHOICES_COLUMNS);

  // Choice lists, in sheet order.
  const lists = new Map<string, Array<{ option: QuestionOption; row: Row }>>();
  const stadtteilRows: Array<{ name: string; label: Partial<Record<Language, string>> }> = [];
  for (const row of sheets.choices?.rows ?? []) {
    const listName = row.cells.get('list_name') ?? row.cells.get('list name');
    if (!listName) {
      importer.error('choices', row.number, { code: 'listNameMissing' }, 'list_name');
      continue;
    }
    const list = lists.get(listName) ?? [];
    lists.set(listName, list);
    if (listName === STADTTEIL_LIST) {
      const name = row.cells.get('name') ?? '';
      if (name !== PLACE_OUTSIDE && name !== PLACE_UNKNOWN && !context.stadtteile.some((stadtteil) => stadtteil.key === name)) {
        importer.error('choices', row.number, { code: 'notAStadtteil', params: { name, list: STADTTEIL_LIST } }, 'name');
      }
      stadtteilRows.push({ name, label: importer.texts(row, 'label') });
      continue;
    }
    const key = importer.key('choices', row);
    const label = importer.localized('choices', row, 'label', true);
    if (key && label) list.push({ option: { key, label }, row });
  }

  const sections: SurveySection[] = [];
  const sectionRows = new Map<number, number>();
  const questionRows = new Map<string, number>();
  const earlier = new Map<string, SurveyQuestion>();
  const usedLists = new Set<string>();
  /** Lists of a question marked for the comparison with the Zensus: only their choices may have a `census`. */
  const censusLists = new Set<string>();
  let current: SurveySection | null = null;
  let currentImplicit = false;
  let implicitCount = 0;
  const pending: Pending[] = [];

  const openSection = (section: SurveySection, row: number, implicit: boolean) => {
    current = section;
    currentImplicit = implicit;
    sections.push(section);
    sectionRows.set(sections.length - 1, row);
  };

  for (const row of sheets.survey.rows) {
    const rawType = (row.cells.get('type') ?? '').trim().replace(/\s+/gu, ' ');
    // `select_one list`, `select one list`, `begin_group`, `begin group`: the same types.
    const words = rawType.split(' ');
    const spaced = words.length > 1 && /^(begin|end|select)$/iu.test(words[0]!);
    const normalizedType = spaced ? `${words[0]!.toLowerCase()}_${words[1]!.toLowerCase()}` : words[0]!.toLowerCase();
    const typeArgs = words.slice(spaced ? 2 : 1);

    if (!rawType) {
      importer.error('survey', row.number, { code: 'typeMissing' }, 'type');
      continue;
    }
    if (META_TYPES.has(normalizedType)) {
      importer.note('survey', row.number, { code: 'metadataNotCollected', params: { type: normalizedType } }, 'type');
      continue;
    }
    const onlyFor = (columns: string[], type: string) => {
      for (const column of ['relevant', 'constraint', 'parameters', 'required', 'field_of_action', 'sensitive', 'census']) {
        if (!columns.includes(column) && row.cells.has(column)) importer.error('survey', row.number, { code: 'columnNotAllowed', params: { type, column } }, column);
      }
    };

    if (normalizedType === 'begin_group') {
      onlyFor([], 'begin_group');
      if (current && !currentImplicit) {
        importer.error('survey', row.number, { code: 'nestedGroup' }, 'type');
        continue;
      }
      const key = importer.key('survey', row);
      const title = importer.localized('survey', row, 'label', true);
      const intro = importer.localized('survey', row, 'hint', false);
      openSection({ key: key ?? `invalid-${row.number}`, title: title ?? { de: '?' }, ...(intro ? { intro } : {}), questions: [] }, row.number, false);
      continue;
    }
    if (normalizedType === 'end_group') {
      if (!current || currentImplicit) importer.error('survey', row.number, { code: 'endGroupWithoutBegin' }, 'type');
      current = null;
      continue;
    }
    if (normalizedType === 'begin_repeat' || normalizedType === 'end_repeat') {
      importer.error('survey', row.number, { code: 'repeatNotSupported', params: { type: normalizedType } }, 'type');
      continue;
    }

    const section = (): SurveySection => {
      if (!current) {
        implicitCount += 1;
        const key = implicitCount === 1 ? 'questions' : `questions-${implicitCount}`;
        importer.note('survey', row.number, { code: 'implicitSection', params: { section: key } });
        openSection({ key, title: { de: formTitle ?? 'Fragen' }, questions: [] }, row.number, true);
      }
      return current!;
    };

    if (normalizedType === 'note') {
      onlyFor([], 'note');
      const target = current as SurveySection | null;
      const intro = importer.localized('survey', row, 'label', true);
      if (target && target.questions.length === 0 && !target.intro && !currentImplicit) {
        if (intro) target.intro = intro;
      } else {
        importer.error('survey', row.number, { code: 'noteNotFirst' }, 'type');
      }
      continue;
    }

    const base = () => {
      const key = importer.key('survey', row);
      const title = importer.localized('survey', row, 'label', true);
      const help = importer.localized('survey', row, 'hint', false);
      const required = yesNo(row.cells.get('required'));
      if (required === null) importer.error('survey', row.number, { code: 'invalidYesNo', params: { column: 'required', value: row.cells.get('required') ?? '' } }, 'required');
      const sensitive = yesNo(row.cells.get('sensitive'));
      if (sensitive === null) importer.error('survey', row.number, { code: 'invalidYesNo', params: { column: 'sensitive', value: row.cells.get('sensitive') ?? '' } }, 'sensitive');
      const field = row.cells.get('field_of_action');
      if (field && !context.fieldKeys.includes(field)) importer.error('survey', row.number, { code: 'unknownField', params: { field } }, 'field_of_action');
      return {
        key: key ?? `invalid-${row.number}`,
        title: title ?? { de: '?' },
        ...(help ? { help } : {}),
        required: required ?? false,
        ...(sensitive ? { sensitive: true } : {}),
        ...(field ? { fieldOfAction: field } : {}),
      };
    };
    const constraintOf = (question: SurveyQuestion) => {
      const constraint = row.cells.get('constraint');
      if (!constraint) return {};
      const parsed = parseConstraint(question.type, constraint);
      if (isProblem(parsed)) {
        importer.error('survey', row.number, parsed, 'constraint');
        return {};
      }
      return parsed;
    };
    const optionsOf = (listName: string | undefined): QuestionOption[] => {
      if (!listName) {
        importer.error('survey', row.number, { code: 'listMissing', params: { type: normalizedType } }, 'type');
        return [];
      }
      const list = lists.get(listName);
      if (!list) {
        importer.error('survey', row.number, { code: 'unknownList', params: { list: listName } }, 'type');
        return [];
      }
      usedLists.add(listName);
      return list.map((entry) => entry.option);
    };
    /** The `census` column: the comparison with the Zensus, from the list's `census` cells. */
    const censusOf = (listName: string | undefined): SingleQuestion['census'] => {
      const comparison = row.cells.get('census');
      if (!comparison) return undefined;
      // The list's marks belong to this question even where the column is misspelt: one error, not one per choice.
      if (listName) censusLists.add(listName);
      if (comparison !== 'age' && comparison !== 'immigration') {
        importer.error('survey', row.number, { code: 'invalidCensus', params: { value: comparison } }, 'census');
        return undefined;
      }
      const list = (listName && lists.get(listName)) || [];
      const marks = list.flatMap((entry) => {
        const value = entry.row.cells.get('census');
        if (!value) return [];
        const allowed = comparison === 'age' ? (CENSUS_COMPARISONS.age as readonly string[]).includes(value) : value === NOT_IMMIGRATED_CHOICE;
        if (!allowed) {
          const expected = comparison === 'age' ? CENSUS_COMPARISONS.age.join(', ') : NOT_IMMIGRATED_CHOICE;
          importer.error('choices', entry.row.number, { code: 'invalidCensusChoice', params: { value, list: listName ?? '', expected } }, 'census');
          return [];
        }
        return [{ key: entry.option.key, value }];
      });
      if (comparison === 'age') return marks.length > 0 ? { dimension: 'age', map: Object.fromEntries(marks.map((mark) => [mark.key, mark.value as AgeClass])) } : { dimension: 'age' };
      return { dimension: 'immigration', notImmigrated: marks.map((mark) => mark.key) };
    };

    let question: SurveyQuestion | null = null;
    const [listName, ...modifiers] = typeArgs;
    const orOther = modifiers.length === 1 && modifiers[0]!.toLowerCase() === 'or_other';
    if (modifiers.length > 0 && !orOther) importer.error('survey', row.number, { code: 'unsupportedModifier', params: { modifiers: modifiers.join(' ') } }, 'type');
    switch (normalizedType) {
      case 'select_one':
        if (listName === STADTTEIL_LIST) {
          onlyFor(['relevant', 'required', 'field_of_action', 'sensitive'], XLSFORM_TYPE_OF.stadtteil);
          if (orOther) importer.error('survey', row.number, { code: 'stadtteilOrOther' }, 'type');
          usedLists.add(STADTTEIL_LIST);
          question = { ...base(), type: 'stadtteil' };
        } else {
          onlyFor(['relevant', 'required', 'field_of_action', 'sensitive', 'census'], 'select_one');
          const single: SingleQuestion = { ...base(), type: 'single', options: optionsOf(listName), ...(orOther ? { allowOther: true } : {}) };
          const census = censusOf(listName);
          question = census ? { ...single, census } : single;
        }
        break;
      case 'select_multiple': {
        onlyFor(['relevant', 'required', 'field_of_action', 'sensitive', 'constraint'], 'select_multiple');
        const multi: SurveyQuestion = { ...base(), type: 'multi', options: optionsOf(listName), ...(orOther ? { allowOther: true } : {}) };
        const { maxCount } = constraintOf(multi);
        question = maxCount === undefined ? multi : { ...multi, maxSelected: maxCount };
        break;
      }
      case 'rank': {
        onlyFor(['relevant', 'required', 'field_of_action', 'sensitive', 'constraint'], 'rank');
        if (orOther) importer.error('survey', row.number, { code: 'rankOrOther' }, 'type');
        const ranking: SurveyQuestion = { ...base(), type: 'ranking', options: optionsOf(listName) };
        const { maxCount } = constraintOf(ranking);
        question = maxCount === undefined ? ranking : { ...ranking, maxRanked: maxCount };
        break;
      }
      case 'text': {
        onlyFor(['relevant', 'required', 'field_of_action', 'constraint'], 'text');
        const text: SurveyQuestion = { ...base(), type: 'text' };
        const { maxLength } = constraintOf(text);
        question = maxLength === undefined ? text : { ...text, maxLength };
        break;
      }
      case 'integer': {
        onlyFor(['relevant', 'required', 'field_of_action', 'sensitive', 'constraint'], 'integer');
        const number: SurveyQuestion = { ...base(), type: 'number' };
        const { min, max } = constraintOf(number);
        question = { ...number, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
        break;
      }
      case 'range': {
        onlyFor(['relevant', 'required', 'field_of_action', 'sensitive', 'parameters'], 'range');
        const params = new Map<string, string>();
        for (const part of (row.cells.get('parameters') ?? '').split(/[\s;,]+/u).filter(Boolean)) {
          const [name = '', value = ''] = part.split('=');
          params.set(name.trim().toLowerCase(), value.trim());
        }
        for (const name of params.keys()) {
          if (!['start', 'end', 'step', 'no_answer'].includes(name)) importer.error('survey', row.number, { code: 'rangeParameterUnsupported', params: { name } }, 'parameters');
        }
        const integer = (name: string, fallback: number) => {
          const value = params.get(name);
          if (value === undefined) return fallback;
          if (!/^-?\d+$/u.test(value)) importer.error('survey', row.number, { code: 'notWholeNumber', params: { name, value } }, 'parameters');
          return Number(value);
        };
        const min = integer('start', 1);
        const max = integer('end', 10);
        if (integer('step', 1) !== 1) importer.error('survey', row.number, { code: 'rangeStep' }, 'parameters');
        const noAnswer = yesNo(params.get('no_answer'));
        if (noAnswer === null) importer.error('survey', row.number, { code: 'noAnswerYesNo' }, 'parameters');
        const ends = (column: 'min_label' | 'max_label', value: number): LocalizedText => {
          const label = importer.localized('survey', row, column, false);
          if (label) return label;
          importer.note('survey', row.number, { code: 'scaleEndLabel', params: { column, value } }, column);
          return { de: String(value) };
        };
        question = { ...base(), type: 'scale', scale: { min, max, minLabel: ends('min_label', min), maxLabel: ends('max_label', max), allowNoAnswer: noAnswer ?? false } };
        break;
      }
      default:
        importer.error('survey', row.number, { code: 'unsupportedType', params: { type: rawType, supported: 'select_one, select_multiple, rank, range, integer, text, note, begin_group, end_group' } }, 'type');
    }
    if (!question) continue;
    for (const column of ['min_label', 'max_label'] as const) {
      if (question.type !== 'scale' && Object.keys(importer.texts(row, column)).length > 0) importer.error('survey', row.number, { code: 'rangeOnlyColumn', params: { column } }, column);
    }
    if (questionRows.has(question.key)) {
      importer.error('survey', row.number, { code: 'duplicateName', params: { name: question.key, otherRow: questionRows.get(question.key)! } }, 'name');
      continue;
    }
    section().questions.push(question);
    questionRows.set(question.key, row.number);
    pending.push({ row, question, ...(row.cells.get('relevant') ? { relevant: row.cells.get('relevant') } : {}) });
    earlier.set(question.key, question);
  }
  if (current && !currentImplicit) importer.error('survey', undefined, { code: 'groupNotClosed', params: { group: (current as SurveySection).key } });

  // Conditions, now that every question is known (a condition names only questions before it).
  const before = new Map<string, SurveyQuestion>();
  for (const entry of pending) {
    if (entry.relevant) {
      const parsed = parseRelevant(entry.relevant);
      const condition = isProblem(parsed) ? parsed : conditionOf(parsed, before);
      if (isProblem(condition)) importer.error('survey', entry.row.number, { code: condition.code, params: { relevant: entry.relevant, ...condition.params } }, 'relevant');
      else entry.question.showIf = condition;
    }
    before.set(entry.question.key, entry.question);
  }

  for (const [listName, entries] of lists) {
    for (const entry of entries) {
      const value = entry.row.cells.get('census');
      if (value && !censusLists.has(listName)) importer.error('choices', entry.row.number, { code: 'censusChoiceUnmarked', params: { value, list: listName } }, 'census');
    }
    if (!usedLists.has(listName) && entries.length > 0) importer.note('choices', entries[0]!.row.number, { code: 'listUnused', params: { list: listName } }, 'list_name');
  }
  const languages = importer.languages.length > 0 ? importer.languages : [importer.defaultLanguage];
  if (usedLists.has(STADTTEIL_LIST) && !stadtteilListAsExported(stadtteilRows, context, languages)) {
    importer.note('choices', undefined, { code: 'stadtteilListReplaced', params: { count: context.stadtteile.length, list: STADTTEIL_LIST } });
  }
  if (importer.renamed.size > 0) {
    const examples = [...importer.renamed].slice(0, 3).map(([name, key]) => `${name} → ${key}`);
    importer.note('survey', undefined, { code: 'namesRenamed', params: { count: importer.renamed.size, examples: `${examples.join(', ')}${importer.renamed.size > 3 ? ', …' : ''}` } });
  }

  if (!statuses) {
    importer.note('settings', undefined, { code: 'noTranslationsSetting' });
  }
  const translations = Object.fromEntries(languages.map((language) => [language, statuses?.[language] ?? 'reviewed']));
  for (const language of Object.keys(statuses ?? {})) {
    if (!languages.includes(language as Language)) importer.error('settings', settingsRow?.number, { code: 'translationsWithoutColumn', params: { language } }, 'translations');
  }

  if (importer.errors.length > 0) return { ok: false, errors: importer.errors, notes: importer.notes };

  const candidate = { version: 1, languages, translations, sections };
  const parsed = surveyDefinitionSchema.safeParse(candidate);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue): XlsformIssue => {
      const [top, s, , q] = issue.path;
      let row: number | undefined;
      if (top === 'sections' && typeof s === 'number') {
        const question = typeof q === 'number' ? sections[s]?.questions[q] : undefined;
        row = question ? questionRows.get(question.key) : sectionRows.get(s);
      }
      // The schema's own messages are English; the page words them as the survey editor does, by its code and the path's last part.
      const params = { detail: issue.message, schemaCode: issue.code, at: String(issue.path.at(-1) ?? '') };
      return issueAt(top === 'languages' || top === 'translations' ? 'settings' : 'survey', row, { code: 'definitionInvalid', params });
    });
    return { ok: false, errors, notes: importer.notes };
  }
  return { ok: true, definition: parsed.data, notes: importer.notes, settings: { formTitle, version, translations: statuses, reviewedWhenExported } };
}

// ---------------------------------------------------------------------------------------------
// Export

/** An option's `census` on the choices sheet: its age class where the question maps them, `not-immigrated`, or nothing. */
function choiceCensus(question: SingleQuestion, option: string): string {
  const { census } = question;
  if (census?.dimension === 'age') return census.map?.[option] ?? '';
  if (census?.dimension === 'immigration') return census.notImmigrated.includes(option) ? NOT_IMMIGRATED_CHOICE : '';
  return '';
}

export interface XlsformSource {
  definition: SurveyDefinition;
  texts: SurveyTexts;
  formTitle: string;
  formId: string;
  stadtteile: ReadonlyArray<{ key: string; name: string }>;
}

/** The survey as an XLSForm workbook, every offered language in its own columns (also one with no text yet). */
export async function exportXlsform(source: XlsformSource): Promise<ExcelJS.Workbook> {
  const { definition, texts } = source;
  const { languages } = definition;
  const questions = definition.sections.flatMap((section) => section.questions);
  const hasScale = questions.some((question) => question.type === 'scale');
  const perLanguage = (base: string) => languages.map((language) => languageColumn(base, language));
  const surveyHeaders = [
    'type',
    'name',
    ...perLanguage('label'),
    ...perLanguage('hint'),
    'required',
    'relevant',
    'constraint',
    'parameters',
    'field_of_action',
    'sensitive',
    'census',
    ...(hasScale ? [...perLanguage('min_label'), ...perLanguage('max_label')] : []),
  ];
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mitreden';
  const survey = workbook.addWorksheet('survey');
  const choices = workbook.addWorksheet('choices');
  const settings = workbook.addWorksheet('settings');
  survey.addRow(surveyHeaders);


  const choiceHeaders = ['list_name', 'name', ...perLanguage('label'), 'census'];
  choices.addRow(choiceHeaders);
  const textCells = (base: string, text: Texts | undefined) => Object.fromEntries(languages.map((language) => [languageColumn(base, language), text?.[language] ?? '']));
  const addSurveyRow = (cells: Record<string, string>) => survey.addRow(surveyHeaders.map((header) => cells[header] ?? ''));
  const addChoice = (listName: string, name: string, label: Texts, census = '') => {
    const cells: Record<string, string> = { list_name: listName, name, ...textCells('label', label), census };
    choices.addRow(choiceHeaders.map((header) => cells[header] ?? ''));
  };

  let stadtteilListWritten = false;
  for (const section of definition.sections) {
    addSurveyRow({ type: 'begin_group', name: section.key, ...textCells('label', section.title) });
    if (section.intro) addSurveyRow({ type: 'note', name: `${section.key}-intro`, ...textCells('label', section.intro) });
    for (const question of section.questions) {
      const cells: Record<string, string> = {
        name: question.key,
        ...textCells('label', question.title),
        ...textCells('hint', question.help),
        required: question.required ? 'yes' : '',
        relevant: question.showIf ? relevantOf(question.showIf) : '',
        field_of_action: question.fieldOfAction ?? '',
        sensitive: question.sensitive ? 'yes' : '',
        census: question.type === 'single' && question.census ? question.census.dimension : '',
      };
      switch (question.type) {
        case 'single':
        case 'multi':
        case 'ranking': {
          const type = { single: 'select_one', multi: 'select_multiple', ranking: 'rank' }[question.type];
          const other = question.type !== 'ranking' && question.allowOther ? ' or_other' : '';
          cells.type = `${type} ${question.key}${other}`;
          const most = question.type === 'multi' ? question.maxSelected : question.type === 'ranking' ? question.maxRanked : undefined;
          if (most !== undefined) cells.constraint = `count-selected(.) <= ${most}`;
          for (const option of question.options) addChoice(question.key, option.key, option.label, question.type === 'single' ? choiceCensus(question, option.key) : '');
          break;
        }
        case 'scale':
          cells.type = 'range';
          cells.parameters = `start=${question.scale.min} end=${question.scale.max} step=1${question.scale.allowNoAnswer ? ' no_answer=yes' : ''}`;
          Object.assign(cells, textCells('min_label', question.scale.minLabel), textCells('max_label', question.scale.maxLabel));
          break;
        case 'text':
          cells.type = 'text';
          if (question.maxLength !== undefined) cells.constraint = `string-length(.) <= ${question.maxLength}`;
          break;
        case 'number':
          cells.type = 'integer';
          cells.constraint = [question.min === undefined ? '' : `. >= ${question.min}`, question.max === undefined ? '' : `. <= ${question.max}`].filter(Boolean).join(' and ');
          break;
        case 'stadtteil':
          cells.type = `select_one ${STADTTEIL_LIST}`;
          if (!stadtteilListWritten) {
            stadtteilListWritten = true;
            for (const stadtteil of source.stadtteile) addChoice(STADTTEIL_LIST, stadtteil.key, { de: stadtteil.name });
            addChoice(STADTTEIL_LIST, PLACE_OUTSIDE, texts.labels.stadtteilOutside);
            addChoice(STADTTEIL_LIST, PLACE_UNKNOWN, texts.labels.stadtteilUnknown);
          }
          break;
      }
      addSurveyRow(cells);
    }
    addSurveyRow({ type: 'end_group' });
  }

  settings.addRow(['form_title', 'form_id', 'version', 'default_language', 'translations', 'reviewed_when_exported']);
  settings.addRow([
    source.formTitle,
    source.formId,
    String(definition.version),
    `${LANGUAGE_NAMES.de} (de)`,
    languages.map((language) => `${language}=${definition.translations[language] ?? 'reviewed'}`).join(' '),
    // German is always checked, so the cell is never empty: an import tells a `reviewed` carried from here from one a person set.
    languages.filter((language) => (definition.translations[language] ?? 'reviewed') === 'reviewed').join(' '),
  ]);

  for (const sheet of [survey, choices, settings]) {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    sheet.columns.forEach((column) => {
      column.width = 24;
    });
  }
  return workbook;
}
