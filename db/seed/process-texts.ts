import type { Language } from '../../shared/languages.ts';
import { FIELD_EDUCATION, FIELD_LEISURE, FIELD_PARTICIPATION, FIELD_WORK } from './default-survey.ts';

/**
 * The default process's own texts (title, description, phase titles, field-of-action labels)
 * in all nine languages, as the process page shows them to residents. The German is the
 * reference data's (`bergisch-gladbach.ts`; tests/api/seed.test.ts holds them equal). Like the survey,
 * German and Leichte Sprache are written by the team; every other language is machine
 * translated and not yet checked by a person.
 */

/** Every text in all nine languages: the compiler rejects a text that forgets one. */
type InAllLanguages = Record<Language, string>;
const t = (text: InAllLanguages): InAllLanguages => text;

export const PROCESS_TITLE = t({
  de: 'Integrationskonzept Bergisch Gladbach',
  'de-easy': 'Integrations-Konzept Bergisch Gladbach',
  en: 'Integration concept of Bergisch Gladbach',
  tr: 'Bergisch Gladbach Uyum (Entegrasyon) Konsepti',
  uk: 'Концепція інтеграції Бергіш-Гладбаха',
  ar: 'مفهوم الاندماج في بيرغيش غلادباخ',
  pl: 'Koncepcja integracji Bergisch Gladbach',
  it: 'Piano per l’integrazione di Bergisch Gladbach',
  ru: 'Концепция интеграции Бергиш-Гладбаха',
});

export const PROCESS_DESCRIPTION = t({
  de: 'Bergisch Gladbach schreibt sein Integrationskonzept gemeinsam mit den Menschen, die hier leben. Sagen Sie uns online oder an unseren Marktständen, was gut läuft, was fehlt und welche Ideen Sie haben – in Ihrer Sprache und in Ihrem Stadtteil. Arbeitsgruppen zu den Handlungsfeldern werten alles aus; das Konzept geht danach in den Rat.',
  'de-easy':
    'Bergisch Gladbach macht einen Plan für das Zusammen-Leben in der Stadt. Der Plan heißt: Integrations-Konzept. Wir schreiben den Plan zusammen mit den Menschen in der Stadt. Bitte sagen Sie uns: Was ist gut? Was fehlt? Welche Ideen haben Sie? Sie können es im Internet sagen. Sie können es auch an unserem Stand auf dem Markt sagen. Sie dürfen Ihre Sprache benutzen. Arbeits-Gruppen lesen alles. Jede Arbeits-Gruppe hat ein Thema. Danach bekommt der Stadt-Rat den Plan.',
  en: 'Bergisch Gladbach is writing its integration concept together with the people who live here. Tell us online or at our market stalls what works, what is missing and which ideas you have – in your language and for your neighbourhood. Working groups for each field of action evaluate everything; the concept then goes to the council.',
  tr: 'Bergisch Gladbach, uyum (entegrasyon) konseptini burada yaşayan insanlarla birlikte yazıyor. Neyin iyi gittiğini, neyin eksik olduğunu ve hangi fikirleriniz olduğunu internetten veya pazardaki standlarımızda bize söyleyin – kendi dilinizde ve kendi semtiniz için. Her eylem alanı için kurulan çalışma grupları her şeyi değerlendirir; ardından konsept belediye meclisine sunulur.',
  uk: 'Бергіш-Гладбах пише свою концепцію інтеграції разом із людьми, які тут живуть. Розкажіть нам онлайн або біля наших стендів на ринку, що працює добре, чого бракує і які у вас є ідеї – вашою мовою і про ваш район. Робочі групи з кожного напряму опрацьовують усе; після цього концепцію передають до міської ради.',
  ar: 'تكتب مدينة بيرغيش غلادباخ مفهومها للاندماج بالتعاون مع الناس الذين يعيشون فيها. أخبرنا عبر الإنترنت أو في أكشاكنا في السوق بما ينجح، وما الذي ينقص، وما هي أفكارك – بلغتك ومن أجل حيّك. تقيّم مجموعات عمل لكل مجال من مجالات العمل كل ما يصلنا، ثم يُعرض المفهوم على مجلس المدينة.',
  pl: 'Bergisch Gladbach tworzy swoją koncepcję integracji razem z ludźmi, którzy tu mieszkają. Powiedz nam online albo przy naszych stoiskach na targu, co działa dobrze, czego brakuje i jakie masz pomysły – w swoim języku i dla swojej dzielnicy. Grupy robocze dla poszczególnych obszarów działania oceniają wszystkie głosy; potem koncepcja trafia do rady miasta.',
  it: 'Bergisch Gladbach scrive il suo piano per l’integrazione insieme alle persone che ci vivono. Ci dica online o ai nostri stand al mercato che cosa funziona, che cosa manca e quali idee ha – nella Sua lingua e per il Suo quartiere. I gruppi di lavoro dei singoli ambiti d’intervento valutano tutto; poi il piano passa al consiglio comunale.',
  ru: 'Бергиш-Гладбах пишет свою концепцию интеграции вместе с людьми, которые здесь живут. Расскажите нам онлайн или у наших стендов на рынке, что работает хорошо, чего не хватает и какие у вас есть идеи, – на вашем языке и о вашем районе. Рабочие группы по каждому направлению оценивают всё; затем концепция поступает в городской совет.',
});

