import { QuestionIndex } from '../charts/QuestionIndex.tsx';
import type { RouteKey, RouteQuery } from '../../shared/api/routes.ts';
import { ApiError } from '../api.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { useApi, useShownFor } from '../ui/useApi.ts';
import { Crosstab } from './Crosstab.tsx';
import { QuestionFigure, type FigureContext } from '../charts/QuestionFigure.tsx';
import { useResultsFilters } from './ResultsFilters.tsx';
import { NarrowedNote } from './Figures.tsx';
import './questions.css';
import { t } from './messages.ts';

/**
 * The API query of the page's filters: the field of action and the respondents' filters, as the
 * address has them (text; empty ones are left out by `pathTo`, the server's schema judges the rest).
 * `field` null: the route takes no field (the cross-tab names its question, whose field it is).
 */
export function filterQuery<Key extends RouteKey>(_key: Key, field: string | null, respondents: Record<string, string>, extra: Record<string, string> = {}): RouteQuery<Key> {
  return { ...respondents, ...(field === null ? {} : { field }), ...extra } as RouteQuery<Key>;
}

/**
 * A filter the server refused (too few respondents left, or too few left out): in German what it
 * means, then the server's own message, and the way back — what a working group sees instead of
 * numbers that could point at single people.
 */
export function RefusedFilter({ error, onReset }: { error: unknown; onReset: () => void }) {
  if (!(error instanceof ApiError) || error.code !== 'too_few_respondents') return <ErrorNotice error={error} />;
  const { threshold = 5, which } = (error.details ?? {}) as { threshold?: number; which?: string };
  return (
    <div class="notice warn refused-filter" role="alert">
      <p>
        <strong>{t('questionSections.theseFiltersCannotBe')}</strong>{' '}
        {which === 'withheld' ? t('questionSections.theyKeepAWithheldCount', { threshold }) : t('questionSections.theyLeaveFewerThan', { threshold, threshold2: threshold })}
      </p>
      <button type="button" class="button secondary" onClick={onReset}>
        {t('questionSections.resetFilters')}
      </button>
    </div>
  );
}

/**
 * Every closed question of the survey under the page's filters, a figure each: first the
 * questions of the fields of action (in survey order), then who took part (the Stadtteil and
 * the demographic questions), then the cross-tabulation of one question by a dimension.
 */
export function QuestionSections({ slug, narrowed, context }: { slug: string; narrowed: string[]; context: Omit<FigureContext, 'threshold'> }) {
  const { values, set, respondents: who } = useResultsFilters();
  const key = 'GET /api/processes/:slug/results/questions';
  const results = useApi(key, { params: { slug }, query: filterQuery(key, values.field, who) });
  const reset = () => set({ district: '', stadtteil: '', channel: '', language: '', band: '' });
  const data = results.data;
  const figureContext: FigureContext = { ...context, threshold: data?.threshold ?? 5 };
  const questions = data?.questions.filter((question) => !question.sensitive && question.type !== 'stadtteil') ?? [];
  const people = data?.questions.filter((question) => question.sensitive || question.type === 'stadtteil') ?? [];
  const respondents = data ? (data.respondents.suppressed ? t('questionSections.fewerThan', { threshold: data.threshold }) : String(data.respondents.count)) : '';
  // While the figures for a new choice load, those on screen keep the caption of theirs.
  const shownNarrowed = useShownFor(narrowed, results);
  const channel = data?.filter.channel;
  const responses = channel === 'online' ? 'questionSections.responsesOnline' : channel === 'paper' ? 'questionSections.responsesOnPaper' : 'questionSections.responsesOnlineAndOn';

  return (
    <>
      <section aria-labelledby="questions-title" aria-busy={results.loading}>
        <h2 id="questions-title">{t('questionSections.answersToTheQuestions')}</h2>
        {results.loading && <Loading label={t('questionSections.loadingAnswers')} />}
        {results.error ? <RefusedFilter error={results.error} onReset={reset} /> : null}
        {data && (
          <div class={results.stale ? 'stale' : undefined}>
            <NarrowedNote narrowed={shownNarrowed} stale={results.stale} />
            <p class="hint">{t(responses, { respondents })}</p>
            {questions.length === 0 && <p>{t('questionSections.thereAreNoClosed')}</p>}
            <QuestionIndex questions={questions} summary={t('questionSections.questionIndex', { n: questions.length })} />
            {questions.map((question) => (
              <QuestionFigure key={question.key} result={question} context={figureContext} />
            ))}
          </div>
        )}
      </section>
      {data && people.length > 0 && (
        <section aria-labelledby="people-title" aria-busy={results.stale} class={results.stale ? 'stale' : undefined}>
          <h2 id="people-title">{t('questionSections.whoTookPart')}</h2>
          <p class="hint">{t('questionSections.personalDetailsAreVoluntary')}</p>
          {people.map((question) => (
            <QuestionFigure key={question.key} result={question} context={figureContext} />
          ))}
        </section>
      )}
      {data && <Crosstab slug={slug} questions={data.questions} breakdowns={data.breakdowns} context={figureContext} />}
    </>
  );
}
