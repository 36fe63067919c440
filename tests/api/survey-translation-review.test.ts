import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XLSX_MEDIA_TYPE, type SurveyDraft, type XlsformImportResult } from '../../shared/api/survey-versions.ts';
import type { Language } from '../../shared/languages.ts';
import type { SurveyDefinition } from '../../shared/survey/definition.ts';
import { buildUser } from '../factories/users.ts';
import { buildXlsform, youthSurveySheets, type SheetRows } from '../factories/xlsform.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/**
 * A checked translation („geprüft“, `reviewed`) whose German source text a save changes goes back
 * to not checked (`machine`) on every save path, as in the survey editor: the draft saved over the
 * API, a published version replaced in place, an XLSForm imported; unless the save marks that
 * language checked itself (ARCHITECTURE.md, "Survey versions").
 */
describe('checked translations when the German changes', () => {
  let t: TestApp;
  let admin: Agent;
  const base = () => `/api/admin/processes/${t.slug}/survey`;

  beforeEach(async () => {
    t = await buildTestApp();
    const user = await buildUser(t.db, { role: 'admin' });
    admin = await signIn(t.app, user.username, user.password);
  });
  afterEach(() => t.close());

  const getDraft = async (): Promise<SurveyDraft & { definition: SurveyDefinition }> => {
    const response = await admin.inject({ method: 'GET', url: `${base()}/draft` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const save = (draft: SurveyDraft, definition: SurveyDefinition, reviewed?: Language[]) =>
    admin.inject({ method: 'PUT', url: `${base()}/draft`, payload: { revision: draft.revision, definition, texts: draft.texts, ...(reviewed ? { reviewed } : {}) } });
  const saved = async (draft: SurveyDraft, definition: SurveyDefinition, reviewed?: Language[]): Promise<SurveyDraft & { definition: SurveyDefinition }> => {
    const response = await save(draft, definition, reviewed);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const audit = async (action: string) => (await admin.inject({ method: 'GET', url: `/api/admin/audit?action=${action}` })).json<{ entries: Array<{ details: Record<string, unknown> }> }>().entries;
  /** The definition with English and Turkish marked checked. */
  const checked = (definition: SurveyDefinition): SurveyDefinition => ({ ...definition, translations: { ...definition.translations, en: 'reviewed', tr: 'reviewed' } });
  /** The first question's German title changed; its translations as they were. */
  const retitled = (definition: SurveyDefinition, german: string): SurveyDefinition => {
    const changed = structuredClone(definition);
    const question = changed.sections.find((section) => section.questions.length > 0)!.questions[0]!;
    question.title = { ...question.title, de: german };
    return changed;
  };
  const firstTitle = (definition: SurveyDefinition) => definition.sections.find((section) => section.questions.length > 0)!.questions[0]!.title;

  it('saving the draft over the API: a language checked with its own text there goes back to not checked, one marked checked in the same save stays', async () => {
    // English and Turkish checked, with texts of their own for the first question.
    let draft = await saved(await getDraft(), checked((await getDraft()).definition));
    expect(draft.definition.translations).toMatchObject({ en: 'reviewed', tr: 'reviewed' });
    expect(firstTitle(draft.definition)).toMatchObject({ en: expect.any(String), tr: expect.any(String) });
    const checkedThere = (own: boolean) => draft.definition.languages.filter((language) => language !== 'de' && draft.definition.translations[language] === 'reviewed' && !!firstTitle(draft.definition)[language]?.trim() === own);
    const [outdatable, withoutOwn] = [checkedThere(true), checkedThere(false)];
    expect(outdatable).toEqual(expect.arrayContaining(['en', 'tr']));

    // Another change than German (a translation's own text) sets nothing back.
    const english = structuredClone(draft.definition);
    english.sections.find((section) => section.questions.length > 0)!.questions[0]!.title.en = 'Changed English';
    draft = await saved(draft, english);
    expect(draft.definition.translations).toMatchObject({ en: 'reviewed', tr: 'reviewed' });

    // The German changes: both go back to not checked, as the editor does as one types.
    draft = await saved(draft, retitled(draft.definition, 'Wie ist Ihre Lage auf dem Arbeitsmarkt?'));
    for (const language of outdatable) expect(draft.definition.translations[language], language).toBe('machine');
    for (const language of withoutOwn) expect(draft.definition.translations[language], language).toBe('reviewed');
    expect((await audit('survey_draft_saved'))[0]!.details).toMatchObject({ translationsOutdated: outdatable });

    // Checked again and the German changed once more, with English marked checked in the same save: English stays, Turkish goes back.
    draft = await saved(draft, checked(draft.definition));
    draft = await saved(draft, retitled(draft.definition, 'Wie sieht Ihre Arbeit aus?'), ['en']);
    expect(draft.definition.translations).toMatchObject({ en: 'reviewed', tr: 'machine' });

    // Marking checked what the definition says is not: 400, nothing saved.
    const contradiction = await save(draft, draft.definition, ['tr']);
    expect(contradiction.statusCode).toBe(400);
    expect(contradiction.json().error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ path: 'body.reviewed.0' })] });
    expect((await getDraft()).revision).toBe(draft.revision);
  });

  it('the texts around the survey count too: a changed German thank-you title sets back a language that translates it', async () => {
    const draft = await saved(await getDraft(), checked((await getDraft()).definition));
    expect(draft.texts.thanks.title).toMatchObject({ en: expect.any(String) });
    const texts = structuredClone(draft.texts);
    texts.thanks.title = { ...texts.thanks.title, de: 'Vielen herzlichen Dank!' };
    const response = await admin.inject({ method: 'PUT', url: `${base()}/draft`, payload: { revision: draft.revision, definition: draft.definition, texts } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().definition.translations).toMatchObject({ en: 'machine', tr: 'machine' });
  });

  it('while no draft is saved, the German is measured against the newest published version', async () => {
    const draft = await getDraft();
    const published = await saved(draft, checked(draft.definition));
    const version = await admin.inject({ method: 'POST', url: `${base()}/publish`, payload: { revision: published.revision } });
    expect(version.statusCode, version.body).toBe(201);

    const fresh = await getDraft();
    expect(fresh.revision).toBe(0);
    const after = await saved(fresh, retitled(fresh.definition, 'Neu formuliert'));
    expect(after.definition.translations).toMatchObject({ en: 'machine', tr: 'machine' });
  });

  it('replacing a version nobody answered: the same rule against the version replaced', async () => {
    const draft = await getDraft();
    // Checked in the same save that changes the German: they stay checked.
    const published = await saved(draft, checked(retitled(draft.definition, 'Neue Frage für Version 2')), ['en', 'tr']);
    const created = (await admin.inject({ method: 'POST', url: `${base()}/publish`, payload: { revision: published.revision } })).json<{ version: number }>();
    const url = `${base()}/versions/${created.version}`;
    const version = (await admin.inject({ method: 'GET', url })).json<{ definition: SurveyDefinition; texts: unknown }>();
    expect(version.definition.translations).toMatchObject({ en: 'reviewed', tr: 'reviewed' });

    const replaced = await admin.inject({ method: 'PUT', url, payload: { definition: retitled(version.definition, 'Tippfehler korrigiert'), texts: version.texts, reviewed: ['tr'] } });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json().definition.translations).toMatchObject({ en: 'machine', tr: 'reviewed' });
    expect((await audit('survey_version_replaced'))[0]!.details).toMatchObject({ version: created.version, translationsOutdated: ['en'] });
  });

  it('importing an XLSForm: a status the file carries as it stood sets back, one the file changes to checked stays, no setting marks nothing', async () => {
    const upload = async (sheets: Record<string, SheetRows>, revision: number): Promise<XlsformImportResult> => {
      const response = await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/survey/xlsform?revision=${revision}`, headers: { 'content-type': XLSX_MEDIA_TYPE }, payload: await buildXlsform(sheets) });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    /** The youth survey with the age question's German and the settings' translations as given. */
    const youth = (german: string, translations?: string) => {
      const sheets = youthSurveySheets();
      sheets.survey = sheets.survey!.map((row) => (row.name === 'age' ? { ...row, 'label::Deutsch (de)': german } : row));
      sheets.settings = [{ ...sheets.settings![0]!, ...(translations ? { translations } : {}) }];
      return sheets;
    };
    const outdatedNote = (result: XlsformImportResult) => result.notes.find((note) => note.code === 'translationsOutdated');

    let result = await upload(youth('Wie alt bist du?', 'en=reviewed uk=machine'), 0);
    expect(result.draft.definition!.translations).toEqual({ de: 'reviewed', en: 'reviewed', uk: 'machine' });
    expect(outdatedNote(result)).toBeUndefined();

    // Edited in Excel: the German changed, the settings still say en=reviewed as exported.
    result = await upload(youth('Wie alt bist du jetzt?', 'en=reviewed uk=machine'), result.draft.revision);
    expect(result.draft.definition!.translations).toMatchObject({ en: 'machine' });
    expect(outdatedNote(result)).toMatchObject({ sheet: 'settings', column: 'translations', params: { languages: 'en' }, message: expect.stringContaining('en') });

    // Checked, and the file says so while changing the German again (a person turned `machine` as exported to `reviewed`): English stays checked.
    const personChecked = youth('Wie alt bist du genau?', 'en=reviewed uk=machine');
    personChecked.settings = [{ ...personChecked.settings![0]!, reviewed_when_exported: 'de' }];
    result = await upload(personChecked, result.draft.revision);
    expect(result.draft.definition!.translations).toMatchObject({ en: 'reviewed' });
    expect(outdatedNote(result)).toBeUndefined();

    // A file without the setting counts every language as checked, but marks none itself: a changed German sets English back.
    result = await upload(youth('Wie alt bist du heute?'), result.draft.revision);
    expect(result.draft.definition!.translations).toMatchObject({ en: 'machine' });
    expect(outdatedNote(result)?.params).toEqual({ languages: 'en' });
  });

  it('an XLSForm that carries an old „geprüft“ checks a language again only where its German is what that language was last checked against', async () => {
    const url = `/api/admin/processes/${t.slug}/survey/xlsform`;
    const upload = async (file: Buffer, revision: number): Promise<XlsformImportResult> => {
      const response = await admin.inject({ method: 'POST', url: `${url}?revision=${revision}`, headers: { 'content-type': XLSX_MEDIA_TYPE }, payload: file });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    /** The exported file with the age question's German (and the settings) changed, as someone would in Excel. */
    const edited = async (file: Buffer, change: { age?: string; reviewedWhenExported?: string }): Promise<Buffer> => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file as unknown as ArrayBuffer);
      const column = (sheet: ExcelJS.Worksheet, header: string) => (sheet.getRow(1).values as unknown[]).indexOf(header);
      const survey = workbook.getWorksheet('survey')!;
      survey.eachRow((row) => {
        if (change.age !== undefined && row.getCell(column(survey, 'name')).text === 'age') row.getCell(column(survey, 'label::Deutsch (de)')).value = change.age;
      });
      const settings = workbook.getWorksheet('settings')!;
      if (change.reviewedWhenExported !== undefined) settings.getRow(2).getCell(column(settings, 'reviewed_when_exported')).value = change.reviewedWhenExported;
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };
    const settingsOf = async (file: Buffer) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file as unknown as ArrayBuffer);
      const [headers, values] = [1, 2].map((n) => Array.from(workbook.getWorksheet('settings')!.getRow(n).values as unknown[]));
      return Object.fromEntries(headers!.map((header, i) => [String(header), values![i]]));
    };
    const ageTitle = (definition: SurveyDefinition) => definition.sections.flatMap((section) => section.questions).find((question) => question.key === 'age')!.title;
    const withAge = (definition: SurveyDefinition, german: string) => {
      const changed = structuredClone(definition);
      changed.sections.flatMap((section) => section.questions).find((question) => question.key === 'age')!.title.de = german;
      return changed;
    };
    const outdatedNote = (result: XlsformImportResult) => result.notes.find((note) => note.code === 'translationsOutdated');

    // English checked against „Wie alt bist du?“; the exported file says so, and which languages were checked then.
    const sheets = youthSurveySheets();
    sheets.settings = [{ ...sheets.settings![0]!, translations: 'en=reviewed uk=machine' }];
    let result = await upload(await buildXlsform(sheets), 0);
    expect(result.draft.definition!.translations).toMatchObject({ en: 'reviewed' });
    const exported = await admin.inject({ method: 'GET', url });
    expect(exported.statusCode, exported.body).toBe(200);
    const old = exported.rawPayload;
    expect(await settingsOf(old)).toMatchObject({ translations: 'de=reviewed en=reviewed uk=machine', reviewed_when_exported: 'de en' });

    // The German changes in the editor: English goes back to not checked.
    let draft = await saved(result.draft, withAge(result.draft.definition!, 'Wie alt bist du jetzt?'));
    expect(draft.definition.translations.en).toBe('machine');

    // The old file, its German edited in Excel to one nobody checked English against: English stays not checked, and the import says so.
    result = await upload(await edited(old, { age: 'Wie alt bist du heute?' }), draft.revision);
    expect(ageTitle(result.draft.definition!).de).toBe('Wie alt bist du heute?');
    expect(result.draft.definition!.translations.en).toBe('machine');
    expect(outdatedNote(result)?.params).toEqual({ languages: 'en' });

    // The old file as it was brings back the German English was checked against: checked again.
    result = await upload(old, result.draft.revision);
    expect(result.draft.definition!.translations.en).toBe('reviewed');
    expect(outdatedNote(result)).toBeUndefined();

    // A person checks English against new German in the editor (a new check), then the German changes once more.
    draft = await saved(result.draft, withAge(result.draft.definition!, 'Wie alt bist du jetzt?'), ['en']);
    expect(draft.definition.translations.en).toBe('reviewed');
    draft = await saved(draft, withAge(draft.definition, 'Dein Alter?'));
    expect(draft.definition.translations.en).toBe('machine');
    // The old file's German is no longer what English was last checked against: not checked.
    result = await upload(old, draft.revision);
    expect(ageTitle(result.draft.definition!).de).toBe('Wie alt bist du?');
    expect(result.draft.definition!.translations.en).toBe('machine');
    expect(outdatedNote(result)?.params).toEqual({ languages: 'en' });

    // A file where a person turned English to „reviewed“ (not checked when exported): that is a check, whatever the German.
    result = await upload(await edited(old, { age: 'Wie alt bist du genau?', reviewedWhenExported: 'de' }), result.draft.revision);
    expect(result.draft.definition!.translations.en).toBe('reviewed');
    expect(outdatedNote(result)).toBeUndefined();
  });
});
