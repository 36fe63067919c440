import type { Language } from '../../shared/languages.ts';
import { applyLanguage, createTranslator, currentLanguage, type Catalog } from '../i18n/index.ts';
import { rememberLanguage } from '../i18n/translate.ts';

/**
 * The public pages' own words (start page, process page, not-found page and their frame).
 * German ships with the pages; every other language is its own small chunk in ./locales,
 * loaded only when a visitor needs it, as the survey's are.
 */
const de = {
  skip: 'Zum Inhalt springen',
  nav: 'Hauptnavigation',
  login: 'Anmelden (Mitarbeitende)',
  language: 'Sprache',
  loading: 'Wird geladen …',
  loadFailed: 'Die Seite konnte nicht geladen werden. Bitte prüfen Sie Ihre Internetverbindung.',
  machine: 'Diese Übersetzung wurde maschinell erstellt und noch nicht von einem Menschen geprüft.',
  footer: 'Mitreden ist eine Beteiligungsplattform der Stadt Bergisch Gladbach. Ohne Tracking, ohne Werbung, ohne Daten an Dritte.',
  startTitle: 'Start',
  startHeading: 'Mitreden in Bergisch Gladbach',
  startIntro: 'Hier gestalten Sie Ihre Stadt mit: Sagen Sie uns, was gut läuft, was fehlt und welche Ideen Sie haben.',
  noProcess: 'Gerade läuft kein Beteiligungsverfahren.',
  surveyIsOpen: 'Die Umfrage ist geöffnet.',
  surveyIsClosed: 'Die Umfrage ist gerade geschlossen.',
  toProcess: 'Zum Verfahren',
  toSurvey: 'Zur Umfrage',
  processTitle: 'Verfahren',
  processNotFound: 'Dieses Verfahren gibt es nicht.',
  takePart: 'Jetzt an der Umfrage teilnehmen',
  surveyNotOpen: 'Die Online-Umfrage ist gerade nicht geöffnet.',
  whereWeStand: 'Wo das Verfahren steht',
  currentPhase: 'Aktuell: Phase {n} von {total} – {title}',
  phase: 'Phase {n}: {title}',
  phaseDone: 'abgeschlossen',
  phaseCurrent: 'aktuelle Phase',
  phaseUpcoming: 'folgt',
  fields: 'Handlungsfelder',
  stadtteile: 'Stadtteile',
  stadtteileIntro: 'Wir werten nach Stadtteilen aus, damit jeder Teil der Stadt gehört wird. Kleine Gruppen unter {threshold} Stimmen veröffentlichen wir nie einzeln.',
  district: 'Bezirk {nr}',
  notFoundTitle: 'Seite nicht gefunden',
  notFoundText: 'Diese Adresse gibt es nicht.',
  toStart: 'Zur Startseite',
};

export type MessageKey = keyof typeof de;
/** What a language file must provide: every key, so no heading silently falls back to German. */
export type Messages = Record<MessageKey, string>;

/**
 * The languages whose words here and whose process texts in the seed (db/seed/process-texts.ts)
 * were machine translated. The process has no translation status of its own, unlike the
 * survey, so the public pages take the survey seed's statuses as this constant.
 */
export const MACHINE_TRANSLATED: readonly Language[] = ['en', 'tr', 'uk', 'ar', 'pl', 'it', 'ru'];

const catalog: Catalog<MessageKey> = { de };

export const t = createTranslator(catalog);

const loaders = import.meta.glob<Messages>('./locales/*.ts', { import: 'messages' });

/**
 * Loads the language's words when needed, then shows the public pages in it (`lang`, `dir` and
 * every text that reads the current language) and remembers it for the rest of the visit.
 * `stillWanted` lets a page that went away in the meantime keep its own language.
 */
export async function showLanguage(language: Language, stillWanted: () => boolean = () => true): Promise<void> {
  const load = loaders[`./locales/${language}.ts`];
  if (load && !catalog[language]) {
    try {
      catalog[language] = await load();
    } catch {
      // Offline before the language chunk arrived: the page keeps German words for now.
    }
  }
  if (!stillWanted()) return;
  rememberLanguage(language);
  applyLanguage(language);
}

/** A link to another public page or the survey that keeps the visitor's language (`?lang=tr`). */
export function withLanguage(path: string): string {
  return `${path}?lang=${currentLanguage.value}`;
}
