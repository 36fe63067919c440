import type { Db } from '../../../db/index.ts';
import { AGE_BANDS } from '../../../shared/api/stall.ts';
import { STALL_AGE_BAND_KEY, type Band, type QuotePage, type QuotesExportQuery, type QuotesQuery } from '../../../shared/api/quotes.ts';
import { PLACE_OUTSIDE, PLACE_UNKNOWN } from '../../../shared/domain.ts';
import { LANGUAGES, type Language } from '../../../shared/languages.ts';
import { OUTSIDE_LABEL, UNKNOWN_LABEL } from '../../../shared/results/labels.ts';
import { allQuestions, censusAgeClass, censusQuestion } from '../../../shared/survey/definition.ts';
import { AppError, badRequest } from '../../errors.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import { readableFields } from './working-group.service.ts';
import { placeNamer } from './place-names.ts';
import { loadProcessParts, type ProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import { suggestContext, suggestFor } from '../suggest/suggest.service.ts';
import { presentQuote } from './quotes.presenter.ts';
import * as repo from './quotes.repo.ts';
import { listSurveyDefinitions } from './results.repo.ts';
import { refuseWithheldFilters, resolveScope } from './results.service.ts';
import { searchQuery } from './quotes.search.ts';

/** The stall's age bands as the tablet labels them, for a process whose survey asks no age question. */
const STALL_AGE_LABELS: Record<(typeof AGE_BANDS)[number], string> = { 'under-18': 'unter 18', '18-29': '18–29', '30-49': '30–49', '50-64': '50–64', '65-plus': '65 und älter' };

export interface BandChoice {
  key: string;
  label: string;
  options: Array<{ key: string; label: string }>;
  /** The Zensus age class each option stands for, where stall notes' age class counts in this band. */
  stallAgeClass?: (option: string) => string | null;
}

/**
 * The demographic bands quotes can be filtered by: the options of the survey's demographic
 * (`sensitive`) single and multiple choice questions, of every version. The age class staff note
 * at the stall (a Zensus age class) counts in the band of the question the survey's newest version
 * marks for the comparison with the Zensus's age classes; without one, it is a band of its own.
 */
function bandChoices(db: Db, processId: string): BandChoice[] {
  const bands = new Map<string, BandChoice>();
  const definitions = listSurveyDefinitions(db, processId);
  for (const definition of definitions) {
    for (const question of allQuestions(definition)) {
      if (!question.sensitive || (question.type !== 'single' && question.type !== 'multi')) continue;
      const band = bands.get(question.key) ?? { key: question.key, label: question.title.de, options: [] };
      for (const option of question.options) if (!band.options.some((o) => o.key === option.key)) band.options.push({ key: option.key, label: option.label.de });
      bands.set(question.key, band);
    }
  }
  const ageQuestion = definitions.length > 0 ? censusQuestion(definitions.at(-1)!, 'age') : undefined;
  const ageBand = ageQuestion && bands.get(ageQuestion.key);
  if (ageQuestion && ageBand) ageBand.stallAgeClass = (option) => censusAgeClass(ageQuestion, option);
  else if (!bands.has(STALL_AGE_BAND_KEY)) {
    bands.set(STALL_AGE_BAND_KEY, { key: STALL_AGE_BAND_KEY, label: 'Altersgruppe', options: AGE_BANDS.map((key) => ({ key, label: STALL_AGE_LABELS[key] })), stallAgeClass: (option) => option });
  }
  return [...bands.values()];
}

/**
 * The stall notes' age classes chosen options stand for: a class whose every option is chosen
 * (an option that is part of a class says too little about a note of that class).
 */
function stallAgeBands(choice: BandChoice, chosen: readonly string[]): string[] {
  const { stallAgeClass } = choice;
  if (!stallAgeClass) return [];
  const classes = new Set(choice.options.map((option) => stallAgeClass(option.key)).filter((ageClass) => ageClass !== null));
  return [...classes].filter((ageClass) => choice.options.every((option) => stallAgeClass(option.key) !== ageClass || chosen.includes(option.key)));
}

function placeFilter(parts: ProcessParts, district: string | undefined, stadtteil: string | undefined): repo.WhoFilter['place'] {
  const unknownDistrict = () => badRequest('unknown_district', `No statistical district ${district}`, [{ path: 'district', message: 'unknown district' }]);
  const unknownStadtteil = () => badRequest('unknown_stadtteil', `No Stadtteil ${stadtteil}`, [{ path: 'stadtteil', message: 'unknown Stadtteil' }]);
  const districtRow = district && district !== PLACE_OUTSIDE && district !== PLACE_UNKNOWN ? parts.districts.find((d) => d.key === district) : undefined;
  if (district && !districtRow && district !== PLACE_OUTSIDE && district !== PLACE_UNKNOWN) throw unknownDistrict();
  if (stadtteil) {
    if (stadtteil === PLACE_OUTSIDE || stadtteil === PLACE_UNKNOWN) {
      if (district && district !== stadtteil) throw unknownStadtteil();
      return stadtteil === PLACE_OUTSIDE ? { keys: [PLACE_OUTSIDE], unknown: false } : { keys: [], unknown: true };
    }
    const row = parts.stadtteile.find((s) => s.key === stadtteil);
    if (!row || (district && row.districtId !== districtRow?.id)) throw unknownStadtteil();
    return { keys: [row.key], unknown: false };
  }
  if (district === PLACE_OUTSIDE) return { keys: [PLACE_OUTSIDE], unknown: false };
  if (district === PLACE_UNKNOWN) return { keys: [], unknown: true };
  if (districtRow) return { keys: parts.stadtteile.filter((s) => s.districtId === districtRow.id).map((s) => s.key), unknown: false };
  return undefined;
}

function bandFilter(choices: BandChoice[], bands: Band[] | undefined): repo.WhoFilter['bands'] {
  if (!bands?.length) return undefined;
  const byQuestion = new Map<string, string[]>();
  for (const { question, option } of bands) {
    const choice = choices.find((c) => c.key === question);
    if (!choice?.options.some((o) => o.key === option)) {
      throw badRequest('unknown_band', `No demographic band ${question}:${option}`, [{ path: 'band', message: `unknown band ${question}:${option}` }]);
    }
    byQuestion.set(question, [...new Set([...(byQuestion.get(question) ?? []), option])]);
  }
  return [...byQuestion].map(([question, options]) => ({ question, options, stallAgeBands: stallAgeBands(choices.find((c) => c.key === question)!, options) }));
}

function tooFewRespondents(threshold: number, which: 'selection' | 'rest') {
  return new AppError(
    422,
    'too_few_respondents',
    which === 'selection'
      ? `These filters leave fewer than ${threshold} people; choose a wider place or fewer bands`
      : `Fewer than ${threshold} people of this place and field are outside these bands, so the filter would tell what they answered about themselves; choose fewer bands`,
    { threshold, which },
  );
}

/**
 * The re-identification rule. Place and demographic bands describe the person, not the text, and
 * a quote that a filter narrowed to a handful of people tells those people's place and answers to
 * whoever recognises the text. So, before any quote is read:
 *  - with a place or band filter, the quotes in scope (field, channel, kind, language and those
 *    filters, without the search) must come from at least `threshold` people;
 *  - with a band filter, so must the quotes the bands leave out (same scope without the bands),
 *    else leaving them out tells those few people's answers ("everyone else here is 65+"), as
 *    secondary suppression keeps a margin from giving a withheld cell away.
 * Zero counts as too few, as in every published table. The search is not counted: it only picks
 * from a list the caller may read in full; paging and grouping neither. People are counted as
 * survey responses; a stall note cannot be linked to another and counts as one person.
 */
function checkThreshold(db: Db, scope: Omit<repo.QuoteScope, 'search'>, threshold: number): void {
  if (!scope.who.place && !scope.who.bands) return;
  const { selected, withoutBands } = repo.countRespondents(db, scope);
  if (selected < threshold) throw tooFewRespondents(threshold, 'selection');
  if (!scope.who.bands) return;
  if (withoutBands - selected < threshold) throw tooFewRespondents(threshold, 'rest');
}

/** Runs a query that carries the caller's search; FTS5 refusing the search is the caller's 400, not our 500. */
export function withSearch<T>(search: string | undefined, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (search && repo.isSearchSyntaxError(error)) {
      throw badRequest('invalid_search', 'The search could not be read; use words, "a phrase", word*, OR, NOT', [{ path: 'q', message: (error as Error).message }]);
    }
    throw error;
  }
}

