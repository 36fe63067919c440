import type { Db } from '../../../db/index.ts';
import { IMPRESSUM_REQUIRED, LEGAL_FIELDS, type LegalSettings, type LegalSettingsRequest } from '../../../shared/api/legal.ts';
import type { AuditFieldChange } from '../../../shared/audit.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { conflict } from '../../errors.ts';
import { findLegalSettings, saveLegalSettingsIfVersion, type LegalSettingsRow } from './legal.repo.ts';

const EMPTY = {
  operatorName: '',
  operatorAddress: '',
  representedBy: '',
  email: '',
  phone: '',
  dataProtectionOfficer: '',
  supervisoryAuthority: '',
  staffLegalBasis: '',
  accessibilityContact: '',
  enforcementBody: '',
  accessibilityStatementOn: null,
  knownLimitations: '',
} satisfies Omit<LegalSettings, 'version' | 'updatedAt' | 'impressumComplete'>;

/** The row as the API shows it: every field (empty before the first save), its version and whether the Impressum is complete. */
function present(row: LegalSettingsRow | undefined): LegalSettings {
  const fields = row
    ? Object.fromEntries(LEGAL_FIELDS.map((field) => [field, row[field]]))
    : EMPTY;
  const settings = { ...EMPTY, ...fields };
  return {
    ...settings,
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt ?? null,
    impressumComplete: IMPRESSUM_REQUIRED.every((field) => settings[field] !== ''),
  };
}

export function getLegalSettings(db: Db): LegalSettings {
  return present(findLegalSettings(db));
}

/**
 * Saves the legal details when they still have the version the edit started from (409
 * `legal_conflict` with the stored version otherwise) and writes the changed fields, before and
 * after, into the audit log in the same transaction.
 */
export function saveLegalSettings(db: Db, input: LegalSettingsRequest, userId: number): LegalSettings {
  const { version, ...values } = input;
  return db.transaction((tx) => {
    const before = present(findLegalSettings(tx));
    if (!saveLegalSettingsIfVersion(tx, version, values, userId, new Date().toISOString())) {
      throw conflict('legal_conflict', 'Someone changed the legal details in the meantime; reload them and make your change again', { version: before.version });
    }
    const after = present(findLegalSettings(tx));
    const changes: AuditFieldChange[] = LEGAL_FIELDS.filter((field) => before[field] !== after[field]).map((field) => ({
      field,
      before: before[field] || null,
      after: after[field] || null,
    }));
    appendAudit(tx, { userId, action: 'legal_settings_updated', entity: 'legal_settings', details: { version: after.version, changes } });
    return after;
  });
}
