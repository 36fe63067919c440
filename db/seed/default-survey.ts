import { TRANSLATION_STATUS } from '../../shared/i18n/status.ts';
import { LANGUAGES } from '../../shared/languages.ts';
import type { SurveyDefinition, SurveyTexts } from '../../shared/survey/definition.ts';
import { block, options, text } from './catalogs.ts';

/**
 * The default survey of Bergisch Gladbach's integration concept, version 1: its structure here,
 * its words in shared/i18n/default-process/<language>.json under `survey.` (the section titles
 * of the four fields of action are the process's field labels, `process.fields.`).
 *
 * Tone: it asks where chances lie and what would help, not what is wrong with anyone;
 * it speaks to everybody who lives here, not to "the migrants". Pages are short so that
 * each fits a phone screen. German and Leichte Sprache are written and checked by the
 * team; whether another language has been checked says shared/i18n/status.json.
 */

const MULTIPLE = text('survey.common.multiple');
const WRITE_FREELY = text('survey.common.writeFreely');

/** Five steps from "gar nicht gut" to "sehr gut", with "keine Angabe". */
const GOOD_SCALE = { min: 1, max: 5, minLabel: text('survey.common.notGood'), maxLabel: text('survey.common.veryGood'), allowNoAnswer: true };

export const DEFAULT_SURVEY: SurveyDefinition = {
  version: 1,
  languages: [...LANGUAGES],
  translations: { ...TRANSLATION_STATUS },
  sections: [
    {
      key: 'welcome',
      title: text('survey.sections.welcome.title'),
      intro: text('survey.sections.welcome.intro'),
      questions: [],
    },
    {
      key: 'work',
      title: text('process.fields.arbeit'),
      intro: text('survey.sections.work.intro'),
      questions: [
        {
          key: 'work-situation',
          type: 'scale',
          required: false,
          fieldOfAction: 'arbeit',
          title: text('survey.questions.work-situation.title'),
          scale: GOOD_SCALE,
        },
        {
          key: 'work-support',
          type: 'multi',
          required: false,
          allowOther: true,
          fieldOfAction: 'arbeit',
          title: text('survey.questions.work-support.title'),
          help: MULTIPLE,
          options: options('work-support', ['recognition', 'job-german', 'counselling', 'employer-contacts', 'childcare', 'self-employment']),
        },
        {
          key: 'work-idea',
          type: 'text',
          required: false,
          fieldOfAction: 'arbeit',
          maxLength: 2000,
          title: text('survey.questions.work-idea.title'),
          help: WRITE_FREELY,
        },
      ],
    },
    {
      key: 'education',
      title: text('process.fields.bildung'),
      intro: text('survey.sections.education.intro'),
      questions: [
        {
          key: 'education-situation',
          type: 'scale',
          required: false,
          fieldOfAction: 'bildung',
          title: text('survey.questions.education-situation.title'),
          scale: GOOD_SCALE,
        },
        {
          key: 'education-support',
          type: 'multi',
          required: false,
          allowOther: true,
          fieldOfAction: 'bildung-ausserschulisch',
          title: text('survey.questions.education-support.title'),
          help: MULTIPLE,
          options: options('education-support', ['german-courses', 'heritage-language', 'adult-education', 'homework-help', 'library-digital', 'early-childhood']),
        },
        {
          key: 'education-idea',
          type: 'text',
          required: false,
          fieldOfAction: 'bildung',
          maxLength: 2000,
          title: text('survey.questions.education-idea.title'),
          help: WRITE_FREELY,
        },
      ],
    },
    {
      key: 'school',
      title: text('survey.sections.school.title'),
      questions: [
        {
          key: 'school-children',
          type: 'single',
          required: false,
          fieldOfAction: 'bildung-schulisch',
          title: text('survey.questions.school-children.title'),
          options: options('school-children', ['yes', 'no']),
        },
        {
          key: 'school-support',
          type: 'multi',
          required: false,
          allowOther: true,
          fieldOfAction: 'bildung-schulisch',
          showIf: { question: 'school-children', equals: 'yes' },
          title: text('survey.questions.school-support.title'),
          help: MULTIPLE,
          options: options('school-support', ['language-support', 'parent-information', 'parent-teacher', 'all-day', 'multilingualism', 'school-social-work']),
        },
      ],
    },
    {
      key: 'participation',
      title: text('process.fields.teilhabe'),
      intro: text('survey.sections.participation.intro'),
      questions: [
        {
          key: 'participation-situation',
          type: 'scale',
          required: false,
          fieldOfAction: 'teilhabe',
          title: text('survey.questions.participation-situation.title'),
          scale: GOOD_SCALE,
        },
        {
          key: 'participation-support',
          type: 'multi',
          required: false,
          allowOther: true,
          fieldOfAction: 'teilhabe',
          title: text('survey.questions.participation-support.title'),
          help: MULTIPLE,
          options: options('participation-support', ['multilingual-information', 'clear-administration', 'integration-council', 'volunteering', 'migrant-organisations', 'local-participation']),
        },
        {
          key: 'participation-idea',
          type: 'text',
          required: false,
          fieldOfAction: 'teilhabe',
          maxLength: 2000,
          title: text('survey.questions.participation-idea.title'),
          help: WRITE_FREELY,
        },
      ],
    },
    {
      key: 'leisure',
      title: text('process.fields.freizeit'),
      intro: text('survey.sections.leisure.intro'),
      questions: [
        {
          key: 'leisure-situation',
          type: 'scale',
          required: false,
          fieldOfAction: 'freizeit',
          title: text('survey.questions.leisure-situation.title'),
          scale: GOOD_SCALE,
        },
        {
          key: 'leisure-support',
          type: 'multi',
          required: false,
          allowOther: true,
          fieldOfAction: 'freizeit',
          title: text('survey.questions.leisure-support.title'),
          help: MULTIPLE,
          options: options('leisure-support', ['meeting-places', 'sports', 'intercultural-events', 'youth', 'women', 'seniors', 'low-cost']),
        },
        {
          key: 'leisure-idea',
          type: 'text',
          required: false,
          fieldOfAction: 'freizeit',
          maxLength: 2000,
          title: text('survey.questions.leisure-idea.title'),
          help: WRITE_FREELY,
        },
      ],
    },
    {
      key: 'priorities',
      title: text('survey.sections.priorities.title'),
      questions: [
        {
          key: 'priorities',
          type: 'ranking',
          required: false,
          title: text('survey.questions.priorities.title'),
          help: text('survey.questions.priorities.help'),
          options: [
            { key: 'arbeit', label: text('process.fields.arbeit') },
            { key: 'bildung', label: text('process.fields.bildung') },
            { key: 'teilhabe', label: text('process.fields.teilhabe') },
            { key: 'freizeit', label: text('process.fields.freizeit') },
          ],
        },
        {
          key: 'living-together',
          type: 'text',
          required: false,
          title: text('survey.questions.living-together.title'),
          help: WRITE_FREELY,
        },
      ],
    },
    {
      key: 'about-you',
      title: text('survey.sections.about-you.title'),
      intro: text('survey.sections.about-you.intro'),
      questions: [
        {
          key: 'district',
          type: 'stadtteil',
          required: false,
          title: text('survey.questions.district.title'),
        },
        {
          key: 'age-band',
          type: 'single',
          required: false,
          sensitive: true,
          title: text('survey.questions.age-band.title'),
          options: options('age-band', ['under-18', '18-29', '30-49', '50-64', '65-plus']),
          // The options are the Zensus's age classes themselves.
          census: { dimension: 'age' },
        },
        {
          key: 'years-in-germany',
          type: 'single',
          required: false,
          sensitive: true,
          title: text('survey.questions.years-in-germany.title'),
          options: options('years-in-germany', ['since-birth', 'under-2', '2-5', '6-10', 'over-10']),
          census: { dimension: 'immigration', notImmigrated: ['since-birth'] },
        },
        {
          key: 'home-languages',
          type: 'multi',
          required: false,
          sensitive: true,
          allowOther: true,
          title: text('survey.questions.home-languages.title'),
          help: MULTIPLE,
          options: options('home-languages', ['german', 'turkish', 'arabic', 'kurdish', 'persian', 'ukrainian', 'russian', 'polish', 'italian', 'greek', 'english']),
        },
      ],
    },
  ],
};

export const SURVEY_TEXTS: SurveyTexts = {
  privacy: block('survey.privacy'),
  thanks: block('survey.thanks'),
  labels: {
    other: text('survey.labels.other'),
    noAnswer: text('survey.labels.noAnswer'),
    stadtteilOutside: text('survey.labels.stadtteilOutside'),
    stadtteilUnknown: text('survey.labels.stadtteilUnknown'),
  },
};
