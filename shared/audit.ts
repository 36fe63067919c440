/**
 * Every kind of entry the audit log holds (`audit_log.action`), one list: `appendAudit` takes only
 * these, and the admin area words each of them (`client/admin/audit-words.ts`), so a new kind
 * cannot be written without a sentence for admins (`tests/unit/audit-words.test.ts`).
 */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'logout',
  'session_revoked',
  'user_created',
  'user_updated',
  'user_disabled',
  'user_enabled',
  'password_reset',
  'process_created',
  'process_updated',
  'process_structure_updated',
  'process_status_changed',
  'process_deleted',
  'originals_purged',
  'data_licence_set',
  'population_imported',
  'survey_draft_saved',
  'survey_published',
  'survey_version_replaced',
  'contribution_edited',
  'contribution_reviewed',
  'contribution_hidden',
  'contribution_shown',
  'contribution_names_masked',
  'contribution_field_added',
  'contribution_translated',
  'contribution_outcome',
  'stall_sync',
  'market_day_planned',
  'market_day_corrected',
  'market_day_removed',
  'market_day_merged',
  'export',
  'snapshot_released',
  'snapshot_withdrawn',
  'measure_created',
  'measure_updated',
  'measure_status_changed',
  'measure_links_changed',
  'measure_deleted',
  'measure_statuses_set',
  'guiding_goal_created',
  'guiding_goal_updated',
  'guiding_goal_deleted',
  'legal_settings_updated',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an entry is about (`audit_log.entity`); `entity_id` names which one. */
export const AUDIT_ENTITIES = ['user', 'session', 'process', 'contribution', 'stall', 'market_day', 'survey', 'survey_draft', 'result_snapshot', 'measure', 'guiding_goal', 'legal_settings'] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** One changed field in an entry's details (`changes`): its name and both sides as text. */
export interface AuditFieldChange {
  field: string;
  before: string | null;
  after: string | null;
}
