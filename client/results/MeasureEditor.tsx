import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChangeLog, GuidingGoal, Measure, MeasureStatus } from '../../shared/api/measures.ts';
import type { RouteOutput } from '../../shared/api/routes.ts';
import { htmlLang, LANGUAGE_NAMES, textDirection, type Language, type LocalizedText, type TranslationStatus } from '../../shared/languages.ts';
import { describeChange } from '../../shared/measure-changes.ts';
import { goalFieldsOf, translationStatus, type Milestone, type TranslationStatuses } from '../../shared/measures.ts';
import { ApiError, call } from '../api.ts';
import { staffLanguage } from '../i18n/staff.ts';
import { ConfirmDialog, type ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { ClashList, ConflictNotice } from '../ui/ConflictNotice.tsx';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { germanDate } from '../ui/format.ts';
import { staffText } from '../ui/labels.ts';
import { rebase } from '../ui/rebase.ts';
import { useApi } from '../ui/useApi.ts';
import { publicWords } from '../charts/staff-words.ts';
import { t, tn } from './messages.ts';
import { ResultsNav } from './ResultsNav.tsx';
import './measures-editor.css';

type EditorData = RouteOutput<'GET /api/processes/:slug/measure-editor'>;
type OtherLanguage = Exclude<Language, 'de'>;

/** A save's failure in the staff language: the server's conflict and check messages, named for what the editor does. */
function failure(error: unknown): string {
  if (!(error instanceof ApiError)) return t('measureEditor.saveFailed');
  if (error.status === 409 && (error.code === 'measure_conflict' || error.code === 'guiding_goal_conflict'))
    return t('measureEditor.conflict');
  if (error.status === 409 && error.code === 'status_in_use') return t('measureEditor.statusInUse');
  if (error.status === 403) return t('measureEditor.forbidden');
  if (error.status === 400) return t('measureEditor.checkInput', { message: error.message });
  return error.message;
}

/** Texts per language: German, and for each other language of the process its text and whether a person checked it. */
function TranslationFields({
  idPrefix,
  languages,
  texts,
  statuses,
  onText,
  onStatus,
  multiline,
}: {
  idPrefix: string;
  languages: OtherLanguage[];
  texts: Array<{ name: string; value: LocalizedText; onChange?: never }>;
  statuses: TranslationStatuses;
  onText: (index: number, language: OtherLanguage, value: string) => void;
  onStatus: (language: OtherLanguage, status: TranslationStatus) => void;
  multiline?: boolean[];
}) {
  if (languages.length === 0) return null;
  return (
    <details class="translations">
      <summary>{t('measureEditor.translations')}</summary>
      {languages.map((language) => (
        <fieldset key={language}>
          <legend>
            <span lang={htmlLang(language)}>{LANGUAGE_NAMES[language]}</span>
          </legend>
          {texts.map((text, index) => {
            const id = `${idPrefix}-${index}-${language}`;
            return (
              <div class="field" key={text.name}>
                <label for={id}>{text.name}</label>
                {multiline?.[index] ? (
                  <textarea id={id} lang={htmlLang(language)} dir={textDirection(language)} value={text.value[language] ?? ''} onInput={(event) => onText(index, language, event.currentTarget.value)} />
                ) : (
                  <input id={id} type="text" lang={htmlLang(language)} dir={textDirection(language)} value={text.value[language] ?? ''} onInput={(event) => onText(index, language, event.currentTarget.value)} />
                )}
              </div>
            );
          })}
          <div class="field">
            <label for={`${idPrefix}-status-${language}`}>{t('measureEditor.translationStatus')}</label>
            <select id={`${idPrefix}-status-${language}`} value={translationStatus(statuses, language)} onChange={(event) => onStatus(language, event.currentTarget.value as TranslationStatus)}>
              <option value="machine">{t('measureEditor.machineTranslated')}</option>
              <option value="reviewed">{t('measureEditor.reviewed')}</option>
            </select>
          </div>
        </fieldset>
      ))}
    </details>
  );
}

/** A labelled one-line input of the editor's forms. */
function TextField({ id, label, value, onInput, type = 'text', inputMode, errorId }: { id: string; label: string; value: string; onInput: (value: string) => void; type?: 'text' | 'date'; inputMode?: 'decimal'; errorId?: string | undefined }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} type={type} inputMode={inputMode} value={value} aria-invalid={errorId ? true : undefined} aria-describedby={errorId} onInput={(event) => onInput(event.currentTarget.value)} />
    </div>
  );
}

