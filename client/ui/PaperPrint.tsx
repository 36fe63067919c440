import { useState } from 'preact/hooks';
import { pathTo } from '../../shared/api/path.ts';
import { LANGUAGE_NAMES, type Language } from '../../shared/languages.ts';
import { ApiError, call } from '../api.ts';
import { germanDate } from './format.ts';
import { ErrorNotice, Loading } from './Layout.tsx';
import { StadtteilSelect, type DistrictGroup } from './StadtteilSelect.tsx';
import { t } from './messages.ts';
import { useApi } from './useApi.ts';
import { NamedControl } from './NamedControl.tsx';

/**
 * The survey on paper for staff and admins: the printable questionnaire per language (normal and
 * large print) and the QR posters of a market day or a Stadtteil. The PDFs open in the browser's
 * viewer, which prints them.
 */

/** A link per language to the questionnaire of the current version, A4 and large print. */
export function QuestionnaireDownloads({ slug, version, languages }: { slug: string; version: number; languages: readonly Language[] }) {
  const link = (lang: Language, large: boolean) => pathTo('GET /api/processes/:slug/survey/print', { params: { slug }, query: { lang, ...(large ? { large: '1' as const } : {}) } });
  return (
    <>
      <p class="hint">{t('paperPrint.versionHint', { version })}</p>
      <ul class="paper-downloads">
        {languages.map((lang) => (
          <li key={lang}>
            <span class="paper-label" lang={lang === 'de-easy' ? 'de' : lang}>
              {LANGUAGE_NAMES[lang]}
            </span>{' '}
            <span class="paper-links">
              <a href={link(lang, false)} target="_blank" rel="noopener">
                <NamedControl visible="PDF" more={` ${LANGUAGE_NAMES[lang]}`} />
              </a>
              <a href={link(lang, true)} target="_blank" rel="noopener">
                <NamedControl visible={t('paperPrint.largePrint')} more={` ${LANGUAGE_NAMES[lang]}`} />
              </a>
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The questionnaire downloads of a process, read from its published survey (none yet for a draft process). */
export function PublishedQuestionnaireDownloads({ slug }: { slug: string }) {
  const survey = useApi('GET /api/processes/:slug/survey', { params: { slug } });
  if (survey.loading) return <Loading />;
  if (!survey.data) {
    return survey.error instanceof ApiError && survey.error.status === 404 ? (
      <p class="hint">{t('paperPrint.notYetPublished')}</p>
    ) : (
      <ErrorNotice error={survey.error} />
    );
  }
  return <QuestionnaireDownloads slug={slug} version={survey.data.version} languages={survey.data.languages} />;
}

/**
 * QR posters: a form to make one (for this market day, or for a Stadtteil) and the list with its
 * PDFs in A4 and A3. The code opens the survey in the first language with the poster's id; the
 * results count responses per poster, no person is tracked.
 */
export function Posters({ slug, languages, districts, marketDay }: { slug: string; languages: readonly Language[]; districts: readonly DistrictGroup[]; marketDay?: { id: string; place: string } }) {
  const list = useApi('GET /api/processes/:slug/posters', { params: { slug } });
  const [first, setFirst] = useState<Language>(languages[0] ?? 'de');
  const [more, setMore] = useState<Language[]>([]);
  const [stadtteil, setStadtteil] = useState<string | null>(null);
  const [place, setPlace] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  /** No Stadtteil chosen on the last try: the choice is marked and described by the message, the focus in it. */
  const [missing, setMissing] = useState(false);
  const idPrefix = marketDay ? `poster-${marketDay.id}` : 'poster';
  const shown = (list.data?.posters ?? []).filter((poster) => !marketDay || poster.marketDay?.id === marketDay.id);

  async function create(event: Event) {
    event.preventDefault();
    setMissing(!marketDay && !stadtteil);
    if (!marketDay && !stadtteil) {
      setMessage({ ok: false, text: t('paperPrint.chooseStadtteil') });
      return document.getElementById(`${idPrefix}-stadtteil`)?.focus();
    }
    try {
      const poster = await call('POST /api/processes/:slug/posters', {
        params: { slug },
        body: {
          ...(marketDay ? { marketDayId: marketDay.id } : { stadtteil: stadtteil! }),
          ...(place.trim() ? { place: place.trim() } : {}),
          languages: [first, ...more.filter((lang) => lang !== first)],
        },
      });
      setMessage({ ok: true, text: t('paperPrint.posterCreated', { place: poster.place }) });
      setPlace('');
      list.reload();
    } catch (err) {
      setMessage({
        ok: false,
        text: err instanceof ApiError && err.code === 'market_day_not_found' ? t('paperPrint.marketDayNotSynced') : err instanceof Error ? err.message : String(err),
      });
    }
  }

  return (
    <>
      <form class="poster-form" onSubmit={create} noValidate>
        {!marketDay && (
          <div class="field">
            <label for={`${idPrefix}-stadtteil`}>{t('paperPrint.stadtteilOfPoster')}</label>
            <StadtteilSelect
              id={`${idPrefix}-stadtteil`}
              districts={districts}
              value={stadtteil}
              onChange={setStadtteil}
              emptyLabel={t('paperPrint.pleaseChoose')}
              extra={[]}
              invalid={missing}
              describedBy={missing ? `${idPrefix}-message` : undefined}
            />
          </div>
        )}
        <div class="field">
          <label for={`${idPrefix}-place`}>{t('paperPrint.place', { empty: marketDay ? marketDay.place : t('paperPrint.stadtteilName') })}</label>
          <input id={`${idPrefix}-place`} type="text" maxLength={200} value={place} onInput={(e) => setPlace((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for={`${idPrefix}-language`}>{t('paperPrint.qrLanguage')}</label>
          <select id={`${idPrefix}-language`} value={first} onChange={(e) => setFirst((e.currentTarget as HTMLSelectElement).value as Language)}>
            {languages.map((lang) => (
              <option key={lang} value={lang}>
                {LANGUAGE_NAMES[lang]}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="poster-languages">
          <legend>{t('paperPrint.invitationAlsoIn')}</legend>
          {languages
            .filter((lang) => lang !== first)
            .map((lang) => (
              <label key={lang} class="check">
                <input type="checkbox" checked={more.includes(lang)} onChange={(e) => setMore((e.currentTarget as HTMLInputElement).checked ? [...more, lang] : more.filter((other) => other !== lang))} />{' '}
                {LANGUAGE_NAMES[lang]}
              </label>
            ))}
        </fieldset>
        <div class="actions">
          <button class="button" type="submit">
            {t('paperPrint.createPoster')}
          </button>
        </div>
        <p id={`${idPrefix}-message`} class={message ? (message.ok ? 'notice ok' : 'notice error') : ''} role="status" aria-live="polite">
          {message?.text ?? ''}
        </p>
      </form>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error && !list.data ? (
        <ErrorNotice error={list.error} />
      ) : shown.length === 0 ? (
        <p class="hint">{marketDay ? t('paperPrint.noPosterForMarketDay') : t('paperPrint.noPoster')}</p>
      ) : (
        <ul class="paper-downloads">
          {shown.map((poster) => (
            <li key={poster.id}>
              <span class="paper-label">
                {poster.place}
                {poster.stadtteil && poster.stadtteil.name !== poster.place ? ` (${poster.stadtteil.name})` : ''} · {poster.languages.map((lang) => LANGUAGE_NAMES[lang]).join(', ')} · {germanDate(poster.createdOn)}
              </span>{' '}
              <span class="paper-links">
              {(['a4', 'a3'] as const).map((size) => (
                <a key={size} href={pathTo('GET /api/processes/:slug/posters/:id/pdf', { params: { slug, id: poster.id }, query: { size } })} target="_blank" rel="noopener">
                  <NamedControl visible={size.toUpperCase()} more={` ${t('paperPrint.posterNamed', { place: poster.place })}`} />
                </a>
              ))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
