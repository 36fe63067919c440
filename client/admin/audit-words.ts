import type { AuditEntry } from '../../shared/api/lifecycle.ts';
import type { AuditAction, AuditEntity, AuditFieldChange } from '../../shared/audit.ts';
import { CHANNELS, NOTE_KINDS, PLACE_OUTSIDE, PLACE_UNKNOWN, type Channel, type NoteKind } from '../../shared/domain.ts';
import { LANGUAGES, type Language } from '../../shared/languages.ts';
import { OUTCOME_KINDS, type OutcomeKind } from '../../shared/measures.ts';
import { staffLocale } from '../i18n/staff.ts';
import { channelLabel, kindLabel, languageLabel, outsideLabel, unknownLabel } from '../ui/labels.ts';
import { t } from './messages.ts';
import { ROLE_NAMES } from './role-names.ts';

/**
 * The audit log in the admin's words: per kind of entry a short name (the filter's options) and a
 * sentence naming what it was about („Maßnahme „Sprachcafé“ angelegt“), and its details as lines
 * of „field: value“ or „field: before → after“ — never the stored JSON. Typed over every kind
 * `appendAudit` takes (`shared/audit.ts`), so a new kind has no page until it has words here.
 */

type Params = { name: string; version: string; file: string };

/** The short name of each kind of entry, for the filter's options. */
export const actionNames = (): Record<AuditAction, string> => ({
  login: t('auditPage.signIn'),
  login_failed: t('auditPage.signInFailed'),
  logout: t('auditPage.signOut'),
  session_revoked: t('auditPage.deviceSignedOut'),
  user_created: t('auditPage.accountCreated'),
  user_updated: t('auditPage.accountChanged'),
  user_disabled: t('auditPage.accountLocked'),
  user_enabled: t('auditPage.accountUnlocked'),
  password_reset: t('auditPage.passwordReset'),
  process_updated: t('auditPage.processChanged'),
  originals_purged: t('auditPage.originalTextsDeleted'),
  contribution_edited: t('auditPage.contributionEdited'),
  contribution_reviewed: t('auditPage.contributionReviewed'),
  contribution_hidden: t('auditPage.contributionHidden'),
  contribution_shown: t('auditPage.contributionVisibleAgain'),
  contribution_names_masked: t('auditPage.namesInContributionRedacted'),
  contribution_field_added: t('auditPage.fieldOfActionAdded'),
  stall_sync: t('auditPage.tabletSync'),
  market_day_planned: t('auditPage.marketDayPlanned'),
  market_day_corrected: t('auditPage.marketDayCorrected'),
  market_day_removed: t('auditPage.marketDayRemoved'),
  market_day_merged: t('auditPage.marketDayMerged'),
  export: t('auditPage.export'),
  process_created: t('auditPage.processCreated'),
  process_structure_updated: t('auditPage.processStructureChanged'),
  process_status_changed: t('auditPage.processVisibilityChanged'),
  process_deleted: t('auditPage.processDeleted'),
  survey_draft_saved: t('auditPage.surveyDraftSaved'),
  survey_published: t('auditPage.surveyPublished'),
  survey_version_replaced: t('auditPage.surveyVersionReplaced'),
  snapshot_released: t('auditPage.resultsReleased'),
  snapshot_withdrawn: t('auditPage.resultsWithdrawn'),
  data_licence_set: t('auditPage.dataLicenceSet'),
  population_imported: t('auditPage.populationImported'),
  contribution_outcome: t('auditPage.contributionOutcomeSet'),
  contribution_translated: t('auditPage.contributionTranslated'),
  measure_created: t('auditPage.measureCreated'),
  measure_updated: t('auditPage.measureChanged'),
  measure_status_changed: t('auditPage.measureStatusChanged'),
  measure_links_changed: t('auditPage.measureLinksChanged'),
  measure_deleted: t('auditPage.measureDeleted'),
  measure_statuses_set: t('auditPage.measureStatusesSet'),
  guiding_goal_created: t('auditPage.guidingGoalCreated'),
  guiding_goal_updated: t('auditPage.guidingGoalChanged'),
  guiding_goal_deleted: t('auditPage.guidingGoalDeleted'),
  legal_settings_updated: t('auditPage.legalSettingsUpdated'),
});

