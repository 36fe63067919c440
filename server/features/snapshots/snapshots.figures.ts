// The figures a snapshot freezes, read on a read worker in one go (one connection, so one
// consistent state of the database): the chosen questions' results and the dot votes exactly
// as the working groups' results compute and suppress them, who took part against who lives
// there (the participation feature's answer), and the survey's own translations of every text the figures name.

import type { Db } from '../../../db/index.ts';
import type { QuestionResult } from '../../../shared/api/question-results.ts';
import type { ParticipationNote, SnapshotDocument, SnapshotSelection } from '../../../shared/api/snapshots.ts';
import { PLACE_OUTSIDE, PLACE_UNKNOWN } from '../../../shared/domain.ts';
import type { LocalizedText } from '../../../shared/languages.ts';
import { allQuestions, OTHER_OPTION_KEY, type SurveyQuestion, type SurveyTexts } from '../../../shared/survey/definition.ts';
import { badRequest, notFound } from '../../errors.ts';
import { participation } from '../participation/participation.service.ts';
import { findProcessById, loadProcessParts } from '../processes/processes.repo.ts';
import { computeDotVotes, computeQuestionResults, NO_ANSWER_KEY } from '../results/question-results.ts';
import { listSurveyVersions } from '../survey/survey.repo.ts';

export type SnapshotFigures = Pick<SnapshotDocument, 'threshold' | 'respondents' | 'participation' | 'questions' | 'texts' | 'fields' | 'dotVotes'>;

/** Participation against population, as the results area shows it, cut to what the released note carries. */
function participationNote(db: Db, processId: string): ParticipationNote {
  const process = findProcessById(db, processId);
  if (!process) throw notFound('Process');
  const { threshold, channels, reference, total, city, districts, summary } = participation(db, process);
  return { threshold, channels, reference, total, city, districts, summary };
}

/** The texts of the chosen questions in every language the survey has them, from the newest version that asks each. */
function textsOf(db: Db, processId: string, keys: string[]): SnapshotDocument['texts'] {
  const versions = listSurveyVersions(db, processId)
    .filter((version) => version.publishedAt !== null)
    .reverse();
  const texts: SnapshotDocument['texts'] = {};
  for (const key of keys) {
    const found = versions.flatMap((version) => allQuestions(version.definition).filter((q) => q.key === key).map((question) => ({ question, texts: version.texts })))[0];
    if (!found) continue;
    texts[key] = questionTexts(found.question, found.texts);
  }
  return texts;
}

function questionTexts(question: SurveyQuestion, survey: SurveyTexts | null): SnapshotDocument['texts'][string] {
  const options: Record<string, LocalizedText> = {};
  if ('options' in question) for (const option of question.options) options[option.key] = option.label;
  if (survey) {
    if ((question.type === 'single' || question.type === 'multi') && question.allowOther) options[OTHER_OPTION_KEY] = survey.labels.other;
    if (question.type === 'scale' && question.scale.allowNoAnswer) options[NO_ANSWER_KEY] = survey.labels.noAnswer;
    if (question.type === 'stadtteil') {
      options[PLACE_OUTSIDE] = survey.labels.stadtteilOutside;
      options[PLACE_UNKNOWN] = survey.labels.stadtteilUnknown;
    }
  }
  return {
    title: question.title,
    ...(question.type === 'scale' ? { minLabel: question.scale.minLabel, maxLabel: question.scale.maxLabel } : {}),
    options,
  };
}

/**
 * The chosen questions (in the chosen order) and, if chosen, the dot votes, computed as an admin
 * sees them: every field of action, flagged responses left out. A key the survey has no closed
 * question for is a 400 naming it.
 */
export function snapshotFigures(db: Db, args: { processId: string; selection: SnapshotSelection }): SnapshotFigures {
  const { processId, selection } = args;
  const parts = loadProcessParts(db, processId);
  const readableFields = parts.fields.map((field) => field.key);
  const results = computeQuestionResults(db, { processId, readableFields, query: { includeFlagged: false } });
  const byKey = new Map(results.questions.map((question) => [question.key, question]));
  const unknown = selection.questions.filter((key) => !byKey.has(key));
  if (unknown.length > 0) throw badRequest('unknown_question', `The survey has no closed question ${unknown.join(', ')}`, unknown.map((key) => ({ path: 'selection.questions', message: `unknown question ${key}` })));
  const questions: QuestionResult[] = [...new Set(selection.questions)].map((key) => byKey.get(key)!);
  const dotVotes = selection.dotVotes ? computeDotVotes(db, { processId, readableFields, query: {} }) : null;
  return {
    threshold: results.threshold,
    respondents: results.respondents,
    participation: participationNote(db, processId),
    questions,
    texts: textsOf(db, processId, questions.map((question) => question.key)),
    fields: Object.fromEntries(parts.fields.map((field) => [field.key, field.label])),
    dotVotes,
  };
}
