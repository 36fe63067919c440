import { hash } from 'node:crypto';
import type { DbOrTx } from '../../../db/index.ts';
import type { LanguageCompleteness, SaveSurveyDraft, SurveyDraft, SurveyVersion, SurveyVersionList, SurveyVersionSummary, XlsformImportResult } from '../../../shared/api/survey-versions.ts';
import type { Language } from '../../../shared/languages.ts';
import { allQuestions, sameSurvey, surveyTextsWithPaths, translationCompleteness, translationsOutdatedBy, withTranslationsUnchecked, type SurveyDefinition, type SurveyTexts } from '../../../shared/survey/definition.ts';
import { badRequest, conflict, notFound } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { loadProcessParts } from '../processes/processes.repo.ts';
import { getProcess } from '../processes/processes.service.ts';
import { neutralSurveyTexts } from './survey.defaults.ts';
import * as repo from './survey.repo.ts';
import { UnreadableXlsformError, exportXlsform, importXlsform, loadWorkbook, translationsOutdatedNote, type XlsformContext } from './survey.xlsform.ts';

/**
 * Survey versions and the draft of the next one. The rule results rest on: a question's key is
 * its identity across versions. A key may be added, dropped or relabelled in a later version,
 * but it keeps its type, so answers under one key count together whatever version they were
 * given in (the tablet offline on version 1 included). Publishing and saving refuse a key that
 * changes its type (400 `question_key_reused`); a new question needs a new key.
 */

/** How much of the survey each offered language has (`translationCompleteness`: every text a resident reads, the texts around the questions too). */
function languageCompleteness(definition: SurveyDefinition | null, texts: SurveyTexts): LanguageCompleteness[] {
  return definition ? translationCompleteness({ definition, texts }) : [];
}

function summary(row: ReturnType<typeof repo.listSurveyVersions>[number], process: ReturnType<typeof getProcess>): SurveyVersionSummary {
  return { version: row.version, publishedAt: row.publishedAt, responses: row.responses, languages: languageCompleteness(row.definition, row.texts ?? neutralSurveyTexts(process)) };
}

function latestPublished(rows: ReturnType<typeof repo.listSurveyVersions>) {
  return rows.filter((row) => row.publishedAt !== null).at(-1);
}

/** The draft, or, while none is saved, the newest version as the starting point (revision 0). */
export function getDraft(db: DbOrTx, slug: string): SurveyDraft {
  const process = getProcess(db, slug);
  // Read on every page view of the admin page: the newest published version comes from the cache, parsed once.
  const nextVersion = repo.latestVersionNumber(db, process.id) + 1;
  const saved = repo.findSurveyDraft(db, process.id);
  const base = repo.findLatestPublishedSurvey(db, process.id);
  const definition = saved ? { ...saved.definition, version: nextVersion } : base ? { ...base.definition, version: nextVersion } : null;
  const texts = saved?.texts ?? base?.texts ?? neutralSurveyTexts(process);
  return {
    revision: saved?.revision ?? 0,
    basedOnVersion: base?.version ?? null,
    nextVersion,
    updatedAt: saved?.updatedAt ?? null,
    sameAsVersion: base && definition && sameSurvey({ definition, texts }, { definition: base.definition, texts: base.texts ?? neutralSurveyTexts(process) }) ? base.version : null,
    definition,
    texts,
    languages: languageCompleteness(definition, texts),
  };
}

/** Keys that an earlier version used for a question of another type: answers under them would be counted together. */
function reusedKeys(definition: SurveyDefinition, versions: ReturnType<typeof repo.listSurveyVersions>) {
  const typeOf = new Map<string, { type: string; version: number }>();
  for (const row of versions) for (const question of allQuestions(row.definition)) typeOf.set(question.key, { type: question.type, version: row.version });
  return allQuestions(definition).flatMap((question) => {
    const before = typeOf.get(question.key);
    return before && before.type !== question.type
      ? [{ path: `questions.${question.key}.type`, message: `${question.key} was a ${before.type} question in version ${before.version}; a question of another type needs a new key` }]
      : [];
  });
}

function checkKeys(definition: SurveyDefinition, versions: ReturnType<typeof repo.listSurveyVersions>): void {
  const reused = reusedKeys(definition, versions);
  if (reused.length > 0) throw badRequest('question_key_reused', 'A question key keeps its type across versions', reused);
}

function checkRevision(current: number, given: number): void {
  if (current !== given) {
    throw conflict('draft_conflict', `The draft was saved by someone else in the meantime (revision ${current}, this change starts from ${given}); reload it`, [
      { path: 'revision', message: `current revision is ${current}` },
    ]);
  }
}

