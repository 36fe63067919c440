import { formatRate, formatResidents, formatScore } from '../../shared/results/participation.ts';
import { UNVERIFIED_POPULATION_NOTE } from '../../shared/population.ts';
import { useApi } from '../ui/useApi.ts';

/**
 * "Where next" on the market-day form: the three Stadtteile where participation is lowest (by the
 * upper bound of their Wilson interval, as the results' participation page ranks them), with their
 * rates; choosing one sets the form's Stadtteil. Needs the network: offline, it says so and the
 * form works as before.
 */
export function WhereNextHint({ slug, onPick }: { slug: string; onPick: (stadtteil: string) => void }) {
  const participation = useApi('GET /api/processes/:slug/participation', { params: { slug } });
  const data = participation.data;
  if (participation.loading) return null;
  if (!data) return <p class="hint where-next-hint">Wo bisher wenige mitgemacht haben, zeigt der Hinweis hier, sobald das Tablet online ist.</p>;
  if (data.whereNext.length === 0) return null;
  return (
    <section class="where-next-hint" aria-labelledby="where-next-title">
      <h3 id="where-next-title">Wohin als Nächstes?</h3>
      <p class="hint">
        Hier haben bisher am wenigsten Menschen mitgemacht, gemessen an den Einwohnern (Stimmen je 1.000 Einwohner, in Klammern das 95-%-Intervall).
        {data.reference.status !== 'official' && ` ${UNVERIFIED_POPULATION_NOTE}`}
      </p>
      <ul>
        {data.whereNext.map((place) => (
          <li key={place.key}>
            <button type="button" class="button secondary" onClick={() => onPick(place.key)} aria-describedby={`where-next-${place.key}`}>
              {place.name}
            </button>{' '}
            <span id={`where-next-${place.key}`}>
              {place.rate ? `${formatRate(place.rate)} je 1.000` : `weniger als ${data.threshold} Stimmen (höchstens ${formatScore(place.upperBound)} je 1.000)`} ·{' '}
              {formatResidents(place.population)} Einwohner
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
