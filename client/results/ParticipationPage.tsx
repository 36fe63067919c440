import type { Participation, ParticipationArea, ParticipationBreakdown, ParticipationSummary, Rate, WhereNext } from '../../shared/api/participation.ts';
import type { Figure } from '../../shared/api/question-results.ts';
import { withheldReasons, withheldText } from '../../shared/results/summary.ts';
import { formatRate as formatRateIn, formatResidents as formatResidentsIn, formatScore as formatScoreIn } from '../../shared/results/participation.ts';
import { AGE_BANDS, type AgeBand } from '../../shared/api/stall.ts';
import { LANGUAGES, type Language } from '../../shared/languages.ts';
import { staffLocale } from '../i18n/staff.ts';
import { ageBandLabel, channelLabel, languageLabel, outsideLabel, staffText, unknownLabel, unverifiedPopulationNote } from '../ui/labels.ts';
import { germanDate } from '../ui/format.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { ProcessPicker, participationPath } from '../ui/ProcessPicker.tsx';
import { ResultsNav } from './ResultsNav.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi } from '../ui/useApi.ts';
import './participation.css';
import { STAFF_RESULT_WORDS } from '../charts/staff-words.ts';
import { t } from './messages.ts';

/**
 * Who took part against who lives there: per Stadtteil and statistical district the voices, the
 * rate per 1,000 residents with its 95 % Wilson interval and the ratio to the city, as a chart of
 * dots and whiskers for the eye and a table with the same numbers for everyone; the summary scores,
 * where to go next, and the age bands, immigration history and languages of the voices.
 */
export function ParticipationPage({ slug }: { slug: string }) {
  const process = useApi('GET /api/processes/:slug', { params: { slug } });
  const result = useApi('GET /api/processes/:slug/participation', { params: { slug } });
  const title = t('participationPage.participation');
  if (!result.data || !process.data) {
    const error = result.error || process.error;
    return <Layout title={title}>{error ? <ErrorNotice error={error} /> : <Loading label={t('participationPage.calculatingParticipation')} />}</Layout>;
  }
  const data = result.data;
  const districtName = new Map(data.districts.map((district) => [district.key, district.name]));
  // The survey's own questions for the comparison with the Zensus, named in the page's language.
  const comparedWith = data.comparisonQuestions;
  return (
    <Layout title={title} process={process.data.title}>
      <h1>{t('participationPage.whoTookPart', { de: staffText(process.data.title) })}</h1>
      <ProcessPicker current={slug} to={participationPath} />
      <ResultsNav slug={slug} current="beteiligung" />
      <p>
        {t('participationPage.voicesFromEachStadtteil')}</p>
      <Reference data={data} />
      <Summary data={data} />
      <WhereNextList places={data.whereNext} districtName={districtName} threshold={data.threshold} />
      <AreaFigure id="stadtteile" title={t('participationPage.voicesPer1000')} heading={t('participationPage.stadtteil')} areas={data.stadtteile} data={data} districtName={districtName} />
      <AreaFigure id="bezirke" title={t('participationPage.voicesPer10002')} heading={t('participationPage.district')} areas={data.districts} data={data} districtName={districtName} />
      <Breakdown id="alter" title={t('participationPage.byAgeGroup')} heading={t('participationPage.ageGroup')} breakdown={data.byAgeBand} label={(key) => ((AGE_BANDS as readonly string[]).includes(key) ? ageBandLabel(key as AgeBand) : key)} threshold={data.threshold}>
        {comparedWith.age
          ? t('participationPage.ageFromQuestion', { question: staffText(comparedWith.age.title) })
          : t('participationPage.ageWithoutQuestion') + t('participationPage.whereToMarkQuestion')}
      </Breakdown>
      <Breakdown
        id="einwanderung"
        title={t('participationPage.byMigrationBackground')}
        heading={t('participationPage.group')}
        breakdown={data.byImmigration}
        label={(key) => (key === 'immigrated' ? t('participationPage.immigratedThemselves') : t('participationPage.inGermanySinceBirth'))}
        threshold={data.threshold}
      >
        {comparedWith.immigration
          ? t('participationPage.immigrationFromQuestion', { question: staffText(comparedWith.immigration.title), answers: eitherOf(comparedWith.immigration.notImmigrated.map((label) => quoted(staffText(label)))) })
          : t('participationPage.immigrationWithoutQuestion') + t('participationPage.whereToMarkQuestion')}
      </Breakdown>
      <Breakdown
        id="sprache"
        title={t('participationPage.voicesByLanguage')}
        heading={t('participationPage.language')}
        breakdown={{
          groups: data.byLanguage.groups.map((group) => ({ key: group.language, voices: group.voices, population: null, rate: null, ratio: null })),
          notStated: data.byLanguage.notStated,
        }}
        label={(key) => ((LANGUAGES as readonly string[]).includes(key) ? languageLabel(key as Language) : key)}
        threshold={data.threshold}
        reference={false}
      >
        {t('participationPage.theLanguageAQuestionnaire')}</Breakdown>
      <Method threshold={data.threshold} />
    </Layout>
  );
}

