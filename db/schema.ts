/**
 * The data model of Mitreden, named after the glossary in ARCHITECTURE.md.
 *
 * Every channel ends up in the same rows: a survey response, a paper questionnaire
 * and a stall note are `responses` with `answers` and/or `contributions` with
 * `contribution_tags`, so aggregates and exports never special-case a channel.
 * Dates of anonymous voices are stored to the day (`*_on` columns, YYYY-MM-DD).
 * SQL stays dialect-neutral so the same model can move to PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { check, customType, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DEFAULT_SUPPRESSION_THRESHOLD, type Channel, type NoteKind, type Role, type TagSource } from '../shared/domain.ts';
import type { Language, LocalizedText } from '../shared/languages.ts';
import { DEFAULT_DATA_LICENCE, type DataLicence } from '../shared/results/licences.ts';
import type { Milestone, OutcomeKind, TranslationStatuses } from '../shared/measures.ts';
import { definitionFromVersion1, textsFromVersion1, type SurveyDefinition, type SurveyTexts } from '../shared/survey/definition.ts';

/**
 * JSON text read under the current names: survey definitions and texts stored by version 1
 * (`district` questions and labels) stay byte for byte as they are, and read as `stadtteil`.
 */
const surveyJson = <T>(fromStored: (value: T) => T) =>
  customType<{ data: T; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => fromStored(JSON.parse(value) as T),
  });
const definitionJson = surveyJson<SurveyDefinition>(definitionFromVersion1);
const textsJson = surveyJson<SurveyTexts>(textsFromVersion1);

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const processes = sqliteTable('processes', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  title: text('title', { mode: 'json' }).$type<LocalizedText>().notNull(),
  description: text('description', { mode: 'json' }).$type<LocalizedText>().notNull(),
  /** The city's name per language (German required; a language without one reads German). */
  city: text('city', { mode: 'json' }).$type<LocalizedText>().notNull(),
  languages: text('languages', { mode: 'json' }).$type<Language[]>().notNull(),
  currentPhase: integer('current_phase').notNull(),
  /** Survey open window, calendar days in the city's time zone. */
  opensOn: text('opens_on'),
  closesOn: text('closes_on'),
  /** Cells with fewer voices are suppressed in every published aggregate. */
  suppressionThreshold: integer('suppression_threshold').notNull().default(DEFAULT_SUPPRESSION_THRESHOLD),
  /** After this day, unmasked originals of contributions are deleted. */
  retentionUntil: text('retention_until'),
  /**
   * `draft` while an admin sets it up (only admins see it), `public` on the start page,
   * `archived` when it is over: off the start page, survey and stall closed, results kept.
   */
  status: text('status', { enum: ['draft', 'public', 'archived'] })
    .notNull()
    .default('public'),
  /** The open-data licence its released results carry (`shared/results/licences.ts`). */
  dataLicence: text('data_licence').$type<DataLicence>().notNull().default(DEFAULT_DATA_LICENCE),
  createdAt: createdAt(),
});

export const phases = sqliteTable(
  'phases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    nr: integer('nr').notNull(),
    title: text('title', { mode: 'json' }).$type<LocalizedText>().notNull(),
    description: text('description', { mode: 'json' }).$type<LocalizedText>(),
    startsOn: text('starts_on'),
    endsOn: text('ends_on'),
  },
  (t) => [uniqueIndex('phases_process_nr').on(t.processId, t.nr)],
);

export const fieldsOfAction = sqliteTable(
  'fields_of_action',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** Key of the parent field in the same process; null for a top-level field. */
    parentKey: text('parent_key'),
    label: text('label', { mode: 'json' }).$type<LocalizedText>().notNull(),
    /** What the field covers, in the residents' words ("Radwege, Busse, Bahn, Parken"); the suggester reads it as cues. */
    description: text('description', { mode: 'json' }).$type<LocalizedText>(),
    sortOrder: integer('sort_order').notNull(),
  },
  (t) => [uniqueIndex('fields_process_key').on(t.processId, t.key)],
);

/** Statistical districts (statistische Bezirke), the upper level of the city's geography. */
export const districts = sqliteTable(
  'districts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    nr: integer('nr').notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('districts_process_key').on(t.processId, t.key)],
);

