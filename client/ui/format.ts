import { staffLocale } from '../i18n/staff.ts';

/** Dates as staff readers expect them on cards and in lists, in the staff language. */
const longDate = () => (new Intl.DateTimeFormat(staffLocale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
/** "12. Juni 2026" (or "12 June 2026") for a day such as 2026-06-12 (a month alone, 2026-06, reads "Juni 2026"). */
export function germanDate(isoDay: string): string {
  if (/^\d{4}-\d{2}$/.test(isoDay)) return new Intl.DateTimeFormat(staffLocale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDay}-01T00:00:00Z`));
  const date = new Date(`${isoDay.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDay : longDate().format(date);
}
