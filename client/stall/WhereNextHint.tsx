import { formatRate, formatResidents, formatScore } from '../../shared/results/participation.ts';
import { staffLocale } from '../i18n/staff.ts';
import { unverifiedPopulationNote } from '../ui/labels.ts';
import { useApi } from '../ui/useApi.ts';
import { t } from './messages.ts';

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
  if (!data) return <p class="hint where-next-hint">{t('whereNextHint.whereFewHaveTaken')}</p>;
  if (data.whereNext.length === 0) return null;
  return (
    <section class="where-next-hint" aria-labelledby="where-next-title">
      <h3 id="where-next-title">{t('whereNextHint.whereNext')}</h3>
      <p class="hint">
        {t('whereNextHint.thisIsWhereThe')}{data.reference.status !== 'official' && ` ${unverifiedPopulationNote()}`}
      </p>
      <ul>
        {data.whereNext.map((place) => (
          <li key={place.key}>
            <button type="button" class="button secondary" onClick={() => onPick(place.key)} aria-describedby={`where-next-${place.key}`}>
              {place.name}
            </button>{' '}
            <span id={`where-next-${place.key}`}>
              {place.rate ? t('whereNextHint.perThousand', { rate: formatRate(place.rate, staffLocale()) }) : t('whereNextHint.fewerThanVoicesAt', { threshold: data.threshold, upperBound: formatScore(place.upperBound, staffLocale()) })} ·{' '}
              {t('whereNextHint.residents', { population: formatResidents(place.population, staffLocale()) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
