import { tx, txAttributes } from '../i18n/index.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';
import { t, withLanguage } from './messages.ts';
import { PublicLayout, withCity } from './PublicLayout.tsx';

export function StartPage() {
  const { data: all, error, loading } = useApi('GET /api/processes');
  // Archived processes stay reachable by their link (results, what became of the voices) but leave the start page.
  const data = all?.filter((process) => process.status === 'public');
  // The city the listed processes share (by its German name) names heading and footer; several cities (or none listed) name none.
  const first = data?.[0];
  const city = first && data.every((process) => process.city.de === first.city.de) ? first.city : null;
  return (
    <PublicLayout title={t('startTitle')} city={city}>
      <h1>{city ? withCity('startHeading', city) : t('startHeadingNoCity')}</h1>
      <p>{t('startIntro')}</p>
      {loading && <Loading label={t('loading')} />}
      {error ? <ErrorNotice error={t('loadFailed')} /> : null}
      {data && data.length === 0 && <p>{t('noProcess')}</p>}
      {data?.map((process) => (
        <section class="card" key={process.slug} aria-labelledby={`p-${process.slug}`}>
          <h2 id={`p-${process.slug}`} {...txAttributes(process.title)}>
            {tx(process.title)}
          </h2>
          <p>{process.surveyOpen ? t('surveyIsOpen') : t('surveyIsClosed')}</p>
          {/* Taking part is what most visitors came for: the open survey is the primary action. */}
          <div class="actions">
            {process.surveyOpen && (
              <a class="button" href={withLanguage(`/p/${process.slug}/umfrage`)}>
                {t('toSurvey')}
              </a>
            )}
            <a class={process.surveyOpen ? 'button secondary' : 'button'} href={withLanguage(`/p/${process.slug}`)}>
              {t('toProcess')}
            </a>
          </div>
        </section>
      ))}
    </PublicLayout>
  );
}
