/**
 * Paper questionnaires: staff type a returned paper survey into the same survey (same
 * definition, same validation as online); it is queued like a note and stored by the
 * server with channel `paper`, linked to the Markttag.
 */
import { computed, signal } from '@preact/signals';
import type { PaperResponseItem } from '../../shared/api/stall.ts';
import type { PublishedSurvey } from '../../shared/api/survey.ts';
import type { Language } from '../../shared/languages.ts';
import { pruneHiddenAnswers, validateAnswers, type AnswerError } from '../../shared/survey/answers.ts';
import { allQuestions } from '../../shared/survey/definition.ts';
import { ApiError, call } from '../api.ts';
import { heldDrafts } from './held-drafts.ts';
import { newId } from './policy.ts';
import * as store from './store.ts';
import { refreshOutbox, reportStorageError, requestSync } from './sync.ts';
import { t } from './messages.ts';

export const survey = signal<PublishedSurvey | null>(null);
export const surveyError = signal<string | null>(null);
/** The survey is on the tablet, or the process has none: the paper tab works offline either way. */
export const surveyAvailableOffline = computed(() => survey.value !== null || surveyMissing.value);
const surveyMissing = signal(false);

export interface PaperDraft {
  language: Language;
  answers: Record<string, unknown>;
  /**
   * The questionnaire's id, made at the draft's first change and kept with it: a draft the tablet's
   * storage brings back after the tab died right after its save is saved again as the same
   * questionnaire (a duplicate to the server), never as a second one.
   */
  id?: string | undefined;
}
/** One draft per Markttag: switching to the notes and back keeps a half-typed questionnaire. */
export const paperDrafts = signal<Record<string, PaperDraft>>({});

/** The questionnaires this tab has in hand, by their ids, and the paper drafts as the tablet keeps them: by market day (and version) and id (`held-drafts.ts`). */
export const heldPaper = heldDrafts<PaperDraft>('paper', (draft) => draft.id);

export function updatePaperDraft(marketDayId: string, patch: Partial<PaperDraft>): void {
  const current = paperDrafts.value[marketDayId] ?? { language: 'de', answers: {} };
  const next = { ...current, ...patch };
  const draft = { ...next, id: next.id ?? newId() };
  heldPaper.hold(draft);
  paperDrafts.value = { ...paperDrafts.value, [marketDayId]: draft };
}

/** The published survey, from the server when online, else the copy kept for offline stalls. */
export async function loadSurvey(slug: string): Promise<void> {
  try {
    const published = await call('GET /api/processes/:slug/survey', { params: { slug } });
    await store.writeMeta(`survey:${slug}`, published).catch(reportStorageError);
    survey.value = published;
    surveyError.value = null;
  } catch (err) {
    const cached = await store.readMeta(`survey:${slug}`).catch(() => undefined);
    if (cached) {
      survey.value = cached;
      return;
    }
    surveyMissing.value = err instanceof ApiError && err.status === 404;
    surveyError.value =
      surveyMissing.value
        ? t('paper.noQuestionnaireIsPublished')
        : t('paper.theQuestionnaireIsNot');
  }
}

/**
 * Published versions other than the current one, by `slug:version`: a printed questionnaire's QR
 * code opens paper entry for the version it was printed from (`/stand/papier/:slug/:version`), and
 * its answers are judged against that version. Kept on the tablet like the current one.
 */
export const surveyVersions = signal<Record<string, PublishedSurvey>>({});
export const surveyVersionErrors = signal<Record<string, string>>({});

export async function loadSurveyVersion(slug: string, version: number): Promise<void> {
  const key = `${slug}:${version}`;
  const keep = (published: PublishedSurvey) => {
    surveyVersions.value = { ...surveyVersions.value, [key]: published };
  };
  try {
    const published = await call('GET /api/processes/:slug/survey', { params: { slug }, query: { version } });
    await store.writeMeta(`survey:${slug}:v${version}`, published).catch(reportStorageError);
    keep(published);
  } catch (err) {
    const cached = await store.readMeta(`survey:${slug}:v${version}`).catch(() => undefined);
    if (cached) return keep(cached);
    surveyVersionErrors.value = {
      ...surveyVersionErrors.value,
      [key]:
        err instanceof ApiError && err.status === 404
          ? t('paper.noSuchVersion', { version })
          : t('paper.versionNotStored', { version }),
    };
  }
}

/**
 * The answers as the survey takes them: a ranking typed from the sheet's boxes may hold '' for a
 * place not written (the resident wrote 1 and 3); the topics keep their order, the gap closes.
 */
function closeRankingGaps(published: PublishedSurvey, answers: Record<string, unknown>): Record<string, unknown> {
  const closed = { ...answers };
  for (const question of allQuestions(published)) {
    const value = closed[question.key];
    if (question.type !== 'ranking' || !Array.isArray(value)) continue;
    const ranked = value.filter((entry) => entry !== '');
    closed[question.key] = ranked.length > 0 ? ranked : undefined;
  }
  return closed;
}

/** What a draft sends: its rankings closed, the answers to questions it hides dropped. */
const paperAnswers = (published: PublishedSurvey, draft: PaperDraft) => pruneHiddenAnswers(published, closeRankingGaps(published, draft.answers));

/** Checks the draft like the server will; the errors name question keys. */
export function checkPaper(published: PublishedSurvey, draft: PaperDraft): AnswerError[] {
  const stadtteilKeys = published.districts.flatMap((district) => district.stadtteile.map((s) => s.key));
  const result = validateAnswers(published, paperAnswers(published, draft), { stadtteilKeys });
  return result.ok ? [] : result.errors;
}

/** Where a market day's draft is kept: one per market day and survey version, so a questionnaire of another version starts empty. */
export function paperDraftKey(marketDayId: string, version: number | null): string {
  return version === null ? marketDayId : `${marketDayId}:v${version}`;
}

export async function savePaper(published: PublishedSurvey, marketDayId: string, draft: PaperDraft, draftKey = marketDayId): Promise<string> {
  const item: PaperResponseItem = {
    type: 'paperResponse',
    id: draft.id ?? newId(),
    marketDayId,
    response: { surveyVersion: published.version, language: draft.language, answers: paperAnswers(published, draft) },
  };
  await store.enqueue([item]);
  paperDrafts.value = { ...paperDrafts.value, [draftKey]: { language: draft.language, answers: {} } };
  await refreshOutbox();
  requestSync();
  return item.id;
}
