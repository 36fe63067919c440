import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

/**
 * The staff areas' words live in catalogs (shared/i18n/<area>/<language>.json); a German text
 * written into a staff component would stay German for English-speaking staff. This test reads
 * every staff module with the TypeScript parser and names each text a user could see that is
 * not a catalog lookup:
 * - a JSX text with a letter in it (`<h1>Moderation</h1>`), except key names in <kbd> and code in <code>;
 * - a string attribute of a component or element that is not a technical one (`title="Marktstand"`,
 *   `aria-label="Filter"`, `legend="Art"`);
 * - a string or template literal that reads German (umlauts, „quotes“, German function words),
 *   except a process's German content (`{ de: 'Befragung' }`) and messages for the console.
 */

const ROOT = resolve(import.meta.dirname, '..', '..');
const STAFF_DIRS = ['client/stall', 'client/results', 'client/admin', 'client/ui', 'client/charts'];
const STAFF_FILES = ['client/pages/LoginPage.tsx', 'client/i18n/staff.ts'];

/** Attributes that carry code, not words. */
const TECHNICAL = new Set([
  'class', 'className', 'id', 'type', 'href', 'name', 'for', 'autoComplete', 'role', 'lang', 'dir', 'key', 'inputMode', 'pattern', 'accept',
  'rel', 'target', 'method', 'autoCapitalize', 'src', 'd', 'viewBox', 'fill', 'stroke', 'xmlns', 'enterKeyHint', 'loading',
  'scope', 'value', 'defaultValue', 'unit', 'shape-rendering', 'data-testid', 'aria-live', 'aria-hidden', 'aria-current', 'aria-describedby',
  'aria-labelledby', 'aria-controls', 'aria-sort', 'aria-invalid', 'aria-haspopup', 'aria-expanded', 'aria-atomic', 'aria-keyshortcuts',
  'translate', 'spellcheck', 'current', 'focusable', 'text-anchor', 'dominant-baseline', 'path', 'labelledBy', 'idPrefix',
]);
/** JSX texts and attributes that read the same in every language: the product's name and abbreviations such as PDF or CSV. */
const SAME_IN_EVERY_LANGUAGE = /^(Mitreden|[A-Z][A-Z0-9]+)$/;
/** Texts that are data in a fixed German format, not UI words: the population import's sample file. */
const DATA = new Set(['client/admin/PopulationPage.tsx EXAMPLE']);
const GERMAN = /[äöüßÄÖÜ„“]|\b(der|die|das|und|nicht|ist|Sie|wird|werden|für|mit|von|ein|eine|keine|kein|noch|oder|auf|zu|im|am|bei|nach|aus|alle|den|dem|des|bitte)\b/i;

function staffModules(): string[] {
  const files = STAFF_DIRS.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.tsx?$/.test(name))
      .map((name) => join(dir, name)),
  );
  return [...files, ...STAFF_FILES].sort();
}

function hardCodedTexts(file: string, text = readFileSync(join(ROOT, file), 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, words: string) => found.push(`${relative(ROOT, join(ROOT, file))}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${JSON.stringify(words.trim())}`);
  const insideTag = (node: ts.Node, tags: string[]) => {
    const parent = node.parent;
    return ts.isJsxElement(parent) && tags.includes(parent.openingElement.tagName.getText());
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isCallExpression(node) && /^console\./.test(node.expression.getText())) return;
    // A process's or survey's German content, edited by admins: not the UI's words.
    if (ts.isPropertyAssignment(node) && node.name.getText() === 'de') return;
    if (ts.isVariableDeclaration(node) && DATA.has(`${file} ${node.name.getText()}`)) return;
    if (ts.isJsxText(node)) {
      if (/\p{L}/u.test(node.text.replace(/&(lt|gt|amp|nbsp);/g, '')) && !insideTag(node, ['kbd', 'code']) && !SAME_IN_EVERY_LANGUAGE.test(node.text.trim())) report(node, node.text);
      return;
    }
    if (ts.isJsxAttribute(node)) {
      const init = node.initializer;
      if (init && ts.isStringLiteral(init)) {
        if (!TECHNICAL.has(node.name.getText()) && /\p{L}/u.test(init.text) && !SAME_IN_EVERY_LANGUAGE.test(init.text)) report(init, `${node.name.getText()}="${init.text}"`);
        return;
      }
    }
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) && GERMAN.test(node.text)) {
      report(node, node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

it('finds the staff modules', () => {
  expect(staffModules().length).toBeGreaterThan(40);
});

it('has no hard-coded UI text in a staff module: every word comes from a catalog', () => {
  const found = staffModules().flatMap((file) => hardCodedTexts(file));
  expect(found, 'move these into shared/i18n/<area>/de.json (and en.json) and look them up with t()').toEqual([]);
}, 60_000);

it('notices each kind of hard-coded text, and lets catalog lookups, code and German content pass', () => {
  const probe = [
    "const a = <h1>Moderation</h1>;",
    "const b = <Layout title=\"Marktstand\" />;",
    "const c = setError(`Nicht gespeichert. ${reason}`);",
    "const d = <p class=\"hint\" id=\"x\">{t('stall.saved')}</p>;",
    "const e = { title: { de: 'Befragung für alle' } };",
    "const f = <p><kbd>Enter</kbd></p>;",
  ].join('\n');
  expect(hardCodedTexts('client/stall/Probe.tsx', probe)).toEqual([
    'client/stall/Probe.tsx:1 "Moderation"',
    'client/stall/Probe.tsx:2 "title=\\"Marktstand\\""',
    'client/stall/Probe.tsx:3 "Nicht gespeichert."',
  ]);
});
