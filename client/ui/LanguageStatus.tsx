import { LANGUAGE_NAMES, type Language } from '../../shared/languages.ts';

/**
 * Where a residents' page says, in the language it speaks, that the language picked in its switch
 * could not load (offline before its words arrived; `lazyCatalog`'s `load` says false), so the
 * page keeps its words and its `lang` rather than claim a language it does not speak. The region is
 * always on the page, so screen readers announce the message when it appears. `message` is the
 * area's `languageUnreachable` with `{language}`, given the picked language's own name.
 */
export function LanguageStatus({ unreachable, message }: { unreachable: Language | null; message: (language: string) => string }) {
  return <div role="status">{unreachable && <p class="notice warn">{message(LANGUAGE_NAMES[unreachable])}</p>}</div>;
}
