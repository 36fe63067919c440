import type { DbOrTx } from '../../../db/index.ts';
import { CONTRIBUTION_FLAGS, stadtteilToStore, type Channel, type NoteKind, type Role, type TagSource } from '../../../shared/domain.ts';
import type { Language } from '../../../shared/languages.ts';
import { maskNames, maskPersonalData } from '../../../shared/privacy/mask.ts';
import { MASK_TOKENS } from '../../../shared/privacy/mask-tokens.ts';
import { SUGGESTION_THRESHOLD } from '../../../shared/suggest/index.ts';
import { normalizeFreeText } from '../../../shared/text/normalize.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { issueReceipt, issueReceipts, type IssuedReceipt } from '../receipts/receipts.service.ts';
import { suggestContext, suggestFor, type SuggestContext } from '../suggest/suggest.service.ts';
import * as repo from './contributions.repo.ts';



/** What a voice's text alone yields: its masked copy and, where nobody tagged it, the suggester's proposal. */
export interface PreparedText {
  text: string;
  masked: ReturnType<typeof maskPersonalData>;
  suggestion: ReturnType<typeof suggestFor> | null;
}

/**
 * Masks a text and asks the suggester where the voice needs a proposal. This is the CPU-heavy
 * part of recording a voice; a batch computes it before its write transaction, between yields,
 * so one large sync never holds the event loop for its whole length.
 */
export function prepareText(
  input: Pick<ContributionInput, 'processId' | 'text' | 'language' | 'fieldsOfAction' | 'stadtteilKey'>,
  context: (processId: string) => SuggestContext,
): PreparedText {
  // Normalised first, so that what is prepared before a transaction matches what is stored in it.
  const text = normalizeFreeText(input.text);
  const masked = maskPersonalData(text);
  return { text, masked, suggestion: needsSuggestion(input) ? suggestFor(context(input.processId), masked.text, input.language) : null };
}

/** A voice gets the suggester's proposal only where nobody chose a field of action or said a Stadtteil. */
function needsSuggestion(input: Pick<ContributionInput, 'fieldsOfAction' | 'stadtteilKey'>): boolean {
  return input.fieldsOfAction.length === 0 || !input.stadtteilKey;
}

export interface ContributionInput {
  id: string;
  processId: string;
  channel: Channel;
  text: string;
  language: Language | null;
  capturedOn: string;
  responseId?: string | null;
  questionKey?: string | null;
  marketDayId?: string | null;
  kind?: NoteKind | null;
  /** A Stadtteil key or a place sentinel as said; null when nobody said one. */
  stadtteilKey?: string | null;
  stadtteilSource?: TagSource | null;
  ageBand?: string | null;
  contentHash: string;
  createdBy?: number | null;
  /** Fields of action chosen by the resident (`self`) or staff at capture (`staff`). */
  fieldsOfAction: string[];
  tagSource: Extract<TagSource, 'self' | 'staff'>;
  userId?: number | null;
  /** The receipt code the tablet made offline for a note; taken when free (`issueReceipt`). */
  receipt?: string | undefined;
  /** The code the questionnaire of `responseId` was given in this transaction (`issueResponseReceipt`); the voice shares it. */
  responseReceipt?: string | undefined;
}

/**
 * The one way a free-text voice enters the database, whatever its channel: the original is
 * kept for admins, a masked copy (e-mails, phone numbers, IBANs, addresses) is what working
 * groups and exports see, and its tags carry who set them. A voice that nobody tagged gets the
 * suggester's fields as `suggested` tags (and a Stadtteil named in it), so it lands in the
 * moderation queue with a proposal; it is never dropped. Every voice gets its receipt code in
 * the same transaction (`issueReceipt`: a questionnaire's answers share one), which is returned.
 * Runs inside the caller's transaction.
 */
export function recordContribution(tx: DbOrTx, input: ContributionInput, prepared?: PreparedText): IssuedReceipt {
  const { contribution, tags } = rowsOfContribution(tx, input, prepared);
  repo.insertContribution(tx, contribution);
  repo.insertTags(tx, tags);
  if (input.responseReceipt !== undefined) return { code: input.responseReceipt, replaced: false };
  return issueReceipt(tx, { processId: input.processId, contributionId: input.id, responseId: input.responseId ?? null, wanted: input.receipt });
}