/** Each kind of entry as a sentence about what it concerned. */
const SENTENCES: Record<AuditAction, (p: Params) => string> = {
  login: () => t('auditSentence.signedIn'),
  login_failed: () => t('auditSentence.signInFailed'),
  logout: () => t('auditSentence.signedOut'),
  session_revoked: (p) => t('auditSentence.deviceSignedOut', p),
  user_created: (p) => t('auditSentence.accountCreated', p),
  user_updated: (p) => t('auditSentence.accountChanged', p),
  user_disabled: (p) => t('auditSentence.accountLocked', p),
  user_enabled: (p) => t('auditSentence.accountUnlocked', p),
  password_reset: (p) => t('auditSentence.passwordReset', p),
  process_created: (p) => t('auditSentence.processCreated', p),
  process_updated: (p) => t('auditSentence.processSettingsChanged', p),
  process_structure_updated: (p) => t('auditSentence.processStructureChanged', p),
  process_status_changed: (p) => t('auditSentence.processVisibilityChanged', p),
  process_deleted: (p) => t('auditSentence.processDeleted', p),
  originals_purged: (p) => t('auditSentence.originalsDeleted', p),
  data_licence_set: (p) => t('auditSentence.dataLicenceSet', p),
  population_imported: (p) => t('auditSentence.populationImported', p),
  survey_draft_saved: (p) => t('auditSentence.surveyDraftSaved', p),
  survey_published: (p) => t('auditSentence.surveyPublished', p),
  survey_version_replaced: (p) => t('auditSentence.surveyVersionReplaced', p),
  contribution_edited: (p) => t('auditSentence.contributionEdited', p),
  contribution_reviewed: (p) => t('auditSentence.contributionReviewed', p),
  contribution_hidden: (p) => t('auditSentence.contributionHidden', p),
  contribution_shown: (p) => t('auditSentence.contributionShown', p),
  contribution_names_masked: (p) => t('auditSentence.contributionNamesMasked', p),
  contribution_field_added: (p) => t('auditSentence.contributionFieldAdded', p),
  contribution_translated: (p) => t('auditSentence.contributionTranslated', p),
  contribution_outcome: (p) => t('auditSentence.contributionOutcome', p),
  stall_sync: () => t('auditSentence.tabletSynced'),
  market_day_planned: (p) => t('auditSentence.marketDayPlanned', p),
  market_day_corrected: (p) => t('auditSentence.marketDayCorrected', p),
  market_day_removed: (p) => t('auditSentence.marketDayRemoved', p),
  market_day_merged: (p) => t('auditSentence.marketDayMerged', p),
  export: (p) => t('auditSentence.exported', p),
  snapshot_released: (p) => t('auditSentence.resultsReleased', p),
  snapshot_withdrawn: (p) => t('auditSentence.resultsWithdrawn', p),
  measure_created: (p) => t('auditSentence.measureCreated', p),
  measure_updated: (p) => t('auditSentence.measureChanged', p),
  measure_status_changed: (p) => t('auditSentence.measureStatusChanged', p),
  measure_links_changed: (p) => t('auditSentence.measureLinksChanged', p),
  measure_deleted: (p) => t('auditSentence.measureDeleted', p),
  measure_statuses_set: (p) => t('auditSentence.measureStatusesSet', p),
  guiding_goal_created: (p) => t('auditSentence.guidingGoalCreated', p),
  guiding_goal_updated: (p) => t('auditSentence.guidingGoalChanged', p),
  guiding_goal_deleted: (p) => t('auditSentence.guidingGoalDeleted', p),
  legal_settings_updated: () => t('auditSentence.legalSettingsUpdated'),
};

