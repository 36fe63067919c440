import ExcelJS from 'exceljs';

export type SheetRows = Array<Record<string, string>>;

/** An .xlsx as staff would draft it in Excel: one sheet per entry, the header row from the keys used. */
export async function buildXlsform(sheets: Record<string, SheetRows>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    const headers = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    sheet.addRow(headers);
    for (const row of rows) sheet.addRow(headers.map((header) => row[header] ?? null));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A youth survey drafted in XLSForm: German and English labels, a Ukrainian column nobody has
 * filled in yet, the four basic types, a scale, a ranking, a relevant with and/or/not, the
 * Stadtteil question. `extra` adds rows to the survey sheet (after the last question).
 */
export function youthSurveySheets(extra: SheetRows = []): Record<string, SheetRows> {
  return {
    survey: [
      { type: 'begin_group', name: 'about', 'label::Deutsch (de)': 'Über dich', 'label::English (en)': 'About you', 'label::uk': '' },
      { type: 'note', name: 'about_intro', 'label::Deutsch (de)': 'Alles ist freiwillig.', 'label::English (en)': 'Everything is optional.' },
      { type: 'integer', name: 'age', 'label::Deutsch (de)': 'Wie alt bist du?', 'label::English (en)': 'How old are you?', required: 'yes', constraint: '. >= 10 and . <= 27' },
      { type: 'select_one yes_no', name: 'club', 'label::Deutsch (de)': 'Bist du in einem Verein?', 'label::English (en)': 'Are you in a club?' },
      { type: 'select_multiple activities', name: 'activities', 'label::Deutsch (de)': 'Was machst du gern?', 'label::English (en)': 'What do you like doing?', 'hint::Deutsch (de)': 'Mehrere Antworten möglich', constraint: 'count-selected(.) <= 2' },
      {
        type: 'text',
        name: 'club_wish',
        'label::Deutsch (de)': 'Was wünschst du dir vom Verein?',
        'label::English (en)': 'What do you wish for from the club?',
        relevant: "${club} = 'yes' and (selected(${activities}, 'sport') or not(${age} = ''))",
        constraint: 'string-length(.) <= 500',
        field_of_action: 'freizeit',
      },
      { type: 'select_one stadtteil', name: 'stadtteil', 'label::Deutsch (de)': 'Wo wohnst du?', 'label::English (en)': 'Where do you live?' },
      { type: 'end_group' },
      { type: 'begin group', name: 'opinion', 'label::Deutsch (de)': 'Deine Meinung', 'label::English (en)': 'Your opinion' },
      { type: 'range', name: 'mood', 'label::Deutsch (de)': 'Wie gern lebst du hier?', 'label::English (en)': 'How much do you like living here?', parameters: 'start=1 end=5 step=1 no_answer=yes', 'min_label::Deutsch (de)': 'gar nicht', 'max_label::Deutsch (de)': 'sehr' },
      { type: 'rank activities', name: 'priorities', 'label::Deutsch (de)': 'Was ist dir am wichtigsten?', constraint: 'count-selected(.) <= 2' },
      ...extra,
      { type: 'end group' },
    ],
    choices: [
      { list_name: 'yes_no', name: 'yes', 'label::Deutsch (de)': 'Ja', 'label::English (en)': 'Yes' },
      { list_name: 'yes_no', name: 'no', 'label::Deutsch (de)': 'Nein', 'label::English (en)': 'No' },
      { list_name: 'activities', name: 'sport', 'label::Deutsch (de)': 'Sport', 'label::English (en)': 'Sports' },
      { list_name: 'activities', name: 'music', 'label::Deutsch (de)': 'Musik', 'label::English (en)': 'Music' },
      { list_name: 'activities', name: 'gaming', 'label::Deutsch (de)': 'Gaming' },
      { list_name: 'stadtteil', name: 'gronau', 'label::Deutsch (de)': 'Gronau' },
    ],
    settings: [{ form_title: 'Jugendbefragung', version: '2026-03', default_language: 'Deutsch (de)' }],
  };
}
