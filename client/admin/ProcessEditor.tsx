import slugify from '@sindresorhus/slugify';
import { useLocation } from 'preact-iso';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { createProcessRequestSchema, processStructureSchema, type AdminProcess, type DistrictInput, type ProcessStatus, type ProcessStructure } from '../../shared/api/process-admin.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD, MAX_SUPPRESSION_THRESHOLD } from '../../shared/domain.ts';
import { htmlLang, LANGUAGE_NAMES, LANGUAGES, textDirection, type Language, type LocalizedText } from '../../shared/languages.ts';
import { ApiError, call } from '../api.ts';
import { ConfirmDialog, type ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { pastRetentionQuestion } from './Retention.tsx';
import { focusAdded, keepingFocus } from './keep-focus.ts';
import { useLeaveGuard } from '../ui/useLeaveGuard.ts';
import { leaveRequest } from './leave.ts';
import { DeleteProcessSection } from './DeleteProcess.tsx';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { adminPath } from '../ui/ProcessPicker.tsx';
import { useApi } from '../ui/useApi.ts';
import './process-editor.css';
import { t, tn } from './messages.ts';
import { NamedControl } from '../ui/NamedControl.tsx';
import { germanProcessIssues, placeWhere } from './process-issues.ts';
import { FieldProblem, goToInput, invalidAt, problemsByInput, ProblemsAt, useInvalid } from './FieldProblems.tsx';
import { useRefusedProcessSave } from './ProcessChanged.tsx';

export const STATUS_NAMES = (): Record<ProcessStatus, string> => ({ draft: t('processEditor.draft'), public: t('processEditor.public'), archived: t('processEditor.archived') });

const EMPTY = (city: LocalizedText): ProcessStructure => ({
  title: { de: '' },
  description: { de: '' },
  city,
  languages: ['de'],
  // A new process's German texts: content the admin edits, not the UI's words.
  phases: [{ title: { de: 'Befragung' } }, { title: { de: 'Auswertung' } }],
  currentPhase: 1,
  fieldsOfAction: [{ key: '', label: { de: '' } }],
  districts: [],
  opensOn: null,
  closesOn: null,
  suppressionThreshold: DEFAULT_SUPPRESSION_THRESHOLD,
  retentionUntil: null,
});

/**
 * Setting up a new process: the same editor, starting empty, with the address chosen once. The
 * city (with its names in the other languages) is the one every existing process shares by its
 * German name, else left for the admin to type. Its other names come along only while the German
 * one is that city's (`cityNamed`).
 */
export function NewProcessPage() {
  const existing = useApi('GET /api/admin/processes');
  if (existing.loading) return <Layout title={t('processEditor.setUpProcess')}><Loading /></Layout>;
  const first = existing.data?.[0]?.structure.city;
  const shared = first && existing.data?.every((process) => process.structure.city.de === first.de);
  return <ProcessEditor initial={null} city={shared ? first : { de: '' }} />;
}

/** Changing an existing process's structure, publishing, archiving or deleting it. */
export function ProcessStructurePage({ slug }: { slug: string }) {
  const loaded = useApi('GET /api/admin/processes/:slug', { params: { slug } });
  if (!loaded.data) return <Layout title={t('processEditor.setUpProcess')}>{loaded.error ? <ErrorNotice error={loaded.error} /> : <Loading />}</Layout>;
  return <ProcessEditor initial={loaded.data} key={loaded.data.slug} />;
}

/**
 * The city after its German name is typed. The names in the other languages that came along with
 * the suggested city (another process's: „بيرغيش غلادباخ“) belong to that name only: typed over
 * with another city, they go, so the survey's privacy notice, its Stadtteil question and the
 * footer read the new German name in every language instead of the other city's until someone
 * translates it; back to the suggested name, they return. Names the admin typed stay.
 */
function cityNamed(current: LocalizedText, de: string, suggested: LocalizedText): LocalizedText {
  const next: LocalizedText = { de };
  for (const language of LANGUAGES) {
    if (language === 'de') continue;
    const own = current[language] !== undefined && current[language] !== suggested[language];
    if (own) next[language] = current[language];
    else if (de.trim() === suggested.de && suggested[language] !== undefined) next[language] = suggested[language];
  }
  return next;
}

/** A problem of the last save, with the id of the input it is about (`at`) where it is about one. */
type Problem = { text: string; at?: string | null };

/** German words for what the server found wrong, each naming the form's field; Stadtteile in use by the names they had (`placeNames`, by key). */
function problemsOf(err: unknown, structure: ProcessStructure, placeNames: ReadonlyMap<string, string> = new Map()): Problem[] {
  if (!(err instanceof ApiError)) return [{ text: t('processEditor.savingDidNotWork') }];
  if (err.status === 0) return [{ text: t('processEditor.noConnectionToThe') }];
  if (err.code === 'slug_taken') return [{ text: t('processEditor.anotherProcessAlreadyHas') }];
  const details = Array.isArray(err.details) ? (err.details as Array<{ path?: string; message?: string; keys?: string[] }>) : [];
  if (err.code === 'keys_in_use') {
    return details.map((detail) => ({
      text: detail.path?.includes('district')
        ? t('processEditor.stadtteileInUse', { names: (detail.keys ?? []).map((key) => placeNames.get(key) ?? key).join(', ') })
        : t('processEditor.occurInContributionsResponses', { value: t('processEditor.theseFieldsOfAction'), value2: (detail.keys ?? []).join(', ') }),
    }));
  }
  if (err.code === 'validation_failed' && details.length > 0) {
    // The server's paths start with where they were found (`body.structure.title.de`); its messages are English.
    const issues = details.map((detail) => ({ code: /too small/i.test(detail.message ?? '') ? 'too_small' : /too big/i.test(detail.message ?? '') ? 'too_big' : 'invalid', message: detail.message ?? '', path: (detail.path ?? '').split('.').slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part)) }));
    return germanProcessIssues(issues, structure);
  }
  if (details.length > 0) return details.map((detail) => ({ text: `${detail.path ?? ''}: ${detail.message ?? ''}` }));
  return [{ text: err.message }];
}

