import type { z } from 'zod';
import {
  createUserRequestSchema,
  fieldOptionListSchema,
  loginRequestSchema,
  meSchema,
  resetPasswordRequestSchema,
  sessionInfoListSchema,
  sessionParamsSchema,
  updateUserRequestSchema,
  userListSchema,
  userParamsSchema,
  userSchema,
} from './auth.ts';
import { errorBodySchema } from './errors.ts';
import {
  changeLogSchema,
  changesQuerySchema,
  contributionOutcomeSchema,
  createGuidingGoalSchema,
  createMeasureSchema,
  feedQuerySchema,
  guidingGoalSchema,
  measureEditorSchema,
  measureParamsSchema,
  measureSchema,
  measureStatusesRequestSchema,
  measureStatusListSchema,
  measuresPageSchema,
  measuresQuerySchema,
  outcomeListSchema,
  outcomeParamsSchema,
  outcomeReportSchema,
  outcomeRequestSchema,
  outcomesQuerySchema,
  updateGuidingGoalSchema,
  updateMeasureSchema,
} from './measures.ts';
import { createPosterSchema, posterListSchema, posterParamsSchema, posterPdfQuerySchema, posterResultsQuerySchema, posterResultsSchema, posterSchema, surveyPrintQuerySchema } from './paper.ts';
import { healthSchema } from './health.ts';
import { legalSettingsRequestSchema, legalSettingsSchema } from './legal.ts';
import { auditPageSchema, auditQuerySchema, retentionPreviewSchema, retentionRunRequestSchema, retentionRunResultSchema } from './lifecycle.ts';
import {
  bulkRequestSchema,
  bulkResultSchema,
  contributionParamsSchema,
  hideRequestSchema,
  maskRequestSchema,
  moderationPageSchema,
  moderationQuerySchema,
  modelRebuildResultSchema,
  publicContributionListSchema,
  publicContributionsQuerySchema,
  reviewRequestSchema,
  showRequestSchema,
} from './moderation.ts';
import {
  adminProcessListSchema,
  adminProcessListQuerySchema,
  adminProcessSchema,
  createProcessRequestSchema,
  deleteProcessRequestSchema,
  processDeletionPreviewSchema,
  processStatusRequestSchema,
  processRevisionQuerySchema,
  processStructureSchema,
  stadtteileCsvBodySchema,
  stadtteileCsvResultSchema,
} from './process-admin.ts';
import { adminMarketDayListSchema, adminMarketDaySchema, createMarketDaySchema, marketDayAdminParamsSchema, mergeMarketDayResultSchema, mergeMarketDaySchema, updateMarketDayResultSchema, updateMarketDaySchema } from './market-days.ts';
import { participationSchema } from './participation.ts';
import { populationImportResultSchema, populationImportSchema, populationListSchema } from './population.ts';
import { processDetailSchema, processSettingsSchema, processSummaryListSchema, slugParamsSchema } from './processes.ts';
import { crosstabQuerySchema, crosstabSchema, dotVoteQuerySchema, dotVotesSchema, questionResultsQuerySchema, questionResultsSchema } from './question-results.ts';
import { receiptParamsSchema, receiptSchema } from './receipts.ts';
import { germanRenderingRequestSchema, quoteExportParamsSchema, quotePageSchema, quotesExportQuerySchema, quotesQuerySchema } from './quotes.ts';
import { aggregateQuerySchema, aggregateResultSchema, exportParamsSchema, responseExportParamsSchema, exportFilterSchema } from './results.ts';
import {
  adminSnapshotListSchema,
  dataLicenceBodySchema,
  dataLicenceSettingSchema,
  publicSnapshotSchema,
  resultsNoticeSchema,
  snapshotDocumentSchema,
  snapshotLanguageQuerySchema,
  snapshotParamsSchema,
  snapshotReleaseSchema,
  snapshotSummaryListSchema,
  snapshotWithdrawSchema,
} from './snapshots.ts';
import {
  marketDayListSchema,
  marketDayParamsSchema,
  marketDaysQuerySchema,
  stallNoteListSchema,
  syncRequestSchema,
  syncResponseSchema,
  version1MarketDayListSchema,
  version1StallNoteListSchema,
} from './stall.ts';
import { suggestRouteRequestSchema } from './suggest.ts';
import {
  publishResultSchema,
  publishSurveySchema,
  replaceSurveyVersionSchema,
  saveSurveyDraftSchema,
  surveyDraftSchema,
  surveyVersionListSchema,
  surveyVersionSchema,
  versionParamsSchema,
  xlsformExportQuerySchema,
  xlsformImportQuerySchema,
  xlsformImportResultSchema,
} from './survey-versions.ts';
import { flaggedCountSchema, powChallengeSchema, publishedSurveySchema, submissionResultSchema, surveyQuerySchema } from './survey.ts';
import { suggestModelSchema, suggestResponseSchema } from '../suggest/schema.ts';
import { responseSubmissionSchema } from '../survey/answers.schema.ts';

