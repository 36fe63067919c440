import type { PublishedSurvey } from '../../shared/api/survey.ts';
import type { Language } from '../../shared/languages.ts';
import { api } from '../api.ts';

/**
 * The survey's JSON, asked for by the first script (main.tsx) while the survey's own code is
 * still on its way, instead of after it: on a slow link that saves a whole round trip. It comes
 * in German and the resident's language only (`?lang=`), a tenth of all nine. The server's page
 * for a survey link names the same address in a preload hint, which this request takes up.
 */

let pending: { url: string; request: Promise<PublishedSurvey> } | null = null;

export const surveyUrl = (slug: string, language: Language) => `/api/processes/${encodeURIComponent(slug)}/survey?lang=${language}`;

export function prefetchSurvey(slug: string, language: Language): void {
  const url = surveyUrl(slug, language);
  const request = api<PublishedSurvey>(url);
  // Whoever takes it up handles a failure; until then it must not count as unhandled.
  request.catch(() => undefined);
  pending = { url, request };
}

/** The prefetched request for this survey and language (once), or a fresh one. */
export function surveyRequest(slug: string, language: Language): Promise<PublishedSurvey> {
  const url = surveyUrl(slug, language);
  const prefetched = pending?.url === url ? pending.request : null;
  pending = null;
  return prefetched ?? api<PublishedSurvey>(url);
}