const keyOf = (text: string) => slugify(text).slice(0, 64).replace(/-+$/, '');

function ProcessEditor({ initial, city = { de: '' } }: { initial: AdminProcess | null; city?: LocalizedText }) {
  const { route } = useLocation();
  // The process as this page last loaded or saved it: a save names its revision (one from an older is refused,
  // `process_changed`), and its keys in use and places as saved stay fixed in the form.
  const [loaded, setLoaded] = useState(initial);
  const [structure, setStructure] = useState<ProcessStructure>(initial?.structure ?? EMPTY(city));
  const [slug, setSlug] = useState(loaded?.slug ?? '');
  const [slugTouched, setSlugTouched] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [status, setStatus] = useState<ProcessStatus>(loaded?.status ?? 'draft');
  // What the last change of visibility did, said in its own section, whose heading then has the focus.
  const [statusNote, setStatusNote] = useState<string | null>(null);
  const statusHeading = useRef<HTMLHeadingElement>(null);
  const id = useRef(crypto.randomUUID());
  const problemBox = useRef<HTMLDivElement>(null);
  const usedKeys = new Set(loaded?.fieldKeysInUse ?? []);
  // Stadtteile and districts as saved keep their keys when renamed; those the data names cannot go.
  const savedPlaces = new Set((loaded?.structure.districts ?? []).flatMap((district) => [`district:${district.key}`, ...district.stadtteile.map((stadtteil) => stadtteil.key)]));
  const placesInUse = new Set(loaded?.stadtteilKeysInUse ?? []);
  const placeNames = new Map((loaded?.structure.districts ?? []).flatMap((district) => district.stadtteile.map((stadtteil) => [stadtteil.key, stadtteil.name] as const)));
  const otherLanguages = structure.languages.filter((language) => language !== 'de');
  const update = (patch: Partial<ProcessStructure>) => setStructure((previous) => ({ ...previous, ...patch }));
  // What was last saved (or the empty form): a change beyond it asks before the page is left.
  const [savedStructure, setSavedStructure] = useState(structure);
  // Without a published version of its survey a public process is listed with its survey closed: the page says so before and after publishing.
  const draft = useApi('GET /api/admin/processes/:slug/survey/draft', loaded ? { params: { slug: loaded.slug } } : null);
  const noSurveyYet = draft.data?.nextVersion === 1;
  useLeaveGuard(JSON.stringify(structure) !== JSON.stringify(savedStructure), (leave) => setConfirm(leaveRequest(leave)));
  // A save refused because the process was saved meanwhile keeps the form; the current state can come in under it.
  const refusal = useRefusedProcessSave({
    slug: loaded?.slug ?? '',
    base: loaded,
    toDraft: (process) => process.structure,
    onLoaded: (current, merged) => {
      setLoaded(current);
      setStatus(current.status);
      setSavedStructure(current.structure);
      setStructure(merged);
    },
  });

  useEffect(() => {
    if (problems.length > 0) problemBox.current?.focus();
  }, [problems]);

  async function save(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblems([]);
    setSaved(null);
    setStatusNote(null);
    refusal.clear();
    // The shared schema names every problem at once, before anything is sent.
    const sent = withoutEmptyDescriptions(structure);
    const checked = loaded ? processStructureSchema.safeParse(sent) : createProcessRequestSchema.safeParse({ id: id.current, slug, status: 'draft', structure: sent });
    if (!checked.success) {
      setProblems(germanProcessIssues(checked.error.issues, structure));
      setBusy(false);
      return;
    }
    try {
      if (loaded) {
        // A retention date already past deletes the originals within the hour: asked first.
        const question = await pastRetentionQuestion(loaded.slug, loaded.structure.retentionUntil, sent.retentionUntil);
        const store = async () => {
          const result = await call('PUT /api/admin/processes/:slug/structure', { params: { slug: loaded.slug }, query: { revision: loaded.revision }, body: sent });
          // A save answers without the Stadtteile in use (`getProcessForEditor`): those this page loaded stay.
          setLoaded({ ...result, stadtteilKeysInUse: loaded.stadtteilKeysInUse });
          setSavedStructure(structure);
          setSaved(t('processEditor.saved'));
        };
        if (!question) await store();
        else
          setConfirm({
            ...question,
            onConfirm: () =>
              store().catch((err: unknown) => {
                if (!refusal.refused(err)) setProblems(problemsOf(err, structure, placeNames));
              }),
          });
      } else {
        const created = await call('POST /api/admin/processes', { body: { id: id.current, slug, status: 'draft', structure: sent } });
        setSavedStructure(structure);
        route(`/admin/p/${encodeURIComponent(created.slug)}/struktur?neu=1`);
      }
    } catch (err) {
      if (!refusal.refused(err)) setProblems(problemsOf(err, structure, placeNames));
    } finally {
      setBusy(false);
    }
  }

  function changeStatus(next: ProcessStatus) {
    if (!loaded) return;
    const run = async () => {
      try {
        const changed = await call('PUT /api/admin/processes/:slug/status', { params: { slug: loaded.slug }, body: { status: next } });
        setStatus(changed.status);
        setSaved(null);
        setStatusNote(next === 'public' ? t('processEditor.publishedTheProcessIs') : next === 'archived' ? t('processEditor.archivedTheProcessIs') : t('processEditor.backToDraftOnly'));
        // The button that was pressed goes with the status it set: the keyboard stays in this section, at its heading, and the note below it says what happened.
        statusHeading.current?.focus();
      } catch (err) {
        setProblems(problemsOf(err, structure));
      }
    };
    // Back to draft takes the process's pages, its survey and the residents' receipt codes away from everyone but admins: asked too.
    if (next === 'draft') return setConfirm({ title: t('processEditor.backToDraftQuestion'), body: t('processEditor.theProcessIsHiddenFrom'), confirmLabel: t('processEditor.backToDraft'), onConfirm: run });
    setConfirm({
      title: next === 'public' ? t('processEditor.publishProcess') : t('processEditor.archiveProcess'),
      body:
        next === 'public'
          ? `${t('processEditor.theProcessAppearsOn')}${noSurveyYet ? ` ${t('processEditor.noSurveyVersionYet')}` : ''}`
          : t('processEditor.theProcessDisappearsFrom'),
      confirmLabel: next === 'public' ? t('processEditor.publish') : t('processEditor.archive'),
      onConfirm: run,
    });
  }

  const fresh = typeof location !== 'undefined' && new URLSearchParams(location.search).has('neu');
  // Each problem is also said at its input, which is marked invalid: the list at the top links to them.
  const problemAt = problemsByInput(problems);
  return (
    // The tab names the process by its saved title, not by each keystroke in the title's field.
    <Layout title={loaded ? t('processEditor.setUpProcess') : t('processEditor.newProcess')} process={loaded ? savedStructure.title : undefined}>
      <h1>{loaded ? t('processEditor.setUpProcess2', { value: structure.title.de || loaded.slug }) : t('processEditor.newProcess')}</h1>
      {loaded && (
        <p>
          <a class="standalone" href={adminPath(loaded.slug, 'umfrage')}>{t('processEditor.editQuestionnaire')}</a>
        </p>
      )}
      {loaded && (
        <p>
          {t('processEditor.status')}{' '}<strong>{STATUS_NAMES()[status]}</strong>{t('processEditor.responsesContributions', { responses: loaded.responses, contributions: loaded.contributions })}{' '}
          <a class="standalone" href={adminPath(loaded.slug, 'verfahren')}>{t('processEditor.phasePeriodThresholdAnd')}</a>
        </p>
      )}
      <div aria-live="polite">
        {/* „Angelegt als Entwurf“ holds until the process is saved or its visibility changes. */}
        {(saved || (fresh && !statusNote && loaded)) && <p class="notice ok">{saved ?? t('processEditor.createdAsADraft')}</p>}
      </div>
      {refusal.notice(structure)}
      {problems.length > 0 && (
        <div class="notice error" tabIndex={-1} ref={problemBox} role="alert">
          <p>{t('processEditor.notSaved')}</p>
          <ul>
            {problems.map((problem, index) => (
              <li key={index}>
                {problem.at ? (
                  <a
                    href={`#${problem.at}`}
                    onClick={(event) => {
                      event.preventDefault();
                      goToInput(problem.at!);
                    }}
                  >
                    {problem.text}
                  </a>
                ) : (
                  problem.text
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ProblemsAt.Provider value={problemAt}>
        <form onSubmit={save} noValidate class="process-editor" aria-label={t('processEditor.structureOfTheProcess')}>
          <fieldset>
            <legend>
              <h2>{t('processEditor.titleAndDescription')}</h2>
            </legend>
            <div class="field">
              <label for="process-title-de">{t('processEditor.titleGerman')}</label>
              <input
                type="text"
                id="process-title-de"
                required
                value={structure.title.de}
                {...invalidAt(problemAt, 'process-title-de')}
                onInput={(e) => {
                  const title = e.currentTarget.value;
                  update({ title: { ...structure.title, de: title } });
                  if (!loaded && !slugTouched) setSlug(keyOf(title));
                }}
              />
              <FieldProblem id="process-title-de" />
            </div>
            {!loaded && (
              <div class="field">
                <label for="process-slug">{t('processEditor.address')}</label>
                <input
                  type="text"
                  id="process-slug"
                  required
                  value={slug}
                  autoCapitalize="none"
                  {...invalidAt(problemAt, 'process-slug', 'process-slug-hint')}
                  onInput={(e) => {
                    setSlugTouched(true);
                    setSlug(e.currentTarget.value);
                  }}
                />
                <span id="process-slug-hint" class="hint">
                  {t('processEditor.lowerCaseLettersDigits')}{slug || t('processEditor.slugExample')}{t('processEditor.andStaysFixedAfterwards')}
                </span>
                <FieldProblem id="process-slug" />
              </div>
            )}
            <div class="field">
              <label for="process-description-de">{t('processEditor.descriptionGerman')}</label>
              <textarea id="process-description-de" rows={4} value={structure.description.de} {...invalidAt(problemAt, 'process-description-de')} onInput={(e) => update({ description: { ...structure.description, de: e.currentTarget.value } })} />
              <FieldProblem id="process-description-de" />
            </div>
            <div class="field">
              <label for="process-city">{t('processEditor.city')}</label>
              <input type="text" id="process-city" required value={structure.city.de} {...invalidAt(problemAt, 'process-city')} onInput={(e) => update({ city: cityNamed(structure.city, e.currentTarget.value, city) })} />
              <FieldProblem id="process-city" />
            </div>
          </fieldset>

          <fieldset class="languages">
            <legend>
              <h2>{t('processEditor.languagesOfTheProcess')}</h2>
            </legend>
            <p class="hint">{t('processEditor.germanIsAlwaysIncluded')}</p>
            <ul class="chip-list">
              {LANGUAGES.map((language) => (
                <li key={language}>
                  <label class="chip-check" lang={htmlLang(language)}>
                    <input
                      type="checkbox"
                      checked={structure.languages.includes(language)}
                      disabled={language === 'de'}
                      onChange={(e) =>
                        update({ languages: e.currentTarget.checked ? LANGUAGES.filter((l) => l === language || structure.languages.includes(l)) : structure.languages.filter((l) => l !== language) })
                      }
                    />
                    {LANGUAGE_NAMES[language]}
                  </label>
                </li>
              ))}
            </ul>
            {otherLanguages.map((language) => (
              <details key={language} class="translation">
                <summary>
                  {t('processEditor.translationOfTexts', { language: LANGUAGE_NAMES[language], structure: translatedCount(structure, language), structure2: textCount(structure) })}
                </summary>
                <TranslatedInput id={`title-${language}`} label={t('processEditor.title')} language={language} text={structure.title} onChange={(title) => update({ title })} />
                <TranslatedInput id={`description-${language}`} label={t('processEditor.description')} language={language} text={structure.description} multiline onChange={(description) => update({ description })} />
                <TranslatedInput id={`city-${language}`} label={t('processEditor.city')} language={language} text={structure.city} onChange={(city) => update({ city })} />
                {structure.phases.map((phase, index) => (
                  <NamedTranslations
                    key={`p${index}`}
                    id={`phase-${index}`}
                    language={language}
                    name={phase.title}
                    nameLabel={t('processEditor.phase', { value: index + 1, de: phase.title.de })}
                    description={phase.description}
                    descriptionLabel={t('processEditor.phaseDescription', { value: index + 1, de: phase.title.de })}
                    onChange={({ name: title, description }) => update({ phases: structure.phases.map((p, at) => (at === index ? { ...p, ...(title ? { title } : {}), ...(description ? { description } : {}) } : p)) })}
                  />
                ))}
                {structure.fieldsOfAction.flatMap((field, index) => {
                  const updateField = (next: { label?: LocalizedText; description?: LocalizedText }) => update({ fieldsOfAction: structure.fieldsOfAction.map((f, at) => (at === index ? { ...f, ...next } : f)) });
                  return [
                    <NamedTranslations
                      key={`f${index}`}
                      id={`field-${index}`}
                      language={language}
                      name={field.label}
                      nameLabel={t('processEditor.fieldOfActionLabel', { field: index + 1, label: field.label.de })}
                      description={field.description}
                      descriptionLabel={t('processEditor.fieldOfActionDescription', { field: index + 1, label: field.label.de })}
                      onChange={({ name: label, description }) => updateField(label ? { label } : description ? { description } : {})}
                    />,
                    ...(field.children ?? []).map((child, childIndex) => (
                      <NamedTranslations
                        key={`f${index}-${childIndex}`}
                        id={`field-${index}-${childIndex}`}
                        language={language}
                        name={child.label}
                        nameLabel={t('processEditor.subtopicLabel', { field: index + 1, sub: childIndex + 1, label: child.label.de })}
                        description={child.description}
                        descriptionLabel={t('processEditor.subtopicDescription', { field: index + 1, sub: childIndex + 1, label: child.label.de })}
                        onChange={({ name: label, description }) =>
                          update({
                            fieldsOfAction: structure.fieldsOfAction.map((f, at) =>
                              at === index ? { ...f, children: (f.children ?? []).map((c, cAt) => (cAt === childIndex ? { ...c, ...(label ? { label } : {}), ...(description ? { description } : {}) } : c)) } : f,
                            ),
                          })
                        }
                      />
                    )),
                  ];
                })}
              </details>
            ))}
          </fieldset>

          <fieldset>
            <legend>
              <h2>{t('processEditor.phases')}</h2>
            </legend>
            <p class="hint" id="phase-hint">
              {t('processEditor.phaseHint')}
            </p>
            <ol class="editor-list">
              {structure.phases.map((phase, index) => (
                <li key={index}>
                  <PhaseRow index={index} phase={phase} onChange={(next) => update({ phases: structure.phases.map((p, at) => (at === index ? { ...p, ...next } : p)) })} />
                  <label class="chip-check">
                    <input type="radio" name="current-phase" checked={structure.currentPhase === index + 1} onChange={() => update({ currentPhase: index + 1 })} />
                    <NamedControl visible={t('processEditor.currentPhase')} more={` (${t('processEditor.phase2', { value: index + 1 })})`} />
                  </label>
                  {structure.phases.length > 1 && (
                    <button
                      type="button"
                      class="button secondary"
                      onClick={(e) => keepingFocus(e.currentTarget, () => update({ phases: structure.phases.filter((_, at) => at !== index), currentPhase: currentAfterRemoving(structure.currentPhase, index, structure.phases.length) }))}
                    >
                      <NamedControl visible={t('processEditor.remove')} more={` ${t('processEditor.phase2', { value: index + 1 })}`} />
                    </button>
                  )}
                </li>
              ))}
            </ol>
            <button type="button" class="button secondary" onClick={() => { update({ phases: [...structure.phases, { title: { de: '' } }] }); focusAdded(`phase-${structure.phases.length}`); }}>
              {t('processEditor.addPhase')}
            </button>
          </fieldset>

          <fieldset>
            <legend>
              <h2>{t('processEditor.fieldsOfAction')}</h2>
            </legend>
            <p class="hint">{t('processEditor.eachFieldOfAction')}</p>
            <p class="hint" id="field-description-hint">
              {t('processEditor.describeFieldsHint')}
            </p>
            <ul class="editor-list">
              {structure.fieldsOfAction.map((field, index) => (
                <li key={index}>
                  <FieldRow
                    id={`field-${index}`}
                    label={fieldWhere(index)}
                    field={field}
                    locked={usedKeys.has(field.key)}
                    onChange={(next) => update({ fieldsOfAction: structure.fieldsOfAction.map((f, at) => (at === index ? { ...f, ...next } : f)) })}
                    onRemove={structure.fieldsOfAction.length > 1 ? () => update({ fieldsOfAction: structure.fieldsOfAction.filter((_, at) => at !== index) }) : null}
                  />
                  <ul class="editor-list sub">
                    {(field.children ?? []).map((child, childIndex) => (
                      <li key={childIndex}>
                        <FieldRow
                          id={`field-${index}-${childIndex}`}
                          label={fieldWhere(index, childIndex)}
                          field={child}
                          locked={usedKeys.has(child.key)}
                          onChange={(next) =>
                            update({
                              fieldsOfAction: structure.fieldsOfAction.map((f, at) =>
                                at === index ? { ...f, children: (f.children ?? []).map((c, cAt) => (cAt === childIndex ? { ...c, ...next } : c)) } : f,
                              ),
                            })
                          }
                          onRemove={() =>
                            update({ fieldsOfAction: structure.fieldsOfAction.map((f, at) => (at === index ? { ...f, children: (f.children ?? []).filter((_, cAt) => cAt !== childIndex) } : f)) })
                          }
                        />
                      </li>
                    ))}
                  </ul>
                  <button
                    type="button"
                    class="button secondary"
                    onClick={() => {
                      update({ fieldsOfAction: structure.fieldsOfAction.map((f, at) => (at === index ? { ...f, children: [...(f.children ?? []), { key: '', label: { de: '' } }] } : f)) });
                      focusAdded(`field-${index}-${(field.children ?? []).length}`);
                    }}
                  >
                    <NamedControl visible={t('processEditor.addSubtopic')} more={` ${t('processEditor.to', { de: field.label.de.trim() || fieldWhere(index) })}`} />
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" class="button secondary" onClick={() => { update({ fieldsOfAction: [...structure.fieldsOfAction, { key: '', label: { de: '' } }] }); focusAdded(`field-${structure.fieldsOfAction.length}`); }}>
              {t('processEditor.addFieldOfAction')}
            </button>
          </fieldset>

          <Geography districts={structure.districts} savedKeys={savedPlaces} inUse={placesInUse} onChange={(districts) => update({ districts })} />

          <fieldset>
            <legend>
              <h2>{t('processEditor.surveyPeriodThresholdRetention')}</h2>
            </legend>
            <div class="field">
              <label for="process-opens">{t('processEditor.surveyOpensOnEmpty')}</label>
              <input id="process-opens" type="date" value={structure.opensOn ?? ''} {...invalidAt(problemAt, 'process-opens')} onInput={(e) => update({ opensOn: e.currentTarget.value || null })} />
              <FieldProblem id="process-opens" />
            </div>
            <div class="field">
              <label for="process-closes">{t('processEditor.surveyClosesAfterEmpty')}</label>
              <input id="process-closes" type="date" value={structure.closesOn ?? ''} {...invalidAt(problemAt, 'process-closes')} onInput={(e) => update({ closesOn: e.currentTarget.value || null })} />
              <FieldProblem id="process-closes" />
            </div>
            <div class="field">
              <label for="process-threshold">{t('processEditor.smallestPublishedNumberAt', { defaultSuppressionThreshold: DEFAULT_SUPPRESSION_THRESHOLD })}</label>
              <input
                id="process-threshold"
                type="number"
                min={DEFAULT_SUPPRESSION_THRESHOLD}
                max={MAX_SUPPRESSION_THRESHOLD}
                value={structure.suppressionThreshold}
                {...invalidAt(problemAt, 'process-threshold')}
                onInput={(e) => update({ suppressionThreshold: Number(e.currentTarget.value) })}
              />
              <FieldProblem id="process-threshold" />
            </div>
            <div class="field">
              <label for="process-retention">{t('processEditor.deleteOriginalTextsAfter')}</label>
              <input id="process-retention" type="date" value={structure.retentionUntil ?? ''} {...invalidAt(problemAt, 'process-retention')} onInput={(e) => update({ retentionUntil: e.currentTarget.value || null })} />
              <FieldProblem id="process-retention" />
            </div>
          </fieldset>
          <div class="actions">
            {/* Not `disabled` while it saves: a disabled button loses the focus, and the keyboard would start over at the page's top. */}
            <button type="submit" class="button" aria-disabled={busy || undefined}>
              {loaded ? t('processEditor.save') : t('processEditor.createAsDraft')}
            </button>
          </div>
        </form>
      </ProblemsAt.Provider>
      {loaded && (
        <section class="card" aria-labelledby="status-title">
          <h2 id="status-title" ref={statusHeading} tabIndex={-1}>{t('processEditor.visibility')}</h2>
          <div aria-live="polite">{statusNote && <p class="notice ok">{statusNote}</p>}</div>
          {noSurveyYet && status !== 'archived' && (
            <p class="notice">{t('processEditor.noSurveyVersionYet')}</p>
          )}
          <div class="actions">
            {status !== 'public' && (
              <button type="button" class="button" onClick={() => changeStatus('public')}>
                {t('processEditor.publish')}
              </button>
            )}
            {status !== 'archived' && (
              <button type="button" class="button danger" onClick={() => changeStatus('archived')}>
                {t('processEditor.archive')}
              </button>
            )}
            {status !== 'draft' && (
              <button type="button" class="button secondary" onClick={() => changeStatus('draft')}>
                {t('processEditor.backToDraft')}
              </button>
            )}
          </div>
        </section>
      )}
      {loaded && <DeleteProcessSection slug={loaded.slug} key={status} />}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Layout>
  );
}

/** A description with no words in any language is none; one with translations but no German stays, for the schema to ask for its German. */
function withoutEmptyDescriptions(structure: ProcessStructure): ProcessStructure {
  const described = <T extends { description?: LocalizedText | null | undefined }>(entry: T): T =>
    entry.description && Object.values(entry.description).every((text) => !text?.trim()) ? { ...entry, description: null } : entry;
  return {
    ...structure,
    phases: structure.phases.map(described),
    fieldsOfAction: structure.fieldsOfAction.map((field) => ({ ...described(field), ...(field.children ? { children: field.children.map(described) } : {}) })),
  };
}

function allTexts(structure: ProcessStructure): LocalizedText[] {
  return [
    structure.title,
    structure.description,
    structure.city,
    ...structure.phases.flatMap((phase) => (phase.description ? [phase.title, phase.description] : [phase.title])),
    ...structure.fieldsOfAction.flatMap((field) => [field, ...(field.children ?? [])].flatMap((entry) => (entry.description ? [entry.label, entry.description] : [entry.label]))),
  ];
}
const textCount = (structure: ProcessStructure) => allTexts(structure).length;
const translatedCount = (structure: ProcessStructure, language: Language) => allTexts(structure).filter((text) => (text[language] ?? '').trim() !== '').length;

/**
 * A phase's, field's or sub-field's name and, once it has German words, its description in one
 * language: ids `ID-LANGUAGE` and `ID-description-LANGUAGE`.
 */
function NamedTranslations({
  id,
  language,
  name,
  nameLabel,
  description,
  descriptionLabel,
  onChange,
}: {
  id: string;
  language: Language;
  name: LocalizedText;
  nameLabel: string;
  description: LocalizedText | null | undefined;
  descriptionLabel: string;
  onChange: (next: { name?: LocalizedText; description?: LocalizedText }) => void;
}) {
  return (
    <>
      <TranslatedInput id={`${id}-${language}`} label={nameLabel} language={language} text={name} onChange={(text) => onChange({ name: text })} />
      {description && <TranslatedInput id={`${id}-description-${language}`} label={descriptionLabel} language={language} text={description} multiline onChange={(text) => onChange({ description: text })} />}
    </>
  );
}

function TranslatedInput({ id, label, language, text, multiline, onChange }: { id: string; label: string; language: Language; text: LocalizedText; multiline?: boolean; onChange: (text: LocalizedText) => void }) {
  const props = {
    id: `tr-${id}`,
    ...useInvalid(`tr-${id}`),
    lang: htmlLang(language),
    dir: textDirection(language),
    value: text[language] ?? '',
    placeholder: text.de,
    onInput: (e: Event) => {
      const value = (e.currentTarget as HTMLInputElement).value;
      const next = { ...text };
      if (value.trim()) next[language] = value;
      else delete next[language];
      onChange(next);
    },
  };
  return (
    <div class="field">
      <label for={`tr-${id}`}>
        {label} ({LANGUAGE_NAMES[language]})
      </label>
      {multiline ? <textarea rows={3} {...props} /> : <input type="text" {...props} />}
      <FieldProblem id={`tr-${id}`} />
    </div>
  );
}

/** A phase's or field's description in German („Beschreibung von Phase 1“), its input `ID-description`. */
function GermanDescription({ id, of, description, 'aria-describedby': hint, onChange }: { id: string; of: string; description: LocalizedText | null | undefined; 'aria-describedby': string; onChange: (description: LocalizedText) => void }) {
  return (
    <div class="field">
      <label for={`${id}-description`}>{t('processEditor.fieldDescriptionLabel', { field: of })}</label>
      <textarea
        id={`${id}-description`}
        rows={2}
        value={description?.de ?? ''}
        {...useInvalid(`${id}-description`, hint)}
        // Emptied, the German goes but the translations stay in the form: saving then asks for German words (every text's fallback) or goes without a description once they are emptied too.
        onInput={(e) => onChange({ ...description, de: e.currentTarget.value })}
      />
      <FieldProblem id={`${id}-description`} />
    </div>
  );
}

type PhaseInput = ProcessStructure['phases'][number];

/**
 * A phase's title, its dates and what happens in it, as residents read them on the process page:
 * a date left empty is none; the description's translations are with the other texts'.
 */
function PhaseRow({ index, phase, onChange }: { index: number; phase: PhaseInput; onChange: (next: Partial<PhaseInput>) => void }) {
  const id = `phase-${index}`;
  const name = t('processEditor.phase2', { value: index + 1 });
  const problems = useContext(ProblemsAt);
  return (
    <div class="field-texts">
      <div class="field-row">
        <div class="field">
          <label for={id}>{name}</label>
          <input type="text" id={id} value={phase.title.de} {...invalidAt(problems, id)} onInput={(e) => onChange({ title: { ...phase.title, de: e.currentTarget.value } })} />
          <FieldProblem id={id} />
        </div>
        <div class="field date">
          <label for={`${id}-starts`}>{t('processEditor.phaseStartsLabel', { phase: name })}</label>
          <input type="date" id={`${id}-starts`} value={phase.startsOn ?? ''} {...invalidAt(problems, `${id}-starts`)} onInput={(e) => onChange({ startsOn: e.currentTarget.value || null })} />
          <FieldProblem id={`${id}-starts`} />
        </div>
        <div class="field date">
          <label for={`${id}-ends`}>{t('processEditor.phaseEndsLabel', { phase: name })}</label>
          <input type="date" id={`${id}-ends`} value={phase.endsOn ?? ''} {...invalidAt(problems, `${id}-ends`)} onInput={(e) => onChange({ endsOn: e.currentTarget.value || null })} />
          <FieldProblem id={`${id}-ends`} />
        </div>
      </div>
      <GermanDescription id={id} of={name} description={phase.description} aria-describedby="phase-hint" onChange={(description) => onChange({ description })} />
    </div>
  );
}

/** A field's or sub-field's place in the form, as its input and the form's problems name it: „Handlungsfeld 2, Unterthema 1“. */
function fieldWhere(index: number, childIndex?: number): string {
  return childIndex === undefined ? t('processIssue.field', { field: index + 1 }) : t('processIssue.subField', { field: index + 1, sub: childIndex + 1 });
}

function FieldRow({
  id,
  label,
  field,
  locked,
  onChange,
  onRemove,
}: {
  id: string;
  label: string;
  field: { key: string; label: LocalizedText; description?: LocalizedText | null | undefined };
  locked: boolean;
  onChange: (next: { key?: string; label?: LocalizedText; description?: LocalizedText | null }) => void;
  onRemove: (() => void) | null;
}) {
  return (
    <div class="field-row">
      <div class="field-texts">
        <div class="field">
          <label for={id}>{label}</label>
          <input
            type="text"
            id={id}
            value={field.label.de}
            {...useInvalid(id, `${id}-key`)}
            onInput={(e) => {
              const name = e.currentTarget.value;
              onChange({ label: { ...field.label, de: name }, ...(locked ? {} : { key: keyOf(name) }) });
            }}
          />
          <span id={`${id}-key`} class="hint">
            {t('processEditor.key')}{' '}<code>{field.key || '–'}</code>
            {locked ? ` ${t('processEditor.inUseStaysFixed')}` : ''}
          </span>
          <FieldProblem id={id} />
        </div>
        <GermanDescription id={id} of={label} description={field.description} aria-describedby="field-description-hint" onChange={(description) => onChange({ description })} />
      </div>
      {onRemove && !locked && (
        <button type="button" class="button secondary" onClick={(e) => keepingFocus(e.currentTarget, onRemove)}>
          <NamedControl visible={t('processEditor.remove')} more={` ${field.label.de.trim() || label}`} />
        </button>
      )}
    </div>
  );
}

/** A line of the Stadtteile CSV that needs a correction, as the server names it (`parseStadtteileCsv`). */
interface CsvProblem {
  line?: number;
  code?: string;
  message?: string;
  values?: Record<string, string>;
}

const CSV_PROBLEMS = {
  unreadable: 'processEditor.csvProblem.unreadable',
  empty: 'processEditor.csvProblem.empty',
  columns_missing: 'processEditor.csvProblem.columns_missing',
  values_missing: 'processEditor.csvProblem.values_missing',
  value_too_long: 'processEditor.csvProblem.value_too_long',
  number_twice: 'processEditor.csvProblem.number_twice',
  no_key: 'processEditor.csvProblem.no_key',
  name_twice: 'processEditor.csvProblem.name_twice',
  district_number: 'processEditor.csvProblem.district_number',
  no_rows: 'processEditor.csvProblem.no_rows',
} as const;

/** The problem in the admin's language; a code this client does not know yet keeps the server's words. */
function csvProblemText(problem: CsvProblem): string {
  const key = problem.code && Object.hasOwn(CSV_PROBLEMS, problem.code) ? CSV_PROBLEMS[problem.code as keyof typeof CSV_PROBLEMS] : null;
  return key ? t(key, problem.values ?? {}) : (problem.message ?? '');
}

/** The next number after the largest whole one among `numbers` (1 when there is none). */
const nextNumber = (numbers: ReadonlyArray<string | number>) => Math.max(0, ...numbers.map(Number).filter(Number.isInteger)) + 1;

/** A new Stadtteil's number: the next after its district's (after „11“, „12“ comes „13“), or the next in the city when that one is taken. */
function newStadtteilNumber(districts: DistrictInput[], index: number): string {
  const taken = new Set(districts.flatMap((district) => district.stadtteile.map((stadtteil) => stadtteil.nr.trim())));
  const own = districts[index]!.stadtteile.map((stadtteil) => stadtteil.nr);
  const next = String(own.length > 0 ? nextNumber(own) : districts[index]!.nr * 10 + 1);
  return taken.has(next) ? String(nextNumber([...taken])) : next;
}

/**
 * Stadtteile read from a CSV keep the keys of those in the form with the same number (the
 * statistics office's), else the same name: one renamed here keeps its answers, notes and figures
 * when the office's file comes again, instead of counting as removed and added anew.
 */
function keepingKeys(read: DistrictInput[], current: DistrictInput[]): DistrictInput[] {
  const known = current.flatMap((district) => district.stadtteile);
  const byNumber = new Map(known.map((stadtteil) => [stadtteil.nr.trim(), stadtteil.key] as const));
  const byName = new Map(known.map((stadtteil) => [stadtteil.name.trim().toLocaleLowerCase('de'), stadtteil.key] as const));
  return read.map((district) => ({
    ...district,
    stadtteile: district.stadtteile.map((stadtteil) => ({ ...stadtteil, key: byNumber.get(stadtteil.nr.trim()) ?? byName.get(stadtteil.name.trim().toLocaleLowerCase('de')) ?? stadtteil.key })),
  }));
}

/** „Nr.“ to the eye, with the place it belongs to for a screen reader and for the form's problems: „Nr. (Bezirk 1, Stadtteil 2)“. */
function NumberLabel({ id, where }: { id: string; where: string }) {
  return (
    <label for={id}>
      <span aria-hidden="true">{t('processEditor.numberShort')}</span>
      <span class="visually-hidden">{t('processEditor.numberOf', { where })}</span>
    </label>
  );
}

/**
 * The city's statistical districts and their Stadtteile: added, renamed and removed here, or all of
 * them read from a CSV the statistics office gives. A saved Stadtteil's key stays when it is renamed
 * (its answers, notes and population figures keep it); a new one's follows its name. One that the
 * data names (`inUse`) offers no removing, nor does its district.
 */
/**
 * The current phase (numbered from 1) once the phase at `index` (from 0) of `count` is removed: an earlier
 * one removed, the current phase moves up with its number; the current one removed, the phase taking
 * its place (the one before it, when it was the last) becomes current.
 */
function currentAfterRemoving(current: number, index: number, count: number): number {
  return index + 1 < current ? current - 1 : Math.min(current, count - 1);
}

function Geography({ districts, savedKeys, inUse, onChange }: { districts: DistrictInput[]; savedKeys: ReadonlySet<string>; inUse: ReadonlySet<string>; onChange: (districts: DistrictInput[]) => void }) {
  const [problems, setProblems] = useState<CsvProblem[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const saveProblems = useContext(ProblemsAt);
  const count = districts.reduce((sum, district) => sum + district.stadtteile.length, 0);
  const changeDistrict = (index: number, next: Partial<DistrictInput>) => onChange(districts.map((district, at) => (at === index ? { ...district, ...next } : district)));
  const changeStadtteile = (index: number, change: (stadtteile: DistrictInput['stadtteile']) => DistrictInput['stadtteile']) =>
    changeDistrict(index, { stadtteile: change(districts[index]!.stadtteile) });

  async function read(file: File | undefined) {
    if (!file) return;
    setProblems([]);
    setNote(null);
    try {
      const text = await file.text();
      const result = await call('POST /api/admin/stadtteile-csv', { body: text, contentType: 'text/csv' });
      onChange(keepingKeys(result.districts, districts));
      setNote(tn('processEditor.stadtteileRead', result.districts.reduce((sum, d) => sum + d.stadtteile.length, 0), { districts: tn('processEditor.inDistricts', result.districts.length) }));
    } catch (err) {
      const details = err instanceof ApiError && Array.isArray(err.details) ? (err.details as CsvProblem[]) : [];
      setProblems(details.length ? details : [{ message: err instanceof ApiError ? err.message : t('processEditor.theFileCouldNot') }]);
    }
  }

  return (
    <fieldset>
      <legend>
        <h2>{t('processEditor.districtsAndStadtteile')}</h2>
      </legend>
      <p class="hint" id="geo-edit-hint">
        {t('processEditor.geoEditHint')}
      </p>
      <p aria-live="polite">{tn('processEditor.stadtteileIn', count, { districts: tn('processEditor.inDistricts', districts.length) })}</p>
      <ul class="editor-list">
        {districts.map((district, index) => {
          const where = placeWhere(index);
          const locked = district.stadtteile.some((stadtteil) => inUse.has(stadtteil.key));
          return (
            <li key={index}>
              <fieldset class="district">
                <legend>{district.name.trim() ? `${where}: ${district.name}` : where}</legend>
                <div class="field-row">
                  <div class="field number">
                    <NumberLabel id={`district-${index}-nr`} where={where} />
                    <input
                      type="number"
                      id={`district-${index}-nr`}
                      min={0}
                      max={9999}
                      value={district.nr}
                      {...invalidAt(saveProblems, `district-${index}-nr`)}
                      onInput={(e) => changeDistrict(index, { nr: e.currentTarget.value === '' ? Number.NaN : Number(e.currentTarget.value) })}
                    />
                    <FieldProblem id={`district-${index}-nr`} />
                  </div>
                  <div class="field">
                    <label for={`district-${index}`}>{where}</label>
                    <input
                      type="text"
                      id={`district-${index}`}
                      value={district.name}
                      {...invalidAt(saveProblems, `district-${index}`)}
                      onInput={(e) => changeDistrict(index, { name: e.currentTarget.value, ...(savedKeys.has(`district:${district.key}`) ? {} : { key: keyOf(e.currentTarget.value) }) })}
                    />
                    <FieldProblem id={`district-${index}`} />
                  </div>
                  {locked ? (
                    <span class="hint">{t('processEditor.districtInUse')}</span>
                  ) : (
                    <button type="button" class="button secondary" onClick={(e) => keepingFocus(e.currentTarget, () => onChange(districts.filter((_, at) => at !== index)))}>
                      <NamedControl visible={t('processEditor.remove')} more={` ${district.name.trim() || where}`} />
                    </button>
                  )}
                </div>
                <ul class="editor-list sub">
                  {district.stadtteile.map((stadtteil, stadtteilIndex) => {
                    const id = `stadtteil-${index}-${stadtteilIndex}`;
                    const place = placeWhere(index, stadtteilIndex);
                    const used = inUse.has(stadtteil.key);
                    const update = (next: Partial<DistrictInput['stadtteile'][number]>) => changeStadtteile(index, (list) => list.map((s, at) => (at === stadtteilIndex ? { ...s, ...next } : s)));
                    return (
                      <li key={stadtteilIndex}>
                        <div class="field-row">
                          <div class="field number">
                            <NumberLabel id={`${id}-nr`} where={place} />
                            <input type="text" id={`${id}-nr`} value={stadtteil.nr} {...invalidAt(saveProblems, `${id}-nr`)} onInput={(e) => update({ nr: e.currentTarget.value })} />
                            <FieldProblem id={`${id}-nr`} />
                          </div>
                          <div class="field">
                            <label for={id}>{place}</label>
                            <input
                              type="text"
                              id={id}
                              value={stadtteil.name}
                              {...invalidAt(saveProblems, id, `${id}-key`)}
                              onInput={(e) => update({ name: e.currentTarget.value, ...(savedKeys.has(stadtteil.key) ? {} : { key: keyOf(e.currentTarget.value) }) })}
                            />
                            <span id={`${id}-key`} class="hint">
                              {t('processEditor.key')}{' '}<code>{stadtteil.key || '–'}</code>
                              {used ? ` ${t('processEditor.stadtteilInUse')}` : ''}
                            </span>
                            <FieldProblem id={id} />
                          </div>
                          {!used && (
                            <button type="button" class="button secondary" onClick={(e) => keepingFocus(e.currentTarget, () => changeStadtteile(index, (list) => list.filter((_, at) => at !== stadtteilIndex)))}>
                              <NamedControl visible={t('processEditor.remove')} more={` ${stadtteil.name.trim() || place}`} />
                            </button>
                          )}
                        </div>
                      </li>
                    );
                  })}
                </ul>
                <button
                  type="button"
                  class="button secondary"
                  onClick={() => {
                    changeStadtteile(index, (list) => [...list, { key: '', nr: newStadtteilNumber(districts, index), name: '' }]);
                    // The number is suggested; the name is to be typed.
                    focusAdded(`stadtteil-${index}-${district.stadtteile.length}`);
                  }}
                >
                  <NamedControl visible={t('processEditor.addStadtteil')} more={` ${t('processEditor.to', { de: district.name.trim() || where })}`} />
                </button>
              </fieldset>
            </li>
          );
        })}
      </ul>
      <button type="button" class="button secondary" onClick={() => { onChange([...districts, { key: '', nr: nextNumber(districts.map((d) => d.nr)), name: '', stadtteile: [] }]); focusAdded(`district-${districts.length}`); }}>
        {t('processEditor.addDistrict')}
      </button>
      <h3 class="geo-csv">{t('processEditor.readFromCsv')}</h3>
      <p class="hint" id="geo-hint">
        {t('processEditor.aCsvFileWith')}{' '}<code>{t('processEditor.number')}</code>, <code>{t('processEditor.name')}</code> {t('processEditor.and')}{' '}<code>{t('processEditor.district')}</code> {t('processEditor.optional')}{' '}<code>{t('processEditor.districtNo')}</code>{t('processEditor.separatedBySemicolonsOr')}</p>
      <div class="field">
        <label for="geo-file">{t('processEditor.chooseCsvFile')}</label>
        <input id="geo-file" type="file" accept=".csv,text/csv" aria-describedby="geo-hint" onChange={(e) => void read(e.currentTarget.files?.[0])} />
      </div>
      <div aria-live="polite">{note && <p class="notice ok">{note}</p>}</div>
      {problems.length > 0 && (
        <div class="notice error" role="alert">
          <p>{t('processEditor.theFileWasNot')}</p>
          <ul>
            {problems.map((problem, index) => (
              <li key={index}>
                {problem.line ? t('processEditor.line', { line: problem.line }) : ''}
                {csvProblemText(problem)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </fieldset>
  );
}
