import { eq } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../db/index.ts';
import { fieldsOfAction, phases, processes } from '../../db/schema.ts';
import { CITY, FIELDS_OF_ACTION, PHASES } from '../../db/seed/bergisch-gladbach.ts';
import { completeDefaultProcessTexts, DEFAULT_PROCESS_SLUG, seedDefaultProcess } from '../../db/seed/index.ts';
import { FIELD_LABELS, PHASE_TITLES, PROCESS_CITY, PROCESS_TITLE } from '../../db/seed/process-texts.ts';
import { LANGUAGES, type LocalizedText } from '../../shared/languages.ts';

/** What the seed wrote before the process's texts spoke nine languages: German and English. */
const old = (text: LocalizedText): LocalizedText => ({ de: text.de, ...(text.en ? { en: text.en } : {}) });

function processRow(db: Db) {
  return db.select().from(processes).where(eq(processes.slug, DEFAULT_PROCESS_SLUG)).get()!;
}
const phase = (db: Db, nr: number) => db.select().from(phases).where(eq(phases.nr, nr)).get()!;
const field = (db: Db, key: string) => db.select().from(fieldsOfAction).where(eq(fieldsOfAction.key, key)).get()!;

/** An older database: the default process seeded in German and English, as `npm start` left it before. */
function olderDatabase(): Db {
  const db = openDatabase(':memory:');
  seedDefaultProcess(db);
  const row = processRow(db);
  db.update(processes).set({ title: old(row.title), description: old(row.description) }).run();
  for (const p of db.select().from(phases).all()) db.update(phases).set({ title: old(p.title) }).where(eq(phases.id, p.id)).run();
  for (const f of db.select().from(fieldsOfAction).all()) db.update(fieldsOfAction).set({ label: old(f.label) }).where(eq(fieldsOfAction.id, f.id)).run();
  return db;
}

describe('completing the default process texts of a database seeded in German', () => {
  let db: Db | undefined;
  afterEach(() => {
    if (db) closeDatabase(db);
    db = undefined;
  });

  it('seeds a new database with every text in all nine languages, so there is nothing to complete', () => {
    db = openDatabase(':memory:');
    seedDefaultProcess(db);
    expect(processRow(db).title).toEqual(PROCESS_TITLE);
    expect(Object.keys(processRow(db).city)).toEqual([...LANGUAGES]);
    expect(Object.keys(phase(db, 2).title)).toEqual([...LANGUAGES]);
    expect(completeDefaultProcessTexts(db)).toBe(0);
  });

  it('adds the missing languages where the German is still the seeded one, and never touches an edited text', () => {
    db = olderDatabase();
    // An admin rewrote the German of the description and of phase 3, and the English of a field label.
    db.update(processes).set({ description: { de: 'Unser eigener Text.', en: 'Our own text.' } }).run();
    db.update(phases).set({ title: { de: 'Redaktion', en: 'Editing' } }).where(eq(phases.nr, 3)).run();
    db.update(fieldsOfAction).set({ label: { de: 'Freizeit & Kultur', en: 'Free time & culture' } }).where(eq(fieldsOfAction.key, 'freizeit')).run();

    // title, 3 of 4 phases, 6 field labels
    expect(completeDefaultProcessTexts(db)).toBe(1 + 3 + 6);

    expect(processRow(db).title).toEqual(PROCESS_TITLE);
    expect(processRow(db).description).toEqual({ de: 'Unser eigener Text.', en: 'Our own text.' });
    expect(phase(db, 2).title).toEqual(PHASE_TITLES[2]);
    expect(phase(db, 3).title).toEqual({ de: 'Redaktion', en: 'Editing' });
    expect(field(db, 'bildung-schulisch').label).toEqual(FIELD_LABELS['bildung-schulisch']);
    // The edited English stays; only the languages the label lacked come in.
    expect(field(db, 'freizeit').label).toEqual({ ...FIELD_LABELS['freizeit'], en: 'Free time & culture' });

    // Idempotent: a second start changes nothing.
    expect(completeDefaultProcessTexts(db)).toBe(0);
    expect(processRow(db).description).toEqual({ de: 'Unser eigener Text.', en: 'Our own text.' });
  });

  it('does nothing where the default process does not exist', () => {
    db = openDatabase(':memory:');
    expect(completeDefaultProcessTexts(db)).toBe(0);
  });
});

describe('the default process texts', () => {
  it('say in German and English exactly what the reference data says', () => {
    expect(PROCESS_CITY.de).toBe(CITY.name);
    for (const p of PHASES) expect(PHASE_TITLES[p.nr]?.de).toBe(p.de);
    for (const f of FIELDS_OF_ACTION) {
      for (const each of [f, ...('children' in f ? f.children : [])]) expect([FIELD_LABELS[each.key]?.de, FIELD_LABELS[each.key]?.en]).toEqual([each.de, each.en]);
    }
  });
});

describe('seeding the default process once per database file', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mitreden-seed-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const slugs = (db: Db) => db.select({ slug: processes.slug }).from(processes).all().map((row) => row.slug);
  /** Opens the file, runs `step` and closes it again, as one start of the server does. */
  const start = <T>(path: string, step: (db: Db) => T): T => {
    const db = openDatabase(path);
    try {
      return step(db);
    } finally {
      closeDatabase(db);
    }
  };

  it('never seeds again a default process an admin deleted', () => {
    const path = join(dir, 'deleted.sqlite');
    expect(start(path, (db) => seedDefaultProcess(db))).toBe(true);
    start(path, (db) => db.delete(processes).where(eq(processes.slug, DEFAULT_PROCESS_SLUG)).run());
    expect(start(path, (db) => seedDefaultProcess(db))).toBe(false);
    expect(start(path, slugs)).toEqual([]);
  });

  it('with the seed declined on the first start, a later start that would seed does not', () => {
    const path = join(dir, 'declined.sqlite');
    expect(start(path, (db) => seedDefaultProcess(db, false))).toBe(false);
    expect(start(path, slugs)).toEqual([]);
    expect(start(path, (db) => seedDefaultProcess(db, true))).toBe(false);
    expect(start(path, slugs)).toEqual([]);
  });
});