/**
 * The definition a save stores over `base` (what it replaces): a language checked („geprüft“)
 * whose translation of a text the save's new German outdates goes back to `machine`, unless the
 * save marks it checked itself (`reviewed`); the editor does the same as the admin types, so every
 * save path keeps one rule. With the languages set back, for the audit log.
 */
function uncheckOutdated(base: { definition: SurveyDefinition; texts: SurveyTexts } | null, next: { definition: SurveyDefinition; texts: SurveyTexts }, reviewed: readonly Language[]) {
  const outdated = translationsOutdatedBy(base, next, reviewed);
  return { definition: withTranslationsUnchecked(next.definition, outdated), outdated };
}

type Survey = { definition: SurveyDefinition; texts: SurveyTexts };

const germanHash = (german: string) => hash('sha256', german, 'hex');

/**
 * Remembers what German each checked language of `survey` is checked against
 * (`survey_translation_reviews`): every text with a text of its own in that language. A language
 * checked in a stored survey is checked against its German (every save sets back a language whose
 * German changed under it), so each save records the survey it replaces and the one it stores;
 * a language set back keeps the record of its last check.
 */
function recordReviews(db: DbOrTx, processId: string, survey: Survey | null): void {
  if (!survey) return;
  const reviews = repo.listTranslationReviews(db, processId);
  const now = new Date().toISOString();
  const texts = surveyTextsWithPaths(survey);
  for (const language of survey.definition.languages) {
    if (language === 'de' || survey.definition.translations[language] !== 'reviewed') continue;
    for (const { path, text } of texts) {
      if (!text[language]?.trim()) continue;
      const germanHashValue = germanHash(text.de);
      if (reviews.get(language)?.get(path) !== germanHashValue) repo.upsertTranslationReview(db, { processId, language, path, germanHash: germanHashValue, reviewedAt: now });
    }
  }
}

/**
 * Whether no text of `survey` with a text of its own in `language` has other German than that
 * language was last checked against there: a survey that brings back checked texts, or translates
 * texts never checked, not one whose German changed since its translation was checked.
 */
function checkedAgainst(db: DbOrTx, processId: string, survey: Survey, language: Language): boolean {
  const reviewed = repo.listTranslationReviews(db, processId).get(language);
  return surveyTextsWithPaths(survey).every(({ path, text }) => {
    const checked = text[language]?.trim() ? reviewed?.get(path) : undefined;
    return checked === undefined || checked === germanHash(text.de);
  });
}

/**
 * Saves the whole draft if nobody saved since `revision`; every language listed stays offered,
 * with or without texts. Checked translations its German outdates, measured against the draft it
 * replaces (the newest published version while there is none), go back to not checked
 * (`uncheckOutdated`).
 */
export function saveDraft(db: DbOrTx, slug: string, input: SaveSurveyDraft, userId: number | null): SurveyDraft {
  return db.transaction((tx) => {
    const process = getProcess(tx, slug);
    const versions = repo.listSurveyVersions(tx, process.id);
    const current = repo.findSurveyDraft(tx, process.id);
    checkRevision(current?.revision ?? 0, input.revision);
    checkKeys(input.definition, versions);
    const revision = input.revision + 1;
    const nextVersion = (versions.at(-1)?.version ?? 0) + 1;
    // What the save replaces: the draft, else the newest published version (as `getDraft` starts from it).
    const published = latestPublished(versions);
    const base = current ?? (published ? { definition: published.definition, texts: published.texts ?? neutralSurveyTexts(process) } : null);
    const { definition, outdated } = uncheckOutdated(base, input, input.reviewed);
    recordReviews(tx, process.id, base);
    recordReviews(tx, process.id, { definition, texts: input.texts });
    repo.upsertSurveyDraft(tx, {
      processId: process.id,
      definition: { ...definition, version: nextVersion },
      texts: input.texts,
      revision,
      updatedAt: new Date().toISOString(),
    });
    appendAudit(tx, {
      userId,
      action: 'survey_draft_saved',
      entity: 'survey_draft',
      entityId: process.id,
      details: { revision, languages: input.definition.languages, ...(outdated.length > 0 ? { translationsOutdated: outdated } : {}) },
    });
    return getDraft(tx, slug);
  });
}

/**
 * Makes the saved draft the next version: residents are asked it from now on; the versions before
 * stay as they are. A draft that is the same as the newest published version is refused (409
 * `draft_unchanged`) and stays as it was.
 */
