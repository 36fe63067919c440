import type { AggregateResult, Cell } from '../../shared/api/results.ts';
import { pathTo } from '../../shared/api/path.ts';
import { suppressionNote } from '../../shared/results/labels.ts';
import { heatLevel, largestPublished } from '../../shared/results/scale.ts';
import { withheldText } from '../../shared/results/summary.ts';
import { STAFF_RESULT_WORDS } from '../charts/staff-words.ts';
import { Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi, useShownFor } from '../ui/useApi.ts';
import { ApiError } from '../api.ts';
import { BarChart, WithheldKey } from '../charts/BarChart.tsx';
import { dimensionValueLabel } from '../ui/labels.ts';
import { filterQuery, RefusedFilter } from './QuestionSections.tsx';
import { useResultsFilters } from './ResultsFilters.tsx';
import { t } from './messages.ts';

const AGGREGATES = 'GET /api/processes/:slug/aggregates';

/**
 * The suppressed counts for the chosen field under the page's „Befragte eingrenzen“
 * (`respondents`, as the address has them; the server reads them as it reads the downloads'):
 * by statistical district and by channel as bars with their tables, and by district and field.
 * `narrowed` names the filters in the downloads' words; each figure says it in its caption.
 */
export function Figures({ slug, field, respondents, narrowed, fieldLabel }: { slug: string; field: string; respondents: Record<string, string>; narrowed: string[]; fieldLabel: (key: string) => string | undefined }) {
  const { set } = useResultsFilters();
  const aggregates = (by: string) => ({ params: { slug }, query: filterQuery(AGGREGATES, field, respondents, { by }) });
  const byDistrict = useApi(AGGREGATES, aggregates('district'));
  const byChannel = useApi(AGGREGATES, aggregates('channel'));
  const byPlaceAndField = useApi(AGGREGATES, aggregates('district,field'));
  const threshold = byDistrict.data?.threshold ?? byChannel.data?.threshold ?? 5;
  const error = byDistrict.error || byChannel.error || byPlaceAndField.error;
  const loading = byDistrict.loading || byChannel.loading || byPlaceAndField.loading;
  // Each figure is captioned with the choice its counts were made for, until its new ones are here.
  const districtNarrowed = useShownFor(narrowed, byDistrict);
  const channelNarrowed = useShownFor(narrowed, byChannel);
  const crossNarrowed = useShownFor(narrowed, byPlaceAndField);
  // The files are refused for the same filters as the figures: no buttons that download an error.
  const refused = error instanceof ApiError && error.code === 'too_few_respondents';
  return (
    <>
      <section aria-labelledby="figures-title" aria-busy={loading}>
        <h2 id="figures-title">{t('figures.figures')}</h2>
        <p id="suppression-note" class="hint">
          {t('figures.responsesCountIfThey', { note: suppressionNote(threshold, t) })}
        </p>
        {loading && <Loading label={t('figures.loadingFigures')} />}
        {error ? <RefusedFilter error={error} onReset={() => set({ district: '', stadtteil: '', channel: '', language: '', band: '' })} /> : null}
        {!error && byDistrict.data && (
          <CountFigure title={t('figures.contributionsByDistrict')} heading={t('figures.district')} result={relabelled(byDistrict.data, fieldLabel)} narrowed={districtNarrowed} stale={byDistrict.stale} />
        )}
        {!error && byChannel.data && (
          <CountFigure title={t('figures.contributionsByChannel')} heading={t('figures.channel')} result={relabelled(byChannel.data, fieldLabel)} narrowed={channelNarrowed} stale={byChannel.stale} />
        )}
        {!error && byPlaceAndField.data && <HeatTable result={relabelled(byPlaceAndField.data, fieldLabel)} narrowed={crossNarrowed} stale={byPlaceAndField.stale} />}
      </section>
      <Downloads slug={slug} field={field} respondents={respondents} refused={refused} />
    </>
  );
}

/**
 * „Eingegrenzt: Sprache: Türkisch“ under a narrowed figure's title; nothing for the whole city.
 * `stale`: the figures below are still those of the choice before (`narrowed` is that one's,
 * `useShownFor`) while the new ones load, and the note says so.
 */
