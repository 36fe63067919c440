import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillPlaceholders, flattenCatalog, placeholdersOf, type FlatCatalog } from '../../shared/i18n/catalog.ts';
import { LANGUAGES, TRANSLATION_STATUSES } from '../../shared/languages.ts';

/**
 * Every catalog a translator edits (shared/i18n/<area>/<language>.json) against German, its
 * reference: each failure names the area, the language and the keys, so the translator knows
 * which lines to add or remove. Which languages an area speaks says status.json (residents'
 * areas every language, staff areas German and English). `npm run i18n:check` runs this file alone.
 */

const ROOT = resolve(import.meta.dirname, '..', '..', 'shared', 'i18n');
const AREAS = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

interface Group {
  areas: string[];
  languages: Record<string, unknown>;
}
const STATUS = JSON.parse(readFileSync(join(ROOT, 'status.json'), 'utf8')) as Record<string, Group>;
const GROUPS = Object.entries(STATUS);
const languagesOf = (area: string): string[] => Object.keys(GROUPS.find(([, group]) => group.areas?.includes(area))?.[1].languages ?? {});

/** CLDR plural categories; messages `x.one` and `x.other` make a plural group `x` (shared/i18n/plural.ts). */
const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** The forms a plural group has in the language: its CLDR categories, in PLURAL_FORMS' order. */
const formsOf = (language: string) => {
  const categories: readonly string[] = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  return PLURAL_FORMS.filter((form) => categories.includes(form));
};

/** Parameters that carry a count, so that a sentence putting one next to a noun or a verb needs plural forms. */
const COUNTS = ['n', 'count', 'max', 'seconds', 'minutes', 'hours', 'days', 'threshold', 'base', 'places', 'total', 'rate', 'factor', 'voices', 'responses', 'contributions'];

/**
 * Residents' messages with a count that are no plural group, and why: the number is a position
 * or a bound ("Seite {n} von {total}", "von {min} bis {max}") or stands alone ("< {threshold}"),
 * so no word agrees with it. The last ones do need forms and are not done yet (see the README).
 */
const NOT_PLURAL: Record<string, readonly string[]> = {
  survey: ['progress', 'rankingHint', 'rankingMoved', 'errNumberRange', 'scaleOf'],
  public: [
    'currentPhase',
    'phase',
    'resSample',
    'resBelow',
    'resSecondaryReason',
    'resNoAnswerHint',
    'resStepsWithheld',
    'sumScaleRange',
    'sumStadtteilTop',
    'takenUpContributions',
    'receiptVoice',
    // The count stands apart in brackets after the words: "Alle Fragen im Überblick (20)".
    'resultsQuestionIndex',
    // Still to do: three counts in one sentence; a count the change log keeps as text.
    'resultsParticipationNote',
    'linkCount',
  ],
  paper: ['questionnaire.rankAtMost', 'questionnaire.numberRange', 'questionnaire.conditionChosen', 'questionnaire.conditionNotChosen', 'questionnaire.conditionAnswered', 'questionnaire.conditionNotAnswered', 'questionnaire.skipTo'],
};

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

/** The plural groups of a catalog: `x` for every `x.one` beside an `x.other` (a lone `labels.other` is a word). */
const pluralGroups = (messages: FlatCatalog) =>
  Object.keys(messages)
    .filter((key) => key.endsWith('.other') && `${key.slice(0, -'.other'.length)}.one` in messages)
    .map((key) => key.slice(0, -'.other'.length));

it('has the areas the client and the seed read, each in one group of status.json', () => {
  expect(AREAS.sort()).toEqual(['admin', 'default-process', 'moderation', 'new-process', 'paper', 'public', 'receipt-card', 'results', 'staff', 'stall', 'survey']);
  expect(GROUPS.flatMap(([, group]) => group.areas).sort()).toEqual(AREAS);
});

