import slugify from '@sindresorhus/slugify';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { AdminProcess } from '../../shared/api/process-admin.ts';
import type { SurveyDraft, SurveyVersion } from '../../shared/api/survey-versions.ts';
import type { SurveyDistrict } from '../../shared/api/survey.ts';
import { flattenCatalog } from '../../shared/i18n/catalog.ts';
import { htmlLang, LANGUAGE_NAMES, textDirection, type Language, type LocalizedText } from '../../shared/languages.ts';
import { surveyDefinitionSchema, surveyIssueCode, type SurveyIssueCode } from '../../shared/survey/definition.schema.ts';
import {
  allQuestions,
  outdatedTranslations,
  QUESTION_TYPES,
  sameSurvey,
  translationCompleteness,
  type QuestionType,
  type ShowIf,
  type SurveyDefinition,
  type SurveyQuestion,
  type SurveySection,
  type SurveyTexts,
} from '../../shared/survey/definition.ts';
import { ApiError, call } from '../api.ts';
import { bundledCatalogs } from '../i18n/translate.ts';
import { Question } from '../survey/Questions.tsx';
import { ConfirmDialog, type ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { useLeaveGuard } from '../ui/useLeaveGuard.ts';
import { leaveRequest } from './leave.ts';
import { ErrorNotice, errorText, Layout, Loading } from '../ui/Layout.tsx';
import { adminPath } from '../ui/ProcessPicker.tsx';
import { useApi } from '../ui/useApi.ts';
import { focusAdded, keepingFocus } from './keep-focus.ts';
import '../survey/survey.css';
import './survey-editor.css';
import { t, tn } from './messages.ts';
import { germanIssue } from './survey-issues.ts';
import { CensusComparisonEditor, withoutCensusOption } from './CensusComparisonEditor.tsx';
import { SurveyTextsEditor, textsIssues } from './SurveyTextsEditor.tsx';
import { XlsformUpload, xlsformPath } from './SurveyVersions.tsx';
import { staffText } from '../ui/labels.ts';
import { NamedControl } from '../ui/NamedControl.tsx';

/**
 * The survey editor (`/admin/p/:slug/umfrage`): the draft of the next survey version, section by
 * section, in every language the process offers, with a phone preview rendered by the residents'
 * own question components. Saving names the draft's revision (409: someone else saved, the local
 * edits stay); publishing makes the next version and asks first when a language is incomplete.
 */

const TYPE_NAMES = (): Record<QuestionType, string> => ({
  single: t('surveyEditor.singleChoice'),
  multi: t('surveyEditor.multipleChoice'),
  scale: t('surveyEditor.scale'),
  ranking: t('surveyEditor.ranking'),
  text: t('surveyEditor.freeText'),
  stadtteil: t('surveyEditor.stadtteil'),
  number: t('surveyEditor.number'),
});

const keyOf = (text: string) => slugify(text).slice(0, 64).replace(/-+$/, '');

function uniqueKey(base: string, taken: Set<string>): string {
  const root = base || 'frage';
  let key = root;
  for (let n = 2; taken.has(key); n += 1) key = `${root}-${n}`;
  return key;
}

/** Sets one language of a text; an emptied translation is dropped so it falls back to German. */
function withText(text: LocalizedText | undefined, language: Language, value: string): LocalizedText {
  const next: Record<string, string> = { ...(text ?? { de: '' }) };
  if (value === '' && language !== 'de') delete next[language];
  else next[language] = value;
  return next as LocalizedText;
}

/** The neutral texts of a new process (shared/i18n/new-process/<language>.json), by language. */
const NEW_PROCESS_TEXTS = bundledCatalogs(import.meta.glob('../../shared/i18n/new-process/*.json', { eager: true, import: 'default' }), flattenCatalog);

/** A catalog text in German and each of these languages that has it: a new question starts translated. */
function inLanguages(key: string, languages: readonly Language[]): LocalizedText {
  const text: Record<string, string> = { de: NEW_PROCESS_TEXTS.de?.[key] ?? '' };
  for (const language of languages) {
    const message = NEW_PROCESS_TEXTS[language]?.[key];
    if (message) text[language] = message;
  }
  return text as LocalizedText;
}

/**
 * A question as the buttons beside it name it for a screen reader: its German title, or, while it has
 * none (every new question starts so), „(ohne Titel)“ with its key, so „Frage entfernen“ says which.
 */
const questionName = (question: SurveyQuestion) => question.title.de.trim() || `${t('surveyEditor.untitled')} ${question.key}`;

/** What „Abschnitt entfernen“ or „Frage entfernen“ took away, and from where, so that „Rückgängig“ can put it back. */
type Removed = { kind: 'section'; index: number; section: SurveySection } | { kind: 'question'; sectionKey: string; index: number; question: SurveyQuestion };

/** The sentence the editor says after a removal, beside „Rückgängig“. */
function removedText(removed: Removed): string {
  if (removed.kind === 'question') return t('surveyEditor.questionRemoved', { name: questionName(removed.question) });
  const name = removed.section.title.de.trim() || t('surveyEditor.untitled');
  const count = removed.section.questions.length;
  return count === 0 ? t('surveyEditor.emptySectionRemoved', { name }) : tn('surveyEditor.sectionRemoved', count, { name });
}

function blankQuestion(type: QuestionType, key: string, languages: readonly Language[]): SurveyQuestion {
  const base = { key, title: { de: '' }, required: false };
  switch (type) {
    case 'single':
    case 'multi':
    case 'ranking':
      return { ...base, type, options: [] } as SurveyQuestion;
    case 'scale':
      return { ...base, type, scale: { min: 1, max: 5, minLabel: inLanguages('survey.scale.minLabel', languages), maxLabel: inLanguages('survey.scale.maxLabel', languages), allowNoAnswer: true } };
    case 'text':
      return { ...base, type };
    case 'stadtteil':
      return { ...base, type };
    case 'number':
      return { ...base, type, min: 0 };
  }
}

/**
 * A language the survey did not have yet starts not checked (`machine`, "geprüft" unticked) until a
 * person ticks "geprüft" in the translation table: nobody has read its texts yet, also not the
 * privacy notice and thank-you page a new survey starts with in every language. German is the
 * source and always checked. Residents read a language not checked with the note that no person
 * has checked it yet.
 */
function blankDefinition(languages: Language[]): SurveyDefinition {
  return {
    version: 1,
    languages,
    translations: Object.fromEntries(languages.map((l) => [l, l === 'de' ? 'reviewed' : 'machine'])),
    sections: [{ key: 'allgemein', title: { de: 'Allgemein' }, questions: [] }],
  };
}

/** A draft as the editor holds it: the survey offers what the process offers; a language added to the process joins not checked. */
function editable(draft: SurveyDraft, languages: Language[]): SurveyDefinition {
  const start = draft.definition ?? blankDefinition(languages);
  const translations = Object.fromEntries(languages.map((l) => [l, l === 'de' ? 'reviewed' : (start.translations[l] ?? 'machine')]));
  return { ...start, languages, translations };
}

interface Issues {
  /** By `s<section>` or `s<section>q<question>`; survey-wide under `''`. */
  [at: string]: string[];
}

/**
 * Where the draft's first problem is said, in the editor's order (the survey's own, then each
 * section's and its questions'), else among the texts around the survey: the id of its list, and the
 * key of the question to open for it.
 */
function firstIssue(issues: Issues, definition: SurveyDefinition, inTexts: boolean): { id: string; question: string | null } | null {
  const order = (at: string) => {
    const [, s = -1, q = -1] = /^s(\d+)(?:q(\d+))?$/.exec(at)?.map(Number) ?? [];
    return [Number.isNaN(s) ? -1 : s, Number.isNaN(q) ? -1 : q] as const;
  };
  const [first] = Object.keys(issues).sort((a, b) => {
    const [sa, qa] = order(a);
    const [sb, qb] = order(b);
    return sa - sb || qa - qb;
  });
  if (first === undefined) return inTexts ? { id: 'issues-texts', question: null } : null;
  const [s, q] = order(first);
  return { id: first ? `issues-${first}` : 'issues-survey', question: q >= 0 ? (definition.sections[s]?.questions[q]?.key ?? null) : null };
}

/** The problems of a survey just begun, by their codes (not their wording, which a catalog may change): no question yet, and so an empty section. */
const BEGINNING: ReadonlySet<SurveyIssueCode> = new Set(['no_questions', 'empty_section']);

/** The problems in German by where they are, and whether they are only those of a survey just begun. */
function validate(definition: SurveyDefinition): { issues: Issues; onlyBeginning: boolean } {
  const result = surveyDefinitionSchema.safeParse(definition);
  if (result.success) return { issues: {}, onlyBeginning: true };
  const issues: Issues = {};
  const questionTitle = (key: string) => definition.sections.flatMap((section) => section.questions).find((question) => question.key === key)?.title.de || key;
  for (const issue of result.error.issues) {
    const [first, s, second, q] = issue.path;
    const at = first === 'sections' && typeof s === 'number' ? (second === 'questions' && typeof q === 'number' ? `s${s}q${q}` : `s${s}`) : '';
    (issues[at] ??= []).push(germanIssue(issue.message, issue.code, issue.path, questionTitle));
  }
  for (const at of Object.keys(issues)) issues[at] = [...new Set(issues[at])];
  const onlyBeginning = result.error.issues.every((issue) => {
    const code = surveyIssueCode(issue);
    return code !== undefined && BEGINNING.has(code);
  });
  return { issues, onlyBeginning };
}

/** Per language: of every text a resident reads, those with a text of their own, and how many of them a person checked. */
function translationCounts(survey: { definition: SurveyDefinition; texts: SurveyTexts }): Array<{ language: Language; total: number; translated: number; reviewed: number }> {
  return translationCompleteness(survey).map((entry) => ({ ...entry, reviewed: entry.language === 'de' || survey.definition.translations[entry.language] === 'reviewed' ? entry.translated : 0 }));
}

/** Where the editor keeps which questions are open, per survey (its process) and tab. */
const openQuestionsStorage = (slug: string) => `mitreden.surveyEditor.open.${slug}`;

/** The question keys kept open for this survey in this tab; none where the browser keeps nothing. */
function openQuestionsKept(slug: string): string[] {
  try {
    const kept: unknown = JSON.parse(sessionStorage.getItem(openQuestionsStorage(slug)) ?? '[]');
    return Array.isArray(kept) ? kept.filter((key): key is string => typeof key === 'string') : [];
  } catch {
    return [];
  }
}

function keepOpenQuestions(slug: string, open: ReadonlySet<string>): void {
  try {
    sessionStorage.setItem(openQuestionsStorage(slug), JSON.stringify([...open]));
  } catch {
    // Storage full or switched off: the questions open now stay open until the page is reloaded, as before.
  }
}

/** Where the editor keeps how far down the admin was, per survey (its process) and tab. */
const scrollStorage = (slug: string) => `mitreden.surveyEditor.scroll.${slug}`;

/** Whether this page was loaded by reloading it (not reached by a link or typed in): only then the editor goes back to where the admin was. */
function reloadedHere(): boolean {
  const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  return entry?.type === 'reload' && new URL(entry.name).pathname === location.pathname;
}

/**
 * The save buttons stick to the bottom of a wide screen: the page keeps that much room at its end
 * (`scroll-padding-block-end`), so the control a keyboard user tabs to, or the browser scrolls to,
 * stops above them. Before, on a laptop (1366×768) most fields and buttons tabbed to stood under
 * the bar, hidden, so the admin did not see where they were.
 */
function useClearOfStickyBar(bar: { current: HTMLElement | null }, ...growing: unknown[]): void {
  const keepRef = useRef<(() => void) | null>(null);
  useEffect(() => {
    const element = bar.current;
    if (!element) return;
    const root = document.documentElement;
    /**
     * The control the keyboard is on is scrolled clear of the bar: one focused by a script (the next
     * item's button after „Frage entfernen“; the browser scrolls only to what is off the screen, and
     * the bar stands on it), or one the bar grew over (a notice with „Rückgängig“, a problem named).
     */
    const uncover = () => {
      const active = document.activeElement;
      if (!(active instanceof HTMLElement) || active === document.body || element.contains(active) || getComputedStyle(element).position !== 'sticky') return;
      const control = active.getBoundingClientRect();
      const covering = element.getBoundingClientRect();
      // Under the bar, or below it off the screen (where the browser's own scroll to it, begun before the bar
      // grew, would end): by what it takes to stand above the bar with room for the focus ring.
      // (Only in the bar's column: the preview beside it on a wide screen is never under it.)
      const besideIt = control.right <= covering.left || control.left >= covering.right;
      if (!besideIt && control.bottom > covering.top) window.scrollBy({ top: control.bottom - covering.top + 12, behavior: 'instant' });
    };
    const keep = () => {
      // Whole pixels above the bar's fraction, and room for the focus ring.
      root.style.scrollPaddingBlockEnd = getComputedStyle(element).position === 'sticky' ? `${Math.ceil(element.getBoundingClientRect().height) + 12}px` : '';
      uncover();
    };
    keepRef.current = keep;
    keep();
    const observer = new ResizeObserver(keep);
    observer.observe(element);
    window.addEventListener('resize', keep);
    document.addEventListener('focusin', uncover);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', keep);
      document.removeEventListener('focusin', uncover);
      root.style.scrollPaddingBlockEnd = '';
      keepRef.current = null;
    };
  }, [bar]);
  // What makes the bar grow in a render (the notice of a removal) gets its room before the focus
  // moves on after that render: the resize observer would tell only at the next frame, after the
  // browser had scrolled the focused control to the screen's edge, under the bar.
  useLayoutEffect(() => keepRef.current?.(), growing);
}