export function NarrowedNote({ narrowed, stale = false }: { narrowed: string[]; stale?: boolean }) {
  if (stale) {
    return (
      <p class="narrowed-note stale-note" role="status">
        {narrowed.length === 0 ? t('figures.staleWholeCity') : t('figures.staleNarrowedTo', { selection: narrowed.join(' · ') })}
      </p>
    );
  }
  if (narrowed.length === 0) return null;
  return <p class="narrowed-note">{t('figures.narrowedTo', { selection: narrowed.join(' · ') })}</p>;
}

/**
 * The table's values named in the staff's language where the words are ours (channels, "außerhalb
 * der Stadt") or the process has them (its fields of action; the API names them in German).
 */
function relabelled(result: AggregateResult, fieldLabel: (key: string) => string | undefined): AggregateResult {
  const label = (dimension: AggregateResult['dimensions'][number], value: { key: string; label: string }) =>
    (dimension === 'field' ? fieldLabel(value.key) : undefined) ?? dimensionValueLabel(dimension, value);
  return { ...result, values: result.values.map((values, index) => values.map((value) => ({ ...value, label: label(result.dimensions[index]!, value) }))) };
}

/**
 * A bar chart with its table beside it (below it on a phone). The chart is for the eye; the
 * table, always shown, is what assistive technology reads, and it adds the questionnaires.
 */
function CountFigure({ title, heading, result, narrowed, stale }: { title: string; heading: string; result: AggregateResult; narrowed: string[]; stale: boolean }) {
  const titleId = `chart-${result.dimensions.join('-')}`;
  const margin = result.contributions.margins[0]!;
  return (
    <figure class={stale ? 'chart-figure stale' : 'chart-figure'} aria-labelledby={titleId} aria-busy={stale}>
      <figcaption>
        <h3 id={titleId}>{title}</h3>
        <NarrowedNote narrowed={narrowed} stale={stale} />
        <p class="hint">{t('figures.eachBarIsAs')}</p>
        {result.responsesWithheld && <p class="hint">{t('figures.responsesWithheld')}</p>}
        <WithheldKey>{t('figures.withoutABarNumber', { threshold: result.threshold })}</WithheldKey>
      </figcaption>
      <div class="chart-with-table">
        <BarChart bars={result.values[0]!.map((value, index) => ({ ...value, cell: margin[index]! }))} threshold={result.threshold} />
        <CountTable caption={t('figures.contributionsAndResponsesBy', { heading })} heading={heading} result={result} />
      </div>
    </figure>
  );
}