/** Phase titles by phase number. */
export const PHASE_TITLES: Record<number, InAllLanguages> = {
  1: t({
    de: 'Auswertungs- und Positionierungsphase',
    'de-easy': 'Wir schauen: Was gibt es schon?',
    en: 'Evaluation and positioning',
    tr: 'Değerlendirme ve konumlanma',
    uk: 'Оцінка та визначення позиції',
    ar: 'التقييم وتحديد المواقف',
    pl: 'Ocena i określenie stanowiska',
    it: 'Valutazione e posizionamento',
    ru: 'Оценка и определение позиции',
  }),
  2: t({
    de: 'Beteiligungs- und Aktivierungsphase',
    'de-easy': 'Alle in der Stadt können mit-reden',
    en: 'Participation and activation',
    tr: 'Katılım ve harekete geçirme',
    uk: 'Участь і залучення',
    ar: 'المشاركة والتفعيل',
    pl: 'Udział i aktywizacja',
    it: 'Partecipazione e attivazione',
    ru: 'Участие и вовлечение',
  }),
  3: t({
    de: 'Redaktionelle Endbearbeitung',
    'de-easy': 'Wir schreiben den Plan fertig',
    en: 'Final editing',
    tr: 'Son düzenleme',
    uk: 'Остаточне редагування',
    ar: 'التحرير النهائي',
    pl: 'Ostateczna redakcja',
    it: 'Redazione finale',
    ru: 'Окончательная редакция',
  }),
  4: t({
    de: 'Vorstellung in den politischen Gremien und Verabschiedung',
    'de-easy': 'Der Stadt-Rat entscheidet über den Plan',
    en: 'Presentation to the council and adoption',
    tr: 'Siyasi kurullara sunum ve kabul',
    uk: 'Представлення в політичних органах і ухвалення',
    ar: 'العرض على الهيئات السياسية والإقرار',
    pl: 'Przedstawienie gremiom politycznym i przyjęcie',
    it: 'Presentazione agli organi politici e approvazione',
    ru: 'Представление в политических органах и утверждение',
  }),
};

/** Field-of-action labels by key; the four top-level fields read as in the survey. */
export const FIELD_LABELS: Record<string, InAllLanguages> = {
  arbeit: FIELD_WORK,
  bildung: FIELD_EDUCATION,
  'bildung-schulisch': t({
    de: 'Schulische Bildung',
    'de-easy': 'Lernen in der Schule',
    en: 'School education',
    tr: 'Okul eğitimi',
    uk: 'Шкільна освіта',
    ar: 'التعليم المدرسي',
    pl: 'Edukacja szkolna',
    it: 'Istruzione scolastica',
    ru: 'Школьное образование',
  }),
  'bildung-ausserschulisch': t({
    de: 'Außerschulische Bildung',
    'de-easy': 'Lernen außerhalb von der Schule',
    en: 'Education outside school',
    tr: 'Okul dışı eğitim',
    uk: 'Позашкільна освіта',
    ar: 'التعليم خارج المدرسة',
    pl: 'Edukacja pozaszkolna',
    it: 'Formazione extrascolastica',
    ru: 'Внешкольное образование',
  }),
  teilhabe: FIELD_PARTICIPATION,
  freizeit: FIELD_LEISURE,
};
