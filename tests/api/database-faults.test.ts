import { execFile } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, DatabaseDamagedError, NotMitredenDatabaseError, openDatabase } from '../../db/index.ts';
import { checkDatabaseFile } from '../../db/integrity.ts';
import { seedDefaultProcess, seedDefaultSurvey } from '../../db/seed/index.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Runs one of our scripts as an operator would, without waiting on the event loop (a server in this process keeps answering). */
function script(name: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(TSX, [join(ROOT, 'scripts', name), ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A database with the default process and some contributions, closed cleanly (its WAL folded in). */
function buildDatabase(path: string, contributions = 200) {
  const db = openDatabase(path);
  seedDefaultProcess(db);
  seedDefaultSurvey(db);
  db.$client.transaction(() => {
    for (let i = 0; i < contributions; i += 1) buildContribution(db, { text: `Beitrag ${i}: mehr Sprachkurse am Abend. `.repeat(5) });
  })();
  closeDatabase(db);
}

/** Overwrites the start of the page in the middle of the file with garbage, the way a failing disk does. */
function corruptPages(path: string) {
  const pageSize = 4096;
  const middle = Math.floor(statSync(path).size / pageSize / 2) * pageSize;
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(256, 0xff), 0, 256, middle);
  closeSync(fd);
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+[:(]/m);

describe('database faults', () => {
  let template: string;
  let dir: string;
  let path: string;
  beforeAll(() => {
    template = join(mkdtempSync(join(tmpdir(), 'mitreden-faults-')), 'template.sqlite');
    buildDatabase(template);
  });
  afterAll(() => rmSync(resolve(template, '..'), { recursive: true, force: true }));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mitreden-faults-'));
    path = join(dir, 'mitreden.sqlite');
    copyFileSync(template, path);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a file with corrupted pages is refused at opening, with what SQLite found', () => {
    corruptPages(path);
    expect(() => openDatabase(path)).toThrow(DatabaseDamagedError);
    expect(() => openDatabase(path)).toThrow(/damaged[\s\S]*npm run restore/);
  });

  it('npm start refuses a corrupted and a truncated file with a clear message and no stack trace', async () => {
    const truncated = join(dir, 'truncated.sqlite');
    copyFileSync(path, truncated);
    truncateSync(truncated, Math.floor(statSync(truncated).size / 2));
    const tiny = join(dir, 'tiny.sqlite');
    copyFileSync(path, tiny);
    truncateSync(tiny, 100);
    corruptPages(path);
    for (const file of [path, truncated, tiny]) {
      const before = readFileSync(file);
      const run = await script('start.ts', [], { DATABASE_PATH: file, PORT: '0' });
      expect(run.code, file).toBe(1);
      expect(run.stderr, file).toMatch(/The database .+ is damaged/);
      expect(run.stderr, file).toContain('npm run restore');
      noStack(run.stderr);
      expect(readFileSync(file).equals(before), `${file} unchanged`).toBe(true);
    }
  }, 120_000);

  it('the commands refuse a damaged database with what SQLite found and how to restore, exit 1, no stack trace', async () => {
    corruptPages(path);
    const before = readFileSync(path);
    const runs = await Promise.all([
      script('concept.ts', ['--process', 'integrationskonzept', '--out', join(dir, 'konzept.docx')], { DATABASE_PATH: path }),
      script('create-user.ts', ['--username', 'admin', '--role', 'admin'], { DATABASE_PATH: path, MITREDEN_PASSWORD: 'a long passphrase here' }),
      script('survey-export.ts', ['--process', 'integrationskonzept', '--out', join(dir, 'entwurf.xlsx')], { DATABASE_PATH: path }),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(1);
      // A command's message speaks of what the command does, not of a server start that nobody asked for.
      expect(run.stderr).toMatch(/The database .+ is damaged; Mitreden does not open it \(neither the server nor a command\)/);
      expect(run.stderr).toContain('npm run restore');
      noStack(run.stderr);
    }
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(join(dir, 'konzept.docx'))).toBe(false);
  }, 120_000);

  it('npm start and the commands refuse another application’s SQLite file and leave it byte for byte as it was', async () => {
    const foreign = join(dir, 'kasse.sqlite');
    const other = new Database(foreign);
    other.exec("create table buchungen (id integer primary key, betrag integer); insert into buchungen (betrag) values (12)");
    other.close();
    const before = readFileSync(foreign);
    expect(() => openDatabase(foreign)).toThrow(NotMitredenDatabaseError);
    const runs = await Promise.all([
      script('start.ts', [], { DATABASE_PATH: foreign, PORT: '0', SERVE_CLIENT: 'false' }),
      script('create-user.ts', ['--username', 'admin', '--role', 'admin'], { DATABASE_PATH: foreign, MITREDEN_PASSWORD: 'a long passphrase here' }),
      script('population-import.ts', ['--process', 'integrationskonzept', '--file', join(ROOT, 'package.json')], { DATABASE_PATH: foreign }),
    ]);
    for (const run of runs) {
      expect(run.code, run.stdout).toBe(1);
      expect(run.stderr).toContain(`${foreign} is not a Mitreden database: it holds other tables (buchungen)`);
      expect(run.stderr).toContain('Set DATABASE_PATH');
      noStack(run.stderr);
    }
    expect(readFileSync(foreign).equals(before)).toBe(true);
    expect(existsSync(`${foreign}-wal`)).toBe(false);
  }, 120_000);

  it('npm run backup exits 1 for a damaged database and keeps no copy; 0 with a checked copy for a sound one', async () => {
    const good = await script('backup.ts', [join(dir, 'good.sqlite')], { DATABASE_PATH: path });
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('passed');
    expect(existsSync(join(dir, 'good.sqlite'))).toBe(true);
    // One file: no -wal or -shm beside it, also after it was checked (and read again by a restore).
    expect(['-wal', '-shm'].filter((suffix) => existsSync(join(dir, `good.sqlite${suffix}`)))).toEqual([]);

    corruptPages(path);
    const bad = await script('backup.ts', [join(dir, 'bad.sqlite')], { DATABASE_PATH: path });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Backup FAILED');
    expect(bad.stdout).not.toContain('passed');
    noStack(bad.stderr);
    expect(existsSync(join(dir, 'bad.sqlite'))).toBe(false);
  }, 120_000);

  it('npm run backup to, and npm run restore into, a path whose folder is a file say so without a stack trace and change nothing', async () => {
    const file = join(dir, 'notiz.txt');
    writeFileSync(file, 'kein Ordner');
    const backup = await script('backup.ts', [join(file, 'backup.sqlite')], { DATABASE_PATH: path });
    expect(backup.code).toBe(2);
    expect(backup.stderr).toMatch(new RegExp(`^Cannot write ${join(file, 'backup.sqlite')}: `));
    noStack(backup.stderr);
    const restore = await script('restore.ts', [template], { DATABASE_PATH: join(file, 'mitreden.sqlite'), PORT: '1' });
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain(`REFUSED; nothing was changed.\nThere is no folder ${file} for DATABASE_PATH=`);
    noStack(restore.stderr);
    expect(readFileSync(file, 'utf8')).toBe('kein Ordner');
    // On a new machine the database's folder is not there yet: the restore makes it, as the server's first start does.
    const fresh = join(dir, 'neu', 'daten', 'mitreden.sqlite');
    const recovered = await script('restore.ts', [template], { DATABASE_PATH: fresh, PORT: '1' });
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(checkDatabaseFile(fresh, 'integrity')).toEqual([]);
  }, 120_000);

  it('npm run restore refuses a damaged or foreign file and changes nothing; a sound backup replaces the database and the old one is kept', async () => {
    const backup = join(dir, 'backup.sqlite');
    expect((await script('backup.ts', [backup], { DATABASE_PATH: path })).code).toBe(0);
    // The live database moves on after the backup: one more contribution.
    const live = openDatabase(path);
    buildContribution(live, { text: 'Nach der Sicherung geschrieben' });
    closeDatabase(live);
    const before = readFileSync(path);

    const damaged = join(dir, 'damaged.sqlite');
    copyFileSync(backup, damaged);
    corruptPages(damaged);
    const truncated = join(dir, 'truncated.sqlite');
    copyFileSync(backup, truncated);
    truncateSync(truncated, 1000);
    const foreign = join(dir, 'foreign.sqlite');
    closeDatabase(openDatabase(foreign, { migrate: false }));
    for (const file of [damaged, truncated, foreign, join(dir, 'missing.sqlite')]) {
      const run = await script('restore.ts', [file], { DATABASE_PATH: path, PORT: '1' });
      expect(run.code, `${file}: ${run.stdout}`).toBe(1);
      expect(run.stderr).toContain('REFUSED; nothing was changed');
      noStack(run.stderr);
      expect(readFileSync(path).equals(before), `${file}: the database is unchanged`).toBe(true);
    }

    const restored = await script('restore.ts', [backup], { DATABASE_PATH: path, PORT: '1' });
    expect(restored.code, restored.stderr).toBe(0);
    const db = openDatabase(path);
    const texts = (db.$client.prepare('select text from contributions').all() as Array<{ text: string }>).map((row) => row.text);
    closeDatabase(db);
    expect(texts).toHaveLength(200);
    expect(texts).not.toContain('Nach der Sicherung geschrieben');
    const kept = /kept as (.+\.sqlite)\./.exec(restored.stdout)?.[1];
    expect(kept && readFileSync(kept).equals(before)).toBe(true);

    // A backup in WAL mode (an older release's, or sqlite3's .backup) is restored as well, and nothing of the temporary copy stays behind.
    const walBackup = join(dir, 'wal-backup.sqlite');
    copyFileSync(template, walBackup);
    const again = await script('restore.ts', [walBackup], { DATABASE_PATH: path, PORT: '1' });
    expect(again.code, again.stderr).toBe(0);
    expect(readdirSync(dir).filter((name) => name.includes('.restoring'))).toEqual([]);
  }, 120_000);

  describe('while the server runs', () => {
    let t: TestApp;
    afterEach(() => t.close());

    it('npm run restore refuses while the server answers', async () => {
      t = await buildTestApp();
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const port = String((t.app.server.address() as AddressInfo).port);
      const backup = join(dir, 'backup.sqlite');
      expect((await script('backup.ts', [backup], { DATABASE_PATH: t.databasePath })).code).toBe(0);
      const run = await script('restore.ts', [backup], { DATABASE_PATH: t.databasePath, HOST: '127.0.0.1', PORT: port });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Stop it first');
    }, 120_000);

    it('npm run restore refuses while a server the shell’s PORT does not name holds the database open, and changes nothing', async () => {
      t = await buildTestApp();
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const backup = join(dir, 'backup.sqlite');
      expect((await script('backup.ts', [backup], { DATABASE_PATH: t.databasePath })).code).toBe(0);
      buildContribution(t.db, { text: 'Nach der Sicherung geschrieben' });
      // The service started the server on its own port; the shell asks the default one, where nothing answers.
      const run = await script('restore.ts', [backup], { DATABASE_PATH: t.databasePath, HOST: '127.0.0.1', PORT: '1' });
      expect(run.code, run.stdout).toBe(1);
      expect(run.stderr).toContain(`REFUSED; nothing was changed.\nAnother program holds ${t.databasePath} open`);
      noStack(run.stderr);
      expect(readdirSync(resolve(t.databasePath, '..')).filter((name) => name.includes('before-restore') || name.includes('.restoring'))).toEqual([]);
      const texts = (t.db.$client.prepare('select text from contributions').all() as Array<{ text: string }>).map((row) => row.text);
      expect(texts).toContain('Nach der Sicherung geschrieben');
    }, 120_000);

    it('/api/health answers 503 while the database fails its check', async () => {
      t = await buildTestApp();
      for (let i = 0; i < 200; i += 1) buildContribution(t.db, { text: `Beitrag ${i}: mehr Sprachkurse am Abend. `.repeat(5) });
      t.db.$client.pragma('wal_checkpoint(TRUNCATE)');
      expect(t.databaseCheck.run()).toEqual([]);
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);

      corruptPages(t.databasePath);
      expect(t.databaseCheck.run().length).toBeGreaterThan(0);
      const health = await t.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ error: { code: 'database_damaged' } });
    });

    it('a query that meets a damaged page turns health to 503 at once; a later check of a sound file turns it back', async () => {
      t = await buildTestApp();
      const corrupt = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
      t.databaseCheck.noteError(Object.assign(new Error('Failed query'), { cause: corrupt }));
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(503);
      // The check that follows finds the file sound (the error was not the file's): health recovers.
      await expect.poll(async () => (await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    });
  });
});
