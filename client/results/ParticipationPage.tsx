import type { Participation, ParticipationArea, ParticipationBreakdown, ParticipationSummary, Rate, WhereNext } from '../../shared/api/participation.ts';
import type { Figure } from '../../shared/api/question-results.ts';
import { CHANNEL_LABELS, LANGUAGE_LABELS, OUTSIDE_LABEL, UNKNOWN_LABEL } from '../../shared/results/labels.ts';
import { withheldReasons, withheldText } from '../../shared/results/summary.ts';
import { formatRate, formatResidents, formatScore, PARTICIPATION_FORMULAS } from '../../shared/results/participation.ts';
import { POPULATION_CATEGORY_LABELS, UNVERIFIED_POPULATION_NOTE } from '../../shared/population.ts';
import type { Language } from '../../shared/languages.ts';
import { germanDate } from '../ui/format.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { ProcessPicker, participationPath } from '../ui/ProcessPicker.tsx';
import { ResultsNav } from './ResultsNav.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi } from '../ui/useApi.ts';
import './participation.css';

/**
 * Who took part against who lives there: per Stadtteil and statistical district the voices, the
 * rate per 1,000 residents with its 95 % Wilson interval and the ratio to the city, as a chart of
 * dots and whiskers for the eye and a table with the same numbers for everyone; the summary scores,
 * where to go next, and the age bands, immigration history and languages of the voices.
 */
export function ParticipationPage({ slug }: { slug: string }) {
  const process = useApi('GET /api/processes/:slug', { params: { slug } });
  const result = useApi('GET /api/processes/:slug/participation', { params: { slug } });
  const title = 'Beteiligung';
  if (!result.data || !process.data) {
    const error = result.error || process.error;
    return <Layout title={title}>{error ? <ErrorNotice error={error} /> : <Loading label="Beteiligung wird berechnet …" />}</Layout>;
  }
  const data = result.data;
  const districtName = new Map(data.districts.map((district) => [district.key, district.name]));
  return (
    <Layout title={title}>
      <h1>Wer hat teilgenommen? {process.data.title.de}</h1>
      <ProcessPicker current={slug} to={participationPath} />
      <ResultsNav slug={slug} current="beteiligung" />
      <p>
        Stimmen aus jedem Stadtteil im Verhältnis zu den Menschen, die dort wohnen. Eine Stimme ist ein Fragebogen (online oder auf Papier) oder ein Beitrag ohne
        Fragebogen (Notiz am Marktstand, Karte der Integrationskonferenz).
      </p>
      <Reference data={data} />
      <Summary data={data} />
      <WhereNextList places={data.whereNext} districtName={districtName} threshold={data.threshold} />
      <AreaFigure id="stadtteile" title="Stimmen je 1.000 Einwohner nach Stadtteil" heading="Stadtteil" areas={data.stadtteile} data={data} districtName={districtName} />
      <AreaFigure id="bezirke" title="Stimmen je 1.000 Einwohner nach Stadtbezirk" heading="Stadtbezirk" areas={data.districts} data={data} districtName={districtName} />
      <Breakdown id="alter" title="Nach Altersgruppe" heading="Altersgruppe" breakdown={data.byAgeBand} label={(key) => POPULATION_CATEGORY_LABELS.age[key] ?? key} threshold={data.threshold}>
        Selbst angegebenes Alter aus dem Fragebogen und das Alter, das Standteams bei einer Notiz vermerkt haben.
      </Breakdown>
      <Breakdown
        id="einwanderung"
        title="Nach Einwanderungsgeschichte"
        heading="Gruppe"
        breakdown={data.byImmigration}
        label={(key) => (key === 'immigrated' ? 'Selbst eingewandert' : 'Seit Geburt in Deutschland')}
        threshold={data.threshold}
      >
        Fragebogen: „Wie lange leben Sie schon in Deutschland?“ Wer nicht „seit meiner Geburt“ angibt, zählt als selbst eingewandert; verglichen mit der
        Einwohnerzahl „selbst eingewandert“ des Zensus 2022.
      </Breakdown>
      <Breakdown
        id="sprache"
        title="Stimmen nach Sprache"
        heading="Sprache"
        breakdown={{
          groups: data.byLanguage.groups.map((group) => ({ key: group.language, voices: group.voices, population: null, rate: null, ratio: null })),
          notStated: data.byLanguage.notStated,
        }}
        label={(key) => LANGUAGE_LABELS[key as Language] ?? key}
        threshold={data.threshold}
        reference={false}
      >
        Die Sprache, in der ein Fragebogen ausgefüllt oder eine Notiz gegeben wurde. Für Sprachen gibt es keine Einwohnerzahlen, darum keine Raten.
      </Breakdown>
      <Method threshold={data.threshold} />
    </Layout>
  );
}

