import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../index.ts';
import { districts, fieldsOfAction, phases, processes, settings, stadtteile, surveys } from '../schema.ts';
import { DISTRICTS, FIELDS_OF_ACTION, PHASES } from './bergisch-gladbach.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../../shared/domain.ts';
import { LANGUAGES, type LocalizedText } from '../../shared/languages.ts';
import { surveyDefinitionSchema, surveyTextsSchema } from '../../shared/survey/definition.schema.ts';
import { DEFAULT_SURVEY, SURVEY_TEXTS } from './default-survey.ts';
import { FIELD_LABELS, PHASE_TITLES, PROCESS_CITY, PROCESS_DESCRIPTION, PROCESS_TITLE } from './process-texts.ts';

export const DEFAULT_PROCESS_SLUG = 'integrationskonzept';

function seededText(texts: Record<string, LocalizedText>, key: string | number): LocalizedText {
  const text = texts[key];
  if (!text) throw new Error(`shared/i18n/default-process/de.json has no text for ${key}`);
  return text;
}

/** The row of `settings` that says whether this database's default process was seeded or declined. */
const SEED_SETTING = 'default_process';

/**
 * Seeds the default process "Integrationskonzept Bergisch Gladbach" once per database: the first
 * start decides, and `settings` remembers it, so `npm start` can call this on every start. With
 * `seed` false (`SEED_DEFAULT_PROCESS=false`, a new city's install) it records that the process was
 * declined. Once decided, nothing is seeded again: not after an admin deleted the process, not when
 * a later start lacks the setting. Returns true when it created the process.
 */
export function seedDefaultProcess(db: Db, seed = true): boolean {
  return db.transaction((tx) => {
    if (tx.select({ value: settings.value }).from(settings).where(eq(settings.name, SEED_SETTING)).get()) return false;
    const exists = tx.select({ id: processes.id }).from(processes).where(eq(processes.slug, DEFAULT_PROCESS_SLUG)).get();
    tx.insert(settings).values({ name: SEED_SETTING, value: seed || exists ? 'seeded' : 'skipped' }).run();
    if (exists || !seed) return false;
    const processId = randomUUID();
    tx.insert(processes)
      .values({
        id: processId,
        slug: DEFAULT_PROCESS_SLUG,
        city: PROCESS_CITY,
        title: PROCESS_TITLE,
        description: PROCESS_DESCRIPTION,
        languages: [...LANGUAGES],
        currentPhase: 2,
        suppressionThreshold: DEFAULT_SUPPRESSION_THRESHOLD,
      })
      .run();
    for (const phase of PHASES) {
      tx.insert(phases)
        .values({ processId, nr: phase.nr, title: seededText(PHASE_TITLES, phase.nr) })
        .run();
    }
    let order = 0;
    for (const field of FIELDS_OF_ACTION) {
      tx.insert(fieldsOfAction).values({ processId, key: field.key, parentKey: null, label: seededText(FIELD_LABELS, field.key), sortOrder: order++ }).run();
      for (const child of 'children' in field ? field.children : []) {
        tx.insert(fieldsOfAction).values({ processId, key: child.key, parentKey: field.key, label: seededText(FIELD_LABELS, child.key), sortOrder: order++ }).run();
      }
    }
    for (const district of DISTRICTS) {
      const row = tx.insert(districts).values({ processId, key: district.key, nr: district.nr, name: district.name }).returning({ id: districts.id }).get();
      for (const stadtteil of district.stadtteile) {
        tx.insert(stadtteile)
          .values({
            processId,
            districtId: row.id,
            key: stadtteil.key,
            nr: stadtteil.nr,
            name: stadtteil.name,
            nameVariants: 'nameVariants' in stadtteil ? [...stadtteil.nameVariants] : [],
            population: stadtteil.population,
            populationStatus: 'unverified',
            populationSource: 'populationSource' in stadtteil ? stadtteil.populationSource : null,
          })
          .run();
      }
    }
    return true;
  });
}

/**
 * Databases seeded before the process's own texts spoke nine languages hold them in German
 * (and English) only. This fills in the languages a text lacks, from the catalogs, but
 * only where its German is still exactly the seeded German, and it never replaces a language
 * the text already has: an admin's edit stays as it is. An idempotent seed step rather than a
 * migration, because the translations live in the catalogs the seed reads
 * (shared/i18n/default-process/; a migration would copy some seventy strings into SQL literals and
 * compare JSON in SQL), and `npm start` runs it on every start. Returns how many texts it completed.
 */
export function completeDefaultProcessTexts(db: Db): number {
  const complete = (stored: LocalizedText, seeded: LocalizedText | undefined): LocalizedText | null => {
    if (!seeded || stored.de !== seeded.de || LANGUAGES.every((language) => stored[language] !== undefined || seeded[language] === undefined)) return null;
    return { ...seeded, ...stored };
  };
  return db.transaction((tx) => {
    const process = tx.select().from(processes).where(eq(processes.slug, DEFAULT_PROCESS_SLUG)).get();
    if (!process) return 0;
    let completed = 0;
    const title = complete(process.title, PROCESS_TITLE);
    const description = complete(process.description, PROCESS_DESCRIPTION);
    // A city migrated from one German string (migration 0031) gets its names in the other languages.
    const city = complete(process.city, PROCESS_CITY);
    if (title || description || city) {
      tx.update(processes)
        .set({ ...(title ? { title } : {}), ...(description ? { description } : {}), ...(city ? { city } : {}) })
        .where(eq(processes.id, process.id))
        .run();
      completed += Number(Boolean(title)) + Number(Boolean(description)) + Number(Boolean(city));
    }
    for (const phase of tx.select().from(phases).where(eq(phases.processId, process.id)).all()) {
      const title = complete(phase.title, PHASE_TITLES[phase.nr]);
      if (!title) continue;
      tx.update(phases).set({ title }).where(eq(phases.id, phase.id)).run();
      completed++;
    }
    for (const field of tx.select().from(fieldsOfAction).where(eq(fieldsOfAction.processId, process.id)).all()) {
      const label = complete(field.label, FIELD_LABELS[field.key]);
      if (!label) continue;
      tx.update(fieldsOfAction).set({ label }).where(eq(fieldsOfAction.id, field.id)).run();
      completed++;
    }
    return completed;
  });
}

export function findDefaultProcessId(db: Db): string | undefined {
  return db.select({ id: processes.id }).from(processes).where(and(eq(processes.slug, DEFAULT_PROCESS_SLUG))).get()?.id;
}

/**
 * Publishes the default survey of the default process once (after `seedDefaultProcess`).
 * Validated on the way in, so every stored definition is one the answer rules can trust.
 * Running it again changes nothing. Returns true when it stored the survey.
 */
export function seedDefaultSurvey(db: Db): boolean {
  const definition = surveyDefinitionSchema.parse(DEFAULT_SURVEY);
  const texts = surveyTextsSchema.parse(SURVEY_TEXTS);
  return db.transaction((tx) => {
    const processId = tx.select({ id: processes.id }).from(processes).where(eq(processes.slug, DEFAULT_PROCESS_SLUG)).get()?.id;
    if (!processId) return false;
    const existing = tx
      .select({ id: surveys.id })
      .from(surveys)
      .where(and(eq(surveys.processId, processId), eq(surveys.version, definition.version)))
      .get();
    if (existing) return false;
    tx.insert(surveys).values({ processId, version: definition.version, definition, texts, publishedAt: new Date().toISOString() }).run();
    return true;
  });
}
