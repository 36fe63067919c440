import { tx, txAttributes } from '../i18n/index.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';
import { t, withLanguage } from './messages.ts';
import { PublicLayout, withCity } from './PublicLayout.tsx';

/**
 * The residents' start page: its heading, the introduction and a card for each public process. Taking part is what most
 * visitors came for: where exactly one listed process has its survey open, its „Zur Umfrage“ follows the heading directly,
 * before the note on a machine translation and the introduction (which at 200 % text on a 320×568 phone fill more than a
 * screen), and its card keeps „Zum Verfahren“. Where several are open, each card offers its own „Zur Umfrage“ first.
 */
export function StartPage() {
  const { data: all, error, loading } = useApi('GET /api/processes');
  // Archived processes stay reachable by their link (results, what became of the voices) but leave the start page.
  const data = all?.filter((process) => process.status === 'public');
  // The city the listed processes share (by its German name) names heading and footer; several cities (or none listed) name none.
  const first = data?.[0];
  const city = first && data.every((process) => process.city.de === first.city.de) ? first.city : null;
  const open = data?.filter((process) => process.surveyOpen) ?? [];
  const only = open.length === 1 ? open[0] : undefined;
  const toSurvey = (slug: string) => (
    <a class="button" href={withLanguage(`/p/${slug}/umfrage`)}>
      {t('toSurvey')}
    </a>
  );
  const lead = (
    <>
      <h1>{city ? withCity('startHeading', city) : t('startHeadingNoCity')}</h1>
      {only && <div class="actions start-survey">{toSurvey(only.slug)}</div>}
    </>
  );
  return (
    <PublicLayout title={t('startTitle')} city={city} lead={lead}>
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
          <div class="actions">
            {process.surveyOpen && process !== only && toSurvey(process.slug)}
            <a class={process.surveyOpen ? 'button secondary' : 'button'} href={withLanguage(`/p/${process.slug}`)}>
              {t('toProcess')}
            </a>
          </div>
        </section>
      ))}
    </PublicLayout>
  );
}
