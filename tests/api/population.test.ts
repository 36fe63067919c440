import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PopulationList } from '../../shared/api/population.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

const run = promisify(execFile);

/** A Zensus-like file for four Stadtteile: by number, key and name, with age bands and nationality. */
const GOOD = [
  '# Quelle: Zensus 2022, Ergebnisse nach Stadtteilen (Stadt Bergisch Gladbach)',
  '# Stichtag: 2022-05-15',
  '# Lizenz: Datenlizenz Deutschland – Namensnennung – Version 2.0',
  'Stadtteil;Einwohner;unter 18;18 bis 29;30 bis 49;50 bis 64;65 und älter;Deutsche;Ausländer',
  '21;11.069;2000;1500;3000;2569;2000;9641;1428',
  'gronau;6266;1200;900;1800;1366;1000;4969;1297',
  'Heidkamp;6362;;;;;;5344;1018',
  'Hand;8865;;;;;;;',
].join('\n');

/** Every kind of mistake once; the lines are the file's own, comment line included. */
const BAD = [
  '# Quelle: Zensus 2022',
  'Stadtteil;Einwohner;Deutsche;Ausländer',
  'Atlantis;100;50;50', // line 3: unknown Stadtteil
  'Gronau;6266;5000;1000', // line 4: parts add up to 6000
  'Hand;-5;;', // line 5: negative
  'Sand;2510,5;;', // line 6: not whole
  'gronau;6266;;', // line 7: twice
  'Refrath;9437;9000;', // line 8: group half filled
].join('\n');

let t: TestApp;
let admin: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  const user = await buildUser(t.db, { role: 'admin' });
  admin = await signIn(t.app, user.username, user.password);
});
afterAll(() => t.close());

const list = async () => (await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/population` })).json<PopulationList>().stadtteile;
const post = (payload: object) => admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/population`, payload });
const cli = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../scripts/population-import.ts'), ...args], { env: { ...process.env, DATABASE_PATH: t.databasePath } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );

