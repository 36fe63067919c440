import { text, textsUnder } from './catalogs.ts';

/**
 * The default process's own texts (title, city, description, phase titles, field-of-action labels),
 * as the process page shows them to residents, from shared/i18n/default-process/<language>.json
 * under `process.`. The German is the reference data's (`bergisch-gladbach.ts`;
 * tests/api/seed.test.ts holds them equal).
 */
export const PROCESS_TITLE = text('process.title');
/** The city's name in each language (`بيرغيش غلادباخ`, `Бергіш-Гладбах`; Latin where the language writes it so). */
export const PROCESS_CITY = text('process.city');
export const PROCESS_DESCRIPTION = text('process.description');
/** Phase titles by phase number. */
export const PHASE_TITLES = textsUnder('process.phases');
/** Field-of-action labels by key; the four top-level fields read as in the survey. */
export const FIELD_LABELS = textsUnder('process.fields');