/**
 * After a reload, scrolls back to where the admin was in this survey (the browser's own restoring
 * comes before the draft is loaded, on a page still short), and from then on keeps the position for
 * this tab as the admin scrolls and when the page goes.
 */
function useScrollKept(slug: string): void {
  useEffect(() => {
    try {
      const kept = Number(sessionStorage.getItem(scrollStorage(slug)));
      if (reloadedHere() && Number.isFinite(kept) && kept > 0) window.scrollTo({ top: kept, left: 0, behavior: 'instant' });
    } catch {
      // Storage switched off: the editor starts at the top, as before.
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const keep = () => {
      clearTimeout(timer);
      try {
        sessionStorage.setItem(scrollStorage(slug), String(Math.round(window.scrollY)));
      } catch {
        // Storage full or switched off: nothing is kept.
      }
    };
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(keep, 150);
    };
    window.addEventListener('scroll', soon, { passive: true });
    window.addEventListener('pagehide', keep);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('scroll', soon);
      window.removeEventListener('pagehide', keep);
    };
  }, [slug]);
}

/** The leaf a simple condition is; combined conditions (from an XLSForm) are kept as they are. */
type Leaf = { question: string; equals: string } | { question: string; includes: string } | { question: string; answered: true };
const isLeaf = (showIf: ShowIf): showIf is Leaf => 'question' in showIf;

