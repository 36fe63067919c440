import { QuestionIndex } from '../charts/QuestionIndex.tsx';
import type { Figure, QuestionResult } from '../../shared/api/question-results.ts';
import type { ParticipationNote, SnapshotDocument } from '../../shared/api/snapshots.ts';
import { pathTo } from '../../shared/api/path.ts';
import { fallbackAttributes, germanOnly, htmlLang, localize, type Language, type LocalizedText } from '../../shared/languages.ts';
import { withheldText, type ResultWords } from '../../shared/results/summary.ts';
import { ApiError } from '../api.ts';
import { DotVotesByField } from '../charts/DotVotesByField.tsx';
import { FigureCell, QuestionFigure, WithheldNotes } from '../charts/QuestionFigure.tsx';
import { GermanNamesMarkedContext, ResultWordsContext } from '../charts/words.ts';
import { currentLanguage } from '../i18n/index.ts';
import { fillParts, listParts } from '../i18n/translate.ts';
import { InText } from '../ui/CityName.tsx';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { ScrollArea, ScrollCueContext } from '../ui/ScrollArea.tsx';
import { useApi } from '../ui/useApi.ts';
import { formatDay, numberLocale, t, tn, withLanguage } from './messages.ts';
import { PublicLayout } from './PublicLayout.tsx';

type Texts = SnapshotDocument['texts'][string];

/** The charts' words in the page's language: the public catalog, with Latin digits. */
const words = (language: Language): ResultWords => ({ text: (key, params) => t(key, params), plural: (key, count, params) => tn(key, count, params), locale: numberLocale(language) });

/** A question's figures with its texts in the visitor's language: the survey's own translations, German where it has none. */
function inLanguage(result: QuestionResult, texts: Texts | undefined, language: Language): QuestionResult {
  if (!texts) return result;
  const text = (value: LocalizedText | undefined, fallback: string) => (value ? localize(value, language) : fallback);
  const title = text(texts.title, result.title);
  switch (result.type) {
    case 'scale':
      return { ...result, title, minLabel: text(texts.minLabel, result.minLabel), maxLabel: text(texts.maxLabel, result.maxLabel) };
    case 'ranking':
      return { ...result, title, options: result.options.map((option) => ({ ...option, label: text(texts.options[option.key], option.label) })) };
    case 'number':
      return { ...result, title };
    default:
      return { ...result, title, options: result.options.map((option) => ({ ...option, label: text(texts.options[option.key], option.label) })) };
  }
}

/**
 * Who took part against who lives there, as frozen with the figures: the voices, the city-wide
 * rate per 1,000 residents, the spread between the statistical districts, their table, and where
 * the population figures come from (saying so when they are unverified examples).
 */
