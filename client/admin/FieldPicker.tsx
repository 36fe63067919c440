import type { FieldOption } from '../../shared/api/auth.ts';
import { ErrorNotice } from '../ui/Layout.tsx';
import { t } from './messages.ts';

/** The fields of action a working group receives, as checkboxes with sub-fields indented under their parent. */
export function FieldPicker({
  idPrefix,
  options,
  optionsError,
  selected,
  onChange,
  error,
}: {
  idPrefix: string;
  options: FieldOption[];
  optionsError: unknown;
  selected: string[];
  onChange: (keys: string[]) => void;
  error?: string | undefined;
}) {
  const hint = `${idPrefix}-fields-hint`;
  const errorId = `${idPrefix}-fieldsOfAction-error`;
  return (
    <fieldset class="field-picker" aria-describedby={[hint, error ? errorId : null].filter(Boolean).join(' ')}>
      <legend>{t('fieldPicker.fieldsOfActionOf')}</legend>
      <p id={hint} class="hint">
        {t('fieldPicker.theWorkingGroupSees')}
      </p>
      {optionsError ? <ErrorNotice error={optionsError} /> : null}
      <ul>
        {options.map((option) => (
          <li key={option.key} class={option.parentKey ? 'sub' : undefined}>
            <label class="chip-check">
              <input
                type="checkbox"
                value={option.key}
                checked={selected.includes(option.key)}
                onChange={(e) => onChange(e.currentTarget.checked ? [...selected, option.key] : selected.filter((key) => key !== option.key))}
                {...(error && option === options[0] ? { 'aria-invalid': true as const } : {})}
              />
              {option.label}
            </label>
          </li>
        ))}
      </ul>
      {error ? (
        <span id={errorId} class="error-text">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}
