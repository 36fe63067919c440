/** The city's time zone: "today" for survey windows and response dates is a day in Germany. */
export const CITY_TIME_ZONE = 'Europe/Berlin';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CITY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** YYYY-MM-DD of the given instant in the city's time zone. */
export function localDay(at: Date = new Date()): string {
  return dayFormat.format(at);
}
