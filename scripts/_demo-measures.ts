/**
 * What the demo's working groups made of the voices (`npm run demo`): a guiding goal and measures
 * per field of action, invented in the words of a city's integration concept, and the reasons a
 * voice was not pursued or where it was passed on.
 */

interface DemoMeasure {
  title: { de: string; en: string };
  description: string;
  responsible: string;
  partners: string[];
  status: 'proposed' | 'adopted' | 'in_progress' | 'done';
  progress: number;
  /** The council paper that adopted it; null while only proposed. */
  council: string | null;
  budgetEuro: number | null;
  stadtteile: string[];
  /** [days ago (negative: ahead), label, done] */
  milestones: Array<[number, string, boolean]>;
  /** The survey figures the measure answers: [question key, option key]. */
  answers: Array<[string, string]>;
}

export const DEMO_GOALS: Array<{ field: string; text: { de: string; en: string }; measures: DemoMeasure[] }> = [
  {
    field: 'arbeit',
    text: { de: 'Zugewanderte finden eine Arbeit, die zu ihren Fähigkeiten passt.', en: 'Newcomers find work that fits their skills.' },
    measures: [
      {
        title: { de: 'Lotsen zur Anerkennung ausländischer Berufsabschlüsse', en: 'Guides to the recognition of foreign qualifications' },
        description: 'Eine feste Sprechstunde im Rathaus Stadtmitte und in Bensberg hilft beim Antrag auf Anerkennung, mit Dolmetschenden auf Wunsch.',
        responsible: 'Integrationsbüro der Stadt',
        partners: ['Jobcenter', 'Handwerkskammer'],
        status: 'in_progress',
        progress: 40,
        council: '0512/2026',
        budgetEuro: 38_000,
        stadtteile: ['stadtmitte', 'bensberg'],
        milestones: [[30, 'Sprechstunde eröffnet', true], [-60, 'Erste Auswertung im Ausschuss', false]],
        answers: [['work-support', 'recognition']],
      },
      {
        title: { de: 'Berufsbezogene Deutschkurse am Abend', en: 'Job-related German courses in the evening' },
        description: 'Kurse nach Feierabend und am Samstag, mit Kinderbetreuung, damit Berufstätige und Eltern teilnehmen können.',
        responsible: 'Volkshochschule',
        partners: ['Jobcenter'],
        status: 'adopted',
        progress: 10,
        council: '0513/2026',
        budgetEuro: 52_000,
        stadtteile: [],
        milestones: [[-30, 'Erster Kurs beginnt', false]],
        answers: [['work-support', 'job-german'], ['work-support', 'childcare']],
      },
    ],
  },
  {
    field: 'bildung-schulisch',
    text: { de: 'Jedes Kind kann in der Schule zeigen, was es kann – in jeder Sprache, die es mitbringt.', en: 'Every child can show at school what it can do, in every language it brings.' },
    measures: [
      {
        title: { de: 'Elterncafés mit Sprachmittlung an Grundschulen', en: 'Parents’ cafés with interpreters at primary schools' },
        description: 'Einmal im Monat erklären Lehrkräfte und Schulsozialarbeit das Schulsystem; Sprachmittlerinnen übersetzen.',
        responsible: 'Schulamt',
        partners: ['Schulsozialarbeit', 'Migrantenorganisationen'],
        status: 'in_progress',
        progress: 60,
        council: '0520/2026',
        budgetEuro: 12_500,
        stadtteile: ['gronau', 'hand'],
        milestones: [[45, 'Erste Elterncafés', true], [-90, 'Alle Grundschulen beteiligt', false]],
        answers: [['school-support', 'parent-information'], ['school-support', 'parent-teacher']],
      },
    ],
  },
  {
    field: 'bildung-ausserschulisch',
    text: { de: 'Lernen hört nach der Schule nicht auf: Angebote für alle Generationen in der Nähe.', en: 'Learning does not stop after school: offers for all generations nearby.' },
    measures: [
      {
        title: { de: 'Hausaufgabenhilfe in den Stadtteilbibliotheken', en: 'Homework help in the neighbourhood libraries' },
        description: 'Ehrenamtliche begleiten Kinder nachmittags in der Stadtbücherei und den Stadtteilbibliotheken; digitale Geräte stehen bereit.',
        responsible: 'Stadtbücherei',
        partners: ['Ehrenamtsbörse'],
        status: 'done',
        progress: 100,
        council: '0498/2026',
        budgetEuro: 8_000,
        stadtteile: ['refrath', 'bensberg', 'stadtmitte'],
        milestones: [[80, 'Start in Refrath', true], [40, 'Alle drei Standorte', true]],
        answers: [['education-support', 'homework-help'], ['education-support', 'library-digital']],
      },
    ],
  },
  {
    field: 'teilhabe',
    text: { de: 'Alle, die hier leben, können mitreden und mitentscheiden.', en: 'Everyone who lives here can have a say and help decide.' },
    measures: [
      {
        title: { de: 'Wichtige Bescheide und Formulare in einfacher Sprache und acht Sprachen', en: 'Important notices and forms in plain language and eight languages' },
        description: 'Die häufigsten Schreiben der Verwaltung werden überarbeitet und übersetzt; ein Hinweis nennt die Sprechstunde mit Sprachmittlung.',
        responsible: 'Fachbereich Bürgerservice',
        partners: ['Integrationsrat'],
        status: 'adopted',
        progress: 20,
        council: '0530/2026',
        budgetEuro: 24_000,
        stadtteile: [],
        milestones: [[-45, 'Die zehn häufigsten Schreiben überarbeitet', false]],
        answers: [['participation-support', 'multilingual-information'], ['participation-support', 'clear-administration']],
      },
      {
        title: { de: 'Sprechstunde des Integrationsrats in den Stadtteilen', en: 'The integration council’s office hours in the neighbourhoods' },
        description: 'Mitglieder des Integrationsrats sind einmal im Quartal in jedem Stadtbezirk ansprechbar.',
        responsible: 'Integrationsrat',
        partners: [],
        status: 'proposed',
        progress: 0,
        council: null,
        budgetEuro: null,
        stadtteile: [],
        milestones: [],
        answers: [['participation-support', 'integration-council']],
      },
    ],
  },
  {
    field: 'freizeit',
    text: { de: 'Begegnung ohne Hürden: Orte und Feste, an denen sich die Stadt trifft.', en: 'Meeting without barriers: places and festivals where the town meets.' },
    measures: [
      {
        title: { de: 'Offene Treffpunkte in Stadtteilzentren, kostenlos', en: 'Open meeting places in neighbourhood centres, free of charge' },
        description: 'Drei Stadtteilzentren öffnen einen Raum an zwei Abenden pro Woche für Gruppen, Vereine und Nachbarschaften.',
        responsible: 'Kulturbüro',
        partners: ['Sportvereine', 'Jugendzentren'],
        status: 'in_progress',
        progress: 50,
        council: '0541/2026',
        budgetEuro: 15_000,
        stadtteile: ['gronau', 'refrath', 'paffrath'],
        milestones: [[20, 'Erster Treffpunkt offen', true], [-40, 'Alle drei Treffpunkte offen', false]],
        answers: [['leisure-support', 'meeting-places'], ['leisure-support', 'low-cost']],
      },
    ],
  },
];

export const NOT_PURSUED_REASONS = [
  'Dafür ist die Stadt nicht zuständig; das Anliegen liegt beim Land.',
  'Ein gleichartiges Angebot gibt es schon; wir machen es bekannter.',
  'Im Haushalt 2027 ist dafür kein Geld vorgesehen; die Arbeitsgruppe prüft es erneut.',
];
export const PASSED_TO = ['Rheinisch-Bergischer Kreis', 'Jobcenter', 'Verkehrsverbund'];
