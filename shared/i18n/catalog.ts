/**
 * The catalogs' rules both sides share. A catalog is one language's JSON file of one area
 * (shared/i18n/<area>/<language>.json, see the README beside it): an object whose leaves are
 * messages, nested or flat; a message names its parameters in braces (`Seite {n} von {total}`).
 */

/** A catalog with its nesting written as dotted keys: `{ survey: { title: … } }` → `survey.title`. */
export type FlatCatalog = Record<string, string>;

/** `{name}` in a message: filled from the lookup's parameters. */
export const PLACEHOLDER = /\{(\w+)\}/g;

export function flattenCatalog(catalog: unknown, prefix = ''): FlatCatalog {
  const flat: FlatCatalog = {};
  if (typeof catalog !== 'object' || catalog === null) return flat;
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat[path] = value;
    else Object.assign(flat, flattenCatalog(value, path));
  }
  return flat;
}

/** The parameter names a message uses, sorted and each once. */
export function placeholdersOf(message: string): string[] {
  return [...new Set([...message.matchAll(PLACEHOLDER)].map((match) => match[1]!))].sort();
}

/**
 * The message with its placeholders filled; a parameter the caller did not give reads empty. A
 * value that ends with a period where the message ends its sentence right after it (a Ukrainian or
 * Russian date, "24 листопада 2026 р.", before "{day}.") gives one period, not two.
 */
export function fillPlaceholders(message: string, params: Record<string, string | number>): string {
  return message.replace(PLACEHOLDER, (match: string, name: string, offset: number) => {
    const value = String(params[name] ?? '');
    return value.endsWith('.') && message[offset + match.length] === '.' ? value.slice(0, -1) : value;
  });
}
