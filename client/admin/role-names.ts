import type { Role } from '../../shared/domain.ts';
import { t } from './messages.ts';

/** The roles in the admin's words: the accounts page, its dialog and the audit log's details. */
export const ROLE_NAMES = (): Record<Role, string> => ({ admin: t('usersPage.admin'), staff: t('usersPage.marketStallTeam'), working_group: t('usersPage.workingGroup') });
