import { describe, expect, it } from 'vitest';
import { SURVEY_TEXTS, DEFAULT_SURVEY } from '../../db/seed/default-survey.ts';
import { DISTRICTS, FIELDS_OF_ACTION } from '../../db/seed/bergisch-gladbach.ts';
import {
  UnreadableXlsformError,
  exportXlsform,
  importXlsform,
  languageOfColumn,
  loadWorkbook,
  parseRelevant,
  type XlsformContext,
} from '../../server/features/survey/survey.xlsform.ts';
import type { SurveyDefinition } from '../../shared/survey/definition.ts';
import { surveyDefinitionSchema } from '../../shared/survey/definition.schema.ts';
import { buildXlsform, youthSurveySheets, type SheetRows } from '../factories/xlsform.ts';

const fieldKeys = (nodes: ReadonlyArray<{ key: string; children?: ReadonlyArray<{ key: string }> }>): string[] =>
  nodes.flatMap((node) => [node.key, ...fieldKeys(node.children ?? [])]);
const context: XlsformContext = {
  stadtteile: DISTRICTS.flatMap((district) => district.stadtteile.map((stadtteil) => ({ key: stadtteil.key, name: stadtteil.name }))),
  fieldKeys: fieldKeys(FIELDS_OF_ACTION as never),
};

async function importBuffer(data: Buffer) {
  return importXlsform(await loadWorkbook(data), context);
}

async function roundTrip(definition: SurveyDefinition) {
  const workbook = await exportXlsform({ definition, texts: SURVEY_TEXTS, formTitle: 'Titel', formId: 'slug', stadtteile: context.stadtteile });
  return importBuffer(Buffer.from(await workbook.xlsx.writeBuffer()));
}

