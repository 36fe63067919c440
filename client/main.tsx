import { render } from 'preact';

const root = document.getElementById('app')!;

/**
 * A resident who opens the survey link (a poster, a QR code) gets the survey alone: no router,
 * no other area's code, so the first survey page stays within 15 KB of gzipped JavaScript.
 * Everything else goes through the router, which still routes to the survey after in-app
 * navigation from the process page.
 */
const survey = /^\/p\/([a-z0-9-]+)\/umfrage\/?$/.exec(location.pathname);
if (survey) {
  void import('./survey/SurveyArea.tsx').then(({ SurveyArea }) => render(<SurveyArea slug={survey[1]!} />, root));
} else {
  void import('./App.tsx').then(({ App }) => render(<App />, root));
}
