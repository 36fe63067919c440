import type { XlsformIssue, XlsformIssueCode } from '../../shared/api/survey-versions.ts';
import { LANGUAGE_NAMES } from '../../shared/languages.ts';
import { t, type MessageKey } from './messages.ts';
import { CENSUS_COMPARISONS, type AgeClass } from '../../shared/survey/definition.ts';
import { ageBandLabel } from '../ui/labels.ts';

const isAgeClass = (value: string): value is AgeClass => (CENSUS_COMPARISONS.age as readonly string[]).includes(value);

const languageName = (code: string) => (LANGUAGE_NAMES as Record<string, string>)[code] ?? code;

/** German words for the shared schema's problems (its own messages are English, for developers); `questionTitle` names a question the message gives by key. */
export function germanIssue(message: string, code: string, path: PropertyKey[], questionTitle: (key: string) => string = (key) => key): string {
  const last = path.at(-1);
  if (/translation status/.test(message)) return t('surveyEditor.aLanguageHasNo');
  // An answer's German text is named with the answer's number: the question's own German may be there.
  const option = path.at(-4) === 'options' && typeof path.at(-3) === 'number' && path.at(-2) === 'label' ? (path.at(-3) as number) + 1 : null;
  const germanMissing = () => (option === null ? t('surveyEditor.theGermanTextIs') : t('surveyEditor.answerGermanMissing', { value: option }));
  const blank = /: blank (\S+) text/.exec(message);
  if (blank) return blank[1] === 'de' ? germanMissing() : t('surveyEditor.blankTranslation', { language: languageName(blank[1]!) });
  if (/duplicate option key/.test(message)) return t('surveyEditor.twoAnswerOptionsHave');
  if (/duplicate question key/.test(message)) return t('surveyEditor.anotherQuestionHasThe');
  if (/duplicate section key/.test(message)) return t('surveyEditor.anotherSectionHasThe');
  if (/neither questions nor an intro/.test(message)) return t('surveyEditor.theSectionNeedsAt');
  if (/has no questions/.test(message)) return t('surveyEditor.theQuestionnaireHasNo');
  if (/sensitive questions must be optional/.test(message)) return t('surveyEditor.demographicQuestionsMustNot');
  if (/text question cannot be sensitive/.test(message)) return t('surveyEditor.aFreeTextQuestion');
  if (/scale min must be below max/.test(message)) return t('surveyEditor.theSmallestScaleValue');
  if (/more than \d+ steps/.test(message)) return t('surveyEditor.theScaleHasToo');
  if (/min must not be above max/.test(message)) return t('surveyEditor.theMinimumMustNot');
  if (/exceeds the number/.test(message)) return t('surveyEditor.theMaximumIsLarger');
  if (/reserved when allowOther/.test(message)) return t('surveyEditor.theKeyOtherIs');
  if (/showIf must refer to an earlier question/.test(message)) return t('surveyEditor.theConditionMustRefer');
  if (/showIf\.(equals|includes) needs/.test(message) || /has no option/.test(message)) return t('surveyEditor.theConditionDoesNot');
  const otherCensus = /census (\S+) is already compared on question (\S+)/.exec(message);
  if (otherCensus) return t('surveyEditor.censusAlreadyMarked', { question: questionTitle(otherCensus[2]!) });
  const censusOption = /census names (\S+), which is not an option/.exec(message);
  if (censusOption) return t('surveyEditor.censusUnknownOption', { option: censusOption[1]! });
  const missingClasses = /census age classes without an option: (.+)$/.exec(message);
  if (missingClasses) return t('surveyEditor.censusAgeClassMissing', { classes: missingClasses[1]!.split(', ').map((ageClass) => (isAgeClass(ageClass) ? ageBandLabel(ageClass) : ageClass)).join(', ') });
  if (/census immigration needs an option/.test(message) || (code === 'too_small' && last === 'notImmigrated')) return t('surveyEditor.censusNeedsNotImmigratedChoice');
  if (code === 'too_small' && last === 'options') return t('surveyEditor.atLeastTwoAnswer');
  if (code === 'too_small' && last === 'de') return germanMissing();
  if (code === 'too_small') return t('surveyEditor.somethingIsMissingHere');
  if (last === 'key' || code === 'invalid_format') return t('surveyEditor.theKeyIsInvalid');
  return t('surveyEditor.pleaseCheck', { message });
}