/** What an entry can be about, for the filter's options. */
export const entityNames = (): Record<AuditEntity, string> => ({
  user: t('auditPage.account'),
  session: t('auditPage.device'),
  process: t('auditPage.process'),
  contribution: t('auditPage.contribution'),
  stall: t('auditPage.marketStall'),
  market_day: t('auditPage.marketDay'),
  survey: t('auditPage.survey'),
  survey_draft: t('auditPage.surveyDraft'),
  result_snapshot: t('auditPage.releasedResults'),
  measure: t('auditPage.measure'),
  guiding_goal: t('auditPage.guidingGoal'),
  legal_settings: t('auditPage.legalSettings'),
});

/** A name from a table of names, or the code itself for one written by a newer server. */
export const named = (names: Record<string, string>, code: string) => names[code] ?? code;

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** The sentence of an entry: its kind in words with the name of what it concerned. */
export function auditSentence(entry: AuditEntry): string {
  const details = record(entry.details);
  const subject = entry.subject;
  const name = subject?.name
    ? entry.entity === 'contribution'
      ? subject.name
      : t('auditSentence.quoted', { name: subject.name })
    : subject?.deleted
      ? t('auditSentence.deletedUnnamed')
      : t('auditSentence.unnamed');
  const params: Params = { name, version: String(details.version ?? '?'), file: t('auditSentence.quoted', { name: String(details.filename ?? '?') }) };
  const sentence = (SENTENCES as Record<string, ((p: Params) => string) | undefined>)[entry.action];
  return sentence ? sentence(params) : named(actionNames(), entry.action);
}

/** A line of the details: a value, or a change from one value to another. */
export type DetailLine = { label: string; value: string } | { label: string; before: string; after: string };