/** The quotes a query selects, checked: the caller's fields, what the filters can be set to, the scope to read. */
export interface QuoteSelection {
  fields: string[];
  parts: ProcessParts;
  bands: BandChoice[];
  /** Empty when the caller reads no field of this process. */
  scope: repo.QuoteScope;
}

/**
 * What a query of the quote browser selects, whether a page or the download reads it: the caller's
 * fields (403 for another), the filters (400 for an unknown place or band), and the refusals
 * (422) before any quote is read. Paging aside, page and download select the same quotes.
 */
export function quoteSelection(db: Db, process: ProcessRow, user: UserRow, query: QuotesExportQuery): QuoteSelection {
  const fields = readableFields(db, process, user, query.field);
  const parts = loadProcessParts(db, process.id);
  const bands = bandChoices(db, process.id);
  const who: repo.WhoFilter = { place: placeFilter(parts, query.district, query.stadtteil), bands: bandFilter(bands, query.band) };
  const scope: repo.QuoteScope = { processId: process.id, fields, what: { channel: query.channel, kind: query.kind, language: query.language }, who, search: query.q ? searchQuery(query.q) : undefined };
  if (fields.length > 0) {
    checkThreshold(db, scope, process.suppressionThreshold);
    refuseWithheldFilters(db, process, user, query);
  }
  return { fields, parts, bands, scope };
}