/**
 * `recordContribution` for many voices without a questionnaire (a stall sync slice's new
 * notes), in a few multi-row statements: their cite numbers reserved once per process rather
 * than by the trigger per row, then the voices, their tags and their receipts; the receipts in
 * the voices' order. Runs inside the caller's transaction; a failure fails them all.
 */
export function recordContributions(tx: DbOrTx, voices: ReadonlyArray<{ input: ContributionInput; prepared?: PreparedText | undefined }>): IssuedReceipt[] {
  if (voices.some(({ input }) => input.responseId)) throw new Error('recordContributions takes voices without a questionnaire');
  insertVoices(tx, voices.map(({ input, prepared }) => rowsOfContribution(tx, input, prepared)));
  return issueReceipts(tx, voices.map(({ input }) => ({ processId: input.processId, contributionId: input.id, wanted: input.receipt })));
}

/**
 * The free-text voices of one questionnaire (`responseId`, all of one process), recorded as
 * `recordContribution` records each but written together as `recordContributions` writes a
 * sync slice's notes. They share the questionnaire's receipt (`issueResponseReceipt`), which
 * the caller issued.
 */
export function recordQuestionnaireContributions(tx: DbOrTx, inputs: readonly ContributionInput[], prepared: readonly PreparedText[] = []): void {
  const first = inputs[0];
  if (!first) return;
  if (inputs.some((input) => input.processId !== first.processId || !input.responseId)) throw new Error("A questionnaire's voices belong to one response of one process");
  const context = suggestContext(tx, first.processId);
  const byText = new Map(prepared.map((text) => [text.text, text]));
  insertVoices(tx, inputs.map((input) => rowsOfContribution(tx, input, byText.get(normalizeFreeText(input.text)), () => context)));
}

/**
 * Writes voices and their tags in a few multi-row statements, their cite numbers reserved once
 * per process rather than by the trigger per row (a counter upsert and a rewrite of the row).
 */
function insertVoices(tx: DbOrTx, rows: ReadonlyArray<ReturnType<typeof rowsOfContribution>>): void {
  const perProcess = new Map<string, number>();
  for (const { contribution } of rows) perProcess.set(contribution.processId, (perProcess.get(contribution.processId) ?? 0) + 1);
  const next = new Map([...perProcess].map(([processId, count]) => [processId, repo.reserveCiteNumbers(tx, processId, count)]));
  repo.insertContributions(
    tx,
    rows.map(({ contribution }) => {
      const citeSeq = next.get(contribution.processId)!;
      next.set(contribution.processId, citeSeq + 1);
      return { ...contribution, citeSeq };
    }),
  );
  repo.insertTags(tx, rows.flatMap(({ tags }) => tags));
}

/**
 * The rows a voice is stored as, worked out from its text alone: the voice (original, masked
 * copy, Stadtteil said or suggested, flags) and its tags (chosen, or the suggester's).
 */
function rowsOfContribution(tx: DbOrTx, input: ContributionInput, prepared?: PreparedText, context = (processId: string) => suggestContext(tx, processId)) {
  // A text equal to the prepared one is normalised already (normalising is idempotent).
  const text = prepared?.text === input.text ? input.text : normalizeFreeText(input.text);
  const fields = [...new Set(input.fieldsOfAction)];
  // A text prepared before the transaction counts when it is this text and, where this voice needs one, carries a proposal.
  const usable = prepared?.text === text && (prepared.suggestion !== null || !needsSuggestion(input));
  const { masked, suggestion } = usable ? prepared : prepareText({ ...input, text }, context);
  // A Stadtteil someone said (`unknown` included, which is stored as NULL) is theirs; only where nobody said one does the suggester propose one.
  const said = Boolean(input.stadtteilKey);
  const stadtteilKey = said ? stadtteilToStore(input.stadtteilKey) : (suggestion?.stadtteil ?? null);
  const stadtteilSource = said ? (input.stadtteilSource ?? input.tagSource) : stadtteilKey ? 'suggested' : null;
  const contribution = {
    id: input.id,
    processId: input.processId,
    channel: input.channel,
    responseId: input.responseId ?? null,
    questionKey: input.questionKey ?? null,
    marketDayId: input.marketDayId ?? null,
    kind: input.kind ?? null,
    text,
    maskedText: masked.text,
    language: input.language,
    stadtteilKey,
    stadtteilSource,
    ageBand: input.ageBand ?? null,
    capturedOn: input.capturedOn,
    contentHash: input.contentHash,
    createdBy: input.createdBy ?? null,
    flags: masked.masked.length > 0 ? [CONTRIBUTION_FLAGS.personalDataMasked] : [],
  };
  // Tags made with the voice carry its day, not a clock time: a timestamp would tell when a resident answered.
  const createdAt = input.capturedOn;
  const tags: repo.NewTagOfVoice[] =
    fields.length > 0
      ? fields.map((fieldKey) => ({ contributionId: input.id, fieldKey, source: input.tagSource, score: null, userId: input.userId ?? null, createdAt }))
      : (suggestion?.fieldsOfAction ?? [])
          .filter((field) => field.score >= SUGGESTION_THRESHOLD)
          .slice(0, 2)
          .map((field) => ({ contributionId: input.id, fieldKey: field.key, source: 'suggested' as const, score: Math.round(field.score * 100), userId: null, createdAt }));
  return { contribution, tags };
}

