import { atomically, type DbOrTx } from '../../../db/index.ts';
import type { AnswerErrorDetail, FlaggedCount, ResponseFlag } from '../../../shared/api/survey.ts';
import { MAX_CONTRIBUTION_LENGTH, stadtteilToStore, type Channel } from '../../../shared/domain.ts';
import type { Language } from '../../../shared/languages.ts';
import {
  answersForStorage,
  contributionsFromAnswers,
  stadtteilFromAnswers,
  validateAnswers,
  type NormalizedAnswers,
  type ResponseSubmission,
} from '../../../shared/survey/answers.ts';
import { AppError, notFound } from '../../errors.ts';
import { contentHash } from '../../hash.ts';
import { dayOrderedId } from '../../ids.ts';
import { localDay } from '../../time.ts';
import { dateQuestionnaireVoicesOfMarketDay, prepareText, recordQuestionnaireContributions, type PreparedText } from '../contributions/contributions.service.ts';
import { suggestContext } from '../suggest/suggest.service.ts';
import { findProcessById, type ProcessRow } from '../processes/processes.repo.ts';
import { codeOfResponse, issueResponseReceipt } from '../receipts/receipts.service.ts';
import { getProcess, isSurveyOpen } from '../processes/processes.service.ts';
import { knownPoster } from '../paper/paper.service.ts';
import type { SurveyWriter } from '../../write-worker/writer.ts';
import type { SurveyGuard } from './survey.abuse.ts';
import * as repo from './survey.repo.ts';

/** Whether residents can answer today: the process is public, within its window, and a version is published. */
export function surveyAnswerable(db: DbOrTx, process: Parameters<typeof isSurveyOpen>[0]): boolean {
  return isSurveyOpen(process) && repo.hasPublishedSurvey(db, process.id);
}

/**
 * The published survey residents see today (or an earlier published `version`, which the stall
 * tablet needs to type in paper questionnaires printed from it), with what its pages need besides the questions.
 */
export function getPublishedSurvey(db: DbOrTx, slug: string, version?: number) {
  const process = getProcess(db, slug);
  // A draft process is set up behind closed doors: to residents it is as unknown as a process that does not exist,
  // in the same words (`GET /api/processes/:slug`), so its survey and printed questionnaire do not tell it is there.
  if (process.status === 'draft') throw notFound(`Process ${slug}`);
  const survey = version === undefined ? repo.findLatestPublishedSurvey(db, process.id) : repo.findPublishedSurvey(db, process.id, version);
  // Residents may not start without the privacy notice, so a version without its texts is not servable.
  if (!survey?.texts) {
    throw new AppError(404, 'survey_not_published', version === undefined ? `Process ${slug} has no published survey yet` : `Version ${version} of the survey of process ${slug} is not published`);
  }
  return { process, survey, texts: survey.texts, districts: repo.listDistrictsWithStadtteile(db, process.id), open: isSurveyOpen(process) };
}

/** What identifies a response's content: the questionnaire as filled in, never the anti-abuse extras. */
export interface ResponseContent {
  id: string;
  surveyVersion: number;
  language: Language;
  answers: Readonly<Record<string, unknown>>;
}

export interface SubmitResponseInput {
  processId: string;
  response: ResponseContent;
  channel: Channel;
  /** The market stall a paper questionnaire was collected at. */
  marketDayId?: string | null;
  /**
   * The market day the tablet's item named, when an admin merged it into `marketDayId` since
   * (`mergeMarketDay`): the content hash is of the questionnaire as sent, so a resend stays a duplicate.
   */
  namedMarketDayId?: string;
  /** Failed soft checks (online only); the response is stored but left out of aggregates. */
  flags?: readonly string[];
  /**
   * Refuse answers outside the process's survey window (`survey_closed`). Online: always.
   * Paper questionnaires typed in after the stall may pass `false`.
   */
  enforceWindow?: boolean;
  /** The day to record (YYYY-MM-DD, city time); today unless staff type in an older paper form. */
  submittedOn?: string;
  /** The staff member who typed in a paper questionnaire. */
  createdBy?: number | null;
  /** The QR poster an online survey was opened from, when it exists in the process (`knownPoster`). */
  posterId?: string | null;
  /** Free texts masked and suggested before the transaction (`prepareOnlineTexts`); each is used where it is the text stored. */
  prepared?: readonly PreparedText[];
}

export interface SubmitError {
  code: string;
  message: string;
  details?: unknown;
}

/**
 * `receipt`: the response's receipt code (stored form), which covers its free-text answers; null
 * for a questionnaire without free text, which has no voice to follow up.
 */