/**
 * The languages the quote browser offers to filter by, in the survey's order: the process's
 * languages, those of its survey versions (a response's language is one its version offers) and
 * those other contributions were written in; not all nine when the process speaks three.
 */
function quoteLanguages(db: Db, process: ProcessRow): Language[] {
  const spoken = new Set<Language>([...process.languages, ...listSurveyDefinitions(db, process.id).flatMap((definition) => definition.languages), ...repo.languagesOutsideSurvey(db, process.id)]);
  return LANGUAGES.filter((language) => spoken.has(language));
}

/** A page of the quotes a caller may read (masked, their fields only), filtered, searched and grouped by field of action. */
export function quotePage(db: Db, process: ProcessRow, user: UserRow, query: QuotesQuery): QuotePage {
  const { fields, parts, bands, scope } = quoteSelection(db, process, user, query);
  const { search } = scope;
  const threshold = process.suppressionThreshold;
  const ownFields = parts.fields.filter((f) => fields.includes(f.key));
  const choices = {
    fields: ownFields.map((f) => ({ key: f.key, label: f.label.de })),
    districts: [...parts.districts.map((d) => ({ key: d.key, label: d.name })), { key: PLACE_OUTSIDE, label: OUTSIDE_LABEL }, { key: PLACE_UNKNOWN, label: UNKNOWN_LABEL }],
    stadtteile: parts.stadtteile.map((s) => ({ key: s.key, label: s.name, district: parts.districts.find((d) => d.id === s.districtId)!.key })),
    bands,
    languages: quoteLanguages(db, process),
  };
  const empty: QuotePage = { total: 0, limit: query.limit, offset: query.offset, quotes: [], groups: [], choices, threshold };
  if (fields.length === 0) return empty;

  const { rows, perGroup } = withSearch(search, () => repo.readQuotes(db, scope, query.limit, query.offset));

  const fieldAt = new Map(parts.fields.map((f) => [f.sortOrder, f]));
  const ids = rows.map((row) => row.id);
  const firmFields = repo.firmFieldsOf(db, ids, fields);
  const german = repo.maskedGermanOf(db, ids);
  // Places are named as precisely as the tables of the whole list the caller may read publish them, whatever the filters.
  const nameArea = placeNamer(db, resolveScope(db, process, user, query.field ? { field: query.field } : {}));
  const context = suggestContext(db, process.id);
  const order = new Map(parts.fields.map((f) => [f.key, f.sortOrder]));
  const parentOf = new Map(parts.fields.map((f) => [f.key, f.parentKey]));
  return {
    ...empty,
    total: [...perGroup.values()].reduce((sum, n) => sum + n, 0),
    groups: [...perGroup]
      .sort(([a], [b]) => a - b)
      .map(([sortOrder, count]) => ({ key: fieldAt.get(sortOrder)!.key, label: fieldAt.get(sortOrder)!.label.de, count })),
    quotes: rows.map((row) => {
      const quoteFields = (firmFields.get(row.id) ?? []).sort((a, b) => order.get(a)! - order.get(b)!);
      const evidence = suggestFor(context, row.maskedText, row.language).fieldsOfAction;
      // The suggester may name a field's parent ("bildung") where moderators chose the child.
      const keywords = quoteFields
        .map((field) => ({ field, words: (evidence.find((e) => e.key === field) ?? evidence.find((e) => e.key === parentOf.get(field)))?.because ?? [] }))
        .filter((entry) => entry.words.length > 0);
      return presentQuote(row, { area: nameArea(row.stadtteilKey, quoteFields), fields: quoteFields, group: fieldAt.get(row.groupOrder)!.key, german: german.get(row.id) ?? null, keywords });
    }),
  };
}