export function publishDraft(db: DbOrTx, slug: string, revision: number, userId: number | null): { version: number } {
  return db.transaction((tx) => {
    const process = getProcess(tx, slug);
    const draft = repo.findSurveyDraft(tx, process.id);
    if (!draft) throw conflict('no_draft', 'There is no saved draft to publish; the newest version is already what residents see');
    checkRevision(draft.revision, revision);
    const versions = repo.listSurveyVersions(tx, process.id);
    checkKeys(draft.definition, versions);
    // A draft saved without a change (or changed back) would publish a copy: residents would be asked the same under a new number.
    const latest = latestPublished(versions);
    if (latest && sameSurvey(draft, { definition: latest.definition, texts: latest.texts ?? neutralSurveyTexts(process) })) {
      throw conflict('draft_unchanged', `The draft is the same as version ${latest.version}, which residents are asked already; change something before publishing`, [
        { path: 'draft', message: `same as version ${latest.version}` },
      ]);
    }
    const version = (versions.at(-1)?.version ?? 0) + 1;
    repo.insertSurvey(tx, { processId: process.id, version, definition: { ...draft.definition, version }, texts: draft.texts, publishedAt: new Date().toISOString() });
    repo.deleteSurveyDraft(tx, process.id);
    appendAudit(tx, { userId, action: 'survey_published', entity: 'survey', entityId: process.id, details: { version, languages: draft.definition.languages } });
    return { version };
  });
}

export function listVersions(db: DbOrTx, slug: string): SurveyVersionList {
  const process = getProcess(db, slug);
  const draft = repo.findSurveyDraft(db, process.id);
  const versions = repo.listSurveyVersions(db, process.id);
  return {
    versions: versions.map((row) => summary(row, process)),
    draft: draft ? { revision: draft.revision, updatedAt: draft.updatedAt, basedOnVersion: latestPublished(versions)?.version ?? null } : null,
  };
}

function versionRow(db: DbOrTx, processId: string, slug: string, version: number) {
  const row = repo.listSurveyVersions(db, processId).find((candidate) => candidate.version === version);
  if (!row) throw notFound(`Version ${version} of the survey of ${slug}`);
  return row;
}

export function getVersion(db: DbOrTx, slug: string, version: number): SurveyVersion {
  const process = getProcess(db, slug);
  const row = versionRow(db, process.id, slug, version);
  return { ...summary(row, process), definition: row.definition, texts: row.texts ?? neutralSurveyTexts(process) };
}

/**
 * Replaces a published version in place, which only a version nobody answered may be (a typo
 * found right after publishing). One with answers is refused with 409 `version_has_answers`:
 * every stored answer was judged against it. The change makes the next version instead. Checked
 * translations its German outdates, measured against the version it replaces, go back to not
 * checked (`uncheckOutdated`).
 */
export function replaceVersion(db: DbOrTx, slug: string, version: number, input: { definition: SurveyDefinition; texts: SurveyTexts; reviewed: readonly Language[] }, userId: number | null): SurveyVersion {
  return db.transaction((tx) => {
    const process = getProcess(tx, slug);
    const row = versionRow(tx, process.id, slug, version);
    if (row.responses > 0) {
      throw conflict('version_has_answers', `Version ${version} has ${row.responses} responses and never changes; save the change in the draft and publish it as the next version`, [
        { path: 'version', message: `${row.responses} responses` },
      ]);
    }
    checkKeys(
      input.definition,
      repo.listSurveyVersions(tx, process.id).filter((candidate) => candidate.version !== version),
    );
    const replaced = { definition: row.definition, texts: row.texts ?? neutralSurveyTexts(process) };
    const { definition, outdated } = uncheckOutdated(replaced, input, input.reviewed);
    recordReviews(tx, process.id, replaced);
    recordReviews(tx, process.id, { definition, texts: input.texts });
    repo.updateSurvey(tx, row.id, { definition: { ...definition, version }, texts: input.texts });
    appendAudit(tx, { userId, action: 'survey_version_replaced', entity: 'survey', entityId: process.id, details: { version, ...(outdated.length > 0 ? { translationsOutdated: outdated } : {}) } });
    return getVersion(tx, slug, version);
  });
}

function xlsformContext(db: DbOrTx, processId: string, texts?: SurveyTexts | null): XlsformContext {
  const parts = loadProcessParts(db, processId);
  const labels = texts?.labels;
  return {
    stadtteile: parts.stadtteile.map((stadtteil) => ({ key: stadtteil.key, name: stadtteil.name })),
    fieldKeys: parts.fields.map((field) => field.key),
    stadtteilLabels: labels ? { outside: labels.stadtteilOutside, unknown: labels.stadtteilUnknown } : undefined,
  };
}

