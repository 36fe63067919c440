import type { ProcessStructure } from '../../shared/api/process-admin.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD, MAX_SUPPRESSION_THRESHOLD } from '../../shared/domain.ts';
import { LANGUAGE_NAMES } from '../../shared/languages.ts';
import { t } from './messages.ts';

/** One problem the shared schema found (zod's issue, as much of it as is needed here). */
export type SchemaIssue = { code: string; path: readonly PropertyKey[]; message: string };

const languageName = (code: PropertyKey | undefined) => (LANGUAGE_NAMES as Record<string, string>)[String(code)] ?? String(code ?? '');

/** A place's input in the form, as the form's problems name it: „Bezirk 2“, „Bezirk 2, Stadtteil 1“. */
export function placeWhere(districtIndex: number, stadtteilIndex?: number): string {
  return stadtteilIndex === undefined ? t('processIssue.district', { district: districtIndex + 1 }) : t('processIssue.stadtteil', { district: districtIndex + 1, stadtteil: stadtteilIndex + 1 });
}

/** The form's own words for the place a path points to, e.g. `fieldsOfAction.1.children.0.label.de` → „Handlungsfeld 2, Unterthema 1“. */
function whereOf(path: readonly PropertyKey[]): string {
  const [top, second, third, fourth, fifth] = path;
  const n = (at: PropertyKey | undefined) => Number(at) + 1;
  switch (top) {
    case 'slug':
      return t('processEditor.address');
    case 'title':
      return `${t('processEditor.title')} (${languageName(second ?? 'de')})`;
    case 'description':
      return `${t('processEditor.description')} (${languageName(second ?? 'de')})`;
    case 'city':
      return second === undefined ? t('processEditor.city') : `${t('processEditor.city')} (${languageName(second)})`;
    case 'phases': {
      if (second === undefined) return t('processEditor.phases');
      const phase = t('processEditor.phase2', { value: n(second) });
      if (third === 'startsOn') return t('processEditor.phaseStartsLabel', { phase });
      if (third === 'endsOn') return t('processEditor.phaseEndsLabel', { phase });
      return third === 'description' ? t('processEditor.fieldDescriptionLabel', { field: phase }) : phase;
    }
    case 'fieldsOfAction':
      if (second === undefined) return t('processEditor.fieldsOfAction');
      if (third === 'children' && fourth !== undefined) {
        const sub = t('processIssue.subField', { field: n(second), sub: n(fourth) });
        return fifth === 'description' ? t('processEditor.fieldDescriptionLabel', { field: sub }) : sub;
      }
      return third === 'description' ? t('processEditor.fieldDescriptionLabel', { field: t('processIssue.field', { field: n(second) }) }) : t('processIssue.field', { field: n(second) });
    case 'districts': {
      if (second === undefined) return t('processEditor.districtsAndStadtteile');
      const inStadtteil = third === 'stadtteile' && fourth !== undefined;
      const where = inStadtteil ? placeWhere(Number(second), Number(fourth)) : placeWhere(Number(second));
      return (inStadtteil ? fifth : third) === 'nr' ? t('processEditor.numberOf', { where }) : where;
    }
    case 'opensOn':
      return t('processEditor.surveyOpensOnEmpty');
    case 'closesOn':
      return t('processEditor.surveyClosesAfterEmpty');
    case 'retentionUntil':
      return t('processEditor.deleteOriginalTextsAfter');
    case 'suppressionThreshold':
      return t('processEditor.smallestPublishedNumberAt', { defaultSuppressionThreshold: DEFAULT_SUPPRESSION_THRESHOLD });
    case 'languages':
      return t('processEditor.languagesOfTheProcess');
    case 'currentPhase':
      return t('processEditor.currentPhase');
    default:
      return t('processEditor.structureOfTheProcess');
  }
}

/** A text's own input in German, its translation's (`tr-ID-LANGUAGE`, under „Übersetzung: …“) in another language. */
const textInput = (german: string, translation: string, language: PropertyKey | undefined) => (language === undefined || language === 'de' ? german : `tr-${translation}-${String(language)}`);

/**
 * The id of the process editor's input a path points to (`phases.1.endsOn` → `phase-1-ends`,
 * `fieldsOfAction.0.label.en` → `tr-field-0-en`), or null where the problem is about no one input
 * (two fields named alike, no phase at all).
 */