function renameInCondition(showIf: ShowIf, from: string, to: string): ShowIf {
  if ('all' in showIf) return { all: showIf.all.map((c) => renameInCondition(c, from, to)) };
  if ('any' in showIf) return { any: showIf.any.map((c) => renameInCondition(c, from, to)) };
  if ('not' in showIf) return { not: renameInCondition(showIf.not, from, to) };
  return showIf.question === from ? { ...showIf, question: to } : showIf;
}

export function SurveyEditorPage() {
  const { params } = useRoute();
  const slug = params.slug!;
  const processes = useApi('GET /api/admin/processes');
  const loadedDraft = useApi('GET /api/admin/processes/:slug/survey/draft', { params: { slug } });
  const process = processes.data?.find((entry) => entry.slug === slug);
  const base = loadedDraft.data?.basedOnVersion ?? null;
  const published = useApi('GET /api/admin/processes/:slug/survey/versions/:version', base === null ? null : { params: { slug, version: base } });

  if (processes.error || loadedDraft.error) return <Layout title={t('surveyEditor.editQuestionnaire')}><ErrorNotice error={processes.error ?? loadedDraft.error} /></Layout>;
  if (!processes.data || !loadedDraft.data || (base !== null && !published.data)) return <Layout title={t('surveyEditor.editQuestionnaire')}><Loading /></Layout>;
  if (!process) return <Layout title={t('surveyEditor.editQuestionnaire')}><p role="alert">{t('surveyEditor.thisProcessDoesNot')}</p></Layout>;
  return <Editor process={process} initial={loadedDraft.data} published={published.data ?? null} />;
}