describe.each(AREAS)('%s', (area) => {
  const german = load(area, 'de').messages;
  const germanPlurals = pluralGroups(german);
  const languages = languagesOf(area);

  it('holds a file for every language of its group and none for another', () => {
    const files = readdirSync(join(ROOT, area)).sort();
    expect(files).toEqual(languages.map((language) => `${language}.json`).sort());
  });

  describe.each(languages.filter((language) => existsSync(join(ROOT, area, `${language}.json`))))('%s.json', (language) => {
    const { messages, notText } = load(area, language);
    /** A language may need plural forms German has not (Polish "few"), never others. */
    const extraFormAllowed = (key: string) => {
      const dot = key.lastIndexOf('.');
      return PLURAL_FORMS.includes(key.slice(dot + 1)) && germanPlurals.includes(key.slice(0, dot));
    };

    it('has every key of de.json and no other', () => {
      const needed: readonly string[] = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      /** German's "one" is no key a language without that form must have. */
      const unneededForm = (key: string) => extraFormAllowed(key) && !needed.includes(key.slice(key.lastIndexOf('.') + 1));
      const missing = Object.keys(german).filter((key) => !(key in messages) && !unneededForm(key));
      const unknown = Object.keys(messages).filter((key) => !(key in german) && !extraFormAllowed(key));
      expect({ missing, unknown }, `shared/i18n/${area}/${language}.json`).toEqual({ missing: [], unknown: [] });
    });

    it('has in every plural group exactly the forms its language has (Intl.PluralRules)', () => {
      const needed = formsOf(language);
      const groups = [...new Set([...germanPlurals, ...pluralGroups(messages)])];
      const missing = groups.flatMap((group) => needed.filter((form) => !(`${group}.${form}` in messages)).map((form) => `${group}.${form}`));
      const unneeded = groups.flatMap((group) => PLURAL_FORMS.filter((form) => !needed.includes(form) && `${group}.${form}` in messages).map((form) => `${group}.${form}`));
      expect({ missing, unneeded }, `shared/i18n/${area}/${language}.json: forms ${needed.join(', ')}`).toEqual({ missing: [], unneeded: [] });
    });

    it('holds only texts, none of them empty', () => {
      const empty = Object.keys(messages).filter((key) => messages[key]!.trim() === '');
      expect({ notText, empty }, `shared/i18n/${area}/${language}.json`).toEqual({ notText: [], empty: [] });
    });

    it('never lets a line break part a number from its percent sign (a no-break space or none)', () => {
      const breakable = Object.keys(messages).filter((key) => /\} [%٪]/.test(messages[key]!));
      expect(breakable, `shared/i18n/${area}/${language}.json`).toEqual([]);
    });

    it('uses the same {placeholders} as German in every message', () => {
      const reference = (key: string) => german[key] ?? german[`${key.slice(0, key.lastIndexOf('.'))}.other`];
      /** A zero, one or two form may say its count in words ("ثانية واحدة", "ثانيتان") instead of the count's placeholder. */
      const countInWords = (key: string, own: string[], theirs: string[]) =>
        extraFormAllowed(key) &&
        ['zero', 'one', 'two'].includes(key.slice(key.lastIndexOf('.') + 1)) &&
        theirs.filter((name) => !own.includes(name)).length === 1 &&
        theirs.some((name) => !own.includes(name) && COUNTS.includes(name)) &&
        own.every((name) => theirs.includes(name));
      const differing = Object.keys(messages)
        .filter((key) => reference(key) !== undefined && placeholdersOf(messages[key]!).join() !== placeholdersOf(reference(key)!).join())
        .filter((key) => !countInWords(key, placeholdersOf(messages[key]!), placeholdersOf(reference(key)!)))
        .map((key) => `${key}: ${placeholdersOf(messages[key]!).map((name) => `{${name}}`).join(' ') || 'none'} instead of ${placeholdersOf(reference(key)!).map((name) => `{${name}}`).join(' ')}`);
      expect(differing, `shared/i18n/${area}/${language}.json`).toEqual([]);
    });
  });
});

describe.each(STATUS.residents!.areas)('residents\' area %s', (area) => {
  it('puts a count into a sentence only as a plural group, so that "1 Punkte" and "2 ثانية" cannot happen', () => {
    const german = load(area, 'de').messages;
    const plural = new Set(pluralGroups(german));
    const allowed = NOT_PLURAL[area] ?? [];
    const counting = Object.keys(german).filter((key) => {
      const group = PLURAL_FORMS.includes(key.slice(key.lastIndexOf('.') + 1)) && plural.has(key.slice(0, key.lastIndexOf('.')));
      return !group && !allowed.includes(key) && placeholdersOf(german[key]!).some((name) => COUNTS.includes(name));
    });
    expect(counting, `shared/i18n/${area}/de.json: make these plural groups (x.one, x.other), or say in NOT_PLURAL why no word agrees with the number`).toEqual([]);
  });

  it('names in NOT_PLURAL only messages it has', () => {
    const german = load(area, 'de').messages;
    expect((NOT_PLURAL[area] ?? []).filter((key) => !(key in german))).toEqual([]);
  });
});

describe.each(STATUS.staff!.areas)('staff area %s', (area) => {
  /** Every module a staff message can be looked up from. */
  const code = ['client', 'shared']
    .flatMap((dir) => readdirSync(join(ROOT, '..', '..', dir), { recursive: true, encoding: 'utf8' }).filter((name) => /\.tsx?$/.test(name)).map((name) => join(ROOT, '..', '..', dir, name)))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');

  it('has no message that no page looks up (the labels of channels, kinds and languages are looked up by their key)', () => {
    const german = load(area, 'de').messages;
    const plural = new Set(pluralGroups(german));
    const unused = Object.keys(german).filter((key) => {
      const base = key.slice(0, key.lastIndexOf('.'));
      return !code.includes(`'${key}'`) && !(plural.has(base) && code.includes(`'${base}'`)) && !key.startsWith('label.');
    });
    expect(unused, `shared/i18n/${area}/de.json`).toEqual([]);
  });
});