/** Who changes a contribution: the signed-in account and its role. */
export interface Editor {
  userId: number;
  role: Role;
}

/**
 * Who may edit a captured note: the account that captured it, and admins. A tablet shared by
 * several staff members signs in as each of them in turn, so "the device" is no rule; a note
 * whose account was deleted (`created_by` null) is left to admins.
 */
export function mayEdit(row: repo.ContributionRow, editor: Editor): boolean {
  return editor.role === 'admin' || (row.createdBy !== null && row.createdBy === editor.userId);
}

/**
 * The text of a captured note as an account reads it on the stall tablet: the capturing account
 * and admins get it as captured, so they can correct it, until a moderator masked names in it by
 * hand; from then on everyone reads it as working groups do, as a refused edit showed it ("Auf
 * dem Server:"), so a masked name never comes back onto a shared tablet.
 */
export function stallText(row: repo.ContributionRow, editor: Editor): string {
  return mayEdit(row, editor) && !row.flags.includes(CONTRIBUTION_FLAGS.namesMasked) ? row.text : row.maskedText;
}

/** The new content of an edited note, as the tablet sent it (already validated and normalised). */
export interface ContributionEdit {
  baseVersion: number;
  channel: Channel;
  text: string;
  kind: NoteKind | null;
  marketDayId: string | null;
  stadtteilKey: string | null;
  ageBand: string | null;
  language: Language | null;
  capturedOn: string;
  fieldsOfAction: string[];
  contentHash: string;
}

export type EditOutcome =
  | { status: 'stored'; version: number }
  | { status: 'conflict'; code: 'forbidden' | 'version_conflict' | 'names_masked'; message: string; version: number };

/**
 * What a moderator masked by hand, for `masked_names`: the masked stretches of the masked text,
 * without our own placeholders. Ranges are clipped as `maskNames` clips them.
 */
