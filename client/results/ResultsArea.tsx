import { useEffect, useState } from 'preact/hooks';
import { Route, Router } from 'preact-iso';
import type { FieldOfActionNode } from '../../shared/api/processes.ts';
import { flattenFields, staffText } from '../ui/labels.ts';
import { me } from '../session.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { adminPath, participationPath, ProcessPicker, resultsPath, ToDefaultProcess } from '../ui/ProcessPicker.tsx';
import { RequireRole } from '../ui/RequireRole.tsx';
import { useApi } from '../ui/useApi.ts';
import { DotVotes, dotVotesEmptyText, dotVotesIgnoredText } from './DotVotes.tsx';
import { PosterCounts } from './PosterCounts.tsx';
import { ParticipationPage } from './ParticipationPage.tsx';
import { MeasureEditor } from './MeasureEditor.tsx';
import { OutcomesPage } from './OutcomesPage.tsx';
import { ResultsNav } from './ResultsNav.tsx';
import { Figures } from './Figures.tsx';
import { QuestionSections } from './QuestionSections.tsx';
import { QuoteBrowser } from './QuoteBrowser.tsx';
import { narrowedParts, ResultsFilters, useBandQuestions, useResultsFilters } from './ResultsFilters.tsx';
import './results.css';
import { ResultWordsContext } from '../charts/words.ts';
import { STAFF_RESULT_WORDS } from '../charts/staff-words.ts';
import { t } from './messages.ts';

export function ResultsArea() {
  return (
    <RequireRole roles={['working_group', 'admin']} title={t('resultsArea.results')}>
      <ResultWordsContext.Provider value={STAFF_RESULT_WORDS}>
        <Router>
          <Route path="/p/:slug" component={Results} />
          <Route path="/p/:slug/beteiligung" component={ParticipationPage} />
          <Route path="/p/:slug/massnahmen" component={MeasureEditor} />
          <Route path="/p/:slug/verbleib" component={OutcomesPage} />
          {/* `/auswertung`, the address on posters and in the handbook, opens the default process. */}
          <Route default component={() => <ToDefaultProcess title={t('resultsArea.results')} to={resultsPath} draftTo={(slug) => adminPath(slug, 'struktur')} />} />
        </Router>
      </ResultWordsContext.Provider>
    </RequireRole>
  );
}

