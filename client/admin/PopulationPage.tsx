import { useState } from 'preact/hooks';
import type { PopulationImportResult, PopulationProblemCode, PopulationReferenceProblemCode, PopulationRow } from '../../shared/api/population.ts';
import type { PopulationDimension } from '../../shared/population.ts';
import { formatResidents } from '../../shared/results/participation.ts';
import { staffLocale } from '../i18n/staff.ts';
import { ageBandLabel, staffText, unverifiedPopulationNote } from '../ui/labels.ts';
import { ApiError, call } from '../api.ts';
import { germanDate } from '../ui/format.ts';
import { ErrorNotice, errorText, Layout, Loading } from '../ui/Layout.tsx';
import { adminPath, participationPath, ProcessPicker } from '../ui/ProcessPicker.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi } from '../ui/useApi.ts';
import { t, type MessageKey } from './messages.ts';

/** A file in the import format for the process's city and one of its Stadtteile; column names and comment lines are German whatever the page's language. */
const EXAMPLE = (city: string, stadtteil: string) => `# Quelle: Zensus 2022, Stadt ${city}
# Stichtag: 2022-05-15
# Lizenz: Datenlizenz Deutschland – Namensnennung – Version 2.0
Stadtteil;Einwohner;unter 18;18 bis 29;30 bis 49;50 bis 64;65 und älter;Deutsche;Ausländer;Ohne Einwanderungsgeschichte;Selbst eingewandert;Nachkommen von Eingewanderten
${stadtteil};11069;2000;1500;3000;2569;2000;9641;1428;8100;2300;669`;

/** A problem of the file or of its provenance as the server names it (`parsePopulationCsv`, `importPopulation`). */
interface Problem {
  line?: number;
  field?: string;
  code?: string;
  message?: string;
  values?: Record<string, string>;
}

/** `noFile`: sent without a file; the message then describes the file field, which is marked invalid and gets the focus. */
type Message = { kind: 'ok'; result: PopulationImportResult } | { kind: 'error'; text: string; lines: Problem[]; noFile?: true };

const PROBLEMS: Record<PopulationProblemCode | PopulationReferenceProblemCode, MessageKey> = {
  unreadable: 'populationPage.problem.unreadable',
  no_header: 'populationPage.problem.no_header',
  unknown_column: 'populationPage.problem.unknown_column',
  column_missing: 'populationPage.problem.column_missing',
  column_twice: 'populationPage.problem.column_twice',
  parts_incomplete: 'populationPage.problem.parts_incomplete',
  unknown_stadtteil: 'populationPage.problem.unknown_stadtteil',
  stadtteil_missing: 'populationPage.problem.stadtteil_missing',
  stadtteil_twice: 'populationPage.problem.stadtteil_twice',
  count_missing: 'populationPage.problem.count_missing',
  not_a_count: 'populationPage.problem.not_a_count',
  parts_empty: 'populationPage.problem.parts_empty',
  parts_sum: 'populationPage.problem.parts_sum',
  no_rows: 'populationPage.problem.no_rows',
  source_missing: 'populationPage.problem.source_missing',
  reference_date_missing: 'populationPage.problem.reference_date_missing',
  reference_date_invalid: 'populationPage.problem.reference_date_invalid',
  licence_missing: 'populationPage.problem.licence_missing',
};

const GROUPS = (): Record<PopulationDimension, string> => ({
  age: t('populationPage.group.age'),
  nationality: t('populationPage.group.nationality'),
  immigration: t('populationPage.group.immigration'),
});

/** The problem in the admin's language; a code this client does not know yet keeps the server's words. */
function problemText(problem: Problem): string {
  const key = problem.code && Object.hasOwn(PROBLEMS, problem.code) ? PROBLEMS[problem.code as keyof typeof PROBLEMS] : null;
  if (!key) return problem.message ?? '';
  const values = problem.values ?? {};
  const dimension = values.dimension;
  const groups = GROUPS();
  const group = dimension && Object.hasOwn(groups, dimension) ? groups[dimension as PopulationDimension] : (dimension ?? '');
  return t(key, { ...values, group });
}

const share = (part: number | undefined, total: number | null) => (part === undefined || !total ? '–' : `${new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 }).format((100 * part) / total)} %`);

