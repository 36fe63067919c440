import { fallbackAttributes, germanOnly, localize } from '../../shared/languages.ts';
import { ApiError } from '../api.ts';
import { currentLanguage } from '../i18n/index.ts';
import { fillParts } from '../i18n/translate.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';
import { formatDay, t, withLanguage } from './messages.ts';
import { PublicLayout } from './PublicLayout.tsx';

/**
 * `/p/:slug/ergebnisse`: the results a process has released, newest first, each with its title,
 * day and introduction in the visitor's language (German where the admin wrote none) and a link
 * to its permanent page. Withdrawn ones are not listed; their links say they were withdrawn.
 */
export function SnapshotsPage({ slug }: { slug: string }) {
  const process = useApi('GET /api/processes/:slug', { params: { slug } });
  const list = useApi('GET /api/processes/:slug/snapshots', { params: { slug } });
  const language = currentLanguage.value;
  const title = process.data ? `${t('results')} – ${localize(process.data.title, language)}` : t('results');
  const failed = process.error ?? list.error;
  return (
    <PublicLayout title={title} city={process.data?.city}>
      <h1>{title}</h1>
      {(process.loading || list.loading) && <Loading label={t('loading')} />}
      {failed ? <ErrorNotice error={failed instanceof ApiError && failed.status === 404 ? t('processNotFound') : t('loadFailed')} /> : null}
      {list.data && (
        <>
          <p>{t('resultsIntro')}</p>
          {/* A release the admin named only in German: the resident is told why its title and introduction are German. */}
          {list.data.some((snapshot) => germanOnly(snapshot.title, language) || germanOnly(snapshot.intro, language)) && <p class="hint">{t('germanOnlyTexts')}</p>}
          {list.data.length === 0 && <p class="notice">{t('resultsNone')}</p>}
          {list.data.map((snapshot) => {
            const heading = localize(snapshot.title, language);
            return (
              <section class="card" key={snapshot.id} aria-labelledby={`s-${snapshot.id}`}>
                <h2 id={`s-${snapshot.id}`} {...fallbackAttributes(snapshot.title, language)}>
                  {heading}
                </h2>
                <p class="hint">{t('resultsReleasedOn', { date: formatDay(snapshot.releasedOn) })}</p>
                <p {...fallbackAttributes(snapshot.intro, language)}>{localize(snapshot.intro, language)}</p>
                <div class="actions">
                  <a class="button" href={withLanguage(`/p/${slug}/ergebnisse/${snapshot.id}`)}>
                    {/* A title with no translation is German inside the sentence, marked so. One span: as flex items of the
                        button, the words before the title and the title each got half its width and broke mid-word („Ergebnis|se“). */}
                    <span>{fillParts(t('resultsOpen'), { title: <span {...fallbackAttributes(snapshot.title, language)}>{heading}</span> })}</span>
                  </a>
                </div>
              </section>
            );
          })}
        </>
      )}
      <p>
        <a class="standalone" href={withLanguage(`/p/${slug}`)}>
          {process.data ? localize(process.data.title, language) : t('processTitle')}
        </a>
      </p>
    </PublicLayout>
  );
}