/** The details' field names in words; a name not here reads as it is stored. */
const fieldNames = (): Record<string, string> => ({
  username: t('auditField.account'),
  role: t('auditField.role'),
  displayName: t('auditField.displayName'),
  fieldsOfAction: t('auditField.fieldsOfAction'),
  processes: t('auditField.processes'),
  disabledAt: t('auditField.lockedSince'),
  signedOut: t('auditField.signedOut'),
  reason: t('auditField.reason'),
  ranges: t('auditField.maskedPassages'),
  language: t('auditField.language'),
  source: t('auditField.source'),
  outcome: t('auditField.outcome'),
  bulk: t('auditField.bulk'),
  field: t('auditField.fieldOfAction'),
  fields: t('auditField.fieldsOfAction'),
  stadtteil: t('auditField.stadtteil'),
  district: t('auditField.district'),
  items: t('auditField.items'),
  stored: t('auditField.stored'),
  via: t('auditField.via'),
  format: t('auditField.format'),
  filename: t('auditField.file'),
  filter: t('auditField.filter'),
  rows: t('auditField.rows'),
  bytes: t('auditField.bytes'),
  sha256: t('auditField.checksum'),
  completed: t('auditField.completed'),
  failed: t('auditField.failed'),
  status: t('auditField.visibility'),
  phases: t('auditField.phases'),
  stadtteile: t('auditField.stadtteile'),
  languages: t('auditField.languages'),
  translationsOutdated: t('auditField.translationsOutdated'),
  revision: t('auditField.revision'),
  version: t('auditField.version'),
  questions: t('auditField.questions'),
  dotVotes: t('auditField.dotVotes'),
  referenceDate: t('auditField.referenceDate'),
  licence: t('auditField.licence'),
  population: t('auditField.population'),
  dimensions: t('auditField.dimensions'),
  withoutFigures: t('auditField.withoutFigures'),
  purged: t('auditField.purged'),
  retentionUntil: t('auditField.retentionUntil'),
  early: t('auditField.early'),
  counts: t('auditField.counts'),
  deleted: t('auditField.deleted'),
  responses: t('auditField.responses'),
  contributions: t('auditField.contributions'),
  marketDays: t('auditField.marketDays'),
  posters: t('auditField.posters'),
  measures: t('auditField.measures'),
  guidingGoals: t('auditField.guidingGoals'),
  snapshots: t('auditField.snapshots'),
  surveyVersions: t('auditField.surveyVersions'),
  workingGroups: t('auditField.workingGroups'),
  kind: t('auditField.kind'),
  textChanged: t('auditField.textChanged'),
  backToReview: t('auditField.backToReview'),
  proposedFields: t('auditField.proposedFields'),
  stadtteilKept: t('auditField.stadtteilKept'),
  capturedBy: t('auditField.capturedBy'),
  date: t('auditField.date'),
  place: t('auditField.place'),
  notesMoved: t('auditField.notesMoved'),
  papersMoved: t('auditField.papersMoved'),
  merged: t('auditField.merged'),
  notes: t('auditField.notes'),
  papers: t('auditField.papers'),
  currentPhase: t('auditField.currentPhase'),
  opensOn: t('auditField.opensOn'),
  closesOn: t('auditField.closesOn'),
  suppressionThreshold: t('auditField.threshold'),
  added: t('auditField.linked'),
  removed: t('auditField.unlinked'),
  measuresWithoutGoal: t('auditField.measuresWithoutGoal'),
  statuses: t('auditField.statuses'),
  title: t('auditField.title'),
  statusKey: t('auditField.measureStatus'),
  progress: t('auditField.progress'),
  description: t('auditField.description'),
  fieldKey: t('auditField.fieldOfAction'),
  guidingGoalId: t('auditField.guidingGoal'),
  stadtteilKeys: t('auditField.stadtteile'),
  stadtteileAdded: t('auditField.stadtteileAdded'),
  stadtteileRenamed: t('auditField.stadtteileRenamed'),
  stadtteileRemoved: t('auditField.stadtteileRemoved'),
  responsible: t('auditField.responsible'),
  partners: t('auditField.partners'),
  milestones: t('auditField.milestones'),
  councilDocument: t('auditField.councilDocument'),
  councilDecidedOn: t('auditField.councilDecidedOn'),
  budgetCents: t('auditField.budget'),
  budgetNote: t('auditField.budgetNote'),
  resultLinks: t('auditField.resultLinks'),
  text: t('auditField.text'),
  entityId: t('auditField.id'),
  processId: t('auditField.processId'),
  channel: t('auditField.channel'),
  originals: t('auditField.originals'),
  maskedNameLists: t('auditField.maskedNameLists'),
  operatorName: t('auditField.operatorName'),
  operatorAddress: t('auditField.operatorAddress'),
  representedBy: t('auditField.representedBy'),
  email: t('auditField.email'),
  phone: t('auditField.phone'),
  dataProtectionOfficer: t('auditField.dataProtectionOfficer'),
  supervisoryAuthority: t('auditField.supervisoryAuthority'),
  staffLegalBasis: t('auditField.staffLegalBasis'),
  accessibilityContact: t('auditField.accessibilityContact'),
  enforcementBody: t('auditField.enforcementBody'),
  accessibilityStatementOn: t('auditField.accessibilityStatementOn'),
  knownLimitations: t('auditField.knownLimitations'),
});

/** What `from` → `to` means per kind of entry. */
const FROM_TO: Partial<Record<AuditAction, string>> = { process_status_changed: 'status', data_licence_set: 'licence', contribution_edited: 'version', market_day_corrected: 'version' };
/** Keys the sentence says already. */
const IN_SENTENCE = new Set(['process', 'slug', 'title', 'filename']);

const processStatus = (): Record<string, string> => ({ draft: t('processEditor.draft'), public: t('processEditor.public'), archived: t('processEditor.archived') });

