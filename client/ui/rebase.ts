type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);
const isRecordList = (value: unknown): value is Plain[] => Array.isArray(value) && value.every(isPlain);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** One value carried from the form's old base onto the stored one: what the person changed wins, the rest is the stored one's. */
function rebaseValue(base: unknown, mine: unknown, stored: unknown): { value: unknown; clash: boolean } {
  if (same(mine, base)) return { value: stored, clash: false };
  if (same(stored, base) || same(stored, mine)) return { value: mine, clash: false };
  // Lists of entries (phases, fields of action, milestones) as long in all three: each position on its own, so one person's
  // change to the first phase and the other's to the second both stay. Lists of keys are sets, taken whole.
  if (isRecordList(base) && isRecordList(mine) && isRecordList(stored) && base.length === mine.length && base.length === stored.length) {
    const parts = base.map((entry, index) => rebaseValue(entry, mine[index], stored[index]));
    return { value: parts.map((part) => part.value), clash: parts.some((part) => part.clash) };
  }
  // Texts per language and the like: each language on its own, so an English change elsewhere survives a German one here.
  if (isPlain(base) && isPlain(mine) && isPlain(stored)) {
    const value: Plain = {};
    let clash = false;
    for (const key of new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(stored)])) {
      const part = rebaseValue(base[key], mine[key], stored[key]);
      if (part.value !== undefined) value[key] = part.value;
      clash ||= part.clash;
    }
    return { value, clash };
  }
  return { value: mine, clash: true };
}

/**
 * A refused edit (409: someone saved in between) carried onto the stored state: every field the
 * person changed since the form opened (`base`) keeps their input, every other field takes the
 * stored value, so neither their typing nor the other person's change is lost: texts per language,
 * lists of entries of unchanged length per position. `clashes` names the fields both changed
 * differently (the form keeps the person's input there).
 */
export function rebase<T extends object>(base: T, mine: T, stored: T): { draft: T; clashes: Array<keyof T> } {
  const draft = { ...stored };
  const clashes: Array<keyof T> = [];
  for (const key of Object.keys(stored) as Array<keyof T>) {
    const { value, clash } = rebaseValue(base[key], mine[key], stored[key]);
    draft[key] = value as T[keyof T];
    if (clash) clashes.push(key);
  }
  return { draft, clashes };
}
