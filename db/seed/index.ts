import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../index.ts';
import { districts, fieldsOfAction, phases, processes, stadtteile, surveys } from '../schema.ts';
import { CITY, DISTRICTS, FIELDS_OF_ACTION, PHASES } from './bergisch-gladbach.ts';
import { LANGUAGES } from '../../shared/languages.ts';
import { surveyDefinitionSchema, surveyTextsSchema } from '../../shared/survey/definition.ts';
import { DEFAULT_SURVEY, SURVEY_TEXTS } from './default-survey.ts';

export const DEFAULT_PROCESS_SLUG = 'integrationskonzept';

const PHASE_TITLES_EN: Record<number, string> = {
  1: 'Evaluation and positioning',
  2: 'Participation and activation',
  3: 'Final editing',
  4: 'Presentation to the council and adoption',
};

/**
 * Seeds the default process "Integrationskonzept Bergisch Gladbach" once. Running it
 * again changes nothing, so `npm start` can call it on every start.
 * Returns true when it created the process.
 */
export function seedDefaultProcess(db: Db): boolean {
  return db.transaction((tx) => {
    if (tx.select({ id: processes.id }).from(processes).where(eq(processes.slug, DEFAULT_PROCESS_SLUG)).get()) return false;
    const processId = randomUUID();
    tx.insert(processes)
      .values({
        id: processId,
        slug: DEFAULT_PROCESS_SLUG,
        city: CITY.name,
        title: { de: 'Integrationskonzept Bergisch Gladbach', en: 'Integration concept of Bergisch Gladbach' },
        description: {
          de: 'Bergisch Gladbach schreibt sein Integrationskonzept gemeinsam mit den Menschen, die hier leben. Sagen Sie uns online oder an unseren Marktständen, was gut läuft, was fehlt und welche Ideen Sie haben – in Ihrer Sprache und in Ihrem Stadtteil. Arbeitsgruppen zu den Handlungsfeldern werten alles aus; das Konzept geht danach in den Rat.',
          en: 'Bergisch Gladbach is writing its integration concept together with the people who live here. Tell us online or at our market stalls what works, what is missing and which ideas you have – in your language and for your neighbourhood. Working groups for each field of action evaluate everything; the concept then goes to the council.',
        },
        languages: [...LANGUAGES],
        currentPhase: 2,
        suppressionThreshold: 5,
      })
      .run();
    for (const phase of PHASES) {
      tx.insert(phases)
        .values({ processId, nr: phase.nr, title: { de: phase.de, en: PHASE_TITLES_EN[phase.nr] ?? phase.de } })
        .run();
    }
    let order = 0;
    for (const field of FIELDS_OF_ACTION) {
      tx.insert(fieldsOfAction).values({ processId, key: field.key, parentKey: null, label: { de: field.de, en: field.en }, sortOrder: order++ }).run();
      for (const child of 'children' in field ? field.children : []) {
        tx.insert(fieldsOfAction).values({ processId, key: child.key, parentKey: field.key, label: { de: child.de, en: child.en }, sortOrder: order++ }).run();
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