/**
 * The route map: every HTTP route of the API, keyed `"METHOD /path/:param"`, with the schemas of
 * its params, query, body and answers. The server registers each route from its entry
 * (`server/contract.ts`: method, URL and schemas come from here), and the client calls the API
 * only through it (`call()` in `client/api.ts`, `pathTo()` in `shared/api/path.ts`), so the two
 * cannot drift: the client's types are inferred from these schemas, and
 * `tests/api/route-map.test.ts` checks that the server answers exactly these routes.
 *
 * The client imports this module as a type only (`import type`): its schemas never reach a
 * browser bundle, and the key alone carries the method and path at run time.
 */

/** What one route's entry may name; `tags` and `description` go to the OpenAPI document (`/api/docs`). */
export interface RouteContract {
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  /** Answer schemas by status; a route without a 2xx schema answers 204 or a file. */
  response?: Partial<Record<number, z.ZodType>>;
  description?: string;
  hide?: boolean;
  /** An old address kept for clients not yet updated; marked deprecated in the OpenAPI document. */
  deprecated?: boolean;
}

/** A feature's routes under one OpenAPI tag. */
function group<const Routes extends Record<`${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /api/${string}`, RouteContract>>(tag: string, routes: Routes) {
  return Object.fromEntries(Object.entries(routes).map(([key, contract]) => [key, { ...contract, tags: [tag] }])) as {
    [Key in keyof Routes]: Routes[Key] & { tags: string[] };
  };
}

const health = group('health', {
  /** 200 only when the database answers a query and passed its latest check; load balancers and the tablet's sync check use it. */
  'GET /api/health': { response: { 200: healthSchema, 503: errorBodySchema } },
  'GET /api/docs': { hide: true },
});

const legal = group('legal', {
  /** The legal details for the Impressum, Datenschutz and Barrierefreiheit pages: every field (empty until entered) and whether the Impressum's required fields are filled. */
  'GET /api/legal': { response: { 200: legalSettingsSchema } },
  'PUT /api/admin/legal': {
    description:
      'Saves the legal details (admins). `version` names the one the edit started from (0 before the first save); an older one is refused with 409 `legal_conflict`. Every save is audited with the changed fields.',
    body: legalSettingsRequestSchema,
    response: { 200: legalSettingsSchema },
  },
});

const processes = group('processes', {
  'GET /api/processes': { response: { 200: processSummaryListSchema } },
  'GET /api/processes/:slug': { params: slugParamsSchema, response: { 200: processDetailSchema } },
});

const survey = group('survey', {
  'GET /api/processes/:slug/survey': { params: slugParamsSchema, querystring: surveyQuerySchema, response: { 200: publishedSurveySchema } },
  'GET /api/processes/:slug/challenge': { params: slugParamsSchema, response: { 200: powChallengeSchema } },
  'POST /api/processes/:slug/responses': {
    params: slugParamsSchema,
    body: responseSubmissionSchema,
    response: { 200: submissionResultSchema, 201: submissionResultSchema },
  },
});

const receipts = group('receipts', {
  /**
   * What became of a voice, for whoever holds its receipt code: masked text, fields, Stadtteil,
   * day, channel and outcome; no account, no personal data. 400 for a malformed code, 404 for an
   * unknown one, 429 after too many lookups from one address (IPv6 per /64).
   */
  'GET /api/receipts/:code': { params: receiptParamsSchema, response: { 200: receiptSchema } },
});