export type SubmitResponseResult =
  | { status: 'stored'; id: string; receipt: string | null }
  | { status: 'duplicate'; id: string; receipt: string | null }
  | { status: 'conflict'; id: string; error: SubmitError }
  | { status: 'invalid'; id: string; error: SubmitError };

/**
 * What a response means, hashed: its answers as `validateAnswers` normalised them (blank and
 * `null` answers to unanswered questions dropped, texts trimmed and in NFC, choices in survey
 * order), so a resend that says the same in other bytes is a duplicate, not a conflict.
 */
function responseHash(input: SubmitResponseInput, answers: NormalizedAnswers): string {
  const { response } = input;
  return contentHash({
    processId: input.processId,
    channel: input.channel,
    marketDayId: input.namedMarketDayId ?? input.marketDayId ?? null,
    surveyVersion: response.surveyVersion,
    language: response.language,
    answers,
  });
}

/** How responses stored before answers were normalised for the hash were hashed: their answers as sent. */
function legacyResponseHash(input: SubmitResponseInput): string {
  return responseHash(input, input.response.answers as NormalizedAnswers);
}

function closed(id: string): SubmitResponseResult {
  return { status: 'conflict', id, error: { code: 'survey_closed', message: 'This survey is not open for answers' } };
}

function surveyVersionFor(tx: DbOrTx, process: ProcessRow, input: SubmitResponseInput) {
  const { response } = input;
  if (input.enforceWindow !== false && (!isSurveyOpen(process) || !repo.hasPublishedSurvey(tx, process.id))) return closed(response.id);
  const survey = repo.findPublishedSurvey(tx, process.id, response.surveyVersion);
  if (!survey) {
    return {
      status: 'invalid' as const,
      id: response.id,
      error: {
        code: 'unknown_survey_version',
        message: `Survey version ${response.surveyVersion} is not published for this process`,
        details: [{ path: 'surveyVersion', message: 'not a published version' }],
      },
    };
  }
  if (!survey.definition.languages.includes(response.language)) {
    return {
      status: 'invalid' as const,
      id: response.id,
      error: {
        code: 'unsupported_language',
        message: `This survey is not offered in ${response.language}`,
        details: [{ path: 'language', message: `offered: ${survey.definition.languages.join(', ')}` }],
      },
    };
  }
  return survey;
}

/**
 * Stores one filled-in questionnaire of any channel: the response, its answers and its free
 * texts as contributions (tagged `self` with the question's field of action, carrying the
 * self-reported Stadtteil and the language), all or nothing. Runs in its own transaction, or
 * as a savepoint inside the caller's (the stall sync batch passes its transaction), so a
 * rejected item never leaves half a response behind.
 *
 * Judged against the exact survey version named in the response. Idempotent by the client's id
 * (in lower case, `uuidSchema`; stored as `client_id`): the same id with answers that mean the
 * same is `duplicate` (nothing new stored), with other content `conflict` (the stored one is
 * kept). The rows are stored under an id of the server's in day order (db/schema.ts at
 * `responses`); the result names the client's. Never stores a time finer than the day, an IP address
 * or a user agent. Does no anti-abuse checks itself; online callers pass their `flags`.
 */
