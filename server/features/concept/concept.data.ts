/**
 * What the concept draft for the council holds, gathered through the same services the API
 * answers with (aggregates, per-question results, quotes), so every figure in the document is
 * the figure a working group sees on the page: suppressed under the process's threshold, texts
 * masked. Plain data in, plain data out: it runs on a read worker (server/read-worker).
 */
import type { Db } from '../../../db/index.ts';
import { questionResultsQuerySchema, type Figure, type QuestionResult } from '../../../shared/api/question-results.ts';
import { quotesQuerySchema } from '../../../shared/api/quotes.ts';
import { aggregateQuerySchema, type Cell } from '../../../shared/api/results.ts';
import { scaleChosen, summarize } from '../../../shared/results/summary.ts';
import type { Participation } from '../../../shared/api/participation.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import { participation } from '../participation/participation.service.ts';
import { formatBudget } from '../measures/measures.presenter.ts';
import { measuresPage } from '../measures/measures.service.ts';
import { loadProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import { quotePage } from '../results/quotes.service.ts';
import { questionResults } from '../results/results.service.ts';
import { aggregates } from '../results/results.selection.ts';
import { localDay } from '../../time.ts';

/** Quotes per field of action in the draft: enough to give the voices a face, few enough to read aloud. */
export const QUOTES_PER_FIELD = 5;

export interface ConceptQuestion {
  key: string;
  title: string;
  /** The one sentence the results page shows under the question's chart. */
  summary: string;
  /** Respondents who answered, or withheld. */
  answered: Figure;
  /** A scale with "keine Angabe": how the answers split into those who chose a step (the summary's base) and "keine Angabe". */
  split: { chosen: Figure; none: Figure } | null;
}

export interface ConceptQuote {
  citeId: string;
  text: string;
  /** A moderator's German rendering of a quote in another language. */
  german: string | null;
  area: string | null;
  month: string;
}

export interface ConceptField {
  key: string;
  label: string;
  /** Its child fields' labels ("schulisch", "außerschulisch"). */
  children: string[];
  /** Contributions tagged with the field or a child, each once (suppressed like every count), as `…/aggregates?field=KEY` totals them. */
  contributions: Cell;
  questions: ConceptQuestion[];
  quotes: ConceptQuote[];
  /** Quotes of the field in all. */
  quoteTotal: number;
  /** Its Leitziele (guiding goals), its children's included, in German. */
  guidingGoals: string[];
}

/** A measure as the council's table shows it, as `GET …/measures` serves it. */
export interface ConceptMeasure {
  title: string;
  field: string;
  /** The field of chapter 1 it belongs to: its own, or for a sub-field's measure (Schulische Bildung) its parent's (Bildung). */
  topField: string;
  guidingGoal: string | null;
  status: string;
  progress: number;
  responsible: string | null;
  partners: string[];
  /** "Drucksache 0421/2026 vom 12. März 2027"; null before a decision. */
  councilDocument: string | null;
  councilDecidedOn: string | null;
  budget: string | null;
  /** Cite ids of the contributions the measure takes up. */
  contributions: string[];
}

export interface ConceptData {
  generatedOn: string;
  threshold: number;
  process: {
    slug: string;
    title: string;
    description: string;
    /** The city's German name: the draft is for the council. */
    city: string;
    opensOn: string | null;
    closesOn: string | null;
    languages: string[];
    phases: Array<{ nr: number; title: string; description: string | null; startsOn: string | null; endsOn: string | null; current: boolean }>;
  };
  /** Per channel: contributions and questionnaires, as `GET …/aggregates?by=channel` answers. */
  channels: Array<{ key: string; label: string; contributions: Cell; responses: Cell | null }>;
  totals: { contributions: Cell; responses: Cell | null };
  /** Respondents of the survey (questionnaires counted in the per-question results). */
  respondents: Figure;
  /** Who took part against who lives there, as `GET …/participation` answers. */
  participation: Participation;
  /** The survey's demographic questions: who took part. */
  demographics: ConceptQuestion[];
  /** Closed questions of no field that are not demographic: e.g. the ranking of the fields. */
  overall: ConceptQuestion[];
  fields: ConceptField[];
  measures: ConceptMeasure[];
}

const conceptQuestion = (result: QuestionResult): ConceptQuestion => ({
  key: result.key,
  title: result.title,
  summary: summarize(result),
  answered: result.answered,
  split: result.type === 'scale' && result.noAnswer ? { chosen: scaleChosen(result), none: result.noAnswer } : null,
});

/** Everything the draft shows, as `user` may see it (the CLI and the admin download: an admin). */
export function conceptData(db: Db, args: { process: ProcessRow; user: UserRow }): ConceptData {
  const { process, user } = args;
  const parts = loadProcessParts(db, process.id);
  const byChannel = aggregates(db, process, user, aggregateQuerySchema.parse({ by: 'channel' }));
  const all = questionResults(db, process, user, questionResultsQuerySchema.parse({}));
  const fieldOf = new Map(parts.fields.map((f) => [f.key, f]));
  const topOf = (key: string): string => {
    let field = fieldOf.get(key);
    while (field?.parentKey && fieldOf.has(field.parentKey)) field = fieldOf.get(field.parentKey);
    return field?.key ?? key;
  };
  const channelMargin = (table: NonNullable<typeof byChannel.responses>, index: number): Cell => {
    const { key: _key, ...cell } = table.margins[0]![index]!;
    return cell as Cell;
  };
  const page = measuresPage(db, process, {});
  const labelOf = new Map(parts.fields.map((f) => [f.key, f.label.de]));
  const goalText = new Map(page.guidingGoals.map((goal) => [goal.id, goal.text.de]));
  const fields = parts.fields
    .filter((f) => !f.parentKey)
    .map((field): ConceptField => {
      const quotes = quotePage(db, process, user, quotesQuerySchema.parse({ field: field.key, limit: String(QUOTES_PER_FIELD) }));
      // A parent field counts its children's contributions too, each voice once: the field filter's total.
      const contributions = aggregates(db, process, user, aggregateQuerySchema.parse({ by: 'channel', field: field.key })).contributions.total;
      return {
        key: field.key,
        label: field.label.de,
        children: parts.fields.filter((f) => f.parentKey === field.key).map((f) => f.label.de),
        contributions,
        questions: all.questions.filter((q) => q.fieldOfAction && topOf(q.fieldOfAction) === field.key).map(conceptQuestion),
        quotes: quotes.quotes.map((quote) => ({ citeId: quote.citeId, text: quote.text, german: quote.german?.text ?? null, area: quote.area, month: quote.month })),
        quoteTotal: quotes.total,
        guidingGoals: page.guidingGoals.filter((goal) => topOf(goal.fieldKey) === field.key).map((goal) => goal.text.de),
      };
    });
  return {
    generatedOn: localDay(),
    threshold: process.suppressionThreshold,
    process: {
      slug: process.slug,
      title: process.title.de,
      description: process.description.de,
      city: process.city.de,
      opensOn: process.opensOn,
      closesOn: process.closesOn,
      languages: process.languages,
      phases: parts.phases.map((p) => ({
        nr: p.nr,
        title: p.title.de,
        description: p.description?.de ?? null,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
        current: p.nr === process.currentPhase,
      })),
    },
    channels: byChannel.values[0]!.map((value, index) => ({
      key: value.key,
      label: value.label,
      contributions: channelMargin(byChannel.contributions, index),
      responses: byChannel.responses ? channelMargin(byChannel.responses, index) : null,
    })),
    totals: { contributions: byChannel.contributions.total, responses: byChannel.responses?.total ?? null },
    respondents: all.respondents,
    participation: participation(db, process),
    demographics: all.questions.filter((q) => !q.fieldOfAction && q.sensitive).map(conceptQuestion),
    overall: all.questions.filter((q) => !q.fieldOfAction && !q.sensitive).map(conceptQuestion),
    fields,
    measures: page.measures.map((measure) => ({
      title: measure.title.de,
      field: labelOf.get(measure.fieldKey) ?? measure.fieldKey,
      topField: labelOf.get(topOf(measure.fieldKey)) ?? measure.fieldKey,
      guidingGoal: measure.guidingGoalId ? (goalText.get(measure.guidingGoalId) ?? null) : null,
      status: measure.status.label.de,
      progress: measure.progress,
      responsible: measure.responsible,
      partners: measure.partners,
      councilDocument: measure.councilDocument,
      councilDecidedOn: measure.councilDecidedOn,
      budget: measure.budgetCents === null ? measure.budgetNote : [formatBudget(measure.budgetCents), measure.budgetNote].filter(Boolean).join(', '),
      contributions: measure.contributions.map((c) => c.citeId),
    })),
  };
}
