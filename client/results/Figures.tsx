import type { AggregateResult, Cell } from '../../shared/api/results.ts';
import { pathTo } from '../../shared/api/path.ts';
import { suppressionNote } from '../../shared/results/labels.ts';
import { heatLevel, largestPublished } from '../../shared/results/scale.ts';
import { formatCell } from '../../shared/results/suppress.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi } from '../ui/useApi.ts';
import { BarChart, WithheldKey } from '../charts/BarChart.tsx';


/** The suppressed counts for the chosen field: by statistical district and by channel as bars with their tables, and by district and field. */
export function Figures({ slug, field }: { slug: string; field: string }) {
  const aggregates = (by: string) => ({ params: { slug }, query: { by, field: field || undefined } });
  const byDistrict = useApi('GET /api/processes/:slug/aggregates', aggregates('district'));
  const byChannel = useApi('GET /api/processes/:slug/aggregates', aggregates('channel'));
  const byPlaceAndField = useApi('GET /api/processes/:slug/aggregates', aggregates('district,field'));
  const threshold = byDistrict.data?.threshold ?? byChannel.data?.threshold ?? 5;
  const error = byDistrict.error || byChannel.error || byPlaceAndField.error;
  return (
    <section aria-labelledby="figures-title">
      <h2 id="figures-title">Zahlen</h2>
      <p id="suppression-note" class="hint">
        {suppressionNote(threshold)} Fragebögen zählen, wenn sie mindestens eine Antwort zu diesen Handlungsfeldern enthalten; ihr Ort ist der selbst angegebene Stadtteil.
      </p>
      {(byDistrict.loading || byChannel.loading || byPlaceAndField.loading) && <Loading label="Zahlen werden geladen …" />}
      {error ? <ErrorNotice error={error} /> : null}
      {byDistrict.data && <CountFigure title="Beiträge nach Stadtbezirk" heading="Stadtbezirk" result={byDistrict.data} />}
      {byChannel.data && <CountFigure title="Beiträge nach Kanal" heading="Kanal" result={byChannel.data} />}
      {byPlaceAndField.data && <HeatTable result={byPlaceAndField.data} />}
    </section>
  );
}

/**
 * A bar chart with its table beside it (below it on a phone). The chart is for the eye; the
 * table, always shown, is what assistive technology reads, and it adds the questionnaires.
 */
function CountFigure({ title, heading, result }: { title: string; heading: string; result: AggregateResult }) {
  const titleId = `chart-${result.dimensions.join('-')}`;
  const margin = result.contributions.margins[0]!;
  return (
    <figure class="chart-figure" aria-labelledby={titleId}>
      <figcaption>
        <h3 id={titleId}>{title}</h3>
        <p class="hint">Jeder Balken ist so lang wie die Zahl an seinem Ende, gemessen an der größten genannten Zahl. Die Tabelle nennt dieselben Zahlen und dazu die Fragebögen.</p>
        <WithheldKey threshold={result.threshold}>ohne Balken: Zahl nicht genannt (siehe oben), nicht null.</WithheldKey>
      </figcaption>
      <div class="chart-with-table">
        <BarChart bars={result.values[0]!.map((value, index) => ({ ...value, cell: margin[index]! }))} threshold={result.threshold} />
        <CountTable caption={`Beiträge und Fragebögen nach ${heading}`} heading={heading} result={result} />
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
            <th scope="col">Beiträge</th>
            {responses && <th scope="col">Fragebögen</th>}
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
            <th scope="row">Gesamt</th>
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
function HeatTable({ result }: { result: AggregateResult }) {
  const { contributions, threshold } = result;
  const districts = result.values[0]!;
  const fields = result.values[1]!;
  const largest = largestPublished(contributions.cells);
  const titleId = 'chart-district-field';
  return (
    <figure class="chart-figure" aria-labelledby={titleId}>
      <figcaption>
        <h3 id={titleId}>Beiträge nach Stadtbezirk und Handlungsfeld</h3>
        <p class="hint">
          Welche Handlungsfelder bewegen welchen Stadtbezirk? Je dunkler ein Feld, desto mehr Beiträge; die Zahl steht in jedem Feld. Ein Beitrag zu mehreren
          Handlungsfeldern zählt bei jedem.
        </p>
        <p class="chart-key heat-key" aria-hidden="true">
          <span>wenige</span>
          {Array.from({ length: HEAT_LEVELS }, (_, index) => (
            <span key={index} class={`swatch heat-${index + 1}`} />
          ))}
          <span>viele</span>
        </p>
        <WithheldKey threshold={threshold}>schraffiert: Zahl nicht genannt (siehe oben), nicht null.</WithheldKey>
      </figcaption>
      <ScrollArea labelledBy={titleId}>
        <table class="counts heat" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">Stadtbezirk</th>
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
              <th scope="row">Gesamt</th>
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
      {formatCell(cell, threshold)}
    </td>
  );
}

const FORMATS = [
  { format: 'csv', label: 'CSV-Tabelle' },
  { format: 'xlsx', label: 'Excel-Datei' },
  { format: 'pdf', label: 'PDF-Zusammenfassung' },
  { format: 'zip', label: 'Alles als ZIP' },
] as const;

/** Plain links: the browser downloads with the session cookie, the server names the file. */
export function Downloads({ slug, field }: { slug: string; field: string }) {
  return (
    <section aria-labelledby="downloads-title">
      <h2 id="downloads-title">Herunterladen</h2>
      <p class="hint">
        Die Beiträge ({field ? 'des gewählten Handlungsfelds' : 'aller Ihrer Handlungsfelder'}) ohne persönliche Daten und nur mit Monat, dazu die Zahlen wie oben.
      </p>
      <ul class="downloads">
        {FORMATS.map(({ format, label }) => (
          <li key={format}>
            <a class="button secondary" href={pathTo('GET /api/processes/:slug/exports/:format', { params: { slug, format }, query: { field: field || undefined } })} download>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
