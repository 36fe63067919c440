import type { PublishedSurvey } from '../../shared/api/survey.ts';
import type { Language } from '../../shared/languages.ts';
import { call } from '../api.ts';

/**
 * The survey's JSON, asked for by the first script (main.tsx) while the survey's own code is
 * still on its way, instead of after it: on a slow link that saves a whole round trip. It comes
 * in German and the resident's language only (`?lang=`), a tenth of all nine. The server's page
 * for a survey link names the same address in a preload hint, which this request takes up.
 */

let pending: { slug: string; language: Language; request: Promise<PublishedSurvey> } | null = null;

/** The language each survey this page fetched carries besides German: asked for, whether or not its texts have it. */
const fetchedIn = new WeakMap<PublishedSurvey, Language>();

/** The surveys this page fetched, by slug and language: a resident switching back to a language takes it from here. */
const fetched = new Map<string, PublishedSurvey>();
const fetchedKey = (slug: string, language: Language) => `${slug}\u0000${language}`;

/** The survey in German and `language`. */
export const fetchSurvey = (slug: string, language: Language) =>
  call('GET /api/processes/:slug/survey', { params: { slug }, query: { lang: language } }).then((survey) => {
    fetchedIn.set(survey, language);
    fetched.set(fetchedKey(slug, language), survey);
    return survey;
  });

/** The survey this page fetched before in German and `language`, if it did. */
export const fetchedSurvey = (slug: string, language: Language): PublishedSurvey | undefined => fetched.get(fetchedKey(slug, language));

/**
 * Whether the survey already has all the server has in `language`: it was fetched for it (a text
 * still without it then shows in German, marked so), or it has its privacy title in it.
 */
export const carriesLanguage = (survey: PublishedSurvey, language: Language): boolean =>
  language === 'de' || fetchedIn.get(survey) === language || survey.texts.privacy.title[language] !== undefined;

export function prefetchSurvey(slug: string, language: Language): void {
  const request = fetchSurvey(slug, language);
  // Whoever takes it up handles a failure; until then it must not count as unhandled.
  request.catch(() => undefined);
  pending = { slug, language, request };
}

/** The prefetched request for this survey and language (once), or a fresh one. */
export function surveyRequest(slug: string, language: Language): Promise<PublishedSurvey> {
  const prefetched = pending?.slug === slug && pending.language === language ? pending.request : null;
  pending = null;
  return prefetched ?? fetchSurvey(slug, language);
}