const auth = group('auth', {
  'POST /api/auth/login': { body: loginRequestSchema, response: { 200: meSchema } },
  'POST /api/auth/logout': {},
  'GET /api/auth/me': { response: { 200: meSchema } },
});

const admin = group('admin', {
  /** Setting up processes without a developer: create, change the structure, publish, archive. */
  'GET /api/admin/processes': { querystring: adminProcessListQuerySchema, response: { 200: adminProcessListSchema } },
  'POST /api/admin/processes': { body: createProcessRequestSchema, response: { 200: adminProcessSchema, 201: adminProcessSchema } },
  'GET /api/admin/processes/:slug': { params: slugParamsSchema, response: { 200: adminProcessSchema } },
  'PUT /api/admin/processes/:slug/structure': { params: slugParamsSchema, querystring: processRevisionQuerySchema, body: processStructureSchema, response: { 200: adminProcessSchema } },
  'PUT /api/admin/processes/:slug/status': { params: slugParamsSchema, body: processStatusRequestSchema, response: { 200: adminProcessSchema } },
  /** What deleting the process would remove, and whether it is refused now; then the deletion, confirmed by the slug or German title (204; 404 once it is gone). */
  'GET /api/admin/processes/:slug/deletion': { params: slugParamsSchema, response: { 200: processDeletionPreviewSchema } },
  'DELETE /api/admin/processes/:slug': { params: slugParamsSchema, body: deleteProcessRequestSchema },
  /** The CSV is read, checked and returned as districts; the admin looks at them and saves them with the structure. */
  'POST /api/admin/stadtteile-csv': { body: stadtteileCsvBodySchema, response: { 200: stadtteileCsvResultSchema } },
  'PATCH /api/admin/processes/:slug': { params: slugParamsSchema, querystring: processRevisionQuerySchema, body: processSettingsSchema, response: { 200: processDetailSchema } },
  'GET /api/admin/processes/:slug/responses/flagged-count': { params: slugParamsSchema, response: { 200: flaggedCountSchema } },
  'GET /api/admin/users': { response: { 200: userListSchema } },
  'POST /api/admin/users': { body: createUserRequestSchema, response: { 201: userSchema } },
  'PATCH /api/admin/users/:id': { params: userParamsSchema, body: updateUserRequestSchema },
  'POST /api/admin/users/:id/password': { params: userParamsSchema, body: resetPasswordRequestSchema },
  'GET /api/admin/fields-of-action': { response: { 200: fieldOptionListSchema } },
  'GET /api/admin/sessions': { response: { 200: sessionInfoListSchema } },
  'DELETE /api/admin/sessions/:id': { params: sessionParamsSchema },
  /** The data's lifecycle per process: a dry run of the retention deletion, and the deletion itself. */
  'GET /api/admin/processes/:slug/retention': { params: slugParamsSchema, response: { 200: retentionPreviewSchema } },
  'POST /api/admin/processes/:slug/retention': { params: slugParamsSchema, body: retentionRunRequestSchema, response: { 200: retentionRunResultSchema } },
  /** Reference data: residents per Stadtteil (by age band, nationality, immigration history) with source, reference date and licence. */
  'GET /api/admin/processes/:slug/population': { params: slugParamsSchema, response: { 200: populationListSchema } },
  'POST /api/admin/processes/:slug/population': {
    description:
      'Replaces the population figures of every Stadtteil with those of a CSV, in one transaction, audited. An inconsistent file (unknown Stadtteil, not a whole number, parts not adding up to Einwohner) is refused with 400 invalid_csv naming each line.',
    params: slugParamsSchema,
    body: populationImportSchema,
    response: { 200: populationImportResultSchema },
  },
  /** Market days („Markttage“): planned ahead by admins, corrected, merged when created twice, removed while nothing was captured on them (shared/api/market-days.ts). */
  'GET /api/admin/processes/:slug/market-days': { params: slugParamsSchema, response: { 200: adminMarketDayListSchema } },
  'POST /api/admin/processes/:slug/market-days': {
    description:
      'Plans a market day under the id the client made: 201 stored, 200 for the same id with the same content (the stored one, also after a correction), 409 id_conflict for the same id with other content. Tablets list it from GET /api/stall/market-days. Audited.',
    params: slugParamsSchema,
    body: createMarketDaySchema,
    response: { 200: adminMarketDaySchema, 201: adminMarketDaySchema },
  },
  'PATCH /api/admin/processes/:slug/market-days/:id': {
    description:
      'Corrects date, place and Stadtteil from the version the admin saw (409 version_conflict with the current market day in details otherwise). A changed Stadtteil moves the notes of the market day filed under the old one (not those a moderator reviewed); a tablet that later resends its older copy gets duplicate and the correction stays. Audited.',
    params: marketDayAdminParamsSchema,
    body: updateMarketDaySchema,
    response: { 200: updateMarketDayResultSchema },
  },
  'POST /api/admin/processes/:slug/market-days/:id/merge': {
    description:
      "Merges the market day into another of the same process (`into`), for one created twice (two tablets offline): its notes, paper questionnaires, dot votes and QR posters go to `into`, which keeps its date, place and Stadtteil and takes the staff on duty of both. Notes filed under the merged one's Stadtteil move to the other's (not those a moderator reviewed), paper questionnaires to its date. The merged one is removed; a tablet that still holds it gets `duplicate` for it, and what it sends naming it is stored on `into`. 400 same_market_day, 404 for a market day not in the process, 409 market_day_boards_differ when dot votes on it name options the other's board lacks. Audited.",
    params: marketDayAdminParamsSchema,
    body: mergeMarketDaySchema,
    response: { 200: mergeMarketDayResultSchema },
  },
  'DELETE /api/admin/processes/:slug/market-days/:id': {
    description: 'Removes a market day with nothing captured (204); 409 market_day_in_use names its notes, paper questionnaires, dot votes and QR posters otherwise. Audited.',
    params: marketDayAdminParamsSchema,
  },
  /** The audit log for admins: who did what when, filtered and paged backwards. */
  'GET /api/admin/audit': { querystring: auditQuerySchema, response: { 200: auditPageSchema } },
  /** Survey versions, the draft of the next one and the XLSForm files. */
  'GET /api/admin/processes/:slug/survey/versions': { params: slugParamsSchema, response: { 200: surveyVersionListSchema } },
  'GET /api/admin/processes/:slug/survey/versions/:version': { params: versionParamsSchema, response: { 200: surveyVersionSchema } },
  'PUT /api/admin/processes/:slug/survey/versions/:version': { params: versionParamsSchema, body: replaceSurveyVersionSchema, response: { 200: surveyVersionSchema } },
  'GET /api/admin/processes/:slug/survey/draft': { params: slugParamsSchema, response: { 200: surveyDraftSchema } },
  'PUT /api/admin/processes/:slug/survey/draft': { params: slugParamsSchema, body: saveSurveyDraftSchema, response: { 200: surveyDraftSchema } },
  'POST /api/admin/processes/:slug/survey/publish': { params: slugParamsSchema, body: publishSurveySchema, response: { 201: publishResultSchema } },
  /** The XLSForm of a version (or of the draft) as a file. */
  'GET /api/admin/processes/:slug/survey/xlsform': { params: slugParamsSchema, querystring: xlsformExportQuerySchema },
  /** The upload is the .xlsx file itself as the body (not JSON, so no body schema here): the client sends it with `call(key, { file })`. */
  'POST /api/admin/processes/:slug/survey/xlsform': { params: slugParamsSchema, querystring: xlsformImportQuerySchema, response: { 200: xlsformImportResultSchema } },
});