function Editor({ process, initial, published: publishedAtLoad }: { process: AdminProcess; initial: SurveyDraft; published: SurveyVersion | null }) {
  const slug = process.slug;
  /** The newest published version: its keys stay fixed, also for one published here a moment ago; publishing is offered only for something else. */
  const [published, setPublished] = useState<Pick<SurveyVersion, 'version' | 'definition' | 'texts' | 'responses'> | null>(publishedAtLoad);
  const languages = process.structure.languages;
  const [definition, setDefinition] = useState<SurveyDefinition>(() => editable(initial, languages));
  const [texts, setTexts] = useState(initial.texts);
  const [revision, setRevision] = useState(initial.revision);
  const [nextVersion, setNextVersion] = useState(initial.nextVersion);
  const [dirty, setDirty] = useState(initial.definition === null);
  // A draft nobody has typed in yet (dirty only because it was never saved) is left without a question.
  const [edited, setEdited] = useState(false);
  const [language, setLanguage] = useState<Language>('de');
  const [previewLanguage, setPreviewLanguage] = useState<Language>('de');
  const [selected, setSelected] = useState<{ s: number; q: number | null }>({ s: 0, q: null });
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  /** The section or question removed last, offered back („Rückgängig“) until another is removed, the draft is saved or another one loaded. */
  const [removed, setRemoved] = useState<Removed | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  useLeaveGuard(dirty && edited, (leave) => setConfirm(leaveRequest(leave)));
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  /** Fields whose German was changed while a translation of it was checked (`typed`), and the languages unticked for them. */
  const [outdating, setOutdating] = useState<{ fields: Record<string, { german: string; languages: Language[] }>; unticked: Language[] }>({ fields: {}, unticked: [] });
  /**
   * Languages the admin ticked „geprüft“ by hand since the last save: the save marks them checked
   * against its German (`reviewed`), so the server keeps them checked where the German changed;
   * every other checked language whose translation the new German outdates it sets back, as `typed` does here.
   */
  const [tickedByHand, setTickedByHand] = useState<Language[]>([]);
  /** The questions shown open, by key: kept for this tab, so a reload opens them again where the admin was. */
  const [openQuestions, setOpenQuestions] = useState(() => new Set([...openQuestionsKept(slug), ...allQuestions(definition).filter((question) => !question.title.de).map((question) => question.key)]));
  useEffect(() => keepOpenQuestions(slug, openQuestions), [slug, openQuestions]);
  useScrollKept(slug);
  const actionsRef = useRef<HTMLDivElement>(null);
  useClearOfStickyBar(actionsRef, removed);
  /** Whether the server has a survey to give as an XLSForm: a saved draft, or a published version it falls back to. */
  const [onServer, setOnServer] = useState(initial.definition !== null);
  /** What the admin typed and did not save yet: an upload would replace it, a download would not contain it. */
  const unsaved = dirty && edited;

  const { issues, onlyBeginning } = validate(definition);
  const valid = Object.keys(issues).length === 0 && textsIssues(texts).length === 0;
  const firstProblem = firstIssue(issues, definition, textsIssues(texts).length > 0);
  /** A survey just begun has no question yet: that is the next step, not a mistake, and is said so, not in red. */
  const onlyNoQuestion = allQuestions(definition).length === 0 && onlyBeginning && textsIssues(texts).length === 0;
  /** Publishing now would ask residents what the newest version asks them already: the server refuses it too (409 `draft_unchanged`). */
  const unchanged = published !== null && sameSurvey({ definition, texts }, published);
  const fixedOptionKeys = new Map<string, Set<string>>();
  for (const question of published?.definition.sections.flatMap((s) => s.questions) ?? []) {
    if ('options' in question) fixedOptionKeys.set(question.key, new Set(question.options.map((o) => o.key)));
  }
  const publishedQuestionKeys = new Set(published?.definition.sections.flatMap((s) => s.questions.map((q) => q.key)) ?? []);
  const districts: SurveyDistrict[] = process.structure.districts.map((district) => ({
    key: district.key,
    nr: district.nr,
    name: district.name,
    stadtteile: district.stadtteile.map((stadtteil) => ({ key: stadtteil.key, name: stadtteil.name })),
  }));

  function change(update: (current: SurveyDefinition) => SurveyDefinition) {
    setDefinition((current) => update(current));
    setDirty(true);
    setEdited(true);
    setStatus(null);
  }
  function changeTexts(update: (current: SurveyDraft['texts']) => SurveyDraft['texts']) {
    setTexts((current) => update(current));
    setDirty(true);
    setEdited(true);
    setStatus(null);
  }
  const updateSection = (s: number, update: (section: SurveySection) => SurveySection) =>
    change((d) => ({ ...d, sections: d.sections.map((section, i) => (i === s ? update(section) : section)) }));
  const updateQuestion = (s: number, q: number, update: (question: SurveyQuestion) => SurveyQuestion) =>
    updateSection(s, (section) => ({ ...section, questions: section.questions.map((question, i) => (i === q ? update(question) : question)) }));


  function addSection() {
    change((d) => {
      const key = uniqueKey('abschnitt', new Set(d.sections.map((s) => s.key)));
      return { ...d, sections: [...d.sections, { key, title: { de: `Abschnitt ${d.sections.length + 1}` }, questions: [] }] };
    });
    setSelected({ s: definition.sections.length, q: null });
    focusAdded(`s${definition.sections.length}-title`);
  }

  function removeSection(s: number) {
    const section = definition.sections[s]!;
    change((d) => ({ ...d, sections: d.sections.filter((_, i) => i !== s) }));
    setSelected({ s: 0, q: null });
    setRemoved({ kind: 'section', index: s, section });
  }

  function removeQuestion(s: number, q: number) {
    const section = definition.sections[s]!;
    change((d) => ({ ...d, sections: d.sections.map((x, i) => (i === s ? { ...x, questions: x.questions.filter((_, j) => j !== q) } : x)) }));
    setSelected({ s, q: null });
    setRemoved({ kind: 'question', sectionKey: section.key, index: q, question: section.questions[q]! });
  }

  /**
   * Puts the removed section or question back where it was (its section found by key, wherever it
   * moved since), open, with the focus on its title. Refused, and said so, when its section is
   * gone or a key it holds was given to another meanwhile: keys stay unique.
   */
  function undoRemoval() {
    if (!removed) return;
    setRemoved(null);
    const keys = new Set(definition.sections.flatMap((section) => section.questions.map((question) => question.key)));
    const home = removed.kind === 'question' ? definition.sections.findIndex((section) => section.key === removed.sectionKey) : -1;
    const clash =
      removed.kind === 'section'
        ? definition.sections.some((section) => section.key === removed.section.key) || removed.section.questions.some((question) => keys.has(question.key))
        : home < 0 || keys.has(removed.question.key);
    if (clash) {
      setStatus({ kind: 'error', text: t('surveyEditor.cannotRestore') });
      return;
    }
    if (removed.kind === 'section') {
      const at = Math.min(removed.index, definition.sections.length);
      change((d) => ({ ...d, sections: [...d.sections.slice(0, at), removed.section, ...d.sections.slice(at)] }));
      setSelected({ s: at, q: null });
      focusAdded(`s${at}-title`);
      return;
    }
    const at = Math.min(removed.index, definition.sections[home]!.questions.length);
    updateSection(home, (section) => ({ ...section, questions: [...section.questions.slice(0, at), removed.question, ...section.questions.slice(at)] }));
    setSelected({ s: home, q: at });
    setOpenQuestions((open) => new Set(open).add(removed.question.key));
    focusAdded(`s${home}q${at}-title`);
  }

  function addQuestion(s: number, type: QuestionType) {
    const taken = new Set(definition.sections.flatMap((section) => section.questions.map((q) => q.key)));
    const key = uniqueKey(`frage-${taken.size + 1}`, taken);
    change((d) => ({ ...d, sections: d.sections.map((section, i) => (i === s ? { ...section, questions: [...section.questions, blankQuestion(type, key, d.languages)] } : section)) }));
    setSelected({ s, q: definition.sections[s]!.questions.length });
    // A new question starts open, to be written: its text first.
    setOpenQuestions((open) => new Set(open).add(key));
    focusAdded(`s${s}q${definition.sections[s]!.questions.length}-title`);
  }

  /** The German title names the question's key until a published version fixes it; an open question stays open under its new key, which is returned. */
  function setQuestionTitle(s: number, q: number, value: string): string {
    const question = definition.sections[s]!.questions[q]!;
    let key = question.key;
    if (language === 'de' && !publishedQuestionKeys.has(question.key)) {
      const taken = new Set(definition.sections.flatMap((section) => section.questions.map((other) => other.key)).filter((k) => k !== question.key));
      key = uniqueKey(keyOf(value), taken);
    }
    change((d) => {
      const sections = d.sections.map((section, i) => ({
        ...section,
        questions: section.questions.map((other, j) => {
          const renamed = other.showIf && key !== question.key ? { ...other, showIf: renameInCondition(other.showIf, question.key, key) } : other;
          return i === s && j === q ? { ...renamed, key, title: withText(other.title, language, value) } : renamed;
        }),
      }));
      return { ...d, sections };
    });
    if (key !== question.key) setOpenQuestions((open) => (open.has(question.key) ? new Set([...open].map((k) => (k === question.key ? key : k))) : open));
    return key;
  }

  async function save(force = false): Promise<number | null> {
    if (busy) return null;
    setBusy(true);
    try {
      let base = revision;
      if (force) base = (await call('GET /api/admin/processes/:slug/survey/draft', { params: { slug } })).revision;
      const reviewed = tickedByHand.filter((l) => definition.translations[l] === 'reviewed');
      const saved = await call('PUT /api/admin/processes/:slug/survey/draft', { params: { slug }, body: { revision: base, definition, texts, reviewed } });
      // The saved German is what later changes are measured against, here as on the server.
      setOutdating({ fields: {}, unticked: [] });
      setTickedByHand([]);
      // What the server set back (German changed against a draft saved elsewhere meanwhile) the page shows too.
      const setBack = languages.filter((l) => definition.translations[l] === 'reviewed' && saved.definition?.translations[l] === 'machine');
      if (setBack.length > 0) setDefinition((d) => ({ ...d, translations: { ...d.translations, ...Object.fromEntries(setBack.map((l) => [l, 'machine'])) } }));
      setRevision(saved.revision);
      setNextVersion(saved.nextVersion);
      setOnServer(true);
      setDirty(false);
      setConflict(false);
      // Saved, the removal stands: „Rückgängig“ is no longer offered (on a phone it kept the buttons over the form).
      setRemoved(null);
      const savedText = t('surveyEditor.draftSavedRevision', { revision: saved.revision });
      setStatus({ kind: 'ok', text: setBack.length > 0 ? `${savedText} ${t('surveyEditor.translationsOutdated', { languages: setBack.map((l) => LANGUAGE_NAMES[l]).join(', ') })}` : savedText });
      // Saved, „Entwurf speichern“ has nothing more to save and is disabled, which takes the focus from it: the keyboard goes on from what was said.
      focusStatusWhenLost();
      return saved.revision;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setConflict(true);
        setStatus({ kind: 'error', text: t('surveyEditor.someoneElseHasSaved') });
      } else setStatus({ kind: 'error', text: err instanceof Error ? err.message : t('surveyEditor.savingFailed') });
      return null;
    } finally {
      setBusy(false);
    }
  }

  /** The button pressed is disabled now (nothing more to save or publish) or gone: the focus goes to what was said, not to the page's start. */
  function focusStatusWhenLost() {
    requestAnimationFrame(() => {
      const active = document.activeElement;
      if (!active || active === document.body || (active instanceof HTMLButtonElement && active.disabled)) statusRef.current?.focus();
    });
  }

  async function publish() {
    const saved = dirty ? await save() : revision;
    if (saved === null) return;
    setBusy(true);
    try {
      const result = await call('POST /api/admin/processes/:slug/survey/publish', { params: { slug }, body: { revision: saved } });
      setNextVersion(result.version + 1);
      setPublished({ version: result.version, definition, texts, responses: 0 });
      setOnServer(true);
      // Publishing removed the draft: the next save starts a new one.
      setRevision(0);
      // Residents answer it only where the process itself is public: a draft's admin is told what is still to do.
      const published =
        process.status === 'draft'
          ? t('surveyEditor.publishedInDraftProcess', { version: result.version })
          : process.status === 'archived'
            ? t('surveyEditor.publishedInArchivedProcess', { version: result.version })
            : t('surveyEditor.publishedAsVersionFrom', { version: result.version });
      setStatus({ kind: 'ok', text: published });
    } catch (err) {
      // Someone else's save in between is a conflict this page resolves (save this version anyway); the rest is said.
      if (err instanceof ApiError && err.code === 'draft_conflict') setConflict(true);
      setStatus({
        kind: 'error',
        text: errorText(err, {
          draft_unchanged: t('surveyEditor.noChangesSinceVersion', { version: published?.version ?? 1 }),
          draft_conflict: t('surveyEditor.someoneElseHasSaved'),
          no_draft: t('surveyEditor.draftGoneMeanwhile'),
        }),
      });
    } finally {
      setBusy(false);
      // „Veröffentlichen“ was disabled while it worked, and after publishing it is „Version N+1 veröffentlichen“ with nothing to publish: the keyboard goes on from what was said.
      focusStatusWhenLost();
    }
  }

  /** An XLSForm uploaded here is the draft now: the editor shows what the server made of it, with nothing left unsaved. */
  function adopt(draft: SurveyDraft) {
    setDefinition(editable(draft, languages));
    setTexts(draft.texts);
    setRevision(draft.revision);
    setNextVersion(draft.nextVersion);
    setOnServer(true);
    setDirty(false);
    setEdited(false);
    setConflict(false);
    setOutdating({ fields: {}, unticked: [] });
    setTickedByHand([]);
    setStatus(null);
    setRemoved(null);
  }

  const counts = translationCounts({ definition, texts });
  function askPublish() {
    const incomplete = counts.filter((entry) => entry.translated < entry.total);
    // Languages nobody ticked „geprüft“: residents read that no person has checked them.
    const unchecked = counts.filter((entry) => entry.language !== 'de' && entry.translated > 0 && entry.reviewed < entry.translated);
    if (incomplete.length === 0 && unchecked.length === 0) return void publish();
    const parts = [
      incomplete.length > 0 && t('surveyEditor.missingTextsAppearIn', { value: incomplete.map((entry) => t('surveyEditor.languageTranslatedOf', { language: LANGUAGE_NAMES[entry.language], translated: entry.translated, total: entry.total })).join('; ') }),
      unchecked.length > 0 && t('surveyEditor.uncheckedLanguagesNoted', { languages: unchecked.map((entry) => LANGUAGE_NAMES[entry.language]).join(', ') }),
    ].filter((part): part is string => typeof part === 'string');
    setConfirm({
      title: incomplete.length > 0 ? t('surveyEditor.publishVersionWithIncomplete', { nextVersion }) : t('surveyEditor.publishVersionWithUnchecked', { nextVersion }),
      body: parts.join(' '),
      confirmLabel: t('surveyEditor.publishAnyway'),
      onConfirm: publish,
    });
  }

  /**
   * German typed anew outdates the checked translations of that text: their languages go back to not
   * checked, and the page says which. Typed back to the German they translate, the field outdates
   * nothing, and a language this page unticked for it alone is ticked again.
   */
  function typed(id: string, text: LocalizedText | undefined, value: string, onInput: (value: string) => void) {
    onInput(value);
    if (language !== 'de' || !text) return;
    const entry = outdating.fields[id] ?? { german: text.de, languages: languages.filter((l) => l !== 'de' && !!text[l]?.trim()) };
    const fields = { ...outdating.fields };
    if (value === entry.german || entry.languages.length === 0) delete fields[id];
    else fields[id] = entry;
    const untick = value === entry.german ? [] : outdatedTranslations(definition, text, value);
    const stillOutdated = new Set(Object.values(fields).flatMap((field) => field.languages));
    const tickAgain = outdating.unticked.filter((l) => !stillOutdated.has(l) && definition.translations[l] === 'machine');
    setOutdating({ fields, unticked: [...outdating.unticked.filter((l) => !tickAgain.includes(l) && !untick.includes(l)), ...untick] });
    if (untick.length > 0) setTickedByHand((ticked) => ticked.filter((l) => !untick.includes(l)));
    if (untick.length === 0 && tickAgain.length === 0) return;
    const statuses = { ...Object.fromEntries(tickAgain.map((l) => [l, 'reviewed'])), ...Object.fromEntries(untick.map((l) => [l, 'machine'])) };
    change((d) => ({ ...d, translations: { ...d.translations, ...statuses } }));
    if (untick.length > 0) setStatus({ kind: 'ok', text: t('surveyEditor.translationsOutdated', { languages: untick.map((l) => LANGUAGE_NAMES[l]).join(', ') }) });
  }

  const lang = LANGUAGE_NAMES[language];
  const textField = (id: string, label: string, text: LocalizedText | undefined, onInput: (value: string) => void, multiline = false) => (
    <div class="field">
      <label for={id}>
        {label} ({lang})
      </label>
      {multiline ? (
        <textarea id={id} lang={htmlLang(language)} dir={textDirection(language)} rows={2} class="short" value={text?.[language] ?? ''} onInput={(e) => typed(id, text, e.currentTarget.value, onInput)} />
      ) : (
        <input id={id} type="text" lang={htmlLang(language)} dir={textDirection(language)} value={text?.[language] ?? ''} onInput={(e) => typed(id, text, e.currentTarget.value, onInput)} />
      )}
      {language !== 'de' && text?.de ? (
        <p class="hint" lang="de">
          {t('surveyEditor.german', { de: text.de })}
        </p>
      ) : null}
    </div>
  );

  const earlierQuestions = (s: number, q: number) => definition.sections.slice(0, s + 1).flatMap((section, i) => (i < s ? section.questions : section.questions.slice(0, q)));
  const section = definition.sections[selected.s] ?? definition.sections[0]!;

  return (
    <Layout title={t('surveyEditor.editQuestionnaire')} process={process.structure.title}>
      <p>
        <a class="standalone" href={adminPath(slug, 'struktur')}>{t('surveyEditor.backSetUpProcess')}</a>
      </p>
      <h1>{t('surveyEditor.editQuestionnaire2', { de: staffText(process.structure.title) })}</h1>
      <p class="hint">
        {t('surveyEditor.draftForVersion', { nextVersion })}{' '}
        {published === null
          ? t('surveyEditor.noVersionPublishedYet')
          : published.responses > 0
            ? tn('surveyEditor.versionIsPublishedAnswered', published.responses, { version: published.version, nextVersion })
            : t('surveyEditor.versionIsPublishedUnanswered', { version: published.version, nextVersion })}
      </p>
      {published ? <p class="hint">{t('surveyEditor.publishedKeysStay', { version: published.version })}</p> : null}
      <div class="survey-editor">
        <div class="survey-editor-main">
          <LanguageSelect
            id="edit-language"
            label={t('surveyEditor.editTextsIn')}
            languages={languages}
            value={language}
            // Who translates wants to read the language typed in as residents will; the preview can still show another.
            onChange={(to) => {
              setLanguage(to);
              setPreviewLanguage(to);
            }}
          />
          {onlyNoQuestion ? <p class="hint" id="issues-survey">{t('surveyEditor.noQuestionYet')}</p> : issues[''] ? <IssueList id="issues-survey" list={issues['']} /> : null}
          {definition.sections.map((sec, s) => (
            <fieldset key={s} class="editor-section" aria-describedby={issues[`s${s}`] && !onlyNoQuestion ? `issues-s${s}` : undefined}>
              <legend>
                <h2>{t('surveyEditor.section2', { value: s + 1, value2: sec.title[language] || sec.title.de })}</h2>
              </legend>
              {textField(`s${s}-title`, t('surveyEditor.sectionTitle'), sec.title, (v) => updateSection(s, (x) => ({ ...x, title: withText(x.title, language, v) })))}
              {textField(`s${s}-intro`, t('surveyEditor.introduction'), sec.intro, (v) => updateSection(s, (x) => {
                const intro = withText(x.intro, language, v);
                const { intro: _dropped, ...rest } = x;
                return intro.de ? { ...rest, intro } : rest;
              }), true)}
              {issues[`s${s}`] && !onlyNoQuestion ? <IssueList id={`issues-s${s}`} list={issues[`s${s}`]!} /> : null}
              <div class="actions">
                <button type="button" class="button secondary" disabled={s === 0} onClick={(e) => keepingFocus(e.currentTarget, () => change((d) => ({ ...d, sections: moveItem(d.sections, s, s - 1) })), -1)}>
                  <NamedControl visible={t('surveyEditor.sectionUp')} more={`: ${sec.title.de.trim() || t('surveyEditor.untitled')}`} />
                </button>
                <button type="button" class="button secondary" disabled={s === definition.sections.length - 1} onClick={(e) => keepingFocus(e.currentTarget, () => change((d) => ({ ...d, sections: moveItem(d.sections, s, s + 1) })), 1)}>
                  <NamedControl visible={t('surveyEditor.sectionDown')} more={`: ${sec.title.de.trim() || t('surveyEditor.untitled')}`} />
                </button>
                <button type="button" class="button secondary" disabled={definition.sections.length === 1} onClick={(e) => keepingFocus(e.currentTarget, () => removeSection(s))}>
                  <NamedControl visible={t('surveyEditor.removeSection')} more={`: ${sec.title.de.trim() || t('surveyEditor.untitled')}`} />
                </button>
              </div>
              <ol class="question-list">
                {sec.questions.map((question, q) => (
                  <li key={`${s}-${q}`} class={selected.s === s && selected.q === q ? 'selected' : undefined} onFocusIn={() => setSelected({ s, q })}>
                    <QuestionEditor
                      at={`s${s}q${q}`}
                      question={question}
                      language={language}
                      textField={textField}
                      issues={issues[`s${s}q${q}`]}
                      fixedOptions={fixedOptionKeys.get(question.key) ?? new Set()}
                      earlier={earlierQuestions(s, q)}
                      fields={process.structure.fieldsOfAction.flatMap((f) => [{ key: f.key, label: f.label.de }, ...(f.children ?? []).map((c) => ({ key: c.key, label: `${f.label.de} › ${c.label.de}` }))])}
                      open={openQuestions.has(question.key)}
                      onToggle={(open) => setOpenQuestions((current) => (open === current.has(question.key) ? current : new Set(open ? [...current, question.key] : [...current].filter((k) => k !== question.key))))}
                      onTitle={(v) => setQuestionTitle(s, q, v)}
                      onChange={(update) => updateQuestion(s, q, update)}
                    />
                    <div class="actions">
                      <button type="button" class="button secondary" disabled={q === 0} onClick={(e) => keepingFocus(e.currentTarget, () => updateSection(s, (x) => ({ ...x, questions: moveItem(x.questions, q, q - 1) })), -1)}>
                        <NamedControl visible={t('surveyEditor.up')} more={`: ${questionName(question)}`} />
                      </button>
                      <button type="button" class="button secondary" disabled={q === sec.questions.length - 1} onClick={(e) => keepingFocus(e.currentTarget, () => updateSection(s, (x) => ({ ...x, questions: moveItem(x.questions, q, q + 1) })), 1)}>
                        <NamedControl visible={t('surveyEditor.down')} more={`: ${questionName(question)}`} />
                      </button>
                      <button type="button" class="button secondary" onClick={(e) => keepingFocus(e.currentTarget, () => removeQuestion(s, q))}>
                        <NamedControl visible={t('surveyEditor.removeQuestion')} more={`: ${questionName(question)}`} />
                      </button>
                    </div>
                  </li>
                ))}
              </ol>
              <AddQuestion id={`s${s}-add`} onAdd={(type) => addQuestion(s, type)} />
            </fieldset>
          ))}
          <button type="button" class="button secondary" onClick={addSection}>
            {t('surveyEditor.addSection')}
          </button>

          <SurveyTextsEditor texts={texts} language={language} textField={textField} withText={withText} onChange={changeTexts} />

          <section aria-labelledby="translation-table" class="translation-table">
            <h2 id="translation-table">{t('surveyEditor.translations')}</h2>
            <table>
              <caption>{t('surveyEditor.textsPerLanguageTranslated')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('surveyEditor.language')}</th>
                  <th scope="col">{t('surveyEditor.translated')}</th>
                  <th scope="col">{t('surveyEditor.reviewed')}</th>
                </tr>
              </thead>
              <tbody>
                {counts.map((entry) => (
                  <tr key={entry.language}>
                    <th scope="row">{LANGUAGE_NAMES[entry.language]}</th>
                    <td>
                      {t('surveyEditor.translatedOf', { translated: entry.translated, total: entry.total, percent: entry.total ? Math.floor((entry.translated / entry.total) * 100) : 100 })}
                    </td>
                    <td>
                      {entry.language === 'de' ? (
                        t('surveyEditor.ofSourceLanguage', { reviewed: entry.reviewed, total: entry.total })
                      ) : (
                        <label class="check">
                          <input
                            type="checkbox"
                            checked={definition.translations[entry.language] === 'reviewed'}
                            onChange={(e) => {
                              const checked = e.currentTarget.checked;
                              // The admin's own tick or untick stands: typing German back does not change it.
                              setOutdating((o) => ({ ...o, unticked: o.unticked.filter((l) => l !== entry.language) }));
                              setTickedByHand((ticked) => [...ticked.filter((l) => l !== entry.language), ...(checked ? [entry.language] : [])]);
                              change((d) => ({ ...d, translations: { ...d.translations, [entry.language]: checked ? 'reviewed' : 'machine' } }));
                            }}
                          />
                          {t('surveyEditor.ofReviewed', { reviewed: entry.reviewed, total: entry.total })}<span class="visually-hidden"> ({LANGUAGE_NAMES[entry.language]})</span>
                        </label>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3 id="xlsform-translations">{t('surveyEditor.xlsformTitle')}</h3>
            <p class="hint">{t('surveyEditor.xlsformHint')}</p>
            {onServer ? (
              <div class="actions">
                <a class="button secondary" href={xlsformPath(slug)} download={`${slug}-umfrage-entwurf.xlsx`} aria-describedby={unsaved ? 'xlsform-saved-only' : undefined}>
                  {t('surveyEditor.downloadXlsform')}
                </a>
              </div>
            ) : (
              <p class="hint">{t('surveyEditor.xlsformNothingSaved')}</p>
            )}
            {onServer && unsaved ? (
              <p id="xlsform-saved-only" class="hint">
                {t('surveyEditor.xlsformSavedOnly')}
              </p>
            ) : null}
            <XlsformUpload slug={slug} revision={revision} basedOnVersion={published?.version ?? null} offerPublish={false} blockedBy={unsaved ? t('surveyEditor.xlsformSaveFirst') : undefined} onUploaded={(result) => adopt(result.draft)} />
          </section>

          <div class="editor-actions" ref={actionsRef}>
            {status ? (
              <p role={status.kind === 'error' ? 'alert' : 'status'} class={status.kind === 'error' ? 'error-text' : 'notice'} tabIndex={-1} ref={statusRef}>
                {status.text}
              </p>
            ) : (
              <p role="status" class="visually-hidden" />
            )}
            <div aria-live="polite" class="undo-removal">
              {removed ? (
                <p class="notice">
                  {removedText(removed)}{' '}
                  <button type="button" class="button secondary" onClick={undoRemoval}>
                    {t('surveyEditor.undoRemoval')}
                  </button>
                </p>
              ) : null}
            </div>
            {!valid &&
              (onlyNoQuestion ? (
                <p class="hint">{t('surveyEditor.saveOnceAQuestion')}</p>
              ) : (
                <p class="error-text">
                  {t('surveyEditor.theDraftStillHas')}{' '}
                  {firstProblem && (
                    <a
                      href={`#${firstProblem.id}`}
                      onClick={(event) => {
                        event.preventDefault();
                        // A collapsed question opens; its problems are then said at its top, above the sticky bar, with the focus on them.
                        if (firstProblem.question) setOpenQuestions((open) => new Set(open).add(firstProblem.question!));
                        requestAnimationFrame(() => {
                          const list = document.getElementById(firstProblem.id);
                          list?.scrollIntoView({ block: 'center' });
                          list?.focus({ preventScroll: true });
                        });
                      }}
                    >
                      {t('surveyEditor.goToFirstIssue')}
                    </a>
                  )}
                </p>
              ))}
            <div class="actions">
              <button type="button" class="button" disabled={!valid || !dirty} aria-disabled={busy || undefined} onClick={() => void save()}>
                {t('surveyEditor.saveDraft')}
              </button>
              {conflict && (
                <button type="button" class="button secondary" disabled={busy || !valid} onClick={() => void save(true)}>
                  {t('surveyEditor.saveMyVersionAnyway')}
                </button>
              )}
              <button type="button" class="button" disabled={busy || !valid || unchanged} aria-describedby={unchanged ? 'publish-unchanged' : undefined} onClick={askPublish}>
                {t('surveyEditor.publishVersion', { nextVersion })}
              </button>
            </div>
            {unchanged && (
              <p id="publish-unchanged" class="hint">
                {t('surveyEditor.noChangesSinceVersion', { version: published.version })}
              </p>
            )}
          </div>
        </div>

        <aside class="survey-preview" aria-labelledby="preview-title">
          <h2 id="preview-title">{t('surveyEditor.preview')}</h2>
          <LanguageSelect id="preview-language" label={t('surveyEditor.previewLanguage')} languages={languages} value={previewLanguage} onChange={setPreviewLanguage} />
          <div class="phone" lang={htmlLang(previewLanguage)} dir={textDirection(previewLanguage)}>
            <div class="phone-screen survey">
              <h3>{section.title[previewLanguage] || section.title.de}</h3>
              {section.intro ? <p>{section.intro[previewLanguage] || section.intro.de}</p> : null}
              {section.questions.length === 0 ? <p class="hint">{section.intro ? t('surveyEditor.textOnlySection') : t('surveyEditor.thisSectionHasNo')}</p> : null}
              {section.questions.map((question) => (
                <div key={question.key} class="preview-question">
                  <PreviewQuestion question={question} language={previewLanguage} value={answers[question.key]} onChange={(v) => setAnswers((a) => ({ ...a, [question.key]: v }))} labels={texts.labels} districts={districts} />
                </div>
              ))}
            </div>
          </div>
        </aside>
      </div>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Layout>
  );
}

/** The residents' own component; the ids get a prefix so they do not clash with the editor's. */
function PreviewQuestion(props: { question: SurveyQuestion; language: Language; value: unknown; onChange: (v: unknown) => void; labels: SurveyDraft['texts']['labels']; districts: SurveyDistrict[] }) {
  const question = { ...props.question, key: `preview-${props.question.key}`, title: props.question.title.de ? props.question.title : { de: t('surveyEditor.untitled') } } as SurveyQuestion;
  if ('options' in question && question.options.length === 0) return <p class="hint">{t('surveyEditor.noAnswerOptionsYet', { value: question.title[props.language] || question.title.de })}</p>;
  return <Question question={question} value={props.value} onChange={props.onChange} language={props.language} error={undefined} labels={props.labels} districts={props.districts} />;
}

function LanguageSelect({ id, label, languages, value, onChange }: { id: string; label: string; languages: Language[]; value: Language; onChange: (l: Language) => void }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value as Language)}>
        {languages.map((l) => (
          <option key={l} value={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

function IssueList({ id, list }: { id: string; list: string[] }) {
  return (
    <ul class="editor-issues error-text" id={id} tabIndex={-1}>
      {list.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

function AddQuestion({ id, onAdd }: { id: string; onAdd: (type: QuestionType) => void }) {
  const [type, setType] = useState<QuestionType>('single');
  return (
    <div class="field-row add-question">
      <div class="field">
        <label for={id}>{t('surveyEditor.questionType')}</label>
        <select id={id} value={type} onChange={(e) => setType(e.currentTarget.value as QuestionType)}>
          {QUESTION_TYPES.map((questionType) => (
            <option key={questionType} value={questionType}>
              {TYPE_NAMES()[questionType]}
            </option>
          ))}
        </select>
      </div>
      <button type="button" class="button secondary" onClick={() => onAdd(type)}>
        {t('surveyEditor.addQuestion')}
      </button>
    </div>
  );
}

export type TextField = (id: string, label: string, text: LocalizedText | undefined, onInput: (value: string) => void, multiline?: boolean) => preact.JSX.Element;

function QuestionEditor(props: {
  at: string;
  question: SurveyQuestion;
  language: Language;
  textField: TextField;
  issues: string[] | undefined;
  fixedOptions: Set<string>;
  earlier: SurveyQuestion[];
  fields: Array<{ key: string; label: string }>;
  /** Shown open; `onToggle` says when the admin opens or closes it. */
  open: boolean;
  onToggle: (open: boolean) => void;
  /** Sets the question's text; returns its key then (renamed with the German text until published). */
  onTitle: (value: string) => string;
  onChange: (update: (question: SurveyQuestion) => SurveyQuestion) => void;
}) {
  const { at, question, language, textField, onChange } = props;
  const [newOption, setNewOption] = useState('');
  /**
   * The list is keyed by place: after a move or removal this editor shows another question, and a
   * half-typed answer is not carried over to it. Its own text renamed the key (`onTitle`) is the
   * same question: the answer typed and not added yet stays, as it did not when the admin went back
   * to correct the question's text.
   */
  const ownKeys = useRef(new Set([question.key]));
  useEffect(() => {
    // The keys its own text gave it, also while typing faster than the effects run.
    if (ownKeys.current.has(question.key)) return;
    setNewOption('');
    ownKeys.current = new Set([question.key]);
  }, [question.key]);
  const set = (patch: Partial<SurveyQuestion>) => onChange((q) => ({ ...q, ...patch }) as SurveyQuestion);
  const heading = question.title[language] || question.title.de || t('surveyEditor.untitled');

  function addOption() {
    const label = newOption.trim();
    if (!label || !('options' in question)) return;
    onChange((q) => {
      if (!('options' in q)) return q;
      const key = uniqueKey(keyOf(label) || 'antwort', new Set([...q.options.map((o) => o.key), 'other']));
      // Typed in another language, it is that language's text only: German, the source every language falls back to, stays to be written (the draft names it missing).
      return { ...q, options: [...q.options, { key, label: withText({ de: '' }, language, label) }] };
    });
    setNewOption('');
  }

  const leaf = question.showIf && isLeaf(question.showIf) ? question.showIf : null;
  const target = leaf ? props.earlier.find((q) => q.key === leaf.question) : undefined;
  function setCondition(questionKey: string, value: string) {
    if (!questionKey) return onChange((q) => { const { showIf: _dropped, ...rest } = q; return rest as SurveyQuestion; });
    const chosen = props.earlier.find((q) => q.key === questionKey);
    let showIf: ShowIf = { question: questionKey, answered: true };
    if (chosen?.type === 'single' && value) showIf = { question: questionKey, equals: value };
    if (chosen?.type === 'multi' && value) showIf = { question: questionKey, includes: value };
    set({ showIf });
  }
  const conditionValue = leaf && 'equals' in leaf ? leaf.equals : leaf && 'includes' in leaf ? leaf.includes : '';

  return (
    // Collapsed, a long survey stays a list one can scan on a phone; a new question starts open, and a reload opens again what was open.
    // Its problems show inside it when open, below its title when collapsed: a change elsewhere (an answer removed that its condition names) must not leave one unseen.
    <>
      <details class="question-editor" open={props.open} onToggle={(e) => props.onToggle(e.currentTarget.open)}>
        <summary>
          <h3>
            {TYPE_NAMES()[question.type]}: {heading} <code class="hint">{question.key}</code>
          </h3>
        </summary>
        {props.issues && props.open ? <IssueList id={`issues-${at}`} list={props.issues} /> : null}
        {textField(`${at}-title`, t('surveyEditor.questionText'), question.title, (value) => {
          ownKeys.current.add(props.onTitle(value));
        })}
        {textField(`${at}-help`, t('surveyEditor.helpText'), question.help, (v) => onChange((q) => {
          const help = withText(q.help, language, v);
          const { help: _dropped, ...rest } = q;
          return (help.de ? { ...rest, help } : rest) as SurveyQuestion;
        }), true)}
        <div class="field-row">
          <label class="check">
            <input type="checkbox" checked={question.required} disabled={question.sensitive} onChange={(e) => set({ required: e.currentTarget.checked })} />
            {t('surveyEditor.requiredQuestion')}
          </label>
          {question.type !== 'text' && (
            <label class="check">
              <input type="checkbox" checked={question.sensitive ?? false} onChange={(e) => set(e.currentTarget.checked ? { sensitive: true, required: false } : { sensitive: false })} />
              {t('surveyEditor.demographicOnlyEvaluatedIn')}
            </label>
          )}
        </div>
        <div class="field">
          <label for={`${at}-field`}>{t('surveyEditor.fieldOfAction')}</label>
          <select id={`${at}-field`} value={question.fieldOfAction ?? ''} onChange={(e) => {
            const value = e.currentTarget.value;
            onChange((q) => { const { fieldOfAction: _dropped, ...rest } = q; return (value ? { ...rest, fieldOfAction: value } : rest) as SurveyQuestion; });
          }}>
            <option value="">{t('surveyEditor.none')}</option>
            {props.fields.map((f) => (
              <option key={f.key} value={f.key}>
                {f.label}
              </option>
            ))}
          </select>
        </div>

        {'options' in question && (
          <fieldset class="options">
            <legend>{t('surveyEditor.answerOptions')}</legend>
            <ol class="editor-list">
              {question.options.map((option, o) => (
                <li key={option.key}>
                  {textField(`${at}-o${o}`, t('surveyEditor.answer', { value: o + 1 }), option.label, (v) => onChange((q) => 'options' in q ? { ...q, options: q.options.map((x, i) => (i === o ? { ...x, label: withText(x.label, language, v) } : x)) } as SurveyQuestion : q))}
                  <code class="hint">{option.key}{props.fixedOptions.has(option.key) ? ` ${t('surveyEditor.fixed')}` : ''}</code>
                  <button type="button" class="button secondary" disabled={o === 0} onClick={(e) => keepingFocus(e.currentTarget, () => onChange((q) => ('options' in q ? ({ ...q, options: moveItem(q.options, o, o - 1) } as SurveyQuestion) : q)), -1)}>
                    <NamedControl visible={t('surveyEditor.up2')} more={`: ${option.label.de}`} />
                  </button>
                  <button type="button" class="button secondary" disabled={o === question.options.length - 1} onClick={(e) => keepingFocus(e.currentTarget, () => onChange((q) => ('options' in q ? ({ ...q, options: moveItem(q.options, o, o + 1) } as SurveyQuestion) : q)), 1)}>
                    <NamedControl visible={t('surveyEditor.down2')} more={`: ${option.label.de}`} />
                  </button>
                  <button type="button" class="button secondary" onClick={(e) => keepingFocus(e.currentTarget, () => onChange((q) => ('options' in q ? withoutCensusOption({ ...q, options: q.options.filter((_, i) => i !== o) } as SurveyQuestion, option.key) : q)))}>
                    <NamedControl visible={t('surveyEditor.remove')} more={`: ${option.label.de}`} />
                  </button>
                </li>
              ))}
            </ol>
            <div class="field-row">
              <div class="field">
                <label for={`${at}-new-option`}>{t('surveyEditor.newAnswerOption', { language: LANGUAGE_NAMES[language] })}</label>
                <input id={`${at}-new-option`} type="text" value={newOption} onInput={(e) => setNewOption(e.currentTarget.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); addOption(); } }} />
              </div>
              <button type="button" class="button secondary" onClick={addOption}>
                <NamedControl visible={t('surveyEditor.addAnswer')} more={`: ${heading}`} />
              </button>
            </div>
            {(question.type === 'single' || question.type === 'multi') && (
              <label class="check">
                <input type="checkbox" checked={question.allowOther ?? false} onChange={(e) => set({ allowOther: e.currentTarget.checked })} />
                {t('surveyEditor.offerOtherWithIts')}
              </label>
            )}
          </fieldset>
        )}

        {question.type === 'single' && <CensusComparisonEditor at={at} question={question} language={language} onChange={onChange} />}

        {question.type === 'scale' && (
          <div class="field-row">
            <NumberField id={`${at}-min`} label={t('surveyEditor.smallestValue')} value={question.scale.min} onValue={(v) => onChange((q) => (q.type === 'scale' ? { ...q, scale: { ...q.scale, min: v ?? 1 } } : q))} />
            <NumberField id={`${at}-max`} label={t('surveyEditor.largestValue')} value={question.scale.max} onValue={(v) => onChange((q) => (q.type === 'scale' ? { ...q, scale: { ...q.scale, max: v ?? 5 } } : q))} />
            {textField(`${at}-min-label`, t('surveyEditor.labelAtTheBottom'), question.scale.minLabel, (v) => onChange((q) => (q.type === 'scale' ? { ...q, scale: { ...q.scale, minLabel: withText(q.scale.minLabel, language, v) } } : q)))}
            {textField(`${at}-max-label`, t('surveyEditor.labelAtTheTop'), question.scale.maxLabel, (v) => onChange((q) => (q.type === 'scale' ? { ...q, scale: { ...q.scale, maxLabel: withText(q.scale.maxLabel, language, v) } } : q)))}
          </div>
        )}
        {question.type === 'number' && (
          <div class="field-row">
            <NumberField id={`${at}-nmin`} label={t('surveyEditor.minimum')} value={question.min} onValue={(v) => onChange((q) => { if (q.type !== 'number') return q; const { min: _m, ...rest } = q; return v === undefined ? rest : { ...rest, min: v }; })} />
            <NumberField id={`${at}-nmax`} label={t('surveyEditor.maximum')} value={question.max} onValue={(v) => onChange((q) => { if (q.type !== 'number') return q; const { max: _m, ...rest } = q; return v === undefined ? rest : { ...rest, max: v }; })} />
          </div>
        )}

        <fieldset class="condition">
          <legend>{t('surveyEditor.showIf')}</legend>
          {question.showIf && !leaf ? (
            <p class="hint">{t('surveyEditor.aCombinedConditionFrom')}</p>
          ) : null}
          <div class="field-row">
            <div class="field">
              <label for={`${at}-if`}>{t('surveyEditor.earlierQuestion')}</label>
              <select id={`${at}-if`} value={leaf?.question ?? ''} onChange={(e) => setCondition(e.currentTarget.value, '')}>
                <option value="">{t('surveyEditor.alwaysShow')}</option>
                {props.earlier.map((q) => (
                  <option key={q.key} value={q.key}>
                    {q.title.de || q.key}
                  </option>
                ))}
              </select>
            </div>
            {leaf && (target?.type === 'single' || target?.type === 'multi') && (
              <div class="field">
                <label for={`${at}-if-value`}>{target.type === 'single' ? t('surveyEditor.answerIs') : t('surveyEditor.answerContains')}</label>
                <select id={`${at}-if-value`} value={conditionValue} onChange={(e) => setCondition(leaf.question, e.currentTarget.value)}>
                  <option value="">{t('surveyEditor.anyAnswer')}</option>
                  {target.options.map((o) => (
                    <option key={o.key} value={o.key}>
                      {o.label.de}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </div>
        </fieldset>
      </details>
      {props.issues && !props.open ? <IssueList id={`issues-${at}`} list={props.issues} /> : null}
    </>
  );
}

function moveItem<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

function NumberField({ id, label, value, onValue }: { id: string; label: string; value: number | undefined; onValue: (v: number | undefined) => void }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} type="number" inputMode="numeric" step={1} value={value ?? ''} onInput={(e) => {
        const raw = e.currentTarget.value;
        onValue(raw === '' ? undefined : Number.parseInt(raw, 10));
      }} />
    </div>
  );
}
