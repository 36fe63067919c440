/** The city's time zone: "today" for survey windows and response dates is a day in Germany. */
export const CITY_TIME_ZONE = 'Europe/Berlin';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CITY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

const HOUR_MS = 3_600_000;
/** Since then the city's offset is +1 or +2 hours and changes at 01:00 UTC: each hour of UTC lies within one city day. */
const WHOLE_HOURS_SINCE_MS = Date.UTC(1980, 0, 1);
const MAX_REMEMBERED_HOURS = 10_000;
const dayByHour = new Map<number, string>();

/**
 * YYYY-MM-DD of the given instant in the city's time zone. Asking Intl costs several
 * microseconds, and a survey answer or a stall batch asks for every row, so the day is worked
 * out once per hour of UTC and remembered (a few thousand hours at most).
 */
export function localDay(at: Date = new Date()): string {
  const ms = at.getTime();
  // Before 1980, and an invalid date (NaN), go to Intl as they are: it throws for the latter.
  if (!(ms >= WHOLE_HOURS_SINCE_MS)) return dayFormat.format(at);
  const hour = Math.floor(ms / HOUR_MS);
  let day = dayByHour.get(hour);
  if (day === undefined) {
    if (dayByHour.size >= MAX_REMEMBERED_HOURS) dayByHour.clear();
    day = dayFormat.format(at);
    dayByHour.set(hour, day);
  }
  return day;
}