const stall = group('stall', {
  'POST /api/stall/sync': {
    description:
      'Batch upload from a tablet. Each item is judged alone and upserted by its UUID: stored, duplicate (same id, same content), conflict (same id, other content; the stored one is kept; `forbidden` for an edit of a note another staff account captured) or invalid. Items of tablets of version 1 keep their old names (`type: session`, `sessionId`, `district`), accepted for good as `marketDay`, `marketDayId` and `stadtteil` (shared/api/stall.ts).',
    body: syncRequestSchema,
    response: { 200: syncResponseSchema },
  },
  'GET /api/stall/market-days': {
    description: 'The market days of a process, newest first, with their note and paper counts and their dot-vote board.',
    querystring: marketDaysQuerySchema,
    response: { 200: marketDayListSchema },
  },
  'GET /api/stall/market-days/:id/notes': {
    description: "The notes of a market day for the tablet's list, with their version; only the capturing account and admins get the text as captured and may edit.",
    params: marketDayParamsSchema,
    response: { 200: stallNoteListSchema },
  },
  /** Version 1 of the tablet app called a market day a session: the same answers under their old names, for tablets not yet updated. */
  'GET /api/stall/sessions': {
    description: 'Deprecated alias of GET /api/stall/market-days for tablets of version 1: the list as `sessions`, each Stadtteil as `district`.',
    deprecated: true,
    querystring: marketDaysQuerySchema,
    response: { 200: version1MarketDayListSchema },
  },
  'GET /api/stall/sessions/:id/notes': {
    description: 'Deprecated alias of GET /api/stall/market-days/:id/notes for tablets of version 1: each Stadtteil as `district`.',
    deprecated: true,
    params: marketDayParamsSchema,
    response: { 200: version1StallNoteListSchema },
  },
});