const count = (figure: Figure, threshold: number) => (figure.suppressed ? withheldText(figure.reason, threshold) : formatResidents(figure.count));

function Reference({ data }: { data: Participation }) {
  const { reference } = data;
  if (reference.status === 'none') return <p class="notice warn">Für dieses Verfahren sind keine Einwohnerzahlen hinterlegt; Raten lassen sich nicht berechnen.</p>;
  return (
    <div class={reference.status === 'official' ? 'notice' : 'notice warn'} role="note">
      {reference.status !== 'official' && (
        <p>
          <strong>Ungeprüfte Beispielzahlen.</strong> {UNVERIFIED_POPULATION_NOTE}
          {reference.status === 'mixed' && ' Ein Teil der Zahlen ist amtlich, ein Teil nicht.'}
        </p>
      )}
      <p>
        Einwohnerzahlen: {reference.sources.length === 0 ? 'Quelle unbekannt' : reference.sources.length === 1 ? reference.sources[0] : `${reference.sources.length} Quellen`}
        {reference.dates.length > 0 && `, Stichtag ${reference.dates.map(germanDate).join(', ')}`}
        {reference.licences.length > 0 && `, Lizenz ${reference.licences.join('; ')}`}.
      </p>
      {reference.sources.length > 1 && (
        <details>
          <summary>Die {reference.sources.length} Quellen</summary>
          <ul class="sources">
            {reference.sources.map((source) => (
              <li key={source}>{source}</li>
            ))}
          </ul>
        </details>
      )}
      {reference.withoutPopulation.length > 0 && <p>{reference.withoutPopulation.length} Stadtteile haben keine Einwohnerzahl und gehen in keine Rate ein.</p>}
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
      <dt>Niedrigste ÷ höchste Rate ({what})</dt>
      <dd>
        {summary.lowestOverHighest === null ? 'nicht berechenbar' : `${formatScore(summary.lowestOverHighest)} (${name(areas, summary.lowest)} ÷ ${name(areas, summary.highest)})`}
      </dd>
      <dt>Proportionale Ähnlichkeit ({what})</dt>
      <dd>
        {summary.similarity === null ? 'nicht berechenbar' : formatScore(summary.similarity)}
        {summary.withheld > 0 && ` — ${summary.withheld} von ${summary.compared} mit zu wenigen Stimmen zusammengefasst`}
      </dd>
    </>
  );
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">Auf einen Blick</h2>
      <dl class="participation-summary">
        <dt>Stimmen insgesamt</dt>
        <dd>{count(data.total.voices, data.threshold)}</dd>
        <dt>Stadtweit je 1.000 Einwohner (95-%-Intervall)</dt>
        <dd>
          <RateText rate={data.city.rate} />
        </dd>
        {scores(data.summary.stadtteile, data.stadtteile, 'Stadtteile')}
        {scores(data.summary.districts, data.districts, 'Stadtbezirke')}
      </dl>
    </section>
  );
}

