/**
 * The catalogs' German and Leichte Sprache words carry soft hyphens (U+00AD) where a long word
 * may break on a narrow phone with large text („Handlungs­feld“; Chromium has no hyphenation
 * dictionaries, so `hyphens: auto` does nothing there). On screen a soft hyphen shows only at a
 * break; text that leaves the page's flow (the tab's title, the Atom feed) is written without them.
 */
export const withoutSoftHyphens = (text: string): string => text.replace(/\u00ad/g, '');