const tagging = group('tagging', {
  'POST /api/suggest': { body: suggestRouteRequestSchema, response: { 200: suggestResponseSchema } },
  'GET /api/processes/:slug/suggest-model': { params: slugParamsSchema, response: { 200: suggestModelSchema } },
});

const moderation = group('moderation', {
  'GET /api/admin/processes/:slug/moderation': { params: slugParamsSchema, querystring: moderationQuerySchema, response: { 200: moderationPageSchema } },
  'POST /api/admin/processes/:slug/contributions/:id/review': { params: contributionParamsSchema, body: reviewRequestSchema },
  'POST /api/admin/processes/:slug/contributions/:id/hide': { params: contributionParamsSchema, body: hideRequestSchema },
  'POST /api/admin/processes/:slug/contributions/:id/show': { params: contributionParamsSchema, body: showRequestSchema },
  'POST /api/admin/processes/:slug/contributions/:id/mask': { params: contributionParamsSchema, body: maskRequestSchema },
  'POST /api/admin/processes/:slug/contributions/:id/german': {
    description: "Stores a moderator's German rendering of a contribution in another language (null removes it); the original stays.",
    params: contributionParamsSchema,
    body: germanRenderingRequestSchema,
  },
  'POST /api/admin/processes/:slug/contributions/bulk': { params: slugParamsSchema, body: bulkRequestSchema, response: { 200: bulkResultSchema } },
  'GET /api/admin/processes/:slug/concept': {
    description:
      'The concept draft for the council as a Word document (docx): premise and fields, the process and its channels, the Datenbasis, per field of action key results and quotes, the measures — figures suppressed and texts masked as in the results. Written to the audit log with its SHA-256.',
    params: slugParamsSchema,
  },
  'POST /api/admin/processes/:slug/suggest-model/rebuild': { params: slugParamsSchema, response: { 200: modelRebuildResultSchema } },
});

