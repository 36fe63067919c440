import { useEffect, useRef } from 'preact/hooks';
import type { FieldOption } from '../../shared/api/auth.ts';
import type { ProcessStatus } from '../../shared/api/process-admin.ts';
import type { Role } from '../../shared/domain.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { t } from './messages.ts';
import { staffText } from '../ui/labels.ts';

interface Choice {
  key: string;
  label: string;
  /** Shown indented under the choice before it (a sub-field under its parent). */
  sub?: boolean;
}

/**
 * Checkboxes under a legend and a hint; `error` is said below them and marks the first box invalid.
 * While the choices load it says so (`loading`), and with none to offer it says why (`empty`).
 */
function ChoiceList({
  id,
  legend,
  hint,
  choices,
  choicesError,
  loading,
  loadingLabel,
  empty,
  selected,
  onChange,
  error,
}: {
  id: string;
  legend: string;
  hint: string;
  choices: Choice[];
  choicesError: unknown;
  loading: boolean;
  loadingLabel: string;
  empty: string;
  selected: string[];
  onChange: (keys: string[]) => void;
  error?: string | undefined;
}) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <fieldset class="field-picker" aria-describedby={[hintId, error ? errorId : null].filter(Boolean).join(' ')}>
      <legend>{legend}</legend>
      <p id={hintId} class="hint">
        {hint}
      </p>
      {choicesError ? <ErrorNotice error={choicesError} /> : null}
      {choices.length === 0 && !choicesError && (loading ? <Loading label={loadingLabel} /> : <p class="hint">{empty}</p>)}
      {choices.length > 0 && (
        <ul>
          {choices.map((choice) => (
            <li key={choice.key} class={choice.sub ? 'sub' : undefined}>
              <label class="chip-check">
                <input
                  type="checkbox"
                  value={choice.key}
                  checked={selected.includes(choice.key)}
                  onChange={(e) => onChange(e.currentTarget.checked ? [...selected, choice.key] : selected.filter((key) => key !== choice.key))}
                  {...(error && choice === choices[0] ? { 'aria-invalid': true as const } : {})}
                />
                {choice.label}
              </label>
            </li>
          ))}
        </ul>
      )}
      {error ? (
        <span id={errorId} class="error-text">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}

/**
 * The fields of action a working group receives, as checkboxes with sub-fields indented under their
 * parent: those of the processes ticked (all, while none is). A field that none of them has is
 * dropped from the choice when its process is unticked, so the group never gets a field it cannot see.
 */
export function FieldPicker({
  idPrefix,
  options,
  optionsError,
  optionsLoading,
  processes,
  selected,
  onChange,
  error,
}: {
  idPrefix: string;
  options: FieldOption[];
  optionsError: unknown;
  /** The options have not come yet. */
  optionsLoading: boolean;
  processes: string[];
  selected: string[];
  onChange: (keys: string[]) => void;
  error?: string | undefined;
}) {
  const offered = processes.length === 0 ? options : options.filter((option) => option.processes.some((slug) => processes.includes(slug)));
  useEffect(() => {
    if (options.length === 0) return;
    const kept = selected.filter((key) => offered.some((option) => option.key === key));
    if (kept.length !== selected.length) onChange(kept);
  }, [processes.join(','), options.length]);
  return (
    <ChoiceList
      id={`${idPrefix}-fieldsOfAction`}
      legend={t('fieldPicker.fieldsOfActionOf')}
      hint={t('fieldPicker.theWorkingGroupSees')}
      choices={offered.map((option) => ({ key: option.key, label: option.label, sub: option.parentKey !== null }))}
      choicesError={optionsError}
      loading={optionsLoading}
      loadingLabel={t('fieldPicker.loadingFieldsOfAction')}
      empty={t('fieldPicker.noFieldsOfAction')}
      selected={selected}
      onChange={onChange}
      error={error}
    />
  );
}

/**
 * With one open process there is nothing to choose: an account an admin makes a working group
 * works on it. Returns what the role's `onChange` calls: picking „Arbeitsgruppe“ with no process
 * chosen ticks the one open process, at once or, on a slow connection where the role was picked
 * before the list of processes came, as soon as it comes. A choice the admin then undoes stays
 * undone, and an account opened as a working group keeps its processes as they are. A tick still
 * waiting for the list is forgotten when the form turns to another account (`subject`: the edit
 * dialog opened anew), so it never lands on an account nobody picked the role for.
 */
export function useOnlyProcessTicked(
  processes: ReadonlyArray<{ slug: string; status: ProcessStatus }>,
  selected: string[],
  select: (slugs: string[]) => void,
  subject?: unknown,
): (role: Role) => void {
  const pending = useRef(false);
  // Declared before the effect that ticks, so on the render that brings a new subject it runs first.
  useEffect(() => {
    pending.current = false;
  }, [subject]);
  const open = processes.filter((process) => process.status !== 'archived');
  const only = open.length === 1 ? open[0]!.slug : null;
  const loaded = processes.length > 0;
  const tick = () => {
    pending.current = false;
    if (only && selected.length === 0) select([only]);
  };
  useEffect(() => {
    if (pending.current && loaded) tick();
  });
  return (role) => {
    pending.current = role === 'working_group' && selected.length === 0;
    if (pending.current && loaded) tick();
  };
}

/** The processes a working group works on: it reads the results of these only. */
export function ProcessChoice({
  idPrefix,
  processes,
  processesError,
  processesLoading,
  selected,
  onChange,
  error,
}: {
  idPrefix: string;
  processes: ReadonlyArray<{ slug: string; title: { de: string }; status: ProcessStatus }>;
  processesError: unknown;
  /** The list of processes has not come yet. */
  processesLoading: boolean;
  selected: string[];
  onChange: (slugs: string[]) => void;
  error?: string | undefined;
}) {
  return (
    <ChoiceList
      id={`${idPrefix}-processes`}
      legend={t('fieldPicker.processesOf')}
      hint={t('fieldPicker.theWorkingGroupReadsProcesses')}
      choices={processes.map((process) => ({ key: process.slug, label: process.status === 'archived' ? t('fieldPicker.archivedProcess', { title: staffText(process.title) }) : staffText(process.title) }))}
      choicesError={processesError}
      loading={processesLoading}
      loadingLabel={t('fieldPicker.loadingProcesses')}
      empty={t('fieldPicker.noProcesses')}
      selected={selected}
      onChange={onChange}
      error={error}
    />
  );
}
