import type { Language } from '../../shared/languages.ts';
import { rememberLanguage, setDocumentLanguage, translator, type Catalog } from '../i18n/translate.ts';

/**
 * The survey's own words around the questions (buttons, progress, errors, notices). German
 * ships with the survey chunk; every other language is its own small chunk, loaded only
 * when a resident picks it, so a phone downloads one language, not nine.
 */
const de = {
  title: 'Umfrage',
  skip: 'Zum Inhalt springen',
  language: 'Sprache',
  loading: 'Die Umfrage wird geladen …',
  loadFailed: 'Die Umfrage konnte nicht geladen werden. Bitte prüfen Sie Ihre Internetverbindung.',
  notFound: 'Diese Umfrage gibt es nicht.',
  tryAgain: 'Erneut versuchen',
  closedTitle: 'Die Umfrage ist gerade geschlossen',
  closedText: 'Zurzeit nehmen wir keine Antworten an. Auf der Seite des Verfahrens lesen Sie, wie es weitergeht.',
  toProcess: 'Zur Seite des Verfahrens',
  machine: 'Diese Übersetzung wurde maschinell erstellt und noch nicht von einem Menschen geprüft.',
  deviceNote: 'Bis zum Absenden bleiben Ihre Antworten nur auf diesem Gerät gespeichert. So können Sie später weitermachen.',
  privacySummary: 'Anonym und freiwillig: Wir fragen nicht nach Ihrem Namen und speichern keine IP-Adresse. Ihre Antworten bleiben auf diesem Gerät, bis Sie sie absenden.',
  privacyMore: 'Alles zum Datenschutz lesen',
  start: 'Umfrage starten',
  restored: 'Ihre bisherigen Antworten wurden wiederhergestellt.',
  startOver: 'Neu beginnen',
  confirmStartOver: 'Alle Antworten auf diesem Gerät löschen und neu beginnen?',
  progress: 'Seite {n} von {total}',
  back: 'Zurück',
  next: 'Weiter',
  requiredMark: 'Pflichtfrage',
  otherSpecify: 'Bitte beschreiben Sie kurz:',
  maxChars: 'Höchstens {max} Zeichen.',
  charsLeft: 'Noch {n} von {max} Zeichen',
  charsOver: '{n} Zeichen zu viel. Bitte kürzen Sie den Text.',
  choose: 'Bitte wählen',
  rankingHint: 'Wählen Sie aus, was Ihnen am wichtigsten ist, und bringen Sie es in eine Reihenfolge (höchstens {max}).',
  rankingChosen: 'Ihre Reihenfolge',
  rankingNone: 'Noch nichts ausgewählt.',
  rankingRest: 'Noch nicht eingeordnet',
  rankingAdd: 'Hinzufügen',
  rankingUp: 'Nach oben',
  rankingDown: 'Nach unten',
  rankingRemove: 'Entfernen',
  rankingMoved: '{label}: Platz {n}',
  rankingRemoved: '{label}: entfernt',
  errorsTitle: 'Bitte prüfen Sie Ihre Angaben',
  errRequired: 'Bitte beantworten Sie diese Frage.',
  errTooMany: 'Bitte wählen Sie höchstens {max} Antworten.',
  errTooLong: 'Der Text ist zu lang. Bitte kürzen Sie ihn.',
  errOtherMissing: 'Sie haben „Anderes“ angekreuzt. Bitte schreiben Sie kurz in das Feld, was Sie meinen.',
  errInvalid: 'Diese Antwort passt nicht. Bitte wählen Sie neu.',
  errNumber: 'Bitte geben Sie eine ganze Zahl ein, zum Beispiel 12.',
  errNumberRange: 'Bitte geben Sie eine Zahl von {min} bis {max} ein.',
  reviewTitle: 'Ihre Antworten prüfen',
  reviewIntro: 'Bitte sehen Sie Ihre Antworten noch einmal an. Mit „Absenden“ schicken Sie sie an die Stadt.',
  change: 'Ändern',
  notAnswered: 'keine Antwort',
  scaleOf: '{value} von {max}',
  honeypot: 'Dieses Feld bitte leer lassen',
  submit: 'Absenden',
  sending: 'Ihre Antworten werden gesendet …',
  retrying: 'Gerade klappt die Verbindung nicht. Ihre Antworten bleiben auf diesem Gerät gespeichert. Neuer Versuch in etwa {seconds} Sekunden.',
  retryNow: 'Jetzt erneut senden',
  sendFailed: 'Das Senden hat nicht geklappt. Bitte versuchen Sie es später noch einmal.',
  serverInvalid: 'Einige Antworten passen nicht. Bitte prüfen Sie die markierten Fragen.',
  alreadySent: 'Diese Antworten waren bereits bei uns angekommen.',
  thanksTitle: 'Vielen Dank!',
  footer: 'Mitreden ist eine Beteiligungsplattform der Stadt Bergisch Gladbach. Ohne Tracking, ohne Werbung, ohne Daten an Dritte.',
};

export type MessageKey = keyof typeof de;
/** What a language file must provide: every key, so no button silently falls back to German. */
export type Messages = Record<MessageKey, string>;

const catalog: Catalog<MessageKey> = { de };
let current: Language = 'de';

export const t = translator(catalog, () => current);

const loaders: Record<Exclude<Language, 'de'>, () => Promise<{ messages: Messages }>> = {
  'de-easy': () => import('./locales/de-easy.ts'),
  en: () => import('./locales/en.ts'),
  tr: () => import('./locales/tr.ts'),
  uk: () => import('./locales/uk.ts'),
  ar: () => import('./locales/ar.ts'),
  pl: () => import('./locales/pl.ts'),
  it: () => import('./locales/it.ts'),
  ru: () => import('./locales/ru.ts'),
};

/** Loads the language's words when needed, then switches the page (including `lang` and `dir`) and remembers the choice for the public pages. */
export async function switchLanguage(language: Language): Promise<void> {
  if (language !== 'de' && !catalog[language]) {
    try {
      catalog[language] = (await loaders[language]()).messages;
    } catch {
      // Offline before the language chunk arrived: the page falls back to German words for now.
    }
  }
  current = language;
  rememberLanguage(language);
  setDocumentLanguage(language);
}