/** The catalog's wording of each XLSForm import issue (the server's `message` is the English one). */
const XLSFORM_ISSUE_KEYS: Record<XlsformIssueCode, MessageKey> = {
  foreignSheet: 'xlsformIssue.foreignSheet',
  noSurveySheet: 'xlsformIssue.noSurveySheet',
  tooManyRows: 'xlsformIssue.tooManyRows',
  unknownLanguage: 'xlsformIssue.unknownLanguage',
  unsupportedColumn: 'xlsformIssue.unsupportedColumn',
  valueWithoutHeader: 'xlsformIssue.valueWithoutHeader',
  noGermanText: 'xlsformIssue.noGermanText',
  nameMissing: 'xlsformIssue.nameMissing',
  invalidName: 'xlsformIssue.invalidName',
  extraSettingsRow: 'xlsformIssue.extraSettingsRow',
  formTitleNotStored: 'xlsformIssue.formTitleNotStored',
  versionNotStored: 'xlsformIssue.versionNotStored',
  invalidTranslationsEntry: 'xlsformIssue.invalidTranslationsEntry',
  translationsWithoutColumn: 'xlsformIssue.translationsWithoutColumn',
  noTranslationsSetting: 'xlsformIssue.noTranslationsSetting',
  translationsOutdated: 'xlsformIssue.translationsOutdated',
  listNameMissing: 'xlsformIssue.listNameMissing',
  notAStadtteil: 'xlsformIssue.notAStadtteil',
  typeMissing: 'xlsformIssue.typeMissing',
  unsupportedType: 'xlsformIssue.unsupportedType',
  metadataNotCollected: 'xlsformIssue.metadataNotCollected',
  columnNotAllowed: 'xlsformIssue.columnNotAllowed',
  nestedGroup: 'xlsformIssue.nestedGroup',
  endGroupWithoutBegin: 'xlsformIssue.endGroupWithoutBegin',
  groupNotClosed: 'xlsformIssue.groupNotClosed',
  repeatNotSupported: 'xlsformIssue.repeatNotSupported',
  implicitSection: 'xlsformIssue.implicitSection',
  noteNotFirst: 'xlsformIssue.noteNotFirst',
  invalidYesNo: 'xlsformIssue.invalidYesNo',
  invalidCensus: 'xlsformIssue.invalidCensus',
  invalidCensusChoice: 'xlsformIssue.invalidCensusChoice',
  censusChoiceUnmarked: 'xlsformIssue.censusChoiceUnmarked',
  unknownField: 'xlsformIssue.unknownField',
  constraintUnsupported: 'xlsformIssue.constraintUnsupported',
  constraintNotForType: 'xlsformIssue.constraintNotForType',
  listMissing: 'xlsformIssue.listMissing',
  unknownList: 'xlsformIssue.unknownList',
  listUnused: 'xlsformIssue.listUnused',
  stadtteilListReplaced: 'xlsformIssue.stadtteilListReplaced',
  unsupportedModifier: 'xlsformIssue.unsupportedModifier',
  stadtteilOrOther: 'xlsformIssue.stadtteilOrOther',
  rankOrOther: 'xlsformIssue.rankOrOther',
  rangeParameterUnsupported: 'xlsformIssue.rangeParameterUnsupported',
  notWholeNumber: 'xlsformIssue.notWholeNumber',
  rangeStep: 'xlsformIssue.rangeStep',
  noAnswerYesNo: 'xlsformIssue.noAnswerYesNo',
  scaleEndLabel: 'xlsformIssue.scaleEndLabel',
  rangeOnlyColumn: 'xlsformIssue.rangeOnlyColumn',
  duplicateName: 'xlsformIssue.duplicateName',
  namesRenamed: 'xlsformIssue.namesRenamed',
  relevantUnreadable: 'xlsformIssue.relevantUnreadable',
  relevantExpectedToken: 'xlsformIssue.relevantExpectedToken',
  relevantExpectedQuestion: 'xlsformIssue.relevantExpectedQuestion',
  relevantExpectedValue: 'xlsformIssue.relevantExpectedValue',
  relevantExpectedOperator: 'xlsformIssue.relevantExpectedOperator',
  relevantTrailingText: 'xlsformIssue.relevantTrailingText',
  relevantNotEarlier: 'xlsformIssue.relevantNotEarlier',
  relevantSelectedEmpty: 'xlsformIssue.relevantSelectedEmpty',
  relevantNotChoiceName: 'xlsformIssue.relevantNotChoiceName',
  relevantUseSelected: 'xlsformIssue.relevantUseSelected',
  relevantOnValue: 'xlsformIssue.relevantOnValue',
  definitionInvalid: 'xlsformIssue.definitionInvalid',
};

/** An XLSForm import issue in the admin's language; the survey schema's own problems in the survey editor's words. */
export function xlsformIssueText({ code, params, message }: XlsformIssue): string {
  const key = XLSFORM_ISSUE_KEYS[code];
  if (!key) return message;
  // The server names languages by code (for the command line); the admin reads their names.
  if (code === 'translationsOutdated') return t(key, { ...params, languages: String(params['languages'] ?? '').split(', ').map(languageName).join(', ') });
  if (code !== 'definitionInvalid') return t(key, params);
  return t(key, { detail: germanIssue(String(params['detail'] ?? ''), String(params['schemaCode'] ?? ''), [params['at'] ?? '']) });
}