/**
 * The one word each language has for a field of action („Handlungsfeld“) on the residents' pages:
 * a resident follows it from the process page through the receipt to the measures page, and a
 * second word there reads as something else („Сфери діяльності“ on the receipt, „Сфера дій“ in
 * the measures' filter).
 */
const FIELD_OF_ACTION: Record<string, RegExp> = {
  de: /Handlungsfeld/,
  'de-easy': /Them(a|en)/,
  en: /fields? of action/i,
  tr: /eylem alan/i,
  uk: /сфер\p{L}* діяльності/iu,
  ar: /مجال/,
  pl: /obszar/i,
  it: /ambit[oi] d’intervento/i,
  ru: /сфер\p{L}* деятельности/iu,
};
/** Messages that say what the German one says without naming the field of action, and why. */
const FIELD_OF_ACTION_UNNAMED: Record<string, string[]> = {
  // Leichte Sprache asks "Wer macht es? Was ist beschlossen?" without the word.
  'de-easy': ['measuresIntro'],
};

describe("the public pages' word for a field of action", () => {
  const german = load('public', 'de').messages;
  const naming = Object.keys(german).filter((key) => german[key]!.includes('Handlungsfeld'));
  it.each(Object.keys(FIELD_OF_ACTION))('is one word in %s wherever German says „Handlungsfeld“', (language) => {
    const { messages } = load('public', language);
    const other = naming.filter((key) => !FIELD_OF_ACTION_UNNAMED[language]?.includes(key) && !FIELD_OF_ACTION[language]!.test(messages[key]!));
    expect(
      other.map((key) => `${key}: ${messages[key]}`),
      `shared/i18n/public/${language}.json`,
    ).toEqual([]);
  });
});

// The pages write Latin digits in Arabic (`ar-u-nu-latn`), and the Arabic catalogs write a per cent „40 %“ beside them; the
// Arabic sign ٪ goes with Arabic-Indic digits. The receipt page once said „أُنجز 40٪“ of the measure the measures page calls „التقدم: 40 %“.
describe('per cent in Arabic', () => {
  it.each(AREAS.filter((area) => languagesOf(area).includes('ar')))('writes a per cent in the %s area with the Latin sign beside Latin digits, never with ٪', (area) => {
    const { messages } = load(area, 'ar');
    const arabicSign = Object.keys(messages).filter((key) => messages[key]!.includes('٪'));
    expect(
      arabicSign.map((key) => `${key}: ${messages[key]}`),
      `shared/i18n/${area}/ar.json`,
    ).toEqual([]);
  });
});

describe('status.json', () => {
  it('says for every language of each group, and no other, whether a person has checked it', () => {
    expect(Object.keys(STATUS.residents!.languages).sort()).toEqual([...LANGUAGES].sort());
    for (const [name, group] of GROUPS) {
      const unknown = Object.keys(group.languages).filter((language) => !(LANGUAGES as readonly string[]).includes(language));
      const invalid = Object.entries(group.languages).filter(([, value]) => !(TRANSLATION_STATUSES as readonly unknown[]).includes(value));
      expect({ unknown, invalid }, `${name}: statuses are ${TRANSLATION_STATUSES.join(' or ')}`).toEqual({ unknown: [], invalid: [] });
    }
  });

  it('counts German, the reference every catalog is checked against, as reviewed', () => {
    for (const [, group] of GROUPS) expect(group.languages.de).toBe('reviewed');
  });
});

describe('fillPlaceholders', () => {
  it('fills each placeholder, and one left out reads empty', () => {
    expect(fillPlaceholders('{a} von {b}{c}', { a: 3, b: 'fünf' })).toBe('3 von fünf');
  });

  it('gives a date that ends with a period one period at the end of a sentence, not two', () => {
    const day = new Intl.DateTimeFormat('uk', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(Date.UTC(2026, 10, 24, 12)));
    expect(day.endsWith('.')).toBe(true);
    expect(fillPlaceholders('Рішення ухвалено {day}.', { day })).toBe(`Рішення ухвалено ${day}`);
    expect(fillPlaceholders('Entschieden am {day}.', { day: '24. November 2026' })).toBe('Entschieden am 24. November 2026.');
    // Only where the sentence ends right after it: inside a sentence the abbreviation keeps its period.
    expect(fillPlaceholders('{day}, Markt', { day })).toBe(`${day}, Markt`);
  });
});