function WhereNextList({ places, districtName, threshold }: { places: WhereNext[]; districtName: Map<string, string>; threshold: number }) {
  if (places.length === 0) return null;
  return (
    <section aria-labelledby="where-next-title">
      <h2 id="where-next-title">Wohin als Nächstes?</h2>
      <p class="hint">Die drei Stadtteile, in denen die Beteiligung sicher am niedrigsten ist: nach der oberen Grenze ihres 95-%-Intervalls.</p>
      <ol class="where-next">
        {places.map((place) => (
          <li key={place.key}>
            <strong>{place.name}</strong> ({districtName.get(place.district) ?? place.district}, {formatResidents(place.population)} Einwohner):{' '}
            {place.rate ? `${formatRate(place.rate)} je 1.000` : `weniger als ${threshold} Stimmen, höchstens ${formatScore(place.upperBound)} je 1.000`}
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
              <span class="rate-missing">{area.population === null ? 'keine Einwohnerzahl' : `${count(area.voices, threshold)} Stimmen`}</span>
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
          Punkt: Stimmen je 1.000 Einwohner; Strich: das 95-%-Intervall (je kürzer, desto sicherer); gestrichelte Linie: die ganze Stadt
          {data.city.rate ? ` (${formatRate(data.city.rate).split(' ')[0]})` : ''}. Die Tabelle nennt dieselben Zahlen und die Kanäle.
        </p>
      </figcaption>
      <div class="chart-with-table participation-figure">
        <RateChart areas={areas} city={data.city.rate} threshold={threshold} />
        <ScrollArea labelledBy={`${titleId}-table`}>
          <table class="counts participation">
            <caption id={`${titleId}-table`}>{title}: Zahlen</caption>
            <thead>
              <tr>
                <th scope="col">{heading}</th>
                {stadtteile && <th scope="col">Bezirk</th>}
                <th scope="col">Einwohner</th>
                <th scope="col">Fragebögen</th>
                <th scope="col">Beiträge</th>
                <th scope="col">Stimmen</th>
                {data.channels.map((channel) => (
                  <th scope="col" key={channel}>
                    {CHANNEL_LABELS[channel]}
                  </th>
                ))}
                <th scope="col">je 1.000 (95-%-Intervall)</th>
                <th scope="col">Verhältnis zur Stadt</th>
              </tr>
            </thead>
            <tbody>
              {areas.map((area) => (
                <tr key={area.key}>
                  <th scope="row">{area.name}</th>
                  {stadtteile && <td>{area.district ? (districtName.get(area.district) ?? area.district) : ''}</td>}
                  <td class="num">
                    {area.population === null ? '–' : formatResidents(area.population)}
                    {area.populationStatus === 'unverified' && <abbr title="ungeprüfte Beispielzahl"> *</abbr>}
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
                  { key: 'outside', label: OUTSIDE_LABEL, counts: data.outside },
                  { key: 'unknown', label: UNKNOWN_LABEL, counts: data.unknown },
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
  const reasons = withheldReasons(threshold, 'Stimmen');
  return (
    <p class="hint">
      {reasons.below_threshold} {reasons.secondary}
      {unverified && ' * ungeprüfte Beispielzahl.'}
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
        {reference && !breakdown.referenceComplete && ' Die Einwohnerzahlen nennen diese Gruppen nicht für jeden Stadtteil; darum stehen hier keine Raten.'}
      </p>
      <ScrollArea labelledBy={`${titleId}-table`}>
        <table class="counts participation">
          <caption id={`${titleId}-table`}>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{heading}</th>
              <th scope="col">Stimmen</th>
              {reference && (
                <>
                  <th scope="col">Einwohner</th>
                  <th scope="col">je 1.000 (95-%-Intervall)</th>
                  <th scope="col">Verhältnis zu allen mit Angabe</th>
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
              <th scope="row">ohne Angabe</th>
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
      <summary>So wird gerechnet</summary>
      <ul>
        <li>{PARTICIPATION_FORMULAS.rate}</li>
        <li>{PARTICIPATION_FORMULAS.wilson}</li>
        <li>{PARTICIPATION_FORMULAS.ratio}</li>
        <li>{PARTICIPATION_FORMULAS.spread}</li>
        <li>{PARTICIPATION_FORMULAS.similarity}</li>
        <li>
          Stimmen unter {threshold} werden nicht genannt, auch keine Rate daraus. Für die Ähnlichkeit werden solche Stadtteile zu einer Gruppe zusammengefasst, deren
          Summe sich aus den genannten Zahlen ohnehin ergibt.
        </li>
        <li>
          „Wohin als Nächstes“ ordnet nach der oberen Grenze des Intervalls: ein großer Stadtteil mit wenigen Stimmen kommt vor einem sehr kleinen, bei dem wenige
          Stimmen wenig aussagen. Ein Stadtteil mit weniger als {threshold} Stimmen zählt dabei mit {threshold - 1}.
        </li>
      </ul>
    </details>
  );
}