export function submitResponse(db: DbOrTx, input: SubmitResponseInput): SubmitResponseResult {
  const { response } = input;
  return atomically(db, (tx): SubmitResponseResult => {
    const existing = repo.findResponse(tx, response.id);
    const conflict = (): SubmitResponseResult => ({
      status: 'conflict',
      id: response.id,
      error: { code: 'response_conflict', message: 'Another response was already stored under this id' },
    });

    const process = findProcessById(tx, input.processId);
    if (!process) return { status: 'invalid', id: response.id, error: { code: 'unknown_process', message: 'No such process' } };
    // A resend of a stored response is judged by its content alone, even after the survey closed.
    const survey = existing ? repo.findPublishedSurvey(tx, process.id, response.surveyVersion) : surveyVersionFor(tx, process, input);
    if (!survey) return conflict();
    if ('status' in survey) return survey;

    const definition = survey.definition;
    const checked = validateAnswers(definition, response.answers, { stadtteilKeys: repo.listStadtteilKeys(tx, process.id), allowEmpty: existing !== undefined });
    if (existing) {
      const same = checked.ok && (existing.contentHash === responseHash(input, checked.answers) || existing.contentHash === legacyResponseHash(input));
      // The resend learns the code the first attempt was given: the thank-you page shows the same one.
      return same ? { status: 'duplicate', id: response.id, receipt: codeOfResponse(tx, existing.id) ?? null } : conflict();
    }
    if (!checked.ok) {
      const details: AnswerErrorDetail[] = checked.errors.map((error) => ({
        path: error.question ? `answers.${error.question}` : 'answers',
        question: error.question,
        code: error.code,
        message: error.message,
      }));
      const keys = [...new Set(checked.errors.map((error) => error.question).filter(Boolean))];
      return {
        status: 'invalid',
        id: response.id,
        error: {
          code: 'invalid_answers',
          message: keys.length === 0 && checked.errors.some((error) => error.code === 'empty') ? 'Not one question is answered: a blank questionnaire is not stored' : `Answers that do not fit the survey: ${keys.join(', ') || 'answers'}`,
          details,
        },
      };
    }
    const hash = responseHash(input, checked.answers);

    const submittedOn = input.submittedOn ?? localDay();
    // The resident's own answer (`unknown` included) goes to each contribution as said; both store it normalised.
    const stadtteil = stadtteilFromAnswers(definition, checked.answers);
    const storedId = dayOrderedId(submittedOn);
    repo.insertResponse(tx, {
      id: storedId,
      clientId: response.id,
      processId: process.id,
      surveyId: survey.id,
      surveyVersion: survey.version,
      channel: input.channel,
      language: response.language,
      stadtteilKey: stadtteilToStore(stadtteil),
      marketDayId: input.marketDayId ?? null,
      posterId: input.posterId ?? null,
      submittedOn,
      contentHash: hash,
      flags: [...new Set(input.flags ?? [])],
    });
    repo.insertAnswers(
      tx,
      Object.entries(answersForStorage(definition, checked.answers)).map(([questionKey, value]) => ({ responseId: storedId, questionKey, value })),
    );
    const contributions = contributionsFromAnswers(definition, checked.answers);
    // A questionnaire with free text gets one receipt code, which its answers share.
    const receipt = contributions.length > 0 ? issueResponseReceipt(tx, process.id, storedId) : null;
    recordQuestionnaireContributions(
      tx,
      contributions.map((contribution) => ({
        id: dayOrderedId(submittedOn),
        processId: process.id,
        channel: input.channel,
        text: contribution.text,
        language: response.language,
        capturedOn: submittedOn,
        responseId: storedId,
        questionKey: contribution.questionKey,
        marketDayId: input.marketDayId ?? null,
        stadtteilKey: stadtteil,
        stadtteilSource: 'self',
        contentHash: contentHash({ responseId: response.id, questionKey: contribution.questionKey, text: contribution.text }),
        createdBy: input.createdBy ?? null,
        fieldsOfAction: contribution.fieldsOfAction,
        tagSource: 'self',
        userId: input.createdBy ?? null,
        responseReceipt: receipt ?? undefined,
      })),
      input.prepared,
    );
    return { status: 'stored', id: response.id, receipt };
  });
}

/** The questionnaires of a market day merged into another, filed under that one (`mergeMarketDay`). */
export function fileQuestionnairesUnderMarketDay(tx: DbOrTx, from: string, into: string): void {
  repo.moveResponsesToMarketDay(tx, from, into);
}

/**
 * A market day's corrected date, followed by its paper questionnaires: each was dated to the
 * market day's date when typed in (the stall sync; staff never type a date of their own), so it,
 * and the capture day of its free-text voices, move to the corrected one; the count of
 * questionnaires moved. Online responses and the stall's own notes (dated by the tablet's clock
 * when captured) stay; released snapshots keep what they froze.
 */
export function followMarketDayDate(tx: DbOrTx, marketDayId: string, day: string): number {
  dateQuestionnaireVoicesOfMarketDay(tx, marketDayId, day);
  return repo.datePaperResponsesOfMarketDay(tx, marketDayId, day);
}

/** What the survey's writer stores for one online submission: checked by the route, flagged by the guard. */
export interface OnlineResponse {
  processId: string;
  response: SubmitResponseInput['response'];
  flags: ResponseFlag[];
  /** The QR poster the survey was opened from, as the client sent it; kept only when it exists in the process. */
  poster?: string | undefined;
  /** Its free texts, masked and suggested on the event loop (`prepareOnlineTexts`). */
  prepared?: readonly PreparedText[];
}

/** Stores an online response inside the writer's group transaction (the event loop's or the write worker's). */
export function storeOnlineResponse(tx: DbOrTx, input: OnlineResponse): SubmitResponseResult {
  return submitResponse(tx, {
    processId: input.processId,
    response: input.response,
    channel: 'online',
    flags: input.flags,
    posterId: knownPoster(tx, input.processId, input.poster),
    ...(input.prepared ? { prepared: input.prepared } : {}),
  });
}

