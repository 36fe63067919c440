import { formatCell } from '../../shared/results/suppress.ts';
import { germanDate } from '../ui/format.ts';
import { Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi, useShownFor } from '../ui/useApi.ts';
import { NarrowedNote } from './Figures.tsx';
import { filterQuery, RefusedFilter } from './QuestionSections.tsx';
import { useResultsFilters } from './ResultsFilters.tsx';
import { t } from './messages.ts';

/**
 * Responses per QR poster: how many questionnaires were opened from each poster's code, and how
 * many came without one. The poster is counted, never the person; counts under the threshold,
 * and those that the total would give away, read "< 5". They follow „Befragte eingrenzen“
 * (`respondents`) as the counts at the top do, and say so (`narrowed`).
 */
export function PosterCounts({ slug, respondents, narrowed }: { slug: string; respondents: Record<string, string>; narrowed: string[] }) {
  const { set } = useResultsFilters();
  const key = 'GET /api/processes/:slug/results/posters';
  const result = useApi(key, { params: { slug }, query: filterQuery(key, null, respondents) });
  const data = result.data;
  const shownNarrowed = useShownFor(narrowed, result);
  return (
    <section aria-labelledby="poster-counts-title" aria-busy={result.loading}>
      <h2 id="poster-counts-title">{t('posterCounts.title')}</h2>
      {result.loading && <Loading label={t('posterCounts.loading')} />}
      {result.error ? <RefusedFilter error={result.error} onReset={() => set({ district: '', stadtteil: '', channel: '', language: '', band: '' })} /> : null}
      {data && data.posters.length === 0 && <p>{t('posterCounts.none')}</p>}
      {data && data.posters.length > 0 && <NarrowedNote narrowed={shownNarrowed} stale={result.stale} />}
      {data && data.posters.length > 0 && data.responsesWithheld && <p class="hint">{t('posterCounts.responsesWithheld')}</p>}
      {data && data.posters.length > 0 && !data.responsesWithheld && (
        <div class={result.stale ? 'stale' : undefined}>
        <ScrollArea labelledBy="poster-counts-caption">
          <table class="counts">
            <caption id="poster-counts-caption">{t('posterCounts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('posterCounts.poster')}</th>
                <th scope="col">{t('posterCounts.stadtteil')}</th>
                <th scope="col">{t('posterCounts.marketDay')}</th>
                <th scope="col">{t('posterCounts.responses')}</th>
              </tr>
            </thead>
            <tbody>
              {data.posters.map((poster) => (
                <tr key={poster.id}>
                  <th scope="row" dir="auto">
                    {poster.place}
                  </th>
                  <td>{poster.stadtteil ?? '–'}</td>
                  <td>{poster.marketDay ? germanDate(poster.marketDay) : '–'}</td>
                  <td class="num">{formatCell(poster.count, data.threshold)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row" colSpan={3}>
                  {t('posterCounts.withoutPoster')}
                </th>
                <td class="num">{formatCell(data.withoutPoster, data.threshold)}</td>
              </tr>
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  {t('posterCounts.total')}
                </th>
                <td class="num">{formatCell(data.total, data.threshold)}</td>
              </tr>
            </tfoot>
          </table>
        </ScrollArea>
        </div>
      )}
    </section>
  );
}