export const stadtteile = sqliteTable(
  'stadtteile',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    nr: text('nr').notNull(),
    name: text('name').notNull(),
    nameVariants: text('name_variants', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    population: integer('population'),
    /** `unverified` example figure or `official` figure imported by an admin. */
    populationStatus: text('population_status', { enum: ['unverified', 'official'] }),
    populationSource: text('population_source'),
    populationDate: text('population_date'),
    /** The licence the figures were published under (an import names it; example figures have none). */
    populationLicence: text('population_licence'),
  },
  (t) => [uniqueIndex('stadtteile_process_key').on(t.processId, t.key)],
);

/**
 * Parts of a Stadtteil's population as the Zensus 2022 counts them: by age band (`age`: the
 * survey's age bands), by nationality (`nationality`: `german`, `foreign`) and by immigration
 * history (`immigration`: `none`, `immigrated`, `descendants`). Each dimension given for a
 * Stadtteil sums to its `stadtteile.population` (the import checks it). Keyed by the Stadtteil's
 * key, so a structure edit that keeps the key keeps its parts; replaced with the total by an import.
 */
export const populationGroups = sqliteTable(
  'population_groups',
  {
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    stadtteilKey: text('stadtteil_key').notNull(),
    dimension: text('dimension', { enum: ['age', 'nationality', 'immigration'] }).notNull(),
    category: text('category').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.processId, t.stadtteilKey, t.dimension, t.category] }),
    check('population_groups_dimension', sql`${t.dimension} in ('age','nationality','immigration')`),
    check('population_groups_count', sql`${t.count} >= 0`),
  ],
);