const results = group('results', {
  'GET /api/processes/:slug/contributions': {
    params: slugParamsSchema,
    querystring: publicContributionsQuerySchema,
    response: { 200: publicContributionListSchema },
  },
  'GET /api/processes/:slug/aggregates': {
    description: "Counts of contributions and questionnaires for the caller's fields of action; counts under the threshold come back suppressed.",
    params: slugParamsSchema,
    querystring: aggregateQuerySchema,
    response: { 200: aggregateResultSchema },
  },
  'GET /api/processes/:slug/results/questions': {
    description:
      "The figures of every closed survey question the caller may read (a working group: its fields' questions and those of no field), filtered; suppressed under the threshold with secondary suppression. A filter leaving or leaving out fewer respondents than the threshold is a 422.",
    params: slugParamsSchema,
    querystring: questionResultsQuerySchema,
    response: { 200: questionResultsSchema },
  },
  'GET /api/processes/:slug/results/crosstab': {
    description: 'A closed question broken down by district, Stadtteil, channel, language or another closed question, with row and column totals, suppressed the same way.',
    params: slugParamsSchema,
    querystring: crosstabQuerySchema,
    response: { 200: crosstabSchema },
  },
  'GET /api/processes/:slug/dot-votes': {
    description: 'The dot votes of the market days per option, and the fields-of-action boards by field and Stadtteil, with totals; suppressed under the threshold like every count.',
    params: slugParamsSchema,
    querystring: dotVoteQuerySchema,
    response: { 200: dotVotesSchema },
  },
  'GET /api/processes/:slug/participation': {
    description:
      'Who took part against who lives there: questionnaires and contributions per Stadtteil and statistical district, by channel, the rate per 1,000 residents with its 95 % Wilson interval, the ratio to the city-wide rate, summary scores, age bands, immigration history and languages, and the three Stadtteile to go to next. Suppressed like every aggregate.',
    params: slugParamsSchema,
    response: { 200: participationSchema },
  },
  'GET /api/processes/:slug/quotes': {
    description:
      "The quotes of the caller's fields of action (masked texts and German renderings), filtered, searched with FTS5 and grouped by field, with a cite id each. A place or demographic filter that narrows to fewer people than the threshold is refused with 422 too_few_respondents.",
    params: slugParamsSchema,
    querystring: quotesQuerySchema,
    response: { 200: quotePageSchema },
  },
  'GET /api/processes/:slug/exports/:format': {
    description:
      'The contributions (masked, month only) and the suppressed tables as a download, narrowed by the results page\'s respondent filters (district, Stadtteil, channel, language, band) as its figures and quotes are: CSV (the contributions), XLSX (a sheet per table), PDF (a report), or a ZIP with a CSV per table, a README, the XLSX and the PDF. Each download is written to the audit log with its SHA-256.',
    params: exportParamsSchema,
    querystring: exportFilterSchema,
  },
  'GET /api/processes/:slug/exports/quotes/:format': {
    description:
      "The quote browser's selection as a download: every quote its filters and search select (not only one page), masked, month only, in the page's order, as CSV or XLSX with the export's columns, and notes saying which filters and search made it. Same access, scoping and refusals as the quotes (422 too_few_respondents); written to the audit log with its SHA-256.",
    params: quoteExportParamsSchema,
    querystring: quotesExportQuerySchema,
  },
  'GET /api/processes/:slug/exports/responses/:format': {
    description: 'Admins only: one row per survey response, one column per closed question (multiple choice as 0/1 columns), with a codebook; a workbook or a ZIP of CSVs.',
    params: responseExportParamsSchema,
  },
});

const released = group('released results', {
  'GET /api/processes/:slug/snapshots': {
    description: 'The released results of a process, newest first (withdrawn ones are left out of the list; their links stay).',
    params: slugParamsSchema,
    response: { 200: snapshotSummaryListSchema },
  },
  'GET /api/processes/:slug/results-notice': {
    description: 'For the survey’s thank-you page: how many results are released, and the day the survey closes.',
    params: slugParamsSchema,
    response: { 200: resultsNoticeSchema },
  },
  'GET /api/processes/:slug/snapshots/:id': {
    description: 'A released snapshot’s document as frozen at release, or that it was withdrawn.',
    params: snapshotParamsSchema,
    response: { 200: publicSnapshotSchema },
  },
  'GET /api/processes/:slug/snapshots/:id/data.json': {
    description: 'The open-data download: the stored canonical JSON, byte for byte, with its licence and the address of its JSON Schema; the ETag is its SHA-256.',
    params: snapshotParamsSchema,
  },
  'GET /api/processes/:slug/snapshots/:id/data.csv': {
    description: 'The same figures as CSV (UTF-8, comma), one line per figure, derived deterministically from the stored JSON; `lang` picks the language of the labels.',
    params: snapshotParamsSchema,
    querystring: snapshotLanguageQuerySchema,
  },
  'GET /api/schemas/result-snapshot.json': { description: 'The JSON Schema of a released snapshot’s document.' },
  'GET /api/admin/processes/:slug/snapshots': { params: slugParamsSchema, response: { 200: adminSnapshotListSchema } },
  'POST /api/admin/processes/:slug/snapshots/preview': {
    description: 'The document a release with this selection would freeze now; nothing is stored.',
    params: slugParamsSchema,
    body: snapshotReleaseSchema,
    response: { 200: snapshotDocumentSchema },
  },
  'POST /api/admin/processes/:slug/snapshots': {
    description: 'Releases a snapshot: computes, suppresses and stores the figures once. The same id again is the same release (200); the same id with other content is 409.',
    params: slugParamsSchema,
    body: snapshotReleaseSchema,
    response: { 200: publicSnapshotSchema, 201: publicSnapshotSchema },
  },
  'POST /api/admin/processes/:slug/snapshots/:id/withdraw': {
    description: 'Withdraws a released snapshot: off the list, its link says it was withdrawn and why; audited.',
    params: snapshotParamsSchema,
    body: snapshotWithdrawSchema,
    response: { 200: publicSnapshotSchema },
  },
  'PUT /api/admin/processes/:slug/data-licence': { params: slugParamsSchema, body: dataLicenceBodySchema, response: { 200: dataLicenceSettingSchema } },
});

