import { render } from 'preact';
import { LANGUAGES } from '../shared/languages.ts';
import { reloadWhenReachable } from './chunks.ts';
import { chooseLanguage } from './i18n/translate.ts';
import { loadDraft } from './survey/draft.ts';
import { prefetchSurvey } from './survey/prefetch.ts';
import { SurveyArea } from './survey/SurveyArea.tsx';

const root = document.getElementById('app')!;

// zod (the staff areas' forms) probes whether it may compile code with `new Function` unless told
// not to; our CSP forbids it, so the probe was logged as a violation on every staff page. zod reads
// this object when it loads, which is only ever after this line (through the router's areas).
(globalThis as { __zod_globalConfig?: { jitless?: boolean } }).__zod_globalConfig = { jitless: true };

/**
 * A resident who opens the survey link (a poster, a QR code) gets the survey alone: no router,
 * no other area's code, so the first survey page stays within 15 KB of gzipped JavaScript.
 * Everything else goes through the router, which still routes to the survey after in-app
 * navigation from the process page.
 *
 * The survey's start screen is part of this first script rather than a chunk of its own: on a
 * slow link each file costs a round trip or a wait for a free connection, and the survey is
 * what most visitors come for. Its JSON is asked for right here, before anything renders, and
 * the question pages' file is named in the page's preload hints (server/plugins/survey-shell.ts).
 */
const survey = /^\/p\/([a-z0-9-]+)\/umfrage\/?$/.exec(location.pathname);
if (survey) {
  prefetchSurvey(survey[1]!, chooseLanguage(LANGUAGES, loadDraft(survey[1]!)?.language));
  render(<SurveyArea slug={survey[1]!} />, root);
} else {
  // A dropout right after the page arrived leaves it empty; back online, it loads again by itself (client/chunks.ts).
  import('./App.tsx').then(({ App }) => render(<App />, root), reloadWhenReachable);
}
