/** Survey and UI languages, in the order the language switcher shows them. */
export const LANGUAGES = ['de', 'de-easy', 'en', 'tr', 'uk', 'ar', 'pl', 'it', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'de';
export const RTL_LANGUAGES: readonly Language[] = ['ar'];

/** Each language's own name, as a speaker of it would look for it. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  de: 'Deutsch',
  'de-easy': 'Leichte Sprache',
  en: 'English',
  tr: 'Türkçe',
  uk: 'Українська',
  ar: 'العربية',
  pl: 'Polski',
  it: 'Italiano',
  ru: 'Русский',
};

/** `machine`: machine translated, nobody has checked it yet; `reviewed`: checked by a person. */
export const TRANSLATION_STATUSES = ['machine', 'reviewed'] as const;
export type TranslationStatus = (typeof TRANSLATION_STATUSES)[number];

/** BCP 47 tag for the `lang` attribute (Leichte Sprache is German). */
export function htmlLang(language: Language): string {
  return language === 'de-easy' ? 'de' : language;
}

export function textDirection(language: Language): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.includes(language) ? 'rtl' : 'ltr';
}

/**
 * A text residents read, keyed by language. German is required and is the
 * fallback for every language that has no text of its own (schema: `localizedTextSchema` in
 * languages.schema.ts, kept apart so that pages which only translate do not load zod).
 */
export type LocalizedText = { de: string } & Partial<Record<Language, string>>;

export function localize(text: LocalizedText, language: Language): string {
  return text[language] ?? text.de;
}

/**
 * `lang` and `dir` for an element showing `text` in `language`: when the text falls back to
 * German, a screen reader speaks it as German and, in a right-to-left page, its full stop or
 * question mark stays at its end.
 */
export function fallbackAttributes(text: LocalizedText | undefined, language: Language): { lang?: 'de'; dir?: 'ltr' } {
  return text && language !== 'de' && text[language] === undefined ? { lang: 'de', dir: 'ltr' } : {};
}

/**
 * Whether `text` shows in German on a page in `language` for want of a translation, where a
 * resident may not read German (not in German or Leichte Sprache); an empty German text shows
 * nothing. The public pages say so in words (`germanOnlyTexts`, `inGerman`).
 */
export function germanOnly(text: LocalizedText, language: Language): boolean {
  return language !== 'de' && language !== 'de-easy' && text.de.trim() !== '' && !text[language];
}

/** Pick the best supported language from a browser's preference list. */
export function pickLanguage(preferences: readonly string[], supported: readonly Language[] = LANGUAGES): Language {
  for (const pref of preferences) {
    const lower = pref.toLowerCase();
    const exact = supported.find((code) => code === lower);
    if (exact) return exact;
    const base = lower.split('-')[0];
    const byBase = supported.find((code) => code === base);
    if (byBase) return byBase;
  }
  return DEFAULT_LANGUAGE;
}