describe('population reference data', () => {
  it('starts with the seeded example figures, marked unverified', async () => {
    const rows = await list();
    expect(rows).toHaveLength(25);
    expect(rows.find((row) => row.key === 'stadtmitte')).toMatchObject({ population: 11875, status: 'unverified', licence: null, parts: { age: null } });
    expect(rows.every((row) => row.status === 'unverified')).toBe(true);
  });

  it('refuses an inconsistent CSV over HTTP, naming every line, and changes nothing', async () => {
    const response = await post({ csv: BAD, referenceDate: '2022-05-15', licence: 'dl-de/by-2-0' });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('invalid_csv');
    const byLine = Object.fromEntries((error.details as Array<{ line: number; message: string }>).map((problem) => [problem.line, problem.message]));
    expect(Object.keys(byLine).map(Number)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(byLine[3]).toContain('„Atlantis“ ist kein Stadtteil');
    expect(byLine[4]).toBe('Staatsangehörigkeit ergeben zusammen 6000, Einwohner sind aber 6266');
    expect(byLine[5]).toContain('ist keine ganze Zahl ab 0');
    expect(byLine[6]).toContain('„2510,5“ ist keine ganze Zahl');
    expect(byLine[7]).toContain('steht schon in Zeile 4');
    expect(byLine[8]).toContain('leer: Ausländer');
    // Each problem also carries a code and the values the admin area words it with, in the admin's language.
    expect(error.details).toEqual([
      { line: 3, code: 'unknown_stadtteil', message: expect.any(String), values: { name: 'Atlantis' } },
      { line: 4, code: 'parts_sum', message: expect.any(String), values: { dimension: 'nationality', sum: '6000', total: '6266' } },
      { line: 5, code: 'not_a_count', message: expect.any(String), values: { column: 'Einwohner', value: '-5' } },
      { line: 6, code: 'not_a_count', message: expect.any(String), values: { column: 'Einwohner', value: '2510,5' } },
      { line: 7, code: 'stadtteil_twice', message: expect.any(String), values: { name: 'gronau', line: '4' } },
      { line: 8, code: 'parts_empty', message: expect.any(String), values: { dimension: 'nationality', columns: 'Ausländer' } },
    ]);
    expect((await list()).find((row) => row.key === 'gronau')).toMatchObject({ population: 6407, status: 'unverified' });

    const header = await post({ csv: 'Stadtteil;Einwohner;Deutsche;Alter 18-29\ngronau;1;1;0', source: 'x', referenceDate: '2022-05-15', licence: 'y' });
    expect(header.json().error.details).toEqual([
      expect.objectContaining({ line: 1, code: 'parts_incomplete', values: { dimension: 'age', columns: 'unter 18, 30 bis 49, 50 bis 64, 65 und älter' }, message: expect.stringContaining('Altersgruppen: alle Teile oder keiner; es fehlen: unter 18, 30 bis 49, 50 bis 64, 65 und älter') }),
      expect.objectContaining({ line: 1, code: 'parts_incomplete', values: { dimension: 'nationality', columns: 'Ausländer' }, message: expect.stringContaining('Staatsangehörigkeit: alle Teile oder keiner; es fehlen: Ausländer') }),
    ]);
    const unknownColumn = await post({ csv: 'Stadtteil;Einwohner;Haushalte\ngronau;1;1', source: 'x', referenceDate: '2022-05-15', licence: 'y' });
    expect(unknownColumn.json().error.details[0]).toMatchObject({ line: 1, code: 'unknown_column', values: { column: 'Haushalte' }, message: expect.stringContaining('unbekannte Spalte „Haushalte“') });
    const noColumns = await post({ csv: 'Nummer;Nummer;Anzahl\n', source: 'x', referenceDate: '2022-05-15', licence: 'y' });
    expect(noColumns.json().error.details).toEqual([
      expect.objectContaining({ line: 1, code: 'unknown_column', values: expect.objectContaining({ column: 'Anzahl' }) }),
      { line: 1, code: 'column_twice', message: 'die Spalte Stadtteil steht zweimal da', values: { column: 'Stadtteil' } },
      { line: 1, code: 'column_missing', message: 'die Spalte Einwohner fehlt', values: { column: 'Einwohner' } },
    ]);
  });

  it('needs source, reference date and licence', async () => {
    const response = await post({ csv: 'Stadtteil;Einwohner\ngronau;6266' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_reference');
    expect(response.json().error.details).toEqual([
      { field: 'source', code: 'source_missing', message: 'Quelle fehlt' },
      { field: 'referenceDate', code: 'reference_date_missing', message: 'Stichtag fehlt (JJJJ-MM-TT)' },
      { field: 'licence', code: 'licence_missing', message: 'Lizenz fehlt' },
    ]);
    const notADay = await post({ csv: '# Stichtag: 15.05.2022\nStadtteil;Einwohner\ngronau;6266', source: 'x', licence: 'y' });
    expect(notADay.json().error.details).toEqual([{ field: 'referenceDate', code: 'reference_date_invalid', message: 'Stichtag 15.05.2022 ist kein Tag (JJJJ-MM-TT)', values: { value: '15.05.2022' } }]);
  });

  it('replaces every figure with the file’s in one go, audited', async () => {
    const response = await post({ csv: GOOD });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      imported: 4,
      population: 11069 + 6266 + 6362 + 8865,
      source: 'Zensus 2022, Ergebnisse nach Stadtteilen (Stadt Bergisch Gladbach)',
      referenceDate: '2022-05-15',
      licence: 'Datenlizenz Deutschland – Namensnennung – Version 2.0',
      dimensions: { age: 2, nationality: 3, immigration: 0 },
    });
    expect(response.json().withoutFigures).toHaveLength(21);
    const rows = await list();
    expect(rows.find((row) => row.key === 'stadtmitte')).toMatchObject({
      population: 11069,
      status: 'official',
      referenceDate: '2022-05-15',
      parts: { age: { 'under-18': 2000, '18-29': 1500, '30-49': 3000, '50-64': 2569, '65-plus': 2000 }, nationality: { german: 9641, foreign: 1428 }, immigration: null },
    });
    expect(rows.find((row) => row.key === 'heidkamp')!.parts).toEqual({ age: null, nationality: { german: 5344, foreign: 1018 }, immigration: null });
    // Not in the file: no figure any more, so no example figure stands beside official ones.
    expect(rows.find((row) => row.key === 'sand')).toMatchObject({ population: null, status: null });
    const audit = await admin.inject({ method: 'GET', url: '/api/admin/audit?action=population_imported' });
    expect(audit.json().entries[0].details).toMatchObject({ stadtteile: 4, population: 32562, before: { stadtteile: 25, unverified: 25 }, referenceDate: '2022-05-15' });

    // A later file replaces all of it, parts included.
    const again = await post({ csv: 'Stadtteil;Einwohner\nSand;2600', source: 'Melderegister', referenceDate: '2024-12-31', licence: 'CC BY 4.0' });
    expect(again.statusCode).toBe(200);
    const after = await list();
    expect(after.filter((row) => row.population !== null).map((row) => row.key)).toEqual(['sand']);
    expect(after.find((row) => row.key === 'stadtmitte')!.parts).toEqual({ age: null, nationality: null, immigration: null });
  });

  it('keeps a Stadtteil’s figures and parts by key when the structure is edited', async () => {
    await post({ csv: GOOD });
    const renamed = structuredClone((await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}` })).json().structure);
    renamed.districts[1].stadtteile[0].name = 'Stadtmitte (Gladbach)';
    const response = await admin.inject({ method: 'PUT', url: `/api/admin/processes/${t.slug}/structure`, payload: renamed });
    expect(response.statusCode, response.body).toBe(200);
    expect((await list()).find((row) => row.key === 'stadtmitte')).toMatchObject({ population: 11069, status: 'official', parts: { nationality: { german: 9641, foreign: 1428 } } });
  });

  it('imports from the command line and refuses an inconsistent file there too, naming the lines', async () => {
    const bad = join(t.dir, 'bad.csv');
    writeFileSync(bad, BAD);
    const refused = await cli(['--process', t.slug, '--file', bad, '--date', '2022-05-15', '--licence', 'dl-de/by-2-0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('6 lines need a correction');
    expect(refused.stderr).toContain('line 4: Staatsangehörigkeit ergeben zusammen 6000, Einwohner sind aber 6266');
    expect(refused.stderr).toContain('line 3: „Atlantis“ ist kein Stadtteil');

    const good = join(t.dir, 'good.csv');
    writeFileSync(good, `\uFEFF${GOOD.replace('2022-05-15', '2022-05-16')}`);
    const imported = await cli(['--process', t.slug, '--file', good]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`Imported 32562 residents in 4 Stadtteile of ${t.slug}`);
    expect((await list()).find((row) => row.key === 'gronau')).toMatchObject({ population: 6266, referenceDate: '2022-05-16' });

    const missing = await cli(['--process', 'gibt-es-nicht', '--file', good]);
    expect(missing.code).toBe(3);

    // Three problems of one header line are one line to correct; options are named as typed.
    const header = join(t.dir, 'header.csv');
    writeFileSync(header, 'Ortsteil;Bewohner\nGronau;6266\n');
    const headerOnly = await cli(['--process', t.slug, '--file', header, '--date', '2022-05-15', '--source', 'Zensus', '--licence', 'dl-de/by-2-0']);
    expect(headerOnly.code).toBe(1);
    expect(headerOnly.stderr).toMatch(/^1 line needs a correction\n( {2}line 1: .+\n){4}$/);
    const badDate = await cli(['--process', t.slug, '--file', good, '--date', '2022-13-45']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/^--date: /);
    const empty = join(t.dir, 'empty.csv');
    writeFileSync(empty, '');
    expect(await cli(['--process', t.slug, '--file', empty])).toMatchObject({ code: 1, stderr: `${empty} is empty; it needs a header line (Stadtteil;Einwohner) and a line per Stadtteil.\n` });
  });
});