function inputIdOf(path: readonly PropertyKey[]): string | null {
  const [top, second, third, fourth, fifth, sixth] = path;
  switch (top) {
    case 'slug':
      return 'process-slug';
    case 'title':
      return textInput('process-title-de', 'title', second);
    case 'description':
      return textInput('process-description-de', 'description', second);
    case 'city':
      return textInput('process-city', 'city', second);
    case 'opensOn':
      return 'process-opens';
    case 'closesOn':
      return 'process-closes';
    case 'suppressionThreshold':
      return 'process-threshold';
    case 'retentionUntil':
      return 'process-retention';
    case 'phases': {
      if (second === undefined) return null;
      const id = `phase-${Number(second)}`;
      if (third === 'startsOn') return `${id}-starts`;
      if (third === 'endsOn') return `${id}-ends`;
      return third === 'description' ? textInput(`${id}-description`, `${id}-description`, fourth) : textInput(id, id, third === 'title' ? fourth : undefined);
    }
    case 'fieldsOfAction': {
      if (second === undefined) return null;
      const child = third === 'children' && fourth !== undefined;
      const id = child ? `field-${Number(second)}-${Number(fourth)}` : `field-${Number(second)}`;
      const [part, language] = child ? [fifth, sixth] : [third, fourth];
      return part === 'description' ? textInput(`${id}-description`, `${id}-description`, language) : textInput(id, id, part === 'label' ? language : undefined);
    }
    case 'districts': {
      if (second === undefined) return null;
      const inStadtteil = third === 'stadtteile' && fourth !== undefined;
      const id = inStadtteil ? `stadtteil-${Number(second)}-${Number(fourth)}` : `district-${Number(second)}`;
      return (inStadtteil ? fifth : third) === 'nr' ? `${id}-nr` : id;
    }
    default:
      return null;
  }
}

/** A field or sub-field's German name at a path into `fieldsOfAction`, empty when none is typed yet. */
function fieldName(structure: ProcessStructure, path: readonly PropertyKey[]): string {
  const field = structure.fieldsOfAction[Number(path[1])];
  const named = path[2] === 'children' ? field?.children?.[Number(path[3])] : field;
  return named?.label.de.trim() ?? '';
}

/** A district's or Stadtteil's name at a path into `districts`, empty when none is typed yet. */
function placeName(structure: ProcessStructure, path: readonly PropertyKey[]): string {
  const district = structure.districts[Number(path[1])];
  const named = path[2] === 'stadtteile' ? district?.stadtteile[Number(path[3])] : district;
  return named?.name.trim() ?? '';
}

/** One problem of the process form: a German sentence naming the field as its label does, and the id of its input (`at`) where it is about one. */
export interface ProcessProblem {
  text: string;
  at: string | null;
}

/**
 * German sentences, each naming the field of the form as its label does, for what the shared
 * process schema found wrong (its own messages are English, for developers), each with the input
 * it is about. A path may start with `structure` (a new process's request) or not (a change of the
 * structure); the same sentence twice (a missing name and the key made from it) is said once.
 */
export function germanProcessIssues(issues: readonly SchemaIssue[], structure: ProcessStructure): ProcessProblem[] {
  const problems = issues.map(({ code, message, path: fullPath }) => {
    const path = fullPath[0] === 'structure' ? fullPath.slice(1) : fullPath;
    return { text: sentenceOf(code, message, path, structure), at: inputIdOf(path) };
  });
  const said = new Set<string>();
  return problems.filter((problem) => !said.has(problem.text) && said.add(problem.text));
}

/** The German sentence for one problem at a path (without its leading `structure`). */
function sentenceOf(code: string, message: string, path: readonly PropertyKey[], structure: ProcessStructure): string {
  const where = whereOf(path);
  const last = path.at(-1);
  if (path[0] === 'slug') return t('processIssue.slug');
  const twice = /^(field|district|Stadtteil) (key|number) (\S+) appears twice$/.exec(message);
  if (twice) return twice[1] === 'field' ? t('processIssue.fieldTwice', { name: twice[3]! }) : t('processIssue.placeTwice', { value: twice[3]! });
  if (path[0] === 'closesOn' && code === 'custom') return t('processIssue.closesBeforeOpens');
  if (path[0] === 'phases' && last === 'endsOn' && code === 'custom') return t('processIssue.phaseEndsBeforeStarts', { where });
  if (path[0] === 'suppressionThreshold') return t('processIssue.threshold', { min: DEFAULT_SUPPRESSION_THRESHOLD, max: MAX_SUPPRESSION_THRESHOLD });
  if (path[0] === 'fieldsOfAction' && last === 'key') {
    // The key is made from the name: an empty name is said once, as a missing name.
    return fieldName(structure, path) ? t('processIssue.noKey', { where }) : t('processIssue.missing', { where });
  }
  if (path[0] === 'districts' && last === 'key') return placeName(structure, path) ? t('processIssue.noKey', { where }) : t('processIssue.missing', { where });
  if (path[0] === 'phases' && code === 'too_small' && path.length === 1) return t('processIssue.noPhase');
  if (path[0] === 'fieldsOfAction' && code === 'too_small' && path.length === 1) return t('processIssue.noField');
  if (code === 'too_small') return t('processIssue.missing', { where });
  if (code === 'too_big') return t('processIssue.tooLong', { where });
  if (path[0] === 'opensOn' || path[0] === 'closesOn' || path[0] === 'retentionUntil' || (path[0] === 'phases' && (last === 'startsOn' || last === 'endsOn'))) return t('processIssue.noDate', { where });
  return t('processIssue.check', { where });
}
