import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flattenCatalog, placeholdersOf, type FlatCatalog } from '../../shared/i18n/catalog.ts';
import { LANGUAGES, TRANSLATION_STATUSES } from '../../shared/languages.ts';

/**
 * Every catalog a translator edits (shared/i18n/<area>/<language>.json) against German, its
 * reference: each failure names the area, the language and the keys, so the translator knows
 * which lines to add or remove. `npm run i18n:check` runs this file alone.
 */

const ROOT = resolve(import.meta.dirname, '..', '..', 'shared', 'i18n');
const AREAS = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** The file's messages with dotted keys, and every leaf that is not a text (a number, a list, null). */
function load(area: string, language: string): { messages: FlatCatalog; notText: string[] } {
  const raw: unknown = JSON.parse(readFileSync(join(ROOT, area, `${language}.json`), 'utf8'));
  const notText: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') return;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    } else notText.push(path);
  };
  walk(raw, '');
  return { messages: flattenCatalog(raw), notText };
}

it('has the areas the client and the seed read', () => {
  expect(AREAS.sort()).toEqual(['default-process', 'paper', 'public', 'survey']);
});

describe.each(AREAS)('%s', (area) => {
  const german = load(area, 'de').messages;

  it('holds a file for every language and none for another', () => {
    const files = readdirSync(join(ROOT, area)).sort();
    expect(files).toEqual(LANGUAGES.map((language) => `${language}.json`).sort());
  });

  describe.each(LANGUAGES.filter((language) => existsSync(join(ROOT, area, `${language}.json`))))('%s.json', (language) => {
    const { messages, notText } = load(area, language);

    it('has every key of de.json and no other', () => {
      const missing = Object.keys(german).filter((key) => !(key in messages));
      const unknown = Object.keys(messages).filter((key) => !(key in german));
      expect({ missing, unknown }, `shared/i18n/${area}/${language}.json`).toEqual({ missing: [], unknown: [] });
    });

    it('holds only texts, none of them empty', () => {
      const empty = Object.keys(messages).filter((key) => messages[key]!.trim() === '');
      expect({ notText, empty }, `shared/i18n/${area}/${language}.json`).toEqual({ notText: [], empty: [] });
    });

    it('uses the same {placeholders} as German in every message', () => {
      const differing = Object.keys(messages)
        .filter((key) => key in german && placeholdersOf(messages[key]!).join() !== placeholdersOf(german[key]!).join())
        .map((key) => `${key}: ${placeholdersOf(messages[key]!).map((name) => `{${name}}`).join(' ') || 'none'} instead of ${placeholdersOf(german[key]!).map((name) => `{${name}}`).join(' ')}`);
      expect(differing, `shared/i18n/${area}/${language}.json`).toEqual([]);
    });
  });
});

describe('status.json', () => {
  const status = JSON.parse(readFileSync(join(ROOT, 'status.json'), 'utf8')) as Record<string, unknown>;

  it('says for every language, and no other, whether a person has checked it', () => {
    expect(Object.keys(status).sort()).toEqual([...LANGUAGES].sort());
    const invalid = Object.entries(status).filter(([, value]) => !(TRANSLATION_STATUSES as readonly unknown[]).includes(value));
    expect(invalid, `statuses are ${TRANSLATION_STATUSES.join(' or ')}`).toEqual([]);
  });

  it('counts German, the reference every catalog is checked against, as reviewed', () => {
    expect(status.de).toBe('reviewed');
  });
});
