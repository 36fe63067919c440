/**
 * Response-level data for admins, as analysts with R or SPSS expect it: one row per response,
 * one column per closed question (multiple choice as one 0/1 column per option, a ranking as one
 * column per option holding its place), and a codebook that names every column, its question and
 * its codes. Free texts are not in it: they are contributions, masked and moderated, in the
 * contributions table.
 *
 * Codes: a single choice or a Stadtteil is the option's key; a scale its step, and "keine
 * Angabe" −1; a cell is empty when the question was not shown or not answered; 0/1 columns are
 * empty when the question was not answered at all.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/index.ts';
import { answers, responses } from '../../../db/schema.ts';
import { CHANNEL_LABELS, LANGUAGE_LABELS } from '../../../shared/results/labels.ts';
import { allQuestions, OTHER_OPTION_KEY, type SurveyQuestion } from '../../../shared/survey/definition.ts';
import type { Channel } from '../../../shared/domain.ts';
import type { Language } from '../../../shared/languages.ts';
import { forbidden } from '../../errors.ts';
import { localDay } from '../../time.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import { loadProcessParts, type ProcessRow } from '../processes/processes.repo.ts';
import { listSurveyDefinitions } from './results.repo.ts';

/** "Keine Angabe" on a scale, as a number a statistics program can declare missing. */
export const NO_ANSWER_CODE = -1;

export interface CodebookEntry {
  variable: string;
  label: string;
  question: string;
  type: string;
  codes: string;
}

export interface ResponseData {
  columns: string[];
  codebook: CodebookEntry[];
  filenameStem: string;
}

interface Column {
  variable: string;
  value: (row: { answers: Record<string, unknown> }) => string | number | null;
  entry: CodebookEntry;
}

const label = (question: SurveyQuestion) => question.title.de;

/** The questions of every published version, newest wording first, each once. */
function questionsOf(db: Db, process: ProcessRow): SurveyQuestion[] {
  const byKey = new Map<string, SurveyQuestion>();
  for (const definition of listSurveyDefinitions(db, process.id).reverse()) for (const question of allQuestions(definition)) if (!byKey.has(question.key)) byKey.set(question.key, question);
  return [...byKey.values()].filter((question) => question.type !== 'text');
}

function answerColumns(db: Db, process: ProcessRow): Column[] {
  const parts = loadProcessParts(db, process.id);
  const columns: Column[] = [];
  for (const question of questionsOf(db, process)) {
    const given = (row: { answers: Record<string, unknown> }) => row.answers[question.key];
    switch (question.type) {
      case 'single':
      case 'stadtteil': {
        const options =
          question.type === 'single'
            ? [...question.options.map((o) => `${o.key} = ${o.label.de}`), ...(question.allowOther ? [`${OTHER_OPTION_KEY} = Anderes`] : [])]
            : [...parts.stadtteile.map((s) => `${s.key} = ${s.name}`), 'outside = außerhalb der Stadt', 'unknown = ohne Angabe'];
        columns.push({
          variable: question.key,
          value: (row) => {
            const value = given(row);
            return typeof value === 'string' ? value : value && typeof value === 'object' ? OTHER_OPTION_KEY : null;
          },
          entry: { variable: question.key, label: label(question), question: question.key, type: question.type === 'single' ? 'Einfachauswahl' : 'Stadtteil', codes: options.join('; ') },
        });
        break;
      }
      case 'multi': {
        const options = [...question.options.map((o) => ({ key: o.key, label: o.label.de })), ...(question.allowOther ? [{ key: OTHER_OPTION_KEY, label: 'Anderes' }] : [])];
        for (const option of options) {
          const variable = `${question.key}_${option.key}`;
          columns.push({
            variable,
            value: (row) => {
              const value = given(row);
              if (!Array.isArray(value)) return null;
              return value.some((entry) => entry === option.key || (option.key === OTHER_OPTION_KEY && typeof entry === 'object' && entry !== null)) ? 1 : 0;
            },
            entry: { variable, label: `${label(question)}: ${option.label}`, question: question.key, type: 'Mehrfachauswahl (0/1)', codes: '1 = gewählt; 0 = nicht gewählt; leer = Frage nicht beantwortet' },
          });
        }
        break;
      }
      case 'scale':
        columns.push({
          variable: question.key,
          value: (row) => {
            const value = given(row);
            return typeof value === 'number' ? value : value === null ? NO_ANSWER_CODE : null;
          },
          entry: {
            variable: question.key,
            label: label(question),
            question: question.key,
            type: 'Skala',
            codes: `${question.scale.min} = ${question.scale.minLabel.de} … ${question.scale.max} = ${question.scale.maxLabel.de}` + (question.scale.allowNoAnswer ? `; ${NO_ANSWER_CODE} = keine Angabe` : ''),
          },
        });
        break;
      case 'number':
        columns.push({
          variable: question.key,
          value: (row) => {
            const value = given(row);
            return typeof value === 'number' ? value : null;
          },
          entry: {
            variable: question.key,
            label: label(question),
            question: question.key,
            type: 'Zahl',
            codes: [question.min !== undefined ? `ab ${question.min}` : null, question.max !== undefined ? `bis ${question.max}` : null, 'leer = keine Angabe'].filter(Boolean).join('; '),
          },
        });
        break;
      case 'ranking':
        for (const option of question.options) {
          const variable = `${question.key}_${option.key}`;
          columns.push({
            variable,
            value: (row) => {
              const value = given(row);
              if (!Array.isArray(value)) return null;
              const place = value.indexOf(option.key);
              return place === -1 ? null : place + 1;
            },
            entry: { variable, label: `${label(question)}: ${option.label.de}`, question: question.key, type: 'Rangfolge (Platz)', codes: '1 = am wichtigsten; leer = nicht eingeordnet' },
          });
        }
        break;
      case 'text':
        break;
    }
  }
  return columns;
}