/** An answer's words in the quotation marks of the staff language. */
const quoted = (answer: string) => t('participationPage.quotedAnswer', { answer });
/** „a“, „a“ oder „b“: answers any of which counts. */
const eitherOf = (items: string[]) => new Intl.ListFormat(staffLocale(), { type: 'disjunction' }).format(items);

/** Rates, scores and residents in the staff's number format. */
const formatRate = (rate: Rate) => formatRateIn(rate, staffLocale());
const formatScore = (value: number) => formatScoreIn(value, staffLocale());
const formatResidents = (value: number) => formatResidentsIn(value, staffLocale());

const count = (figure: Figure, threshold: number) => (figure.suppressed ? withheldText(figure.reason, threshold, STAFF_RESULT_WORDS) : formatResidents(figure.count));

function Reference({ data }: { data: Participation }) {
  const { reference } = data;
  if (reference.status === 'none') return <p class="notice warn">{t('participationPage.noPopulationFiguresAre')}</p>;
  return (
    <div class={reference.status === 'official' ? 'notice' : 'notice warn'} role="note">
      {reference.status !== 'official' && (
        <p>
          <strong>{t('participationPage.unverifiedSampleFigures')}</strong> {unverifiedPopulationNote()}
          {reference.status === 'mixed' && t('participationPage.someOfTheFigures')}
        </p>
      )}
      <p>
        {t('participationPage.populationFigures')}{' '}{reference.sources.length === 0 ? t('participationPage.sourceUnknown') : reference.sources.length === 1 ? reference.sources[0] : t('participationPage.sourceCount', { n: reference.sources.length })}
        {reference.dates.length > 0 && t('participationPage.referenceDate', { value: reference.dates.map(germanDate).join(', ') })}
        {reference.licences.length > 0 && t('participationPage.licence', { value: reference.licences.join('; ') })}.
      </p>
      {reference.sources.length > 1 && (
        <details>
          <summary>{t('participationPage.theSources', { length: reference.sources.length })}</summary>
          <ul class="sources">
            {reference.sources.map((source) => (
              <li key={source}>{source}</li>
            ))}
          </ul>
        </details>
      )}
      {reference.withoutPopulation.length > 0 && <p>{t('participationPage.stadtteileHaveNoPopulation', { length: reference.withoutPopulation.length })}</p>}
    </div>
  );
}

function RateText({ rate }: { rate: Rate | null }) {
  return <>{rate ? formatRate(rate) : '–'}</>;
}

function Summary({ data }: { data: Participation }) {
  const name = (areas: ParticipationArea[], key: string | null) => areas.find((area) => area.key === key)?.name ?? '';
  const scores = (summary: ParticipationSummary, areas: ParticipationArea[], what: string) => (
    <>
      <dt>{t('participationPage.lowestHighestRate', { what })}</dt>
      <dd>
        {summary.lowestOverHighest === null ? t('participationPage.cannotBeCalculated') : `${formatScore(summary.lowestOverHighest)} (${name(areas, summary.lowest)} ÷ ${name(areas, summary.highest)})`}
      </dd>
      <dt>{t('participationPage.proportionalSimilarity', { what })}</dt>
      <dd>
        {summary.similarity === null ? t('participationPage.cannotBeCalculated') : formatScore(summary.similarity)}
        {summary.withheld > 0 && t('participationPage.ofWithTooFew', { withheld: summary.withheld, compared: summary.compared })}
      </dd>
    </>
  );
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{t('participationPage.atAGlance')}</h2>
      <dl class="participation-summary">
        <dt>{t('participationPage.voicesInTotal')}</dt>
        <dd>{count(data.total.voices, data.threshold)}</dd>
        <dt>{t('participationPage.cityWidePer1')}</dt>
        <dd>
          <RateText rate={data.city.rate} />
        </dd>
        {scores(data.summary.stadtteile, data.stadtteile, t('participationPage.stadtteile'))}
        {scores(data.summary.districts, data.districts, t('participationPage.districts'))}
      </dl>
    </section>
  );
}