/** Reference data of a process: who lives in each Stadtteil, with source, reference date and licence; a CSV replaces all of it. */
export function PopulationPage({ slug }: { slug: string }) {
  const title = t('populationPage.populationFigures');
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

  const noFile = message?.kind === 'error' && message.noFile === true;

  async function upload(event: Event) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const file = form.get('file');
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    setMessage(null);
    if (!(file instanceof File) || file.size === 0) {
      setMessage({ kind: 'error', text: t('populationPage.pleaseChooseACsv'), lines: [], noFile: true });
      document.getElementById('population-file')?.focus();
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
      const lines = err instanceof ApiError && Array.isArray(err.details) ? (err.details as Problem[]) : [];
      const text = errorText(err, { invalid_csv: t('populationPage.theFileWasNot'), invalid_reference: t('populationPage.pleaseGiveSourceReference') });
      setMessage({ kind: 'error', text, lines });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Layout title={title} process={process.data.structure.title}>
      <h1>
        {title}: {staffText(process.data.structure.title)}
      </h1>
      <ProcessPicker current={slug} to={(other) => adminPath(other, 'einwohner')} />
      <p>
        {t('populationPage.thePopulationFiguresPer')}{' '}<a href={participationPath(slug)}>{t('populationPage.whoTookPart')}</a>{t('populationPage.voicesPer1000')}</p>
      {unverified > 0 && (
        <p class="notice warn" role="note">
          <strong>{t('populationPage.stadtteileHaveUnverifiedSample', { unverified })}</strong> {unverifiedPopulationNote()}
        </p>
      )}
      <div aria-live="polite">
        {message?.kind === 'ok' && (
          <div class="notice ok">
            <p>
              {t('populationPage.appliedResidentsInStadtteile', { population: formatResidents(message.result.population, staffLocale()), imported: message.result.imported, source: message.result.source })}{' '}
              {t('populationPage.licence', { referenceDate: germanDate(message.result.referenceDate), licence: message.result.licence })}</p>
            {message.result.withoutFigures.length > 0 && <p>{t('populationPage.nowWithoutFigures', { value: message.result.withoutFigures.join(', ') })}</p>}
          </div>
        )}
        {message?.kind === 'error' && (
          <div class="notice error" role="alert">
            <p id="population-error">{message.text}</p>
            {message.lines.length > 0 && (
              <ul>
                {message.lines.map((line, index) => (
                  <li key={index}>
                    {line.line !== undefined ? t('populationPage.line', { line: line.line }) : ''}
                    {problemText(line)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <form class="card" onSubmit={upload}>
        <h2>{t('populationPage.takeOverPopulationFigures')}</h2>
        <p class="hint">
          {t('populationPage.theFileReplacesAll')}</p>
        <div class="field">
          <label for="population-file">{t('populationPage.csvFile')}</label>
          <input
            id="population-file"
            name="file"
            type="file"
            accept=".csv,text/csv,text/plain"
            aria-describedby={noFile ? 'population-file-hint population-error' : 'population-file-hint'}
            aria-invalid={noFile || undefined}
            // A file chosen answers the message: the field is no longer marked.
            onChange={() => noFile && setMessage(null)}
          />
          <span id="population-file-hint" class="hint">
            {t('populationPage.columnsStadtteilNumberKey')}</span>
        </div>
        <div class="field">
          <label for="population-source">{t('populationPage.source')}</label>
          <input id="population-source" name="source" type="text" aria-describedby="population-meta-hint" />
        </div>
        <div class="field">
          <label for="population-date">{t('populationPage.referenceDate')}</label>
          <input id="population-date" name="referenceDate" type="date" aria-describedby="population-meta-hint" />
        </div>
        <div class="field">
          <label for="population-licence">{t('populationPage.licence2')}</label>
          <input id="population-licence" name="licence" type="text" aria-describedby="population-meta-hint" />
        </div>
        <p id="population-meta-hint" class="hint">
          {t('populationPage.ifLeftEmptyThe')}</p>
        <details class="fold">
          <summary>{t('populationPage.exampleOfAFile')}</summary>
          {/* Wider than a phone: a frame that scrolls sideways, so it takes keyboard focus (arrow keys scroll it). */}
          <pre class="csv-example" tabIndex={0} role="region" aria-label={t('populationPage.exampleOfAFile')}>
            {EXAMPLE(process.data.structure.city.de, rows[0]?.nr ?? '1')}
          </pre>
        </details>
        <div class="actions">
          {/* Not `disabled` while it saves: a disabled button loses the focus, and the keyboard would start over at the page's top. */}
          <button type="submit" class="button" aria-disabled={busy || undefined}>
            {t('populationPage.replacePopulationFigures')}</button>
        </div>
      </form>
      <FiguresTable rows={rows} />
    </Layout>
  );
}

function FiguresTable({ rows }: { rows: PopulationRow[] }) {
  return (
    <section aria-labelledby="population-table">
      <h2 id="population-table">{t('populationPage.storedFigures')}</h2>
      <ScrollArea labelledBy="population-table-caption">
        <table class="counts">
          <caption id="population-table-caption">{t('populationPage.residentsPerStadtteilWith')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('populationPage.stadtteil')}</th>
              <th scope="col">{t('populationPage.residents')}</th>
              <th scope="col" class="text">{t('populationPage.asOf')}</th>
              <th scope="col" class="text">{t('populationPage.sourceReferenceDateLicence')}</th>
              <th scope="col">{ageBandLabel('65-plus')}</th>
              <th scope="col">{t('populationPage.foreign')}</th>
              <th scope="col">{t('populationPage.immigrated')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">
                  {row.nr} {row.name}
                </th>
                <td class="num">{row.population === null ? '–' : formatResidents(row.population, staffLocale())}</td>
                <td>{row.population === null ? t('populationPage.noFigure') : row.status === 'official' ? t('populationPage.official') : t('populationPage.unverifiedSampleFigure')}</td>
                <td class="breakable">{[row.source, row.referenceDate && germanDate(row.referenceDate), row.licence].filter(Boolean).join(', ') || '–'}</td>
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
