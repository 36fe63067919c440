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
import { ApiError, call } from '../api.ts';
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

export function updatePaperDraft(marketDayId: string, patch: Partial<PaperDraft>): void {
  const current = paperDrafts.value[marketDayId] ?? { language: 'de', answers: {} };
  const next = { ...current, ...patch };
  const id = next.id ?? newId();
  if (!next.id) void claimPaperId(id);
  paperDrafts.value = { ...paperDrafts.value, [marketDayId]: { ...next, id } };
}

/**
 * A tab holds a Web Lock for the id of each questionnaire it has in hand, so another tab of the
 * stall on this tablet, opened meanwhile, does not take up that half-typed sheet from the tablet's
 * storage and send another sheet under its id (which the server refused as a conflict). A sheet
 * whose tab is gone (reloaded, dropped) has no holder and is taken up by the next page, with its id.
 */
const heldPaperIds = new Map<string, () => void>();

/** Takes the id for this tab; false when another tab of this browser holds it. A browser without Web Locks takes it always, as before. */
function claimPaperId(id: string): Promise<boolean> {
  if (heldPaperIds.has(id)) return Promise.resolve(true);
  if (typeof navigator.locks?.request !== 'function') return Promise.resolve(true);
  return new Promise((resolve) => {
    navigator.locks
      .request(`mitreden-paper-draft:${id}`, { ifAvailable: true }, (lock) => {
        if (!lock) return resolve(false);
        resolve(true);
        return new Promise<void>((release) => heldPaperIds.set(id, release));
      })
      .catch(() => resolve(true));
  });
}

/** Lets go of the ids of questionnaires this tab no longer holds in any of `kept` (saved, so their drafts are empty). */
export function releasePaperIds(...kept: Record<string, PaperDraft>[]): void {
  const ids = new Set(kept.flatMap((drafts) => Object.values(drafts).map((draft) => draft.id)));
  for (const [id, release] of heldPaperIds) {
    if (ids.has(id)) continue;
    heldPaperIds.delete(id);
    release();
  }
}

/**
 * The drafts as the tablet's storage keeps them: by market day (and version) and id, so the sheets
 * two tabs have in hand on one market day are kept side by side; an emptied form, without id, by
 * market day alone.
 */
export function storedPaperDrafts(byKey: Record<string, PaperDraft>): Record<string, PaperDraft> {
  return Object.fromEntries(Object.entries(byKey).map(([key, draft]) => [draft.id ? `${key}${ID_MARK}${draft.id}` : key, draft]));
}
const ID_MARK = '#';

/**
 * Takes up the drafts the tablet's storage (or this tab, before its reload) kept, one per market
 * day: a questionnaire no other open tab holds, else the emptied form (its language). `stored`
 * are the entries taken up, under the keys they were found with.
 */
export async function takeUpPaperDrafts(kept: Record<string, PaperDraft>): Promise<{ drafts: Record<string, PaperDraft>; stored: Record<string, PaperDraft> }> {
  const drafts: Record<string, PaperDraft> = {};
  const stored: Record<string, PaperDraft> = {};
  // Questionnaires first: an emptied form of the same market day only when none of them is free.
  const entries = Object.entries(kept).sort(([, a], [, b]) => Number(!a.id) - Number(!b.id));
  for (const [storedKey, draft] of entries) {
    const key = storedKey.split(ID_MARK)[0]!;
    if (drafts[key] || (draft.id && !(await claimPaperId(draft.id)))) continue;
    drafts[key] = draft;
    stored[storedKey] = draft;
  }
  return { drafts, stored };
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

/** Checks the draft like the server will; the errors name question keys. */
export function checkPaper(published: PublishedSurvey, draft: PaperDraft): AnswerError[] {
  const stadtteilKeys = published.districts.flatMap((district) => district.stadtteile.map((s) => s.key));
  const result = validateAnswers(published, pruneHiddenAnswers(published, draft.answers), { stadtteilKeys });
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
    response: { surveyVersion: published.version, language: draft.language, answers: pruneHiddenAnswers(published, draft.answers) },
  };
  await store.enqueue([item]);
  paperDrafts.value = { ...paperDrafts.value, [draftKey]: { language: draft.language, answers: {} } };
  await refreshOutbox();
  requestSync();
  return item.id;
}
