type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);
const isRecordList = (value: unknown): value is Plain[] => Array.isArray(value) && value.every(isPlain);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** One value carried from the form's old base onto the stored one: what the person changed wins, the rest is the stored one's. */
function rebaseValue(base: unknown, mine: unknown, stored: unknown): { value: unknown; clash: boolean } {
  if (same(mine, base)) return { value: stored, clash: false };
  if (same(stored, base) || same(stored, mine)) return { value: mine, clash: false };
  // Lists of entries with a key each (fields of action, sub-fields, districts, Stadtteile): entry by entry, paired by key, so an
  // entry one person removed and another they added are not taken for the entry the other person changed.
  if (isKeyedList(base) && isKeyedList(mine) && isKeyedList(stored)) return rebaseKeyed(base, mine, stored);
  // Lists of entries without keys (phases, milestones) as long in all three: each position on its own, so one person's
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

type Keyed = Plain & { key: string };

/** A list of entries each with a key of its own (none empty, none twice), by which the three versions pair. */
function isKeyedList(value: unknown): value is Keyed[] {
  if (!isRecordList(value)) return false;
  const keys = value.map((entry) => entry.key);
  return keys.every((key) => typeof key === 'string' && key !== '') && new Set(keys).size === keys.length;
}

/** The keys of `list` in its order, those not in `among` left out. */
const orderOf = (list: Keyed[], among: ReadonlySet<string>) => list.map((entry) => entry.key).filter((key) => among.has(key));

/**
 * A keyed list carried over: an entry both kept is merged on its own; one removed by one person stays removed unless the other
 * changed it (a clash; the person's side wins: removed where they removed it, kept where they changed it); entries either added
 * are both in. The order is the person's where they reordered the entries, else the stored one's, each added entry after the
 * one it follows in its own list.
 */
function rebaseKeyed(base: Keyed[], mine: Keyed[], stored: Keyed[]): { value: unknown; clash: boolean } {
  const byKey = (list: Keyed[]) => new Map(list.map((entry) => [entry.key, entry]));
  const [baseBy, mineBy, storedBy] = [byKey(base), byKey(mine), byKey(stored)];
  const merged = new Map<string, unknown>();
  let clash = false;
  for (const key of new Set([...baseBy.keys(), ...mineBy.keys(), ...storedBy.keys()])) {
    const [was, mineEntry, storedEntry] = [baseBy.get(key), mineBy.get(key), storedBy.get(key)];
    if (was && (!mineEntry || !storedEntry)) {
      // Removed on one side (or both): gone, unless the other side changed it; then the person's side wins, and it is a clash.
      const kept = mineEntry ?? storedEntry;
      if (kept && !same(kept, was)) clash = true;
      if (mineEntry && !same(mineEntry, was)) merged.set(key, mineEntry);
      continue;
    }
    const part = rebaseValue(was, mineEntry, storedEntry);
    merged.set(key, part.value);
    clash ||= part.clash;
  }
  const common = new Set(base.map((entry) => entry.key).filter((key) => mineBy.has(key)));
  const mineReordered = !same(orderOf(mine, common), orderOf(base, common));
  const [lead, other] = mineReordered ? [mine, stored] : [stored, mine];
  const order = lead.map((entry) => entry.key).filter((key) => merged.has(key));
  other.forEach((entry, index) => {
    if (!merged.has(entry.key) || order.includes(entry.key)) return;
    const before = other.slice(0, index).reverse().find((earlier) => order.includes(earlier.key));
    order.splice(before ? order.indexOf(before.key) + 1 : 0, 0, entry.key);
  });
  return { value: order.map((key) => merged.get(key)), clash };
}

/**
 * A refused edit (409: someone saved in between) carried onto the stored state: every field the
 * person changed since the form opened (`base`) keeps their input, every other field takes the
 * stored value, so neither their typing nor the other person's change is lost: texts per language,
 * lists of entries by their keys, lists of entries without keys of unchanged length per position. `clashes` names the fields both changed
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