function Participation({ note }: { note: ParticipationNote }) {
  const language = currentLanguage.value;
  const number = new Intl.NumberFormat(numberLocale(language), { maximumFractionDigits: 1 });
  const score = new Intl.NumberFormat(numberLocale(language), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const shown = (figure: Figure) => (figure.suppressed ? withheldText(figure.reason, note.threshold, words(language)) : number.format(figure.count));
  // A district named as seeded ("Bezirk 1") reads in the page's language; any other name is a proper name.
  const districtName = (area: ParticipationNote['districts'][number]) => (area.name === `Bezirk ${area.nr}` ? t('district', { nr: area.nr }) : area.name);
  const byKey = new Map(note.districts.map((area) => [area.key, area]));
  const { lowestOverHighest, lowest, highest, similarity } = note.summary.districts;
  const id = 'participation';
  const hasPopulation = note.reference.status !== 'none';
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('resultsParticipation')}</h2>
      <p>{t('resultsParticipationNote', { voices: shown(note.total.voices), responses: shown(note.total.responses), contributions: shown(note.total.contributions) })}</p>
      {!hasPopulation && <p>{t('resultsNoPopulation')}</p>}
      {hasPopulation && note.city.rate && (
        <p>{tn('resultsCityRate', note.city.rate.perThousand, { rate: number.format(note.city.rate.perThousand), low: number.format(note.city.rate.low), high: number.format(note.city.rate.high) })}</p>
      )}
      {hasPopulation && lowestOverHighest !== null && lowestOverHighest > 0 && lowest && highest && (
        <p>{tn('resultsSpread', 1 / lowestOverHighest, { lowest: districtName(byKey.get(lowest)!), highest: districtName(byKey.get(highest)!), factor: number.format(1 / lowestOverHighest) })}</p>
      )}
      {hasPopulation && similarity !== null && <p>{t('resultsSimilarity', { score: score.format(similarity) })}</p>}
      {hasPopulation && (
        <ScrollArea labelledBy={`${id}-caption`}>
          <table class="counts">
            <caption id={`${id}-caption`}>{t('resultsDistrictTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('resultsDistrictHeader')}</th>
                <th scope="col">{t('resultsVoicesHeader')}</th>
                <th scope="col">{t('resultsResidents')}</th>
                <th scope="col">{t('resultsPerThousand')}</th>
              </tr>
            </thead>
            <tbody>
              {note.districts.map((area) => (
                <tr key={area.key}>
                  <th scope="row">{districtName(area)}</th>
                  <FigureCell figure={area.voices} threshold={note.threshold} idPrefix={id} />
                  <td class="num">{area.population === null ? '–' : number.format(area.population)}</td>
                  <td class="num">{area.rate ? <span class="rate">{`${number.format(area.rate.perThousand)} (${number.format(area.rate.low)}–${number.format(area.rate.high)})`}</span> : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      )}
      <WithheldNotes idPrefix={id} figures={[note.total.voices, note.total.responses, note.total.contributions, ...note.districts.map((area) => area.voices)]} threshold={note.threshold} />
      {hasPopulation && <Reference reference={note.reference} />}
    </section>
  );
}

/** Where the population figures come from: one source named, several listed under a fold; unverified example figures say so. */
function Reference({ reference }: { reference: ParticipationNote['reference'] }) {
  const source = reference.sources.length === 1 ? reference.sources[0]! : tn('resultsSources', reference.sources.length);
  // Several days as a list of the page's language („1. Januar 2025 und 31. Dezember 2025“, „… و…“), not with a Latin „, “.
  const date = listParts(reference.dates.map(formatDay), currentLanguage.value).join('');
  return (
    <div class="hint">
      <p>
        {date ? t('resultsReference', { source, date }) : t('resultsReferenceUndated', { source })} {reference.status !== 'official' && t('resultsUnverified')}
      </p>
      {reference.sources.length > 1 && (
        <details>
          <summary class="reference-toggle">{source}</summary>
          <ul class="reference-sources" lang="de" dir="ltr">
            {reference.sources.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** The open-data downloads: the stored JSON byte for byte, the CSV in the page's language, the licence and the checksum. */
function Downloads({ slug, id, sha256, document }: { slug: string; id: string; sha256: string; document: SnapshotDocument }) {
  const language = currentLanguage.value;
  return (
    <section aria-labelledby="data-title">
      <h2 id="data-title">{t('resultsData')}</h2>
      {/* The licence's name („Datenlizenz Deutschland – Namensnennung – Version 2.0“) and the attribution („Stadt Bergisch Gladbach“)
          are frozen in German with the document: marked so inside the page's language, so a screen reader on an Arabic page speaks
          them as German, left to right (WCAG 3.1.2). */}
      <p>
        {fillParts(t('resultsDataIntro'), {
          licence: <InText text={{ de: document.licence.name }} language={language} />,
          attribution: <InText text={{ de: document.licence.attribution }} language={language} />,
        })}
      </p>
      <ul class="downloads">
        <li>
          <a class="button secondary" href={pathTo('GET /api/processes/:slug/snapshots/:id/data.json', { params: { slug, id } })} download={`mitreden-${slug}-ergebnisse.json`}>
            {t('resultsJson')}
          </a>
        </li>
        <li>
          <a class="button secondary" href={pathTo('GET /api/processes/:slug/snapshots/:id/data.csv', { params: { slug, id }, query: { lang: language } })} download={`mitreden-${slug}-ergebnisse.csv`}>
            {t('resultsCsv')}
          </a>
        </li>
        <li>
          {/* The licence's text is German (govdata.de, Creative Commons' German deed). */}
          <a class="button secondary" href={document.licence.url} hreflang="de" rel="license noreferrer">
            {t('resultsLicence')}
          </a>
        </li>
      </ul>
      <p class="hint checksum">{t('resultsChecksum', { sha: sha256 })}</p>
    </section>
  );
}

/**
 * `/p/:slug/ergebnisse/:id`: one released snapshot, as frozen at release, in the visitor's
 * language — the survey's translations for the questions, the public catalog for everything
 * else — with the Auswertung's own charts and tables, the participation, the dot votes and the
 * open-data downloads. A withdrawn snapshot's link says when and why it was withdrawn.
 */
export function SnapshotPage({ slug, id }: { slug: string; id: string }) {
  const loaded = useApi('GET /api/processes/:slug/snapshots/:id', { params: { slug, id } });
  // The frozen document names no city; the footer takes today's from the process.
  const city = useApi('GET /api/processes/:slug', { params: { slug } }).data?.city;
  const language = currentLanguage.value;
  const resultWords = words(language);
  const back = (
    <p>
      <a class="standalone" href={withLanguage(`/p/${slug}/ergebnisse`)}>
        {t('resultsAll')}
      </a>
    </p>
  );
  if (loaded.loading || !loaded.data) {
    return (
      <PublicLayout title={t('results')} city={city}>
        {loaded.loading ? <Loading label={t('loading')} /> : <ErrorNotice error={loaded.error instanceof ApiError && (loaded.error.status === 404 || loaded.error.status === 400) ? t('resultsNotFound') : t('loadFailed')} />}
        {back}
      </PublicLayout>
    );
  }
  const snapshot = loaded.data;
  if (snapshot.status === 'withdrawn') {
    const title = localize(snapshot.title, language);
    return (
      <PublicLayout title={title} city={city}>
        <h1>{title}</h1>
        <p class="notice warn">{t('resultsWithdrawn', { date: formatDay(snapshot.withdrawnOn) })}</p>
        <p>
          {t('resultsWithdrawnReason', { reason: '' })}
          <span lang="de">{snapshot.reason}</span>
        </p>
        {back}
      </PublicLayout>
    );
  }
  const { document } = snapshot;
  const title = localize(document.title, language);
  const fieldLabel = (field: { key: string; label: string }) => (document.fields[field.key] ? localize(document.fields[field.key]!, language) : field.label);
  const context = { threshold: document.threshold, fieldLabel: (key: string) => fieldLabel({ key, label: key }) };
  const questions = document.questions.map((question) => inLanguage(question, document.texts[question.key], language));
  return (
    <PublicLayout title={title} city={city}>
      <ResultWordsContext.Provider value={resultWords}>
        <GermanNamesMarkedContext.Provider value={htmlLang(language) !== 'de'}>
          <ScrollCueContext.Provider value={t('resultsScrollCue')}>
            <h1 {...fallbackAttributes(document.title, language)}>{title}</h1>
            <p class="hint">{t('resultsFrozen', { date: formatDay(document.releasedOn) })}</p>
            <p {...fallbackAttributes(document.intro, language)}>{localize(document.intro, language)}</p>
            {(germanOnly(document.title, language) || germanOnly(document.intro, language)) && <p class="hint">{t('germanOnlyTexts')}</p>}
            <p>
              {document.respondents.suppressed ? tn('resultsRespondentsFew', document.threshold, { threshold: document.threshold }) : tn('resultsRespondents', document.respondents.count)}
            </p>
            {questions.length > 0 && (
              <section aria-labelledby="questions-title">
                <h2 id="questions-title">{t('resultsQuestions')}</h2>
                <QuestionIndex questions={questions} summary={t('resultsQuestionIndex', { n: questions.length })} />
                {questions.map((question) => (
                  <QuestionFigure key={question.key} result={question} context={context} />
                ))}
              </section>
            )}
            {document.dotVotes && document.dotVotes.byStadtteil.fields.length > 0 && (
              <section aria-labelledby="dots-title">
                <h2 id="dots-title">{t('resultsDotVotes')}</h2>
                <p class="hint">{t('resultsDotsHint')}</p>
                <DotVotesByField result={document.dotVotes} fieldLabel={fieldLabel} />
              </section>
            )}
            <Participation note={document.participation} />
            <Downloads slug={slug} id={snapshot.id} sha256={snapshot.sha256} document={document} />
            {back}
          </ScrollCueContext.Provider>
        </GermanNamesMarkedContext.Provider>
      </ResultWordsContext.Provider>
    </PublicLayout>
  );
}