function WhereNextList({ places, districtName, threshold }: { places: WhereNext[]; districtName: Map<string, string>; threshold: number }) {
  if (places.length === 0) return null;
  return (
    <section aria-labelledby="where-next-title">
      <h2 id="where-next-title">{t('participationPage.whereNext')}</h2>
      <p class="hint">{t('participationPage.theThreeStadtteileWhere')}</p>
      <ol class="where-next">
        {places.map((place) => (
          <li key={place.key}>
            <strong>{place.name}</strong> ({districtName.get(place.district) ?? place.district}{t('participationPage.residents', { population: formatResidents(place.population) })}{' '}
            {place.rate ? t('participationPage.perThousand', { rate: formatRate(place.rate) }) : t('participationPage.fewerThanVoicesAt', { threshold, upperBound: formatScore(place.upperBound) })}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * Dots with whiskers: the rate and its 95 % interval on one scale for all rows, a dashed line at
 * the city-wide rate. For the eye only (`aria-hidden`); the table beside it has every number.
 * Positions are SVG attributes in percent (the CSP allows no `style` attribute).
 */
function RateChart({ areas, city, threshold }: { areas: ParticipationArea[]; city: Rate | null; threshold: number }) {
  const largest = Math.max(city?.high ?? 0, ...areas.map((area) => area.rate?.high ?? 0));
  if (largest <= 0) return null;
  const at = (value: number) => `${((value / largest) * 100).toFixed(2)}%`;
  return (
    <div class="rate-chart" aria-hidden="true">
      {areas.map((area) => (
        <div class="rate-row" key={area.key}>
          <span class="rate-label">{area.name}</span>
          <span class="rate-track">
            {area.rate ? (
              <svg class="rate-mark" width="100%" height="24" focusable="false">
                {city && <line class="city-line" x1={at(city.perThousand)} x2={at(city.perThousand)} y1="0" y2="24" />}
                <line class="whisker" x1={at(area.rate.low)} x2={at(area.rate.high)} y1="12" y2="12" />
                <line class="whisker-end" x1={at(area.rate.low)} x2={at(area.rate.low)} y1="6" y2="18" />
                <line class="whisker-end" x1={at(area.rate.high)} x2={at(area.rate.high)} y1="6" y2="18" />
                <circle class="rate-dot" cx={at(area.rate.perThousand)} cy="12" r="6" />
              </svg>
            ) : (
              <span class="rate-missing">{area.population === null ? t('participationPage.noPopulationFigure') : area.voices.suppressed && area.voices.reason === 'secondary' ? t('participationPage.voicesHidden') : t('participationPage.voicesCount', { n: count(area.voices, threshold) })}</span>
            )}
          </span>
          {area.rate && <span class="rate-value">{formatRate(area.rate).split(' ')[0]}</span>}
        </div>
      ))}
    </div>
  );
}

function AreaFigure({
  id,
  title,
  heading,
  areas,
  data,
  districtName,
}: {
  id: string;
  title: string;
  heading: string;
  areas: ParticipationArea[];
  data: Participation;
  districtName: Map<string, string>;
}) {
  const titleId = `participation-${id}`;
  const threshold = data.threshold;
  const stadtteile = id === 'stadtteile';
  return (
    <figure class="chart-figure" aria-labelledby={titleId}>
      <figcaption>
        <h2 id={titleId}>{title}</h2>
        <p class="hint">
          {t('participationPage.dotVoicesPer1')}{data.city.rate ? ` (${formatRate(data.city.rate).split(' ')[0]})` : ''}{t('participationPage.theTableGivesThe')}</p>
      </figcaption>
      <div class="chart-with-table participation-figure">
        <RateChart areas={areas} city={data.city.rate} threshold={threshold} />
        <ScrollArea labelledBy={`${titleId}-table`}>
          <table class="counts participation">
            <caption id={`${titleId}-table`}>{t('participationPage.figures', { title })}</caption>
            <thead>
              <tr>
                <th scope="col">{heading}</th>
                {stadtteile && <th scope="col">{t('participationPage.district2')}</th>}
                <th scope="col">{t('participationPage.residents2')}</th>
                <th scope="col">{t('participationPage.responses')}</th>
                <th scope="col">{t('participationPage.contributions')}</th>
                <th scope="col">{t('participationPage.voices')}</th>
                {data.channels.map((channel) => (
                  <th scope="col" key={channel}>
                    {channelLabel(channel)}
                  </th>
                ))}
                <th scope="col">{t('participationPage.per100095')}</th>
                <th scope="col">{t('participationPage.ratioToTheCity')}</th>
              </tr>
            </thead>
            <tbody>
              {areas.map((area) => (
                <tr key={area.key}>
                  <th scope="row">{area.name}</th>
                  {stadtteile && <td>{area.district ? (districtName.get(area.district) ?? area.district) : ''}</td>}
                  <td class="num">
                    {area.population === null ? '–' : formatResidents(area.population)}
                    {area.populationStatus === 'unverified' && <abbr title={t('participationPage.unverifiedSampleFigure')}> *</abbr>}
                  </td>
                  <Num figure={area.responses} threshold={threshold} />
                  <Num figure={area.contributions} threshold={threshold} />
                  <Num figure={area.voices} threshold={threshold} />
                  {area.channels.map((channel) => (
                    <Num key={channel.channel} figure={channel.voices} threshold={threshold} />
                  ))}
                  <td class="num">
                    <RateText rate={area.rate} />
                  </td>
                  <td class="num">{area.ratio === null ? '–' : formatScore(area.ratio)}</td>
                </tr>
              ))}
            </tbody>
            {stadtteile && (
              <tfoot>
                {[
                  { key: 'outside', label: outsideLabel(), counts: data.outside },
                  { key: 'unknown', label: unknownLabel(), counts: data.unknown },
                ].map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{row.label}</th>
                    <td />
                    <td class="num">–</td>
                    <Num figure={row.counts.responses} threshold={threshold} />
                    <Num figure={row.counts.contributions} threshold={threshold} />
                    <Num figure={row.counts.voices} threshold={threshold} />
                    {data.channels.map((channel) => (
                      <td key={channel} />
                    ))}
                    <td class="num">–</td>
                    <td class="num">–</td>
                  </tr>
                ))}
              </tfoot>
            )}
          </table>
        </ScrollArea>
      </div>
      <WithheldNote threshold={threshold} unverified={areas.some((area) => area.populationStatus === 'unverified')} />
    </figure>
  );
}

function Num({ figure, threshold }: { figure: Figure; threshold: number }) {
  return <td class={figure.suppressed ? 'num suppressed' : 'num'}>{count(figure, threshold)}</td>;
}

function WithheldNote({ threshold, unverified }: { threshold: number; unverified: boolean }) {
  const reasons = withheldReasons(threshold, 'voices', STAFF_RESULT_WORDS);
  return (
    <p class="hint">
      {reasons.below_threshold} {reasons.secondary}
      {unverified && t('participationPage.unverifiedSampleFigure2')}
    </p>
  );
}

/** A table of voices by group; with `reference`, the residents of each group, the rate and the ratio beside them. */
function Breakdown({
  id,
  title,
  heading,
  breakdown,
  label,
  threshold,
  reference = true,
  children,
}: {
  id: string;
  title: string;
  heading: string;
  breakdown: Pick<ParticipationBreakdown, 'groups' | 'notStated'> & { referenceComplete?: boolean };
  label: (key: string) => string;
  threshold: number;
  reference?: boolean;
  children: string;
}) {
  const titleId = `participation-${id}`;
  const dashes = reference ? 3 : 0;
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <p class="hint">
        {children}
        {reference && !breakdown.referenceComplete && t('participationPage.thePopulationFiguresDo')}
      </p>
      <ScrollArea labelledBy={`${titleId}-table`}>
        <table class="counts participation">
          <caption id={`${titleId}-table`}>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{heading}</th>
              <th scope="col">{t('participationPage.voices')}</th>
              {reference && (
                <>
                  <th scope="col">{t('participationPage.residents2')}</th>
                  <th scope="col">{t('participationPage.per100095')}</th>
                  <th scope="col">{t('participationPage.ratioToEveryoneWith')}</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {breakdown.groups.map((group) => (
              <tr key={group.key}>
                <th scope="row">{label(group.key)}</th>
                <Num figure={group.voices} threshold={threshold} />
                {reference && (
                  <>
                    <td class="num">{group.population === null ? '–' : formatResidents(group.population)}</td>
                    <td class="num">
                      <RateText rate={group.rate} />
                    </td>
                    <td class="num">{group.ratio === null ? '–' : formatScore(group.ratio)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('participationPage.notGiven')}</th>
              <Num figure={breakdown.notStated} threshold={threshold} />
              {Array.from({ length: dashes }, (_, index) => (
                <td key={index} class="num">
                  –
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </ScrollArea>
    </section>
  );
}

function Method({ threshold }: { threshold: number }) {
  return (
    <details class="method">
      <summary>{t('participationPage.howItIsCalculated')}</summary>
      <ul>
        <li>{t('participationPage.formulaRate')}</li>
        <li>{t('participationPage.formulaWilson')}</li>
        <li>{t('participationPage.formulaRatio')}</li>
        <li>{t('participationPage.formulaSpread')}</li>
        <li>{t('participationPage.formulaSimilarity')}</li>
        <li>
          {t('participationPage.voicesBelowAreNot', { threshold })}</li>
        <li>
          {t('participationPage.whereNextOrdersBy', { threshold, value: threshold - 1 })}</li>
      </ul>
    </details>
  );
}
