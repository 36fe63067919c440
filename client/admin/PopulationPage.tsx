import { useState } from 'preact/hooks';
import type { PopulationImportResult, PopulationRow } from '../../shared/api/population.ts';
import { formatResidents } from '../../shared/results/participation.ts';
import { POPULATION_CATEGORY_LABELS, UNVERIFIED_POPULATION_NOTE } from '../../shared/population.ts';
import { ApiError, call } from '../api.ts';
import { germanDate } from '../ui/format.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { adminPath, participationPath, ProcessPicker } from '../ui/ProcessPicker.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi } from '../ui/useApi.ts';

const EXAMPLE = `# Quelle: Zensus 2022, Stadt Bergisch Gladbach
# Stichtag: 2022-05-15
# Lizenz: Datenlizenz Deutschland – Namensnennung – Version 2.0
Stadtteil;Einwohner;unter 18;18 bis 29;30 bis 49;50 bis 64;65 und älter;Deutsche;Ausländer;Ohne Einwanderungsgeschichte;Selbst eingewandert;Nachkommen von Eingewanderten
21;11069;2000;1500;3000;2569;2000;9641;1428;8100;2300;669`;

type Message = { kind: 'ok'; result: PopulationImportResult } | { kind: 'error'; text: string; lines: Array<{ line?: number; field?: string; message: string }> };

const share = (part: number | undefined, total: number | null) => (part === undefined || !total ? '–' : `${new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 }).format((100 * part) / total)} %`);

