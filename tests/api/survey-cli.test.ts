import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXlsform, youthSurveySheets } from '../factories/xlsform.ts';
import { readWorkbook } from '../helpers/exports.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

const run = promisify(execFile);

describe('npm run survey:import and survey:export', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const cli = (script: string, args: string[]) =>
    run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, `../../scripts/${script}.ts`), ...args], { env: { ...process.env, DATABASE_PATH: t.databasePath } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    );
  const definitionOf = (version: number) => JSON.parse((t.db.$client.prepare('select definition from surveys where version = ?').get(version) as { definition: string }).definition);

  it('imports and publishes an XLSForm, exports it and imports the export to the same survey', async () => {
    const form = join(t.dir, 'jugend.xlsx');
    writeFileSync(form, await buildXlsform(youthSurveySheets()));
    const imported = await cli('survey-import', ['--process', t.slug, '--file', form, '--publish']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`Published ${t.slug} version 2. Texts per language: de `);
    // No Ukrainian in the form: only the texts around the questions (privacy notice, thank-you page) have it.
    const [, ukrainian, total] = /uk (\d+)\/(\d+)/u.exec(imported.stdout)!;
    expect(Number(ukrainian)).toBeLessThan(Number(total) / 2);
    expect(imported.stdout).toContain('Note (settings, row 2, form_title)');
    expect(definitionOf(2).languages).toEqual(['de', 'en', 'uk']);

    const out = join(t.dir, 'export.xlsx');
    const exported = await cli('survey-export', ['--process', t.slug, '--version', '2', '--out', out]);
    expect(exported.stdout).toContain(`Wrote version 2 of ${t.slug} to ${out}.`);
    const { sheets } = await readWorkbook(readFileSync(out));
    expect(sheets.survey![0]).toEqual(expect.arrayContaining(['label::Deutsch (de)', 'label::English (en)', 'label::Українська (uk)']));

    // The export read back is the same survey: publishing it again is refused and changes nothing.
    const versions = () => t.db.$client.prepare('select count(*) from surveys').pluck().get();
    const before = versions();
    const again = await cli('survey-import', ['--process', t.slug, '--file', out, '--publish']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the same as version 2');
    expect(again.stderr).toContain('  draft: same as version 2');
    expect(again.stderr).not.toContain('undefined');
    expect(versions()).toBe(before);
    const draft = await cli('survey-import', ['--process', t.slug, '--file', out]);
    expect(draft.code).toBe(0);
    const stored = JSON.parse(t.db.$client.prepare('select definition from survey_drafts').pluck().get() as string);
    expect({ ...stored, version: 2 }).toEqual(definitionOf(2));
  });

  it('survey:export into a folder that is not there, or onto a folder, says so and exits 2, no stack trace', async () => {
    const missing = join(t.dir, 'kein-ordner', 'entwurf.xlsx');
    const [intoMissing, ontoFolder] = await Promise.all([
      cli('survey-export', ['--process', t.slug, '--out', missing]),
      cli('survey-export', ['--process', t.slug, '--out', t.dir]),
    ]);
    expect(intoMissing.code).toBe(2);
    expect(intoMissing.stderr).toBe(`Cannot write ${missing}: there is no folder ${join(t.dir, 'kein-ordner')}.\n`);
    expect(ontoFolder.code).toBe(2);
    expect(ontoFolder.stderr).toBe(`Cannot write ${t.dir}: it is a folder; name a file in it.\n`);
  });

  it('reports an unsupported type with its sheet and row and changes nothing', async () => {
    const form = join(t.dir, 'geo.xlsx');
    writeFileSync(form, await buildXlsform(youthSurveySheets([{ type: 'geopoint', name: 'where', 'label::Deutsch (de)': 'Wo?' }])));
    const count = () => (t.db.$client.prepare('select count(*) as n from surveys').get() as { n: number }).n;
    const draft = () => t.db.$client.prepare('select revision, definition from survey_drafts').all();
    const before = count();
    const draftBefore = draft();
    const result = await cli('survey-import', ['--process', t.slug, '--file', form]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('survey, row 13, type: the type "geopoint" is not supported');
    expect(count()).toBe(before);
    expect(draft()).toEqual(draftBefore);
    expect((await cli('survey-export', ['--process', 'nowhere', '--out', join(t.dir, 'x.xlsx')])).code).toBe(1);
    expect((await cli('survey-import', ['--process', t.slug])).code).toBe(2);
  });
});