/** Versioned survey definitions; a version that has responses is never changed. */
export const surveys = sqliteTable(
  'surveys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    definition: definitionJson('definition').notNull(),
    /** Privacy notice, thank-you page and labels shown around this version's questions. */
    texts: textsJson('texts'),
    publishedAt: text('published_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('surveys_process_version').on(t.processId, t.version)],
);

/**
 * The survey an admin is editing for the next version: one per process. Saves name the revision
 * they started from (optimistic check); publishing copies it into `surveys` as a new version and
 * removes it. Kept apart from `surveys`, so a draft is never served, answered or counted.
 */
export const surveyDrafts = sqliteTable('survey_drafts', {
  processId: text('process_id')
    .primaryKey()
    .references(() => processes.id, { onDelete: 'cascade' }),
  definition: definitionJson('definition').notNull(),
  texts: textsJson('texts').notNull(),
  /** Counts saves; a save naming an older revision is refused (409 `draft_conflict`). */
  revision: integer('revision').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/**
 * What German each language's translation of a survey text was last checked against („geprüft“):
 * per process, language and text (its path, as `surveyTextsWithPaths` names it), a hash of the
 * German. Written by every save that stores a language checked; never cleared when a language goes
 * back to not checked, which is what lets an XLSForm that carries an old `reviewed` be told apart
 * from one whose German was checked (ARCHITECTURE.md, "Survey versions and XLSForm").
 */
export const surveyTranslationReviews = sqliteTable(
  'survey_translation_reviews',
  {
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    language: text('language').$type<Language>().notNull(),
    path: text('path').notNull(),
    /** SHA-256 (hex) of the German text the translation was checked against. */
    germanHash: text('german_hash').notNull(),
    reviewedAt: text('reviewed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.processId, t.language, t.path] })],
);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name'),
  passwordHash: text('password_hash').notNull(),
  role: text('role').$type<Role>().notNull(),
  /** For working groups: the fields of action whose results they receive. */
  fieldsOfAction: text('fields_of_action', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  /**
   * For working groups: the processes (by slug, which never changes) whose results they receive;
   * a process not named here is closed to them whatever its fields are called.
   */
  processes: text('processes', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  disabledAt: text('disabled_at'),
  createdAt: createdAt(),
});

/** Server-side sessions; the cookie holds a random token whose SHA-256 is the id. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: text('last_seen_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
    /** What staff called the device at sign-in ("Tablet Stand 2"), so admins can tell the signed-in devices apart. */
    deviceName: text('device_name'),
    /**
     * The browser the session was signed in on: the SHA-256 of the nonce of its device cookie for this
     * account (login-throttle.ts), which stays the same across its sign-ins. A new sign-in of the same
     * browser ends the sessions it had before, so the list of signed-in devices names each device once.
     */
    device: text('device'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/**
 * Decisions the server takes once for its database and keeps, by name: `default_process` is `seeded`
 * once `npm start` created the default process, `skipped` when the first start had
 * `SEED_DEFAULT_PROCESS=false`. Either way no later start seeds it again (db/seed/index.ts).
 */
export const settings = sqliteTable('settings', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

/**
 * Secrets the server makes once and keeps across restarts, by name: the HMAC key that signs the
 * device cookies of sign-in throttling (`device-cookie-hmac`) and the two that sign the survey's
 * proof of work challenges (`altcha-signature-hmac`, `altcha-key-signature-hmac`). Never sent to a
 * client, never logged, never exported.
 */
export const serverSecrets = sqliteTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

/** A market day ("Markttag") of the stall: date, place, Stadtteil, staff on duty. Id made on the tablet. */
export const marketDays = sqliteTable('market_days', {
  id: text('id').primaryKey(),
  processId: text('process_id')
    .notNull()
    .references(() => processes.id, { onDelete: 'cascade' }),
  date: text('date').notNull(),
  place: text('place').notNull(),
  stadtteilKey: text('stadtteil_key'),
  staff: text('staff', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  /** The market day's own poster question for dot votes; null: the board offers the fields of action. */
  boardQuestion: text('board_question'),
  /** The poster question's options, in poster order; dot votes name their `key`. */
  boardOptions: text('board_options', { mode: 'json' }).$type<Array<{ key: string; label: string }>>(),
  /**
   * Hash of the item as the tablet (or the admin who planned it) first sent it: an identical resend
   * is a duplicate, another body a conflict. An admin's correction leaves it, so a tablet's resend
   * of its older copy stays a duplicate and never undoes the correction.
   */
  contentHash: text('content_hash').notNull(),
  /** Incremented by every admin correction; a correction names the version it started from. */
  version: integer('version').notNull().default(1),
  /**
   * The Stadtteile (stored form; null for none) an admin corrected this market day away from: a note
   * a tablet with its older copy sends later in one of them is filed under the current one.
   */
  formerStadtteilKeys: text('former_stadtteil_keys', { mode: 'json' }).$type<Array<string | null>>().notNull().default(sql`'[]'`),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

/**
 * Market days an admin removed (`removeMarketDay`) or merged into another (`mergeMarketDay`), kept
 * by id so that a tablet that still holds one (it created it offline, or listed it before) cannot
 * bring it back with a resend: the sync refuses a removed market day and everything that names it
 * with `market_day_removed`, and files what names a merged one under the market day it went into.
 * Only the id, its process, when, and where it went: nothing personal. Deleted with the process.
 */
export const removedMarketDays = sqliteTable('removed_market_days', {
  id: text('id').primaryKey(),
  processId: text('process_id')
    .notNull()
    .references(() => processes.id, { onDelete: 'cascade' }),
  removedAt: text('removed_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  /** The market day this one was merged into (followed on when that one is merged in turn); null for one removed while empty. */
  mergedInto: text('merged_into'),
});

/**
 * A printed QR poster for a market day or a Stadtteil: its code opens the survey in `language`
 * with `?plakat=<id>`, and responses sent from there carry the poster's id. The id counts a
 * poster's reach, never a person: a response keeps the poster and nothing else about the visit.
 */
export const posters = sqliteTable(
  'posters',
  {
    /** Short and random (it is printed in the QR code's address). */
    id: text('id').primaryKey(),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    /** The market day the poster hangs at, or null for a poster of a Stadtteil. */
    marketDayId: text('market_day_id').references(() => marketDays.id),
    /** The Stadtteil the poster hangs in (a market day's own when it has one). */
    stadtteilKey: text('stadtteil_key'),
    /** Where it hangs, in staff's words ("Wochenmarkt Bensberg", "Bücherei Refrath"). */
    place: text('place').notNull(),
    /** The language the code opens the survey in, first, and the other languages the poster invites in. */
    languages: text('languages', { mode: 'json' }).$type<Language[]>().notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdOn: text('created_on').notNull(),
  },
  (t) => [index('posters_process').on(t.processId)],
);

/**
 * One completed questionnaire of any channel. No IP, no user agent, the day only.
 *
 * Two ids (migration 0029): `client_id` is the UUID the phone, tablet or paper entry made, the
 * key of idempotency (a resend under it is a duplicate or a conflict), and what exports name;
 * `id` is the key the server stores the response under, made by `dayOrderedId` from its day,
 * which the answers, the voices and the receipt point to. A burst of responses then appends to
 * the end of each b-tree keyed by it instead of dirtying a random page of each (answers, the
 * results index, the receipts' index): about half the pages a submission writes. Rows from
 * before 0029 keep the client's id as both.
 */
export const responses = sqliteTable(
  'responses',
  {
    id: text('id').primaryKey(),
    /** The id the client made (idempotency); always set, NULL only in the type of the column 0029 added. */
    clientId: text('client_id'),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    surveyVersion: integer('survey_version').notNull(),
    channel: text('channel').$type<Channel>().notNull(),
    language: text('language').$type<Language>().notNull(),
    /** Self-reported Stadtteil key or `outside`; NULL when unknown (`stadtteilToStore`). */
    stadtteilKey: text('stadtteil_key'),
    marketDayId: text('market_day_id').references(() => marketDays.id),
    /** The QR poster the survey was opened from (`?plakat=`), or null. */
    posterId: text('poster_id').references(() => posters.id),
    submittedOn: text('submitted_on').notNull(),
    contentHash: text('content_hash').notNull(),
    /** Soft anti-abuse checks that failed; flagged responses are kept but left out of aggregates. */
    flags: text('flags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  },
  (t) => [
    uniqueIndex('responses_client').on(t.clientId),
    index('responses_process').on(t.processId, t.channel),
    index('responses_poster').on(t.processId, t.posterId),
    /** Covers every column per-question results and cross-tabs filter and group responses by (`question-results.repo.ts`). */
    index('responses_results').on(t.processId, t.flags, t.channel, t.language, t.stadtteilKey, t.surveyVersion, t.id),
    check('responses_channel', sql`${t.channel} in ('online','stall','paper','conference','workshop')`),
  ],
);

export const answers = sqliteTable(
  'answers',
  {
    responseId: text('response_id')
      .notNull()
      .references(() => responses.id, { onDelete: 'cascade' }),
    questionKey: text('question_key').notNull(),
    value: text('value', { mode: 'json' }).notNull(),
  },
  // WITHOUT ROWID (migration 0028, which drizzle does not model: a rebuild of this table by
  // drizzle-kit must keep it): the rows live in the primary key's b-tree, ordered by response and
  // question, so the per-question counts read a response's answers with their values from the one
  // b-tree the insert writes. It replaced the covering index `answers_results` and the rowid table.
  (t) => [primaryKey({ columns: [t.responseId, t.questionKey] })],
);

/** One free-text voice: a survey text answer, a stall note, a conference card. */
export const contributions = sqliteTable(
  'contributions',
  {
    id: text('id').primaryKey(),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    channel: text('channel').$type<Channel>().notNull(),
    responseId: text('response_id').references(() => responses.id, { onDelete: 'cascade' }),
    questionKey: text('question_key'),
    marketDayId: text('market_day_id').references(() => marketDays.id),
    kind: text('kind').$type<NoteKind>(),
    /** The text as given; visible only to admins, deleted after the retention date. */
    text: text('text').notNull(),
    /** The text with personal data masked: what working groups and exports see. */
    maskedText: text('masked_text').notNull(),
    language: text('language').$type<Language>(),
    stadtteilKey: text('stadtteil_key'),
    stadtteilSource: text('stadtteil_source').$type<TagSource>(),
    ageBand: text('age_band'),
    capturedOn: text('captured_on').notNull(),
    status: text('status', { enum: ['visible', 'hidden'] })
      .notNull()
      .default('visible'),
    hiddenReason: text('hidden_reason'),
    flags: text('flags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /**
     * The words a moderator masked by hand (`[Name entfernt]`), so that an edit of the note masks
     * them again; as personal as the original, so cleared with it after the retention date.
     */
    maskedNames: text('masked_names', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Incremented by every edit; a tablet's edit names the version it started from. */
    version: integer('version').notNull().default(1),
    contentHash: text('content_hash').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: text('reviewed_at'),
    /**
     * The quote's number within its process, cited as "B-1042": set once at insert from
     * `cite_counters`, by a trigger (migration 0013) or, for a questionnaire's voices, given by
     * `reserveCiteNumbers`; never changed and never given again, even when a contribution is
     * deleted. Null only inside the inserting statement.
     */
    citeSeq: integer('cite_seq'),
  },
  (t) => [
    /**
     * Also what the moderation queue counts from (migration 0038): with the id, status, review and
     * flags in the entry, its counts read this index and never the rows, and meet the tags in
     * `contribution_tags`' order (about 9× faster for 300,000 contributions, BENCHMARKS.md).
     */
    index('contributions_process').on(t.processId, t.channel, t.id, t.status, t.reviewedAt, t.flags),
    uniqueIndex('contributions_cite').on(t.processId, t.citeSeq),
    /** The order every export reads in (day, then id), so its first row comes without sorting the table. */
    index('contributions_process_day').on(t.processId, t.capturedOn, t.id),
    /**
     * Only the voices of a market day: the online survey's (most of them) have none and skip this
     * index. With the response, a market day's notes are counted from the index alone.
     */
    index('contributions_market_day')
      .on(t.marketDayId, t.responseId)
      .where(sql`${t.marketDayId} is not null`),
    check('contributions_channel', sql`${t.channel} in ('online','stall','paper','conference','workshop')`),
  ],
);

/**
 * Receipt codes ("Beitragscode", `shared/receipts/code.ts`): what a resident takes home to look
 * up later what became of their voice. One code per questionnaire with free text (it covers all
 * of the response's contributions) and one per contribution without a questionnaire (a stall,
 * conference or workshop note, whose code the tablet makes offline). Exactly one of
 * `response_id` and `contribution_id` is set. The code is the key, so it is unique across
 * processes and kinds. No time column: a receipt says nothing about when it was made.
 */
export const receipts = sqliteTable(
  'receipts',
  {
    code: text('code').primaryKey(),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    responseId: text('response_id').references(() => responses.id, { onDelete: 'cascade' }),
    contributionId: text('contribution_id').references(() => contributions.id, { onDelete: 'cascade' }),
  },
  (t) => [
    check('receipts_one_owner', sql`(${t.responseId} is null) <> (${t.contributionId} is null)`),
    // One code per owner. Each index holds only the receipts of its kind of owner: a questionnaire's
    // receipt is not written into the contributions' index with a NULL key, nor a note's into the responses'.
    uniqueIndex('receipts_response')
      .on(t.responseId)
      .where(sql`${t.responseId} is not null`),
    uniqueIndex('receipts_contribution')
      .on(t.contributionId)
      .where(sql`${t.contributionId} is not null`),
  ],
);

/** The last cite number given in each process; only ever counts up, so a number is never given twice. */
export const citeCounters = sqliteTable('cite_counters', {
  processId: text('process_id')
    .primaryKey()
    .references(() => processes.id, { onDelete: 'cascade' }),
  last: integer('last').notNull(),
});

/**
 * A German rendering of a contribution in another language, entered by a moderator and kept
 * apart from the original (which stays as it was). `text` is as entered (admins only, purged with
 * the original at the retention date); `masked_text` went through the same masking as the
 * original's, and is what working groups read. `source` says who translated: a person.
 * Who and when are in the audit log (`contribution_translated`).
 */
export const contributionTranslations = sqliteTable(
  'contribution_translations',
  {
    contributionId: text('contribution_id')
      .primaryKey()
      .references(() => contributions.id, { onDelete: 'cascade' }),
    language: text('language').$type<'de'>().notNull().default('de'),
    text: text('text').notNull(),
    maskedText: text('masked_text').notNull(),
    source: text('source', { enum: ['human'] }).notNull().default('human'),
    translatedBy: integer('translated_by').references(() => users.id, { onDelete: 'set null' }),
    translatedAt: text('translated_at').notNull(),
  },
  (t) => [check('translations_language', sql`${t.language} = 'de'`), check('translations_source', sql`${t.source} in ('human')`)],
);

/** Contribution ↔ field of action (Zuordnung), with who set it and how. */
export const contributionTags = sqliteTable(
  'contribution_tags',
  {
    contributionId: text('contribution_id')
      .notNull()
      .references(() => contributions.id, { onDelete: 'cascade' }),
    fieldKey: text('field_key').notNull(),
    source: text('source').$type<TagSource>().notNull(),
    score: integer('score'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.contributionId, t.fieldKey] }),
    index('tags_field').on(t.fieldKey),
    /** Whether a contribution's tags are firm or only suggested, without reading the rows (the moderation queue's counts). */
    index('tags_source').on(t.contributionId, t.source),
    check('tags_source', sql`${t.source} in ('self','staff','suggested','reviewed')`),
  ],
);

/** One +1/−1 on a stall's dot-vote board; the tally is the sum, so tablets never overwrite each other. */
export const dotVotes = sqliteTable(
  'dot_votes',
  {
    id: text('id').primaryKey(),
    marketDayId: text('market_day_id')
      .notNull()
      .references(() => marketDays.id, { onDelete: 'cascade' }),
    optionKey: text('option_key').notNull(),
    delta: integer('delta').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('dot_votes_market_day').on(t.marketDayId), check('dot_votes_delta', sql`${t.delta} in (-1, 1)`)],
);

/**
 * Released results ("Ergebnisse"): what an admin chose, computed and suppressed once at release
 * and stored as canonical JSON (RFC 8785) with its SHA-256. The public page and the JSON download
 * serve exactly these bytes, so later responses never change a released snapshot; a withdrawal
 * keeps the row (its link says it was withdrawn) and a trigger (migration) refuses any change
 * of the content.
 */
export const resultSnapshots = sqliteTable(
  'result_snapshots',
  {
    /** The client's UUID: releasing twice with the same id is one release. */
    id: text('id').primaryKey(),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    /** The canonical JSON document (`shared/api/snapshots.ts`, `snapshotDocumentSchema`). */
    content: text('content').notNull(),
    sha256: text('sha256').notNull(),
    /** The day of release in the city's time zone, as the document says. */
    releasedOn: text('released_on').notNull(),
    releasedBy: integer('released_by').references(() => users.id, { onDelete: 'set null' }),
    withdrawnOn: text('withdrawn_on'),
    withdrawnBy: integer('withdrawn_by').references(() => users.id, { onDelete: 'set null' }),
    withdrawnReason: text('withdrawn_reason'),
    createdAt: createdAt(),
  },
  (t) => [index('result_snapshots_process').on(t.processId, t.releasedOn)],
);

/** The suggester's learned weights per process, rebuilt from moderators' reviewed tags. */
export const suggestModels = sqliteTable('suggest_models', {
  processId: text('process_id')
    .primaryKey()
    .references(() => processes.id, { onDelete: 'cascade' }),
  model: text('model', { mode: 'json' }).notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Append-only: triggers in the migration refuse UPDATE and DELETE. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    userId: integer('user_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    details: text('details', { mode: 'json' }),
  },
  (t) => [index('audit_entity').on(t.entity, t.entityId)],
);

/**
 * One row of tokens, each replaced by a random number whenever a table of its kind is written
 * (triggers in migration 0007): `process` for processes, phases, fields of action, districts and
 * Stadtteile, `survey` for survey versions, `model` for the suggester's models. db/cache.ts keeps
 * what those tables hold in memory and reads again when a token differs from the one it read under.
 */
export const adminVersions = sqliteTable('admin_versions', {
  id: integer('id').primaryKey(),
  process: integer('process').notNull().default(0),
  survey: integer('survey').notNull().default(0),
  model: integer('model').notNull().default(0),
});

/**
 * Leitziele: the guiding goals of a field of action, which measures serve. Texts per language,
 * German required; `translations` says per other language whether its text is machine
 * translated or reviewed by a person. Working groups edit those of their fields, admins all
 * (`server/features/measures/`); every change is a row in `measure_changes`.
 */
export const guidingGoals = sqliteTable(
  'guiding_goals',
  {
    /** Client UUID: a create sent twice is stored once. */
    id: text('id').primaryKey(),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    fieldKey: text('field_key').notNull(),
    text: text('text', { mode: 'json' }).$type<LocalizedText>().notNull(),
    translations: text('translations', { mode: 'json' }).$type<TranslationStatuses>().notNull().default(sql`'{}'`),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Counts edits; an edit names the version it started from (409 otherwise). */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('guiding_goals_field').on(t.processId, t.fieldKey, t.sortOrder)],
);

/**
 * The statuses a process's measures move through, in order. A process without rows uses
 * `DEFAULT_MEASURE_STATUSES` (`shared/measures.ts`: vorgeschlagen, beschlossen, in Umsetzung,
 * umgesetzt, nicht weiterverfolgt); `concluded` marks the ones that end a measure. The label is
 * German plus any of the process's other languages; `translations` says per other language
 * whether its label is machine translated, as for `guiding_goals` and `measures`.
 */
export const measureStatuses = sqliteTable(
  'measure_statuses',
  {
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    label: text('label', { mode: 'json' }).$type<LocalizedText>().notNull(),
    sortOrder: integer('sort_order').notNull(),
    concluded: integer('concluded', { mode: 'boolean' }).notNull().default(false),
    translations: text('translations', { mode: 'json' }).$type<TranslationStatuses>().notNull().default(sql`'{}'`),
  },
  (t) => [primaryKey({ columns: [t.processId, t.key] })],
);

/**
 * A measure (Maßnahme) of a field of action: what the process decides on, who does it, how far
 * it got, the council's decision and the money. Texts per language as in `guiding_goals`;
 * places are Stadtteil keys; milestones are dated steps with a label per language.
 */
export const measures = sqliteTable(
  'measures',
  {
    /** Client UUID: a create sent twice is stored once. */
    id: text('id').primaryKey(),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    fieldKey: text('field_key').notNull(),
    /** The Leitziel the measure serves; a removed Leitziel leaves the measure without one. */
    guidingGoalId: text('guiding_goal_id').references(() => guidingGoals.id, { onDelete: 'set null' }),
    title: text('title', { mode: 'json' }).$type<LocalizedText>().notNull(),
    description: text('description', { mode: 'json' }).$type<LocalizedText>().notNull(),
    /** Per language other than German: `machine` (shown as "maschinell übersetzt") or `reviewed`. */
    translations: text('translations', { mode: 'json' }).$type<TranslationStatuses>().notNull().default(sql`'{}'`),
    stadtteilKeys: text('stadtteil_keys', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** The body responsible (an office, a department, an association). */
    responsible: text('responsible'),
    partners: text('partners', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** A key of the process's status list (`measure_statuses` or the default list). */
    statusKey: text('status_key').notNull(),
    progress: integer('progress').notNull().default(0),
    milestones: text('milestones', { mode: 'json' }).$type<Milestone[]>().notNull().default(sql`'[]'`),
    /** The council's decision: its Drucksachen-Nr. and the day it was taken. */
    councilDocument: text('council_document'),
    councilDecidedOn: text('council_decided_on'),
    /** Budget in euro cents, and what it covers or where it comes from. */
    budgetCents: integer('budget_cents'),
    budgetNote: text('budget_note'),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Counts edits; an edit names the version it started from (409 otherwise). */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('measures_field').on(t.processId, t.fieldKey, t.sortOrder),
    check('measures_progress', sql`${t.progress} between 0 and 100`),
    check('measures_budget', sql`${t.budgetCents} is null or ${t.budgetCents} >= 0`),
  ],
);

/**
 * Every change of a measure or a Leitziel: who, when, the entity before and after (null before a
 * create, null after a delete). Triggers (migration `measures_model`) refuse UPDATE, so the
 * history cannot be rewritten. The public change log and the Atom feed read it without `user_id`.
 */
export const measureChanges = sqliteTable(
  'measure_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    entity: text('entity', { enum: ['measure', 'guiding_goal'] }).notNull(),
    /** No foreign key: the history of a deleted measure stays. */
    entityId: text('entity_id').notNull(),
    action: text('action', { enum: ['created', 'updated', 'deleted'] }).notNull(),
    /** Who made the change (no foreign key, as in `audit_log`: the rows are never updated). */
    userId: integer('user_id'),
    at: text('at').notNull(),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
  },
  (t) => [index('measure_changes_process').on(t.processId, t.id), index('measure_changes_entity').on(t.entityId, t.id)],
);

/**
 * What became of a contribution (its Verbleib): `taken_up` in the measures linked to it in
 * `measure_contributions` (the service keeps the two in step), `not_pursued` with the reason,
 * or `passed_on` to whom. A contribution without a row has no outcome yet.
 */
export const contributionOutcomes = sqliteTable(
  'contribution_outcomes',
  {
    contributionId: text('contribution_id')
      .primaryKey()
      .references(() => contributions.id, { onDelete: 'cascade' }),
    processId: text('process_id')
      .notNull()
      .references(() => processes.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<OutcomeKind>().notNull(),
    /** Why it is not pursued (`not_pursued`), shown to residents. */
    reason: text('reason'),
    /** Who it was passed on to (`passed_on`): an office, a committee, another process. */
    passedTo: text('passed_to'),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    /** The day of the decision, as residents see it. */
    decidedOn: text('decided_on').notNull(),
  },
  (t) => [
    index('contribution_outcomes_process').on(t.processId, t.kind),
    check('contribution_outcomes_kind', sql`${t.kind} in ('taken_up','not_pursued','passed_on')`),
  ],
);

/** The contributions a measure takes up. */
export const measureContributions = sqliteTable(
  'measure_contributions',
  {
    measureId: text('measure_id')
      .notNull()
      .references(() => measures.id, { onDelete: 'cascade' }),
    contributionId: text('contribution_id')
      .notNull()
      .references(() => contributions.id, { onDelete: 'cascade' }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.contributionId] }), index('measure_contributions_contribution').on(t.contributionId)],
);

/**
 * Results a measure rests on: a survey question (`ref` its key, `option_key` an option, or '' for
 * the whole question) or a dot-vote option (`ref` the market day's id, `option_key` the option).
 */
export const measureResultLinks = sqliteTable(
  'measure_result_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    measureId: text('measure_id')
      .notNull()
      .references(() => measures.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['question', 'dot_vote'] }).notNull(),
    ref: text('ref').notNull(),
    optionKey: text('option_key').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('measure_result_links_unique').on(t.measureId, t.kind, t.ref, t.optionKey)],
);

/**
 * The instance's legal details (rechtliche Angaben), one row (`id` always 1), entered by admins at
 * /admin/rechtliches: the operator for the Impressum (§ 5 DDG), the contacts the
 * Datenschutzerklärung names (Art. 13 DSGVO) and what the Erklärung zur Barrierefreiheit says
 * (BITV 2.0 § 7). Empty text means "not entered yet"; the public pages say so instead of
 * inventing a value. No row until the first save.
 */
export const legalSettings = sqliteTable(
  'legal_settings',
  {
    id: integer('id').primaryKey(),
    operatorName: text('operator_name').notNull().default(''),
    operatorAddress: text('operator_address').notNull().default(''),
    representedBy: text('represented_by').notNull().default(''),
    email: text('email').notNull().default(''),
    phone: text('phone').notNull().default(''),
    dataProtectionOfficer: text('data_protection_officer').notNull().default(''),
    supervisoryAuthority: text('supervisory_authority').notNull().default(''),
    /** The legal basis on which the platform processes staff accounts' data (Art. 6 DSGVO, with the law behind it), as the city words it. */
    staffLegalBasis: text('staff_legal_basis').notNull().default(''),
    accessibilityContact: text('accessibility_contact').notNull().default(''),
    enforcementBody: text('enforcement_body').notNull().default(''),
    /** The day the accessibility statement was made or last reviewed (YYYY-MM-DD), null until entered. */
    accessibilityStatementOn: text('accessibility_statement_on'),
    knownLimitations: text('known_limitations').notNull().default(''),
    version: integer('version').notNull().default(1),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [check('legal_settings_one_row', sql`${t.id} = 1`)],
);