describe('XLSForm import', () => {
  it('reads select_one, select_multiple, text, integer, a relevant with and/or/not, range, rank and German and English labels', async () => {
    const result = await importBuffer(await buildXlsform(youthSurveySheets()));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { definition } = result;
    // The Ukrainian column has no text yet: the language is offered all the same, falling back to German.
    expect(definition.languages).toEqual(['de', 'en', 'uk']);
    // Without a translations setting every language is a person's text; only the setting marks one machine translated.
    expect(definition.translations).toEqual({ de: 'reviewed', en: 'reviewed', uk: 'reviewed' });
    expect(definition.sections.map((section) => section.key)).toEqual(['about', 'opinion']);
    const [about, opinion] = definition.sections;
    expect(about!.intro).toEqual({ de: 'Alles ist freiwillig.', en: 'Everything is optional.' });
    expect(about!.questions).toEqual([
      { key: 'age', type: 'number', title: { de: 'Wie alt bist du?', en: 'How old are you?' }, required: true, min: 10, max: 27 },
      { key: 'club', type: 'single', title: { de: 'Bist du in einem Verein?', en: 'Are you in a club?' }, required: false, options: [{ key: 'yes', label: { de: 'Ja', en: 'Yes' } }, { key: 'no', label: { de: 'Nein', en: 'No' } }] },
      {
        key: 'activities',
        type: 'multi',
        title: { de: 'Was machst du gern?', en: 'What do you like doing?' },
        help: { de: 'Mehrere Antworten möglich' },
        required: false,
        maxSelected: 2,
        options: [
          { key: 'sport', label: { de: 'Sport', en: 'Sports' } },
          { key: 'music', label: { de: 'Musik', en: 'Music' } },
          { key: 'gaming', label: { de: 'Gaming' } },
        ],
      },
      {
        key: 'club-wish',
        type: 'text',
        title: { de: 'Was wünschst du dir vom Verein?', en: 'What do you wish for from the club?' },
        required: false,
        maxLength: 500,
        fieldOfAction: 'freizeit',
        showIf: { all: [{ question: 'club', equals: 'yes' }, { any: [{ question: 'activities', includes: 'sport' }, { not: { not: { question: 'age', answered: true } } }] }] },
      },
      { key: 'stadtteil', type: 'stadtteil', title: { de: 'Wo wohnst du?', en: 'Where do you live?' }, required: false },
    ]);
    expect(opinion!.questions).toEqual([
      {
        key: 'mood',
        type: 'scale',
        title: { de: 'Wie gern lebst du hier?', en: 'How much do you like living here?' },
        required: false,
        scale: { min: 1, max: 5, minLabel: { de: 'gar nicht' }, maxLabel: { de: 'sehr' }, allowNoAnswer: true },
      },
      { key: 'priorities', type: 'ranking', title: { de: 'Was ist dir am wichtigsten?' }, required: false, maxRanked: 2, options: about!.questions[2]!.type === 'multi' ? about!.questions[2]!.options : [] },
    ]);
    // What is understood but not stored is said, not dropped.
    expect(result.notes.map((note) => note.message).join('\n')).toMatch(/form_title "Jugendbefragung" is not stored[\s\S]*version "2026-03"[\s\S]*Stadtteile[\s\S]*club_wish → club-wish/);
  });

  it('round-trips: import → export → import gives the same survey, every language kept', async () => {
    const first = await importBuffer(await buildXlsform(youthSurveySheets()));
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    const second = await roundTrip(first.definition);
    if (!second.ok) throw new Error(JSON.stringify(second.errors));
    expect(second.definition).toEqual(first.definition);
  });

  it('round-trips the default survey in nine languages with its sensitive demographics', async () => {
    const definition = surveyDefinitionSchema.parse(DEFAULT_SURVEY);
    const result = await roundTrip(definition);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.definition).toEqual(definition);
  });

  it('reads and writes the comparison with the Zensus: `census` age or immigration on the question, each choice’s class or not-immigrated on the choices sheet', async () => {
    const de = 'label::Deutsch (de)';
    const sheets: { survey: SheetRows; choices: SheetRows } = {
      survey: [
        { type: 'begin_group', name: 'you', [de]: 'Über Sie' },
        { type: 'select_one ages', name: 'age_group', [de]: 'Wie alt sind Sie?', sensitive: 'yes', census: 'age' },
        { type: 'select_one arrival', name: 'arrival', [de]: 'Sind Sie eingewandert?', sensitive: 'yes', census: 'immigration' },
        { type: 'end_group' },
      ],
      choices: [
        { list_name: 'ages', name: 'young', [de]: 'unter 18', census: 'under-18' },
        { list_name: 'ages', name: 'early_20s', [de]: '18 bis 24', census: '18-29' },
        { list_name: 'ages', name: 'late_20s', [de]: '25 bis 29', census: '18-29' },
        { list_name: 'ages', name: 'middle', [de]: '30 bis 49', census: '30-49' },
        { list_name: 'ages', name: 'older', [de]: '50 bis 64', census: '50-64' },
        { list_name: 'ages', name: 'old', [de]: '65 und älter', census: '65-plus' },
        { list_name: 'ages', name: 'rather_not', [de]: 'möchte ich nicht sagen' },
        { list_name: 'arrival', name: 'born_here', [de]: 'Nein, hier geboren', census: 'not-immigrated' },
        { list_name: 'arrival', name: 'yes', [de]: 'Ja' },
      ],
    };
    const result = await importBuffer(await buildXlsform(sheets));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [age, arrival] = result.definition.sections[0]!.questions;
    expect(age).toMatchObject({ key: 'age-group', census: { dimension: 'age', map: { young: 'under-18', 'early-20s': '18-29', 'late-20s': '18-29', middle: '30-49', older: '50-64', old: '65-plus' } } });
    expect(arrival).toMatchObject({ key: 'arrival', census: { dimension: 'immigration', notImmigrated: ['born-here'] } });
    const again = await roundTrip(result.definition);
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.definition).toEqual(result.definition);

    // A value the column does not know, a class on an immigration list, a mark on a list no marked question uses.
    const broken = await importBuffer(
      await buildXlsform({
        survey: [...sheets.survey.slice(0, 2), { ...sheets.survey[2]!, census: 'herkunft' }, { type: 'select_one extra', name: 'extra', [de]: 'Noch?' }, sheets.survey[3]!],
        choices: [...sheets.choices, { list_name: 'extra', name: 'a', [de]: 'A', census: '18-29' }, { list_name: 'extra', name: 'b', [de]: 'B' }],
      }),
    );
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.errors.map((issue) => [issue.sheet, issue.row, issue.column, issue.code])).toEqual([
      ['survey', 4, 'census', 'invalidCensus'],
      ['choices', 11, 'census', 'censusChoiceUnmarked'],
    ]);
    expect(broken.errors[0]!.message).toBe('census is "herkunft"; use age (the census\'s age groups) or immigration');
  });

  it('reports an unsupported type, column and expression with its sheet and row, and imports nothing', async () => {
    const result = await importBuffer(
      await buildXlsform(
        youthSurveySheets([
          { type: 'geopoint', name: 'where', 'label::Deutsch (de)': 'Wo genau?' },
          { type: 'text', name: 'more', 'label::Deutsch (de)': 'Noch etwas?', relevant: '${age} > 18', 'media::image': 'foto.jpg' },
        ]),
      ),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { sheet: 'survey', row: 14, column: 'media::image', code: 'unsupportedColumn', params: { column: 'media::image' }, message: 'the column "media::image" is not supported' },
      { sheet: 'survey', row: 13, column: 'type', code: 'unsupportedType', params: { type: 'geopoint', supported: expect.any(String) }, message: expect.stringMatching(/the type "geopoint" is not supported/) },
      {
        sheet: 'survey',
        row: 14,
        column: 'relevant',
        code: 'relevantUnreadable',
        params: { relevant: '${age} > 18', text: '> 18', position: 8 },
        message: 'relevant "${age} > 18": cannot read "> 18" at position 8',
      },
    ]);
  });

  it('names the rows of everything the survey cannot hold', async () => {
    const sheets = youthSurveySheets([{ type: 'select_one nowhere', name: 'lost', 'label::Deutsch (de)': 'Verloren' }]);
    sheets.choices!.push({ list_name: 'stadtteil', name: 'atlantis', 'label::Deutsch (de)': 'Atlantis' });
    sheets.choices!.push({ list_name: 'yes_no', name: 'maybe', 'label::English (en)': 'Maybe' });
    sheets.survey!.splice(3, 0, { type: 'text', name: 'Age', 'label::Deutsch (de)': 'Nochmal', 'label::fr': 'Encore' });
    const result = await importBuffer(await buildXlsform(sheets));
    if (result.ok) throw new Error('imported');
    expect(result.errors.map(({ sheet, row, message }) => `${sheet}:${row} ${message}`)).toEqual([
      'survey:5 "fr" is not a language of the survey (de, de-easy, en, tr, uk, ar, pl, it, ru)',
      'choices:8 "atlantis" is not a Stadtteil of this process; the list "stadtteil" offers the process\'s Stadtteile',
      'choices:9 no German text in label::Deutsch (de); German is every text\'s fallback',
      'survey:5 the name age is used twice (also in row 4)',
      'survey:14 the choice list "nowhere" is not on the choices sheet',
    ]);
  });

  it('gives every issue a code and the values its wording names, so the admin page can word it in German; the English message has every value filled in', async () => {
    const sheets = youthSurveySheets([
      { type: 'text', name: 'later', 'label::Deutsch (de)': 'Später', relevant: "${after} = 'x'" },
      { type: 'text', name: 'pick', 'label::Deutsch (de)': 'Auswahl', relevant: "${activities} = 'sport'" },
      { type: 'text', name: 'years', 'label::Deutsch (de)': 'Jahre', relevant: "${age} = '3'" },
      { type: 'text', name: 'oddly', 'label::Deutsch (de)': 'Komisch', relevant: "${club} = 'ja nein'" },
      { type: 'integer', name: 'count', 'label::Deutsch (de)': 'Wie viele?', required: 'vielleicht', constraint: 'string-length(.) <= 3' },
      { type: 'range', name: 'stars', 'label::Deutsch (de)': 'Sterne', parameters: 'start=1 end=zehn step=2 colour=red' },
      { type: 'text', name: 'after', 'label::Deutsch (de)': 'Danach' },
    ]);
    const result = await importBuffer(await buildXlsform(sheets));
    if (result.ok) throw new Error('imported');
    const codes = result.errors.map((issue) => `${issue.row} ${issue.code}`);
    expect(codes).toEqual([
      '17 invalidYesNo',
      '17 constraintNotForType',
      '18 rangeParameterUnsupported',
      '18 notWholeNumber',
      '18 rangeStep',
      '13 relevantNotEarlier',
      '14 relevantUseSelected',
      '15 relevantOnValue',
      '16 relevantNotChoiceName',
    ]);
    expect(result.errors.find((issue) => issue.code === 'relevantOnValue')).toMatchObject({
      params: { relevant: "${age} = '3'", question: '${age}', type: 'integer' },
      message: "relevant \"${age} = '3'\": ${age} is a question of type integer; conditions on its value are not supported (only = '' and != '')",
    });
    expect(result.errors.find((issue) => issue.code === 'invalidYesNo')).toMatchObject({ column: 'required', params: { column: 'required', value: 'vielleicht' }, message: 'required is "vielleicht"; use yes or no' });
    for (const issue of [...result.errors, ...result.notes]) expect(issue.message, issue.code).not.toMatch(/(?<!\$)\{\w+\}|undefined/);
  });

  it('refuses a file that is not a workbook', async () => {
    await expect(loadWorkbook(Buffer.from('not a spreadsheet at all'))).rejects.toBeInstanceOf(UnreadableXlsformError);
    const result = importXlsform(await loadWorkbook(await buildXlsform({ fragen: [{ type: 'text' }] })), context);
    expect(result).toMatchObject({ ok: false, errors: [{ sheet: 'survey', message: 'the workbook has no sheet named "survey"' }] });
  });
});

