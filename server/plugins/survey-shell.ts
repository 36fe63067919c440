import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { fromRoot } from '../../db/root.ts';
import { htmlLang, LANGUAGES, pickLanguage, textDirection, type Language } from '../../shared/languages.ts';

/**
 * The page for a survey link (/p/:slug/umfrage) is the app shell plus hints that let a phone
 * start everything the first survey page needs as soon as the HTML is there: the survey's
 * code and styles, the pages that follow the privacy notice, the chosen language's words and
 * the survey's JSON. Without them each waited for the one before (page → entry → survey →
 * JSON → language → pages); on a link with a 2 s round trip that chain alone took 10 s.
 * The chunk names come from the build's manifest (dist/client/.vite/manifest.json).
 */

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

/** The survey's start screen is part of the entry (client/main.tsx); what the entry imports at run time for it (the question pages, not a language or another area) is preloaded. */
const QUESTION_PAGES = 'survey/SurveyPages.tsx';
/** A language's survey words (client/survey/messages.ts, a JSON file of its own), as the manifest names it (relative to the client root). */
const surveyWords = (language: Language) => `../shared/i18n/survey/${language}.json`;
const SLUG = /^[a-z0-9-]+$/;

/** Every chunk a module needs before it runs (itself and its static imports), without the entry the page loads anyway. */
function chunksOf(manifest: Manifest, keys: string[]): { scripts: string[]; styles: string[] } {
  const seen = new Set<string>();
  const scripts: string[] = [];
  const styles: string[] = [];
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key) || chunk.isEntry) return;
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
    scripts.push(chunk.file);
    for (const css of chunk.css ?? []) if (!styles.includes(css)) styles.push(css);
  };
  for (const key of keys) visit(key);
  return { scripts, styles };
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The German notice without JavaScript as client/index.html has it: one paragraph in the `.no-script` block. */
const NO_SCRIPT_GERMAN = /<div class="no-script"><p lang="de" dir="ltr">[^<]*<\/p>/;

/**
 * What a phone without JavaScript shows (`noScript`, shared/i18n/public/): in the survey link's
 * language, then in German, each paragraph marked with its own language and direction, so an
 * Arabic page reads right to left and a screen reader reads the German as German.
 */
function noScriptNotice(language: Language): string {
  const words = (of: Language) => (JSON.parse(readFileSync(fromRoot('shared', 'i18n', 'public', `${of}.json`), 'utf8')) as { noScript: string }).noScript;
  const paragraph = (of: Language) => `<p lang="${htmlLang(of)}" dir="${textDirection(of)}">${escapeAttribute(words(of))}</p>`;
  return `<div class="no-script">${language === 'de' ? '' : paragraph(language)}${paragraph('de')}`;
}

/** Builds the survey page's HTML for a slug and language, or null when the build has no manifest. */
export function surveyShell(clientDir: string): ((slug: string, language: Language) => string) | null {
  const manifestPath = join(clientDir, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const html = readFileSync(join(clientDir, 'index.html'), 'utf8');
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  const pages = [...new Set(Object.values(manifest).flatMap((chunk) => chunk.dynamicImports ?? []))].filter((key) => key === QUESTION_PAGES || manifest[key]?.file.includes('survey-pages'));
  if (!entry || pages.length === 0 || !html.includes('</head>')) return null;
  const { scripts, styles } = chunksOf(manifest, pages);
  const noScript = Object.fromEntries(LANGUAGES.map((language) => [language, noScriptNotice(language)])) as Record<Language, string>;
  const common = [
    ...styles.map((file) => `<link rel="stylesheet" href="/${escapeAttribute(file)}" />`),
    ...scripts.map((file) => `<link rel="modulepreload" href="/${escapeAttribute(file)}" />`),
  ];
  return (slug, language) => {
    const words = language !== 'de' ? manifest[surveyWords(language)] : undefined;
    const hints = [
      // The same request (address, mode cors, credentials same-origin) as the first script's
      // fetch (client/survey/prefetch.ts), which takes it up.
      `<link rel="preload" as="fetch" crossorigin href="/api/processes/${escapeAttribute(slug)}/survey?lang=${language}" />`,
      ...common,
      // A language's words are a JSON file that client/i18n/translate.ts fetches the same way (mode cors, credentials same-origin).
      ...(words ? [`<link rel="preload" as="fetch" crossorigin href="/${escapeAttribute(words.file)}" />`] : []),
    ];
    // The page starts in the language and direction it will show, so an Arabic page does not paint left to right first and then flip.
    return html
      .replace(/<html lang="[^"]*" dir="[^"]*">/, `<html lang="${htmlLang(language)}" dir="${textDirection(language)}">`)
      .replace('</head>', `    ${hints.join('\n    ')}\n  </head>`)
      .replace(NO_SCRIPT_GERMAN, () => noScript[language]);
  };
}

/**
 * The language the phone will ask for, as client/i18n/translate.ts `chooseLanguage` picks it:
 * `?lang=`, else the browser's preferences. (A language the resident chose earlier on this
 * device is not known here; such a phone asks for its own and leaves the hint unused.)
 */
function languageOf(query: unknown, acceptLanguage: string | undefined): Language {
  if (typeof query === 'string' && (LANGUAGES as readonly string[]).includes(query)) return query as Language;
  const preferences = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.split(';')[0]!.trim())
    .filter(Boolean);
  return pickLanguage(preferences);
}

/** GET /p/:slug/umfrage with the hints; a slug that cannot be one gets the plain shell from the not-found handler. */
export function registerSurveyShell(app: FastifyInstance, clientDir: string): void {
  const shell = surveyShell(clientDir);
  if (!shell) return;
  app.get<{ Params: { slug: string }; Querystring: { lang?: unknown } }>('/p/:slug/umfrage', { schema: { hide: true }, compress: { threshold: 0 } }, (request, reply) => {
    const { slug } = request.params;
    if (!SLUG.test(slug)) return reply.callNotFound();
    const language = languageOf(request.query.lang, request.headers['accept-language']);
    // Compressed however small (the static shell is too, from its .br copy); it differs by the browser's languages.
    return reply.header('cache-control', 'no-cache').header('vary', 'accept-language').type('text/html; charset=utf-8').send(shell(slug, language));
  });
}