export function maskedStretches(maskedText: string, ranges: ReadonlyArray<{ start: number; end: number }>): string[] {
  const tokens = Object.values(MASK_TOKENS);
  const stretches = ranges.map(({ start, end }) => {
    let stretch = maskedText.slice(Math.max(0, Math.min(start, end)), Math.max(start, end));
    for (const token of tokens) stretch = stretch.split(token).join(' ');
    return stretch.trim();
  });
  return stretches.filter((stretch) => stretch.length > 0);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Masks again, in an edited text, what a moderator masked by hand before: every occurrence of
 * each masked stretch and of each of its words of three letters or more, in any letter case.
 * It errs towards masking: "Frau Yilmaz" masked once masks "Frau" in the edit as well, and the
 * edit goes back to review anyway. Short words are matched as whole words only ("Ali", not "Alibi").
 */
export function maskKnownNames(text: string, names: readonly string[]): string {
  const needles = new Set<string>();
  for (const name of names) {
    needles.add(name);
    for (const word of name.split(/[^\p{L}\p{M}\p{N}'’-]+/u)) if ([...word].length >= 3) needles.add(word);
  }
  const ranges: Array<{ start: number; end: number }> = [];
  for (const needle of needles) {
    const pattern = [...needle].length < 4 ? `(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])` : escapeRegExp(needle);
    for (const match of text.matchAll(new RegExp(pattern, 'giu'))) ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  return ranges.length > 0 ? maskNames(text, ranges) : text;
}

/**
 * Applies a staff edit of a captured note (the stall sync), under the rules that keep a
 * moderator's work (ARCHITECTURE.md "The market stall"):
 *
 * - only the capturing account or an admin may edit (`forbidden` otherwise);
 * - only from the version the edit started from (`version_conflict`);
 * - names a moderator masked by hand stay masked in the new text; where the masked words are
 *   no longer known (masked before they were recorded, or purged after the retention date) a
 *   changed text is refused (`names_masked`) rather than uncovered;
 * - once a moderator decided the fields, the edit's other fields become `suggested` tags (a
 *   proposal working groups do not see) and a reviewed Stadtteil stays;
 * - a moderated note whose text changed or that gained a proposal goes back to the queue
 *   (`reviewed_at` cleared, flag `edited_after_review`);
 * - every edit is written to `audit_log`, saying what kind of change it was, never the text.
 */
export function editContribution(tx: DbOrTx, existing: repo.ContributionRow, edit: ContributionEdit, editor: Editor): EditOutcome {
  const refuse = (code: Extract<EditOutcome, { status: 'conflict' }>['code'], message: string): EditOutcome => ({ status: 'conflict', code, message, version: existing.version });
  if (!mayEdit(existing, editor)) return refuse('forbidden', 'Only the account that captured this note, or an admin, may change it; the stored one is kept');
  if (existing.version !== edit.baseVersion) return refuse('version_conflict', `The note was changed in the meantime (now version ${existing.version}); the stored one is kept`);

  const text = normalizeFreeText(edit.text);
  // A tablet that was shown the masked text (`stallText`, a refusal's note) and sends it back unchanged did not change the text.
  const textChanged = text !== existing.text && text !== existing.maskedText;
  const storedText = textChanged ? text : existing.text;
  const handMasked = existing.flags.includes(CONTRIBUTION_FLAGS.namesMasked);
  if (textChanged && handMasked && existing.maskedNames.length === 0) {
    return refuse('names_masked', 'A moderator masked names in this note; its text can no longer be changed from a tablet');
  }
  const tags = repo.findTags(tx, existing.id);
  const reviewedFields = new Set(tags.filter((tag) => tag.source === 'reviewed').map((tag) => tag.fieldKey));
  const moderated = existing.reviewedAt !== null || handMasked || reviewedFields.size > 0 || existing.stadtteilSource === 'reviewed';
  const fields = [...new Set(edit.fieldsOfAction)];
  const proposedFields = reviewedFields.size > 0 ? fields.filter((field) => !reviewedFields.has(field)) : [];
  const alreadyProposed = new Set(tags.filter((tag) => tag.source === 'suggested').map((tag) => tag.fieldKey));
  const backToReview = moderated && (textChanged || proposedFields.some((field) => !alreadyProposed.has(field)));

  const auto = maskPersonalData(storedText);
  const maskedText = textChanged ? maskKnownNames(auto.text, existing.maskedNames) : existing.maskedText;
  const flags = existing.flags.filter((flag) => flag !== CONTRIBUTION_FLAGS.personalDataMasked && flag !== CONTRIBUTION_FLAGS.editedAfterReview);
  if (auto.masked.length > 0) flags.push(CONTRIBUTION_FLAGS.personalDataMasked);
  if (backToReview || existing.flags.includes(CONTRIBUTION_FLAGS.editedAfterReview)) flags.push(CONTRIBUTION_FLAGS.editedAfterReview);
  const keepStadtteil = existing.stadtteilSource === 'reviewed';

  const applied = repo.updateIfVersion(tx, existing.id, edit.baseVersion, {
    channel: edit.channel,
    text: storedText,
    maskedText,
    kind: edit.kind,
    marketDayId: edit.marketDayId,
    ...(keepStadtteil ? {} : { stadtteilKey: stadtteilToStore(edit.stadtteilKey), stadtteilSource: edit.stadtteilKey ? ('staff' as const) : null }),
    ageBand: edit.ageBand,
    language: edit.language,
    capturedOn: edit.capturedOn,
    flags,
    contentHash: edit.contentHash,
    ...(backToReview ? { reviewedAt: null } : {}),
  });
  if (!applied) return refuse('version_conflict', 'The note was changed in the meantime; the stored one is kept');

  if (reviewedFields.size > 0) {
    // A moderator decided the fields: staff may take theirs back, and what they add is a proposal.
    repo.replaceTagsOfSources(tx, existing.id, ['staff', 'suggested'], proposedFields.map((fieldKey) => ({ contributionId: existing.id, fieldKey, source: 'suggested' as const, userId: editor.userId })));
  } else {
    repo.replaceTagsOfSources(tx, existing.id, ['staff'], fields.map((fieldKey) => ({ contributionId: existing.id, fieldKey, source: 'staff' as const, userId: editor.userId })));
  }
  const version = edit.baseVersion + 1;
  appendAudit(tx, {
    userId: editor.userId,
    action: 'contribution_edited',
    entity: 'contribution',
    entityId: existing.id,
    details: {
      from: edit.baseVersion,
      to: version,
      textChanged,
      backToReview,
      fields: { before: tags.map((tag) => `${tag.fieldKey}:${tag.source}`), after: fields },
      proposedFields,
      ...(keepStadtteil && stadtteilToStore(edit.stadtteilKey) !== existing.stadtteilKey ? { stadtteilKept: true } : {}),
      capturedBy: existing.createdBy,
    },
  });
  return { status: 'stored', version };
}

/** The German rendering's masked copy: the same automatic masking as the original's, and the names a moderator masked in the original. */
function maskGerman(text: string, maskedNames: readonly string[]): string {
  return maskKnownNames(maskPersonalData(text).text, maskedNames);
}

/**
 * Stores a moderator's German rendering of a contribution (apart from the original, which stays
 * as given), or removes it with `null`; masked like the original. Returns what changed, for the
 * audit log. Runs inside the caller's transaction.
 */
export function setGermanRendering(tx: DbOrTx, existing: repo.ContributionRow, text: string | null, userId: number): 'saved' | 'replaced' | 'removed' | 'unchanged' {
  const before = repo.findTranslation(tx, existing.id);
  if (text === null) return repo.deleteTranslation(tx, existing.id) ? 'removed' : 'unchanged';
  const normalized = normalizeFreeText(text);
  if (before?.text === normalized) return 'unchanged';
  repo.saveTranslation(tx, {
    contributionId: existing.id,
    text: normalized,
    maskedText: maskGerman(normalized, existing.maskedNames),
    translatedBy: userId,
    translatedAt: new Date().toISOString(),
  });
  return before ? 'replaced' : 'saved';
}

/** After a moderator masked names in the original, the same names are masked in its German rendering. */
export function remaskGerman(tx: DbOrTx, contributionId: string, maskedNames: readonly string[]): void {
  const translation = repo.findTranslation(tx, contributionId);
  if (translation) repo.updateTranslationMask(tx, contributionId, maskGerman(translation.text, maskedNames));
}

/**
 * An admin corrected a market day's Stadtteil (`server/features/stall/market-days.service.ts`):
 * its notes filed under the former one follow to the corrected one, each a version on, unless a
 * moderator reviewed their Stadtteil. Runs inside the caller's transaction; returns the ids moved.
 */
export function followMarketDayStadtteil(tx: DbOrTx, marketDayId: string, from: string | null, to: string | null): string[] {
  return repo.moveNotesOfMarketDay(tx, marketDayId, from, to);
}

/** The voices of a market day merged into another, filed under that one (`mergeMarketDay`). */
export function fileVoicesUnderMarketDay(tx: DbOrTx, from: string, into: string): void {
  repo.moveVoicesToMarketDay(tx, from, into);
}

/** The free-text voices of a market day's paper questionnaires, dated to its corrected date with them (`followMarketDayDate`). */
export function dateQuestionnaireVoicesOfMarketDay(tx: DbOrTx, marketDayId: string, day: string): void {
  repo.dateQuestionnaireVoicesOfMarketDay(tx, marketDayId, day);
}