/** Names the page knows for stored keys: fields of action by key, processes by slug, Stadtteile by key, accounts by id. */
export interface AuditLookup {
  field?: (key: string) => string | undefined;
  process?: (slug: string) => string | undefined;
  stadtteil?: (key: string) => string | undefined;
  /** Statistical districts by key (an export's filter). */
  district?: (key: string) => string | undefined;
  /** Accounts by id (a note's `capturedBy`). */
  user?: (id: number) => string | undefined;
  /** A question of the process's questionnaire (by the process's slug) by its key: its German text. */
  question?: (process: string, key: string) => string | undefined;
}

/** The lookup for one entry: with the slug of the process it concerned, for its questions. */
type EntryLookup = AuditLookup & { processSlug?: string };

/** Longest a question's text is shown in a list of questions, in characters. */
const QUESTION_LENGTH = 60;

/** A question's text, cut after its last whole word within `QUESTION_LENGTH` characters and marked „…“ when longer. */
function shortQuestion(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= QUESTION_LENGTH) return flat;
  const cut = flat.slice(0, QUESTION_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > QUESTION_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')} …`;
}

/** Detail keys whose values are keys of fields of action, or slugs of processes. */
const FIELD_KEYS = new Set(['fieldsOfAction', 'fields', 'field', 'fieldKey', 'proposedFields']);
const PROCESS_KEYS = new Set(['processes']);
/** Detail keys whose values are ids of accounts. */
const USER_KEYS = new Set(['capturedBy']);
/** Detail keys whose values are languages. */
const LANGUAGE_KEYS = new Set(['language', 'languages', 'from', 'translationsOutdated']);

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

const outcomeNames = (): Record<OutcomeKind, string> => ({ taken_up: t('auditValue.takenUp'), not_pursued: t('auditValue.notPursued'), passed_on: t('auditValue.passedOn') });
/** What saving a German rendering did (`setGermanRendering`). */
const renderingOutcomes = (): Record<string, string> => ({ saved: t('auditValue.saved'), replaced: t('auditValue.replaced'), removed: t('auditValue.removed'), unchanged: t('auditValue.unchanged') });
const tagSources = (): Record<string, string> => ({ self: t('auditValue.sourceSelf'), staff: t('auditValue.sourceStaff'), suggested: t('auditValue.sourceSuggested'), reviewed: t('auditValue.sourceReviewed'), human: t('auditValue.sourceHuman') });
const exportVia = (): Record<string, string> => ({ web: t('auditValue.viaWeb'), cli: t('auditValue.viaCli') });

/**
 * A stored code in words, by the key it stands under (and, for `kind`, the kind of entry: an
 * outcome's kind or a note's); null when the key holds no code this page names.
 */
function codeName(value: string, key: string, action: string, lookup: EntryLookup): string | null {
  if (key === 'status') return named(processStatus(), value);
  if (key === 'role') return named(ROLE_NAMES(), value);
  if (key === 'channel') return isOneOf<Channel>(CHANNELS, value) ? channelLabel(value) : value;
  if (key === 'kind' && action === 'contribution_outcome') return isOneOf(OUTCOME_KINDS, value) ? outcomeNames()[value] : value;
  if (key === 'kind') return isOneOf<NoteKind>(NOTE_KINDS, value) ? kindLabel(value) : value;
  if (key === 'outcome' && action === 'contribution_translated') return named(renderingOutcomes(), value);
  if (key === 'source') return named(tagSources(), value);
  if (key === 'via') return named(exportVia(), value);
  if (LANGUAGE_KEYS.has(key)) return isOneOf<Language>(LANGUAGES, value) ? languageLabel(value) : value;
  if (key === 'stadtteil') return value === PLACE_OUTSIDE ? outsideLabel() : (lookup.stadtteil?.(value) ?? value);
  if (key === 'district') return value === PLACE_OUTSIDE ? outsideLabel() : value === PLACE_UNKNOWN ? unknownLabel() : (lookup.district?.(value) ?? value);
  if (FIELD_KEYS.has(key)) {
    // A tag as stored before a review or an edit: „key:source“.
    const [field = value, source] = value.split(':');
    const label = lookup.field?.(field) ?? field;
    return source ? t('auditValue.tagWithSource', { field: label, source: named(tagSources(), source) }) : label;
  }
  if (PROCESS_KEYS.has(key)) return lookup.process?.(value) ?? value;
  if (key === 'questions') {
    const question = lookup.processSlug === undefined ? undefined : lookup.question?.(lookup.processSlug, value);
    return question === undefined ? value : t('auditSentence.quoted', { name: shortQuestion(question) });
  }
  return null;
}

