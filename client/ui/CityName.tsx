import { fallbackAttributes, localize, type Language, type LocalizedText } from '../../shared/languages.ts';

/**
 * The city's name inside a sentence in `language`: its own name there, else the German one,
 * marked German (`lang="de"`, left to right), so a screen reader speaks it as German. Either way
 * it is isolated (`<bdi>`), so a Latin name keeps the order of a right-to-left sentence around it.
 * Light enough for the survey's first page (no signals, no zod).
 */
export function CityName({ city, language }: { city: LocalizedText; language: Language }) {
  return <InText text={city} language={language} />;
}

/** Any text of a process (its title, a phase's) inside a sentence in `language`, as `CityName` puts the city's name. */
export function InText({ text, language }: { text: LocalizedText; language: Language }) {
  return <bdi {...fallbackAttributes(text, language)}>{localize(text, language)}</bdi>;
}
