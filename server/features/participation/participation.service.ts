import type { DbOrTx } from '../../../db/index.ts';
import type { Participation, ParticipationArea, ParticipationBreakdown, ParticipationSummary, WhereNext } from '../../../shared/api/participation.ts';
import type { Figure } from '../../../shared/api/question-results.ts';
import { CHANNELS, PLACE_OUTSIDE } from '../../../shared/domain.ts';
import { LANGUAGES, type Language } from '../../../shared/languages.ts';
import { POPULATION_DIMENSIONS } from '../../../shared/population.ts';
import { lowestOverHighest, proportionalSimilarity, ratePerThousand, WHERE_NEXT_COUNT, wilsonInterval } from '../../../shared/results/participation.ts';
import { Model } from '../../../shared/results/figures.ts';
import { CENSUS_COMPARISONS, censusGroup, censusQuestion, type CensusComparison } from '../../../shared/survey/definition.ts';
import { listSurveyDefinitions } from '../results/results.repo.ts';
import { loadProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import * as repo from './participation.repo.ts';

const KINDS: readonly repo.VoiceKind[] = ['response', 'contribution'];

/** One unit of the place model: voices by (kind, channel), by channel, by kind, and in all. */
interface Unit {
  cells: number[];
  channels: number[];
  kinds: number[];
  voices: number;
}

const published = (figure: Figure): figure is Extract<Figure, { suppressed: false }> => !figure.suppressed;

/**
 * The place model alone: voices by Stadtteil, Stadtbezirk, channel and kind, suppressed as one
 * model (`participation` publishes these; the per-question figures hold a Stadtteil question's
 * options to them, `participationByPlace`), without the breakdowns by age, immigration and language.
 */
function placeFigures(db: DbOrTx, process: ProcessRow) {
  const threshold = process.suppressionThreshold;
  const parts = loadProcessParts(db, process.id);
  const groups = repo.countVoicesByPlace(db, process.id);
  const known = new Set(parts.stadtteile.map((row) => row.key));

  const channels = CHANNELS.filter((channel) => groups.some((group) => group.channel === channel));
  const combos = KINDS.flatMap((kind) => channels.filter((channel) => groups.some((group) => group.kind === kind && group.channel === channel)).map((channel) => ({ kind, channel })));
  const rowOf = (place: string | null) => (place === PLACE_OUTSIDE ? PLACE_OUTSIDE : place !== null && known.has(place) ? place : 'unknown');
  const baseRows = [...parts.stadtteile.map((row) => row.key), PLACE_OUTSIDE, 'unknown'];
  const raw = new Map(baseRows.map((row) => [row, combos.map(() => 0)]));
  for (const group of groups) {
    const at = combos.findIndex((combo) => combo.kind === group.kind && combo.channel === group.channel);
    raw.get(rowOf(group.place))![at]! += group.n;
  }

  const model = new Model();
  const addSum = (parts: readonly number[]) => model.add(parts.reduce((sum, part) => sum + model.counts[part]!, 0));
  // A channel that carries one kind only (the usual case: questionnaires online or on paper, notes
  // at the stall) is its own (kind, channel) cell; only a channel with both needs cells of its own,
  // which are never published but derivable, so they take part in the sums as derived counts.
  const combosOf = (pick: (combo: (typeof combos)[number]) => boolean) => combos.flatMap((combo, at) => (pick(combo) ? [at] : []));
  const cellIsDerived = combos.map((combo) => combosOf((other) => other.channel === combo.channel).length > 1);
  /** The count of several cells: the cell itself when it is one, else a sum bound to them. */
  const sumCells = (cells: readonly number[], members: readonly number[]) => {
    if (members.length === 1) return cells[members[0]!]!;
    const index = addSum(members.map((at) => cells[at]!));
    model.relate(index, members.map((at) => cells[at]!));
    return index;
  };
  /** A unit from its (kind, channel) counts, with the relations inside it. */
  const unitOf = (cells: number[]): Unit => {
    const unit: Unit = {
      cells,
      channels: channels.map((channel) => sumCells(cells, combosOf((combo) => combo.channel === channel))),
      kinds: KINDS.map((kind) => sumCells(cells, combosOf((combo) => combo.kind === kind))),
      voices: addSum(cells),
    };
    model.relate(unit.voices, unit.channels);
    model.relate(unit.voices, unit.kinds);
    return unit;
  };
  const addCells = (counts: readonly number[]) => counts.map((count, at) => model.add(count, { derived: cellIsDerived[at]! }));
  /** A unit that is the sum of others, with those sums as relations. */
  const sumOf = (members: readonly Unit[]): Unit => {
    const unit = unitOf(addCells(combos.map((_, at) => members.reduce((total, member) => total + model.counts[member.cells[at]!]!, 0))));
    // A channel that is its own cell gives the same relation twice; `expandRelations` keeps one.
    const relateAll = (pick: (member: Unit) => number[], own: number[]) => own.forEach((index, at) => model.relate(index, members.map((member) => pick(member)[at]!)));
    relateAll((member) => member.cells, unit.cells);
    relateAll((member) => member.channels, unit.channels);
    relateAll((member) => member.kinds, unit.kinds);
    model.relate(unit.voices, members.map((member) => member.voices));
    return unit;
  };

  const base = new Map(baseRows.map((row) => [row, unitOf(addCells(raw.get(row)!))]));
  const stadtteilUnits = parts.stadtteile.map((row) => base.get(row.key)!);
  const districtUnits = parts.districts.map((district) => sumOf(parts.stadtteile.filter((row) => row.districtId === district.id).map((row) => base.get(row.key)!)));
  const outside = base.get(PLACE_OUTSIDE)!;
  const unknown = base.get('unknown')!;
  // The total is the districts' sum plus outside and unknown (a Stadtteil belongs to exactly one district).
  const total = sumOf([...districtUnits, outside, unknown]);

  const withPopulation = parts.stadtteile.filter((row) => row.population !== null);
  const cityPopulation = withPopulation.reduce((sum, row) => sum + row.population!, 0);
  // The city's voices (in Stadtteile with a population) are the total less the rest: related that
  // way round, the relation stays short (written out over 25 Stadtteile it grows the model tenfold).
  const rest = [outside, unknown, ...parts.stadtteile.filter((row) => row.population === null).map((row) => base.get(row.key)!)];
  const cityKinds = KINDS.map((_, k) => {
    const index = model.add(model.counts[total.kinds[k]!]! - rest.reduce((sum, unit) => sum + model.counts[unit.kinds[k]!]!, 0));
    model.relate(total.kinds[k]!, [index, ...rest.map((unit) => unit.kinds[k]!)]);
    return index;
  });
  const cityVoices = addSum(cityKinds);
  model.relate(cityVoices, cityKinds);
  model.relate(total.voices, [cityVoices, ...rest.map((unit) => unit.voices)]);
  const figureOf = model.solve(threshold);

  const counts = (unit: Unit) => ({ responses: figureOf(unit.kinds[0]!), contributions: figureOf(unit.kinds[1]!), voices: figureOf(unit.voices) });
  const cityVoicesFigure = figureOf(cityVoices);
  const cityRate = published(cityVoicesFigure) ? ratePerThousand(cityVoicesFigure.count, cityPopulation) : null;
  const area = (unit: Unit, fields: Pick<ParticipationArea, 'key' | 'nr' | 'name' | 'district' | 'population' | 'populationStatus'>): ParticipationArea => {
    const voices = figureOf(unit.voices);
    const rate = published(voices) && fields.population !== null ? ratePerThousand(voices.count, fields.population) : null;
    return {
      ...fields,
      ...counts(unit),
      channels: channels.map((channel, at) => ({ channel, voices: figureOf(unit.channels[at]!) })),
      rate,
      ratio: rate && cityRate && cityRate.perThousand > 0 ? rate.perThousand / cityRate.perThousand : null,
    };
  };

  const districtKey = new Map(parts.districts.map((district) => [district.id, district.key]));
  const stadtteilAreas = parts.stadtteile.map((row, at) =>
    area(stadtteilUnits[at]!, { key: row.key, nr: row.nr, name: row.name, district: districtKey.get(row.districtId) ?? null, population: row.population, populationStatus: row.populationStatus }),
  );
  const districtAreas = parts.districts.map((district, at) => {
    const members = parts.stadtteile.filter((row) => row.districtId === district.id);
    const complete = members.length > 0 && members.every((row) => row.population !== null);
    return area(districtUnits[at]!, {
      key: district.key,
      nr: String(district.nr),
      name: district.name,
      district: null,
      population: complete ? members.reduce((sum, row) => sum + row.population!, 0) : null,
      populationStatus: !complete ? null : members.some((row) => row.populationStatus !== 'official') ? 'unverified' : 'official',
    });
  });

  return { threshold, parts, channels, model, total, outside, unknown, counts, cityKinds, cityVoicesFigure, cityRate, withPopulation, cityPopulation, stadtteilAreas, districtAreas, figureOf };
}

/** Each Stadtteil's and the outside's figures as `participation` publishes them, without reading its breakdowns (the voices by answer). */
export function participationByPlace(db: DbOrTx, process: ProcessRow): Pick<Participation, 'stadtteile' | 'outside'> {
  const { stadtteilAreas, outside, counts } = placeFigures(db, process);
  return { stadtteile: stadtteilAreas, outside: counts(outside) };
}

/**
 * Participation against population for a whole process (not per field of action: who took part
 * is one figure). Counting is SQL; suppression covers Stadtteile, districts, channels, kinds and
 * totals as one model, so no published sum gives a small group away.
 */
export function participation(db: DbOrTx, process: ProcessRow): Participation {
  const { threshold, parts, channels, model, total, outside, unknown, counts, cityKinds, cityVoicesFigure, cityRate, withPopulation, cityPopulation, stadtteilAreas, districtAreas, figureOf } = placeFigures(db, process);
  const totalFigure = figureOf(total.voices);
  const totalHidden = totalFigure.suppressed;
  const breakdown = (rows: Array<{ value: string | null; n: number }>, keys: readonly string[], population: Map<string, number> | null, referenceComplete: boolean) =>
    breakdownFigures(rows, keys, model.counts[total.voices]!, totalHidden, population, referenceComplete, threshold);

  const populationGroups = repo.sumPopulationGroups(db, process.id);
  const dimensionPopulation = (dimension: keyof typeof POPULATION_DIMENSIONS) => {
    const rows = populationGroups.filter((row) => row.dimension === dimension);
    const complete = withPopulation.length > 0 && POPULATION_DIMENSIONS[dimension].every((category) => rows.find((row) => row.category === category)?.stadtteile === withPopulation.length);
    return { complete, totals: new Map(rows.map((row) => [row.category, row.total])) };
  };
  const age = dimensionPopulation('age');
  const immigration = dimensionPopulation('immigration');
  const immigratedPopulation = immigration.complete ? new Map([['immigrated', immigration.totals.get('immigrated')!], ['born-here', cityPopulation - immigration.totals.get('immigrated')!]]) : null;
  // The questions the survey residents answer now (its newest version) marks for the comparisons;
  // a question's key is its identity across versions, so older versions' answers count too.
  const survey = listSurveyDefinitions(db, process.id).at(-1);
  const compared = (comparison: CensusComparison) => (survey ? censusQuestion(survey, comparison) : undefined);
  /** Voices by the Zensus group their answer to the question marked for the comparison counts in (none without a marked question). */
  const answersIn = (comparison: CensusComparison) => {
    const question = compared(comparison);
    if (!question) return [];
    return repo.countVoicesByAnswer(db, process.id, question.key).map((row) => ({ value: censusGroup(question, row.value), n: row.n }));
  };
  const ageQuestion = compared('age');
  const immigrationQuestion = compared('immigration');
  const notImmigrated = (question: NonNullable<typeof immigrationQuestion>) =>
    question.options.filter((option) => question.census?.dimension === 'immigration' && question.census.notImmigrated.includes(option.key)).map((option) => option.label);

  const languages = repo.countVoicesByLanguage(db, process.id);
  const languageFigures = breakdown(
    languages.map((row) => ({ value: row.language, n: row.n })),
    LANGUAGES.filter((language) => languages.some((row) => row.language === language && row.n > 0)),
    null,
    false,
  );

  const sources = new Set<string>();
  const dates = new Set<string>();
  const licences = new Set<string>();
  for (const row of withPopulation) {
    if (row.populationSource) sources.add(row.populationSource);
    if (row.populationDate) dates.add(row.populationDate);
    if (row.populationLicence) licences.add(row.populationLicence);
  }
  const statuses = new Set(withPopulation.map((row) => row.populationStatus ?? 'unverified'));

  return {
    threshold,
    channels,
    reference: {
      status: statuses.size === 0 ? 'none' : statuses.size > 1 ? 'mixed' : statuses.has('official') ? 'official' : 'unverified',
      sources: [...sources],
      dates: [...dates].sort(),
      licences: [...licences],
      withoutPopulation: parts.stadtteile.filter((row) => row.population === null).map((row) => row.key),
    },
    total: counts(total),
    city: { responses: figureOf(cityKinds[0]!), contributions: figureOf(cityKinds[1]!), voices: cityVoicesFigure, population: cityPopulation, rate: cityRate },
    stadtteile: stadtteilAreas,
    districts: districtAreas,
    outside: counts(outside),
    unknown: counts(unknown),
    summary: {
      stadtteile: summarize(stadtteilAreas, cityVoicesFigure),
      // The districts' voices add up to the city's only when every Stadtteil has a population.
      districts: summarize(districtAreas, withPopulation.length === parts.stadtteile.length ? cityVoicesFigure : null),
    },
    comparisonQuestions: {
      age: ageQuestion ? { key: ageQuestion.key, title: ageQuestion.title } : null,
      immigration: immigrationQuestion ? { key: immigrationQuestion.key, title: immigrationQuestion.title, notImmigrated: notImmigrated(immigrationQuestion) } : null,
    },
    // Stall notes carry the Zensus's age class itself (`age_band`), with or without a marked question.
    byAgeBand: breakdown([...answersIn('age'), ...repo.countNotesByAgeBand(db, process.id)], CENSUS_COMPARISONS.age, age.complete ? age.totals : null, age.complete),
    byImmigration: breakdown(answersIn('immigration'), CENSUS_COMPARISONS.immigration, immigratedPopulation, immigration.complete),
    byLanguage: {
      groups: languageFigures.groups.map((group) => ({ language: group.key as Language, voices: group.voices })),
      notStated: languageFigures.notStated,
    },
    whereNext: whereNext(stadtteilAreas, threshold),
  };
}

/**
 * Voices by a group (age band, immigrated or not, language) against that group's residents. The
 * groups and "not stated" add up to the total voices, which is published in the place model:
 * pinned here, or withheld from the start where it is withheld there.
 */
function breakdownFigures(
  rows: Array<{ value: string | null; n: number }>,
  keys: readonly string[],
  totalVoices: number,
  totalHidden: boolean,
  population: Map<string, number> | null,
  referenceComplete: boolean,
  threshold: number,
): ParticipationBreakdown {
  const model = new Model();
  const groupCounts = keys.map((key) => rows.filter((row) => row.value === key).reduce((sum, row) => sum + row.n, 0));
  const stated = groupCounts.reduce((sum, n) => sum + n, 0);
  const groups = groupCounts.map((count) => model.add(count));
  // Derivable as the total minus the groups: published at 0, withheld at 1 to threshold − 1.
  const notStated = model.add(totalVoices - stated, { derived: true });
  const total = model.add(totalVoices, totalHidden ? { hidden: true } : { pinned: true });
  model.relate(total, [...groups, notStated]);
  const figureOf = model.solve(threshold);
  const figures = groups.map((index) => figureOf(index));
  const rates = figures.map((figure, at) => (published(figure) && population ? ratePerThousand(figure.count, population.get(keys[at]!) ?? 0) : null));
  // The rate of everybody who said, as the yardstick of each group's ratio.
  const statedPopulation = population ? keys.reduce((sum, key) => sum + (population.get(key) ?? 0), 0) : 0;
  // Everybody who said is the published total minus the published "not stated".
  const allStated = population && !totalHidden && published(figureOf(notStated)) ? ratePerThousand(stated, statedPopulation) : null;
  return {
    groups: keys.map((key, at) => ({
      key,
      voices: figures[at]!,
      population: population?.get(key) ?? null,
      rate: rates[at]!,
      ratio: rates[at] && allStated && allStated.perThousand > 0 ? rates[at]!.perThousand / allStated.perThousand : null,
    })),
    notStated: figureOf(notStated),
    referenceComplete,
  };
}

/**
 * Lowest over highest rate among published rates, and the proportional similarity of the shares
 * of voices and residents. Areas whose count is withheld enter the similarity as one group:
 * their voices are `total` minus the published ones, which anybody can compute already. Without
 * a published `total` that matches the areas, the similarity is given only when none is withheld.
 */
function summarize(areas: readonly ParticipationArea[], total: Figure | null): ParticipationSummary {
  const compared = areas.filter((area) => area.population !== null && area.population > 0);
  const shown = compared.filter((area) => published(area.voices));
  const withheld = compared.filter((area) => !published(area.voices));
  const ratio = lowestOverHighest(shown.flatMap((area) => (area.rate ? [{ key: area.key, perThousand: area.rate.perThousand }] : [])));
  const groups = shown.map((area) => ({ voices: area.voices.count!, population: area.population! }));
  let similarity: number | null = null;
  if (withheld.length === 0) similarity = proportionalSimilarity(groups);
  else if (total && published(total)) {
    const rest = total.count - groups.reduce((sum, group) => sum + group.voices, 0);
    similarity = proportionalSimilarity([...groups, { voices: rest, population: withheld.reduce((sum, area) => sum + area.population!, 0) }]);
  }
  return { lowestOverHighest: ratio?.value ?? null, lowest: ratio?.lowest ?? null, highest: ratio?.highest ?? null, similarity, compared: compared.length, withheld: withheld.length };
}

/**
 * The three Stadtteile with the lowest upper bound of the 95 % Wilson interval: places where
 * participation is low with some certainty, so a large Stadtteil with few voices comes before a
 * tiny one whose handful of voices says little. A count under the threshold is ranked as
 * threshold − 1 voices (at most that many), which gives it no lower place than it has. A count
 * withheld only for the sums (at least the threshold, maybe many more) cannot be ranked without
 * giving it away or guessing it low, so such a Stadtteil is left out of the list.
 */
function whereNext(areas: readonly ParticipationArea[], threshold: number): WhereNext[] {
  return areas
    .filter((area): area is ParticipationArea & { district: string; population: number } => area.population !== null && area.population > 0 && area.district !== null)
    .filter((area) => published(area.voices) || area.voices.reason === 'below_threshold')
    .map((area) => {
      const assumed = published(area.voices) ? area.voices.count : threshold - 1;
      return {
        key: area.key,
        name: area.name,
        district: area.district,
        population: area.population,
        voices: area.voices,
        rate: area.rate,
        upperBound: 1000 * wilsonInterval(Math.min(assumed, area.population), area.population).high,
      };
    })
    .sort((a, b) => a.upperBound - b.upperBound || b.population - a.population || a.key.localeCompare(b.key))
    .slice(0, WHERE_NEXT_COUNT);
}