/**
 * A stored value as text: yes/no, numbers in the staff's locale, lists with commas, objects as
 * „name: value“ pairs, codes (channels, kinds, languages, outcomes…) in words, keys of fields,
 * processes and Stadtteile by their names.
 */
function textOf(value: unknown, key = '', lookup: EntryLookup = {}, action = ''): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('auditField.yes') : t('auditField.no');
  if (typeof value === 'number') return (USER_KEYS.has(key) ? lookup.user?.(value) : undefined) ?? new Intl.NumberFormat(staffLocale()).format(value);
  if (typeof value === 'string') return codeName(value, key, action, lookup) ?? value;
  if (Array.isArray(value)) return value.length ? value.map((item) => textOf(item, key, lookup, action)).join(', ') : '—';
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length ? entries.map(([inner, item]) => `${named(fieldNames(), inner)}: ${textOf(item, inner, lookup, action)}`).join('; ') : '—';
}

const isChange = (value: unknown): value is { before: unknown; after: unknown } => {
  const keys = Object.keys(record(value));
  return keys.length === 2 && keys.includes('before') && keys.includes('after');
};

/** The details of an entry as lines an admin reads; for something gone, its stored id last. */
export function auditDetails(entry: AuditEntry, lookup: AuditLookup = {}): DetailLine[] {
  const details = record(entry.details);
  const names = fieldNames();
  const lines: DetailLine[] = [];
  const scoped: EntryLookup = typeof details.process === 'string' ? { ...lookup, processSlug: details.process } : { ...lookup };
  // Released results name their questions as the release froze them; the current questionnaire only for a release that is gone.
  const frozen = entry.subject?.questions;
  if (frozen) scoped.question = (process, key) => frozen[key] ?? lookup.question?.(process, key);
  const text = (value: unknown, key = '') => textOf(value, key, scoped, entry.action);
  const change = (key: string, before: unknown, after: unknown) => lines.push({ label: named(names, key), before: text(before, key), after: text(after, key) });
  const fromTo = FROM_TO[entry.action as AuditAction];
  for (const [key, value] of Object.entries(details)) {
    if (IN_SENTENCE.has(key) || (key === 'username' && entry.entity === 'user')) continue;
    if (key === 'changes' && Array.isArray(value)) {
      // A new or removed thing lists what it had; an edit what changed.
      for (const item of value as AuditFieldChange[]) {
        if (item.before === null || item.after === null) lines.push({ label: named(names, item.field), value: text(item.after ?? item.before, item.field) });
        else change(item.field, item.before, item.after);
      }
    } else if (key === 'before' || key === 'after') {
      if (key === 'after' && !('before' in details)) for (const [inner, item] of Object.entries(record(value))) lines.push({ label: named(names, inner), value: text(item, inner) });
      if (key === 'before') {
        const before = record(value);
        const after = record(details.after);
        for (const inner of new Set([...Object.keys(before), ...Object.keys(after)])) change(inner, before[inner], after[inner]);
      }
    } else if (isChange(value)) {
      change(key, value.before, value.after);
    } else if (fromTo && key === 'from') {
      change(fromTo, value, details.to);
    } else if (fromTo && key === 'to') {
      continue;
    } else {
      lines.push({ label: key === 'from' ? t('auditField.originalLanguage') : named(names, key), value: text(value, key) });
    }
  }
  if (entry.subject?.deleted && entry.entityId) lines.push({ label: names.entityId!, value: entry.entityId });
  return lines;
}
