import { Route, Router } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Layout, Loading, ErrorNotice } from '../ui/Layout.tsx';
import { adminPath, resultsPath, ToDefaultProcess } from '../ui/ProcessPicker.tsx';
import { pathTo } from '../../shared/api/path.ts';
import { useApi } from '../ui/useApi.ts';
import { RequireRole } from '../ui/RequireRole.tsx';
import { AuditPage } from './AuditPage.tsx';
import { NewProcessPage, ProcessStructurePage, STATUS_NAMES } from './ProcessEditor.tsx';
import { MarketDaysAdminPage } from './MarketDaysAdminPage.tsx';
import { ModerationPage } from './ModerationPage.tsx';
import { ProcessSettingsPage } from './ProcessSettingsPage.tsx';
import { SnapshotAdminPage } from './SnapshotAdminPage.tsx';
import { PopulationPage } from './PopulationPage.tsx';
import { SurveyEditorPage } from './SurveyEditor.tsx';
import { UsersPage } from './UsersPage.tsx';
import { ImpressumNotice, LegalSettingsPage } from './LegalSettingsPage.tsx';
import { takeDeletedProcess } from './DeleteProcess.tsx';
import { t, tn } from './messages.ts';
import { staffText } from '../ui/labels.ts';

/** The admin area: accounts for all, moderation and settings per process (`/admin/p/:slug/…`). */
export function AdminArea() {
  return (
    <RequireRole roles={['admin']} title={t('adminArea.administration')}>
      <Router>
        <Route path="/" component={AdminHome} />
        <Route path="/konten" component={UsersPage} />
        <Route path="/protokoll" component={AuditPage} />
        <Route path="/rechtliches" component={LegalSettingsPage} />
        <Route path="/p/:slug/moderation" component={ModerationPage} />
        <Route path="/p/:slug/verfahren" component={ProcessSettingsPage} />
        <Route path="/p/:slug/struktur" component={ProcessStructurePage} />
        <Route path="/p/:slug/umfrage" component={SurveyEditorPage} />
        <Route path="/p/:slug/ergebnisse" component={SnapshotAdminPage} />
        <Route path="/p/:slug/einwohner" component={PopulationPage} />
        <Route path="/p/:slug/markttage" component={MarketDaysAdminPage} />
        <Route path="/verfahren/neu" component={NewProcessPage} />
        {/* Addresses from before there were several processes: bookmarks lead to the default process. */}
        <Route path="/moderation" component={() => <ToDefaultProcess title={t('adminArea.moderation')} to={(slug) => adminPath(slug, 'moderation')} />} />
        <Route path="/verfahren" component={() => <ToDefaultProcess title={t('adminArea.process')} to={(slug) => adminPath(slug, 'verfahren')} />} />
        <Route default component={AdminNotFound} />
      </Router>
    </RequireRole>
  );
}

/** An admin address that names no page (a typo, a shortened link): says so, with the way to the admin home, instead of an empty page. */
function AdminNotFound() {
  return (
    <Layout title={t('adminArea.notFound')}>
      <h1>{t('adminArea.notFound')}</h1>
      <p>{t('adminArea.notFoundText')}</p>
      <p>
        <a class="standalone" href="/admin">
          {t('adminArea.toAdministration')}
        </a>
      </p>
    </Layout>
  );
}

function AdminHome() {
  const processes = useApi('GET /api/admin/processes', { query: { awaitingReview: 'true' } });
  // Said once, where the admin lands after deleting a process; focused so a screen reader reads it.
  const [deleted] = useState(takeDeletedProcess);
  const deletedNotice = useRef<HTMLParagraphElement>(null);
  useEffect(() => deletedNotice.current?.focus(), []);
  return (
    <Layout title={t('adminArea.administration')}>
      <h1>{t('adminArea.administration')}</h1>
      <ImpressumNotice />
      {deleted !== null && (
        <p class="notice ok" role="status" tabIndex={-1} ref={deletedNotice}>
          {t('deleteProcess.deleted', { title: deleted })}
        </p>
      )}
      {processes.loading && <Loading />}
      {processes.error ? <ErrorNotice error={processes.error} /> : null}
      {processes.data?.map((process) => (
        <section class="card" key={process.slug} aria-labelledby={`admin-${process.slug}`}>
          <h2 id={`admin-${process.slug}`}>
            {staffText(process.structure.title)}
            <span class="status-badge">{STATUS_NAMES()[process.status]}</span>
          </h2>
          <p class="hint">
            {tn('adminArea.responses', process.responses)}, {tn('adminArea.contributions', process.contributions)}
          </p>
          {process.awaitingReview ? (
            <p class="notice warn">
              <a class="standalone" href={adminPath(process.slug, 'moderation')}>{tn('adminArea.awaitingReview', process.awaitingReview)}</a>
            </p>
          ) : (
            <p class="hint">{t('adminArea.nothingAwaitingReview')}</p>
          )}
          <ul class="link-list">
            <li>
              <a href={adminPath(process.slug, 'struktur')}>{t('adminArea.setUpTextsLanguages')}</a>
            </li>
            <li>
              <a href={adminPath(process.slug, 'umfrage')}>{t('adminArea.editQuestionnaireSectionsQuestions')}</a>
            </li>
            <li>
              <a href={adminPath(process.slug, 'verfahren')}>{t('adminArea.processPhaseSurveyPeriod')}</a>
            </li>
            <li>
              <a href={adminPath(process.slug, 'moderation')}>{t('adminArea.moderationReviewAndAssign')}</a>
            </li>
            <li>
              <a href={adminPath(process.slug, 'einwohner')}>{t('adminArea.populationFigures')}</a>
            </li>
            <li>
              <a href={adminPath(process.slug, 'markttage')}>{t('adminArea.marketDays')}</a>
            </li>
            <li>
              <a href={resultsPath(process.slug)}>{t('adminArea.viewResultsAsWorking')}</a>
            </li>
            <li>
              <a href={`${resultsPath(process.slug)}/massnahmen`}>{t('adminArea.measuresAndStatuses')}</a>
            </li>
            <li>
              <a href={`${resultsPath(process.slug)}/verbleib`}>{t('adminArea.outcomesOfContributions')}</a>
            </li>
            <li>
              <a href={adminPath(process.slug, 'ergebnisse')}>{t('adminArea.releaseResults')}</a>
            </li>
            <li>
              <a href={pathTo('GET /api/admin/processes/:slug/concept', { params: { slug: process.slug } })} download={`mitreden-${process.slug}-konzeptentwurf.docx`}>
                {t('adminArea.downloadConcept')}
              </a>
            </li>
            <li>
              <a href={`/p/${encodeURIComponent(process.slug)}`}>{t('adminArea.publicPage')}</a>
            </li>
          </ul>
        </section>
      ))}
      <p>
        <a class="button" href="/admin/verfahren/neu">
          {t('adminArea.createANewProcess')}
        </a>
      </p>
      <ul class="link-list">
        <li>
          <a href="/admin/konten">{t('adminArea.accountsAndSignedIn')}</a>
        </li>
        <li>
          <a href="/admin/protokoll">{t('adminArea.auditLogWhoChanged')}</a>
        </li>
        <li>
          <a href="/admin/rechtliches">{t('adminArea.legalSettings')}</a>
        </li>
      </ul>
    </Layout>
  );
}