/**
 * The characters of free text one submission may have prepared on the event loop: what residents
 * write in a survey (a few sentences per question) fits. Masking and suggesting are linear; the
 * worst text measured (4,000 characters of "A-A-…") takes about 16 ms, so a quarter of that, a
 * text the checks may still refuse included (unchecked input, up to the body limit), holds the
 * event loop for about 4 ms at most. What is left over the worker prepares in its transaction.
 */
const PREPARE_BUDGET_CHARACTERS = MAX_CONTRIBUTION_LENGTH / 4;

/**
 * The free texts of an online submission masked and suggested on the event loop, before the
 * response goes to the write worker: that is about a third of a response's work, and the worker
 * is the thread every response waits for. Read from the answers as sent; the worker's
 * transaction uses a prepared text where it is exactly the text it stores (and, where the voice
 * needs one, carries a proposal) and prepares the others itself, so answers that fail their
 * checks cost only this work. A proposal may come from the suggester's model of a moment ago,
 * as a stall note's does (prepared before its sync transaction).
 */
function prepareOnlineTexts(db: DbOrTx, processId: string, submission: ResponseSubmission): PreparedText[] {
  const survey = repo.findPublishedSurvey(db, processId, submission.surveyVersion);
  if (!survey) return [];
  const answers = submission.answers as NormalizedAnswers;
  let texts: ReturnType<typeof contributionsFromAnswers>;
  let stadtteil: string | null;
  try {
    texts = contributionsFromAnswers(survey.definition, answers);
    stadtteil = stadtteilFromAnswers(survey.definition, answers);
  } catch {
    // Answers of a shape the survey does not expect: the worker checks them and refuses them in its answer.
    return [];
  }
  const context = suggestContext(db, processId);
  const prepared: PreparedText[] = [];
  let budget = PREPARE_BUDGET_CHARACTERS;
  for (const text of texts) {
    // Unchecked input: a text past the budget (one the checks may refuse, up to the body limit) is left to the worker.
    if (typeof text.text !== 'string' || text.text.length > budget) continue;
    budget -= text.text.length;
    prepared.push(prepareText({ processId, text: text.text, language: submission.language, fieldsOfAction: text.fieldsOfAction, stadtteilKey: stadtteil }, () => context));
  }
  return prepared;
}

/**
 * `POST /api/processes/:slug/responses`: soft checks, then `submitResponse` as channel
 * `online`. The proof of work is judged after the idempotency lookup would have been, so
 * an identical resend answers 200 whatever its PoW field holds. The write joins the writer's
 * next group commit (server/write-worker/writer.ts): the result comes back once it is committed.
 */
export async function submitOnlineResponse(
  db: DbOrTx,
  writer: SurveyWriter,
  guard: SurveyGuard,
  slug: string,
  submission: ResponseSubmission,
): Promise<SubmitResponseResult> {
  const process = getProcess(db, slug);
  const inspection = await guard.inspect(submission);
  // Claimed before the write is queued, so a second request with the same challenge is flagged even while this one waits.
  const { flags, claimed } = guard.claim(inspection);
  let result: SubmitResponseResult | undefined;
  try {
    result = await writer.store({
      processId: process.id,
      response: { id: submission.id, surveyVersion: submission.surveyVersion, language: submission.language, answers: submission.answers },
      flags,
      poster: submission.poster,
      prepared: prepareOnlineTexts(db, process.id, submission),
    });
    return result;
  } finally {
    // Nothing new was stored (a duplicate, a refusal, a failed commit): a resend may use its challenge again.
    if (claimed && result?.status !== 'stored') guard.release(inspection);
  }
}

/** Turns a refused submission into the HTTP error the public API promises (409 or 400). */
export function submitErrorOf(result: Extract<SubmitResponseResult, { status: 'conflict' | 'invalid' }>): AppError {
  return new AppError(result.status === 'conflict' ? 409 : 400, result.error.code, result.error.message, result.error.details);
}

/** Admins see how many responses failed a soft check; nobody sees which person sent them. */
export function countFlaggedResponses(db: DbOrTx, slug: string): FlaggedCount {
  const process = getProcess(db, slug);
  const flagLists = repo.listResponseFlags(db, process.id);
  const byFlag: Record<string, number> = {};
  for (const flags of flagLists) for (const flag of flags) byFlag[flag] = (byFlag[flag] ?? 0) + 1;
  return { total: repo.countResponses(db, process.id), flagged: flagLists.length, byFlag };
}