const FIXED: CodebookEntry[] = [
  { variable: 'id', label: 'Kennung des Fragebogens', question: '', type: 'Text', codes: '' },
  { variable: 'version', label: 'Version des Fragebogens', question: '', type: 'Zahl', codes: '' },
  { variable: 'kanal', label: 'Kanal', question: '', type: 'Text', codes: Object.entries(CHANNEL_LABELS).map(([key, name]) => `${key} = ${name}`).join('; ') },
  { variable: 'sprache', label: 'Sprache des Fragebogens', question: '', type: 'Text', codes: Object.entries(LANGUAGE_LABELS).map(([key, name]) => `${key} = ${name}`).join('; ') },
  { variable: 'tag', label: 'Tag der Abgabe', question: '', type: 'Datum (JJJJ-MM-TT)', codes: '' },
  { variable: 'markiert', label: 'Von den Prüfungen gegen Missbrauch markiert (in den Auswertungen nicht gezählt)', question: '', type: '0/1', codes: '1 = markiert; 0 = nicht markiert' },
];

function requireAdmin(user: UserRow) {
  if (user.role !== 'admin') throw forbidden();
}

export function responseData(db: Db, { process, user }: { process: ProcessRow; user: UserRow }): ResponseData {
  requireAdmin(user);
  const columns = answerColumns(db, process);
  return {
    columns: [...FIXED.map((entry) => entry.variable), ...columns.map((column) => column.variable)],
    codebook: [...FIXED, ...columns.map((column) => column.entry)],
    // Dated like the other exports: a download of another day is another file, not „(1)“ beside the first.
    filenameStem: `mitreden-${process.slug}-fragebogen-daten-${localDay()}`,
  };
}

/**
 * One row per response of the process, cells as `responseData().columns` names them. A response
 * is named by the id its client made (`client_id`), and the rows come in the order of those
 * random ids: the server's own id is in day order and would tell when in the day each was given.
 */
export function* responseRows(db: Db, { process, user }: { process: ProcessRow; user: UserRow }): Generator<Array<string | number | null>> {
  requireAdmin(user);
  const columns = answerColumns(db, process);
  const query = db
    .select({
      id: responses.clientId,
      version: responses.surveyVersion,
      channel: responses.channel,
      language: responses.language,
      day: responses.submittedOn,
      flags: responses.flags,
      answers: sql<string>`(select json_group_object(${answers.questionKey}, json(${answers.value})) from ${answers} where ${answers.responseId} = ${responses.id})`,
    })
    .from(responses)
    .where(eq(responses.processId, process.id))
    .orderBy(asc(responses.clientId))
    .toSQL();
  for (const values of db.$client.prepare(query.sql).raw().iterate(...query.params) as Iterable<[string, number, Channel, Language, string, string, string | null]>) {
    const [id, version, channel, language, day, flags, answered] = values;
    const row = { answers: answered ? (JSON.parse(answered) as Record<string, unknown>) : {} };
    yield [id, version, channel, language, day, flags === '[]' ? 0 : 1, ...columns.map((column) => column.value(row))];
  }
}