describe('XLSForm pieces', () => {
  it('reads language columns written as names, codes or both', () => {
    expect(languageOfColumn('Deutsch (de)')).toBe('de');
    expect(languageOfColumn('de')).toBe('de');
    expect(languageOfColumn('English')).toBe('en');
    expect(languageOfColumn('Leichte Sprache (de-easy)')).toBe('de-easy');
    expect(languageOfColumn('Français (fr)')).toBeNull();
  });

  it('parses the documented relevant subset and says where the rest fails', () => {
    expect(parseRelevant("${a} = 'x' or ${b} != ''")).toEqual({ any: [{ leaf: { ref: 'a', op: '=', value: 'x' } }, { leaf: { ref: 'b', op: '!=', value: '' } }] });
    expect(parseRelevant("not(selected(${a}, 'x'))")).toEqual({ not: { leaf: { ref: 'a', op: 'selected', value: 'x' } } });
    expect(parseRelevant('${a} = ')).toEqual({ code: 'relevantExpectedValue' });
    expect(parseRelevant("count(${a}) = '1'")).toEqual({ code: 'relevantExpectedQuestion', params: { example: '${name}' } });
    expect(parseRelevant("${a} = 'x' ${b}")).toEqual({ code: 'relevantTrailingText' });
    expect(parseRelevant("selected(${a} 'x')")).toEqual({ code: 'relevantExpectedToken', params: { token: ',' } });
  });
});