/** Reference data of a process: who lives in each Stadtteil, with source, reference date and licence; a CSV replaces all of it. */
export function PopulationPage({ slug }: { slug: string }) {
  const title = 'Einwohnerzahlen';
  const process = useApi('GET /api/admin/processes/:slug', { params: { slug } });
  const population = useApi('GET /api/admin/processes/:slug/population', { params: { slug } });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  if (!process.data || !population.data) {
    const error = process.error || population.error;
    return <Layout title={title}>{error ? <ErrorNotice error={error} /> : <Loading />}</Layout>;
  }
  const rows = population.data.stadtteile;
  const unverified = rows.filter((row) => row.population !== null && row.status !== 'official').length;

  async function upload(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const file = form.get('file');
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    setMessage(null);
    if (!(file instanceof File) || file.size === 0) {
      setMessage({ kind: 'error', text: 'Bitte eine CSV-Datei wählen.', lines: [] });
      return;
    }
    setBusy(true);
    try {
      const result = await call('POST /api/admin/processes/:slug/population', {
        params: { slug },
        body: { csv: await file.text(), source: text('source'), referenceDate: text('referenceDate'), licence: text('licence') },
      });
      setMessage({ kind: 'ok', result });
      population.reload();
    } catch (err) {
      const lines = err instanceof ApiError && Array.isArray(err.details) ? (err.details as Array<{ line?: number; field?: string; message: string }>) : [];
      const text =
        err instanceof ApiError && err.code === 'invalid_csv'
          ? 'Die Datei wurde nicht übernommen; nichts wurde geändert. Bitte diese Zeilen korrigieren:'
          : err instanceof ApiError && err.code === 'invalid_reference'
            ? 'Bitte Quelle, Stichtag und Lizenz angeben (in den Feldern oder in der Datei):'
            : err instanceof Error
              ? err.message
              : String(err);
      setMessage({ kind: 'error', text, lines });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Layout title={title}>
      <h1>
        {title}: {process.data.structure.title.de}
      </h1>
      <ProcessPicker current={slug} to={(other) => adminPath(other, 'einwohner')} />
      <p>
        Die Einwohnerzahlen je Stadtteil sind die Grundlage der Auswertung <a href={participationPath(slug)}>„Wer hat teilgenommen?“</a>: Stimmen je 1.000 Einwohner,
        nach Altersgruppe und Einwanderungsgeschichte, wie der Zensus 2022 sie zählt.
      </p>
      {unverified > 0 && (
        <p class="notice warn" role="note">
          <strong>{unverified} Stadtteile haben ungeprüfte Beispielzahlen.</strong> {UNVERIFIED_POPULATION_NOTE}
        </p>
      )}
      <div aria-live="polite">
        {message?.kind === 'ok' && (
          <div class="notice ok">
            <p>
              Übernommen: {formatResidents(message.result.population)} Einwohner in {message.result.imported} Stadtteilen ({message.result.source}, Stichtag{' '}
              {germanDate(message.result.referenceDate)}, Lizenz {message.result.licence}).
            </p>
            {message.result.withoutFigures.length > 0 && <p>Ohne Zahlen sind jetzt: {message.result.withoutFigures.join(', ')}.</p>}
          </div>
        )}
        {message?.kind === 'error' && (
          <div class="notice error" role="alert">
            <p>{message.text}</p>
            {message.lines.length > 0 && (
              <ul>
                {message.lines.map((line, index) => (
                  <li key={index}>
                    {line.line !== undefined ? `Zeile ${line.line}: ` : ''}
                    {line.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <form class="card" onSubmit={upload}>
        <h2>Einwohnerzahlen aus einer CSV-Datei übernehmen</h2>
        <p class="hint">
          Die Datei ersetzt alle Zahlen dieses Verfahrens auf einmal; ein Stadtteil ohne Zeile hat danach keine Zahl. Eine Datei mit Fehlern wird ganz abgelehnt, jede
          fehlerhafte Zeile wird genannt. Jede Übernahme steht im Protokoll.
        </p>
        <div class="field">
          <label for="population-file">CSV-Datei</label>
          <input id="population-file" name="file" type="file" accept=".csv,text/csv,text/plain" aria-describedby="population-file-hint" />
          <span id="population-file-hint" class="hint">
            Spalten „Stadtteil“ (Nummer, Schlüssel oder Name) und „Einwohner“, dazu wahlweise je vollständig: die Altersgruppen, „Deutsche“ und „Ausländer“,
            „Ohne Einwanderungsgeschichte“, „Selbst eingewandert“ und „Nachkommen von Eingewanderten“. Die Teile müssen die Einwohnerzahl ergeben. Getrennt durch
            Semikolon, Komma oder Tabulator.
          </span>
        </div>
        <div class="field">
          <label for="population-source">Quelle</label>
          <input id="population-source" name="source" type="text" aria-describedby="population-meta-hint" />
        </div>
        <div class="field">
          <label for="population-date">Stichtag</label>
          <input id="population-date" name="referenceDate" type="date" aria-describedby="population-meta-hint" />
        </div>
        <div class="field">
          <label for="population-licence">Lizenz</label>
          <input id="population-licence" name="licence" type="text" aria-describedby="population-meta-hint" />
        </div>
        <p id="population-meta-hint" class="hint">
          Leer gelassen gelten die Zeilen „# Quelle: …“, „# Stichtag: …“ und „# Lizenz: …“ am Anfang der Datei.
        </p>
        <details>
          <summary>Beispiel einer Datei</summary>
          <pre class="csv-example">{EXAMPLE}</pre>
        </details>
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            Einwohnerzahlen ersetzen
          </button>
        </div>
      </form>
      <FiguresTable rows={rows} />
    </Layout>
  );
}

function FiguresTable({ rows }: { rows: PopulationRow[] }) {
  return (
    <section aria-labelledby="population-table">
      <h2 id="population-table">Gespeicherte Zahlen</h2>
      <ScrollArea labelledBy="population-table-caption">
        <table class="counts">
          <caption id="population-table-caption">Einwohner je Stadtteil mit Quelle und Stand</caption>
          <thead>
            <tr>
              <th scope="col">Stadtteil</th>
              <th scope="col">Einwohner</th>
              <th scope="col">Stand</th>
              <th scope="col">Quelle, Stichtag, Lizenz</th>
              <th scope="col">{POPULATION_CATEGORY_LABELS.age['65-plus']}</th>
              <th scope="col">{POPULATION_CATEGORY_LABELS.nationality.foreign}</th>
              <th scope="col">{POPULATION_CATEGORY_LABELS.immigration.immigrated}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">
                  {row.nr} {row.name}
                </th>
                <td class="num">{row.population === null ? '–' : formatResidents(row.population)}</td>
                <td>{row.population === null ? 'keine Zahl' : row.status === 'official' ? 'amtlich' : 'ungeprüfte Beispielzahl'}</td>
                <td>{[row.source, row.referenceDate && germanDate(row.referenceDate), row.licence].filter(Boolean).join(', ') || '–'}</td>
                <td class="num">{share(row.parts.age?.['65-plus'], row.population)}</td>
                <td class="num">{share(row.parts.nationality?.foreign, row.population)}</td>
                <td class="num">{share(row.parts.immigration?.immigrated, row.population)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
    </section>
  );
}
