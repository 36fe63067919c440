import type { QuestionResult } from '../../shared/api/question-results.ts';
import type { SnapshotDocument } from '../../shared/api/snapshots.ts';
import { pathTo } from '../../shared/api/path.ts';
import type { Channel } from '../../shared/domain.ts';
import { localize, type Language, type LocalizedText } from '../../shared/languages.ts';
import type { ResultWords } from '../../shared/results/summary.ts';
import { ApiError } from '../api.ts';
import { DotVotesByField } from '../charts/DotVotesByField.tsx';
import { FigureCell, QuestionFigure, WithheldNotes } from '../charts/QuestionFigure.tsx';
import { ResultWordsContext } from '../charts/words.ts';
import { currentLanguage } from '../i18n/index.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi } from '../ui/useApi.ts';
import { formatDay, numberLocale, t, withLanguage, type MessageKey } from './messages.ts';
import { PublicLayout } from './PublicLayout.tsx';

const CHANNEL_WORDS: Record<Channel, MessageKey> = {
  online: 'channelOnline',
  stall: 'channelStall',
  paper: 'channelPaper',
  conference: 'channelConference',
  workshop: 'channelWorkshop',
};

type Texts = SnapshotDocument['texts'][string];

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
    default:
      return { ...result, title, options: result.options.map((option) => ({ ...option, label: text(texts.options[option.key], option.label) })) };
  }
}

/** Who took part: questionnaires and contributions per channel, suppressed like every figure. */
function Participation({ document }: { document: SnapshotDocument }) {
  const { responses, contributions } = document.participation;
  const channels = [...new Set([...responses.byChannel, ...contributions.byChannel].map((row) => row.channel))];
  const cell = (rows: typeof responses.byChannel, channel: Channel) => rows.find((row) => row.channel === channel)?.count;
  const id = 'participation';
  const figures = [...responses.byChannel, ...contributions.byChannel].map((row) => row.count).concat(responses.total, contributions.total);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('resultsParticipation')}</h2>
      <p>{t('resultsParticipationNote')}</p>
      <ScrollArea labelledBy={`${id}-caption`}>
        <table class="counts">
          <caption id={`${id}-caption`}>{t('resultsChannelTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('resultsChannel')}</th>
              <th scope="col">{t('resultsResponses')}</th>
              <th scope="col">{t('resultsContributions')}</th>
            </tr>
          </thead>
          <tbody>
            {channels.map((channel) => {
              const asked = cell(responses.byChannel, channel);
              const said = cell(contributions.byChannel, channel);
              return (
                <tr key={channel}>
                  <th scope="row">{t(CHANNEL_WORDS[channel])}</th>
                  {asked ? <FigureCell figure={asked} threshold={document.threshold} idPrefix={id} /> : <td class="num">–</td>}
                  {said ? <FigureCell figure={said} threshold={document.threshold} idPrefix={id} /> : <td class="num">–</td>}
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('resTotal')}</th>
              <FigureCell figure={responses.total} threshold={document.threshold} idPrefix={id} />
              <FigureCell figure={contributions.total} threshold={document.threshold} idPrefix={id} />
            </tr>
          </tfoot>
        </table>
      </ScrollArea>
      <WithheldNotes idPrefix={id} figures={figures} threshold={document.threshold} />
    </section>
  );
}

/** The open-data downloads: the stored JSON byte for byte, the CSV in the page's language, the licence and the checksum. */
function Downloads({ slug, id, sha256, document }: { slug: string; id: string; sha256: string; document: SnapshotDocument }) {
  const language = currentLanguage.value;
  return (
    <section aria-labelledby="data-title">
      <h2 id="data-title">{t('resultsData')}</h2>
      <p>{t('resultsDataIntro', { licence: document.licence.name, attribution: document.licence.attribution })}</p>
      <ul class="downloads">
        <li>
          <a class="button secondary" href={pathTo('GET /api/processes/:slug/snapshots/:id/data.json', { params: { slug, id } })} download>
            {t('resultsJson')}
          </a>
        </li>
        <li>
          <a class="button secondary" href={pathTo('GET /api/processes/:slug/snapshots/:id/data.csv', { params: { slug, id }, query: { lang: language } })} download>
            {t('resultsCsv')}
          </a>
        </li>
        <li>
          <a class="button secondary" href={document.licence.url} rel="license noreferrer">
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
  const language = currentLanguage.value;
  const words: ResultWords = { text: (key, params) => t(key, params), locale: numberLocale(language) };
  const back = (
    <p>
      <a href={withLanguage(`/p/${slug}/ergebnisse`)}>{t('resultsAll')}</a>
    </p>
  );
  if (loaded.loading || !loaded.data) {
    return (
      <PublicLayout title={t('results')}>
        {loaded.loading ? <Loading label={t('loading')} /> : <ErrorNotice error={loaded.error instanceof ApiError && loaded.error.status === 404 ? t('resultsNotFound') : t('loadFailed')} />}
        {back}
      </PublicLayout>
    );
  }
  const snapshot = loaded.data;
  if (snapshot.status === 'withdrawn') {
    const title = localize(snapshot.title, language);
    return (
      <PublicLayout title={title}>
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
  return (
    <PublicLayout title={title}>
      <ResultWordsContext.Provider value={words}>
        <h1>{title}</h1>
        <p class="hint">{t('resultsFrozen', { date: formatDay(document.releasedOn) })}</p>
        <p lang={document.intro[language] ? undefined : 'de'}>{localize(document.intro, language)}</p>
        <p>
          {document.respondents.suppressed ? t('resultsRespondentsFew', { threshold: document.threshold }) : t('resultsRespondents', { n: document.respondents.count })}
        </p>
        {document.questions.length > 0 && (
          <section aria-labelledby="questions-title">
            <h2 id="questions-title">{t('resultsQuestions')}</h2>
            {document.questions.map((question) => (
              <QuestionFigure key={question.key} result={inLanguage(question, document.texts[question.key], language)} context={context} />
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
        <Participation document={document} />
        <Downloads slug={slug} id={snapshot.id} sha256={snapshot.sha256} document={document} />
        {back}
      </ResultWordsContext.Provider>
    </PublicLayout>
  );
}