/** A labelled choice of the editor's forms. */
function SelectField({ id, label, value, onChange, options }: { id: string; label: string; value: string; onChange: (value: string) => void; options: Array<{ value: string; label: string }> }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The end of an editor form: what went wrong, save and cancel. */
function FormEnd({ error, errorId, submit, saving, onCancel }: { error: string | null; errorId: string; submit: string; saving: boolean; onCancel: () => void }) {
  return (
    <>
      {error && (
        <p class="notice error" role="alert" id={errorId}>
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="button" disabled={saving}>
          {submit}
        </button>
        <button type="button" class="button secondary" onClick={onCancel}>
          {t('measureEditor.cancel')}
        </button>
      </div>
    </>
  );
}

const withText = (text: LocalizedText, language: Language, value: string): LocalizedText => ({ ...text, [language]: value });
const euroToCents = (value: string): number | null | 'invalid' => {
  const trimmed = value.trim().replace(/\./g, '').replace(',', '.');
  if (trimmed === '') return null;
  const number = Number(trimmed);
  return Number.isFinite(number) && number >= 0 ? Math.round(number * 100) : 'invalid';
};
const centsToEuro = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2).replace('.', ','));

type ResultLink = Pick<Measure['resultLinks'][number], 'kind' | 'ref' | 'optionKey'> & { label?: string };

/** How the editor names a linked result: as the server named it, or as it was picked. */
function linkLabel(link: ResultLink & Partial<Pick<Measure['resultLinks'][number], 'title' | 'option'>>): string {
  if (link.label) return link.label;
  const title = link.title ? staffText(link.title) : link.ref;
  const result = link.option ? t('measureEditor.resultOption', { title, option: staffText(link.option) }) : title;
  return link.kind === 'question' ? t('measureEditor.fromSurvey', { result }) : t('measureEditor.fromDotVotes', { result });
}

/**
 * The results a measure rests on: survey questions (whole, or one option) and market days'
 * dot-vote options, picked from what the survey and the boards offer.
 */
function ResultLinks({ slug, prefix, links, readable, onChange }: { slug: string; prefix: string; links: ResultLink[]; readable: readonly string[]; onChange: (links: ResultLink[]) => void }) {
  const survey = useApi('GET /api/processes/:slug/survey', { params: { slug }, query: { lang: 'de' } });
  const dots = useApi('GET /api/processes/:slug/dot-votes', { params: { slug } });
  const [choice, setChoice] = useState('');
  const offered: Array<ResultLink & { label: string }> = [
    ...(survey.data?.sections ?? []).flatMap((section) =>
      section.questions
        // The group's own fields' questions and those of no field: the results it reads.
        .filter((question) => question.type !== 'text' && (question.fieldOfAction === undefined || readable.includes(question.fieldOfAction)))
        .flatMap((question) => [
          { kind: 'question' as const, ref: question.key, optionKey: '', label: t('measureEditor.fromSurvey', { result: question.title.de }) },
          ...('options' in question
            ? question.options.map((option) => ({
                kind: 'question' as const,
                ref: question.key,
                optionKey: option.key,
                label: t('measureEditor.fromSurvey', { result: t('measureEditor.resultOption', { title: question.title.de, option: option.label.de }) }),
              }))
            : []),
        ]),
    ),
    ...(dots.data?.boards ?? []).flatMap((board) =>
      board.options.map((option) => ({ kind: 'dot_vote' as const, ref: board.marketDayId, optionKey: option.key, label: t('measureEditor.fromDotVotes', { result: t('measureEditor.dotVoteOption', { date: germanDate(board.date), place: board.place, option: option.label }) }) })),
    ),
  ];
  const same = (a: ResultLink, b: ResultLink) => a.kind === b.kind && a.ref === b.ref && a.optionKey === b.optionKey;
  const available = offered.filter((candidate) => !links.some((link) => same(link, candidate)));
  return (
    <fieldset>
      <legend>{t('measureEditor.restsOnResults')}</legend>
      {links.length > 0 && (
        <ul class="editor-goals">
          {links.map((link, index) => (
            <li key={`${link.kind}-${link.ref}-${link.optionKey}`}>
              <span>{linkLabel(link)}</span>
              <span class="row-actions">
                <button type="button" class="button secondary" aria-label={t('measureEditor.removeLink', { name: linkLabel(link) })} onClick={() => onChange(links.filter((_, at) => at !== index))}>
                  {t('measureEditor.remove')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <div class="milestone-row">
        <SelectField id={`${prefix}-link`} label={t('measureEditor.result')} value={choice} onChange={setChoice} options={[{ value: '', label: t('measureEditor.pleaseChoose') }, ...available.map((option, index) => ({ value: String(index), label: option.label }))]} />
        <button
          type="button"
          class="button secondary"
          disabled={choice === ''}
          onClick={() => {
            const picked = available[Number(choice)];
            if (picked) onChange([...links, picked]);
            setChoice('');
          }}
        >
          {t('measureEditor.linkResult')}
        </button>
      </div>
    </fieldset>
  );
}

interface MeasureDraft {
  fieldKey: string;
  guidingGoalId: string;
  title: LocalizedText;
  description: LocalizedText;
  translations: TranslationStatuses;
  stadtteilKeys: string[];
  responsible: string;
  partners: string;
  statusKey: string;
  progress: number;
  milestones: Milestone[];
  councilDocument: string;
  councilDecidedOn: string;
  budget: string;
  budgetNote: string;
  resultLinks: ResultLink[];
}

function draftOf(measure: Measure | null, fieldKey: string, statuses: MeasureStatus[]): MeasureDraft {
  return {
    fieldKey: measure?.fieldKey ?? fieldKey,
    guidingGoalId: measure?.guidingGoalId ?? '',
    title: measure?.title ?? { de: '' },
    description: measure?.description ?? { de: '' },
    translations: measure?.translations ?? {},
    stadtteilKeys: measure?.stadtteilKeys ?? [],
    responsible: measure?.responsible ?? '',
    partners: measure?.partners.join('\n') ?? '',
    statusKey: measure?.status.key ?? statuses[0]?.key ?? '',
    progress: measure?.progress ?? 0,
    milestones: measure?.milestones ?? [],
    councilDocument: measure?.councilDocument ?? '',
    councilDecidedOn: measure?.councilDecidedOn ?? '',
    budget: centsToEuro(measure?.budgetCents ?? null),
    budgetNote: measure?.budgetNote ?? '',
    resultLinks: measure?.resultLinks ?? [],
  };
}

/** What the editor calls each of a measure's fields, to name those someone else saved as well. */
const draftLabels: Record<keyof MeasureDraft, () => string> = {
  fieldKey: () => t('measureEditor.fieldOfAction'),
  guidingGoalId: () => t('measureEditor.guidingGoal'),
  title: () => t('measureEditor.title'),
  description: () => t('measureEditor.description'),
  translations: () => t('measureEditor.translations'),
  stadtteilKeys: () => t('measureEditor.stadtteile'),
  responsible: () => t('measureEditor.responsible'),
  partners: () => t('measureEditor.partners'),
  statusKey: () => t('measureEditor.status'),
  progress: () => t('measureEditor.progressPercent'),
  milestones: () => t('measureEditor.milestones'),
  councilDocument: () => t('measureEditor.councilDocument'),
  councilDecidedOn: () => t('measureEditor.councilDecidedOn'),
  budget: () => t('measureEditor.budgetEuro'),
  budgetNote: () => t('measureEditor.budgetNote'),
  resultLinks: () => t('measureEditor.restsOnResults'),
};

/** A stored field's value as the editor shows it, to read beside the person's own input; `null` where it has no short text. */
function storedValue(key: keyof MeasureDraft, stored: MeasureDraft, data: EditorData): string | null {
  const text = (() => {
    switch (key) {
      case 'title':
      case 'description':
        return stored[key].de;
      case 'fieldKey': {
        const field = data.fields.find((candidate) => candidate.key === stored.fieldKey);
        return field ? staffText(field.label) : stored.fieldKey;
      }
      case 'guidingGoalId':
        return data.guidingGoals.find((goal) => goal.id === stored.guidingGoalId)?.text.de ?? t('measureEditor.noGuidingGoal');
      case 'statusKey': {
        const status = data.statuses.find((candidate) => candidate.key === stored.statusKey);
        return status ? staffText(status.label) : stored.statusKey;
      }
      case 'progress':
        return t('measureEditor.progress', { progress: stored.progress });
      case 'stadtteilKeys':
        return stored.stadtteilKeys.map((key) => data.stadtteile.find((stadtteil) => stadtteil.key === key)?.name ?? key).join(', ');
      case 'milestones':
        return stored.milestones.map((milestone) => `${germanDate(milestone.date)}: ${milestone.label.de}`).join('; ');
      case 'resultLinks':
        return stored.resultLinks.map(linkLabel).join('; ');
      case 'translations':
        return null;
      default:
        return stored[key];
    }
  })();
  return text === null ? null : text.trim() || t('measureEditor.storedEmpty');
}

/** Where a refused save stands: refused (the input kept), the stored state loaded under it, or the thing gone. */
type Conflict = { kind: 'refused' } | { kind: 'loaded'; clashes: string[] } | { kind: 'gone' };

/**
 * A form's edit of a stored measure or Leitziel over a refused save (409: someone saved in
 * between): `base` is what the edit rests on (the version the save names), `refused` tells a
 * caught error that is this conflict, and `notice` says so and offers „Aktuellen Stand laden“,
 * which puts the stored state under the person's input (`rebase`) and names the fields both changed.
 */
function useRefusedEdit<Stored extends { id: string; version: number }, Draft extends object>(spec: {
  slug: string;
  loaded: EditorData;
  stored: Stored | null;
  code: 'measure_conflict' | 'guiding_goal_conflict';
  find: (current: EditorData, id: string) => Stored | undefined;
  toDraft: (stored: Stored, current: EditorData) => Draft;
  clash: (key: keyof Draft, stored: Draft, current: EditorData) => string;
  refusedMessage: string;
  goneMessage: string;
}) {
  const [base, setBase] = useState(spec.stored);
  // The editor's lists as of the last loaded state (a Leitziel or status may be new since the page loaded).
  const [fresh, setFresh] = useState<EditorData | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const data = fresh ?? spec.loaded;
  const refused = (caught: unknown) => {
    const is = caught instanceof ApiError && caught.status === 409 && caught.code === spec.code;
    if (is) setConflict({ kind: 'refused' });
    return is;
  };
  const loadCurrent = async (draft: Draft, setDraft: (draft: Draft) => void, setError: (error: string | null) => void) => {
    if (!base) return;
    setError(null);
    try {
      const current = await call('GET /api/processes/:slug/measure-editor', { params: { slug: spec.slug } });
      const stored = spec.find(current, base.id);
      if (!stored) return setConflict({ kind: 'gone' });
      const storedDraft = spec.toDraft(stored, current);
      const { draft: next, clashes } = rebase(spec.toDraft(base, data), draft, storedDraft);
      setFresh(current);
      setBase(stored);
      setDraft(next);
      setConflict({ kind: 'loaded', clashes: clashes.map((key) => spec.clash(key, storedDraft, current)) });
    } catch (caught) {
      setError(failure(caught));
    }
  };
  const notice = (draft: Draft, setDraft: (draft: Draft) => void, setError: (error: string | null) => void) => {
    if (conflict?.kind === 'refused') return <ConflictNotice message={spec.refusedMessage} action={t('measureEditor.loadCurrent')} onAction={() => void loadCurrent(draft, setDraft, setError)} />;
    if (conflict?.kind === 'gone') return <ConflictNotice message={spec.goneMessage} />;
    if (conflict?.kind !== 'loaded') return null;
    return (
      <ConflictNotice message={t('measureEditor.currentLoaded')}>
        <ClashList intro={t('measureEditor.bothChanged')} clashes={conflict.clashes} />
      </ConflictNotice>
    );
  };
  return { base, data, refused, notice };
}

/** A field both changed, as the notice lists it: its name and, where it has a short text, the stored value. */
function storedClash(field: string, value: string | null): string {
  return value === null ? t('measureEditor.storedOther', { field }) : t('measureEditor.storedIs', { field, value });
}

function MeasureForm({ slug, data: loaded, measure, fieldKey, anchor, onDone }: { slug: string; data: EditorData; measure: Measure | null; fieldKey: string; anchor: string; onDone: (message: string) => void }) {
  const edit = useRefusedEdit({
    slug,
    loaded,
    stored: measure,
    code: 'measure_conflict',
    find: (current, id) => current.measures.find((candidate) => candidate.id === id),
    toDraft: (stored, current) => draftOf(stored, fieldKey, current.statuses),
    clash: (key, stored, current) => storedClash(draftLabels[key](), storedValue(key, stored, current)),
    refusedMessage: t('measureEditor.measureConflict'),
    goneMessage: t('measureEditor.measureGone'),
  });
  // The stored measure the edit rests on: the one the form opened with, after a refused save the one stored since.
  const { base, data } = edit;
  const [draft, setDraft] = useState(() => draftOf(measure, fieldKey, data.statuses));
  const [error, setError] = useState<string | null>(null);
  /** The field the message is about: marked invalid, described by the message, and where the focus goes. */
  const [invalid, setInvalid] = useState<'title' | 'budget' | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof MeasureDraft>(key: K, value: MeasureDraft[K]) => setDraft((previous) => ({ ...previous, [key]: value }));
  const others = data.process.languages.filter((language): language is OtherLanguage => language !== 'de');
  const prefix = `measure-${measure?.id ?? `new-${fieldKey}`}`;
  // Leitziele of the measure's field first, then those of the field above it and of its sub-fields, named with their field.
  const goalFields = goalFieldsOf(data.fields, draft.fieldKey);
  const fieldLabel = new Map(data.fields.map((field) => [field.key, staffText(field.label)]));
  const goals = data.guidingGoals
    .filter((goal) => goalFields.includes(goal.fieldKey))
    .sort((a, b) => goalFields.indexOf(a.fieldKey) - goalFields.indexOf(b.fieldKey))
    .map((goal) => ({ value: goal.id, label: goal.fieldKey === draft.fieldKey ? goal.text.de : t('measureEditor.goalOfField', { goal: goal.text.de, field: fieldLabel.get(goal.fieldKey) ?? goal.fieldKey }) }));

  const save = async (event: Event) => {
    event.preventDefault();
    const budgetCents = euroToCents(draft.budget);
    const wrong = !draft.title.de.trim() ? 'title' : budgetCents === 'invalid' ? 'budget' : null;
    setInvalid(wrong);
    if (wrong !== null || budgetCents === 'invalid') {
      setError(t(wrong === 'title' ? 'measureEditor.germanTitleNeeded' : 'measureEditor.budgetInvalid'));
      document.getElementById(`${prefix}-${wrong ?? 'budget'}`)?.focus();
      return;
    }
    const fields = {
      fieldKey: draft.fieldKey,
      guidingGoalId: draft.guidingGoalId || null,
      title: draft.title,
      description: draft.description,
      translations: draft.translations,
      stadtteilKeys: draft.stadtteilKeys,
      responsible: draft.responsible.trim() || null,
      partners: draft.partners
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
      statusKey: draft.statusKey,
      progress: draft.progress,
      milestones: draft.milestones.filter((milestone) => milestone.date && milestone.label.de.trim()),
      councilDocument: draft.councilDocument.trim() || null,
      councilDecidedOn: draft.councilDecidedOn || null,
      budgetCents,
      budgetNote: draft.budgetNote.trim() || null,
      resultLinks: draft.resultLinks.map(({ kind, ref, optionKey }) => ({ kind, ref, optionKey })),
    };
    setSaving(true);
    setError(null);
    try {
      if (base) await call('PATCH /api/processes/:slug/measures/:id', { params: { slug, id: base.id }, body: { ...fields, version: base.version } });
      else await call('POST /api/processes/:slug/measures', { params: { slug }, body: { ...fields, id: crypto.randomUUID() } });
      onDone(t(base ? 'measureEditor.measureSaved' : 'measureEditor.measureCreated', { title: draft.title.de }));
    } catch (caught) {
      if (!edit.refused(caught)) setError(failure(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="measure-form card" data-focus={anchor} onSubmit={save} noValidate aria-label={measure ? t('measureEditor.editNamed', { name: measure.title.de }) : t('measureEditor.newMeasure')}>
      <div class="field">
        <label for={`${prefix}-title`}>{t('measureEditor.titleGerman')}</label>
        <input
          id={`${prefix}-title`}
          type="text"
          required
          value={draft.title.de}
          aria-invalid={invalid === 'title' && error ? true : undefined}
          aria-describedby={invalid === 'title' && error ? `${prefix}-error` : undefined}
          onInput={(event) => set('title', withText(draft.title, 'de', event.currentTarget.value))} />
      </div>
      <div class="field">
        <label for={`${prefix}-description`}>{t('measureEditor.descriptionGerman')}</label>
        <textarea id={`${prefix}-description`} value={draft.description.de} onInput={(event) => set('description', withText(draft.description, 'de', event.currentTarget.value))} />
      </div>
      <TranslationFields
        idPrefix={prefix}
        languages={others}
        texts={[
          { name: t('measureEditor.title'), value: draft.title },
          { name: t('measureEditor.description'), value: draft.description },
        ]}
        multiline={[false, true]}
        statuses={draft.translations}
        onText={(index, language, value) => set(index === 0 ? 'title' : 'description', withText(index === 0 ? draft.title : draft.description, language, value))}
        onStatus={(language, status) => set('translations', { ...draft.translations, [language]: status })}
      />
      <div class="form-grid">
        <SelectField
          id={`${prefix}-field`}
          label={t('measureEditor.fieldOfAction')}
          value={draft.fieldKey}
          onChange={(value) => {
            // A Leitziel that still fits the new field stays chosen.
            const kept = data.guidingGoals.some((goal) => goal.id === draft.guidingGoalId && goalFieldsOf(data.fields, value).includes(goal.fieldKey));
            setDraft({ ...draft, fieldKey: value, guidingGoalId: kept ? draft.guidingGoalId : '' });
          }}
          options={data.fields.filter((field) => data.editableFields.includes(field.key)).map((field) => ({ value: field.key, label: staffText(field.label) }))}
        />
        <SelectField
          id={`${prefix}-goal`}
          label={t('measureEditor.guidingGoal')}
          value={draft.guidingGoalId}
          onChange={(value) => set('guidingGoalId', value)}
          options={[{ value: '', label: t('measureEditor.noGuidingGoal') }, ...goals]}
        />
        <SelectField id={`${prefix}-status`} label={t('measureEditor.status')} value={draft.statusKey} onChange={(value) => set('statusKey', value)} options={data.statuses.map((status) => ({ value: status.key, label: staffText(status.label) }))} />
        <div class="field">
          <label for={`${prefix}-progress`}>{t('measureEditor.progressPercent')}</label>
          <input id={`${prefix}-progress`} type="number" min={0} max={100} step={1} required value={draft.progress} onInput={(event) => set('progress', Math.max(0, Math.min(100, Math.round(Number(event.currentTarget.value) || 0))))} />
        </div>
        <TextField id={`${prefix}-responsible`} label={t('measureEditor.responsible')} value={draft.responsible} onInput={(value) => set('responsible', value)} />
        <div class="field">
          <label for={`${prefix}-partners`}>{t('measureEditor.partners')}</label>
          <textarea id={`${prefix}-partners`} class="short" value={draft.partners} onInput={(event) => set('partners', event.currentTarget.value)} />
        </div>
        <TextField id={`${prefix}-council`} label={t('measureEditor.councilDocument')} value={draft.councilDocument} onInput={(value) => set('councilDocument', value)} />
        <TextField id={`${prefix}-council-date`} label={t('measureEditor.councilDecidedOn')} type="date" value={draft.councilDecidedOn} onInput={(value) => set('councilDecidedOn', value)} />
        <TextField id={`${prefix}-budget`} label={t('measureEditor.budgetEuro')} inputMode="decimal" value={draft.budget} errorId={invalid === 'budget' && error ? `${prefix}-error` : undefined} onInput={(value) => set('budget', value)} />
        <TextField id={`${prefix}-budget-note`} label={t('measureEditor.budgetNote')} value={draft.budgetNote} onInput={(value) => set('budgetNote', value)} />
      </div>
      <fieldset class="stadtteil-choice">
        <legend>{t('measureEditor.stadtteile')}</legend>
        <div class="checkbox-grid">
          {data.stadtteile.map((stadtteil) => (
            <label key={stadtteil.key} class="checkbox">
              <input
                type="checkbox"
                checked={draft.stadtteilKeys.includes(stadtteil.key)}
                onChange={(event) =>
                  set('stadtteilKeys', event.currentTarget.checked ? [...draft.stadtteilKeys, stadtteil.key] : draft.stadtteilKeys.filter((key) => key !== stadtteil.key))
                }
              />
              {stadtteil.name}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('measureEditor.milestones')}</legend>
        {draft.milestones.map((milestone, index) => {
          const update = (change: Partial<Milestone>) => set('milestones', draft.milestones.map((item, at) => (at === index ? { ...item, ...change } : item)));
          return (
            <div class="milestone-row" key={index}>
              <TextField id={`${prefix}-ms-${index}-date`} label={t('measureEditor.date')} type="date" value={milestone.date} onInput={(value) => update({ date: value })} />
              <TextField id={`${prefix}-ms-${index}-label`} label={t('measureEditor.step')} value={milestone.label.de} onInput={(value) => update({ label: withText(milestone.label, 'de', value) })} />
              <label class="checkbox">
                <input type="checkbox" checked={milestone.done} onChange={(event) => update({ done: event.currentTarget.checked })} />
                {t('measureEditor.reached')}
              </label>
              <button type="button" class="button secondary" onClick={() => set('milestones', draft.milestones.filter((_, at) => at !== index))}>
                {t('measureEditor.removeMilestone')}
              </button>
            </div>
          );
        })}
        <button type="button" class="button secondary" onClick={() => set('milestones', [...draft.milestones, { date: '', label: { de: '' }, done: false }])}>
          {t('measureEditor.addMilestone')}
        </button>
      </fieldset>
      <ResultLinks slug={slug} prefix={prefix} links={draft.resultLinks} readable={data.editableFields} onChange={(links) => set('resultLinks', links)} />
      {edit.notice(draft, setDraft, setError)}
      <FormEnd error={error} errorId={`${prefix}-error`} submit={measure ? t('measureEditor.saveChanges') : t('measureEditor.createMeasure')} saving={saving} onCancel={() => onDone('')} />
    </form>
  );
}

interface GoalDraft {
  text: LocalizedText;
  translations: TranslationStatuses;
}

function GoalForm({ slug, data: loaded, goal, fieldKey, anchor, onDone }: { slug: string; data: EditorData; goal: GuidingGoal | null; fieldKey: string; anchor: string; onDone: (message: string) => void }) {
  const edit = useRefusedEdit<GuidingGoal, GoalDraft>({
    slug,
    loaded,
    stored: goal,
    code: 'guiding_goal_conflict',
    find: (current, id) => current.guidingGoals.find((candidate) => candidate.id === id),
    toDraft: (stored) => ({ text: stored.text, translations: stored.translations }),
    clash: (key, stored) => (key === 'text' ? storedClash(t('measureEditor.guidingGoal'), stored.text.de.trim() || t('measureEditor.storedEmpty')) : storedClash(t('measureEditor.translations'), null)),
    refusedMessage: t('measureEditor.goalConflict'),
    goneMessage: t('measureEditor.goalGone'),
  });
  const { base, data } = edit;
  const [draft, setDraft] = useState<GoalDraft>({ text: goal?.text ?? { de: '' }, translations: goal?.translations ?? {} });
  const { text, translations } = draft;
  const setText = (value: LocalizedText) => setDraft({ ...draft, text: value });
  const setTranslations = (value: TranslationStatuses) => setDraft({ ...draft, translations: value });
  const [error, setError] = useState<string | null>(null);
  const prefix = `goal-${goal?.id ?? `new-${fieldKey}`}`;
  const empty = error !== null && !text.de.trim();
  const save = async (event: Event) => {
    event.preventDefault();
    if (!text.de.trim()) {
      setError(t('measureEditor.goalTextNeeded'));
      document.getElementById(`${prefix}-text`)?.focus();
      return;
    }
    setError(null);
    try {
      if (base) await call('PATCH /api/processes/:slug/guiding-goals/:id', { params: { slug, id: base.id }, body: { version: base.version, text, translations } });
      else await call('POST /api/processes/:slug/guiding-goals', { params: { slug }, body: { id: crypto.randomUUID(), fieldKey, text, translations } });
      onDone(t('measureEditor.goalSaved'));
    } catch (caught) {
      if (!edit.refused(caught)) setError(failure(caught));
    }
  };
  return (
    <form class="goal-form card" data-focus={anchor} onSubmit={save} noValidate aria-label={goal ? t('measureEditor.editGoal') : t('measureEditor.newGoal')}>
      <div class="field">
        <label for={`${prefix}-text`}>{t('measureEditor.goalGerman')}</label>
        <textarea
          id={`${prefix}-text`}
          class="short"
          required
          value={text.de}
          aria-invalid={empty || undefined}
          aria-describedby={empty ? `${prefix}-error` : undefined}
          onInput={(event) => setText(withText(text, 'de', event.currentTarget.value))} />
      </div>
      <TranslationFields
        idPrefix={prefix}
        languages={data.process.languages.filter((language): language is OtherLanguage => language !== 'de')}
        texts={[{ name: t('measureEditor.guidingGoal'), value: text }]}
        statuses={translations}
        onText={(_, language, value) => setText(withText(text, language, value))}
        onStatus={(language, status) => setTranslations({ ...translations, [language]: status })}
      />
      {edit.notice(draft, setDraft, setError)}
      <FormEnd error={error} errorId={`${prefix}-error`} submit={t('measureEditor.saveGoal')} saving={false} onCancel={() => onDone('')} />
    </form>
  );
}

/**
 * Admins set the process's statuses: key, German label, the label in each other language of the
 * process with its translation status, and whether it ends a measure. A label left empty in a
 * language reads in German there.
 */
function StatusList({ slug, statuses, languages, onDone }: { slug: string; statuses: MeasureStatus[]; languages: OtherLanguage[]; onDone: (message: string) => void }) {
  const [rows, setRows] = useState(statuses);
  const [error, setError] = useState<string | null>(null);
  const update = (index: number, change: Partial<MeasureStatus>) => setRows(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      await call('PUT /api/admin/processes/:slug/measure-statuses', { params: { slug }, body: { statuses: rows } });
      onDone(t('measureEditor.statusesSaved'));
    } catch (caught) {
      setError(failure(caught));
    }
  };
  return (
    <details class="status-list">
      <summary>{t('measureEditor.setStatuses')}</summary>
      <form onSubmit={save}>
        {rows.map((row, index) => (
          <fieldset class="status-row" key={index}>
            <legend>{t('measureEditor.statusNumber', { number: index + 1 })}</legend>
            <div class="milestone-row">
              <TextField id={`status-${index}-key`} label={t('measureEditor.key')} value={row.key} onInput={(value) => update(index, { key: value })} />
              <TextField id={`status-${index}-label`} label={t('measureEditor.labelGerman')} value={row.label.de} onInput={(value) => update(index, { label: withText(row.label, 'de', value) })} />
              <label class="checkbox">
                <input type="checkbox" checked={row.concluded} onChange={(event) => update(index, { concluded: event.currentTarget.checked })} />
                {t('measureEditor.concludes')}
              </label>
              <button type="button" class="button secondary" onClick={() => setRows(rows.filter((_, at) => at !== index))}>
                {t('measureEditor.removeStatus')}
              </button>
            </div>
            <TranslationFields
              idPrefix={`status-${index}`}
              languages={languages}
              texts={[{ name: t('measureEditor.label'), value: row.label }]}
              statuses={row.translations}
              onText={(_, language, value) => update(index, { label: withText(row.label, language, value) })}
              onStatus={(language, status) => update(index, { translations: { ...row.translations, [language]: status } })}
            />
          </fieldset>
        ))}
        <div class="actions">
          <button type="button" class="button secondary" onClick={() => setRows([...rows, { key: '', label: { de: '' }, translations: {}, concluded: false }])}>
            {t('measureEditor.addStatus')}
          </button>
          <button type="submit" class="button">
            {t('measureEditor.saveStatuses')}
          </button>
        </div>
        {error && (
          <p class="notice error" role="alert">
            {error}
          </p>
        )}
      </form>
    </details>
  );
}

/**
 * Changes with who made them, newest first, page by page: the process's at the editor's foot (the
 * editor remounts it after each save), or one measure's (`entity`) on its card.
 */
function StaffChangeLog({ slug, entity }: { slug: string; entity?: string }) {
  const [log, setLog] = useState<ChangeLog | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = async (before?: number) => {
    try {
      const page = await call('GET /api/processes/:slug/measure-changes', { params: { slug }, query: { entity, before, limit: 30 } });
      setLog((previous) => (before && previous ? { changes: [...previous.changes, ...page.changes], next: page.next } : page));
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  };
  useEffect(() => void load(), [slug, entity]);
  if (error !== null) return <ErrorNotice error={error} />;
  if (!log) return <Loading />;
  if (log.changes.length === 0) return <p>{t('measureEditor.noChanges')}</p>;
  return (
    <>
      <ol class="change-list">
        {log.changes.map((change) => {
          const { headline, lines } = describeChange(change, staffLanguage.value, publicWords);
          return (
            <li key={change.id}>
              <p class="change-head">
                {germanDate(change.at)} · {headline} · {change.by ?? t('measureEditor.unknownPerson')}
              </p>
              <ul class="change-lines">
                {lines.map((line, index) => (
                  <li key={index}>{line}</li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
      {log.next !== null && (
        <button type="button" class="button secondary" onClick={() => void load(log.next ?? undefined)}>
          {t('measureEditor.olderChanges')}
        </button>
      )}
    </>
  );
}

/** A measure's own history on its card, with names; loaded when opened. */
function MeasureHistory({ slug, measureId }: { slug: string; measureId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="measure-history" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t('measureEditor.measureHistory')}</summary>
      {open && <StaffChangeLog slug={slug} entity={measureId} />}
    </details>
  );
}

/** The `data-focus` of the form editing `key` (a Leitziel's or measure's id, `new-<field>`, `goal-new-<field>`) and of the button opening it. */
const formAnchor = (key: string) => `form:${key}`;
const openerAnchor = (key: string) => `opens:${key}`;

/**
 * The working groups' and admins' editor of Leitziele and measures (`/auswertung/p/:slug/massnahmen`):
 * a working group edits its fields (the server says which), admins all and the status list. Every
 * save is one history entry; the change log below says who changed what.
 */
export function MeasureEditor({ slug }: { slug: string }) {
  const editor = useApi('GET /api/processes/:slug/measure-editor', { params: { slug } });
  const [editing, showForm] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [tick, setTick] = useState(0);
  // Whether the open form holds input not yet saved: opening another form or cancelling then asks first.
  const dirty = useRef(false);
  // Where the keyboard goes once the page shows a change (`data-focus`): an opened form's first
  // field, and when it closes (saved or cancelled) the button that opened it — the button and the
  // form take each other's place, so without this the focus fell to the page's start.
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    const anchor = focusNext.current;
    if (anchor === null) return;
    const target = document.querySelector<HTMLElement>(`[data-focus="${CSS.escape(anchor)}"]`);
    if (!target) return;
    focusNext.current = null;
    (target.matches('form') ? target.querySelector<HTMLElement>('input, textarea, select') : target)?.focus();
  });
  const setEditing = (next: string | null) => {
    if (next !== null) focusNext.current = formAnchor(next);
    else if (editing !== null && focusNext.current === null) focusNext.current = openerAnchor(editing);
    showForm(next);
  };
  const open = (next: string | null) => {
    const go = () => {
      dirty.current = false;
      setEditing(next);
    };
    if (editing === null || !dirty.current) return go();
    setConfirm({ title: t('measureEditor.discardQuestion'), body: t('measureEditor.discardBody'), confirmLabel: t('measureEditor.discard'), onConfirm: go });
  };
  const markDirty = () => {
    dirty.current = true;
  };
  const done = (text: string) => {
    if (!text) return open(null);
    dirty.current = false;
    setEditing(null);
    setMessage(text);
    if (text) {
      editor.reload();
      setTick(tick + 1);
    }
  };
  const data = editor.data;
  if (!data) return <Layout title={t('measureEditor.pageTitle')}>{editor.error ? <ErrorNotice error={editor.error} /> : <Loading />}</Layout>;
  const remove = (what: 'goal' | 'measure', fieldKey: string, run: () => Promise<unknown>) =>
    setConfirm({
      title: t(what === 'goal' ? 'measureEditor.removeGoalQuestion' : 'measureEditor.removeMeasureQuestion'),
      body: t('measureEditor.removeBody'),
      confirmLabel: t('measureEditor.remove'),
      onConfirm: async () => {
        try {
          await run();
          // The removed item's buttons go with it: the keyboard goes on from its list's „… hinzufügen“.
          focusNext.current = openerAnchor(what === 'goal' ? `goal-new-${fieldKey}` : `new-${fieldKey}`);
          done(t(what === 'goal' ? 'measureEditor.goalRemoved' : 'measureEditor.measureRemoved'));
        } catch (caught) {
          setMessage(failure(caught));
        }
      },
    });
  const fields = data.fields.filter((field) => data.editableFields.includes(field.key));
  return (
    <Layout title={t('measureEditor.pageTitle')} process={data.process.title}>
      <h1>{t('measureEditor.heading', { title: staffText(data.process.title) })}</h1>
      <ResultsNav slug={slug} current="massnahmen" />
      <p>
        {data.canEditStatuses ? t('measureEditor.introAll') : t('measureEditor.introOwn')} {t('measureEditor.introHistoryBefore')}{' '}
        <a href={`/p/${slug}/massnahmen`}>{t('measureEditor.introHistoryLink')}</a> {t('measureEditor.introHistoryAfter')}
      </p>
      <p role="status" aria-live="polite" class={message ? 'notice ok' : 'visually-hidden'}>
        {message}
      </p>
      {data.canEditStatuses && <StatusList slug={slug} statuses={data.statuses} languages={data.process.languages.filter((language): language is OtherLanguage => language !== 'de')} onDone={done} />}
      {fields.length === 0 && <p class="notice">{t('measureEditor.noFields')}</p>}
      {fields.map((field) => {
        const goals = data.guidingGoals.filter((goal) => goal.fieldKey === field.key);
        const measures = data.measures.filter((measure) => measure.fieldKey === field.key);
        return (
          <section key={field.key} class="editor-field" aria-labelledby={`ef-${field.key}`} onInput={markDirty} onChange={markDirty}>
            <h2 id={`ef-${field.key}`}>{staffText(field.label)}</h2>
            <h3>{t('measureEditor.guidingGoals')}</h3>
            <ul class="editor-goals">
              {goals.map((goal) => (
                <li key={goal.id}>
                  {editing === goal.id ? (
                    <GoalForm slug={slug} data={data} goal={goal} fieldKey={field.key} anchor={formAnchor(goal.id)} onDone={done} />
                  ) : (
                    <>
                      <span>{goal.text.de}</span>
                      <span class="row-actions">
                        <button type="button" class="button secondary" aria-label={t('measureEditor.editGoalNamed', { name: goal.text.de })} data-focus={openerAnchor(goal.id)} onClick={() => open(goal.id)}>
                          {t('measureEditor.edit')}
                        </button>
                        <button
                          type="button"
                          class="button secondary"
                          aria-label={t('measureEditor.removeGoalNamed', { name: goal.text.de })}
                          onClick={() => remove('goal', field.key, () => call('DELETE /api/processes/:slug/guiding-goals/:id', { params: { slug, id: goal.id } }))}
                        >
                          {t('measureEditor.remove')}
                        </button>
                      </span>
                    </>
                  )}
                </li>
              ))}
            </ul>
            {editing === `goal-new-${field.key}` ? (
              <GoalForm slug={slug} data={data} goal={null} fieldKey={field.key} anchor={formAnchor(`goal-new-${field.key}`)} onDone={done} />
            ) : (
              <button type="button" class="button secondary" data-focus={openerAnchor(`goal-new-${field.key}`)} onClick={() => open(`goal-new-${field.key}`)}>
                {t('measureEditor.addGoal', { field: staffText(field.label) })}
              </button>
            )}
            <h3>{t('measureEditor.measures')}</h3>
            {measures.length === 0 && <p>{t('measureEditor.noMeasures')}</p>}
            {measures.map((measure) =>
              editing === measure.id ? (
                <MeasureForm key={measure.id} slug={slug} data={data} measure={measure} fieldKey={field.key} anchor={formAnchor(measure.id)} onDone={done} />
              ) : (
                <article key={measure.id} class="card editor-measure" aria-labelledby={`em-${measure.id}`}>
                  <h4 id={`em-${measure.id}`}>{measure.title.de}</h4>
                  <p>
                    {staffText(measure.status.label)} · {t('measureEditor.progress', { progress: measure.progress })} · {tn('measureEditor.contributionsTakenUp', measure.contributions.length)}
                  </p>
                  <div class="row-actions">
                    <button type="button" class="button secondary" aria-label={t('measureEditor.editNamed', { name: measure.title.de })} data-focus={openerAnchor(measure.id)} onClick={() => open(measure.id)}>
                      {t('measureEditor.edit')}
                    </button>
                    <button
                      type="button"
                      class="button secondary"
                      aria-label={t('measureEditor.removeNamed', { name: measure.title.de })}
                      onClick={() => remove('measure', field.key, () => call('DELETE /api/processes/:slug/measures/:id', { params: { slug, id: measure.id } }))}
                    >
                      {t('measureEditor.remove')}
                    </button>
                  </div>
                  <MeasureHistory slug={slug} measureId={measure.id} />
                </article>
              ),
            )}
            {editing === `new-${field.key}` ? (
              <MeasureForm slug={slug} data={data} measure={null} fieldKey={field.key} anchor={formAnchor(`new-${field.key}`)} onDone={done} />
            ) : (
              <button type="button" class="button" data-focus={openerAnchor(`new-${field.key}`)} onClick={() => open(`new-${field.key}`)}>
                {t('measureEditor.newMeasureIn', { field: staffText(field.label) })}
              </button>
            )}
          </section>
        );
      })}
      <section aria-labelledby="staff-changes">
        <h2 id="staff-changes">{t('measureEditor.staffChanges')}</h2>
        <StaffChangeLog key={tick} slug={slug} />
      </section>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Layout>
  );
}