function Results({ slug }: { slug: string }) {
  const process = useApi('GET /api/processes/:slug', { params: { slug } });
  const user = me.value!;
  // The filters live in the address, so a view can be shared as a link.
  const { values: filters, respondents, set } = useResultsFilters();
  const bands = useBandQuestions(slug);
  const field = filters.field;
  // A link naming a field of action this account does not read (a colleague's of another field, one
  // from before the account's fields changed): every figure would be refused. The page drops it from
  // the address, shows all the member's own fields and says why.
  // A working group's own fields as the server reads them (`readableFields`): those of its fields this process has, each with its sub-fields.
  const ownKeys = process.data ? readableKeys(process.data.fieldsOfAction, user) : null;
  const foreign = ownKeys !== null && field !== '' && !ownKeys.has(field);
  const [dropped, setDropped] = useState(false);
  useEffect(() => {
    if (foreign) {
      setDropped(true);
      set({ field: '' });
    } else if (field !== '') setDropped(false);
  }, [foreign, field]);
  if (!process.data || !ownKeys || foreign) return <Layout title={t('resultsArea.results')}>{process.error ? <ErrorNotice error={process.error} /> : <Loading />}</Layout>;
  const all = flattenFields(process.data.fieldsOfAction);
  const own = all.filter((node) => ownKeys.has(node.key));
  const threshold = process.data.suppressionThreshold;
  const label = new Map(all.map((node) => [node.key, node.label]));
  const districtName = process.data.districts.find((district) => district.key === filters.district)?.name ?? null;
  // The dot votes follow the market day's place: a Stadtteil chosen names it, else the Stadtbezirk.
  const stadtteilName = process.data.districts.flatMap((district) => district.stadtteile).find((stadtteil) => stadtteil.key === filters.stadtteil)?.name ?? null;
  const placeName = filters.stadtteil ? (stadtteilName ?? filters.stadtteil) : districtName;
  const narrowed = narrowedParts(process.data, bands, filters);

  // A working group in a process its account does not name (`process_not_assigned`), or whose fields
  // this process does not have (`no_field_in_process`), is told so.
  const closed = user.role === 'admin' ? null : !(user.processes ?? []).includes(slug) ? t('resultsArea.processNotAssigned') : own.length === 0 ? t('resultsArea.noFieldHere') : null;
  if (closed) {
    return (
      <Layout title={t('resultsArea.results')} process={process.data.title}>
        <h1>{t('resultsArea.results2', { de: staffText(process.data.title) })}</h1>
        <ProcessPicker current={slug} to={resultsPath} />
        <div class="notice" role="status">
          <p>{closed}</p>
        </div>
      </Layout>
    );
  }

  return (
    <Layout title={t('resultsArea.results')} process={process.data.title}>
      <h1>{t('resultsArea.results2', { de: staffText(process.data.title) })}</h1>
      <ProcessPicker current={slug} to={resultsPath} />
      <ResultsNav slug={slug} current="auswertung" />
      <p>
        {user.role === 'admin' ? t('resultsArea.introAllFields', { threshold }) : t('resultsArea.introOwnFields', { threshold })}
      </p>
      <p>
        <a href={participationPath(slug)}>{t('resultsArea.participationLink')}</a>
      </p>
      <OnThisPage />
      {dropped && (
        <p class="notice" role="status">
          {t('resultsArea.foreignField')}
        </p>
      )}
      <ResultsFilters process={process.data} fields={own} bands={bands} />
      <Figures slug={slug} field={field} respondents={respondents} narrowed={narrowed} fieldLabel={(key) => label.get(key)} />
      <QuestionSections slug={slug} narrowed={narrowed} context={{ fieldLabel: (key) => label.get(key) ?? key }} />
      <DotVotes
        slug={slug}
        field={field}
        // Dots follow the market day's place only: the caption names the place, the notice the filters that do not apply.
        narrowed={narrowedParts(process.data, bands, { ...filters, channel: '', language: '', band: '' })}
        place={{ district: filters.district, stadtteil: filters.stadtteil, name: placeName }}
        ignored={dotVotesIgnoredText(filters)}
        empty={dotVotesEmptyText(process.data.fieldsOfAction, field, placeName)}
      />
      <PosterCounts slug={slug} respondents={respondents} narrowed={narrowed} />
      <QuoteBrowser slug={slug} field={field} />
    </Layout>
  );
}

/**
 * The page's parts as links, so a working group reaches the quotes or the dot votes without
 * scrolling past every question's chart (the page runs to many screens). Plain fragment links to
 * the sections' headings: the router leaves them to the browser, and the address keeps the filters.
 */
function OnThisPage() {
  const parts = [
    ['figures-title', t('figures.figures')],
    ['downloads-title', t('figures.download')],
    ['questions-title', t('questionSections.answersToTheQuestions')],
    ['crosstab-title', t('crosstab.crossTable')],
    ['dot-votes-title', t('dotVotes.dotVotesOnThe')],
    ['poster-counts-title', t('posterCounts.title')],
    ['quotes-title', t('quoteBrowser.quotes')],
  ] as const;
  return (
    <nav class="on-this-page" aria-labelledby="on-this-page-title">
      <h2 id="on-this-page-title">{t('resultsArea.onThisPage')}</h2>
      <ul>
        {parts.map(([id, label]) => (
          <li key={id}>
            <a href={`#${id}`}>{label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The fields of action of the process the user reads: an admin all, a working group its own (`ownFieldKeys`). */
function readableKeys(nodes: readonly FieldOfActionNode[], user: { role: string; fieldsOfAction?: readonly string[] | null }): Set<string> {
  return new Set(user.role === 'admin' ? flattenFields(nodes).map((node) => node.key) : ownFieldKeys(nodes, new Set(user.fieldsOfAction ?? [])));
}

/** The keys of `nodes` that are among `mine`, with every sub-field of one that is (whatever its key says). */
function ownFieldKeys(nodes: readonly FieldOfActionNode[], mine: ReadonlySet<string>, parentOwned = false): string[] {
  return nodes.flatMap((node) => {
    const owned = parentOwned || mine.has(node.key);
    return [...(owned ? [node.key] : []), ...ownFieldKeys(node.children ?? [], mine, owned)];
  });
}
