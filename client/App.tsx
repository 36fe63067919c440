import { h, type ComponentType } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, Route, Router } from 'preact-iso';
import { reloadWhenReachable } from './chunks.ts';

/**
 * A page in a chunk of its own, as preact-iso's `lazy`, except for a chunk that failed to load (a
 * link followed during a dropout): the previous page stays on screen, and once the server answers
 * again the page reloads at the address followed, which brings the chunk (client/chunks.ts: the
 * browser would answer a second `import()` with the same failure). `lazy` would keep the failure,
 * and every later visit to the address would show nothing new until a reload by hand.
 */
function lazy<P>(load: () => Promise<ComponentType<P>>) {
  let component: ComponentType<P> | undefined;
  let loading: Promise<void> | null = null;
  return function LazyPage(props: P & object) {
    const [, update] = useState(0);
    if (component) return h(component as ComponentType<object>, props);
    const pending = (loading ??= load().then(
      (loaded) => void (component = loaded),
      async () => {
        await reloadWhenReachable();
        // The visitor moved on meanwhile: the next visit to this address imports again.
        loading = null;
      },
    ));
    void pending.then(() => update((n) => n + 1));
    throw pending;
  };
}

// Every page and audience area is its own chunk: a resident's phone downloads only the survey.
const StartPage = lazy(() => import('./pages/StartPage.tsx').then((m) => m.StartPage));
const ProcessPage = lazy(() => import('./pages/ProcessPage.tsx').then((m) => m.ProcessPage));
const SnapshotsPage = lazy(() => import('./pages/SnapshotsPage.tsx').then((m) => m.SnapshotsPage));
const SnapshotPage = lazy(() => import('./pages/SnapshotPage.tsx').then((m) => m.SnapshotPage));
const MeasuresPage = lazy(() => import('./pages/MeasuresPage.tsx').then((m) => m.MeasuresPage));
const LoginPage = lazy(() => import('./pages/LoginPage.tsx').then((m) => m.LoginPage));
const ReceiptPage = lazy(() => import('./pages/ReceiptPage.tsx').then((m) => m.ReceiptPage));
// Impressum, Datenschutz and Barrierefreiheit share one chunk: imported once, whichever comes first.
const legalPages = () => import('./pages/LegalPages.tsx');
const ImpressumPage = lazy(() => legalPages().then((m) => m.ImpressumPage));
const PrivacyPage = lazy(() => legalPages().then((m) => m.PrivacyPage));
const AccessibilityPage = lazy(() => legalPages().then((m) => m.AccessibilityPage));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.tsx').then((m) => m.NotFoundPage));
const SurveyArea = lazy(() => import('./survey/SurveyArea.tsx').then((m) => m.SurveyArea));
const StallArea = lazy(() => import('./stall/StallArea.tsx').then((m) => m.StallArea));
const ResultsArea = lazy(() => import('./results/ResultsArea.tsx').then((m) => m.ResultsArea));
const AdminArea = lazy(() => import('./admin/AdminArea.tsx').then((m) => m.AdminArea));
export function App() {
  return (
    <LocationProvider>
      <ErrorBoundary>
        <Router>
          <Route path="/" component={StartPage} />
          <Route path="/p/:slug" component={ProcessPage} />
          <Route path="/p/:slug/umfrage" component={SurveyArea} />
          <Route path="/p/:slug/ergebnisse" component={SnapshotsPage} />
          <Route path="/p/:slug/ergebnisse/:id" component={SnapshotPage} />
          <Route path="/p/:slug/massnahmen" component={MeasuresPage} />
          <Route path="/p/:slug/beitrag/:code" component={ReceiptPage} />
          {/* preact-iso's "/area/*" needs a segment after the area, so each area's own address gets its own route. */}
          <Route path="/stand" component={StallArea} />
          <Route path="/stand/*" component={StallArea} />
          <Route path="/auswertung" component={ResultsArea} />
          <Route path="/auswertung/*" component={ResultsArea} />
          <Route path="/admin" component={AdminArea} />
          <Route path="/admin/*" component={AdminArea} />
          <Route path="/login" component={LoginPage} />
          <Route path="/impressum" component={ImpressumPage} />
          <Route path="/datenschutz" component={PrivacyPage} />
          <Route path="/barrierefreiheit" component={AccessibilityPage} />
          <Route default component={NotFoundPage} />
        </Router>
      </ErrorBoundary>
    </LocationProvider>
  );
}