function CountTable({ caption, heading, result }: { caption: string; heading: string; result: AggregateResult }) {
  const { contributions, responses, threshold } = result;
  const id = `counts-${result.dimensions.join('-')}`;
  return (
    // Scrolls sideways on a narrow phone, with a cue; focusable so the keyboard can scroll it too.
    <ScrollArea labelledBy={id}>
      <table class="counts">
        <caption id={id}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col">{t('figures.contributions')}</th>
            {responses && <th scope="col">{t('figures.responses')}</th>}
          </tr>
        </thead>
        <tbody>
          {result.values[0]!.map((value, index) => (
            <tr key={value.key}>
              <th scope="row">{value.label}</th>
              <Count cell={contributions.margins[0]![index]!} threshold={threshold} />
              {responses && <Count cell={responses.margins[0]![index]!} threshold={threshold} />}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('figures.total')}</th>
            <Count cell={contributions.total} threshold={threshold} />
            {responses && <Count cell={responses.total} threshold={threshold} />}
          </tr>
        </tfoot>
      </table>
    </ScrollArea>
  );
}

const HEAT_LEVELS = 4;

/**
 * Contributions by statistical district (rows) and field of action (columns): a table whose
 * cells are shaded by their count. The number is written in every cell, so the shade only
 * repeats it; a withheld cell is hatched and reads "< 5".
 */
function HeatTable({ result, narrowed, stale }: { result: AggregateResult; narrowed: string[]; stale: boolean }) {
  const { contributions, threshold } = result;
  const districts = result.values[0]!;
  const fields = result.values[1]!;
  const largest = largestPublished(contributions.cells);
  const titleId = 'chart-district-field';
  return (
    <figure class={stale ? 'chart-figure stale' : 'chart-figure'} aria-labelledby={titleId} aria-busy={stale}>
      <figcaption>
        <h3 id={titleId}>{t('figures.contributionsByDistrictAnd')}</h3>
        <NarrowedNote narrowed={narrowed} stale={stale} />
        <p class="hint">
          {t('figures.whichFieldsOfAction')}
        </p>
        <p class="chart-key heat-key" aria-hidden="true">
          <span>{t('figures.few')}</span>
          {Array.from({ length: HEAT_LEVELS }, (_, index) => (
            <span key={index} class={`swatch heat-${index + 1}`} />
          ))}
          <span>{t('figures.many')}</span>
        </p>
        <WithheldKey>{t('figures.hatchedNumberWithheldSee', { threshold })}</WithheldKey>
      </figcaption>
      <ScrollArea labelledBy={titleId}>
        <table class="counts heat" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">{t('figures.district')}</th>
              {fields.map((value) => (
                <th scope="col" key={value.key}>
                  {value.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {districts.map((district, row) => (
              <tr key={district.key}>
                <th scope="row">{district.label}</th>
                {fields.map((value, column) => {
                  const cell = contributions.cells[row * fields.length + column]!;
                  return <Count key={value.key} cell={cell} threshold={threshold} shade={heatLevel(cell, largest, HEAT_LEVELS)} />;
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('figures.total')}</th>
              {fields.map((value, column) => (
                <Count key={value.key} cell={contributions.margins[1]![column]!} threshold={threshold} />
              ))}
            </tr>
          </tfoot>
        </table>
      </ScrollArea>
    </figure>
  );
}

/** A count cell; `shade` (1 to 4) colours it as a heat-table cell. */
function Count({ cell, threshold, shade = 0 }: { cell: Cell; threshold: number; shade?: number }) {
  const heat = shade > 0 ? ` heat-${shade}` : '';
  if (!cell.suppressed) return <td class={`num${heat}`}>{cell.count}</td>;
  return (
    <td class="num suppressed" aria-describedby="suppression-note">
      {withheldText(cell.reason, threshold, STAFF_RESULT_WORDS)}
    </td>
  );
}

const FORMATS = () => ([
  { format: 'csv', label: t('figures.csvTable') },
  { format: 'xlsx', label: t('figures.excelFile') },
  { format: 'pdf', label: t('figures.pdfSummary') },
  { format: 'zip', label: t('figures.everythingAsZip') },
] as const);

/**
 * Plain links: the browser downloads with the session cookie, the server names the file. They carry
 * the page's field and „Befragte eingrenzen“ (`respondents`, as in the address), so the files hold
 * what the page is narrowed to; the hint says which: these respondents, or the whole city.
 */
function Downloads({ slug, field, respondents, refused }: { slug: string; field: string; respondents: Record<string, string>; refused: boolean }) {
  const narrowed = Object.values(respondents).some(Boolean);
  if (refused) {
    return (
      <section aria-labelledby="downloads-title">
        <h2 id="downloads-title">{t('figures.download')}</h2>
        <p class="notice">{t('figures.downloadsRefused')}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="downloads-title">
      <h2 id="downloads-title">{t('figures.download')}</h2>
      <p class="hint" id="downloads-hint">
        {field ? t('figures.downloadsOfField') : t('figures.downloadsOfAllFields')} <strong>{narrowed ? t('figures.downloadsNarrowed') : t('figures.downloadsWholeCity')}</strong>
      </p>
      <ul class="downloads">
        {FORMATS().map(({ format, label }) => (
          <li key={format}>
            <a
              class="button secondary"
              href={pathTo('GET /api/processes/:slug/exports/:format', { params: { slug, format }, query: { ...respondents, field } as Record<string, string> })}
              // A name, not a bare `download` (Preact writes it as „true“, and a file the server refused was saved as
              // true.json) nor an empty one (the router takes a link with an empty `download` for a page of its own). The
              // server's name for the file wins; this one is for a download the server did not name.
              download={`mitreden-${slug}.${format}`}
              aria-describedby="downloads-hint"
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
