import type { ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { t } from './messages.ts';

/** The question before an editor's unsaved changes are left behind (`useLeaveGuard`): the process and the survey editor ask it alike. */
export const leaveRequest = (leave: () => void): ConfirmRequest => ({ title: t('leaveGuard.title'), body: t('leaveGuard.body'), confirmLabel: t('leaveGuard.leave'), onConfirm: leave });