const measures = group('measures', {
  'GET /api/processes/:slug/measures': {
    description: 'The public measures page: status list, fields, Leitziele and the measures the filters select, texts per language with their translation status; linked contributions as masked text only.',
    params: slugParamsSchema,
    querystring: measuresQuerySchema,
    response: { 200: measuresPageSchema },
  },
  'GET /api/processes/:slug/measures/changes': {
    description: 'The public change log of measures and Leitziele, newest first (`entity` for one history); who changed it is not named.',
    params: slugParamsSchema,
    querystring: changesQuerySchema,
    response: { 200: changeLogSchema },
  },
  'GET /api/processes/:slug/measures/feed.atom': {
    description: 'The change log as an Atom feed (application/atom+xml), in `lang` (German by default).',
    params: slugParamsSchema,
    querystring: feedQuerySchema,
  },
  'GET /api/processes/:slug/measure-editor': {
    description: 'What the editor needs: the measures page unfiltered (drafts included) and the fields the caller may edit.',
    params: slugParamsSchema,
    response: { 200: measureEditorSchema },
  },
  'GET /api/processes/:slug/measure-changes': {
    description: 'The change log for staff, with who made each change.',
    params: slugParamsSchema,
    querystring: changesQuerySchema,
    response: { 200: changeLogSchema },
  },
  'POST /api/processes/:slug/measures': {
    description: "Creates a measure in one of the caller's fields (the client's UUID makes a resend a 200 with the stored measure).",
    params: slugParamsSchema,
    body: createMeasureSchema,
    response: { 200: measureSchema, 201: measureSchema },
  },
  'PATCH /api/processes/:slug/measures/:id': {
    description: 'Changes a measure; `version` names the one the edit started from (409 `measure_conflict` otherwise). Every change is kept in the history.',
    params: measureParamsSchema,
    body: updateMeasureSchema,
    response: { 200: measureSchema },
  },
  'DELETE /api/processes/:slug/measures/:id': { params: measureParamsSchema },
  'POST /api/processes/:slug/guiding-goals': { params: slugParamsSchema, body: createGuidingGoalSchema, response: { 200: guidingGoalSchema, 201: guidingGoalSchema } },
  'PATCH /api/processes/:slug/guiding-goals/:id': { params: measureParamsSchema, body: updateGuidingGoalSchema, response: { 200: guidingGoalSchema } },
  'DELETE /api/processes/:slug/guiding-goals/:id': { params: measureParamsSchema },
  'PUT /api/admin/processes/:slug/measure-statuses': {
    description: "Replaces the process's status list for measures; a status measures still have is refused (409 `status_in_use`).",
    params: slugParamsSchema,
    body: measureStatusesRequestSchema,
    response: { 200: measureStatusListSchema },
  },
  'PUT /api/processes/:slug/contributions/:id/outcome': {
    description: "Records what became of a contribution of the caller's fields: taken up in measures, not pursued (why), passed on (to whom), or open again.",
    params: outcomeParamsSchema,
    body: outcomeRequestSchema,
    response: { 200: contributionOutcomeSchema },
  },
  'GET /api/processes/:slug/outcomes': {
    description: "The caller's fields' contributions with their outcomes (masked text): open, decided or all.",
    params: slugParamsSchema,
    querystring: outcomesQuerySchema,
    response: { 200: outcomeListSchema },
  },
  'GET /api/processes/:slug/outcomes/report': {
    description: 'Inputs without an outcome per working group (admins: every group; a working group: its own).',
    params: slugParamsSchema,
    response: { 200: outcomeReportSchema },
  },
});