/**
 * The languages an XLSForm marks checked itself, and those it names checked that stay not checked.
 * A language the settings' `translations` names `reviewed` where the survey it replaces has it not
 * checked is marked checked when a person set it so in the file (an exported file names in
 * `reviewed_when_exported` the languages checked then, so one not named there was turned from
 * `machine`), or when none of its German differs from what that language was last checked against
 * (`checkedAgainst`). Otherwise the file carries an old `reviewed` over German changed since the
 * check (an older export edited, or brought back after a newer check): it stays not checked. A status the file carries where
 * the survey has the language checked marks nothing (a German the file changes sets it back, as
 * in the editor); without the setting the file marks none.
 */
function markedReviewed(
  db: DbOrTx,
  processId: string,
  settings: { translations: Partial<Record<Language, string>> | null; reviewedWhenExported: readonly Language[] | null },
  base: SurveyDefinition | null,
  survey: Survey,
): { reviewed: Language[]; unchecked: Language[] } {
  const statuses = settings.translations;
  if (!statuses) return { reviewed: [], unchecked: [] };
  const marked = (Object.keys(statuses) as Language[]).filter((language) => language !== 'de' && statuses[language] === 'reviewed' && base?.translations[language] !== 'reviewed');
  const setByPerson = (language: Language) => settings.reviewedWhenExported !== null && !settings.reviewedWhenExported.includes(language);
  const reviewed = marked.filter((language) => setByPerson(language) || checkedAgainst(db, processId, survey, language));
  return { reviewed, unchecked: marked.filter((language) => !reviewed.includes(language)) };
}

/**
 * An XLSForm becomes the draft (the draft's privacy notice, thank-you page and labels stay),
 * saved with the same revision check as any save, and published at once when asked. A file
 * that is no workbook is 400 `xlsform_unreadable`; a form with anything the survey cannot
 * hold is 400 `xlsform_unsupported`, each item with its sheet and row, and nothing changes.
 */
export async function importXlsformFile(
  db: DbOrTx,
  slug: string,
  data: Uint8Array,
  options: { revision: number; publish: boolean },
  userId: number | null,
): Promise<XlsformImportResult> {
  const process = getProcess(db, slug);
  let workbook;
  try {
    workbook = await loadWorkbook(data);
  } catch (error) {
    if (error instanceof UnreadableXlsformError) throw badRequest('xlsform_unreadable', error.message);
    throw error;
  }
  // The draft's own labels: the Stadtteil list of its export, read back unchanged, is nothing to note.
  const result = importXlsform(workbook, xlsformContext(db, process.id, getDraft(db, slug).texts));
  if (!result.ok) {
    throw badRequest('xlsform_unsupported', `The form has ${result.errors.length} thing(s) the survey cannot hold; nothing was imported`, result.errors);
  }
  return db.transaction((tx) => {
    const before = getDraft(tx, slug);
    const { reviewed, unchecked } = markedReviewed(tx, process.id, result.settings, before.definition, { definition: result.definition, texts: before.texts });
    const draft = saveDraft(tx, slug, { revision: options.revision, definition: withTranslationsUnchecked(result.definition, unchecked), texts: before.texts, reviewed }, userId);
    // Languages the file says are checked that the save set back: its German changed under them, or is not what they were checked against.
    const outdated = result.definition.languages.filter((language) => result.definition.translations[language] === 'reviewed' && draft.definition?.translations[language] === 'machine');
    // Our own export names the process's title and the version it becomes: read back as they were, they are nothing to note.
    const told = result.notes.filter(
      (note) => !(note.code === 'formTitleNotStored' && note.params?.title === process.title.de) && !(note.code === 'versionNotStored' && note.params?.version === String(before.nextVersion)),
    );
    const notes = outdated.length > 0 ? [...told, translationsOutdatedNote(outdated)] : told;
    const published = options.publish ? publishDraft(tx, slug, draft.revision, userId).version : null;
    return { draft: published === null ? draft : getDraft(tx, slug), published, notes };
  });
}

/** A published version, or (without one) the draft, as an XLSForm workbook with its file name. */
export async function exportXlsformFile(db: DbOrTx, slug: string, version: number | undefined): Promise<{ data: Buffer; fileName: string }> {
  const process = getProcess(db, slug);
  const source = version === undefined ? getDraft(db, slug) : getVersion(db, slug, version);
  if (!source.definition) throw notFound(`A survey of ${slug}`);
  const stadtteile = xlsformContext(db, process.id).stadtteile;
  const workbook = await exportXlsform({ definition: source.definition, texts: source.texts, formTitle: process.title.de, formId: process.slug, stadtteile });
  const fileName = version === undefined ? `${process.slug}-fragebogen-entwurf.xlsx` : `${process.slug}-fragebogen-v${version}.xlsx`;
  return { data: Buffer.from(await workbook.xlsx.writeBuffer()), fileName };
}
