import { stadtteileInPrintOrder } from '../../shared/survey/paper.ts';

/** A Stadtteil picker shared by the stall and moderation: one list, grouped by statistical district. */
export interface DistrictGroup {
  key: string;
  name: string;
  stadtteile: ReadonlyArray<{ key: string; name: string }>;
}

/**
 * Stadtteile grouped by statistical district, after an empty choice and before the
 * non-Stadtteil answers the caller offers (outside the city, unknown). `asPrinted` lists them as
 * the paper questionnaire does instead: in the alphabet's order, no districts (paper entry).
 */
export function StadtteilSelect(props: {
  id: string;
  districts: readonly DistrictGroup[];
  value: string | null;
  onChange: (value: string | null) => void;
  emptyLabel: string;
  extra: ReadonlyArray<{ value: string; label: string }>;
  invalid?: boolean;
  /** The id of what describes the choice (its problem, while `invalid`). */
  describedBy?: string | undefined;
  asPrinted?: boolean;
}) {
  const option = (s: { key: string; name: string }) => (
    <option key={s.key} value={s.key}>
      {s.name}
    </option>
  );
  return (
    <select id={props.id} value={props.value ?? ''} aria-invalid={props.invalid ? true : undefined} aria-describedby={props.describedBy} onChange={(event) => props.onChange((event.currentTarget as HTMLSelectElement).value || null)}>
      <option value="">{props.emptyLabel}</option>
      {props.asPrinted
        ? stadtteileInPrintOrder(props.districts).map(option)
        : props.districts.map((district) => (
            <optgroup key={district.key} label={district.name}>
              {district.stadtteile.map(option)}
            </optgroup>
          ))}
      {props.extra.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
