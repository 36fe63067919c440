import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/**
 * The problems of a long form's last save by the id of the input each is about, so each input is
 * marked where it stands and not only in the list at the top (the process editor is several screens
 * long on a phone: „Handlungsfeld 3: Bitte ausfüllen.“ at the top, the field far below).
 */
export const ProblemsAt = createContext<ReadonlyMap<string, string>>(new Map());

/** The problems by input id; an input named by two problems says both. */
export function problemsByInput(problems: ReadonlyArray<{ text: string; at?: string | null }>): ReadonlyMap<string, string> {
  const byInput = new Map<string, string>();
  for (const { text, at } of problems) if (at) byInput.set(at, byInput.has(at) ? `${byInput.get(at)!} ${text}` : text);
  return byInput;
}

/** An input's attributes for the problem at it: `aria-invalid`, and its message after its hint (if any) as its description. */
export function invalidAt(problems: ReadonlyMap<string, string>, id: string, hint?: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const problem = problems.has(id);
  const describedBy = [hint, problem ? `${id}-problem` : null].filter(Boolean).join(' ');
  return { ...(problem ? { 'aria-invalid': true as const } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) };
}

/** `invalidAt` for an input inside the form's `ProblemsAt`. */
export function useInvalid(id: string, hint?: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return invalidAt(useContext(ProblemsAt), id, hint);
}

/** The problem at an input, said right below it. */
export function FieldProblem({ id }: { id: string }) {
  const text = useContext(ProblemsAt).get(id);
  return text ? (
    <span id={`${id}-problem`} class="error-text">
      {text}
    </span>
  ) : null;
}

/** Brings the input a problem names into view with the focus in it, opening the folded section (a translation) it is in. */
export function goToInput(id: string): void {
  const input = document.getElementById(id);
  if (!input) return;
  for (let details = input.closest('details'); details; details = details.parentElement?.closest('details') ?? null) details.open = true;
  input.focus();
}