const paper = group('paper', {
  'GET /api/processes/:slug/survey/print': {
    description:
      'The printable questionnaire (PDF, A4) of the current or a named published version in one language it offers; `large=1` for large print. Skip logic in words; each page carries the version and a QR code to paper entry on the stall tablet. 404 for a draft process, 400 for a language not offered.',
    params: slugParamsSchema,
    querystring: surveyPrintQuerySchema,
  },
  'GET /api/processes/:slug/posters': { description: 'Staff: the QR posters of the process.', params: slugParamsSchema, response: { 200: posterListSchema } },
  'POST /api/processes/:slug/posters': {
    description: 'Staff: a QR poster for a market day or a Stadtteil; its code opens the survey in its first language with the poster id.',
    params: slugParamsSchema,
    body: createPosterSchema,
    response: { 201: posterSchema },
  },
  'GET /api/processes/:slug/posters/:id/pdf': { description: 'Staff: the poster as a PDF, A4 or A3.', params: posterParamsSchema, querystring: posterPdfQuerySchema },
  'GET /api/processes/:slug/results/posters': {
    description: 'Responses per QR poster under the page\'s respondent filters, suppressed under the process threshold like every count.',
    params: slugParamsSchema,
    querystring: posterResultsQuerySchema,
    response: { 200: posterResultsSchema },
  },
});

export const routes = { ...health, ...legal, ...processes, ...survey, ...receipts, ...auth, ...admin, ...stall, ...tagging, ...moderation, ...results, ...released, ...measures, ...paper };

export type Routes = typeof routes;
export type RouteKey = keyof Routes;
export type MethodOf<Key extends RouteKey> = Key extends `${infer Method} ${string}` ? Method : never;
export type UrlOf<Key extends RouteKey> = Key extends `${string} ${infer Url}` ? Url : never;

type InputOf<Contract, Part extends 'params' | 'querystring' | 'body'> = Contract extends { [P in Part]: infer Schema extends z.ZodType } ? z.input<Schema> : never;

/** What a caller names for a route: its path params, its query and its body, each only where the route has one. */
export type RouteInput<Key extends RouteKey> = ([InputOf<Routes[Key], 'params'>] extends [never] ? unknown : { params: InputOf<Routes[Key], 'params'> }) &
  ([InputOf<Routes[Key], 'querystring'>] extends [never]
    ? unknown
    : object extends InputOf<Routes[Key], 'querystring'>
      ? { query?: InputOf<Routes[Key], 'querystring'> }
      : { query: InputOf<Routes[Key], 'querystring'> }) &
  ([InputOf<Routes[Key], 'body'>] extends [never] ? unknown : { body: InputOf<Routes[Key], 'body'> });

/**
 * A route's query as the caller names it. Filters read from the page's address are plain text; a
 * client casts them to this and the server's schema judges them (an empty value is left out by `pathTo`).
 */
export type RouteQuery<Key extends RouteKey> = InputOf<Routes[Key], 'querystring'>;

type SuccessStatus = 200 | 201 | 202;
/** What a route answers on success (as JSON, after the server's schema): `void` for a 204 or a file. */
export type RouteOutput<Key extends RouteKey> = Routes[Key] extends { response: infer Responses }
  ? { [Status in keyof Responses & SuccessStatus]: Responses[Status] extends z.ZodType ? z.output<Responses[Status]> : never }[keyof Responses & SuccessStatus]
  : void;
